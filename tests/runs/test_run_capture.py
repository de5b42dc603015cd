"""What a run records besides its process: capped log, environment, data, metrics, timebox."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from credo.domain.models import Experiment, ExperimentStatus, Run, RunStatus
from credo.domain.timebox import format_countdown, remaining
from credo.errors import CredoError
from credo.runs.environment import capture_env, declared_packages, looks_secret
from credo.runs.fingerprint import TREE_CONTENT_SAMPLE, digest_of, fingerprint_path
from credo.runs.launch import RunRequest, execute
from credo.runs.metrics import compare, read_metrics, read_tensorboard
from credo.runs.output import CappedLog
from credo.store import Store
from full_disk import room_here_for

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_capped_log_keeps_head_and_tail(tmp_path: Path) -> None:
    log = CappedLog(tmp_path / "out.log", limit=20)
    for i in range(100):
        log.write(f"{i:03d}\n".encode())
    log.close()
    text = (tmp_path / "out.log").read_text()
    assert text.startswith("000\n001\n00")
    assert text.endswith("098\n099\n")
    assert "bytes of output cut here" in text
    assert log.cut == 400 - 20 and log.summary().startswith("cut: 400 bytes")


def test_capped_log_under_the_limit_is_whole(tmp_path: Path) -> None:
    log = CappedLog(tmp_path / "out.log", limit=1000)
    log.write(b"hello\n")
    log.close()
    assert (tmp_path / "out.log").read_bytes() == b"hello\n"
    assert log.summary() == "whole: 6 bytes"


def test_env_capture_keeps_allowed_names_and_never_secrets() -> None:
    environ = {
        "CUDA_VISIBLE_DEVICES": "0,1",
        "PYTHONHASHSEED": "0",
        "HOME": "/home/ada",
        "OPENAI_API_KEY": "sk-abcdef0123456789",
        "TORCH_HOME": "/cache/torch",
        "TORCH_AUTH_TOKEN": "harmless-looking",
        "TF_TOKEN": "x",
        "NCCL_SOCKET_IFNAME": "ghp_0123456789abcdefABCDEF0123456789abcd",
        "SLURM_JOB_ID": "12345",
    }
    kept = capture_env(environ)
    assert kept == {
        "CUDA_VISIBLE_DEVICES": "0,1",
        "PYTHONHASHSEED": "0",
        "SLURM_JOB_ID": "12345",
        "TORCH_HOME": "/cache/torch",
    }


def test_tensorflow_variables_are_kept_and_terraforms_are_not() -> None:
    environ = {
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "TF_FORCE_GPU_ALLOW_GROWTH": "true",
        "TF_XLA_FLAGS": "--tf_xla_auto_jit=2",
        "TF_CLI_CONFIG_FILE": "/home/ada/.terraformrc",
        "TF_VAR_region": "eu-west-1",
        "TF_LOG": "DEBUG",
        "TF_WORKSPACE": "prod",
    }
    assert sorted(capture_env(environ)) == [
        "TF_CPP_MIN_LOG_LEVEL",
        "TF_ENABLE_ONEDNN_OPTS",
        "TF_FORCE_GPU_ALLOW_GROWTH",
        "TF_XLA_FLAGS",
    ]


def test_project_globs_keep_more_names_but_never_secrets() -> None:
    environ = {"LR": "3e-4", "OPT_BETA": "0.9", "OPT_API_KEY": "x", "OPTIONAL": "y", "HOME": "/"}
    assert capture_env(environ, ["LR", "OPT_*"]) == {"LR": "3e-4", "OPT_BETA": "0.9"}


@pytest.mark.parametrize(
    ("value", "secret"),
    [
        ("sk-proj-abc", True),
        ("https://user:hunter2@example.com/repo", True),
        ("aB3" * 12, True),
        ("0123456789abcdef0123456789abcdef", True),
        ("0,1,2,3", False),
        ("/usr/local/cuda/lib64", False),
        ("expandable_segments:True", False),
    ],
)
def test_secret_looking_values(value: str, secret: bool) -> None:
    assert looks_secret(value) is secret


def test_declared_packages_from_pyproject_and_requirements(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n'
        'dependencies = ["torch>=2.1", "numpy", "Pillow[extra] ; python_version>\'3\'"]\n'
    )
    (tmp_path / "requirements.txt").write_text("# pinned\nscipy==1.14\n-e .\nnumpy\n")
    assert declared_packages(tmp_path) == ["torch", "numpy", "pillow", "scipy"]


def test_packages_recorded_are_a_short_useful_list(store: Store, repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["pydantic>=2"]\n')
    outcome = execute(store, RunRequest(command=[sys.executable, "-c", "pass"], cwd=repo))
    packages = outcome.run.packages
    assert "pydantic" in packages  # declared by the project and installed
    assert "pytest" not in packages  # installed, but neither declared nor a known ML package
    assert len(packages) < 40


def test_fingerprint_tells_same_data_from_changed_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.csv").write_text("a,b\n1,2\n")
    (data / "valid.csv").write_text("a,b\n3,4\n")
    first = fingerprint_path(data)
    assert "files=2" in first and "size=16" in first and "sampled" not in first
    assert digest_of(fingerprint_path(data)) == digest_of(first)
    (data / "valid.csv").write_text("a,b\n3,5\n")  # same size, other content
    assert digest_of(fingerprint_path(data)) != digest_of(first)
    assert fingerprint_path(tmp_path / "nope") == "missing"


def test_fifos_and_links_in_data_are_never_read(tmp_path: Path) -> None:
    import os

    data = tmp_path / "data"
    data.mkdir()
    (data / "train.csv").write_text("a,b\n1,2\n")
    os.mkfifo(data / "pipe")  # reading it would wait forever
    (data / "zero").symlink_to("/dev/zero")  # reading it would never end
    assert "files=1 " in fingerprint_path(data)
    os.mkfifo(tmp_path / "top-pipe")
    assert fingerprint_path(tmp_path / "top-pipe") == "refused: not a regular file or folder"


def test_large_trees_are_sampled_but_still_see_new_files(tmp_path: Path) -> None:
    data = tmp_path / "shards"
    data.mkdir()
    for i in range(TREE_CONTENT_SAMPLE * 3):
        (data / f"{i:04d}.txt").write_text(f"shard {i}\n")
    first = fingerprint_path(data)
    assert first.endswith("sampled") and f"files={TREE_CONTENT_SAMPLE * 3}" in first
    (data / "extra.txt").write_text("late arrival\n")
    assert digest_of(fingerprint_path(data)) != digest_of(first)


def test_big_file_is_hashed_by_samples(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (20 << 20))
    before = fingerprint_path(big)
    with big.open("r+b") as handle:
        handle.seek(len(b"\0" * (10 << 20)))
        handle.write(b"changed in the middle")
    assert digest_of(fingerprint_path(big)) != digest_of(before)


def test_run_records_the_data_fingerprint(store: Store, repo: Path) -> None:
    (repo / "data").mkdir()
    (repo / "data" / "x.txt").write_text("1\n")
    (store.credo_dir / "config.toml").write_text('data_paths = ["data", "absent"]\n')
    store = Store(store.project_root)
    outcome = execute(store, RunRequest(command=[sys.executable, "-c", "pass"], cwd=repo))
    assert outcome.run.data["absent"] == "missing"
    assert outcome.run.data["data"].startswith("blake2b:") and "files=1" in outcome.run.data["data"]


def test_metrics_reader_skips_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "metrics.jsonl"
    path.write_text(
        '{"step": 0, "time": 1, "loss": 2.0}\nnot json\n[1]\n'
        '{"step": 1, "loss": 1.0, "note": "x"}\n'
    )
    series = read_metrics(path)
    assert series.curves == {"loss": [(0.0, 2.0), (1.0, 1.0)]}
    assert series.bad_lines == 2 and series.last() == {"loss": 1.0}


def test_metrics_reader_stops_when_it_has_read_enough(tmp_path: Path) -> None:
    path = tmp_path / "metrics.jsonl"
    path.write_text(
        '{"step": 0, "acc": 0.1}\n{"step": 0, "loss": 2.3}\n' + '{"step": 1, "loss": 1.0}\n' * 5
    )
    series = read_metrics(path, until=lambda read: "loss" in read.curves)
    assert series.curves == {"acc": [(0.0, 0.1)], "loss": [(0.0, 2.3)]} and not series.problem


def test_compare_with_baseline() -> None:
    rows = compare({"loss": 0.3, "acc": 0.9}, {"loss": 0.5, "f1": 0.7})
    assert rows[0] == ("acc", 0.9, None, None)
    assert rows[1] == ("f1", None, 0.7, None)
    assert rows[2][0] == "loss" and rows[2][3] == pytest.approx(-0.2)


def run_writing_tensorboard(store: Store, repo: Path, folder: str, events: str) -> Run:
    """A run of a script whose `events` (Python, with `w` an event writer on `folder` and
    `event_pb2`, `summary_pb2` imported) write TensorBoard events under `tb/`."""
    (store.credo_dir / "config.toml").write_text('tensorboard_dir = "tb"\n')
    writer = (
        "import time\n"
        "from tensorboard.summary.writer.event_file_writer import EventFileWriter\n"
        "from tensorboard.compat.proto import event_pb2, summary_pb2\n"
        f"w = EventFileWriter({folder!r})\n{events}w.close()\n"
    )
    command = [sys.executable, "-c", writer]
    outcome = execute(Store(store.project_root), RunRequest(command=command, cwd=repo))
    assert outcome.run.status == RunStatus.SUCCEEDED, outcome.run.note
    return outcome.run


def test_tensorboard_scalars_are_read_into_the_run(store: Store, repo: Path) -> None:
    run = run_writing_tensorboard(
        store,
        repo,
        "tb/run1",
        "for step in range(3):\n"
        "    v = summary_pb2.Summary.Value(tag='valid/loss', simple_value=1.0 / (step + 1))\n"
        "    w.add_event(event_pb2.Event(wall_time=time.time(), step=step,"
        " summary=summary_pb2.Summary(value=[v])))\n",
    )
    assert run.metrics["run1/valid/loss"] == pytest.approx(1 / 3)
    curves = read_metrics(store.run_folder(run.id) / "metrics.jsonl").curves
    assert [x for x, _ in curves["run1/valid/loss"]] == [0.0, 1.0, 2.0]
    assert read_tensorboard(repo, "tb", since=time.time() + 3600) == []


def test_a_tensorboard_dir_without_tensorboard_says_how_to_read_it(
    store: Store, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the extra the event files were skipped in silence: the run had no curves
    and no word why."""
    (store.credo_dir / "config.toml").write_text('tensorboard_dir = "tb"\n')
    monkeypatch.setitem(sys.modules, "tensorboard", None)  # as if not installed
    command = [sys.executable, "-c", "pass"]
    outcome = execute(Store(store.project_root), RunRequest(command=command, cwd=repo))
    assert outcome.run.status == RunStatus.SUCCEEDED
    assert "TensorBoard files in tb not read: pip install 'credo[tensorboard]'" in (
        outcome.run.note
    )


