"""The steps both faces read a pack and the gate through, on real repositories."""

from __future__ import annotations

from pathlib import Path

from credo.actions.checks import code_state, gate_now, pack_facts, record_review
from credo.actions.experiments import start_experiment
from credo.domain.models import Mark
from credo.store import Store

from repos import commit_file


def test_pack_facts_say_how_each_item_stands_with_the_reviews_newest_first(store: Store) -> None:
    (store.credo_dir / "checklists" / "eval.toml").write_text("name = [broken\n")
    git = code_state(store)
    first, _ = record_review(
        store, "training-recipe", {"seed-fixed": (Mark.CHECKED, "")}, git, None
    )
    second, _ = record_review(
        store, "training-recipe", {"losses-logged": (Mark.NOT_YET, "")}, git, None
    )
    record_review(store, "data", {"raw-samples": (Mark.CHECKED, "")}, git, None)
    facts = pack_facts(store, "training-recipe", git, None, all_items=True)
    assert facts.pack.name == "training-recipe" and facts.git == git
    assert [r.id for r in facts.reviews] == [second.id, first.id]  # this pack's only
    assert len(facts.standings) == len(facts.pack.items) == 14
    seed = facts.standing("seed-fixed")
    assert seed is not None and seed.holds and seed.review == first
    assert {i.item: i.reason for i in facts.open_items}["losses-logged"] == "marked not yet"
    assert "seed-fixed" not in {i.item for i in facts.open_items}
    assert len(facts.problems) == 1 and "eval.toml" in facts.problems[0]
    gate_only = pack_facts(store, "training-recipe", git, None, all_items=False)
    assert {s.item.id for s in gate_only.standings} == {
        "loss-at-init",
        "seed-fixed",
        "losses-logged",
        "valid-not-augmented",
    }


def test_pack_facts_judge_the_code_they_are_given(store: Store) -> None:
    """A caller reading several packs captures the code once and hands it to each."""
    before = code_state(store)
    record_review(store, "training-recipe", {"seed-fixed": (Mark.CHECKED, "")}, before, None)
    record_review(store, "principles", {"code-checked": (Mark.CHECKED, "")}, before, None)
    commit_file(store.project_root, "train.py", "print('new loop')\n", "a new loop")
    after = code_state(store)
    assert after.sha != before.sha
    for pack, item in (("training-recipe", "seed-fixed"), ("principles", "code-checked")):
        then = pack_facts(store, pack, before, None, all_items=True).standing(item)
        now = pack_facts(store, pack, after, None, all_items=True).standing(item)
        assert then is not None and then.holds
        assert now is not None and now.stale and "train.py changed since" in now.reason


def test_pack_facts_carry_the_experiment_items_are_judged_in(store: Store) -> None:
    git = code_state(store)
    experiment, _ = start_experiment(store, "bigger batches")
    record_review(store, "data", {"no-leakage": (Mark.CHECKED, "")}, git, experiment.id)
    inside = pack_facts(store, "data", git, experiment.id, all_items=True)
    outside = pack_facts(store, "data", git, "another", all_items=True)
    assert inside.experiment == experiment.id
    leakage = inside.standing("no-leakage")
    assert leakage is not None and leakage.holds
    elsewhere = outside.standing("no-leakage")
    assert elsewhere is not None and elsewhere.reason == "ticked for another experiment"


def test_the_gate_now_reads_the_code_as_it_is(store: Store) -> None:
    config = store.credo_dir / "config.toml"
    config.write_text(
        config.read_text().replace("gate_require_clean = false", "gate_require_clean = true")
    )
    fresh = Store.open(store.project_root)
    commit_file(fresh.project_root, ".credo/config.toml", config.read_text(), "settings")
    assert gate_now(fresh).passed
    (Path(fresh.project_root) / "README.md").write_text("dirty\n")
    held = gate_now(fresh)
    assert not held.passed and [b.item for b in held.blockers] == ["clean-tree"]
