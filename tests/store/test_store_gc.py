"""A load leaves the cyclic garbage collector as it found it, with no collection pending."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from credo.domain.models import Task
from credo.store import Store


@pytest.fixture
def many(store: Store) -> Store:
    for n in range(300):
        store.create(Task(id=f"t{n:03d}aaaabbbbcccc", title=f"task {n}"))
    return store


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_load_leaves_nothing_frozen_and_its_items_old(many: Store) -> None:
    gc.collect()
    loaded = Store(many.project_root).load(Task)
    assert len(loaded.items) == 300
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    # The new items went straight to the oldest generation, not walked as young ones.
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert all(id(task) in oldest for task in loaded.items.values())


def test_a_process_that_freezes_keeps_its_frozen_objects(many: Store) -> None:
    gc.freeze()
    before = gc.get_freeze_count()
    Store(many.project_root).load(Task)
    assert gc.get_freeze_count() >= before > 0


def test_a_load_with_the_collector_off_leaves_it_off(many: Store) -> None:
    gc.disable()
    try:
        Store(many.project_root).load(Task)
        assert not gc.isenabled()
    finally:
        gc.enable()
