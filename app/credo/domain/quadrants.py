"""The Eisenhower matrix: which quadrant a task is in, and what moving it means."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum
from operator import attrgetter

from credo.domain.models import Task
from credo.errors import BadInputError

MANUAL_ORDER = attrgetter("order", "id")
"""A quadrant's tasks in the order people put them in (ties broken by id): a sort key."""
_BY_ID = attrgetter("id")
_BY_ORDER = attrgetter("order")


class Quadrant(StrEnum):
    DO = "do"
    SCHEDULE = "schedule"
    DELEGATE = "delegate"
    ELIMINATE = "eliminate"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def hint(self) -> str:
        """What puts a task here, in the one wording the shell, the board, the add box
        and agents all use: `important, not urgent`."""
        important, urgent = _FLAGS[self]
        return f"{'' if important else 'not '}important, {'' if urgent else 'not '}urgent"

    @property
    def brief(self) -> str:
        """`hint` where a heading has no room for it (Eliminate's whole fits only from 140
        columns): `important only`, `urgent only`, `neither`."""
        return _BRIEF[self]

    @property
    def flags(self) -> tuple[bool, bool]:
        """(important, urgent) of a task placed here."""
        return _FLAGS[self]


QUADRANTS: tuple[Quadrant, ...] = tuple(Quadrant)

_FLAGS = {
    Quadrant.DO: (True, True),
    Quadrant.SCHEDULE: (True, False),
    Quadrant.DELEGATE: (False, True),
    Quadrant.ELIMINATE: (False, False),
}
_BRIEF = {
    Quadrant.DO: "important, urgent",  # as short as `important and urgent` says it
    Quadrant.SCHEDULE: "important only",
    Quadrant.DELEGATE: "urgent only",
    Quadrant.ELIMINATE: "neither",
}
_BY_FLAGS = {flags: quadrant for quadrant, flags in _FLAGS.items()}
_ALIASES = {
    "1": Quadrant.DO,
    "2": Quadrant.SCHEDULE,
    "3": Quadrant.DELEGATE,
    "4": Quadrant.ELIMINATE,
}


def parse_quadrant(text: str) -> Quadrant:
    """`do`, `Schedule`, `3`, `elim`... -> Quadrant."""
    key = text.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    matches = [q for q in Quadrant if q.value.startswith(key)] if key else []
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(q.value for q in Quadrant)
    raise BadInputError(f"unknown quadrant {text!r}: use one of {names} (or 1-4)")


def urgent_until(today: date, horizon_days: int) -> date:
    """The last due date that makes a task urgent today (the horizon's end)."""
    return today + timedelta(days=horizon_days)


def due_is_urgent(due: date | None, today: date, horizon_days: int) -> bool:
    """A due date within the horizon (or past) makes a task urgent."""
    return _due_by(due, urgent_until(today, horizon_days))


def is_urgent(task: Task, today: date, horizon_days: int) -> bool:
    return _urgent_by(task, urgent_until(today, horizon_days))


def _due_by(due: date | None, until: date) -> bool:
    return due is not None and due <= until


def _urgent_by(task: Task, until: date) -> bool:
    """Urgent by its flag, or by a due date on or before `until` (the horizon's end)."""
    return task.urgent or _due_by(task.due, until)


def quadrant_for(important: bool, urgent: bool) -> Quadrant:
    """The quadrant of these flags."""
    return _BY_FLAGS[important, urgent]


def quadrant_of(task: Task, today: date, horizon_days: int) -> Quadrant:
    """Where a task sits today: its flags, with a near due date counting as urgent."""
    return _quadrant_by(task, urgent_until(today, horizon_days))


def _quadrant_by(task: Task, until: date) -> Quadrant:
    return _BY_FLAGS[task.important, _urgent_by(task, until)]  # `quadrant_for`, one call fewer


def placement_words(important: bool, urgent: bool) -> str:
    """Where a new task lands, and why: `not important, not urgent → Eliminate`."""
    quadrant = quadrant_for(important, urgent)
    return f"{quadrant.hint} → {quadrant.label}"


def flags_for_move(
    task: Task, target: Quadrant, today: date, horizon_days: int, named: Callable[[], str]
) -> tuple[bool, bool]:
    """The (important, urgent) flags that put `task` in `target`, or a clear refusal,
    which names the task by `named()` (its short id, which the store lists: asked only
    then).

    A due date inside the horizon keeps a task urgent whatever its flag says, so
    moving such a task to a not-urgent quadrant needs its due date changed first.
    """
    important, urgent = target.flags
    if not urgent and due_is_urgent(task.due, today, horizon_days):
        raise BadInputError(
            f"task {named()} is due {task.due}, which makes it urgent; "
            "change or clear its due date to move it to "
            f"{target.label}"
        )
    return important, urgent


def order_between(before: float | None, after: float | None) -> float | None:
    """An order value strictly between two neighbours, or None when floats run out."""
    if before is None and after is None:
        return 0.0
    if before is None:
        assert after is not None
        return after - 1.0
    if after is None:
        return before + 1.0
    middle = (before + after) / 2
    if not before < middle < after:
        return None
    return middle


def arrange(tasks: list[Task], today: date, horizon_days: int) -> dict[Quadrant, list[Task]]:
    """Tasks by quadrant, each list in manual order (ties broken by id). The board passes
    the open ones, or those a `status:` filter asks for."""
    board: dict[Quadrant, list[Task]] = {q: [] for q in QUADRANTS}
    until = urgent_until(today, horizon_days)  # once: ten thousand tasks at a board's start
    for task in tasks:
        board[_quadrant_by(task, until)].append(task)
    for column in board.values():
        # MANUAL_ORDER in two stable sorts by one key each: floats and strings compare in
        # C, where (order, id) tuples compare element by element (a third of the time).
        column.sort(key=_BY_ID)
        column.sort(key=_BY_ORDER)
    return board
