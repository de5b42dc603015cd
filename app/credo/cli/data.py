"""`credo data look|balance|overlap|cues|diff`: be obsessed with your data, from the shell."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from credo.cli import completers
from credo.cli.base import Context, echo_as_held, main, pass_context, print_json
from credo.data.request import Request

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from credo.data.engine import Engine
    from credo.data.show import Finding


@main.group("data")
def data() -> None:
    """Look at your data: raw records, label balance, leaks, Clever Hans cues, filters.

    Reads CSV/TSV, JSON Lines, JSON arrays, Parquet, plain text (a record a line),
    folders of shards of one format (part-00000.jsonl, ...: one dataset, in file order)
    and folder-per-class trees (split/label/file); .gz and .zst files are read as they are.
    In JSON records a column may be a key of a nested object: --by meta.source.
    Exits 0 when a check finds nothing wrong, 1 when it finds something, 2 when it cannot
    say (a file it cannot read). Needs DuckDB: pip install 'credo[data]'.
    """


def _common(item: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """--record and --json; `item` is the data checklist's item this command answers."""

    def add(command: Callable[..., None]) -> Callable[..., None]:
        said = f"Keep the result as the evidence of a checklist item (e.g. {item})."
        command = click.option(
            "--record", metavar="PACK/ITEM", shell_complete=completers.record_targets, help=said
        )(command)
        return click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")(
            command
        )

    return add


@data.command("look")
@click.argument("path", shell_complete=completers.files)
@click.option("--by", multiple=True, metavar="COL", help="Sample per value of COL (repeatable).")
@click.option("-n", "n", type=click.IntRange(1, 1000), default=5, help="Records per group.")
@click.option("--seed", type=int, default=0, help="Another seed, other records.")
@_common("data/raw-samples")
@pass_context
def look(
    context: Context,
    path: str,
    by: tuple[str, ...],
    n: int,
    seed: int,
    as_json: bool,
    record: str | None,
) -> None:
    """N random raw records per group, as they are on disk (reproducible by --seed)."""
    _run(context, Request("look", (path,), by=by, n=n, seed=seed), as_json, record)


@data.command("balance")
@click.argument("path", shell_complete=completers.files)
@click.option("--label", required=True, metavar="COL", help="The column holding the label.")
@click.option("--by", metavar="COL", help="Count per value of COL (a domain, a source).")
@click.option("--split", metavar="COL", help="And per split (train/valid/test).")
@_common("data/label-balance")
@pass_context
def balance(
    context: Context,
    path: str,
    label: str,
    by: str | None,
    split: str | None,
    as_json: bool,
    record: str | None,
) -> None:
    """Label counts per group (and split), flagging groups one label dominates."""
    request = Request("balance", (path,), label=label, by=_one(by), split=split)
    _run(context, request, as_json, record)


@data.command("overlap")
@click.argument("train", shell_complete=completers.files)
@click.argument("valid", shell_complete=completers.files)
@click.option("--key", metavar="COL", help="Compare by COL (e.g. the text), not whole records.")
@_common("data/no-leakage")
@pass_context
def overlap(
    context: Context,
    train: str,
    valid: str,
    key: str | None,
    as_json: bool,
    record: str | None,
) -> None:
    """Records of VALID also in TRAIN: exact, and near once case and punctuation go."""
    _run(context, Request("overlap", (train, valid), key=key), as_json, record)


@data.command("cues")
@click.argument("path", shell_complete=completers.files)
@click.option("--label", required=True, metavar="COL", help="The column holding the label.")
@click.option("--text", metavar="COL", help="The text column (default: `text`, or the longest).")
@click.option("--top", type=click.IntRange(1, 500), default=15, help="How many cues to show.")
@click.option(
    "--min-support",
    type=click.IntRange(1),
    help="Fewest records a cue needs (default: 10, or 1 in 10,000 records).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="COL",
    help="Leave out a column the model never sees (a source, an id); repeatable.",
)
@_common("data/clever-hans")
@pass_context
def cues(
    context: Context,
    path: str,
    label: str,
    text: str | None,
    top: int,
    min_support: int | None,
    ignore: tuple[str, ...],
    as_json: bool,
    record: str | None,
) -> None:
    """A Clever Hans scan: words, column values and lengths that predict the label alone."""
    request = Request(
        "cues",
        (path,),
        label=label,
        text=text,
        top=top,
        min_support=min_support,
        ignore=ignore,
    )
    _run(context, request, as_json, record)


