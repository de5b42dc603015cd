"""credo: plan, experiment and review next to your code.

This module stays tiny and self-contained: training scripts import the `log_*`
functions from here, so it imports only `os`, `sys` and `time` (and `json` at the first line
logged), and `credo run` copies this very file into the child's path when the script runs in
an environment without credo (see `credo.runs.shim`).

The protocol is plain JSON lines, one object a line, appended to the files named by
`$CREDO_METRICS` and `$CREDO_PARAMS` (the README describes it for other languages).
"""

from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False  # not `typing`'s: importing typing costs more than all of this
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "log_confusion",
    "log_curve",
    "log_histogram",
    "log_metric",
    "log_params",
]

HISTOGRAM_BINS = 30
KEEP_VALUES = 256
"""A histogram of at most this many values keeps them all; a larger one keeps bins only."""
CURVE_POINTS = 2000
"""A longer curve is thinned to this many points (evenly, ends kept)."""

_dumps: Callable[[object], str] | None = None
"""`json.dumps`, imported at the first line logged: `import credo` stays instant."""


def _json() -> Callable[[object], str]:
    global _dumps
    if _dumps is None:
        import json

        _dumps = json.dumps
    return _dumps


class _Stream:
    """One JSON-lines file, opened once and kept open. Each line is one `os.write` of
    an append: nothing waits in memory (a kill -9 loses no line, the views see it at
    once), and processes sharing the file (forked data-loader workers) never split one.
    """

    def __init__(self) -> None:
        self.path = ""
        self.fd = -1
        self.refused = ""
        """A file that refused a line (a full disk): logging to it stops, the training not."""

    def add(self, path: str, line: str) -> None:
        if path == self.refused:
            return
        try:
            if path != self.path:
                self._close()
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _CLOEXEC
                self.fd = os.open(path, flags, 0o666)  # the umask's mode
                self.path = path
            data = line.encode("utf-8")
            while data:
                data = data[os.write(self.fd, data) :]
        except OSError as error:  # credo's logging failing must never stop the training
            self._close()
            self.refused = path
            said = f"credo: cannot save to {path} ({error.strerror}): the run goes on, "
            try:
                os.write(2, (said + "what it logs from here on is not saved\n").encode())
            except OSError:
                pass

    def _close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
        self.fd, self.path = -1, ""


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_metrics = _Stream()
_params = _Stream()


def _write(stream: _Stream, variable: str, record: dict[str, object]) -> None:
    path = os.environ.get(variable)
    if path:
        if stream is _metrics:
            _ranked(record)
        stream.add(path, _json()(record) + "\n")


RANK_VARIABLES = ("RANK", "OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID")
"""Where a process's rank is told, first first: torchrun's (also under `srun torchrun`,
where SLURM_PROCID is the node's), Open MPI's, PMIx's, MPICH's and Intel MPI's, then
`srun`'s own for each task it starts."""

_rank: int | None = None
"""This process's rank once known (see `_ranked`)."""
_rank_variable_read = False


def _ranked(record: dict[str, object]) -> None:
    """Mark a metrics line logged by a distributed training's process of rank 1 or more:
    every rank logging the same names made one curve of two processes' losses, step by
    step, whose first point was whichever rank wrote first. The rank is `RANK`, as
    torchrun, accelerate and deepspeed set it (and their data-loader workers inherit), or
    the one an MPI launcher or `srun` gives each task (`RANK_VARIABLES`), read at the
    first line logged; without any (`torch.multiprocessing.spawn` sets none), it is asked
    of `torch.distributed` once the script has initialised it, never importing torch."""
    global _rank, _rank_variable_read
    if _rank is None and not _rank_variable_read:
        _rank_variable_read = True  # the environment costs a fifth of a line: read it once
        given = next(filter(None, map(os.environ.get, RANK_VARIABLES)), "")
        _rank = int(given) if given.isdigit() else None
    if _rank is None:
        distributed = sys.modules.get("torch.distributed")  # as fast as a line needs
        if distributed is not None:
            _rank = _distributed_rank(distributed)
    if _rank:
        record["process_rank"] = _rank


