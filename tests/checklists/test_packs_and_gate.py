"""Packs (built-in, project override, broken) and gate decisions on real repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from credo.actions.checks import record_review
from credo.checklists.gate import evaluate_gate, evaluate_pack
from credo.checklists.packs import get_pack, load_packs
from credo.domain.models import Experiment, GitState, Mark, Scope
from credo.errors import BadFileError, BadInputError, NotFoundError
from credo.gitlink.state import DATA_LEFT_OUT, capture, capture_project
from credo.store import Store
from credo.store.ids import new_id

from repos import commit_file

RUN_ITEMS = ["valid-not-augmented", "seed-fixed", "losses-logged", "loss-at-init"]


def state(store: Store) -> GitState:
    return capture(store.project_root).to_git_state()


def tick(store: Store, pack: str, items: list[str], experiment: str | None = None) -> None:
    record_review(store, pack, {i: (Mark.CHECKED, "") for i in items}, state(store), experiment)


def test_builtin_packs_carry_the_principles(store: Store) -> None:
    packs, problems = load_packs(store)
    assert problems == []
    assert {"principles", "training-recipe", "data"} <= set(packs)
    principles = packs["principles"].pack.by_principle()
    assert list(principles) == [
        "Be obsessed with your data",
        "Be maniacal about your code",
        "Constrain as little as possible",
        "Just do it",
        "Be bold, be simple",
    ]
    assert all(3 <= len(items) <= 6 for items in principles.values())
    recipe = packs["training-recipe"].pack
    ladder = [i.id for i in recipe.items if i.scope == Scope.ONCE]
    assert ladder[:2] == ["start-simple", "plain-loop"] and ladder[-1] == "beat-the-baseline"
    assert len(ladder) == 10
    assert {i.id for i in recipe.items if i.scope == Scope.RUN} == set(RUN_ITEMS)
    assert all(i.why for p in packs.values() for i in p.pack.items)
    data_ids = {i.id for i in packs["data"].pack.items}
    assert {"raw-samples", "label-balance", "no-leakage", "clever-hans", "provenance"} <= data_ids


def test_project_pack_overrides_and_adds(store: Store) -> None:
    folder = store.credo_dir / "checklists"
    (folder / "data.toml").write_text(
        'name = "data"\ntitle = "Our data rules"\n[[items]]\nid = "consent"\n'
        'principle = "Be obsessed with your data"\ntext = "Consent recorded"\nscope = "once"\n'
    )
    (folder / "eval.toml").write_text(
        'name = "eval"\ntitle = "Eval"\n[[items]]\nid = "held-out"\nprinciple = "p"\ntext = "t"\n'
    )
    packs, _ = load_packs(store)
    assert packs["data"].origin == "project (overrides built-in)"
    assert packs["data"].pack.title == "Our data rules"
    assert packs["eval"].origin == "project" and packs["training-recipe"].origin == "built-in"


def test_broken_pack_is_reported_and_others_load(store: Store) -> None:
    bad = store.credo_dir / "checklists" / "broken.toml"
    bad.write_text('name = "broken"\ntitle = "x"\n[[items]]\nid = "A B"\nprinciple = "p"\n')
    packs, problems = load_packs(store)
    assert "training-recipe" in packs and "broken" not in packs
    assert len(problems) == 1 and ".credo/checklists/broken.toml" in problems[0]
    assert "items.0" in problems[0]
    with pytest.raises(BadFileError, match="broken.toml"):
        get_pack(store, "broken")
    with pytest.raises(NotFoundError, match="credo check --list"):
        get_pack(store, "nope")
    assert bad.read_text().startswith('name = "broken"')


def test_a_param_that_is_no_scalar_is_named_once_at_its_field(store: Store) -> None:
    """A list in verify_params was named four times, under fields that do not exist
    ('items.0.verify_params.train.bool', '.int', '.float' and, past the cap, '.str')."""
    (store.credo_dir / "checklists" / "mine.toml").write_text(
        'name = "mine"\ntitle = "x"\n[[items]]\nid = "a"\nprinciple = "p"\ntext = "t"\n'
        'verify = "losses-logged"\nverify_params = { train = ["loss", "train_loss"] }\n'
    )
    [problem] = load_packs(store)[1]
    assert problem.endswith(
        "field 'items.0.verify_params.train' (line 8) should be true or false, a number or text, "
        "not ['loss', 'train_loss']; fix or remove it"
    ), problem


def test_review_validation(store: Store) -> None:
    with pytest.raises(BadInputError, match="has no item"):
        record_review(store, "data", {"nope": (Mark.CHECKED, "")}, state(store), None)
    with pytest.raises(BadInputError, match="n.a. needs a reason"):
        record_review(store, "data", {"provenance": (Mark.NA, " ")}, state(store), None)


def open_now(store: Store, experiment: str | None = None) -> dict[str, str]:
    """The gate's open checks (holding the run or not): item -> reason."""
    return {i.item: i.reason for i in evaluate_gate(store, state(store), experiment).open_items}


