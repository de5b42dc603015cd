"""Runs speed: the runs table on 5,000 runs, curves overlaid, and `credo.log_metric`.

Prints medians of several runs beside floors measured in the same run:
- the Runs view's first draw after the board is up (5,000 runs, 20 params and 10
  metrics each), beside a warm `store.load(Run)` (what it cannot beat);
- a sort and a filter of the table, p95 of 20 each;
- one redraw of 5 runs x 10,000 points overlaid, beside plotext drawing one short line;
- `log_metric` of 100,000 scalars from a script, beside the same JSON lines appended to
  a file opened once;
- `import credo` in a fresh interpreter, beside importing a one-line module.
Targets: first draw under 300 ms; sort/filter p95 under 50 ms; overlay redraw under
200 ms; log_metric within 2x of the floor; import credo under 10 ms.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pyc import compiled

from credo.domain.models import Experiment, GitState, Run
from credo.store import Store
from credo.store.files import dump_model
from credo.store.ids import new_id

RUNS, PARAMS, METRICS = 5_000, 20, 10


def fill(root: Path) -> Store:
    root.mkdir()
    store, _ = Store.init(root)
    rng = random.Random(1)
    experiments = []
    for i in range(50):
        exp = Experiment(id=new_id(), hypothesis=f"Sweep {i}", timebox=timedelta(minutes=25))
        (store.credo_dir / "experiments" / f"{exp.id}.toml").write_bytes(dump_model(exp))
        experiments.append(exp.id)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    for i in range(RUNS):
        run = Run(
            id=new_id(),
            experiment=experiments[i % len(experiments)],
            command=["python", "train.py"],
            status="succeeded",
            started=start + timedelta(minutes=i),
            ended=start + timedelta(minutes=i + 3),
            exit_code=0,
            git_start=GitState(sha="1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d", branch="main"),
            params={
                f"p{j}": rng.choice([1e-4, 3e-4, 1e-3, 64, 128, "adamw"]) for j in range(PARAMS)
            },
            metrics={f"m{j}": rng.random() for j in range(METRICS)},
            best={f"m{j}": rng.random() for j in range(METRICS)},
            gate={"passed": True},
            data={"data/train.jsonl": "blake2b:3f9c1a2b size=1200"},
        )
        folder = store.credo_dir / "runs" / run.id
        folder.mkdir()
        (folder / "run.toml").write_bytes(dump_model(run))
    store.load(Run)  # the cache, as after any earlier look
    return store


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1] * 1000


async def table_figures(store: Store, warm: bool) -> tuple[float, float, float]:
    """First draw (ms), sort p95, filter p95. `warm`: the board has settled the runs (it
    does a few seconds after it is up), so the runs are read already."""
    from credo.ui.app import CredoApp
    from credo.ui.screens.board import BoardScreen
    from credo.ui.screens.runs import RunsScreen
    from credo.ui.widgets.runs_table import RunsTable

    app = CredoApp(Store(store.project_root), refresh_seconds=3600)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        if warm:
            assert isinstance(app.screen, BoardScreen)
            app.screen.settle_runs()
            await app.workers.wait_for_complete()
        began = time.perf_counter()
        await pilot.press("r")
        while not (isinstance(app.screen, RunsScreen) and app.screen.query_one(RunsTable).rows):
            await asyncio.sleep(0.001)
        await pilot.pause()  # drawn
        first = time.perf_counter() - began
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        sorts, filters = [], []
        for i in range(20):
            screen.sort_column = f"p{i % PARAMS}" if i % 2 else f"m{i % METRICS}"
            began = time.perf_counter()
            screen.redraw()
            sorts.append(time.perf_counter() - began)
        for i in range(20):
            screen.filter_text = f"m{i % METRICS}>0.{i % 9} p1>=1e-4"
            began = time.perf_counter()
            screen.redraw()
            filters.append(time.perf_counter() - began)
        return first * 1000, p95(sorts), p95(filters)


def overlay_figures() -> tuple[float, float]:
    from textual_plotext.plot import Plot

    from credo.runs.metrics import Series
    from credo.ui.widgets.curves import ChartOptions, Line, points_of

    lines = [
        Line(f"r{k}", Series(curves={"loss": [(float(i), 1 / (i + k + 1)) for i in range(10_000)]}))
        for k in range(5)
    ]
    options = ChartOptions(metric="loss", smoothing=0.9)
    redraws, floors = [], []
    for _ in range(7):
        began = time.perf_counter()
        plot = Plot()
        plot.plotsize(150, 40)
        for line in lines:
            xs, ys = points_of(line, options, 150)
            plot.plot(xs, ys, marker="braille", label=line.label)
        plot.build()
        redraws.append(time.perf_counter() - began)
        began = time.perf_counter()
        floor = Plot()
        floor.plotsize(150, 40)
        floor.plot(list(range(300)), [1 / (i + 1) for i in range(300)], marker="braille")
        floor.build()
        floors.append(time.perf_counter() - began)
    return statistics.median(redraws) * 1000, statistics.median(floors) * 1000


LOGGING = """
import sys, time
path = sys.argv[1]
began = time.perf_counter()
if sys.argv[2] == "credo":
    from credo import log_metric
    for i in range(100_000):
        log_metric(step=i, loss=1.0 / (i + 1))
