"""The checklist view with evidence: verified by a run, failed and acknowledged (A),
stale answers re-confirmed (y), the ladder; and `C` reachable from the board's help and
palette."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from typing import Any

from test_checklists_view_more import highlight, open_view, option_text
from textual.widgets import Static

from credo.actions.checks import record_review
from credo.checklists.gate import evaluate_gate
from credo.domain.models import Evidence, EvidenceSource, GitState, Mark, Run
from credo.gitlink.state import capture
from credo.store import Store
from credo.store.ids import new_id
from credo.ui.app import CredoApp
from credo.ui.markup import from_rich_markup
from pilots import said, settle

from repos import block_on, commit_file

RUN_ITEMS = ["valid-not-augmented", "seed-fixed", "losses-logged", "loss-at-init"]


def state(store: Store) -> GitState:
    return capture(store.project_root).to_git_state()


def from_run(
    store: Store, item: str, passed: bool, summary: str, command: tuple[str, ...] = ("python",)
) -> Evidence:
    record = Evidence(
        id=new_id(),
        pack="training-recipe",
        item=item,
        source=EvidenceSource.RUN,
        command=[*command, "train.py"],
        run="run1run1run1run1",
        git=state(store),
        passed=passed,
        summary=summary,
    )
    store.create(record)
    return record


def detail_text(screen: Any) -> str:
    return from_rich_markup(str(screen.query_one("#checks-detail", Static).content)).plain


async def test_a_failed_check_is_shown_and_acknowledged_with_a(store: Store) -> None:
    failed = from_run(
        store, "loss-at-init", False, "first train loss 4.61 vs 2.3 = ln 10 ±10%", ("nice", "-n 5")
    )
    from_run(store, "overfit-one", True, "train loss 2.3 → 0.001: one example memorised")
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        assert "✗ first train loss 4.61 vs 2.3" in option_text(screen, "loss-at-init")
        assert "✔ verified run run1 · ran python train.py" in option_text(screen, "overfit-one")
        assert "○ not tried" in option_text(screen, "overfit-ten")
        progress = str(screen.query_one("#checks-progress").render())
        # the first rung not reached, as the verdict's next rung says it
        assert "Ladder 1/10 reached · next: start-simple" in progress
        highlight(screen, "loss-at-init")
        await pilot.pause()
        assert "A acknowledges it: runs of nice '-n 5' train.py go on at this code" in (
            detail_text(screen)
        )
        assert "from  nice '-n 5' train.py" in detail_text(screen)  # as a shell runs it
        await pilot.press("A")
        await settle(pilot)
        assert "(acknowledged)" in option_text(screen, "loss-at-init")
        assert "acknowledged by  Ada Tester" in detail_text(screen)
        for key in ("space", "enter"):  # a tick (or a note's) would hide what failed
            await pilot.press(key)
            await pilot.pause()
        assert not screen.draft.marks and "(acknowledged)" in option_text(screen, "loss-at-init")
    saved = tomllib.loads((store.credo_dir / "evidence" / f"{failed.id}.toml").read_text())
    assert saved["acknowledged_by"] == "Ada Tester" and saved["passed"] is False


async def test_a_check_a_run_failed_is_not_ticked_before_it_is_acknowledged(
    store: Store,
) -> None:
    """space on a check a run had just failed ticked it, and ctrl+s opened the gate: the
    tick hid what the run found. Refused, acknowledged or not, with what to do."""
    from_run(store, "loss-at-init", False, "first train loss 4.61 vs 2.3 = ln 10 ±10%")
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        highlight(screen, "loss-at-init")
        await pilot.pause()
        for key in ("space", "enter", "ctrl+s"):
            await pilot.press(key)
            await pilot.pause()
        assert not screen.draft.marks
        told = said(app)
        assert any("A run failed it: a tick would hide what it found" in m for m in told), told
        assert any("A acknowledges it" in m for m in told)
        assert "✗ first train loss 4.61" in option_text(screen, "loss-at-init")
    assert not list((store.credo_dir / "reviews").glob("*.toml"))


async def test_a_data_check_its_record_failed_is_not_ticked(store: Store) -> None:
    """space on a data check whose recorded result had just failed (train and valid share
    texts) ticked it, and the tick hid what the check found: refused as a run's failure
    is, with what to do (fix the data, record it again; n marks n.a.)."""
    config = store.credo_dir / "config.toml"
    config.write_text(config.read_text().replace('"training-recipe"', '"data"'))
    command = "credo data overlap data/train.jsonl data/valid.jsonl --record data/no-leakage"
    store.create(
        Evidence(
            id=new_id(),
            pack="data",
            item="no-leakage",
            source=EvidenceSource.DATA,
            command=command.split(),
            git=state(store),
            passed=False,
            summary="12 of 40 valid texts are in train",
        )
    )
    app = CredoApp(Store.open(store.project_root))
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        assert screen.facts is not None and screen.facts.pack.name == "data"
        highlight(screen, "no-leakage")
        await pilot.pause()
        for key in ("space", "ctrl+s"):
            await pilot.press(key)
            await pilot.pause()
        assert not screen.draft.marks
        told = said(app)
        assert any(
            "Its data check failed it: a tick would hide what it found. Fix the data and record"
            " its check again; n marks n.a." in m
            for m in told
        ), told
    assert not list((store.credo_dir / "reviews").glob("*.toml"))


async def test_a_rungs_detail_says_when_it_holds_a_run(store: Store) -> None:
    """The detail of every ladder item said "does not block runs", while a rung the last
    run failed holds the next one, as any failed run check does, and one the project
    names in `gate_blocking` holds runs until it is answered."""
    block_on(store.project_root, "training-recipe/plain-loop")
    at = state(store)
    store.create(
        Run(id="run1run1run1run1", command=["python", "train.py"], status="succeeded", git_start=at)
    )
    from_run(store, "overfit-one", False, "train loss 2.3 → 1.2: cannot memorise one example")
    gate = evaluate_gate(store, at, None)
    assert {b.item for b in gate.blockers} == {"overfit-one", "plain-loop"}
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        said = {}
        for item in ("overfit-one", "plain-loop", "start-simple", "loss-at-init"):
            highlight(screen, item)
            await pilot.pause()
            said[item] = detail_text(screen).splitlines()[0]
    assert said == {
        "overfit-one": "Be maniacal about your code · scope: once · ladder: never asked "
        "before runs; a rung failed at this code holds the next run of the command that "
        "failed it",
        "plain-loop": "Be maniacal about your code · scope: once · blocking (gate_blocking): "
        "holds runs until answered in the experiment",
        "start-simple": "Be maniacal about your code · scope: once · ladder: never asked "
        "before runs",
        "loss-at-init": "Be maniacal about your code · scope: run",
    }
    commit_file(store.project_root, "model.py", "W = 1\n", "a model")
    moved_on = evaluate_gate(store, state(store), None)
    assert [b.item for b in moved_on.blockers] == ["plain-loop"]  # other code: not failed here


async def test_one_stale_answer_is_re_confirmed_as_it(store: Store) -> None:
    """The checklists view said '1 stale answer: y re-confirms them'."""
    record_review(store, "training-recipe", {RUN_ITEMS[0]: (Mark.CHECKED, "")}, state(store), None)
    commit_file(store.project_root, "model.py", "W = 1\n", "a model")
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        progress = str(screen.query_one("#checks-progress").render())
        assert "1 stale answer: y re-confirms it" in progress


async def test_y_reconfirms_every_stale_answer_as_it_was(store: Store) -> None:
    marks = {i: (Mark.CHECKED, "") for i in RUN_ITEMS[:3]}
    marks["seed-fixed"] = (Mark.CHECKED, "train.py:3")
    record_review(store, "training-recipe", marks, state(store), None)
    commit_file(store.project_root, "model.py", "W = 1\n", "a model")
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        assert "○ stale: model.py changed since" in option_text(screen, "seed-fixed")
        progress = str(screen.query_one("#checks-progress").render())
        assert "3 stale answers: y re-confirms them" in progress
        await pilot.press("y")
        await settle(pilot)
        for item in RUN_ITEMS[:3]:
            assert "✔ by hand" in option_text(screen, item)
        assert "no run has shown it yet" in option_text(screen, "loss-at-init")
    reviews = [tomllib.loads(p.read_text()) for p in (store.credo_dir / "reviews").glob("*.toml")]
    newest = max(reviews, key=lambda r: r["created"])
    assert {e["item"]: e["note"] for e in newest["entries"]} == {
        "valid-not-augmented": "still true",
        "seed-fixed": "train.py:3",
        "losses-logged": "still true",
    }
    assert newest["git"]["sha"] == state(store).sha


async def test_checklists_key_is_in_the_board_help_and_palette(store: Store) -> None:
    from credo.ui.keys import binding_commands, described_bindings

    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        helped = {desc: keys for keys, desc, _ in described_bindings(app.screen)}
        assert helped["Checklists"] == "C"
        assert "Checklists" in {row[0] for row in binding_commands(app.screen)}
        await pilot.press("question_mark")
        await pilot.pause()
        from credo.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        assert ("C", "Checklists") in {(keys, desc) for keys, desc, _ in app.screen.rows}


def failed_run(
    store: Store,
    command: list[str],
    minutes: int,
    *,
    passed: bool = False,
    items: tuple[str, ...] = ("loss-at-init",),
    summary: str = "",
) -> Evidence:
    """A finished ad-hoc run of `command` at the code now, and its failure of loss-at-init
    (or, `passed`, its pass); with `items` and `summary`, of each of those items in those
    words (a check and its rung read off the same curves). The first item's record."""
    started = datetime.now(UTC) - timedelta(minutes=minutes)
    run = Run.model_validate(
        {
            "id": new_id(),
            "command": command,
            "status": "succeeded",
            "started": started,
            "ended": started + timedelta(minutes=1),
            "exit_code": 0,
            "git_start": state(store),
        }
    )
    store.create(run)
    summary = summary or f"first train loss {2.3 if passed else 4.61} vs 2.3 = ln 10 ±10%"
    records = [
        Evidence(
            id=new_id(),
            pack="training-recipe",
            item=item,
            source=EvidenceSource.RUN,
            command=command,
            run=run.id,
            git=state(store),
            passed=passed,
            summary=f"{summary} ({command[1]})",
        )
        for item in items
    ]
    for record in records:
        store.create(record)
    return records[0]


