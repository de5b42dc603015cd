"""What credo's hooks (prepare-commit-msg and commit-msg) add to `git commit`, with
10,000 tasks (one of them in progress, mine) and a running experiment.

Prints medians of alternating runs of the same commit (of a line of work, staged), whole
`git commit` processes:
- with no hook (the floor), with a trivial Python hook (`python -E -P -c pass`: what
  any hook written in Python costs), with a Python hook that only stats every item file
  (the least any hook that sees hand edits costs), and with credo's two hooks (target:
  they add < 50 ms over no hook);
- with a team's hooks kept in git (`.githooks`, core.hooksPath) holding the lines credo
  gives for them (`TEAM_HOOK_LINES`, `credo` found on the PATH): every teammate's commits
  pay them (target: as the per-clone hooks, < 50 ms);
- `git commit --amend --no-edit` with no hook, credo's hooks and the team's: credo adds
  nothing to an amend, and both decide so in the shell, starting no Python;
- `git commit --amend -m` of a commit made earlier, with no hook and credo's hooks: git
  tells a hook nothing of this amend (its source is "message", as a new commit's), so
  credo's Python starts and gives back the commit's own trailers;
- a merge concluded with `git commit -m` (git tells the hook "message" there too) with no
  hook, credo's hooks and the team's: both end in the shell, finding MERGE_HEAD;
- credo's hook when its small file is stale (a task file edited by hand before each
  commit): the fallback that loads the store, for information.
Beside each, the CPU time git and its hook used (user + system): on a loaded machine a
short process mostly waits for a core, which the clock counts and the CPU time does not.
"""

from __future__ import annotations

import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from board import QUICK, TASKS, fill
from pyc import compiled

from credo.actions.experiments import start_experiment
from credo.actions.tasks import start_task
from credo.domain.models import Task
from credo.gitlink.authors import person
from credo.gitlink.hooks import HOOK, HOOKS, TEAM_HOOK_LINES, hook_script

RUNS = 1 if QUICK else 15
TRIVIAL = f"#!/bin/sh\n{shlex.quote(sys.executable)} -E -P -c pass\n"
STATS = (
    f"#!/bin/sh\n{shlex.quote(sys.executable)} -E -P -S -c "
    + shlex.quote(
        "import os\nfor d in ('.credo/tasks', '.credo/experiments'):\n"
        "    for name in os.listdir(d):\n        os.lstat(d + '/' + name)"
    )
    + "\n"
)
"""The least a hook that sees hand edits costs: Python (as credo's hook starts it) and one
`lstat` per item file, nothing else."""
NAMES = (
    "none",
    "trivial",
    "stats",
    "credo",
    "team",
    "stale",
    "amend none",
    "amend credo",
    "amend team",
    "reword none",
    "reword credo",
    "merge none",
    "merge credo",
    "merge team",
)
PATH = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', os.defpath)}"
"""Where a teammate's hook finds `credo` (this one's console script), for every commit."""
NEW = ("-m", "work")
NO_EDIT = ("--amend", "--no-edit")
REWORD = ("--amend", "-m", "work, reworded")
WORK = "train.py"
"""The file each commit changes (staged), as a commit of work does: credo's hook asks git
whether anything but `.credo/` is staged."""
EARLIER = "2026-01-05T09:00:00+0000"
"""The author date of the commit each `REWORD` amends: made well before (an amend keeps it,
and the hook knows an amend by it)."""


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def hooks_folder(
    root: Path, name: str, scripts: dict[str, str], folder: Path | None = None
) -> Path:
    """A hooks folder of these scripts (a hook's name -> its text), beside the work tree
    unless `folder` says where."""
    folder = folder or root.parent / f"hooks-{name}"
    folder.mkdir()
    for hook_name, script in scripts.items():
        hook = folder / hook_name
        hook.write_text(script)
        hook.chmod(0o755)
    return folder


def commit(
    root: Path,
    hooks: Path,
    touch: Path | None = None,
    *,
    message: tuple[str, ...] = NEW,
    date: str | None = None,
) -> tuple[float, float]:
    """Seconds for one `git commit` given `message`'s options, of a line of work staged
    first (a file edited by hand first too, when `touch` is given; authored at `date`,
    when given): on the clock, and of CPU (git and its hook processes, user + system)."""
    if touch is not None:
        with touch.open("a") as handle:  # in place, as many editors save
            handle.write("# seen\n")
    with (root / WORK).open("a") as handle:  # work: credo's files alone get no trailers
        handle.write("a line\n")
    git(root, "add", WORK)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        ["git", "-c", f"core.hooksPath={hooks}", "commit", "-q", *message],
        cwd=root,
        env={**os.environ, "PATH": PATH, **({"GIT_AUTHOR_DATE": date} if date else {})},
        check=True,
    )
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def merging(root: Path) -> None:
    """Start a merge for `git commit -m` to conclude (MERGE_HEAD there): of a commit of
    HEAD's tree made aside, with no hook."""
    side = git(root, "commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", "Side work").strip()
    git(root, "merge", "-q", "--no-ff", "--no-commit", side)


