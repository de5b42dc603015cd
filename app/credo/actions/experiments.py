"""Experiment actions: start, pause, resume, stop with an outcome, abandon, baseline.

At most one experiment runs per project, in the worktree it was started or resumed in
(its `place`): another worktree of this host that merged its file shows it as running
there, and may run one of its own. Each function returns the `Change`s it wrote,
so the app can undo it like any other action.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from textwrap import shorten
from typing import TYPE_CHECKING, Any, Literal

from credo.display import one_line
from credo.domain import current
from credo.domain.durations import MAX_DURATION, format_duration
from credo.domain.models import (
    WAITING,
    Experiment,
    ExperimentStatus,
    Extension,
    Outcome,
    Run,
    Task,
    checked_text,
    checked_title,
    clean_tags,
    now,
)
from credo.domain.quickadd import split_tags
from credo.domain.timebox import elapsed
from credo.errors import AlreadyExistsError, BadInputError, CredoError, NotFoundError
from credo.gitlink.authors import known_person, me_when_asked
from credo.runs.liveness import this_place
from credo.store.ids import derived_id, new_id
from credo.store.paths import elsewhere, from_here, running_elsewhere
from credo.store.store import Change, LoadProblem, Store
from credo.store.worktrees import resumed_elsewhere
from credo.wording import agrees, counted

if TYPE_CHECKING:
    from credo.store.stamps import Stamp
    from credo.text.runs import RunCounts

OnRunning = Literal["refuse", "pause"]


class ExperimentRunningError(CredoError):
    """Another experiment is running: close or pause it first. `which` names it; each
    face says how to close or pause it in its words."""

    def __init__(self, running: Experiment, short: str) -> None:
        self.which = f"experiment {short} is running ({running.hypothesis!r})"
        super().__init__(
            f"{self.which}: stop it (credo exp stop {short} --outcome ... --learning ...) "
            f"or pause it (credo exp pause {short}) first"
        )
        self.running = running


CANCEL = "credo runs cancel"
"""What stops a run SLURM runs (`RunsGoingError` names it)."""

FORCE_MEANS = "the run is not stopped: it goes on, and its result comes in after the outcome"
"""What closing an experiment anyway (`force`) does to a run of it that has not ended."""


class RunsGoingError(CredoError):
    """A run of the experiment has not ended: stop it first, or close anyway (`force`).
    `going` names the runs and how to stop them; each face says how to force in its words."""

    def __init__(self, going: str, command: str | None) -> None:
        super().__init__(f"{going}, or close the experiment anyway with --force", command)
        self.going = going


def running_experiment(store: Store) -> Experiment | None:
    """The experiment that is running here now, if any (see `domain.current`)."""
    return running_or_unreadable(store)[0]


class RunningElsewhereError(CredoError):
    """`experiment` runs in another worktree of this host, `project` (`where`: the path
    from here), whose record of it counts: `what` is done there. The message says to
    cd there; a face with no shell of its own (the MCP server) says it in its words."""

    def __init__(self, short: str, project: str, where: str, what: str) -> None:
        super().__init__(change_it_there(short, where, what))
        self.short, self.project, self.what = short, project, what


def running_in(store: Store, exp: Experiment, me: Callable[[], str | None] | None = None) -> str:
    """Where `exp` runs when that is another worktree (or clone) of this host whose
    record of it counts, as a path from here (`../exp-b`); "" otherwise (`me`: as
    `running_there`)."""
    where = running_there(store, exp, me)
    return from_here(Path(where), store.project_root) if where else ""


def running_there(store: Store, exp: Experiment, me: Callable[[], str | None] | None = None) -> str:
    """The project `exp` runs in when that is another worktree (or clone) of this host
    whose record of it counts (an absolute path); "" otherwise, and for another person's
    clone (`active.runs_there`; `me`: who asks, else asked here when a record wants it).
    A copy that says paused (or planned) here runs there once that worktree resumed it:
    its record there says so, until a merge brings it here."""
    me = me or me_when_asked(store.git_root)
    where = running_elsewhere(store.project_root, exp, me)
    if not where and exp.status in WAITING_HERE and store.git_root is not None:
        where = resumed_elsewhere(store.project_root, store.git_root, exp.id)
    return where


WAITING_HERE = (ExperimentStatus.PAUSED, ExperimentStatus.PLANNED)
"""What a copy says of an experiment another worktree may have resumed (or started)."""


def moved_here(store: Store, exp: Experiment) -> str:
    """What resuming `exp` here does, when it was paused in another worktree of this host
    that is still there and mine (its `place`): it moves here, and the record there says
    paused until the two meet in a merge. "" otherwise (nothing else changes)."""
    me = me_when_asked(store.git_root)
    where = elsewhere(store.project_root, exp.place, me) if exp.place else ""
    if not where:
        return ""
    there = from_here(Path(where), store.project_root)
    return (
        f"experiment {_short(store, exp)} was {exp.status.label} in {there}: it runs here now, and "
        f"its record in {there} says {exp.status.label} until this one is merged there"
    )


def here(
    store: Store, experiments: Iterable[Experiment], me: Callable[[], str | None] | None = None
) -> list[Experiment]:
    """`experiments` without those running in another worktree (`running_in`): this
    worktree's copy of their record neither counts down, nor takes runs, nor blocks.
    `me`: who asks, else asked once here, if a record wants it."""
    me = me or me_when_asked(store.git_root)
    return [e for e in experiments if not running_there(store, e, me)]


def changeable(store: Store, exp: Experiment, what: str = "change it") -> Experiment:
    """`exp`, refused while it runs in another worktree: the record there counts, and a
    change to this copy (or a run added to it) would never reach it. `what`: what is
    refused, as the refusal says to do it there."""
    project = running_there(store, exp)
    if project:
        raise RunningElsewhereError(
            store.short_id(Experiment, exp.id),
            project,
            from_here(Path(project), store.project_root),
            what,
        )
    return exp


def change_it_there(short: str, where: str, what: str = "change it") -> str:
    """Why the experiment `short` (its short id), running in the worktree `where`, is not
    changed here, and what to do."""
    return (
        f"experiment {short} is running in {where}: {what} there "
        f"(cd {shlex.quote(where)}), where its record counts"
    )


def unreadable_experiments(problems: Iterable[LoadProblem]) -> list[str]:
    """Each experiment file credo cannot read (the problems of a load), as "cannot read
    PATH: why": said beside "no experiment is running", since the running one may be in it."""
    return [
        f"cannot read {p.path}: {p.message} (the running experiment may be in it)" for p in problems
    ]


