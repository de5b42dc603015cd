"""The footer: one widget that looks and acts as Textual's Footer (a widget per key)."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest
from boards import TODAY, task_file
from rich.style import Style
from test_checklists_view import open_past_review
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import Footer, Input, Static, Tooltip

from credo.domain.quadrants import Quadrant
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.base import CredoScreen
from credo.ui.screens.board import BoardScreen
from credo.ui.screens.help import HelpScreen
from credo.ui.themes import install_themes
from credo.ui.widgets.footer import KeysFooter, keys_of
from pilots import said, screen_text, settle, until


class Keys(App[None]):
    """A key per kind the footer draws: plain, disabled with a tooltip, a second key for
    the same action (not shown), and the command palette's on the right."""

    BINDINGS = [
        Binding("a", "go", "Go"),
        Binding("b", "never", "Never", tooltip="Not here"),
        Binding("c", "go", "Go again"),
        Binding("d", "stay", "Stay long enough to be cut"),
    ]

    def __init__(self, footer: type[Widget] = KeysFooter) -> None:
        super().__init__()
        self.footer = footer
        self.went = 0
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield self.footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "never" else True

    def action_go(self) -> None:
        self.went += 1

    def bell(self) -> None:
        self.bells += 1


def bottom_cells(app: App[Any]) -> list[tuple[str, Style]]:
    """The last row as drawn, one (character, style) per cell (however it is cut into
    segments)."""
    strip = app.screen._compositor.render_strips()[-1]
    return [
        (character, segment.style.clear_meta_and_links() if segment.style else Style())
        for segment in strip
        for character in segment.text
    ]


def footer_line(app: App[Any]) -> str:
    lines: list[str] = screen_text(app).splitlines()
    return lines[-1]


async def click_on(pilot: Any, words: str) -> None:
    x = footer_line(pilot.app).index(words)
    await pilot.click(KeysFooter, offset=(x, 0))
    await settle(pilot)


@pytest.mark.parametrize(
    "theme", ["credo-contrast", "credo-daylight", "credo-night", "credo-paper"]
)
@pytest.mark.parametrize(
    ("width", "hover"),
    [(60, None), (60, 1), (60, 8), (60, 57), (60, 40), (24, None), (24, 14)],
    ids=["plain", "key", "disabled", "palette", "blank", "cut", "cut-palette"],
)
async def test_it_looks_as_textuals_footer(theme: str, width: int, hover: int | None) -> None:
    """Cell for cell, in light and dark themes, hovered or not, with a disabled key and
    a terminal too narrow for the keys."""
    drawn = []
    for footer in (Footer, KeysFooter):
        app = Keys(footer)
        install_themes(app, theme)
        async with app.run_test(size=(width, 4)) as pilot:
            await settle(pilot)
            if hover is not None:
                await pilot.hover(footer, offset=(hover, 0))
                await settle(pilot)
            drawn.append(bottom_cells(app))
    textuals, ours = drawn
    if width == 60:
        assert ours == textuals
    else:  # too narrow: the keys that fit whole (Textual's cuts `b Never` to `b Nev`)
        assert ours[:6] == textuals[:6] and ours[-12:] == textuals[-12:]
    shown = " a Go  b Never  d Stay long" if width == 60 else " a Go       ▏^p palette "
    assert "".join(c for c, _ in ours).startswith(shown)


@pytest.mark.parametrize("width", [80, 120])
async def test_a_narrow_footer_keeps_the_help_key_whole(board_app: CredoApp, width: int) -> None:
    """The board's keys do not fit: `?`, the key that lists them all, was the one cut
    (`? Hel`). Keys that fit are shown whole, then `? Help`."""
    async with board_app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        line = footer_line(board_app)
        assert line.startswith(" a Add  e Edit ") and re.search(r" \? Help +▏\^p palette", line)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("view", ["E", "r", "C", "D", "past review"])
