"""Every dialog fits the terminal and can be used at 80x24 and at 40x12 (it scrolls
inside), and each has a snapshot at 80x24."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from boards import TODAY, task_file
from test_footer import footer_line
from textual.containers import ScrollableContainer
from textual.screen import ModalScreen
from textual.widget import Widget

from credo.domain.models import Experiment, Outcome
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.widgets.footer import keys_of
from pilots import settle

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

# The keys that open each dialog from the board ("select:ID" picks a task first).
DIALOGS: dict[str, tuple[str, ...]] = {
    "add": ("a",),
    "edit": ("e",),
    "repeat": ("select:t006aaaabbbbcccc", "d"),
    "help": ("question_mark",),
    "problems": ("exclamation_mark",),
    "start": ("s",),
    "outcome": ("E", "c"),
    "close": ("E", "c", "c"),
    "abandon": ("E", "A"),
    "more-time": ("E", "plus"),
}
LONG = {"help", "problems"}
"""Lists that may scroll even at 80x24; every form shows whole."""


@pytest.fixture
def dialog_app(board_store: Store) -> CredoApp:
    """The board's tasks, an unreadable file and a running experiment, on a frozen clock."""
    from boards import TODAY

    (board_store.credo_dir / "tasks" / "bad0bad0bad0bad0.toml").write_text(
        'id = "bad0bad0bad0bad0"\ntitle = 5\ndue = "soonish"\nurgent = 3\n'
    )
    started = NOW - timedelta(minutes=10)
    board_store.create(
        Experiment.model_validate(
            {
                "id": "e001aaaabbbbcccc",
                "hypothesis": "Balanced batches help the legal domain",
                "timebox": "30m",
                "status": "running",
                "started": started,
                "created": started,
                "updated": started,
            }
        )
    )
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    app.clock = lambda: NOW
    return app


async def open_dialog(pilot: Any, name: str) -> ModalScreen[Any]:
    await settle(pilot)
    for key in DIALOGS[name]:
        if key.startswith("select:"):
            pilot.app.screen.select(key.removeprefix("select:"))
        else:
            await pilot.press(key)
        await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ModalScreen), type(screen)
    return screen


def inside(outer: Any, widget: Widget) -> bool:
    return bool(outer.contains_region(widget.region))


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
@pytest.mark.parametrize("name", list(DIALOGS))
async def test_every_dialog_fits_and_each_field_can_be_reached(
    dialog_app: CredoApp, name: str, size: tuple[int, int]
) -> None:
    async with dialog_app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, name)
        [box] = screen.query(".dialog").results(ScrollableContainer)
        assert inside(screen.region, box), f"{name} is larger than {size}"
        fields = [w for w in box.query("*") if w.focusable]
        if size == (80, 24) and name not in LONG:
            assert box.max_scroll_y == 0, f"{name} needs scrolling at 80x24"
            assert all(inside(box.scrollable_content_region, f) for f in fields), name
        for field in fields:  # tab (or a click) to each: the box scrolls it into view
            field.focus()
            await settle(pilot)
            assert inside(box.scrollable_content_region, field), f"{name}: {field} hidden"
        if name in LONG:
            await pilot.press("end")  # the whole list can be read
            await settle(pilot)
            assert box.scroll_y == box.max_scroll_y


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_snapshot_80x24(snap_compare: Any, dialog_app: CredoApp, name: str) -> None:
    async def run_before(pilot: Any) -> None:
        await open_dialog(pilot, name)

    assert snap_compare(dialog_app, terminal_size=(80, 24), run_before=run_before)


async def test_the_edit_form_labels_its_fields_and_says_each_flag_in_words(
    dialog_app: CredoApp,
) -> None:
    import re

    from pilots import screen_text

    async with dialog_app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, "edit")
        shown = screen_text(dialog_app)
        for label in ("Title", "Due", "Tags", "Flags", "Notes"):
            assert re.search(rf"\s{label}\s", shown), label
        assert "▐X▌ important: yes" in shown and "▐X▌ urgent: yes" in shown
        dialog_app.screen.query_one("#edit-urgent").focus()
        await pilot.press("space")
        await settle(pilot)
        assert "▐ ▌ urgent: no" in screen_text(dialog_app)  # not a colour alone


