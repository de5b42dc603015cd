"""u and ctrl+r write in a worker: undoing the making of a task reads every run, review
and the commit index first (0.2 s on a big project), and the board froze meanwhile."""

from __future__ import annotations

import threading
import tomllib

import pytest
from boards import task_file

from credo.actions import history
from credo.store import Store
from credo.store.store import Change
from credo.ui.app import CredoApp
from credo.ui.screens import base
from pilots import keys_through, said, settle, typed, until


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> tuple[list[bool], threading.Event]:
    """The undo's check, held until the event is set where it runs off the interface
    thread; each call says whether it ran on that thread."""
    on_ui: list[bool] = []
    go = threading.Event()
    check = history._refuse_if_named_since

    def held_check(store: Store, changes: list[Change]) -> None:
        on_ui.append(threading.current_thread() is threading.main_thread())
        if not on_ui[-1]:
            go.wait(30)
        check(store, changes)

    monkeypatch.setattr(history, "_refuse_if_named_since", held_check)
    return on_ui, go


async def test_undo_is_written_in_a_worker_and_no_change_lands_meanwhile(
    board_app: CredoApp, board_store: Store, held: tuple[list[bool], threading.Event]
) -> None:
    """A change asked for while the undo is written is refused, and said so: a done
    landing between its check and its revert would have made it refused (the file
    changed since)."""
    on_ui, go = held
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Plot the loss curves", "enter")
        await settle(pilot)
        [task] = [t for t in board_store.tasks() if t.title == "Plot the loss curves"]
        await pilot.press("u")
        await until(pilot, lambda: on_ui, "the undo's check")
        assert on_ui == [False]
        await pilot.press("x")  # done on the new task (it is selected)
        await pilot.pause()
        waiting = "Still undoing add 'Plot the loss curves': try again once it is done"
        assert said(board_app)[-1] == waiting
        assert tomllib.loads(task_file(board_store, task.id).read_text())["status"] == "open"
        go.set()
        await settle(pilot)
        assert not task_file(board_store, task.id).exists()
        assert said(board_app)[-1] == "Undid: add 'Plot the loss curves'"
        await pilot.press("ctrl+r")  # a step again: redo brings it back
        await settle(pilot)
        assert task_file(board_store, task.id).exists()
        assert said(board_app)[-1] == "Redid: add 'Plot the loss curves'"
        assert on_ui == [False, False]  # the redo was written in a worker too


async def test_two_undos_typed_in_one_go_take_two_steps_in_order(
    board_app: CredoApp,
    board_store: Store,
    held: tuple[list[bool], threading.Event],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`uu` (tmux `send-keys u u`, a fast double press) undoes the last two changes: the
    second u came while the first was written, and was refused. A third finds nothing
    left, as if typed after them; ctrl+r twice redoes both. Quick, the steps typed behind
    are not said to wait (the machine's load cannot make them slow here)."""
    monkeypatch.setattr(base, "QUEUED_SAID_AFTER", 60.0)
    _, go = held
    go.set()
    async with board_app.run_test(size=(120, 40)) as pilot:
        titles = ["Plot the loss curves", "Overfit one batch"]
        for title in titles:
            await pilot.press("a", *title, "enter")
            await settle(pilot)
        files = [task_file(board_store, t.id) for t in board_store.tasks() if t.title in titles]
        assert len(files) == 2

        async def typed_while_held(*keys: str) -> list[str]:
            """`keys` in one go, all through while the first step is held."""
            go.clear()
            before = len(said(board_app))
            typed(board_app, *keys)
            ahead = board_app.typed_ahead
            await until(pilot, lambda: not ahead.held and ahead.on_its_way is None, "the keys")
            go.set()
            await keys_through(pilot)
            return said(board_app)[before:]

        assert await typed_while_held("u", "u", "u") == [
            "Undid: add 'Overfit one batch'",
            "Undid: add 'Plot the loss curves'",
            "nothing to undo",
        ]
        assert not any(path.exists() for path in files)
        assert await typed_while_held("ctrl+r", "ctrl+r") == [
            "Redid: add 'Plot the loss curves'",
            "Redid: add 'Overfit one batch'",
        ]
        assert all(path.exists() for path in files)
        assert board_app.history.asked == []


async def test_an_undo_refused_in_its_worker_says_why_and_the_next_one_goes(
    board_app: CredoApp, board_store: Store, held: tuple[list[bool], threading.Event]
) -> None:
    """The refusal of a change made since comes back from the worker; the board is free
    again after it."""
    _, go = held
    go.set()
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Plot the loss curves", "enter")
        await settle(pilot)
        [task] = [t for t in board_store.tasks() if t.title == "Plot the loss curves"]
        path = task_file(board_store, task.id)
        path.write_text(path.read_text().replace("Plot the loss", "Plot the"))
        await pilot.press("u")
        await settle(pilot)
        assert said(board_app)[-1] == (
            f"Cannot undo add 'Plot the loss curves': .credo/tasks/{task.id}.toml was"
            " changed by someone else since; their change is kept"
        )
        assert path.exists()
        await pilot.press("x")
        await settle(pilot)
        assert tomllib.loads(path.read_text())["status"] == "done"


async def test_an_undo_typed_after_the_first_has_long_been_slow_is_said_queued_at_once(
    board_app: CredoApp,
    board_store: Store,
    held: tuple[list[bool], threading.Event],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second u typed once the first had already taken longer than `QUEUED_SAID_AFTER`
    (a loaded machine: found with --late-workers) set a timer of 0 s, which Textual's
    timer divides by: it died, and the queued notice never came."""
    on_ui, go = held
    go.set()
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Plot the loss curves", "enter")
        await settle(pilot)
        monkeypatch.setattr(base, "QUEUED_SAID_AFTER", 0.0)  # the first is slow already
        go.clear()
        await pilot.press("u")
        await until(pilot, lambda: on_ui, "the undo's check")
        await pilot.press("u")
        queued = "Undo queued: still undoing add 'Plot the loss curves'; it goes once that is done"
        await until(pilot, lambda: queued in said(board_app), "the queued notice")
        go.set()
        await keys_through(pilot)


async def test_an_undo_typed_behind_a_slow_one_says_it_is_queued_once(
    board_app: CredoApp, board_store: Store, held: tuple[list[bool], threading.Event]
) -> None:
    """A second u while the first is still written (a hung `.git/HEAD`, a big project)
    showed nothing: it waits its turn, and says so once the first has taken long enough
    to be noticed; a third says nothing more. Both land once the first is through."""
    on_ui, go = held
    go.set()
    async with board_app.run_test(size=(120, 40)) as pilot:
        titles = ["Plot the loss curves", "Overfit one batch", "Log the valid loss"]
        for title in titles:
            await pilot.press("a", *title, "enter")
            await settle(pilot)
        go.clear()
        await pilot.press("u")
        await until(pilot, lambda: on_ui, "the undo's check")
        before = len(said(board_app))
        await pilot.press("u", "u")
        queued = "Undo queued: still undoing add 'Log the valid loss'; it goes once that is done"
        await until(pilot, lambda: queued in said(board_app), "the queued notice")
        await pilot.pause(0.5)
        assert said(board_app)[before:] == [queued]  # once, for both
        go.set()
        await keys_through(pilot)
        assert said(board_app)[before:] == [
            queued,
            "Undid: add 'Log the valid loss'",
            "Undid: add 'Overfit one batch'",
            "Undid: add 'Plot the loss curves'",
        ]
        assert [t.title for t in board_store.tasks() if t.title in titles] == []
