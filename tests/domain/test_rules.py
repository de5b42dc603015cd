from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credo.domain.durations import format_duration, parse_duration
from credo.domain.models import Task
from credo.domain.quadrants import (
    MANUAL_ORDER,
    Quadrant,
    arrange,
    flags_for_move,
    order_between,
    parse_quadrant,
    quadrant_of,
)
from credo.domain.quickadd import parse_quick_add
from credo.domain.recurrence import following_due, next_due, parse_every
from credo.errors import BadInputError

TODAY = date(2026, 11, 25)


def task(**fields: object) -> Task:
    return Task.model_validate({"id": "abcd1234", "title": "t", **fields})


@pytest.mark.parametrize(
    ("important", "urgent", "quadrant"),
    [
        (True, True, Quadrant.DO),
        (True, False, Quadrant.SCHEDULE),
        (False, True, Quadrant.DELEGATE),
        (False, False, Quadrant.ELIMINATE),
    ],
)
def test_quadrant_from_flags(important: bool, urgent: bool, quadrant: Quadrant) -> None:
    assert quadrant_of(task(important=important, urgent=urgent), TODAY, 2) == quadrant


def test_due_date_within_horizon_makes_urgent() -> None:
    assert quadrant_of(task(important=True, due=TODAY + timedelta(days=2)), TODAY, 2) == Quadrant.DO
    assert (
        quadrant_of(task(important=True, due=TODAY + timedelta(days=3)), TODAY, 2)
        == Quadrant.SCHEDULE
    )
    assert quadrant_of(task(due=TODAY - timedelta(days=9)), TODAY, 2) == Quadrant.DELEGATE
    assert quadrant_of(task(due=TODAY + timedelta(days=5)), TODAY, 7) == Quadrant.DELEGATE


def test_moving_a_due_task_out_of_urgent_is_refused_clearly() -> None:
    with pytest.raises(BadInputError, match="due"):
        flags_for_move(task(due=TODAY), Quadrant.SCHEDULE, TODAY, 2, lambda: "abcd")
    assert flags_for_move(task(due=TODAY), Quadrant.DO, TODAY, 2, lambda: "abcd") == (True, True)


def test_parse_quadrant() -> None:
    assert parse_quadrant("3") == Quadrant.DELEGATE
    assert parse_quadrant("Sched") == Quadrant.SCHEDULE
    with pytest.raises(BadInputError, match="do, schedule"):
        parse_quadrant("later")


def test_arrange_orders_the_tasks_it_is_given() -> None:
    """Which tasks is the caller's choice: the board shows done ones under `status:done`."""
    tasks = [
        task(id="aaaa0001", important=True, order=2),
        task(id="aaaa0002", important=True, order=1),
        task(id="aaaa0003", important=True, status="done", order=1.5),
    ]
    board = arrange(tasks, TODAY, 2)
    assert [t.id for t in board[Quadrant.SCHEDULE]] == ["aaaa0002", "aaaa0003", "aaaa0001"]
    assert board[Quadrant.DO] == []


@given(st.floats(-1e6, 1e6), st.floats(0.001, 1e6))
def test_order_between_is_strictly_between(low: float, gap: float) -> None:
    high = low + gap
    middle = order_between(low, high)
    assert middle is None or low < middle < high


def test_order_between_reports_exhaustion() -> None:
    assert order_between(1.0, 1.0 + 2**-52) is None
    assert order_between(None, 3.0) == 2.0
    assert order_between(3.0, None) == 4.0


def test_quick_add_syntax() -> None:
    parsed = parse_quick_add('Check leakage ! ^ #data #split due:"next friday" every:week', TODAY)
    assert parsed.title == "Check leakage"
    assert parsed.important and parsed.urgent
    assert parsed.tags == ["data", "split"]
    assert parsed.due == date(2026, 12, 4)
    assert parsed.every == "week"


def test_a_tag_starts_with_a_letter() -> None:
    parsed = parse_quick_add("Close #12 and #34b before #v2", TODAY)
    assert parsed.title == "Close #12 and #34b before" and parsed.tags == ["v2"]


def test_quick_add_needs_a_title() -> None:
    with pytest.raises(BadInputError, match="title"):
        parse_quick_add("! #tag", TODAY)


def test_quick_add_keeps_exclamations_inside_words() -> None:
    assert parse_quick_add("Ship it!", TODAY).title == "Ship it!"


@pytest.mark.parametrize(
    ("line", "important", "urgent"),
    [
        ("!! overfit one batch", True, False),
        ("overfit one batch ^^", False, True),
        ("overfit !!^ one batch", True, True),
        ("overfit one batch ^!", True, True),
    ],
)
def test_marks_doubled_for_emphasis_still_mark(line: str, important: bool, urgent: bool) -> None:
    parsed = parse_quick_add(line, TODAY)
    assert parsed.title == "overfit one batch"
    assert (parsed.important, parsed.urgent) == (important, urgent)


