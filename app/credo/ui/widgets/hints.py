"""A line of key hints (`! important · ^ urgent · enter adds`) that wraps between them."""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def hint_lines(items: tuple[str, ...], width: int) -> list[str]:
    """`items` joined by ` · `, a line broken only between two of them: never inside one,
    never leaving a `·` at a line's end (an item wider than `width` gets a line)."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + 3 + len(item) <= width:
            lines[-1] += f" · {item}"
        else:
            lines.append(item)
    return lines


class HintLine(Widget):
    """Dim key hints, wrapped between items as wide as the widget is."""

    DEFAULT_CSS = "HintLine { height: auto; text-style: dim; }"

    def __init__(self, *items: str, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self.items = items

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(hint_lines(self.items, width))

    def render(self) -> str:
        return "\n".join(hint_lines(self.items, self.content_size.width))
