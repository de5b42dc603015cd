"""Where credo leans on Textual's private parts, in one place: each trick paid for itself
when measured (benchmarks/board.py, moving a task among 10,000) and
tests/ui/test_textual_internals.py fails loudly if Textual changes the shapes they use.

- `QuietScrollBar`: a move changes the bar's size or position by a fraction of a cell,
  and each change repainted the whole bar (the largest part of a move's frame).
- `quiet_vertical_scrollbar`: Textual makes its own ScrollBar in
  `Widget.vertical_scrollbar`; this makes a QuietScrollBar the same way.
- `set_virtual_size`: `virtual_size` is a layout reactive; setting it relaid the whole
  screen on every added or removed row. Only showing or hiding the bar needs a layout,
  and Textual's own `_scroll_update` asks for one exactly then.

Measured again on 2026-12-02 (benchmarks/board.py's key-to-frame at 10,000 tasks, 260 keys
a run; each trick disabled alone, runs alternating; a shared 2-core machine at load 5-10,
so the wall-clock figures are high for all and the main thread's CPU per key is the
steadier one). Medians, all tricks on -> that trick off:
- QuietScrollBar: a quadrant move's CPU 16.2 -> 20.5 ms (its p95 25.9 -> 32.7 ms, past
  the 30 ms budget); key-to-frame p95, moves 106 -> 171 ms, cursor 27 -> 56 ms.
- its `held` batch: a move's CPU 16.2 -> 18.3 ms (higher in every pair of runs);
  key-to-frame p95, moves 106 -> 137 ms, cursor 27 -> 36 ms.
- set_virtual_size: a move's CPU 16.2 -> 18.2 ms (higher in every pair); p95 moves 106 ->
  111 ms. With both tricks off a move costs 21.7 ms of CPU (p95 33.4 ms).
None changes the first frame beyond the noise (10,000 tasks / empty board: 1.3x with all,
1.2x-1.4x with one off), so each is kept for the key-to-frame target alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from math import ceil
from typing import Self

from rich.console import RenderableType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget


class QuietScrollBar(ScrollBar):
    """A scrollbar that repaints only when what it draws changes.

    A move adds or takes one row among thousands, and scrolls by one: the thumb stays
    on the same eighth of a cell, yet each new size or position repainted the bar
    (a Rich render of its whole height, the largest part of a move's frame).
    """

    _drawn: tuple[object, ...] | None = None
    """What the bar showed when it was last rendered."""
    _held = False
    _wanted = False

    def look(self) -> tuple[object, ...]:
        """Everything the drawing depends on but the colours (a style change forgets it)."""
        window = self.window_size if self.window_size < self.window_virtual_size else 0
        thumb = self.renderer.render_bar(  # placed exactly as `render` will place it
            size=self.size.height,
            virtual_size=ceil(self.window_virtual_size),
            window_size=ceil(window),
            position=self.position,
            thickness=self.thickness,
            vertical=self.vertical,
        )
        # Compared by what is drawn: a Style with meta never equals a new one.
        cells = tuple(
            (cell.text, cell.style and (cell.style.reverse, cell.style.color, str(cell.style.meta)))
            for cell in thumb.segments
        )
        return (self.size, cells, self.grabbed, self.mouse_over)

    def render(self) -> RenderableType:
        self._drawn = self.look()
        return super().render()

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if not (regions or layout or recompose):
            if self._held:
                self._wanted = True
                return self
            if self._drawn is not None and self._drawn == self.look():
                return self  # the same bar again
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Look once, after a batch of changes: a row added at the end first grows the
        bar (the thumb leaves the bottom), then scrolls to it (the thumb is back)."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
            if self._wanted:
                self._wanted = False
                self.refresh()

    def notify_style_update(self) -> None:
        self._drawn = None
        super().notify_style_update()


def quiet_vertical_scrollbar(widget: Widget) -> ScrollBar:
    """`widget`'s vertical scrollbar, made (once) as `Widget.vertical_scrollbar` makes
    Textual's own, but a QuietScrollBar."""
    if widget._vertical_scrollbar is None:
        bar = QuietScrollBar(
            vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical
        )
        bar.display = False
        widget._vertical_scrollbar = bar
        widget.app._start_widget(widget, bar)
    return widget._vertical_scrollbar


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give `view` a new scrollable size without laying out the screen (the scrollbars
    are updated, and ask for a layout only when one shows or hides)."""
    if size != view.virtual_size:
        view.set_reactive(ScrollView.virtual_size, size)
        view._scroll_update(size)
