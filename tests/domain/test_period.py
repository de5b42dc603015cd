"""The report period: `--since` / `--until` words to days and moments."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from credo.domain.period import parse_period, past_day, since_day
from credo.errors import BadInputError

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def test_past_day_words() -> None:
    today = date(2026, 11, 25)  # a Wednesday
    assert past_day("yesterday", today) == date(2026, 11, 24)
    assert past_day("3 days ago", today) == date(2026, 11, 22)
    assert past_day("2w", today) == date(2026, 11, 11)
    assert past_day("monday", today) == date(2026, 11, 23)
    assert past_day("wednesday", today) == today
    assert past_day("2026-11-01", today) == date(2026, 11, 1)
    assert past_day("week", today) == past_day("last week", today) == date(2026, 11, 18)
    assert past_day("month", today) == past_day("a month ago", today) == date(2026, 10, 26)
    assert past_day("Thu", today) == past_day("thurs", today) == date(2026, 11, 19)
    assert past_day("thursday", today) == date(2026, 11, 19)
    for word in ("monkey", "satisfied", "sundae"):  # neither weekdays nor dates
        with pytest.raises(BadInputError):
            past_day(word, today)
    with pytest.raises(BadInputError):
        parse_period("blorp", None, moment=NOW)
    with pytest.raises(BadInputError, match="after"):
        parse_period("today", "3 days ago", moment=NOW)


def test_this_week_month_and_year_start_where_they_start() -> None:
    """`--since "this week"` fell through to the due-date reader, which read it as today:
    a Friday's report of "this week" left out Monday to Thursday, said nowhere but in
    the period of its title."""
    today = date(2026, 12, 4)  # a Friday
    assert past_day("this week", today) == date(2026, 11, 30)
    assert past_day("this month", today) == date(2026, 12, 1)
    assert past_day("This  Year", today) == date(2026, 1, 1)


def test_a_day_with_no_year_is_the_last_one_not_the_coming_one() -> None:
    """On December 4, `credo runs ls --since "nov 30"` (or `dec 1`, `christmas` in
    January) was refused as after today: the due-date reader took next year's."""
    today = date(2026, 12, 4)
    assert past_day("nov 30", today) == since_day("Nov 30", today) == date(2026, 11, 30)
    assert past_day("1 december", today) == date(2026, 12, 1)
    assert past_day("30/11", today) == date(2026, 11, 30)
    assert past_day("christmas", date(2027, 1, 10)) == date(2026, 12, 25)
    assert past_day("christmas", date(2026, 12, 25)) == date(2026, 12, 25)


def test_a_since_in_the_future_is_named_not_an_until_never_given() -> None:
    """`--since tomorrow` said '--until must come after --since' with no --until given."""
    with pytest.raises(BadInputError) as caught:
        parse_period("tomorrow", None, moment=NOW)
    assert caught.value.message == (
        "report period: 'tomorrow' is after today: give today or a day before it"
    )


def test_an_empty_since_or_until_is_refused_as_credo_runs_ls_refuses_it() -> None:
    """`credo report --since ""` reported the default period as if no --since was given."""
    for since, until in (("", None), (None, "")):
        with pytest.raises(BadInputError) as caught:
            parse_period(since, until, moment=NOW)
        assert caught.value.message == f"report period: an empty date: try {PAST_WORDS}"


PAST_WORDS = "an ISO date (2026-12-01), today, yesterday, monday, 3 days ago, week or nov 30"


def test_a_since_it_cannot_read_offers_days_before_today() -> None:
    """`credo runs ls --since lastweek` offered `tomorrow, friday, next friday, in 3 days,
    end of month or christmas`: the due date's words, each refused as after today."""
    with pytest.raises(BadInputError) as caught:
        since_day("lastweek", date(2026, 12, 4))
    assert caught.value.message == f"cannot read the date 'lastweek': try {PAST_WORDS}"
    for word in ("today", "yesterday", "monday", "3 days ago", "week", "nov 30"):
        assert since_day(word, date(2026, 12, 4)) <= date(2026, 12, 4)


@pytest.mark.parametrize("word", ["tomorrow", "next week", "in 3 days", "2026-11-26"])
def test_since_is_one_rule_a_day_after_today_is_refused(word: str) -> None:
    """`credo runs ls --since "next week"` showed no runs while `credo report --since`
    refused it: both read `--since` with `since_day`."""
    today = date(2026, 11, 25)
    with pytest.raises(BadInputError) as caught:
        since_day(word, today)
    assert caught.value.message == f"{word!r} is after today: give today or a day before it"
    assert since_day("today", today) == today


def test_an_until_past_today_ends_the_period_now() -> None:
    """`--until 2030-01-01` reported weeks that had not come yet (every count 0) and left
    out the experiments closed this week: the report covers the past."""
    assert parse_period("yesterday", "2030-01-01", moment=NOW)[1] == NOW
    assert parse_period("yesterday", "9999-12-31", moment=NOW)[1] == NOW  # was an overflow


@pytest.mark.parametrize(
    ("since", "until", "named"),
    [
        ("0001-01-01", None, "--since '0001-01-01'"),
        ("99999999 days ago", None, "--since '99999999 days ago'"),
        ("yesterday", "99999999 days ago", "--until '99999999 days ago'"),
    ],
)
def test_a_day_too_far_back_is_named_not_a_traceback(
    since: str, until: str | None, named: str
) -> None:
    """`credo report --since 0001-01-01` (and the agents' report tool) died with
    'ValueError: year 0 is out of range'."""
    with pytest.raises(BadInputError, match=f"report period: {named} is out of range"):
        parse_period(since, until, moment=NOW)
