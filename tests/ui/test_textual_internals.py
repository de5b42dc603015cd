"""The private parts of Textual that `ui/widgets/textual_internals.py` leans on still have
the shape it expects. When one fails after a Textual upgrade, read that module's
docstring: re-measure the trick, then adapt it or drop it."""

from __future__ import annotations

import inspect
from collections.abc import Iterable

import pytest
from textual.app import App
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
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


def test_a_node_still_has_its_own_bindings_map_to_bind_on() -> None:
    from textual.binding import BindingsMap

    node = DOMNode()
    assert isinstance(node._bindings, BindingsMap)
    assert parameters(BindingsMap.bind)[:4] == ["self", "keys", "action", "description"]
    assert "self._bindings.bind(" in inspect.getsource(App.bind)  # App.bind does as we do


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


async def test_the_start_parses_each_css_source_once(
    board_app: CredoApp, parsed: list[str]
) -> None:
    """Textual's own way: credo.tcss and every widget's CSS three times before the first
    frame (its start refresh empties the cache even with the same variables)."""
    async with board_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert parsed.count("credo.tcss") == 1
        assert parsed.count("App.DEFAULT_CSS") == parsed.count("Screen.DEFAULT_CSS") == 1
        assert "TaskList.DEFAULT_CSS" in parsed


async def test_a_view_opened_for_the_first_time_parses_only_its_own_css(
    board_app: CredoApp, parsed: list[str]
) -> None:
    async with board_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        parsed.clear()
        for mode in ("runs", "checklists", "data", "experiments"):
            board_app.switch_mode(mode)
            await settle(pilot)
        assert "credo.tcss" not in parsed  # only CSS of widgets not seen before
        left = board_app.screen.query_one("#exp-left").styles
        assert (left.width.value, left.max_width.value) == (40, 60)  # its rules apply


async def test_new_variables_still_parse_everything_again(
    board_app: CredoApp, parsed: list[str]
) -> None:
    async with board_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        parsed.clear()
        board_app.theme = "credo-paper"
        await settle(pilot)
        assert "credo.tcss" in parsed and "TaskList.DEFAULT_CSS" in parsed
        paper = board_app.get_css_variables()["background"]
        assert board_app.screen.styles.background == Color.parse(paper)


def test_set_variables_still_empties_the_cache_we_keep() -> None:
    source = inspect.getsource(Stylesheet.set_variables)
    assert "self._variables = variables" in source and "_parse_cache.clear()" in source
    assert hasattr(Stylesheet(), "_variables")


async def test_a_theme_changed_elsewhere_restyles_a_view_when_it_shows_again(
    board_app: CredoApp,
) -> None:
    async with board_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        board = board_app.screen
        dark = board.styles.background
        board_app.switch_mode("runs")
        await settle(pilot)
        board_app.theme = "credo-paper"
        await settle(pilot)
        assert board.styles.background == dark  # out of sight: not restyled yet
        board_app.switch_mode("board")
        await settle(pilot)
        assert board_app.screen is board
        paper = board_app.get_css_variables()["background"]
        assert board.styles.background == Color.parse(paper)


def test_the_css_count_a_new_screen_starts_with_is_still_there() -> None:
    source = inspect.getsource(App._init_mode)
    assert "screen._css_update_count != self._css_update_count" in source
    assert "self.screen._css_update_count != self._css_update_count" in inspect.getsource(
        App.switch_mode
    )


async def test_a_view_opened_for_the_first_time_is_restyled_whole_at_most_once(
    board_app: CredoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only where a view sets a class of its own as it mounts. Textual's own way is up to
    five: the app's CSS refreshed, the breakpoints' classes added by a resize, both
    resumes of a new mode's view (`_init_mode`'s, then `switch_mode`'s), and, for a view
    with a stylesheet of its own (the log's was), every open view as it is read."""
    restyled: list[list[object]] = []
    update_nodes = Stylesheet.update_nodes

    def counted(self: Stylesheet, nodes: Iterable[DOMNode], animate: bool = False) -> None:
        nodes = list(nodes)
        restyled.append(nodes)
        update_nodes(self, nodes, animate=animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counted)
    async with board_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        for mode in ("runs", "checklists", "data", "experiments", "commits"):
            restyled.clear()
            board_app.switch_mode(mode)
            await settle(pilot)
            view = board_app.screen
            assert view.has_class("-roomy")  # the breakpoints' classes are there
            whole = [nodes for nodes in restyled if len(nodes) > 2]
            assert all(view in nodes for nodes in whole), mode  # no other view restyled
            assert len(whole) <= 1, mode
