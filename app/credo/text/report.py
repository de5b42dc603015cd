"""The daily report written out: Markdown (renders on GitHub), JSON (for scripts) or
Rich (the terminal, which renders the same Markdown)."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from credo.display import one_line
from credo.domain.durations import format_duration
from credo.domain.models import OPEN_STATUSES, ExperimentStatus, RunStatus, short_sha
from credo.domain.report import AgentChangeLine, ExperimentLine, Report, RunLine, TaskLine
from credo.domain.timebox import box_words, run_took
from credo.runs.metrics import final_values, metric_words
from credo.runs.numbers import difference_text
from credo.runs.table import acknowledged_words
from credo.text.words import GONE, checked_words
from credo.wording import agrees, counted


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
    if isinstance(value, BaseModel):
        return value.model_dump()
    return value


def _span(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    if 0 < seconds < 0.5:
        return "<1s"
    # whole minutes from ten minutes on; below, to the second (a 3s box is not "0m", and
    # a 1m box used for 89s reads "used 1m29s, 29s past the box", not "used 1m")
    step = 60 if seconds >= 600 else 1
    return format_duration(timedelta(seconds=round(seconds / step) * step))


def _timebox(e: ExperimentLine) -> str:
    """`timebox 30m`, and `timebox 30m +15m` once time was added on purpose (and how much
    of it after the experiment closed)."""
    box, added = timedelta(seconds=e.timebox_seconds), timedelta(seconds=e.extended_seconds)
    late = timedelta(seconds=e.added_after_closing_seconds)
    return f"timebox {box_words(box, added, late)}"


def _status(e: ExperimentLine) -> str:
    """`running`, `paused`...; `running in ../exp-b` when another worktree runs it."""
    if e.running_in:
        return f"running in {_md(e.running_in)}"
    return ExperimentStatus(e.status).label


def _day(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


_LIST_MARKER = re.compile(r"^(\d{1,9}[.)]|[-+])(?=\s|$)")
"""What opens a list at the start of a line: in a list item, a list inside it."""


def _md(text: str) -> str:
    """Text safe inside a Markdown line (no accidental emphasis, strikethrough, tables,
    links or lists: a title `1. Read the paper` is not a list of its own)."""
    escaped = re.sub(r"([\\`*_\[\]|<>#~])", r"\\\1", one_line(text))
    return _LIST_MARKER.sub(lambda marker: f"{marker[0][:-1]}\\{marker[0][-1]}", escaped)


def _code(text: str, in_table: bool = False) -> str:
    """Text as a Markdown code span, as it is: fenced by one backtick more than it holds
    in a row (backslashes are literal there); in a table a `|` is escaped, which GitHub
    reads before code spans and shows as `|`."""
    shown = one_line(text)
    if in_table:
        shown = shown.replace("|", "\\|")
    fence = "`" * (max(map(len, re.findall("`+", shown)), default=0) + 1)
    pad = " " if shown[:1] == "`" or shown[-1:] == "`" else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def honesty_line(report: Report) -> str:
    h = report.honesty
    unstarted = (
        f"{counted(h.never_started, 'experiment')} closed before "
        f"{agrees(h.never_started, 'it', 'they')} started"
    )
    if not h.closed:
        if h.never_started:
            return f"{unstarted}: no timebox to keep."
        return "No experiment closed in this period."
    kept = f"kept {agrees(h.kept, 'its', 'their')} timebox"
    text = f"{h.kept} of {counted(h.closed, 'experiment')} closed {kept}"
    if h.never_started:
        text += f" (and {unstarted})"
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


def _weeks(report: Report) -> str:
    """`Nov 16 **2** · Nov 23 **0**`, saying when the first is the project's first week."""
    weeks = " · ".join(f"{week:%b %d} **{n}**" for week, n in report.per_week)
    if not report.from_first_week:
        return weeks
    return weeks + (
        " (the project's first week)"
        if len(report.per_week) == 1
        else " (since the project's first week)"
    )


