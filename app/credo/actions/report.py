"""The daily report: what was done, added, due, tried and learned in a period.

One `Report` is built from the store (and one `git log` pass for the commits), then
written as Markdown (renders on GitHub), JSON (for scripts) or Rich (the terminal,
which renders the same Markdown).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from credo.display import visible
from credo.domain.dates import parse_when
from credo.domain.durations import format_duration
from credo.domain.models import (
    Experiment,
    Review,
    Run,
    Task,
    TaskStatus,
    now,
)
from credo.domain.quadrants import quadrant_of
from credo.domain.timebox import elapsed
from credo.errors import BadInputError
from credo.store import Store

WEEKS_SHOWN = 6
_AGO = re.compile(r"^(\d+)\s*(d|days?|w|weeks?)(\s+ago)?$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# -- the period ------------------------------------------------------------------


def past_day(text: str, today: date | None = None) -> date:
    """A day at or before today: `yesterday`, `3 days ago`, `2w`, `monday` (the last one), ISO."""
    today = today or date.today()
    phrase = " ".join(text.strip().lower().split())
    found = _AGO.match(phrase)
    if found:
        count = int(found.group(1)) * (7 if found.group(2).startswith("w") else 1)
        return today - timedelta(days=count)
    if phrase in ("last week", "a week ago"):
        return today - timedelta(days=7)
    if phrase[:3] in _WEEKDAYS and phrase.isalpha():
        return today - timedelta(days=(today.weekday() - _WEEKDAYS.index(phrase[:3])) % 7)
    return parse_when(phrase, today)


def local_moment(day: date, clock: time = time.min) -> datetime:
    return datetime.combine(day, clock).astimezone()


def default_period(moment: datetime | None = None) -> tuple[datetime, datetime]:
    """Stand-up default: from the start of yesterday until now."""
    moment = (moment or now()).astimezone()
    return local_moment(moment.date() - timedelta(days=1)), moment


def parse_period(
    since: str | None, until: str | None, moment: datetime | None = None
) -> tuple[datetime, datetime]:
    """`--since` from the start of its day, `--until` to the end of its day (default: now)."""
    moment = (moment or now()).astimezone()
    today = moment.date()
    start, end = default_period(moment)
    try:
        if since:
            start = local_moment(past_day(since, today))
        if until:
            day = past_day(until, today)
            end = moment if day == today else local_moment(day + timedelta(days=1))
    except BadInputError as error:
        raise BadInputError(f"report period: {error.message}") from None
    if end <= start:
        raise BadInputError("report period: --until must come after --since")
    return start, end


# -- the report ------------------------------------------------------------------


@dataclass
class TaskLine:
    id: str
    title: str
    quadrant: str
    due: date | None = None
    done_at: datetime | None = None
    commit: str | None = None
    days_left: int | None = None


@dataclass
class ExperimentLine:
    id: str
    hypothesis: str
    status: str
    timebox_seconds: float
    started: datetime | None
    ended: datetime | None = None
    outcome: str | None = None
    learning: str = ""
    next_step: str = ""
    abandon_reason: str = ""
    used_seconds: float | None = None
    overrun_seconds: float | None = None
    """Time used beyond the timebox and its extensions (0 when they were kept)."""
    baseline: bool = False
    kind: str = "untagged"
    """What the work was (`data`, `code`, `model`, else its first tag): overruns are
    told apart by it."""
    extended_seconds: float = 0.0
    """Time added to the timebox on purpose (`credo exp extend`)."""


@dataclass
class RunLine:
    id: str
    experiment: str | None
    """None for an ad-hoc run (attached to no experiment)."""
    experiment_hypothesis: str
    command: str
    status: str
    exit_code: int | None
    signal: int | None
    state: str
    """The status in words: `lost?` or `running on HOST` for a run on another host."""
    started: datetime
    seconds: float | None
    commit: str | None
    metrics: dict[str, float]
    baseline: dict[str, float]
    """The baseline experiment's latest values of the same metrics (when it has them)."""
    gate_skipped: str | None = None
    """Who skipped the gate and why, when the run went ahead with --skip-gate."""
    data_warning: str = ""
    """Set when the run saw other data than the baseline run it is compared with."""


@dataclass
class ReviewLine:
    id: str
    pack: str
    created: datetime
    commit: str | None
    checked: int
    total: int
    experiment: str | None


