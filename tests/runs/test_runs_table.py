"""The runs table's sort and filter (the Runs view runs them on keys; the CLI once)."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

import pytest

from credo.domain.models import Run
from credo.errors import BadInputError
from credo.runs.table import RunRow, build_rows, parse_filter, sort_rows
from credo.store.ids import ShortIds
from credo.text.runs import gate_words
from runsets import NOW


def rows_of(params: list[dict[str, Any]], **fields: Any) -> list[RunRow]:
    """A run for each of `params` (r001, r002...), a minute apart; `fields` for all."""
    runs = [
        Run.model_validate(
            {
                "id": f"r{n:03d}aaaabbbbcccc",
                "command": ["python", "train.py"],
                "status": "succeeded",
                "started": NOW + timedelta(minutes=n),
                "ended": NOW + timedelta(minutes=n + 1),
                "params": each,
                **fields,
            }
        )
        for n, each in enumerate(params, start=1)
    ]
    return build_rows(runs, {}, {}, {}, at=NOW)


def ids(rows: list[RunRow]) -> list[str]:
    return [row.id[:4] for row in rows]


def test_numbers_come_before_words_and_runs_without_a_value_last_either_way() -> None:
    rows = rows_of([{"opt": "Sgd"}, {"opt": 2}, {}, {"opt": "adam"}, {"opt": 1.5}, {"opt": True}])
    assert ids(sort_rows(rows, "opt")) == ["r006", "r005", "r002", "r004", "r001", "r003"]
    assert ids(sort_rows(rows, "opt", descending=True)) == [
        *("r001", "r004"),  # words first, from z to a
        *("r002", "r005", "r006"),  # then the numbers, the largest first
        "r003",
    ]


def test_equal_values_keep_their_order_either_way() -> None:
    rows = rows_of([{"lr": 1}, {"lr": 2}, {"lr": 1}, {"lr": 2}])
    assert ids(sort_rows(rows, "lr")) == ["r001", "r003", "r002", "r004"]
    assert ids(sort_rows(rows, "lr", descending=True)) == ["r002", "r004", "r001", "r003"]


def test_started_sorts_by_the_moment_whatever_the_time_zone() -> None:
    tokyo = timezone(timedelta(hours=9))
    here = rows_of([{}, {}])  # 10:01 and 10:02 UTC
    earlier_in_tokyo = rows_of([{}], started=(NOW - timedelta(minutes=5)).astimezone(tokyo))
    rows = [*here, *earlier_in_tokyo]  # 18:55 on Tokyo's clock: 09:55 UTC
    assert [row.run.started.hour for row in rows] == [10, 10, 18]
    assert sort_rows(rows, "started", descending=True) == [rows[1], rows[0], rows[2]]
    assert sort_rows(rows, "started") == [rows[2], rows[0], rows[1]]


def test_a_param_wins_over_a_metric_of_the_same_name() -> None:
    rows = rows_of([{"acc": 3}, {"acc": 1}], metrics={"acc": 0.5})
    assert ids(sort_rows(rows, "acc")) == ["r002", "r001"]
    assert ids(parse_filter("acc>2").apply(rows)) == ["r001"]


def test_a_filter_passes_rows_that_hold_every_word_and_never_a_nan() -> None:
    rows = rows_of(
        [{"lr": 0.1, "bs": 64}, {"lr": float("nan"), "bs": 64}, {"lr": 0.3, "bs": 32}, {"bs": 64}]
    )
    assert ids(parse_filter("lr>=0.1 bs=64").apply(rows)) == ["r001"]
    assert ids(parse_filter("lr!=0.1").apply(rows)) == ["r003"]


def test_true_is_no_number_to_a_filter() -> None:
    """`--where amp=1` listed the runs of `--amp true` (and `amp>=0.5` did too, while
    `amp>=true` was taken as a number): Python's True equals 1."""
    rows = rows_of([{"amp": True}, {"amp": 1}, {"amp": False}, {"amp": 0}])
    assert ids(parse_filter("amp=1").apply(rows)) == ["r002"]
    assert ids(parse_filter("amp=true").apply(rows)) == ["r001"]
    assert ids(parse_filter("amp>=0.5").apply(rows)) == ["r002"]
    assert ids(parse_filter("amp!=false").apply(rows)) == ["r001", "r002", "r004"]
    with pytest.raises(BadInputError, match="'true' is not a number"):
        parse_filter("amp>=true")


def test_a_run_cancelled_in_its_queue_took_no_time() -> None:
    """A sweep's run (or a SLURM job) queued, then cancelled three hours later without
    ever starting, showed `took 3h00m` as if it had run: `credo show` says "not started"."""
    queued = NOW - timedelta(hours=3)
    never = dict(status="cancelled", started=queued, queued=queued, ended=NOW)
    [row] = rows_of([{}], **never)
    assert row.duration is None and row.cell("took") == ""
    [ran] = rows_of([{}], **{**never, "started": queued + timedelta(hours=1)})
    assert ran.cell("took") == "2h00m"  # waited an hour, then ran until cancelled
    # nor did its submission show as its start
    assert row.cell("started") == "never started"
    [waits] = rows_of([{}], status="queued", started=queued, queued=queued)
    assert waits.cell("started") == "not started yet"
    assert ran.cell("started") == f"{(queued + timedelta(hours=1)).astimezone():%m-%d %H:%M}"


