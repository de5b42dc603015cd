"""The agent tools: credo's actions as an agent calls them (no MCP here; `server.py`
publishes these methods). Each change goes through the same `credo.actions` function
the shell and the board call, and is journalled with its actor, so the board shows it
and can undo it.
"""

from __future__ import annotations

import functools
import os
import shlex
import threading
import time
from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field

from credo import actions
from credo.actions import experiments, journal
from credo.actions.checks import record_review
from credo.agents.views import (
    CheckRecorded,
    ExperimentChange,
    ExperimentDetail,
    ExperimentList,
    ExperimentView,
    GateView,
    RunView,
    TaskChange,
    TaskList,
    TaskView,
    Unreadable,
)
from credo.domain.assignees import assignee_matches, handles_of, is_agent
from credo.domain.filter_words import folded
from credo.domain.models import (
    Experiment,
    ExperimentStatus,
    Mark,
    Run,
    Task,
    TaskStatus,
    joined_tags,
    now,
)
from credo.domain.quadrants import QUADRANTS, parse_quadrant, quadrant_of
from credo.domain.timebox import clock_starts_words
from credo.errors import BadInputError, CredoError
from credo.store.stamps import Stamp
from credo.store.store import Change, LoadProblem, Store

Id = Annotated[str, Field(description="An id, or its first few characters (git-style).")]
When = Annotated[
    str | None,
    Field(description="A date: 2026-12-01, today, friday, 'in 3 days', end of month..."),
]
Tags = Annotated[list[str] | None, Field(description="Tags, without the # (eval, data...).")]
Important = Annotated[bool, Field(description="Important (! in a line): Do or Schedule.")]
Urgent = Annotated[
    bool,
    Field(description="Urgent (^ in a line): Do or Delegate; a near due date makes it urgent."),
]
RECHECK_SECONDS = 2.0
"""How long a look at the tasks folder's own mtime is trusted (an editor's in-place
write does not touch it; credo's, git's and most tools' renames do)."""