async def test_the_due_fields_examples_read_as_separate_dates(dialog_app: CredoApp) -> None:
    """The empty due field said `friday, 2026-12-01…`: read as one date, though 1 December
    2026 is a Tuesday. Its examples are apart, each one a date the field reads, and a
    weekday named beside a date is that date's."""
    import re
    from datetime import date

    from textual.widgets import Input

    from credo.domain.dates import parse_when
    from pilots import screen_text

    async with dialog_app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, "edit")  # Do's first task: no due date
        placeholder = dialog_app.screen.query_one("#edit-due", Input).placeholder
        assert placeholder in screen_text(dialog_app)  # whole at 80 columns
    examples = placeholder.split(" · ")
    assert len(examples) >= 3, placeholder
    read = [parse_when(example, TODAY) for example in examples]  # none refused
    days = [date.fromisoformat(e) for e in examples if re.fullmatch(r"\d{4}-\d\d-\d\d", e)]
    named = [e for e in examples if e in WEEKDAYS]
    assert days and named and len(set(read)) >= 2, read
    assert all(WEEKDAYS[day.weekday()] in named for day in days), (days, named)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


async def test_the_start_form_labels_its_prefilled_fields(dialog_app: CredoApp) -> None:
    """Prefilled, the start form's fields showed no placeholder: nothing said that `25m` was
    the timebox. Each has its label beside it, as the edit form's have."""
    import re

    from pilots import screen_text

    async with dialog_app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, "start")
        shown = screen_text(dialog_app)
        assert re.search(r"│ +Hypothesis +Check label balance per domain: +│", shown)
        assert re.search(r"│ +Timebox +25m +│", shown)


async def test_the_edit_form_says_why_a_task_not_flagged_urgent_is_in_do(
    dialog_app: CredoApp,
) -> None:
    """The edit form said `urgent: no` of a task the board showed in Do, where its near due
    date put it: the form says why, as the due field and the flag now stand."""
    from textual.widgets import Input

    from pilots import screen_text

    def why() -> str:
        lines = [line for line in screen_text(dialog_app).splitlines() if "shown as" in line]
        return " ".join(" ".join(lines).replace("│", " ").split())

    async with dialog_app.run_test(size=(80, 24)) as pilot:
        dialog_app.screen.select("t002aaaabbbbcccc")  # important, due three days ago: in Do
        await open_dialog(pilot, "edit")
        shown = screen_text(dialog_app)
        assert "▐ ▌ urgent: no" in shown
        assert why() == "3d overdue: shown as urgent whatever this flag says"
        due = dialog_app.screen.query_one("#edit-due", Input)
        due.value = "tomorrow"
        await settle(pilot)
        assert why() == "due tomorrow: shown as urgent whatever this flag says"
        due.value = "2026-12-20"  # beyond the two days' horizon: not urgent, nothing to say
        await settle(pilot)
        assert why() == ""
        due.value = "2026-11-27"
        await settle(pilot)
        assert why() == "due in 2d: shown as urgent whatever this flag says"
        dialog_app.screen.query_one("#edit-urgent").focus()
        await pilot.press("space")  # flagged urgent: the flag and the board agree
        await settle(pilot)
        assert "▐X▌ urgent: yes" in screen_text(dialog_app) and why() == ""


