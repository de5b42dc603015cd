"""credo: plan, experiment and review next to your code.

This module stays tiny: training scripts import `log_metric` from here, so it must
not pull in anything heavy.
"""

from __future__ import annotations

import os
import time

__version__ = "0.1.0"

__all__ = ["__version__", "log_metric"]


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