@pytest.mark.parametrize("word", ["lr=>1e-3", "lr>>1", "acc=<0.5", "lr<>1"])
def test_a_comparison_with_its_signs_mistyped_is_named_not_searched_for(word: str) -> None:
    """`lr=>1e-3` (for >=) was searched for as words of the runs' text: 'No runs match',
    as if no run had that learning rate."""
    with pytest.raises(BadInputError) as raised:
        parse_filter(word)
    assert raised.value.message == f"cannot read the filter {word!r}: write it as name>=value"
    rows = rows_of([{}, {}], status="failed")
    assert ids(parse_filter("fail").apply(rows)) == ["r001", "r002"]  # words are still words


def test_a_gate_no_run_can_have_is_named_not_an_empty_table() -> None:
    """`gate:skiped` passed no run and said only "No runs match", as if none had
    skipped the gate (`status:fialed` was already named)."""
    rows = rows_of([{}, {}], gate={"skipped": True, "skip_reason": "quick look"})
    assert ids(parse_filter("gate:SKIP").apply(rows)) == ["r001", "r002"]
    assert ids(parse_filter("gate:passed").apply(rows)) == []
    with pytest.raises(BadInputError) as raised:
        parse_filter("gate:skiped")
    assert (
        raised.value.message
        == "gate:skiped: no run's gate says that; gates are passed, acknowledged, closed,"
        " skipped or none"
    )


def test_a_run_that_went_on_over_acknowledged_checks_says_so_and_older_ones_passed() -> None:
    """The record of a run after `credo gate --ack` names what it went on over; a record
    from before (no such field) or one a hand mangled reads as it did."""
    read = {"check": "training-recipe/loss-at-init", "by": "Ada", "note": "on purpose"}
    gates = [
        {"passed": True, "acknowledged": [read, "not a table"]},
        {"passed": True},
        {"passed": True, "acknowledged": "Ada"},
    ]
    rows = [rows_of([{}], gate=gate)[0] for gate in gates]
    assert [row.gate for row in rows] == ["acknowledged: 1 failed", "passed", "passed"]
    assert ids(parse_filter("gate:ack").apply(rows)) == ["r001"]
    assert gate_words(gates[0], ShortIds()) == (
        "acknowledged: training-recipe/loss-at-init failed, read by Ada (on purpose)"
    )
    assert gate_words(gates[2], ShortIds()) == "passed"


@pytest.mark.parametrize(
    ("word", "value"),
    [("lr>=abc", "abc"), ("acc<high", "high"), ("best:loss<=low", "low"), ("took>1h", "1h")],
)
def test_an_ordering_against_a_value_that_is_no_number_is_refused(word: str, value: str) -> None:
    """`lr>=abc` compared the runs' learning rates with 'abc' as text: '0.1' >= 'abc' is
    false, so 'No runs match', as if no run had that learning rate."""
    with pytest.raises(BadInputError) as raised:
        parse_filter(word)
    assert raised.value.message == (
        f"cannot read the filter {word!r}: {value!r} is not a number, "
        "and <, <=, >, >= compare numbers"
    )
    rows = rows_of([{"opt": "adam"}, {"opt": "sgd"}])
    assert ids(parse_filter("opt=sgd").apply(rows)) == ["r002"]  # = and != still read text
    assert ids(parse_filter("opt!=sgd").apply(rows)) == ["r001"]


def test_a_status_no_run_can_have_is_named_not_an_empty_table() -> None:
    """`status:fialed` (or `status:done`, a task's word) passed no run and said only "No
    runs match", as if none had failed."""
    rows = rows_of([{}, {}], status="failed")
    assert ids(parse_filter("status:fail").apply(rows)) == ["r001", "r002"]
    assert ids(parse_filter("status:STARTING").apply(rows)) == []  # a SLURM job's word
    with pytest.raises(BadInputError) as raised:
        parse_filter("status:fialed")
    assert raised.value.message == (
        "status:fialed: no run has that status; runs are queued, starting, running, "
        "succeeded, failed, killed, interrupted, timed_out, lost, cancelled or did_not_start"
    )


@pytest.mark.parametrize("word", ["started>5", "started>=2026-11", "started=2026-12-04"])
def test_a_comparison_with_the_start_time_is_refused_and_points_to_since(word: str) -> None:
    """`started>5` compared a run's start moment with 5 and quietly matched nothing."""
    with pytest.raises(BadInputError) as raised:
        parse_filter(word)
    assert raised.value.message == (
        f"cannot read the filter {word!r}: started is a date, which filter words do not "
        "compare; use `credo runs ls --since WHEN` (monday, '3 days ago', 2026-12-01)"
    )


@pytest.mark.parametrize("word", ["status>3", "commit<=5", "run>=1", "gate<2", "exp>1", "data>0"])
def test_an_ordering_of_a_column_of_words_is_refused(word: str) -> None:
    """`commit>3` compared a commit's sha with 3 and quietly matched nothing."""
    name = word.split("<")[0].split(">")[0]
    with pytest.raises(BadInputError) as raised:
        parse_filter(word)
    assert raised.value.message == (
        f"cannot read the filter {word!r}: {name} holds words, and <, <=, >, >= compare "
        "numbers; use = or !="
    )
    assert ids(parse_filter("took>0").apply(rows_of([{}]))) == ["r001"]  # took is a number
