"""What the board shows, without Textual: the tasks, the four columns of rows, the focused
quadrant, the filters and the agents' marks. The screen draws it and turns keys into
calls on it; tests hold it without a pilot.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Callable, Container, Iterable
from datetime import date
from functools import partial
from itertools import chain, repeat
from operator import attrgetter
from typing import NamedTuple

from credo.domain.assignees import (
    KNOWN_AGENTS,
    handle_owner,
    handles_of,
    people_of,
)
from credo.domain.models import OPEN_STATUSES, Task
from credo.domain.quadrants import MANUAL_ORDER, QUADRANTS, Quadrant, arrange, quadrant_of
from credo.domain.task_filter import matches, read_filter
from credo.errors import CredoError
from credo.store.ids import short_id
from credo.store.store import Change, LoadProblem
from credo.ui.agent_marks import AgentMarks

# Grid positions: Do Schedule / Delegate Eliminate.
_RIGHT = {Quadrant.DO: Quadrant.SCHEDULE, Quadrant.DELEGATE: Quadrant.ELIMINATE}
_LEFT = {v: k for k, v in _RIGHT.items()}
_DOWN = {Quadrant.DO: Quadrant.DELEGATE, Quadrant.SCHEDULE: Quadrant.ELIMINATE}
_UP = {v: k for k, v in _DOWN.items()}
NEIGHBOURS = {"right": _RIGHT, "left": _LEFT, "down": _DOWN, "up": _UP}


class Row(NamedTuple):
    """A task as the board shows it, or a file that could not be read.

    (A tuple: the board makes one per open task at every load, and a frozen dataclass
    took three times as long to make: 15 ms of a 10,000-task board's start.)
    """

    task: Task | None
    problem: str | None = None
    path: str = ""
    linked: bool = False
    """Commits mention this task."""
    actor: str | None = None
    """The agent whose change this task shows (still as it left it), if any."""
    title: str = ""
    """An unreadable file's task title as this clone's side of a merge conflict has it
    (`LoadProblem.ours`): what its row in the quadrant shows, the path said on a key."""


_MAKE_ROW: Callable[[tuple[object, ...]], Row] = partial(tuple.__new__, Row)
"""A `Row` of all its fields in order, made as `Row(...)` makes it, with no Python call."""
_ID = attrgetter("id")


class BoardState:
    """The board's tasks and how they are arranged, filtered and focused."""

    def __init__(self) -> None:
        self.tasks: dict[str, Task] = {}
        self.problems: dict[str, LoadProblem] = {}
        self.focus = Quadrant.DO
        self.filter_words: list[str] = []
        self.today_only = False
        self.columns: dict[Quadrant, list[Row]] = {q: [] for q in QUADRANTS}
        self.agent_marks = AgentMarks()
        """The app's (the board takes it when it opens: the experiment log reads it too)."""
        self._short: dict[str, str] = {}
        self.handles: dict[str, str] = {}
        """The people the assignees that are handles mean (`handles_of`), for the rows
        (which hold this dict) and the filter: kept up as tasks and git's authors come."""
        self._authors: list[str] = []

    def know_authors(self, authors: list[str]) -> bool:
        """Take git's authors (read by a worker); returns whether a handle now means
        someone else (the rows and the filter then say so)."""
        self._authors = authors
        return self._find_handles()

    def _find_handles(self) -> bool:
        found = handles_of((t.assignee for t in self.tasks.values()), self._authors)
        if found == self.handles:
            return False
        self.handles.clear()  # the same dict: the lists hold it
        self.handles.update(found)
        return True

    def short_id(self, task_id: str) -> str:
        """A task's id as `credo ls` prints it (the shortest prefix no other task file
        shares, unreadable ones too): worked out for the tasks asked for alone (the
        detail's, not ten thousand at a board's start), kept until a task is made or
        removed, as a prefix may then need to grow."""
        found = self._short.get(task_id)
        if found is None:
            found = self._short[task_id] = short_id(task_id, chain(self.tasks, self.problems))
        return found

    @property
    def filtered(self) -> bool:
        return bool(self.filter_words) or self.today_only

    def load(self, tasks: dict[str, Task], problems: dict[str, LoadProblem]) -> None:
        self.tasks = dict(tasks)
        self.problems = problems
        self._short = {}
        if self._authors:  # none before git's authors are read: no handle to find
            self._find_handles()

    def visible_tasks(self, today: date) -> tuple[list[Task], int]:
        """Tasks passing the filters, and how many overdue ones the text filter hides. Open
        tasks only, unless a `status:` word asks for others (done, dropped)."""
        if not self.filtered:
            return [t for t in self.tasks.values() if t.status in OPEN_STATUSES], 0
        shown: list[Task] = []
        hidden_overdue = 0
        words = read_filter(self.filter_words)
        for task in self.tasks.values():
            if words.wanted is None and not task.is_open:
                continue
            overdue = task.due is not None and task.due < today
            due_by_today = task.due is not None and task.due <= today
            if self.today_only and task.pinned != today and not due_by_today:
                continue  # today: pinned, due today, and overdue (never hidden)
            if self.filter_words and not matches(task, words, self.handles):
                hidden_overdue += overdue and task.is_open
                continue
            shown.append(task)
        return shown, hidden_overdue

    def arrange(self, today: date, horizon: int, linked: Container[str]) -> int:
        """Build every column from the tasks; returns the overdue tasks the filter hides."""
        shown, hidden_overdue = self.visible_tasks(today)
        self.columns = {
            quadrant: self.rows(tasks, linked)
            for quadrant, tasks in arrange(shown, today, horizon).items()
        }
        for problem in self.problems.values():  # after the tasks: `_row_order`
            if (task := self._kept_in_quadrant(problem)) is not None:
                row = Row(None, problem.message, problem.path, title=task.title)
                self.columns[quadrant_of(task, today, horizon)].append(row)
        return hidden_overdue

    def problem_rows(self) -> list[Row]:
        """The unreadable files no quadrant shows (`_kept_in_quadrant`), for the row above."""
        return [
            Row(None, p.message, p.path)
            for p in self.problems.values()
            if self._kept_in_quadrant(p) is None
        ]

    @staticmethod
    def _kept_in_quadrant(problem: LoadProblem) -> Task | None:
        """The open task whose quadrant an unreadable task file keeps its row in: the one
        this clone's side of a merge conflict holds (`LoadProblem.ours`), if it reads."""
        task = problem.ours
        return task if isinstance(task, Task) and task.is_open else None

    def rows(self, tasks: list[Task], linked: Container[str]) -> list[Row]:
        """The tasks' rows, made in C: `Row`'s own `__new__` is a Python call, which took
        two fifths of a 10,000-task board's arranging (43 M instructions)."""
        marks = self.agent_marks
        fields = zip(
            tasks,
            repeat(None),
            repeat(""),
            map(linked.__contains__, map(_ID, tasks)),
            map(marks.actor_of, tasks) if marks else repeat(None),
            repeat(""),
        )
        return list(map(_MAKE_ROW, fields))

    def position(self, quadrant: Quadrant, task_id: str) -> int | None:
        """Where a task is shown in its quadrant: a binary search, columns are sorted."""
        task = self.tasks.get(task_id)
        if task is None:
            return None
        return _index_in(self.columns[quadrant], task)

    def quadrant(self, task_id: str, today: date, horizon: int) -> Quadrant | None:
        """The quadrant a task is in, if it is shown there."""
        task = self.tasks.get(task_id)
        if task is None:
            return None
        where = quadrant_of(task, today, horizon)
        return where if self.position(where, task_id) is not None else None

    def apply(
        self,
        changes: Iterable[Change],
        parse: Callable[[str, bytes], Task],
        today: date,
        horizon: int,
        linked: Container[str],
    ) -> set[Quadrant]:
        """Take in the task files just written, from the bytes each change wrote (`parse`
        makes the task of an id and its bytes: no disk read); returns the quadrants whose
        rows changed. Moving one task among ten thousand touches two columns."""
        touched: set[Quadrant] = set()
        for change in changes:
            if change.kind is not Task:
                continue
            old = self.tasks.pop(change.item_id, None)
            if (old is None) != (change.after is None):  # made or removed: prefixes may move
                self._short = {}
            if old is not None and old.is_open:
                quadrant = quadrant_of(old, today, horizon)
                self._remove_row(quadrant, old)
                touched.add(quadrant)
            if change.after is not None:
                try:
                    new = self.tasks[change.item_id] = parse(change.item_id, change.after)
                except CredoError:
                    continue  # no task (an agent's journal entry spoilt): the next load shows it
                if new.assignee and (owner := handle_owner(new.assignee, self._authors)):
                    self.handles[new.assignee] = owner
                if new.is_open:
                    quadrant = quadrant_of(new, today, horizon)
                    insort(self.columns[quadrant], self.rows([new], linked)[0], key=_row_order)
                    touched.add(quadrant)
        return touched

    def _remove_row(self, quadrant: Quadrant, task: Task) -> None:
        """Take a task's row out of its column: found by its order, not by a scan."""
        column = self.columns[quadrant]
        index = _index_in(column, task)
        if index is not None:
            del column[index]
        else:  # not where its order says (never seen): look at every row
            self.columns[quadrant] = [r for r in column if r.task is None or r.task.id != task.id]

    def neighbour(self, direction: str, single: bool = False) -> Quadrant | None:
        """The quadrant beside the focused one (`single`: one at a time, left and right
        go round all four)."""
        if single:
            if direction not in ("left", "right"):
                return None
            step = 1 if direction == "right" else -1
            return QUADRANTS[(QUADRANTS.index(self.focus) + step) % 4]
        return NEIGHBOURS[direction].get(self.focus)

    def people(self, authors: Iterable[str]) -> list[str]:
        """Who a task can go to, as the shell and the agents' tools resolve a name
        (`people_of`): the assignees on the board's tasks, then the git `authors`."""
        return people_of((t.assignee for t in self.tasks.values()), authors)

    def name_suggestions(self, authors: Iterable[str]) -> list[str]:
        """Who a task can go to (`people`), then the known agents."""
        return list(dict.fromkeys([*self.people(authors), *KNOWN_AGENTS]))


def _index_in(column: list[Row], task: Task) -> int | None:
    """Where `task` is in a column sorted by `_row_order`: a binary search."""
    index = bisect_left(column, MANUAL_ORDER(task), key=_row_order)
    if index < len(column) and (found := column[index].task) and found.id == task.id:
        return index
    return None


def _row_order(row: Row) -> tuple[float, str]:
    """Where a row goes in its quadrant (the order `arrange` sorts by); an unreadable
    file's row after every task."""
    if row.task is None:
        return math.inf, row.path
    return MANUAL_ORDER(row.task)
