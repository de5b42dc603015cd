"""Recurring tasks: rules such as `day`, `weekday`, `week`, `month`, `3 days`."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from credo.domain.dates import add_months
from credo.errors import BadInputError

_N_UNITS = re.compile(r"^(\d+)\s*(days?|d|weeks?|w|months?|mo)$")
RULES = ("day", "weekday", "week", "month")
"""The rules named by a word; any other is a count of days, weeks or months."""
MAX_COUNT = 1000
"""`every: 1000 days` at most: a bigger count is a typo (or a file made to overflow)."""


@lru_cache(maxsize=256)  # a store has few distinct rules; each load checks every task's
def parse_every(text: str) -> str:
    """Normalise a recurrence rule, or refuse it with the forms that work."""
    rule = " ".join(text.strip().lower().replace("_", " ").split())
    rule = {"daily": "day", "weekly": "week", "monthly": "month", "weekdays": "weekday"}.get(
        rule, rule
    )
    if rule in RULES:
        return rule
    found = _N_UNITS.match(rule)
    if found and 0 < int(found.group(1)) <= MAX_COUNT:
        count, unit = int(found.group(1)), found.group(2)
        name = "month" if unit.startswith("mo") else ("week" if unit.startswith("w") else "day")
        return f"{count} {name}s" if count != 1 else name
    raise BadInputError(
        f"cannot read the repeat rule {text!r}: use day, weekday, week, month or "
        f"'N days' (N up to {MAX_COUNT})"
    )


def next_due(rule: str, after: date) -> date:
    """The next due date of a task that repeats by `rule`, strictly after `after`.

    A date past the calendar's end (year 9999) is a BadInputError, not an overflow.
    """
    return following_due(rule, None, after)


def following_due(rule: str, due: date | None, today: date, month_day: int | None = None) -> date:
    """The due date of the occurrence after one done `today`: the series keeps its own
    dates (every Sunday stays on Sundays, a month on its day: `month_day` when `due` fell
    short of it), the first one after today; from today when it had no due date. Past the
    calendar's end: a BadInputError."""
    rule = parse_every(rule)
    try:
        if rule == "weekday":
            return _next_weekday(max(due or today, today))
        count, _, unit = rule.partition(" ")
        n, unit = (int(count), unit.rstrip("s")) if unit else (1, rule)
        if due is None:
            return _advance(today, n, unit)
        steps = 1
        while (found := _advance(due, n * steps, unit, month_day)) <= today:
            steps += 1  # counted from the series' own date: a month end is not worn down
        return found
    except (OverflowError, ValueError):
        raise BadInputError(
            f"the next date of a task repeating every {rule} after {due or today} would fall "
            f"after {date.max}: change its due date or stop the repeat"
        ) from None


def _next_weekday(after: date) -> date:
    step = after + timedelta(days=1)
    while step.weekday() >= 5:
        step += timedelta(days=1)
    return step


def kept_month_day(rule: str, due: date, month_day: int | None) -> int | None:
    """What an occurrence due `due` records as its series' day of the month
    (`Task.month_day`): `month_day` when `due` falls short of it (the 31st's series due
    Feb 28); None when `due` shows it, or the rule does not count months."""
    if (
        month_day is None
        or due.day == month_day
        or not parse_every(rule).endswith(("month", "months"))
    ):
        return None
    return month_day


def _advance(day: date, n: int, unit: str, month_day: int | None = None) -> date:
    """`n` days, weeks or months after `day` (months on `month_day`, when given)."""
    if unit == "day":
        return day + timedelta(days=n)
    if unit == "week":
        return day + timedelta(weeks=n)
    return add_months(day, n, month_day)