def test_run_items_hold_for_the_reviewed_code_only(store: Store) -> None:
    repo = store.project_root
    assert set(open_now(store)) == set(RUN_ITEMS)
    assert evaluate_gate(store, state(store), None).passed  # open checks do not hold a run
    tick(store, "training-recipe", RUN_ITEMS[:3])
    assert open_now(store) == {"loss-at-init": "no run has shown it yet"}
    tick(store, "training-recipe", ["loss-at-init"])
    decision = evaluate_gate(store, state(store), None)
    assert decision.open_items == [] and len(decision.review_ids) == 2
    (repo / "train.py").write_text("changed\n")  # same commit, a new untracked code file
    assert open_now(store)["seed-fixed"].startswith("stale: train.py changed since")
    (repo / "train.py").unlink()
    assert open_now(store) == {}  # back to the reviewed code
    reviewed = state(store).sha or ""
    commit_file(repo, "model.py", "m\n", "new model")
    assert open_now(store)["seed-fixed"] == f"stale: model.py changed since {reviewed[:7]}"


def test_a_docs_or_credo_only_change_keeps_every_answer(store: Store) -> None:
    repo = store.project_root
    tick(store, "training-recipe", RUN_ITEMS)
    commit_file(repo, "README.md", "# better words\n", "docs")
    commit_file(repo, "docs/howto.txt", "how\n", "more docs")
    commit_file(repo, "notes.txt", "not code\n", "a file outside the code paths")
    (repo / ".credo" / "tasks" / "x.toml").write_text("")  # bookkeeping, uncommitted
    assert open_now(store) == {}
    (repo / "loss.py").write_text("def loss(): ...\n")
    assert set(open_now(store)) == set(RUN_ITEMS)


def test_run_items_can_hold_within_n_commits(store: Store) -> None:
    config = store.credo_dir / "config.toml"
    config.write_text(
        config.read_text().replace("run_checks_hold_commits = 0", "run_checks_hold_commits = 1")
    )
    tick(store, "training-recipe", RUN_ITEMS)
    commit_file(store.project_root, "a.py", "a\n", "one")
    assert Store.open(store.project_root).config.run_checks_hold_commits == 1
    fresh = Store.open(store.project_root)
    assert open_now(fresh) == {}
    commit_file(store.project_root, "b.py", "b\n", "two")
    assert set(open_now(fresh)) == set(RUN_ITEMS)


def test_once_items_hold_until_reopened(store: Store) -> None:
    tick(store, "training-recipe", ["overfit-one"])
    commit_file(store.project_root, "x.py", "x\n", "later")
    open_items, _ = evaluate_pack(store, "training-recipe", state(store), None, all_items=True)
    assert "overfit-one" not in {i.item for i in open_items}
    record_review(store, "training-recipe", {"overfit-one": (Mark.NOT_YET, "")}, state(store), None)
    open_items, _ = evaluate_pack(store, "training-recipe", state(store), None, all_items=True)
    assert next(i for i in open_items if i.item == "overfit-one").reason.startswith("reopened")


def test_experiment_items_hold_within_their_experiment(store: Store) -> None:
    config = store.credo_dir / "config.toml"
    config.write_text(config.read_text().replace('"training-recipe",', '"data",'))
    fresh = Store.open(store.project_root)
    first, second = new_id(), new_id()
    for exp_id in (first, second):
        fresh.create(Experiment(id=exp_id, hypothesis="h", timebox="25m"))
    once = ["raw-samples", "label-balance", "filter-output-read", "provenance", "data-unchanged"]
    tick(fresh, "data", once)
    tick(fresh, "data", ["no-leakage", "clever-hans"], experiment=first)
    assert open_now(fresh, first) == {}
    assert open_now(fresh, second) == {
        "no-leakage": "ticked for another experiment",
        "clever-hans": "ticked for another experiment",
    }