def bad_then_train(store: Store) -> tuple[Evidence, Evidence]:
    """Ad-hoc runs of bad.py, then of train.py, that failed loss-at-init at this code."""
    return (
        failed_run(store, ["python", "bad.py"], minutes=20),
        failed_run(store, ["python", "train.py"], minutes=10),
    )


async def a_on_train_s_failure(pilot: Any) -> None:
    """Open the view on loss-at-init, shown failed by train.py's run (the newest), which
    A offers to acknowledge, and press A."""
    screen = await open_view(pilot)
    highlight(screen, "loss-at-init")
    await pilot.pause()
    assert "A acknowledges it: runs of python train.py go on" in detail_text(screen)
    await pilot.press("A")
    await settle(pilot)


async def test_a_acknowledges_every_command_s_failure_the_item_holds_and_names_them(
    store: Store,
) -> None:
    """Two commands failed loss-at-init at this code: A acknowledged only the newest
    failure, the one shown, and said "runs go on at this code" while the other command's
    runs were still held. It acknowledges what holds runs for the item, whatever command
    failed it, and says which commands' runs go on."""
    bad, train = bad_then_train(store)
    assert set(evaluate_gate(store, state(store), None).to_acknowledge) == {bad.id, train.id}
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await a_on_train_s_failure(pilot)
        assert any(
            "runs of python bad.py, python train.py go on at this code" in m for m in said(app)
        ) or any(
            "runs of python train.py, python bad.py go on at this code" in m for m in said(app)
        )
    for record in (bad, train):
        saved = tomllib.loads((store.credo_dir / "evidence" / f"{record.id}.toml").read_text())
        assert saved["acknowledged_by"] == "Ada Tester"
    assert evaluate_gate(store, state(store), None).passed


