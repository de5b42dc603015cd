"""A load keeps the cyclic garbage collector off its new items, and no garbage with them."""

from __future__ import annotations

import gc
import threading
import weakref
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
    gc.unfreeze()  # an earlier test's board may have frozen its tasks in this process
    yield
    gc.unfreeze()


class Node:
    me: Node


def pending_cycle() -> weakref.ref[Node]:
    """A cycle that only the cyclic collector can free, still young."""
    node = Node()
    node.me = node
    return weakref.ref(node)


def test_new_items_go_straight_to_the_oldest_generation(many: Store) -> None:
    loaded = Store(many.project_root).load(Task)
    assert len(loaded.items) == 300
    assert gc.isenabled() and gc.get_freeze_count() == 0
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert all(id(task) in oldest for task in loaded.items.values())


def test_pending_garbage_is_collected_not_promoted_with_them(many: Store) -> None:
    gc.disable()  # no automatic collection may free the cycle before the load
    try:
        alive = pending_cycle()
        Store(many.project_root).load(Task)
        assert alive() is None
    finally:
        gc.enable()


def test_a_process_that_freezes_keeps_its_frozen_objects(many: Store) -> None:
    gc.freeze()
    before = gc.get_freeze_count()
    loaded = Store(many.project_root).load(Task)
    assert gc.get_freeze_count() == before > 0  # nothing unfrozen, nothing new frozen
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert not any(id(task) in oldest for task in loaded.items.values())


def test_with_other_threads_running_nothing_is_promoted(many: Store) -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # in the app, its garbage would be promoted
    other.start()
    try:
        loaded = Store(many.project_root).load(Task)
    finally:
        stop.set()
        other.join()
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert not any(id(task) in oldest for task in loaded.items.values())


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


def test_freeze_now_keeps_the_living_out_of_walks_with_no_collection() -> None:
    """A collection holds the interpreter: freeze_now's walked the 20,000 rows the
    runs view had just built (0.3 to 0.4 s of the interface). Its garbage waits for the
    next freeze_survivors."""
    from credo.store.collector import freeze_now, freeze_survivors

    class Node:
        pass

    collections: list[str] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        collections.append(phase)

    gc.unfreeze()
    gc.collect()
    gc.disable()  # only a collection of credo's may reclaim the cycle
    gc.callbacks.append(seen)
    try:
        kept = Node()
        kept.me = kept  # type: ignore[attr-defined]
        dropped = Node()
        dropped.me = dropped  # type: ignore[attr-defined]
        gone = weakref.ref(dropped)
        del dropped  # young garbage, reclaimable only by the cyclic collector
        freeze_now()
        assert collections == []
        assert gc.get_freeze_count() > 0
        assert all(kept is not obj for g in range(3) for obj in gc.get_objects(generation=g))
        freeze_survivors()
        assert gone() is None
    finally:
        gc.callbacks.remove(seen)
        gc.unfreeze()
        gc.enable()