def make_exp(**fields: object) -> Experiment:
    return Experiment.model_validate(
        {"id": "e001aaaabbbbcccc", "hypothesis": "h", "timebox": "25m", **fields}
    )


def test_countdown_runs_stops_while_paused_and_goes_negative() -> None:
    exp = make_exp(status="running", started=T0)
    assert remaining(exp, T0 + timedelta(minutes=5)) == timedelta(minutes=20)
    paused = exp.model_copy(
        update={"status": ExperimentStatus.PAUSED, "paused_at": T0 + timedelta(minutes=5)}
    )
    assert remaining(paused, T0 + timedelta(hours=3)) == timedelta(minutes=20)
    resumed = exp.model_copy(update={"paused_seconds": 600.0})
    assert remaining(resumed, T0 + timedelta(minutes=30)) == timedelta(minutes=5)
    assert remaining(exp, T0 + timedelta(minutes=28)) == timedelta(minutes=-3)
    assert format_countdown(timedelta(minutes=-3)) == "+03:00"
    assert format_countdown(timedelta(minutes=24, seconds=59.6)) == "24:59"
    assert format_countdown(timedelta(hours=1, minutes=2, seconds=3)) == "1:02:03"
    assert remaining(make_exp(), T0) == timedelta(minutes=25)  # planned: not started


