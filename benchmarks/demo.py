"""`make demo` speed: building each sample and opening credo on it.

Prints medians of several runs beside floors measured in the same run:
- `credo --version` (a credo process that does nothing) and replaying only the sample's
  commits with one `git fast-import` (what the build cannot do without);
- `credo demo --no-open` (the whole build: commits, board, experiments, recorded runs
  and data results, fingerprints, the gate as it stood, the commit of `.credo/`);
- the board's first frame on the built demo, in a 120x40 pty.
Target: build plus first frame under 5 s, offline.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from board import first_frame
from pyc import compiled

from credo.demo import replay_history, sample_names

RUNS = 5


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    print(compiled())
    root = Path(tempfile.mkdtemp(prefix="credo-bench-demo-"))
    credo = [sys.executable, "-m", "credo"]
    try:
        idle = [timed([*credo, "--version"], root) for _ in range(RUNS)]
        print(f"median of {RUNS} runs")
        print(f"  {'credo --version (floor)':<42} {statistics.median(idle) * 1000:6.0f} ms")
        for sample in sample_names():
            commits, builds, frames = [], [], []
            for i in range(RUNS):
                start = time.perf_counter()
                replay_history(root / f"{sample}-git-{i}", sample=sample)
                commits.append(time.perf_counter() - start)
                target = root / f"{sample}-{i}"
                builds.append(
                    timed(
                        [*credo, "demo", "--sample", sample, "--path", str(target), "--no-open"],
                        root,
                    )
                )
                frames.append(first_frame([*credo, "-C", str(target)], b"Eliminate", target))
            build, frame = statistics.median(builds), statistics.median(frames)
            rows = [
                ("its commits only (floor, in process)", statistics.median(commits)),
                ("credo demo --no-open", build),
                ("first frame on it", frame),
                ("build + first frame (target < 5000 ms)", build + frame),
            ]
            print(f"  {sample}")
            for name, seconds in rows:
                print(f"    {name:<40} {seconds * 1000:6.0f} ms")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
