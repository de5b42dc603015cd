"""A change redraws only the quadrants it touched (`BoardScreen.apply_changes`): the
board it leaves must be the board a whole redraw of the same tasks draws, every column's
title, rows and cursor, and the status line under them."""

from __future__ import annotations

from typing import Any

from credo.domain.quadrants import QUADRANTS, Quadrant
from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen, QuadrantTitle
from credo.ui.widgets.task_list import TaskList
from pilots import screen_text, settle


def board(app: CredoApp) -> BoardScreen:
    assert isinstance(app.screen, BoardScreen)
    return app.screen


def column(app: CredoApp, quadrant: Quadrant) -> tuple[str, list[str]]:
    """A quadrant's title as it reads, and its rows' titles."""
    title = app.screen.query_one(f"#title-{quadrant.value}", QuadrantTitle).forms[0].plain
    rows = app.screen.query_one(f"#list-{quadrant.value}", TaskList).rows
    return title, [r.task.title if r.task else r.path for r in rows]


async def as_a_whole_redraw_draws_it(pilot: Any) -> dict[Quadrant, tuple[str, list[str]]]:
    """Every column now, after asserting that the screen reads the same once the whole
    board is drawn again from its tasks."""
    await settle(pilot)
    columns = {q: column(pilot.app, q) for q in QUADRANTS}
    shown = screen_text(pilot.app)
    board(pilot.app).redraw()
    await pilot.pause()
    assert {q: column(pilot.app, q) for q in QUADRANTS} == columns
    assert screen_text(pilot.app) == shown
    return columns


async def test_a_move_from_do_to_delegate_redraws_both_and_leaves_the_others(
    board_app: CredoApp,
) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        before = await as_a_whole_redraw_draws_it(pilot)
        await pilot.press("3", *"ada", "enter")  # Do's first task, to Delegate for Ada
        after = await as_a_whole_redraw_draws_it(pilot)
        moved = "Check label balance per domain"
        assert after[Quadrant.DO] == (
            before[Quadrant.DO][0].replace("Do 2", "Do 1"),
            [t for t in before[Quadrant.DO][1] if t != moved],
        )
        assert after[Quadrant.DELEGATE][0].startswith("Delegate 3 ")
        assert moved in after[Quadrant.DELEGATE][1]
        for untouched in (Quadrant.SCHEDULE, Quadrant.ELIMINATE):
            assert after[untouched] == before[untouched]
        assert board(board_app).state.focus == Quadrant.DELEGATE  # the cursor followed
        assert board(board_app).selected_task().title == moved


async def test_an_add_then_its_undo_redraw_only_what_they_change(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        before = await as_a_whole_redraw_draws_it(pilot)
        await pilot.press("a", *"Plot the attention maps !", "enter")  # important: Schedule
        added = await as_a_whole_redraw_draws_it(pilot)
        assert added[Quadrant.SCHEDULE][0].startswith("Schedule 3 ")
        assert "Plot the attention maps" in added[Quadrant.SCHEDULE][1]
        for untouched in (Quadrant.DO, Quadrant.DELEGATE, Quadrant.ELIMINATE):
            assert added[untouched] == before[untouched]
        await pilot.press("u")
        assert await as_a_whole_redraw_draws_it(pilot) == before


async def test_moves_under_a_filter_keep_every_column_and_the_overdue_count_right(
    board_app: CredoApp,
) -> None:
    """Under a filter a change redraws the whole board: the overdue task the filter hides
    is counted in the status line, before a move and after it and its undo."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"#someday", "enter")  # hides the overdue leakage task
        before = await as_a_whole_redraw_draws_it(pilot)
        assert "1 overdue hidden by the filter" in screen_text(board_app)
        await pilot.press("2")  # the fancier tokenizer, from Eliminate to Schedule
        after = await as_a_whole_redraw_draws_it(pilot)
        assert after[Quadrant.SCHEDULE][1] == ["Try a fancier tokenizer"]
        assert after[Quadrant.ELIMINATE][1] == []
        assert "1 overdue hidden by the filter" in screen_text(board_app)
        await pilot.press("u")
        assert await as_a_whole_redraw_draws_it(pilot) == before
