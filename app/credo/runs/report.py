"""Experiments and runs in words (Rich markup): shared by `credo exp show` and the app."""

from __future__ import annotations

from datetime import datetime

from rich.markup import escape

from credo.domain.durations import format_duration
from credo.domain.models import Experiment, GitState, Run, now
from credo.domain.timebox import format_countdown, format_elapsed, remaining, timebox_words
from credo.runs.metrics import compare, experiment_metrics


def describe_experiment(
    exp: Experiment,
    short: str,
    runs: list[Run],
    baseline: Experiment | None,
    baseline_runs: list[Run],
    *,
    at: datetime | None = None,
    with_runs: bool = True,
) -> str:
    """Hypothesis, status and countdown, outcome, runs, metrics next to the baseline's."""
    lines = [f"[b]{escape(exp.hypothesis)}[/]  [dim]{short}[/]"]
    status = exp.status.value
    if exp.status.value in ("running", "paused"):
        left = remaining(exp, at or now())
        colour = "red" if left.total_seconds() < 0 else "green"
        status += f" · [{colour}]{format_countdown(left)}[/] of {timebox_words(exp)}"
    else:
        status += f" · timebox {timebox_words(exp)}"
    if exp.baseline:
        status += " · [yellow]★ baseline[/]"
    lines.append(status)
    if exp.task:
        lines.append(f"task: {exp.task[:7]}")
    if exp.tags:
        lines.append("tags: " + " ".join(f"#{escape(t)}" for t in exp.tags))
    if exp.outcome:
        lines.append(f"outcome: [b]{exp.outcome.value}[/]")
    if exp.learning:
        lines.append(f"learning: {escape(exp.learning)}")
    if exp.next_step:
        lines.append(f"next step: {escape(exp.next_step)}")
    if exp.abandon_reason:
        lines.append(f"abandoned: {escape(exp.abandon_reason)}")
    for added in exp.extensions:
        when = added.at.astimezone().strftime("%Y-%m-%d %H:%M")
        why = f": {escape(added.reason)}" if added.reason else ""
        lines.append(f"extended +{format_duration(added.by)} at {when}{why}")
    if with_runs:
        lines.append("")
        lines.append(f"[b]runs[/] ({len(runs)})" if runs else "[dim]no runs yet[/]")
        for run in reversed(runs):
            lines.extend(run_lines(run))
    lines.extend(metric_lines(exp, runs, baseline, baseline_runs))
    return "\n".join(lines)


def metric_lines(
    exp: Experiment, runs: list[Run], baseline: Experiment | None, baseline_runs: list[Run]
) -> list[str]:
    """Each metric's last value, the baseline's, and the difference."""
    metrics = experiment_metrics(runs)
    other = baseline is not None and baseline.id != exp.id
    base_metrics = experiment_metrics(baseline_runs) if other else {}
    if not metrics and not base_metrics:
        return []
    title = "[b]metrics[/]"
    if other and baseline is not None:
        title += f" vs baseline {baseline.id[:7]} ({escape(baseline.hypothesis)})"
    lines = ["", title]
    for name, value, was, diff in compare(metrics, base_metrics):
        row = f"  {escape(name)}: {_num(value)}"
        if was is not None:
            row += f"  baseline {_num(was)}"
        if diff is not None:
            row += f"  ({'+' if diff >= 0 else ''}{_num(diff)})"
        lines.append(row)
    return lines


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def run_lines(run: Run) -> list[str]:
    """A run in a few lines: status, sha, exit, duration, command; diff, note, data."""
    colour = {"succeeded": "green", "running": "cyan"}.get(run.status.value, "red")
    lines = [
        f"  [{colour}]{run.status.value}[/] {run.id[:7]}  {where(run)}  {exit_words(run)}  "
        f"{duration_words(run)}  [dim]{escape(' '.join(run.command))}[/]"
    ]
    if run.git_start is not None:
        lines.append(f"    diff: {escape(diff_words(run.git_start))}")
    if run.gate:
        lines.append(f"    gate: {escape(gate_words(run.gate))}")
    if run.note:
        lines.append(f"    [yellow]{escape(run.note)}[/]")
    if run.output and not run.output.startswith("whole"):
        lines.append(f"    output.log: {escape(run.output)}")
    for path, fingerprint in run.data.items():
        lines.append(f"    data {escape(path)}: {escape(fingerprint)}")
    return lines


def gate_words(gate: dict[str, object]) -> str:
    """Under which review a run was launched, or that the gate was skipped."""
    reviews = gate.get("review_ids")
    ids = [str(r)[:7] for r in reviews] if isinstance(reviews, list) else []
    if gate.get("skipped"):
        open_items = gate.get("open_items")
        count = len(open_items) if isinstance(open_items, list) else 0
        return f"skipped with {count} check(s) open"
    if not gate.get("passed"):
        return "closed"
    return "passed, under review " + ", ".join(ids) if ids else "passed (no review needed)"


def where(run: Run) -> str:
    """`1a2b3c4*` (dirty), `no git`, or empty."""
    git = run.git_start
    if git is not None and git.sha:
        return f"{git.sha[:7]}{'*' if git.dirty else ''}"
    if git is not None and git.patch_status.startswith("off"):
        return "no git"
    return ""


def exit_words(run: Run) -> str:
    if run.signal:
        return f"signal {run.signal}"
    return f"exit {run.exit_code}" if run.exit_code is not None else ""


def duration_words(run: Run) -> str:
    return format_elapsed(run.ended - run.started) if run.ended else "running"


def diff_words(git: GitState) -> str:
    """Whether the diff was saved whole, cut (at what size) or not needed; untracked files."""
    status = git.patch_status
    if status == "clean":
        text = "not needed (clean tree)"
    elif status == "whole":
        text = f"saved whole ({git.patch_bytes} bytes) in {git.patch}"
    elif status == "cut":
        text = (
            f"cut: the diff is {git.patch_bytes} bytes, its first part (up to the project's "
            f"patch_limit_bytes) is saved in {git.patch}"
        )
    elif status == "off":
        text = "not saved: no git repository"
    else:
        text = status
    if git.untracked:
        shown = ", ".join(git.untracked[:5]) + (" …" if len(git.untracked) > 5 else "")
        text += f"; untracked included: {shown}"
    return text