@data.command("diff")
@click.argument("before", shell_complete=completers.files)
@click.argument("after", shell_complete=completers.files)
@click.option("--key", metavar="COL", help="Pair records by COL (an id), not by whole record.")
@click.option("--by", metavar="COL", help="Count what was dropped per value of COL.")
@click.option("-n", "n", type=click.IntRange(0, 1000), default=5, help="Samples of each side.")
@click.option("--seed", type=int, default=0, help="Another seed, other samples.")
@_common("data/filter-output-read")
@pass_context
def diff(
    context: Context,
    before: str,
    after: str,
    key: str | None,
    by: str | None,
    n: int,
    seed: int,
    as_json: bool,
    record: str | None,
) -> None:
    """What a filtering step dropped and kept: counts per group and samples of each."""
    request = Request("diff", (before, after), key=key, by=_one(by), n=n, seed=seed)
    _run(context, request, as_json, record)


def _one(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()


def _run(context: Context, request: Request, as_json: bool, record: str | None) -> None:
    """Run the check; with --record keep it as the evidence of a checklist item. Exits 1
    when it found something (what a record holds the item open for), as `credo check
    --status` does for a pack not covered; credo's refusal is 2 (`VERDICTS`)."""
    finding = _found(context, request, as_json, record)
    if not finding.passed:
        sys.exit(1)


def _found(context: Context, request: Request, as_json: bool, record: str | None) -> Finding:
    """The check's finding, printed (and kept with `record`)."""
    base = context.path
    if record:  # a wrong PACK/ITEM is said before a long read, not after
        from credo.actions.evidence import check_target

        check_target(context.store, record, request.command(record))
        # evidence is shared: its command and files are named from the project's root,
        # not from the subfolder one teammate typed them in
        base = context.store.project_root
        request = replace(request, paths=tuple(_from(base, context.path, p) for p in request.paths))
    with _engine() as engine:
        finding = request.run(engine, base)
    evidence = None
    if record:
        from credo.actions.evidence import record_evidence

        evidence, _ = record_evidence(context.store, record, finding, request.command(record))
    if as_json:
        result = finding.to_json()
        if evidence is not None:
            result["evidence"] = {"id": evidence.id, "pack": evidence.pack, "item": evidence.item}
        print_json(result)
        return finding
    from credo.display import console as rich_console
    from credo.display import writes_utf8

    console = rich_console(highlight=False)  # at 80 columns when piped: panels fill the width
    utf8 = writes_utf8(sys.stdout)  # one answer for every record
    for part in finding.parts():
        _show(console, part, utf8)
    if evidence is not None:
        from credo.domain.models import Evidence

        verdict = "it answers the item" if evidence.passed else "it holds the item open"
        short = context.store.short_id(Evidence, evidence.id)
        console.print(
            f"\n[dim]kept as the evidence of[/] {evidence.pack}/{evidence.item} "
            f"[dim]({short}; {verdict} until these files change)[/]"
        )
    return finding


def _show(console: Console, part: RenderableType, utf8: bool) -> None:
    """`part` on stdout with the names, labels and records its files hold (`echo_as_held`):
    on the Linux console only credo's own marks in it (`show.sign`) are swapped."""
    from rich.segment import Segment, Segments

    from credo.console_glyphs import swapped, swaps_marks

    segments = list(console.render(part))
    if swaps_marks(sys.stdout):
        segments = [
            Segment(swapped(s.text), s.style, s.control)
            if s.style and s.style.meta.get("sign")
            else s
            for s in segments
        ]
    with console.capture() as drawn:
        console.print(Segments(segments))
    echo_as_held(drawn.get(), utf8)


def _from(root: Path, here: Path, path: str) -> str:
    """`path` (typed in `here`) named from `root`, links left as they are (data -> a
    scratch disk stays `data/...`); as typed when it is not under `root`."""
    whole = Path(os.path.abspath(here / path))
    return whole.relative_to(root).as_posix() if whole.is_relative_to(root) else path


@contextmanager
def _engine() -> Iterator[Engine]:
    """The engine, with a progress bar on stderr for a slow read at a terminal."""
    from credo.data.engine import Engine

    if not sys.stderr.isatty():
        with Engine() as engine:
            yield engine
        return
    from rich.progress import BarColumn, Progress, TaskID, TaskProgressColumn, TextColumn

    from credo.display import console

    bar = Progress(
        TextColumn("[dim]reading[/]"),
        BarColumn(),
        TaskProgressColumn(),
        transient=True,
        console=console(stderr=True),
    )
    task: list[TaskID] = []

    def show(share: float | None) -> None:
        total = None if share is None else 1.0  # how far is not known: the bar pulses
        if not task:
            bar.start()
        elif bar.tasks[0].total != total:  # rich's update takes no total of None
            bar.remove_task(task.pop())
        if not task:
            task.append(bar.add_task("", total=total))
        if share is not None:
            bar.update(task[0], completed=share)

    try:
        with Engine(show) as engine:
            yield engine
    finally:
        bar.stop()