@dataclass
class _TaskCache:
    """The tasks in memory between calls: a quiet folder costs one `stat`; a changed
    one re-reads only the files whose stamps moved."""

    store: Store
    items: dict[str, Task] = field(default_factory=dict)
    problems: dict[str, LoadProblem] = field(default_factory=dict)
    stamps: dict[str, Stamp] | None = None
    folder_mtime: int | None = None
    checked: float = 0.0
    ordered_ids: list[str] = field(default_factory=list)
    version: int = 0
    """Bumped whenever `items` change (what is derived from them is then redone)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> tuple[dict[str, Task], dict[str, LoadProblem], list[str]]:
        with self.lock:
            mtime = self._folder_mtime()
            fresh = time.monotonic() - self.checked < RECHECK_SECONDS
            if self.stamps is None or mtime != self.folder_mtime or not fresh:
                self._refresh(mtime)
            return self.items, self.problems, self.ordered_ids

    def wrote(self, changes: list[Change]) -> None:
        """Take in this process's own writes without scanning the folder again.

        A write by another process in the same instant is seen at the next full look
        (within RECHECK_SECONDS), as an editor's in-place save is.
        """
        with self.lock:
            if self.stamps is None:
                return
            for change in changes:
                if change.kind is not Task:
                    continue
                path = self.store.credo_dir / Task.folder / f"{change.item_id}.toml"
                try:
                    info = os.stat(path)
                except FileNotFoundError:
                    self.stamps.pop(change.item_id, None)
                    self.items.pop(change.item_id, None)
                    self.problems.pop(change.item_id, None)
                    if change.item_id in self.ordered_ids:
                        self.ordered_ids.remove(change.item_id)
                    continue
                if change.item_id not in self.stamps:
                    insort(self.ordered_ids, change.item_id)
                self.stamps[change.item_id] = (info.st_mtime_ns, info.st_size, info.st_ino)
                self._reread(change.item_id)
            self.version += 1
            self.folder_mtime = self._folder_mtime()

    def _folder_mtime(self) -> int | None:
        """The tasks folder's mtime; None while there is none (git keeps no empty folder:
        a clone of a board with no task yet has no `.credo/tasks/`)."""
        try:
            return os.stat(self.store.credo_dir / Task.folder).st_mtime_ns
        except FileNotFoundError:
            return None

    def _refresh(self, mtime: int | None) -> None:
        stamps = self.store.stamps(Task)
        if self.stamps is None:
            loaded = self.store.load(Task, stamps)
            self.items, self.problems = dict(loaded.items), dict(loaded.problems)
        elif stamps != self.stamps:
            old = self.stamps
            for gone in set(old) - set(stamps):
                self.items.pop(gone, None)
                self.problems.pop(gone, None)
            for item_id, stamp in stamps.items():
                if old.get(item_id) != stamp:
                    self._reread(item_id)
        if self.stamps is None or set(stamps) != set(self.stamps):
            self.ordered_ids = sorted(stamps)
        if stamps != self.stamps:
            self.version += 1
        self.stamps, self.folder_mtime, self.checked = dict(stamps), mtime, time.monotonic()

    def board(self, today: date, horizon: int) -> list[tuple[int, bool, Task]]:
        """Every task with its quadrant's place and whether it is open, in board order
        (worked out again only after a change, or on a new day)."""
        items, _, _ = self.current()
        with self.lock:
            key = (self.version, today, horizon)
            if self._board_key != key:
                rows = [
                    (QUADRANTS.index(quadrant_of(t, today, horizon)), t.is_open, t)
                    for t in items.values()
                ]
                rows.sort(key=lambda row: (row[0], row[2].order, row[2].id))
                self._board, self._board_key = rows, key
            return self._board

    _board: list[tuple[int, bool, Task]] = field(default_factory=list)
    _board_key: tuple[int, date, int] | None = None

    def _reread(self, item_id: str) -> None:
        from credo.errors import BadFileError, NotFoundError

        self.items.pop(item_id, None)
        self.problems.pop(item_id, None)
        try:
            self.items[item_id] = self.store.read(Task, item_id)
        except BadFileError as error:  # with this clone's side of a conflict, as a load
            self.problems[item_id] = self.store.problem(Task, item_id, error)
        except NotFoundError:
            pass  # removed since the scan


def _short(ordered: list[str], item_id: str) -> str:
    """The shortest unique prefix of one id among sorted ids (a binary search)."""
    from bisect import bisect_left

    from credo.store.ids import MIN_SHORT

    index = bisect_left(ordered, item_id)
    need = MIN_SHORT
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(ordered) and ordered[neighbour] != item_id:
            other = ordered[neighbour]
            common = next(
                (i for i, (a, b) in enumerate(zip(item_id, other, strict=False)) if a != b),
                min(len(item_id), len(other)),
            )
            need = max(need, common + 1)
    return item_id[:need]


class Tools:
    """Everything an agent may do in one project, on behalf of one actor."""

    def __init__(self, store: Store | Callable[[], Store], actor: str | None = None) -> None:
        """`store`, or how to open it: a server started where no project is yet (a
        client that starts it in every folder, or before `credo init`) opens it at the
        first call that finds one; until then each call says why, as a refusal."""
        self._store: Store | None = None
        self._open: Callable[[], Store] | None = None
        if isinstance(store, Store):
            self._store = store
        else:
            self._open = store
        self.fixed_actor = actor
        self.client_name: str | None = None
        """The MCP client's own name (from its handshake), when it gave one."""
        self._cache: _TaskCache | None = None
        self._authors: tuple[float, list[str]] | None = None

    @property
    def store(self) -> Store:
        """The project's store (opened now if it was not yet: `NoProjectError` if none)."""
        if self._store is None:
            assert self._open is not None
            self._store = self._open()
        return self._store

    @property
    def _tasks(self) -> _TaskCache:
        if self._cache is None:
            self._cache = _TaskCache(self.store)
        return self._cache

    def refresh_config(self) -> None:
        """Settings edited while the agent works (the gate's packs, the urgency horizon)
        count from its next call, as they do for the next shell command (a store not
        opened yet reads them as it opens)."""
        if self._store is not None:
            self._store.refresh_config()

    # -- who and when ------------------------------------------------------------

    @property
    def actor(self) -> str:
        """`agent:NAME`: from `credo mcp --actor`, else from the client's name."""
        from credo.domain.actors import agent_actor
        from credo.domain.assignees import client_actor

        if self.fixed_actor:
            return agent_actor(self.fixed_actor)
        return client_actor(self.client_name or "mcp")

    def people(self) -> list[str]:
        """Who a task can be given to, as the shell and the board resolve a name
        (`people_of`): the assignees on the tasks as they are now, then the repository's
        git authors (read at most once a minute)."""
        from credo.domain.assignees import people_of

        tasks, _, _ = self._tasks.current()
        assignees = [task.assignee for task in list(tasks.values())]  # a copy: others write
        return people_of(assignees, self._git_authors())

    def _git_authors(self) -> list[str]:
        """The repository's git authors, read at most once a minute."""
        from credo.gitlink.authors import git_authors

        if self._authors is None or time.monotonic() - self._authors[0] > 60:
            self._authors = (time.monotonic(), git_authors(self.store.git_root))
        return self._authors[1]

    def _who(self, assignee: str | None) -> list[str] | None:
        """People to match a person against (none needed for an agent or nobody)."""
        name = (assignee or "").lstrip("@").lower()
        return self.people() if name and not is_agent(name) else None

    def _record(self, what: str, changes: list[Change]) -> None:
        journal.record(self.store, self.actor, what, changes)

    def today(self) -> date:
        """The day due dates are read against (an agent may not know it)."""
        return date.today()

    def _task_change(
        self, what: str, task: Task, changes: list[Change], following: Task | None = None
    ) -> TaskChange:
        self._record(f"{what}: {task.title}", changes)
        self._tasks.wrote(changes)
        _, _, ordered = self._tasks.current()
        if task.id not in ordered:  # the first call of all: nothing read yet
            ordered = sorted(self.store.item_ids(Task))
        horizon = self.store.config.urgency_horizon_days

        def view(shown: Task) -> TaskView:
            return TaskView.of(shown, _short(ordered, shown.id), self.today(), horizon)

        return TaskChange(
            task=view(task),
            next_occurrence=view(following) if following else None,
            actor=self.actor,
        )

    # -- tasks -------------------------------------------------------------------

    def list_tasks(
        self,
        quadrant: Annotated[
            str | None, Field(description="do, schedule, delegate, eliminate (or 1-4).")
        ] = None,
        tag: Annotated[str | None, Field(description="Only tasks with this tag.")] = None,
        assignee: Annotated[
            str | None, Field(description="Only the tasks this person or agent has (its assignee).")
        ] = None,
        status: Annotated[
            Literal["open", "in_progress", "done", "dropped", "all"],
            Field(description="open (the default) is open or in progress; all is every task."),
        ] = "open",
        text: Annotated[
            str | None, Field(description="Words that must all be in the title or notes.")
        ] = None,
        limit: Annotated[
            int, Field(ge=1, le=500, description="At most this many; total counts them all.")
        ] = 50,
    ) -> TaskList:
        """List or search the board's tasks, in board order (quadrant, then position).
        Open tasks by default; unreadable task files are listed, never rewritten (a task
        whose file a merge left conflicted is listed in its quadrant, as this clone's side
        of the merge has it, with its `unreadable`)."""
        from credo.actions.gitsync import apply_closing_keywords

        closed = apply_closing_keywords(self.store)  # a task a commit closed is done, not open
        if closed:
            self._tasks.wrote(closed)
        tasks, problems, ordered = self._tasks.current()
        conflicts = actions.conflicted_tasks(problems.values())
        today, horizon = self.today(), self.store.config.urgency_horizon_days
        handles: dict[str, str] = {}  # a task given as `bruno` is Bruno Carvalho's (`handles_of`)
        if assignee:  # the conflicted tasks' sides too: they are listed alike
            given = [t.assignee for t in [*tasks.values(), *(t for t, _ in conflicts)]]
            handles = handles_of(given, self._git_authors())
        place = QUADRANTS.index(parse_quadrant(quadrant)) if quadrant else None
        words = folded(text).split() if text else []
        tag_key = folded(tag.lstrip("#")) if tag else None
        wanted = None if status in ("open", "all") else TaskStatus(status)

        def listed(where: int, task: Task) -> bool:
            return (
                (place is None or where == place)
                and (task.is_open if status == "open" else wanted is None or task.status == wanted)
                and (tag_key is None or tag_key in (folded(t) for t in task.tags))
                and (not assignee or assignee_matches(task.assignee, assignee, handles))
                and (not words or _has_words(task, words))
            )

        found: list[tuple[int, Task, LoadProblem | None]] = [
            (where, task, None)
            for where, _, task in self._tasks.board(today, horizon)
            if listed(where, task)
        ]
        # a file a merge left conflicted: as this clone's side has it, after the readable
        # tasks of its quadrant (as `credo ls` and the board list it), marked unreadable
        for task, problem in conflicts:
            where = QUADRANTS.index(quadrant_of(task, today, horizon))
            if listed(where, task):
                found.append((where, task, problem))
        found.sort(key=lambda row: row[0])  # stable: board order within each quadrant
        return TaskList(
            tasks=[
                TaskView.of(t, _short(ordered, t.id), today, horizon, problem)
                for _, t, problem in found[:limit]
            ],
            total=len(found),
            unreadable=[Unreadable.of(p) for p in problems.values()],
        )

    def add_task(
        self,
        line: Annotated[
            str,
            Field(
                description="Title in credo's quick-add syntax: ! important, ^ urgent, #tag, "
                "due:WHEN, every:RULE, @person or @agent:NAME."
            ),
        ],
        assignee: Annotated[str | None, Field(description="A teammate or agent:NAME.")] = None,
        notes: Annotated[str, Field(description="Details: context, links, what done means.")] = "",
        due: When = None,
        important: Important = False,
        urgent: Urgent = False,
        tags: Tags = None,
    ) -> TaskChange:
        """Add a task to the board."""
        task, changes = actions.add_task(
            self.store,
            line,
            important=important,
            urgent=urgent,
            due=_date(due),
            tags=tags or (),
            notes=notes,
            assignee=assignee,
            people=self._who(assignee or _at_word(line)),
            said={  # a refusal names the fields an agent filled, not the shell's --due
                name: f"{value!r} in the {name} field"
                for name, value in (("due", due), ("assignee", assignee))
                if value
            },
        )
        added = self._task_change("Added", task, changes)
        added.said = joined_tags(tags or ())
        return added

    def edit_task(
        self,
        task_id: Id,
        title: Annotated[
            str | None, Field(description="A new title (plain: ! ^ #tag are not read here).")
        ] = None,
        notes: Annotated[
            str | None, Field(description="New notes, replacing the old (see add_note).")
        ] = None,
        add_note: Annotated[
            str | None,
            Field(
                description="A note added under the notes, keeping them (and a teammate's "
                "edit made meanwhile): what you found, did or left."
            ),
        ] = None,
        due: Annotated[
            str | None, Field(description="A new due date; an empty string clears it.")
        ] = None,
        important: Annotated[bool | None, Field(description="Set or clear important.")] = None,
        urgent: Annotated[bool | None, Field(description="Set or clear urgent.")] = None,
        tags: Annotated[
            list[str] | None, Field(description="Replaces the tags (without the #).")
        ] = None,
        assignee: Annotated[
            str | None, Field(description="A teammate or agent:NAME; an empty string clears it.")
        ] = None,
    ) -> TaskChange:
        """Change some fields of a task (only those given). Only a task no one has, or
        one you have: another's is refused."""
        given = dict(title=title, notes=notes, important=important, urgent=urgent, tags=tags)
        fields: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
        if assignee is not None:
            fields["assignee"] = assignee  # an empty one takes the task back
        if due is not None:
            fields["due"] = _date(due) if due.strip() else None
        if not fields and add_note is None:
            raise BadInputError(
                "nothing to change: give title, notes, add_note, due, tags, assignee..."
            )
        task, changes = actions.edit_task(
            self.store,
            task_id,
            people=self._who(assignee),
            add_note=add_note,
            check=self._yours,
            **fields,
        )
        edited = self._task_change("Edited", task, changes)
        edited.said = joined_tags(tags or ())
        return edited

    def move_task(
        self,
        task_id: Id,
        quadrant: Annotated[str, Field(description="do, schedule, delegate or eliminate.")],
        assignee: Annotated[
            str | None, Field(description="Who has it from now on (its assignee).")
        ] = None,
    ) -> TaskChange:
        """Move a task to another quadrant of the Eisenhower board (to its end). Giving
        it to someone is refused for a task another has, as edit_task is."""
        target = parse_quadrant(quadrant)
        task, changes = actions.move_task(
            self.store,
            task_id,
            target,
            self.today(),
            assignee=assignee,
            people=self._who(assignee),
            check=self._yours if assignee is not None else None,
        )
        return self._task_change(f"Moved to {target.label}", task, changes)

    def complete_task(self, task_id: Id) -> TaskChange:
        """Mark a task done, at the repository's current commit. A repeating task (every)
        gets its next occurrence, a new open task returned as `next_occurrence`. Only a
        task no one has, or one you have: another's is refused."""
        from credo.gitlink.state import head_sha

        task, changes = actions.complete_task(
            self.store,
            task_id,
            commit=head_sha(self.store.project_root),
            today=self.today(),
            check=self._yours,
        )
        following = self.store.read(Task, changes[-1].item_id) if len(changes) > 1 else None
        return self._task_change("Done", task, changes, following)

    def reopen_task(self, task_id: Id) -> TaskChange:
        """Open a done or dropped task again, when it was not done after all (say why
        with edit_task's add_note); then claim_task it to work on it. Only a task no one
        has, or one you have: another's is refused."""
        task, changes = actions.reopen_task(self.store, task_id, check=self._yours)
        return self._task_change("Reopened", task, changes)

    def claim_task(self, task_id: Id) -> TaskChange:
        """Take a task and start on it: you become its assignee (its quadrant stays) and
        it is in progress, yours (your task in progress before goes back to open). A task
        someone else has is refused."""
        started = actions.claim_task(self.store, task_id, self.actor)
        return self._task_change("Claimed", started.task, started.changes)

    def _yours(self, task: Task) -> None:
        """Refuse a task someone else has: an agent changes only one no one has or its own."""
        actions.refuse_anothers(self.store, task, self.actor)

    # -- experiments -------------------------------------------------------------

    def _experiment_change(
        self, what: str, exp: Experiment, changes: list[Change]
    ) -> ExperimentChange:
        self._record(f"{what}: {exp.hypothesis}", changes)
        short = self.store.short_id(Experiment, exp.id)
        return ExperimentChange(experiment=self._view(exp, short), actor=self.actor)

    def _view(self, exp: Experiment, short: str) -> ExperimentView:
        """`exp` as an agent sees it, with where it runs when another worktree does."""
        return ExperimentView.of(exp, short, experiments.running_in(self.store, exp))

    def list_experiments(
        self,
        status: Annotated[
            Literal["open", "planned", "running", "paused", "done", "abandoned", "all"],
            Field(
                description="open (the default) is planned, running or paused; all is every one."
            ),
        ] = "open",
    ) -> ExperimentList:
        """The experiment log, newest first (open: planned, running or paused).
        Unreadable experiment files are listed, never rewritten."""
        short = self.store.short_ids(Experiment)
        loaded = self.store.load(Experiment)
        shown = [
            e
            for e in loaded.items.values()
            if status == "all"
            or e.status.value == status
            or (status == "open" and e.status.value in ("planned", "running", "paused"))
        ]
        shown.sort(key=lambda e: (e.started or e.created, e.id), reverse=True)
        return ExperimentList(
            experiments=[self._view(e, short[e.id]) for e in shown],
            unreadable=[Unreadable.of(p) for p in loaded.problems.values()],
        )

    def start_experiment(
        self,
        hypothesis: Annotated[
            str, Field(description="What you expect to happen, and how you will know.")
        ],
        timebox: Annotated[
            str | None,
            Field(description="The time budget: 25m, 2h, 1h30m (default: the project's)."),
        ] = None,
        task_id: Annotated[str | None, Field(description="The task this serves.")] = None,
        tags: Tags = None,
    ) -> ExperimentChange:
        """Just do it: start a timeboxed experiment now. Refused while another runs
        (close or pause it first)."""
        from credo.domain.durations import parse_duration

        unread = experiments.unreadable_if_none_runs(self.store)  # none runs once it starts
        try:
            exp, changes = experiments.start_experiment(
                self.store,
                hypothesis,
                timebox=parse_duration(timebox) if timebox else None,
                task=task_id,
                tags=tags or (),
            )
        except experiments.ExperimentRunningError as error:
            raise _in_tools_words(error) from None
        verb, clock = clock_starts_words(exp, now(), starts=True)
        change = self._experiment_change(verb, exp, changes)
        change.clock = clock
        change.warnings = unread
        change.said = joined_tags(tags or ())
        return change

    def pause_experiment(
        self,
        experiment_id: Annotated[str | None, Field(description="Default: the running one.")] = None,
    ) -> ExperimentChange:
        """Stop an experiment's clock for now."""
        exp, changes = experiments.pause_experiment(self.store, experiment_id)
        return self._experiment_change("Paused", exp, changes)

    def resume_experiment(
        self,
        experiment_id: Annotated[str | None, Field(description="Default: the paused one.")] = None,
    ) -> ExperimentChange:
        """Start a paused (or planned) experiment's clock again. Refused while another
        runs (close or pause it first)."""
        waiting = experiments.pick_experiment(self.store, experiment_id, ExperimentStatus.PAUSED)
        unread = experiments.unreadable_if_none_runs(self.store)
        try:
            exp, changes = experiments.resume_experiment(self.store, waiting.id)
        except experiments.ExperimentRunningError as error:
            raise _in_tools_words(error) from None
        starts = waiting.status == ExperimentStatus.PLANNED
        verb, clock = clock_starts_words(exp, now(), starts=starts)
        change = self._experiment_change(verb, exp, changes)
        change.clock = clock
        change.moved = experiments.moved_here(self.store, waiting)
        change.warnings = unread
        return change

    def close_experiment(
        self,
        outcome: Annotated[
            Literal["confirmed", "refuted", "inconclusive", "abandoned"],
            Field(
                description="What the runs said of the hypothesis: confirmed, refuted or "
                "inconclusive; abandoned: stopped before they could say."
            ),
        ],
        learning: Annotated[
            str,
            Field(description="What you learned (for abandoned: why you stopped). Required."),
        ],
        experiment_id: Annotated[str | None, Field(description="Default: the running one.")] = None,
        next_step: Annotated[str, Field(description="What to try next, if anything.")] = "",
        force: Annotated[
            bool,
            Field(
                description="Close it even while one of its runs has not ended "
                f"({experiments.FORCE_MEANS})."
            ),
        ] = False,
    ) -> ExperimentChange:
        """Close an experiment with an honest outcome and what was learned. Refused while
        one of its runs has not ended, unless `force`."""
        try:
            if outcome == "abandoned":
                exp, changes = experiments.abandon_experiment(
                    self.store, experiment_id, learning, force=force
                )
            else:
                exp, changes = experiments.stop_experiment(
                    self.store,
                    experiment_id,
                    outcome,
                    learning=learning,
                    next_step=next_step,
                    force=force,
                )
        except experiments.RunsGoingError as error:  # its words name the shell's --force
            raise CredoError(
                f"{error.going}, or close it anyway with force=true", error.command
            ) from None
        return self._experiment_change(f"Closed ({outcome})", exp, changes)

    def read_experiment(self, experiment_id: Id) -> ExperimentDetail:
        """One experiment with its runs: commands, exit codes, commits, params, metrics, gate.
        Unreadable run files are listed, never rewritten."""
        exp = self.store.get(Experiment, experiment_id)
        short = self.store.short_id(Experiment, exp.id)
        runs = experiments.experiment_runs(self.store, exp.id)
        return ExperimentDetail(
            experiment=self._view(exp, short),
            runs=[RunView.of(r) for r in runs],
            unreadable=[Unreadable.of(p) for p in self.store.load(Run).problems.values()],
        )

    # -- the gate ----------------------------------------------------------------

    def gate_status(self) -> GateView:
        """Would `credo run` start now? The checks still open for this code, each with
        why it matters and how to answer it. Refused while the project's settings are
        broken (no run starts then)."""
        from credo.actions.checks import (
            checked_experiment_id,
            code_state,
            running_experiment_id,
            unread_answers,
        )
        from credo.actions.runs import require_settings
        from credo.checklists.gate import REVIEW_COMMAND, evaluate_gate
        from credo.checklists.packs import load_catalog

        require_settings(self.store)  # as `credo gate` and `credo run` refuse
        state = code_state(self.store)
        experiment = running_experiment_id(self.store)
        paused = functools.partial(checked_experiment_id, self.store)  # for an ad-hoc run
        decision = evaluate_gate(self.store, state, experiment, actor=self.actor, paused=paused)
        view = GateView.of(decision, load_catalog(self.store), state.sha, state.dirty, experiment)
        view.message = said_to_agents(view.message, REVIEW_COMMAND)
        view.unreadable = [Unreadable.of(p) for p in unread_answers(self.store)]
        return view

    def record_check(
        self,
        pack: Annotated[str, Field(description="The checklist pack, e.g. data or principles.")],
        item: Annotated[str, Field(description="The check's id within the pack.")],
        answer: Annotated[
            Literal["checked", "not_yet", "na"],
            Field(
                description="checked: it holds, and you saw it; not_yet: it does not hold "
                "yet; na: it does not apply here."
            ),
        ],
        evidence: Annotated[
            str,
            Field(
                description="What shows it: a path, numbers, a command and its output "
                "(for na: why it does not apply). Required."
            ),
        ],
    ) -> CheckRecorded:
        """Answer one check of a pack for the code as it is now, with evidence; the answer
        says where the gate stands then. A check runs answer (answered_by_runs) is not
        ticked checked: a run shows it. Refused, with nothing written, while the
        project's settings are broken (as gate_status is)."""
        from credo.actions.checks import checked_experiment_id, code_state
        from credo.actions.runs import require_settings
        from credo.checklists.packs import get_pack

        if not evidence.strip():
            raise BadInputError("an answer needs evidence: what shows it holds (or does not)?")
        require_settings(self.store)  # before writing: its answer has the gate
        checks = {check.id: check for check in get_pack(self.store, pack).items}
        if answer == "checked" and item in checks and checks[item].verify:
            raise BadInputError(  # a person may vouch for it by hand; an agent runs it
                f"{pack}/{item} is answered by runs (its verifier reads what a run logs), not "
                "ticked: run it, `credo run -- CMD` in your shell, or answer na with why it "
                "does not apply here"
            )
        state = code_state(self.store)
        experiment = checked_experiment_id(self.store)
        review, changes = record_review(
            self.store, pack, {item: (Mark(answer), evidence)}, state, experiment
        )
        self._record(f"Check {pack}/{item}: {answer.replace('_', ' ')}", changes)
        return CheckRecorded(
            review=review.id,
            pack=pack,
            item=item,
            answer=answer,
            evidence=evidence.strip(),
            commit=state.sha,
            actor=self.actor,
            gate=self.gate_status(),
        )

    # -- the report --------------------------------------------------------------

    def report(
        self,
        since: Annotated[
            str | None,
            Field(description="From: yesterday (default), monday, week, month, '3 days ago'"),
        ] = None,
        until: Annotated[str | None, Field(description="Through (default: now).")] = None,
    ) -> dict[str, Any]:
        """The stand-up report of a period: tasks done, added and due, experiments
        started and closed, runs, reviews, data checks, commits, and what agents changed.
        Files credo could not read, and so left out, are listed under `unreadable`."""
        from credo.actions.report import build_report, unreadable_files
        from credo.domain.period import parse_period
        from credo.text.report import to_json

        start, end = parse_period(since, until, names=("since", "until"))
        report = to_json(build_report(self.store, start, end))
        unread = [Unreadable.of(p) for p in unreadable_files(self.store)]
        return {**report, "unreadable": [u.model_dump() for u in unread]}


