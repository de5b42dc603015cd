"""What `credo run` adds to a command: startup/recording overhead and streaming cost.

Measured in one go, each against its floor in the same run (medians of several):
- `credo run --skip-gate -- python -c pass` vs `python -c pass`: target < 0.5 s added on
  a clean tree, < 1.0 s with a dirty ~5 MB diff;
- a child printing 100,000 lines under `credo run` vs the same child piped to `cat`:
  target within 2x. Both get PYTHONUNBUFFERED=1 (credo sets it so output is live);
- the same on a terminal (credo's pseudo-terminal path: the child on a pty of its own,
  copied to the terminal) vs the bare child writing to the same kind of terminal, both
  under `script -qc CMD /dev/null`: target within 2x.

Run: .venv/bin/python benchmarks/run_overhead.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pyc import compiled

PY = sys.executable
CREDO = str(Path(sys.executable).parent / "credo")
ROUNDS = 7
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "PYTHONUNBUFFERED": "1",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=ENV)


def timed(command: list[str] | str, cwd: Path, shell: bool = False) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=cwd,
        shell=shell,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        input=b"",  # script(1) sees its stdin end at once, without a terminal behind it
        env=ENV,
    )
    took = time.perf_counter() - start
    if done.returncode:  # credo's own lines (gate, run summary) are read only when it fails
        sys.exit(f"{command} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    return took


def median_of(command: list[str] | str, cwd: Path, shell: bool = False) -> float:
    timed(command, cwd, shell)  # warm the caches
    return statistics.median(timed(command, cwd, shell) for _ in range(ROUNDS))


def make_repo(root: Path) -> Path:
    repo = root / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "train.py").write_text("print('hello')\n")
    (repo / "big.txt").write_text("seed\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    subprocess.run([CREDO, "init"], cwd=repo, check=True, capture_output=True, env=ENV)
    subprocess.run(
        [CREDO, "exp", "start", "benchmark", "-b", "1d"],
        cwd=repo,
        check=True,
        capture_output=True,
        env=ENV,
    )
    return repo


def report(name: str, value: float, floor: float, verdict: bool, target: str) -> None:
    mark = "ok " if verdict else "SLOW"
    print(f"{mark} {name:<44} {value * 1000:8.0f} ms   floor {floor * 1000:7.0f} ms   {target}")


def main() -> int:
    print(compiled())
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(Path(tmp))
        floor = median_of([PY, "-c", "pass"], repo)
        clean = median_of([CREDO, "run", "--skip-gate", "--", PY, "-c", "pass"], repo)
        added = clean - floor
        ok = added < 0.5
        failures += not ok
        report("credo run, clean tree (added)", added, floor, ok, "target < 500 ms added")

        line = "x" * 99 + "\n"
        (repo / "big.txt").write_text(line * 49_000)  # ~4.9 MB of diff
        dirty = median_of([CREDO, "run", "--skip-gate", "--", PY, "-c", "pass"], repo)
        added = dirty - floor
        ok = added < 1.0
        failures += not ok
        report("credo run, dirty ~5 MB diff (added)", added, floor, ok, "target < 1000 ms added")
        git(repo, "checkout", "--", "big.txt")

        printer = "import sys\nfor i in range(100000): print(i, 'some training log text')"
        script = repo / "printer.py"
        script.write_text(printer)
        piped = median_of(f"{PY} printer.py | cat > /dev/null", repo, shell=True)
        streamed = median_of([CREDO, "run", "--skip-gate", "--", PY, "printer.py"], repo)
        ok = streamed < 2 * piped
        failures += not ok
        report(
            "100,000 lines through credo run",
            streamed,
            piped,
            ok,
            f"target < 2x piped to cat ({streamed / piped:.2f}x)",
        )
        if shutil.which("script"):
            on_tty = ["script", "-qec"]
            bare = median_of([*on_tty, f"{PY} printer.py", "/dev/null"], repo)
            through = median_of(
                [*on_tty, f"{CREDO} run --skip-gate -- {PY} printer.py", "/dev/null"], repo
            )
            ok = through < 2 * bare
            failures += not ok
            report(
                "100,000 lines through credo run on a terminal",
                through,
                bare,
                ok,
                f"target < 2x bare on a terminal ({through / bare:.2f}x)",
            )
        else:
            print("    (no script(1): the pseudo-terminal path is not measured)")
        startup = median_of([CREDO, "--version"], repo)
        print(f"    credo --version (startup floor of any command) {startup * 1000:8.0f} ms")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