def _distributed_rank(distributed: Any) -> int | None:
    """This process's rank in the process group the script initialised, None before it
    did: a line logged before `init_process_group` stays unmarked."""
    try:
        if distributed.is_initialized():  # none when torch was built without it
            return int(distributed.get_rank())
    except Exception:  # credo's logging failing must never stop the training
        pass
    return None


def log_metric(
    name: str | int | None = None,
    value: float | None = None,
    /,
    step: int | None = None,
    **values: float,
) -> None:
    """Append one line of scalar metrics for the current `credo run` (no-op outside one).

    `log_metric(step=10, loss=0.31, acc=0.88)` writes
    `{"step": 10, "time": ..., "loss": 0.31, "acc": 0.88}` to `$CREDO_METRICS`;
    `log_metric("loss", 0.31, step=10)`, a metric named first (as `log_histogram` and
    MLflow's `log_metric` take it), writes its line too. A step alone first is the step.
    """
    if isinstance(name, str) and value is not None:
        values = {name: value, **values}
    elif isinstance(name, str) or value is not None:  # a name without its value, or none
        raise TypeError(
            "log_metric takes a metric as log_metric('loss', 0.31, step=10) "
            f"or log_metric(step=10, loss=0.31), not log_metric({name!r}, {value!r})"
        )
    elif name is not None:
        step = name
    path = os.environ.get("CREDO_METRICS")
    if not path:
        return
    record: dict[str, object] = {"step": _step(step), "time": time.time()}
    for metric, number in values.items():
        record[metric] = float(number)
    _ranked(record)
    _metrics.add(path, (_dumps or _json())(record) + "\n")


def log_params(config: Any = None, /, **params: object) -> None:
    """Record hyperparameters of the current `credo run` (no-op outside one).

    `log_params(lr=3e-4, batch=64, optimizer="adamw")` appends one line to
    `$CREDO_PARAMS`; at the end of the run they join the run's params (over the command
    line's `--name value` ones). Numbers, booleans and text are kept as they are; other
    values as their text. One dict (a config) or argparse's Namespace may be given first
    (`log_params(vars(args))`, `log_params(args)`), its keywords winning.
    """
    if config is not None:
        try:
            params = {**(dict(config) if hasattr(config, "keys") else vars(config)), **params}
        except TypeError:
            raise TypeError(
                "log_params takes params as log_params(lr=3e-4, batch=64) or "
                f"log_params({{'lr': 3e-4, 'batch': 64}}), not log_params({config!r})"
            ) from None
    if not os.environ.get("CREDO_PARAMS"):
        return
    record: dict[str, object] = {}
    for name, given in params.items():
        value = _plain(given)
        if isinstance(value, float) and getattr(getattr(given, "dtype", None), "itemsize", 8) == 4:
            value = _shortest_float32(value)
        record[name] = value if isinstance(value, bool | int | float | str) else str(value)
    _write(_params, "CREDO_PARAMS", record)


def _shortest_float32(value: float) -> float:
    """A float32 param (`np.float32(0.1)`) as the shortest decimal that is the same
    float32 (0.1, as NumPy prints it), not as the float64 it widens to
    (0.10000000149011612, which `--where lr=0.1` would miss)."""
    import struct

    single = struct.pack("<f", value)
    for digits in range(1, 10):  # 9 significant digits tell every float32 apart
        shorter = float(f"{value:.{digits}g}")
        if struct.pack("<f", shorter) == single:
            return shorter
    return value


def log_histogram(name: str, values: object, step: int | None = None) -> None:
    """Record the distribution of `values` (a list, or a NumPy array or tensor) at `step`:
    e.g. the predicted probabilities on the validation set. Stored as bins (and the values
    themselves when there are at most `KEEP_VALUES`)."""
    if not os.environ.get("CREDO_METRICS"):
        return
    numbers = [v for v in _numbers(values) if v == v and abs(v) != float("inf")]
    edges, counts = _bins(numbers)
    record: dict[str, object] = {
        "kind": "histogram",
        "name": name,
        "step": _step(step),
        "time": time.time(),
    }
    record.update(edges=edges, counts=counts, count=len(numbers))
    if len(numbers) <= KEEP_VALUES:
        record["values"] = numbers
    _write(_metrics, "CREDO_METRICS", record)