async def test_a_narrow_footer_keeps_the_way_back_whole(
    store: Store, view: str, width: int
) -> None:
    """At 80 and even 120 columns the views' keys ran out of room before esc, the way
    back (`esc Back to review` in a past review): esc is kept whole, as the help key is,
    after the view's first keys, which come first as they did."""
    app = CredoApp(store)
    async with app.run_test(size=(width, 30)) as pilot:
        if view == "past review":
            screen = await open_past_review(pilot, store)
        else:
            await pilot.press(view)
            await settle(pilot)
            screen = app.screen
        hints = keys_of(screen)[0]
        back = next(hint for hint in hints if hint.key == "escape")
        line = footer_line(app)
        assert f" esc {back.description} " in line
        first = hints[0]
        assert line.startswith(f" {first.shown} {first.description} ") and " ? Help " in line


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize(
    ("view", "key", "back"), [("board", "T", "T Every task"), ("commits", "L", "L Every commit")]
)
async def test_a_narrow_footer_keeps_the_way_back_from_a_narrowed_view(
    store: Store, width: int, view: str, key: str, back: str
) -> None:
    """At 120 columns, T (only today's tasks) cut its own `T Every task` from the footer:
    the board said `today (pinned, due today, overdue)` and nothing said how to see every
    task again (so with the commits view's L). The key that turns the switch off is kept
    whole, as esc is."""
    app = CredoApp(store)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        if view == "commits":
            await pilot.press("H")
            await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        line = footer_line(app)
        assert f" {back} " in line and " ? Help " in line


@pytest.mark.parametrize(
    "narrowing", [(), ("T",), ("slash", "a", "enter"), ("T", "slash", "a", "enter")]
)
async def test_a_narrow_footer_keeps_the_keys_that_change_tasks(
    board_app: CredoApp, narrowing: tuple[str, ...]
) -> None:
    """At 80 columns with T on and a filter kept, their two ways back left room for three
    keys, the first three: a, e and i, and `x Done`, the most used, went. Add, edit and
    done come first and stay with any narrowing on."""
    async with board_app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        for key in narrowing:
            await pilot.press(key)
        await settle(pilot)
        assert footer_line(board_app).startswith(" a Add  e Edit  x Done ")


async def test_the_keys_to_the_other_views_are_in_the_help_not_in_the_footer(
    board_app: CredoApp,
) -> None:
    """The board's footer showed `D Data` (from 160 columns), and no E, C, H, r or R: the
    footer has room for the view's own keys only, the help lists every view's key."""
    views = {"E": "Experiments", "C": "Checklists", "H": "Commits", "D": "Data", "r": "Runs"}
    views["R"] = "Report"
    async with board_app.run_test(size=(250, 30)) as pilot:
        await settle(pilot)
        hints = keys_of(board_app.screen)[0]
        assert [hint.description for hint in hints if hint.key in views] == []
        assert "? Help  q Quit" in footer_line(board_app)  # every key fits: none was cut
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(board_app.screen, HelpScreen)
        assert set(views.items()) <= {(keys, desc) for keys, desc, _ in board_app.screen.rows}


async def test_a_click_presses_the_key_a_disabled_one_only_beeps() -> None:
    app = Keys()
    async with app.run_test(size=(60, 4)) as pilot:
        await settle(pilot)
        await click_on(pilot, "Go")
        assert (app.went, app.bells) == (1, 0)
        await click_on(pilot, "Never")
        assert (app.went, app.bells) == (1, 1)
        await pilot.click(KeysFooter, offset=(45, 0))  # between the keys and the palette
        await settle(pilot)
        assert (app.went, app.bells) == (1, 1)
        await click_on(pilot, "palette")
        assert isinstance(app.screen, CommandPalette)


