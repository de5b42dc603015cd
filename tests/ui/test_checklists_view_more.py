"""The checklist view: saving at the code as it is, coming back after a shell review, bad files."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.widgets import OptionList

from credo.actions.checks import record_review
from credo.domain.models import Mark
from credo.gitlink.state import capture
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.checklists import ChecklistsScreen
from credo.ui.screens.task_forms import ChoiceScreen
from pilots import said, screen_text, settle

from repos import git


async def open_view(pilot: Any) -> ChecklistsScreen:
    await pilot.press("C")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistsScreen)
    return screen


def highlight(screen: ChecklistsScreen, item_id: str) -> None:
    assert screen.facts is not None
    ids = [i.id for i in screen.facts.pack.items]
    screen.query_one("#checks-items", OptionList).highlighted = ids.index(item_id)


def option_text(screen: ChecklistsScreen, item_id: str) -> str:
    items = screen.query_one("#checks-items", OptionList)
    return str(items.get_option(item_id).prompt)


def test_every_binding_has_an_id_a_description_and_a_tooltip() -> None:
    for binding in ChecklistsScreen.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.id and binding.id.startswith("checks.")
        assert binding.description and binding.tooltip, binding


async def test_save_records_the_code_as_it_is_when_saving(store: Store) -> None:
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        (store.project_root / "train.py").write_text("seed = 3\n")  # edited after opening
        highlight(screen, "seed-fixed")
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.draft.marks == {}
        assert "✔ by hand" in option_text(screen, "seed-fixed")
    [path] = (store.credo_dir / "reviews").glob("*.toml")
    git = tomllib.loads(path.read_text())["git"]
    now = capture(store.project_root).to_git_state()
    assert git["dirty"] is True and git["diff_hash"] == now.diff_hash


async def test_save_with_nothing_marked_writes_nothing(store: Store) -> None:
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_view(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert not list((store.credo_dir / "reviews").glob("*.toml"))


async def test_coming_back_shows_a_review_made_from_the_shell(store: Store) -> None:
    """With no review yet, the past reviews said nothing at all: now they say so."""
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        assert "no run has shown it yet" in option_text(screen, "loss-at-init")
        [none] = screen.query_one("#checks-history", OptionList).options
        assert str(none.prompt) == "No reviews yet: ctrl+s saves one" and none.disabled
        await pilot.press("o")  # nothing to open
        await pilot.pause()
        assert screen.showing is None
        await pilot.press("escape")
        await pilot.pause()
        state = capture(store.project_root).to_git_state()
        record_review(store, "training-recipe", {"loss-at-init": (Mark.CHECKED, "")}, state, None)
        assert await open_view(pilot) is screen
        await settle(pilot)
        assert "✔ by hand" in option_text(screen, "loss-at-init")
        [review] = screen.query_one("#checks-history", OptionList).options
        assert "1/1 checked" in str(review.prompt)


async def test_a_past_review_says_what_its_count_counts(store: Store) -> None:
    """A past review read `2/3`, unlabelled: ticked of answered, or passed? (It counted
    the n.a. with the checked.) It now says it as the report does: checked of the items
    it answered, and the n.a. apart."""
    state = capture(store.project_root).to_git_state()
    marks = {
        "loss-at-init": (Mark.CHECKED, ""),
        "seed-fixed": (Mark.NA, "no randomness"),
        "start-simple": (Mark.NOT_YET, ""),
    }
    record_review(store, "training-recipe", marks, state, None)
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        [review] = screen.query_one("#checks-history", OptionList).options
        assert str(review.prompt).splitlines()[1].strip() == "1/3 checked, 1 n.a."
        assert "1/3 checked, 1 n.a." in screen_text(app)


async def test_a_pack_broken_while_the_view_is_open_is_reported(store: Store) -> None:
    path = store.credo_dir / "checklists" / "eval.toml"
    path.write_text(
        'name = "eval"\ntitle = "E"\n[[items]]\nid = "a"\nprinciple = "p"\ntext = "t"\n'
    )
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        assert screen.pack_names == ["training-recipe", "data", "eval", "principles"]
        path.write_text("name = [broken\n")
        await pilot.press("tab", "tab")
        await settle(pilot)
        assert screen.pack_name == "eval"
        title = str(screen.query_one("#checks-title").render())
        assert "cannot show this pack" in title and ".credo/checklists/eval.toml" in title
        await pilot.press("tab")  # the view still works
        await settle(pilot)
        assert screen.facts is not None and screen.facts.pack.name == "principles"
    assert path.read_text() == "name = [broken\n"


async def test_a_review_file_it_cannot_read_is_named(store: Store) -> None:
    """A broken review file was left out in silence: its ticks showed as never made."""
    state = capture(store.project_root).to_git_state()
    review, _ = record_review(
        store, "training-recipe", {"loss-at-init": (Mark.CHECKED, "")}, state, None
    )
    path = store.credo_dir / "reviews" / f"{review.id}.toml"
    path.write_text(path.read_text().replace('pack = "training-recipe"', "pack = 3"))
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        assert "✔ by hand" not in option_text(screen, "loss-at-init")
        assert f".credo/reviews/{path.name}: field 'pack' (line 4)" in "\n".join(said(app))


async def test_a_broken_pack_or_review_is_said_once(store: Store) -> None:
    """Each refresh (tab to the next pack, coming back to the view) said the same broken
    files again, one toast per file each time."""
    state = capture(store.project_root).to_git_state()
    review, _ = record_review(
        store, "training-recipe", {"loss-at-init": (Mark.CHECKED, "")}, state, None
    )
    broken_review = store.credo_dir / "reviews" / f"{review.id}.toml"
    text = broken_review.read_text()
    broken_review.write_text(text.replace('pack = "training-recipe"', "pack = 3"))
    (store.credo_dir / "checklists" / "eval.toml").write_text("name = [broken\n")
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_view(pilot)
        for _ in range(3):
            await pilot.press("tab")
            await settle(pilot)
        notices = "\n".join(said(app))
        assert notices.count(f".credo/reviews/{broken_review.name}") == 1
        assert notices.count(".credo/checklists/eval.toml") == 1


@pytest.mark.parametrize("in_git", [True, False])
async def test_a_past_review_made_at_no_commit_says_so(tmp_path: Path, in_git: bool) -> None:
    """A review saved before the first commit (or outside git) opened as `at no commit ·
    not on this branch`: there was no commit to be on a branch or not."""
    if in_git:
        git(tmp_path, "init", "-q")
    store, _ = Store.init(tmp_path)
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        highlight(screen, "seed-fixed")
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert screen.showing is not None and screen.showing.git.sha is None
        title = str(screen.query_one("#checks-title").render())
        where = "before the first commit" if in_git else "outside git"
        assert f"made {where} (read-only, esc returns)" in title, title
        assert "branch" not in title


async def test_a_click_on_a_packs_name_reviews_that_pack(store: Store) -> None:
    """The pack names are drawn as tabs, the current one reversed, yet a click on one did
    nothing: it picks that pack, as tab does (an unsaved review stays, and it says so)."""
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        packs = screen.query_one("#checks-packs").region  # the names found as shown
        names = screen_text(app).splitlines()[packs.y][packs.x : packs.right]

        async def click(name: str) -> None:
            await pilot.click(offset=(packs.x + names.index(f" {name} ") + 2, packs.y))
            await settle(pilot)

        await click("principles")
        assert screen.pack_name == "principles"
        assert screen.facts is not None and screen.facts.pack.name == "principles"
        await click("training-recipe")
        assert screen.pack_name == "training-recipe"
        highlight(screen, "seed-fixed")
        await pilot.press("space")
        await click("data")  # the answer given is not dropped by a stray click: asked
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.pack_name == "training-recipe" and screen.draft.marks


async def test_tab_with_answers_unsaved_asks_before_it_drops_them(store: Store) -> None:
    """tab with an answer not saved said `Save (ctrl+s) or drop the review in progress
    first`, and no key drops one: a newcomer who ticked by mistake was held in the pack.
    tab now asks, as quit does: esc keeps the answers, y reviews the next pack and drops
    them, saving nothing."""
    app = CredoApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(pilot)
        first = screen.pack_name
        highlight(screen, "seed-fixed")
        await pilot.press("space", "tab")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert "lose 1 unsaved answer in the review of" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.pack_name == first and screen.draft.marks
        await pilot.press("tab", "y")
        await settle(pilot)
        assert screen.pack_name != first and not screen.draft.marks
        assert not list((store.credo_dir / "reviews").glob("*.toml"))


async def test_keys_with_nothing_to_act_on_say_so_alike(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+s with nothing ticked said why in a warning, y with no stale answer and A with
    nothing failed in a plain note: three keys that could not act, in two styles. Each
    says why as a warning, a sentence that starts with a capital."""
    from textual.app import App

    shown: list[tuple[str, str]] = []
    notify = App.notify

    def kept(self: App[object], message: str, **kwargs: Any) -> None:
        shown.append((message, kwargs.get("severity", "information")))
        notify(self, message, **kwargs)

    monkeypatch.setattr(App, "notify", kept)
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_view(pilot)
        for key in ("ctrl+s", "y", "A"):
            await pilot.press(key)
            await settle(pilot)
    assert [message.split(":")[0].split()[0] for message, _ in shown] == [
        "Nothing",
        "No",
        "Nothing",
    ]
    assert {severity for _, severity in shown} == {"warning"}, shown