@dataclass
class CommitLine:
    sha: str
    author: str
    date: datetime
    subject: str
    tasks: list[str]
    experiments: list[str]


@dataclass
class AgentChangeLine:
    """One change an agent made (from the local journal of `credo mcp`)."""

    at: datetime
    actor: str
    what: str
    items: list[str]


@dataclass
class Overruns:
    """The experiments of one kind that went beyond their timebox."""

    closed: int
    over: int
    median_seconds: float | None


@dataclass
class Honesty:
    closed: int
    kept: int
    """Closed within their first timebox."""
    median_overrun_seconds: float | None
    """Median time beyond the timebox (and extensions), over the experiments that overran."""
    extended: int = 0
    """Went past their first timebox but within the time added on purpose: not overruns,
    not kept either."""
    by_kind: dict[str, Overruns] = field(default_factory=dict)
    """Per kind of work, so data work that takes longer reads as what it is."""


KINDS = ("data", "code", "model")


def kind_of_work(tags: list[str]) -> str:
    """`data`, `code` or `model` when a tag says so, else the first tag, else `untagged`."""
    lowered = [t.lower() for t in tags]
    return next((k for k in KINDS if k in lowered), lowered[0] if lowered else "untagged")


@dataclass
class Report:
    project: str
    since: datetime
    until: datetime
    done: list[TaskLine] = field(default_factory=list)
    added: list[TaskLine] = field(default_factory=list)
    due: list[TaskLine] = field(default_factory=list)
    started: list[ExperimentLine] = field(default_factory=list)
    closed: list[ExperimentLine] = field(default_factory=list)
    runs: list[RunLine] = field(default_factory=list)
    adhoc_runs: list[RunLine] = field(default_factory=list)
    """Runs attached to no experiment (`credo run` with none running, from a script)."""
    reviews: list[ReviewLine] = field(default_factory=list)
    commits: list[CommitLine] | None = None
    """None when the project is not a git repository (linkage off)."""
    agent_changes: list[AgentChangeLine] = field(default_factory=list)
    honesty: Honesty = field(default_factory=lambda: Honesty(0, 0, None))
    per_week: list[tuple[date, int]] = field(default_factory=list)
    """(Monday of the week, experiments closed that week), oldest first."""
    short: dict[str, str] = field(default_factory=dict)
    """Item id -> shortest unique prefix, for display."""


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


def _within(moment: datetime | None, since: datetime, until: datetime) -> bool:
    return moment is not None and since <= moment < until


def _used(exp: Experiment) -> float | None:
    if exp.started is None or exp.ended is None:
        return None
    return elapsed(exp, exp.ended).total_seconds()


def _experiment_line(exp: Experiment) -> ExperimentLine:
    used = _used(exp)
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
        overrun_seconds=max(used - budget, 0.0) if used is not None else None,
        baseline=exp.baseline,
        kind=kind_of_work(exp.tags),
        extended_seconds=budget - timebox,
    )


