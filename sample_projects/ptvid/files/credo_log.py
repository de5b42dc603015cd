"""credo's `log_metric` and `log_params`, also for a Python that does not have credo.

Under `credo run`, both append to the files it names in the environment (the lines
credo itself would write); anywhere else they do nothing.
"""

from __future__ import annotations

import json
import os
import time

try:
    from credo import log_metric, log_params
except ImportError:

    def log_metric(step: int | None = None, **values: float) -> None:
        record = {"step": step, "time": time.time(), **{k: float(v) for k, v in values.items()}}
        _append("CREDO_METRICS", record)

    def log_params(**params: object) -> None:
        _append("CREDO_PARAMS", params)

    def _append(variable: str, record: dict[str, object]) -> None:
        path = os.environ.get(variable)
        if path:
            with open(path, "a", encoding="utf-8") as out:
                out.write(json.dumps(record) + "\n")


__all__ = ["log_metric", "log_params"]
