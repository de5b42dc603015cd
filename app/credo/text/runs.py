"""Experiments and runs in words (Rich markup): shared by `credo exp show` and the app."""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import datetime, timedelta

from credo.display import cut, escape, one_line, visible
from credo.domain.durations import format_duration
from credo.domain.models import (
    WAITING,
    Experiment,
    ExperimentStatus,
    GitState,
    Machine,
    Run,
    RunStatus,
    SlurmJob,
    code_mark,
    now,
)
from credo.domain.timebox import (
    countdown_words,
    remaining,
    run_seconds,
    run_took,
    timebox_words,
    unstarted_words,
)
from credo.runs.fingerprint import data_digest, differing_paths
from credo.runs.metrics import final_values, metric_words, metrics_words, results, versus_baseline
from credo.runs.numbers import difference_text
from credo.runs.params import param_words, sweep_words
from credo.runs.table import BEFORE_THE_GATE, gate_entries
from credo.store.ids import ShortIds
from credo.store.store import LoadProblem
from credo.wording import agrees, counted

ReviewPacks = Mapping[str, str | LoadProblem]
"""Each review's pack by its id, and the problem of each review file credo cannot read
(`actions.checks.review_packs`): how a run's gate names the reviews it relied on."""

TASK_TITLE_CELLS = 60
"""Room for the title of an experiment's task beside its id: most whole, a long one cut."""


def describe_experiment(
    exp: Experiment,
    short: ShortIds,
    runs: list[Run],
    baseline: Experiment | None,
    baseline_runs: list[Run],
    *,
    at: datetime | None = None,
    with_runs: bool = True,
    states: Mapping[str, str] | None = None,
    task_title: str | None = None,
    running_in: str = "",
    no_runs: str = "",
    reviews: ReviewPacks,
    patches_away: Set[str] = frozenset(),
) -> str:
    """Hypothesis, status and countdown, outcome, runs, metrics next to the baseline's.
    `short`: the ids it names (its own, its task's, runs') as the lists print them;
    `reviews`: the packs of the reviews its runs' gates name (`gate_words`).

    `states` gives a run's status in words where it says more than the stored status
    (a run on another host: where, and its last sign of life; see `lost_runs`).
    `task_title`: the title of the task it serves (cut to `TASK_TITLE_CELLS`), None
    when that task is gone, its id only on the record, "" while it is not read yet.
    `running_in`: the other worktree it runs in (`actions.experiments.running_in`), whose
    clock it is. `no_runs`: said
    without `with_runs` where it has no run (the interface's table of runs is hidden).
    `patches_away`: the runs whose saved diffs are not in this clone (a teammate's:
    `follow.patches_here`).
    """
    lines = [f"[b]{escape(exp.hypothesis)}[/]  [dim]{short[exp.id]}[/]"]
    status = exp.status.label
    if running_in:  # its countdown is that worktree's (this copy may say paused)
        status = f"{ExperimentStatus.RUNNING.label} in {escape(running_in)}"
    elif exp.status.value in ("running", "paused"):
        left = remaining(exp, at or now())
        colour = "red" if left.total_seconds() < 0 else "green"
        status += f" · [{colour}]{countdown_words(exp, left)}[/]"
    else:
        status += f" · timebox {timebox_words(exp)}"
    if exp.baseline:
        status += " · [yellow]★ baseline[/]"
    lines.append(status)
    if exp.task:
        title = "(removed)" if task_title is None else cut(task_title, TASK_TITLE_CELLS)
        title = f" {escape(one_line(title))}" if title else ""
        lines.append(f"task: [dim]{escape(short[exp.task])}[/]{title}")
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
    counts = RunCounts.of(runs).words()
    if not with_runs and counts:
        lines.append(f"runs: {counts}")
    elif not with_runs and not runs and no_runs:
        lines.append(f"[dim]{escape(no_runs)}[/]")
    if with_runs:
        lines.append("")
        title = f"[b]runs[/] ({len(runs)}{f': {counts}' if counts else ''})"
        lines.append(title if runs else f"[dim]no runs{'' if exp.status.closed else ' yet'}[/]")
        for run in reversed(runs):
            state, here = (states or {}).get(run.id), run.id not in patches_away
            lines.extend(run_lines(run, short, state, reviews=reviews, patches_here=here))
    lines.extend(metric_lines(exp, runs, baseline, baseline_runs, short))
    return "\n".join(lines)