async def test_on_the_board_a_click_adds_and_opens_the_help(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await click_on(pilot, "Add")
        assert board_app.screen.query("#add-line")
        await pilot.press("escape")
        await settle(pilot)
        await click_on(pilot, "Hel")  # the palette's key covers the rest at 120 columns
        assert isinstance(board_app.screen, HelpScreen)


async def test_hovering_a_key_shows_its_tooltip(board_app: CredoApp) -> None:
    board_app.TOOLTIP_DELAY = 0.01
    async with board_app.run_test(size=(120, 40), tooltips=True) as pilot:
        await settle(pilot)
        tooltip = board_app.screen.query_one(Tooltip)
        footer = board_app.screen.query_one(KeysFooter)
        # (headless, the shown tooltip covers the pointer, and the next repaint hides it:
        # what it showed stays). A move hides the tooltip shown, the next one starts the
        # wait for the tooltip where the pointer is now.
        for words, tip in [("Add", "Add a task (quick-add syntax)"), ("palette", "Open the")]:
            x = footer_line(board_app).index(words)
            await pilot.hover(KeysFooter, offset=(x, 0))
            await pilot.hover(KeysFooter, offset=(x + 1, 0))
            await until(pilot, lambda tip=tip: str(tooltip.render()).startswith(tip), tip)
        await pilot.hover(KeysFooter, offset=(footer_line(board_app).index("Pin"), 0))
        await settle(pilot)
        assert footer.tooltip == "Pin to / unpin from today"
        await pilot.hover(offset=(0, 0))  # off the footer: no key's tooltip stays
        await settle(pilot)
        assert footer.tooltip is None


async def test_it_draws_again_only_when_its_keys_change(
    board_app: CredoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Focus moves and screen resumes signal the bindings with the same keys (three
    times at start-up); the footer follows the keys the screen has now."""
    drawn: list[int] = []
    render_line = KeysFooter.render_line

    def counted(self: KeysFooter, y: int) -> Any:
        drawn.append(y)
        return render_line(self, y)

    monkeypatch.setattr(KeysFooter, "render_line", counted)
    async with board_app.run_test(size=(140, 40)) as pilot:  # a rebound key goes last
        await settle(pilot)
        assert " a Add " in footer_line(board_app)
        start = len(drawn)
        for _ in range(3):
            board_app.screen.refresh_bindings()
        await settle(pilot)
        assert len(drawn) == start
        await pilot.press("slash")  # the filter box takes the letters: fewer keys
        await settle(pilot)
        assert len(drawn) == start + 1 and "Add" not in footer_line(board_app)
        await pilot.press("escape")
        await settle(pilot)
        assert len(drawn) == start + 2 and " a Add " in footer_line(board_app)
        board_app.set_keymap({"board.add": "n"})
        await settle(pilot)
        assert len(drawn) == start + 3 and " n Add " in footer_line(board_app)
        await click_on(pilot, "Add")  # the key as the keymap has it now
        assert board_app.screen.query("#add-line")


async def test_a_key_the_keymap_rebinds_keeps_its_place(board_store: Store) -> None:
    """`"board.add" = "n"` in the user's config: Textual moves a rebound key last, so Add
    fell off the footer of a 120-column terminal and went to the end of the help. It
    keeps the place its screen declares it in, under its new key."""
    from credo.store.userconfig import save_user_config
    from credo.ui.keys import described_bindings

    save_user_config(keymap={"board.add": "n"})
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert footer_line(app).startswith(" n Add  e Edit ")
        helped = [(keys, desc) for keys, desc, _ in described_bindings(app.screen)]
        assert helped.index(("n", "Add")) == helped.index(("e/⏎", "Edit")) - 1


async def test_the_boards_help_lists_the_arrows_beside_h_j_k_l(board_store: Store) -> None:
    """The help said `k Up`, `j Down`, ... though the board binds the arrows to them too: the
    detail pane (focused) binds them to its scroll, which hid them. Each pair is one row, as
    the lists' `j/k  Down/up` (it was two: `↑/k Up`, `↓/j Down`), K and J too
    (`K/shift+↑ Move up` and `J/shift+↓ Move down` were two; shift is written `⇧` there, as
    ctrl is `^`, so the row is no wider), each move's keys together. A key the keymap gives
    to another binding is left out, as the footer leaves it: with `"board.up" = "w"` the row
    said `↓/w/j` (the keys taken in turns), as if w moved down between the two keys that do;
    it says `↓/j/w`, and those are the keys that move."""
    from credo.store.userconfig import save_user_config

    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark", "end")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = [" ".join(row.split()) for row in screen_text(app).splitlines()]
        for keys in ("↓/j/↑/k Down/up", "←/h/→/l Left/right", "K/⇧↑/J/⇧↓ Move up/down"):
            assert any(f"│ {keys} " in row for row in shown), keys
        said = {desc for _, desc, _ in app.screen.rows}
        assert said.isdisjoint({"Up", "Down", "Left", "Right", "Move up", "Move down"}), said
    save_user_config(keymap={"board.up": "w"})
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        helped = {desc: keys for keys, desc, _ in app.screen.rows}
        assert helped["Down/up"] == "↓/j/w"
        await pilot.press("escape")
        board = app.screen
        assert isinstance(board, BoardScreen)
        first = board.selected_task()
        for key, moved in (("down", True), ("w", False), ("j", True), ("w", False), ("k", False)):
            await pilot.press(key)
            await settle(pilot)
            assert (board.selected_task() != first) == moved, key


async def test_the_boards_keys_in_help_are_drawn_by_the_linux_console(
    board_store: Store,
) -> None:
    """`?` writes shift as ⇧ (`K/⇧↑/J/⇧↓ Move up/down`), which no Linux console font
    holds (TERM=linux): a blank box beside the arrow, as if the arrow alone moved the task.
    Every key `?` names on the board is drawn there, after the console's swap of marks."""
    from credo.console_glyphs import SHOWN, swapped

    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = {keys for keys, _, _ in app.screen.rows}
        assert "K/⇧↑/J/⇧↓" in keys
        assert {keys: set(swapped(keys)) - SHOWN for keys in keys} == dict.fromkeys(keys, set())


async def test_a_keymap_moves_the_lists_j_and_k(board_store: Store) -> None:
    """The lists' j/k had no id, where every other key of credo has one: a `[keymap]`
    could move any key but these (`"list.down" = "w"` was an unknown id, w did nothing).
    In the checklists view w now moves down the items, and `?` says `w/k`."""
    from credo.store.userconfig import save_user_config
    from credo.ui.keys import described_bindings
    from credo.ui.widgets.lists import ItemList

    save_user_config(keymap={"list.down": "w"})
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("C")
        await settle(pilot)
        items = app.focused
        assert isinstance(items, ItemList) and items.highlighted == 0
        await pilot.press("w")
        await settle(pilot)
        assert items.highlighted == 1
        assert ("w/k", "Down/up") in [row[:2] for row in described_bindings(app.screen)]
        assert not [notice for notice in said(app) if "[keymap]" in notice]


@pytest.mark.parametrize(
    ("view", "box"),
    [("E", "slash"), ("E", "f"), ("r", "slash"), ("C", "n"), ("D", "g")],
)
async def test_with_a_box_open_the_footer_says_esc_closes_it(
    board_app: CredoApp, view: str, box: str
) -> None:
    """In a view's filter, search, note or question box the footer said `esc Board`,
    but esc closes the box (the view stays): it says `esc Close` there."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(view)
        await settle(pilot)
        await pilot.press(box)
        await settle(pilot)
        shown = {hint.key: hint.description for hint in keys_of(board_app.screen)[0]}
        assert shown.get("escape") == "Close"
        screen = board_app.screen
        await pilot.press("escape")
        await settle(pilot)
        assert board_app.screen is screen  # closed the box, stayed in the view
        shown = {hint.key: hint.description for hint in keys_of(board_app.screen)[0]}
        assert shown.get("escape") != "Close"


@pytest.mark.parametrize(
    ("view", "box"), [("", "slash"), ("E", "slash"), ("E", "f"), ("r", "slash")]
)
async def test_in_a_box_the_footer_does_not_offer_the_keys_it_types(
    board_app: CredoApp, view: str, box: str
) -> None:
    """In a filter or search box the footer offered `/ Filter`, but / went into the box
    as text (Textual finds no character for the key it names `slash`)."""
    async with board_app.run_test(size=(200, 40)) as pilot:
        await pilot.press(*view)
        await settle(pilot)
        await pilot.press(box)
        await settle(pilot)
        focused = board_app.screen.focused
        assert isinstance(focused, Input)
        assert "slash" not in {hint.key for hint in keys_of(board_app.screen)[0]}
        assert " / Filter " not in footer_line(board_app)
        await pilot.press("a", "slash", "b")
        await settle(pilot)
        assert board_app.screen.focused is focused and focused.value == "a/b"


async def test_the_boards_filter_box_says_esc_closes_it_too(board_app: CredoApp) -> None:
    """The board's filter box showed no esc at all: its esc was a key handler, not a
    binding. It is a BoxInput as the views' boxes are; esc still clears the filter."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", "x", "y", "z")
        await settle(pilot)
        shown = {hint.key: hint.description for hint in keys_of(board_app.screen)[0]}
        assert shown.get("escape") == "Close"
        await pilot.press("escape")
        await settle(pilot)
        assert board_app.screen.state.filter_words == []  # type: ignore[attr-defined]
        await pilot.press("slash", "x", "y", "z", "enter", "escape")  # kept, then cleared
        await settle(pilot)
        assert board_app.screen.state.filter_words == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("view", ["", "E", "r"])
async def test_esc_in_the_filter_box_clears_the_filter_in_every_view(
    board_app: CredoApp, view: str
) -> None:
    """On the board esc in the filter box cleared the filter (enter keeps it); in the
    experiment log and the runs it closed the box and kept the filter. Every view
    clears it now, and the next esc leaves the view."""
    async with board_app.run_test(size=(200, 40)) as pilot:
        await pilot.press(*view)
        await settle(pilot)
        screen = board_app.screen
        assert isinstance(screen, CredoScreen)
        box = screen.query_one(screen.filter_box, Input)
        await pilot.press("slash", "x", "y", "z")
        await settle(pilot)
        assert box.value == "xyz" and box.has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert board_app.screen is screen and not box.has_focus
        assert box.value == "" and "xyz" not in screen_text(board_app)
        if view:
            await pilot.press("escape")
            await settle(pilot)
            assert board_app.screen is not screen  # left the view


@pytest.mark.parametrize("view", ["", "E", "r"])
async def test_in_the_filter_box_only_the_boxs_keys_apply(board_app: CredoApp, view: str) -> None:
    """Typing a filter on the board, the footer offered `^r Redo`, and ctrl+r redid a change
    unseen behind the box (u, its pair, is typed as a u); shift+↓ moved a task. In a filter
    box the view's keys wait for enter (which keeps the filter) or esc (which clears it)."""
    async with board_app.run_test(size=(200, 40)) as pilot:
        await pilot.press(*view)
        await settle(pilot)
        screen = board_app.screen
        assert isinstance(screen, CredoScreen)
        await pilot.press("slash", "a")
        await settle(pilot)
        assert screen.focused is screen.query_one(screen.filter_box)
        assert [hint.key for hint in keys_of(screen)[0]] == ["escape"]
        ours = [a.binding.id for a in screen.active_bindings.values() if a.node is screen]
        assert [binding_id for binding_id in ours if binding_id] == []  # Textual's tab stays


async def test_ctrl_r_in_the_boards_filter_box_redoes_nothing(
    board_app: CredoApp, board_store: Store
) -> None:
    def order() -> list[str]:
        screen = board_app.screen
        assert isinstance(screen, BoardScreen)
        return [row.task.id for row in screen.state.columns[Quadrant.DO] if row.task]

    def status() -> str:
        return str(tomllib.loads(task_file(board_store, "t001aaaabbbbcccc").read_text())["status"])

    async with board_app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")  # the first task of Do done, then undone
        await until(pilot, lambda: status() == "done")
        await pilot.press("u")
        await until(pilot, lambda: status() == "open")
        before = order()
        await pilot.press("slash", "ctrl+r", "shift+down", "shift+up")
        await settle(pilot)
        assert status() == "open" and order() == before
        await pilot.press("enter", "ctrl+r")  # the filter kept: the board's keys again
        await until(pilot, lambda: status() == "done")


@pytest.mark.parametrize("view", ["", "E", "r"])
async def test_esc_clears_a_kept_filter_before_it_leaves(board_app: CredoApp, view: str) -> None:
    """As on the board, esc clears a filter kept (the box closed) and says so in the
    footer, then leaves the view: the experiment log and the runs kept the filter and
    left at once, and the board's footer said nothing of esc."""
    async with board_app.run_test(size=(200, 40)) as pilot:
        await pilot.press(*view)
        await settle(pilot)
        screen = board_app.screen
        await pilot.press("slash", "x", "y", "z", "enter")
        await settle(pilot)
        shown = {hint.key: hint.description for hint in keys_of(screen)[0]}
        assert shown.get("escape") == "Clear filter"
        await pilot.press("escape")
        await settle(pilot)
        assert board_app.screen is screen
        assert "filter: xyz" not in screen_text(board_app)
        shown = {hint.key: hint.description for hint in keys_of(screen)[0]}
        assert shown.get("escape") != "Clear filter"
        if view:
            await pilot.press("escape")
            await settle(pilot)
            assert board_app.screen is not screen  # left the view


def test_no_key_repeats_itself_in_its_description() -> None:
    """The footer writes the key before its description: `x x: step/time` said x twice."""
    import importlib
    import pkgutil

    import credo.ui

    said_twice = set()
    for module_info in pkgutil.walk_packages(credo.ui.__path__, "credo.ui."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            bindings = getattr(value, "BINDINGS", value if isinstance(value, list) else [])
            for binding in bindings:
                # credo's own keys have an id; Textual's (imported here) are not ours to word
                if not isinstance(binding, Binding) or not binding.id:
                    continue
                # a letter is drawn as typed (`up` is drawn as an arrow, and `↑ Up` reads well)
                letters = [key for key in binding.key.split(",") if len(key) == 1]
                if binding.description.split()[0].rstrip(":") in letters:
                    said_twice.add((module_info.name, binding.key, binding.description))
    assert said_twice == set()


async def test_the_narrow_board_keeps_undo_in_its_footer(store: Store) -> None:
    """`i Detail` (the narrow board's only way to a task's detail) pushed `u Undo` out of
    the footer at 80 columns: drop, the least of the board's keys there, now comes after
    undo, so a person sees how to take a change back at every width."""
    app = CredoApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "i Detail" in footer and "u Undo" in footer, footer


async def test_undo_says_the_same_on_the_board_as_in_the_experiment_log(
    board_store: Store,
) -> None:
    """`u` undoes the last change whichever view made it: the experiment log's help said
    so, the board's (and its palette, and the footer's tooltip) said nothing."""
    app = CredoApp(board_store, today=TODAY)
    said: dict[str, dict[str, str]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        for view in ("", "E"):
            await settle(pilot)
            if view:
                await pilot.press(view)
                await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            said[view] = {desc: more for _, desc, more in app.screen.rows}
            await pilot.press("escape")
    for action in ("Undo", "Redo"):
        assert said[""][action] and said[""][action] == said["E"][action], action


async def test_a_question_over_a_form_shows_its_own_keys(board_app: CredoApp) -> None:
    """A question opened over a form (esc in the edit form, with something typed) left
    the form's keys in the footer (`^s Save`): the question's are shown, and the form's
    again once it is answered."""
    from credo.ui.screens.task_forms import ChoiceScreen, EditTaskScreen

    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert " ^s Save " in footer_line(board_app)
        await pilot.press("x", "escape")
        await settle(pilot)
        assert isinstance(board_app.screen, ChoiceScreen)
        line = footer_line(board_app)
        assert " y Leave anyway " in line and " ^s Save " not in line
        await pilot.press("escape")  # cancels the question: back in the form
        await settle(pilot)
        assert isinstance(board_app.screen, EditTaskScreen)
        line = footer_line(board_app)
        assert " ^s Save " in line and "Leave anyway" not in line
