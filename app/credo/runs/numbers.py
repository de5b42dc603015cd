"""How a run's numbers are written, in every view and the same way in each: a param as
it was given (`param_text`), metrics with as few digits as tell them apart (`number_texts`).

A value shown never looks equal to a different one shown beside it: a param is the
shortest text that reads back as the same number (`0.30001`, `10.0`, `3e-05`), and
numbers shown together (a run's and its baseline's, a compared metric's across runs)
get more than 4 significant digits where 4 would write two of them alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from credo.domain.models import ParamValue

DIGITS = 4
"""Significant digits of a metric, where no value beside it needs more."""


def param_text(value: ParamValue) -> str:
    """`0.0003`, `10.0` (a float, as typed: not the integer `10`), `64`, `true`, `adam`."""
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value) if isinstance(value, float) else str(value)


def number_texts(values: Sequence[float]) -> list[str]:
    """`values` written together: 4 significant digits (`0.4321`), more where two
    different values would read alike at 4 (`0.30001` beside `0.3`)."""
    digits = digits_apart(values)
    return [written(value, digits) for value in values]


def digits_apart(values: Sequence[float]) -> int:
    """The significant digits `number_texts` writes `values` with: 4, more where two
    different values would read alike at 4; 17 where 16 do not tell them apart."""
    for digits in range(DIGITS, 17):
        if _apart(values, [written(value, digits) for value in values]):
            return digits
    return 17


def written(value: float, digits: int) -> str:
    """`value` with `digits` significant digits; past 16, the shortest text that reads
    back as it (`repr`)."""
    return f"{value:.{digits}g}" if digits <= 16 else repr(value)


def number_text(value: float) -> str:
    """One number alone: `number_texts` of it."""
    return number_texts([value])[0]


def difference_text(difference: float) -> str:
    """A difference with its sign: `+0.012`, `-3`."""
    return f"{'+' if difference >= 0 else ''}{number_text(difference)}"


def _apart(values: Sequence[float], texts: list[str]) -> bool:
    """Whether no text stands for two different values (NaN is equal to itself here)."""
    seen: dict[str, float] = {}
    for value, text in zip(values, texts, strict=True):
        was = seen.setdefault(text, value)
        if was != value and not (math.isnan(was) and math.isnan(value)):
            return False
    return True
