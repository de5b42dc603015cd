"""What credo adds on a SLURM cluster, against the test cluster (tests/slurm_cluster.py).

Measured in one go, each against its floor in the same run (medians of several):
- `credo run --slurm --skip-gate -- true` vs a bare `sbatch --wrap true`: target
  < 0.5 s added (credo's start, the git state, the queued record, the job id written);
- one state refresh for a project with 1,000 jobs in SLURM (`actions.cluster.refresh`:
  one `squeue` call, read and matched to the runs) vs that `squeue` call alone:
  target within 1.5x.

Needs root and Debian's slurm-wlm and munge (as the tests): `.venv/bin/python
benchmarks/slurm.py`. The cluster it starts is stopped at the end.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pyc import compiled

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent / "tests"))

from slurm_cluster import missing, start  # noqa: E402

CREDO = str(Path(sys.executable).parent / "credo")
ROUNDS = 7
JOBS = 1000


def median(work: Callable[[], object], rounds: int = ROUNDS) -> float:
    work()  # warm the caches
    times = []
    for _ in range(rounds):
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def run(args: list[str], cwd: Path) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{args[:4]} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def report(name: str, value: float, floor: float, verdict: bool, target: str) -> None:
    mark = "ok " if verdict else "SLOW"
    print(f"{mark} {name:<44} {value * 1000:8.0f} ms   floor {floor * 1000:7.0f} ms   {target}")


def make_repo(root: Path) -> Path:
    repo = root / "project"
    repo.mkdir()
    for args in (
        ["git", "init", "-q"],
        ["git", "commit", "-q", "--allow-empty", "-m", "start"],
        [CREDO, "init"],
        [CREDO, "exp", "start", "benchmark", "-b", "1d"],
    ):
        run(args, repo)
    return repo


def main() -> int:
    print(compiled())
    reason = missing()
    if reason is not None:
        print(f"skipped: {reason}")
        return 0
    os.environ.update(
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@example.com",
    )
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        cluster = start(Path(tmp) / "slurm")
        os.environ.update(cluster.env)
        try:
            repo = make_repo(Path(tmp))
            bare = median(lambda: run(["sbatch", "--output=/dev/null", "--wrap", "true"], repo))
            credo = median(
                lambda: run([CREDO, "run", "--slurm", "--skip-gate", "--", "true"], repo)
            )
            added = credo - bare
            ok = added < 0.5
            failures += not ok
            report("credo run --slurm (added to sbatch)", added, bare, ok, "target < 500 ms added")

            failures += not refresh_figures(repo)
        finally:
            cluster.stop()
    return 1 if failures else 0


def refresh_figures(repo: Path) -> bool:
    """1,000 held jobs, each the SLURM job of a queued run; one refresh vs one squeue."""
    from credo.actions.cluster import refresh
    from credo.domain.models import SlurmJob
    from credo.runs import slurm
    from credo.runs.launch import RunRequest, queue
    from credo.store import Store

    store = Store.open(repo)
    runs = []
    for _ in range(JOBS):
        job = run(["sbatch", "--parsable", "--hold", "--output=/dev/null", "--wrap", "true"], repo)
        runs.append(
            queue(
                store,
                RunRequest(command=["true"], cwd=repo),
                runner=None,
                slurm=SlurmJob(job=job.strip(), cluster="credotest"),
            )
        )
    command = slurm.squeue_command(r.slurm.job for r in runs if r.slurm)
    assert command is not None
    squeue = median(lambda: subprocess.run(command, capture_output=True, check=True))
    looked = refresh(store, runs)[1]
    assert len(looked) == JOBS, f"SLURM told of {len(looked)} of {JOBS} jobs"
    credo = median(lambda: refresh(store, runs))
    ok = credo < 1.5 * squeue
    report(
        f"one refresh of {JOBS} jobs",
        credo,
        squeue,
        ok,
        f"target < 1.5x one squeue call ({credo / squeue:.2f}x)",
    )
    loaded = median(lambda: refresh(store, store.runs()), rounds=3)
    print(f"    the same with the runs loaded from .credo/ {loaded * 1000:8.0f} ms")
    return ok


if __name__ == "__main__":
    sys.exit(main())
