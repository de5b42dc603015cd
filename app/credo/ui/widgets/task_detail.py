"""The selected task in full: notes as Markdown, dates, tags, links."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from credo.ui.widgets.task_list import Row
from credo.words import describe_task


class TaskDetail(VerticalScroll):
    """Shows one row; for an unreadable file, the store's message."""

    DEFAULT_CSS = """
    TaskDetail {
        & > #detail-facts { padding: 0 1; }
        & > Markdown { margin: 0; padding: 0 1; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-facts")
        yield Markdown("", id="detail-notes")

    def show(self, row: Row | None, today: date, horizon: int, commits: str = "") -> None:
        facts = self.query_one("#detail-facts", Static)
        notes = self.query_one("#detail-notes", Markdown)
        if row is None:
            facts.update("[dim]No task selected. Press [b]a[/b] to add one.[/]")
            notes.update("")
            return
        if row.task is None:
            facts.update(
                f"[b red]Unreadable file (read-only)[/]\n{row.path}\n\n{row.problem}\n\n"
                "[dim]Fix the file by hand; credo will not rewrite it.[/]"
            )
            notes.update("")
            return
        facts.update(describe_task(row.task, today, horizon, commits))
        notes.update(row.task.notes or "")
