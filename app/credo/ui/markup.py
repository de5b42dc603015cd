"""credo's markup (Rich markup, see `credo.display`) as Textual content.

Rich reads the markup, so file text escaped by `credo.display.escape` stays literal
(Textual's own markup parser reads `[ link=…]` or `[$x]` as tags, which that escape
leaves alone); the tags' style names go on to Textual as they are, but for the three
signal colours, which become the theme's (`[yellow]` was CSS yellow, 1.1:1 on a light
theme's background; the theme's `$warning` is chosen to be read on it).
"""

from __future__ import annotations

from textual.content import Content, Span

from credo.display import rich_text

THEMED = {"green": "$success", "red": "$error", "yellow": "$warning"}
"""Colour names in credo's markup -> the theme variable drawn for them."""


def themed(style: str) -> str:
    """A style with its signal colour names as the theme's variables."""
    return " ".join(THEMED.get(word, word) for word in style.split())


def from_rich_markup(markup: str) -> Content:
    """Content for a Textual widget from Rich markup with escaped file text in it."""
    text = rich_text(markup)
    return Content(text.plain, [Span(s.start, s.end, themed(str(s.style))) for s in text.spans])
