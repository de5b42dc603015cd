"""Pilot tests: press the board's keys, check the screen AND the files."""

from __future__ import annotations

import os
import re
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from boards import make_task, task_file
from textual.widgets import Input, Static

from credo.domain.quadrants import QUADRANTS, Quadrant
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen, QuadrantTitle
from credo.ui.widgets.task_list import TaskList
from pilots import (
    Held,
    esc_asks_before_it_drops,
    keys_through,
    look_in_flight,
    said,
    screen_text,
    settle,
    typed,
    typed_fast,
    until,
    workers_done,
)

from repos import (
    bytes_in_dot_git,
    commit_file,
    conflicted_merge,
    git,
    loop_behind_dot_git,
    shared_board,
)

TODAY = date(2026, 11, 25)


def board(app: CredoApp) -> BoardScreen:
    assert isinstance(app.screen, BoardScreen)
    return app.screen


def titles(app: CredoApp, quadrant: Quadrant) -> list[str]:
    rows = app.screen.query_one(f"#list-{quadrant.value}", TaskList).rows
    return [r.task.title for r in rows if r.task]


def on_disk(store: Store, task_id: str) -> dict[str, object]:
    return tomllib.loads((store.credo_dir / "tasks" / f"{task_id}.toml").read_text())


async def test_quadrants_show_tasks_in_order(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)):
        assert titles(board_app, Quadrant.DO) == [
            "Check label balance per domain",
            "Fix leakage between train and valid",
        ]
        assert titles(board_app, Quadrant.SCHEDULE) == [
            "Write the related-work section",
            "Overfit ten examples",
        ]
        assert titles(board_app, Quadrant.DELEGATE) == [
            "Answer reviewer email",
            "Weekly sync notes",
        ]
        assert titles(board_app, Quadrant.ELIMINATE) == ["Try a fancier tokenizer"]


async def test_add_with_quick_syntax_and_preview(board_app: CredoApp, board_store: Store) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.press(*"Plot loss curves ! #viz due:2026-12-24")
        await settle(pilot)
        preview = str(board_app.screen.query_one("#add-preview").render())
        assert "Plot loss curves" in preview and "important" in preview and "#viz" in preview
        await pilot.press("enter")
        await settle(pilot)
        assert "Plot loss curves" in titles(board_app, Quadrant.SCHEDULE)
        [task] = [t for t in board_store.tasks() if t.title == "Plot loss curves"]
        assert task.important and task.tags == ["viz"] and task.due == date(2026, 12, 24)
        assert board(board_app).selected_task() == task


async def test_the_add_boxs_hint_wraps_between_its_items(board_app: CredoApp) -> None:
    """At 80x24 the hint wrapped anywhere, leaving a lone `·` at a line's end."""
    async with board_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        lines = [
            line.strip(" │▎▊") for line in screen_text(board_app).replace("\xa0", " ").splitlines()
        ]
        hint = [line for line in lines if "! important" in line or "esc cancels" in line]
        assert len(hint) == 2, hint  # it does wrap at this width
        assert not any(line.endswith("·") for line in hint), hint


async def test_the_add_box_refuses_a_title_too_long_or_with_control_characters(
    board_app: CredoApp, board_store: Store
) -> None:
    before = len(board_store.tasks())
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        for line, says in [
            ("x" * 200_000, "a title is at most 300 characters (this one has 200,000)"),
            ("ring \x07 the bell", "a title cannot hold control characters (U+0007)"),
            ("Train due:0001-01-01", "a due date is at most 100 years from today"),
            ("Train #" + "t" * 51, "a tag is at most 50 characters (this one has 51)"),
        ]:
            board_app.screen.query_one("#add-line", Input).value = line
            await settle(pilot)
            assert says in str(board_app.screen.query_one("#add-preview").render())
            await pilot.press("enter")
            await settle(pilot)
            assert board_app.screen.query("#add-line")  # still open, nothing added
    assert len(board_store.tasks()) == before


