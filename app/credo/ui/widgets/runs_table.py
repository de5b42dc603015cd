"""The runs table: thousands of rows, dozens of columns, drawn a line at a time.

A Line-API widget: only the rows on screen are formatted (cells are cached per row),
column widths come from a sample of the rows (`layout`, measured in the worker that
reads them), so the first draw, a sort and a filter cost the same on 5,000 runs as on
50. The header stays on top, and which run a row is (its mark,
status and id) stays at the left as the other columns scroll; left/right move the
column cursor (the column `s` sorts by; a click on a title sorts too), space marks runs
for curves and compare, a double click opens a run.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from credo.display import cut, cut_at_a_word, visible
from credo.runs.table import (
    FIXED,
    WHICH_RUN,
    RunRow,
    column_digits,
    columns,
    header,
    narrow_rank,
)
from credo.ui.widgets.moves import MOVES

SAMPLE = 200
"""Rows measured for the column widths (evenly spread); a longer cell is cut with `…`."""
MAX_WIDTH = 28
MARK = "● "


@dataclass(frozen=True)
class Layout:
    """The table's columns and their widths, measured off the UI thread (`layout`)."""

    columns: list[str]
    widths: list[int]
    same: list[bool]
    """Per column, whether every row measured holds the same value in it."""
    digits: dict[str, int]
    """Per column, the significant digits of its metrics (`column_digits` of every row)."""


