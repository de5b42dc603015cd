"""`credo runs clean` on a long reflog: 2,000 commits each adding a run's record, reset away.

The branch is back at the first commit, so only the reflog holds the other records, each
commit's `.credo/runs` a tree of its own (the worst case: one more record in each). Prints
medians of `run_space` (all `credo runs clean` reads before it lists anything) and of
its read of the refs and reflogs, beside the same read with the reflogs moved aside (what
it read before the reflog counted) and `git rev-list --no-walk --all --reflog` alone,
measured in the same run. `python benchmarks/runs_clean.py 200`: 200 commits.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from credo.actions.run_space import _held_by_refs, run_space
from credo.store import Store
from credo.store.ids import new_id

COMMITS = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
RUNS = 5
HOURS_AGO = 2 * 3600


def median_ms(fn: Callable[[], object]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def build(root: Path) -> tuple[Store, list[str]]:
    """A board whose `main` has had COMMITS commits, each adding one run's record, then
    was reset to the first: every run's files are in the git folder, aged two hours."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    store, _ = Store.init(root)
    ids = [new_id() for _ in range(COMMITS)]
    stream = []
    for i, run_id in enumerate(ids):
        content = f'id = "{run_id}"\ncommand = ["python", "train.py"]\n'.encode()
        message = f"Run {i}\n".encode()
        stream.append(
            b"commit refs/heads/main\n"
            b"committer A U Thor <a@example.com> %d +0000\n"
            % (1_700_000_000 + i)
            + b"data %d\n%s" % (len(message), message)
            + b"M 100644 inline .credo/runs/%s/run.toml\ndata %d\n%s\n"
            % (run_id.encode(), len(content), content)
        )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    shas = (
        subprocess.run(
            ["git", "rev-list", "--reverse", "main"], cwd=root, capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    lines = [  # what `git commit` after `git commit` and a `git reset` leave in the reflog
        f"{old} {new} A U Thor <a@example.com> {1_700_000_000 + i} +0000\tcommit: Run {i}\n"
        for i, (old, new) in enumerate(zip(["0" * 40, *shas[:-1]], shas, strict=True))
    ]
    logs = root / ".git" / "logs"
    logs.mkdir(exist_ok=True)
    (logs / "HEAD").write_text("".join(lines))
    subprocess.run(["git", "reset", "-q", "--hard", shas[0]], cwd=root, check=True)
    then = time.time() - HOURS_AGO
    for run_id in ids:
        folder = store.run_folder(run_id, create=True)
        (folder / "output.log").write_text("step 1\n")
        for path in (*folder.iterdir(), folder):
            os.utime(path, (then, then))
    return store, ids


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        store, ids = build(root)
        space = run_space(store)
        assert space.used == len(ids) and not space.unused, (space.used, len(space.unused))
        records = ".credo/runs"
        whole = median_ms(lambda: run_space(store))
        held = median_ms(lambda: _held_by_refs(root, [], records))
        reflog_alone = median_ms(
            lambda: subprocess.run(
                ["git", "rev-list", "--no-walk", "--all", "--reflog"], cwd=root, capture_output=True
            )
        )
        shutil.move(root / ".git" / "logs", Path(tmp) / "logs")
        assert len(_held_by_refs(root, [], records)) == 1
        without = median_ms(lambda: _held_by_refs(root, [], records))
    print(f"runs clean, {COMMITS:,} reflog commits each with its own runs tree")
    print(f"  run_space, all it reads          {whole:8.1f} ms")
    print(f"  refs and reflogs read            {held:8.1f} ms")
    print(f"  the same, reflogs moved aside    {without:8.1f} ms")
    print(f"  git rev-list --reflog alone      {reflog_alone:8.1f} ms")


if __name__ == "__main__":
    main()
