"""Gate and pack edge cases: broken or missing packs, marks on old code, no git, no experiment."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from credo.actions.checks import record_review
from credo.actions.experiments import start_experiment
from credo.checklists.gate import evaluate_gate, evaluate_pack, standings
from credo.checklists.packs import BUILTIN_DIR, get_pack, load_packs
from credo.domain.models import GitState, Mark
from credo.errors import BadFileError
from credo.gitlink.state import capture
from credo.store import Store

from repos import commit_file, git

RUN_ITEMS = ["valid-not-augmented", "seed-fixed", "losses-logged", "loss-at-init"]


def state(store: Store) -> GitState:
    return capture(store.project_root).to_git_state()


def mark(store: Store, items: list[str], how: Mark = Mark.CHECKED) -> None:
    record_review(store, "training-recipe", {i: (how, "") for i in items}, state(store), None)


def set_config(store: Store, old: str, new: str) -> Store:
    config = store.credo_dir / "config.toml"
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new))
    return Store.open(store.project_root)


def test_a_broken_override_hides_the_builtin_and_closes_the_gate(store: Store) -> None:
    mark(store, RUN_ITEMS)
    assert evaluate_gate(store, state(store), None).passed
    path = store.credo_dir / "checklists" / "training-recipe.toml"
    path.write_text('name = "training-recipe"\ntitle = "Ours"\n[[items]]\nid = "x"\n')
    packs, problems = load_packs(store)
    assert "training-recipe" not in packs  # no silent fallback to the built-in
    assert [p for p in problems if ".credo/checklists/training-recipe.toml" in p]
    with pytest.raises(BadFileError, match="training-recipe.toml"):
        get_pack(store, "training-recipe")
    decision = evaluate_gate(store, state(store), None)
    assert not decision.passed
    [item] = decision.open_items
    assert (item.pack, item.item) == ("training-recipe", "pack")
    assert "items.0.principle" in item.reason and "gate_packs" in item.reason
    assert path.read_text().startswith('name = "training-recipe"')  # never rewritten


def test_a_gate_pack_that_does_not_exist_is_an_open_item(store: Store) -> None:
    fresh = set_config(store, '"training-recipe",', '"trainig-recipe",')
    decision = evaluate_gate(fresh, state(fresh), None)
    assert not decision.passed
    assert "no checklist pack 'trainig-recipe'" in decision.message
    assert "gate_packs in .credo/config.toml" in decision.message


def test_a_gate_with_no_pack_says_so(store: Store) -> None:
    text = (store.credo_dir / "config.toml").read_text()
    start = text.index("gate_packs = [")
    end = text.index("]", start) + 1
    fresh = set_config(store, text[start:end], "gate_packs = []")
    mark(fresh, RUN_ITEMS)
    decision = evaluate_gate(fresh, state(fresh), None)
    assert decision.message.endswith("the gate reads no pack (gate_packs is empty)")


def test_unreadable_and_misnamed_pack_files_are_reported(store: Store) -> None:
    folder = store.credo_dir / "checklists"
    (folder / "folder.toml").mkdir()
    (folder / "latin1.toml").write_bytes(b'name = "caf\xe9"\n')
    (folder / "eval.toml").write_text(
        'name = "evals"\ntitle = "E"\n[[items]]\nid = "a"\nprinciple = "p"\ntext = "t"\n'
    )
    packs, problems = load_packs(store)
    assert {"folder", "latin1", "eval", "evals"}.isdisjoint(packs)
    text = "\n".join(problems)
    assert "folder.toml: is a folder, not a plain file" in text
    assert "latin1.toml: is not UTF-8" in text
    assert "field 'name' is 'evals' but the file name says 'eval'" in text


def test_the_newest_mark_on_the_same_code_decides(store: Store) -> None:
    repo = store.project_root
    first = git(repo, "rev-parse", "HEAD")
    mark(store, RUN_ITEMS)
    mark(store, ["seed-fixed"], Mark.NOT_YET)  # found a problem at this very commit
    commit_file(repo, "train.py", "seed = 1\n", "fix the seed")
    mark(store, RUN_ITEMS)
    assert evaluate_gate(store, state(store), None).passed
    git(repo, "checkout", "-q", first)  # back to the code where the seed was not fixed
    decision = evaluate_gate(store, state(store), None)
    assert [(i.item, i.reason) for i in decision.open_items] == [("seed-fixed", "marked not yet")]


def test_run_checks_within_n_commits_need_an_ancestor(store: Store) -> None:
    repo = store.project_root
    fresh = set_config(store, "run_checks_hold_commits = 0", "run_checks_hold_commits = 5")
    git(repo, "checkout", "-q", "-b", "side")
    commit_file(repo, "side.py", "s\n", "side work")
    mark(fresh, RUN_ITEMS)
    git(repo, "checkout", "-q", "main")
    commit_file(repo, "main.py", "m\n", "main work")
    decision = evaluate_gate(fresh, state(fresh), None)
    assert "main.py" in decision.open_items[0].reason
    git(repo, "merge", "-q", "--no-edit", "side")
    decision = evaluate_gate(fresh, state(fresh), None)
    assert decision.open_items == []  # the reviewed commit is now behind


def test_outside_git_the_message_says_run_checks_cannot_follow_the_code(tmp_path: Path) -> None:
    store, _ = Store.init(tmp_path)
    mark(store, RUN_ITEMS)
    decision = evaluate_gate(store, state(store), None)
    assert decision.passed
    assert "git linkage is off: run checks cannot follow code changes" in decision.message


def test_experiment_items_say_when_no_experiment_runs(store: Store) -> None:
    ticked_for, _ = start_experiment(store, "No leakage", start=False)
    record_review(store, "data", {"no-leakage": (Mark.CHECKED, "")}, state(store), ticked_for.id)
    open_items, _ = evaluate_pack(store, "data", state(store), None, all_items=True)
    reasons = {i.item: i.reason for i in open_items}
    assert reasons["no-leakage"].startswith("no experiment is running")
    open_items, _ = evaluate_pack(store, "data", state(store), "e2", all_items=True)
    reasons = {i.item: i.reason for i in open_items}
    assert reasons["no-leakage"] == "ticked for another experiment"
    assert reasons["clever-hans"] == "no check recorded yet"  # its data check answers it


def test_an_unanswered_item_says_what_answers_it(store: Store) -> None:
    """The gate and `check --status` said 'never ticked' of a check a run answers, where
    the checklists view said 'no run has shown it yet': one wording, true to each kind."""
    found = {
        s.item.id: s.reason
        for s in standings(store, "training-recipe", state(store), None, all_items=True)
    }
    assert found["loss-at-init"] == "no run has shown it yet"  # verified by runs
    assert found["overfit-one"] == "not tried"  # a rung of the ladder
    data = {
        s.item.id: s.reason for s in standings(store, "data", state(store), None, all_items=True)
    }
    assert data["label-balance"] == "no check recorded yet"  # a data check's --record
    principles = standings(store, "principles", state(store), None, all_items=True)
    assert "never ticked" in {s.reason for s in principles}  # a person answers it


def test_the_wheel_carries_the_builtin_packs(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = Path(__file__).resolve().parents[2]
    assert BUILTIN_DIR.parent == source / "app" / "credo" / "checklists"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("credo-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in ("principles", "training-recipe", "data"):
        assert f"credo/checklists/builtin/{pack}.toml" in names
