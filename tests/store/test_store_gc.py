"""A load pauses the cyclic garbage collector and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from credo.domain.models import Task
from credo.store import Store


@pytest.fixture
def many(store: Store) -> Store:
    for n in range(300):
        store.create(Task(id=f"t{n:03d}aaaabbbbcccc", title=f"task {n}"))
    return store


def test_a_load_turns_the_collector_back_on(many: Store) -> None:
    assert gc.isenabled()
    assert len(Store(many.project_root).load(Task).items) == 300
    assert gc.isenabled()


def test_a_load_with_the_collector_off_leaves_it_off(many: Store) -> None:
    gc.disable()
    try:
        Store(many.project_root).load(Task)
        assert not gc.isenabled()
    finally:
        gc.enable()
