"""Every shipped theme draws its text readably: the views, a dialog, the help, the palette,
toasts and the filter bar of the demo project, measured cell by cell as the terminal gets
them (see readability.py for the floors and what is measured)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from readability import (
    BODY,
    HIGH_CONTRAST,
    MUTED,
    SIZE,
    Pair,
    below_floor,
    cells,
    contrast,
    measure_theme,
    shipped,
    terminal,
)

from credo.demo import DemoBuild, build_demo
from credo.store import Store
from credo.store.userconfig import save_user_config
from credo.ui.app import CredoApp
from pilots import settle


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoBuild:
    return build_demo(tmp_path_factory.mktemp("readable") / "ptvid", now=datetime.now(UTC))


@pytest.mark.parametrize("colours", ["truecolor", "256", "no-color"])
@pytest.mark.parametrize("theme", shipped())
async def test_every_text_on_screen_is_over_its_floor(
    demo: DemoBuild, theme: str, colours: str
) -> None:
    """In a terminal of 256 colours too (macOS Terminal.app), where each colour is rounded
    to the palette: credo-contrast's unfocused cursor bar, rounded alone, read at 6.7:1;
    and in the greys NO_COLOR draws: credo-contrast's tags there at 6.75:1."""
    pairs = await measure_theme(CredoApp, Store.open(Path(demo.path)), theme, colours)
    assert len(pairs) > 20  # the views were reached: each draws colours of its own
    low = below_floor(theme, pairs)
    assert not low, f"{len(low)} text colours under the floor in {theme} ({colours}):\n" + (
        "\n".join(pair.describe() for pair in low[:12])
    )


async def test_a_256_colour_terminal_is_sent_the_pairs_measured(demo: DemoBuild) -> None:
    """What the terminal gets, not a pair worked out: credo-contrast's board, where every
    text is held to 7:1 (its unfocused cursor bar, rounded alone, read at 6.7:1)."""
    save_user_config(theme=HIGH_CONTRAST)
    with terminal("256"):
        app = CredoApp(Store.open(Path(demo.path)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.console.color_system == "256"
        drawn = {(fg, bg): text for fg, bg, text in cells(app)}
    assert len(drawn) > 10
    low = {text: round(contrast(*pair), 2) for pair, text in drawn.items() if contrast(*pair) < 7}
    assert not low


async def test_only_the_measured_themes_are_offered(demo: DemoBuild) -> None:
    """Textual's own themes drew credo's text under its floors (textual-dark's assignees at
    1.89:1, its selected row's text at 3.8:1; nord's Do at 2.3:1): the picker offers the
    themes measured above, and a first start (no theme saved) uses one of them."""
    app = CredoApp(Store.open(Path(demo.path)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert sorted(app.available_themes) == shipped()
        assert app.theme in shipped()


def test_the_floors_tell_body_text_from_muted_text() -> None:
    grey = Pair((0x96, 0x96, 0x96), (0xFF, 0xFF, 0xFF), muted=True)
    assert 2.9 < grey.ratio < 3.0 and grey.floor("credo-paper") == MUTED
    assert Pair(grey.fg, grey.bg, muted=False).floor("credo-paper") == BODY
    assert grey.floor("credo-contrast") == 7.0
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