def describe_run(
    run: Run,
    short: ShortIds,
    experiment: Experiment | None,
    state: str,
    output: str,
    reviews: ReviewPacks,
    patches_here: bool,
    unverified: list[str],
) -> str:
    """`credo show RUN`: which experiment (or ad hoc), then the run's lines (`run_lines`),
    where its `output` is kept, its metrics, and why no check read them (`unverified`,
    see `verdict.unverified_lines`). `short`: the ids it names as the lists print them;
    `reviews`: the packs of the reviews its gate names."""
    if experiment is not None:
        owner = f"experiment {short[experiment.id]}: {escape(experiment.hypothesis)}"
    else:
        owner = (
            "ad hoc (no experiment)"
            if run.experiment is None
            else f"experiment {short[run.experiment]}"
        )
    lines = [
        f"[b]run {short[run.id]}[/]  {owner}",
        *run_lines(run, short, state, reviews=reviews, patches_here=patches_here),
    ]
    lines.append(f"    output: {escape(visible(output, lines=False))}")
    if finals := final_values(run):
        said = ", ".join(f"{k} {metric_words(v)}" for k, v in finals.items())
        lines.append("    metrics: " + escape(visible(said, lines=False)))
    lines += [f"    {escape(line)}" for line in unverified]
    return "\n".join(lines)


def metric_lines(
    exp: Experiment,
    runs: list[Run],
    baseline: Experiment | None,
    baseline_runs: list[Run],
    short: ShortIds,
) -> list[str]:
    """Each metric's last value over the successful runs, the baseline's, and the
    difference; and whose numbers they are when a run failed."""
    other = baseline is not None and baseline.id != exp.id
    rows = versus_baseline(runs, baseline_runs if other else [])
    if not rows:
        return []
    title = "[b]metrics[/]"
    if other and baseline is not None:
        title += f" vs baseline {short[baseline.id]} ({escape(baseline.hypothesis)})"
    lines = ["", title]
    if other and (warning := data_warning(runs, baseline_runs)):
        lines.append(f"  [yellow]⚠ {escape(warning)}[/]")
    if note := _whose_numbers(exp, runs, other, short):
        lines.append(f"  [yellow]{note}[/]")
    for name, value, was, diff in rows:
        mine, theirs = metrics_words([value, was])  # as many digits as tell them apart
        row = f"  {escape(name)}: {mine}"
        if was is not None:
            row += f"  baseline {theirs}"
        if diff is not None:
            row += f"  ({difference_text(diff)})"
        lines.append(row)
    return lines


def _whose_numbers(exp: Experiment, runs: list[Run], beside_baseline: bool, short: ShortIds) -> str:
    """Said when the numbers are not simply the latest run's: it failed, so they are the
    successful runs'; it logged none, so they are an earlier run's; or none succeeded, so
    they are failed runs' (and no difference). Where several succeeded (a sweep), which
    one they are from and where to rank them: the experiment names no goal metric to pick
    the best by."""
    succeeded = results(runs)
    if not succeeded:
        if not any(final_values(r) for r in runs):
            return ""
        compared = ", not compared with the baseline's" if beside_baseline else ""
        return f"no run succeeded with metrics: these are failed runs' numbers{compared}"
    ended = [r for r in runs if r.status not in WAITING]
    latest = max(ended, key=lambda r: (r.started, r.id))  # one succeeded: one ended
    if latest.status != RunStatus.SUCCEEDED:  # as `results` counts a success
        failed = f"its latest run {short[latest.id]} {latest.status.label}"
        return f"{failed}: the numbers are its successful runs'"
    newest = max(succeeded, key=lambda r: (r.started, r.id))
    silent = (
        "" if newest.id == latest.id else f"its latest run {short[latest.id]} logged no metrics: "
    )
    if len(succeeded) == 1:
        return f"{silent}the numbers are run {short[newest.id]}'s" if silent else ""
    apart = escape(cut(sweep_words(newest, succeeded), TASK_TITLE_CELLS))
    return (
        f"{silent}from run {short[newest.id]} ({apart}), the latest of {len(succeeded)} "
        f"successful runs, not the best: credo runs ls --exp {short[exp.id]} ranks them"
    )


