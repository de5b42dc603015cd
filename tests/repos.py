"""Real git repositories for tests: run git, commit a file."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

BAD_INIT = (
    "from credo import log_metric, log_params\n"
    "log_params(num_classes=10)\n"
    "log_metric(step=0, loss=4.61, valid_loss=4.61)\n"
)
"""A training script to commit whose first loss is twice chance's: loss-at-init fails."""


def git(cwd: Path, *args: str, input_text: str | None = None) -> str:
    """Run real git in `cwd` and return its stdout (fails the test on error)."""
    result = subprocess.run(
        ["git", *args], cwd=cwd, input=input_text, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stderr}")
    return result.stdout.strip()


def commit_file(repo: Path, name: str, content: str, message: str) -> str:
    """Write a file, commit it, return the new sha."""
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def held_git(folder: Path, held: Path, command: str = "log") -> Path:
    """A folder holding a git whose `command` (`log`) never answers (it writes its pid to
    `held`, then sleeps ten minutes), as a slow NFS home or a long history holds a read;
    every other command is git's own. Put first on PATH."""
    folder.mkdir()
    (folder / "git").write_text(
        "#!/bin/sh\n"
        'case " $* " in\n'
        f'  *" {command} "*) echo $$ > {held}; exec sleep 600;;\n'
        "esac\n"
        f'exec {shutil.which("git")} "$@"\n'
    )
    (folder / "git").chmod(0o755)
    return folder


def logged_git(folder: Path, log: Path) -> Path:
    """A folder holding a git that writes its arguments to `log`, a line each (credo's
    `-C FOLDER` first), then is git. Put first on PATH."""
    folder.mkdir()
    (folder / "git").write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {shutil.which("git")} "$@"\n')
    (folder / "git").chmod(0o755)
    return folder


def block_on(repo: Path, *items: str) -> None:
    """Mark checklist items blocking in the project's settings (`gate_blocking`)."""
    config = repo / ".credo" / "config.toml"
    listed = ", ".join(f'"{item}"' for item in items)
    text = config.read_text()
    config.write_text(text.replace("gate_blocking = []", f"gate_blocking = [{listed}]"))


def submodule(tmp_path: Path) -> Path:
    """A repository checked out as the submodule `mod` of `top`: its `.git` is a file, its
    git folder `top/.git/modules/mod`."""
    sub, top = tmp_path / "sub", tmp_path / "top"
    for folder in (sub, top):
        git(tmp_path, "init", "-q", "-b", "main", str(folder))
    git(sub, "commit", "-q", "--allow-empty", "-m", "first")
    git(top, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "mod")
    return top / "mod"


def give_away(folder: Path) -> None:
    """Make `folder` and all in it another user's (nobody's; needs root): git refuses a
    repository so owned ("dubious ownership") until `safe.directory` names it."""
    subprocess.run(["chown", "-R", "65534", str(folder)], check=True)


def hook_command(hook: Path) -> str:
    """The command the installed credo wrote into a hook: it names the Python of the
    `credo` script, which need not be the tests' own (`python` beside `python3`): the
    last line given the message (the commit-msg hook's shell reads it before)."""
    lines = [line for line in hook.read_text().splitlines() if '"$1"' in line]
    return lines[-1].partition(' "$1"')[0]


def python_marked(hook: Path, marker: Path) -> None:
    """Have the prepare-commit-msg hook credo installed at `hook` leave the file `marker`
    when it starts Python, and do all else as before: whether a commit started Python."""
    from credo.gitlink.hooks import HOOK_CALL

    script, quoted = hook.read_text(), shlex.quote(HOOK_CALL)
    assert quoted in script
    marked = f"open({str(marker)!r}, 'a').close(); {HOOK_CALL}"
    hook.write_text(script.replace(quoted, shlex.quote(marked)))


def shared_board(tmp_path: Path, credo: Callable[..., Any]) -> tuple[Path, Path]:
    """Two clones of a bare remote: Alice's, where `credo init` made the board she pushed
    (one task, "Plot the loss"), and Bob's fresh clone of it (no credo command run)."""
    remote, alice, bob = tmp_path / "remote.git", tmp_path / "alice", tmp_path / "bob"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(tmp_path, "clone", "-q", str(remote), str(alice))
    assert "merge driver registered in .git/config" in credo(alice, "init").stdout
    assert credo(alice, "add", "Plot the loss").returncode == 0
    git(alice, "add", "-A")
    git(alice, "commit", "-q", "-m", "Start the board")
    git(alice, "push", "-q", "origin", "HEAD")
    git(tmp_path, "clone", "-q", str(remote), str(bob))
    return alice, bob


def experiment_merged_from_worktree(
    repo: Path, linked: Path, hypothesis: str, at: datetime | None = None, *, clone: bool = False
) -> str:
    """An experiment started in `linked` (now, or `at`), a second worktree of `repo` (`git
    worktree add` on branch `try`), committed there and merged into `repo`: the copy of a
    running experiment a merge brings. `repo` holds a board (`credo init`); returns the id.
    With `clone`, `linked` is a separate clone of `repo` instead, its branch fetched."""
    from credo.actions.experiments import start_experiment
    from credo.store import Store

    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the board")
    if clone:
        git(repo, "clone", "-q", str(repo), str(linked))
        git(linked, "switch", "-q", "-c", "try")
    else:
        git(repo, "worktree", "add", "-q", str(linked), "-b", "try")
    exp, _ = start_experiment(Store.open(linked), hypothesis, at=at)
    git(linked, "add", ".credo")
    git(linked, "commit", "-q", "-m", "An experiment under way")
    if clone:
        git(repo, "fetch", "-q", str(linked), "try")
    git(repo, "merge", "-q", "FETCH_HEAD" if clone else "try")
    return exp.id


