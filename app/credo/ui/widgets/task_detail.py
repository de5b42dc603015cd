"""The selected task in full: notes as Markdown, dates, tags, links."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from credo.dates import relative_day
from credo.domain.models import Task
from credo.domain.quadrants import quadrant_of
from credo.ui.widgets.task_list import Row


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
        facts.update(describe(row.task, today, horizon, commits))
        notes.update(row.task.notes or "")


def describe(task: Task, today: date, horizon: int, commits: str = "") -> str:
    """The facts about a task as Rich markup."""
    from rich.markup import escape

    lines = [f"[b]{escape(task.title)}[/]", ""]
    lines.append(f"[dim]id[/]        {task.id}")
    lines.append(f"[dim]quadrant[/]  {quadrant_of(task, today, horizon).label}")
    lines.append(f"[dim]status[/]    {task.status.value}")
    if task.due:
        lines.append(f"[dim]due[/]       {task.due} ({relative_day(task.due, today)})")
    if task.every:
        lines.append(f"[dim]repeats[/]   every {task.every}")
    if task.tags:
        lines.append(f"[dim]tags[/]      {' '.join('#' + escape(t) for t in task.tags)}")
    if task.pinned == today:
        lines.append("[dim]today[/]     ★ pinned")
    lines.append(f"[dim]created[/]   {task.created.astimezone():%Y-%m-%d %H:%M}")
    if task.done_at:
        at = f" at {task.done_commit[:10]}" if task.done_commit else ""
        lines.append(f"[dim]done[/]      {task.done_at.astimezone():%Y-%m-%d %H:%M}{at}")
    if task.experiments:
        lines.append(f"[dim]experiments[/] {', '.join(e[:7] for e in task.experiments)}")
    if commits:
        lines.append("")
        lines.append("[dim]commits[/]")
        lines.append(commits)
    return "\n".join(lines)
