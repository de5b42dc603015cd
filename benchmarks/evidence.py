"""What reading the runs costs: the verdict at the end of `credo run`, and `credo gate`.

A project with history (runs at several commits, each with its evidence, and reviews),
measured against floors in the same run (medians of several):
- `credo run --skip-gate -- python train.py` (10,000 steps of train and valid loss,
  verified by every verifier) vs `python train.py` alone, writing its metrics the same
  way (`CREDO_METRICS` set): target < 1.0 s added;
- `credo gate` (reviews, evidence and runs read, the code compared with each recorded
  tree) vs `credo --version` (credo's own start-up): target < 0.5 s added.

Run: .venv/bin/python benchmarks/evidence.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pyc import compiled
from run_overhead import report  # the same lines as the other run benchmark

PY = sys.executable
CREDO = str(Path(sys.executable).parent / "credo")
ROUNDS = 5
COMMITS = 4
RUNS_PER_COMMIT = 8
TRAIN = """\
import math, os
from credo import log_metric, log_params

steps = int(os.environ.get("STEPS", "10000"))
log_params(num_classes=10, seed=0)
for step in range(steps):
    log_metric(step=step, loss=math.log(10) * (1 - step / steps) + 0.01)
    log_metric(step=step, valid_loss=math.log(10) - step / steps)
"""


def sh(repo: Path, *command: str, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(f"{command} failed ({done.returncode}):\n{done.stderr}")


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, env=env)
    took = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{command} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    return took


def median_of(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    timed(command, cwd, env)  # warm the caches
    return statistics.median(timed(command, cwd, env) for _ in range(ROUNDS))


def make_repo(root: Path) -> Path:
    """A project whose history has runs at several commits, their evidence and reviews."""
    repo = root / "project"
    repo.mkdir()
    sh(repo, "git", "init", "-q")
    sh(repo, "git", "config", "user.email", "bench@example.com")
    sh(repo, "git", "config", "user.name", "bench")
    (repo / "train.py").write_text(TRAIN)
    sh(repo, "git", "add", ".")
    sh(repo, "git", "commit", "-qm", "start")
    sh(repo, CREDO, "init")
    short = {**os.environ, "STEPS": "500"}
    for commit in range(COMMITS):
        (repo / "model.py").write_text(f"LAYERS = {commit}\n")
        (repo / f"notes{commit}.md").write_text("what I tried\n")
        sh(repo, "git", "add", ".")
        sh(repo, "git", "commit", "-qm", f"model {commit}")
        for _ in range(RUNS_PER_COMMIT):
            sh(repo, CREDO, "run", "--skip-gate", "--", PY, "train.py", env=short)
        sh(repo, CREDO, "check", "training-recipe", "--tick", "valid-not-augmented")
    return repo


def main() -> int:
    print(compiled())
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(Path(tmp))
        runs = COMMITS * RUNS_PER_COMMIT
        print(f"history: {runs} runs at {COMMITS} commits, {COMMITS} reviews")
        logged = Path(tmp) / "metrics.jsonl"
        env = {**os.environ, "CREDO_METRICS": str(logged), "CREDO_PARAMS": f"{logged}.params"}
        bare = median_of([PY, "train.py"], repo, env)
        through = median_of([CREDO, "run", "--skip-gate", "--", PY, "train.py"], repo)
        added = through - bare
        ok = added < 1.0
        failures += not ok
        report("credo run, 10,000 steps verified (added)", added, bare, ok, "target < 1000 ms")
        startup = median_of([CREDO, "--version"], repo)
        gate = median_of([CREDO, "gate"], repo)
        added = gate - startup
        ok = added < 0.5
        failures += not ok
        report("credo gate (added to start-up)", added, startup, ok, "target < 500 ms")
    return failures


if __name__ == "__main__":
    sys.exit(main())
