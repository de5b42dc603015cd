"""Task actions: undo history, recurrence, order and quadrants, on a real store."""

from datetime import date

import pytest

from credo import actions
from credo.actions.history import History, undo
from credo.domain.models import Task
from credo.domain.quadrants import Quadrant, arrange
from credo.errors import BadInputError, CredoError
from credo.store import Store


def test_history_undo_redo(store: Store) -> None:
    history = History(store)
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


def test_history_keeps_its_last_steps_only(store: Store) -> None:
    """A board open for a week kept every step it ever took, with every file's bytes."""
    from credo.actions.history import MAX_STEPS

    store.durable = False  # hundreds of writes: no fsync each
    history = History(store)
    task, changes = actions.add_task(store, "v0")
    history.record(changes)
    for version in range(1, MAX_STEPS + 6):
        history.record(
            [
                store.update(
                    Task, task.id, lambda t, v=version: t.model_copy(update={"title": f"v{v}"})
                )[1]
            ]
        )
    assert len(history.done) == MAX_STEPS
    undone = 0
    with pytest.raises(CredoError, match="nothing to undo"):
        while True:
            history.undo()
            undone += 1
    assert undone == MAX_STEPS
    assert store.read(Task, task.id).title == "v5"  # the add and the first five edits stay
    assert len(history.undone) == MAX_STEPS


def test_recurring_completion_creates_next(store: Store) -> None:
    task, _ = actions.add_task(store, "weekly sync every:week due:2026-11-25")
    done, changes = actions.complete_task(store, task.id, commit="f" * 40, today=date(2026, 11, 25))
    assert done.done_commit == "f" * 40 and len(changes) == 2
    following = store.read(Task, changes[1].item_id)
    assert following.due == date(2026, 12, 2) and following.status == "open"


def test_reopening_a_done_occurrence_takes_back_its_untouched_next(store: Store) -> None:
    """`credo undone` of a repeating task left two open copies: the one reopened and the
    next its completion made. The next goes while no one has touched it; done again,
    the series makes it again."""
    task, _ = actions.add_task(store, "water the plants every:day due:2026-11-25")
    _, changes = actions.complete_task(store, task.id, today=date(2026, 11, 25))
    following = changes[1].item_id
    _, reopened = actions.reopen_task(store, task.id)
    assert [t.id for t in store.tasks() if t.is_open] == [task.id]
    assert {c.item_id for c in reopened} == {task.id, following}
    _, changes = actions.complete_task(store, task.id, today=date(2026, 11, 25))
    assert changes[1].item_id == following and store.read(Task, following).is_open
    # touched since (an edit): the next is someone's work now, and stays
    actions.edit_task(store, following, title="water the plants and the herbs")
    actions.reopen_task(store, task.id)
    assert sorted(t.id for t in store.tasks() if t.is_open) == sorted([task.id, following])


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("2026-01-31", ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]),
        ("2028-01-31", ["2028-02-29", "2028-03-31"]),  # a leap year
        ("2026-01-30", ["2026-02-28", "2026-03-30"]),
    ],
)
def test_a_monthly_series_keeps_its_day_through_short_months(
    store: Store, first: str, expected: list[str]
) -> None:
    """Each occurrence is made from the one before: a day the short month moved (31 ->
    Feb 28) is kept in its file, or March would fall on the 28th."""
    path = store.credo_dir / "tasks" / "aaaa0000bbbb1111.toml"
    # As a credo before `month_day` wrote it: such files still load and keep their day.
    path.write_text(
        f'id = "aaaa0000bbbb1111"\ntitle = "Pay the cluster bill"\ndue = {first}\n'
        'every = "month"\ncreated = 2026-01-01T09:00:00Z\nupdated = 2026-01-01T09:00:00Z\n'
    )
    task = store.read(Task, "aaaa0000bbbb1111")
    dues = []
    for _ in expected:
        assert task.due is not None
        _, changes = actions.complete_task(store, task.id, today=task.due)
        task = store.read(Task, changes[-1].item_id)
        dues.append(task.due.isoformat() if task.due else None)
    assert dues == expected


@pytest.mark.parametrize(
    ("done_on", "expected"),
    [
        ("2026-01-31", ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]),
        ("2028-01-31", ["2028-02-29", "2028-03-31"]),  # a leap year
    ],
)
def test_a_monthly_task_with_no_due_date_keeps_the_day_it_was_done(
    store: Store, done_on: str, expected: list[str]
) -> None:
    """A repeating task whose due date was cleared (credo edit --no-due), done on the 31st,
    was next due Feb 28 and then on the 28th for good: the day it was done is its day."""
    task, _ = actions.add_task(store, "Pay the cluster bill", every="month")
    actions.edit_task(store, task.id, due=None)
    today, dues = date.fromisoformat(done_on), []
    for _ in expected:
        _, changes = actions.complete_task(store, task.id, today=today)
        task = store.read(Task, changes[-1].item_id)
        assert task.due is not None
        today = task.due
        dues.append(task.due.isoformat())
    assert dues == expected