@pytest.mark.parametrize("form", ["add", "edit"])
async def test_a_date_typed_past_midnight_is_read_on_the_new_day(
    board_store: Store, form: str
) -> None:
    """A form opened at 23:58 read its dates on that day all night: `today` typed in it at
    00:01 was the day before, and the task went in `1d overdue` as it was saved. A date
    is read on the day it is typed."""
    from datetime import date

    from textual.widgets import Input

    moment = [datetime(2026, 12, 7, 23, 58, tzinfo=UTC)]
    app = CredoApp(board_store, refresh_seconds=3600)
    app.clock = lambda: moment[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.select("t001aaaabbbbcccc")
        await pilot.press("a" if form == "add" else "e")
        await settle(pilot)
        moment[0] = datetime(2026, 12, 8, 0, 1, tzinfo=UTC)
        if form == "add":
            await pilot.press(*"Send the review due:today")
            await settle(pilot)
            preview = str(app.screen.query_one("#add-preview").render())
            assert "due 2026-12-08 (today)" in preview, preview
            await pilot.press("enter")
        else:
            app.screen.query_one("#edit-due", Input).value = "today"
            await settle(pilot)
            await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.is_modal
    title = "Send the review" if form == "add" else "Check label balance per domain"
    [task] = [t for t in board_store.tasks() if t.title == title]
    assert task.due == date(2026, 12, 8)


@pytest.mark.parametrize("name", [n for n in DIALOGS if n not in LONG])
async def test_every_form_says_how_to_leave_it(dialog_app: CredoApp, name: str) -> None:
    """The abandon form alone gave no 'esc cancels' line: a reason typed, enter is the
    only way out that anyone could read."""
    from pilots import screen_text

    async with dialog_app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, name)
        shown = screen_text(dialog_app)
        assert "esc cancels" in shown or "Cancel (esc)" in shown, shown


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_under_a_dialog_the_footer_offers_only_the_dialogs_keys(
    dialog_app: CredoApp, name: str
) -> None:
    """The footer under a dialog kept the view's keys (`a Add  e Edit ...`), and each of
    them typed its letter into the dialog's field. It shows the dialog's own keys (`esc
    Cancel`), and the view's again once the dialog is closed."""
    async with dialog_app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, name)
        dialogs = "".join(f" {hint.shown} {hint.description} " for hint in keys_of(dialog)[0])
        assert footer_line(dialog_app).rstrip() == dialogs.rstrip()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(dialog_app.screen, ModalScreen)
        assert " ? Help " in footer_line(dialog_app)


def tasks_on_disk(app: CredoApp) -> dict[str, bytes]:
    folder = app.store.credo_dir / "tasks"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_a_click_outside_a_dialog_closes_it_as_esc_does(
    dialog_app: CredoApp, name: str
) -> None:
    """A click beside a dialog did nothing (Textual's command palette closes): it does what
    esc does there, and changes no file."""
    async with dialog_app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, name)
        before = tasks_on_disk(dialog_app)
        assert dialog_app.get_widget_at(0, 1)[0] is dialog  # outside the box
        await pilot.click(offset=(0, 1))
        await settle(pilot)
        assert not isinstance(dialog_app.screen, ModalScreen), dialog_app.screen
        assert tasks_on_disk(dialog_app) == before


async def test_a_click_outside_a_form_with_words_typed_asks_first(dialog_app: CredoApp) -> None:
    from credo.ui.screens.task_forms import ChoiceScreen

    async with dialog_app.run_test(size=(80, 24)) as pilot:
        form = await open_dialog(pilot, "edit")
        before = tasks_on_disk(dialog_app)
        await pilot.press("end", *" twice")
        await pilot.click(offset=(0, 1))
        await settle(pilot)
        assert isinstance(dialog_app.screen, ChoiceScreen)  # "Leave and lose ...?"
        await pilot.click(offset=(0, 1))  # outside the question too: as esc, no
        await settle(pilot)
        assert dialog_app.screen is form
        assert form.query_one("#edit-title").value.endswith(" twice")  # type: ignore[attr-defined]
        await pilot.click(offset=(0, 1))
        await settle(pilot)
        await pilot.click("#choice-leave")  # the question's button: yes
        await settle(pilot)
        assert not isinstance(dialog_app.screen, ModalScreen)
        assert tasks_on_disk(dialog_app) == before


async def test_a_click_on_a_footer_key_under_a_dialog_presses_it(
    dialog_app: CredoApp, board_store: Store
) -> None:
    """The footer under a dialog shows the dialog's keys (`^s Save`), and a click on one
    did nothing: the dialog took every click."""
    async with dialog_app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, "edit")
        await pilot.press("end", *" twice")
        await pilot.click(offset=(footer_line(dialog_app).index("Save"), 23))
        await settle(pilot)
        assert not isinstance(dialog_app.screen, ModalScreen)
    saved = task_file(board_store, "t001aaaabbbbcccc").read_text()
    assert 'title = "Check label balance per domain twice"' in saved


