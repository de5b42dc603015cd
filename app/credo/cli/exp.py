"""`credo exp`: the experiment log from the shell (ls, show, start, stop, pause...)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import click

from credo.cli import completers
from credo.cli.base import (
    DURATION,
    Context,
    WordsCommand,
    interactive,
    load_warning,
    main,
    note,
    pass_context,
    print_json,
    say_made,
    say_no_hook,
    stdout_console,
    warn_if_running_unread,
)
from credo.display import visible
from credo.errors import BadInputError, CredoError

if TYPE_CHECKING:
    from credo.actions.lost_runs import Settled
    from credo.domain.models import Experiment, Run
    from credo.runs.slurm import JobView
    from credo.store import Store

OUTCOMES = ("confirmed", "refuted", "inconclusive")
STATUSES = ("planned", "running", "paused", "done", "abandoned")


@main.group(
    "exp",
    elsewhere={
        "done": "credo exp stop [ID] closes an experiment, with its outcome.",
        **dict.fromkeys(
            ("new", "add", "create"),
            'credo exp start "HYPOTHESIS" -b 30m starts an experiment, with its timebox.',
        ),
    },
)
def exp() -> None:
    """Timeboxed experiments: a hypothesis, a time budget, runs and an honest outcome."""


def experiment_json(
    store: Store,
    exp_: Experiment,
    short: str,
    *,
    full: bool = False,
    settled: Settled | None = None,
) -> dict[str, Any]:
    """Every field of an experiment plus the derived ones (countdown, runs, baseline diff).

    `settled`: the project's runs as `settle` left them, when the caller has them."""
    from credo.actions.experiments import baseline_experiment, running_in, runs_of
    from credo.actions.lost_runs import settle
    from credo.domain.models import Divergence, now
    from credo.domain.timebox import remaining
    from credo.runs.metrics import baseline_run, experiment_metrics, versus_baseline
    from credo.text.runs import data_warning

    data = exp_.model_dump(mode="json", exclude_none=False)
    data["short_id"] = short
    # `status` is this copy's record's; where it runs is said as the report says it: the
    # other worktree's path from here ("" here). `place` may name this one (paused here).
    data["running_in"] = running_in(store, exp_)
    data["running_elsewhere"] = bool(data["running_in"])
    data["remaining_seconds"] = round(remaining(exp_, now()).total_seconds())
    settled = settled or settle(store, store.runs())
    runs = runs_of(settled.runs, exp_.id)
    data["runs"] = [r.id for r in runs]
    finals = experiment_metrics(runs)
    data["metrics"] = {n: v for n, v in finals.items() if not isinstance(v, Divergence)}
    data["diverged"] = {n: v.model_dump() for n, v in finals.items() if isinstance(v, Divergence)}
    if full:
        data["runs"] = [run_json(store, r, settled.jobs.get(r.id)) for r in runs]
        base = baseline_experiment(store)
        if base is not None and base.id != exp_.id:
            base_runs = runs_of(settled.runs, base.id)
            base_run = baseline_run(base_runs)
            base_metrics = dict(base_run.metrics) if base_run else {}
            data["vs_baseline"] = {  # "baseline" stays the field: is this one it
                "id": base.id,
                "metrics": base_metrics,
                "data_warning": data_warning(runs, base_runs) or None,
                "comparison": [
                    {
                        "name": n,
                        "value": None if isinstance(v, Divergence) else v,
                        "diverged": v.model_dump() if isinstance(v, Divergence) else None,
                        "baseline": b,
                        "difference": d,
                    }
                    for n, v, b, d in versus_baseline(runs, base_runs)
                ],
            }
    return data


def run_json(store: Store, run: Run, job: JobView | None = None) -> dict[str, Any]:
    """Every field of a run, plus its folder (absolute, as every path in `--json`),
    duration and state in words (`lost?`, what SLURM says of its `job`...)."""
    from credo.actions.lost_runs import run_state
    from credo.domain.timebox import run_seconds

    data = run.model_dump(mode="json", exclude_none=False)
    data["folder"] = str(store.run_folder(run.id))
    data["state"] = run_state(store, run, job=job)
    data["duration_seconds"] = run_seconds(run)
    return data