def unreadable_if_none_runs(store: Store) -> list[str]:
    """`unreadable_experiments` of the store when none of the experiments it reads runs
    here: said by what acts on the running one, which may be in such a file (starting or
    resuming another beside it, the gate and ticks taken for an ad-hoc run)."""
    return running_or_unreadable(store)[1]


def running_or_unreadable(store: Store) -> tuple[Experiment | None, list[str]]:
    """The experiment running here (`running_experiment`), else none and what
    `unreadable_if_none_runs` says: one read of the experiments for both."""
    loaded = store.load(Experiment)
    running = current.running_experiment(here(store, loaded.items.values()))
    return running, [] if running is not None else unreadable_experiments(loaded.problems.values())


def served_task_title(store: Store, exp: Experiment) -> str | None:
    """The title of the task `exp` serves, to show beside its id; None when it serves
    none or that task was removed (`credo rm`: the record keeps its id). A task file
    credo cannot read is said so (the board says why)."""
    if exp.task is None:
        return None
    try:
        return store.read(Task, exp.task).title
    except NotFoundError:
        return None
    except CredoError:
        return "(its file cannot be read)"


ServedTitle = tuple["Stamp | None", str | None]
"""The stamp of a served task's file and its title as read then (`served_task_title`)."""


def served_titles(
    store: Store, experiments: Iterable[Experiment], known: Mapping[str, ServedTitle]
) -> dict[str, ServedTitle]:
    """The titles of the tasks `experiments` serve, by task id: a file is read again only
    when its stamp moved since `known` (an edit, a rename, the file gone or back)."""
    titles: dict[str, ServedTitle] = {}
    for exp in experiments:
        if exp.task is None or exp.task in titles:
            continue
        stamp = store.stamp(Task, exp.task)
        last = known.get(exp.task)
        titles[exp.task] = (
            last if last and last[0] == stamp else (stamp, served_task_title(store, exp))
        )
    return titles


