"""Long tables printed fast: one line per row, columns aligned, styled per span.

Rich's Table lays out every cell of every row (ten thousand rows took seconds). Here
each column is measured once, each style's escape codes are made once by Rich itself
(`Style.render`, with the console's colour system, NO_COLOR and all), and rows are
joined as plain strings. On a terminal the flexible column (a title) shrinks to fit and
wraps onto the following lines, as Rich's table would; piped, nothing wraps and no
escape code is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len, chop_cells

Span = tuple[str, str]
"""A piece of text and its Rich style ("" for none)."""
Cell = str | tuple[Span, ...]
"""Text in its column's style, or spans each in its own style over the column's."""
GAP = "  "
MIN_FLEX = 12
"""The narrowest a shrunk flexible column gets; below that the terminal wraps the line."""


class Painter:
    """Text with Rich styles turned into escape codes, each style's codes made once."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self.plain = console.color_system is None
        self._codes: dict[str, tuple[str, str]] = {}

    def codes(self, style: str) -> tuple[str, str]:
        """The escape codes before and after text in `style` ("" and "" when plain)."""
        codes = self._codes.get(style)
        if codes is None:
            codes = self._codes[style] = self._make(style)
        return codes

    def cell(self, cell: Cell, base: str = "") -> str:
        """A cell as one string: each span in `base` and its own style (as Rich combines
        a column's style with a cell's)."""
        if isinstance(cell, str):
            before, after = self.codes(base)
            return f"{before}{cell}{after}" if cell else ""
        out = []
        for text, style in cell:
            before, after = self.codes(f"{base} {style}".strip())
            out.append(f"{before}{text}{after}" if text else "")
        return "".join(out)

    def column(self, cells: list[Cell], base: str = "") -> list[str]:
        """`cell` of each of `cells`, the plain text ones (most) without a call each."""
        before, after = self.codes(base)
        cell = self.cell
        if not before:  # no codes (`after` comes with `before`): text stays as it is
            return [c if type(c) is str else cell(c, base) for c in cells]
        return [
            (f"{before}{c}{after}" if c else "") if type(c) is str else cell(c, base) for c in cells
        ]

    def _make(self, style: str) -> tuple[str, str]:
        if not style or self.plain:
            return "", ""
        from rich.style import Style

        parsed = Style.parse(style)
        if self.console.no_color:
            parsed = parsed.without_color
        system = self.console.color_system
        before, _, after = parsed.render("\0", color_system=system).partition("\0")
        return before, after


def print_rows(
    console: Any,
    rows: list[list[Cell]],
    styles: list[str],
    flex: int | None,
    painter: Painter,
    right: frozenset[int] = frozenset(),
) -> None:
    """Print `rows` (lists of cells) as aligned columns, column `i` in `styles[i]`, the
    columns in `right` aligned to the right.

    Columns empty in every row are left out. Column `flex` (if any) shrinks to the
    terminal's width (console.width) and wraps, on a terminal only. Worked column by
    column, in as few Python steps per cell as can be: ten thousand rows are printed at
    once.
    """
    if not rows:
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    sizes = [_widths(column) for column in columns]
    widths = [max(column) for column in sizes]
    shown = [i for i, width in enumerate(widths) if width]
    if console.is_terminal and flex in shown:
        others = sum(widths[i] for i in shown if i != flex) + len(GAP) * (len(shown) - 1)
        widths[flex] = max(MIN_FLEX, min(widths[flex], console.width - others))
    rest: dict[int, list[str]] = {}  # row -> the lines of its wrapped cell after the first
    if flex is not None:
        indent = " " * sum(widths[i] + len(GAP) for i in shown if i < flex)
        for row in _over(sizes[flex], widths[flex]):
            first, *more = _wrap(columns[flex][row], widths[flex])
            columns[flex][row], sizes[flex][row] = first, _width(first)
            rest[row] = [indent + painter.cell(part, styles[flex]) for part in more]
    texts = []
    for i in shown:
        cells, width = painter.column(columns[i], styles[i]), widths[i]
        if i in right:
            cells = [
                " " * (width - size) + cell for cell, size in zip(cells, sizes[i], strict=True)
            ]
        elif i != shown[-1]:
            cells = [
                cell + " " * (width - size) for cell, size in zip(cells, sizes[i], strict=True)
            ]
        texts.append(cells)
    lines = [line.rstrip(" ") for line in map(GAP.join, zip(*texts, strict=True))]
    if rest:  # the rest of each wrapped cell, under its row
        lines = [part for row, line in enumerate(lines) for part in (line, *rest.get(row, ()))]
    console.file.write("\n".join(lines) + "\n")
    console.file.flush()


def print_table(console: Any, columns: Sequence[str], rows: list[list[Cell]], flex: int) -> None:
    """`rows` under a dim header naming their `columns`, as `print_rows` prints them:
    column `flex` wraps on a terminal, and no line ends in spaces (Rich's Table pads
    every row to its longest, which a narrower terminal shows as a blank line)."""
    heads: list[Cell] = [((column, "dim"),) for column in columns]
    print_rows(console, [heads, *rows], [""] * len(columns), flex, Painter(console))


def _over(sizes: list[int], width: int) -> list[int]:
    return [row for row, size in enumerate(sizes) if size > width]


def _widths(column: list[Cell]) -> list[int]:
    """Terminal columns each cell takes (ASCII text: its length, without asking Rich)."""
    plain = [cell if isinstance(cell, str) else "".join(t for t, _ in cell) for cell in column]
    if "".join(plain).isascii():
        return list(map(len, plain))
    # one ▶ in a column of ten thousand titles: the others, printable ASCII, are as wide
    # as long (Rich's cell_len says the same, for 3,000 instructions a cell)
    return [
        len(text) if text.isascii() and text.isprintable() else cell_len(text) for text in plain
    ]


def _width(cell: Cell) -> int:
    return _widths([cell])[0]


def _wrap(cell: Cell, width: int) -> list[Cell]:
    """`cell` wrapped at spaces to `width` columns (words longer than that are cut)."""
    lines: list[list[Span]] = [[]]
    used = 0
    for text, style in [(cell, "")] if isinstance(cell, str) else cell:
        for index, word in enumerate(text.split(" ")):
            gap = 1 if index and used else 0
            size = cell_len(word)
            if used and used + gap + size > width:
                lines.append([])
                used, gap = 0, 0
            while size > width:  # a word wider than the column: cut it
                head = chop_cells(word, width)[0]
                lines[-1].append((head, style))
                lines.append([])
                word = word[len(head) :]
                size = cell_len(word)
            lines[-1].append((" " * gap + word, style))
            used += gap + size
    return [tuple(line) for line in lines if line]
