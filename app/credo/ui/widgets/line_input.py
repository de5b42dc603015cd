"""One-line fields: for words people may paste from elsewhere (titles, learnings,
reasons), and for the boxes a key opens in a view (filter, search, note)."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.keys import REPLACED_KEYS, key_to_character
from textual.widgets import Input


class LineInput(Input):
    """An `Input` that keeps all of a pasted text, its lines joined by spaces: Textual's
    keeps the first line only, and the rest of a pasted note was lost without a word."""

    def on_paste(self, event: events.Paste) -> None:
        lines = event.text.splitlines()
        if len(lines) > 1:  # Input's own handler (called after this one) inserts the text
            event.text = " ".join(line.strip() for line in lines if line.strip())

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # Textual finds no character for the keys it renames (`slash`, `plus`), so the
        # footer offered `/ Filter` in a box where / is typed as text.
        return super().check_consume_key(
            key, character or key_to_character(REPLACED_KEYS.get(key, key))
        )


class BoxInput(LineInput):
    """A box a key opens in a view: esc closes it (the view's `back` does, as before),
    and the footer says so, not the view's `esc Board`."""

    BINDINGS = [Binding("escape", "screen.back", "Close", id="box.close", tooltip="Close this box")]