def baseline_experiment(store: Store) -> Experiment | None:
    """The experiment holding the best result so far, if one is marked."""
    return current.baseline_experiment(store.experiments())


def experiment_runs(store: Store, experiment_id: str) -> list[Run]:
    """The runs of one experiment, oldest first (lost ones marked so: see `lost_runs`)."""
    from credo.actions.lost_runs import settled_runs

    return runs_of(settled_runs(store), experiment_id)


def runs_under_way(runs: Iterable[Run], experiments: Iterable[Experiment]) -> RunCounts:
    """The runs of open experiments (and any run still waiting) counted by state, for the
    header: `experiments` as the caller's look read them, not read again."""
    from credo.domain.models import WAITING
    from credo.text.runs import RunCounts

    open_ids = {e.id for e in experiments if not e.status.closed}
    return RunCounts.of(r for r in runs if r.experiment in open_ids or r.status in WAITING)


def runs_of(runs: Iterable[Run], experiment_id: str) -> list[Run]:
    """The runs of one experiment among `runs`, oldest first."""
    return sorted(
        (r for r in runs if r.experiment == experiment_id), key=lambda r: (r.started, r.id)
    )


def _short(store: Store, exp: Experiment) -> str:
    return store.short_id(Experiment, exp.id)


def _make_room(store: Store, on_running: OnRunning, keep: str | None = None) -> list[Change]:
    """Refuse, or pause the running experiment, so another can run."""
    current = running_experiment(store)
    if current is None or current.id == keep:
        return []
    if on_running == "refuse":
        raise ExperimentRunningError(current, _short(store, current))
    _, changes = pause_experiment(store, current.id)
    return changes


def start_experiment(
    store: Store,
    hypothesis: str,
    *,
    timebox: timedelta | None = None,
    task: str | None = None,
    tags: Iterable[str] = (),
    on_running: OnRunning = "refuse",
    start: bool = True,
    at: datetime | None = None,
) -> tuple[Experiment, list[Change]]:
    """A new experiment, running from now (or `planned` with `start=False`).

    `task` is a task id or prefix; the task lists the experiment too.
    """
    hypothesis = checked_title(hypothesis, "hypothesis")
    task_id = store.resolve(Task, task) if task else None
    changes = _make_room(store, on_running) if start else []
    moment = at or now()
    exp = Experiment(
        id=new_id(),
        hypothesis=hypothesis,
        timebox=timebox or store.config.default_timebox,
        task=task_id,
        tags=clean_tags(tags),
        status=ExperimentStatus.RUNNING if start else ExperimentStatus.PLANNED,
        started=moment if start else None,
        place=this_place(store.project_root, known_person(store.git_root)) if start else None,
    )
    changes.append(store.create(exp, named=(Task, task_id)))
    if task_id:

        def link(t: Task) -> Task:
            return t.model_copy(update={"experiments": [*t.experiments, exp.id]})

        changes.append(store.update(Task, task_id, link)[1])
    return exp, changes


def pause_experiment(
    store: Store, prefix: str | None = None, *, at: datetime | None = None
) -> tuple[Experiment, list[Change]]:
    """Stop the clock of a running experiment (the running one when no id is given)."""
    item_id = changeable(store, pick_experiment(store, prefix)).id
    moment = at or now()

    def pause(exp: Experiment) -> Experiment:
        still_open(store, exp)
        if exp.status != ExperimentStatus.RUNNING:
            raise CredoError(f"experiment {_short(store, exp)} is {exp.status.label}, not running")
        return exp.model_copy(update={"status": ExperimentStatus.PAUSED, "paused_at": moment})

    exp, change = store.update(Experiment, item_id, pause)
    return exp, [change]


