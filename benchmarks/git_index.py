"""Git linkage speed on a 50,000-commit repository built with `git fast-import`.

Prints medians beside the raw git commands each step needs, measured in the same run:
- full index build vs raw `git log` of the same fields (target: within 1.5x);
- incremental update after one new commit vs raw `git log KNOWN..HEAD` (target < 20 ms);
- RepoState capture, clean tree (target < 50 ms) and with a 5 MB dirty diff
  vs `git status --porcelain` + `git diff HEAD` (target: within 1.3x).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from credo.gitlink import index as commit_index
from credo.gitlink.state import capture
from credo.store import Store

COMMITS = 50_000
RUNS = 5


def fast_import_stream(count: int) -> bytes:
    parts = []
    for i in range(count):
        if i % 10 == 0:
            message = f"Step {i}: tune the tokenizer\n\nCredo-Task: t{i % 997:03d}aaaabbbbcccc\n"
        elif i % 25 == 0:
            message = f"Fix flaky eval {i}, fixes t{i % 997:03d}a\n"
        else:
            message = f"Change number {i} to the training loop\n"
        data = message.encode()
        content = f"value = {i}\n".encode()
        parts.append(b"blob\nmark :%d\ndata %d\n%s\n" % (i + 1, len(content), content))
        parts.append(
            b"commit refs/heads/main\n"
            b"committer Ada <ada@example.com> %d +0000\n"
            b"data %d\n%s\n" % (1_700_000_000 + i * 60, len(data), data)
        )
        parts.append(b"M 100644 :%d file%d.py\n\n" % (i + 1, i % 100))
    return b"".join(parts)


def sh(root: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True).stdout


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def interleaved(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median ms of each, measured turn about."""
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, into in ((first, samples[0]), (second, samples[1])):
            start = time.perf_counter()
            fn()
            into.append(time.perf_counter() - start)
    return statistics.median(samples[0]) * 1000, statistics.median(samples[1]) * 1000


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="credo-bench-git-"))
    try:
        sh(root, "init", "-q")
        start = time.perf_counter()
        subprocess.run(
            ["git", "-C", str(root), "fast-import", "--quiet"],
            input=fast_import_stream(COMMITS),
            check=True,
        )
        sh(root, "checkout", "-q", "-f", "main")
        print(f"built {COMMITS:,} commits with fast-import in {time.perf_counter() - start:.1f} s")
        store = Store(root)
        store.folder("cache", create=True)

        log_args = (*commit_index.LOG_ARGS, f"--format={commit_index.LOG_FORMAT}")
        raw_log, full = interleaved(
            lambda: sh(root, *log_args, "--all"), lambda: commit_index.build(root), runs=RUNS
        )
        built = commit_index.build(root)
        print(f"  linked commits found            {len(built.commits):>8,}")
        print(f"  raw git log, same fields        {raw_log:8.1f} ms")
        print(
            f"  credo full index build          {full:8.1f} ms"
            f"   {full / raw_log:.2f}x raw, target < 1.5x"
        )

        known = sh(root, "rev-parse", "HEAD").decode().strip()
        commit_index.save(store, built)
        (root / "new.py").write_text("new = 1\n")
        sh(root, "add", "new.py")
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Ada",
            "GIT_AUTHOR_EMAIL": "a@e.x",
            "GIT_COMMITTER_NAME": "Ada",
            "GIT_COMMITTER_EMAIL": "a@e.x",
        }
        subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "commit",
                "-q",
                "-m",
                "One more\n\nCredo-Task: t001aaaabbbbcccc",
            ],
            check=True,
            env=env,
        )
        raw_inc = median_ms(lambda: sh(root, *log_args, f"{known}..HEAD"))
        saved = commit_index.load(store)
        incremental = median_ms(lambda: commit_index.update(root, saved))
        updated, changed = commit_index.update(root, saved)
        assert changed and len(updated.commits) == len(built.commits) + 1
        print(f"  raw git log KNOWN..HEAD         {raw_inc:8.1f} ms")
        print(f"  credo incremental update        {incremental:8.1f} ms   target < 20 ms")

        def from_cache() -> None:
            commit_index.save(store, saved)
            start_refresh = time.perf_counter()
            commit_index.refresh(root, store)
            samples.append(time.perf_counter() - start_refresh)

        samples: list[float] = []
        for _ in range(RUNS):
            from_cache()
        with_cache = statistics.median(samples) * 1000
        unchanged = median_ms(lambda: commit_index.refresh(root, store))
        print(f"  same, from the cache file       {with_cache:8.1f} ms   (load + update + save)")
        print(f"  refresh with nothing new        {unchanged:8.1f} ms")

        raw_status = median_ms(lambda: sh(root, "status", "--porcelain"))
        clean = median_ms(lambda: capture(root))
        assert not capture(root).dirty
        print(f"  raw git status --porcelain      {raw_status:8.1f} ms")
        print(f"  RepoState capture, clean tree   {clean:8.1f} ms   target < 50 ms")

        line = "x = 'some generated code for the benchmark, about sixty chars'\n"
        for n in range(100):
            (root / f"file{n}.py").write_text(line * 800)  # ~50 KB each, 5 MB in all
        # Interleaved, so that load from elsewhere on the machine hits both sides alike.
        raw_dirty, dirty = interleaved(
            lambda: (sh(root, "status", "--porcelain"), sh(root, "diff", "HEAD")),
            lambda: capture(root, patch_limit=50_000_000),
            runs=15,
        )
        size = capture(root, patch_limit=50_000_000).patch_size
        print(f"  raw status + diff HEAD ({size / 1e6:.1f} MB) {raw_dirty:8.1f} ms")
        print(
            f"  RepoState capture, dirty        {dirty:8.1f} ms"
            f"   {dirty / raw_dirty:.2f}x raw, target < 1.3x"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
