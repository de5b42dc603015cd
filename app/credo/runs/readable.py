"""The run's output as a person saw it on the terminal, made readable for `output.log`.

A terminal redraws: `\\r` goes back to the start of the line, `\\b` back one column,
`ESC[K` erases, `ESC[nA` climbs into lines already shown (multi-line progress displays).
`Readable` applies those moves to the last lines, so a progress bar redrawn a thousand
times is one line in the log, showing its last state. Colour (SGR: `ESC[...m`) is kept
as it came, so `less -R output.log` and credo's log view show the colours; every other
control sequence (titles, cursor shape, screen clears) is dropped. `\\r\\n` becomes `\\n`.

Plain output (no `\\r`, `\\b` or ESC) is written through in blocks, as fast as it
comes; only the bytes that redraw are taken apart.
"""

from __future__ import annotations

import codecs
import re
from typing import Protocol

RECENT_BYTES = 16384
"""How far back (in finished lines) a cursor-up can reach to redraw."""
LONGEST_LINE = 16384
"""A line longer than this is written out as it stands (output with no newline at all)."""

_SPECIAL = (b"\r", b"\x1b", b"\x08")
_TOKEN = re.compile(
    r"\x1b\[([0-?]*)[ -/]*([@-~])"  # CSI: params, final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC (title, hyperlink): dropped
    r"|\x1b[ -/]*[0-Z\\^-~]"  # other escapes (not CSI, not OSC): dropped
    r"|[\r\n\x08]"
    r"|[^\x1b\r\n\x08]+"
)
ESCAPE = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[ -/]*[0-Z\\^-~])")
"""One whole escape sequence (CSI, OSC or another), as bytes."""
_CONTROLS = dict.fromkeys(c for c in range(32) if c != 9)  # C0 but the tab: not shown
_SGR_CELL = re.compile(r"((?:\x1b\[[0-?]*m)*)(.)", re.S)
_SGR = re.compile(r"\x1b\[[0-?]*m")
_RESETS = ("\x1b[m", "\x1b[0m")


def _settled(codes: str) -> str:
    """Colour codes with the same effect and no more: a reset undoes what came before it,
    and a code right after itself changes nothing (a coloured bar redrawn a thousand times
    ends its line in one reset, not a thousand)."""
    kept: list[str] = []
    for code in _SGR.findall(codes):
        if code in _RESETS:
            kept.clear()
        if not kept or kept[-1] != code:
            kept.append(code)
    return "".join(kept)


class Sink(Protocol):
    def write(self, data: bytes) -> None: ...

    def retract(self, size: int) -> int: ...


Line = list[str]
"""A line as cells: each one character, after the colour codes that precede it."""


