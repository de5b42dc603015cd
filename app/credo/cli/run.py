"""`credo run [OPTIONS] -- CMD ARGS...`: the shell face of `actions.runs.run_command`.

Kept lean: nothing heavy is imported until the command runs, and never Textual.
"""

from __future__ import annotations

import gc
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from credo.cli.base import DURATION, Context, main, pass_context

if TYPE_CHECKING:
    from credo.store import Store


def say(message: str) -> None:
    """credo's own lines go to stderr, so the child's stdout stays the child's."""
    from credo.display import visible  # messages quote pack items, hypotheses, notes

    sys.stderr.write(f"credo: {visible(message)}\n")
    sys.stderr.flush()


@main.command("run", context_settings={"allow_interspersed_args": False})
@click.option("-e", "--exp", "exp_id", help="Attach the run to this open experiment (id, prefix).")
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
@click.option(
    "--rung",
    metavar="NAME",
    help="The ladder rung this run tries: overfit-one, overfit-ten or more-data.",
)
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
    rung: str | None,
    command: tuple[str, ...],
) -> None:
    """Run CMD as a recorded run: credo run --timebox 30m --hard -- python train.py.

    Checks the review gate, records git state, data, params, machine and environment,
    streams and saves the output, and exits with the command's exit code. With no
    experiment running it asks for a hypothesis on a terminal (Enter accepts
    `try: CMD`); in a script the run is recorded ad hoc, attached to no experiment.
    """
    from credo.actions.runs import RunOptions, run_command
    from credo.cli.exp import interactive

    store = context.store
    talking = interactive()
    outcome = run_command(
        store,
        RunOptions(
            command=list(command),
            cwd=Path.cwd(),
            exp_id=exp_id,
            hypothesis=hypothesis,
            timebox=timebox,
            hard=hard,
            grace=grace.total_seconds(),
            skip_gate=skip_gate,
            skip_reason=reason,
            rung=rung,
        ),
        say=say,
        ask=_ask if talking else None,
        review=(lambda why: _review_now(store, why)) if talking else None,
        out=sys.stdout.buffer,
    )
    record = outcome.run
    from credo.domain.timebox import format_elapsed

    took = format_elapsed(record.ended - record.started) if record.ended else "?"
    code = f"exit {record.exit_code}" if record.exit_code is not None else f"signal {record.signal}"
    folder = store.label(store.credo_dir / "runs" / record.id)
    say(f"run {record.id[:7]} {record.status.value} · {code} · {took} · {folder}/")
    if record.note:
        say(record.note)
    for number, line in enumerate(outcome.verdict):
        say(("verdict: " if number == 0 else "  ") + line)
    # All credo built (pydantic's schemas and models above all) dies with the process:
    # frozen, it is left out of the interpreter's collections on the way out, which
    # otherwise walk all of it several times (~0.1 s).
    gc.freeze()
    ctx.exit(outcome.exit_code)


def _ask(question: str, default: str) -> str:
    answer: str = click.prompt(question, default=default, err=True)
    return answer


def _review_now(store: Store, message: str) -> bool:
    """Offer the checklist review on a terminal; True when one was walked through."""
    say(message)
    if not click.confirm("Review the checklist now?", default=True, err=True):
        return False
    from credo.cli.checks import walk_blockers

    walk_blockers(store)
    return True