@exp.command("ls")
@click.option("-s", "--status", type=click.Choice(STATUSES), help="Only this status.")
@click.option("-o", "--outcome", type=click.Choice(OUTCOMES), help="Only this outcome.")
@click.option(
    "-t", "--tag", shell_complete=completers.EXPERIMENT_TAG, help="Only experiments with this tag."
)
@click.option("--json", "as_json", is_flag=True, help="Print every field as JSON.")
@pass_context
def exp_ls(
    context: Context, status: str | None, outcome: str | None, tag: str | None, as_json: bool
) -> None:
    """The experiment log, newest first."""
    from credo.domain.models import Experiment

    store = context.store
    loaded = load_warning(store, Experiment)
    short = store.short_ids(Experiment)
    items = [
        e
        for e in loaded.items.values()
        if (status is None or e.status.value == status)
        and (outcome is None or (e.outcome is not None and e.outcome.value == outcome))
        and (tag is None or tag.lstrip("#") in e.tags)
    ]
    items.sort(key=lambda e: (e.started or e.created, e.id), reverse=True)
    if as_json:
        from credo.actions.lost_runs import settle
        from credo.domain.models import Run

        settled = settle(store, load_warning(store, Run).items.values())
        print_json([experiment_json(store, e, short[e.id], settled=settled) for e in items])
        return
    from credo.actions.experiments import running_in

    away = {e.id: where for e in items if (where := running_in(store, e))}
    _print_log(items, short, away, filtered=bool(loaded.items))


def _print_log(
    items: list[Experiment], short: dict[str, str], away: dict[str, str], filtered: bool
) -> None:
    """The log's table; an experiment running in another worktree (`away`: where) says
    so, its clock being that worktree's."""
    from credo.cli.rows import Cell, print_table
    from credo.domain.models import now
    from credo.domain.timebox import format_countdown, remaining, timebox_words

    console = stdout_console()
    if not items and filtered:
        console.print("No experiment matches (credo exp ls with no options lists them all).")
        return
    if not items:
        console.print('No experiments. Start one with [bold]credo exp start "hypothesis"[/].')
        return
    rows: list[list[Cell]] = []
    moment = now()
    for e in items:
        left: Cell = ""
        status = e.status.label
        if e.id in away:
            status = f"running in {visible(away[e.id], lines=False)}"
        elif e.status.value in ("running", "paused"):
            value = remaining(e, moment)
            left = ((format_countdown(value), "red" if value.total_seconds() < 0 else "green"),)
        said = visible(e.hypothesis, lines=False)
        hypothesis: Cell = ((said, ""), (" ★ baseline", "yellow")) if e.baseline else said
        outcome = e.outcome.value if e.outcome else ""
        rows.append([short[e.id], status, timebox_words(e), left, outcome, hypothesis])
    columns = ("id", "status", "timebox", "left", "outcome", "hypothesis")
    print_table(console, columns, rows, flex=len(columns) - 1)


@exp.command("show")
@click.argument("exp_id", required=False, shell_complete=completers.EXPERIMENT)
@click.option("--json", "as_json", is_flag=True, help="Print every field, runs included, as JSON.")
@pass_context
def exp_show(context: Context, exp_id: str | None, as_json: bool) -> None:
    """One experiment: its hypothesis, countdown, runs, git state and metrics vs the baseline."""
    from credo.actions.experiments import pick_experiment
    from credo.cli.gitcmds import show_with_commits

    show_with_commits(context.store, pick_experiment(context.store, exp_id), as_json)