def resume_experiment(
    store: Store,
    prefix: str | None = None,
    *,
    on_running: OnRunning = "refuse",
    at: datetime | None = None,
) -> tuple[Experiment, list[Change]]:
    """Start the clock again (a paused experiment) or for the first time (a planned one).
    Refused while another worktree of this host runs it (`running_in`): two would."""
    waiting = changeable(store, pick_experiment(store, prefix, ExperimentStatus.PAUSED))
    item_id = _resumable(store, waiting).id
    changes = _make_room(store, on_running, keep=item_id)  # only once it can resume
    moment = at or now()
    place = this_place(store.project_root, known_person(store.git_root))

    def resume(exp: Experiment) -> Experiment:
        running = {"status": ExperimentStatus.RUNNING, "place": place}
        if _resumable(store, exp).status == ExperimentStatus.PLANNED:
            return exp.model_copy(update=running | {"started": moment})
        return exp.model_copy(update=_unpause(exp, moment) | running)

    exp, change = store.update(Experiment, item_id, resume)
    return exp, [*changes, change]


def _resumable(store: Store, exp: Experiment) -> Experiment:
    """`exp`, if it is paused or planned; else refused, saying what it is."""
    still_open(store, exp)
    if exp.status not in (ExperimentStatus.PAUSED, ExperimentStatus.PLANNED):
        raise CredoError(f"experiment {_short(store, exp)} is {exp.status.label}, not paused")
    return exp


def still_open(store: Store, exp: Experiment, already: str = "") -> None:
    """Refuse a closed experiment, saying what to do instead: it is not paused, resumed or
    closed again (`already`: said before its status, where closing it is asked)."""
    if exp.status.closed:
        raise CredoError(
            f"experiment {_short(store, exp)} is {already}{exp.status.label}: a closed experiment "
            "keeps its outcome; test the next idea in a new one (credo exp start HYPOTHESIS)",
            command="credo exp start HYPOTHESIS",
        )


def _unpause(exp: Experiment, moment: datetime) -> dict[str, object]:
    """Fold a pause that ends at `moment` into `paused_seconds`."""
    if exp.status != ExperimentStatus.PAUSED or exp.paused_at is None:
        return {}
    pause = max((moment - exp.paused_at).total_seconds(), 0.0)
    return {"paused_seconds": exp.paused_seconds + pause, "paused_at": None}


def extend_experiment(
    store: Store,
    prefix: str | None,
    by: timedelta,
    *,
    reason: str = "",
    at: datetime | None = None,
) -> tuple[Experiment, list[Change]]:
    """Add time to a running or paused experiment's timebox, on purpose and on the record
    (when, how much, why). The first timebox is kept: the report tells the two apart."""
    if by <= timedelta(0):
        raise BadInputError("an extension must add time (15m, 1h...)")
    item_id = changeable(store, pick_experiment(store, prefix)).id
    moment = at or now()

    def extend(exp: Experiment) -> Experiment:
        if exp.status not in (ExperimentStatus.RUNNING, ExperimentStatus.PAUSED):
            raise CredoError(
                f"experiment {_short(store, exp)} is {exp.status.label}: only a running or "
                "paused experiment's timebox can be extended"
            )
        room = MAX_DURATION - exp.budget  # a longer one is a run.toml credo cannot read
        if by > room:
            raise BadInputError(
                f"experiment {_short(store, exp)} may take {format_duration(MAX_DURATION)} in all, "
                "credo's limit: "
                + (
                    f"extend it by {format_duration(room)} at most"
                    if room > timedelta(0)
                    else "it has that"
                )
            )
        spent = elapsed(exp, moment).total_seconds()
        added = Extension(by=by, at=moment, spent_seconds=spent, reason=" ".join(reason.split()))
        return exp.model_copy(update={"extensions": [*exp.extensions, added]})

    exp, change = store.update(Experiment, item_id, extend)
    return exp, [change]


def checked_learning(learning: str) -> str:
    """The learning an experiment is closed with, as kept: required, whichever face
    closes it, since what an experiment taught is what it is for (a refuted hypothesis
    too) and what the report and the next experiment read."""
    learning = checked_text(learning.strip(), "the learning")
    if not learning:
        raise BadInputError("closing needs a learning: what did this experiment teach you?")
    return learning