def to_markdown(report: Report, narrow: bool = False) -> str:
    """GitHub-flavoured Markdown: headings, lists and one table for the runs; `narrow`
    (the app's R view) names a run and its experiment by id alone in that table, so
    that a run reads as one line at 120 columns."""
    short = report.short
    out = [
        f"# {_md(report.project)} — report {_day(report.since)} → {_day(report.until)}",
        "",
        f"**Timebox honesty:** {honesty_line(report)}  ",
        "**Experiments closed per week:** " + _weeks(report),
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
            + (f" — at commit {_code(short_sha(t.commit))}" if t.commit else "")
            + (f" ({GONE})" if t.commit_in_history is False else "")
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
            + ("" if t.status in OPEN_STATUSES else f" [{t.status}]")  # as `credo ls -a` marks it
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
            f"- {_md(e.hypothesis)} `{short.get(e.id, e.id)}` — {_timebox(e)}, {_status(e)}"
            for e in report.started
        ],
    )
    section(
        "Experiments under way, started before this period",
        [
            f"- {_md(e.hypothesis)} `{short.get(e.id, e.id)}` — {_timebox(e)}, {_status(e)}"
            + (f", started {_day(e.started)}" if e.started else "")
            + (f", used {_span(e.used_seconds)} so far" if not e.running_in else "")
            for e in report.under_way
        ],
    )
    closed = []
    for e in report.closed:
        verdict = e.outcome or ExperimentStatus(e.status).label
        used = "never started" if e.started is None else f"used {_span(e.used_seconds)}"
        box = f"{_timebox(e)}, {used}"
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
        if runs:  # under each table, its runs' checks, then which baseline, and data
            table = _run_table(runs, short, with_experiment, narrow)
            out += [f"## {title} ({len(runs)})", "", *table, ""]
            checked = _checks_lines(runs, short)
            for lines in (checked, _baseline_lines(runs, short)):
                out += [*lines, ""] if lines else []
    section(
        "Reviews",
        [
            f"- {_md(v.pack)}: {checked_words(v.checked, v.total, v.na)}"
            + (f" at commit {_code(short_sha(v.commit))}" if v.commit else "")
            + f", {_day(v.created)}"
            for v in report.reviews
        ],
    )
    section(
        "Data checks",
        [
            f"- {'✓' if c.passed else '✗'} {_md(c.pack)}/{_md(c.item)}: {_md(c.summary)}"
            f" — {_code(c.command)}"
            + (f" at commit {_code(short_sha(c.commit))}" if c.commit else "")
            + f", {_day(c.created)}"
            for c in report.data_checks
        ],
    )
    section(
        "Changes by agents",
        [_agent_line(c, short) for c in report.agent_changes],
    )
    if report.commits is None:
        section("Commits", [], report.linkage_off)
    else:
        lines = []
        for c in report.commits:
            links = [f"`{short[i]}`" for i in c.tasks + c.experiments]
            lines.append(
                f"- `{short_sha(c.sha)}` {_md(c.subject)} — {_md(c.author)}, {_day(c.date)}"
                + (f" → {' '.join(links)}" if links else "")
            )
        section("Commits", lines, "no commits")
    if report.unshared:  # teammates read the report, but not what it is made of
        out.append(
            f"_Not shared: {counted(report.unshared, 'file')} of `.credo/` not committed, "
            "which teammates do not see until they are (`git add .credo`, then commit)._"
        )
    return "\n".join(out).rstrip() + "\n"


def _agent_line(change: AgentChangeLine, short: dict[str, str]) -> str:
    """`- agent:codex: Claimed: Train `nkhc`; back to open: `04wc`, Dec 7`: the items an
    agent changed, the one its change is about first."""

    def ids(items: list[str]) -> str:
        return " ".join(_code(short[i]) for i in items)

    line = f"- {_md(change.actor)}: {_md(change.what)}"
    line += f"{' (undone since)' if change.undone else ''} "
    line += ids([i for i in change.items if i not in change.back_to_open])
    if change.back_to_open:
        line += f"; back to open: {ids(change.back_to_open)}"
    return f"{line}, {_day(change.at)}"


def run_outcome(run: RunLine) -> str:
    """`failed (exit 3)`, `timed out (signal 15)`, `lost`, `running on gpu-07 · ...`;
    `timed out · SLURM TIMEOUT (TimeLimit)` where SLURM said what ended it."""
    state = RunStatus(run.status).said(run.state)
    if run.slurm_end:
        return f"{state} · SLURM {run.slurm_end}"
    if run.exit_code is not None:
        return f"{state} (exit {run.exit_code})"
    if run.signal:
        return f"{state} (signal {run.signal})"
    return state


METRICS_HEAD = "metrics (vs baseline when it ran)"
"""The runs table's last column: each run against the baseline's run of its time, which
the line under the table names."""


