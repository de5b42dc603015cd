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
from dataclasses import dataclass, field
from pathlib import Path

from credo.domain.models import Run

METRICS_FILE = "metrics.jsonl"
_RESERVED = ("step", "time", "source")


@dataclass
class Series:
    """Every scalar metric of a run: name -> [(step, value)], plus skipped lines."""

    curves: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    bad_lines: int = 0

    def last(self) -> dict[str, float]:
        return {name: points[-1][1] for name, points in self.curves.items() if points}


def read_metrics(path: Path) -> Series:
    """Parse a metrics file; a missing file is an empty series."""
    series = Series()
    try:
        handle = path.open("r", encoding="utf-8", errors="replace")
    except OSError:
        return series
    with handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                series.bad_lines += 1
                continue
            if not isinstance(record, dict):
                series.bad_lines += 1
                continue
            step = record.get("step")
            for name, value in record.items():
                if name in _RESERVED or isinstance(value, bool):
                    continue
                if not isinstance(value, int | float) or not math.isfinite(value):
                    continue
                points = series.curves.setdefault(str(name), [])
                x = float(step) if isinstance(step, int | float) else float(len(points))
                points.append((x, float(value)))
    return series


def tensorboard_available() -> bool:
    try:
        import tensorboard.backend.event_processing.event_accumulator  # noqa: F401
    except ImportError:
        return False
    return True


def read_tensorboard(folder: Path, since: float = 0.0) -> dict[str, list[tuple[float, float]]]:
    """Scalars of the event files under `folder` written at or after `since` (epoch seconds).

    Empty when TensorBoard is not installed or the folder holds no event files.
    """
    try:
        from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    except ImportError:
        return {}
    curves: dict[str, list[tuple[float, float]]] = {}
    folders = set()
    for dirpath, _, files in os.walk(folder):
        for name in files:
            if "tfevents" not in name:
                continue
            try:
                if os.stat(os.path.join(dirpath, name)).st_mtime >= since:
                    folders.add(dirpath)
            except OSError:
                continue
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


def run_series(run_dir: Path) -> Series:
    return read_metrics(run_dir / METRICS_FILE)


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
