"""What the board's frames draw: no line of a container that its widgets cover whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual._styles_cache import StylesCache
from textual.widget import Widget

from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen
from pilots import settle


def styled_lines(app: CredoApp, monkeypatch: pytest.MonkeyPatch) -> int:
    """The lines a full repaint of the screen styles one by one."""
    counted = [0]
    styled = StylesCache.render_line

    def counting(self: StylesCache, *args: object, **kwargs: object) -> object:
        counted[0] += 1
        return styled(self, *args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patched:
        patched.setattr(StylesCache, "render_line", counting)
        for widget in app.screen._compositor.visible_widgets:
            widget._styles_cache.clear()
        app.screen._compositor.render_update(full=True)
    return counted[0]


async def test_the_empty_board_styles_only_the_lines_that_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen, the quadrants' grid and the row holding it and the detail were styled
    line by line at each full frame (117 of 305 lines at 120x40), then hidden whole."""
    store, _ = Store.init(tmp_path)
    app = CredoApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert styled_lines(app, monkeypatch) <= 190


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (40, 12), (250, 70)])
async def test_what_is_drawn_blank_is_covered_whole(
    board_app: CredoApp, size: tuple[int, int]
) -> None:
    """A container drawn blank (BLANK) shows nothing of its own: were a cell of it not
    covered by a widget it holds, the screen's background would show there, unstyled."""
    async with board_app.run_test(size=size) as pilot:
        await settle(pilot)
        for opened in (False, True):
            if opened:
                await pilot.press("slash")
                await pilot.pause()
            assert isinstance(board_app.screen, BoardScreen)
            shown = board_app.screen._compositor.visible_widgets
            blank = [w for w in shown if w.BLANK]
            assert blank
            for container in blank:
                region, clip = shown[container]
                inside = [
                    r.intersection(c)
                    for w, (r, c) in shown.items()
                    if w is not container and isinstance(w, Widget) and container in w.ancestors
                ]
                visible = region.intersection(clip)
                for y in visible.line_range:
                    for x in range(visible.x, visible.right):
                        assert any(r.contains(x, y) for r in inside), (container, x, y)
