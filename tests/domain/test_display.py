"""credo.display: control characters shown as signs, markup made literal."""

from __future__ import annotations

from rich.text import Text

from credo.display import escape, visible


def test_control_characters_become_visible_signs() -> None:
    osc52 = "\x1b]52;c;cHduZWQ=\x07"
    assert visible(osc52) == "␛]52;c;cHduZWQ=␇"
    assert visible("a\x9b2Jb\x7f") == "a�2Jb␡"  # C1's CSI, DEL
    assert visible("right\u202eleft") == "right�left"  # a bidi override
    assert visible("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert visible("one\nline", lines=False) == "one␊line"
    assert visible("plain text, ünïcödé, 中文") == "plain text, ünïcödé, 中文"


def test_escaped_markup_reads_back_as_the_text() -> None:
    for text in ("[/]", "[link=https://e.x]x[/link]", "[b]x", "ends with \\", "[WIP] a"):
        assert Text.from_markup(f"[b]{escape(text)}[/]").plain == text
    assert Text.from_markup(escape("\x1b[2J[/]")).plain == "␛[2J[/]"