def experiment_paused_in_worktree(
    repo: Path, linked: Path, hypothesis: str, at: datetime | None = None
) -> str:
    """As `experiment_merged_from_worktree` (started now, or `at`), then paused in `linked`
    and merged again: the copy of an experiment paused in another worktree. Returns its id."""
    from credo.actions.experiments import pause_experiment
    from credo.store import Store

    exp_id = experiment_merged_from_worktree(repo, linked, hypothesis, at)
    pause_experiment(Store.open(linked), exp_id)
    git(linked, "commit", "-q", "-am", "Paused there")
    git(repo, "merge", "-q", "try")
    return exp_id


def baseline_running_in_worktree(repo: Path, linked: Path, hypothesis: str) -> str:
    """As `experiment_merged_from_worktree`, then marked the baseline in `linked` and merged
    again: the mark on an experiment running in another worktree. Returns its id."""
    from credo.domain.models import Experiment
    from credo.store import Store

    exp_id = experiment_merged_from_worktree(repo, linked, hypothesis)
    Store.open(linked).update(Experiment, exp_id, lambda e: e.model_copy(update={"baseline": True}))
    git(linked, "commit", "-q", "-am", "The one to beat")
    git(repo, "merge", "-q", "try")
    return exp_id


def loop_behind_dot_git(linked: Path) -> str:
    """Point the `.git` file of the worktree `linked` into a loop of links; the message a
    write then gives."""
    (linked.parent / "loop-a").symlink_to("loop-b")
    (linked.parent / "loop-b").symlink_to("loop-a")
    (linked / ".git").write_text("gitdir: ../loop-a/worktrees/linked\n")
    return (
        f"cannot write .git: names {linked}/../loop-a/worktrees/linked through a loop of "
        "symbolic links: mend the link, or run `git worktree repair` in the main worktree "
        "(no file is left half-written)"
    )


def bytes_in_dot_git(linked: Path) -> str:
    """Put a byte that is not UTF-8 in the `.git` file of the worktree `linked`, so that it
    names a git folder that is not there; the message a write then gives."""
    named = (linked / ".git").read_bytes().strip() + b"\xff"
    (linked / ".git").write_bytes(named + b"\n")
    folder = named.removeprefix(b"gitdir: ").decode("utf-8", "backslashreplace")
    return (
        f"cannot write .git: names {folder}, which is not there: run `git worktree repair` "
        "in the main worktree (no file is left half-written)"
    )


def conflicted_merge(repo: Path, path: Path, text: str) -> None:
    """Commit what `repo` holds, then change `text` in `path` to "Theirs" on a branch and
    to "Mine" here, and merge the branch: the merge stops with `path` conflicted."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "before the conflict")
    git(repo, "checkout", "-q", "-b", "teammate")
    path.write_text(path.read_text().replace(text, "Theirs"))
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "-")
    path.write_text(path.read_text().replace(text, "Mine"))
    git(repo, "commit", "-q", "-am", "mine")
    merged = subprocess.run(["git", "merge", "-q", "teammate"], cwd=repo, capture_output=True)
    assert merged.returncode == 1 and "<<<<<<<" in path.read_text(), merged.stderr


def extended_after_closing(tmp_path: Path, credo: Callable[..., Any]) -> tuple[Path, str]:
    """Alice's and Bob's clones (`shared_board`) of a running experiment with a 1h box:
    Bob closed it, then Alice, not having pulled, extended it by 30m; Alice pushed and
    Bob pulled (the merge driver keeps both). Bob's clone and the experiment's short id."""
    from credo.domain.models import Experiment, Place
    from credo.store import Store

    alice, bob = shared_board(tmp_path, credo)
    assert credo(bob, "init").returncode == 0
    started = credo(alice, "exp", "start", "warmup helps", "--timebox", "1h", "--json")
    exp_id = json.loads(started.stdout)["short_id"]
    store = Store.open(alice)  # her laptop: not a clone of Bob's host, where he may close it
    there = Place(host="alices-laptop", project=str(alice))
    store.update(
        Experiment,
        store.get(Experiment, exp_id).id,
        lambda e: e.model_copy(update={"place": there}),
    )
    git(alice, "add", "-A")
    git(alice, "commit", "-q", "-m", "Start it")
    git(alice, "push", "-q", "origin", "HEAD")
    git(bob, "pull", "-q", "--no-rebase", "origin", "main")
    stopped = credo(bob, "exp", "stop", exp_id, "-o", "confirmed", "-l", "it helps")
    assert stopped.returncode == 0, stopped.stderr
    git(bob, "commit", "-q", "-am", "Close it")
    assert credo(alice, "exp", "extend", exp_id, "30m").returncode == 0
    git(alice, "commit", "-q", "-am", "Extend it")
    git(alice, "push", "-q", "origin", "HEAD")
    git(bob, "pull", "-q", "--no-rebase", "origin", "main")  # no conflict: field by field
    return bob, exp_id