class Readable:
    """Feeds a `Sink` (the capped log) with what the terminal ends up showing."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.carry = b""
        self.line: Line = []
        self.end = ""
        """Colour codes after the line's last character (a reset, usually)."""
        self.col = 0
        self.below: list[tuple[Line, str]] = []
        """Lines under the cursor after it climbed up: taken back from the sink."""
        self.recent = b""
        """The last finished lines given to the sink, to take back on a climb."""
        self.recent_whole = True
        self.out: list[bytes] = []

    @property
    def _clean(self) -> bool:
        """Nothing drawn or held: whole lines may go to the sink as they are (not
        even the first bytes of a character split across two reads are waiting)."""
        return (
            not self.line
            and not self.end
            and not self.below
            and self.col == 0
            and not self.decoder.getstate()[0]
        )

    def feed(self, data: bytes) -> None:
        data = self.carry + data
        self.carry = b""
        if not data:
            return
        if data.endswith(b"\r"):  # maybe half of a \r\n
            data, self.carry = data[:-1], b"\r"
        escape = data.rfind(b"\x1b", max(len(data) - 4096, 0))
        if escape >= 0 and not ESCAPE.match(data, escape):
            data, self.carry = data[:escape], data[escape:] + self.carry
        data = data.replace(b"\r\n", b"\n")
        if not any(mark in data for mark in _SPECIAL):
            cut = data.rfind(b"\n") + 1
            if cut and not self._clean:  # finish the line being drawn first
                first = data.index(b"\n") + 1
                self._draw(data[:first])
                data, cut = data[first:], cut - first
            if cut and self._clean:
                self._flush_text()
                self._finished(data[:cut])
                data = data[cut:]
        if data:
            self._draw(data)
        self._flush_text()

    def close(self) -> None:
        """Write what is still held: the line being drawn and any lines under it."""
        if self.carry:
            carry, self.carry = self.carry, b""
            self._draw(carry.replace(b"\r", b""))
        tail = self.decoder.decode(b"", final=True)
        if tail:
            self._put(tail)
        if self.below:
            self._newline()
            while self.below:
                self.line, self.end = self.below.pop(0)
                self.col = 0
                self._newline()
        elif self.line or self.end:
            self.out.append(self._encode(self.line, self.end))
            self.line, self.end, self.col = [], "", 0
        self._flush_text()

    # -- drawing ---------------------------------------------------------------

    def _draw(self, data: bytes) -> None:
        text = self.decoder.decode(data)
        sgr = ""
        for match in _TOKEN.finditer(text):
            token = match.group()
            first = token[0]
            if first == "\x1b":
                final = match.group(2)
                if final is None:
                    continue  # OSC or another escape: not shown in a log
                if final == "m":
                    sgr += token
                else:
                    self._control(final, match.group(1) or "")
            elif first == "\n":
                self.end += sgr
                sgr = ""
                self._newline()
            elif first == "\r":
                self.col = 0
            elif first == "\x08":
                self.col = max(self.col - 1, 0)
            else:
                self._put(token, sgr)
                sgr = ""
        self.end = _settled(self.end + sgr)

    def _put(self, text: str, sgr: str = "") -> None:
        text = text.translate(_CONTROLS)
        if not text:
            self.end += sgr
            return
        cells = list(text)
        cells[0] = self.end + sgr + cells[0] if self.col >= len(self.line) else sgr + cells[0]
        if self.col >= len(self.line):
            self.end = ""
            self.line.extend(" " * (self.col - len(self.line)))
            self.line.extend(cells)
        else:
            self.line[self.col : self.col + len(cells)] = cells
        self.col += len(cells)
        if len(self.line) > LONGEST_LINE:
            self.out.append(self._encode(self.line, self.end))
            self.line, self.end, self.col = [], "", 0

    def _control(self, final: str, params: str) -> None:
        count = int(params) if params.isdigit() else 0
        if final == "K":  # erase in line
            if count == 0:
                del self.line[self.col :]
            elif count == 1:
                self.line[: self.col] = [" "] * min(self.col, len(self.line))
            else:
                self.line.clear()
        elif final == "J" and count == 0:  # erase below: this line's end, the lines under
            del self.line[self.col :]
            self.below.clear()
        elif final in "AF":  # up (F: and to the start)
            self._climb(max(count, 1))
            if final == "F":
                self.col = 0
        elif final in "BE":  # down (E: and to the start)
            for _ in range(max(count, 1)):
                if not self.below:
                    break
                column = self.col
                self._newline()
                self.col = column
            if final == "E":
                self.col = 0
        elif final == "G":
            self.col = max(count - 1, 0)
        elif final == "C":
            self.col += max(count, 1)
        elif final == "D":
            self.col = max(self.col - max(count, 1), 0)

    def _newline(self) -> None:
        self.out.append(self._encode(self.line, self.end) + b"\n")
        if self.below:
            self.line, self.end = self.below.pop(0)
        else:
            self.line, self.end = [], ""
        self.col = 0

    def _climb(self, count: int) -> None:
        """Move up `count` lines into what was written: take them back to redraw."""
        self._flush_text()
        lines = self.recent[:-1].split(b"\n") if self.recent else []
        if not self.recent_whole and lines:
            lines = lines[1:]  # the first one may be cut
        lines = lines[-count:] if count <= len(lines) else lines
        if not lines:
            return
        size = sum(len(line) + 1 for line in lines)
        taken = self.sink.retract(size)
        if taken != size:  # the sink could not give them back: stay where we are
            return
        self.recent = self.recent[: len(self.recent) - size]
        parsed = [_cells(line) for line in lines]
        self.below.insert(0, (self.line, self.end))
        self.below[0:0] = parsed[1:]
        self.line, self.end = parsed[0]

    # -- output ----------------------------------------------------------------

    @staticmethod
    def _encode(line: Line, end: str) -> bytes:
        return ("".join(line) + end).encode("utf-8", "surrogateescape")

    def _flush_text(self) -> None:
        if self.out:
            data = b"".join(self.out)
            self.out = []
            self._finished(data)

    def _finished(self, data: bytes) -> None:
        """Whole lines (ending in a newline, or a line cut for length) to the sink."""
        self.sink.write(data)
        if len(data) >= RECENT_BYTES:
            self.recent, self.recent_whole = data[-RECENT_BYTES:], False
        else:
            kept = self.recent + data
            if len(kept) > RECENT_BYTES:
                kept, self.recent_whole = kept[-RECENT_BYTES:], False
            self.recent = kept


def _cells(raw: bytes) -> tuple[Line, str]:
    text = raw.decode("utf-8", "surrogateescape")
    cells = [m.group(1) + m.group(2) for m in _SGR_CELL.finditer(text)]
    consumed = sum(len(cell) for cell in cells)
    return cells, text[consumed:]
