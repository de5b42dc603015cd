"""Metrics of a run: `metrics.jsonl` (from `credo.log_metric` and its kin) and TensorBoard files.

A metrics line is `{"step": 3, "time": ..., "loss": 0.4, ...}`, or a histogram, curve
or confusion matrix (`{"kind": "curve", "name": "roc", ...}`); lines that are not JSON
objects are skipped and counted. TensorBoard event files are read only when the
optional `tensorboard` extra is installed, and copied into `metrics.jsonl` with
`"source": "tensorboard"`, so views never need TensorBoard.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from credo.domain.models import Divergence, Run, RunStatus
from credo.errors import BadFileError, CredoError
from credo.runs.numbers import number_texts
from credo.store.confine import MB, open_plain, size_words
from credo.store.paths import inside_project

if TYPE_CHECKING:
    from credo.store.store import Store

METRICS_FILE = "metrics.jsonl"
METRICS_CAP = 256 * MB
"""Read at most this much of a metrics file (it may come from a teammate's commit)."""
LINE_CAP = MB
"""A longer line is skipped (counted as unreadable), never held whole."""
_RESERVED = ("step", "time", "source", "process_rank")
RICH_KINDS = ("histogram", "curve", "confusion")
"""Lines with `"kind"` one of these hold more than scalars (see `credo.log_histogram`)."""


@dataclass
class Rich:
    """The latest histogram, curve or confusion matrix of one name."""

    kind: str
    name: str
    step: float | None
    data: dict[str, list[Any]]
    """histogram: `edges`, `counts`; curve: `x`, `y` (and `labels`: the axes' names);
    confusion: `labels`, `matrix`."""
    count: int = 1
    """How many were logged under this name."""


@dataclass
class Series:
    """Every metric of a run: name -> [(step, value)], the time of each point, the
    latest histogram, curve and confusion matrix of each name, and skipped lines."""

    curves: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    times: dict[str, list[float]] = field(default_factory=dict)
    """Per curve, the wall-clock time of each point (NaN when the line had none)."""
    rich: dict[tuple[str, str], Rich] = field(default_factory=dict)
    """(kind, name) -> the latest one logged."""
    bad_lines: int = 0
    problem: str = ""
    """Why the file was not read (a link, a FIFO...) or not read to its end."""
    diverged: dict[str, Divergence] = field(default_factory=dict)
    """Per scalar, the step and value (`nan`, `inf`) where it first stopped being a finite
    number: its curve stops before, and this is its final value, not the curve's last."""
    ranks: dict[tuple[str, str], int] = field(default_factory=dict)
    """Per scalar `("", name)` and per `(kind, name)`, the rank of the distributed
    training's process its values come from (see `_drawn`)."""

    def snapshot(self) -> Series:
        """A copy to hand to the interface while a reader goes on appending to this one
        (a Rich is replaced when a newer one is logged, never changed)."""
        return replace(
            self,
            curves={name: list(points) for name, points in self.curves.items()},
            times={name: list(times) for name, times in self.times.items()},
            rich=dict(self.rich),
            diverged=dict(self.diverged),
            ranks=dict(self.ranks),
        )

    def last(self) -> dict[str, float]:
        """Each metric's final value, but those that diverged (see `diverged`)."""
        return {
            name: points[-1][1]
            for name, points in self.curves.items()
            if points and name not in self.diverged
        }

    def final(self, name: str) -> float | Divergence | None:
        """The final value of `name`: where it diverged, else its curve's last point."""
        points = self.curves.get(name)
        return self.diverged.get(name) or (points[-1][1] if points else None)

    def best(self) -> dict[str, float]:
        """Each metric's best value: the lowest for losses and errors, else the highest."""
        return {
            name: (min if lower_is_better(name) else max)(value for _, value in points)
            for name, points in self.curves.items()
            if points
        }


_LOWER = (
    *("loss", "err", "perplexity", "ppl", "mse", "mae", "rmse", "wer", "cer", "nll"),
    *("time", "latency", "seconds", "distance", "regret", "bpb", "bpc"),
)


def lower_is_better(name: str) -> bool:
    """Whether a smaller value of the metric `name` is better (`val_loss`, `error_rate`)."""
    low = name.lower()
    return any(word in low for word in _LOWER)


def run_series(store: Store, run: Run, until: Callable[[Series], bool] | None = None) -> Series:
    """A run's curves as recorded (empty when its files stayed in another clone), read
    only `until` they say enough when given."""
    try:
        folder = store.run_folder(run.id)
    except (OSError, CredoError):  # a link where the run's folder should be: nothing to read
        return Series()
    return read_metrics(folder / METRICS_FILE, until)


def read_metrics(path: Path, until: Callable[[Series], bool] | None = None) -> Series:
    """Parse a metrics file, a plain file only, in bounded reads; a missing file is an
    empty series. `until` stops the read as soon as what was read is enough."""
    reader = MetricsReader(path, until)
    reader.read(to_end=True)
    return reader.series


class MetricsReader:
    """A run's metrics as its file grows: each `read()` takes the whole lines appended
    since the last one (a file that shrank or was replaced is read again from the top)."""

    def __init__(self, path: Path, until: Callable[[Series], bool] | None = None) -> None:
        self.path = path
        self.until = until
        self.series = Series()
        self.offset = 0
        self._identity: tuple[int, int] | None = None

    def read(self, to_end: bool = False) -> bool:
        """Take what was appended; True when the series changed. `to_end` takes a last
        line with no newline too (the file is complete); `until` (given when made) stops
        the read once it holds."""
        try:
            fd = open_plain(self.path, self.path.name)
        except FileNotFoundError:
            return False
        except (OSError, BadFileError) as error:
            changed = self.series.problem != str(error)
            self.series.problem = str(error)
            return changed
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            identity = (info.st_dev, info.st_ino)
            if identity != self._identity or info.st_size < self.offset:
                self.series, self.offset, self._identity = Series(), 0, identity
            if info.st_size == self.offset:
                return False
            handle.seek(self.offset)
            self._take_lines(handle, to_end)
        return True

    def _take_lines(self, handle: Any, to_end: bool) -> None:
        series = self.series
        while self.offset < METRICS_CAP:
            line = handle.readline(LINE_CAP)
            if not line:
                return
            if len(line) == LINE_CAP and not line.endswith(b"\n"):
                size = len(line)
                while (rest := handle.readline(LINE_CAP)) and not rest.endswith(b"\n"):
                    size += len(rest)
                if not rest and not to_end:
                    return  # still being written: taken whole by a later read
                self.offset += size + len(rest)
                series.bad_lines += 1
                continue
            if not line.endswith(b"\n") and not to_end:
                return  # a line still being written: the next read takes it whole
            self.offset += len(line)
            if line.strip() and not _take(series, line):
                series.bad_lines += 1
            elif self.until is not None and self.until(series):
                return
        series.problem = f"{self.path.name}: read up to {size_words(METRICS_CAP)} only"


def _take(series: Series, line: bytes) -> bool:
    """Add one metrics line to `series`; False when it is not a JSON object."""
    try:
        record = json.loads(line.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return False
    if not isinstance(record, dict):
        return False
    step = _finite(record.get("step"))
    rank = record.get("process_rank")
    rank = rank if isinstance(rank, int) and not isinstance(rank, bool) and rank > 0 else 0
    if record.get("kind") in RICH_KINDS:
        return _take_rich(series, record, step, rank)
    moment = _finite(record.get("time"))
    for name, value in record.items():
        number = _finite(value)
        if name in _RESERVED or not _drawn(series, ("", str(name)), rank):
            continue
        if number is None:
            if isinstance(value, float) and str(name) not in series.diverged:  # NaN, ±Infinity
                at = float(len(series.curves.get(str(name), []))) if step is None else step
                series.diverged[str(name)] = Divergence(step=at, value=str(value))
            continue
        points = series.curves.setdefault(str(name), [])
        points.append((float(len(points)) if step is None else step, number))
        series.times.setdefault(str(name), []).append(math.nan if moment is None else moment)
    return True


def _drawn(series: Series, key: tuple[str, str], rank: int) -> bool:
    """Whether a value of `key` (`("", name)`, or a kind and name) logged by the process of
    `rank` joins the series. Every rank of a distributed training logs the same names: one
    curve of them all zigzagged between processes, its first point (what loss-at-init and
    seed-fixed read) the rank that wrote first. Each name is drawn from the lowest rank
    that logged it (rank 0's, or the last pipeline stage's where only it logs the loss);
    a lower rank seen late takes the name over from the start."""
    owner = series.ranks.setdefault(key, rank)
    if rank > owner:
        return False
    if rank < owner:
        series.ranks[key] = rank
        kind, name = key
        if kind:
            series.rich.pop(key, None)
        else:
            series.curves.pop(name, None)
            series.times.pop(name, None)
            series.diverged.pop(name, None)
    return True


def _take_rich(series: Series, record: dict[str, Any], step: float | None, rank: int) -> bool:
    """A histogram, curve or confusion line; False when its fields do not fit."""
    kind, name = record["kind"], str(record.get("name", ""))
    data: dict[str, list[Any]]
    if kind == "histogram":
        data = {"edges": _numbers(record.get("edges")), "counts": _numbers(record.get("counts"))}
        fits = len(data["edges"]) == len(data["counts"]) + 1
    elif kind == "curve":
        data = {"x": _numbers(record.get("x")), "y": _numbers(record.get("y"))}
        data["labels"] = [str(record.get("x_label", "x")), str(record.get("y_label", "y"))]
        fits = len(data["x"]) == len(data["y"])
    else:
        labels, matrix = record.get("labels"), record.get("matrix")
        rows = [_numbers(row) for row in matrix] if isinstance(matrix, list) else []
        fits = isinstance(labels, list) and len(rows) == len(labels)
        fits = fits and all(len(row) == len(rows) for row in rows)
        data = {"labels": [str(label) for label in labels or []], "matrix": rows}
    if not fits or not name:
        return False
    if not _drawn(series, (kind, name), rank):
        return True
    before = series.rich.get((kind, name))
    series.rich[(kind, name)] = Rich(kind, name, step, data, before.count + 1 if before else 1)
    return True


def _numbers(values: object) -> list[float]:
    """A JSON list of numbers as floats (anything else in it as NaN); [] for a non-list."""
    if not isinstance(values, list):
        return []
    return [number if (number := _finite(v)) is not None else math.nan for v in values]


def _finite(value: object) -> float | None:
    """A JSON number as a finite float (None for anything else, booleans included)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too big for a float
        return None
    return number if math.isfinite(number) else None


def tensorboard_available() -> bool:
    try:
        import tensorboard.backend.event_processing.event_accumulator  # noqa: F401
    except ImportError:
        return False
    return True


def read_tensorboard(root: Path, name: str, since: float = 0.0) -> list[dict[str, Any]]:
    """Scalars and histograms of the event files under `name` (the project's
    `tensorboard_dir`, which must resolve inside the project `root`: BadInputError
    otherwise) written at or after `since` (epoch seconds), as metrics lines. A folder
    whose event files are not all plain files (a link, a FIFO) is left out. Empty when
    TensorBoard is not installed or there are none.
    """
    folder = inside_project(root, name, "tensorboard_dir")
    try:
        from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    except ImportError:
        return []
    lines: list[dict[str, Any]] = []
    folders = set()
    for dirpath, _, files in os.walk(folder):
        events = [os.path.join(dirpath, n) for n in files if "tfevents" in n]
        try:
            infos = [os.lstat(path) for path in events]
        except OSError:
            continue
        if all(stat.S_ISREG(i.st_mode) for i in infos) and any(i.st_mtime >= since for i in infos):
            folders.add(dirpath)
    guidance = {"scalars": 0, "tensors": 0, "histograms": 0}
    for dirpath in sorted(folders):
        prefix = os.path.relpath(dirpath, folder)
        prefix = "" if prefix == "." else prefix.replace(os.sep, "/") + "/"
        accumulator = EventAccumulator(dirpath, size_guidance=guidance)
        try:
            accumulator.Reload()
        except Exception:  # a damaged event file: take what was read, keep the run
            continue
        tags = accumulator.Tags()
        for tag in tags.get("scalars", []):
            for e in accumulator.Scalars(tag):
                lines.append({"step": float(e.step), prefix + tag: float(e.value)})
        for tag in tags.get("histograms", []):
            for e in accumulator.Histograms(tag):
                value = e.histogram_value
                edges = [value.min, *value.bucket_limit]
                lines.append(_histogram_line(prefix + tag, e.step, edges, list(value.bucket)))
        for tag in tags.get("tensors", []):
            for event in accumulator.Tensors(tag):
                line = _tensor_line(prefix + tag, float(event.step), event.tensor_proto)
                if line is not None:
                    lines.append(line)
    return lines


def _histogram_line(
    name: str, step: float, edges: list[float], counts: list[float]
) -> dict[str, Any]:
    return {"kind": "histogram", "name": name, "step": step, "edges": edges, "counts": counts}


def _tensor_line(name: str, step: float, proto: object) -> dict[str, Any] | None:
    """A TF2 summary: a scalar, or a histogram (rows of left edge, right edge, count)."""
    try:
        from tensorboard.util import tensor_util

        array = tensor_util.make_ndarray(proto)
        if array.size == 1:
            return {"step": step, name: float(array.reshape(()).item())}
        if array.ndim == 2 and array.shape[1] == 3 and len(array):
            edges = [float(array[0, 0]), *(float(right) for right in array[:, 1])]
            return _histogram_line(name, step, edges, [float(c) for c in array[:, 2]])
    except Exception:
        pass
    return None


def append_tensorboard(path: Path, lines: list[dict[str, Any]]) -> None:
    """Copy TensorBoard's scalars and histograms into the run's metrics file."""
    if not lines:
        return
    with path.open("a", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps({**line, "source": "tensorboard"}) + "\n")


class Finals(Protocol):
    """What has a run's final metrics: the run, or its line in the report."""

    @property
    def metrics(self) -> dict[str, float]: ...
    @property
    def diverged(self) -> dict[str, Divergence]: ...


NO_METRICS = (
    "printed lines are not read: log metrics with `from credo import log_metric`, or"
    " as JSON lines in the file $CREDO_METRICS names; see the README, Recording from a script"
)
"""Said of a run that logged no metric at all: its script most likely prints them (the
verdict says it, and `read_experiment` to an agent)."""


def final_values(run: Finals) -> dict[str, float | Divergence]:
    """Each metric's final value: a number, or where it became NaN or infinite."""
    return {**run.metrics, **run.diverged}


def metric_words(value: float | Divergence) -> str:
    """A final value as every view writes it: `0.4321`, or `nan@120` for a metric that
    became NaN at step 120 (its last finite value would flatter the run)."""
    return metrics_words([value])[0]


def metrics_words(values: Sequence[float | Divergence | None]) -> list[str]:
    """Final values shown beside each other (a run's and its baseline's, one metric's
    across runs), each as `metric_words` writes it but with the digits that tell them
    apart (`number_texts`); `—` for None (a run without it)."""
    numbers = [value for value in values if isinstance(value, float | int)]
    texts = iter(number_texts(numbers))
    return [
        "—"
        if value is None
        else f"{value.value}@{value.step:g}"
        if isinstance(value, Divergence)
        else next(texts)
        for value in values
    ]


def results(runs: list[Run]) -> list[Run]:
    """The runs whose numbers are a result: those that succeeded with metrics, diverged
    or not (a run that crashed or was stopped after a few steps is no result to beat or
    to compare, nor is one still running, whatever exit code its file holds)."""
    return [r for r in runs if r.status == RunStatus.SUCCEEDED and final_values(r)]


def experiment_metrics(runs: list[Run]) -> dict[str, float | Divergence]:
    """An experiment's result: each metric's final value over its successful runs, later
    runs winning (a later run's divergence too); while none has succeeded, over the
    failed ones."""
    merged: dict[str, float | Divergence] = {}
    for run in sorted(results(runs) or runs, key=lambda r: (r.started, r.id)):
        merged.update(final_values(run))
    return merged


def baseline_run(runs: list[Run], before: datetime | None = None) -> Run | None:
    """The baseline's numbers to beat: its latest successful run with metrics; with
    `before`, the latest that had ended by then (what a run started then could be
    compared with: not a result made after it)."""
    known = [r for r in results(runs) if before is None or (r.ended or r.started) <= before]
    return max(known, key=lambda r: (r.started, r.id), default=None)


Compared = tuple[str, float | Divergence | None, float | None, float | None]
"""(name, value, baseline value, difference) of one metric."""


def versus_baseline(runs: list[Run], baseline_runs: list[Run]) -> list[Compared]:
    """An experiment's metrics beside its baseline's latest successful run: a difference
    only where the experiment's numbers are a success's too (a crash's are no result)."""
    base_run = baseline_run(baseline_runs)
    rows = compare(experiment_metrics(runs), dict(base_run.metrics) if base_run else {})
    return rows if results(runs) else [(n, v, b, None) for n, v, b, _ in rows]


def compare(current: dict[str, float | Divergence], baseline: dict[str, float]) -> list[Compared]:
    """(name, value, baseline value, difference) for every metric either side has (no
    difference from a value that diverged)."""
    rows: list[Compared] = []
    for name in sorted(set(current) | set(baseline)):
        value, base = current.get(name), baseline.get(name)
        diff = value - base if isinstance(value, float) and base is not None else None
        rows.append((name, value, base, diff))
    return rows
