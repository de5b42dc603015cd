"""Task actions: undo history, recurrence, order and quadrants, on a real store."""

from datetime import date

from credo import actions
from credo.domain.models import Task
from credo.domain.quadrants import Quadrant, arrange
from credo.store import Store


def test_history_undo_redo(store: Store) -> None:
    history = actions.History(store)
    task, changes = actions.add_task(store, "a")
    history.record(changes)
    history.record(actions.complete_task(store, task.id)[1])
    history.undo()
    assert store.read(Task, task.id).status == "open"
    history.undo()
    assert store.tasks() == []
    history.redo()
    history.redo()
    assert store.read(Task, task.id).status == "done"
    assert history.writes == 6  # two actions, two undos, two redos


def test_recurring_completion_creates_next(store: Store) -> None:
    task, _ = actions.add_task(store, "weekly sync every:week due:2026-11-25")
    done, changes = actions.complete_task(store, task.id, commit="f" * 40, today=date(2026, 11, 25))
    assert done.done_commit == "f" * 40 and len(changes) == 2
    following = store.read(Task, changes[1].item_id)
    assert following.due == date(2026, 12, 2) and following.status == "open"


def test_reorder_changes_one_file(store: Store) -> None:
    ids = [actions.add_task(store, f"t{i} !")[0].id for i in range(4)]
    files = {i: store.credo_dir / "tasks" / f"{i}.toml" for i in ids}
    before = {i: files[i].read_bytes() for i in ids}
    _, changes = actions.reorder_task(store, ids[3], -2)
    assert [c.item_id for c in changes] == [ids[3]]
    assert [i for i in ids if files[i].read_bytes() != before[i]] == [ids[3]]
    column = arrange(store.tasks(), date.today(), 2)[Quadrant.SCHEDULE]
    assert [t.id for t in column] == [ids[0], ids[3], ids[1], ids[2]]


def test_move_between_quadrants(store: Store) -> None:
    task, _ = actions.add_task(store, "later")
    moved, _ = actions.move_task(store, task.id, Quadrant.DO)
    assert moved.important and moved.urgent


def test_reorder_renumbers_when_floats_run_out(store: Store) -> None:
    ids = [actions.add_task(store, f"t{i} !")[0].id for i in range(3)]
    for item_id, order in zip(ids, (1.0, 1.0 + 2**-52, 5.0), strict=True):
        store.update(Task, item_id, lambda t, o=order: t.model_copy(update={"order": o}))
    _, changes = actions.reorder_task(store, ids[2], -1)
    column = arrange(store.tasks(), date.today(), 2)[Quadrant.SCHEDULE]
    assert [t.id for t in column] == [ids[0], ids[2], ids[1]]
    assert len(changes) == 3
    actions.undo(store, changes)
    column = arrange(store.tasks(), date.today(), 2)[Quadrant.SCHEDULE]
    assert [t.id for t in column] == ids
