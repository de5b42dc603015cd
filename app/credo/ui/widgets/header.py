"""The top line: project, branch and HEAD, the runs under way, and the countdown."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
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
        & > #header-runs { width: auto; padding: 0 1; color: $text-accent; display: none; }
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
        yield Static("", id="header-runs", markup=False)
        from credo.ui.widgets.countdown import Countdown

        with Horizontal(id="header-right"):
            yield Countdown()

    @dataclass
    class Runs(Message):
        """The runs under way in words (`2 queued · 2 running · 4 finished`), or ""."""

        text: str

    def show_git(self, text: str) -> None:
        self.query_one("#header-git", Static).update(visible(text))

    def on_header_line_runs(self, message: Runs) -> None:
        """From a screen's worker (posted here, so any screen with a header can)."""
        shown = self.query_one("#header-runs", Static)
        shown.update(f"runs: {message.text}" if message.text else "")
        shown.display = bool(message.text)
