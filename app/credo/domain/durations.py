"""Human durations such as `25m`, `2h`, `1h30m`, `1d` <-> timedelta."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic_core import PydanticCustomError, core_schema

from credo.errors import BadInputError

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler

_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
MAX_DURATION = timedelta(days=366)
"""The longest timebox credo takes (a year): bigger numbers in a file are refused, not
overflowed."""
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")
_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*[dhms]\s*)+$")


class DurationError(BadInputError):
    """A duration refused. `rule`: what it should be, as a file's field is told (`should
    be longer than zero, not '0m'`), where the message tells a typed one."""

    def __init__(self, message: str, rule: str) -> None:
        super().__init__(message)
        self.rule = rule


@lru_cache(maxsize=512)  # a store has few distinct timeboxes; loads read thousands
def parse_duration(text: str) -> timedelta:
    """`"1h30m"` -> 90 minutes. A number needs its unit: `90` alone could be minutes or
    seconds, and was taken as minutes without a word."""
    cleaned = text.strip().lower()
    if not _WHOLE.match(cleaned):
        meant = f" ({cleaned}m for minutes)" if re.fullmatch(r"\d+(\.\d+)?", cleaned) else ""
        use = f"a number with a unit, like 25m, 2h, 1h30m or 1d{meant}"
        raise DurationError(f"cannot read the duration {text!r}: use {use}", use)
    return _bounded(sum(float(n) * _UNITS[u] for n, u in _PART.findall(cleaned)), text)


def _bounded(seconds: float, text: object) -> timedelta:
    """`seconds` as a timedelta, refused unless more than zero and at most MAX_DURATION."""
    if not seconds > 0:  # also NaN
        raise DurationError(f"the duration {text!r} must be longer than zero", "longer than zero")
    if not seconds <= MAX_DURATION.total_seconds():  # also infinity
        limit = f"credo's limit of {format_duration(MAX_DURATION)}"
        raise DurationError(
            f"the duration {text!r} is longer than {limit}", f"no longer than {limit}"
        )
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
    try:
        if isinstance(value, str):
            return parse_duration(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _bounded(float(value), value)
    except DurationError as error:  # the value itself is added by the file's words
        raise PydanticCustomError("duration", "should be {rule}", {"rule": error.rule}) from None
    return value


class _InWords:
    """A timedelta read from words or seconds, written as words: what `BeforeValidator`
    and `PlainSerializer` would make, told pydantic-core directly (`PlainSerializer`'s
    module costs every command's start more than all of this module)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(
            _coerce,
            handler(source),
            serialization=core_schema.plain_serializer_function_ser_schema(
                format_duration, return_schema=core_schema.str_schema(), when_used="always"
            ),
        )


Duration = Annotated[timedelta, _InWords()]
"""A timedelta stored as `25m` in TOML and JSON."""
