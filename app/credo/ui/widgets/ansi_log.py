"""A run's output log with its colours: a read-only `TextArea` over the plain text.

`output.log` keeps colour as ANSI SGR codes (see `credo.runs.readable`). The text area
holds the plain text (search, selection and copy see what a person reads) and styles
each line with the colours the codes gave it (`run_follow.styled_lines`), through
`get_line`. Its module imports Textual's text area (20 to 25 ms): imported by the tab
that shows it, when first shown.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import TextArea

from credo.ui.widgets.lists import MOVE_KEYS


class AnsiLog(TextArea):
    """Plain text to read and search; colours drawn from the log's own codes. Its cursor
    moves with j/k as a list's does."""

    BINDINGS: ClassVar[list[BindingType]] = MOVE_KEYS

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        # no cursor-line band: its colours would paint over the line's own
        super().__init__("", id=id, read_only=True, soft_wrap=False, highlight_cursor_line=False)
        self._styled: list[Text] = []
        self._search_from = 0
        self._following = False
        """Whether lines added are followed: the log was at its end as last seen."""

    def find_next(self, needle: str) -> bool:
        """Select the next match after the last one (wrapping); False, said in a toast,
        when there is none."""
        from textual.document._document import Document, Selection

        text = self.text.lower()
        index = text.find(needle.lower(), self._search_from) if needle else -1
        if index < 0 and needle:
            index = text.find(needle.lower())
        if index < 0:
            if needle:
                self.notify(f"Not in the output: {needle}", severity="warning")
            return False
        self._search_from = index + len(needle)
        document = self.document
        assert isinstance(document, Document)  # plain text, no syntax tree
        start = document.get_location_from_index(index)
        self.selection = Selection(start, document.get_location_from_index(index + len(needle)))
        self.scroll_cursor_visible(center=True)
        return True

    def show_log(self, text: str, styled: list[Text] | None) -> None:
        """Show `text` from its end, as `tail` does: where a run's error, its last
        numbers or its latest lines are. `styled` (from `styled_lines`) gives its lines'
        colours. Given while in sight (`HeldOutput` holds it meanwhile)."""
        self._styled = styled or []
        self._search_from = 0
        self.load_text("\n".join(line.plain for line in styled) if styled else text)
        self._following = True
        self._go_to_end()

    def on_show(self) -> None:
        if self._following:  # out of sight (another view), it could not scroll to its end
            self.scroll_end(animate=False)

    def on_resize(self) -> None:
        if self._following:  # smaller (what is above it loaded): still at the end
            self.scroll_end(animate=False, immediate=True)

    def append_log(self, text: str, styled: list[Text] | None) -> None:
        """Add whole lines at the end (a run that goes on), following them when the view
        was at the end."""
        if self.region.height:  # in sight: it follows while the person keeps it at the end
            self._following = self.scroll_y >= self.max_scroll_y
        start = self.document.line_count - 1
        lead = ""
        if self.document.get_line(start):  # what is shown has no newline at its end
            start, lead = start + 1, "\n"
        if styled:
            self._styled.extend([Text("")] * (start - len(self._styled)))
            del self._styled[start:]
            self._styled.extend(styled)
            text = "".join(line.plain + "\n" for line in styled)
        self.insert(lead + text, self.document.end)
        self.history.clear()  # nothing to undo in a log; keeps no copy of it
        if self._following:
            self._go_to_end()

    def _go_to_end(self) -> None:
        """The cursor with the view at the end: ↑ then reads up from there, not from the top."""
        self.move_cursor(self.document.end)
        self.scroll_end(animate=False)

    def get_line(self, line_index: int) -> Text:
        if line_index < len(self._styled):
            line = self._styled[line_index]
            if line.plain == self.document.get_line(line_index):
                styled = line.copy()  # the text area draws the selection on it
                styled.end = ""
                styled.no_wrap = True
                return styled
        return super().get_line(line_index)