@pytest.mark.parametrize(
    ("left", "said"),
    [
        (-timedelta(hours=23, minutes=59, seconds=59), "+23:59:59"),  # the live clock
        (-timedelta(days=1), "+1d"),
        (-timedelta(hours=41, minutes=9, seconds=38), "+1d17h10m"),  # was +41:09:38
        (timedelta(days=2, seconds=20), "2d"),  # a long timebox's start, the same way
    ],
)
def test_a_countdown_of_a_day_or_more_says_days_to_the_minute(left: timedelta, said: str) -> None:
    assert format_countdown(left) == said


def test_tensorboard_histograms_join_the_runs_metrics(store: Store, repo: Path) -> None:
    run = run_writing_tensorboard(
        store,
        repo,
        "tb",
        "h = summary_pb2.HistogramProto(min=0.0, max=1.0, num=10, bucket_limit=[0.5, 1.0],"
        " bucket=[3, 7])\n"
        "v = summary_pb2.Summary.Value(tag='probs', histo=h)\n"
        "w.add_event(event_pb2.Event(wall_time=time.time(), step=4,"
        " summary=summary_pb2.Summary(value=[v])))\n",
    )
    series = read_metrics(store.run_folder(run.id) / "metrics.jsonl")
    probs = series.rich[("histogram", "probs")]
    assert probs.step == 4 and probs.data == {"edges": [0.0, 0.5, 1.0], "counts": [3.0, 7.0]}


def test_a_start_refused_before_its_record_leaves_no_empty_folders(
    store: Store, repo: Path
) -> None:
    """A `credo run` refused at its start (a full disk) left an empty `.credo/runs/<id>/`
    and `.git/credo/runs/<id>/` at each try: the folders it made go with the refusal."""
    runs, kept = store.credo_dir / "runs", repo / ".git" / "credo" / "runs"
    request = RunRequest(command=[sys.executable, "-c", "pass"], cwd=repo)
    with room_here_for(0), pytest.raises(CredoError, match="runs/.gitignore: File too large"):
        execute(store, request)
    assert list(runs.iterdir()) == [] and list(kept.iterdir()) == []
    run_id = execute(store, request).run.id  # the runs' folders and ignore file are made
    with room_here_for(0), pytest.raises(CredoError, match="run.toml: File too large"):
        execute(store, request)
    assert sorted(p.name for p in runs.iterdir()) == sorted([".gitignore", run_id])
    assert [p.name for p in kept.iterdir()] == [run_id]