def timeboxed(store: Store, started: datetime, status: str) -> str:
    """An experiment whose 25m timebox started at `started`, `running` or `paused`: its id."""
    from credo.domain.models import Experiment, ExperimentStatus
    from credo.store.ids import new_id

    exp_id = new_id()
    store.create(
        Experiment(
            id=exp_id,
            hypothesis="h",
            timebox="25m",
            status=ExperimentStatus(status),
            started=started,
        )
    )
    return exp_id


async def test_the_timebox_offer_left_open_past_midnight_says_its_day(store: Store) -> None:
    """The view said `the timebox started 23:50` by the wall's day, not the app's, and
    said it so all night: read once as the view opened, at 00:05 it was the day before's
    23:50 with no day said. It is said by the app's clock, with its day past midnight."""
    timeboxed(store, datetime(2026, 11, 24, 23, 50, tzinfo=UTC), "running")
    moment = [datetime(2026, 11, 24, 23, 58, tzinfo=UTC)]
    app = CredoApp(store, refresh_seconds=3600)
    app.clock = lambda: moment[0]
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        screen.pick_pack(screen.pack_names.index("principles"))
        await settle(pilot)
        row = option_text(screen, "just-timeboxed")
        assert "offered: the timebox started 23:50" in row, row
        moment[0] = datetime(2026, 11, 25, 0, 5, tzinfo=UTC)
        screen.poll()
        await settle(pilot)
        row = option_text(screen, "just-timeboxed")
        assert "offered: the timebox started 2026-11-24 23:50" in row, row


