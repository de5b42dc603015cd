"""Everyday date expressions -> dates, and dates -> short relative words.

Handles what people type most (ISO dates, today, tomorrow, weekday names,
"next friday", "in 3 days", "end of month", holidays) without any import cost;
anything else goes to dateparser, imported only then.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import cache

from credo.errors import BadInputError


class UnreadDateError(BadInputError):
    """Words that name no date credo reads: its message lists the forms it reads, some of
    several words (`next friday`), which a quick-add line must quote."""


def _not_read(text: str, past: bool) -> UnreadDateError:
    return UnreadDateError(f"cannot read the date {text!r}: try {_PAST_WORDS if past else _WORDS}")


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_PREFIX = {name[:3]: i for i, name in enumerate(WEEKDAYS)}
_UNIT_DAYS = {"day": 1, "d": 1, "week": 7, "w": 7}

_YEAR_MONTH_DAY = re.compile(r"^([1-9]\d{3})-(\d{1,2})-(\d{1,2})$")
_IN_N = re.compile(r"^(?:in\s+)?(\d+)\s*(days?|d|weeks?|w|months?|mo|years?|y)(?:\s+from\s+now)?$")


def _easter(year: int) -> date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


_FIXED_HOLIDAYS = {
    "christmas": (12, 25),
    "xmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year": (1, 1),
    "new years": (1, 1),
    "new year's day": (1, 1),
    "new years day": (1, 1),
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "valentines day": (2, 14),
    "valentines": (2, 14),
}


def _holiday(name: str, today: date, past: bool) -> date | None:
    """The next occurrence (today included) of a named holiday, or with `past` the last."""
    if name in _FIXED_HOLIDAYS:
        return _yearly(*_FIXED_HOLIDAYS[name], today, past)
    if name != "easter":
        return None
    for year in (today.year, today.year - 1 if past else today.year + 1):
        candidate = _easter(year)
        if (candidate <= today) if past else (candidate >= today):
            return candidate
    return None


def _yearly(month: int, day: int, today: date, past: bool) -> date:
    """The next `month` `day` (today included), or with `past` the last: Feb 29 is in the
    next (or last) leap year."""
    step = -1 if past else 1
    year = today.year
    while True:  # 8 years at most (Feb 29 after 2096 is in 2104)
        if day <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, day)
            if (candidate <= today) if past else (candidate >= today):
                return candidate
        year += step


def add_months(day: date, months: int, on_day: int | None = None) -> date:
    """`months` after `day`, on `on_day` (`day`'s own by default) clamped to the month's
    end (Jan 31 + 1: Feb 28; Feb 28 + 1 on the 31st: Mar 31)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(on_day or day.day, calendar.monthrange(year, month)[1]))


PERIOD_UNITS = ("week", "month", "year")
_PERIOD_END = re.compile(rf"^(?:this|end of(?: the| this)?) ({'|'.join(PERIOD_UNITS)})$|^eo[wmy]$")
_PERIOD_ABBREVIATIONS = {"eow": "week", "eom": "month", "eoy": "year"}


def period_span(unit: str, today: date) -> tuple[date, date]:
    """The first and last day of the week (Monday to Sunday), month or year holding
    `today`: a due date of `this week` is its last day, `--since this week` its first."""
    if unit == "week":
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=6)
    if unit == "month":
        last = calendar.monthrange(today.year, today.month)[1]
        return today.replace(day=1), today.replace(day=last)
    return date(today.year, 1, 1), date(today.year, 12, 31)


def _weekday(text: str) -> int | None:
    text = text.rstrip(".")
    if len(text) >= 3 and text[:3] in _WEEKDAY_PREFIX:
        index = _WEEKDAY_PREFIX[text[:3]]
        if WEEKDAYS[index].startswith(text):
            return index
    return None


