"""The report screen: `R` opens it, periods switch, `c` copies the Markdown."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual.containers import VerticalScroll

from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen
from credo.ui.screens.report import ReportScreen
from pilots import said, settle, until

EVERY = 10
"""`StoreFeed`'s polls between two looks for edits in place (no folder's mtime moved)."""


async def test_report_key_periods_and_copy(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("R")
        await settle(pilot)
        screen = board_app.screen
        assert isinstance(screen, ReportScreen)
        # the board's tasks were all created five days before "today": not in a day's report
        assert "## Added" not in screen.markdown
        assert "**3d overdue**: Fix leakage between train and valid" in screen.markdown
        await pilot.press("w")
        await settle(pilot)
        assert "## Added (7)" in screen.markdown
        assert "Check label balance per domain" in screen.markdown
        await pilot.press("c")
        assert board_app.clipboard == screen.markdown
        assert board_app.clipboard.startswith("# ptvid — report")
        # No terminal answers an OSC 52 copy: the words say it was sent, and what always works.
        [sent] = [m for m in said(board_app) if "clipboard" in m]
        assert sent.startswith("Sent as Markdown to the terminal's clipboard")
        assert "credo report --since week > report.md always works" in sent
        await pilot.press("escape")
        assert isinstance(board_app.screen, BoardScreen)


async def test_the_report_left_open_past_midnight_is_of_the_new_day(
    board_app: CredoApp,
) -> None:
    """The report was built once, when opened: left open across midnight, it still said
    the overdue days and the period of the day before."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("R")
        await settle(pilot)
        screen = board_app.screen
        assert isinstance(screen, ReportScreen)
        assert "**3d overdue**: Fix leakage between train and valid" in screen.markdown
        assert board_app.fixed_today is not None
        board_app.fixed_today += timedelta(days=1)  # the clock passes midnight; no key
        await until(pilot, lambda: "**4d overdue**: Fix leakage" in screen.markdown, "4d overdue")


async def test_the_report_left_open_says_a_change_made_in_another_terminal(
    board_app: CredoApp, board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report was built once, when opened: a task dropped meanwhile (credo drop in
    another terminal) was still overdue in it. A poll with nothing changed builds none."""
    import credo.actions.report as report_actions
    from credo.actions.tasks import drop_task

    built = []
    build_report = report_actions.build_report
    monkeypatch.setattr(
        report_actions, "build_report", lambda *a, **k: built.append(1) or build_report(*a, **k)
    )
    board_app.refresh_seconds = 3600  # only the polls below
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("R")
        await settle(pilot)
        screen = board_app.screen
        assert isinstance(screen, ReportScreen)
        assert "**3d overdue**: Fix leakage between train and valid" in screen.markdown
        for _ in range(EVERY):  # a look for edits in place among them
            screen.poll()
            await settle(pilot)
        assert built == [1]  # the opening's
        drop_task(Store(board_store.project_root), "t002")  # another process's store
        screen.poll()
        await settle(pilot)
        assert "Fix leakage" not in screen.markdown
        assert built == [1, 1]


async def test_report_is_in_the_palette(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)):
        titles = [c.title for c in board_app.get_system_commands(board_app.screen)]
        assert "Report" in titles


async def open_week(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("R")
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)


def test_report_screen_snapshot(snap_compare: Any, board_app: CredoApp) -> None:
    assert snap_compare(board_app, terminal_size=(110, 40), run_before=open_week)


@pytest.mark.parametrize("view", ["R", "question_mark"])
async def test_the_report_and_the_help_scroll_with_j_and_k(board_app: CredoApp, view: str) -> None:
    """As every other list and view does: j down, k up."""
    async with board_app.run_test(size=(80, 14)) as pilot:
        await open_week(pilot) if view == "R" else await pilot.press(view)
        await settle(pilot)
        [pane] = [s for s in board_app.screen.query(VerticalScroll) if s.max_scroll_y > 0]
        await pilot.press("j", "j")
        await settle(pilot)
        assert pane.scroll_y > 0
        await pilot.press("k", "k")
        await settle(pilot)
        assert pane.scroll_y == 0
