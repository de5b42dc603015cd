"""A view freezes what it loaded once its load is shown, and never while another view
is on top (that view may be opening: the collection would stall its first draw)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from credo.store import collector
from credo.ui.app import CredoApp
from credo.ui.freezing import Freezer
from credo.ui.screens.board import BoardScreen
from credo.ui.screens.runs import RunsScreen
from pilots import settle, until
from runsets import sweep


class Host(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.freezer = Freezer(self, seconds=0.01)

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_screen_resume(self) -> None:
        self.freezer.resumed()


class HostApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Host())


@pytest.fixture
def freezes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per freeze (not done for real: other tests' objects stay as they are)."""
    seen: list[int] = []
    monkeypatch.setattr(collector, "freeze_survivors", lambda: seen.append(1))
    return seen


async def host_of(app: App[None], pilot: object) -> Host:
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, Host)
    return app.screen


async def test_a_freeze_due_under_another_view_waits_until_the_view_is_back(
    freezes: list[int],
) -> None:
    app = HostApp()
    async with app.run_test() as pilot:
        host = await host_of(app, pilot)
        host.freezer.after_load()
        await app.push_screen(Screen())
        await asyncio.sleep(0.1)  # well past the freeze's time
        assert freezes == []
        app.pop_screen()
        await until(pilot, lambda: len(freezes) == 1)
        await asyncio.sleep(0.1)
        assert len(freezes) == 1


async def test_a_burst_of_loads_freezes_once(freezes: list[int]) -> None:
    app = HostApp()
    async with app.run_test() as pilot:
        host = await host_of(app, pilot)
        for _ in range(5):
            host.freezer.after_load()
        await until(pilot, lambda: len(freezes) == 1)
        await asyncio.sleep(0.1)
        assert len(freezes) == 1


async def test_the_board_s_freeze_waits_while_the_runs_view_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board's full freeze, due while the Runs view is shown, waits for the board;
    the Runs view keeps what is loaded, its rows too, out of the GC's walks at once."""
    # Due when the test says, with the view open: counted from the board's first load
    # (1 s, then 2.5 s), it came due first when a loaded machine was slow to open the view.
    monkeypatch.setattr(BoardScreen, "freeze_seconds", 3600.0)
    app = CredoApp(sweep(tmp_path / "ptvid"), refresh_seconds=3600)
    full: list[type[Screen[object]]] = []
    quick: list[bool] = []
    monkeypatch.setattr(collector, "freeze_survivors", lambda: full.append(type(app.screen)))
    monkeypatch.setattr(collector, "freeze_now", lambda: quick.append(bool(runs_rows(app))))
    async with app.run_test(size=(120, 30)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        await pilot.press("r")  # before the board's freeze is due
        await settle(pilot)
        assert isinstance(app.screen, RunsScreen)
        board._freezer.seconds = 0.01  # the board loads again (its poll), its freeze due now
        board._freezer.after_load()
        await until(pilot, lambda: board._freezer._timer is None, "the board's freeze due")
        assert full == []
        assert quick == [False, False]  # as the view opened, and its rows once built
        await pilot.press("escape")
        await until(pilot, lambda: full == [BoardScreen])


def runs_rows(app: CredoApp) -> list[object]:
    """The rows the Runs view shows (none before its first load is drawn)."""
    screen = app.screen
    return list(screen.all_rows) if isinstance(screen, RunsScreen) else []


@pytest.fixture
def held() -> Iterator[None]:
    """The collector held as `credo` holds it while it starts (and let go after)."""
    gc.unfreeze()  # what other tests' boards froze
    collector.hold()
    yield
    collector.started()  # a no-op when the app already let it go
    gc.unfreeze()


def test_started_lets_go_only_of_what_hold_held() -> None:
    gc.unfreeze()
    collector.started()  # never held: the GC is left as it was
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()  # turned off by someone else (a test): hold takes no part in it
    try:
        collector.hold()
        collector.started()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


async def test_the_start_up_holds_the_collector_until_the_first_frame(
    board_app: CredoApp, held: None
) -> None:
    assert not gc.isenabled()
    async with board_app.run_test(size=(120, 40)) as pilot:
        await until(pilot, gc.isenabled, "the GC back on after the first frame")
        assert gc.get_freeze_count() > 0  # what the start built, out of the GC's walks
        assert isinstance(board_app.screen, BoardScreen)
