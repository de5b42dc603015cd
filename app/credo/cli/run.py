"""`credo run [OPTIONS] -- CMD ARGS...`: the shell face of `actions.runs.run_command`.

Kept lean: nothing heavy is imported until the command runs, and never Textual.
"""

from __future__ import annotations

import functools
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from credo.cli import completers
from credo.cli.base import DURATION, Context, interactive, main, pass_context
from credo.wording import counted

if TYPE_CHECKING:
    from credo.store import Store


def say(message: str) -> None:
    """credo's own lines go to stderr, so the child's stdout stays the child's."""
    from credo.display import visible  # messages quote pack items, hypotheses, notes

    try:
        sys.stderr.write(f"credo: {visible(message)}\n")
        sys.stderr.flush()
    except BrokenPipeError:  # `2>&1 | head`: no one reads them now, and credo goes on
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stderr.fileno())


def _shared(function: Any) -> Any:
    """The options `credo run` and `credo sweep` share: which experiment, the gate, SLURM."""
    for option in reversed(
        [
            click.option(
                "-e",
                "--exp",
                "exp_id",
                shell_complete=completers.OPEN_EXPERIMENT,
                help="Attach to this open experiment (id, prefix).",
            ),
            click.option("-b", "--timebox", type=DURATION, help="Time limit of a run: 30m, 2h..."),
            click.option("--hard", is_flag=True, help="Stop the command when the timebox is up."),
            click.option(
                "--skip-gate", is_flag=True, help="Run even if the checklists are not reviewed."
            ),
            click.option(
                "--reason", help="Why the gate is skipped (an agent must give one); recorded."
            ),
            click.option(
                "--hypothesis",
                help="Start a new experiment with this hypothesis (refused while another runs).",
            ),
            click.option(
                "--rung",
                metavar="NAME",
                shell_complete=completers.rungs,
                help="The ladder rung the run tries: overfit-one, overfit-ten or more-data.",
            ),
            click.option(
                "--slurm", is_flag=True, help="Submit to SLURM: the run is recorded on its node."
            ),
            click.option(
                "--sbatch",
                "sbatch",
                metavar="ARGS",
                default="",
                help='With --slurm: sbatch options, e.g. "--partition=gpu --time=2:00:00".',
            ),
        ]
    ):
        function = option(function)
    return function


@main.command("run", context_settings={"allow_interspersed_args": False})
@_shared
@click.option(
    "--grace",
    type=DURATION,
    default="10s",
    show_default=True,
    help="With --hard: wait this long after SIGTERM before SIGKILL.",
)
@click.option("--job", "job", metavar="RUN", hidden=True, help="Start this queued run here.")
@click.argument("command", nargs=-1, type=click.UNPROCESSED, shell_complete=completers.files)
@pass_context
@click.pass_context
def run(
    ctx: click.Context,
    context: Context,
    /,
    command: tuple[str, ...],
    grace: timedelta,
    job: str | None,
    slurm: bool,
    sbatch: str,
    **given: Any,
) -> None:
    """Run CMD as a recorded run: credo run --timebox 30m --hard -- python train.py.

    Checks the review gate, records git state, data, params, machine and environment,
    streams and saves the output, and exits with the command's exit code. With no
    experiment running it asks for a hypothesis on a terminal (Enter accepts
    `try: CMD`); in a script the run is recorded ad hoc, attached to no experiment.
    With --slurm it is submitted as a SLURM job instead (queued at once; recorded on
    the node where it runs).
    """
    from credo.actions.runs import run_command, run_job

    if not given["hard"] and ctx.get_parameter_source("grace") != ParameterSource.DEFAULT:
        raise click.UsageError("--grace goes with --hard: it is how long --hard waits")
    store = context.store if job is not None else context.store_for_runs()
    if job is not None:
        if command:
            raise click.UsageError("--job RUN starts a queued run: give no command")
        outcome = run_job(store, job, say=say)
    elif not command:
        raise click.UsageError("give the command to run: credo run -- python train.py")
    elif slurm:
        _submit(store, context.path, list(command), given, sbatch, None, sweep=False, grace=grace)
        return
    else:
        if sbatch:
            raise click.UsageError("--sbatch goes with --slurm")
        talking = interactive()
        outcome = run_command(
            store,
            _options(command, context.path, given, grace),
            say=say,
            ask=_ask if talking else None,
            review=functools.partial(_review_now, store, context.path.resolve())
            if talking
            else None,
            out=sys.stdout.buffer,
            err=sys.stderr.buffer,
        )
    record = outcome.run
    from credo.domain.timebox import format_elapsed

    took = format_elapsed(record.ended - record.started) if record.ended else "?"
    code = f"exit {record.exit_code}" if record.exit_code is not None else f"signal {record.signal}"
    from credo.store.paths import from_here

    folder = from_here(store.run_folder(record.id), store.project_root)
    status, note = _status_and_note(record.status.label, record.note)
    from credo.domain.models import Run

    short = store.short_id(Run, record.id)
    say(f"run {short} {status} · {code} · {took} · {folder}/")
    if note:
        say(note)
    for number, line in enumerate(outcome.verdict):
        say(("verdict: " if number == 0 else "  ") + line)
    ctx.exit(outcome.exit_code)


