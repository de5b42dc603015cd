"""The checklist view: review with keys, files written, past reviews read-only, snapshot."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, OptionList

from credo.domain.models import GitState, Mark, Review, ReviewEntry
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.checklists import ChecklistsScreen
from pilots import said, screen_text, workers_done

from repos import commit_file, git


async def open_view(pilot: Any) -> ChecklistsScreen:
    await pilot.press("C")
    await workers_done(pilot.app)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistsScreen)
    return screen


def review_at_head(store: Store) -> None:
    """A past review of the training recipe at the commit checked out."""
    head = git(store.project_root, "rev-parse", "HEAD")
    store.create(
        Review(
            id="rev0rev0rev0rev0",
            pack="training-recipe",
            git=GitState(sha=head, branch="main"),
            entries=[ReviewEntry(item="start-simple", mark=Mark.CHECKED, note="tiny model")],
        )
    )


async def open_past_review(pilot: Any, store: Store) -> ChecklistsScreen:
    """The view showing that past review."""
    review_at_head(store)
    screen = await open_view(pilot)
    await pilot.press("o")
    await workers_done(pilot.app)
    await pilot.pause()
    assert screen.showing is not None
    return screen


def reviews_on_disk(store: Store) -> list[dict[str, Any]]:
    return [tomllib.loads(p.read_text()) for p in (store.credo_dir / "reviews").glob("*.toml")]


def item_index(screen: ChecklistsScreen, item_id: str) -> int:
    assert screen.facts is not None
    return [i.id for i in screen.facts.pack.items].index(item_id)


async def test_review_with_keys_is_saved_at_the_commit(store: Store) -> None:
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        items = screen.query_one("#checks-items", OptionList)
        items.highlighted = item_index(screen, "seed-fixed")
        await pilot.press("space")
        await pilot.press("enter")
        note = screen.query_one("#checks-note", Input)
        assert note.has_class("-open")
        note.value = "train.py:12"
        await pilot.press("enter")
        items.highlighted = item_index(screen, "loss-at-init")
        await pilot.press("n")
        await pilot.press("enter")  # empty reason: refused
        assert "loss-at-init" not in screen.draft.marks
        await pilot.press("n")
        screen.query_one("#checks-note", Input).value = "regression"
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await workers_done(app)
        await pilot.pause()
    [review] = reviews_on_disk(store)
    marks = {e["item"]: (e["mark"], e.get("note", "")) for e in review["entries"]}
    assert marks == {"seed-fixed": ("checked", "train.py:12"), "loss-at-init": ("na", "regression")}
    assert review["git"]["sha"] == git(store.project_root, "rev-parse", "HEAD")


async def test_ctrl_s_in_an_open_box_saves_what_it_holds(store: Store) -> None:
    """ctrl+s with the evidence (or n.a.) box still open saved the review without what
    was typed in it: the footer offers ctrl+s there, and the review on disk lacked the
    note, which then waited in the box for a review of its own. The box's text now goes
    in first, as enter puts it; an n.a. with no reason is refused, and nothing saved."""
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        items = screen.query_one("#checks-items", OptionList)
        items.highlighted = item_index(screen, "seed-fixed")
        await pilot.press("space", "enter", *"train.py:12", "ctrl+s")
        await workers_done(app)
        await pilot.pause()
        items.highlighted = item_index(screen, "loss-at-init")
        await pilot.press("n", "ctrl+s")  # no reason: refused, as enter refuses it
        await workers_done(app)
        await pilot.pause()
        assert any("n.a. needs a reason" in m for m in said(app))
        await pilot.press("n", *"regression", "ctrl+s")
        await workers_done(app)
        await pilot.pause()
        assert not screen.query_one("#checks-note", Input).has_class("-open")
    saved = sorted(
        (e["item"], e["mark"], e["note"]) for r in reviews_on_disk(store) for e in r["entries"]
    )
    assert saved == [("loss-at-init", "na", "regression"), ("seed-fixed", "checked", "train.py:12")]
    assert len(reviews_on_disk(store)) == 2


async def test_the_boxes_ask_in_words_that_fit_at_80_columns(store: Store) -> None:
    """At 80 columns the n.a. box read "why is it not applicable? (enter": its last
    words, what saves it, were cut off. Each box's question now fits whole."""
    app = CredoApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(pilot)
        items = screen.query_one("#checks-items", OptionList)
        for key in ("n", "enter"):  # n.a. asks why; enter asks for evidence
            items.highlighted = item_index(screen, "loss-at-init")
            await pilot.press(key)
            await pilot.pause()
            note = screen.query_one("#checks-note", Input)
            assert note.has_class("-open")
            assert note.placeholder in screen_text(app), note.placeholder
            await pilot.press("escape")