def test_a_monthly_series_moved_by_hand_follows_its_new_day(store: Store) -> None:
    task, _ = actions.add_task(store, "Pay the bill", due=date(2026, 1, 31), every="month")
    _, changes = actions.complete_task(store, task.id, today=date(2026, 1, 31))
    february = changes[-1].item_id
    actions.edit_task(store, february, due=date(2026, 2, 15))
    _, changes = actions.complete_task(store, february, today=date(2026, 2, 15))
    assert store.read(Task, changes[-1].item_id).due == date(2026, 3, 15)


def test_an_edit_of_one_occurrence_refused_leaves_the_series_as_it_was(store: Store) -> None:
    task, _ = actions.add_task(store, "Weekly sync", due=date(2026, 11, 26), every="week")
    before = {p.name: p.read_bytes() for p in (store.credo_dir / "tasks").glob("*.toml")}
    with pytest.raises(BadInputError, match="needs a title"):
        actions.this_one_only(store, task.id, lambda: actions.edit_task(store, task.id, title=" "))
    after = {p.name: p.read_bytes() for p in (store.credo_dir / "tasks").glob("*.toml")}
    assert after == before


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
    undo(store, changes)
    column = arrange(store.tasks(), date.today(), 2)[Quadrant.SCHEDULE]
    assert [t.id for t in column] == ids


def test_a_done_task_cannot_be_reordered(store: Store) -> None:
    """Reordering moves a task among the open ones of its quadrant; a done one (the board
    can show it under `status:done`) has no place there."""
    first, second = (actions.add_task(store, f"t{i} !")[0].id for i in range(2))
    actions.complete_task(store, first)
    with pytest.raises(CredoError, match="not on the board"):
        actions.reorder_task(store, first, 1)
    assert actions.reorder_task(store, second, -1)[1] == []  # alone among the open ones


def test_a_tag_of_several_words_is_one_tag_the_filter_can_name(store: Store) -> None:
    """`credo edit --tag "data prep"` (or an agent's add_task) stored a tag with a space:
    no quick-add line makes one, and the board's `#tag` filter cannot name it."""
    task, _ = actions.add_task(store, "clean the corpus", tags=["data prep", " #ml  infra "])
    assert store.read(Task, task.id).tags == ["data-prep", "ml-infra"]
    actions.edit_task(store, task.id, tags=["label\tnoise", "data prep"])
    assert store.read(Task, task.id).tags == ["label-noise", "data-prep"]


def test_a_task_made_to_repeat_without_a_due_date_is_due_today_by_add_and_edit(
    store: Store,
) -> None:
    """`credo add "x every:week"` made it due today, while `credo edit ID --every week`
    left a task with no due date without one: both now start the series today."""
    today = date(2026, 11, 24)
    added, _ = actions.add_task(store, "weekly sync every:week", today=today)
    plain, _ = actions.add_task(store, "water the plants")
    edited, _ = actions.edit_task(store, plain.id, every="week")
    assert added.due == today and edited.every == "week"
    assert edited.due == edited.updated.astimezone().date()  # its day, as edit read it
    assert store.read(Task, edited.id).due == edited.due
    cleared, _ = actions.edit_task(store, plain.id, every="day", due=None)
    assert cleared.due is None  # a due date cleared with the rule given stays cleared
    retitled, _ = actions.edit_task(store, plain.id, title="water the herbs")
    assert retitled.due is None  # an edit that gives no rule leaves the date alone


def test_starting_a_done_task_is_refused_before_the_one_in_progress_is_put_back(
    store: Store,
) -> None:
    """`credo start ID` on a task already done put the person's task in progress back to
    open, then refused the done one: they were left with nothing in progress."""
    going, _ = actions.add_task(store, "Write the loader")
    done, _ = actions.add_task(store, "Plot the loss")
    actions.start_task(store, going.id, "ana@example.com")
    actions.complete_task(store, done.id)
    with pytest.raises(CredoError, match="is done; reopen it first"):
        actions.start_task(store, done.id, "ana@example.com")
    kept = store.read(Task, going.id)
    assert (kept.status, kept.in_progress_by) == ("in_progress", "ana@example.com")
