"""`i` on a board too narrow for its detail pane (under 100 columns): the selected task
in full (notes, dates, commits, experiments), in the same widget, over the board."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from credo.ui.board_state import Row
from credo.ui.screens.base import Dialog
from credo.ui.widgets.lists import ScrollPane
from credo.ui.widgets.task_detail import DetailFacts, TaskDetail


class DetailScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,i,q", "dismiss", "Close", id="detail.close"),
    ]

    def __init__(self, row: Row, facts: DetailFacts) -> None:
        super().__init__()
        self.row = row
        self.facts = facts

    def compose(self) -> ComposeResult:
        # The pane scrolls (arrows, j/k, pages): the detail's own keys leave the arrows out.
        with ScrollPane(classes="dialog dialog-wide"):
            yield TaskDetail()

    def on_mount(self) -> None:
        self.query_one(TaskDetail).show(self.row, self.facts)
