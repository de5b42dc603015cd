"""Human durations such as `25m`, `2h`, `1h30m`, `1d` <-> timedelta."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

from credo.errors import BadInputError

_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")
_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*[dhms]\s*)+$")


@lru_cache(maxsize=512)  # a store has few distinct timeboxes; loads read thousands
def parse_duration(text: str) -> timedelta:
    """`"1h30m"` -> 90 minutes. A bare number means minutes."""
    cleaned = text.strip().lower()
    if re.fullmatch(r"\d+", cleaned):
        return timedelta(minutes=int(cleaned))
    if not _WHOLE.match(cleaned):
        raise BadInputError(
            f"cannot read the duration {text!r}: "
            "use a number with a unit, like 25m, 2h, 1h30m or 1d"
        )
    seconds = sum(float(n) * _UNITS[u] for n, u in _PART.findall(cleaned))
    if seconds <= 0:
        raise BadInputError(f"the duration {text!r} must be longer than zero")
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """Shortest exact form: 90 minutes -> `1h30m`."""
    total = int(round(value.total_seconds()))
    if total == 0:
        return "0m"
    parts = []
    for unit, size in _UNITS.items():
        count, total = divmod(total, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


def _coerce(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_duration(value)
        except BadInputError as error:
            raise ValueError(error.message) from None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=value)
    return value


Duration = Annotated[
    timedelta,
    BeforeValidator(_coerce),
    PlainSerializer(format_duration, return_type=str, when_used="always"),
]
"""A timedelta stored as `25m` in TOML and JSON."""
