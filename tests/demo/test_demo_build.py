"""`credo demo`: a real git history with dated commits and trailers, a lived-in board,
and a training script that really trains."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from credo.demo import build_demo, load_history, samples_dir
from credo.domain.models import ExperimentStatus, Outcome, TaskStatus
from credo.domain.quadrants import Quadrant, quadrant_of
from credo.errors import CredoError
from credo.store import Store

from repos import git

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_demo(tmp_path_factory.mktemp("demo") / "ptvid", now=NOW)


def test_history_is_replayed_with_dates_authors_and_trailers(built: Any) -> None:
    repo = built.path
    history = load_history(samples_dir() / "ptvid")
    log = git(repo, "log", "--reverse", "--format=%H|%an|%ae|%aI|%cI|%s").splitlines()
    assert len(log) == len(history.commit) + 1  # plus the commit of .credo/
    first = log[0].split("|")
    assert first[1] == "Ana Ribeiro" and first[2] == "ana.ribeiro@example.org"
    assert first[5] == "Start ptvid: tell European from Brazilian Portuguese"
    # "-27d 09:12" relative to the build moment, in local time (TZ=UTC in tests)
    assert datetime.fromisoformat(first[3]) == datetime(2026, 10, 29, 9, 12, tzinfo=UTC)
    assert first[3] == first[4]  # committer date replayed too
    moments = [datetime.fromisoformat(line.split("|")[3]) for line in log]
    assert moments == sorted(moments) and moments[-1] < NOW
    authors = {line.split("|")[1] for line in log}
    assert authors == {"Ana Ribeiro", "Bruno Carvalho"}
    assert built.commits["split"] == log[4].split("|")[0]
    body = git(repo, "log", "-1", "--format=%B", built.commits["split"])
    assert f"Credo-Task: {built.ids['leakage']}" in body
    trailers = git(
        repo, "log", "--format=%(trailers:key=Credo-Experiment,valueonly)", "main"
    ).split()
    assert built.ids["word-features"] in trailers and built.ids["nb-baseline"] in trailers
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "show", "--stat", "--format=", built.commits["nb"]).startswith("train.py |")
    first_train = git(repo, "show", f"{built.commits['nb']}:train.py")
    assert "naive Bayes" in first_train and "LogReg" not in first_train
    assert "class LogReg" in (repo / "train.py").read_text()


def test_board_has_every_quadrant_due_overdue_and_done_at_commits(built: Any) -> None:
    store = Store.open(built.path)
    tasks = {t.id: t for t in store.tasks()}
    by_key = {key: tasks[i] for key, i in built.ids.items() if i in tasks}
    today = NOW.date()
    open_tasks = [t for t in tasks.values() if t.is_open]
    quadrants = {quadrant_of(t, today, store.config.urgency_horizon_days) for t in open_tasks}
    assert quadrants == set(Quadrant)
    assert by_key["results-table"].due == today - timedelta(days=2)  # overdue
    assert by_key["legal-errors"].due == today + timedelta(days=1)
    assert by_key["gpu-form"].due == today
    leakage = by_key["leakage"]
    assert leakage.status == TaskStatus.DONE and leakage.done_commit == built.commits["split"]
    assert leakage.done_at == datetime(2026, 11, 4, 16, 45, tzinfo=UTC)
    assert by_key["logo"].status == TaskStatus.DROPPED
    assert by_key["legal-errors"].pinned == today
    assert by_key["social-data"].experiments == [built.ids["more-data"]]


def test_experiments_runs_and_reviews(built: Any) -> None:
    store = Store.open(built.path)
    experiments = {e.id: e for e in store.experiments()}
    by_key = {key: experiments[i] for key, i in built.ids.items() if i in experiments}
    assert by_key["word-features"].outcome == Outcome.REFUTED
    assert by_key["logreg-chars"].baseline
    more = by_key["more-data"]
    assert more.ended and more.started and more.ended - more.started > more.timebox  # overrun
    assert by_key["lr-sweep"].status == ExperimentStatus.RUNNING
    assert by_key["transformer"].status == ExperimentStatus.ABANDONED
    runs = store.runs()
    assert len(runs) == 8
    failed = [r for r in runs if r.exit_code]
    assert (
        len(failed) == 1
        and "OverflowError" in (store.credo_dir / "runs" / failed[0].id / "output.log").read_text()
    )
    for run in runs:
        assert run.experiment in experiments
        assert run.git_start and run.git_start.sha in built.commits.values()
        lines = (store.credo_dir / "runs" / run.id / "metrics.jsonl").read_text().splitlines()
        if run.metrics:
            last: dict[str, float] = {}
            for line in lines:
                last.update(json.loads(line))
            for name, value in run.metrics.items():
                assert last[name] == pytest.approx(value)
    reviews = store.reviews()
    assert len(reviews) == 4
    assert {r.git.sha for r in reviews} <= set(built.commits.values())
    assert store.load(type(reviews[0])).problems == {}
    config = tomllib.loads((store.credo_dir / "config.toml").read_text())
    assert config["data_paths"] == ["data"]


def test_credo_data_is_committed(built: Any) -> None:
    tracked = git(built.path, "ls-files", ".credo").splitlines()
    assert any(p.startswith(".credo/tasks/") for p in tracked)
    assert not any(p.startswith(".credo/cache/") for p in tracked)


def test_train_py_really_trains_and_logs_metrics(built: Any, tmp_path: Path) -> None:
    metrics = tmp_path / "metrics.jsonl"
    result = subprocess.run(
        [sys.executable, "train.py", "--epochs", "3"],
        cwd=built.path,
        env={**os.environ, "CREDO_METRICS": str(metrics)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid accuracy by domain" in result.stdout
    records = [json.loads(line) for line in metrics.read_text().splitlines()]
    train_steps = [r for r in records if "loss" in r]
    epochs = [r for r in records if "valid_acc" in r]
    assert len(epochs) == 3 and len(train_steps) > 50
    assert [r["step"] for r in train_steps] == list(range(1, len(train_steps) + 1))
    # it learns: late steps have lower loss than the first ones
    early = sum(r["loss"] for r in train_steps[:10]) / 10
    late = sum(r["loss"] for r in train_steps[-10:]) / 10
    assert late < early
    assert all(0 <= r["valid_acc"] <= 1 for r in epochs)


def test_credo_demo_no_open_prints_the_path(credo: Any, tmp_path: Path) -> None:
    target = tmp_path / "here"
    result = credo(tmp_path, "demo", "--path", str(target), "--no-open")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target.resolve())
    assert (target / ".credo" / "tasks").is_dir()
    listed = credo(target, "ls", "--json")
    assert listed.returncode == 0 and "Results table for the workshop paper" in listed.stdout


def test_credo_demo_without_path_builds_in_a_temporary_folder(credo: Any, tmp_path: Path) -> None:
    result = credo(tmp_path, "demo", "--no-open")
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    try:
        assert (path / ".credo").is_dir() and (path / ".git").is_dir()
    finally:
        import shutil

        shutil.rmtree(path.parent)


def test_refuses_a_folder_that_is_not_empty(credo: Any, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    result = credo(tmp_path, "demo", "--path", str(tmp_path / "full"), "--no-open")
    assert result.returncode == 1
    assert "not empty" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_unknown_sample_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CredoError, match="no sample project 'nope'"):
        build_demo(tmp_path / "x", sample="nope")


def test_due_dates_follow_the_build_day(tmp_path: Path) -> None:
    later = build_demo(tmp_path / "later", now=NOW + timedelta(days=40))
    store = Store.open(later.path)
    [table] = [t for t in store.tasks() if t.id == later.ids["results-table"]]
    assert table.due == date(2027, 1, 2)  # still two days overdue, 40 days later


def test_demo_says_where_it_is_before_the_app_opens_and_inside_it(tmp_path: Path) -> None:
    """The app's screen covers the terminal: the path is said before it opens (and
    after it closes it shows again), and once more inside the app."""
    from terminal import on_terminal

    target = tmp_path / "shown"
    code, screen = on_terminal(tmp_path, ["demo", "--path", str(target)], [("lives in", b"q")])
    assert code == 0, screen
    said = f"Open it again later with: credo -C {target}"
    assert said in screen and screen.index(said) < screen.index("lives in"), screen
    assert f"at {target}" in screen.split(said)[0]