def test_clean_tree_requirement(store: Store) -> None:
    config = store.credo_dir / "config.toml"
    config.write_text(
        config.read_text().replace("gate_require_clean = false", "gate_require_clean = true")
    )
    fresh = Store.open(store.project_root)
    tick(fresh, "training-recipe", RUN_ITEMS)
    assert evaluate_gate(fresh, state(fresh), None).passed
    (Path(fresh.project_root) / "README.md").write_text("dirty\n")
    tick(fresh, "training-recipe", RUN_ITEMS)  # reviewed, but the tree is still dirty
    decision = evaluate_gate(fresh, state(fresh), None)
    assert not decision.passed and "tree not clean" in decision.message


def test_an_na_answer_stays_until_the_pack_item_changes(store: Store) -> None:
    repo = store.project_root
    record_review(
        store, "training-recipe", {"seed-fixed": (Mark.NA, "no randomness")}, state(store), None
    )
    commit_file(repo, "train.py", "print('new loop')\n", "code")
    assert "seed-fixed" not in open_now(store)
    from credo.checklists.packs import BUILTIN_DIR

    text = (BUILTIN_DIR / "training-recipe.toml").read_text()
    changed = text.replace("The random seed is fixed and recorded", "Seeds: fixed, recorded")
    (repo / ".credo" / "checklists" / "training-recipe.toml").write_text(changed)
    assert open_now(store)["seed-fixed"] == "the pack item changed since it was marked n.a."


def test_a_new_data_file_re_asks_data_items_not_code_items(store: Store) -> None:
    repo = store.project_root
    tick(store, "training-recipe", RUN_ITEMS)
    tick(store, "data", ["data-unchanged"])

    def data_open() -> dict[str, str]:
        found, _ = evaluate_pack(store, "data", state(store), None, all_items=True)
        return {i.item: i.reason for i in found if i.item == "data-unchanged"}

    (repo / "corpus.jsonl").write_text('{"text": "new"}\n')  # untracked, not code
    assert open_now(store) == {} and data_open() == {
        "data-unchanged": f"stale: corpus.jsonl changed since {(state(store).sha or '')[:7]}"
    }
    (repo / "corpus.jsonl").unlink()
    commit_file(repo, "train.py", "print('x')\n", "code")
    assert set(open_now(store)) == set(RUN_ITEMS) and data_open() == {}


def test_answers_given_beside_new_data_still_hold_once_it_is_committed(repo: Path) -> None:
    """A tree whose only change was new data (under `data_paths`, left out of the diff)
    was taken for a record too old to say what changed: once anything was committed,
    every code answer went stale, "the code changed since", though no code had."""
    store, _ = Store.init(repo, data_paths=lambda root: ["data"])
    (repo / "data").mkdir()
    (repo / "data" / "train.csv").write_text("x,label\n1,0\n")
    given = capture_project(repo, store.config).to_git_state()  # as a run or review keeps it
    assert given.dirty and given.left_out == {"data": DATA_LEFT_OUT}
    record_review(store, "training-recipe", {i: (Mark.CHECKED, "") for i in RUN_ITEMS}, given, None)
    commit_file(repo, "data/train.csv", "x,label\n1,0\n", "Add the data")
    assert open_now(store) == {}
    commit_file(repo, "train.py", "print('x')\n", "code")
    assert open_now(store)["seed-fixed"].startswith("stale: train.py changed since")


@pytest.mark.parametrize("entry", ["seed-fixed", "training-recipe", "training-recipe/"])
def test_a_blocking_entry_not_written_pack_slash_item_says_how_to_write_it(
    store: Store, entry: str
) -> None:
    from repos import block_on

    block_on(store.project_root, entry)
    decision = evaluate_gate(Store.open(store.project_root), state(store), None)
    assert not decision.passed
    [held] = decision.blockers
    assert f"gate_blocking entry {entry!r} in .credo/config.toml" in str(held)
    assert "write it as PACK/ITEM" in str(held) and "no checklist pack" not in str(held)


