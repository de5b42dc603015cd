"""The period a report covers: `--since` / `--until` words to local moments.

`past_day` reads a day at or before today (`yesterday`, `3 days ago`, `monday`, `week`,
ISO); `since_day`, what every `--since` reads, refuses one still to come.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from credo.domain.dates import PERIOD_UNITS, parse_when, period_span
from credo.domain.models import now
from credo.errors import BadInputError

_AGO = re.compile(r"^(\d+)\s*(d|days?|w|weeks?)(\s+ago)?$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PERIODS = {"day": 1, "week": 7, "month": 30}
"""The named periods, in days back from today: `--since week` and the report view's `w`."""


def past_day(text: str, today: date | None = None) -> date:
    """A day at or before today: `yesterday`, `3 days ago`, `2w`, `monday` (the last one),
    `week` or `last week` (7 days ago), `month` (30), `this week` (its Monday), `this
    month`, `this year` (their first day), ISO."""
    today = today or date.today()
    phrase = " ".join(text.strip().lower().split())
    if phrase.startswith("this ") and (unit := phrase[5:]) in PERIOD_UNITS:
        return period_span(unit, today)[0]
    found = _AGO.match(phrase)
    if found:
        count = int(found.group(1)) * (7 if found.group(2).startswith("w") else 1)
        return today - timedelta(days=count)
    named = phrase.removeprefix("last ").removeprefix("a ").removesuffix(" ago")
    if named in PERIODS:
        return today - timedelta(days=PERIODS[named])
    for weekday, name in enumerate(_WEEKDAYS):
        if len(phrase) >= 3 and name.startswith(phrase):  # `mon`, `tues`, `thursday`
            return today - timedelta(days=(today.weekday() - weekday) % 7)
    return parse_when(phrase, today, past=True)


def since_day(text: str, today: date | None = None) -> date:
    """A `--since` day (a report's, `credo runs ls`'s): `past_day`'s reading, refused
    when it is after today, where nothing has happened yet."""
    today = today or date.today()
    day = past_day(text, today)
    if day > today:
        raise BadInputError(f"{text!r} is after today: give today or a day before it")
    return day


def local_moment(day: date, clock: time = time.min) -> datetime:
    return datetime.combine(day, clock).astimezone()


def default_period(moment: datetime | None = None) -> tuple[datetime, datetime]:
    """Stand-up default: from the start of yesterday until now."""
    moment = (moment or now()).astimezone()
    return local_moment(moment.date() - timedelta(days=1)), moment


def parse_period(
    since: str | None,
    until: str | None,
    moment: datetime | None = None,
    names: tuple[str, str] = ("--since", "--until"),
) -> tuple[datetime, datetime]:
    """`--since` from the start of its day, `--until` to the end of its day (default, and
    for today or a day still to come: now). `names` are what the caller calls the two
    in its messages (an agent's tool has parameters, not options)."""
    moment = (moment or now()).astimezone()
    today = moment.date()
    start, end = default_period(moment)
    option, text = names[0], since
    try:
        if since is not None:
            start = local_moment(since_day(since, today))
        option, text = names[1], until
        if until is not None:
            day = past_day(until, today)
            end = moment if day >= today else local_moment(day + timedelta(days=1))
    except BadInputError as error:
        raise BadInputError(f"report period: {error.message}") from None
    except (OverflowError, ValueError):  # before year 1, or a day the clock cannot place
        raise BadInputError(
            f"report period: {option} {text!r} is out of range: give a day from 1900 on"
        ) from None
    if end <= start:
        raise BadInputError(f"report period: {names[1]} must come after {names[0]}")
    return start, end
