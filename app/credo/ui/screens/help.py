"""`?`: every key of the screen below, from the same bindings the footer shows, and what
the marks of its rows mean (a screen's `HELP_LEGEND`)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label, Static

from credo.display import escape
from credo.ui.keys import described_bindings
from credo.ui.screens.base import Dialog
from credo.ui.widgets.lists import ScrollPane


class HelpScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(
        self,
        title: str,
        rows: list[tuple[str, str, str]],
        legend: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.legend = legend

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column("key", style="bold")
        table.add_column("does")
        narrow = self.app.size.width < 60  # the keys and what they do, without the more
        if not narrow:
            table.add_column("more", style="dim")
        for keys, description, tooltip in self.rows:
            more = () if narrow else (escape(tooltip),)
            table.add_row(escape(keys), escape(description), *more)
        with ScrollPane(classes="dialog dialog-wide"):
            yield Label(f"[b]{escape(self.title_text)}[/] — keys (esc closes)")
            yield Static(table)
            if self.legend:
                marks = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
                marks.add_column("mark", style="bold")
                marks.add_column("means")
                for mark, meaning in self.legend:
                    marks.add_row(escape(mark), escape(meaning))
                yield Label("\n[b]Marks[/]")
                yield Static(marks)

    @classmethod
    def for_screen(cls, screen: object) -> HelpScreen:
        title = getattr(screen, "HELP_TITLE", "credo")
        return cls(title, described_bindings(screen), getattr(screen, "HELP_LEGEND", ()))
