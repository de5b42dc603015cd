"""Time in the demo runs forwards, whatever the hour it is built at.

For every item: created ≤ started ≤ each of its runs ≤ ended; a run, review or data
result is later than the commit it was made at; a commit naming an item (a trailer)
is later than the item; a task done at a commit is done when that commit was made;
the commit of `.credo/` is later than everything it holds; nothing is in the future.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from credo.demo import Clock, build_demo, sample_names
from credo.domain.models import Evidence, Experiment, ExperimentStatus, Review, Run, Task
from credo.domain.timebox import remaining
from credo.store import Store

from repos import git

# Just after midnight, midday and just before midnight: "-1d 16:10" and "-40m" must
# keep their order either side of the day's edge.
MOMENTS = [
    datetime(2026, 11, 25, 0, 5, tzinfo=UTC),
    datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
    datetime(2026, 11, 25, 23, 59, tzinfo=UTC),
]
_TRAILER = re.compile(r"^Credo-(?:Task|Experiment): (\S+)$", re.MULTILINE)


def commits(repo: Path) -> list[tuple[str, datetime, datetime, str]]:
    """(sha, author date, committer date, message), oldest first."""
    found = []
    log = git(repo, "log", "--reverse", "--format=%H%x1f%aI%x1f%cI%x1f%B%x1e", "main")
    for entry in log.split("\x1e"):
        if entry.strip():
            sha, authored, committed, message = entry.strip().split("\x1f")
            found.append(
                (sha, datetime.fromisoformat(authored), datetime.fromisoformat(committed), message)
            )
    return found


@pytest.mark.parametrize("sample", ["ptvid", "mnist-from-scratch"])
@pytest.mark.parametrize("now", MOMENTS, ids=["00:05", "12:00", "23:59"])
def test_time_runs_forwards(sample: str, now: datetime, tmp_path: Path) -> None:
    built = build_demo(tmp_path / sample, sample=sample, now=now)
    store = Store.open(built.path)
    history = commits(built.path)
    when = {sha: authored for sha, authored, _, _ in history}
    *code, (_, credo_commit, _, credo_message) = history
    assert "credo" in credo_message
    assert [c[1] for c in history] == sorted(c[1] for c in history)
    assert all(authored == committed for _, authored, committed, _ in history)

    tasks = store.load(Task).items
    experiments = store.load(Experiment).items
    runs = store.load(Run).items
    reviews = store.load(Review).items
    evidence = store.load(Evidence).items
    created = {i: item.created for items in (tasks, experiments) for i, item in items.items()}
    held: list[datetime] = []

    for task in tasks.values():
        assert task.created <= task.updated
        if task.done_commit:
            assert task.done_at == when[task.done_commit] and task.created <= task.done_at
        held += [task.created, task.updated]
    for exp in experiments.values():
        moments = [exp.created, exp.started, exp.ended]
        present = [m for m in moments if m is not None]
        assert present == sorted(present), exp.hypothesis
        for run in (r for r in runs.values() if r.experiment == exp.id):
            assert exp.started is not None and exp.started <= run.started, exp.hypothesis
            assert run.ended is not None
            assert exp.ended is None or run.ended <= exp.ended, exp.hypothesis
        held += present
    for run in runs.values():
        assert run.git_start and run.git_start.sha
        assert when[run.git_start.sha] <= run.started <= run.created <= (run.ended or now)
        held += [run.started, run.updated, run.ended or now]
    for item in [*reviews.values(), *evidence.values()]:
        sha = item.git.sha
        assert sha and when[sha] <= item.created, item
        held.append(item.created)
    for sha, authored, _, message in code:
        for named in _TRAILER.findall(message):
            assert created[named] < authored, (sha, named)

    assert max(held) <= credo_commit <= now - timedelta(minutes=1)
    assert max(when[sha] for sha, *_ in code) < credo_commit


@pytest.mark.parametrize("sample", sample_names())
def test_a_running_experiment_has_half_an_hour_left_at_the_build(
    sample: str, tmp_path: Path
) -> None:
    """A new user reads the demo for a while before a countdown says `over`, which nothing
    in it is meant to teach: mnist-from-scratch's had 20 minutes left when it opened."""
    now = MOMENTS[1]
    built = build_demo(tmp_path / sample, sample=sample, now=now)
    experiments = Store.open(built.path).load(Experiment).items.values()
    running = [exp for exp in experiments if exp.status == ExperimentStatus.RUNNING]
    assert running, sample
    for exp in running:
        assert remaining(exp, now) >= timedelta(minutes=30), (exp.hypothesis, remaining(exp, now))


def test_a_day_back_is_on_that_days_clock(zone: Callable[[str], None]) -> None:
    """Built in Berlin in winter, "-40d 09:40" is 09:40 of a summer day on Berlin's clocks,
    not an hour later (winter's offset given to a summer day)."""
    zone("Europe/Berlin")
    clock = Clock(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    assert f"{clock.at('-40d 09:40').astimezone():%Y-%m-%d %H:%M %Z}" == "2026-10-16 09:40 CEST"