def describe(store: Store, exp_: Experiment, settled: Settled) -> str:
    """The `exp show` text (Rich markup)."""
    from credo.actions.checks import review_packs
    from credo.actions.experiments import (
        baseline_experiment,
        running_in,
        runs_of,
        served_task_title,
    )
    from credo.actions.lost_runs import run_state
    from credo.domain.models import Experiment, Run, Task
    from credo.runs.follow import patches_here
    from credo.text.runs import describe_experiment

    base = baseline_experiment(store)
    base_runs = runs_of(settled.runs, base.id) if base is not None else []
    runs = runs_of(settled.runs, exp_.id)
    states = {run.id: run_state(store, run, job=settled.jobs.get(run.id)) for run in runs}
    title = served_task_title(store, exp_)
    where = running_in(store, exp_)
    short = store.short_ids(Experiment, Task, Run)
    away = set()  # a teammate's runs: their diffs are in the clone that ran them
    for run in runs:
        with suppress(CredoError):  # a link where its folder should be: nothing read there
            if not patches_here(run, store.run_folder(run.id)):
                away.add(run.id)
    return describe_experiment(
        exp_,
        short,
        runs,
        base,
        base_runs,
        states=states,
        task_title=title,
        running_in=where,
        reviews=review_packs(store),
        patches_away=away,
    )


JSON_EXPERIMENT = click.option(
    "--json", "as_json", is_flag=True, help="Print the experiment as JSON."
)
"""The --json of the commands that change one experiment (what `_done` prints)."""


def _done(context: Context, exp_: Experiment, message: str, as_json: bool, clock: str = "") -> None:
    """Say what was done to `exp_` (then its `clock`, when given), or print it as JSON."""
    from credo.domain.models import Experiment

    store = context.store
    short = store.short_id(Experiment, exp_.id)
    if as_json:
        print_json(experiment_json(store, exp_, short))
    else:
        click.echo(
            visible(f"{message} {short}: {exp_.hypothesis}" + (f" · {clock}" if clock else ""))
        )


@exp.command("start", cls=WordsCommand)
@click.argument("hypothesis", nargs=-1, required=True)
@click.option(
    "-b", "--timebox", type=DURATION, help="Time budget: 25m, 2h, 1d (default: project's)."
)
@click.option(
    "--task",
    "task_id",
    shell_complete=completers.OPEN_TASK,
    help="The task this experiment serves (id or prefix).",
)
@click.option(
    "-t",
    "--tag",
    "tags",
    multiple=True,
    shell_complete=completers.EXPERIMENT_TAG,
    help="A tag (repeatable).",
)
@click.option("--pause-running", is_flag=True, help="Pause the running experiment first.")
@JSON_EXPERIMENT
@pass_context
def exp_start(
    context: Context,
    hypothesis: tuple[str, ...],
    timebox: timedelta | None,
    task_id: str | None,
    tags: tuple[str, ...],
    pause_running: bool,
    as_json: bool,
) -> None:
    """Start an experiment now: credo exp start "smaller LR fixes the spikes" -b 2h."""
    from credo.actions.experiments import start_experiment
    from credo.domain.models import Experiment, now
    from credo.domain.timebox import start_words

    warn_if_running_unread(context.store)
    with _pause_running_said("starts"):
        exp_, _ = start_experiment(
            context.store,
            " ".join(hypothesis),
            timebox=timebox,
            task=task_id,
            tags=tags,
            on_running="pause" if pause_running else "refuse",
        )
    if as_json:
        _done(context, exp_, "Started", as_json)
    else:
        short = context.store.short_id(Experiment, exp_.id)
        clock = start_words(exp_, now())
        say_made(short, f"Started {short}: {exp_.hypothesis} · {clock}")
    say_no_hook(context.store, "Credo-Experiment")


@contextmanager
def _pause_running_said(verb: str) -> Iterator[None]:
    """Refused because another experiment runs: the refusal also names --pause-running,
    which does in this command what it says to do first."""
    from credo.actions.experiments import ExperimentRunningError

    try:
        yield
    except ExperimentRunningError as error:
        raise CredoError(
            f"{error.message}, or add --pause-running (pauses it, then {verb} this one)"
        ) from None


