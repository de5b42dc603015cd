"""The Linux console (TERM=linux) shows bold and italic with colour, not weight or slant:
bold flips a colour's brightness, so the board's bright red Do title and overdue dates
came out dark red on black (2.7:1) and the selected row's black grey on grey (3.2:1),
and italic turns any text green (an assignee 1.3:1 on a light theme's panels). There,
each colour is drawn as the theme gave it, without those two."""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

_UPRIGHT = Style(bold=False, italic=False)


@lru_cache(maxsize=4096)
def _upright(style: Style) -> Style:
    return style + _UPRIGHT


class ConsoleStyles(LineFilter):
    """Each segment without bold and italic, for the Linux console."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, None if style is None else _upright(style), control)
            for text, style, control in segments
        ]
