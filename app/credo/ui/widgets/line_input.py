"""A one-line field for words people may paste from elsewhere (titles, learnings, reasons)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class LineInput(Input):
    """An `Input` that keeps all of a pasted text, its lines joined by spaces: Textual's
    keeps the first line only, and the rest of a pasted note was lost without a word."""

    def on_paste(self, event: events.Paste) -> None:
        lines = event.text.splitlines()
        if len(lines) > 1:  # Input's own handler (called after this one) inserts the text
            event.text = " ".join(line.strip() for line in lines if line.strip())