@exp.command("stop")
@click.argument("exp_id", required=False, shell_complete=completers.OPEN_EXPERIMENT)
@click.option("-o", "--outcome", type=click.Choice(OUTCOMES), help="Required: what happened.")
@click.option("-l", "--learning", default="", help="Required: what you learned.")
@click.option("-n", "--next", "next_step", default="", help="The next step.")
@click.option("--force", is_flag=True, help="Close it even while one of its runs has not ended.")
@JSON_EXPERIMENT
@pass_context
def exp_stop(
    context: Context,
    exp_id: str | None,
    outcome: str | None,
    learning: str,
    next_step: str,
    force: bool,
    as_json: bool,
) -> None:
    """Close an experiment with its outcome and what you learned (the running one when no
    id is given)."""
    from credo.actions.experiments import pick_experiment, refuse_while_runs_go, stop_experiment

    target = pick_experiment(context.store, exp_id)
    if outcome is None or not learning.strip():
        if not force:  # before asking, not after (stop_experiment checks when given)
            refuse_while_runs_go(context.store, target)
        if not interactive():
            missing = {
                words: option
                for words, option, given in (
                    ("an outcome", "--outcome confirmed, refuted or inconclusive", outcome),
                    ("a learning", "--learning TEXT (what did it teach you?)", learning.strip()),
                )
                if not given
            }
            words, options = " and ".join(missing), ", and ".join(missing.values())
            raise click.UsageError(f"closing needs {words}: {options}")
        outcome = outcome or click.prompt("Outcome", type=click.Choice(OUTCOMES))
        if not learning.strip():  # asked again (saying why) until one is given
            learning = click.prompt(
                "Learning", default="", show_default=False, value_proc=_learning
            )
        next_step = next_step or click.prompt("Next step", default="", show_default=False)
    exp_, _ = stop_experiment(
        context.store,
        target.id,
        str(outcome),
        learning=learning,
        next_step=next_step,
        force=force,
    )
    _done(context, exp_, f"Closed ({exp_.outcome.value if exp_.outcome else ''})", as_json)


def _learning(answer: str) -> str:
    """A learning typed at the prompt, or click's reason to ask again."""
    from credo.actions.experiments import checked_learning

    try:
        return checked_learning(answer)
    except BadInputError as problem:
        raise click.UsageError(problem.message) from None


@exp.command("abandon")
@click.argument("exp_id", required=False, shell_complete=completers.OPEN_EXPERIMENT)
@click.option("-r", "--reason", help="Required: why you stopped.")
@click.option("--force", is_flag=True, help="Abandon it even while one of its runs has not ended.")
@JSON_EXPERIMENT
@pass_context
def exp_abandon(
    context: Context, exp_id: str | None, reason: str | None, force: bool, as_json: bool
) -> None:
    """Give an experiment up, with the reason."""
    from credo.actions.experiments import abandon_experiment, pick_experiment, refuse_while_runs_go

    target = pick_experiment(context.store, exp_id)
    if not reason:
        if not force:  # before asking, not after (abandon_experiment checks when given)
            refuse_while_runs_go(context.store, target)
        if not interactive():
            raise click.UsageError("abandoning needs a reason: --reason TEXT")
        reason = click.prompt("Reason")
    exp_, _ = abandon_experiment(context.store, target.id, reason or "", force=force)
    _done(context, exp_, "Abandoned", as_json)


@exp.command("pause")
@click.argument("exp_id", required=False, shell_complete=completers.RUNNING_EXPERIMENT)
@JSON_EXPERIMENT
@pass_context
def exp_pause(context: Context, exp_id: str | None, as_json: bool) -> None:
    """Stop the countdown of the running experiment."""
    from credo.actions.experiments import pause_experiment

    exp_, _ = pause_experiment(context.store, exp_id)
    _done(context, exp_, "Paused", as_json)