def data_warning(runs: list[Run], baseline_runs: list[Run]) -> str:
    """Why comparing these runs with the baseline's may not be fair, of an experiment's
    latest run: `this run used data d939…, the baseline 8869…: …`; "" when nothing says so."""
    difference = data_difference(runs, baseline_runs)
    return f"this run {difference}" if difference else ""


def data_difference(runs: list[Run], baseline_runs: list[Run]) -> str:
    """The data the latest of `runs` that recorded some used, against the baseline's,
    when they differ: `used data d939…, the baseline 8869…: the comparison may not be
    fair (…)`, for the caller to say whose; "" when nothing says so."""
    mine = _latest_with_data(runs)
    theirs = _latest_with_data(baseline_runs)
    if mine is None or theirs is None or data_digest(mine.data) == data_digest(theirs.data):
        return ""
    changed = differing_paths(mine.data, theirs.data)
    return (
        f"used data {data_digest(mine.data)}…, the baseline "
        f"{data_digest(theirs.data)}…: the comparison may not be fair "
        f"({', '.join(changed)} {agrees(len(changed), 'differs', 'differ')})"
    )


def _latest_with_data(runs: list[Run]) -> Run | None:
    with_data = [r for r in runs if r.data]
    return max(with_data, key=lambda r: (r.started, r.id)) if with_data else None


def run_lines(
    run: Run,
    short: ShortIds,
    state: str | None = None,
    *,
    reviews: ReviewPacks,
    patches_here: bool = True,
) -> list[str]:
    """A run in a few lines: its status's word, id (as `short` has it), sha, exit,
    duration, command, as the runs view's row; its `state` whole where it says more
    (`status: running on gpu-07 · SLURM job 812`); params, machine, diff, gate (its
    reviews by pack: `gate_words`), note, data.
    `patches_here`: whether its saved diffs are in this clone (`follow.patches_here`; a
    teammate's are in the clone that ran it)."""
    colour = {"succeeded": "green", "running": "cyan", "queued": "cyan"}.get(
        run.status.value, "red"
    )
    lines = [  # as the runs view's row: the status's word, the id, the commit, ...
        f"  [{colour}]{escape(run.status.word(state))}[/] {short[run.id]}  "
        f"{escape(code_mark(run))}  {exit_words(run)}  {duration_words(run)}  "
        f"[dim]{escape(shlex.join(run.command))}[/]"
    ]
    if state and state != run.status.value:  # where it runs, what SLURM says
        lines.append(f"    status: {escape(state)}")
    if run.never_started:  # `started` holds when it was queued: said as that
        lines.append(f"    {queued_words(run)}")
    if run.params:
        lines.append(f"    params: {escape(param_words(run.params))}")
    if run.machine is not None:
        lines.append(f"    machine: {escape(machine_words(run.machine))}")
    if run.slurm is not None and (run.machine is None or run.slurm.sbatch or run.slurm.state):
        lines.append(f"    slurm: {escape(slurm_words(run.slurm))}")
    start, end = run.git_start, run.git_end
    if start is not None and start.operation:
        lines.append(f"    git was in the middle of: {escape(start.operation)}")
    if start is not None:
        lines.append(f"    diff: {escape(diff_words(start, patches_here))}")
        for path, sub in start.submodules.items():
            lines.append(f"    submodule {escape(path)}: {escape(sub.words())}")
    if start is not None and end is not None and not end.patch_status.startswith("off"):
        if (end.sha, end.diff_hash) != (start.sha, start.diff_hash):
            commit = f", at {end.summary()}" if end.sha != start.sha else ""
            why = f"the code changed while it ran{commit}"
            said = diff_words(end, patches_here)
            lines.append(f"    diff at the end ({escape(why)}): {escape(said)}")
    if run.actor:
        lines.append(f"    started by: {escape(run.actor)}")
    if run.gate:
        lines.append(f"    gate: {escape(gate_words(run.gate, reviews))}")
    if run.note:
        lines.append(f"    [yellow]{escape(run.note)}[/]")
    if run.output and not run.output.startswith("whole"):
        lines.append(f"    output.log: {escape(run.output)}")
    for path, fingerprint in run.data.items():
        lines.append(f"    fingerprint of {escape(path)}: {escape(fingerprint)}")
    return lines