async def test_add_preview_says_where_the_task_lands(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        for line, words in (
            ("Tidy the logs", "not important, not urgent → Eliminate"),
            ("Tidy the logs !", "important, not urgent → Schedule"),
            ("Tidy the logs due:tomorrow", "not important, urgent → Delegate"),
            ("Tidy the logs ! ^", "important, urgent → Do"),
        ):
            await pilot.press("a", *line)
            await settle(pilot)
            assert words in str(board_app.screen.query_one("#add-preview").render()), line
            await pilot.press("escape", "y")  # what is typed is dropped on purpose


async def test_dates_are_read_off_the_ui_thread(
    board_app: CredoApp, board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dateparser's first use takes about a second: the add box and the edit form
    read dates in workers, and the add itself does not read the line again."""
    from credo.domain import dates

    on_ui_thread: list[bool] = []
    read = dates._parse_with_dateparser

    def spy(text: str, today: date, past: bool) -> date:
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        return read(text, today, past)

    monkeypatch.setattr(dates, "_parse_with_dateparser", spy)
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Poster due:24_dec_2026")
        await settle(pilot)
        assert "due 2026-12-24" in str(board_app.screen.query_one("#add-preview").render())
        await pilot.press("enter")
        await settle(pilot)
        [poster] = [t for t in board_store.tasks() if t.title == "Poster"]
        assert poster.due == date(2026, 12, 24)
        await pilot.press("e")
        board_app.screen.query_one("#edit-due", Input).value = "3 jan 2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert on_disk(board_store, poster.id)["due"] == date(2027, 1, 3)
    assert on_ui_thread and not any(on_ui_thread)


@pytest.fixture
def slow_dateparser(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """dateparser reads a date only once the event is set, as slow as its first import
    (some 3 s)."""
    from credo.domain import dates

    read, answer = dates._parse_with_dateparser, threading.Event()

    def slow(text: str, today: date, past: bool) -> date:
        answer.wait(10)
        return read(text, today, past)

    monkeypatch.setattr(dates, "_parse_with_dateparser", slow)
    return answer


async def test_a_date_begun_loads_the_date_reader_while_it_is_typed(
    board_app: CredoApp, board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dateparser's first date (one no rule knows, `3 jan 2027`) took 0.5 to 0.9 s, the
    add box saying `reading the date…` meanwhile: it is loaded as soon as `due:` is typed
    (in the edit form, as its Due changes), so the date is read at once when it comes."""
    from credo.domain import dates

    asked: list[str] = []

    def recorded(text: str, today: date, past: bool) -> date:
        asked.append(text)
        return date(2027, 1, 3)  # (dateparser's own import: seconds of a loaded machine)

    monkeypatch.setattr(dates, "_parse_with_dateparser", recorded)
    dates.warm_up.cache_clear()  # as in a process that has not read such a date yet
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Rerun due:")
        await settle(pilot)
        assert asked == ["1 january 2000"]  # loaded before the date is typed
        await pilot.press(*"3_jan_2027")
        await settle(pilot)
        assert "due 2027-01-03" in str(board_app.screen.query_one("#add-preview").render())
        await pilot.press("escape", "y")
        dates.warm_up.cache_clear()
        asked.clear()
        await pilot.press("e")
        await settle(pilot)
        assert asked == []  # no date typed yet
        board_app.screen.query_one("#edit-due", Input).focus()
        await pilot.press("3")
        await settle(pilot)
        assert asked == ["1 january 2000"]


async def test_the_edit_form_says_it_is_reading_a_date(
    board_app: CredoApp, board_store: Store, slow_dateparser: threading.Event
) -> None:
    """dateparser's first use took some 3 s after ctrl+s with no sign of work: the form
    says it is reading the date, and takes keys meanwhile."""
    answer = slow_dateparser
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        form = board_app.screen
        form.query_one("#edit-due", Input).value = "3 jan 2027"
        try:
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "reading the date…" in str(form.query_one("#edit-error").render())
            await pilot.press("end", "!")  # the form takes keys meanwhile
            assert form.query_one("#edit-title", Input).value.endswith("!")
            form.query_one("#edit-due", Input).value = "4 jan 2027"
            await pilot.pause()
            assert "reading" not in str(form.query_one("#edit-error").render())  # not yet
            await pilot.press("ctrl+s")
        finally:
            answer.set()
        await settle(pilot)
        assert board_app.screen is not form
    task = on_disk(board_store, "t001aaaabbbbcccc")
    assert task["title"].endswith("!") and task["due"] == date(2027, 1, 4)


async def test_the_add_box_says_it_is_reading_a_date(
    board_app: CredoApp, board_store: Store, slow_dateparser: threading.Event
) -> None:
    """The preview showed no sign of work while dateparser's first import read a date
    (some 3 s): it says it is reading the date, as the edit form does, and the box takes
    keys meanwhile. A date read at once shows no sign."""
    answer = slow_dateparser
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Rerun due:friday")
        preview = board_app.screen.query_one("#add-preview")
        await until(pilot, lambda: "due" in str(preview.render()), "the date read")
        assert "reading" not in str(preview.render())
        try:
            await pilot.press(*["backspace"] * len("friday"), *"3_jan_2027")
            await until(pilot, lambda: "reading the date…" in str(preview.render()), "sign")
            await pilot.press("space", *"#later")  # the box takes keys meanwhile
            assert board_app.screen.query_one("#add-line", Input).value.endswith("#later")
        finally:
            answer.set()
        await settle(pilot)
        assert "due 2027-01-03" in str(preview.render())
        await pilot.press("enter")
        await settle(pilot)
    [rerun] = [t for t in board_store.tasks() if t.title == "Rerun"]
    assert rerun.tags == ["later"] and rerun.due == date(2027, 1, 3)


async def test_add_box_shows_the_newest_line_and_submits_what_it_shows(
    board_app: CredoApp, board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow answer for an older line never replaces the newer line's preview."""
    from credo.domain import dates

    read = dates._parse_with_dateparser

    def slow_for_march(text: str, today: date, past: bool) -> date:
        if "march" in text:
            time.sleep(0.3)
        return read(text, today, past)

    monkeypatch.setattr(dates, "_parse_with_dateparser", slow_for_march)
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Rerun due:3_march_2027")
        await pilot.press(*["backspace"] * len("due:3_march_2027"), *"#later")
        await settle(pilot)
        preview = str(board_app.screen.query_one("#add-preview").render())
        assert "#later" in preview and "due" not in preview
        await pilot.press("enter")
        await settle(pilot)
    [rerun] = [t for t in board_store.tasks() if t.title == "Rerun"]
    assert rerun.tags == ["later"] and rerun.due is None


async def test_done_undo_redo(board_app: CredoApp, board_store: Store) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "done"
        assert "Check label balance per domain" not in titles(board_app, Quadrant.DO)
        await pilot.press("u")
        await settle(pilot)  # an undo is written in a worker
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "open"
        assert titles(board_app, Quadrant.DO)[0] == "Check label balance per domain"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "done"


async def test_undo_and_redo_say_what_they_changed(board_app: CredoApp) -> None:
    """Each key once the one before has done its work, as a person reads the board
    before the next key (an undo is written in a worker, and a second u pressed
    meanwhile is refused: the step is still being taken)."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ("x", "l", "4", "u", "u", "ctrl+r"):
            await pilot.press(key)
            await settle(pilot)
        assert said(board_app)[-3:] == [
            "Undid: move 'Write the related-work section' to Eliminate",
            "Undid: done 'Check label balance per domain'",
            "Redid: done 'Check label balance per domain'",
        ]


async def test_a_refused_write_is_a_message_and_the_board_stays(
    board_app: CredoApp, board_store: Store
) -> None:
    path = task_file(board_store, "t001aaaabbbbcccc")
    before = path.read_bytes()
    lock = board_store.credo_dir / "cache" / "write.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()  # the file system refuses the write
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert board_app.is_running and isinstance(board_app.screen, BoardScreen)
        messages = said(board_app)
        assert any(m.startswith("cannot write .credo/cache/write.lock") for m in messages)
        assert titles(board_app, Quadrant.DO)[0] == "Check label balance per domain"
    assert path.read_bytes() == before


async def test_an_add_that_cannot_be_written_gives_the_line_back(
    board_app: CredoApp, board_store: Store
) -> None:
    from textual.widgets import Static

    from credo.ui.screens.task_forms import AddTaskScreen

    lock = board_store.credo_dir / "cache" / "write.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()  # the file system refuses the write
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Plot the loss ! #viz", "enter")
        await settle(pilot)
        assert isinstance(board_app.screen, AddTaskScreen)  # open again, with the line
        assert board_app.screen.query_one("#add-line", Input).value == "Plot the loss ! #viz"
        preview = str(board_app.screen.query_one("#add-preview", Static).content)
        assert "Plot the loss" in preview and "#viz" in preview
        assert any("cannot write" in m for m in said(board_app))
        lock.rmdir()  # space again
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(board_app.screen, BoardScreen)
    assert [t.title for t in board_store.tasks() if "viz" in t.tags] == ["Plot the loss"]


@pytest.mark.parametrize("spoil", [loop_behind_dot_git, bytes_in_dot_git])
async def test_a_dot_git_naming_no_git_folder_is_said_by_a_board_key(
    linked: Path, spoil: Callable[[Path], str]
) -> None:
    """The board's write lock is in the git folder the `.git` file names: a key that
    wrote crashed the app on the interface thread (a loop of links; a byte that is not
    UTF-8)."""
    store = Store.open(linked)
    make_task(store, 1, "Plot the loss", important=True, urgent=True)
    path = task_file(store, "t001aaaabbbbcccc")
    before = path.read_bytes()
    async with CredoApp(store, refresh_seconds=3600).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        message = spoil(linked)
        await pilot.press("x")
        await settle(pilot)
        assert pilot.app.is_running and message in said(pilot.app)
    assert path.read_bytes() == before


async def test_move_between_quadrants_with_number_keys(
    board_app: CredoApp, board_store: Store
) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        data = on_disk(board_store, "t001aaaabbbbcccc")
        assert data["important"] is False and data["urgent"] is False
        assert titles(board_app, Quadrant.ELIMINATE)[-1] == "Check label balance per domain"
        assert board(board_app).state.focus == Quadrant.ELIMINATE  # the cursor follows
        await pilot.press("1")
        assert titles(board_app, Quadrant.DO)[-1] == "Check label balance per domain"


async def test_due_task_cannot_leave_urgent_and_says_why(
    board_app: CredoApp, board_store: Store
) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "2")  # the overdue leakage task
        await pilot.pause()
        assert any("due" in m for m in said(board_app))
        assert on_disk(board_store, "t002aaaabbbbcccc")["urgent"] is False
        assert "Fix leakage between train and valid" in titles(board_app, Quadrant.DO)


async def test_opens_on_the_first_quadrant_holding_a_task(tmp_path: Path) -> None:
    """A new user's one task sits in Delegate: the board opens with it selected, not on
    an empty Do saying "No task selected. Press a to add one"."""
    store, _ = Store.init(tmp_path)
    make_task(store, 1, "Answer reviewer email", urgent=True)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)):
        screen = board(app)
        assert screen.state.focus == Quadrant.DELEGATE
        assert screen.selected_task() is not None
        assert screen.selected_task().title == "Answer reviewer email"
        assert "No task selected" not in screen_text(app)


async def test_a_quadrant_emptied_says_where_the_other_tasks_are(tmp_path: Path) -> None:
    """`x` on Do's last task left the detail saying "No task selected. Press a to add
    one", though Schedule held a task: it says how to reach it now, and asks to add one
    only when the board shows no task at all."""
    store, _ = Store.init(tmp_path)
    make_task(store, 1, "Fix the lr schedule", important=True, urgent=True)
    make_task(store, 2, "Read the paper", important=True)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = board(app)
        assert screen.state.focus == Quadrant.DO
        await pilot.press("x")
        await settle(pilot)
        facts = screen.query_one("#detail-facts", Static)
        assert str(facts.content) == (
            "No task in Do: the arrows (or h j k l) move to the tasks in the other quadrants."
        )
        await pilot.press("right")
        await settle(pilot)
        assert screen.selected_task() is not None
        await pilot.press("x")
        await settle(pilot)
        assert str(facts.content) == "No task selected. Press a to add one."


async def test_a_board_left_open_past_midnight_shows_the_new_day(tmp_path: Path) -> None:
    store, _ = Store.init(tmp_path)
    make_task(store, 1, "Submit the camera-ready", important=True, due=date(2026, 11, 28))
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        assert titles(app, Quadrant.SCHEDULE) == ["Submit the camera-ready"]
        assert "in 3d" in screen_text(app)
        app.fixed_today = date(2026, 11, 26)  # the clock passes midnight; no file changes
        await until(pilot, lambda: titles(app, Quadrant.DO), "the task to become urgent")
        assert titles(app, Quadrant.SCHEDULE) == []
        assert "in 2d" in screen_text(app) and "in 3d" not in screen_text(app)


@pytest.fixture
def zone_kept() -> Iterator[None]:
    """The process's time zone as it was, after a test that changes TZ (the C library's
    zone is the whole process's)."""
    before = os.environ.get("TZ")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


async def test_a_board_left_open_follows_a_change_of_time_zone(
    tmp_path: Path, zone_kept: None
) -> None:
    """A laptop flown across the date line: the C library had read the zone once, so a
    board left open kept the old zone's day (`today` for a task due yesterday there) until
    a restart. The day's look re-reads the zone. From UTC-12 to UTC+14 the date always
    moves, by one or two days, whatever the hour."""
    os.environ["TZ"] = "<-12>12"
    time.tzset()
    store, _ = Store.init(tmp_path)
    make_task(store, 1, "Submit the camera-ready", important=True, due=date.today())
    app = CredoApp(store, refresh_seconds=0.2)  # the real clock, and its zone

    def row() -> str:  # the task's row (its title cut short) and the details' title
        return "".join(line for line in screen_text(app).splitlines() if "camera-re" in line)

    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "today" in row(), "due today")
        os.environ["TZ"] = "<+14>-14"  # as a system's zone changes: nobody calls tzset
        await until(pilot, lambda: "d overdue" in row(), "the new zone's day")
        assert "today" not in row()


async def test_the_board_follows_an_edit_of_the_urgency_horizon(tmp_path: Path) -> None:
    """The board read .credo/config.toml once: a horizon edited while it was open moved no
    task until it was opened again."""
    store, _ = Store.init(tmp_path)
    make_task(store, 1, "Submit the camera-ready", important=True, due=date(2026, 11, 28))
    config = store.credo_dir / "config.toml"
    template = config.read_text()
    assert "\nurgency_horizon_days = 2\n" in template
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        assert titles(app, Quadrant.SCHEDULE) == ["Submit the camera-ready"]  # in 3 days
        config.write_text(template.replace("_days = 2", "_days = 5"))
        await until(pilot, lambda: titles(app, Quadrant.DO), "the task to become urgent")
        assert "Submit the camera-ready" in screen_text(app)
        config.write_text(template.replace("_days = 2", "_days = 'a week'"))
        problem = ".credo/config.toml: field 'urgency_horizon_days'"
        await until(pilot, lambda: any(problem in m for m in said(app)), "the bad value said")
        fresh = Store.open(tmp_path)
        assert fresh.config.urgency_horizon_days == 2  # what `credo ls` reads, saying:
        assert [m for m in said(app) if problem in m] == [str(p) for p in fresh.config_problems]
        assert titles(app, Quadrant.SCHEDULE) == ["Submit the camera-ready"]  # the default


async def test_navigation_across_quadrants(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        screen = board(board_app)
        await pilot.press("l")
        assert screen.state.focus == Quadrant.SCHEDULE
        await pilot.press("down", "down")  # past the end: into Eliminate below
        assert screen.state.focus == Quadrant.ELIMINATE
        await pilot.press("h")
        assert screen.state.focus == Quadrant.DELEGATE
        await pilot.press("k")
        assert screen.state.focus == Quadrant.DO
        assert screen.selected_task() is not None
        assert screen.selected_task().title == "Fix leakage between train and valid"


async def test_reorder_changes_one_file(board_app: CredoApp, board_store: Store) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        before = {t.id: on_disk(board_store, t.id) for t in board_store.tasks()}
        await pilot.press("J")
        assert titles(board_app, Quadrant.DO) == [
            "Fix leakage between train and valid",
            "Check label balance per domain",
        ]
        changed = [i for i, data in before.items() if on_disk(board_store, i) != data]
        assert changed == ["t001aaaabbbbcccc"]
        await pilot.press("shift+up")
        assert titles(board_app, Quadrant.DO)[0] == "Check label balance per domain"


async def test_a_click_below_a_quadrants_rows_makes_it_the_one_the_keys_act_on(
    board_app: CredoApp, board_store: Store
) -> None:
    """A click on a quadrant's blank part (below its last task) did nothing: the keys
    stayed with the quadrant before, as the arrows moving there would not."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = board(board_app)
        assert screen.state.focus == Quadrant.DO
        await pilot.click("#list-eliminate", offset=(5, 6))  # its one task is on line 0
        await settle(pilot)
        assert screen.state.focus == Quadrant.ELIMINATE
        assert screen.selected_task().title == "Try a fancier tokenizer"
        await pilot.press("x")
        await settle(pilot)
    assert on_disk(board_store, "t007aaaabbbbcccc")["status"] == "done"
    assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "open"


async def test_click_selects_and_double_click_edits(board_app: CredoApp) -> None:
    from credo.ui.screens.task_forms import EditTaskScreen

    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#list-schedule", offset=(5, 1))  # the second row
        await settle(pilot)
        screen = board(board_app)
        assert screen.state.focus == Quadrant.SCHEDULE
        assert screen.selected_task().title == "Overfit ten examples"
        detail = str(screen.query_one("#detail-facts").render())
        assert "Schedule" in detail
        await pilot.double_click("#list-delegate", offset=(5, 0))
        await settle(pilot)
        assert isinstance(board_app.screen, EditTaskScreen)
        assert board_app.screen.task_item.title == "Answer reviewer email"


async def test_edit_modal_saves_fields(board_app: CredoApp, board_store: Store) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "e")
        title = board_app.screen.query_one("#edit-title", Input)
        title.value = "Write related work"
        board_app.screen.query_one("#edit-tags", Input).value = "paper writing"
        board_app.screen.query_one("#edit-due", Input).value = "2026-12-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = on_disk(board_store, "t003aaaabbbbcccc")
        assert data["title"] == "Write related work"
        assert data["tags"] == ["paper", "writing"]
        assert str(data["due"]) == "2026-12-01"
        assert "Write related work" in titles(board_app, Quadrant.SCHEDULE)


async def test_typing_in_the_edit_form_adds_to_the_title(
    board_app: CredoApp, board_store: Store
) -> None:
    """The form opened with the whole title selected: the first key typed replaced it."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "e")
        await settle(pilot)
        await pilot.press(*" today", "ctrl+s")
        await settle(pilot)
        assert (
            on_disk(board_store, "t003aaaabbbbcccc")["title"]
            == "Write the related-work section today"
        )


async def test_edit_rejects_a_bad_date_and_keeps_the_file(
    board_app: CredoApp, board_store: Store
) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        before = on_disk(board_store, "t001aaaabbbbcccc")
        await pilot.press("enter")
        board_app.screen.query_one("#edit-due", Input).value = "someday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "cannot read the date" in str(board_app.screen.query_one("#edit-error").render())
        await pilot.press("escape")
        assert on_disk(board_store, "t001aaaabbbbcccc") == before


async def test_drop_and_recurring_choice(board_app: CredoApp, board_store: Store) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "j", "j", "j", "d")  # Delegate, second row: the recurring sync
        await pilot.pause()
        await pilot.press("o")  # this one only
        await pilot.pause()
        assert on_disk(board_store, "t006aaaabbbbcccc")["status"] == "dropped"
        following = [t for t in board_store.tasks() if t.title == "Weekly sync notes" and t.is_open]
        assert len(following) == 1 and following[0].due == date(2026, 12, 3)
        assert following[0].every == "week"


async def test_one_u_undoes_an_edit_of_this_occurrence_only(
    board_app: CredoApp, board_store: Store
) -> None:
    """ "This one" takes the occurrence out of its series, then edits it: two files, one
    action the user made, so one `u` puts both back."""
    tasks = board_store.credo_dir / "tasks"
    before = {path.name: path.read_bytes() for path in tasks.glob("*.toml")}
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "j", "j", "j", "e")  # Delegate, second row: the recurring sync
        board_app.screen.query_one("#edit-title", Input).value = "Sync notes, short week"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("o")  # this one only
        await settle(pilot)
        assert on_disk(board_store, "t006aaaabbbbcccc")["title"] == "Sync notes, short week"
        assert len(list(tasks.glob("*.toml"))) == len(before) + 1  # the series goes on
        await pilot.press("u")
        await settle(pilot)
        assert {path.name: path.read_bytes() for path in tasks.glob("*.toml")} == before
        assert titles(board_app, Quadrant.DELEGATE)[-1] == "Weekly sync notes"


async def test_pin_and_today_view_never_hides_overdue(
    board_app: CredoApp, board_store: Store
) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        assert str(on_disk(board_store, "t001aaaabbbbcccc")["pinned"]) == "2026-11-25"
        await pilot.press("T")
        assert titles(board_app, Quadrant.DO) == [
            "Check label balance per domain",
            "Fix leakage between train and valid",  # overdue: shown although not pinned
        ]
        assert titles(board_app, Quadrant.SCHEDULE) == []
        await pilot.press("T")
        assert len(titles(board_app, Quadrant.SCHEDULE)) == 2


@pytest.mark.parametrize("key", ["y", "t"])
async def test_T_says_what_it_does_now_under_the_one_id_the_keymap_names(
    board_store: Store, key: str
) -> None:
    """The footer said `T Today` with the today view on, where T shows every task again:
    it says what T does now, and `board.today_only` in the keymap moves T in both states.
    T is two bindings under that one id, which Textual reports to `handle_bindings_clash`
    as a clash with itself (credo leaves that hook alone): moved onto t, Pin's key, it
    switches in both states there too, t no longer pins, and Pin, left with no key, is
    named once."""
    from credo.store.userconfig import save_user_config, user_config_path

    save_user_config(keymap={"board.today_only": key})
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert f" {key} Today " in screen_text(app).splitlines()[-1]
        await pilot.press(key)
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert board(app).state.today_only
        assert f" {key} Every task " in footer and f" {key} Today " not in footer
        await pilot.press("T")  # moved: T does nothing now
        assert board(app).state.today_only
        await pilot.press(key)
        await settle(pilot)
        assert not board(app).state.today_only
        assert f" {key} Today " in screen_text(app).splitlines()[-1]
        assert not any(task.pinned for task in board_store.tasks())
        told = [m for m in said(app) if "[keymap]" in m]
    pin = (
        f"{user_config_path()}: [keymap] gives t to board.today_only, so board.pin "
        "(Pin today) no longer has it: give board.pin a key of its own there"
    )
    assert told == ([] if key == "y" else [pin])  # y: a known id, taking no key


async def test_a_keymap_taking_T_names_the_today_switch_once(board_store: Store) -> None:
    """T is two bindings under one id: Pin moved onto T names the switch once, not once
    for each of its bindings."""
    from credo.store.userconfig import save_user_config, user_config_path

    save_user_config(keymap={"board.pin": "T"})
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert "Today" not in screen_text(app).splitlines()[-1]
        assert [m for m in said(app) if "[keymap]" in m] == [
            f"{user_config_path()}: [keymap] gives T to board.pin, so board.today_only "
            "(Today) no longer has it: give board.today_only a key of its own there"
        ]


async def test_today_view_shows_pinned_due_today_and_overdue(board_store: Store) -> None:
    from boards import make_task

    make_task(board_store, 8, "Renew the cluster allocation", due=TODAY)
    make_task(board_store, 9, "Submit the camera-ready", important=True, due=TODAY)
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("T")
        assert titles(app, Quadrant.DO) == [
            "Fix leakage between train and valid",  # overdue
            "Submit the camera-ready",  # due today
        ]
        assert titles(app, Quadrant.DELEGATE) == ["Renew the cluster allocation"]
        assert titles(app, Quadrant.SCHEDULE) == titles(app, Quadrant.ELIMINATE) == []
        status = str(app.screen.query_one("#board-status").render())
        assert "pinned, due today, overdue" in status


async def test_filter_by_text_and_tag(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"#paper")
        assert titles(board_app, Quadrant.SCHEDULE) == ["Write the related-work section"]
        assert titles(board_app, Quadrant.DO) == []
        status = str(board_app.screen.query_one("#board-status").render())
        assert "1 overdue hidden" in status
        await pilot.press("escape")
        await pilot.press("escape")
        assert len(titles(board_app, Quadrant.DO)) == 2


async def status_line(app: CredoApp, width: int) -> str:
    """The board's status line under the today view and a filter with a wrong word."""
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.press("T", "slash", *"status:wip #paper", "enter")
        await settle(pilot)
        [line] = [row for row in screen_text(app).splitlines() if "status:wip" in row]
        return line.strip()


@pytest.mark.parametrize("width", [80, 100])
async def test_the_status_line_keeps_the_filter_error_and_hidden_overdue_when_narrow(
    board_app: CredoApp, width: int
) -> None:
    """The status line is one row: at 80 to 100 columns it cut the filter's error and the
    overdue task the filter hides. When the whole line does not fit, it says what is
    wrong first, in short forms."""
    line = await status_line(board_app, width)
    assert line.startswith(
        "status:wip: use open, in_progress, done or dropped · 1 overdue hidden · today"
    )


async def test_the_status_line_says_it_all_in_reading_order_when_wide(
    board_app: CredoApp,
) -> None:
    assert (await status_line(board_app, 200)).split(" · ") == [
        "today (pinned, due today, overdue)",
        "filter: status:wip #paper",
        "status:wip: use open, in_progress, done or dropped",
        "1 overdue hidden by the filter",
    ]


@pytest.mark.parametrize(
    ("keys", "hidden_by", "empty"),
    [
        (("slash", *"#paper", "enter"), "the filter", "none match the filter"),
        (("T",), "the today view", "nothing for today"),
    ],
)
async def test_quadrants_the_filter_empties_say_so(
    board_app: CredoApp, keys: tuple[str, ...], hidden_by: str, empty: str
) -> None:
    """Under a filter, a quadrant whose tasks it hides said "nothing to do" and the detail
    "No task selected. Press a to add one", as if there were no tasks: both say the
    filter hides them, and how to show them again. Under T (no filter typed) the
    quadrant said "none match the filter" beside "under the today view": for today."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await settle(pilot)
        assert titles(board_app, Quadrant.DELEGATE) == []
        board(board_app).focus_on(Quadrant.DELEGATE)
        await settle(pilot)
        shown = screen_text(board_app)
        assert empty in shown and "nothing to delegate" not in shown
        assert f"Nothing shown here under {hidden_by}" in shown
        assert "No task selected" not in shown


@pytest.mark.parametrize(
    ("keys", "lands_on", "selected"),
    [
        (("slash", *"#someday", "enter"), Quadrant.ELIMINATE, "Try a fancier tokenizer"),
        (("l", "T"), Quadrant.DO, "Fix leakage between train and valid"),
    ],
)
async def test_a_filter_that_empties_the_focused_quadrant_moves_to_one_it_shows(
    board_app: CredoApp, keys: tuple[str, ...], lands_on: Quadrant, selected: str
) -> None:
    """`/#someday` from Do (or T from Schedule) left the cursor in a quadrant the filter
    had emptied: the detail said "Nothing shown here under the filter" beside the very
    tasks it matched, and x or e acted on nothing until the user went looking."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await settle(pilot)
        assert board(board_app).state.focus == lands_on
        shown = screen_text(board_app)
        assert "Nothing shown here" not in shown
        assert board(board_app).selected_task().title == selected  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("keys", "meanwhile"),
    [
        (("slash", *"zzz", "escape"), None),  # nothing matches, given up
        (("slash", *"#paper", "escape"), "Write the related-work section"),
        # a word typed and taken back, the box open: `z` shows the tokenizer task only
        (("slash", *"zzz", "backspace", "backspace", "backspace"), "Try a fancier tokenizer"),
    ],
)
async def test_a_filter_given_up_gives_the_cursor_back_to_its_task(
    board_app: CredoApp, keys: tuple[str, ...], meanwhile: str | None
) -> None:
    """`/` on a task low in Schedule, a word that hid it, then esc: the filter went and the
    cursor stayed where the filter had put it (the first task it showed, in Do when it
    showed none), so the task the person had been on was lost to a search given up. While
    the box is open, the cursor goes back to that task whenever the filter shows it."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "j")
        await settle(pilot)
        on = board(board_app).selected_task()
        assert on is not None and on.title == "Overfit ten examples"
        *typed, last = keys
        await pilot.press(*typed)
        await settle(pilot)
        hidden = board(board_app).selected_task()
        assert (hidden.title if hidden else None) == meanwhile
        await pilot.press(last)
        await settle(pilot)
        assert board(board_app).state.focus == Quadrant.SCHEDULE
        assert board(board_app).selected_task() == on
        assert len(titles(board_app, Quadrant.DO)) == 2


async def test_external_write_appears_and_selection_stays(
    board_app: CredoApp, board_store: Store
) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        from credo import actions

        actions.add_task(Store.open(board_store.project_root), "Added from another terminal ! ^")
        added = "Added from another terminal"
        await until(pilot, lambda: added in titles(board_app, Quadrant.DO), "the poll's read")
        assert titles(board_app, Quadrant.DO)[-1] == added
        assert board(board_app).selected_task().title == "Fix leakage between train and valid"


async def test_edit_in_place_appears_within_two_polls(board_store: Store) -> None:
    """An editor that rewrites a file in place (VS Code, nano) leaves the folder's
    mtime alone; the board still sees it within two polls.

    The test makes the polls (the timer's is an hour), each read to its end: counted
    in seconds, a loaded machine's slow read missed the deadline."""
    path = task_file(board_store, "t001aaaabbbbcccc")
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        folder_mtime = path.parent.stat().st_mtime_ns
        text = path.read_text()
        path.write_text(text.replace("Check label balance per domain", "Edited in an editor"))
        assert path.parent.stat().st_mtime_ns == folder_mtime  # in place, as promised
        for _ in range(2):
            board(app).poll_store()
            await settle(pilot)
        assert titles(app, Quadrant.DO)[0] == "Edited in an editor"


async def test_corrupt_file_is_a_read_only_row(board_store: Store) -> None:
    bad = board_store.credo_dir / "tasks" / "bad0bad0bad0bad0.toml"
    bad.write_text('id = "bad0bad0bad0bad0"\ntitle = "x"\ndue = "soonish"\n')
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)):
        problems = app.screen.query_one("#problems", TaskList)
        assert problems.display and "bad0bad0bad0bad0.toml" in problems.rows[0].path
        assert "due" in (problems.rows[0].problem or "")
    assert bad.read_text() == 'id = "bad0bad0bad0bad0"\ntitle = "x"\ndue = "soonish"\n'


