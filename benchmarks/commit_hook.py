"""What credo's prepare-commit-msg hook adds to `git commit`, with 10,000 tasks (one of
them in progress, mine) and a running experiment.

Prints medians of alternating runs of the same commit, whole `git commit` processes:
- with no hook (the floor), with a trivial Python hook (`python -E -P -c pass`: what
  any hook written in Python costs), and with credo's hook (target: adds < 50 ms over
  no hook);
- credo's hook when its small file is stale (a task file edited by hand before each
  commit): the fallback that loads the store, for information.
"""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from board import fill

from credo.actions.experiments import start_experiment
from credo.actions.tasks import start_task
from credo.domain.models import Task
from credo.gitlink.hooks import hook_script

RUNS = 15
ME = "bench@example.com"
TRIVIAL = f"#!/bin/sh\n{shlex.quote(sys.executable)} -E -P -c pass\n"


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def hooks_folder(root: Path, name: str, script: str | None) -> Path:
    folder = root.parent / f"hooks-{name}"
    folder.mkdir()
    if script is not None:
        hook = folder / "prepare-commit-msg"
        hook.write_text(script)
        hook.chmod(0o755)
    return folder


def commit(root: Path, hooks: Path, touch: Path | None = None) -> float:
    """Seconds for one `git commit` (a file edited by hand first, when `touch` is given)."""
    if touch is not None:
        with touch.open("a") as handle:  # in place, as many editors save
            handle.write("# seen\n")
    start = time.perf_counter()
    subprocess.run(
        ["git", "-c", f"core.hooksPath={hooks}", "commit", "-q", "--allow-empty", "-m", "work"],
        cwd=root,
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="credo-bench-hook-"))
    root = base / "repo"
    root.mkdir()
    try:
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.email", ME)
        git(root, "config", "user.name", "Bench")
        git(root, "commit", "-q", "--allow-empty", "-m", "start")
        print("filling a store with 10,000 tasks, one in progress, an experiment running...")
        store = fill(root)
        first, last = min(store.item_ids(Task)), max(store.item_ids(Task))
        task, _ = start_task(store, first, ME)
        experiment, _ = start_experiment(store, "Warmup helps")
        none = hooks_folder(root, "none", None)
        trivial = hooks_folder(root, "trivial", TRIVIAL)
        credo = hooks_folder(root, "credo", hook_script())
        commit(root, credo)  # the small file, as the first commit after install makes it
        body = git(root, "log", "-1", "--format=%B")
        assert f"Credo-Task: {task.id}" in body and f"Credo-Experiment: {experiment.id}" in body
        other = store.credo_dir / "tasks" / f"{last}.toml"
        times: dict[str, list[float]] = {"none": [], "trivial": [], "credo": [], "stale": []}
        for _ in range(RUNS):
            times["none"].append(commit(root, none))
            times["trivial"].append(commit(root, trivial))
            times["credo"].append(commit(root, credo))
        for _ in range(max(3, RUNS // 3)):
            times["stale"].append(commit(root, credo, touch=other))
        assert f"Credo-Task: {task.id}" in git(root, "log", "-1", "--format=%B")
        none_ms, trivial_ms, credo_ms, stale_ms = (
            statistics.median(times[k]) * 1000 for k in ("none", "trivial", "credo", "stale")
        )
        added = credo_ms - none_ms
        verdict = "met" if added < 50 else "MISSED"
        print(f"median of {RUNS} alternating commits, 10,000 tasks (load {os.getloadavg()[0]:.1f})")
        print(f"  git commit, no hook (floor)          {none_ms:7.1f} ms")
        print(
            f"  git commit, trivial Python hook      {trivial_ms:7.1f} ms"
            f"   +{trivial_ms - none_ms:.1f} ms"
        )
        print(
            f"  git commit, credo's hook             {credo_ms:7.1f} ms"
            f"   +{added:.1f} ms, target < +50 ms: {verdict}"
            f" (+{credo_ms - trivial_ms:.1f} ms over the trivial hook)"
        )
        print(
            f"  credo's hook, small file stale       {stale_ms:7.1f} ms"
            f"   +{stale_ms - none_ms:.1f} ms (a file edited by hand before each commit)"
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
