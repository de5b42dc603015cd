"""Scalar metrics of a run: `metrics.jsonl` (from `credo.log_metric`) and TensorBoard files.

A metrics line is `{"step": 3, "time": ..., "loss": 0.4, ...}`; lines that are not
JSON objects are skipped and counted. TensorBoard event files are read only when the
optional `tensorboard` extra is installed, and copied into `metrics.jsonl` with
`"source": "tensorboard"`, so views never need TensorBoard.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from credo.domain.models import Run
from credo.errors import BadFileError
from credo.store.confine import MB, open_plain, size_words
from credo.store.paths import inside_project

METRICS_FILE = "metrics.jsonl"
METRICS_CAP = 256 * MB
"""Read at most this much of a metrics file (it may come from a teammate's commit)."""
LINE_CAP = MB
"""A longer line is skipped (counted as unreadable), never held whole."""
_RESERVED = ("step", "time", "source")


@dataclass
class Series:
    """Every scalar metric of a run: name -> [(step, value)], plus skipped lines."""

    curves: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    bad_lines: int = 0
    problem: str = ""
    """Why the file was not read (a link, a FIFO...) or not read to its end."""

    def last(self) -> dict[str, float]:
        return {name: points[-1][1] for name, points in self.curves.items() if points}


def read_metrics(path: Path, until: Callable[[Series], bool] | None = None) -> Series:
    """Parse a metrics file, a plain file only, in bounded reads; a missing file is an
    empty series. `until` stops the read as soon as what was read is enough."""
    series = Series()
    try:
        fd = open_plain(path, path.name)
    except FileNotFoundError:
        return series
    except (OSError, BadFileError) as error:
        series.problem = str(error)
        return series
    read = 0
    with os.fdopen(fd, "rb") as handle:
        while read < METRICS_CAP:
            line = handle.readline(LINE_CAP)
            if not line:
                break
            read += len(line)
            if len(line) == LINE_CAP and not line.endswith(b"\n"):
                while (rest := handle.readline(LINE_CAP)) and not rest.endswith(b"\n"):
                    read += len(rest)
                read += len(rest)
                series.bad_lines += 1
            elif line.strip() and not _take(series, line):
                series.bad_lines += 1
            elif until is not None and until(series):
                break
        else:
            series.problem = f"{path.name}: read up to {size_words(METRICS_CAP)} only"
    return series


def _take(series: Series, line: bytes) -> bool:
    """Add one metrics line to `series`; False when it is not a JSON object."""
    try:
        record = json.loads(line.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return False
    if not isinstance(record, dict):
        return False
    step = _finite(record.get("step"))
    for name, value in record.items():
        number = _finite(value)
        if name in _RESERVED or number is None:
            continue
        points = series.curves.setdefault(str(name), [])
        points.append((float(len(points)) if step is None else step, number))
    return True


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


def read_tensorboard(
    root: Path, name: str, since: float = 0.0
) -> dict[str, list[tuple[float, float]]]:
    """Scalars of the event files under `name` (the project's `tensorboard_dir`, which
    must resolve inside the project `root`: BadInputError otherwise) written at or after
    `since` (epoch seconds). A folder whose event files are not all plain files (a link,
    a FIFO) is left out. Empty when TensorBoard is not installed or there are none.
    """
    folder = inside_project(root, name, "tensorboard_dir")
    try:
        from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    except ImportError:
        return {}
    curves: dict[str, list[tuple[float, float]]] = {}
    folders = set()
    for dirpath, _, files in os.walk(folder):
        events = [os.path.join(dirpath, n) for n in files if "tfevents" in n]
        try:
            infos = [os.lstat(path) for path in events]
        except OSError:
            continue
        if all(stat.S_ISREG(i.st_mode) for i in infos) and any(i.st_mtime >= since for i in infos):
            folders.add(dirpath)
    for dirpath in sorted(folders):
        prefix = os.path.relpath(dirpath, folder)
        prefix = "" if prefix == "." else prefix.replace(os.sep, "/") + "/"
        accumulator = EventAccumulator(dirpath, size_guidance={"scalars": 0, "tensors": 0})
        try:
            accumulator.Reload()
        except Exception:  # a damaged event file: take what was read, keep the run
            continue
        tags = accumulator.Tags()
        for tag in tags.get("scalars", []):
            curves[prefix + tag] = [
                (float(e.step), float(e.value)) for e in accumulator.Scalars(tag)
            ]
        for tag in tags.get("tensors", []):
            points = []
            for event in accumulator.Tensors(tag):
                value = _scalar_of(event.tensor_proto)
                if value is not None:
                    points.append((float(event.step), value))
            if points:
                curves[prefix + tag] = points
    return curves


def _scalar_of(proto: object) -> float | None:
    try:
        from tensorboard.util import tensor_util

        array = tensor_util.make_ndarray(proto)
        if array.size != 1:
            return None
        return float(array.reshape(()).item())
    except Exception:
        return None


def append_tensorboard(path: Path, curves: dict[str, list[tuple[float, float]]]) -> None:
    """Copy TensorBoard scalars into the run's metrics file."""
    if not curves:
        return
    with path.open("a", encoding="utf-8") as out:
        for name, points in curves.items():
            for step, value in points:
                if math.isfinite(value):
                    out.write(
                        json.dumps({"step": step, "source": "tensorboard", name: value}) + "\n"
                    )


def experiment_metrics(runs: list[Run]) -> dict[str, float]:
    """An experiment's result: each metric's last value, later runs winning."""
    merged: dict[str, float] = {}
    for run in sorted(runs, key=lambda r: (r.started, r.id)):
        merged.update(run.metrics)
    return merged


def compare(
    current: dict[str, float], baseline: dict[str, float]
) -> list[tuple[str, float | None, float | None, float | None]]:
    """(name, value, baseline value, difference) for every metric either side has."""
    rows = []
    for name in sorted(set(current) | set(baseline)):
        value, base = current.get(name), baseline.get(name)
        diff = value - base if value is not None and base is not None else None
        rows.append((name, value, base, diff))
    return rows
