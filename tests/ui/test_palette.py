"""The command palette on every screen: each entry does what its key does."""

from __future__ import annotations

from typing import Any

import pytest
from textual.actions import parse
from textual.command import CommandList, CommandPalette

from credo.ui.app import CredoApp
from pilots import screen_text, settle

# How each screen is reached from the board, and what it is.
SCREENS = {
    "board": ((), "BoardScreen"),
    "experiments": (("E",), "ExperimentsScreen"),
    "checklists": (("C",), "ChecklistsScreen"),
    "commits": (("H",), "CommitsScreen"),
    "report": (("R",), "ReportScreen"),
    "help": (("question_mark",), "HelpScreen"),
    "add": (("a",), "AddTaskScreen"),
    "edit": (("e",), "EditTaskScreen"),
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_palette_entry_runs_its_keys_action_where_the_key_runs_it(
    board_app: CredoApp, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys, screen_name = SCREENS[name]
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await settle(pilot)
        screen = board_app.screen
        assert type(screen).__name__ == screen_name
        commands = list(board_app.get_system_commands(screen))
        titles = [c.title for c in commands]
        assert len(titles) == len(set(titles)), "a command offered twice"
        by_title = {c.title: c for c in commands}
        ran: list[tuple[Any, str, tuple[object, ...]]] = []

        async def record(namespace: Any, action: str, params: tuple[object, ...]) -> bool:
            ran.append((namespace, action, params))
            return True

        monkeypatch.setattr(board_app, "_dispatch_action", record)
        checked = 0
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.id or not binding.description:
                continue  # Textual's own scroll and focus keys are not offered
            if binding.action == "command_palette":
                continue  # the palette's own key (app.palette): it is open already
            ran.clear()
            result = by_title[binding.description].callback()
            if result is not None:
                await result
            destination, action, params = parse(binding.action)
            node = {"app": board_app, "screen": screen}.get(destination, active.node)
            assert ran == [(node, action, params)], binding.id
            assert callable(getattr(node, f"action_{action}", None)), binding.id
            checked += 1
        assert checked


async def palette_run(pilot: Any, words: str) -> None:
    """Open the palette, type, and run the first command offered (as a person does)."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*words)
    await settle(pilot)
    shown = app.screen.query_one(CommandList)
    first = str(shown.get_option_at_index(0).prompt)
    assert first.startswith(words), first
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize(
    ("words", "opens"),
    [
        ("Report", "ReportScreen"),
        ("Experiments", "ExperimentsScreen"),
        ("Checklists", "ChecklistsScreen"),
        ("Commits", "CommitsScreen"),
        ("Help", "HelpScreen"),
        ("Theme", "CommandPalette"),  # the theme picker is a palette of themes
    ],
)
async def test_app_wide_palette_entries_open_their_view(
    board_app: CredoApp, words: str, opens: str
) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await palette_run(pilot, words)
        assert type(board_app.screen).__name__ == opens
        if opens == "CommandPalette":
            prompts = board_app.screen.query_one(CommandList)
            offered = [str(prompts.get_option_at_index(i).prompt) for i in range(3)]
            assert offered[0] == "credo-contrast", offered  # the themes, not the commands


@pytest.mark.parametrize(
    ("name", "itself"),
    [("experiments", "Experiments"), ("checklists", "Checklists"), ("commits", "Commits")],
)
async def test_the_palette_does_not_offer_a_view_to_itself(
    board_app: CredoApp, name: str, itself: str
) -> None:
    """In the log, the checklists and the commits view, the palette offered that same
    view (`Experiments` in the log), which did nothing there. It is left out there, and
    only there: the other views are offered still."""
    views = {"Experiments", "Checklists", "Commits"}
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*SCREENS[name][0])
        await settle(pilot)
        offered = {c.title for c in board_app.get_system_commands(board_app.screen)}
        assert offered & views == views - {itself}, offered


async def test_today_from_the_palette_shows_today_and_says_its_key(board_app: CredoApp) -> None:
    from credo.ui.screens.board import BoardScreen

    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Today")
        await settle(pilot)
        shown = board_app.screen.query_one(CommandList)
        prompts = [str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]
        assert any("Show only today's tasks [T]" in p for p in prompts)  # [T] is no tag
        await pilot.press("escape")
        await palette_run(pilot, "Today")
        screen = board_app.screen
        assert isinstance(screen, BoardScreen) and screen.state.today_only


async def test_the_boards_help_shows_the_other_views_without_scrolling(
    board_app: CredoApp,
) -> None:
    """At 80x24 the help cannot show every key at once: the views come first."""
    import re

    from credo.ui.screens.help import HelpScreen

    async with board_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(board_app.screen, HelpScreen)
        shown = screen_text(board_app)
        for key, words in (("E", "Experiments"), ("C", "Checklists"), ("R", "Report")):
            assert re.search(rf"│\s+{key}\s+{words}\s", shown), shown


@pytest.mark.parametrize("view", ["board", "experiments", "help"])
async def test_esc_closes_textuals_keys_panel_and_only_it(board_app: CredoApp, view: str) -> None:
    """The palette's Keys opens Textual's panel of keys; esc closes it, as it closes every
    other box, and goes no further (the view stays, a filter is not cleared)."""
    keys, screen_name = SCREENS[view]
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        await palette_run(pilot, "Keys")
        assert type(board_app.screen).__name__ == screen_name
        assert board_app.screen.query("HelpPanel")
        await pilot.press("escape")
        await settle(pilot)
        assert type(board_app.screen).__name__ == screen_name
        assert not board_app.screen.query("HelpPanel")
        await pilot.press("escape")  # with no panel, esc is the view's again
        await settle(pilot)
        assert type(board_app.screen).__name__ == (
            screen_name if view == "board" else "BoardScreen"
        )


VIEWS = {
    "board": ((), "BoardScreen"),
    "experiments": (("E",), "ExperimentsScreen"),
    "checklists": (("C",), "ChecklistsScreen"),
    "commits": (("H",), "CommitsScreen"),
    "data": (("D",), "DataScreen"),
    "report": (("R",), "ReportScreen"),
    "runs": (("r",), "RunsScreen"),
}


@pytest.mark.parametrize("name", list(VIEWS))
async def test_every_key_a_view_declares_reaches_its_help(board_app: CredoApp, name: str) -> None:
    """Each key a view (or its focused list) declares with an id is in its `?` and its
    footer's source, beside what it does, unless the view turns it off there: in the
    checklists view the items list's own enter took the key from the view's Note, which
    the help, the footer and the palette then left out; in the commits view the table's
    own enter took it from `i,enter` Detail, and `?` listed `i Detail` alone. A pair of
    moves is one row, under the pair's words (`↓/j/↑/k  Down/up`)."""
    from textual.binding import Binding

    from credo.ui.keys import described_bindings, key_label

    keys, screen_name = VIEWS[name]
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await settle(pilot)
        screen = board_app.screen
        assert type(screen).__name__ == screen_name
        helped = described_bindings(screen)
        declared = [
            (node, entry if isinstance(entry, Binding) else Binding(*entry))
            for node in (screen, board_app.focused)
            if node is not None
            for cls in type(node).__mro__
            for entry in vars(cls).get("BINDINGS", ())
        ]
        for node, binding in declared:
            destination, action, params = parse(binding.action)
            if destination == "screen":
                node = screen
            if not binding.id or node.check_action(action, params) is False:
                continue  # Textual's own, or off here (a filter to clear, no room...)
            for key in binding.key.split(","):
                label = key_label(board_app, key.strip())
                said = binding.group.description if binding.group else binding.description
                rows = [shown for shown, words, _ in helped if words == said]  # a pair: one row
                assert any(_among(label, shown) for shown in rows), (binding.id, label, rows)


def _among(label: str, keys: str) -> bool:
    """Whether `label` is one of the keys a help row lists (`i/⏎`; `/` is a key too)."""
    return (
        keys == label
        or keys.startswith(f"{label}/")
        or keys.endswith(f"/{label}")
        or f"/{label}/" in keys
    )


@pytest.mark.parametrize("name", list(VIEWS))
async def test_j_and_k_are_in_every_views_help_once(board_app: CredoApp, name: str) -> None:
    """j and k move in every view's lists as a vim user expects, but `?` listed them only
    where they are the view's own keys, with ids (the board, the runs): the lists' j/k
    (experiments, checklists, commits, data, report) had none. Each view's `?` lists
    each once; the footer, none."""
    from credo.ui.keys import described_bindings

    keys, _ = VIEWS[name]
    data = board_app.store.project_root / "data"  # the Data view's list: with no file, none
    data.mkdir(exist_ok=True)
    (data / "train.csv").write_text("text,label\nhello,pos\n")
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await settle(pilot)
        helped = [shown for shown, _, _ in described_bindings(board_app.screen)]
        for key in ("j", "k"):
            assert sum(_among(key, shown) for shown in helped) == 1, (key, helped)
        assert "Down" not in screen_text(board_app).splitlines()[-1]  # the footer


async def test_the_help_of_a_list_says_j_k_plainly(board_app: CredoApp) -> None:
    """In the commits view (a list like the experiments', the checklists', the data
    files') `?` says what j and k do in one line."""
    import re

    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("H", "question_mark")
        await settle(pilot)
        assert type(board_app.screen).__name__ == "HelpScreen"
        assert len(re.findall(r"│\s+j/k\s+Down/up\s", screen_text(board_app))) == 1


async def test_quit_says_what_it_does_in_the_palette_and_the_help(board_app: CredoApp) -> None:
    """Quit was the one entry of the palette with its key alone beside it (`[q]`), and the one
    row of the help with no words (Textual's own, which credo's replaces, said what it
    does): it says so, and that it asks before losing work (a form, a review)."""
    from credo.ui.keys import described_bindings

    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = board_app.screen
        [offered] = [c for c in board_app.get_system_commands(screen) if c.title == "Quit"]
        assert offered.help.startswith("Leave credo"), offered.help
        [helped] = [row for row in described_bindings(screen) if row[1] == "Quit"]
        assert helped[2].startswith("Leave credo"), helped