def stop_experiment(
    store: Store,
    prefix: str | None,
    outcome: Outcome | str,
    *,
    learning: str,
    next_step: str = "",
    at: datetime | None = None,
    force: bool = False,
) -> tuple[Experiment, list[Change]]:
    """Close an experiment with its outcome (confirmed, refuted, inconclusive) and its
    learning; refused while one of its runs has not ended, unless `force`."""
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise BadInputError(
            f"unknown outcome {outcome!r}: use confirmed, refuted or inconclusive"
        ) from None
    learning = checked_learning(learning)
    next_step = checked_text(next_step.strip(), "the next step")
    moment = at or now()
    return _end(
        store,
        prefix,
        moment,
        force,
        lambda exp: {
            "status": ExperimentStatus.DONE,
            "outcome": outcome,
            "learning": learning,
            "next_step": next_step,
            "started": exp.started or moment,
        },
    )


def abandon_experiment(
    store: Store,
    prefix: str | None,
    reason: str,
    *,
    at: datetime | None = None,
    force: bool = False,
) -> tuple[Experiment, list[Change]]:
    """Give an experiment up; the reason is required (it is the learning). Refused while
    one of its runs has not ended, unless `force`."""
    reason = checked_text(reason.strip(), "the reason")
    if not reason:
        raise BadInputError("abandoning needs a reason: what made you stop?")
    return _end(
        store,
        prefix,
        at or now(),
        force,
        lambda exp: {"status": ExperimentStatus.ABANDONED, "abandon_reason": reason},
    )


def _end(
    store: Store,
    prefix: str | None,
    moment: datetime,
    force: bool,
    fields: Callable[[Experiment], dict[str, Any]],
) -> tuple[Experiment, list[Change]]:
    """Close or abandon (the running one when no prefix): the clock stops at `moment`."""
    chosen = changeable(store, pick_experiment(store, prefix))
    if not force:
        refuse_while_runs_go(store, chosen)
    item_id = chosen.id

    def end(exp: Experiment) -> Experiment:
        still_open(store, exp, "already ")
        return exp.model_copy(update=_unpause(exp, moment) | fields(exp) | {"ended": moment})

    exp, change = store.update(Experiment, item_id, end)
    return exp, [change]


def refuse_while_runs_go(store: Store, experiment: Experiment) -> None:
    """Refuse to close `experiment` while a run of it is queued or running: its outcome
    would be written before that run's result is in. Says how to stop them: ctrl-c for
    a run here, `credo runs cancel --exp ID` for SLURM jobs; and for a copy of a run
    whose credo in another worktree ended, how to merge its end from there."""
    from credo.actions.cluster import job_of
    from credo.actions.lost_runs import ended_elsewhere, merge_its_end, run_state, settle

    if experiment.status.closed:
        return  # closing it again is refused for that
    going = [
        run
        for run in settle(store, runs_of(store.runs(), experiment.id)).runs
        if run.status in WAITING
    ]
    if not going:
        return
    words, short, exp = [], store.short_ids(Run), _short(store, experiment)
    for run in going:
        state = run_state(store, run)
        if state == run.status.value and run.runner is not None:  # on this host: which process
            state += f" (pid {run.runner.pid} on {run.runner.host})"
        words.append(f"run {short[run.id]} {state}")
    ended = {run.id: where for run in going if (where := ended_elsewhere(store, run))}
    todo = []
    to_stop = [run for run in going if run.id not in ended]
    on_slurm = [run for run in to_stop if job_of(run)]
    if to_stop:
        ways = ["ctrl-c where it runs"] if len(on_slurm) < len(to_stop) else []
        if on_slurm:
            also = " for a SLURM job" if ways else ""
            ways.append(f"{CANCEL} --exp {exp}{also}")
        which = (
            agrees(len(to_stop), "it", "them")
            if not ended
            else ", ".join(f"run {short[run.id]}" for run in to_stop)
        )
        todo.append(f"Stop {which} first ({'; '.join(ways)})")
    for run in going:
        if run.id in ended:
            how = merge_its_end(store, run, ended[run.id])
            todo.append(f"Merge the end of run {short[run.id]} first ({how})")
    raise RunsGoingError(
        f"experiment {exp} has {counted(len(going), 'run')} that "
        f"{agrees(len(going), 'has', 'have')} not ended: {', '.join(words)}. "
        f"{'. '.join(todo)}",
        f"{CANCEL} --exp {exp}" if on_slurm else None,
    )


