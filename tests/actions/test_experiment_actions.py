"""Experiment actions on a real store: one running at a time, pause, close, baseline, next step."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta

import pytest

import runsets
from credo.actions.experiments import (
    ExperimentRunningError,
    abandon_experiment,
    extend_experiment,
    mark_baseline,
    next_step_to_task,
    pause_experiment,
    resume_experiment,
    running_experiment,
    start_experiment,
    stop_experiment,
)
from credo.actions.history import undo
from credo.actions.tasks import add_task
from credo.domain.models import Experiment, ExperimentStatus, Outcome, Task
from credo.domain.timebox import clock_words, remaining, resume_words
from credo.errors import BadInputError, CredoError
from credo.store import Store

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def on_disk(store: Store, exp_id: str) -> dict[str, object]:
    return tomllib.loads((store.credo_dir / "experiments" / f"{exp_id}.toml").read_text())


def test_start_uses_default_timebox_and_links_the_task(store: Store) -> None:
    task, _ = add_task(store, "Overfit one batch !")
    exp, changes = start_experiment(store, "  loss reaches   zero ", task=task.id[:5])
    assert exp.hypothesis == "loss reaches zero" and exp.timebox == timedelta(minutes=25)
    assert on_disk(store, exp.id)["status"] == "running"
    assert store.read(Task, task.id).experiments == [exp.id]
    assert running_experiment(store) == store.read(Experiment, exp.id)
    undo(store, changes)
    assert store.experiments() == [] and store.read(Task, task.id).experiments == []


def test_only_one_experiment_runs(store: Store) -> None:
    first, _ = start_experiment(store, "first")
    with pytest.raises(ExperimentRunningError, match="stop it .* or pause it"):
        start_experiment(store, "second")
    second, _ = start_experiment(store, "second", on_running="pause")
    assert store.read(Experiment, first.id).status == ExperimentStatus.PAUSED
    assert running_experiment(store) == store.read(Experiment, second.id)
    with pytest.raises(ExperimentRunningError):
        resume_experiment(store, first.id)


def test_resuming_a_closed_experiment_leaves_the_running_one_running(store: Store) -> None:
    """`credo exp resume DONE --pause-running` paused the running experiment, then said the
    done one was not paused: the user was left with none running. And "is done, not
    paused" said nothing of what to do: resuming or pausing a closed experiment now says
    it, as closing it again does."""
    done, _ = start_experiment(store, "done")
    stop_experiment(store, done.id, Outcome.REFUTED, learning="no")
    running, _ = start_experiment(store, "running")
    said = f"^experiment {store.short_id(Experiment, done.id)} is done: a closed experiment "
    said += "keeps its outcome; "
    said += r"test the next idea in a new one \(credo exp start HYPOTHESIS\)$"
    with pytest.raises(CredoError, match=said):
        resume_experiment(store, done.id, on_running="pause")
    assert store.read(Experiment, running.id).status == ExperimentStatus.RUNNING
    with pytest.raises(CredoError, match=said):
        pause_experiment(store, done.id)


def test_pause_freezes_the_countdown(store: Store) -> None:
    exp, _ = start_experiment(store, "h", timebox=timedelta(minutes=30), at=T0)
    paused, _ = pause_experiment(store, exp.id, at=T0 + timedelta(minutes=10))
    assert remaining(paused, T0 + timedelta(hours=5)) == timedelta(minutes=20)
    resumed, _ = resume_experiment(store, exp.id, at=T0 + timedelta(minutes=40))
    assert resumed.paused_seconds == 1800 and resumed.paused_at is None
    assert remaining(resumed, T0 + timedelta(minutes=45)) == timedelta(minutes=15)


def test_resuming_says_the_time_left_and_when_it_is_up(store: Store) -> None:
    """`credo exp resume` said `Resumed ID: h` and nothing of the clock it started again;
    it says the time left now, in whole minutes, as `exp start` says its timebox."""
    exp, _ = start_experiment(store, "h", timebox=timedelta(minutes=30), at=T0)
    pause_experiment(store, exp.id, at=T0 + timedelta(minutes=17, seconds=57))
    back = T0 + timedelta(hours=2)
    resumed, _ = resume_experiment(store, exp.id, at=back)
    up = clock_words(back + timedelta(minutes=12, seconds=3), back)
    assert resume_words(resumed, back) == f"12m left, up at {up}"
    late = back + timedelta(minutes=12, seconds=40)
    assert resume_words(resumed, late) == "37s past its timebox 30m"
    assert resume_words(resumed, late + timedelta(minutes=3)) == "4m past its timebox 30m"


def test_closing_needs_an_outcome_and_records_learning(store: Store) -> None:
    exp, _ = start_experiment(store, "smaller LR removes spikes")
    with pytest.raises(BadInputError, match="confirmed, refuted or inconclusive"):
        stop_experiment(store, exp.id, "great", learning="x")
    done, _ = stop_experiment(
        store, None, Outcome.REFUTED, learning="spikes come from bad data", next_step="Filter"
    )
    stored = on_disk(store, exp.id)
    assert stored["status"] == "done" and stored["outcome"] == "refuted"
    assert stored["learning"] == "spikes come from bad data" and "ended" in stored
    assert running_experiment(store) is None
    with pytest.raises(CredoError, match="already done"):
        stop_experiment(store, exp.id, "confirmed", learning="x")


def test_closing_needs_a_learning(store: Store) -> None:
    """The one rule every face closes by: an experiment closed with no learning taught
    nothing anyone can read back."""
    exp, _ = start_experiment(store, "smaller LR removes spikes")
    for blank in ("", "  \n\t"):
        with pytest.raises(BadInputError, match="^closing needs a learning: what did"):
            stop_experiment(store, exp.id, Outcome.REFUTED, learning=blank)
    assert on_disk(store, exp.id)["status"] == "running"


def test_abandon_needs_a_reason(store: Store) -> None:
    exp, _ = start_experiment(store, "h")
    with pytest.raises(BadInputError, match="reason"):
        abandon_experiment(store, exp.id, "  ")
    abandon_experiment(store, exp.id, "GPU box died")
    assert on_disk(store, exp.id)["abandon_reason"] == "GPU box died"


def test_one_baseline_per_project(store: Store) -> None:
    a, _ = start_experiment(store, "a", start=False)
    b, _ = start_experiment(store, "b", start=False)
    for n, exp in enumerate((a, b), start=1):
        runsets.run(store, n, exp, {}, [0.9, 0.6], [0.6, 0.7])
    mark_baseline(store, a.id)
    mark_baseline(store, b.id)
    assert [e.id for e in store.experiments() if e.baseline] == [b.id]


def test_an_abandoned_experiment_cannot_be_the_baseline(store: Store) -> None:
    """`b` on an abandoned experiment made it the one every run is compared with."""
    best, _ = start_experiment(store, "n-grams", start=False)
    runsets.run(store, 1, best, {}, [0.9, 0.6], [0.6, 0.7])
    mark_baseline(store, best.id)
    gone, _ = start_experiment(store, "a GPU that died")
    abandon_experiment(store, gone.id, "GPU box died")
    with pytest.raises(CredoError, match="abandoned: it has no result to beat"):
        mark_baseline(store, gone.id)
    assert [e.id for e in store.experiments() if e.baseline] == [best.id]


def test_an_experiment_with_no_runs_cannot_be_the_baseline(store: Store) -> None:
    """A running experiment with no run yet became the baseline: later runs were then
    compared with no numbers at all."""
    exp, _ = start_experiment(store, "A small transformer beats n-grams")
    with pytest.raises(CredoError) as refused:
        mark_baseline(store, exp.id)
    assert refused.value.message == (
        f"experiment {store.short_id(Experiment, exp.id)} has no runs: it has no numbers for "
        "later runs to beat; record one (credo run -- CMD while it runs) and mark it then, or "
        "make the best approach so far the baseline"
    )
    assert not on_disk(store, exp.id).get("baseline")
    runsets.run(store, 1, exp, {}, [0.9, 0.6], [0.6, 0.7])
    assert mark_baseline(store, exp.id)[0].baseline


def test_next_step_becomes_a_task(store: Store) -> None:
    exp, _ = start_experiment(store, "h", tags=["data"])
    with pytest.raises(CredoError, match="no next step"):
        next_step_to_task(store, exp.id)
    stop_experiment(
        store, exp.id, "inconclusive", learning="too few", next_step="Look at 50 raw samples"
    )
    task, _ = next_step_to_task(store, exp.id)
    stored = store.read(Task, task.id)
    assert stored.title == "Look at 50 raw samples" and stored.experiments == [exp.id]
    assert stored.tags == ["data"] and stored.important
    with pytest.raises(
        CredoError, match=f"on the board already: task {store.short_id(Task, task.id)}$"
    ):
        next_step_to_task(store, exp.id)  # asked twice: one task
    assert len(store.tasks()) == 1


def test_no_next_step_names_the_experiment_by_its_hypothesis(store: Store) -> None:
    """It named the experiment by an id the log never shows ('experiment vsa893c')."""
    exp, _ = start_experiment(store, "label smoothing helps the tail classes " * 4)
    with pytest.raises(CredoError) as raised:
        next_step_to_task(store, exp.id)
    assert raised.value.message.startswith(
        "'label smoothing helps the tail classes label…' has no next step"
    )
    assert exp.id[:7] not in raised.value.message


def test_no_next_step_of_an_open_experiment_says_where_one_is_given(store: Store) -> None:
    """`n` in the log on the demo's running experiment said it had no next step, and not
    that closing it is where one is written."""
    exp, _ = start_experiment(store, "softmax reaches 80%")
    with pytest.raises(CredoError) as raised:
        next_step_to_task(store, exp.id)
    assert raised.value.message == (
        "'softmax reaches 80%' has no next step to turn into a task: it gets one when closed"
        " (c in the log, credo exp stop --next TEXT)"
    )
    stop_experiment(store, exp.id, "confirmed", learning="it does")
    with pytest.raises(CredoError) as raised:
        next_step_to_task(store, exp.id)
    assert raised.value.message == "'softmax reaches 80%' has no next step to turn into a task"


def test_a_tag_in_the_next_step_becomes_a_tag_and_leaves_the_title(store: Store) -> None:
    exp, _ = start_experiment(store, "h", tags=["data"])
    stop_experiment(
        store, exp.id, "refuted", learning="n", next_step="Rerun with 1-5 grams #train #data"
    )
    task, _ = next_step_to_task(store, exp.id)
    stored = store.read(Task, task.id)
    assert stored.title == "Rerun with 1-5 grams"
    assert stored.tags == ["data", "train"]


def test_extending_adds_time_on_the_record(store: Store) -> None:
    from credo.domain.timebox import timebox_words

    exp, _ = start_experiment(store, "bigger batch", timebox=timedelta(minutes=45), at=T0)
    assert remaining(exp, T0 + timedelta(minutes=50)) == timedelta(minutes=-5)
    later = T0 + timedelta(minutes=50)
    extended, changes = extend_experiment(
        store, None, timedelta(minutes=15), reason=" one more   epoch ", at=later
    )
    assert remaining(extended, later) == timedelta(minutes=10)  # the overrun is gone, on purpose
    assert timebox_words(extended) == "45m +15m" and extended.timebox == timedelta(minutes=45)
    stored = on_disk(store, exp.id)
    assert stored["timebox"] == "45m"
    assert stored["extensions"] == [  # 50m worked: the report counts the 5m past the box
        {"by": "15m", "at": later, "reason": "one more epoch", "spent_seconds": 3000.0}
    ]
    undo(store, changes)
    assert store.read(Experiment, exp.id).extensions == []


def test_extensions_stop_at_credos_limit_for_a_timebox(store: Store) -> None:
    """Each extension was held to 366 days, but not their sum: a run of an experiment
    extended past it wrote the time left as its timebox (`367d17m48s`), and credo then
    could not read that run.toml ('longer than credo's limit of 366d')."""
    from credo.domain.durations import MAX_DURATION

    exp, _ = start_experiment(store, "h", timebox=timedelta(minutes=25), at=T0)
    extend_experiment(store, exp.id, timedelta(days=365), at=T0)
    with pytest.raises(BadInputError) as refused:
        extend_experiment(store, exp.id, timedelta(days=2), at=T0)
    assert refused.value.message == (
        f"experiment {store.short_id(Experiment, exp.id)} may take 366d in all, credo's limit: "
        "extend it by 23h35m at most"
    )
    extended, _ = extend_experiment(store, exp.id, timedelta(hours=23, minutes=35), at=T0)
    assert remaining(extended, T0) == MAX_DURATION
    with pytest.raises(BadInputError, match="credo's limit: it has that$"):
        extend_experiment(store, exp.id, timedelta(minutes=1), at=T0)


def test_only_an_open_experiment_can_be_extended(store: Store) -> None:
    exp, _ = start_experiment(store, "h", at=T0)
    with pytest.raises(BadInputError, match="must add time"):
        extend_experiment(store, exp.id, timedelta(0))
    stop_experiment(store, exp.id, "confirmed", learning="x")
    with pytest.raises(CredoError, match="only a running or paused"):
        extend_experiment(store, exp.id, timedelta(minutes=5))