async def test_a_check_another_command_passed_shows_and_acknowledges_what_holds_its_command(
    store: Store,
) -> None:
    """bad.py's run failed loss-at-init, then train.py's passed it at the same code: the
    gate held bad.py, but the view showed the check verified by train.py's run and A said
    "Nothing failed here to acknowledge". It shows the failure that holds bad.py, naming
    the command, and A acknowledges it, as `credo gate --ack` does."""
    bad = failed_run(store, ["python", "bad.py"], minutes=20)
    failed_run(store, ["python", "train.py"], minutes=10, passed=True)
    assert evaluate_gate(store, state(store), None).to_acknowledge == [bad.id]
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        shown = option_text(screen, "loss-at-init")
        assert "✗ first train loss 4.61 vs 2.3 = ln 10 ±10% (bad.py)" in shown, shown
        assert "python bad.py" in shown.split("(bad.py)")[1]  # whose runs it holds
        highlight(screen, "loss-at-init")
        await pilot.pause()
        assert "A acknowledges it: runs of python bad.py go on" in detail_text(screen)
        await pilot.press("A")
        await settle(pilot)
        assert any("runs of python bad.py go on at this code" in m for m in said(app)), said(app)
        assert "(acknowledged)" in option_text(screen, "loss-at-init")
    saved = tomllib.loads((store.credo_dir / "evidence" / f"{bad.id}.toml").read_text())
    assert saved["acknowledged_by"] == "Ada Tester"
    assert evaluate_gate(store, state(store), None).passed


