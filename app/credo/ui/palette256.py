"""Colours for a terminal of 256 colours (macOS Terminal.app; TERM=xterm-256color without
COLORTERM), chosen so that text stays as readable as the theme drew it.

Rich, which writes Textual's output, rounds each colour alone, channel by channel: dark
slates became navy and teal (credo-night's background #1B2B34 as #00005F), light ones pink
or lavender (credo-paper's surface as #FFD7D7), and text fell under its floor: white on
credo-contrast's unfocused cursor bar, an olive once rounded, at 6.7:1 (7:1 is its floor;
10.3:1 in truecolor), credo-daylight's warning at 3.7:1 on its panel. Here each colour
goes to the palette colour nearest it by eye (CIELAB), and each text colour is picked with
its background: where the nearest pair falls under a floor (3, 4.5, 7:1) the truecolor
pair is over, the text takes the nearest colour that is over it, on the nearest
background where one can be.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
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


# Worked out once for the palette: each colour picked is compared with all 240 (a few
# dozen picks draw the first frame); a call per comparison took 46 M instructions of it.
_PALETTE_LAB = [lab(c) for c in PALETTE]
_PALETTE_LUMINANCE = [luminance(c) for c in PALETTE]


def _distances(rgb: RGB) -> list[float]:
    """How far each palette colour is from `rgb` by eye, in `PALETTE`'s order."""
    light, a, b = lab(rgb)
    return [(pl - light) ** 2 + (pa - a) ** 2 + (pb - b) ** 2 for pl, pa, pb in _PALETTE_LAB]


def _nearest_of(distances: list[float]) -> int:
    """The index of the nearest (the first of equals, as `min`)."""
    return distances.index(min(distances))


@lru_cache(maxsize=1024)
def nearest(rgb: RGB) -> RGB:
    """The palette colour nearest `rgb` by eye."""
    return PALETTE[_nearest_of(_distances(rgb))]


@lru_cache(maxsize=4096)
def pair_in_256(fg: RGB, bg: RGB) -> tuple[RGB, RGB]:
    """The palette colours for text `fg` on `bg` (see the module's docstring)."""
    wanted = max((f for f in FLOORS if f <= contrast(fg, bg)), default=1.0)
    text, sent = nearest(fg), nearest(bg)
    if contrast(text, sent) >= wanted:
        return text, sent  # most pairs
    to_fg, to_bg = _distances(fg), _distances(bg)
    for back in sorted(range(len(PALETTE)), key=to_bg.__getitem__):  # nearest backgrounds first
        under = _PALETTE_LUMINANCE[back]
        readable = [
            (to_fg[c], c)
            for c, over in enumerate(_PALETTE_LUMINANCE)
            if (max(over, under) + 0.05) / (min(over, under) + 0.05) >= wanted  # `contrast`
        ]
        if readable:
            return PALETTE[min(readable)[1]], PALETTE[back]
    return text, sent  # not reached: black or white reads at 7:1 on some grey


def _numbered(rgb: RGB) -> RichColor:
    return RichColor.from_ansi(NUMBERS[rgb])


@lru_cache(maxsize=4096)
def _style_in_256(style: Style, background: RichColor) -> Style:
    fg, bg = style.color, style.bgcolor or background
    fg_rgb = None if fg is None or fg.triplet is None else tuple(fg.triplet)
    bg_rgb = None if bg.triplet is None else tuple(bg.triplet)
    if fg_rgb is not None and bg_rgb is not None:
        text, back = pair_in_256(fg_rgb, bg_rgb)
        return style + Style(color=_numbered(text), bgcolor=_numbered(back))
    # one colour is the terminal's own (nothing to measure the other by): the nearest
    return style + Style(
        color=None if fg_rgb is None else _numbered(nearest(fg_rgb)),
        bgcolor=None if bg_rgb is None else _numbered(nearest(bg_rgb)),
    )


class Palette256(LineFilter):
    """Each segment's colours as `pair_in_256` picks them, for a 256-colour terminal (a
    colour beside the terminal's own, as `nearest` does)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        back = background.rich_color
        return [
            Segment(text, None if style is None else _style_in_256(style, back), control)
            for text, style, control in segments
        ]