async def test_bang_shows_every_unreadable_file_in_full(board_store: Store) -> None:
    from rich.text import Text
    from textual.widgets import Static

    from credo.ui.screens.problems import ProblemsScreen

    bad = board_store.credo_dir / "tasks" / "bad0bad0bad0bad0.toml"
    text = 'id = "bad0bad0bad0bad0"\ntitle = 5\ndue = "soonish"\nurgent = 3\n'
    bad.write_text(text)
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        message = board(app).state.problems["bad0bad0bad0bad0"].message
        assert len(message) > 80  # more than the board's one line can hold
        status = Text.from_markup(str(app.screen.query_one("#board-status", Static).content))
        assert status.plain.endswith("· ! why")
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        shown = " ".join(str(s.content) for s in app.screen.query(".problem").results(Static))
        for field in ("'title'", "'due'", "'urgent'"):
            assert field in shown and field in message
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        await pilot.click("#problems")  # the row itself opens it too
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.press("escape")
    assert bad.read_text() == text  # read, never rewritten


async def test_a_day_that_does_not_exist_is_named_with_its_line_and_field(
    board_store: Store,
) -> None:
    """A hand-edited `due = 2026-12-32` was said as tomllib's "Expected newline or end of
    document after a statement (at line 3, column 11)": the file, line, field and day now."""
    from textual.widgets import Static

    bad = board_store.credo_dir / "tasks" / "bad0bad0bad0bad0.toml"
    text = 'id = "bad0bad0bad0bad0"\ntitle = "Hand-edited"\ndue = 2026-12-32\n'
    bad.write_text(text)
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("exclamation_mark")
        shown = " ".join(str(s.content) for s in app.screen.query(".problem").results(Static))
        assert "bad0bad0bad0bad0.toml" in shown
        assert "line 3: due = 2026-12-32 is no such day (December 2026 has 31 days)" in shown
    assert bad.read_text() == text  # read, never rewritten


