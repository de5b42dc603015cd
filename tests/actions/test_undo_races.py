"""Undo deleting a task or an experiment while another credo records something that
names it (`credo run`, `credo exp start --task`): one of the two must see the other, or
the record names an item that is gone."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from credo import actions
from credo.actions import history
from credo.actions.checks import code_state, record_review
from credo.actions.experiments import start_experiment
from credo.domain.models import Experiment, Mark, Task
from credo.errors import CredoError
from credo.runs.launch import RunRequest, execute
from credo.store import Store
from credo.store.lock import LockTimeout, held
from credo.store.store import Change

GONE = "{} was deleted meanwhile (undone or removed in another credo): nothing is written"


def written_in_the_gap(
    monkeypatch: pytest.MonkeyPatch, store: Store, write: Callable[[Store], object]
) -> Callable[[], list[BaseException]]:
    """Have `write` (on a store of its own, as another credo process has) begin right
    after the undo's look at what names the item, before its delete (a separate store
    opens the lock file anew: `flock` keeps it out as it keeps out another process). The
    undo goes on once `write` is over, or waits for the write lock. Returns what waits for
    `write` to end and gives what it raised."""
    other = Store(store.project_root)
    waits, over = threading.Event(), threading.Event()
    raised: list[BaseException] = []
    taking = other.lock

    @contextmanager
    def lock() -> Iterator[None]:
        try:
            with held(other._lock_path(), timeout=0):
                pass
        except LockTimeout:
            waits.set()
        with taking():
            yield

    monkeypatch.setattr(other, "lock", lock)

    def writer() -> None:
        try:
            write(other)
        except BaseException as error:
            raised.append(error)
        finally:
            over.set()

    thread = threading.Thread(target=writer)
    check = history._refuse_if_named_since

    def then_a_write(store: Store, changes: list[Change]) -> None:
        check(store, changes)
        thread.start()
        while not over.wait(0.01) and not waits.is_set():
            pass  # the write is over, or waits: the lock is held (by the undo)

    monkeypatch.setattr(history, "_refuse_if_named_since", then_a_write)

    def finished() -> list[BaseException]:
        thread.join(60)
        assert not thread.is_alive()
        return raised

    return finished


def undone_as_it_writes(monkeypatch: pytest.MonkeyPatch, done: history.History) -> Store:
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
    done = history.History(store)
    task, changes = actions.add_task(store, "Tune the learning rate")
    done.record(changes, "add")
    other = undone_as_it_writes(monkeypatch, done)
    with pytest.raises(CredoError) as refused:
        start_experiment(other, "lr", task=task.id)
    assert store.tasks() == []
    assert store.experiments() == []
    assert refused.value.message == GONE.format(
        f"task {store.short_id(Task, task.id)}"
    )  # deleted: its prefix


def test_a_review_for_an_experiment_whose_start_is_undone_as_it_is_recorded(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo check` ticking an item for the running experiment while the board undoes
    its start: the review named an experiment that was gone. It is now refused."""
    done = history.History(store)
    exp, changes = start_experiment(store, "No leakage")
    done.record(changes, "start")
    other = undone_as_it_writes(monkeypatch, done)
    with pytest.raises(CredoError) as refused:
        marks = {"no-leakage": (Mark.CHECKED, "")}
        record_review(other, "data", marks, code_state(other), exp.id)
    assert store.experiments() == []
    assert store.reviews() == []
    assert refused.value.message == GONE.format(f"experiment {store.short_id(Experiment, exp.id)}")


def test_a_run_recorded_under_an_experiment_as_its_start_is_undone(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo run` in another terminal recording its run between the undo's look at the
    runs and its delete of the experiment: the experiment went all the same, and the run
    named an experiment that was gone. The run now waits for the undo, and is refused."""
    done = history.History(store)
    exp, changes = start_experiment(store, "A warmup helps")
    done.record(changes, "start")
    request = RunRequest(
        command=[sys.executable, "-c", "pass"], cwd=store.project_root, experiment=exp.id
    )
    finished = written_in_the_gap(monkeypatch, store, lambda other: execute(other, request))
    done.undo()
    [error] = finished()
    assert store.experiments() == []
    assert store.runs() == []
    assert isinstance(error, CredoError)
    assert error.message == GONE.format(f"experiment {store.short_id(Experiment, exp.id)}")
    assert [p.name for p in (store.credo_dir / "runs").iterdir()] == [".gitignore"]  # no folder