IN_AGENTS_WORDS = {
    "credo ls --all": "list_tasks(status='all')",
    "credo exp ls": "list_experiments(status='all')",
    "credo check --list": "credo://packs",
    "credo check": "record_check",
    "credo exp resume": "resume_experiment",
    "credo exp resume ID": "resume_experiment with its experiment_id",
    "credo undone ID": "reopen_task",
    "credo exp start HYPOTHESIS": "start_experiment",
}
"""The tool or resource an agent uses for a shell command credo's words name (or, for
what only a person does, who does it and where)."""
IN_YOUR_SHELL = (experiments.CANCEL,)
"""The shell commands no tool does (cancelling a run): said as commands for its shell."""


def said_to_agents(message: str, *commands: str | None) -> str:
    """`message` (an error's, or the gate's answer), naming the agent's tool instead of
    each shell command it names (or, where no tool does it, that command as one for its
    shell)."""
    for command in commands:
        if command is None:
            continue
        # `credo undone 4k2` is said as `credo undone ID` is
        words = IN_AGENTS_WORDS.get(
            command, IN_AGENTS_WORDS.get(f"{command.rpartition(' ')[0]} ID")
        )
        if words is not None:
            message = message.replace(command, words)
        elif command.startswith(IN_YOUR_SHELL):
            message = message.replace(command, f"`{command}` in your shell")
    return message