async def test_a_rung_read_with_its_check_says_what_its_check_says(store: Store) -> None:
    """bad.py's run failed losses-logged and its rung log-every-step (the same curves), a
    run of train.py passed both, and A read bad.py's failure: the check then said "✗ ...
    (acknowledged)" and, beside it, the rung "✔ verified" by train.py's run, two things of
    the same curves. The rung says what its check says, as the gate words it."""
    both = ("losses-logged", "log-every-step")
    bad = failed_run(
        store, ["python", "bad.py"], 20, items=both, summary="train loss at 40 steps, no valid loss"
    )
    failed_run(
        store, ["python", "train.py"], 10, passed=True, items=both, summary="both losses logged"
    )
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        for item in both:  # held: bad.py's failure, not train.py's pass
            assert "✗ train loss at 40 steps, no valid loss (bad.py)" in option_text(screen, item)
        highlight(screen, "losses-logged")
        await pilot.press("A")
        await settle(pilot)
        assert any("runs of python bad.py go on at this code" in m for m in said(app)), said(app)
        for item in both:
            shown = option_text(screen, item)
            assert "✗ train loss at 40 steps, no valid loss (bad.py) (acknowledged)" in shown, shown
            assert "python bad.py" in shown and "verified" not in shown
        progress = str(screen.query_one("#checks-progress").render())
        assert "Ladder 0/10 reached" in progress  # the rung failed, as before A
    read = [e for e in store.evidence() if e.run == bad.run]
    assert {e.item for e in read} == set(both) and all(e.acknowledged_by for e in read)
    decision = evaluate_gate(store, state(store), None)
    assert decision.passed and "losses-logged failed and was acknowledged" in decision.message


async def test_a_acknowledges_what_the_gate_holds_as_credo_gate_ack_does(store: Store) -> None:
    """bad.py's run failed losses-logged and its rung log-every-step in the same words,
    and the rung was marked n.a.: it holds no run, and `credo gate --ack` (and the walk's
    k) leave its failure alone. A read the evidence again, matched the run's words, and
    acknowledged the rung's failure too. It acknowledges the gate's held failures."""
    both = ("losses-logged", "log-every-step")
    failed_run(
        store, ["python", "bad.py"], 20, items=both, summary="train loss at 40 steps, no valid loss"
    )
    na = {"log-every-step": (Mark.NA, "one batch a step is all this project has")}
    record_review(store, "training-recipe", na, state(store), None)
    held = evaluate_gate(store, state(store), None).to_acknowledge  # as credo gate --ack
    assert [e.item for e in store.evidence() if e.id in held] == ["losses-logged"]
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        highlight(screen, "losses-logged")
        await pilot.press("A")
        await settle(pilot)
        assert any("runs of python bad.py go on at this code" in m for m in said(app)), said(app)
    read = [e.id for e in store.evidence() if e.acknowledged_by]
    assert read == held