def queued_words(run: Run) -> str:
    """`submitted to SLURM 2026-12-07 00:04` (`queued ...` for a local sweep's run): when
    a run was queued, on the local clock."""
    how = "submitted to SLURM" if run.slurm is not None else "queued"
    return f"{how} {(run.queued or run.started).astimezone():%Y-%m-%d %H:%M}"


def machine_words(machine: Machine) -> str:
    """`gpu-07 · 32 CPUs · 4× NVIDIA A100 80GB (driver 550.54, CUDA 12.4) · SLURM 812_3`."""
    parts = [machine.host or "?"]
    if machine.cpus:
        parts.append(f"{machine.cpus} CPUs")
    if machine.gpus:
        names = [gpu.name for gpu in machine.gpus]
        kinds = [f"{names.count(n)}× {n}" for n in dict.fromkeys(names)]
        facts = [f"driver {machine.gpus[0].driver}"] if machine.gpus[0].driver else []
        facts += [f"CUDA {machine.cuda}"] if machine.cuda else []
        parts.append(", ".join(kinds) + (f" ({', '.join(facts)})" if facts else ""))
    if machine.slurm_job:
        job = machine.slurm_array_job or machine.slurm_job
        task = f"_{machine.slurm_array_task}" if machine.slurm_array_task else ""
        nodes = f" on {machine.slurm_nodes}" if machine.slurm_nodes else ""
        parts.append(f"SLURM {job}{task}{nodes}")
    return " · ".join(parts)


def slurm_words(job: SlurmJob) -> str:
    """`job 812_3 · --partition=gpu --time=1:00:00 · TIMEOUT (TimeLimit)`."""
    parts = [f"job {job.job or '(being submitted)'}"]
    if job.sbatch:
        parts.append(" ".join(job.sbatch))
    if job.state:
        parts.append(slurm_end_words(job))
    return " · ".join(parts)


def slurm_end_words(job: SlurmJob | None) -> str:
    """SLURM's end state and reason, `TIMEOUT (TimeLimit)`; empty before credo read it."""
    if job is None or not job.state:
        return ""
    return job.state + (f" ({job.reason})" if job.reason else "")


def gate_words(gate: dict[str, object], reviews: ReviewPacks) -> str:
    """Under which reviews a run was launched (named by their packs, `reviews`: each
    review's pack by its id, as `review_packs` reads them), over which failed checks
    someone had read, which checks it took as offered, that the gate was skipped, or that
    credo had no gate yet."""
    if gate == BEFORE_THE_GATE:
        return "none (credo had no checklist gate then)"
    if gate.get("skipped"):
        open_items = gate.get("open_items")
        count = len(open_items) if isinstance(open_items, list) else 0
        return f"skipped with {counted(count, 'check')} open"
    if not gate.get("passed"):
        return "closed"
    words = "passed"
    read: dict[tuple[str, str], list[str]] = {}  # who read them, and why they went on
    for entry in gate_entries(gate, "acknowledged"):
        who = (entry.get("by") or "someone", entry.get("note", ""))
        read.setdefault(who, []).append(entry.get("check", "?"))
    if read:
        words = "acknowledged: " + "; ".join(
            f"{', '.join(checks)} failed, read by {by}" + (f" ({note})" if note else "")
            for (by, note), checks in read.items()
        )
    ids = gate.get("review_ids")
    if isinstance(ids, list) and ids:  # (its record keeps no checks left open then)
        words += ", on " + reviews_words([str(i) for i in ids], reviews)
    for entry in gate_entries(gate, "offered"):
        words += f"; {offered_words(entry)}"
    evidence = gate.get("evidence_ids")
    if isinstance(evidence, list) and evidence:
        words += f"; {counted(len(evidence), 'check')} verified by runs"
    return words