@pytest.mark.parametrize(
    ("name", "words", "verb"),
    [
        ("start", "it helps", "Start"),
        ("close", "lr too low", "Close"),
        ("abandon", "no GPU until Monday", "Abandon"),
        ("more-time", "one more epoch", "Add time"),
    ],
)
@pytest.mark.parametrize("how", ["button", "footer", "ctrl+s"])
async def test_an_experiment_form_is_sent_by_its_button_its_footer_key_or_ctrl_s(
    dialog_app: CredoApp, board_store: Store, name: str, words: str, verb: str, how: str
) -> None:
    """The start, close, abandon and more-time forms had no button and no footer key to
    send them (the footer said `esc Cancel` alone): a person who clicks could not. Each
    has the edit form's buttons (`Start (ctrl+s)`, `Cancel (esc)`) and its ctrl+s."""
    from credo.ui.screens.task_forms import ChoiceScreen

    async with dialog_app.run_test(size=(80, 24)) as pilot:
        form = await open_dialog(pilot, name)
        if name == "more-time":
            await pilot.press("tab")  # to the reason: the 15m is kept
        await pilot.press("end", *f" {words}")
        assert f"^s {verb} " in footer_line(dialog_app)
        if how == "button":
            await pilot.click(".form-submit")
        elif how == "footer":
            await pilot.click(offset=(footer_line(dialog_app).index(verb), 23))
        else:
            await pilot.press("ctrl+s")
        await settle(pilot)
        assert dialog_app.screen is not form
        if name == "start":  # the running one: one at a time
            assert isinstance(dialog_app.screen, ChoiceScreen)
            await pilot.press("p")
            await settle(pilot)
    experiments = {e.hypothesis: e for e in board_store.experiments()}
    running = experiments.pop("Balanced batches help the legal domain")
    if name == "start":
        [(hypothesis, started)] = experiments.items()
        assert hypothesis.endswith(words) and started.status.value == "running"
        assert running.status.value == "paused"
    elif name == "close":
        assert running.outcome == Outcome.CONFIRMED and running.learning == words
    elif name == "abandon":
        assert running.status.value == "abandoned" and running.abandon_reason == words
    else:
        [extension] = running.extensions
        assert extension.by == timedelta(minutes=15) and extension.reason == words


async def test_a_click_on_an_experiment_forms_cancel_button_closes_it(
    dialog_app: CredoApp, board_store: Store
) -> None:
    path = board_store.credo_dir / "experiments" / "e001aaaabbbbcccc.toml"
    before = path.read_bytes()
    async with dialog_app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, "abandon")
        await pilot.click(".form-cancel")
        await settle(pilot)
        assert not isinstance(dialog_app.screen, ModalScreen)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("outcome", ["esc Cancel", "c Confirmed", "r Refuted", "i Inconclusive"]),
        ("repeat", ["esc Cancel", "o This one", "a All future ones"]),
    ],
)
async def test_a_question_puts_its_answers_keys_in_the_footer(
    dialog_app: CredoApp, name: str, keys: list[str]
) -> None:
    """The outcome question, and every question answered by a key, left the footer blank
    where every other dialog shows its keys: not even `esc Cancel`."""
    async with dialog_app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, name)
        footer = footer_line(dialog_app)
        places = [footer.find(f" {key} ") for key in keys]
        assert -1 not in places and places == sorted(places), footer


async def test_a_click_on_an_answer_in_the_footer_gives_it(dialog_app: CredoApp) -> None:
    from credo.ui.screens.experiment_forms import CloseExperimentScreen

    async with dialog_app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, "outcome")
        await pilot.click(offset=(footer_line(dialog_app).index("Refuted"), 23))
        await settle(pilot)
        form = dialog_app.screen
        assert isinstance(form, CloseExperimentScreen) and form.outcome == Outcome.REFUTED


async def test_a_click_outside_the_delegate_question_moves_nothing(
    dialog_app: CredoApp,
) -> None:
    """esc there moves the task with no one: a stray click must not."""
    from credo.ui.screens.task_forms import AssigneeScreen

    async with dialog_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = tasks_on_disk(dialog_app)
        await pilot.press("3")
        await settle(pilot)
        dialog = dialog_app.screen
        assert isinstance(dialog, AssigneeScreen)
        await pilot.click(offset=(0, 1))
        await settle(pilot)
        assert dialog_app.screen is dialog
        assert tasks_on_disk(dialog_app) == before
