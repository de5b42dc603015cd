"""The report screen: `R` opens it, periods switch, `c` copies the Markdown."""

from __future__ import annotations

from typing import Any

from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen
from credo.ui.screens.report import ReportScreen
from pilots import said, settle


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
        assert any("copied" in m for m in said(board_app))
        await pilot.press("escape")
        assert isinstance(board_app.screen, BoardScreen)


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
