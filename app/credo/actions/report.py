"""The daily report: what was done, added, due, tried and learned in a period.

One `Report` (its lines in `domain.report`) is built from the store and one `git log`
pass for the commits; `text.report` writes it as Markdown, JSON or Rich.
"""

from __future__ import annotations

import shlex
import statistics
from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from credo.checklists.evidence import as_shown
from credo.checklists.gate import marked_na
from credo.checklists.packs import Catalog, load_catalog
from credo.domain.models import (
    Evidence,
    EvidenceSource,
    Experiment,
    ExperimentStatus,
    Item,
    Mark,
    Review,
    Run,
    Task,
    TaskStatus,
)
from credo.domain.quadrants import quadrant_of
from credo.domain.report import (
    AgentChangeLine,
    CommitLine,
    DataCheckLine,
    ExperimentLine,
    Honesty,
    Overruns,
    Report,
    ReviewLine,
    RunCheck,
    RunLine,
    TaskLine,
    kind_of_work,
)
from credo.domain.timebox import added_after_closing, elapsed, overrun, run_seconds
from credo.store import LoadProblem, Store
from credo.store.files import parse_toml_bytes
from credo.store.store import Change

WEEKS_SHOWN = 6


def _by_kind(measured: list[ExperimentLine]) -> dict[str, Overruns]:
    kinds: dict[str, list[ExperimentLine]] = {}
    for line in measured:
        kinds.setdefault(line.kind, []).append(line)
    found = {}
    for kind, lines in sorted(kinds.items()):
        over = [line.overrun_seconds for line in lines if line.overrun_seconds]
        median = statistics.median(over) if over else None
        found[kind] = Overruns(len(lines), len(over), median)
    return found


ItemT = TypeVar("ItemT", bound=Item)


def _within(moment: datetime | None, since: datetime, until: datetime) -> bool:
    return moment is not None and since <= moment < until


def _made_within(items: Iterable[ItemT], since: datetime, until: datetime) -> list[ItemT]:
    """The items made in the period, oldest first."""
    made = (item for item in items if _within(item.created, since, until))
    return sorted(made, key=lambda item: (item.created, item.id))


def _experiment_line(
    exp: Experiment, until: datetime | None = None, running_in: str = ""
) -> ExperimentLine:
    """`until`: for an experiment still open, the time it used up to then. `running_in`:
    the other worktree it runs in (`actions.experiments.running_in`), whose record alone
    knows its time used (this copy's pauses are stale): none is said."""
    ended = exp.ended if exp.started is not None else None  # measured: started and ended
    at = None if running_in else ended or until
    used = elapsed(exp, at).total_seconds() if at else None
    timebox = exp.timebox.total_seconds()
    budget = exp.budget.total_seconds()
    return ExperimentLine(
        id=exp.id,
        hypothesis=exp.hypothesis,
        status=exp.status.value,
        timebox_seconds=timebox,
        started=exp.started,
        ended=exp.ended,
        outcome=exp.outcome.value if exp.outcome else None,
        learning=exp.learning,
        next_step=exp.next_step,
        abandon_reason=exp.abandon_reason,
        used_seconds=used,
        overrun_seconds=overrun(exp, ended).total_seconds() if ended else None,
        baseline=exp.baseline,
        kind=kind_of_work(exp.tags),
        extended_seconds=budget - timebox,
        added_after_closing_seconds=added_after_closing(exp).total_seconds(),
        running_in=running_in,
    )


def project_title(store: Store) -> str:
    """The project's name as its report's title says it, the same in every clone (a
    teammate's clone may sit in another folder): `name` in `.credo/config.toml`, else the
    name of the origin remote's repository, else the project's folder."""
    if store.config.name:
        return store.config.name
    if store.git_root is not None:
        from credo.gitlink.runner import GitUnavailable
        from credo.gitlink.state import remote_url, repository_name

        with suppress(GitUnavailable):
            url = remote_url(store.git_root)
            if url and (name := repository_name(url)):
                return name
    return store.name


