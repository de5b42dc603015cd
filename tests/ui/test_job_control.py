"""Stopped and continued: the interface as a job of an interactive bash, on a real
pseudo-terminal, as a person uses it.

`fg` after a stop (`kill -TSTP`, or `kill -STOP` from htop) draws the whole board again,
with the polls going on; a stop and continue nobody noticed (a scheduler's suspend) leaves
the board drawn and, after quitting, the terminal's mode as it was.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from credo import actions
from credo.actions.experiments import start_experiment
from credo.store import Store
from terminal import ANSI, PROMPT, Shell, family_states


@pytest.fixture
def shell(store: Store, repo: Path) -> Iterator[Shell]:
    """bash -i (job control on) in a project with tasks in two quadrants and a running
    experiment (the header's countdown changes each second), the terminal's mode noted."""
    actions.add_task(store, "Check label balance ! ^")
    actions.add_task(store, "Write the related work !")
    start_experiment(store, "Resume draws the board", timebox=timedelta(hours=1))
    session = Shell(repo, columns=120)
    session.run("stty -g > ../mode-before")
    try:
        yield session
    finally:
        session.close()


def open_board(shell: Shell, line: str = "credo") -> int:
    """Type `line`, wait for the board's first frame; returns credo's pid (the shell's,
    a child's, or a grandchild's under `sh -c`)."""
    shell.type(line + "\n")
    shell.expect("Schedule")  # a quadrant's title
    shell.expect("palette")  # the footer, the frame's last line
    family = {pid for child in family_states(shell.pid) for pid in family_states(child)}
    [credo] = [pid for pid in family if "bin/credo" in command_line(pid)]
    return credo


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def state(pid: int) -> str:
    return family_states(pid)[pid]


def stops_again(pid: int) -> None:
    """Wait until `pid`, continued, is stopped once more (within a minute)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if state(pid) == "T":
            return
        time.sleep(0.05)
    raise AssertionError(f"{pid} never stopped again")


def stopped(shell: Shell) -> None:
    """bash says the job stopped, and gives its prompt."""
    shell.expect(r"Stopped\s+credo")
    shell.expect(re.escape(PROMPT))


def back_in_front(shell: Shell, footer: str = "palette") -> bytes:
    """`fg`: waits for a whole frame of the board drawn after it (down to the `footer`, its
    last line); returns what credo wrote."""
    mark = len(shell.seen)
    shell.type("fg; echo rc=$?\n")
    shell.expect(r"fg; echo rc=\$\?")
    shell.expect("Schedule", timeout=30)  # the board again, not only the countdown
    shell.expect(footer)
    return shell.seen[mark:]


def text(drawn: bytes) -> str:
    return ANSI.sub("", drawn.decode("utf-8", "replace"))


def quit_board(shell: Shell) -> None:
    """q: credo ends with 0, and the terminal's mode is what it was before it."""
    shell.type("q")
    code = int(shell.expect(r"rc=(\d+)").rsplit("rc=", 1)[1])
    assert code == 0
    shell.expect(re.escape(PROMPT))
    mode_is_back(shell)


def mode_is_back(shell: Shell) -> None:
    shown = shell.run("stty -g > ../mode-after; cmp -s ../mode-before ../mode-after; echo same=$?")
    assert "same=0" in shown, shown


def test_after_kill_tstp_fg_draws_the_whole_board_and_the_polls_go_on(
    shell: Shell, store: Store
) -> None:
    """After a stop and `fg`, the screen stayed blank but for the header's countdown (the
    only part that changes on its own): nothing drew the rest again."""
    credo = open_board(shell)
    os.kill(credo, signal.SIGTSTP)
    stopped(shell)
    actions.add_task(store, "Added meanwhile ^")  # by another credo, while this one waits
    drawn = back_in_front(shell)
    assert "Do 1 " in text(drawn) and "Eliminate" in text(drawn)
    shell.expect("Added meanwhile")
    quit_board(shell)


def test_a_kill_stop_and_cont_from_elsewhere_then_fg_draws_the_board_again(
    shell: Shell,
) -> None:
    """`kill -STOP` (htop): bash takes the terminal back and writes `Stopped` over the
    board. `kill -CONT` continues credo in the background, where it waits again for the
    terminal; `fg` draws the board whole (the driver started its terminal mode a second
    time over the first, and drew nothing)."""
    credo = open_board(shell)
    os.kill(credo, signal.SIGSTOP)
    stopped(shell)
    os.kill(credo, signal.SIGCONT)
    stops_again(credo)  # the shell has the terminal: credo waits for `fg`
    back_in_front(shell)
    quit_board(shell)


def test_a_stop_nobody_took_the_terminal_for_leaves_the_terminals_mode_as_it_was(
    shell: Shell,
) -> None:
    """Stopped and continued with no job-control shell noticing (a scheduler suspending a
    job, credo under `sh -c`), credo kept the terminal: its SIGCONT handler noted the
    terminal's mode again, its own, and restored that on quitting: the shell was left
    raw (no echo, no ctrl-c). Now it is the mode before credo, and the board is drawn."""
    credo = open_board(shell, "sh -c 'credo; stty -g > ../mode-after'")
    os.kill(credo, signal.SIGSTOP)
    os.kill(credo, signal.SIGCONT)
    shell.expect("Schedule", timeout=30)
    shell.expect("palette")
    shell.type("q")
    shell.expect(re.escape(PROMPT))
    shown = shell.run("cmp -s ../mode-before ../mode-after; echo same=$?")
    assert "same=0" in shown, shown