async def test_a_task_a_merge_left_conflicted_keeps_a_red_row_in_its_quadrant(
    store: Store, repo: Path
) -> None:
    """A task file a merge left conflicted vanished from its quadrant (Schedule showed one
    of its two tasks), though the README promises a red read-only row: its row stays in
    the quadrant this clone's side of the merge had, after the tasks; enter says why. The
    row showed the file's path: it shows the task's title as this clone has it ("Mine"),
    the path in the details and on a key."""
    from credo.ui.screens.problems import ProblemsScreen

    make_task(store, 1, "Plot loss curves", important=True)
    make_task(store, 2, "Write intro", important=True)
    path = store.credo_dir / "tasks" / "t002aaaabbbbcccc.toml"
    conflicted_merge(repo, path, "Write intro")
    conflicted = path.read_text()
    app = CredoApp(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = board(app).list_of(Quadrant.SCHEDULE).rows
        assert [row.task.title if row.task else row.path for row in rows] == [
            "Plot loss curves",
            ".credo/tasks/t002aaaabbbbcccc.toml",
        ]
        shown = screen_text(app)
        assert "Schedule 2" in shown and "⚠ Mine: has git conflict markers" in shown
        assert ".credo/tasks/t002aaaabbbbcccc.toml" not in shown
        assert not app.screen.query_one("#problems").display  # not a second time above
        await pilot.press("down")
        await settle(pilot)
        facts = str(board(app).query_one("#detail-facts").render())
        assert facts.startswith(".credo/tasks/t002aaaabbbbcccc.toml: has git conflict")
        await pilot.press("e", "x")  # neither edits nor closes it
        assert isinstance(app.screen, BoardScreen)
        assert said(app)[-1] == (
            ".credo/tasks/t002aaaabbbbcccc.toml cannot be read: credo leaves it as it is "
            "(! says why)"
        )
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.press("escape")
    assert path.read_text() == conflicted  # read, never rewritten


async def test_bang_with_every_file_readable_says_so(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("exclamation_mark")
        assert isinstance(board_app.screen, BoardScreen)
        assert any("reads fine" in m for m in said(board_app))


async def test_double_click_on_an_unreadable_row_edits_nothing(board_store: Store) -> None:
    from credo.ui.screens.problems import ProblemsScreen

    (board_store.credo_dir / "tasks" / "bad0bad0bad0bad0.toml").write_text("title = \n")
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click("#problems", times=2)
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)  # not the edit form of a task
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_help_lists_the_same_bindings(board_app: CredoApp) -> None:
    from credo.ui.screens.help import HelpScreen

    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(board_app.screen, HelpScreen)
        rows = {description: keys for keys, description, _ in board_app.screen.rows}
        assert rows["Add"] == "a"
        assert rows["Undo"] == "u" and rows["Redo"] == "^r"
        assert rows["To Do"] == "1" and rows["Move up/down"] == "K/⇧↑/J/⇧↓"
        for words in ("Pin today", "Today", "Filter", "Quit", "Help", "Edit", "Done", "Drop"):
            assert words in rows
        await pilot.press("escape")
        assert isinstance(board_app.screen, BoardScreen)


async def test_help_lists_the_palettes_key_with_the_apps_keys(board_app: CredoApp) -> None:
    """The footer shows `^p palette`, but `?` did not list the key (Textual's binding has
    no id): it is there, among the app's keys, before the board's own."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        rows = [(keys, description) for keys, description, _ in board_app.screen.rows]
        assert rows.index(("^p", "palette")) < rows.index(("a", "Add"))
        assert re.search(r"\^p +palette +Open the command palette", screen_text(board_app))


async def test_palette_offers_the_same_actions(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)):
        titles_ = [c.title for c in board_app.get_system_commands(board_app.screen)]
        for words in ("Add", "Undo", "Pin today", "To Eliminate", "Help"):
            assert words in titles_


async def test_the_detail_says_a_done_commit_is_no_longer_in_history(repo, store: Store) -> None:  # type: ignore[no-untyped-def]
    """After an amend the detail gave the dead sha a task was done at as if it were fine."""
    from credo import actions

    sha = commit_file(repo, "train.py", "print('hi')\n", "Add training script")
    task, _ = actions.add_task(store, "Ship it ! ^")
    actions.complete_task(store, task.id, commit=sha)
    git(repo, "commit", "-q", "--amend", "-m", "Add the training script")
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("/", *"status:done", "enter")
        facts = board(app).query_one("#detail-facts")
        await until(pilot, lambda: "no longer in history" in str(facts.render()), "said")
        assert f"at {sha[:7]} (no longer in history)" in str(facts.render())


@pytest.mark.parametrize("view", ["", "E", "C"])
async def test_palette_opens_on_every_view_and_runs_a_command(
    board_app: CredoApp, view: str
) -> None:
    """The palette reads each command's help as markup; a key shown as [/] broke it."""
    from textual.command import CommandList, CommandPalette

    async with board_app.run_test(size=(120, 40)) as pilot:
        if view:
            await pilot.press(view)
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(board_app.screen, CommandPalette)
        await pilot.press(*"help")
        await settle(pilot)
        shown = board_app.screen.query_one(CommandList)

        def offers(words: str) -> bool:
            prompts = (shown.get_option_at_index(i).prompt for i in range(shown.option_count))
            return any(words in str(prompt) for prompt in prompts)

        assert offers("Every key on this screen [?]")
        if not view:
            await pilot.press(*["backspace"] * 4, *"filter")
            await settle(pilot)
            assert offers("Filter by text, #tag, @name or status:done [/]")
            await pilot.press("enter")
            await settle(pilot)
            assert board(board_app).query_one("#filter", Input).has_class("-open")


@pytest.mark.parametrize(
    ("key", "hidden_box", "keys_widget"),
    [
        ("E", "#exp-filter", "#exp-list"),
        ("r", "#runs-filter", "#runs-table"),
        ("C", "#checks-note", "#checks-items"),
    ],
)
async def test_keys_typed_as_a_view_opens_go_to_its_list(
    board_app: CredoApp, key: str, hidden_box: str, keys_widget: str
) -> None:
    """E then j typed fast put the j in the experiment log's filter box, hidden: as the
    view was made, Textual focused its first widget that takes focus, the box, until the
    view's on_mount focused the list; the log said `0 of 10 experiments · filter: jjj`.
    The runs view's filter box did the same, and the checklists view gave the keys to
    the past reviews. From its first moment a view gives its keys to its list."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = await typed_fast(pilot, key, "j")
        await keys_through(pilot)
        screen = board_app.screen
        assert first is screen.query_one(keys_widget), first
        assert screen.query_one(hidden_box, Input).value == ""
        assert board_app.focused is screen.query_one(keys_widget)


async def test_keys_typed_in_the_instant_of_the_key_that_moves_the_focus_follow_it(
    board_app: CredoApp,
) -> None:
    """Keys read in one instant (tmux `send-keys aCheck`, a paste) went where the focus
    was before the first of them moved it: `aCheck` opened an empty add form (the
    letters lost), and `/data` opened an empty filter box while its d dropped the task
    under the cursor. Each goes where the keys before it left the focus."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        typed(board_app, *"aCheck")
        await keys_through(pilot)
        assert board_app.screen.query_one("#add-line", Input).value == "Check"
        await pilot.press("escape", "y")  # leave the form, losing what is typed
        await settle(pilot)
        typed(board_app, *"/data")
        await keys_through(pilot)
        assert board(board_app).query_one("#filter", Input).value == "data"
        assert not [t for t in board_app.store.tasks() if t.status != "open"]
        assert not [m for m in said(board_app) if "Dropped" in m]


async def test_keys_typed_as_a_dialog_closes_go_to_the_view_under_it(
    board_app: CredoApp,
) -> None:
    """A key that closes a dialog (esc on R's report) ends its way in the dialog, taken
    off: the keys typed in the same instant go on to the view under it, not held."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = board(board_app).selected_task()
        typed(board_app, "R", "escape", "j")
        await keys_through(pilot)
        assert board_app.screen is board(board_app)
        assert board(board_app).selected_task() != before


async def test_keys_typed_after_enter_in_a_form_wait_for_its_answer(
    board_app: CredoApp, board_store: Store
) -> None:
    """`aTitle`, enter, `j` typed in one instant left the add box open holding `Titlej`:
    enter handed the line to a worker, and j was typed in before its answer closed the
    box. e's form saved `TitleXj` the same way, and the filter's box took the j after
    enter. The keys after enter wait for the answer: the task is added and selected,
    then j moves the cursor on; a refusal leaves them to the box, still open."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        typed(board_app, "a", *"Title ! ^", "enter", "j")
        await keys_through(pilot)
        (added,) = [t for t in board_store.tasks() if t.title.startswith("Title")]
        assert on_disk(board_store, added.id)["title"] == "Title"
        assert board(board_app).selected_task().title == "Answer reviewer email"
        typed(board_app, "k", "e", "ctrl+e", "X", "enter", "j")
        await keys_through(pilot)
        assert on_disk(board_store, added.id)["title"] == "TitleX"
        assert board(board_app).selected_task().title == "Answer reviewer email"
        typed(board_app, *"/data", "enter", "j")
        await keys_through(pilot)
        assert board(board_app).query_one("#filter", Input).value == "data"
        typed(board_app, "a", *"x due:", "enter", "j")
        await keys_through(pilot)
        assert board_app.screen.query_one("#add-line", Input).value == "x due:j"


async def test_keymap_from_user_config_rebinds(board_store: Store) -> None:
    from credo.store.userconfig import save_user_config

    save_user_config(keymap={"board.add": "n"})
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        assert app.screen.query("#add-line")


async def test_the_palettes_key_is_remapped_as_any_other(board_store: Store) -> None:
    """VS Code's terminal takes ctrl+p (its Quick Open): the palette's key could not be
    moved, Textual's binding of it having no id for `[keymap]` to name."""
    from textual.command import CommandPalette

    from credo.store.userconfig import save_user_config

    save_user_config(keymap={"app.palette": "ctrl+k"})
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert screen_text(app).splitlines()[-1].rstrip().endswith("^k palette")
        assert not [m for m in said(app) if "[keymap]" in m]  # a known id
        await pilot.press("ctrl+p")
        assert not CommandPalette.is_open(app)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert CommandPalette.is_open(app)


async def test_each_bad_setting_is_told_and_the_others_stay(board_store: Store) -> None:
    """A bad value in either settings file sent all of that file to the defaults: the
    user's keymap went with a bad theme, and the team's horizon with a bad patch limit."""
    from credo.store.userconfig import user_config_path

    user_config_path().parent.mkdir(parents=True)
    user_config_path().write_text('theme = 3\nkeymap = {"board.add" = "n"}\n')
    (board_store.credo_dir / "config.toml").write_text(
        "urgency_horizon_days = 9\npatch_limit_bytes = -1\nlost_after = 'soon'\n"
    )
    app = CredoApp(Store(board_store.project_root), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        problems = [m for m in said(app) if "config.toml" in m]
        assert [m.split(": field ")[1].split(" ")[0] for m in problems] == [
            "'theme'",
            "'patch_limit_bytes'",
            "'lost_after'",
        ]
        assert app.store.config.urgency_horizon_days == 9
        await pilot.press("n")
        assert app.screen.query("#add-line")


async def test_a_setting_credo_does_not_know_is_told_on_the_board(board_store: Store) -> None:
    """`credo ls` warned of a typo in .credo/config.toml (`urgency_horizn_days = 5`, left
    at the default 2); the board, opened or with the file edited under it, said nothing."""
    config = board_store.credo_dir / "config.toml"
    config.write_text("urgency_horizn_days = 5\n")
    typo = ".credo/config.toml: field 'urgency_horizn_days' (line 1) is not known"
    app = CredoApp(Store(board_store.project_root), today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        [told] = [m for m in said(app) if typo in m]
        assert "did you mean 'urgency_horizon_days'?" in told, told
        config.write_text("urgency_horizon_days = 2\nlost_aftr = '1h'\n")
        edited = ".credo/config.toml: field 'lost_aftr' (line 2) is not known"
        await until(pilot, lambda: any(edited in m for m in said(app)), "the edit's typo said")


async def test_done_records_head_commit_in_git(repo, store: Store) -> None:  # type: ignore[no-untyped-def]
    from credo import actions

    sha = commit_file(repo, "train.py", "print('hi')\n", "Add training script")
    actions.add_task(store, "Ship it ! ^")
    app = CredoApp(store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        await pilot.pause()
        assert git(repo, "rev-parse", "--abbrev-ref", "HEAD") in str(
            app.screen.query_one("#header-git").render()
        )
        await pilot.press("x")
    [task] = store.tasks()
    assert task.done_commit == sha


async def test_u_after_a_commit_closed_a_task_undoes_the_persons_change_not_the_closing(  # type: ignore[no-untyped-def]
    repo, store: Store, tmp_path
) -> None:
    """The board's git look marks done the task a new commit closes. That closing went on
    the board's undo stack: u right after it reopened the task instead of taking back the
    person's own last change. It is the commit's doing: u leaves it, and x reopens it."""
    from credo import actions
    from credo.actions.gitsync import apply_closing_keywords
    from credo.domain.models import Task

    task, _ = actions.add_task(store, "Fix leakage between train and valid")
    mine, _ = actions.add_task(store, "Plot the loss curves ! ^")
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.select(mine.id)
        await pilot.press("x")  # the person's own change
        await settle(pilot)
        sha = commit_file(
            repo, "split.py", "dedupe()\n", f"Dedupe the splits, closes {task.id[:6]}"
        )
        await until(pilot, lambda: store.read(Task, task.id).status == "done", "the closing")
        await until(pilot, lambda: any("Done: Fix leakage" in s for s in said(app)), "its word")
        await pilot.press("u")
        await until(pilot, lambda: store.read(Task, mine.id).status == "open", "the undo")
        assert said(app)[-1] == "Undid: done 'Plot the loss curves'"
        assert store.read(Task, task.id).status == "done"
        await pilot.press("slash", *"status:done", "enter")
        await settle(pilot)
        board.select(task.id)
        await pilot.press("x")  # reopened by the person: their own change, and it sticks
        await until(pilot, lambda: store.read(Task, task.id).status == "open", "the reopening")
    # A fresh clone (without this clone's cache of closings applied) does not close it again.
    reopened = store.read(Task, task.id)
    assert reopened.done_commit is None and reopened.closed_by == sha
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Task states")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    cloned = Store.open(clone)
    assert apply_closing_keywords(cloned) == []
    assert cloned.read(Task, task.id).status == "open"


async def test_a_closing_the_board_applies_says_once_which_file_to_commit(  # type: ignore[no-untyped-def]
    repo, store: Store
) -> None:
    """The board closed a task a new commit names without a word, where the CLI says
    which file to commit before the next `git pull`: the board says it too, once."""
    from credo import actions
    from credo.domain.models import Task

    task, _ = actions.add_task(store, "Fix leakage between train and valid")
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        sha = commit_file(repo, "split.py", "dedupe()\n", f"Dedupe the splits, fixes {task.id[:6]}")
        await until(pilot, lambda: store.read(Task, task.id).status == "done", "the closing")
        commit_file(repo, "more.py", "more\n", f"More\n\nCredo-Task: {task.id}")
        await until(pilot, lambda: len(app.commits.get(task.id, [])) == 2, "a later look")
    path = store.credo_dir / "tasks" / f"{task.id}.toml"
    done = [line for line in said(app) if line.startswith("Done: ")]
    assert done == [
        f"Done: Fix leakage between train and valid (closed by commit {sha[:7]}; "
        f"`credo undone {store.short_id(Task, task.id)}` reopens it); commit {path} before "
        "you pull: every clone with that commit writes this closing, and git pull stops on "
        "a copy left uncommitted"
    ]


@pytest.mark.parametrize("view", ["", "E", "C"])
async def test_the_header_follows_git_made_elsewhere(repo, store: Store, view: str) -> None:  # type: ignore[no-untyped-def]
    """Commits, a new branch and edits made in another terminal show in the header of
    every view without a restart."""
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*([view] if view else []))

        def header() -> str:
            return str(app.screen.query_one("#header-git").render())

        sha = git(repo, "rev-parse", "--short=7", "HEAD")
        await until(pilot, lambda: f"main @ {sha}" in header(), "the first read")
        sha = commit_file(repo, "train.py", "print('hi')\n", "Add training script")[:7]
        await until(pilot, lambda: header() == f"main @ {sha}", "the new commit")
        # The app hears it just after the header (the message bubbles up to it).
        await until(pilot, lambda: (app.head_sha or "").startswith(sha), "the app's HEAD")
        git(repo, "checkout", "-q", "-b", "idea")
        (repo / "train.py").write_text("print('edited')\n")
        await until(pilot, lambda: header() == f"idea @ {sha} · dirty", "the branch and the edit")


async def test_a_dirty_tree_stays_said_in_a_narrow_header(repo: Path, store: Store) -> None:
    """Beside a running experiment's countdown, at 80 and 100 columns git's place in the
    header kept 16 cells and `main @ 1a2b3c4 · dirty` lost its `dirty` to `…`: where the
    whole line does not fit, it reads `main @ 1a2b3c4*`, as a run's commit cell says it."""
    from credo.actions.experiments import start_experiment

    start_experiment(store, "Balanced batches help the legal domain and every other one")
    (repo / "README.md").write_text("edited\n")
    sha = git(repo, "rev-parse", "--short=7", "HEAD")
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:

        def header() -> str:
            return screen_text(app).splitlines()[0]

        for width in (80, 100):
            await pilot.resize_terminal(width, 24)
            await until(pilot, lambda: f"· main @ {sha}*  ⏱" in header(), "the short form")
        await pilot.resize_terminal(140, 24)
        await until(pilot, lambda: f"· main @ {sha} · dirty  " in header(), "the whole line")


async def test_views_switch_and_come_back(board_app: CredoApp) -> None:
    from credo.ui.screens.checklists import ChecklistsScreen
    from credo.ui.screens.experiments import ExperimentsScreen

    async with board_app.run_test(size=(120, 40)) as pilot:
        for key, view in (("E", ExperimentsScreen), ("C", ChecklistsScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(board_app.screen, view)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(board_app.screen, BoardScreen)


async def test_help_leaves_out_textual_scroll_keys(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        descriptions = [description for _, description, _ in board_app.screen.rows]
        assert "Scroll Up" not in descriptions and "Focus Next" not in descriptions


async def test_the_detail_names_the_task_by_the_id_credo_show_takes(
    board_store: Store, credo: Callable[..., Any]
) -> None:
    """The detail showed the whole 16-character id; `credo ls` and `credo show` use the
    shortest unique prefix, the one a person copies to type `credo show ID`. Here another
    task shares the first four characters, so the prefix needs a fifth."""
    from credo.domain.models import Task

    board_store.create(Task(id="t001bbbbcccchhhh", title="A twin of the first"))
    app = CredoApp(board_store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert board(app).selected_task().id == "t001aaaabbbbcccc"
        facts = str(board(app).query_one("#detail-facts").render())
    [line] = [line for line in facts.splitlines() if line.startswith("id ")]
    assert line.split() == ["id", "t001a"]
    shown = credo(board_store.project_root, "show", "t001a")
    assert shown.returncode == 0, shown.stderr
    assert "Check label balance per domain" in shown.stdout
    assert "id        t001a" in shown.stdout  # the shell names it alike


async def test_detail_pane_fits_each_task_facts(board_app: CredoApp) -> None:
    """The facts pane lays out again only when its height changes, so check it always fits."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        facts = board_app.screen.query_one("#detail-facts")
        heights = set()
        for key in ["j", "j", "l", "j", "j", "k"]:
            await pilot.press(key)
            await pilot.pause()
            width, height = facts.content_size
            assert facts.get_content_height(facts.parent.size, board_app.size, width) == height
            heights.add(height)
        assert len(heights) > 1  # tasks with more and fewer facts were both shown


async def test_a_big_quadrant_scrolls_down_only_and_moves_keep_the_cursor(
    board_store: Store,
) -> None:
    from boards import make_task

    for n in range(10, 90):  # 80 more tasks in Schedule, with long titles
        make_task(board_store, n, f"Read paper {n} " + "about a long topic " * 4, important=True)
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        schedule = app.screen.query_one("#list-schedule", TaskList)
        assert schedule.show_vertical_scrollbar and not schedule.show_horizontal_scrollbar
        await pilot.press("l", *["j"] * 40)
        before = board(app).selected_task()
        assert before is not None and before.title.startswith("Read paper 48")
        await pilot.press("4", "2")  # out to Eliminate and back
        assert board(app).state.focus == Quadrant.SCHEDULE
        after = board(app).selected_task()
        assert after is not None and after.id == before.id  # the cursor followed it
        assert titles(app, Quadrant.SCHEDULE)[-1] == before.title  # a move puts it last


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_due_words_are_whole_in_a_quadrant_that_scrolls(
    board_store: Store, size: tuple[int, int]
) -> None:
    from boards import make_task

    make_task(
        board_store, 8, "Renew the cluster allocation form", important=True, due=date(2019, 11, 20)
    )
    for n in range(10, 60):  # Do scrolls: its scrollbar takes the last columns
        make_task(board_store, n, f"Read paper {n}", important=True, urgent=True)
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#list-do", TaskList).show_vertical_scrollbar
        assert "2562d overdue " in screen_text(app)


async def test_the_boards_own_write_does_not_redraw_the_whole_board(
    board_app: CredoApp, board_store: Store
) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the look the first git read starts redraws as it ends
        screen = board(board_app)
        redraws: list[int] = []
        redraw = screen.redraw
        screen.redraw = lambda: (redraws.append(1), redraw())  # type: ignore[method-assign,func-returns-value]
        before = screen.feed.signature
        await pilot.press("4")  # a write: the stamps on disk move
        await until(pilot, lambda: screen.feed.signature != before, "the poll's new stamps")
        assert redraws == []  # ...and knew the board already shows them
        assert titles(board_app, Quadrant.ELIMINATE)[-1] == "Check label balance per domain"


async def test_a_look_begun_before_the_boards_own_write_does_not_undo_it_on_screen(
    board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from credo import actions

    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        actions.edit_task(Store.open(board_store.project_root), "t007", title="Elsewhere")
        # A look sees the edit made elsewhere, and the board moves a task while it reads.
        async with look_in_flight(pilot, monkeypatch, board(app).load_in_background):
            await pilot.press("2")
        assert "Check label balance per domain" in titles(app, Quadrant.SCHEDULE)
        assert "Check label balance per domain" not in titles(app, Quadrant.DO)
        board(app).load_in_background()  # the next look shows both writes
        await workers_done(app)
        await pilot.pause()
        assert "Check label balance per domain" in titles(app, Quadrant.SCHEDULE)
        assert "Elsewhere" in titles(app, Quadrant.ELIMINATE)


@pytest.mark.parametrize(("row", "neighbour"), [(0, "S11"), (1, "S12"), (2, "S11")])
async def test_after_done_the_selection_stays_on_the_neighbour(
    board_store: Store, monkeypatch: pytest.MonkeyPatch, row: int, neighbour: str
) -> None:
    """Also while a look at the files is under way, and after the looks that follow."""
    from boards import make_task

    for n in (10, 11, 12):
        make_task(board_store, n, f"S{n}", important=True, urgent=True, order=100.0 + n)
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = board(app)
        screen.select(f"t{10 + row:03d}aaaabbbbcccc")
        async with look_in_flight(pilot, monkeypatch, screen.load_in_background):
            await pilot.press("x")
        for look in (screen.load_in_background, screen.read_git):
            look()
            await settle(pilot)
            selected = screen.selected_task()
            assert screen.state.focus == Quadrant.DO
            assert selected is not None and selected.title == neighbour


async def test_the_board_freezes_its_tasks_but_never_pending_garbage(
    board_app: CredoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The freeze waits for the first frame to go out, and collects garbage first.

    The test waits for the freeze itself (not for the timer's half second, which a
    loaded machine stretches) and asks what had been painted by then.
    """
    import asyncio
    import gc
    import weakref

    from credo.store import collector

    class Node:
        pass

    painted: list[object] = []
    display = board_app._display

    def displayed(screen: object, renderable: object) -> None:
        if renderable is not None and isinstance(screen, BoardScreen):
            painted.append(renderable)
        display(screen, renderable)  # type: ignore[arg-type]

    froze = asyncio.Event()
    painted_at_freeze: list[bool] = []
    freeze = collector.freeze_survivors

    def watched_freeze() -> None:
        painted_at_freeze.append(bool(painted))
        freeze()
        froze.set()

    monkeypatch.setattr(board_app, "_display", displayed)
    monkeypatch.setattr(collector, "freeze_survivors", watched_freeze)
    gc.unfreeze()  # what other tests' boards froze
    gc.disable()  # no automatic collection may happen to clear the cycle first
    try:
        cycle = Node()
        cycle.me = cycle  # type: ignore[attr-defined]
        alive = weakref.ref(cycle)
        del cycle  # garbage now, reclaimable only by the cyclic collector
        async with board_app.run_test(size=(120, 40)):
            await asyncio.wait_for(froze.wait(), timeout=60)
            assert painted_at_freeze[0]  # not while the first frame goes out
            assert gc.get_freeze_count() > 0  # the loaded tasks are out of the GC's walks
            assert alive() is None  # ...and the garbage was collected, not frozen for good
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_new_freeze_collects_the_cycles_the_last_one_kept() -> None:
    import gc
    import weakref

    from credo.store.collector import freeze_survivors

    class Node:
        pass

    gc.unfreeze()
    gc.disable()
    try:
        held = Node()
        held.me = held  # type: ignore[attr-defined]
        alive = weakref.ref(held)
        freeze_survivors()  # alive now, so frozen
        del held  # garbage, reclaimable only by the cyclic collector
        freeze_survivors()  # the next load's freeze
        assert alive() is None
    finally:
        gc.unfreeze()
        gc.enable()


async def test_emoji_codes_in_a_title_are_shown_as_typed(board_store: Store) -> None:
    """`:bug:` in a task file is text: the detail shows it as the file holds it, as the
    list does (Rich's markup would draw a picture instead)."""
    from boards import make_task

    make_task(board_store, 8, "Fix :bug: in the :100: loader", important=True, urgent=True)
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = board(app)
        while screen.selected_task().title != "Fix :bug: in the :100: loader":
            await pilot.press("down")
        detail = str(screen.query_one("#detail-facts").render())
        assert "Fix :bug: in the :100: loader" in detail
        assert "🐛" not in screen_text(app) and ":bug:" in screen_text(app)


@pytest.mark.parametrize(
    ("field", "refused", "says"),
    [
        ("#edit-title", "", "needs a title"),
        ("#edit-title", "x" * 301, "a title is at most 300 characters"),
        ("#edit-tags", "t" * 51, "a tag is at most 50 characters"),
        ("#edit-assignee", "agent:", "agent name"),
    ],
)
async def test_an_edit_refused_comes_back_with_what_was_typed(
    board_app: CredoApp, board_store: Store, field: str, refused: str, says: str
) -> None:
    """A field the action refuses (an empty title, a bad name) is only known once the form
    is closed: the form opens again with every field as typed, so nothing typed is lost."""
    from textual.widgets import TextArea

    from credo.ui.screens.task_forms import EditTaskScreen

    before = on_disk(board_store, "t001aaaabbbbcccc")
    notes = "Counted: 812 EP, 95 BP.\nSee legal."
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        form = board_app.screen
        form.query_one("#edit-notes", TextArea).text = notes
        typed = {"#edit-tags": "data balance", "#edit-due": "2026-12-01", field: refused}
        for name, value in typed.items():
            form.query_one(name, Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any(says in note for note in said(board_app))
        assert on_disk(board_store, "t001aaaabbbbcccc") == before
        again = board_app.screen
        assert isinstance(again, EditTaskScreen)
        assert again.query_one("#edit-notes", TextArea).text == notes
        for name, value in typed.items():
            assert again.query_one(name, Input).value == value
        again.query_one("#edit-title", Input).value = "Check label balance per domain, again"
        again.query_one("#edit-tags", Input).value = "data balance"
        again.query_one("#edit-assignee", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = on_disk(board_store, "t001aaaabbbbcccc")
        assert data["title"] == "Check label balance per domain, again"
        assert data["notes"] == notes
        assert data["tags"] == ["data", "balance"]
        assert str(data["due"]) == "2026-12-01"


async def test_an_edit_saved_over_a_teammates_change_of_the_same_field_asks_first(
    board_app: CredoApp, board_store: Store
) -> None:
    """The edit form wrote the fields typed in it over whatever the file held by then: a
    teammate's new title, pulled while the form was open, was gone at ctrl+s, with no
    word. The save stops and names what changed meanwhile; what was typed comes
    back in the form, and ctrl+s then saves it over that knowingly. A field the form left
    alone keeps the teammate's value, as before."""
    from textual.widgets import TextArea

    from credo import actions
    from credo.ui.screens.task_forms import EditTaskScreen

    notes = on_disk(board_store, "t001aaaabbbbcccc")["notes"]
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        form = board_app.screen
        form.query_one("#edit-title", Input).value = "Balance, per domain"
        form.query_one("#edit-notes", TextArea).text = "Counted: 812 EP, 95 BP."
        actions.edit_task(  # the teammate's edit, pulled while the form is open
            board_store, "t001", title="Label balance per domain and split", due=date(2026, 12, 4)
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = on_disk(board_store, "t001aaaabbbbcccc")
        assert data["title"] == "Label balance per domain and split"
        assert data["notes"] == notes and str(data["due"]) == "2026-12-04"
        [note] = [n for n in said(board_app) if "changed on disk" in n]
        assert "the title (now 'Label balance per domain and split')" in note
        assert "ctrl+s" in note and "notes" not in note
        again = board_app.screen
        assert isinstance(again, EditTaskScreen)
        assert again.query_one("#edit-title", Input).value == "Balance, per domain"
        assert again.query_one("#edit-notes", TextArea).text == "Counted: 812 EP, 95 BP."
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = on_disk(board_store, "t001aaaabbbbcccc")
        assert data["title"] == "Balance, per domain"
        assert data["notes"] == "Counted: 812 EP, 95 BP." and str(data["due"]) == "2026-12-04"
        assert not isinstance(board_app.screen, EditTaskScreen)


async def test_an_edit_to_a_task_deleted_on_disk_says_so_in_the_app(
    board_app: CredoApp, board_store: Store
) -> None:
    """Saving an edit to a task whose file was deleted meanwhile (a teammate's pull, another
    terminal) said "(see credo ls --all)", a shell command, in the app: it says the task
    is gone and what to do, and the form comes back with what was typed."""
    from credo.ui.screens.task_forms import EditTaskScreen

    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        board_app.screen.query_one("#edit-title", Input).value = "Balance, per domain"
        (board_store.credo_dir / "tasks" / "t001aaaabbbbcccc.toml").unlink()
        await pilot.press("ctrl+s")
        await settle(pilot)
        [note] = [n for n in said(board_app) if "Check label balance per domain" in n]
        assert "deleted" in note and "esc" in note and "credo ls" not in note
        again = board_app.screen
        assert isinstance(again, EditTaskScreen)
        assert again.query_one("#edit-title", Input).value == "Balance, per domain"
    assert not (board_store.credo_dir / "tasks" / "t001aaaabbbbcccc.toml").exists()


async def test_done_on_a_task_deleted_on_disk_says_so_in_the_app(board_store: Store) -> None:
    """Only the edit form said it for the app: done (and move, pin...) on a task whose
    file was deleted meanwhile said "no task has an id starting with ... (see credo ls)".

    "Meanwhile" is before the board's next look at the files: an hour's poll holds it (at
    the fixture's 0.2 s, a loaded machine saw the deletion first and dropped the row
    before `x`), and the look the board's first git read starts is let end before the
    deletion (on a loaded machine it came after it, and `x` marked the next task done)."""
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        (board_store.credo_dir / "tasks" / "t001aaaabbbbcccc.toml").unlink()
        await pilot.press("x")
        await settle(pilot)
        [note] = [n for n in said(app) if "Check label balance per domain" in n]
        assert "deleted or moved on disk" in note and "credo ls" not in note


async def test_a_pasted_line_in_the_add_box_keeps_every_line(
    board_app: CredoApp, board_store: Store
) -> None:
    from textual import events

    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Read ")
        board_app.post_message(events.Paste("the legal samples\nof every source #data\n"))
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        [task] = [t for t in board_store.tasks() if t.title.startswith("Read")]
        assert task.title == "Read the legal samples of every source"
        assert task.tags == ["data"]


@pytest.mark.parametrize(
    ("keys", "hidden_by"),
    [(("slash", *"#paper", "enter"), "the filter"), (("T",), "the today view")],
)
async def test_a_task_added_where_the_filter_hides_it_is_said(
    board_app: CredoApp, board_store: Store, keys: tuple[str, ...], hidden_by: str
) -> None:
    """Added under a filter it does not match, a task was written and vanished at once,
    as if the add had failed: the note says where it went."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await pilot.press("a", *"Ask Bruno about the leak", "enter")
        await settle(pilot)
        assert [t.title for t in board_store.tasks() if t.title.startswith("Ask")]
        assert any(
            "Ask Bruno about the leak" in note and hidden_by in note for note in said(board_app)
        )
        await pilot.press("a", *"Write the paper intro #paper due:today", "enter")  # shown
        await settle(pilot)
        assert not any("Write the paper intro" in note for note in said(board_app))


@pytest.mark.parametrize("typed_on", ["x", "e"])
async def test_keys_typed_after_q_do_nothing(
    board_app: CredoApp, board_store: Store, typed_on: str
) -> None:
    """Keys typed right after q, before the app has closed (the next shell command,
    typed ahead), acted unseen: x marked the selected task done, and e opened the edit
    form as the app closed, which ended in a traceback."""
    from textual import events

    before = on_disk(board_store, "t001aaaabbbbcccc")
    async with board_app.run_test(size=(120, 40)) as pilot:
        for key in ("q", typed_on, "d"):  # in one batch, as typed ahead
            board_app.post_message(events.Key(key, key))
        await pilot.pause()
    assert board_app.return_code == 0
    assert on_disk(board_store, "t001aaaabbbbcccc") == before


async def test_done_tasks_are_shown_by_a_status_filter_and_reopened_there(
    board_app: CredoApp, board_store: Store
) -> None:
    """`x` hid a done task for good: no view showed it, so "not done" could only be
    reached with `u`. `status:done` shows the done tasks, where `x` opens one again."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")  # the first task of Do
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "done"
        await pilot.press("slash", *"status:done", "enter")
        await settle(pilot)
        assert titles(board_app, Quadrant.DO) == ["Check label balance per domain"]
        assert not any(titles(board_app, q) for q in (Quadrant.SCHEDULE, Quadrant.ELIMINATE))
        row = board_app.screen.query_one(f"#list-{Quadrant.DO.value}", TaskList)
        assert "✓" in row.row_text(row.rows[0], 60).plain
        await pilot.press("x")
        await settle(pilot)
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "open"
        assert titles(board_app, Quadrant.DO) == []  # open again: no longer done
        await pilot.press("escape")
        await settle(pilot)
        assert "Check label balance per domain" in titles(board_app, Quadrant.DO)


async def test_a_done_task_shown_by_a_status_filter_is_not_overdue(
    board_app: CredoApp, board_store: Store
) -> None:
    """A task done after its due day is late for nothing: its due day reads `Nd ago`."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "x")  # the overdue leakage task
        assert on_disk(board_store, "t002aaaabbbbcccc")["status"] == "done"
        await pilot.press("slash", *"status:done", "enter")
        await settle(pilot)
        row = board_app.screen.query_one(f"#list-{Quadrant.DO.value}", TaskList)
        text = row.row_text(row.rows[0], 60).plain
        assert "Fix leakage" in text and "3d ago" in text and "overdue" not in text


async def test_a_tag_that_does_not_fit_never_reads_as_a_cut_title(board_app: CredoApp) -> None:
    """A tag cut down to "…" right after a whole title read as a cut title
    ("…per domain…"): a tag shows whole, as " #…", or not at all."""
    async with board_app.run_test(size=(120, 40)):
        do = board_app.screen.query_one(f"#list-{Quadrant.DO.value}", TaskList)
        [row] = [r for r in do.rows if r.task and r.task.title == "Check label balance per domain"]
        assert row.task is not None and row.task.tags
        shown = {do.row_text(row, width).plain.rstrip() for width in range(30, 60)}
        assert not [text for text in shown if "per domain…" in text]
        assert any("per domain #…" in text for text in shown)  # some tags, where they fit
        assert any(text.endswith("per domain") for text in shown)  # none, where " #…" does not


async def test_a_status_the_board_does_not_know_is_named(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"status:finished", "enter")
        await settle(pilot)
        status = str(board_app.screen.query_one("#board-status").render())
        assert "status:finished: use open, in_progress, done or dropped" in status


async def test_a_taskwarrior_filter_finds_the_tag_or_names_credos_way(board_app: CredoApp) -> None:
    """A Taskwarrior user's `/+data`, `/project:data` and `/due:today` showed "none match
    the filter" in every quadrant and said nothing of why: `+data` now finds the tasks
    tagged #data, as `#data` does; the others name what credo writes instead."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        found = {}
        for typed in ("#data", "+data"):
            await pilot.press("slash", "ctrl+u", *typed, "enter")
            await settle(pilot)
            lists = board_app.screen.query(TaskList)
            found[typed] = sorted(r.task.title for shown in lists for r in shown.rows if r.task)
        assert found["+data"] == found["#data"]
        assert "Check label balance per domain" in found["+data"]
        for typed, said in [
            ("project:data", "project:data: a #tag groups tasks (#data)"),
            ("due:today", "due:today: the filter reads no dates: T on the board shows"),
        ]:
            await pilot.press("slash", "ctrl+u", *typed, "enter")
            await settle(pilot)
            status = str(board_app.screen.query_one("#board-status").render())
            assert said in status, status


async def test_quitting_from_a_form_with_words_typed_asks_first(board_store: Store) -> None:
    """ctrl+q in the add box (or any form) quit at once and lost what was typed."""
    from credo.ui.screens.task_forms import AddTaskScreen, ChoiceScreen

    empty = CredoApp(board_store, today=TODAY)
    async with empty.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "ctrl+q")  # nothing typed: nothing to lose, no question
        await pilot.pause()
        assert not empty.is_running
    board_app = CredoApp(board_store, today=TODAY)
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Read the 50 misclassified samples", "ctrl+q")
        await pilot.pause()
        assert isinstance(board_app.screen, ChoiceScreen)
        assert "what is typed in the add box" in str(board_app.screen.query_one("Label").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(board_app.screen, AddTaskScreen) and board_app.is_running
        line = board_app.screen.query_one("#add-line", Input).value
        assert line == "Read the 50 misclassified samples"
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not board_app.is_running


async def test_esc_in_the_edit_form_asks_before_it_drops_a_change(
    board_app: CredoApp, board_store: Store
) -> None:
    """esc (and its Cancel button) closed the edit form at once and lost what was typed
    or ticked in it, where ctrl+q asked first: esc asks the same question now."""
    from textual.widgets import Checkbox

    from credo.ui.screens.task_forms import ChoiceScreen, EditTaskScreen

    path = task_file(board_store, "t001aaaabbbbcccc")
    before = path.read_bytes()
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "escape")  # nothing changed: closed at once, no question
        await pilot.pause()
        assert isinstance(board_app.screen, BoardScreen)

        await pilot.press("e", "end", *" twice")
        form = board_app.screen
        assert isinstance(form, EditTaskScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(board_app.screen, ChoiceScreen)
        question = str(board_app.screen.query_one("Label").render())
        assert "Leave and lose what is typed in the edit form?" in question
        await pilot.press("escape")  # no: back to the form, the words still there
        await pilot.pause()
        assert board_app.screen is form
        assert form.query_one("#edit-title", Input).value.endswith(" twice")
        await pilot.press("escape", "y")  # yes: closed, the file as it was
        await pilot.pause()
        assert isinstance(board_app.screen, BoardScreen)
        assert path.read_bytes() == before

        await pilot.press("e")  # a flag unticked is a change too
        board_app.screen.query_one("#edit-urgent", Checkbox).value = False
        await pilot.click(".form-cancel")
        await pilot.pause()
        assert isinstance(board_app.screen, ChoiceScreen)
        await pilot.press("enter")  # enter cancels a question that throws away
        await pilot.pause()
        assert isinstance(board_app.screen, EditTaskScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(board_app.screen, BoardScreen)
    assert on_disk(board_store, "t001aaaabbbbcccc")["urgent"] is False


async def test_esc_in_the_add_box_and_the_start_form_asks_before_it_drops_what_is_typed(
    board_app: CredoApp, board_store: Store
) -> None:
    """Only the edit form asked on esc: the quick-add box and the start-experiment form
    closed at once and lost what was typed. They ask the same question now; with nothing
    typed (the start form's prefill alone), esc still closes at once."""
    tasks = board_store.credo_dir / "tasks"
    before = {path.name: path.read_bytes() for path in tasks.iterdir()}
    async with board_app.run_test(size=(120, 40)) as pilot:
        for key, field, words in [
            ("a", "#add-line", "Look at 50 samples"),
            ("s", "#exp-hypothesis", "it is off"),
        ]:
            await pilot.press(key, "escape")  # nothing typed: closed at once, no question
            await pilot.pause()
            assert isinstance(board_app.screen, BoardScreen)
            await pilot.press(key)
            await pilot.pause()
            await esc_asks_before_it_drops(pilot, field, words)
            assert isinstance(board_app.screen, BoardScreen)
    assert {path.name: path.read_bytes() for path in tasks.iterdir()} == before
    assert board_store.experiments() == []


async def test_ctrl_c_says_in_plain_words_which_key_quits(board_app: CredoApp) -> None:
    """The reflex ctrl+c said "Press [b]ctrl+q[/b] to quit the app", markup and all."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert board_app.is_running
        [note] = [m for m in said(board_app) if "to quit" in m]
        assert "[" not in note
        key = note.removeprefix("Press ").removesuffix(" to quit the app")
        await pilot.press(key)
        await pilot.pause()
        assert not board_app.is_running


async def test_undo_selects_the_task_it_brought_back(board_app: CredoApp) -> None:
    """After x then u, the task back on the board was not the one selected: x moved the
    cursor to its neighbour, and u left it there."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        screen = board(board_app)
        screen.select("t002aaaabbbbcccc")  # the second task of Do
        await pilot.press("x")
        await settle(pilot)
        assert screen.selected_task().id != "t002aaaabbbbcccc"  # type: ignore[union-attr]
        await pilot.press("u")
        await settle(pilot)
        selected = screen.selected_task()
        assert selected is not None and selected.id == "t002aaaabbbbcccc"


async def test_p_marks_the_task_in_progress_as_credo_start_does_and_u_undoes_it(
    board_app: CredoApp, board_store: Store
) -> None:
    from credo.actions.tasks import start_task
    from credo.gitlink.authors import person

    me = person(board_store.git_root)
    start_task(board_store, "t003", me)  # theirs before: goes back to open
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)  # who you are, read from git in a worker
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "in_progress"
        assert on_disk(board_store, "t001aaaabbbbcccc")["in_progress_by"] == me
        assert on_disk(board_store, "t003aaaabbbbcccc")["status"] == "open"
        assert said(board_app)[-2:] == [
            "In progress: Check label balance per domain",
            "Back to open: Write the related-work section (t003)",
        ]
        await pilot.pause()
        assert f"status    in progress · {me}" in screen_text(board_app)
        assert "▶ Check label balance per domain" in screen_text(board_app)  # the row says it
        await pilot.press("u")
        await settle(pilot)  # an undo is written in a worker
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "open"
        assert on_disk(board_store, "t003aaaabbbbcccc")["status"] == "in_progress"
        assert said(board_app)[-1] == "Undid: mark 'Check label balance per domain' in progress"


async def test_p_on_your_task_in_progress_puts_it_back_to_open_as_credo_stop_does(
    board_app: CredoApp, board_store: Store
) -> None:
    """A second `p` on the task it had just marked said "In progress" again and changed
    nothing: a task once started stayed in progress (its trailer on every commit) until
    another was started or it was done. `p` on your own task in progress puts it back to
    open, and `u` starts it again."""
    from credo.actions.tasks import start_task
    from credo.gitlink.authors import person

    start_task(board_store, "t001", person(board_store.git_root))
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "open"
        assert "in_progress_by" not in on_disk(board_store, "t001aaaabbbbcccc")
        assert said(board_app)[-1] == "Back to open: Check label balance per domain"
        assert "▶ Check label balance per domain" not in screen_text(board_app)
        await pilot.press("u")
        await settle(pilot)
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "in_progress"
        assert said(board_app)[-1] == "Undid: put 'Check label balance per domain' back to open"


async def test_p_asks_git_who_you_are_in_a_worker_not_on_the_interface_thread(
    board_app: CredoApp, board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first p ran `git var` on the interface thread: ~10 ms, but seconds on a slow
    NFS home, with the board frozen. git is asked in a worker; the task is started once
    it has answered, and asked no more after."""
    from credo.gitlink import authors

    held = Held(authors.person)
    monkeypatch.setattr(authors, "person", held)
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        held.hold()
        try:
            await pilot.press("p")
            await until(pilot, lambda: held.started == 1, "git asked in a worker")
            assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "open"  # not yet
            await pilot.press("down")  # the board goes on meanwhile
        finally:
            held.release()
        await settle(pilot)
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "in_progress"
        board(board_app).select("t002aaaabbbbcccc")
        held.hold()
        try:
            await pilot.press("p")  # known now: at once
            assert on_disk(board_store, "t002aaaabbbbcccc")["status"] == "in_progress"
            assert held.started == 0
        finally:
            held.release()


async def test_help_explains_the_marks_the_rows_use(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(board_app)
    for mark, meaning in [
        ("★", "pinned to today"),
        ("↻", "repeats"),
        ("▶", "in progress"),
        ("⎇", "commits"),
        ("✦", "agent"),
        ("@?", "no one"),
        ("✓", "done"),
        ("✗", "dropped"),
    ]:
        assert any(mark in line and meaning in line for line in shown.splitlines()), mark


async def test_a_keymap_that_takes_a_key_from_another_binding_says_so(
    board_store: Store,
) -> None:
    """`"board.drop" = "x"` took x from Done without a word: Done had no key left and the
    footer simply lost it. The view says which binding lost its key, once."""
    from credo.store.userconfig import save_user_config, user_config_path

    save_user_config(keymap={"board.drop": "x", "board.add": "n"})
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        told = [m for m in said(app) if "[keymap]" in m]
        assert told == [
            f"{user_config_path()}: [keymap] gives x to board.drop, so board.done (Done) no "
            "longer has it: give board.done a key of its own there"
        ]


async def test_a_keymap_id_no_binding_has_is_named_once_with_the_closest(
    board_store: Store,
) -> None:
    """`"board.nosuch" = "z"` (or a typo, `"bord.add"`) was ignored without a word. The
    app says so once, naming the id closest to it; a known id is not named."""
    from credo.store.userconfig import save_user_config, user_config_path

    save_user_config(keymap={"bord.add": "n", "board.nosuch": "z", "board.drop": "y"})
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: any("[keymap]" in m for m in said(app)), "a [keymap] note")
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        told = [m for m in said(app) if "[keymap]" in m]
        assert told[0] == (  # its line in the file: `[keymap]`, then `"bord.add" = "n"`
            f"{user_config_path()}: [keymap] field 'bord.add' (line 2) is not known to this "
            "version of credo (ignored; did you mean 'board.add'?)"
        )
        assert "'board.nosuch' (line 3) is not known" in told[1] and len(told) == 2


async def test_a_clone_without_the_merge_driver_is_told_on_the_board(
    tmp_path: Path, credo: Callable[..., Any]
) -> None:
    """The warning every command gives in a fresh clone where `credo init` never ran was
    printed on stderr before the interface opened, so a board user saw it only on quitting."""
    alice, bob = shared_board(tmp_path, credo)
    app = CredoApp(Store.open(bob), refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: any("has no merge driver" in line for line in said(app)))
    ok_board = CredoApp(Store.open(alice), refresh_seconds=3600)  # `credo init` ran there
    async with ok_board.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not any("merge driver" in line for line in said(ok_board))


async def test_the_arrows_move_the_cursor_past_a_task_with_long_notes(
    board_app: CredoApp, board_store: Store
) -> None:
    """The detail pane holds the board's keys, and scrolled a task's long notes on ↓
    instead of moving to the next task (only j moved). The arrows move the cursor;
    page down scrolls the notes."""
    from credo.domain.models import Task

    notes = "\n\n".join(f"finding {i}" for i in range(80))
    board_store.update(Task, "t001aaaabbbbcccc", lambda t: t.model_copy(update={"notes": notes}))
    async with board_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = board(board_app)
        assert screen.selected_task().id == "t001aaaabbbbcccc"
        detail = screen.query_one("#detail")
        await until(pilot, lambda: detail.max_scroll_y > 0, "the notes longer than the pane")
        await pilot.press("pagedown")
        await until(pilot, lambda: detail.scroll_y > 0, "the notes scrolled")
        await pilot.press("down")
        await settle(pilot)
        assert screen.selected_task().id == "t002aaaabbbbcccc"  # the next task of Do
        await pilot.press("up")
        await settle(pilot)
        assert screen.selected_task().id == "t001aaaabbbbcccc"


async def test_a_quadrants_hint_shows_whole_or_not_at_all(board_app: CredoApp) -> None:
    """Beside the detail at 100 columns the titles were cut to "important, not" and
    "urgent, not": a hint that does not fit whole is left out (for its short form, see
    the test after this one), and shows where it fits."""
    cut = re.compile(r"important, not(?! urgent)|urgent, not(?! important)")
    async with board_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = screen_text(board_app)
        assert not cut.search(shown), shown
        assert re.search(r"│ Schedule \d+ important only +│", shown)
        assert "Do 2 important, urgent" in shown
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "important, not urgent" in screen_text(board_app)


@pytest.mark.parametrize(
    ("size", "hints"),
    [
        (
            (80, 24),
            ("important, urgent", "important, not urgent", "not important, urgent", "neither"),
        ),
        ((100, 30), ("important, urgent", "important only", "urgent only", "neither")),
        (
            (120, 40),
            ("important, urgent", "important, not urgent", "not important, urgent", "neither"),
        ),
    ],
)
async def test_every_quadrants_heading_says_what_puts_a_task_there(
    board_app: CredoApp, size: tuple[int, int], hints: tuple[str, ...]
) -> None:
    """Eliminate's "not important, not urgent" fits only from 140 columns: at 120 and 80
    its heading said `Eliminate 1` alone, under three that said what puts a task there (at
    100, beside the detail, Do alone said it). A heading too narrow for its hint shows its
    short form (`important only`, `urgent only`, `neither`): one rule for the four."""
    async with board_app.run_test(size=size) as pilot:
        await settle(pilot)
        shown = [
            str(board_app.screen.query_one(f"#title-{quadrant.value}", QuadrantTitle).render())
            for quadrant in QUADRANTS
        ]
    counts = (2, 2, 2, 1)
    assert shown == [
        f"{quadrant.label} {count} {hint}"
        for quadrant, count, hint in zip(QUADRANTS, counts, hints, strict=True)
    ]


async def test_the_detail_of_a_task_a_commit_closed_says_so_as_credo_show_does(
    repo: Path, store: Store, credo: Callable[..., Any]
) -> None:
    """`credo show` of a task a commit closed said `closed by commit 1a2b3c4 (`credo undone
    ID` reopens it)`; the board's `i` view of the same task left that line out."""
    from credo.domain.models import Task

    task = make_task(store, 1, "Fix leakage between train and valid")
    sha = commit_file(repo, "split.py", "dedupe()\n", f"Dedupe the splits, fixes {task.id[:6]}")
    closed = (
        f"closed by commit {sha[:7]} (`credo undone {store.short_id(Task, task.id)}` reopens it)"
    )
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: store.read(Task, task.id).status == "done", "the closing")
        await pilot.press("slash", *"status:done", "enter")
        await settle(pilot)
        board(app).select(task.id)
        await pilot.press("i")
        assert app.screen.__class__.__name__ == "DetailScreen"
        await settle(pilot)
        shown = " ".join(screen_text(app).replace("│", " ").split())
    assert closed in shown
    assert closed in credo(repo, "show", task.id[:6]).stdout


async def test_i_shows_a_tasks_detail_where_the_board_has_no_pane(repo: Path, store: Store) -> None:
    """Under 100 columns the board has no detail pane, and nothing on it showed a task's
    notes, commits and experiments, while the help said "the detail lists them": `i`
    opens the detail over the board there (the footer and the help list it), esc closes
    it; at 100 columns and more the pane shows it and `i` is not a key."""
    from credo.actions.experiments import start_experiment
    from credo.domain.models import Experiment
    from credo.ui.screens.help import HelpScreen

    task = make_task(store, 1, "Check label balance per domain", notes="Count **EP** vs **BP**.")
    exp, _ = start_experiment(store, "Balanced batches help the legal domain", task=task.id)
    commit_file(repo, "balance.py", "count()\n", f"Count labels\n\nCredo-Task: {task.id}")
    path = task_file(store, task.id)
    before = path.read_text()
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: task.id in app.commits, "the task's commit")
        await until(pilot, lambda: app.experiment_names is not None, "the experiments")
        assert "i Detail" in screen_text(app).splitlines()[-1]
        await pilot.press("i")
        assert app.screen.__class__.__name__ == "DetailScreen"
        await settle(pilot)
        shown = screen_text(app)
        short = store.short_id(Experiment, exp.id)  # as `credo exp ls` lists it, titled
        tried = f"tried in  {short} Balanced batches help the legal domain"
        for words in ("Count EP vs BP.", tried, "Count labels"):
            assert words in shown, words
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {description: keys for keys, description, _ in app.screen.rows}
        assert rows["Detail"] == "i"
        legend = dict(app.screen.legend)
        assert "(the detail pane, or i, lists them)" in legend["⎇"]
        await pilot.press("escape")
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "i Detail" not in screen_text(app).splitlines()[-1]
        await pilot.press("i")  # the pane beside shows it: not a key here
        assert isinstance(app.screen, BoardScreen)
        await settle(pilot)  # the pane, 44 cells of facts here: the hypothesis is cut to it
        assert f"│ tried in  {short} Balanced batches help the le… │" in screen_text(app)
    assert path.read_text() == before  # only read


async def test_the_detail_names_an_experiment_rightly_from_the_first_frame(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For the first seconds after the board opened, the detail said `tried in  e001`:
    the experiment's id cut to four characters, which another experiment's id began with
    too, until the runs worker read the experiments (its first settle comes seconds
    after the board opens). Their names are read just after the first layout, and the
    detail names none until then: each `tried in` it shows has the short id and the
    hypothesis."""
    from credo.domain.models import Experiment
    from credo.ui.widgets.task_detail import TaskDetail

    for exp_id, hypothesis in [("e001aaaabbbbcccc", "Balanced batches help"), ("e001b", "Wide")]:
        store.create(Experiment(id=exp_id.ljust(16, "x"), hypothesis=hypothesis, timebox="25m"))
    make_task(store, 1, "Check label balance per domain", experiments=["e001aaaabbbbcccc"])
    shown: list[str] = []
    show_facts = TaskDetail.show_facts

    def kept(detail: TaskDetail, text: str) -> None:
        shown.append(text)
        show_facts(detail, text)

    monkeypatch.setattr(TaskDetail, "show_facts", kept)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "Balanced" in "".join(shown), "the experiment named")
    tried = [line for text in shown for line in text.splitlines() if "tried in" in line]
    assert tried and all(line.endswith("  e001a Balanced batches help") for line in tried), tried


async def test_the_runs_worker_reads_the_experiments_names_again_only_when_they_changed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runs worker read every experiment (its short id and hypothesis, for the
    detail's `tried in`) at each change of the runs, though no experiment had changed:
    their names are read again when the experiments' files did, and a new experiment is
    named in the detail at the next look."""
    from collections import Counter

    from credo.domain.models import Item
    from runsets import experiment, run

    old = experiment(store, 1, "Balanced batches help")
    new_id = "e002aaaabbbbcccc"
    make_task(store, 1, "Check label balance per domain", experiments=[old.id, new_id])
    read: Counter[str] = Counter()  # each read of the experiments' names
    short_ids = Store.short_ids

    def counting(self: Store, *kinds: type[Item]) -> object:
        read.update(kind.folder for kind in kinds)
        return short_ids(self, *kinds)

    monkeypatch.setattr(Store, "short_ids", counting)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.experiment_names is not None, "the experiments")
        screen = board(app)
        for n in (1, 2):  # two looks: a run each, no experiment changed
            run(store, n, old, {"lr": n}, [1.0], [0.5])
            screen.settle_runs()
            await settle(pilot)
        assert app.runs_ready is not None  # the runs were read at each look
        assert read["experiments"] == 1  # the first read, after the first layout
        assert "tried in  e001 Balanced batches help" in screen_text(app)
        assert "Wider" not in screen_text(app)  # its id alone: no experiment has it yet
        experiment(store, 2, "Wider batches help")  # from another process, as credo start
        screen.settle_runs()
        await settle(pilot)
        assert "e002 Wider batches help" in screen_text(app)
        assert read["experiments"] == 2


async def test_the_detail_says_the_history_is_being_read_until_it_is(
    repo: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first index of a fork's 150,000 commits takes seconds, and meanwhile the detail
    showed the selected task with no commits, as if none named it."""
    from credo.actions import gitsync
    from credo.ui.app import READING_HISTORY

    task = make_task(store, 1, "Check label balance per domain", important=True, urgent=True)
    commit_file(repo, "balance.py", "count()\n", f"Count labels\n\nCredo-Task: {task.id}")
    hold = threading.Event()
    git_facts = gitsync.git_facts

    def held(*args: Any, **kwargs: Any) -> gitsync.GitFacts:
        hold.wait(10)
        return git_facts(*args, **kwargs)

    monkeypatch.setattr(gitsync, "git_facts", held)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        facts = board(app).query_one("#detail-facts")
        await until(pilot, lambda: READING_HISTORY in str(facts.render()), "reading said")
        hold.set()
        await until(pilot, lambda: "Count labels" in str(facts.render()), "the commit")
        assert READING_HISTORY not in str(facts.render())


async def test_the_board_works_out_the_short_id_of_the_selected_task_alone(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board's start worked out the short id of every task (27 M instructions of a
    10,000-task start) for the detail, which names the selected one: only the ids
    sharing its first characters are counted now, and the detail still names it as
    `credo ls` does, a fifth character where another task shares the first four."""
    from credo.store import ids
    from credo.ui import board_state

    make_task(store, 1, "Check label balance per domain", important=True, urgent=True)
    for n in range(2, 40):
        make_task(store, n, f"Task {n}")
    twin = "t001bbbbccccdddd"
    make_task(store, 1, "A twin", id=twin, important=True, urgent=True)
    counted: list[int] = []
    short_ids = ids.short_ids

    def counting(given: Any, minimum: int = ids.MIN_SHORT) -> ids.ShortIds:
        given = list(given)
        counted.append(len(set(given)))
        return short_ids(given, minimum)

    monkeypatch.setattr(ids, "short_ids", counting)
    monkeypatch.setattr(board_state, "short_ids", counting, raising=False)  # as it was
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "t001a" in screen_text(app)
        await pilot.press("j")
        await until(pilot, lambda: "t001b" in screen_text(app), "the twin's short id")
    assert counted and max(counted) == 2, counted
