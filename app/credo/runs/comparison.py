"""Several runs side by side: the params that differ, the metrics with their deltas
against the first run, and whether they ran the same code and saw the same data."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from credo.display import escape, visible
from credo.domain.models import Divergence, ParamValue, Run, RunStatus, code_mark
from credo.errors import BadInputError
from credo.runs.fingerprint import data_digest, differing_paths
from credo.runs.metrics import final_values, metrics_words
from credo.runs.numbers import difference_text
from credo.runs.params import command_shape
from credo.runs.table import words

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.table import Table


@dataclass
class Comparison:
    runs: list[Run]
    labels: list[str]
    """Each run's short name (its short id)."""
    params: list[tuple[str, list[ParamValue | None]]] = field(default_factory=list)
    """The params whose values differ (or that some runs lack), one value per run."""
    same_params: list[str] = field(default_factory=list)
    metrics: list[tuple[str, list[float | Divergence | None], list[float | None]]] = field(
        default_factory=list
    )
    """(name, final values, delta of each against the first run)."""
    commands: list[str] = field(default_factory=list)
    """Each run's command without its options (its params), when they are not all the
    same: two programs, or positional arguments no param names; else empty."""
    statuses: list[str] = field(default_factory=list)
    """How each run ended (or that it runs), when one did not succeed: its metrics are
    where it stopped; else empty."""
    commits: list[str] = field(default_factory=list)
    """Each run's commit (`1a2b3c4*` when the tree was dirty)."""
    same_code: bool = True
    """Same commit and the same uncommitted diff."""
    data: list[str] = field(default_factory=list)
    """Each run's data fingerprint in short."""
    data_paths: list[str] = field(default_factory=list)
    """The data paths whose fingerprints differ between the runs."""


def compare_runs(runs: list[Run], labels: list[str]) -> Comparison:
    """`runs` side by side; refuses a run named twice (two prefixes of one id), which
    would be compared with itself."""
    seen: set[str] = set()
    for run, label in zip(runs, labels, strict=True):
        if run.id in seen:
            raise BadInputError(f"run {label} is named twice: compare different runs")
        seen.add(run.id)
    found = Comparison(runs, labels)
    names = list(dict.fromkeys(name for run in runs for name in run.params))
    for name in names:
        values = [run.params.get(name) for run in runs]
        if len({repr(v) for v in values}) > 1:
            found.params.append((name, values))
        else:
            found.same_params.append(name)
    each = [final_values(run) for run in runs]
    for name in dict.fromkeys(name for values in each for name in values):
        finals = [values.get(name) for values in each]
        first = finals[0]
        deltas = [
            value - first
            if isinstance(value, float) and isinstance(first, float) and index > 0
            else None
            for index, value in enumerate(finals)
        ]
        found.metrics.append((name, finals, deltas))
    shapes = [shlex.join(command_shape(run.command)) for run in runs]
    found.commands = shapes if len(set(shapes)) > 1 else []
    if any(run.status != RunStatus.SUCCEEDED for run in runs):
        found.statuses = [run.status.label for run in runs]
    found.commits = [code_mark(run) or "—" for run in runs]
    code = {
        (
            run.git_start.sha if run.git_start else None,
            run.git_start.diff_hash if run.git_start and run.git_start.dirty else None,
        )
        for run in runs
    }
    found.same_code = len(code) == 1
    found.data = [data_digest(run.data) if run.data else "—" for run in runs]
    found.data_paths = differing_paths(*(run.data for run in runs))
    return found


@dataclass
class ComparisonTable:
    """The runs in columns (`comparison_table`), laid out at the width it is drawn at:
    where the whole table does not fit, the names keep their room and the values go on
    over lines (a difference under its value), rather than the names being cut."""

    found: Comparison
    click: str = ""
    """An action a click on a metric's row calls (`comparison_table`)."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.measure import Measurement

        table = comparison_table(self.found, click=self.click)
        wide = Measurement.get(console, options.update_width(10_000), table).maximum
        if wide > options.max_width:
            table = comparison_table(self.found, narrow=True, click=self.click)
        yield table


def comparison_table(found: Comparison, narrow: bool = False, click: str = "") -> Table:
    """The runs in columns: the commands where they differ, how they ended when one did
    not succeed, commit, data, the params that differ, the metrics (each with its
    difference from the first run). `narrow`: the first column as wide as the names.
    `click`: an action a click on a metric's row calls with the metric's place in
    `found.metrics` (`screen.pick_metric`, in the app)."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    named = [name for name, _ in found.params] + [metric[0] for metric in found.metrics]
    room = max(
        cell_len(text)
        for text in ("params that differ", *(f"  {visible(n, lines=False)}" for n in named))
    )
    table.add_column("", no_wrap=True, max_width=room if narrow else None, overflow="fold")
    for label in found.labels:
        table.add_column(shown(label), justify="right", overflow="fold")
    if found.commands:
        table.add_row("[dim]command[/]", *(shown(c) for c in found.commands))
    if found.statuses:
        table.add_row("[dim]status[/]", *found.statuses)
    table.add_row("[dim]commit[/]", *(shown(c) for c in found.commits))
    table.add_row("[dim]data[/]", *(shown(d) for d in found.data))
    if found.params:
        table.add_row("[b]params that differ[/]")
        for name, given in found.params:
            table.add_row(f"  {shown(name)}", *(shown(words(v)) or "—" for v in given))
    if found.metrics:
        heading = Text.from_markup(
            f"[b]metrics[/] [dim](difference from {shown(found.labels[0])})[/]"
        )
        heading.no_wrap = False  # narrow, over two lines where the names are short
        table.add_row(heading)
        for place, (name, values, deltas) in enumerate(found.metrics):
            cells = []  # as many digits as tell the runs' values apart
            for cell, delta in zip(metrics_words(values), deltas, strict=True):
                if delta is not None:
                    cell += f" ({difference_text(delta)})"
                cells.append(shown(cell))
            row = [f"  {shown(name)}", *cells]
            if click:
                row = [f"[@click={click}({place})]{cell}[/]" for cell in row]
            table.add_row(*row)
    return table


def comparison_words(found: Comparison) -> str:
    """One line (Rich markup): same or different code and data, and the params shared."""
    code = "the same code" if found.same_code else "[yellow]different code[/] (commit or diff)"
    if found.data_paths:
        data = f"[yellow]different data[/] ({shown(', '.join(found.data_paths))})"
    elif not any(run.data for run in found.runs):  # nothing says what data they saw
        data = "no data recorded (data_paths in .credo/config.toml)"
    else:
        data = "the same data"
    same = f"; the same {shown(', '.join(found.same_params))}" if found.same_params else ""
    commands = "[yellow]different commands[/], " if found.commands else ""
    return f"{commands}{code}, {data}{same}"


def shown(text: str) -> str:
    """`text` for Rich markup on one line: a param or metric named (or valued) "a\nb"
    shows its line break as a sign, as the runs table does, never splitting a row."""
    return escape(visible(text, lines=False))
