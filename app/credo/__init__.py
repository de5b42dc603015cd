"""credo: plan, experiment and review next to your code.

This module stays tiny: training scripts import `log_metric` and `log_params` from
here, so it must not pull in anything heavy.
"""

from __future__ import annotations

import os
import time

__version__ = "0.1.0"

__all__ = ["__version__", "log_metric", "log_params"]


def log_metric(step: int | None = None, **values: float) -> None:
    """Append one line of metrics for the current `credo run` (no-op outside one).

    `log_metric(step=10, loss=0.31, acc=0.88)` writes
    `{"step": 10, "time": ..., "loss": 0.31, "acc": 0.88}` to `$CREDO_METRICS`.
    """
    path = os.environ.get("CREDO_METRICS")
    if not path:
        return
    import json

    record: dict[str, float | int | None] = {"step": step, "time": time.time()}
    for name, value in values.items():
        record[name] = float(value)
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def log_params(**params: object) -> None:
    """Record hyperparameters of the current `credo run` (no-op outside one).

    `log_params(lr=3e-4, batch=64, optimizer="adamw")` appends one line to
    `$CREDO_PARAMS`; at the end of the run they join the run's params (over the command
    line's `--name value` ones). Numbers, booleans and text are kept as they are; other
    values as their text.
    """
    path = os.environ.get("CREDO_PARAMS")
    if not path:
        return
    import json

    record = {}
    for name, value in params.items():
        if hasattr(value, "item") and callable(value.item):  # a numpy or torch scalar
            try:
                value = value.item()
            except (TypeError, ValueError):
                pass
        record[name] = value if isinstance(value, bool | int | float | str) else str(value)
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")