def test_an_item_written_without_an_offer_keeps_its_digest() -> None:
    """`offer` came after n.a. answers were kept with each item's digest: an item that
    names no offer digests as before, so those answers do not all go stale."""
    from credo.domain.models import ChecklistItem

    item = ChecklistItem(id="seed-fixed", principle="p", text="t", scope=Scope.RUN)
    assert item.digest() == "1b138725f3ed"  # as credo without `offer` digested it
    offered = item.model_copy(update={"offer": "timebox-started"})
    assert offered.digest() != item.digest()  # a new offer is a change of meaning


def test_an_offer_credo_does_not_know_is_refused_with_its_file_and_line(store: Store) -> None:
    (store.credo_dir / "checklists" / "mine.toml").write_text(
        'name = "mine"\ntitle = "x"\n[[items]]\nid = "a"\nprinciple = "p"\ntext = "t"\n'
        'scope = "experiment"\noffer = "timebox-begun"\n'
    )
    packs, [problem] = load_packs(store)
    assert "mine" not in packs
    assert problem == (
        ".credo/checklists/mine.toml: item 'a': field 'offer' (line 8) names no fact credo"
        " knows, 'timebox-begun' (known: timebox-started)"
    )


def test_the_timebox_item_is_offered_while_the_experiment_runs_and_not_yet_wins(
    store: Store,
) -> None:
    """The principles pack's timebox item holds, as offered, once the experiment's timebox
    started; a person's "not yet" in this experiment unticks it; another experiment's
    "not yet" does not."""
    from datetime import UTC, datetime

    from credo.checklists.gate import standings
    from credo.domain.models import ExperimentStatus

    started = datetime(2026, 3, 1, 10, 2, tzinfo=UTC)
    planned, running = new_id(), new_id()
    store.create(Experiment(id=planned, hypothesis="h", timebox="25m"))
    store.create(
        Experiment(
            id=running,
            hypothesis="h",
            timebox="25m",
            status=ExperimentStatus.RUNNING,
            started=started,
        )
    )

    def timebox(experiment: str | None) -> tuple[str, str, str]:
        found = standings(store, "principles", state(store), experiment, all_items=True)
        [s] = [s for s in found if s.item.id == "just-timeboxed"]
        return s.how, s.offered, s.reason

    when = started.astimezone().strftime("%Y-%m-%d %H:%M")
    assert timebox(running) == ("offered", f"the timebox started {when}", "")
    assert timebox(planned) == ("", "", "never ticked")  # not started: nothing to offer
    assert timebox(None)[0] == ""
    record_review(
        store, "principles", {"just-timeboxed": (Mark.NOT_YET, "")}, state(store), planned
    )
    assert timebox(running)[0] == "offered"  # another experiment's answer
    record_review(
        store, "principles", {"just-timeboxed": (Mark.NOT_YET, "")}, state(store), running
    )
    assert timebox(running) == ("", "", "marked not yet")


def test_a_paused_experiment_is_offered_its_started_timebox_and_a_closed_one_not(
    store: Store,
) -> None:
    """A pause stops an experiment's clock, but its timebox did start: the principles
    pack's timebox item was offered only while it ran. It is offered while the experiment
    runs or is paused, not once it is closed; the checklists are read for the paused one
    while none runs (the header's), and a "not yet" given then wins."""
    from datetime import UTC, datetime

    from credo.actions.checks import checked_experiment_id, running_experiment_id
    from credo.checklists.gate import standings
    from credo.domain.models import ExperimentStatus

    started = datetime(2026, 3, 1, 10, 2, tzinfo=UTC)
    paused, done = new_id(), new_id()
    for exp_id, status in ((paused, ExperimentStatus.PAUSED), (done, ExperimentStatus.DONE)):
        store.create(
            Experiment(id=exp_id, hypothesis="h", timebox="25m", status=status, started=started)
        )

    def timebox(experiment: str | None) -> tuple[str, str]:
        found = standings(store, "principles", state(store), experiment, all_items=True)
        [s] = [s for s in found if s.item.id == "just-timeboxed"]
        return s.how, s.reason

    assert timebox(paused) == ("offered", "")
    assert timebox(done) == ("", "never ticked")
    assert checked_experiment_id(store) == paused  # what the view and `credo check` read
    assert running_experiment_id(store) is None  # a run now is ad-hoc
    record_review(store, "principles", {"just-timeboxed": (Mark.NOT_YET, "")}, state(store), paused)
    assert timebox(paused) == ("", "marked not yet")