else:
    import json
    with open(path, "a") as out:
        for i in range(100_000):
            out.write(json.dumps({"step": i, "time": time.time(), "loss": 1.0 / (i + 1)}) + "\\n")
print(time.perf_counter() - began)
"""


def logging_figures(folder: Path) -> tuple[float, float]:
    mine, floor = [], []
    for index in range(3):
        for kind, samples in (("credo", mine), ("floor", floor)):
            path = folder / f"{kind}{index}.jsonl"
            env = {**os.environ, "CREDO_METRICS": str(path)}
            out = subprocess.run(
                [sys.executable, "-c", LOGGING, str(path), kind],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            samples.append(float(out))
            assert len(path.read_text().splitlines()) == 100_000
    return statistics.median(mine) * 1000, statistics.median(floor) * 1000


def import_figures(folder: Path) -> tuple[float, float]:
    """Median ms of `import credo` and of importing a one-line module, each in a fresh
    interpreter (7 of each)."""
    import py_compile

    module = folder / "one_line.py"
    module.write_text("VALUE = 1\n")
    py_compile.compile(str(module))  # read from its .pyc, as credo's is (make bytecode)
    script = (
        "import sys, time\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "began = time.perf_counter()\n"
        "__import__(sys.argv[2])\n"
        "print(time.perf_counter() - began)\n"
    )
    found: dict[str, list[float]] = {"credo": [], "one_line": []}
    for _ in range(7):
        for name, samples in found.items():
            out = subprocess.run(
                [sys.executable, "-c", script, str(folder), name],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            samples.append(float(out))
    return statistics.median(found["credo"]) * 1000, statistics.median(found["one_line"]) * 1000


def main() -> None:
    print(compiled())
    with tempfile.TemporaryDirectory() as tmp:
        store = fill(Path(tmp) / "project")
        loads = []
        for _ in range(5):
            began = time.perf_counter()
            Store(store.project_root).load(Run)
            loads.append(time.perf_counter() - began)
        firsts, colds, sorts, filters = [], [], [], []
        for _ in range(3):
            first, sort, filt = asyncio.run(table_figures(store, warm=True))
            firsts.append(first)
            sorts.append(sort)
            filters.append(filt)
            colds.append(asyncio.run(table_figures(store, warm=False))[0])
        print(f"runs table, {RUNS} runs x {PARAMS} params x {METRICS} metrics:")
        print(
            f"  first draw after the board is up: {statistics.median(firsts):.0f} ms "
            f"(target < 300 ms); before the board's first read of the runs: "
            f"{statistics.median(colds):.0f} ms (floor: a load of the runs from the cache "
            f"{statistics.median(loads) * 1000:.0f} ms)"
        )
        print(f"  sort p95: {statistics.median(sorts):.1f} ms (target < 50 ms)")
        print(f"  filter p95: {statistics.median(filters):.1f} ms (target < 50 ms)")
        redraw, floor = overlay_figures()
        print(
            f"overlay of 5 runs x 10,000 points: {redraw:.1f} ms a redraw "
            f"(floor: one 300-point line {floor:.1f} ms; target < 200 ms)"
        )
        mine, bare = logging_figures(Path(tmp))
        print(
            f"log_metric x 100,000: {mine:.0f} ms (floor: the same lines to a file opened "
            f"once {bare:.0f} ms; ratio {mine / bare:.2f}, target < 2)"
        )
        credo_ms, module_ms = import_figures(Path(tmp))
        print(
            f"import credo: {credo_ms:.1f} ms (floor: a one-line module {module_ms:.1f} ms; "
            "target < 10 ms)"
        )


if __name__ == "__main__":
    main()