def log_curve(
    name: str, x: object, y: object, step: int | None = None, x_label: str = "x", y_label: str = "y"
) -> None:
    """Record a curve at `step`: an ROC curve (`x` false-positive rate, `y` true-positive
    rate), a precision-recall curve... Long curves are thinned to `CURVE_POINTS`."""
    if not os.environ.get("CREDO_METRICS"):
        return
    xs, ys = _numbers(x), _numbers(y)
    if len(xs) != len(ys):
        from credo.wording import counted

        raise ValueError(f"log_curve({name!r}): x has {counted(len(xs), 'value')}, y has {len(ys)}")
    if len(xs) > CURVE_POINTS:
        keep = [round(i * (len(xs) - 1) / (CURVE_POINTS - 1)) for i in range(CURVE_POINTS)]
        xs, ys = [xs[i] for i in keep], [ys[i] for i in keep]
    record: dict[str, object] = {
        "kind": "curve",
        "name": name,
        "step": _step(step),
        "time": time.time(),
        "x": xs,
        "y": ys,
    }
    record.update(x_label=x_label, y_label=y_label)
    _write(_metrics, "CREDO_METRICS", record)


def log_confusion(name: str, labels: object, matrix: object, step: int | None = None) -> None:
    """Record a confusion matrix at `step`: `matrix[i][j]` counts the samples of true
    label `labels[i]` predicted as `labels[j]`."""
    if not os.environ.get("CREDO_METRICS"):
        return
    names = [str(label) for label in _plain(labels)]  # type: ignore[attr-defined]
    rows = [[_plain(cell) for cell in row] for row in _plain(matrix)]  # type: ignore[attr-defined]
    if len(rows) != len(names) or any(len(row) != len(names) for row in rows):
        raise ValueError(f"log_confusion({name!r}): the matrix must be {len(names)}×{len(names)}")
    record: dict[str, object] = {
        "kind": "confusion",
        "name": name,
        "step": _step(step),
        "time": time.time(),
    }
    record.update(labels=names, matrix=rows)
    _write(_metrics, "CREDO_METRICS", record)


def _step(step: object) -> int | None:
    """A step as a plain int: a NumPy integer or a tensor (what a training loop often
    counts with) would make the line unwritable, failing the script under `credo run`
    only."""
    return None if step is None else int(step)  # type: ignore[call-overload]


def _plain(value: object) -> object:
    """A NumPy array or tensor (or scalar) as Python lists and numbers, without importing
    either: they know how to say it."""
    for method in ("detach", "cpu"):  # a tensor on a GPU, with a gradient
        if hasattr(value, method) and callable(getattr(value, method)):
            value = getattr(value, method)()
    for method in ("tolist", "item"):
        if hasattr(value, method) and callable(getattr(value, method)):
            try:
                return getattr(value, method)()
            except (TypeError, ValueError):
                pass
    return value


def _numbers(values: object) -> list[float]:
    """Every number in `values` (nested lists, an array, a tensor), flattened."""
    plain = _plain(values)
    if isinstance(plain, int | float):
        return [float(plain)]
    out: list[float] = []
    for value in plain:  # type: ignore[attr-defined]
        out.extend(_numbers(value) if isinstance(value, list | tuple) else [float(value)])
    return out


def _bins(numbers: list[float]) -> tuple[list[float], list[int]]:
    """Equal-width bins over the values' range: (edges, counts)."""
    if not numbers:
        return [], []
    low, high = min(numbers), max(numbers)
    if high == low:
        return [low - 0.5, high + 0.5], [len(numbers)]
    width = (high - low) / HISTOGRAM_BINS
    counts = [0] * HISTOGRAM_BINS
    for value in numbers:
        counts[min(int((value - low) / width), HISTOGRAM_BINS - 1)] += 1
    return [low + i * width for i in range(HISTOGRAM_BINS)] + [high], counts
