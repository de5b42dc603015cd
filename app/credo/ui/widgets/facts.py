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


class FactLines(Static):
    """Lines of Rich markup drawn by `Hanging`; a mouse selection copies them as shown."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Hanging(""), **kwargs)

    def show(self, markup: str) -> None:
        self.update(Hanging(markup))

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        # Textual reads a selection from Content only: the lines as laid out are one.
        shown = cast("Hanging", self.visual).laid_out(self.content_size.width)
        return selection.extract(shown.plain), "\n"


class Hanging(Visual):
    """Lines of Rich markup, each `  label: value`, whose value wraps under itself
    (`gate: passed, under review …` goes on under `passed`), not back at the first
    column where the label is lost. A line with no short label wraps under its indent;
    so does a line at the first column, a title (an experiment's hypothesis may hold
    ": ") and no fact."""

    def __init__(self, markup: str) -> None:
        self.lines = from_rich_markup(markup).split("\n", allow_blank=True)
        self._laid_out = (0, Content())

    def __str__(self) -> str:
        return "\n".join(line.plain for line in self.lines)

    def laid_out(self, width: int) -> Content:
        """The lines wrapped to `width` cells, each under its value."""
        if self._laid_out[0] != width:
            rows: list[Content] = []
            for line in self.lines:
                head = _hang(line.plain, width)
                room = cell_len(line.plain[:head])
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


def _hang(plain: str, width: int) -> int:
    """Where the value of a `  label: value` line begins: after its label when the line
    is indented and the label short (at most half the `width`, no double space in it),
    else after its indent."""
    indent = len(plain) - len(plain.lstrip(" "))
    colon = plain.find(": ", indent)
    label = plain[indent:colon]
    if (
        indent
        and colon > indent
        and "  " not in label
        and cell_len(plain[: colon + 2]) <= width // 2
    ):
        return colon + 2
    return indent
