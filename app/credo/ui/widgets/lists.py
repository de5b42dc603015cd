"""Lists and panes that move with the board's keys: `j`/`k` as well as the arrows, everywhere."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
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
