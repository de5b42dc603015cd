"""Every shipped sample builds; a broken history is refused with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from credo.demo import build_demo, load_history, sample_names, samples_dir
from credo.domain.models import ExperimentStatus
from credo.errors import BadFileError
from credo.store import Store

from repos import git

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def test_both_samples_are_shipped() -> None:
    assert {"ptvid", "mnist-from-scratch"} <= set(sample_names())


def test_young_project_mostly_tasks_one_experiment_running(tmp_path: Path) -> None:
    built = build_demo(tmp_path / "mnist", sample="mnist-from-scratch", now=NOW)
    store = Store.open(built.path)
    [experiment] = store.experiments()
    assert experiment.status == ExperimentStatus.RUNNING
    assert len(store.tasks()) >= 6 and store.runs() == []
    assert "Credo-Task" in git(built.path, "log", "--format=%B", "main")
    metrics = tmp_path / "m.jsonl"
    result = subprocess.run(
        [sys.executable, "train.py"],
        cwd=built.path,
        env={**os.environ, "CREDO_METRICS": str(metrics)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"valid_acc"' in metrics.read_text() and '"loss"' in metrics.read_text()


def broken_sample(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    original = (samples_dir() / "mnist-from-scratch" / "history.toml").read_text()
    (folder / "history.toml").write_text(original + text)
    return folder


def test_unknown_keys_are_caught_before_building(tmp_path: Path) -> None:
    folder = broken_sample(
        tmp_path, '\n[[task]]\nkey = "x"\ntitle = "x"\ncreated = "-1d"\ndone = "nope"\n'
    )
    with pytest.raises(BadFileError, match="task 'x': unknown commit 'nope'"):
        load_history(folder)


def test_a_bad_field_names_the_line(tmp_path: Path) -> None:
    folder = broken_sample(
        tmp_path, '\n[[task]]\nkey = "x"\ntitle = "x"\ncreated = "-1d"\nurgnet = true\n'
    )
    with pytest.raises(BadFileError, match="urgnet"):
        load_history(folder)
