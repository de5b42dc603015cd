"""Evidence answers checklist items while the files (and code) it rests on are unchanged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from credo.actions.checks import record_review
from credo.actions.evidence import record_evidence
from credo.checklists.gate import Standing, evaluate_gate, standings
from credo.data.balance import balance
from credo.data.engine import Engine
from credo.data.readers import Dataset
from credo.domain.models import Evidence, EvidenceSource, GitState, Mark
from credo.errors import BadInputError
from credo.gitlink.state import capture
from credo.store import Store
from credo.store.ids import new_id

from repos import commit_file


def state(store: Store) -> GitState:
    return capture(store.project_root).to_git_state()


def write_rows(path: Path, rows: list[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({"text": f"doc {i}", "label": y, "domain": d}) for i, (y, d) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n")


def record_balance(store: Store, path: Path) -> Evidence:
    with Engine() as engine:
        found = balance(Dataset.open(path, engine, name="data/train.jsonl"), "label", "domain")
    command = ["credo", "data", "balance", "data/train.jsonl", "--label", "label"]
    record, _ = record_evidence(store, "data/label-balance", found, command)
    return record


def item(store: Store, pack: str, item_id: str) -> Standing:
    found = standings(store, pack, state(store), None, all_items=True)
    return next(s for s in found if s.item.id == item_id)


BALANCED = [("a", "news"), ("b", "news"), ("a", "web"), ("b", "web")]


def test_fresh_passing_evidence_verifies_the_item(store: Store) -> None:
    path = store.project_root / "data" / "train.jsonl"
    write_rows(path, BALANCED)
    record = record_balance(store, path)
    saved = (store.credo_dir / "evidence" / f"{record.id}.toml").read_text()
    assert 'item = "label-balance"' in saved and 'source = "data"' in saved
    assert "blake2b:" in saved and "data/train.jsonl" in saved
    assert record.passed and record.git.sha
    assert "balance · data/train.jsonl" in record.details
    standing = item(store, "data", "label-balance")
    assert standing.holds and standing.how == "verified" and standing.evidence == record
    assert not item(store, "data", "raw-samples").holds  # evidence answers its own item only


def test_evidence_goes_stale_when_the_file_changes(store: Store) -> None:
    path = store.project_root / "data" / "train.jsonl"
    write_rows(path, BALANCED)
    record_balance(store, path)
    write_rows(path, BALANCED + [("a", "web")])
    standing = item(store, "data", "label-balance")
    assert not standing.holds
    assert standing.reason.startswith(
        "evidence is stale: data/train.jsonl changed since it was read ("
    )


def test_evidence_for_a_deleted_file_says_the_file_is_gone(store: Store) -> None:
    """It said "changed since it was read (3f9c1a2b → missing)", as if edited."""
    path = store.project_root / "data" / "train.jsonl"
    write_rows(path, BALANCED)
    record_balance(store, path)
    path.unlink()
    standing = item(store, "data", "label-balance")
    assert not standing.holds
    assert standing.reason == (
        "evidence is stale: data/train.jsonl is gone since it was read (deleted or moved)"
    )


def test_a_same_size_rewrite_is_seen_through_the_cache(store: Store) -> None:
    path = store.project_root / "data" / "train.jsonl"
    write_rows(path, BALANCED)
    record_balance(store, path)
    assert item(store, "data", "label-balance").holds  # cached now
    text = path.read_text()
    path.write_text(text.replace('"a"', '"c"', 1))  # same size, other content
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert not item(store, "data", "label-balance").holds


def test_failing_evidence_holds_the_item_open_and_is_not_ticked_over(store: Store) -> None:
    """A person's tick answered a data check its recorded result had just failed, which
    hid what the check found: refused, with what to do, until the check is recorded
    again on fixed data (or the item is marked n.a.)."""
    path = store.project_root / "data" / "train.jsonl"
    write_rows(path, [("a", "news"), ("a", "news"), ("b", "web"), ("a", "law")])
    record = record_balance(store, path)
    assert not record.passed
    standing = item(store, "data", "label-balance")
    assert not standing.holds and standing.evidence == record
    assert standing.reason.startswith("evidence found: data/train.jsonl: label by domain:")
    tick = {"label-balance": (Mark.CHECKED, "known; we reweight")}
    with pytest.raises(BadInputError, match="fix the data and record it again"):
        record_review(store, "data", tick, state(store), None)
    assert not item(store, "data", "label-balance").holds
    write_rows(path, BALANCED)  # the data fixed, and its check recorded again
    record_balance(store, path)
    assert item(store, "data", "label-balance").how == "verified"


def test_newer_fresh_evidence_beats_an_older_tick(store: Store) -> None:
    path = store.project_root / "data" / "train.jsonl"
    write_rows(path, BALANCED)
    record_review(store, "data", {"label-balance": (Mark.CHECKED, "")}, state(store), None)
    record_balance(store, path)
    assert item(store, "data", "label-balance").how == "verified"


def test_evidence_newer_than_a_tick_that_went_stale_opens_the_item_again(store: Store) -> None:
    """A tick, then evidence that found a problem, then the file changed: the item held
    "by hand" again, from the tick the evidence had overruled, with no word of the file."""
    path = store.project_root / "data" / "train.jsonl"
    write_rows(path, BALANCED)
    record_review(store, "data", {"label-balance": (Mark.CHECKED, "")}, state(store), None)
    write_rows(path, [("a", "news"), ("a", "news"), ("b", "web"), ("a", "law")])
    assert not record_balance(store, path).passed
    write_rows(path, BALANCED + [("b", "law")])
    standing = item(store, "data", "label-balance")
    assert not standing.holds and standing.review is None
    assert standing.reason.startswith("evidence is stale: data/train.jsonl changed since")
    record_review(store, "data", {"label-balance": (Mark.CHECKED, "")}, state(store), None)
    assert item(store, "data", "label-balance").how == "by hand"  # a tick after it decides


def test_run_scoped_evidence_holds_for_the_code_it_was_recorded_at(store: Store) -> None:
    record = Evidence(
        id=new_id(),
        pack="training-recipe",
        item="loss-at-init",
        source=EvidenceSource.RUN,
        command=["credo", "run", "--", "python", "train.py"],
        run="r1run1run1run1",
        git=state(store),
        passed=True,
        summary="loss at init 0.69 ≈ ln 2",
    )
    store.create(record)
    assert item(store, "training-recipe", "loss-at-init").how == "verified"
    decision = evaluate_gate(store, state(store), None)
    assert record.id in decision.evidence_ids
    assert "loss-at-init" not in {i.item for i in decision.open_items}
    commit_file(store.project_root, "train.py", "print('changed')\n", "Change the loop")
    standing = item(store, "training-recipe", "loss-at-init")
    assert not standing.holds and "train.py changed since" in standing.reason


def test_record_refuses_an_unknown_item(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    write_rows(path, BALANCED)
    with Engine() as engine:
        found = balance(Dataset.open(path, engine), "label")
    with pytest.raises(BadInputError, match="data has no item 'balance'; its items: raw-samples"):
        record_evidence(store, "data/balance", found, ["credo"])
    with pytest.raises(BadInputError, match="PACK/ITEM"):
        record_evidence(store, "label-balance", found, ["credo"])
    assert not list((store.credo_dir / "evidence").iterdir())


def test_a_newer_stale_record_is_not_hidden_by_an_older_fresh_one(store: Store) -> None:
    """`balance data/train.jsonl` recorded, later `balance data` (train and valid), then
    valid changed: the item stayed verified by the older record, which never read valid,
    where the newest word on the data said it was no longer known."""
    train = store.project_root / "data" / "train.jsonl"
    valid = store.project_root / "data" / "valid.jsonl"
    write_rows(train, BALANCED)
    write_rows(valid, BALANCED)
    record_balance(store, train)
    with Engine() as engine:
        folder = Dataset.open(store.project_root / "data", engine, name="data")
        found = balance(folder, "label", "domain")
    command = ["credo", "data", "balance", "data", "--label", "label"]
    newer, _ = record_evidence(store, "data/label-balance", found, command)
    assert item(store, "data", "label-balance").evidence == newer
    write_rows(valid, BALANCED + [("a", "web")])
    standing = item(store, "data", "label-balance")
    assert not standing.holds and standing.evidence is None
    assert standing.reason.startswith("evidence is stale: data changed since it was read (")
