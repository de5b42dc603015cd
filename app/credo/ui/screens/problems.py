"""`!`: the files a view could not read, each with the store's whole message.

The board gives each one line, cut to the width of the terminal (the experiment log
only counts them); here the messages wrap, so every field the store complained about
can be read.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from credo.display import escape
from credo.store.store import LoadProblem
from credo.ui.markup import from_rich_markup
from credo.ui.screens.base import Dialog
from credo.ui.widgets.lists import ScrollPane
from credo.wording import counted


class ProblemsScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,exclamation_mark,q", "dismiss", "Close", id="problems.close"),
    ]

    def __init__(self, problems: list[LoadProblem], kept: str, view: str) -> None:
        """`kept`: what `view` does with the files meanwhile."""
        super().__init__()
        self.problems = problems
        self.kept = kept
        self.view = view

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        with ScrollPane(classes="dialog dialog-wide", id="problems-dialog"):
            yield Static(f"[b]{counted(count, 'unreadable file')}[/] (esc closes)")
            for problem in self.problems:
                yield Static(
                    from_rich_markup(
                        f"[b red]{escape(problem.path)}[/]\n{escape(problem.message)}"
                    ),
                    classes="problem",
                )
            yield Static(
                f"[dim]credo {self.kept} and never rewrites them: fix them by hand "
                f"(or with git), and {self.view} picks them up within two seconds.[/]",
                id="problems-hint",
            )
