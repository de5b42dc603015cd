"""credo where researchers' terminals are not modern emulators: a notebook cell, where
Jupyter's `!` hands the command a pseudo-terminal no one types into, and Emacs's M-x
shell, which says TERM=dumb. Each on a real pseudo-terminal, as there."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from credo.domain.models import RunStatus
from credo.store import Store
from terminal import on_terminal

PY = sys.executable
QUICK = 20
"""Seconds before a credo still waiting is killed: what it waits for never comes."""


@pytest.fixture
def notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of a command a Jupyter kernel starts (jupyter_client marks it)."""
    monkeypatch.setenv("JPY_PARENT_PID", str(os.getpid()))
    monkeypatch.setenv("TERM", "xterm-color")  # as ipykernel sets it


@pytest.mark.usefixtures("notebook")
def test_a_notebook_cells_run_asks_nothing_and_is_recorded(store: Store, repo: Path) -> None:
    """`!credo run python train.py` in a cell, no experiment running: credo took Jupyter's
    pseudo-terminal for a person's, asked for a hypothesis, and the cell hung for ever."""
    command = ["run", "--", PY, "-c", "print('epoch 1 done')"]
    code, screen = on_terminal(repo, command, [], timeout=QUICK)
    assert code == 0, screen
    assert "Hypothesis" not in screen and "epoch 1 done" in screen
    assert "recording an ad-hoc run" in screen
    [run] = store.runs()
    assert run.experiment is None and run.status == RunStatus.SUCCEEDED
    assert store.experiments() == []


@pytest.mark.usefixtures("notebook")
@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([], "error: the interface needs a terminal, and a notebook cell takes no keys"),
        (["check"], "error: a notebook cell cannot answer the review's questions"),
        (["check", "training-recipe"], "--tick ID, --na ID=REASON or --not-yet ID"),
    ],
    ids=["board", "check", "check-pack"],
)
def test_in_a_notebook_cell_what_needs_keys_says_so(
    store: Store, repo: Path, args: list[str], said: str
) -> None:
    """`!credo` drew the board into the cell and waited for keys; `!credo check` asked
    its first question and waited: the cell never ended, nothing said why."""
    code, screen = on_terminal(repo, args, [], timeout=QUICK)
    assert code == 1, screen
    assert said in " ".join(screen.split())  # the words, wherever the line was wrapped
    assert store.reviews() == []


def test_the_board_on_a_dumb_terminal_says_what_to_use(
    store: Store, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In Emacs's M-x shell (TERM=dumb) `credo` drew the board's cursor moves and colours
    as a screenful of garbage, and waited for keys the shell's buffer does not send."""
    monkeypatch.setenv("TERM", "dumb")
    code, screen = on_terminal(repo, [], [], timeout=QUICK)
    assert code == 1, screen
    said = " ".join(screen.split())
    assert "TERM=dumb says this one cannot" in said and "M-x vterm" in said
    assert "`credo ls` prints the board" in said
