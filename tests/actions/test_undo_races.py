"""Undo deleting a task or an experiment while another credo records something that
names it (`credo run`, `credo exp start --task`): one of the two must see the other, or
the record names an item that is gone."""

from __future__ import annotations

from typing import Any

import pytest

from credo import actions
from credo.actions.checks import code_state, record_review
from credo.actions.experiments import start_experiment
from credo.domain.models import Mark
from credo.errors import CredoError
from credo.store import Store
from credo.store.store import Change

GONE = "{} was deleted meanwhile (undone or removed in another credo): nothing is written"


def undone_as_it_writes(monkeypatch: pytest.MonkeyPatch, done: actions.History) -> Store:
    """A store of its own (as another credo process has) whose next new item is
    written just after `done`'s last step is undone: after it read what it names."""
    other = Store(done.store.project_root)
    create = other.create

    def after_an_undo(*args: Any, **kwargs: Any) -> Change:
        done.undo()
        return create(*args, **kwargs)

    monkeypatch.setattr(other, "create", after_an_undo)
    return other


def test_an_experiment_started_for_a_task_whose_add_is_undone_as_it_starts(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo exp start --task` in another terminal, with the task's add undone after
    it found the task and before it wrote the experiment: the experiment was written,
    naming a task that was gone (and the task's link then failed). It is now refused."""
    done = actions.History(store)
    task, changes = actions.add_task(store, "Tune the learning rate")
    done.record(changes, "add")
    other = undone_as_it_writes(monkeypatch, done)
    with pytest.raises(CredoError) as refused:
        start_experiment(other, "lr", task=task.id)
    assert store.tasks() == []
    assert store.experiments() == []
    assert refused.value.message == GONE.format(f"task {task.id[:7]}")


def test_a_review_for_an_experiment_whose_start_is_undone_as_it_is_recorded(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo check` ticking an item for the running experiment while the board undoes
    its start: the review named an experiment that was gone. It is now refused."""
    done = actions.History(store)
    exp, changes = start_experiment(store, "No leakage")
    done.record(changes, "start")
    other = undone_as_it_writes(monkeypatch, done)
    with pytest.raises(CredoError) as refused:
        marks = {"no-leakage": (Mark.CHECKED, "")}
        record_review(other, "data", marks, code_state(other), exp.id)
    assert store.experiments() == []
    assert store.reviews() == []
    assert refused.value.message == GONE.format(f"experiment {exp.id[:7]}")