def build_report(store: Store, since: datetime, until: datetime) -> Report:
    """Everything that happened in [since, until) in this project, its `today` (due and
    overdue days) the day `until` falls on."""
    from credo.runs.metrics import baseline_run
    from credo.runs.table import gate_entries
    from credo.text.runs import data_difference, slurm_end_words

    today = until.astimezone().date()
    horizon = store.config.urgency_horizon_days
    report = Report(project=project_title(store), since=since, until=until)
    from credo.actions.experiments import running_in
    from credo.actions.lost_runs import run_state, settle
    from credo.gitlink.authors import me_when_asked

    tasks = store.tasks()
    experiments = store.experiments()
    me = me_when_asked(store.git_root)  # asked once, if a record wants it
    settled = settle(store, store.runs(), me=me)
    runs = settled.runs
    reviews = store.reviews()
    evidence = as_shown(store, store.evidence())
    by_experiment = {e.id: e for e in experiments}
    report.short = store.short_ids(Task, Experiment, Run, Review)

    def task_line(task: Task) -> TaskLine:
        days = (task.due - today).days if task.due else None
        return TaskLine(
            id=task.id,
            title=task.title,
            quadrant=quadrant_of(task, today, horizon).value,
            status=task.status.value,
            due=task.due,
            done_at=task.done_at,
            commit=task.done_commit,
            days_left=days,
        )

    for task in sorted(tasks, key=lambda t: (t.done_at or t.created, t.id)):
        if task.status == TaskStatus.DONE and _within(task.done_at, since, until):
            report.done.append(task_line(task))
    for task in sorted(tasks, key=lambda t: (t.created, t.id)):
        if _within(task.created, since, until):
            report.added.append(task_line(task))
    if store.git_root is not None:
        from credo.gitlink.index import outside_history

        gone = outside_history(store.git_root, [t.commit for t in report.done if t.commit])
        for line in report.done:
            line.commit_in_history = line.commit not in gone if line.commit else None
    horizon_day = today + timedelta(days=max(horizon, 1))
    due = [t for t in tasks if t.is_open and t.due is not None and t.due <= horizon_day]
    report.due = [task_line(t) for t in sorted(due, key=lambda t: (t.due, t.title))]

    ordered = sorted(experiments, key=lambda e: (e.ended or e.started or e.created, e.id))
    away = {e.id: where for e in experiments if (where := running_in(store, e, me))}
    report.started = [
        _experiment_line(e, running_in=away.get(e.id, ""))
        for e in ordered
        if _within(e.started, since, until)
    ]
    report.under_way = [
        _experiment_line(e, until, away.get(e.id, ""))
        for e in ordered
        if e.status in (ExperimentStatus.RUNNING, ExperimentStatus.PAUSED)
        and e.started is not None
        and e.started < since
    ]
    report.closed = [
        _experiment_line(e) for e in ordered if e.status.closed and _within(e.ended, since, until)
    ]
    measured = [line for line in report.closed if line.overrun_seconds is not None]
    overruns = [line.overrun_seconds for line in measured if line.overrun_seconds]
    within = [line for line in measured if not line.overrun_seconds]
    kept = [line for line in within if (line.used_seconds or 0.0) <= line.timebox_seconds]
    report.honesty = Honesty(
        closed=len(measured),
        kept=len(kept),
        median_overrun_seconds=statistics.median(overruns) if overruns else None,
        by_kind=_by_kind(measured),
        extended=len(within) - len(kept),
        never_started=len(report.closed) - len(measured),
    )
    made = [i.created for i in (*tasks, *experiments, *reviews)] + [r.started for r in runs]
    first_week = _monday(min(made, default=until))
    report.per_week = _per_week(experiments, until, first_week)
    report.from_first_week = report.per_week[0][0] == first_week

    baselines = {e.id for e in experiments if e.baseline}
    baseline_runs = [r for r in runs if r.experiment in baselines]
    checks = _run_checks(evidence, load_catalog(store), reviews)
    for run in sorted(runs, key=lambda r: (r.started, r.id)):
        if not _within(run.started, since, until):
            continue
        exp = by_experiment.get(run.experiment or "")
        # the baseline's result it could be compared with when it ran: not one made
        # after it, nor its own experiment's
        compared = run.metrics and run.experiment not in baselines
        base = baseline_run(baseline_runs, run.started) if compared else None
        (report.runs if run.experiment else report.adhoc_runs).append(
            RunLine(
                id=run.id,
                experiment=run.experiment,
                experiment_hypothesis=exp.hypothesis if exp else "",
                command=shlex.join(run.command),  # as a shell would run it again
                status=run.status.value,
                exit_code=run.exit_code,
                signal=run.signal,
                state=run_state(store, run, job=settled.jobs.get(run.id), me=me),
                slurm_end=slurm_end_words(run.slurm),
                started=run.started,
                seconds=run_seconds(run),
                commit=run.git_start.sha if run.git_start else None,
                metrics=dict(run.metrics),
                baseline={k: v for k, v in base.metrics.items() if k in run.metrics}
                if base
                else {},
                gate_skipped=_skipped(run.gate),
                actor=run.actor,
                gate_acknowledged=gate_entries(run.gate, "acknowledged"),
                gate_offered=gate_entries(run.gate, "offered"),
                baseline_run=base.id if base else None,
                data_warning=data_difference([run], [base]) if base else "",
                checks=checks.get(run.id, []),
                diverged=dict(run.diverged),
            )
        )

    report.reviews = [
        ReviewLine(
            id=review.id,
            pack=review.pack,
            created=review.created,
            commit=review.git.sha,
            checked=sum(1 for e in review.entries if e.mark == Mark.CHECKED),
            total=len(review.entries),
            experiment=review.experiment,
            na=sum(1 for e in review.entries if e.mark == Mark.NA),
        )
        for review in _made_within(reviews, since, until)
    ]
    data = (e for e in evidence if e.source == EvidenceSource.DATA)
    report.data_checks = [
        DataCheckLine(
            id=record.id,
            pack=record.pack,
            item=record.item,
            command=shlex.join(record.command),
            passed=record.passed,
            summary=record.summary,
            created=record.created,
            commit=record.git.sha,
            experiment=record.experiment,
        )
        for record in _made_within(data, since, until)
    ]
    from credo.actions.gitsync import linkage_off

    report.linkage_off = linkage_off(store)
    report.commits = None if report.linkage_off else _commits(store, since, until)
    if not report.linkage_off:
        from credo.gitlink.exclude import unshared_files

        report.unshared = unshared_files(store)
    from credo.actions.journal import recent_entries

    report.agent_changes = [
        _agent_change(e.at, e.actor, e.what, e.changes, store.undone(e.changes))
        for e in recent_entries(store, since, until)
    ]
    return report