def mark_left_elsewhere(store: Store, prefix: str) -> str:
    """What marking experiment `prefix` the baseline does besides, said before it is done:
    when the mark is on an experiment running in another worktree of this host, it leaves
    this worktree's copy of it, and the record there keeps it (runs there are compared
    with it) until the two meet in a merge. "" otherwise (nothing else changes)."""
    chosen = store.get(Experiment, prefix)
    for other in store.experiments():
        if other.baseline and other.id != chosen.id and (where := running_in(store, other)):
            return (
                f"experiment {_short(store, other)} runs in {where}: the mark leaves it here, "
                f"and its record in {where} keeps it until this one is merged there"
            )
    return ""


def unsettled_baseline(store: Store, exp: Experiment) -> str:
    """What a baseline with no outcome yet is compared on ("" once it has one): its latest
    run that succeeded with metrics, which moves as it records newer ones (none yet: later
    runs are compared with nothing until one does). Said when it is marked."""
    from credo.runs.metrics import baseline_run

    if exp.outcome is not None:
        return ""
    short = _short(store, exp)
    latest = baseline_run([r for r in store.runs() if r.experiment == exp.id])
    if latest is None:
        return (
            f"experiment {short} has no outcome yet, and no run of it succeeded with metrics:"
            " later runs are compared with none until one does"
        )
    return (
        f"experiment {short} has no outcome yet: later runs are compared with its latest run"
        f" that succeeded with metrics (run {store.short_id(Run, latest.id)} now), a newer"
        " one once it records one"
    )


def mark_baseline(store: Store, prefix: str) -> tuple[Experiment, list[Change]]:
    """Make this experiment the project's one baseline (the mark moves from any other).
    An abandoned one is refused: it has no result for the next to beat; nor has one with
    no runs (later runs are compared with its numbers)."""
    chosen = changeable(store, store.get(Experiment, prefix), "mark it")
    item_id = chosen.id
    if chosen.status == ExperimentStatus.ABANDONED:
        raise CredoError(
            f"experiment {_short(store, chosen)} was abandoned: it has no result to beat; "
            "make the best approach so far the baseline"
        )
    if not any(run.experiment == item_id for run in store.runs()):
        raise CredoError(
            f"experiment {_short(store, chosen)} has no runs: it has no numbers for later runs "
            "to beat; record one (credo run -- CMD while it runs) and mark it then, or make "
            "the best approach so far the baseline"
        )
    changes = []
    for other in store.experiments():
        if other.baseline and other.id != item_id:
            _, change = store.update(
                Experiment, other.id, lambda e: e.model_copy(update={"baseline": False})
            )
            changes.append(change)
    exp, change = store.update(
        Experiment, item_id, lambda e: e.model_copy(update={"baseline": True})
    )
    return exp, [*changes, change]


