"""Facts in `label: value` lines (a run's params, machine, gate, data; metrics beside the
baseline's) whose values, wrapped on a narrow terminal, go on under themselves, their
labels kept in sight."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.cells import cell_len
from textual.content import Content
from textual.visual import Visual
from textual.widgets import Static

from credo.ui.markup import from_rich_markup

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.selection import Selection
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions

TITLE_HANG = 2
"""Cells a wrapped title goes on in from its first column."""


class FactLines(Static):
    """Lines of Rich markup drawn by `Hanging`; a mouse selection copies them as shown.
    `separator` ends a line's label: `: ` by default, two spaces where a label stands
    apart in dim (the checklists' `why  ...`), as their other lines may hold `: `."""

    def __init__(self, separator: str = ": ", **kwargs: Any) -> None:
        super().__init__(Hanging("", separator), **kwargs)
        self.separator = separator

    def show(self, markup: str) -> None:
        self.update(Hanging(markup, self.separator))

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        # Textual reads a selection from Content only: the lines as laid out are one.
        shown = cast("Hanging", self.visual).laid_out(self.content_size.width)
        return selection.extract(shown.plain), "\n"


class Hanging(Visual):
    """Lines of Rich markup, each `label: value` (or `label` and value apart by another
    `separator`), whose value wraps under itself (`gate: passed, under review …` goes on
    under `passed`), not back at the first column where the label is lost. A line with
    no short label wraps under its indent. The first line is a title (an experiment's
    hypothesis, which may hold ": "): it goes on two cells in, so that what follows it
    is not read as another line."""

    def __init__(self, markup: str, separator: str = ": ") -> None:
        self.lines = from_rich_markup(markup).split("\n", allow_blank=True)
        self.separator = separator
        self._laid_out = (0, Content())

    def __str__(self) -> str:
        return "\n".join(line.plain for line in self.lines)

    def laid_out(self, width: int) -> Content:
        """The lines wrapped to `width` cells, each under its value."""
        if self._laid_out[0] != width:
            rows: list[Content] = []
            for number, line in enumerate(self.lines):
                head, room = _hang(line.plain, width, self.separator) if number else (0, TITLE_HANG)
                first, *more = line[head:].wrap(max(1, width - room))
                rows += [line[:head] + first, *(Content(" " * room) + part for part in more)]
            self._laid_out = (width, Content("\n").join(rows))
        return self._laid_out[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.laid_out(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((line.cell_length for line in self.lines), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.laid_out(width).get_height(rules, width)


def _hang(plain: str, width: int, separator: str) -> tuple[int, int]:
    """Where the value of a `label: value` line begins, and the cells before it: after
    its label when the label is short (at most half the `width`, no double space in it),
    else after its indent."""
    indent = len(plain) - len(plain.lstrip(" "))
    end = plain.find(separator, indent)
    label = plain[indent:end]
    head = indent
    value = end + len(separator)
    if end > indent and "  " not in label and cell_len(plain[:value]) <= width // 2:
        head = value
    return head, cell_len(plain[:head])
