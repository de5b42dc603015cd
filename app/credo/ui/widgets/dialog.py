"""The frame of every credo dialog."""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll


class DialogBox(VerticalScroll, can_focus=False):
    """A dialog's box: as tall as its fields, and scrolling inside when the terminal is
    too short for them (moving the focus brings each field into view). It takes no
    focus itself: keys stay with the fields."""

    def __init__(self, *children: Any, classes: str = "", **kwargs: Any) -> None:
        super().__init__(*children, classes=f"dialog {classes}".strip(), **kwargs)
