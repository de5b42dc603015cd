"""The top line: project, branch and HEAD, and room on the right for a countdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from credo.display import visible


class HeaderLine(Horizontal):
    """`credo · project · main @ 1a2b3c4 (dirty)` — git facts arrive from a worker."""

    DEFAULT_CSS = """
    HeaderLine {
        height: 1;
        dock: top;
        background: $panel;
        color: $foreground;
        & > #header-project { width: auto; padding: 0 1; text-style: bold; color: $primary; }
        & > #header-git { width: 1fr; color: $text-muted; }
        & > #header-right { width: auto; padding: 0 1; }
    }
    """

    def __init__(self, project: str) -> None:
        super().__init__()
        self.project = project

    def compose(self) -> ComposeResult:
        # Plain text: a folder or branch name is shown as it is, never read as markup.
        yield Static(visible(f"credo · {self.project} ·"), id="header-project", markup=False)
        yield Static("reading git…", id="header-git", markup=False)
        from credo.ui.widgets.countdown import Countdown

        with Horizontal(id="header-right"):
            yield Countdown()

    def show_git(self, text: str) -> None:
        self.query_one("#header-git", Static).update(visible(text))
