"""Modals for tasks: quick add (with a live preview), edit, and a one-question choice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea
from textual.worker import Worker

from credo.display import escape, visible
from credo.domain.assignees import given_to, resolve_assignee
from credo.domain.dates import due_words, parse_when, relative_day
from credo.domain.models import Task
from credo.domain.quadrants import due_is_urgent, placement_words
from credo.domain.quickadd import QuickAdd, parse_quick_add
from credo.errors import BadInputError
from credo.ui.markup import from_rich_markup
from credo.ui.screens.base import Dialog, FormScreen, form_bindings
from credo.ui.widgets.dialog import DialogBox
from credo.ui.widgets.hints import HintLine
from credo.ui.widgets.line_input import LineInput
from credo.ui.widgets.textual_internals import bind_here
from credo.ui.workers import credo_work

T = TypeVar("T")

READING_DATE = "[dim]reading the date…[/]"
"""What a form says while a date is read: one no rule knows waits on dateparser's first
use (0.5 to 0.9 s, in a worker), which begins as the date does (`DateForm`)."""


def _read(parse: Callable[[], T]) -> tuple[T | None, str]:
    """Run one of credo's parsers: its value, or the words of its refusal.

    Called in workers: a date no rule knows goes to dateparser, whose first use
    takes 0.5 to 0.9 s (its language data), too long for a key press.
    """
    try:
        return parse(), ""
    except BadInputError as error:
        return None, error.message


class DateForm(FormScreen[T]):
    """A form with a date field (`due:` in the add box, the edit form's Due)."""

    _date_reader_asked = False

    @property
    def today(self) -> date:
        """The day a typed date is read from: the app's, as it is read (opened at 23:58,
        a form read `today` typed at 00:01 as the day before)."""
        from credo.ui.app import credo_of

        return credo_of(self).today

    def date_begun(self) -> None:
        """A date is being typed: dateparser, which reads one no rule knows (`3 jan 2027`),
        is loaded meanwhile, in a worker. Its first date took 0.5 to 0.9 s, which the
        form spent saying `reading the date…`."""
        if not self._date_reader_asked:
            self._date_reader_asked = True
            self.warm_date_reader()

    @credo_work("Loading the date reader", group="date-reader")
    def warm_date_reader(self) -> None:
        from credo.domain.dates import warm_up

        warm_up()

    def answer_in(self, worker: Worker[None]) -> None:
        """`worker` reads what enter (or ctrl+s) asked: the keys typed in the same
        instant wait for the form's answer, not typed into it meanwhile (`aTitle`,
        enter, `j` left the form open holding `Titlej`)."""
        from credo.ui.app import credo_of

        credo_of(self).typed_ahead.wait_for(worker, keys_meanwhile=True)


class AddTaskScreen(DateForm[QuickAdd | None]):
    """One line in the quick-add syntax; dismisses with what it says (or None)."""

    FORM = "the add box"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="add.cancel")]

    @dataclass
    class Read(Message):
        """What the worker made of a line; `submit` when enter asked for it."""

        line: str
        parsed: QuickAdd | None
        error: str
        submit: bool
        who: str
        """Who the task goes to, in words (`given_to`)."""

    def __init__(
        self, line: str = "", horizon_days: int = 2, people: list[str] | None = None
    ) -> None:
        super().__init__()
        self.horizon_days = horizon_days
        """A due date this close makes the task urgent (the project's setting)."""
        self.people = people or []
        """Who an `@name` is matched against (`resolve_assignee`): the task the box gives
        back names the person its preview showed."""
        self.line = line
        """What was typed (given back when an add could not be written)."""
        self.answered: str | None = None
        """The line the preview shows the reading of."""

    def compose(self) -> ComposeResult:
        with DialogBox():
            yield Label("[b]Add a task[/]")
            yield LineInput(
                self.line,
                placeholder="Check leakage ! ^ #data due:friday every:week",
                id="add-line",
            )
            yield Static("", id="add-preview")
            yield HintLine(
                "! important",
                "^ urgent",
                "#tag",
                "@name",
                "due:WHEN",
                "every:RULE",
                "enter adds",
                "esc cancels",
            )

    def on_mount(self) -> None:
        self.query_one("#add-line", Input).focus()
        self.query_one("#add-preview", Static).update("[dim]Type a title…[/]")
        if self.line:
            self.read(self.line, submit=False)

    @on(Input.Changed, "#add-line")
    def _changed(self, event: Input.Changed) -> None:
        self.read(event.value, submit=False)

    def action_submit(self) -> None:
        self.read(self.query_one("#add-line", Input).value, submit=True)

    def read(self, line: str, submit: bool) -> None:
        """Read `line` in a worker; a read not answered in a moment is a date being read
        (the rest reads in microseconds): the preview says so, not what it said before."""
        if "due:" in line:
            self.date_begun()
        reading = self.read_line(line, submit, self.people)
        if submit:
            self.answer_in(reading)
        self.set_timer(0.2, lambda: self._still_reading(line))

    def _still_reading(self, line: str) -> None:
        if line == self.query_one("#add-line", Input).value and line != self.answered:
            self.query_one("#add-preview", Static).update(from_rich_markup(READING_DATE))

    def know(self, people: list[str]) -> None:
        """The people as read since the box opened (git's authors come from a worker):
        the line is read again with them."""
        if people == self.people:
            return
        self.people = people
        try:
            line = self.query_one("#add-line", Input)
        except NoMatches:  # pushed, not drawn yet (its first read has them), or closing
            return
        self.read(line.value, submit=False)

    @credo_work("Reading the new task's line", group="add-read", exclusive=True)
    def read_line(self, line: str, submit: bool, people: list[str]) -> None:
        parsed, error = _read(lambda: parse_quick_add(line, self.today))
        if parsed is not None:
            parsed.assignee = resolve_assignee(parsed.assignee, people)
        who = given_to(parsed.assignee if parsed else None, people)
        self.post_message(self.Read(line, parsed, error, submit, who))

    def on_add_task_screen_read(self, message: Read) -> None:
        if message.line != self.query_one("#add-line", Input).value:
            return  # the line changed since: a newer answer is on its way
        self.answered = message.line
        if message.submit:
            if message.parsed is None:
                self.app.bell()
            else:
                self.line = message.line
                self.dismiss(message.parsed)
                return
        self.show_preview(message.line, message.parsed, message.error, message.who)

    def show_preview(self, line: str, parsed: QuickAdd | None, error: str, who: str) -> None:
        preview = self.query_one("#add-preview", Static)
        if not line.strip():
            preview.update("[dim]Type a title…[/]")
            return
        if parsed is None:
            preview.update(from_rich_markup(f"[red]{escape(error)}[/]"))
            return
        urgent = parsed.urgent or due_is_urgent(parsed.due, self.today, self.horizon_days)
        parts = [f"[b]{escape(parsed.title)}[/]", placement_words(parsed.important, urgent)]
        if parsed.due:
            parts.append(due_words(parsed.due, self.today))
        if parsed.tags:
            parts.append(" ".join(f"#{escape(t)}" for t in parsed.tags))
        if parsed.every:
            parts.append(f"every {parsed.every}")
        if who:
            parts.append(escape(who))
        preview.update(from_rich_markup(" · ".join(parts)))