def parse_when(text: str, today: date | None = None, *, past: bool = False) -> date:
    """Read a date the way people write it; raise BadInputError with help if we can't.

    Rules: `friday` is the coming Friday (never today, as Taskwarrior reads it); `next
    friday` is the Friday of next week; `this week` and `end of week` are this Sunday
    (`this month`, `this year`: their last day); holidays and days with no year (`dec 1`,
    `31/12`) are their next occurrence, or with `past` (a `--since`) their last; two
    numbers that read as a day either way round (`12/10`) are refused, naming both.
    """
    today = today or date.today()
    phrase = " ".join(text.strip().lower().replace("_", " ").split())
    if not phrase:
        raise UnreadDateError(f"an empty date: try {_PAST_WORDS if past else _WORDS}")
    try:
        return date.fromisoformat(phrase)
    except ValueError:
        pass
    numbers = _YEAR_MONTH_DAY.match(phrase)
    if numbers:  # never handed to dateparser, which reads 2026-13-01 as January 13
        return _year_month_day(*(int(n) for n in numbers.groups()))
    # `eod` (end of day) is Taskwarrior's today, as `eow` `eom` `eoy` are its period ends
    simple = {"today": 0, "tod": 0, "now": 0, "eod": 0, "tomorrow": 1, "tmr": 1, "yesterday": -1}
    if phrase in simple:
        return today + timedelta(days=simple[phrase])
    found = _IN_N.match(phrase)
    if found:
        count, unit = int(found.group(1)), found.group(2)
        try:
            if unit.startswith("mo"):
                return add_months(today, count)
            if unit.startswith("y"):
                return add_months(today, 12 * count)
            return today + timedelta(days=count * _UNIT_DAYS[unit.rstrip("s")])
        except (ValueError, OverflowError):  # past year 9999, or too big for a day count
            raise BadInputError(
                f"the date {text!r} would fall after 9999-12-31: give a nearer one"
            ) from None
    words = phrase.split()
    if len(words) == 1 and (index := _weekday(words[0])) is not None:
        return today + timedelta(days=(index - today.weekday() - 1) % 7 + 1)
    if (
        len(words) == 2
        and words[0] in ("next", "this")
        and (index := _weekday(words[1])) is not None
    ):
        if words[0] == "this":
            return today + timedelta(days=(index - today.weekday()) % 7)
        monday_next_week = today + timedelta(days=7 - today.weekday())
        return monday_next_week + timedelta(days=index)
    if phrase in ("next week", "next month"):  # the first day of the next one
        return period_span(words[1], today)[1] + timedelta(days=1)
    period = _PERIOD_END.match(phrase)
    if period:
        return period_span(_PERIOD_ABBREVIATIONS.get(phrase, period.group(1)), today)[1]
    holiday = _holiday(phrase.replace("’", "'"), today, past)
    if holiday is not None:
        return holiday
    if _NUMBER.fullmatch(phrase):  # dateparser reads 3 as March and 15 as the 15th
        return _day_of_month(text, phrase, today, past)
    numbers = _DAY_AND_MONTH.fullmatch(phrase)
    if numbers:  # dateparser reads 12/10 month first, 13/13 as 2113-12-13
        first, _, second, year = numbers.groups()
        return _day_and_month(text, int(first), int(second), year, today, past)
    return _parse_with_dateparser(text, today, past)


_NUMBER = re.compile(r"[+-]?\d+(?:st|nd|rd|th)?")


def _day_of_month(text: str, phrase: str, today: date, past: bool) -> date:
    """`3`, `15th`: the next day of that number in a month (today included), or with
    `past` the last; any other number (`+3`, `40`) is refused, never read as a month."""
    day = int(phrase.rstrip("stndrh")) if phrase[0].isdigit() else 0
    if not 1 <= day <= 31:
        raise _not_read(text, past)
    month = today.replace(day=1)
    while True:  # the 31st is two months away at most
        if day <= calendar.monthrange(month.year, month.month)[1]:
            found = month.replace(day=day)
            if (found <= today) if past else (found >= today):
                return found
        month = add_months(month, -1 if past else 1)