def _run_table(
    runs: list[RunLine], short: dict[str, str], with_experiment: bool, narrow: bool
) -> list[str]:
    """The runs as one Markdown table: what ran, how it ended, its metrics. `narrow`, for
    the app's view (one line a run at 120 columns, where a table too wide folds its
    leftmost columns first): a run and its experiment by id, then the metrics, which
    wrap in their cell where the row has no room (never cut: a cut number is a wrong
    one), then the outcome and the time."""
    head = ["run", "experiment", "outcome", "time", METRICS_HEAD]
    if narrow:
        head = ["run", "experiment", METRICS_HEAD, "outcome", "time"]
    if not with_experiment:
        head.remove("experiment")
    rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in runs:
        finals = final_values(r)
        metrics = ", ".join(
            f"{_md(name)} {_md(metric_words(value))}"
            + (
                f" ({difference_text(value - r.baseline[name])})"
                if name in r.baseline and isinstance(value, float)
                else ""
            )
            for name, value in sorted(finals.items())
        )
        took = "—" if r.seconds is None else run_took(r.status, timedelta(seconds=r.seconds))
        outcome = _md(run_outcome(r))
        if r.actor:
            outcome += f", started by {_md(r.actor)}"
        if r.gate_skipped:
            outcome += f", **gate skipped** by {_md(r.gate_skipped)}"
        if r.gate_acknowledged:  # in the words of `credo runs ls`'s gate column
            outcome += f", gate **{acknowledged_words(r.gate_acknowledged)}**"
        run = f"`{short.get(r.id, r.id)}`"
        experiment = _md(r.experiment_hypothesis) or "—"
        if narrow:
            experiment = f"`{short.get(r.experiment or '', r.experiment)}`"
        else:
            run += f" {_code(r.command, in_table=True)}"
        cell = {"run": run, "experiment": experiment, "outcome": outcome, "time": took}
        cell[METRICS_HEAD] = metrics or "—"
        rows.append("| " + " | ".join(cell[name] for name in head) + " |")
    return rows


def _baseline_lines(runs: list[RunLine], short: dict[str, str]) -> list[str]:
    """Which baseline run the runs' metrics are compared with (each run with the
    baseline's latest result when it started), and each data change once, with the runs
    it concerns: `⚠ runs a, b used data d939…, the baseline 8869…: …`."""

    compared: dict[str, list[str]] = {}
    warned: dict[str, list[str]] = {}
    for r in runs:
        if r.baseline_run:
            compared.setdefault(r.baseline_run, []).append(r.id)
        if r.data_warning:
            warned.setdefault(r.data_warning, []).append(r.id)
    lines = [
        f"- vs the baseline's run `{short.get(base, base)}`: {_runs_named(ids, short)}"
        for base, ids in compared.items()
    ]
    if compared and sum(map(len, compared.values())) < sum(1 for r in runs if r.metrics):
        lines.append("- no difference for the baseline's own runs and those before its result")
    return lines + [
        f"- ⚠ {_runs_named(ids, short)} {_md(warning)}" for warning, ids in warned.items()
    ]


def _checks_lines(runs: list[RunLine], short: dict[str, str]) -> list[str]:
    """What credo verified of the runs, short: a line a check, then the runs it said so of
    (`✗ losses-logged (with log-every-step) on runs a1, b2`): one sign a check, as the
    verdict and the gate count them, failures first, then in the packs' order; last, the
    checks their gate took as held by what credo knew, which nobody ticked
    (`✓ just-timeboxed offered, not ticked (the experiment's timebox started) on run a1`)."""
    from credo.text.runs import offered_words

    said: dict[tuple[bool, str, str, tuple[str, ...], str | None], list[str]] = {}
    offered: dict[str, list[str]] = {}
    for run in runs:
        for c in run.checks:
            passed = c.passed or c.na is not None
            said.setdefault((passed, c.pack, c.item, tuple(c.also), c.na), []).append(run.id)
        for entry in run.gate_offered:
            offered.setdefault(offered_words(entry), []).append(run.id)
    lines = []
    for (passed, _, item, also, na), ids in sorted(said.items(), key=lambda kv: kv[0][0]):
        lines.append(
            f"- {'✓' if passed else '✗'} {_md(item)}"
            + (f" (with {_md(', '.join(also))})" if also else "")
            + (f" n.a. ({_md(na)})" if na else " n.a." if na is not None else "")
            + f" on {_runs_named(ids, short)}"
        )
    for words, ids in offered.items():
        lines.append(f"- ✓ {_md(words)} on {_runs_named(ids, short)}")
    return lines


def _runs_named(ids: list[str], short: dict[str, str]) -> str:
    """`run a1`, `runs a1, b2`: by their short ids."""
    listed = ", ".join(f"`{short.get(i, i)}`" for i in ids)
    return f"{'run' if len(ids) == 1 else 'runs'} {listed}"


def to_rich(report: Report) -> Any:
    """A Rich renderable of the Markdown (what a terminal shows by default)."""
    from rich.markdown import Markdown

    return Markdown(to_markdown(report))
