"""The group of the move keys (down and up), one row of `?`, in a module of its own: the
board shares it with the lists and the runs table without importing their widgets
(`lists` imports Textual's DataTable, which the board's first frame does not need)."""

from __future__ import annotations

from textual.binding import Binding

MOVES = Binding.Group("Down/up")
"""A pair of moves down and up, one row of `?` (`described_bindings`): the lists' j/k,
the board's and the runs table's arrows and j/k. A pair only one widget has keeps its
group beside it (the board's `LEFT_RIGHT` and `REORDER`, the runs table's `COLUMNS`,
`ENDS` and `PAGES`)."""
