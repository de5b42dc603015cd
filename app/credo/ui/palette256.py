"""Colours for a terminal of 256 colours (macOS Terminal.app; TERM=xterm-256color without
COLORTERM), chosen so that text stays as readable as the theme drew it.

Rich, which writes Textual's output, rounds each colour alone to the palette: a dark
yellow bar (credo-contrast's unfocused cursor) became a lighter olive that white text
reads at 6.7:1 (7:1 in truecolor: 10.3:1), a dark orange (credo-daylight's warning) a
lighter one (3.7:1 on its panel). Here each text colour is rounded with its background:
the pair Rich would send where it stays over the floors (3:1, 4.5:1, 7:1) the truecolor
pair is over, else the palette colour nearest the text's (by eye: CIELAB) that does, on
the background Rich would send or, where no text colour can, on the nearest background
where one can.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

FLOORS = (3.0, 4.5, 7.0)
"""The contrasts text is held to (muted text; WCAG AA; AAA): a pair over one in truecolor
stays over it here."""

RGB = tuple[int, int, int]
LEVELS = (0, 95, 135, 175, 215, 255)
NUMBERS: dict[RGB, int] = {
    **{
        (r, g, b): 16 + 36 * i + 6 * j + k
        for i, r in enumerate(LEVELS)
        for j, g in enumerate(LEVELS)
        for k, b in enumerate(LEVELS)
    },
    **{(8 + 10 * i,) * 3: 232 + i for i in range(24)},
}
"""Colours 16 to 255 by their number: the 6x6x6 cube and the 24 greys, the same in every
terminal (0 to 15 are the terminal's own)."""
PALETTE = list(NUMBERS)


def _linear(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@lru_cache(maxsize=1024)
def lab(rgb: RGB) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour: distances there are close to what an eye sees."""
    r, g, b = (_linear(c) for c in rgb)
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _distance(a: RGB, b: RGB) -> float:
    return sum((x - y) ** 2 for x, y in zip(lab(a), lab(b), strict=True))


def rounded(rgb: RGB) -> RGB:
    """The palette colour Rich sends for `rgb`."""
    colour = RichColor.from_rgb(*rgb).downgrade(ColorSystem.EIGHT_BIT)
    return tuple(colour.get_truecolor())  # type: ignore[return-value]


@lru_cache(maxsize=4096)
def pair_in_256(fg: RGB, bg: RGB) -> tuple[RGB, RGB]:
    """The palette colours for text `fg` on `bg` (see the module's docstring)."""
    wanted = max((f for f in FLOORS if f <= contrast(fg, bg)), default=1.0)
    text, sent = rounded(fg), rounded(bg)
    if contrast(text, sent) >= wanted:
        return text, sent  # as Rich sends it: most pairs
    for back in [sent, *sorted(PALETTE, key=lambda c: _distance(c, bg))]:
        readable = [c for c in PALETTE if contrast(c, back) >= wanted]
        if readable:
            return min(readable, key=lambda c: _distance(c, fg)), back
    return text, sent  # not reached: black or white reads at 7:1 on some grey


@lru_cache(maxsize=4096)
def _style_in_256(style: Style, background: RichColor) -> Style:
    fg, bg = style.color, style.bgcolor or background
    if fg is None or fg.triplet is None or bg.triplet is None:
        return style  # the terminal's own colours: nothing to measure them by
    text, back = pair_in_256(tuple(fg.triplet), tuple(bg.triplet))
    return style + Style(
        color=RichColor.from_ansi(NUMBERS[text]), bgcolor=RichColor.from_ansi(NUMBERS[back])
    )


class Palette256(LineFilter):
    """Each segment's colours as `pair_in_256` picks them, for a 256-colour terminal."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        back = background.rich_color
        return [
            Segment(text, None if style is None else _style_in_256(style, back), control)
            for text, style, control in segments
        ]
