"""Task actions: add, complete, edit, move, reorder, pin, drop, remove, claim."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

from credo.domain.assignees import is_agent, known_as, refuse_others, resolve_assignee
from credo.domain.models import (
    Task,
    TaskStatus,
    checked_due,
    checked_text,
    checked_title,
    clean_tags,
    now,
    with_note,
)
from credo.domain.quadrants import (
    Quadrant,
    arrange,
    flags_for_move,
    order_between,
    quadrant_of,
)
from credo.domain.quickadd import QuickAdd, parse_quick_add
from credo.domain.recurrence import following_due, kept_month_day, parse_every
from credo.errors import AlreadyExistsError, BadInputError, CredoError
from credo.store.active import held_by
from credo.store.ids import derived_id, new_id
from credo.store.store import Change, LoadProblem, Store

T = TypeVar("T")


def _today(today: date | None) -> date:
    return today or date.today()


def _end_order() -> float:
    """An order after every task placed so far, without reading them all.

    Manual orders are small numbers and midpoints between them; the clock is
    always past them, so a new or moved task lands at the end of its quadrant.
    """
    return time.time()


def add_task(
    store: Store,
    line: str | QuickAdd,
    *,
    important: bool = False,
    urgent: bool = False,
    due: date | None = None,
    tags: Iterable[str] = (),
    notes: str = "",
    every: str | None = None,
    assignee: str | None = None,
    people: Sequence[str] | None = None,
    said: Mapping[str, str] | None = None,
    today: date | None = None,
) -> tuple[Task, list[Change]]:
    """Add a task from a quick-add line plus explicit options (a field both give is
    refused; the line's sigils, tags and options add up).

    The line may come already read (the app's add box reads it in a worker).
    `people` (git authors, assignees on tasks) completes a teammate's name.
    `said`: how the face names an option given, with its value as typed, quoted, for
    that refusal (`{"due": "'--due friday'"}`; an agent's `'friday' in the due field`);
    an option not in it is named as the shell's, with its value.
    """
    today = _today(today)
    parsed = line if isinstance(line, QuickAdd) else parse_quick_add(line, today)
    options = {
        "due:": ("due", due and due.isoformat()),
        "every:": ("every", every),
        "@": ("assignee", assignee),
    }
    for field, (option, value) in options.items():
        if value:
            parsed.refuse_also(field, (said or {}).get(option, repr(f"--{option} {value}")))
    rule = parse_every(every) if every else parsed.every
    task = _series_from(
        Task(
            id=new_id(),
            title=parsed.title,
            notes=checked_text(notes, "notes"),
            important=important or parsed.important,
            urgent=urgent or parsed.urgent,
            due=checked_due(due, today) or parsed.due,
            tags=clean_tags([*parsed.tags, *tags]),
            every=rule,
            order=_end_order(),
            assignee=resolve_assignee(assignee or parsed.assignee, people),
        ),
        today,
    )
    return task, [store.create(task)]


def _series_from(task: Task, today: date) -> Task:
    """A task made to repeat with no due date is due `today`: its series starts there
    and keeps that day (a week from a Monday stays on Mondays), and the board shows it
    due, as it will show every later occurrence. `credo add` and `credo edit` alike."""
    if task.every and task.due is None:
        return task.model_copy(update={"due": today})
    return task


def complete_task(
    store: Store,
    prefix: str,
    *,
    commit: str | None = None,
    today: date | None = None,
    at: datetime | None = None,
    names: list[str] | None = None,
    check: Callable[[Task], None] | None = None,
) -> tuple[Task, list[Change]]:
    """Mark a task done (at `commit`, at the moment `at`, default now); a recurring one
    gets its next occurrence. `names`: the tasks folder's, when the caller listed it.
    `check`: what refuses the task as it is then (see `edit_task`).

    The next occurrence is worked out before anything is written (a rule or date that
    cannot give one refuses the whole action), and its id comes from this task's, so
    two clones completing the same occurrence make the same file, merged as one.
    """
    item_id, names = store.resolve_listing(Task, prefix, names)
    following: list[Task] = []

    def finish(task: Task) -> Task:
        finished, occurrence = _finished(store, task, commit, at, today)
        if occurrence:
            following.append(occurrence)
        return finished

    task, change = store.update(Task, item_id, _after(check, finish), names)
    changes = [change]
    for occurrence in following:
        try:
            changes.append(store.create(occurrence))
        except AlreadyExistsError:
            pass  # completed before (then reopened), or by a teammate: it is there
    return task, changes


def complete_tasks(
    store: Store,
    prefixes: Iterable[str],
    *,
    commit: str | None = None,
    check: Callable[[Task], None] | None = None,
) -> list[tuple[Task, list[Change]]]:
    """Mark several tasks done (`credo done a b c`), each as `complete_task` does. Every
    id is resolved and every task checked (`check` too) before the first is written: a
    wrong id or a task already done refuses them all. An id given twice is done once."""

    finishable = _after(check, lambda t: _finished(store, t, commit, None, None))
    item_ids, names = _all_or_none(store, prefixes, finishable)
    return [
        complete_task(store, item_id, commit=commit, names=names, check=check)
        for item_id in item_ids
    ]


def conflicted_tasks(problems: Iterable[LoadProblem]) -> list[tuple[Task, LoadProblem]]:
    """The tasks whose files a merge left conflicted, as this clone's side of the merge
    has them (`LoadProblem.ours`), each with its problem: `credo ls` and the agents'
    `list_tasks` list them in their quadrants after the readable tasks, marked unreadable
    (the board shows them so too)."""
    return [(p.ours, p) for p in problems if isinstance(p.ours, Task)]


def agents_only_theirs(store: Store, actor: str | None) -> Callable[[Task], None] | None:
    """What refuses `actor` a task when it is an agent (`refuse_others`: one no one has,
    or its own), as a `check` of the actions that change one: its shell's `credo done`,
    `edit`, `drop`, `undone` and `mv --assignee` as its MCP tools. None for a person."""
    if actor is None or not is_agent(actor):
        return None
    agent = actor
    return lambda task: refuse_anothers(store, task, agent)


def refuse_anothers(store: Store, task: Task, agent: str) -> None:
    """Refuse `agent` a task another has (`refuse_others`), naming the task by its short
    id and whoever has it in progress by their name (`name_of`)."""

    def named(by: str) -> str:
        from credo.gitlink.authors import name_of

        return name_of(store.git_root, by)

    refuse_others(task, agent, lambda: store.short_id(Task, task.id), named)


def _after(
    check: Callable[[Task], None] | None, change: Callable[[Task], T]
) -> Callable[[Task], T]:
    """`change`, once `check` (None: none) has not refused the task as it is then."""
    if check is None:
        return change

    def checked(task: Task) -> T:
        check(task)
        return change(task)

    return checked


def _all_or_none(
    store: Store, prefixes: Iterable[str], check: Callable[[Task], object]
) -> tuple[list[str], list[str] | None]:
    """The ids of several tasks a command changes alike (`credo done a b`), each resolved
    and `check`ed (it raises what refuses one) before the first is written: a wrong id or
    one refused refuses them all. An id given twice counts once. With them, the tasks
    folder's names, listed once for them all (None: whole ids, no listing)."""
    names = None
    item_ids = []
    for prefix in prefixes:
        item_id, names = store.resolve_listing(Task, prefix, names)
        item_ids.append(item_id)
    item_ids = list(dict.fromkeys(item_ids))
    for item_id in item_ids:
        check(store.read(Task, item_id))
    return item_ids, names


def task_in_progress(store: Store, person: str) -> str:
    """The id of the task `person` has in progress: what a bare `credo done` completes
    (one at a time, `start_task` keeps it so; none, or several pulled in, are refused)."""
    mine = store.active(("tasks",)).mine(person)
    if len(mine) == 1:
        return mine[0]
    short = store.short_ids(Task)  # refused only: the listing costs a bare `done` nothing
    ids = ", ".join(sorted(short[task_id] for task_id in mine))
    said = (
        f"{len(mine)} of your tasks are in progress ({ids})"
        if mine
        else "no task of yours is in progress"
    )
    raise CredoError(f"{said}: name the one to mark done (credo done ID; credo ls shows ids)")


def _finished(
    store: Store, task: Task, commit: str | None, at: datetime | None, today: date | None
) -> tuple[Task, Task | None]:
    """`task` done, and its next occurrence if it repeats; refused if it is done."""
    if task.status == TaskStatus.DONE:
        raise CredoError(f"task {store.short_id(Task, task.id)} is already done")
    occurrence = _next_occurrence(task, _today(today)) if task.every else None
    finished = task.model_copy(
        update={
            "status": TaskStatus.DONE,
            "done_at": at or now(),
            "done_commit": commit,
            "in_progress_by": None,
        }
    )
    return finished, occurrence


def _next_occurrence(task: Task, today: date) -> Task:
    """The following occurrence of a recurring task, due on its next date."""
    assert task.every is not None
    due = following_due(task.every, task.due, today, task.month_day)
    day = task.month_day or (task.due or today).day  # with no due date, the day it was done
    made = now()  # created and updated alike: untouched, as `reopen_task` tells
    return task.model_copy(
        update={
            "id": derived_id(task.id, "next"),
            "status": TaskStatus.OPEN,
            "due": due,
            "month_day": kept_month_day(task.every, due, day),
            "done_at": None,
            "done_commit": None,
            "closed_by": None,
            "in_progress_by": None,
            "pinned": None,
            "created": made,
            "updated": made,
        }
    )


def detach_occurrence(
    store: Store, prefix: str, today: date | None = None
) -> tuple[Task, list[Change]]:
    """Take one occurrence out of its series ("this one only").

    The series goes on from a new occurrence at the next date; this task keeps
    its date but no longer repeats, so edits or drops touch it alone.
    """
    item_id = store.resolve(Task, prefix)
    current = store.read(Task, item_id)
    if not current.every:
        return current, []
    changes = []
    try:
        changes.append(store.create(_next_occurrence(current, _today(today))))
    except AlreadyExistsError:
        pass  # the series already goes on from there
    task, change = store.update(Task, item_id, lambda t: t.model_copy(update={"every": None}))
    return task, [*changes, change]


def this_one_only(
    store: Store,
    prefix: str,
    action: Callable[[], tuple[T, list[Change]]],
    today: date | None = None,
) -> tuple[T, list[Change]]:
    """Do `action` (an edit, a drop) to one occurrence of a series: `detach_occurrence`
    first. One action for the user, so one undo: the changes of both, together; and an
    action refused leaves the occurrence in its series, as it was."""
    _, detached = detach_occurrence(store, prefix, today)
    try:
        result, changes = action()
    except CredoError:
        store.revert(detached)
        raise
    return result, [*detached, *changes]


def reopen_tasks(
    store: Store, prefixes: Iterable[str], check: Callable[[Task], None] | None = None
) -> list[tuple[Task, list[Change]]]:
    """Open several tasks again (`credo undone a b`), all or none, as `complete_tasks`
    (`check` too)."""
    reopened = _after(check, lambda t: _reopened(store, t))
    item_ids, names = _all_or_none(store, prefixes, reopened)
    return [reopen_task(store, item_id, names, check) for item_id in item_ids]


def _reopened(store: Store, task: Task) -> Task:
    """`task` open again; refused if it is open."""
    if task.is_open:
        short = store.short_id(Task, task.id)
        stop = f" (credo stop {short} puts it back to open)"
        said = stop if task.status == TaskStatus.IN_PROGRESS else ""
        raise CredoError(f"task {short} is {task.status.label}: nothing to reopen{said}")
    return task.model_copy(
        update={
            "status": TaskStatus.OPEN,
            "done_at": None,
            "done_commit": None,
            "in_progress_by": None,
            "reopened": now(),
        }
    )


def reopen_task(
    store: Store,
    prefix: str,
    names: list[str] | None = None,
    check: Callable[[Task], None] | None = None,
) -> tuple[Task, list[Change]]:
    """Undo "done" or "dropped": the task is open again, and stays so (`Task.reopened`).
    A repeating task's next occurrence, made by its completion, goes while untouched: the
    series is open once, not twice (done again, it comes back with the same id).
    `names`: the tasks folder's, when the caller listed it. `check`: what refuses the
    task as it is then (see `edit_task`)."""
    item_id, names = store.resolve_listing(Task, prefix, names)
    reopened = _after(check, lambda t: _reopened(store, t))
    task, change = store.update(Task, item_id, reopened, names)
    changes = [change]
    if task.every:
        try:
            changes.append(store.delete(Task, derived_id(item_id, "next"), _untouched))
        except CredoError:
            pass  # none, or someone's work now (edited, started, done): it stays
    return task, changes


def _untouched(task: Task) -> None:
    """Refuse a task changed since it was made (a series' next occurrence)."""
    if task.updated != task.created:
        raise CredoError(f"task {task.id[:7]} was changed since it was made")


def drop_tasks(
    store: Store, prefixes: Iterable[str], check: Callable[[Task], None] | None = None
) -> list[tuple[Task, list[Change]]]:
    """Drop several tasks (`credo drop a b`), all or none, as `complete_tasks` (`check`
    too)."""
    item_ids, names = _all_or_none(store, prefixes, _after(check, lambda t: _dropped(store, t)))
    return [drop_task(store, item_id, names, check) for item_id in item_ids]


def _dropped(store: Store, task: Task) -> Task:
    """`task` dropped; refused if it is."""
    if task.status == TaskStatus.DROPPED:
        raise CredoError(f"task {store.short_id(Task, task.id)} is already dropped")
    return task.model_copy(update={"status": TaskStatus.DROPPED, "in_progress_by": None})


def drop_task(
    store: Store,
    prefix: str,
    names: list[str] | None = None,
    check: Callable[[Task], None] | None = None,
) -> tuple[Task, list[Change]]:
    """Archive a task without doing it (kept on disk, hidden from the board). `names`: the
    tasks folder's, when the caller listed it. `check`: what refuses the task as it is
    then (see `edit_task`)."""
    item_id, names = store.resolve_listing(Task, prefix, names)
    dropped = _after(check, lambda t: _dropped(store, t))
    task, change = store.update(Task, item_id, dropped, names)
    return task, [change]


def remove_task(store: Store, prefix: str) -> tuple[str, list[Change]]:
    """Delete a task's file for good."""
    item_id = store.resolve(Task, prefix)
    return item_id, [store.delete(Task, item_id)]


EDITABLE = (
    "title",
    "notes",
    "important",
    "urgent",
    "due",
    "tags",
    "every",
    "status",
    "assignee",
)


def edit_task(
    store: Store,
    prefix: str,
    *,
    people: Sequence[str] | None = None,
    add_note: str | None = None,
    check: Callable[[Task], None] | None = None,
    **fields: Any,
) -> tuple[Task, list[Change]]:
    """Change some fields of a task; unknown field names are refused. Given a repeat
    rule and no due date, a task with none is due today, as `add_task` makes it.
    `add_note`: a line added under the notes as they are when written (a teammate's
    edit made meanwhile is kept). `check`: what refuses the task as it is then."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise BadInputError(f"cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)}")
    if add_note is not None:
        if "notes" in fields:
            raise BadInputError("give new notes or a note to add under them, not both")
        add_note = checked_text(add_note, "a note").strip("\n")
        if not add_note.strip():
            raise BadInputError("the note to add is empty")
    if fields.get("every") is not None:
        fields["every"] = parse_every(fields["every"])
    if "title" in fields:
        fields["title"] = checked_title(fields["title"])
    if "notes" in fields:
        fields["notes"] = checked_text(fields["notes"], "notes")
    if "tags" in fields:
        fields["tags"] = clean_tags(fields["tags"])
    if "due" in fields:
        fields["due"] = checked_due(fields["due"], date.today())
    if "assignee" in fields:
        fields["assignee"] = resolve_assignee(fields["assignee"], people)
    item_id = store.resolve(Task, prefix)

    def apply(task: Task) -> Task:
        data = {**task.model_dump(), **fields}
        if add_note is not None:
            data["notes"] = with_note(task.notes, add_note)
        if data["due"] != task.due:
            data["month_day"] = None  # a date set by hand gives the series its day
        try:
            edited = Task.model_validate(data)
        except ValueError as error:
            raise BadInputError(f"task {store.short_id(Task, item_id)}: {error}") from None
        if "every" in fields and "due" not in fields:  # a due date cleared stays so
            return _series_from(edited, date.today())
        return edited

    task, change = store.update(Task, item_id, _after(check, apply))
    return task, [change]


def changed_meanwhile(read: Task, now: Task, fields: Mapping[str, Any]) -> list[str]:
    """The `fields` an edit of the task as `read` would write over a change made since:
    those `now` (the task on disk, as the edit is written) holds otherwise than both `read`
    and the edit (a teammate's pull, another terminal). Written, that change would be lost
    unseen: both faces refuse them and keep what was typed."""
    return [
        name
        for name, value in fields.items()
        if getattr(now, name) not in (getattr(read, name), value)
    ]


def move_task(
    store: Store,
    prefix: str,
    target: Quadrant,
    today: date | None = None,
    *,
    assignee: str | None = None,
    people: Sequence[str] | None = None,
    check: Callable[[Task], None] | None = None,
) -> tuple[Task, list[Change]]:
    """Put a task in another quadrant, at the end of it, given to `assignee` if named (one
    change, so one undo). `check`: what refuses the task as it is then (see `edit_task`)."""
    today = _today(today)
    item_id, names = store.resolve_listing(Task, prefix)
    horizon = store.config.urgency_horizon_days
    order = _end_order()
    who = resolve_assignee(assignee, people)

    def move(task: Task) -> Task:
        if who is not None:
            task = task.model_copy(update={"assignee": who})
        if quadrant_of(task, today, horizon) == target:
            return task
        important, urgent = flags_for_move(
            task, target, today, horizon, lambda: store.short_id(Task, item_id)
        )
        return task.model_copy(update={"important": important, "urgent": urgent, "order": order})

    task, change = store.update(Task, item_id, _after(check, move), names)
    return task, [change]


def reorder_task(
    store: Store, prefix: str, offset: int, today: date | None = None
) -> tuple[Task, list[Change]]:
    """Move a task `offset` places up (<0) or down (>0) inside its quadrant.

    Only the moved task's file changes: it takes an order between its new neighbours.
    Only when floating point runs out between two neighbours is the quadrant renumbered.
    """
    today = _today(today)
    item_id = store.resolve(Task, prefix)
    horizon = store.config.urgency_horizon_days
    board = arrange([t for t in store.tasks() if t.is_open], today, horizon)
    column = next((c for c in board.values() if any(t.id == item_id for t in c)), None)
    if column is None:
        short = store.short_id(Task, item_id)
        raise CredoError(f"task {short} is not on the board (done or dropped)")
    index = next(i for i, t in enumerate(column) if t.id == item_id)
    target = max(0, min(len(column) - 1, index + offset))
    if target == index:
        return store.read(Task, item_id), []
    others = [t for t in column if t.id != item_id]
    before = others[target - 1].order if target > 0 else None
    after = others[target].order if target < len(others) else None
    order = order_between(before, after)
    changes: list[Change] = []
    if order is None:
        for position, other in enumerate(others):
            changes.append(_set_order(store, other.id, position + (position >= target))[1])
        order = float(target)
    task, change = _set_order(store, item_id, order)
    return task, [*changes, change]


def _set_order(store: Store, item_id: str, order: float) -> tuple[Task, Change]:
    def place(task: Task) -> Task:
        return task.model_copy(update={"order": float(order)})

    return store.update(Task, item_id, place)


def pin_task(store: Store, prefix: str, today: date | None = None) -> tuple[Task, list[Change]]:
    """Pin a task to today's focus, or unpin it if it already is."""
    today = _today(today)
    item_id = store.resolve(Task, prefix)
    task, change = store.update(
        Task,
        item_id,
        lambda t: t.model_copy(update={"pinned": None if t.pinned == today else today}),
    )
    return task, [change]


class Started(NamedTuple):
    """What `start_task` did. (A tuple: see `actions.history.Step`.)"""

    task: Task
    changes: list[Change]
    put_back: dict[str, str]
    """The ids of `person`'s tasks in progress before, open again, each with what `said`
    names it by: its title and short id."""
    taken_from: str | None
    """The teammate who had this task in progress, when it was someone else."""

    def said(self, names: Mapping[str, str]) -> list[str]:
        """What `credo start` and the board's `p` say of it (plain text): the task, whom
        it was taken from (by their name: `names`, `gitlink.authors.email_names`), and
        the person's tasks put back to open."""
        lines = [f"In progress: {self.task.title}"]
        if self.taken_from:
            who = known_as(names, self.taken_from)
            lines.append(f"Taken over from {who}, who had it in progress")
        lines += [f"Back to open: {named}" for named in self.put_back.values()]
        return lines


def start_task(store: Store, prefix: str, person: str, *, claim: bool = False) -> Started:
    """Mark a task "in progress" by `person` (see `gitlink.authors.person`): the commit
    hook then adds its trailer to their commits. `claim`: `person` (an agent) also
    becomes its assignee. An agent (claiming or not: `credo start` in its shell) is
    refused a task someone else has (`refuse_others`).

    One task is in progress per person; theirs before goes back to open. A teammate's
    task in progress (pulled through git) is not touched, unless it is this one: then
    `person` takes it over, and the result says from whom. Which ones are theirs comes
    from the store's small file of what is active (`Store.active`), not a full load.
    A task that cannot be started is refused before anything is written.
    """
    names = store.listing(Task)  # one listing: the id given, the small file's check, the write
    item_id, _ = store.resolve_listing(Task, prefix, names)

    def startable(task: Task) -> None:
        if not task.is_open:
            short = store.short_id(Task, item_id)  # for a refusal only: it may list again
            undone = f"credo undone {short}"
            raise CredoError(
                f"task {short} is {task.status.label}; reopen it first ({undone})", undone
            )
        if claim or is_agent(person):  # an agent's shell as its tools: none of another's
            refuse_anothers(store, task, person)

    startable(store.read(Task, item_id))  # before their task in progress is put back
    changes: list[Change] = []
    put_back: dict[str, str] = {}
    for other_id in store.active(("tasks",), {"tasks": names}).mine(person):
        other = store.read(Task, other_id)
        if other.status == TaskStatus.IN_PROGRESS and held_by(other.in_progress_by, person):
            if other_id != item_id:
                other, change = store.update(
                    Task,
                    other_id,
                    lambda t: t.model_copy(
                        update={"status": TaskStatus.OPEN, "in_progress_by": None}
                    ),
                    names,
                )
                changes.append(change)
                # the names listed above give its short id: no listing of its own
                put_back[other_id] = f"{other.title} ({store.short_id(Task, other_id)})"
    taken_from: str | None = None

    def begin(task: Task) -> Task:
        nonlocal taken_from
        startable(task)  # again: as written now
        if task.status == TaskStatus.IN_PROGRESS and task.in_progress_by != person:
            taken_from = task.in_progress_by
        update: dict[str, object] = {"status": TaskStatus.IN_PROGRESS, "in_progress_by": person}
        if claim:
            update["assignee"] = person
        return task.model_copy(update=update)

    task, change = store.update(Task, item_id, begin, names)
    return Started(task, [*changes, change], put_back, taken_from)


def stop_task(store: Store, prefix: str, person: str) -> tuple[Task, list[Change]]:
    """Put `person`'s task in progress back to open (Taskwarrior's `stop`): `credo stop`
    and the board's `p` on it. A task not in progress, or a teammate's, is refused, saying
    what to do instead."""
    item_id = store.resolve(Task, prefix)

    def stoppable(task: Task) -> Task:
        short = store.short_id(Task, item_id)
        if task.status != TaskStatus.IN_PROGRESS:
            raise CredoError(f"task {short} is not in progress ({task.status.label})")
        if not held_by(task.in_progress_by, person):
            from credo.gitlink.authors import name_of

            who = name_of(store.git_root, task.in_progress_by or "")
            raise CredoError(
                f"task {short} is in progress by {who}, not you: it is theirs to stop "
                f"(credo start {short} takes it over)"
            )
        return task.model_copy(update={"status": TaskStatus.OPEN, "in_progress_by": None})

    task, change = store.update(Task, item_id, stoppable)
    return task, [change]


def claim_task(store: Store, prefix: str, actor: str) -> Started:
    """`actor` (an agent) takes an open task and starts on it: it becomes the assignee
    and has it in progress (its task in progress before goes back to open, as
    `start_task` does for a person). A task someone else has is refused (they, or a
    person editing it, can hand it over); one `actor` has in progress already is left as
    it is (no change: nothing to undo)."""
    item_id = store.resolve(Task, prefix)
    task = store.read(Task, item_id)
    mine = task.assignee == actor and task.in_progress_by == actor
    if mine and task.status == TaskStatus.IN_PROGRESS:
        return Started(task, [], {}, None)
    return start_task(store, item_id, actor, claim=True)