def build_report(
    store: Store, since: datetime, until: datetime, *, today: date | None = None
) -> Report:
    """Everything that happened in [since, until) in this project."""
    from credo.text.runs import data_warning

    today = today or until.astimezone().date()
    horizon = store.config.urgency_horizon_days
    report = Report(project=store.name, since=since, until=until)
    from credo.actions.lost_runs import run_state, settle

    tasks = store.tasks()
    experiments = store.experiments()
    settled = settle(store, store.runs())
    runs = settled.runs
    reviews = store.reviews()
    by_experiment = {e.id: e for e in experiments}
    report.short = {
        **store.short_ids(Task),
        **store.short_ids(Experiment),
        **store.short_ids(Run),
        **store.short_ids(Review),
    }

    def task_line(task: Task) -> TaskLine:
        days = (task.due - today).days if task.due else None
        return TaskLine(
            id=task.id,
            title=task.title,
            quadrant=quadrant_of(task, today, horizon).value,
            due=task.due,
            done_at=task.done_at,
            commit=task.done_commit,
            days_left=days,
        )

    for task in sorted(tasks, key=lambda t: (t.done_at or t.created, t.id)):
        if task.status == TaskStatus.DONE and _within(task.done_at, since, until):
            report.done.append(task_line(task))
        if _within(task.created, since, until):
            report.added.append(task_line(task))
    horizon_day = today + timedelta(days=max(horizon, 1))
    due = [t for t in tasks if t.is_open and t.due is not None and t.due <= horizon_day]
    report.due = [task_line(t) for t in sorted(due, key=lambda t: (t.due, t.title))]

    ordered = sorted(experiments, key=lambda e: (e.ended or e.started or e.created, e.id))
    report.started = [_experiment_line(e) for e in ordered if _within(e.started, since, until)]
    report.closed = [
        _experiment_line(e) for e in ordered if e.status.closed and _within(e.ended, since, until)
    ]
    measured = [line for line in report.closed if line.overrun_seconds is not None]
    overruns = [line.overrun_seconds for line in measured if line.overrun_seconds]
    within = [line for line in measured if not line.overrun_seconds]
    kept = [line for line in within if (line.used_seconds or 0.0) <= line.timebox_seconds]
    report.honesty = Honesty(
        closed=len(report.closed),
        kept=len(kept),
        median_overrun_seconds=statistics.median(overruns) if overruns else None,
        by_kind=_by_kind(measured),
        extended=len(within) - len(kept),
    )
    report.per_week = _per_week(experiments, until)

    base_run = _baseline_run(experiments, runs)
    baseline = dict(base_run.metrics) if base_run else {}
    for run in sorted(runs, key=lambda r: (r.started, r.id)):
        if not _within(run.started, since, until):
            continue
        exp = by_experiment.get(run.experiment or "")
        (report.runs if run.experiment else report.adhoc_runs).append(
            RunLine(
                id=run.id,
                experiment=run.experiment,
                experiment_hypothesis=exp.hypothesis if exp else "",
                command=" ".join(run.command),
                status=run.status.value,
                exit_code=run.exit_code,
                signal=run.signal,
                state=run_state(store, run, job=settled.jobs.get(run.id)),
                started=run.started,
                seconds=(run.ended - run.started).total_seconds() if run.ended else None,
                commit=run.git_start.sha if run.git_start else None,
                metrics=dict(run.metrics),
                baseline={k: v for k, v in baseline.items() if k in run.metrics},
                gate_skipped=_skipped(run.gate),
                data_warning=data_warning([run], [base_run])
                if base_run and run.metrics and run.experiment != base_run.experiment
                else "",
            )
        )

    for review in sorted(reviews, key=lambda r: (r.created, r.id)):
        if _within(review.created, since, until):
            report.reviews.append(
                ReviewLine(
                    id=review.id,
                    pack=review.pack,
                    created=review.created,
                    commit=review.git.sha,
                    checked=sum(1 for e in review.entries if e.mark.value == "checked"),
                    total=len(review.entries),
                    experiment=review.experiment,
                )
            )
    report.commits = _commits(store, since, until)
    from credo.actions.journal import recent_entries

    report.agent_changes = [
        AgentChangeLine(e.at, e.actor, e.what, [c.item_id for c in e.changes])
        for e in recent_entries(store, since, until)
    ]
    return report


def _skipped(gate: dict[str, object]) -> str | None:
    if not gate.get("skipped"):
        return None
    who = str(gate.get("skipped_by") or "someone")
    return f"{who}: {gate['skip_reason']}" if gate.get("skip_reason") else who


def _per_week(experiments: list[Experiment], until: datetime) -> list[tuple[date, int]]:
    last_monday = until.astimezone().date() - timedelta(days=until.astimezone().weekday())
    weeks = [last_monday - timedelta(weeks=n) for n in range(WEEKS_SHOWN - 1, -1, -1)]
    counts = dict.fromkeys(weeks, 0)
    for exp in experiments:
        if exp.status.closed and exp.ended is not None:
            day = exp.ended.astimezone().date()
            monday = day - timedelta(days=day.weekday())
            if monday in counts and exp.ended < until:
                counts[monday] += 1
    return list(counts.items())


def _baseline_run(experiments: list[Experiment], runs: list[Run]) -> Run | None:
    """The latest successful run of the baseline experiment: the numbers to beat."""
    baselines = {e.id for e in experiments if e.baseline}
    candidates = [r for r in runs if r.experiment in baselines and r.exit_code == 0 and r.metrics]
    return max(candidates, key=lambda r: r.started) if candidates else None