@pytest.mark.parametrize(
    "title",
    [
        "Read Karpathy's and Ng's notes",
        'Fix "NaN" loss in train.py',
        "Don't shuffle the val split",
        r"Escape C:\data\raw paths",
        "note:'kept' as typed",
    ],
)
def test_quick_add_keeps_the_titles_quotes_and_backslashes(title: str) -> None:
    parsed = parse_quick_add(f"{title} #data due:'in 3 days'", TODAY)
    assert parsed.title == title
    assert parsed.tags == ["data"] and parsed.due == date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "seconds"), [("25m", 1500), ("2h", 7200), ("1h30m", 5400), ("1d", 86400)]
)
def test_durations(text: str, seconds: int) -> None:
    value = parse_duration(text)
    assert value.total_seconds() == seconds
    assert parse_duration(format_duration(value)) == value


@pytest.mark.parametrize("text", ["", "soon", "0m", "5 parsecs", "45", "1.5"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(BadInputError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("rule", "due", "today", "expected"),
    [
        ("week", date(2026, 11, 1), date(2026, 12, 3), date(2026, 12, 6)),  # Sundays stay
        ("week", date(2026, 12, 10), date(2026, 12, 3), date(2026, 12, 17)),  # done early
        ("month", date(2026, 1, 31), date(2026, 12, 3), date(2026, 12, 31)),  # its day kept
        ("2 weeks", None, date(2026, 12, 3), date(2026, 12, 17)),  # no due: from today
        ("weekday", date(2026, 11, 27), date(2026, 11, 25), date(2026, 11, 30)),
    ],
)
def test_a_series_keeps_its_own_dates(
    rule: str, due: date | None, today: date, expected: date
) -> None:
    assert following_due(rule, due, today) == expected


def test_recurrence_rules() -> None:
    assert parse_every("weekly") == "week"
    assert parse_every("3 days") == "3 days"
    assert next_due("day", TODAY) == date(2026, 11, 26)
    assert next_due("weekday", date(2026, 11, 27)) == date(2026, 11, 30)
    assert next_due("week", TODAY) == date(2026, 12, 2)
    assert next_due("month", date(2026, 1, 31)) == date(2026, 2, 28)
    assert next_due("3 days", TODAY) == date(2026, 11, 28)
    with pytest.raises(BadInputError):
        parse_every("fortnightly-ish")


def test_task_timestamps_are_aware() -> None:
    moment = datetime(2026, 11, 25, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    assert task(created=moment).created.utcoffset() == timedelta(hours=2)
    with pytest.raises(ValueError):
        task(created=moment.replace(tzinfo=None))


@pytest.mark.parametrize("value", [5, 1.5e9, "2026-11-25T10:00:00Z"])
def test_a_moment_is_a_date_and_time_not_a_number_or_text(value: object) -> None:
    """Read leniently, `created = 5` in a file was 1970-01-01T00:00:05Z."""
    with pytest.raises(ValueError, match="datetime_type"):
        task(created=value)


@pytest.mark.parametrize("value", [1e300, float("inf"), float("nan"), "99999999999d", -5, 0, "0m"])
def test_durations_out_of_bounds_are_refused_not_overflowed(value: object) -> None:
    from credo.domain.models import Experiment

    with pytest.raises(ValueError, match="longer than (zero|credo's limit of 366d)"):
        Experiment.model_validate({"id": "abcd1234", "hypothesis": "h", "timebox": value})


def test_moments_and_paused_time_are_bounded() -> None:
    from credo.domain.models import Experiment

    with pytest.raises(ValueError, match="paused_seconds"):
        Experiment.model_validate(
            {"id": "abcd1234", "hypothesis": "h", "timebox": "1h", "paused_seconds": 1e300}
        )
    with pytest.raises(ValueError, match="less than or equal to 9000"):
        task(created=datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC))


def test_recurrence_past_the_end_of_the_calendar_is_a_clear_refusal() -> None:
    with pytest.raises(BadInputError, match="would fall after 9999-12-31"):
        next_due("week", date(9999, 12, 30))
    with pytest.raises(BadInputError, match="N up to 1000"):
        parse_every("99999999 months")
    assert next_due("1000 months", date(2026, 1, 31)) == date(2109, 5, 31)


def test_a_follow_up_id_is_the_same_in_every_clone() -> None:
    from credo.domain.ids import ID_PATTERN
    from credo.store.ids import derived_id

    first = derived_id("abcd0000abcd0001", "next")
    assert first == derived_id("abcd0000abcd0001", "next") != derived_id("abcd0000abcd0002", "next")
    assert ID_PATTERN.match(first) and len(first) == 16


def test_arrange_places_each_task_where_quadrant_of_says() -> None:
    """`arrange` works the horizon out once for all tasks: the same rule, edges included."""
    tasks = [
        task(id=f"aaaa00{n:02d}", important=n % 2 == 0, urgent=n % 3 == 0, due=due)
        for n, due in enumerate(
            [
                None,
                TODAY,
                TODAY + timedelta(days=2),
                TODAY + timedelta(days=3),
                TODAY - timedelta(1),
            ]
            * 2
        )
    ]
    board = arrange(tasks, TODAY, 2)
    for placed_in, column in board.items():
        assert all(quadrant_of(t, TODAY, 2) == placed_in for t in column)
    assert sum(map(len, board.values())) == len(tasks)
    assert board[Quadrant.SCHEDULE] and board[Quadrant.DELEGATE]  # the edge splits both ways


def test_a_due_date_of_several_words_unquoted_is_told_how_to_write_it() -> None:
    """`due:next monday` said "cannot read the date 'next': try ... next friday ...", a
    form the line cannot take unquoted: the message now says how to write it."""
    with pytest.raises(BadInputError) as raised:
        parse_quick_add("Check the tokenizer due:next monday", TODAY)
    assert "cannot read the date 'next'" in raised.value.message
    assert 'due:"next friday" or due:next_friday' in raised.value.message


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("x due:2026-02-30", "no such day: 2026-02-30 (year-month-day): February 2026 has 28 days"),
        ("x due:2026-12-0", "no such day: 2026-12-00 (year-month-day): there is no day 0"),
        ("x due:31/02", "no such day: '31/02' names no month and day either way round"),
    ],
)
def test_a_due_date_read_but_no_day_is_not_told_about_several_words(line: str, said: str) -> None:
    """A date of one word that names no day was told how to write several words (`after
    due:, several words go in quotes...`), which it has not: the add box's preview said so
    for a moment at every ISO date typed (2026-12-0 on the way to 2026-12-05)."""
    with pytest.raises(BadInputError) as raised:
        parse_quick_add(line, TODAY)
    assert raised.value.message.startswith(said)
    assert "several words" not in raised.value.message


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("Send the draft due:", "due: is empty: write its date right after it: due:friday"),
        ('Send the draft due:""', "due: is empty"),
        ("Send the draft Due: friday", "due: is empty"),
        ("Water the plants every: week", "every: is empty: write its rule right after it"),
    ],
)
def test_a_field_given_no_value_is_refused_saying_what_to_write(line: str, said: str) -> None:
    """`credo add "a due:"` kept `due:` in the title, and the task had no due date."""
    with pytest.raises(BadInputError) as raised:
        parse_quick_add(line, TODAY)
    assert raised.value.message.startswith(said)
    assert raised.value.message.endswith("(no space after the colon)")


