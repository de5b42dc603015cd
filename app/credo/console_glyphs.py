"""The Linux console (TERM=linux: a server's screen, a cluster node's KVM, a machine
booted without a desktop) draws with a font of about 500 glyphs. Every other character
is shown as the same blank box or diamond: credo's marks (⏱ ★ ✓ ⚠ ✦ ↻ ⏸) and
Textual's finer blocks became boxes, with nothing to tell them apart.

Written to that terminal, each such mark is swapped for one the console's fonts draw,
in as many cells as the mark took: in a codec for credo's text streams, so the board (which
Textual writes to stderr) and every command's output both get it, while a run's output,
written as bytes, and what credo stores stay as they were.
"""

from __future__ import annotations

import codecs
import io
import re

CODEC = "utf-8-linux-console"
"""Named as UTF-8, as it writes: Rich draws tables and rules in ASCII for an encoding
whose name does not start with `utf`, and every console font draws ─ │ ┌ ┼."""

SHOWN = frozenset(
    "".join(map(chr, range(0x20, 0x7F)))
    + "".join(map(chr, range(0xA0, 0x100)))
    + "‐‑‒–—―‘’‚“”„†‡•…‰‹›‼€№™←↑→↓∅∈−∞∩≈≠≡≤≥≪≫⊕⊖⊘⊙"
    + "─━│┃┄┅┆┇┈┉┊┋┌┍┎┏┐┑┒┓└┕┖┗┘┙┚┛├┝┞┟┠┡┢┣┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋"
    + "╌╍╎╏═║╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬╭╮╯╰╱╲╳╴╵╶╷╸╹╺╻╼╽╾╿"
    + "█░▒■▮▲▴▶▸▼▾◀◂◈●☐☑☒♦✗✘"
)
"""What every font of Debian's console-setup draws (Lat15 and Uni2; Fixed, Terminus and
VGA; 16 pixels high), read from their Unicode tables, Latin, Greek and Cyrillic aside."""

FALLBACK = {
    "⏱": "⊙",  # the running experiment's countdown
    "⏸": "║",  # paused
    "★": "*",  # important
    "✓": "☑",
    "✔": "☑",
    "○": "☐",
    "⚠": "!",
    "✦": "◈",  # as an agent left it
    "↻": "∞",  # repeats
    "⎇": "⊕",  # linked to commits
    "▷": "›",  # runs queued (▶: running)
    "⏎": "┘",  # the enter key, in the footer and help (its hook, with no arrow head)
    "⇧": "▲",  # shift, in the help (K/⇧↑: the keyboard's hollow arrow, filled)
    "🔎": "> ",  # the command palette's search: two cells, as the emoji takes
    "⎯": "─",
    "▔": "─",
    "▁": " ",  # Textual's scroll bars and bars of eighths: under half a cell, none
    "▂": " ",
    "▃": " ",
    "▄": "█",
    "▅": "█",
    "▆": "█",
    "▇": "█",
    "▀": "█",
    "▐": "█",
    "▓": "█",
    "▏": "│",
    "▕": "│",  # Textual's vkey border (the checklists view's panes)
    "▎": "│",
    "▍": "▒",
    "▌": "█",  # also the edge of Textual's notes
    "▋": "█",
    "▊": "█",
    "▉": "█",
}
"""Each mark the console cannot draw, and what it shows instead, as wide (one cell, most)."""

# a search in C, not str.translate's lookup of each character: a full frame (38,400
# characters) took 18 ms through translate, 1.4 to 4.6 ms so (plain UTF-8: 0.2 ms)
_MARKS = re.compile(f"[{''.join(FALLBACK)}]")


def swapped(text: str) -> str:
    """`text` with each mark the console's fonts lack as the one it shows instead."""
    return _MARKS.sub(lambda found: FALLBACK[found.group()], text)


class _Encoder(codecs.IncrementalEncoder):
    def encode(self, text: str, final: bool = False) -> bytes:
        return swapped(text).encode("utf-8", self.errors)


def _encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
    return swapped(text).encode("utf-8", errors), len(text)


def _find(name: str) -> codecs.CodecInfo | None:
    if name != CODEC.replace("-", "_"):  # the name as codecs normalises it
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        _encode,
        utf8.decode,
        incrementalencoder=_Encoder,
        incrementaldecoder=utf8.incrementaldecoder,
        streamreader=utf8.streamreader,
        streamwriter=utf8.streamwriter,
        name=CODEC,
    )


codecs.register(_find)


def swaps_marks(stream: object) -> bool:
    """Whether `stream` writes to the Linux console, each mark its fonts lack swapped."""
    encoding = getattr(stream, "encoding", None)
    return bool(encoding) and codecs.lookup(str(encoding)).name == CODEC


def draw_on_linux_console(stream: object) -> None:
    """Have `stream`, where it is a terminal and writes UTF-8, write each mark the Linux
    console's fonts lack as one they hold (piped, the marks stay as they are)."""
    if not (isinstance(stream, io.TextIOWrapper) and stream.isatty()):
        return
    if codecs.lookup(stream.encoding).name != "utf-8":
        return  # a locale that cannot write the marks: escaped already
    stream.reconfigure(encoding=CODEC, errors=stream.errors)
