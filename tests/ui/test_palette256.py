"""A 256-colour terminal gets text at least as readable as the theme drew it in truecolor."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from credo.ui.palette256 import FLOORS, NUMBERS, RGB, contrast, nearest, pair_in_256

colours = st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))


@settings(max_examples=300, deadline=None)
@given(colours, colours)
def test_a_pair_over_a_floor_in_truecolor_stays_over_it(fg: RGB, bg: RGB) -> None:
    text, back = pair_in_256(fg, bg)
    assert text in NUMBERS and back in NUMBERS  # colours 16 to 255, the same in every terminal
    kept = [f for f in FLOORS if contrast(fg, bg) >= f]
    assert all(contrast(text, back) >= f for f in kept)
    if all(contrast(nearest(fg), nearest(bg)) >= f for f in kept):
        assert (text, back) == (nearest(fg), nearest(bg))  # the nearest, where they read


def test_the_unfocused_bar_of_credo_contrast_keeps_its_white_at_7_to_1() -> None:
    white, bar = (255, 255, 255), (0x4C, 0x40, 0x00)  # #FFD700 30% on black
    assert contrast(nearest(white), nearest(bar)) < 7  # an olive, 6.7:1 (Rich's too)
    text, back = pair_in_256(white, bar)
    assert text == white and contrast(text, back) >= 7


def test_a_dark_slate_stays_a_slate_not_navy() -> None:
    """Rich rounds credo-night's background #1B2B34 to #00005F (navy), channel by channel."""
    r, g, b = nearest((0x1B, 0x2B, 0x34))
    assert max(r, g, b) - min(r, g, b) < 16 and 24 < r < 64