def test_the_missing_title_message_names_every_field_that_is_not_title() -> None:
    """'every:week !' was told the title is the words that are not !, ^, #tag, @name or
    due: — every: is not title either."""
    with pytest.raises(BadInputError, match="every:"):
        parse_quick_add("every:week !", TODAY)


def test_a_duration_field_reads_words_or_seconds_and_is_written_as_words() -> None:
    """`Duration`: a timedelta that files hold as `25m` (TOML and JSON alike)."""
    from pydantic import TypeAdapter, ValidationError

    from credo.domain.durations import Duration

    adapter: TypeAdapter[timedelta] = TypeAdapter(Duration)
    assert adapter.validate_python("1h30m") == timedelta(minutes=90)
    assert adapter.validate_python(1500) == timedelta(minutes=25)
    assert adapter.validate_json('"25m"') == timedelta(minutes=25)
    assert adapter.dump_python(timedelta(minutes=25)) == "25m"
    assert adapter.dump_json(timedelta(hours=2)) == b'"2h"'
    assert adapter.json_schema(mode="serialization") == {"type": "string"}
    with pytest.raises(ValidationError, match="parsecs"):
        adapter.validate_python("5 parsecs")


def test_arrange_breaks_ties_in_order_by_id() -> None:
    """Two tasks at one place (a hand-edited order, or -0.0 beside 0.0) come in id order,
    as MANUAL_ORDER says: the board finds a task in its column by that order."""
    tasks = [
        task(id="aaaa0004", important=True, order=1),
        task(id="aaaa0002", important=True, order=0.0),
        task(id="aaaa0003", important=True, order=1),
        task(id="aaaa0001", important=True, order=-0.0),
        task(id="aaaa0005", important=True, order=-2),
    ]
    board = arrange(tasks, TODAY, 2)
    assert [t.id for t in board[Quadrant.SCHEDULE]] == [
        "aaaa0005",
        "aaaa0001",
        "aaaa0002",
        "aaaa0003",
        "aaaa0004",
    ]
    assert board[Quadrant.SCHEDULE] == sorted(tasks, key=MANUAL_ORDER)


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("x due:friday due:monday", "the line gives due: twice ('due:friday' and 'due:monday')"),
        (
            'x every:week EVERY:"3 days"',
            """the line gives every: twice ('every:week' and 'EVERY:"3 days"')""",
        ),
    ],
)
def test_a_field_given_twice_is_refused_naming_both(line: str, said: str) -> None:
    """`credo add "x due:friday due:monday"` took monday without a word."""
    with pytest.raises(BadInputError) as raised:
        parse_quick_add(line, TODAY)
    assert raised.value.message == f"{said}: keep one"
