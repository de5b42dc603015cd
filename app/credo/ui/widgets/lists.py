"""Lists and panes that move with the board's keys: `j`/`k` as well as the arrows, everywhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable, OptionList

MOVE_KEYS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False),
    Binding("k", "cursor_up", "Up", show=False),
]
"""The board's `j`/`k`, bound to the cursor actions Textual's lists already have."""


class ItemList(OptionList):
    """An option list (experiments, checklist items, past reviews) that moves with j/k."""

    BINDINGS: ClassVar[list[BindingType]] = MOVE_KEYS


class RowTable(DataTable[str]):
    """A table of rows (an experiment's runs, the data files) that moves with j/k."""

    BINDINGS: ClassVar[list[BindingType]] = MOVE_KEYS


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


def fitted_widths(widths: list[int], room: int, gap: int) -> list[int]:
    """The widths of the columns shown in `room` cells (`gap` cells between two): the
    widest cut to one common width, no less than CUT_AT_LEAST, and while even that does
    not fit, the last columns left out (one column at least, cut to the room)."""
    for count in range(len(widths), 1, -1):
        shown, free = widths[:count], room - gap * (count - 1)
        widest = max(shown)
        for cap in range(widest, min(widest, CUT_AT_LEAST) - 1, -1):
            if sum(min(width, cap) for width in shown) <= free:
                return [min(width, cap) for width in shown]
    return [max(min(widths[0], room), 1)] if widths else []


class FitTable(DataTable[Text]):
    """A table of plain-text rows whose columns fit its width (`fitted_widths`): the
    widest cut with …, the last left out when even that does not fit, and named in a
    `Fitted` message, never cut at the edge without a sign. Moves with j/k."""

    BINDINGS: ClassVar[list[BindingType]] = MOVE_KEYS

    @dataclass
    class Fitted(Message):
        table: FitTable
        left_out: tuple[str, ...]

        @property
        def control(self) -> FitTable:
            return self.table

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
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

    def fit(self) -> None:
        from rich.cells import cell_len

        self.fitted_width = self.size.width
        columns = zip(self.names, *self.rows_by_key.values(), strict=True)
        pad = 2 * self.cell_padding  # each column's padding, either side
        widths = [max(cell_len(cell) for cell in column) for column in columns]
        widths = fitted_widths(widths, self.size.width - pad, pad)
        keys, before = list(self.rows_by_key), [key.value for key in self.rows]
        cursor = before[self.cursor_row] if 0 <= self.cursor_row < len(before) else None
        self.clear(columns=True)
        for name, width in zip(self.names, widths, strict=False):
            self.add_column(name, width=width)
        for key, cells in self.rows_by_key.items():
            texts = [Text(cell, no_wrap=True, overflow="ellipsis", end="") for cell in cells]
            self.add_row(*texts[: len(widths)], key=key)
        if cursor in keys:  # the same row stays under the cursor
            self.move_cursor(row=keys.index(cursor), animate=False)
        self.post_message(self.Fitted(self, self.names[len(widths) :]))
