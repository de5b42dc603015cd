"""Task lists keep the rows they drew: what they show must never be out of date."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from boards import TODAY, make_task
from rich.style import Style

from credo.domain.models import Task
from credo.domain.quadrants import Quadrant
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen
from credo.ui.widgets.task_list import TaskList
from pilots import until


def screen_lines(app: CredoApp) -> list[str]:
    """The text of every line on the screen, as the next frame would draw it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def line_with(app: CredoApp, words: str) -> str:
    [line] = [line for line in screen_lines(app) if words in line]
    return line


def style_of(app: CredoApp, widget: TaskList, words: str) -> Style:
    """The style the screen draws `words` in, inside `widget`."""
    region = widget.content_region
    strips = app.screen._compositor.render_strips()
    for y in region.line_range:
        for segment in strips[y].crop(region.x, region.right):
            if words in segment.text:
                assert segment.style is not None
                return segment.style
    raise AssertionError(f"{words!r} is not in {widget}")


async def test_a_changed_title_is_drawn_again(board_app: CredoApp, board_store: Store) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Answer reviewer email" in line_with(board_app, "Answer reviewer")
        board_store.update(
            Task, "t005aaaabbbbcccc", lambda t: t.model_copy(update={"title": "Answer the AC"})
        )
        await until(pilot, lambda: "Answer the AC" in "\n".join(screen_lines(board_app)))
        text = "\n".join(screen_lines(board_app))
        assert "Answer the AC" in text and "Answer reviewer email" not in text


async def test_the_cursor_row_takes_the_new_themes_colours(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        themes = [name for name in board_app.available_themes if name.startswith("credo-")]
        first, second = themes[0], themes[1]
        board_app.theme = first
        await pilot.pause()
        do = board_app.screen.query_one("#list-do", TaskList)
        before = style_of(board_app, do, "Check label balance")
        assert before.bgcolor == do.get_component_rich_style("task-list--cursor-active").bgcolor
        board_app.theme = second
        await pilot.pause()
        await pilot.pause()
        after = style_of(board_app, do, "Check label balance")
        assert after.bgcolor == do.get_component_rich_style("task-list--cursor-active").bgcolor
        assert after.bgcolor != before.bgcolor
        # A row off the cursor is drawn on the new background too.
        plain = style_of(board_app, do, "Fix leakage")
        assert plain.bgcolor == do.rich_style.bgcolor


async def test_a_new_day_redraws_the_due_words_of_rows_kept_across_a_move(
    tmp_path: Path,
) -> None:
    root = tmp_path / "days"
    root.mkdir()
    store, _ = Store.init(root)
    make_task(store, 1, "Due soon", important=True, due=TODAY + timedelta(days=1))
    make_task(store, 2, "Stay here", important=True, urgent=True)
    make_task(store, 3, "Move me out", important=True, urgent=True)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")  # "Due soon" is drawn off the cursor, as after the move
        assert "tomorrow" in line_with(app, "Due soon")
        app.fixed_today = TODAY + timedelta(days=1)  # past midnight
        await pilot.press("4")  # the rows left in Do are the same row objects, on a new day
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        do = [r.task.title for r in board.state.columns[Quadrant.DO] if r.task]
        assert do == ["Due soon", "Stay here"]
        line = line_with(app, "Due soon")
        assert "today" in line and "tomorrow" not in line


async def test_the_detail_follows_a_moved_task(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")  # "Check label balance per domain" to Schedule
        await pilot.pause()
        facts = str(board_app.screen.query_one("#detail-facts").render())
        assert "Schedule" in facts and "Do" not in facts.split("quadrant")[1].split("\n")[0]
        await pilot.press("1")
        await pilot.pause()
        facts = str(board_app.screen.query_one("#detail-facts").render())
        assert "Do" in facts.split("quadrant")[1].split("\n")[0]


def thumb_rows(app: CredoApp, widget: TaskList) -> list[int]:
    """The lines of a list's scrollbar the thumb is drawn on (0 is the top of the bar)."""
    region = widget.vertical_scrollbar.region
    strips = app.screen._compositor.render_strips()
    return [
        y - region.y
        for y in region.line_range
        if any(
            (segment.style and segment.style.reverse) or segment.text.strip()
            for segment in strips[y].crop(region.x, region.right)
        )
    ]


async def test_the_scrollbar_thumb_follows_moves_and_scrolls(board_store: Store) -> None:
    for n in range(10, 90):
        make_task(board_store, n, f"Read paper {n}", important=True)
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        schedule = app.screen.query_one("#list-schedule", TaskList)
        height = schedule.vertical_scrollbar.region.height
        assert thumb_rows(app, schedule)[0] == 0
        await pilot.press("h", "2")  # a task from Do joins at the end, the cursor follows
        await pilot.pause()
        assert schedule.rows[-1].task is not None
        assert schedule.rows[-1].task.title == "Check label balance per domain"
        assert schedule.cursor == len(schedule.rows) - 1
        assert thumb_rows(app, schedule)[-1] == height - 1
        await pilot.press(*["k"] * 40)
        await pilot.pause()
        middle = thumb_rows(app, schedule)
        assert 0 not in middle and height - 1 not in middle
        await pilot.press(*["k"] * 50)  # back to the top
        await pilot.pause()
        assert thumb_rows(app, schedule)[0] == 0


async def test_a_row_with_no_due_date_keeps_a_blank_cell_before_the_border(
    tmp_path: Path,
) -> None:
    """A row's due date ends in a blank cell, but a row with none took the whole width: a
    long title, or Delegate's `@?`, touched the list's border
    (`Answer Bruno about masking surnam… @?││`)."""
    root = tmp_path / "margins"
    root.mkdir()
    store, _ = Store.init(root)
    long = "Answer Bruno about masking surnames in the legal documents before the release"
    make_task(store, 1, long, important=True, urgent=True)
    make_task(store, 2, f"{long}, again", important=True, urgent=True, tags=["data", "legal"])
    make_task(store, 3, f"{long}, dated", important=True, due=TODAY + timedelta(days=9))
    make_task(store, 4, f"{long}, asked", urgent=True)  # Delegate: `@?`, no one has it
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        drawn = []
        for widget in app.screen.query(TaskList):
            region = widget.content_region
            for y in range(region.y, region.y + len(widget.rows)):
                drawn.append(lines[y][region.x : region.right])
        assert len(drawn) == 4 and any(row.endswith("… @? ") for row in drawn), drawn
        for row in drawn:
            assert row.startswith(" Answer Bruno") and row.endswith(" "), row