async def test_progress_and_old_review_with_commits_since(store: Store) -> None:
    repo = store.project_root
    review_at_head(store)
    commit_file(repo, "a.py", "a\n", "one")
    commit_file(repo, "b.py", "b\n", "two")
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        progress = str(screen.query_one("#checks-progress").render())
        assert "1/14 Be maniacal about your code" in progress
        await pilot.press("o")
        await workers_done(app)
        await pilot.pause()
        title = str(screen.query_one("#checks-title").render())
        assert "2 commits since" in title and "read-only" in title
        await pilot.press("space")
        assert screen.draft.marks == {}  # read-only
        await pilot.press("escape")
        assert screen.showing is None
        await pilot.press("tab")
        await workers_done(app)
        await pilot.pause()
        assert screen.pack_name == "data"


ANSWERING_KEYS = {"space", "n", "enter", "ctrl+s", "y", "A"}
"""Tick, N.a., Note, Save review, Still true and Acknowledge."""


async def test_a_past_review_offers_no_key_that_answers(store: Store) -> None:
    """A past review is read-only, but its footer (and `?`, and the palette) still offered
    Tick, N.a., Save review, Still true: pressing them only said so. They are off there,
    back at the review at this code."""
    from credo.ui.keys import binding_commands
    from credo.ui.widgets.footer import keys_of

    def offered(screen: ChecklistsScreen) -> set[str]:
        shown = {hint.key for hint in keys_of(screen)[0]} & ANSWERING_KEYS
        titles = {title for title, *_ in binding_commands(screen)}
        assert bool(shown) == bool(titles & {"Tick", "N.a.", "Note", "Save review"}), titles
        return shown

    app = CredoApp(store)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_view(pilot)
        assert offered(screen) == ANSWERING_KEYS
        await pilot.press("escape")
        await workers_done(app)
        screen = await open_past_review(pilot, store)
        assert offered(screen) == set()
        for key in sorted(ANSWERING_KEYS):
            await pilot.press(key)
            await workers_done(app)
            await pilot.pause()
        assert screen.draft.marks == {} and screen.showing is not None
        assert not screen.query_one("#checks-note", Input).has_class("-open")
        await pilot.press("escape")
        await pilot.pause()
        assert screen.showing is None and offered(screen) == ANSWERING_KEYS
    assert [review["id"] for review in reviews_on_disk(store)] == ["rev0rev0rev0rev0"]


async def test_a_double_click_on_an_item_of_a_past_review_says_it_is_read_only(
    store: Store,
) -> None:
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_past_review(pilot, store)
        await pilot.click("#checks-items", offset=(5, 1), times=2)
        await pilot.pause()
        assert any("A past review is read-only" in words for words in said(app))
        assert not screen.query_one("#checks-note", Input).has_class("-open")


@pytest.fixture
def plain_store(tmp_path: Path) -> Store:
    """Outside git (a stable header) with one review at a fixed time."""
    store, _ = Store.init(tmp_path)
    when = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    store.create(
        Review(
            id="rev1rev1rev1rev1",
            pack="training-recipe",
            created=when,
            updated=when,
            entries=[
                ReviewEntry(item="start-simple", mark=Mark.CHECKED),
                ReviewEntry(item="plain-loop", mark=Mark.CHECKED),
                ReviewEntry(item="overfit-one", mark=Mark.NOT_YET),
            ],
        )
    )
    return store


async def tick_the_fourth_row(pilot: Any) -> None:
    await open_view(pilot)
    await pilot.press("down", "down", "down", "space")


def test_checklists_view_snapshot(snap_compare: Any, plain_store: Store) -> None:
    app = CredoApp(plain_store)
    assert snap_compare(app, terminal_size=(130, 40), run_before=tick_the_fourth_row)


def test_checklists_view_wide_snapshot(snap_compare: Any, plain_store: Store) -> None:
    """At 200 columns the left pane grows: its rows (`2/14 Be maniacal about your code`)
    wrapped in its 46 columns. Up to 153 columns it keeps them (the snapshot above)."""
    app = CredoApp(plain_store)
    assert snap_compare(app, terminal_size=(200, 50), run_before=tick_the_fourth_row)


def test_checklists_view_narrow_snapshot(snap_compare: Any, plain_store: Store) -> None:
    """Under 80 columns the items take the whole width (they had none at 40x12)."""

    async def run_before(pilot: Any) -> None:
        await open_view(pilot)
        await pilot.press("down", "pagedown", "pageup")  # paging a list of no size: KeyError

    app = CredoApp(plain_store)
    assert snap_compare(app, terminal_size=(40, 12), run_before=run_before)