def _status_and_note(label: str, note: str) -> tuple[str, str]:
    """The run's status for its closing line, and what of its note is left to say: a
    note that starts by saying the status (`interrupted (Ctrl+C)`, `killed by SIGTERM`)
    stands in for it, so the status is said once."""
    first, _, rest = note.partition("; ")
    return (first, rest) if first.startswith(label) else (label, note)


class SweepCommand(click.Command):
    """`credo sweep --lr 0.1,0.5 -- python train.py`, a sweep tool's habit, met Click's
    bare "No such option": the error says that the values go in the command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            name = error.option_name
            raise click.NoSuchOption(
                name,
                f"No such option: {name}. The values to sweep go in the command, after --: "
                f"credo sweep -- python train.py {name} '{{A,B}}'",
                error.possibilities,
                ctx,
            ) from None


@main.command("sweep", cls=SweepCommand, context_settings={"allow_interspersed_args": False})
@_shared
@click.option(
    "-j",
    "--max-parallel",
    type=click.IntRange(min=1),
    help="At most N runs at once (SLURM's %N; here, default 1).",
)
@click.option(
    "--grid",
    "grid_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="More values, in TOML: lr = [1e-4, 3e-4] (each added as --lr VALUE).",
)
@click.option(
    "--max-runs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Allow a sweep of up to N runs: one larger than the usual cap, on purpose.",
)
@click.argument(
    "command", nargs=-1, required=True, type=click.UNPROCESSED, shell_complete=completers.files
)
@pass_context
@click.pass_context
def sweep(
    ctx: click.Context,
    context: Context,
    /,
    command: tuple[str, ...],
    max_parallel: int | None,
    grid_file: Path | None,
    max_runs: int | None,
    slurm: bool,
    sbatch: str,
    **given: Any,
) -> None:
    """Run CMD once per combination of values, each a recorded run of the experiment:
    credo sweep --slurm --max-parallel 2 -- python train.py --lr '{1e-4,3e-4}' --batch '{32,64}'.

    Ranges read as bash's: --seed '{1..5}', '{0..100..10}' with a step.
    Quote the braces, so the shell leaves them to credo. With --slurm the sweep is one
    SLURM job array; here, runs start at most --max-parallel at a time.
    """
    from credo.runs.grid import grid_commands, read_grid

    store = context.store_for_runs()
    from credo.display import visible

    # named in messages as typed, on one line (a path can hold a line break)
    grid = (
        read_grid(context.path / grid_file, visible(str(grid_file), lines=False))
        if grid_file
        else None
    )
    commands = grid_commands(list(command), grid, max_runs=max_runs)
    if not slurm and sbatch:
        raise click.UsageError("--sbatch goes with --slurm")
    code = _submit(
        store,
        context.path,
        list(command),
        given,
        sbatch,
        max_parallel,
        sweep=True,
        each=commands,
        on_slurm=slurm,
    )
    ctx.exit(code)


def _options(
    command: tuple[str, ...], cwd: Path, given: dict[str, Any], grace: timedelta | None
) -> Any:
    """What `credo run` and `credo sweep` were asked, the command to run in `cwd` (the
    folder of `credo -C`, as git's, else the current one)."""
    from credo.actions.runs import RunOptions

    if given["reason"] is not None and not given["skip_gate"]:  # else dropped without a word
        raise click.UsageError("--reason goes with --skip-gate: it says why the gate is skipped")
    options = RunOptions(
        command=list(command),
        cwd=cwd.resolve(),
        exp_id=given["exp_id"],
        hypothesis=given["hypothesis"],
        timebox=given["timebox"],
        hard=given["hard"],
        skip_gate=given["skip_gate"],
        skip_reason=given["reason"],
        rung=given["rung"],
    )
    if grace is not None:
        options.grace = grace.total_seconds()
    return options


def _submit(
    store: Store,
    cwd: Path,
    command: list[str],
    given: dict[str, Any],
    sbatch: str,
    max_parallel: int | None,
    *,
    sweep: bool,
    each: list[list[str]] | None = None,
    on_slurm: bool = True,
    grace: timedelta | None = None,
) -> int:
    """Queue the runs (a SLURM job, or a local sweep) and say what became of them
    (`grace`: `credo run --slurm --hard`'s, kept on the run for its start on the node)."""
    import shlex

    from credo.actions.sweeps import submit
    from credo.runs.params import sweep_words

    try:
        options = shlex.split(sbatch)
    except ValueError as error:
        raise click.BadParameter(f"{error}: {sbatch!r}", param_hint="--sbatch") from None
    talking = interactive()
    done = submit(
        store,
        _options(tuple(command), cwd, given, grace),
        each or [command],
        on_slurm=on_slurm,
        sbatch=options,
        max_parallel=max_parallel,
        say=say,
        ask=_ask if talking else None,
        review=functools.partial(_review_now, store, cwd.resolve()) if talking else None,
        sweep=sweep,
    )
    if done.job is None:
        counts: dict[str, int] = {}
        for run in done.runs:
            counts[run.status.label] = counts.get(run.status.label, 0) + 1
        shown = ", ".join(f"{n} {s}" for s, n in counts.items())
        say(f"sweep of {counted(len(done.runs), 'run')}: {shown}")
        from credo.checklists.verdict import sweep_verdict_lines

        for line in sweep_verdict_lines(store, done.runs):
            say(line)
        return done.exit_code
    from credo.domain.models import Experiment, Run

    short = store.short_ids(Run)
    experiment = done.runs[0].experiment
    # the receipt of work that runs later: which experiment's evidence it will be (one
    # an agent started meanwhile takes it as well as yours)
    of = ""
    if experiment:
        from credo.display import one_line

        hypothesis = one_line(store.read(Experiment, experiment).hypothesis)
        of = f" of experiment {store.short_id(Experiment, experiment)} ('{hypothesis}')"
    if not sweep:
        [queued] = done.runs
        said = short[queued.id]
        say(f"run {said}{of} queued as SLURM job {done.job} (credo runs cancel {said} cancels it)")
        return 0
    limit = f", at most {max_parallel} at once" if max_parallel else ""
    runs = counted(len(done.runs), "run")
    say(f"sweep of {runs}{of} queued as SLURM job array {done.job}{limit}:")
    for queued in done.runs:
        say(f"  {short[queued.id]}  {sweep_words(queued, done.runs)}")
    every = (
        f" or credo runs cancel --exp {store.short_id(Experiment, experiment)} (all of the "
        "experiment's)"
        if experiment
        else ""
    )
    say(f"cancel with credo runs cancel RUN (one of them){every}")
    return 0


def _ask(question: str, default: str) -> str:
    answer: str = click.prompt(question, default=default, err=True)
    return answer


def _review_now(
    store: Store, cwd: Path, message: str, commands: list[list[str]], experiment: str | None
) -> bool:
    """Offer the review of what holds runs of `commands` in `experiment` (the run's; None:
    ad hoc) on a terminal; True when one was walked through."""
    say(message)
    if not click.confirm("Review the checklist now?", default=True, err=True):
        return False
    from credo.cli.checks import walk_blockers

    walk_blockers(store, experiment, commands=commands, cwd=cwd)
    return True
