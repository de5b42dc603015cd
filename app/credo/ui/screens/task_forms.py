"""Modals for tasks: quick add (with a live preview), edit, and a one-question choice."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from credo.dates import parse_when, relative_day
from credo.domain.models import Task
from credo.domain.quickadd import parse_quick_add
from credo.errors import BadInputError


class AddTaskScreen(ModalScreen[str | None]):
    """One line in the quick-add syntax; dismisses with the line (or None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="add.cancel")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]Add a task[/]")
            yield Input(
                placeholder="Check leakage ! ^ #data due:friday every:week",
                id="add-line",
            )
            yield Static("", id="add-preview")
            yield Static(
                "[dim]! important · ^ urgent · #tag · due:WHEN · every:RULE"
                " · enter adds · esc cancels[/]"
            )

    def on_mount(self) -> None:
        self.query_one("#add-line", Input).focus()
        self.update_preview("")

    @on(Input.Changed, "#add-line")
    def _changed(self, event: Input.Changed) -> None:
        self.update_preview(event.value)

    def update_preview(self, line: str) -> None:
        preview = self.query_one("#add-preview", Static)
        if not line.strip():
            preview.update("[dim]Type a title…[/]")
            return
        try:
            parsed = parse_quick_add(line, self.today)
        except BadInputError as error:
            preview.update(f"[red]{escape(error.message)}[/]")
            return
        parts = [f"[b]{escape(parsed.title)}[/]"]
        flags = [
            name
            for name, on_ in (("important", parsed.important), ("urgent", parsed.urgent))
            if on_
        ]
        if flags:
            parts.append(" + ".join(flags))
        if parsed.due:
            parts.append(f"due {parsed.due} ({relative_day(parsed.due, self.today)})")
        if parsed.tags:
            parts.append(" ".join(f"#{escape(t)}" for t in parsed.tags))
        if parsed.every:
            parts.append(f"every {parsed.every}")
        preview.update(" · ".join(parts))

    @on(Input.Submitted, "#add-line")
    def _submit(self, event: Input.Submitted) -> None:
        try:
            parse_quick_add(event.value, self.today)
        except BadInputError:
            self.app.bell()
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class EditTaskScreen(ModalScreen[dict[str, Any] | None]):
    """Edit title, notes, due, tags, important and urgent; dismisses with the changed fields."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
        Binding("ctrl+s", "save", "Save", id="edit.save"),
    ]

    def __init__(self, task: Task, today: date) -> None:
        super().__init__()
        self.task_item = task
        self.today = today

    def compose(self) -> ComposeResult:
        task = self.task_item
        with Vertical(classes="dialog dialog-wide"):
            yield Label("[b]Edit task[/]")
            yield Input(task.title, placeholder="title", id="edit-title")
            with Horizontal(classes="form-row"):
                yield Input(
                    str(task.due or ""), placeholder="due (friday, 2026-12-01…)", id="edit-due"
                )
                yield Input(" ".join(task.tags), placeholder="tags", id="edit-tags")
            with Horizontal(classes="form-row"):
                yield Checkbox("important", task.important, id="edit-important")
                yield Checkbox("urgent", task.urgent, id="edit-urgent")
            yield TextArea(task.notes, id="edit-notes", language="markdown")
            yield Static("", id="edit-error")
            with Horizontal(classes="form-row buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="edit-save")
                yield Button("Cancel (esc)", id="edit-cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-title", Input).focus()

    def collect(self) -> dict[str, Any]:
        """The fields that differ from the task; raises BadInputError for a bad date."""
        task = self.task_item
        due_text = self.query_one("#edit-due", Input).value.strip()
        fields: dict[str, Any] = {
            "title": self.query_one("#edit-title", Input).value,
            "due": parse_when(due_text, self.today) if due_text else None,
            "tags": self.query_one("#edit-tags", Input).value.replace(",", " ").split(),
            "important": self.query_one("#edit-important", Checkbox).value,
            "urgent": self.query_one("#edit-urgent", Checkbox).value,
            "notes": self.query_one("#edit-notes", TextArea).text,
        }
        return {k: v for k, v in fields.items() if getattr(task, k) != v}

    def action_save(self) -> None:
        try:
            fields = self.collect()
        except BadInputError as error:
            self.query_one("#edit-error", Static).update(f"[red]{escape(error.message)}[/]")
            return
        self.dismiss(fields)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#edit-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """A question with a few answers, each with its own key."""

    def __init__(self, question: str, choices: list[tuple[str, str, str]]) -> None:
        """`choices`: (key, value, label)."""
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question)
            with Horizontal(classes="form-row buttons"):
                for key, value, label in self.choices:
                    yield Button(f"{label} ({key})", id=f"choice-{value}")
                yield Button("Cancel (esc)", id="choice-cancel")

    def on_key(self, event: Any) -> None:
        for key, value, _ in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return
        if event.key == "escape":
            event.stop()
            self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        value = (event.button.id or "").removeprefix("choice-")
        self.dismiss(None if value == "cancel" else value)