@pytest.mark.parametrize("width", [100, 125, 140, 80, 90])
async def test_the_packs_names_fit_on_one_line(plain_store: Store, width: int) -> None:
    """At 120 to 130 columns the third pack's name went under `Packs (tab)`, not drawn as
    a tab: the names are on one line, whole, beside `Packs` from 100 columns (`(tab)`
    gives way, the footer saying tab); narrower they were cut alike (`training…  data
    principl…`), and have a line of their own under `Packs (tab)` now, whole. A click on
    one still picks it."""
    app = CredoApp(plain_store)
    async with app.run_test(size=(width, 40)) as pilot:
        screen = await open_view(pilot)
        packs = screen.query_one("#checks-packs").region
        lines = [r[packs.x : packs.right] for r in screen_text(app).splitlines()]
        at = packs.y + (width < 100)  # the names' line
        names, gate = lines[at : at + 2]
        assert all(f" {name} " in names for name in ("training-recipe", "data", "principles"))
        if width < 100:
            assert lines[packs.y].strip() == "Packs (tab)"
        assert gate.startswith("the gate reads: ")
        await pilot.click(offset=(packs.x + names.rindex("princip") + 1, at))
        await workers_done(app)
        assert screen.pack_name == "principles"


def test_checklists_view_125_columns_snapshot(snap_compare: Any, plain_store: Store) -> None:
    """At 125 columns the packs' names fit on their line (the third wrapped)."""
    app = CredoApp(plain_store)
    assert snap_compare(app, terminal_size=(125, 40), run_before=tick_the_fourth_row)


async def test_quitting_with_an_unsaved_review_asks_first(store: Store) -> None:
    """Ticks not yet saved live only in the view: `q` (from any view) asks before it
    throws them away, and esc there keeps them."""
    from credo.ui.screens.task_forms import ChoiceScreen

    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        screen.query_one("#checks-items", OptionList).highlighted = item_index(screen, "seed-fixed")
        await pilot.press("space", "escape")  # a tick, then back to the board
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "1 unsaved answer" in str(app.screen.query_one("Label").render())
        await pilot.press("enter")  # by habit: it keeps the answers
        await pilot.pause()
        assert app.is_running and "seed-fixed" in screen.draft.marks
        await pilot.press("q", "escape")
        await pilot.pause()
        assert app.is_running and "seed-fixed" in screen.draft.marks
        await pilot.press("C", "ctrl+s")
        await workers_done(app)
        await pilot.pause()
        await pilot.press("q")  # saved: nothing to lose, no question
        await pilot.pause()
        assert not app.is_running
    assert len(reviews_on_disk(store)) == 1


