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

- `styled_as_now`: a view (a mode's screen) shown for the first time was styled whole
  up to four times: as it registered; then twice in Textual's refresh of the whole app's
  CSS (a full reparse, then every widget of every open view restyled), only because a
  new screen's `_css_update_count` starts at -1; then as a resize added the app's
  breakpoint classes; then at its first resume (CredoScreen turns that one off). Marked
  as styled as of now, with its breakpoint classes set before it registers, it is
  styled once. Measured on 2026-12-02, alternating with the code before, medians (a
  loaded 2-core machine): the Runs view's open (5,000 runs, benchmarks/runs.py), CPU of
  the main thread from the key to the drawn table, 402 -> 318 ms (a first pass with the
  refresh alone: 352 -> 257 ms); the board's first frame on an empty store (callgrind,
  start to the frame, 120x40 pty), 2,342 M -> 2,225 M instructions.
- `SteadyStylesheet`: Textual's `set_variables` empties the stylesheet's parse cache even
  when the variables are the same, and `reparse` parses every source again in a fresh
  stylesheet with an empty cache. The start's `refresh_css` does both: credo.tcss and
  every widget's CSS were parsed three times before the first frame. Measured on
  2026-12-02 (callgrind, start to the board's first frame on an empty store, 120x40 pty):
  1,870 M -> 1,761 M instructions. Its `CssCache` (credo.ui.css_cache) spares the one
  parse left at a second start, measured the same way: 1,728 M -> 1,682 M (empty store),
  1,866 M -> 1,816 M (1,000 tasks).

Not for speed:
- `bind_here`: a question's answers (`ChoiceScreen`) differ from question to question,
  and Textual's bindings belong to a class; `App.bind`, its one way to add a binding to
  one node, binds on the app alone (and "may be private in a future version"). The
  question's own bindings map takes them, so its footer shows them as any dialog's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from math import ceil
from typing import Self, TypeVar

from rich.console import RenderableType
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget

from credo.ui.css_cache import CssCache

S = TypeVar("S", bound=Screen[None])


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


def bind_here(node: DOMNode, key: str, action: str, description: str) -> None:
    """Bind `key` to `action` on `node` alone, shown in the footer, as `App.bind` does
    for the app."""
    node._bindings.bind(key, action, description)


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give `view` a new scrollable size without laying out the screen (the scrollbars
    are updated, and ask for a layout only when one shows or hides)."""
    if size != view.virtual_size:
        view.set_reactive(ScrollView.virtual_size, size)
        view._scroll_update(size)


class SteadyStylesheet(Stylesheet):
    """Textual's stylesheet, parsing again only what changed: equal variables keep the
    parse cache, and a reparse parses this stylesheet from it (new sources only). New
    variables still empty the cache, so everything is parsed with them, as in Textual;
    and as there, a source that fails leaves the rules as they were.

    With a `CssCache` (`disk_cache`, the start's), a source parsed at an earlier start
    is read back from it instead, and one parsed now is kept there (only when it parsed
    without errors)."""

    def __init__(
        self, *, variables: dict[str, str] | None = None, cache: CssCache | None = None
    ) -> None:
        super().__init__(variables=variables)
        self.disk_cache = cache
        self._variables_key: bytes | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._variables:
            super().set_variables(variables)
            self._variables_key = None

    def reparse(self) -> None:
        self.parse()

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        source = (css, read_from, is_default_rules, tie_breaker, scope)
        disk = self.disk_cache
        if disk is None or source in self._parse_cache:
            return super()._parse_rules(*source)
        if self._variables_key is None:
            self._variables_key = disk.variables_key(self._variables)
        name = disk.name(source, self._variables_key)
        rules = disk.get(name)
        if isinstance(rules, list):
            self._parse_cache[source] = rules
            return rules
        rules = super()._parse_rules(*source)
        if not any(rule.errors for rule in rules):
            disk.put(name, rules)
        return rules


def styled_as_now(screen: S) -> S:
    """`screen`, a new view, set to be styled once, as it registers:
    - it gets the classes of the app's breakpoints for its size now (a resize would add
      them after, and restyle every widget of the view again);
    - once some view is up, it is marked as styled by the app's CSS as it is now, and
      showing it refreshes no CSS (a theme changed later still restyles it when shown).
      Not the first view: the refresh as it shows is where Textual puts the theme's
      colours in place at start (dim text drew in the background's colour without it).
    """
    app = screen.app
    width, height = app.size
    for breakpoints, extent in (
        (app.HORIZONTAL_BREAKPOINTS, width),
        (app.VERTICAL_BREAKPOINTS, height),
    ):
        reached = [name for edge, name in sorted(breakpoints or []) if extent >= edge]
        for _, name in breakpoints or []:
            screen.set_class(bool(reached) and name == reached[-1], name)
    if app.screen_stack:  # some view is up already
        screen._css_update_count = app._css_update_count
    return screen