class WhoLine(Static):
    """Who a task goes to as a name field reads so far, in the add box's words
    (`given_to`): `for @Ana Ribeiro`, or a name kept as typed and why, before it is saved."""

    def __init__(self, people: list[str], **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.people = people
        """Who a name is matched against (`resolve_assignee`), as the board saves it."""
        self.typed = ""

    def read(self, typed: str) -> None:
        """Say who `typed` names (matching a few dozen names takes microseconds)."""
        self.typed = typed
        try:
            who = given_to(resolve_assignee(typed, self.people), self.people)
        except BadInputError as error:
            self.update(from_rich_markup(f"[red]{escape(error.message)}[/]"))
        else:
            self.update(from_rich_markup(f"for {escape(who)}" if who else ""))
        self.display = bool(typed.strip())


def tell_people(screen: Screen[Any], people: list[str], names: list[str]) -> None:
    """A form opened before git's authors were read (the add box, the edit form's Who,
    the delegate question) matches names with them now, and saves with them (its
    `people`), so what it saves is what it shows; the edit form's Who and the delegate
    question offer them too (`names`: completions, and the question's names to click)."""
    if isinstance(screen, AddTaskScreen):
        screen.know(people)
    elif isinstance(screen, EditTaskScreen | AssigneeScreen):
        if people != screen.people:
            screen.people = people
            for line in screen.query(WhoLine):  # none until it is drawn (it has them then)
                line.people = people
                line.read(line.typed)
        if names != screen.names:
            screen.names = names
            for field in screen.query(screen.NAME_FIELD).results(Input):  # none until drawn
                field.suggester = SuggestFromList(names, case_sensitive=False)
            if isinstance(screen, AssigneeScreen):
                screen.show_names()


class EditTaskScreen(DateForm[dict[str, Any] | None]):
    """Edit title, notes, due, tags, assignee, important and urgent; dismisses with the
    changed fields."""

    FORM = "the edit form"
    NAME_FIELD = "#edit-assignee"

    BINDINGS = form_bindings("edit", "Save", "save")

    @dataclass
    class DueRead(Message):
        """What the worker made of the due field; `save` when saving asked for it."""

        text: str
        due: date | None
        error: str
        save: bool

    def __init__(
        self,
        task: Task,
        horizon_days: int,
        names: list[str] | None = None,
        typed: dict[str, Any] | None = None,
        people: list[str] | None = None,
    ) -> None:
        """`typed`: fields as typed in this form before (an edit that was refused);
        `people`: who a name in Who is matched against (`WhoLine`)."""
        super().__init__()
        self.people = people or []
        self.task_item = task
        self.horizon_days = horizon_days
        """A due date this close makes the task urgent (the project's setting)."""
        self.names = names or []
        """Completions for the assignee: git authors, assignees in use, agents."""
        self.shown = _as_shown(task)
        """The task's text fields as the form shows them: what a field is compared with."""
        self.typed = typed or {}
        self.due = self.task_item.model_copy(update=self.typed).due
        """The due date the due field holds, as last read (the urgent flag's note)."""

    def compose(self) -> ComposeResult:
        task = self.task_item.model_copy(update=self.typed)  # what the fields start with
        shown = _as_shown(task)
        with DialogBox(classes="dialog-wide", id="edit-dialog"):
            yield Label("[b]Edit task[/]  [dim]ctrl+s saves · esc cancels[/]")
            with Horizontal(classes="form-row"):
                yield Label("Title", classes="field-label")
                yield LineInput(  # the cursor at its end: a first key typed adds to it,
                    shown["title"],  # where a selection would put the key in its place
                    placeholder="title",
                    id="edit-title",
                    compact=True,
                    select_on_focus=False,
                )
            with Horizontal(classes="form-pair"):  # side by side, or stacked when cramped
                with Horizontal(classes="form-row"):
                    yield Label("Due", classes="field-label")
                    yield Input(
                        str(task.due or ""),
                        # apart, and the date a Friday: `friday, 2026-12-01` read as one
                        # date, a Tuesday
                        placeholder="friday · 2026-12-04 · in 3d",
                        id="edit-due",
                        compact=True,
                    )
                with Horizontal(classes="form-row second"):
                    yield Label("Tags", classes="field-label")
                    yield LineInput(
                        " ".join(shown["tags"]),
                        placeholder="data paper",
                        id="edit-tags",
                        compact=True,
                    )
            with Horizontal(classes="form-row"):
                yield Label("Who", classes="field-label")
                yield Input(
                    shown["assignee"] or "",
                    placeholder="a teammate or agent:NAME (→ completes)",
                    suggester=SuggestFromList(self.names, case_sensitive=False),
                    id="edit-assignee",
                    compact=True,
                )
            yield WhoLine(self.people, id="edit-who")
            with Horizontal(classes="form-row"):
                yield Label("Flags", classes="field-label")
                with Horizontal(classes="form-pair"):
                    yield FlagBox("important", task.important, id="edit-important")
                    yield FlagBox("urgent", task.urgent, id="edit-urgent")
            yield Static("", id="edit-urgent-why")
            with Horizontal(classes="form-row"):
                yield Label("Notes", classes="field-label")
                yield TextArea(shown["notes"], id="edit-notes", language="markdown")
            yield Static("", id="edit-error")
            yield from self.buttons("Save")

    def on_mount(self) -> None:
        self.query_one("#edit-title", Input).focus()
        self.show_urgent_why()
        self.query_one(WhoLine).read(self.query_one("#edit-assignee", Input).value)

    @on(Input.Changed, "#edit-assignee")
    def _who_changed(self, event: Input.Changed) -> None:
        self.query_one(WhoLine).read(event.value)

    def show_urgent_why(self) -> None:
        """Under the flags, why a task whose urgent flag is off is in an urgent quadrant
        (a near due date): else the form says `urgent: no` of a task the board shows in Do."""
        why = self.query_one("#edit-urgent-why", Static)
        flagged = self.query_one("#edit-urgent", Checkbox).value
        words = "" if flagged else due_urgency_words(self.due, self.today, self.horizon_days)
        why.update(f"{words}: shown as urgent whatever this flag says" if words else "")
        why.display = bool(words)

    @on(Checkbox.Changed, "#edit-urgent")
    def _urgent_changed(self) -> None:
        self.show_urgent_why()

    def due_text(self) -> str:
        return self.query_one("#edit-due", Input).value.strip()

    def collect(self, due: date | None) -> dict[str, Any]:
        """The fields that differ from the task, with `due` as read from the due field."""
        task = self.task_item
        fields: dict[str, Any] = {
            "title": self.query_one("#edit-title", Input).value,
            "due": due,
            "tags": self.query_one("#edit-tags", Input).value.replace(",", " ").split(),
            "important": self.query_one("#edit-important", Checkbox).value,
            "urgent": self.query_one("#edit-urgent", Checkbox).value,
            "notes": self.query_one("#edit-notes", TextArea).text,
            "assignee": self.query_one("#edit-assignee", Input).value.strip() or None,
        }
        # Compared with what the form showed: a field left alone keeps the file's bytes.
        return {k: v for k, v in fields.items() if self.shown.get(k, getattr(task, k)) != v}

    def action_submit(self) -> None:
        text = self.due_text()
        if text:  # a date no rule knows waits on dateparser's first import (seconds)
            self.query_one("#edit-error", Static).update(from_rich_markup(READING_DATE))
        self.answer_in(self.read_due(text, save=True))

    @credo_work("Reading the due date", group="edit-read", exclusive=True)
    def read_due(self, text: str, save: bool) -> None:
        due, error = _read(lambda: parse_when(text, self.today) if text else None)
        self.post_message(self.DueRead(text, due, error, save))

    @on(Input.Changed, "#edit-due")
    def _due_changed(self) -> None:
        self.query_one("#edit-error", Static).update("")  # it said how the last date read
        self.date_begun()
        self.read_due(self.due_text(), save=False)  # for the urgent flag's note

    def on_edit_task_screen_due_read(self, message: DueRead) -> None:
        if message.text != self.due_text():
            return  # edited since: saving again reads it again
        if not message.error:
            self.due = message.due
            self.show_urgent_why()
        if not message.save:
            return
        if message.error:
            self.show_problem("edit-error", message.error)
            return
        self.dismiss(self.collect(message.due))


def due_urgency_words(due: date | None, today: date, horizon_days: int) -> str:
    """`due in 2d`, `2d overdue`: a due date that makes a task urgent, in words ("" for
    one that does not)."""
    if due is None or not due_is_urgent(due, today, horizon_days):
        return ""
    when = relative_day(due, today)
    return when if when.endswith("overdue") else f"due {when}"


def _as_shown(task: Task) -> dict[str, Any]:
    """A task's text fields as the edit form shows them (control characters as signs)."""
    return {
        "title": visible(task.title, lines=False),
        "tags": [visible(t, lines=False) for t in task.tags],
        "notes": visible(task.notes),
        "assignee": visible(task.assignee, lines=False) if task.assignee else None,
    }


class FlagBox(Checkbox):
    """A checkbox that says its state in words (`important: yes`) and in its mark
    (X or blank), not by colour alone."""

    def __init__(self, flag: str, value: bool, **kwargs: Any) -> None:
        self.flag = flag
        super().__init__(_flag_words(flag, value), value, compact=True, **kwargs)
        self.BUTTON_INNER = "X" if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        self.label = _flag_words(self.flag, self.value)
        super().watch_value()


def _flag_words(flag: str, value: bool) -> str:
    return f"{flag}: {'yes' if value else 'no'}"


class ChoiceScreen(Dialog[str | None]):
    """A question with a few answers, each with its own key (in the footer too)."""

    BINDINGS = [Binding("escape", "choose", "Cancel", id="choice.cancel")]

    def __init__(
        self, question: str, choices: list[tuple[str, str, str]], *, enter_cancels: bool = False
    ) -> None:
        """`question` in Rich markup (file text escaped); `choices`: (key, value, label).
        `enter_cancels` for a question whose answers throw something away: enter and space
        press Cancel, not the first answer."""
        super().__init__()
        self.question = question
        self.choices = choices
        self.enter_cancels = enter_cancels
        for key, value, label in choices:  # keys of this question alone
            bind_here(self, key, f"choose({value!r})", label)

    @classmethod
    def losing(cls, verb: str, lost: list[str]) -> ChoiceScreen:
        """`Quit and lose what is typed in the add box?`: y answers `verb` in lower case
        (`quit`), enter and esc cancel."""
        question = f"{verb} and lose {escape('; '.join(lost))}?"
        return cls(question, [("y", verb.lower(), f"{verb} anyway")], enter_cancels=True)

    def compose(self) -> ComposeResult:
        with DialogBox():
            yield Label(from_rich_markup(self.question))  # Rich markup: see credo.display
            with Horizontal(classes="form-row buttons"):
                for key, value, label in self.choices:
                    yield Button(f"{label} ({key})", id=f"choice-{value}", compact=True)
                yield Button("Cancel (esc)", id="choice-cancel", compact=True)

    def on_mount(self) -> None:
        if self.enter_cancels:
            self.query_one("#choice-cancel", Button).focus()

    def action_choose(self, value: str | None = None) -> None:
        """An answer's key (no value: esc, which answers nothing)."""
        self.answer(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        value = (event.button.id or "").removeprefix("choice-")
        self.answer(None if value == "cancel" else value)

    def answer(self, value: str | None) -> None:
        """Close with `value`, once: keys typed fast (a command meant for the shell) reach
        the question before it is gone, and a second close popped the screen under it."""
        if self.is_active:
            self.dismiss(value)


class AssigneeScreen(Dialog[str | None]):
    """Who takes a task moving to Delegate: enter names them, esc (or an empty line)
    moves it with no one yet."""

    BINDINGS = [Binding("escape", "skip", "Skip", id="assignee.skip")]
    click_outside_is_esc = False  # esc moves the task: a stray click must not
    NAMES_SHOWN = 6
    """Names listed under the field to click on; → completes any other."""
    NAME_FIELD = "#assignee-name"

    def __init__(self, title: str, names: list[str], people: list[str]) -> None:
        """`names`: completions; `people`: who a name is matched against (`WhoLine`)."""
        super().__init__()
        self.task_title = title
        self.names = names
        self.people = people

    def compose(self) -> ComposeResult:
        with DialogBox():
            title = escape(self.task_title)
            yield Label(from_rich_markup(f"[b]Delegate[/] {title} [b]to whom?[/]"))
            yield Input(
                placeholder="a teammate or agent:NAME",
                suggester=SuggestFromList(self.names, case_sensitive=False),
                id="assignee-name",
            )
            yield WhoLine(self.people, id="assignee-who")
            yield Static(self.names_line(), id="assignee-names")

    def on_mount(self) -> None:
        self.query_one("#assignee-name", Input).focus()
        self.query_one(WhoLine).read("")

    def show_names(self) -> None:
        """The names under the field, as `names` holds them now (once it is drawn)."""
        for listed in self.query("#assignee-names").results(Static):
            listed.update(self.names_line())

    def names_line(self) -> Content:
        """`→ completes (Ana Ribeiro, Bruno Carvalho) · …`: a click on a name fills it in
        (`action_pick`)."""
        shown = self.names[: self.NAMES_SHOWN]
        links = "[dim], [/]".join(
            f"[@click=screen.pick({i})]$name{i}[/]" for i in range(len(shown))
        )
        return Content.from_markup(
            f"[dim]→ completes ([/]{links}[dim]) · enter delegates · esc skips[/]",
            **{f"name{i}": name for i, name in enumerate(shown)},
        )

    def action_pick(self, index: int) -> None:
        """A name clicked under the field: in the field, where enter delegates to it."""
        field = self.query_one("#assignee-name", Input)
        field.value = self.names[index]
        field.cursor_position = len(field.value)
        field.focus()

    @on(Input.Changed, "#assignee-name")
    def _who_changed(self, event: Input.Changed) -> None:
        self.query_one(WhoLine).read(event.value)

    @on(Input.Submitted, "#assignee-name")
    def _named(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_skip(self) -> None:
        self.dismiss(None)
