from datetime import date

import pytest

from credo.domain.dates import parse_when, relative_day
from credo.errors import BadInputError

WED = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", WED),
        ("Tomorrow", date(2026, 11, 26)),
        ("friday", date(2026, 11, 27)),
        ("fri", date(2026, 11, 27)),
        ("wednesday", date(2026, 12, 2)),  # never today
        ("next friday", date(2026, 12, 4)),
        ("next monday", date(2026, 11, 30)),
        ("this friday", date(2026, 11, 27)),
        ("in 3 days", date(2026, 11, 28)),
        ("in 2 weeks", date(2026, 12, 9)),
        ("3d", date(2026, 11, 28)),
        ("in 1 month", date(2026, 12, 25)),
        ("end of month", date(2026, 11, 30)),
        ("end_of_month", date(2026, 11, 30)),
        ("end of week", date(2026, 11, 29)),
        ("next week", date(2026, 11, 30)),
        ("next month", date(2026, 12, 1)),
        ("christmas", date(2026, 12, 25)),
        ("new year", date(2027, 1, 1)),
        ("halloween", date(2027, 10, 31)),
        ("easter", date(2027, 3, 28)),
    ],
)
def test_everyday_expressions(text: str, expected: date) -> None:
    assert parse_when(text, WED) == expected


def test_month_end_is_clamped() -> None:
    assert parse_when("in 1 month", date(2026, 1, 31)) == date(2026, 2, 28)


def test_dateparser_fallback_reads_other_forms() -> None:
    assert parse_when("December 3 2026", WED) == date(2026, 12, 3)


def test_a_number_alone_is_a_day_of_the_month_never_a_month() -> None:
    """`due:3` was March 25 and `due:15` December 15, `due:1st` January 25 and `due:-2`
    February 25: dateparser reads a number up to 12 as a month, keeping today's day."""
    assert parse_when("3", WED) == parse_when("3rd", WED) == date(2026, 12, 3)
    assert parse_when("1st", WED) == date(2026, 12, 1)
    assert parse_when("28th", WED) == date(2026, 11, 28)
    assert parse_when("25", WED) == WED  # today's number: today, as a holiday
    assert parse_when("31st", WED) == date(2026, 12, 31)  # November has 30 days
    assert parse_when("31", WED, past=True) == date(2026, 10, 31)  # a --since
    assert parse_when("3", WED, past=True) == date(2026, 11, 3)
    for text in ("+3", "-2", "0", "32"):
        with pytest.raises(BadInputError, match="^cannot read the date "):
            parse_when(text, WED)


@pytest.mark.parametrize("text", ["", "whenever", "the 45th of never"])
def test_unreadable_dates_are_refused_with_examples(text: str) -> None:
    with pytest.raises(BadInputError) as error:
        parse_when(text, WED)
    assert "today" in error.value.message


def test_relative_words() -> None:
    assert relative_day(WED, WED) == "today"
    assert relative_day(date(2026, 11, 26), WED) == "tomorrow"
    assert relative_day(date(2026, 11, 27), WED) == "in 2d"
    assert relative_day(date(2026, 11, 22), WED) == "3d overdue"
    assert relative_day(date(2026, 11, 22), WED, closed=True) == "3d ago"  # late for nothing
    assert relative_day(date(2026, 11, 27), WED, closed=True) == "in 2d"


@pytest.mark.parametrize("text", ["in 10000 years", "in 10000000 days", "in 99999999999 weeks"])
def test_a_date_past_year_9999_is_refused_in_words(text: str) -> None:
    with pytest.raises(BadInputError, match="would fall after 9999-12-31"):
        parse_when(text, date(2026, 12, 3))


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-13-01", "there is no month 13"),  # was read as 2026-01-13
        ("2026-13-05", "there is no month 13"),
        ("2026-02-29", "February 2026 has 28 days"),
        ("2026-11-31", "November 2026 has 30 days"),
        ("2026-00-10", "there is no month 0"),
        ("2026-12-00", "there is no day 0"),  # was an UnboundLocalError: typing 2026-12-05
    ],
)
def test_a_year_month_day_that_is_no_day_is_refused_as_such(text: str, why: str) -> None:
    with pytest.raises(BadInputError) as error:
        parse_when(text, WED)
    assert error.value.message == f"no such day: {text} (year-month-day): {why}"


def test_this_week_month_and_year_as_a_due_date_are_their_last_day() -> None:
    """`due:"this week"` went to dateparser, which reads "this week" as now: the task was
    due today and turned urgent at once. As a due date a period means its end (Sunday,
    the month's last day, 31 December), as `--since` takes its start."""
    assert parse_when("this week", WED) == parse_when("eow", WED) == date(2026, 11, 29)
    assert parse_when("This  Month", WED) == parse_when("eom", WED) == date(2026, 11, 30)
    assert parse_when("this_year", WED) == parse_when("eoy", WED) == date(2026, 12, 31)
    sunday = date(2026, 11, 29)
    assert parse_when("this week", sunday) == sunday


def test_taskwarriors_eod_is_today() -> None:
    """`due:eod`, a Taskwarrior user's "by the end of today", was refused ("cannot read the
    date 'eod'") where its `eow`, `eom` and `eoy` were read."""
    assert parse_when("eod", WED) == parse_when("EOD", WED) == WED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/12", date(2026, 12, 31)),  # one reading only, day or month first
        ("12/31", date(2026, 12, 31)),
        ("31.12.", date(2026, 12, 31)),
        ("25/11", WED),  # today included, as a day of the month
        ("24/11", date(2027, 11, 24)),
        ("11/11", date(2027, 11, 11)),  # the same either way round
        ("29/2", date(2028, 2, 29)),  # the next leap year
        ("13-10-2027", date(2027, 10, 13)),
    ],
)
def test_a_day_and_month_with_one_reading_is_that_day(text: str, expected: date) -> None:
    assert parse_when(text, WED) == expected


def test_a_day_and_month_that_read_either_way_round_are_refused_naming_both() -> None:
    """`12/10` was read month first (December 10), where much of the world means 12
    October: it is refused, naming both days, and `--since 12/10` looks back for both."""
    with pytest.raises(BadInputError) as error:
        parse_when("12/10", WED)
    assert error.value.message == (
        "'12/10' could be 12 October (day first) or December 10 (month first): "
        "write it as year-month-day, 2027-10-12 or 2026-12-10"
    )
    with pytest.raises(BadInputError, match=r"2026-10-12 or 2025-12-10$"):
        parse_when("12.10.", WED, past=True)
    with pytest.raises(BadInputError, match=r"2026-10-12 or 2026-12-10$"):
        parse_when("12/10/2026", WED)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("10/12/26", "give the year in four digits"),  # was 2126-10-12
        ("13/13", "names no month and day either way round"),  # was 2113-12-13
        ("30/2", "names no month and day either way round"),
        ("29/02/2027", "names no month and day either way round"),
        ("1/0", "names no month and day either way round"),  # was an IllegalMonthError:
        ("0/0", "names no month and day either way round"),  # typing 1/05 passes 1/0
        ("1/1/0000", "there is no year 0"),  # was a ValueError
    ],
)
def test_a_day_and_month_that_name_no_day_are_refused(text: str, why: str) -> None:
    with pytest.raises(BadInputError, match=why):
        parse_when(text, WED)