def offered_words(entry: Mapping[str, str]) -> str:
    """`just-timeboxed offered, not ticked (the experiment's timebox started)`: a check a
    run's gate took as held by what credo knew, nobody having ticked it (an entry of
    `gate_entries(gate, "offered")`), as a run's gate and the report say it."""
    from credo.checklists.offers import OFFERS

    item = entry.get("check", "?").rsplit("/", 1)[-1]  # pack/item, said as the item
    offer = entry.get("offer", "")
    return f"{item} offered, not ticked ({OFFERS.get(offer, offer)})"


def reviews_words(ids: list[str], reviews: ReviewPacks) -> str:
    """`4 reviews of training-recipe and 1 of data`: what a person reviews again
    (`credo check PACK`), where review ids are typed nowhere; one no longer here (removed)
    is counted as such, one whose file cannot be read is named, with why."""
    packs = Counter(pack for i in ids if isinstance(pack := reviews.get(i), str))
    unread = [p for i in ids if isinstance(p := reviews.get(i), LoadProblem)]
    parts = [
        f"{counted(count, 'review') if index == 0 else count} of {pack}"
        for index, (pack, count) in enumerate(packs.most_common())
    ]
    if unread:
        parts.append(f"{counted(len(unread), 'review')} not read")
    if gone := len(ids) - packs.total() - len(unread):
        parts.append(f"{counted(gone, 'review')} no longer here")
    words = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return words + "".join(f" (review file {p.path} cannot be read: {p.message})" for p in unread)


def exit_words(run: Run) -> str:
    if run.signal:
        return f"signal {run.signal}"
    return f"exit {run.exit_code}" if run.exit_code is not None else ""


def duration_words(run: Run) -> str:
    """How long the run ran, `never started` for one that ended in its queue; "" while it
    waits or runs (its status says so)."""
    seconds = run_seconds(run)
    if seconds is not None:
        return run_took(run.status, timedelta(seconds=seconds))
    return "" if run.status in WAITING else unstarted_words(run)


@dataclass(frozen=True)
class RunCounts:
    """How many runs wait their turn, run, and have finished."""

    queued: int = 0
    running: int = 0
    finished: int = 0

    @classmethod
    def of(cls, runs: Iterable[Run]) -> RunCounts:
        statuses = [run.status for run in runs]
        queued, running = statuses.count(RunStatus.QUEUED), statuses.count(RunStatus.RUNNING)
        return cls(queued, running, len(statuses) - queued - running)

    def parts(self) -> list[tuple[int, str]]:
        """Each state that has runs, with its count: `[(2, "queued"), (4, "finished")]`."""
        pairs = [(self.queued, "queued"), (self.running, "running"), (self.finished, "finished")]
        return [(count, word) for count, word in pairs if count]

    def words(self) -> str:
        """`2 queued · 2 running · 4 finished`, or "" while none is queued or running."""
        if not self.queued and not self.running:
            return ""
        return " · ".join(f"{count} {word}" for count, word in self.parts())


def diff_words(git: GitState, here: bool = True) -> str:
    """Whether the diff was saved whole, cut (at what size) or not needed, and where (not
    `here`: in the clone that ran it, patches are not shared); untracked files."""
    status = git.patch_status
    where = git.patch if here else "the clone that ran it, not in this one"
    if status == "clean":
        text = "nothing to save" if git.dirty else "not needed (clean tree)"
    elif status == "whole":
        text = f"saved whole ({git.patch_bytes} bytes) in {where}"
    elif status == "cut":
        text = (
            f"cut: the diff is {git.patch_bytes} bytes, its first part (up to the project's "
            f"patch_limit_bytes) is saved in {where}"
        )
    elif status == "off":
        text = "not saved: no git repository"
    else:
        text = status
    if git.untracked:
        shown = ", ".join(git.untracked[:5]) + (" …" if len(git.untracked) > 5 else "")
        text += f"; untracked included: {shown}"
    if git.left_out:
        why = [f"{path} ({reason})" for path, reason in git.left_out.items()]
        text += "; left out: " + ", ".join(why[:5]) + (" …" if len(why) > 5 else "")
    return text
