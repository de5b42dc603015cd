"""The private parts of Textual that `ui/widgets/textual_internals.py` leans on still have
the shape it expects. When one fails after a Textual upgrade, read that module's
docstring: re-measure the trick, then adapt it or drop it."""

from __future__ import annotations

import inspect

from textual.app import App
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widget import Widget

from credo.ui.app import CredoApp
from credo.ui.widgets.task_list import TaskList
from credo.ui.widgets.textual_internals import QuietScrollBar
from pilots import settle


def parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


def test_the_private_calls_keep_their_signatures() -> None:
    assert parameters(App._start_widget) == ["self", "parent", "widget"]
    assert parameters(Widget._scroll_update) == ["self", "virtual_size"]
    assert {"size", "virtual_size", "window_size", "position", "thickness", "vertical"} <= set(
        parameters(ScrollBarRender.render_bar)
    )


def test_textual_still_makes_its_scrollbar_the_way_ours_copies() -> None:
    source = inspect.getsource(Widget.vertical_scrollbar.fget)  # type: ignore[attr-defined]
    for piece in ("self._vertical_scrollbar", "vertical=True", "display = False", "_start_widget"):
        assert piece in source, piece
    assert isinstance(ScrollView.virtual_size, type(Widget.virtual_size))  # a reactive still


def test_the_scrollbar_state_read_is_still_there() -> None:
    bar = ScrollBar(vertical=True, thickness=1)
    for name in ("window_size", "window_virtual_size", "position", "thickness", "vertical"):
        assert hasattr(bar, name), name
    for name in ("grabbed", "mouse_over", "renderer"):
        assert hasattr(bar, name), name


async def test_a_long_list_gets_the_quiet_scrollbar_and_scrolls(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 12)) as pilot:
        await settle(pilot)
        lists = list(board_app.screen.query(TaskList))
        bars = [t.vertical_scrollbar for t in lists]
        assert all(isinstance(bar, QuietScrollBar) for bar in bars)
        assert all(t.virtual_size.height == len(t.rows) for t in lists)