def told_to_agents(error: CredoError) -> str:
    """An error's message as an agent reads it (`said_to_agents`). An experiment that
    runs in another worktree is changed there, and an MCP server cannot cd: it names
    the server to use, one started in that worktree."""
    if isinstance(error, experiments.RunningElsewhereError):
        there = shlex.quote(error.project)
        return (
            f"experiment {error.short} is running in another worktree, "
            f"{error.project}, where its record counts: {error.what} there, through a credo "
            f"MCP server started in that folder (credo -C {there} mcp), or a shell there"
        )
    return said_to_agents(error.message, error.command)


def _in_tools_words(error: experiments.ExperimentRunningError) -> CredoError:
    """Another experiment runs: its words name the shell's commands, these the tools, and
    that it may be the user's (their runs go to the running one: one an agent started
    would take them)."""
    return CredoError(
        f"{error.which}: close it (close_experiment) or pause it (pause_experiment) first; "
        "if you did not start it, ask the user before you do: their runs go to the running "
        "experiment"
    )


def _has_words(task: Task, words: list[str]) -> bool:
    haystack = folded(f"{task.title}\n{task.notes}")
    return all(word in haystack for word in words)


def _date(text: str | None) -> date | None:
    from credo.domain.dates import parse_when

    return parse_when(text) if text else None


def _at_word(line: str) -> str | None:
    """The `@name` of a quick-add line, if it has one."""
    return next((w for w in line.split() if w.startswith("@") and len(w) > 1), None)


TOOL_NAMES = (
    "list_tasks",
    "add_task",
    "edit_task",
    "move_task",
    "complete_task",
    "reopen_task",
    "claim_task",
    "list_experiments",
    "start_experiment",
    "pause_experiment",
    "resume_experiment",
    "close_experiment",
    "read_experiment",
    "gate_status",
    "record_check",
    "report",
)
"""The tools, in the order they are listed to clients."""
