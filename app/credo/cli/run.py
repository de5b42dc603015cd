"""`credo run -- CMD ARGS...`: the gate, then a recorded, timeboxed, streamed run.

Kept lean: nothing heavy is imported until the command runs, and never Textual.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from credo.cli.base import DURATION, Context, main, pass_context
from credo.cli.exp import interactive

if TYPE_CHECKING:
    from credo.domain.models import Experiment
    from credo.store import Store


def say(message: str) -> None:
    """credo's own lines go to stderr, so the child's stdout stays the child's."""
    sys.stderr.write(f"credo: {message}\n")
    sys.stderr.flush()


@main.command(
    "run",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
@click.option("-e", "--exp", "exp_id", help="The experiment this run belongs to (id or prefix).")
@click.option("-b", "--timebox", type=DURATION, help="Time limit of this run: 30m, 2h...")
@click.option("--hard", is_flag=True, help="Stop the command when the timebox is up.")
@click.option(
    "--grace",
    type=DURATION,
    default="10s",
    show_default=True,
    help="With --hard: wait this long after SIGTERM before SIGKILL.",
)
@click.option("--skip-gate", is_flag=True, help="Run even if the checklists are not reviewed.")
@click.option("--hypothesis", help="Start a new experiment with this hypothesis if none runs.")
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@pass_context
@click.pass_context
def run(
    ctx: click.Context,
    context: Context,
    exp_id: str | None,
    timebox: timedelta | None,
    hard: bool,
    grace: timedelta,
    skip_gate: bool,
    hypothesis: str | None,
    command: tuple[str, ...],
) -> None:
    """Run CMD as part of an experiment: credo run --timebox 30m --hard -- python train.py.

    Checks the review gate, records git state, data and environment, streams and saves
    the output, and exits with the command's exit code.
    """
    from credo.errors import CredoError
    from credo.runs.launch import RunRequest, execute

    store = context.store
    args = list(command)
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        raise click.UsageError(
            "give the command to run after --, e.g. credo run -- python train.py"
        )
    experiment = _experiment(store, exp_id, hypothesis)
    run_timebox = timebox
    if run_timebox is None and experiment.status.value == "running":
        from credo.domain.models import now
        from credo.domain.timebox import format_countdown, remaining

        left = remaining(experiment, now())
        if left.total_seconds() <= 0:
            if hard:
                raise CredoError(
                    f"the experiment's timebox is spent ({format_countdown(left)} over): "
                    "close it (credo exp stop) or give this run its own --timebox"
                )
            say(f"the experiment's timebox is spent ({format_countdown(left)} over)")
        else:
            run_timebox = left
    repo_state, gate = _gate(store, experiment.id, skip_gate)
    outcome = execute(
        store,
        RunRequest(
            command=args,
            cwd=Path.cwd(),
            experiment=experiment.id,
            timebox=run_timebox,
            hard=hard,
            grace=grace.total_seconds(),
            gate=gate,
            repo_state=repo_state,
        ),
        out=sys.stdout.buffer,
        say=say,
    )
    record = outcome.run
    from credo.domain.timebox import format_elapsed

    took = format_elapsed(record.ended - record.started) if record.ended else "?"
    code = f"exit {record.exit_code}" if record.exit_code is not None else f"signal {record.signal}"
    folder = store.label(store.credo_dir / "runs" / record.id)
    say(f"run {record.id[:7]} {record.status.value} · {code} · {took} · {folder}/")
    if record.note:
        say(record.note)
    ctx.exit(outcome.exit_code)


def _experiment(store: Store, exp_id: str | None, hypothesis: str | None) -> Experiment:
    """The experiment to attach to: the one given, the running one, or a new one."""
    from credo.actions.experiments import (
        resume_experiment,
        running_experiment,
        start_experiment,
    )
    from credo.domain.models import Experiment, ExperimentStatus
    from credo.errors import CredoError

    if exp_id:
        found: Experiment = store.get(Experiment, exp_id)
        if found.status in (ExperimentStatus.DONE, ExperimentStatus.ABANDONED):
            raise CredoError(
                f"experiment {found.id[:7]} is {found.status.value}: start a new one "
                "(credo exp start, or --hypothesis)"
            )
        if found.status != ExperimentStatus.RUNNING:
            found, _ = resume_experiment(store, found.id)
            say(f"experiment {found.id[:7]} resumed")
        return found
    current = running_experiment(store)
    if current is not None:
        return current
    if not hypothesis:
        if not interactive():
            raise CredoError(
                "no experiment is running: give --hypothesis TEXT (starts one) or --exp ID"
            )
        hypothesis = click.prompt("No experiment is running. Hypothesis (what do you expect?)")
    started, _ = start_experiment(store, hypothesis or "")
    say(f"started experiment {started.id[:7]}: {started.hypothesis}")
    return started


def _gate(store: Store, experiment_id: str, skip: bool) -> tuple[Any, dict[str, object]]:
    """Ask the checklist gate; returns the repository state it saw and what to record."""
    from credo.checklists.gate import evaluate_gate
    from credo.errors import CredoError
    from credo.gitlink.state import capture

    state = capture(store.project_root, patch_limit=store.config.patch_limit_bytes)
    decision = evaluate_gate(store, state.to_git_state(), experiment_id)
    record: dict[str, object] = {
        "passed": bool(decision.passed),
        "review_ids": list(decision.review_ids),
    }
    if decision.passed:
        say(f"gate: {decision.message}")
        return state, record
    open_items = [str(item) for item in decision.open_items]
    record["open_items"] = open_items
    if skip:
        say(f"gate skipped (--skip-gate): {decision.message}")
        record["skipped"] = True
        return state, record
    if interactive() and _review_now(store, decision.message):
        decision = evaluate_gate(store, state.to_git_state(), experiment_id)
        if decision.passed:
            say(f"gate: {decision.message}")
            return state, {
                "passed": True,
                "review_ids": list(decision.review_ids),
            }
    raise CredoError(f"{decision.message} (review with credo check, or run with --skip-gate)")


def _review_now(store: Store, message: str) -> bool:
    """Offer the checklist review on a terminal; True when one was walked through."""
    say(message)
    if not click.confirm("Review the checklist now?", default=True, err=True):
        return False
    from credo.cli.checks import walk

    walk(store)
    return True