def _agent_change(
    at: datetime, actor: str, what: str, changes: list[Change], undone: bool
) -> AgentChangeLine:
    """A journalled change as the report lists it: a claim wrote the task the agent had in
    progress before back to open first (`start_task`), then the task it claimed; the
    claimed one is listed first, and the other is said to be back to open."""
    back = [c.item_id for c in changes if len(changes) > 1 and _put_back(c)]
    items = [c.item_id for c in changes if c.item_id not in back] + back
    return AgentChangeLine(at, actor, what, items, undone, back)


def _put_back(change: Change) -> bool:
    """Whether `change` took a task from in progress back to open."""
    if change.kind is not Task or change.before is None or change.after is None:
        return False
    before = parse_toml_bytes(change.before, "the task").get("status")
    after = parse_toml_bytes(change.after, "the task").get("status")
    return (before, after) == (TaskStatus.IN_PROGRESS.value, TaskStatus.OPEN.value)


def unreadable_files(store: Store) -> list[LoadProblem]:
    """The files of every kind a report reads that credo could not read: what it had to
    leave out."""
    kinds: tuple[type[Item], ...] = (Task, Experiment, Run, Review, Evidence)
    return [problem for kind in kinds for problem in store.load(kind).problems.values()]


def _run_checks(
    evidence: list[Evidence], catalog: Catalog, reviews: list[Review]
) -> dict[str, list[RunCheck]]:
    """Each run's verdict as `credo run` kept it (`verify_run`: one record per check it
    answered), by run id: failures first, as the verdict says them, then the checks before
    the ladder's rungs, in the packs' order; a rung read off the same curves as a check, in
    the same words, goes with it (`also`); an item marked n.a. is said so, with its reason
    (as the gate reads it)."""
    na = marked_na(reviews, catalog)
    order = [
        (name, item.id, item.gate)
        for name, source in catalog.packs.items()
        for item in source.pack.items
    ]
    rank = {(name, item): (not gate, index) for index, (name, item, gate) in enumerate(order)}
    kept = [e for e in evidence if e.source == EvidenceSource.RUN and e.run]
    last = (True, len(rank))
    kept.sort(
        key=lambda e: (
            e.passed or (e.pack, e.item) in na,
            rank.get((e.pack, e.item), last),
            e.pack,
            e.item,
        )
    )
    found: dict[str, list[RunCheck]] = {}
    for record in kept:
        checks = found.setdefault(str(record.run), [])
        reason = na.get((record.pack, record.item))
        said = (record.pack, record.passed, record.summary, reason)
        same = next((c for c in checks if (c.pack, c.passed, c.summary, c.na) == said), None)
        if same is not None:
            same.also.append(record.item)
        else:
            checks.append(
                RunCheck(record.pack, record.item, record.passed, record.summary, na=reason)
            )
    return found