@exp.command("resume")
@click.argument("exp_id", required=False, shell_complete=completers.WAITING_EXPERIMENT)
@click.option("--pause-running", is_flag=True, help="Pause the running experiment first.")
@JSON_EXPERIMENT
@pass_context
def exp_resume(context: Context, exp_id: str | None, pause_running: bool, as_json: bool) -> None:
    """Start the countdown again: a paused or planned experiment (without an id, the paused one)."""
    from credo.actions.experiments import moved_here, pick_experiment, resume_experiment
    from credo.domain.models import ExperimentStatus, now
    from credo.domain.timebox import clock_starts_words

    store = context.store
    waiting = pick_experiment(store, exp_id, ExperimentStatus.PAUSED)
    warn_if_running_unread(store)
    with _pause_running_said("resumes"):
        exp_, _ = resume_experiment(
            store, waiting.id, on_running="pause" if pause_running else "refuse"
        )
    starts = waiting.status == ExperimentStatus.PLANNED
    verb, clock = clock_starts_words(exp_, now(), starts=starts)
    _done(context, exp_, verb, as_json, clock=clock)
    if moved := moved_here(store, waiting):  # two copies disagree until a merge
        note(moved)


@exp.command("extend")
@click.argument(
    "words",
    nargs=-1,
    required=True,
    metavar="[ID] DURATION",
    shell_complete=completers.extend_words,
)
@click.option("-r", "--reason", default="", help="Why it needs more time (kept with it).")
@JSON_EXPERIMENT
@pass_context
def exp_extend(context: Context, words: tuple[str, ...], reason: str, as_json: bool) -> None:
    """Add time to the timebox on purpose: credo exp extend 3kf 15m --reason "one more epoch".

    Without an id, the running experiment. The extension is recorded (when, how much,
    why), the countdown shows it (45m +15m), and the report counts it apart from overruns
    (time already past the box when it was added still counts as overrun).
    """
    from credo.actions.experiments import extend_experiment
    from credo.domain.durations import parse_duration
    from credo.domain.models import ExperimentStatus, now
    from credo.domain.timebox import resume_words, timebox_words
    from credo.errors import BadInputError

    if len(words) > 2:
        raise click.UsageError("give an experiment id (optional) and a duration: 3kf 15m")
    try:
        by = parse_duration(words[-1])
    except BadInputError as error:
        raise click.BadParameter(error.message, param_hint="DURATION") from None
    exp_, _ = extend_experiment(
        context.store, words[0] if len(words) == 2 else None, by, reason=reason
    )
    # a clock that runs says where it stands: an overrun of days is not over for 15m more
    running = exp_.status == ExperimentStatus.RUNNING
    clock = resume_words(exp_, now()) if running else ""
    _done(context, exp_, f"Timebox now {timebox_words(exp_)} for", as_json, clock=clock)


@exp.command("baseline")
@click.argument("exp_id", shell_complete=completers.EXPERIMENT_HERE)
@JSON_EXPERIMENT
@pass_context
def exp_baseline(context: Context, exp_id: str, as_json: bool) -> None:
    """Mark the experiment holding the best result so far (one per project)."""
    from credo.actions.experiments import mark_baseline, mark_left_elsewhere, unsettled_baseline

    left = mark_left_elsewhere(context.store, exp_id)  # before: the mark is gone after
    exp_, _ = mark_baseline(context.store, exp_id)
    _done(context, exp_, "Baseline is now", as_json)
    for said in (left, unsettled_baseline(context.store, exp_)):  # a merge to come; its numbers
        if said:
            note(said)


@exp.command("next")
@click.argument("exp_id", required=False, shell_complete=completers.EXPERIMENT_HERE)
@click.option("--json", "as_json", is_flag=True, help="Print the new task as JSON.")
@pass_context
def exp_next(context: Context, exp_id: str | None, as_json: bool) -> None:
    """Turn an experiment's next step into a task on the board (with no id: the one
    experiment whose next step is not on the board yet)."""
    from credo.actions.experiments import next_step_to_task
    from credo.cli.tasks import print_task, say_added

    task, _ = next_step_to_task(context.store, exp_id)
    if as_json:
        print_task(context.store, task)
        return
    say_added(context.store, task, titled=True)