async def test_a_on_a_failure_that_holds_no_run_acknowledges_its_rung_with_it(
    store: Store,
) -> None:
    """The gate reads the data pack alone here: bad.py's failure of losses-logged and of its
    rung log-every-step (the same curves, the same words) hold no run. A on the check
    acknowledged the check's failure and left the rung beside it ✗, unread: it looked for
    the same words among the gate's packs only. It acknowledges the rung's with it, as it
    does where they hold runs."""
    config = store.credo_dir / "config.toml"
    config.write_text(config.read_text().replace('"training-recipe"', '"data"'))
    both = ("losses-logged", "log-every-step")
    bad = failed_run(
        store, ["python", "bad.py"], 20, items=both, summary="train loss at 40 steps, no valid loss"
    )
    failed_run(store, ["python", "other.py"], 10, items=("overfit-one",), summary="stuck")
    store = Store.open(store.project_root)
    assert evaluate_gate(store, state(store), None).held == []
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        screen.pick_pack(screen.pack_names.index("training-recipe"))
        await settle(pilot)
        highlight(screen, "losses-logged")
        await pilot.press("A")
        await settle(pilot)
        assert any("runs of python bad.py go on at this code" in m for m in said(app)), said(app)
        for item in both:
            assert "(acknowledged)" in option_text(screen, item), option_text(screen, item)
        assert "(acknowledged)" not in option_text(screen, "overfit-one")
    read = {e.item for e in store.evidence() if e.acknowledged_by}
    assert read == set(both) and bad.item in read


async def test_a_rungs_row_names_the_command_its_run_ran_or_its_packs_own(store: Store) -> None:
    """A rung's row said "✔ verified run ..." with nothing of what that run ran (what to run
    again), and a rung not tried named nothing to run, whatever its pack said. The row
    names the run's command, cut to the list's width, or else the pack's own command. Cut,
    its last words stay whole (they were cut in the middle, hiding what differs)."""
    long = ["python", "train.py", "--rung", "overfit-one", *(f"--opt{n}" for n in range(40))]
    failed_run(store, long, 10, passed=True, items=("overfit-one",), summary="memorised")
    mine = store.credo_dir / "checklists" / "mine.toml"
    mine.parent.mkdir(exist_ok=True)
    mine.write_text(
        'name = "mine"\ntitle = "Mine"\n[[items]]\nid = "profile"\nprinciple = "Speed"\n'
        'text = "Profile a step"\ngate = false\ncommand = "python -m cProfile train.py"\n'
    )
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_view(pilot)
        shown = option_text(screen, "overfit-one")
        assert "✔ verified run" in shown and "· ran … --opt" in shown, shown
        assert shown.endswith(" --opt38 --opt39") and "train.py" not in shown, shown
        assert "· ran" not in option_text(screen, "start-simple")  # no run: nothing ran
        screen.pick_pack(screen.pack_names.index("mine"))
        await settle(pilot)
        assert "○ not tried · run python -m cProfile train.py" in option_text(screen, "profile")


async def test_a_acknowledges_what_the_view_shows_for_the_paused_experiment(
    store: Store,
) -> None:
    """With an experiment paused, the view reads its checks (the running one's, else the
    paused one's) but A read the gate of an ad-hoc run: where the paused experiment has no
    run yet (its first is never held) and bad.py then train.py failed loss-at-init before
    it, the view showed train.py's failure and "A acknowledges it: runs of python
    train.py go on", and A acknowledged bad.py's too, which the view never showed. A
    reads the gate of the experiment the view reads."""
    from credo.actions.experiments import pause_experiment, start_experiment

    bad, train = bad_then_train(store)
    start_experiment(store, "Warmup fixes the loss at init")
    pause_experiment(store)
    app = CredoApp(store)
    async with app.run_test(size=(130, 40)) as pilot:
        await a_on_train_s_failure(pilot)
        assert any("runs of python train.py go on at this code" in m for m in said(app)), said(app)
        assert not any("bad.py" in m for m in said(app)), said(app)

    def acknowledged(record: Evidence) -> object:
        path = store.credo_dir / "evidence" / f"{record.id}.toml"
        return tomllib.loads(path.read_text()).get("acknowledged_by")

    assert acknowledged(train) == "Ada Tester" and not acknowledged(bad)
