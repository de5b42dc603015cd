"""q gives the shell back at once, on a real pseudo-terminal: a read under way (a git
held by a slow NFS home, a first index of a long history) is abandoned and its git
ended, while a write under way (a theme save) lands whole first."""

from __future__ import annotations

import re
import sys
import time
import tomllib
from pathlib import Path

import pytest
from boards import make_task

from credo.domain.models import SlurmJob, Task
from credo.runs.launch import RunRequest, queue
from credo.store import Store
from credo.store.userconfig import user_config_path
from held_write import HELD_WRITE, appears, cooked, q_waits_for
from processes import dies_soon, held_pid, held_slurm
from terminal import PROMPT, Shell

from repos import commit_file, held_git

THEME_SAVE = "credo.ui.themes:save_user_config"


def test_q_does_not_wait_for_a_held_git_read_and_a_theme_save_under_way_lands(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    """With git's log held, q left the terminal restored and the shell waiting as long
    as the read (15-17 s of a read held 20 s): Python joined the read's thread at exit.
    Now the read's git is ended and the shell is back at once; a theme save begun before
    q is waited for, and lands whole."""
    held, began, go = tmp_path / "git.pid", tmp_path / "began", tmp_path / "go"
    shim = held_git(tmp_path / "shim", held)
    shell = Shell(repo, columns=120)
    try:
        shell.run(f"export PATH={shim}:$PATH; stty -g > ../mode-before")
        shell.type(f"{sys.executable} {HELD_WRITE} {THEME_SAVE} {began} {go}; echo rc=$?\n")
        shell.expect("palette")  # the board's footer: it is open
        appears(held)  # the board's read of git waits on the held log
        shell.type("\x14")  # ctrl+t: the themes
        shell.expect("credo-paper")
        shell.type("credo-paper")
        shell.type("\r")
        appears(began)
        shell.type("q")
        deadline = time.monotonic() + 60
        while not cooked(shell):  # the interface has closed, the save is still held
            assert time.monotonic() < deadline, "the terminal was never restored"
            time.sleep(0.05)
        assert not user_config_path().exists()
        with pytest.raises(AssertionError, match="never saw"):  # no shell yet: the save is held
            shell.expect(r"rc=\d+", timeout=1)
        go.touch()
        assert shell.expect(r"rc=\d+").endswith("rc=0")
        shell.expect(re.escape(PROMPT))
        assert tomllib.loads(user_config_path().read_text())["theme"] == "credo-paper"
        assert dies_soon(int(held.read_text()))  # the held git was ended, not left behind
        shown = shell.run(
            "stty -g > ../mode-after; cmp -s ../mode-before ../mode-after; echo same=$?"
        )
        assert "same=0" in shown, shown
    finally:
        go.touch()
        shell.close()


def test_q_waits_for_a_closing_the_boards_read_of_git_is_writing(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    """A commit closes a weekly task; q as the board's read of git writes the closing.
    That read was abandoned like any other, between its files: the task written done,
    its next week never made (the next start found it done, nothing to close), or no
    record of the commit that closed it. Now q waits for the closing to land whole."""
    weekly = make_task(store, 1, "Weekly sync notes", every="week")
    sha = commit_file(repo, "notes.md", "sync\n", f"Sync notes, closes {weekly.id[:6]}")
    q_waits_for("credo.actions.gitsync:complete_task", repo, tmp_path)
    done, following = sorted(store.load(Task).items.values(), key=lambda t: t.created)
    assert (done.id, done.status, done.closed_by) == (weekly.id, "done", sha)
    assert following.status == "open" and following.every == "week"


def test_q_ends_a_squeue_the_boards_poll_waits_on(store: Store, repo: Path, tmp_path: Path) -> None:
    """A run queued on SLURM, whose controller does not answer: q gave the shell back at
    once, but the squeue the board's poll waited on ran on, for up to its minute (more
    polls, more of them), after credo had gone. It is ended as git's reads are."""
    queue(store, RunRequest(command=["true"], cwd=Path(".")), runner=None, slurm=SlurmJob(job="81"))
    held = tmp_path / "squeue.pid"
    shim = held_slurm(tmp_path / "shim", held, "squeue")
    shell = Shell(repo, columns=120)
    try:
        shell.run(f"export PATH={shim}:$PATH")
        shell.type("credo; echo rc=$?\n")
        shell.expect("palette")  # the board's footer: it is open
        pid = held_pid(held)  # the board's poll of the runs waits on squeue
        shell.type("q")
        assert shell.expect(r"rc=\d+").endswith("rc=0")
        assert dies_soon(pid)
    finally:
        shell.close()
