"""Every shipped sample builds; a broken history is refused with a clear message."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from credo.checklists.gate import evaluate_gate
from credo.demo import build_demo, load_history, sample_names, samples_dir
from credo.domain.models import ExperimentStatus
from credo.errors import BadFileError, CredoError
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
    assert len(store.tasks()) >= 6
    [run] = store.runs()  # its first look at the curves, recorded (see test_demo_truth)
    assert run.experiment == experiment.id and run.params["num_classes"] == 10
    assert run.metrics["valid_acc"] > 0.8 and run.gate["passed"]  # the project's first run
    # what its curves showed: a first loss logged after 20 steps, no valid loss
    failed = {e.item: e.summary for e in store.evidence() if e.run == run.id and not e.passed}
    assert failed.keys() == {"loss-at-init", "losses-logged", "log-every-step"}
    assert failed["loss-at-init"].startswith("first train loss 0.854 vs 2.3 = ln 10")
    held = evaluate_gate(store, run.git_start, experiment.id)  # type: ignore[arg-type]
    assert not held.passed and "credo gate --ack" in held.message
    assert "Credo-Task" in git(built.path, "log", "--format=%B", "main")


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


def test_a_key_used_twice_is_refused(tmp_path: Path) -> None:
    folder = broken_sample(tmp_path, '\n[[task]]\nkey = "softmax"\ntitle = "x"\ncreated = "-1d"\n')
    with pytest.raises(BadFileError, match="key 'softmax' is used twice"):
        load_history(folder)


def test_a_run_the_gate_would_hold_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run at the code whose first run failed its checks, nobody having read
    them: credo run would not have started it, so a sample cannot hold it."""
    copy = tmp_path / "samples" / "mnist-from-scratch"
    shutil.copytree(samples_dir() / "mnist-from-scratch", copy)
    shutil.copytree(copy / "runs" / "softmax-first", copy / "runs" / "softmax-again")
    again = '[[run]]\nkey = "softmax-again"\nexperiment = "softmax"\ncommit = "softmax"\n'
    again += 'by = "lea"\nstarted = "-4m"\ncommand = ["python", "train.py"]\n'  # the first: -6m
    history = copy / "history.toml"
    history.write_text(history.read_text() + "\n" + again)
    monkeypatch.setattr("credo.demo.samples_dir", lambda: tmp_path / "samples")
    with pytest.raises(CredoError, match="run 'softmax-again' would not pass the gate"):
        build_demo(tmp_path / "out", sample="mnist-from-scratch", now=NOW)
