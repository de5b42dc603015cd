"""credo's markup (Rich markup, see `credo.display`) as Textual content.

Rich reads the markup, so file text escaped by `credo.display.escape` stays literal
(Textual's own markup parser reads `[ link=…]` or `[$x]` as tags, which that escape
leaves alone); the tags' style names go on to Textual as they are, so `[yellow]` looks
the same as in Textual markup.
"""

from __future__ import annotations

from textual.content import Content, Span

from credo.display import rich_text


def from_rich_markup(markup: str) -> Content:
    """Content for a Textual widget from Rich markup with escaped file text in it."""
    text = rich_text(markup)
    return Content(text.plain, [Span(s.start, s.end, str(s.style)) for s in text.spans])
