"""What every data command shares: its result type, and numbers and records in words.

Results render as Rich objects built from `Text` (never markup), so nothing read from a
data file can style or break the output; control characters are shown, not sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

MISSING = "(missing)"
SHOWN_CHARS = 4000
"""A record longer than this is shown cut, with how much more it holds."""


@dataclass
class Finding:
    """The result of one `credo data` command: printed, dumped as JSON, or kept as evidence."""

    command: str
    files: list[Path] = field(default_factory=list)
    """The files it read: their fingerprints are what the evidence rests on."""

    @property
    def passed(self) -> bool:
        """Whether it found nothing to worry about."""
        return True

    def summary(self) -> str:
        """One line for lists and the checklists view."""
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        raise NotImplementedError

    def parts(self) -> list[RenderableType]:
        raise NotImplementedError

    def render(self) -> Group:
        return Group(*self.parts())


def title(*pieces: str) -> Text:
    """`balance · data/train.jsonl · 1,000 records` in bold and dim, on one line (a
    file's name, as it comes from the disk, is shown as `value`s are)."""
    text = Text(pieces[0], style="bold")
    for piece in pieces[1:]:
        text.append(" · ", style="dim")
        text.append(value(piece))
    return text


def role(word: str, column: str) -> str:
    """A title's piece for the column given as `--word column`: `label sentiment`, and
    just `label` for a column named as its role (not `label label`)."""
    return word if column == word else f"{word} {column}"


def no_records(name: str, why: str) -> str:
    """`h.csv: no records: the file holds only its header` (`why` from `Dataset.why_empty`):
    a file of no records passes no check, as an empty dataset proves nothing."""
    return f"{name}: no records" + (f": {why}" if why else "")


def count(n: int) -> str:
    return f"{n:,}"


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def bar(fraction: float, width: int = 12) -> str:
    """A horizontal bar in eighths of a cell."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + ("" if not rest else " ▏▎▍▌▋▊▉"[rest])


def classes(labels: Iterable[str | None]) -> list[str]:
    """The labels that are classes, in order: records with no label (None, shown as
    `(missing)`) are no class to balance or to point a cue to."""
    return [label for label in labels if label is not None]


def value(text: str | None) -> str:
    """A group or label value as shown: control characters visible, None as (missing)."""
    return MISSING if text is None else visible(text, keep_newlines=False)


def visible(text: str, keep_newlines: bool = True) -> str:
    """Control, invisible and unusual space characters as `\\x1b`-style escapes."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t":
            out.append("\\t")
        elif not char.isprintable():  # controls, zero-widths, no-break spaces...
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


SIGN = Style(meta={"sign": True})
"""A `sign`'s style: the segments the shell swaps on the Linux console (`cli.data`)."""


def sign(mark: str, style: str = "") -> Text:
    """One of credo's own marks (⚠ ✔, a bar) in a view of data: on the Linux console only
    these are drawn as its fonts can (`credo.console_glyphs`); the names, labels and
    records around them are shown as their files hold them (a ★ there is the data's)."""
    return Text.assemble((mark, SIGN), style=style)


def record_text(raw: str, limit: int = SHOWN_CHARS, unit: str = "line") -> Text:
    """A raw record as on disk, wrapped by the terminal, cut past `limit` characters; a
    file's (its path) on one line, as a name can hold a line break."""
    shown = visible(raw[:limit], keep_newlines=unit != "file")
    text = Text(shown, overflow="fold")
    if len(raw) > limit:
        text.append(f" … (+{len(raw) - limit:,} characters)", style="dim italic")
    return text


def plain(renderable: RenderableType, width: int = 80) -> str:
    """What a terminal of `width` columns shows, without colour (kept as evidence)."""
    import io

    from credo.display import console

    out = io.StringIO()
    console(file=out, width=width, color_system=None, force_terminal=False).print(renderable)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"