@pytest.mark.parametrize("status", ["running", "paused"])
async def test_the_timebox_item_is_offered_and_space_unticks_it(store: Store, status: str) -> None:
    """The principles pack's timebox item said "never ticked" though the experiment's
    timebox was running (or had run, then paused: the view read no experiment then). Now
    its row says it is offered, with when the timebox started, and space (the first
    press) marks it not yet, saved as the person's answer for that experiment."""
    started = datetime.now(UTC).replace(second=0, microsecond=0)
    exp_id = timeboxed(store, started, status)
    app = CredoApp(store)
    app.clock = lambda: started  # the day the offer is said in: not the next at midnight
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        screen.pick_pack(screen.pack_names.index("principles"))
        await settle(pilot)
        when = started.astimezone().strftime("%H:%M")
        row = option_text(screen, "just-timeboxed")
        assert f"✔ offered: the timebox started {when}" in row, row
        highlight(screen, "just-timeboxed")
        await pilot.pause()
        assert "space: not yet" in screen_text(app)
        await pilot.press("space")
        assert screen.draft.marks["just-timeboxed"] == (Mark.NOT_YET, "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "marked not yet" in option_text(screen, "just-timeboxed")
    [review] = [tomllib.loads(p.read_text()) for p in (store.credo_dir / "reviews").glob("*")]
    assert [(e["item"], e["mark"]) for e in review["entries"]] == [("just-timeboxed", "not_yet")]
    assert review["experiment"] == exp_id