def _skipped(gate: dict[str, object]) -> str | None:
    if not gate.get("skipped"):
        return None
    who = str(gate.get("skipped_by") or "someone")
    return f"{who}: {gate['skip_reason']}" if gate.get("skip_reason") else who


def _monday(moment: datetime) -> date:
    """The Monday of the week `moment` falls in (local time)."""
    day = moment.astimezone().date()
    return day - timedelta(days=day.weekday())


def _per_week(
    experiments: list[Experiment], until: datetime, first_week: date
) -> list[tuple[date, int]]:
    """The last WEEKS_SHOWN weeks, or fewer: from the project's `first_week` (the Monday of
    its first item) on. A project started today has had one week, not six of none closed."""
    last_monday = _monday(until)
    first = min(max(first_week, last_monday - timedelta(weeks=WEEKS_SHOWN - 1)), last_monday)
    weeks = [first + timedelta(weeks=n) for n in range((last_monday - first).days // 7 + 1)]
    counts = dict.fromkeys(weeks, 0)
    for exp in experiments:
        if exp.status.closed and exp.ended is not None:
            monday = _monday(exp.ended)
            if monday in counts and exp.ended < until:
                counts[monday] += 1
    return list(counts.items())


def _commits(store: Store, since: datetime, until: datetime) -> list[CommitLine] | None:
    """Commits in the period: one `git log` pass, trailers read by git itself; each with
    the tasks and experiments it names (a trailer, `closes 3kf`), by their full ids."""
    if store.git_root is None:
        return None
    from credo.gitlink.index import CommitIndex, commits_between

    commits = commits_between(store.git_root, since, until)
    task_ids = set(store.item_ids(Task))
    index = CommitIndex(commits={c.sha: c for c in commits})
    named: dict[str, list[str]] = {}
    for item_id, found in index.by_item(list(task_ids), store.item_ids(Experiment)).items():
        for commit in found:
            named.setdefault(commit.sha, []).append(item_id)
    return [
        CommitLine(
            sha=c.sha,
            author=c.author,
            date=datetime.fromtimestamp(c.time, UTC),
            subject=c.subject,
            tasks=[i for i in named.get(c.sha, []) if i in task_ids],
            experiments=[i for i in named.get(c.sha, []) if i not in task_ids],
        )
        for c in commits
    ]