async def test_quitting_anyway_drops_the_unsaved_review(store: Store) -> None:
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_view(pilot)
        await pilot.press("space", "q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert reviews_on_disk(store) == []


async def test_in_a_past_review_the_footer_says_what_esc_does(store: Store) -> None:
    """In a past review the footer said `esc Board`, but esc leaves the past review for
    the review at this code (the view stays)."""
    from credo.ui.widgets.footer import keys_of

    app = CredoApp(store)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_past_review(pilot, store)
        shown = {hint.key: hint.description for hint in keys_of(screen)[0]}
        assert shown.get("escape") == "Back to review"
        # the footer may have no room for it: the title says it too, with the commits since
        assert "0 commits since (read-only, esc returns)" in str(
            screen.query_one("#checks-title").render()
        )
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.showing is None
        shown = {hint.key: hint.description for hint in keys_of(screen)[0]}
        assert shown.get("escape") == "Board"


async def test_at_80_columns_the_checklist_has_room(plain_store: Store) -> None:
    """At 80 columns the left pane kept its 46 columns and the checklist had 32: it
    takes what its rows need (a past review's line whole), the checklist the rest."""
    app = CredoApp(plain_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(pilot)
        assert screen.query_one("#checks-items").size.width >= 35
        [review] = screen.query_one("#checks-history", OptionList).options
        shown = screen_text(app)
        assert all(line in shown for line in str(review.prompt).splitlines())


@pytest.mark.parametrize("width", [80, 100])
async def test_an_items_why_and_how_go_on_under_their_text(plain_store: Store, width: int) -> None:
    """At 80 and 100 columns an item's `why` and `how` went on at the pane's first
    column, under their label: each goes on under its text, as the log's facts do."""
    app = CredoApp(plain_store)
    async with app.run_test(size=(width, 40)) as pilot:
        screen = await open_view(pilot)
        items = screen.query_one("#checks-items", OptionList)
        items.highlighted = item_index(screen, "seed-fixed")
        await pilot.pause()
        rows = screen_text(app).splitlines()
    for label, text in [("why  ", "Without the seed"), ("how  ", "Set it for every")]:
        [first] = [n for n, row in enumerate(rows) if f"{label}{text}" in row]
        start, at = rows[first].index(label), rows[first].index(text)
        more = rows[first + 1]
        assert more[start:at].strip() == "" != more[at], more  # right under the text


def test_checklists_view_80x24_snapshot(snap_compare: Any, plain_store: Store) -> None:
    """The packs' names under `Packs (tab)`, whole (beside it, they were cut alike)."""
    app = CredoApp(plain_store)
    assert snap_compare(app, terminal_size=(80, 24), run_before=tick_the_fourth_row)


def test_checklists_view_90_columns_snapshot(snap_compare: Any, plain_store: Store) -> None:
    """From 80 to 99 columns the left pane keeps a past review's width: the names go
    under `Packs (tab)`, as at 80."""
    app = CredoApp(plain_store)
    assert snap_compare(app, terminal_size=(90, 30), run_before=tick_the_fourth_row)


async def test_tab_in_an_open_note_keeps_the_pack_the_note_is_for(store: Store) -> None:
    """tab in the n.a. box moved on to the next pack with the box still open: enter then
    put the reason of a training-recipe item in the data pack's review, which could be
    neither saved ('data has no item') nor left for another pack."""
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        assert screen.pack_name == "training-recipe"
        screen.query_one("#checks-items", OptionList).highlighted = item_index(
            screen, "loss-at-init"
        )
        await pilot.press("n", *"regression", "tab")
        await workers_done(app)
        await pilot.pause()
        assert screen.pack_name == "training-recipe"
        assert any("Save the note (enter) or close it (esc) first" in m for m in said(app))
        await pilot.press("enter", "ctrl+s")
        await workers_done(app)
        await pilot.pause()
    [review] = reviews_on_disk(store)
    assert review["pack"] == "training-recipe"
    assert [(e["item"], e["mark"], e["note"]) for e in review["entries"]] == [
        ("loss-at-init", "na", "regression")
    ]


async def test_keys_typed_fast_after_the_answer_do_not_crash_the_question(store: Store) -> None:
    """`q` with an unsaved tick asks first; a command typed on, as if at the shell
    (`python train.py`: two y), answered it twice, and the second answer had no
    question left to close: a traceback (ScreenStackError) instead of quitting."""
    app = CredoApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_view(pilot)
        await pilot.press("space", "q")
        await pilot.pause()
        for key in "python train.py":  # as a terminal sends them, before the first is read
            app.post_message(events.Key("space" if key == " " else key, key))
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0 and reviews_on_disk(store) == []


async def test_a_click_on_an_item_selects_it_and_a_double_click_asks_for_its_evidence(
    plain_store: Store,
) -> None:
    """A single click on an item, to read why it is asked, opened the evidence box as enter
    does (the focus in it, the item's keys gone): a click selects, a double click asks.
    So in the past reviews: a click selects one, a double click opens it as `o` does."""
    app = CredoApp(plain_store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        items = screen.query_one("#checks-items", OptionList)
        note = screen.query_one("#checks-note", Input)
        row = item_index(screen, "plain-loop")
        assert row == 1  # the second line, under the list's top border
        await pilot.click(items, offset=(5, 2))
        await workers_done(app)
        await pilot.pause()
        assert items.highlighted == row and items.has_focus
        assert not note.has_class("-open")
        assert "the loop is forward, loss, backward, step" in screen_text(app)  # its detail
        await pilot.click(items, offset=(5, 2), times=2)
        await pilot.pause()
        assert note.has_class("-open") and note.has_focus
        assert screen.note_for == "note:plain-loop"

        await pilot.press("escape")
        history = screen.query_one("#checks-history", OptionList)
        await pilot.click(history, offset=(5, 1))
        await workers_done(app)
        await pilot.pause()
        assert history.has_focus and screen.showing is None
        await pilot.click(history, offset=(5, 1), times=2)
        await workers_done(app)
        await pilot.pause()
        assert screen.showing is not None and screen.showing.id == "rev1rev1rev1rev1"


async def test_the_note_key_is_in_the_footer_the_help_and_the_palette(store: Store) -> None:
    """enter adds a note to the selected item, but neither the footer, `?` nor the palette
    named it: the items list's own enter (select) took the key from the view's binding."""
    from test_footer import footer_line

    from credo.ui.keys import binding_commands
    from credo.ui.screens.help import HelpScreen

    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        assert " ⏎ Note " in footer_line(app)
        assert "Note" in {row[0] for row in binding_commands(screen)}
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert ("⏎", "Note") in {(keys, desc) for keys, desc, _ in app.screen.rows}
        await pilot.press("escape", "enter")  # and the key does what the help says
        await pilot.pause()
        assert screen.query_one("#checks-note", Input).has_class("-open")