def layout(rows: list[RunRow]) -> Layout:
    """The columns `rows` have, each as wide as its title or its longest cell among
    `SAMPLE` rows evenly spread (at most `MAX_WIDTH`), and whether those rows differ in
    it; the status in a word (`brief`) at every width, the run opened says it whole. A
    metric's digits tell apart its values in all `rows`, a filter showing some of them."""
    names = columns(rows)
    digits = column_digits(rows, names)
    widths = [cell_len(header(column)) for column in names]
    values: list[set[str]] = [set() for _ in names]
    for row in rows[:: max(len(rows) // SAMPLE, 1)]:
        for index, column in enumerate(names):
            cell = visible(row.cell(column, brief=True, digits=digits[column]))
            values[index].add(cell)
            widths[index] = max(widths[index], min(cell_len(cell), MAX_WIDTH))
    return Layout(names, widths, [len(found) <= 1 for found in values], digits)


COLUMNS = Binding.Group("Column left/right")
"""The column cursor's moves, one row of `?` (as `MOVES`)."""
ENDS = Binding.Group("First/last")
"""The jumps to the first and the last run, one row of `?` (as `MOVES`)."""
PAGES = Binding.Group("Page up/down")
"""A page of runs up or down, one row of `?` (as `MOVES`)."""


class RunsTable(ScrollView, can_focus=True):
    """Rows of runs under a header; a cursor row and column; marked runs."""

    COMPONENT_CLASSES = {
        "runs-table--header",
        "runs-table--cursor",
        "runs-table--column",
        "runs-table--marked",
        "runs-table--failed",
        "runs-table--running",
    }
    BINDINGS = [
        # with ids, so `?` lists them (the column the cursor is on is the one `s` sorts by);
        # each pair in one row there, as the lists' j/k
        Binding("down,j", "move(1)", "Down", id="runs.down", show=False, group=MOVES),
        Binding("up,k", "move(-1)", "Up", id="runs.up", show=False, group=MOVES),
        Binding("pageup", "move(-20)", "Page up", id="runs.page_up", show=False, group=PAGES),
        Binding("pagedown", "move(20)", "Page down", id="runs.page_down", show=False, group=PAGES),
        Binding("home,g", "move(-1000000)", "First", id="runs.first", show=False, group=ENDS),
        Binding("end,G", "move(1000000)", "Last", id="runs.last", show=False, group=ENDS),
        Binding(
            "left,h",
            "column(-1)",
            "Column left",
            id="runs.column_left",
            show=False,
            tooltip="Choose the column s sorts by",
            group=COLUMNS,
        ),
        Binding(
            "right,l",
            "column(1)",
            "Column right",
            id="runs.column_right",
            show=False,
            group=COLUMNS,
        ),
        Binding(
            "space",
            "mark",
            "Mark",
            id="runs.mark",
            tooltip="Mark the run for curves (c) and compare (v)",
        ),
    ]

    @dataclass
    class Highlighted(Message):
        row: RunRow | None

    class SortAsked(Message):
        """A column's title was clicked: sort by it (the cursor is on it)."""

    class OpenAsked(Message):
        """A run was double-clicked: open it (the cursor is on it)."""

    class Scrolled(Message):
        """Other columns are in view (by the column cursor, a wheel, the vertical
        scrollbar coming or going)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self.columns: list[str] = []
        self.rows: list[RunRow] = []
        self.widths: list[int] = []
        self.measured = Layout([], [], [], {})
        """The columns in their own order (`columns`, `widths`: as `order_columns` shows them)."""
        self.cursor = 0
        self.column = 0
        self.marked: dict[str, RunRow] = {}
        """Marked runs by id, in the order they were marked."""
        self._cells: dict[str, list[str]] = {}

    # -- content -----------------------------------------------------------------

    def show(self, rows: list[RunRow], layout: Layout | None = None) -> None:
        """Show `rows` (sorted and filtered), keeping the cursor on its run; a `layout`
        comes with new data (a sort or a filter keeps the columns and their widths)."""
        current = self.current()
        self.rows = rows
        if layout is not None:  # new data: the columns and their widths again
            self.measured = layout
        self.order_columns()
        if current is not None:
            self.cursor = self._index_of(current.id, self.cursor)
        self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        self._keep_cursor_visible()
        self.refresh()
        self.post_message(self.Highlighted(self.current()))

    def go_to(self, run_id: str) -> None:
        """The cursor on this run, where the table shows it."""
        index = self._index_of(run_id, self.cursor)
        if index != self.cursor:
            self.cursor = index
            self._keep_cursor_visible()
            self.refresh()
            self.post_message(self.Highlighted(self.current()))

    def _index_of(self, run_id: str, otherwise: int) -> int:
        return next((i for i, row in enumerate(self.rows) if row.id == run_id), otherwise)

    def order_columns(self) -> None:
        """The layout's columns in their order where they all fit. Where they do not, the
        runs' differences first (`narrow_rank`): a sweep's params and metrics were behind
        ← → while a run's context, the same on most rows, filled the width. The column
        cursor stays on its column."""
        measured = self.measured
        order = list(zip(measured.columns, measured.widths, measured.same, strict=True))
        if sum(measured.widths) + len(order) + len(MARK) > self.room:
            order.sort(key=lambda column: narrow_rank(column[0], column[2]))
        names = [name for name, _, _ in order]
        if names != self.columns:
            chosen = self.current_column()
            self.columns = names
            self._cells.clear()
            at = names.index(chosen) if chosen in names else self.column
            self.column = min(at, max(len(names) - 1, 0))
        self.widths = [width for _, width, _ in order]
        self.virtual_size = Size(sum(self.widths) + len(self.widths) + 2, len(self.rows) + 1)

    def on_resize(self) -> None:
        columns = self.columns
        self.order_columns()  # all columns fit now, or no longer do
        if self.columns != columns:
            self.refresh()
            self.post_message(self.Scrolled())

    def forget_cells(self) -> None:
        """Cells are formatted again (the rows' values changed: a run goes on)."""
        self._cells.clear()

    def current(self) -> RunRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def current_column(self) -> str | None:
        return self.columns[self.column] if 0 <= self.column < len(self.columns) else None

    @property
    def pinned(self) -> int:
        """How many columns stay at the left as the others scroll: which run a row is
        (its status and id, those of them that lead: a status alike on every row of a
        narrow table goes last); none where they would leave no room for the widest other."""
        count = next(
            (n for n, name in enumerate(self.columns) if name not in WHICH_RUN), len(self.columns)
        )
        pinned = len(MARK) + sum(width + 1 for width in self.widths[:count])
        return count if pinned + max(self.widths[count:], default=0) <= self.room else 0

    @property
    def pinned_width(self) -> int:
        """The cells the mark and the pinned columns take, each with its gap."""
        return len(MARK) + sum(width + 1 for width in self.widths[: self.pinned])

    def shown_columns(self) -> tuple[int, int]:
        """The first and the last column wholly in view, counted from 1 (0, 0: none);
        scrolled, the first is the first scrolled column in view (the pinned ones are
        always there)."""
        whole, pinned = self._whole_columns(), self.pinned
        if not whole:
            return (0, 0)
        scrolled = [number for number, _, _ in whole if number > pinned]
        first = scrolled[0] if scrolled and scrolled[0] > pinned + 1 else 1
        return (first, whole[-1][0])

    def in_sight(self, column: int) -> bool:
        """Whether the column (counted from 0) is wholly in view."""
        return any(number == column + 1 for number, _, _ in self._whole_columns())

    def _whole_columns(self) -> list[tuple[int, int, int]]:
        """Each column wholly in view: its number (from 1), the cell it starts at and
        the cell after it, counted from the table's left edge as if nothing scrolled
        (the pinned ones first, always in view where they fit)."""
        count, room = self.pinned, self.room  # once, not once a column
        left, right = self.scroll_x + self.pinned_width, self.scroll_x + room
        whole = []
        x = len(MARK)
        for number, width in enumerate(self.widths, 1):
            if number <= count:
                if x + width <= room:
                    whole.append((number, x, x + width))
            elif left <= x and x + width <= right:
                whole.append((number, x, x + width))
            x += width + 1
        return whole

    def cells(self, row: RunRow) -> list[str]:
        found = self._cells.get(row.id)
        if found is None:
            digits = self.measured.digits
            found = self._cells[row.id] = [
                visible(row.cell(c, brief=True, digits=digits[c])) for c in self.columns
            ]
        return found

    # -- drawing -----------------------------------------------------------------

    @property
    def room(self) -> int:
        """The cells a row has: the vertical scrollbar, when shown, covers the last ones
        (a column drawn under it was counted as shown, its values hidden)."""
        return self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.room
        if y == 0:
            strip = self._header()
        else:
            index = scroll_y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            strip = self._row(index)
        count, pinned = self.pinned, self.pinned_width
        left = scroll_x + pinned  # the first cell of the scrolled columns in view
        whole = [column for column in self._whole_columns() if column[0] > count]
        if not whole:  # narrower than a column: as much of it as fits
            scrolled = strip.crop_extend(left, scroll_x + width, self.rich_style)
        else:  # a column the edge would cut is left out whole: ← → bring it in view
            start = left if whole[0][0] == count + 1 else whole[0][1]
            end = whole[-1][2] + 1  # the gap after it too, in the row's style
            scrolled = Strip.join(
                [Strip.blank(start - left, self.rich_style), strip.crop(start, end)]
            )
        shown = Strip.join([strip.crop(0, pinned), scrolled])
        return shown.crop_extend(0, width, self.rich_style)

    def _header(self) -> Strip:
        base = self.get_component_rich_style("runs-table--header")
        chosen = base + self.get_component_rich_style("runs-table--column")
        segments = [Segment("  ", base)]
        for index, (column, width) in enumerate(zip(self.columns, self.widths, strict=True)):
            text = _fit(header(column), width, column)
            segments.append(Segment(text, chosen if index == self.column else base))
            segments.append(Segment(" ", base))
        return Strip(segments)

    def _row(self, index: int) -> Strip:
        row = self.rows[index]
        style = self.rich_style
        if row.state.startswith("running"):
            style += self.get_component_rich_style("runs-table--running")
        elif row.run.status.value in ("failed", "lost", "killed", "timed_out", "did_not_start"):
            style += self.get_component_rich_style("runs-table--failed")
        if index == self.cursor:
            style += self.get_component_rich_style("runs-table--cursor")
        mark_style = style + self.get_component_rich_style("runs-table--marked")
        segments = [Segment(MARK if row.id in self.marked else "  ", mark_style)]
        cells = self.cells(row)
        for column, cell, width in zip(self.columns, cells, self.widths, strict=True):
            segments.append(Segment(_fit(cell, width, column) + " ", style))
        return Strip(segments)

    # -- moving ------------------------------------------------------------------

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        if round(old_value) != round(new_value):
            self._column_in_sight()
            self.post_message(self.Scrolled())

    def _column_in_sight(self) -> None:
        """Scrolled sideways by the wheel or the scrollbar, the column cursor moves to the
        nearest column in sight: left out of it, `s` sorted by a column no one could see,
        and ← → jumped back to it."""
        first, last = self.shown_columns()
        if first and not self.in_sight(self.column):
            self.column = min(max(self.column, first - 1), last - 1)
            self.refresh()

    def watch_show_vertical_scrollbar(self) -> None:
        self.post_message(self.Scrolled())  # it takes or gives back the last cells (`room`)

    def action_move(self, by: int) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(len(self.rows) - 1, self.cursor + by))
        self._keep_cursor_visible()
        self.refresh()
        self.post_message(self.Highlighted(self.current()))

    def action_column(self, by: int) -> None:
        if not self.columns:
            return
        self.column = max(0, min(len(self.columns) - 1, self.column + by))
        if self.column < self.pinned:  # always in view
            self.refresh()
            return
        left = len(MARK) + sum(w + 1 for w in self.widths[: self.column])
        right = left + self.widths[self.column]
        if left < self.scroll_x + self.pinned_width:
            self.scroll_to(x=left - self.pinned_width, animate=False)
        elif right > self.scroll_x + self.room:
            self.scroll_to(x=right - self.room + 1, animate=False)
        self.refresh()

    def action_mark(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.id in self.marked:
            del self.marked[row.id]
        else:
            self.marked[row.id] = row
        self.action_move(1)

    def _keep_cursor_visible(self) -> None:
        body = max(self.size.height - 1, 1)
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= self.scroll_y + body:
            self.scroll_to(y=self.cursor - body + 1, animate=False)

    def on_click(self, event: Click) -> None:
        """A click on a title sorts by its column; on a row, moves there (twice: opens)."""
        if event.y == 0:
            x = event.x + (int(self.scroll_x) if event.x >= self.pinned_width else 0)
            for number, start, end in self._whole_columns():  # a title left out: no sort
                if start <= x < end:
                    self.column = number - 1
                    self.refresh()
                    self.post_message(self.SortAsked())
                    return
            return
        index = int(self.scroll_y) + event.y - 1
        if index >= len(self.rows):
            return
        self.cursor = index
        self.refresh()
        self.post_message(self.Highlighted(self.current()))
        if event.chain == 2:
            self.post_message(self.OpenAsked())


def _fit(text: str, width: int, column: str) -> str:
    """`text` in `width` cells (a wide character takes two: 学習率 is six), cut or padded:
    the gate's words between two words, as `credo runs ls` cuts them (`skipped: quick…`);
    a param or a metric (not FIXED) to the right."""
    text = (cut_at_a_word if column == "gate" else cut)(text, width)
    pad = " " * (width - cell_len(text))
    return text + pad if column in FIXED else pad + text