def next_step_to_task(store: Store, prefix: str | None) -> tuple[Task, list[Change]]:
    """Turn an experiment's next step into an open task on the board, linked back. With
    no `prefix`, the one experiment whose next step is not on the board yet (never a
    guess: none or several ask for an id)."""
    exp = changeable(
        store, store.get(Experiment, prefix) if prefix is not None else _next_step_waiting(store)
    )
    if not exp.next_step.strip():
        # Named as the log shows it: by its hypothesis, not an id the log never shows
        name = shorten(one_line(exp.hypothesis), 50, placeholder="…")
        said = f"'{name}' has no next step to turn into a task"
        if not exp.status.closed:  # the next step is written on closing
            said += ": it gets one when closed (c in the log, credo exp stop --next TEXT)"
        raise CredoError(said)
    notes = f"Next step of experiment {exp.id[:7]}: {exp.hypothesis}"
    if exp.outcome:
        notes += f" ({exp.outcome.value})"
    if exp.learning:
        notes += f"\n\nLearning: {exp.learning}"
    title, tags = split_tags(exp.next_step)  # `#train` is a tag, not part of the title
    task = Task(
        id=_next_step_id(exp),
        title=title or " ".join(exp.next_step.split()),
        notes=notes,
        important=True,  # it serves the research: important, not (yet) urgent
        tags=clean_tags([*exp.tags, *tags]),
        experiments=[exp.id],
    )
    try:
        return task, [store.create(task)]
    except AlreadyExistsError:
        raise CredoError(
            f"the next step of {_short(store, exp)} is on the board already: "
            f"task {store.short_id(Task, task.id)}"
        ) from None


def _next_step_id(exp: Experiment) -> str:
    """The id of the task an experiment's next step makes: the same next step makes the
    same file, so a second `exp next` (or a teammate's) finds it instead of a twin."""
    return derived_id(exp.id, f"next step: {exp.next_step.strip()}")


def _next_step_waiting(store: Store) -> Experiment:
    """The one experiment whose next step has no task yet; none or several ask for an id."""
    on_board = store.load(Task).items
    waiting = [
        exp
        for exp in store.experiments()
        if exp.next_step.strip() and _next_step_id(exp) not in on_board
    ]
    if len(waiting) == 1:
        return waiting[0]
    if not waiting:
        raise CredoError(
            "no experiment has a next step that is not on the board yet: give an experiment "
            "id (see credo exp ls)"
        )
    raise CredoError(
        f"{counted(len(waiting), 'experiment')} have a next step not on the board yet "
        f"({_ids(store, waiting)}): give an experiment id"
    )


def pick_experiment(
    store: Store, prefix: str | None, status: ExperimentStatus = ExperimentStatus.RUNNING
) -> Experiment:
    """The experiment a command acts on: the one `prefix` names; with none, the running
    one (`resume`: the paused one, `status`). Never a guess: when no experiment or
    several fit, the message asks for an id."""
    if prefix is not None:  # an empty one given (`credo exp show ""`) asks for an id
        found: Experiment = store.get(Experiment, prefix)
        return found
    loaded = store.load(Experiment)
    experiments = list(loaded.items.values())
    if status == ExperimentStatus.RUNNING:
        mine = here(store, experiments)
        running = current.running_experiment(mine)
        if running is not None:
            return running
        paused = [e for e in mine if e.status == ExperimentStatus.PAUSED]
        if paused:
            resume = "credo exp resume" + ("" if len(paused) == 1 else " ID")
            raise CredoError(
                f"no experiment is running: {_ids(store, paused)} "
                f"{agrees(len(paused), 'is', 'are')} paused ({resume}), or give an experiment id",
                command=resume,
            )
    else:
        fitting = [e for e in experiments if e.status == status]
        if len(fitting) == 1:
            return fitting[0]
        if fitting:
            raise CredoError(
                f"{counted(len(fitting), 'experiment')} are {status.label} "
                f"({_ids(store, fitting)}): give an experiment id"
            )
    running_asked = status == ExperimentStatus.RUNNING
    unread = unreadable_experiments(loaded.problems.values()) if running_asked else []
    if running_asked:  # here: one that runs in another worktree is that worktree's
        short = store.short_ids(Experiment)
        unread += [
            f"experiment {short[e.id]} is running in {where} (give its id to see it)"
            for e in experiments
            if (where := running_in(store, e))
        ]
    raise CredoError(
        "\n".join(
            [f"no experiment is {status.label}: give an experiment id (see credo exp ls)", *unread]
        ),
        command="credo exp ls",
    )


def _ids(store: Store, experiments: list[Experiment]) -> str:
    """Their short ids, newest started first: `3kf9, 8x1c`."""
    newest = sorted(experiments, key=lambda e: (current.started_at(e), e.id), reverse=True)
    short = store.short_ids(Experiment)
    return ", ".join(short[e.id] for e in newest)
