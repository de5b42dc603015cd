"""`credo runs`: every run across experiments, as a table, runs compared, and SLURM jobs
cancelled."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from credo.cli import completers
from credo.cli.base import (
    SINCE,
    Context,
    interactive,
    load_warning,
    main,
    note,
    pass_context,
    print_json,
    stdout_console,
)
from credo.display import cut_at_a_word, escape, visible
from credo.wording import counted

if TYPE_CHECKING:
    from credo.cli.rows import Cell
    from credo.runs.comparison import Comparison
    from credo.runs.table import RunRow
    from credo.store import Store


@main.group(
    "runs",
    elsewhere={
        "show": "credo show RUN shows a run in full.",
        "diff": "credo runs compare A B [C...] puts runs side by side.",
    },
)
def runs() -> None:
    """Every run across experiments: list, filter, sort and compare them; cancel SLURM
    jobs."""


def _rows(store: Store) -> list[RunRow]:
    from credo.actions.lost_runs import settled_states
    from credo.domain.models import Experiment, Run
    from credo.runs.table import load_rows

    loaded = load_warning(store, Run)
    settled, states, _ = settled_states(store, loaded.items.values())
    return load_rows(store, settled, store.load(Experiment).items, states)


def row_json(store: Store, row: RunRow) -> dict[str, Any]:
    run = row.run
    git = run.git_start
    return {
        "id": run.id,
        "short_id": row.short,  # as every other --json names it
        "status": run.status.value,
        "state": row.state,
        "experiment": run.experiment,
        "hypothesis": row.hypothesis,
        "tags": row.tags,
        "commit": git.sha if git else None,
        "dirty": bool(git and git.dirty),
        "started": run.started.isoformat(),
        "duration_seconds": row.duration,
        "command": run.command,
        "params": run.params,
        "metrics": row.metrics,
        "diverged": {name: d.model_dump() for name, d in row.diverged.items()},
        "best": row.best,
        "gate": run.gate,
        "gate_words": row.gate,
        "actor": run.actor,
        "data": run.data,
        "data_digest": row.data,
        "folder": str(store.run_folder(run.id)),
    }


@runs.command("ls")
@click.option(
    "--exp",
    "exp_id",
    shell_complete=completers.EXPERIMENT,
    help="Only the runs of this experiment (an id prefix).",
)
@click.option(
    "--since",
    type=SINCE,
    help="Only runs started on or after WHEN (monday, week, '3 days ago', 2026-12-01).",
)
@click.option(
    "--where",
    "where_text",
    default="",
    shell_complete=completers.run_filters,
    help="Filter words, all of which must hold: lr>=1e-3, best:acc>0.8, status:failed, #tag, text.",
)
@click.option(
    "--sort",
    "sort_by",
    default="-started",
    shell_complete=completers.run_columns,
    show_default=True,
    help="A column (status, exp, started, took, a param, a metric, best:METRIC); "
    "-NAME sorts descending.",
)
@click.option("--json", "as_json", is_flag=True, help="Print every run's row as JSON.")
@pass_context
def runs_ls(
    context: Context,
    exp_id: str | None,
    since: date | None,
    where_text: str,
    sort_by: str,
    as_json: bool,
) -> None:
    """One row per run: status, experiment, commit, when, how long, params, final and
    best metrics, gate and data fingerprint. Params the same for every run shown are
    named once above the table."""
    from credo.domain.models import Experiment
    from credo.errors import BadInputError
    from credo.runs.table import columns, parse_filter, sort_rows

    store = context.store
    words = where_text
    if exp_id is not None:
        words += f" exp:{store.resolve(Experiment, exp_id)}"
    row_filter = parse_filter(words, since)
    every = _rows(store)
    have = columns(every)
    unknown = [name for name in row_filter.names if every and name not in have]
    if unknown:
        raise BadInputError(
            f"--where {unknown[0]}: no run has such a column; they have {_listed(have)}"
        )
    rows = row_filter.apply(every)
    column, descending = sort_by.removeprefix("-"), sort_by.startswith("-")
    known = columns(rows)
    if rows and column not in known:
        raise BadInputError(f"--sort {sort_by}: no such column; the runs have {_listed(known)}")
    rows = sort_rows(rows, column, descending)
    if as_json:
        print_json([row_json(store, row) for row in rows])
        return
    _print_table(rows, len(every))


def _listed(names: list[str]) -> str:
    """Column names in one line of an error (a logged name may hold a line break)."""
    return ", ".join(visible(name, lines=False) for name in names)


def _print_table(rows: list[RunRow], recorded: int) -> None:
    """The rows shown, of the `recorded` runs (with none shown, says why)."""
    from rich.cells import cell_len

    from credo.cli.rows import Painter, print_rows
    from credo.runs.params import param_words
    from credo.runs.table import (
        FIXED,
        NO_RUNS_YET,
        column_digits,
        columns,
        header,
        narrow_rank,
    )

    console = stdout_console(highlight=False)
    if not rows:
        console.print(
            f"No runs match ({counted(recorded, 'run')} recorded)." if recorded else NO_RUNS_YET
        )
        return
    shown = columns(rows)
    same: dict[str, Any] = {}
    for name in (c for c in shown if c not in FIXED):
        values = {repr(row.run.params.get(name, None)) for row in rows}
        if name in rows[0].run.params and len(values) == 1:
            same[name] = rows[0].run.params[name]
    digits = column_digits(rows, shown)
    text = {c: [row.cell(c, digits=digits[c]) for row in rows] for c in shown if c not in same}
    shown = [c for c in shown if c in text and any(text[c])]
    if same:
        console.print(f"[dim]every run shown: {escape(param_words(same))}[/]")
    width_of = {column: max(map(cell_len, [header(column), *text[column]])) for column in shown}
    # A row longer than the terminal is wrapped by it, numbers broken over two lines.
    # The status gives way first, to its word (`running`: `credo show RUN` says where it
    # runs and why it waits), then the gate's words, cut between two (`skipped: quick…`,
    # at the least `skipped…`: `credo show RUN` has the reason), then
    # the columns that do not fit whole are left out, and named (piped, all fit): ordered
    # as the runs view orders them (`narrow_rank`), what the runs differ in is kept, the
    # params that tell a sweep's runs apart the last to go.
    short = sum(width_of.values()) + 2 * (len(shown) - 1) - console.width
    if short > 0:
        whole = width_of["status"]
        text["status"] = [row.cell("status", brief=True) for row in rows]
        width_of["status"] = max(map(cell_len, [header("status"), *text["status"]]))
        short -= whole - width_of["status"]
    if short > 0:
        shown.sort(key=lambda column: narrow_rank(column, len(set(text[column])) == 1))
    cells = [list(line) for line in zip(*(text[column] for column in shown), strict=True)]
    widths = [width_of[column] for column in shown]
    if short > 0 and "gate" in shown:  # cut between words, to each first word at least
        gate = shown.index("gate")
        said = [line[gate] for line in cells]
        least = max(min(cell_len(s), cell_len(s.split(" ")[0].rstrip(":")) + 1) for s in said)
        room = max(least, widths[gate] - short)
        for line in cells:  # not by Rich's ellipsis, which cuts through a word
            line[gate] = cut_at_a_word(line[gate], room)
        widths[gate] = max(cell_len(header("gate")), *(cell_len(line[gate]) for line in cells))
    fit = next(
        (n for n in range(1, len(widths)) if sum(widths[: n + 1]) + 2 * n > console.width),
        len(widths),
    )
    heads: list[Cell] = [((header(column), "bold"),) for column in shown[:fit]]
    right = frozenset(i for i, column in enumerate(shown[:fit]) if column not in FIXED)
    lines = [heads, *(line[:fit] for line in cells)]
    print_rows(console, lines, [""] * fit, None, Painter(console), right)
    if fit < len(shown):
        left_out = ", ".join(header(column) for column in shown[fit:])
        console.print(
            f"[dim]columns 1–{fit} of {len(shown)}; not shown: {escape(left_out)} "
            "(| less -S shows every column)[/]"
        )
    console.print(f"[dim]{counted(len(rows), 'run')}[/]")


@runs.command("compare")
@click.argument("run_ids", nargs=-1, required=True, shell_complete=completers.RUN)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@pass_context
def runs_compare(context: Context, run_ids: tuple[str, ...], as_json: bool) -> None:
    """Runs side by side: the params that differ, each metric with its difference from
    the first run, and whether the code (commit and diff) and the data were the same."""
    from credo.domain.models import Divergence, Run
    from credo.errors import BadInputError
    from credo.runs.comparison import compare_runs

    if len(run_ids) < 2:
        raise BadInputError("compare needs two runs or more: credo runs compare A B [C...]")
    store = context.store
    chosen = [store.get(Run, prefix) for prefix in run_ids]
    shorts = store.short_ids(Run)
    found = compare_runs(chosen, [shorts[run.id] for run in chosen])
    if as_json:
        print_json(
            {
                "runs": [run.id for run in chosen],
                "params": {name: values for name, values in found.params},
                "same_params": found.same_params,
                "metrics": {
                    name: {
                        "values": [
                            v.model_dump() if isinstance(v, Divergence) else v for v in values
                        ],
                        "deltas": deltas,
                    }
                    for name, values, deltas in found.metrics
                },
                "commands": found.commands,
                "commits": found.commits,
                "same_code": found.same_code,
                "data": found.data,
                "data_paths_differing": found.data_paths,
            }
        )
        return
    _print_comparison(found)


def _print_comparison(found: Comparison) -> None:
    from credo.runs.comparison import ComparisonTable, comparison_words

    console = stdout_console(highlight=False)
    console.print(ComparisonTable(found))
    console.print(comparison_words(found))


@runs.command("cancel")
@click.argument("run_id", required=False, metavar="[RUN]", shell_complete=completers.RUN)
@click.option(
    "-e",
    "--exp",
    "exp_id",
    shell_complete=completers.EXPERIMENT,
    help="Every queued or running SLURM job of this experiment.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the runs cancelled as JSON (runs: each as credo show RUN --json prints it).",
)
@pass_context
def cancel(context: Context, run_id: str | None, exp_id: str | None, as_json: bool) -> None:
    """Cancel a run's SLURM job (or an experiment's) through scancel.

    A run still queued is recorded as cancelled at once; one running ends as SLURM
    stops it, and credo records SLURM's word for it.
    """
    from credo.actions.cluster import cancel as cancel_jobs
    from credo.actions.lost_runs import settle
    from credo.domain.models import WAITING, Experiment, Run, RunStatus
    from credo.errors import CredoError

    if run_id is None and exp_id is None:
        raise click.UsageError("name a run, or an experiment with --exp")
    if run_id is not None and exp_id is not None:
        raise click.UsageError("name a run or an experiment (--exp), not both")
    store = context.store
    short = store.short_ids(Run, Experiment)
    if run_id is not None:
        chosen = [store.get(Run, run_id)]
        what = f"run {short[chosen[0].id]}"
    else:
        experiment = store.get(Experiment, exp_id or "")
        chosen = [run for run in store.runs() if run.experiment == experiment.id]
        what = f"experiment {short[experiment.id]}"
    chosen = settle(store, chosen).runs
    waiting = [r for r in chosen if r.status in WAITING]
    on_slurm = [r for r in waiting if r.slurm is not None and r.slurm.job]
    if not on_slurm:
        here = [r for r in waiting if r.runner is not None]
        if here and here[0].runner is not None:
            raise CredoError(
                f"{what}: run {short[here[0].id]} runs on {here[0].runner.host} under credo "
                f"(pid {here[0].runner.pid}), not SLURM: ctrl-c where it runs stops it"
            )
        status = f" (it is {chosen[0].status.label})" if run_id is not None else ""
        raise CredoError(f"{what} has no queued or running SLURM job{status}")
    cancelled = cancel_jobs(store, on_slurm)
    if as_json:
        from credo.cli.exp import run_json

        print_json({"runs": [run_json(store, run) for run in cancelled]})
        return
    for run in cancelled:
        job = run.slurm.job if run.slurm is not None else "?"
        short = store.short_id(Run, run.id)
        if run.status == RunStatus.CANCELLED:  # what it did to what you named: stdout
            click.echo(f"Run {short} (SLURM job {job}) cancelled before it started")
        else:
            click.echo(f"Run {short} (SLURM job {job}) is being stopped by SLURM")


@runs.command("clean")
@click.option("-y", "--yes", is_flag=True, help="Remove them without asking.")
@click.option("--json", "as_json", is_flag=True, help="Print what is unused (and removed) as JSON.")
@pass_context
def runs_clean(context: Context, yes: bool, as_json: bool) -> None:
    """The run files no run uses any more, and the space they take: removed with --yes
    or on a yes at the prompt.

    A run keeps its output, metrics and patches in the clone's git folder
    (.git/credo/runs/ID/). Its folder is unused once no worktree's checkout has its
    record (.credo/runs/ID/run.toml) and no branch, tag or stash holds it.
    """
    from credo.actions.run_space import reclaim, run_space
    from credo.domain.models import Run
    from credo.store.confine import size_words
    from credo.store.paths import from_here

    store = context.store
    space = run_space(store)
    ask = not (yes or as_json) and interactive()
    if as_json:
        removed = reclaim(space) if yes else 0
        print_json(
            {
                "folder": str(space.folder) if space.folder else None,
                "unused": [
                    {"id": u.run_id, "folder": str(u.folder), "bytes": u.size} for u in space.unused
                ],
                "bytes": space.size,
                "removed_bytes": removed,
                "used": space.used,
                "used_on_refs_only": space.on_refs_only,
                "young": space.young,
                "missing_worktrees": space.missing,
            }
        )
        return
    if space.folder is None:
        click.echo("Not a git repository: runs keep their files beside their records here.")
        return
    folder = from_here(space.folder, store.project_root)
    for missing in space.missing:
        note(
            f"worktree {missing} is missing (a disk not mounted?): nothing is removed while "
            "it may hold runs; `git worktree prune` forgets it if it is gone for good"
        )
    kept = f"{counted(space.used, 'run folder')} in use"
    if space.on_refs_only:
        held = "another branch, tag, stash or the reflog"
        kept += f" ({space.on_refs_only} of them by runs only {held} holds)"
    if space.young:
        kept += f"; {space.young} changed in the last hour, kept"
    if not space.unused:
        click.echo(f"No unused run files in {folder} ({kept}).")
        return
    click.echo(
        f"{counted(len(space.unused), 'run folder')} no run uses any more "
        f"({size_words(space.size)}) in {folder}:"
    )
    short = store.short_ids(Run)  # a folder no run uses: the prefix no run's id shares
    for found in space.unused:
        click.echo(f"  {short[found.run_id]}  {size_words(found.size)}")
    click.echo(f"Kept: {kept}.")
    if not yes and not (ask and click.confirm("Remove them?", default=False)):
        click.echo(
            "Nothing removed"
            + ("." if ask else ": credo runs clean --yes removes them (or answer at a terminal).")
        )
        return
    click.echo(
        f"Removed {counted(len(space.unused), 'run folder')}: {size_words(reclaim(space))} freed."
    )
