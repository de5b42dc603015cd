"""Lists and panes that move with the board's keys: `j`/`k` as well as the arrows, everywhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Click, Resize
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import DataTable, OptionList

from credo.display import cut_apart
from credo.ui.widgets.moves import MOVES

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.style import Style as VisualStyle
    from textual.visual import RenderOptions

MOVE_KEYS: list[BindingType] = [
    Binding(
        "j",
        "cursor_down",
        "Down",
        id="list.down",
        show=False,
        tooltip="Move in the list, or scroll the pane, as the arrows do",
        group=MOVES,
    ),
    Binding("k", "cursor_up", "Up", id="list.up", show=False, group=MOVES),
]
"""The board's `j`/`k`, bound to the cursor actions Textual's lists already have; not in
the footer."""


def in_bar_colours(strip: Strip, bar: Style) -> Strip:
    """`strip` with its text on the cursor bar (`bar`: its background and text colour) in
    the bar's own text colour, not dim.

    A span's own colour (a green ✔ or ▶, a yellow ★, a dim word) stayed on the selected
    row, where no colour suits both the bar and the rows around it: green on a teal or
    gold bar read at 1.02:1 to 1.3:1. The mark still says what it says; the bar says
    which row is selected.
    """
    on_bar = bar.bgcolor
    if on_bar is None or not any(s is not None and s.bgcolor == on_bar for _, s, _ in strip):
        return strip
    own = Style(color=bar.color, dim=False)
    segments = [
        Segment(text, style + own if style is not None and style.bgcolor == on_bar else style, c)
        for text, style, c in strip
    ]
    return Strip(segments, strip.cell_length)


class ItemList(OptionList):
    """An option list (experiments, checklist items, past reviews) that moves with j/k,
    its highlighted option kept in sight as its options wrap anew, and read in the
    cursor bar's colours (`in_bar_colours`)."""

    BINDINGS: ClassVar[list[BindingType]] = MOVE_KEYS

    def render_line(self, y: int) -> Strip:
        bar = self.get_visual_style("option-list--option", "option-list--option-highlighted")
        return in_bar_colours(super().render_line(y), bar.rich_style)

    def on_click(self, event: Click) -> None:
        """A click highlights the option under it, a double click selects it as enter
        does: Textual's selects at the first click (a click on a checklist item to read
        it opened the box for its evidence)."""
        event.prevent_default()  # not OptionList's own
        clicked: int | None = event.style.meta.get("option")
        if clicked is not None and not self.get_option_at_index(clicked).disabled:
            self.highlighted = clicked
            if event.chain == 2:
                self.action_select()

    def watch_virtual_size(self) -> None:
        # Textual scrolls to the highlighted option when it moves, not when the options
        # above it wrap anew (a resize; a label a character longer, as a countdown's; a
        # list measured before its scrollbar came, at its first change): their lines'
        # total changes then, and the highlighted option is scrolled to once laid out.
        self.call_after_refresh(self.scroll_to_highlight)


HEAD_AT_LEAST = 8
"""Cells a row's head (`OneLine`) keeps before its tail is cut too."""


