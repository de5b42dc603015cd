"""Store speed: load 10,000 tasks + 2,000 experiments, and save one task.

Prints medians of several runs beside floors measured in the same run:
- load (cold: no cache; warm: cache present) vs reading the same bytes with no parsing,
  and the warm load vs a bare stat of every file (what it cannot beat: every load checks
  every file's mtime, size and inode, so an edit by hand or by `git pull` is re-read);
- one task save vs a bare atomic write of the same bytes.
Targets: warm load under 150 ms; one save within 3x the bare atomic write.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from credo.domain.models import Experiment, Task
from credo.store import Store
from credo.store.files import atomic_write, dump_model
from credo.store.ids import new_id

TASKS, EXPERIMENTS, RUNS = 10_000, 2_000, 7


def fill(root: Path) -> Store:
    store, _ = Store.init(root)
    for i in range(TASKS):
        task = Task(
            id=new_id(),
            title=f"Task number {i} about the validation split",
            notes="Some notes\n\nwith two paragraphs" if i % 3 == 0 else "",
            important=i % 2 == 0,
            urgent=i % 3 == 0,
            tags=["data", "eval"][: i % 3],
            order=float(i),
        )
        atomic_path = store.credo_dir / "tasks" / f"{task.id}.toml"
        atomic_path.write_bytes(dump_model(task))
    for i in range(EXPERIMENTS):
        exp = Experiment(
            id=new_id(),
            hypothesis=f"Char 3-grams beat words on domain {i}",
            timebox=timedelta(minutes=25),
            learning="It did not." if i % 2 else "",
        )
        (store.credo_dir / "experiments" / f"{exp.id}.toml").write_bytes(dump_model(exp))
    return store


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def drop_cache(store: Store) -> None:
    for name in ("tasks.json", "experiments.json"):
        (store.credo_dir / "cache" / name).unlink(missing_ok=True)


def load_all(store: Store) -> tuple[object, ...]:
    """Both kinds, kept alive: freeing 12,000 items is not part of loading them."""
    fresh = Store(store.project_root)
    tasks, experiments = fresh.load(Task), fresh.load(Experiment)
    assert len(tasks.items) == TASKS and len(experiments.items) == EXPERIMENTS
    return tasks, experiments


def read_bytes_only(store: Store) -> None:
    for folder in ("tasks", "experiments"):
        for path in (store.credo_dir / folder).iterdir():
            path.read_bytes()


def stat_only(store: Store) -> None:
    for folder in ("tasks", "experiments"):
        for entry in os.scandir(store.credo_dir / folder):
            entry.stat()


def timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    took = time.perf_counter() - start
    del result  # freed outside the timed span
    return took


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="credo-bench-store-"))
    try:
        print(f"filling a store with {TASKS:,} tasks and {EXPERIMENTS:,} experiments...")
        store = fill(root)
        floor, stats, cold, warm = [], [], [], []
        for _ in range(RUNS):
            floor.append(timed(read_bytes_only, store))
            drop_cache(store)
            cold.append(timed(load_all, store))
            stats.append(timed(stat_only, store))
            warm.append(timed(load_all, store))
        # A fresh process, as `credo ls` starts: warm cache, imports excluded.
        code = (
            "import time, pathlib\n"
            "from credo.store import Store\n"
            "from credo.domain.models import Task, Experiment\n"
            f"s = Store(pathlib.Path({str(root)!r}))\n"
            "t = time.perf_counter(); a = s.load(Task); b = s.load(Experiment)\n"
            "print(time.perf_counter() - t)"
        )
        process_warm = [
            float(
                subprocess.run(
                    [sys.executable, "-c", code], capture_output=True, text=True, check=True
                ).stdout
            )
            for _ in range(RUNS)
        ]

        task = next(iter(Store(root).load(Task).items.values()))
        data = dump_model(task)
        bare_path = root / "bare.toml"
        bare, save = [], []
        for i in range(RUNS * 5):
            bare.append(timed(atomic_write, bare_path, data))
            save.append(
                timed(
                    store.update,
                    Task,
                    task.id,
                    lambda t, i=i: t.model_copy(update={"notes": f"edit {i}"}),
                )
            )

        print(f"median of {RUNS} runs (floor: the same bytes read with no parsing)")
        print(f"  floor read of all files        {median_ms(floor):8.1f} ms")
        print(f"  load, cold (no cache)          {median_ms(cold):8.1f} ms")
        print(f"  floor stat of all files        {median_ms(stats):8.1f} ms")
        print(f"  load, warm (cache)             {median_ms(warm):8.1f} ms   target < 150 ms")
        print(
            f"  load, warm, fresh process      {median_ms(process_warm):8.1f} ms   target < 150 ms"
        )
        ratio = statistics.median(save) / statistics.median(bare)
        print(f"  bare atomic write              {median_ms(bare):8.2f} ms")
        print(
            f"  one task save (lock+re-read)   {median_ms(save):8.2f} ms"
            f"   {ratio:.2f}x bare, target < 3x"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