def _commits(store: Store, since: datetime, until: datetime) -> list[CommitLine] | None:
    """Commits in the period: one `git log` pass, trailers read by git itself."""
    if store.git_root is None:
        return None
    from credo.gitlink.index import commits_between

    return [
        CommitLine(
            sha=c.sha,
            author=c.author,
            date=datetime.fromtimestamp(c.time, UTC),
            subject=c.subject,
            tasks=c.tasks,
            experiments=c.experiments,
        )
        for c in commits_between(store.git_root, since, until)
    ]


# -- writing it ------------------------------------------------------------------


def to_json(report: Report) -> dict[str, Any]:
    """Plain data (ISO dates) for scripts."""
    data = asdict(report)
    data["per_week"] = [{"week": week.isoformat(), "closed": n} for week, n in report.per_week]
    data.pop("short")
    return _jsonable(data)  # type: ignore[no-any-return]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _span(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    return format_duration(timedelta(seconds=round(seconds / 60) * 60)) if seconds >= 60 else "0m"


def _day(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def _md(text: str) -> str:
    """Text safe inside a Markdown line (no accidental emphasis, tables or links)."""
    return re.sub(r"([\\`*_\[\]|<>#])", r"\\\1", visible(" ".join(text.split()), lines=False))


def _code(text: str) -> str:
    """Text as a Markdown code span (where backslashes are literal: no backtick inside)."""
    return "`" + visible(" ".join(text.split()), lines=False).replace("`", "'") + "`"


def _signed(value: float) -> str:
    return f"{value:+.3g}"


def honesty_line(report: Report) -> str:
    h = report.honesty
    if not h.closed:
        return "No experiment closed in this period."
    text = f"{h.kept} of {h.closed} experiments closed kept their timebox"
    if h.extended:
        text += f"; {h.extended} took time added on purpose"
    if h.median_overrun_seconds is not None:
        text += f"; median overrun {_span(h.median_overrun_seconds)}"
    went_on = [
        f"{kind} {o.over} of {o.closed} (median {_span(o.median_seconds)})"
        for kind, o in h.by_kind.items()
        if o.median_seconds is not None
    ]
    if went_on:
        text += ". Went on past the box, by kind: " + ", ".join(went_on)
        if "data" in h.by_kind and h.by_kind["data"].over:
            text += " — data work often takes longer than planned: give it a larger box"
    return text + "."


def to_markdown(report: Report) -> str:
    """GitHub-flavoured Markdown: headings, lists and one table for the runs."""
    short = report.short
    out = [
        f"# {_md(report.project)} — report {_day(report.since)} → {_day(report.until)}",
        "",
        f"**Timebox honesty:** {honesty_line(report)}  ",
        "**Experiments closed per week:** "
        + " · ".join(f"{week:%b %d} **{n}**" for week, n in report.per_week),
        "",
    ]

    def section(title: str, lines: list[str], empty: str = "", count: int | None = None) -> None:
        if not lines and not empty:
            return
        count = len(lines) if count is None else count
        out.append(f"## {title}" + (f" ({count})" if lines else ""))
        out.append("")
        out.extend(lines or [f"_{empty}_"])
        out.append("")

    section(
        "Done",
        [
            f"- [x] {_md(t.title)} `{short.get(t.id, t.id)}`"
            + (f" — at commit {_code(t.commit[:7])}" if t.commit else "")
            + (f", {_day(t.done_at)}" if t.done_at else "")
            for t in report.done
        ],
        "nothing marked done",
    )
    section(
        "Added",
        [
            f"- {_md(t.title)} `{short.get(t.id, t.id)}` ({t.quadrant})"
            + (f", due {t.due}" if t.due else "")
            for t in report.added
        ],
    )

    def due_word(t: TaskLine) -> str:
        if t.days_left is None:
            return ""
        if t.days_left < 0:
            return f"**{-t.days_left}d overdue**"
        return {0: "**due today**", 1: "due tomorrow"}.get(t.days_left, f"due in {t.days_left}d")

    section(
        "Due",
        [f"- {due_word(t)}: {_md(t.title)} `{short.get(t.id, t.id)}`" for t in report.due],
    )
    section(
        "Experiments started",
        [
            f"- {_md(e.hypothesis)} `{short.get(e.id, e.id)}` — timebox {_span(e.timebox_seconds)}"
            + (", running" if e.status == "running" else f", {e.status}")
            for e in report.started
        ],
    )
    closed = []
    for e in report.closed:
        verdict = e.outcome or e.status
        extended = f" +{_span(e.extended_seconds)}" if e.extended_seconds else ""
        box = f"timebox {_span(e.timebox_seconds)}{extended}, used {_span(e.used_seconds)}"
        if e.overrun_seconds:
            box += f", {_span(e.overrun_seconds)} past the box ({_md(e.kind)} work)"
        elif e.overrun_seconds is not None and (e.used_seconds or 0.0) > e.timebox_seconds:
            box += ", within the time added on purpose"
        elif e.overrun_seconds is not None:
            box += ", kept"
        closed.append(
            f"- **{verdict}**{' ★ baseline' if e.baseline else ''} — {_md(e.hypothesis)}"
            f" `{short.get(e.id, e.id)}` ({box})"
        )
        for label, text in (
            ("Learning", e.learning),
            ("Next", e.next_step),
            ("Abandoned because", e.abandon_reason),
        ):
            if text:
                closed.append(f"  - {label}: {_md(text)}")
    section("Experiments closed", closed, count=len(report.closed))

    for title, runs, with_experiment in (
        ("Runs", report.runs, True),
        ("Ad-hoc runs", report.adhoc_runs, False),
    ):
        if runs:
            out += [f"## {title} ({len(runs)})", "", *_run_table(runs, short, with_experiment), ""]
    warned = [r for r in report.runs if r.data_warning]
    out += [f"- ⚠ run `{short.get(r.id, r.id)}`: {_md(r.data_warning)}" for r in warned]
    if warned:
        out.append("")
    section(
        "Reviews",
        [
            f"- {_md(v.pack)}: {v.checked}/{v.total} checked"
            + (f" at commit {_code(v.commit[:7])}" if v.commit else "")
            + f", {_day(v.created)}"
            for v in report.reviews
        ],
    )
    section(
        "Changes by agents",
        [
            f"- {_md(c.actor)}: {_md(c.what)} "
            + " ".join(_code(short.get(i, i[:7])) for i in c.items)
            + f", {_day(c.at)}"
            for c in report.agent_changes
        ],
    )
    if report.commits is None:
        section("Commits", [], "not a git repository: linkage off")
    else:
        lines = []
        for c in report.commits:
            links = [f"`{short.get(i, i[:7])}`" for i in c.tasks + c.experiments]
            lines.append(
                f"- `{c.sha[:7]}` {_md(c.subject)} — {_md(c.author)}, {_day(c.date)}"
                + (f" → {' '.join(links)}" if links else "")
            )
        section("Commits", lines, "no commits")
    return "\n".join(out).rstrip() + "\n"


def run_outcome(run: RunLine) -> str:
    """`failed (exit 3)`, `timed_out (signal 15)`, `lost`, `running`: as the JSON says."""
    if run.exit_code is not None:
        return f"{run.state} (exit {run.exit_code})"
    if run.signal:
        return f"{run.state} (signal {run.signal})"
    return run.state


def _run_table(runs: list[RunLine], short: dict[str, str], with_experiment: bool) -> list[str]:
    """The runs as one Markdown table: what ran, how it ended, its metrics."""
    head = ["run", "experiment", "outcome", "time", "metrics (vs baseline)"]
    if not with_experiment:
        head.remove("experiment")
    rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in runs:
        metrics = ", ".join(
            f"{_md(name)} {value:.4g}"
            + (f" ({_signed(value - r.baseline[name])})" if name in r.baseline else "")
            for name, value in sorted(r.metrics.items())
        )
        took = _span(r.seconds) if r.seconds and r.seconds >= 60 else f"{r.seconds or 0:.0f}s"
        cells = [f"`{short.get(r.id, r.id)}` {_code(r.command)}"]
        if with_experiment:
            cells.append(_md(r.experiment_hypothesis) or "—")
        outcome = _md(run_outcome(r))
        if r.gate_skipped:
            outcome += f", **gate skipped** by {_md(r.gate_skipped)}"
        cells += [outcome, took, metrics or "—"]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def to_rich(report: Report) -> Any:
    """A Rich renderable of the Markdown (what a terminal shows by default)."""
    from rich.markdown import Markdown

    return Markdown(to_markdown(report))