@dataclass(frozen=True)
class OneLine(Visual):
    """A list's row on one line at any width: its `head` (an experiment's mark and
    hypothesis) cut with … where the room ends, its `tail` (the outcome or the clock, and
    its marks) whole at the right edge, where the tails of the rows make a column. Where
    even HEAD_AT_LEAST cells of the head do not fit beside it, the row is cut at its end.

    Wrapped, an experiment took two or three lines at 80 columns, its outcome alone on
    the last one, and a screen showed half as many."""

    head: Content
    tail: Content

    def __str__(self) -> str:
        return f"{self.head.plain} {self.tail.plain}".rstrip(" ")

    def laid_out(self, width: int) -> Content:
        gap = 1 if self.tail else 0
        room = width - gap - self.tail.cell_length
        head = self.head
        if head.cell_length > room:
            if room < min(head.cell_length, HEAD_AT_LEAST):
                return (head + " " * gap + self.tail).truncate(width, ellipsis=True)
            head = head.truncate(room - 1).rstrip() + "…"  # `a plain…`, not `a plain …`
        return head.pad_right(room - head.cell_length + gap) + self.tail

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        return self.laid_out(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.head.cell_length + (1 if self.tail else 0) + self.tail.cell_length

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1


class SizedCell(Text):
    """A one-line cell of a column given its width, which the table does not measure.

    A `DataTable` measures each cell of the rows added (and of a cell updated) in its
    next idle, for the columns that take their contents' width: a column given a width
    never uses it, yet the commits' 200 rows cost 1,000 measures, 48 to 72 ms holding
    the interface as the view opened. Rich (and Textual's `measure`) read a renderable
    with no `__rich_measure__` as having no width to measure."""

    __rich_measure__ = None  # type: ignore[assignment]


class RowTable(DataTable[str | Text]):
    """A table of rows (the data files, the commits) that moves with j/k, its cursor row
    read in the cursor bar's colours (`in_bar_colours`)."""

    BINDINGS: ClassVar[list[BindingType]] = MOVE_KEYS

    def render_line(self, y: int) -> Strip:
        bar = self.get_component_rich_style("datatable--cursor")
        return in_bar_colours(super().render_line(y), bar)


class ScrollPane(VerticalScroll):
    """Text that only scrolls (the help, a run's tabs, a diff, a comparison), with j/k as the
    lists move."""

    BINDINGS: ClassVar[list[BindingType]] = MOVE_KEYS

    def action_cursor_down(self) -> None:
        self.scroll_down()

    def action_cursor_up(self) -> None:
        self.scroll_up()


CUT_AT_LEAST = 8
"""A column is cut (ending in …) to no fewer cells than this; narrower ones stay whole."""
KEPT_AT_LEAST = 20
"""A column that never gives way (a run's command) is cut to no fewer cells than this
while another can be left out instead: cut shorter, it would no longer say anything."""


def fitted_widths(
    widths: list[int], room: int, gap: int, give_way: Sequence[int] = ()
) -> dict[int, int]:
    """The widths of the columns shown in `room` cells (`gap` cells between two), by
    index: the widest cut to one common width, no less than CUT_AT_LEAST (KEPT_AT_LEAST
    for a column not in `give_way`); while even that does not fit, the `give_way`
    columns left out in that order; the kept ones, left alone, cut to the room."""
    shown = list(range(len(widths)))
    for leaving in [*give_way, None]:
        free = room - gap * (len(shown) - 1)
        widest = max((widths[i] for i in shown), default=0)
        alone = leaving is None  # no column left to give way: no floor but one cell
        lowest = 1 if alone else min(widest, CUT_AT_LEAST)
        for cap in range(widest, lowest - 1, -1):
            cut = {
                i: min(widths[i], cap if alone or i in give_way else max(cap, KEPT_AT_LEAST))
                for i in shown
            }
            if sum(cut.values()) <= free:
                return cut
        if leaving is not None:
            shown.remove(leaving)
    return dict.fromkeys(shown, 1)


class FitTable(DataTable[Text]):
    """A table of plain-text rows whose columns fit its width (`fitted_widths`): the
    widest cut with …, the `give_way` columns left out in that order when even that does
    not fit, and named in a `Fitted` message, never cut at the edge without a sign. The
    columns that stay (what tells the rows apart) are cut in the middle, keeping in sight
    where their rows differ (`cut_apart`); the others lose their end. Moves with j/k."""

    BINDINGS: ClassVar[list[BindingType]] = MOVE_KEYS

    @dataclass
    class Fitted(Message):
        table: FitTable
        left_out: tuple[str, ...]

        @property
        def control(self) -> FitTable:
            return self.table

    def __init__(self, give_way: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.give_way = tuple(give_way)
        """The names of the columns that may be left out, in that order; the others stay."""
        self.names: tuple[str, ...] = ()
        self.rows_by_key: dict[str, list[str]] = {}
        self.fitted_width: int | None = None

    def show_rows(self, names: Sequence[str], rows: dict[str, list[str]]) -> None:
        """Show `rows` (by key, one plain string a column) under the columns `names`."""
        self.names, self.rows_by_key = tuple(names), rows
        self.fit()

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self.fitted_width:
            self.fit()

    def watch_show_vertical_scrollbar(self) -> None:
        # It covers the last two cells: fitted under it, a command cut in the middle
        # lost its end (`…smoothing=0.0` for 0.05) and a horizontal scrollbar came.
        if self.names:
            self.fit()

    def fit(self) -> None:
        from rich.cells import cell_len

        self.fitted_width = self.size.width
        room = self.scrollable_content_region.width  # beside the vertical scrollbar
        columns = zip(self.names, *self.rows_by_key.values(), strict=True)
        pad = 2 * self.cell_padding  # each column's padding, either side
        widths = [max(cell_len(cell) for cell in column) for column in columns]
        give_way = [self.names.index(name) for name in self.give_way if name in self.names]
        fitted = fitted_widths(widths, room - pad, pad, give_way)
        keys, before = list(self.rows_by_key), [key.value for key in self.rows]
        cursor = before[self.cursor_row] if 0 <= self.cursor_row < len(before) else None
        # Refilled, the table puts its cursor on the first row and says so: that row is
        # not the one highlighted unless the cursor was on it (said below, if it moved).
        with self.prevent(DataTable.RowHighlighted):
            self.clear(columns=True)
            for index, width in fitted.items():
                self.add_column(self.names[index], width=width)
            rows = list(self.rows_by_key.values())
            kept = {  # each column's cells cut together, where they differ kept in sight
                i: cut_apart([cells[i] for cells in rows], width)
                for i, width in fitted.items()
                if i not in give_way
            }
            for n, (key, cells) in enumerate(self.rows_by_key.items()):
                texts = [
                    Text(
                        kept[i][n] if i in kept else cells[i],
                        no_wrap=True,
                        overflow="ellipsis",
                        end="",
                    )
                    for i in fitted
                ]
                self.add_row(*texts, key=key)
        if cursor in keys:  # the same row stays under the cursor
            self.move_cursor(row=keys.index(cursor), animate=False)
        left_out = tuple(name for i, name in enumerate(self.names) if i not in fitted)
        self.post_message(self.Fitted(self, left_out))