_DAY_AND_MONTH = re.compile(r"(\d{1,2})([/.-])(\d{1,2})(?:\2(\d+))?\.?")


def _day_and_month(
    text: str, first: int, second: int, year: str | None, today: date, past: bool
) -> date:
    """`31/12`, `12/31`, `31.12.2026`: the one day the two numbers can name, the day or
    the month first; one that could be either (`12/10`: 12 October or December 10) is
    refused, naming both, as is a year not in four digits (`10/12/26`)."""
    if year is not None and len(year) != 4:
        raise BadInputError(
            f"cannot read the date {text!r}: give the year in four digits, or the date as "
            "year-month-day (2026-12-01)"
        )
    if year is not None and not int(year):
        raise BadInputError(f"no such day: {text!r}: there is no year 0")
    readings = []
    for day, month in dict.fromkeys([(first, second), (second, first)]):
        longest = calendar.monthrange(int(year or 2000), month)[1] if 1 <= month <= 12 else 0
        if 1 <= day <= longest:
            readings.append(
                date(int(year), month, day) if year else _yearly(month, day, today, past)
            )
    if len(readings) == 1:
        return readings[0]
    if not readings:
        raise BadInputError(
            f"no such day: {text!r} names no month and day either way round: give the date "
            "as year-month-day (2026-12-01)"
        )
    day_first, month_first = readings
    raise BadInputError(
        f"{text!r} could be {day_first.day} {calendar.month_name[day_first.month]} (day "
        f"first) or {calendar.month_name[month_first.month]} {month_first.day} (month "
        f"first): write it as year-month-day, {day_first} or {month_first}"
    )


def _year_month_day(year: int, month: int, day: int) -> date:
    if why := no_such_day(year, month, day):
        raise BadInputError(f"no such day: {year:04}-{month:02}-{day:02} (year-month-day): {why}")
    return date(year, month, day)


def no_such_day(year: int, month: int, day: int) -> str:
    """Why a year, month and day name no day (`December 2026 has 31 days`); empty when they do."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return f"there is no day {day}"
    if day > (days := calendar.monthrange(year, month)[1]):
        return f"{calendar.month_name[month]} {year} has {days} days"
    return ""


_WORDS = (
    "an ISO date (2026-12-01), today, tomorrow, friday, next friday, in 3 days, end of "
    "month or christmas"
)
_PAST_WORDS = "an ISO date (2026-12-01), today, yesterday, monday, 3 days ago, week or nov 30"
"""What a `past` reading (a `--since`) offers instead: the days before today."""


@cache
def warm_up() -> None:
    """Load dateparser and its English data: the first date it read took 0.5 to 0.9 s (the
    import, then the language data), then a millisecond. A form calls this in a worker as
    a date begins to be typed, so the date is read at once (once a process)."""
    _parse_with_dateparser("1 january 2000", date(2000, 1, 1), past=False)


def _parse_with_dateparser(text: str, today: date, past: bool) -> date:
    import datetime as _dt

    import dateparser

    parsed = dateparser.parse(
        text,
        settings={
            "PREFER_DATES_FROM": "past" if past else "future",
            "RELATIVE_BASE": _dt.datetime.combine(today, _dt.time(12)),
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        raise _not_read(text, past)
    return parsed.date()


def due_words(day: date, today: date) -> str:
    """A due date as it is said where it is set: `due 2026-12-11 (in 4d)`, the day a
    word like `friday` or `next friday` was read as."""
    return f"due {day} ({relative_day(day, today)})"


def relative_day(day: date, today: date | None = None, closed: bool = False) -> str:
    """`today`, `tomorrow`, `in 3d`, `2d overdue`; a closed task's past due day is
    `2d ago` (done or dropped, it is late for nothing)."""
    today = today or date.today()
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta > 1:
        return f"in {delta}d"
    return f"{-delta}d ago" if closed else f"{-delta}d overdue"
