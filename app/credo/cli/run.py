"""`credo run -- CMD ARGS...`: the gate, then a recorded, timeboxed, streamed run.

Kept lean: nothing heavy is imported until the command runs, and never Textual.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from credo.cli.base import DURATION, Context, main, pass_context

if TYPE_CHECKING:
    from credo.domain.models import Experiment
    from credo.gitlink.state import RepoState
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
@click.option("--reason", help="Why the gate is skipped (an agent must give one); recorded, shown.")
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
    reason: str | None,
    hypothesis: str | None,
    command: tuple[str, ...],
) -> None:
    """Run CMD as part of an experiment: credo run --timebox 30m --hard -- python train.py.

    Checks the review gate, records git state, data and environment, streams and saves
    the output, and exits with the command's exit code.
    """
    args = list(command)
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        raise click.UsageError(
            "give the command to run after --, e.g. credo run -- python train.py"
        )
    from credo.runs.environment import VersionQuery

    # Started at once, so they work beside credo's own start-up (imports, loading the
    # experiment and the reviews) rather than after it: the run's Python answering which
    # versions it has, and git reading the tree for the gate and the record.
    versions = VersionQuery(args, os.environ)
    try:
        store = context.store
        versions.ask(store.project_root)
        early = _EarlyCapture(store)
        from credo.runs.launch import RunRequest, execute

        experiment, asked = _experiment(store, exp_id, hypothesis)
        if asked:
            early = _EarlyCapture(store)  # the tree may have changed while they answered
        run_timebox = _run_timebox(experiment, timebox, hard)
        repo_state = early.result()
        gate = _gate(store, experiment.id, skip_gate, repo_state, reason)
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
                versions=versions,
            ),
            out=sys.stdout.buffer,
            say=say,
        )
    finally:
        versions.cancel()  # a no-op once answered; credo may leave before (gate, error)
    record = outcome.run
    from credo.domain.timebox import format_elapsed

    took = format_elapsed(record.ended - record.started) if record.ended else "?"
    code = f"exit {record.exit_code}" if record.exit_code is not None else f"signal {record.signal}"
    folder = store.label(store.credo_dir / "runs" / record.id)
    say(f"run {record.id[:7]} {record.status.value} · {code} · {took} · {folder}/")
    if record.note:
        say(record.note)
    # All credo built (pydantic's schemas and models above all) dies with the process:
    # frozen, it is left out of the interpreter's collections on the way out, which
    # otherwise walk all of it several times (~0.1 s).
    gc.freeze()
    ctx.exit(outcome.exit_code)


def _run_timebox(experiment: Experiment, timebox: timedelta | None, hard: bool) -> timedelta | None:
    """The run's own --timebox, else what is left of the running experiment's."""
    if timebox is not None or experiment.status.value != "running":
        return timebox
    from credo.domain.models import now
    from credo.domain.timebox import format_countdown, remaining
    from credo.errors import CredoError

    left = remaining(experiment, now())
    if left.total_seconds() > 0:
        return left
    if hard:
        raise CredoError(
            f"the experiment's timebox is spent ({format_countdown(left)} over): "
            "close it (credo exp stop) or give this run its own --timebox"
        )
    say(f"the experiment's timebox is spent ({format_countdown(left)} over)")
    return None


class _EarlyCapture(threading.Thread):
    """The repository state (with its patch) read in a thread from the start of `credo run`.

    git works in its own processes, so this overlaps credo's imports and the loading of
    experiments and reviews; the gate waits for it only if it is not done yet.
    """

    def __init__(self, store: Store) -> None:
        super().__init__(daemon=True)
        import credo.gitlink.state  # noqa: F401  (imported here, not raced in the thread)

        self.root = store.project_root
        self.limit = store.config.patch_limit_bytes
        self.state: RepoState | None = None
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        from credo.gitlink.state import capture

        try:
            self.state = capture(self.root, patch_limit=self.limit)
        except BaseException as error:  # raised again by result(), in the command
            self.error = error

    def result(self) -> RepoState:
        self.join()
        if self.error is not None:
            raise self.error
        assert self.state is not None
        return self.state


def _experiment(
    store: Store, exp_id: str | None, hypothesis: str | None
) -> tuple[Experiment, bool]:
    """The experiment to attach to: the one given, the running one, or a new one.

    Also says whether the user was asked for anything (time passed: the tree may differ).
    """
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
        return found, False
    current = running_experiment(store)
    if current is not None:
        return current, False
    asked = False
    if not hypothesis:
        from credo.cli.exp import interactive

        if not interactive():
            raise CredoError(
                "no experiment is running: give --hypothesis TEXT (starts one) or --exp ID"
            )
        hypothesis = click.prompt("No experiment is running. Hypothesis (what do you expect?)")
        asked = True
    started, _ = start_experiment(store, hypothesis or "")
    say(f"started experiment {started.id[:7]}: {started.hypothesis}")
    return started, asked


def _gate(
    store: Store, experiment_id: str, skip: bool, state: RepoState, reason: str | None = None
) -> dict[str, object]:
    """Ask the checklist gate about the code in `state`; returns what to record."""
    from credo.checklists.gate import evaluate_gate
    from credo.errors import CredoError

    decision = evaluate_gate(store, state.to_git_state(), experiment_id)
    record: dict[str, object] = {
        "passed": bool(decision.passed),
        "review_ids": list(decision.review_ids),
    }
    if decision.passed:
        say(f"gate: {decision.message}")
        return record
    open_items = [str(item) for item in decision.open_items]
    record["open_items"] = open_items
    if skip:
        from credo.agents.actor import skipped_gate

        record.update(skipped_gate(reason, os.environ))
        who = f" by {record['skipped_by']}" if "skipped_by" in record else ""
        why = f" because: {record['skip_reason']}" if "skip_reason" in record else ""
        say(f"gate skipped (--skip-gate){who}{why}: {decision.message}")
        return record
    from credo.cli.exp import interactive

    if interactive() and _review_now(store, decision.message):
        decision = evaluate_gate(store, state.to_git_state(), experiment_id)
        if decision.passed:
            say(f"gate: {decision.message}")
            return {"passed": True, "review_ids": list(decision.review_ids)}
    raise CredoError(f"{decision.message} (review with credo check, or run with --skip-gate)")


def _review_now(store: Store, message: str) -> bool:
    """Offer the checklist review on a terminal; True when one was walked through."""
    say(message)
    if not click.confirm("Review the checklist now?", default=True, err=True):
        return False
    from credo.cli.checks import walk

    walk(store)
    return True