def main() -> None:
    print(compiled())
    base = Path(tempfile.mkdtemp(prefix="credo-bench-hook-"))
    root = base / "repo"
    root.mkdir()
    try:
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.email", "bench@example.com")
        git(root, "config", "user.name", "Bench")
        git(root, "commit", "-q", "--allow-empty", "-m", "start")
        print(f"filling a store with {TASKS:,} tasks, one in progress, an experiment running...")
        store = fill(root)
        first, last = min(store.item_ids(Task)), max(store.item_ids(Task))
        task = start_task(store, first, person(root)).task  # who commits (GIT_AUTHOR_*)
        experiment, _ = start_experiment(store, "Warmup helps")
        none = hooks_folder(root, "none", {})
        trivial = hooks_folder(root, "trivial", {HOOK: TRIVIAL})
        stats = hooks_folder(root, "stats", {HOOK: STATS})
        credo = hooks_folder(root, "credo", {name: hook_script(hook=name) for name in HOOKS})
        lines = {name: f"#!/bin/sh\n{line}\n" for name, line in TEAM_HOOK_LINES.items()}
        team = hooks_folder(root, "team", lines, root / ".githooks")  # committed, as teams do
        git(root, "add", ".githooks")
        git(root, "commit", "-q", "-m", "Share our hooks")
        commit(root, credo)  # the small file, as the first commit after install makes it
        body = git(root, "log", "-1", "--format=%B")
        assert f"Credo-Task: {task.id}" in body and f"Credo-Experiment: {experiment.id}" in body
        commit(root, team)
        assert body == git(root, "log", "-1", "--format=%B")  # the same trailers, once
        other = store.credo_dir / "tasks" / f"{last}.toml"
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in NAMES}
        for _ in range(RUNS):
            times["none"].append(commit(root, none))
            times["trivial"].append(commit(root, trivial))
            times["stats"].append(commit(root, stats))
            times["credo"].append(commit(root, credo))
            times["team"].append(commit(root, team))
            times["amend none"].append(commit(root, none, message=NO_EDIT))
            times["amend credo"].append(commit(root, credo, message=NO_EDIT))
            times["amend team"].append(commit(root, team, message=NO_EDIT))
            commit(root, credo, date=EARLIER)  # a commit to reword, with its trailers
            times["reword credo"].append(commit(root, credo, message=REWORD))
            assert body == git(root, "log", "-1", "--format=%B").replace(", reworded", "")
            times["reword none"].append(commit(root, none, message=REWORD))
            for name, hooks in (("merge none", none), ("merge credo", credo), ("merge team", team)):
                merging(root)
                times[name].append(commit(root, hooks))
                assert git(root, "log", "-1", "--format=%B").strip() == "work"
        for _ in range(max(1 if QUICK else 3, RUNS // 3)):
            times["stale"].append(commit(root, credo, touch=other))
        assert f"Credo-Task: {task.id}" in git(root, "log", "-1", "--format=%B")
        wall = {k: statistics.median(t for t, _ in v) * 1000 for k, v in times.items()}
        cpu = {k: statistics.median(c for _, c in v) * 1000 for k, v in times.items()}
        added = wall["credo"] - wall["none"]
        verdict = "met" if added < 50 else "MISSED"
        print(
            f"median of {RUNS} alternating commits, {TASKS:,} tasks (load {os.getloadavg()[0]:.1f})"
        )
        print(
            "  (cpu: of git and its hook, user + system: what a loaded machine's waits leave out)"
        )
        for name, words in (
            ("none", "no hook (floor)"),
            ("trivial", "trivial Python hook"),
            ("stats", "Python + an lstat per item"),
            ("credo", "credo's hook"),
            ("team", "team's hooks in .githooks"),
            ("stale", "credo's hook, small file stale"),
        ):
            extra = f"+{wall[name] - wall['none']:.1f} ms" if name != "none" else ""
            print(
                f"  git commit, {words:<31} {wall[name]:7.1f} ms {extra:>10}"
                f"   cpu {cpu[name]:6.1f} ms"
            )
        print(
            f"  credo's hook adds {added:.1f} ms, target < 50 ms: {verdict}"
            f" ({wall['credo'] - wall['trivial']:+.1f} ms over the trivial hook; cpu"
            f" {cpu['credo'] - cpu['none']:+.1f} ms over no hook)"
        )
        ratio = (wall["credo"] - wall["none"]) / (wall["stats"] - wall["none"])
        print(
            f"  beside the floor of any hook that sees hand edits (Python + one lstat per item"
            f" file): {wall['credo'] - wall['stats']:+.1f} ms, {ratio:.2f}x its added time"
        )
        team_added = wall["team"] - wall["none"]
        print(
            f"  a team's hooks (credo's lines in .githooks) add {team_added:.1f} ms, target"
            f" < 50 ms: {'met' if team_added < 50 else 'MISSED'}"
            f" ({wall['team'] - wall['credo']:+.1f} ms over credo's hook)"
        )
        for kind, what, hooks in (
            ("amend", "git commit --amend,", ("credo", "team")),
            ("reword", "git commit --amend -m,", ("credo",)),
            ("merge", "merge ended by commit -m,", ("credo", "team")),
        ):
            floor = wall[f"{kind} none"]
            for hook in ("none", *hooks):
                name = f"{kind} {hook}"
                words = {"none": "no hook (floor)", "credo": "credo's hooks"}.get(hook, "team's")
                extra = f"{wall[name] - floor:+.1f} ms" if hook != "none" else ""
                print(
                    f"  {what:<25} {words:<15} {wall[name]:7.1f} ms {extra:>10}"
                    f"   cpu {cpu[name]:6.1f} ms"
                )
        print("  (stale: a task file edited by hand before each commit, the fallback that loads)")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
