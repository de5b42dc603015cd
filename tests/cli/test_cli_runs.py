"""`credo runs ls` and `credo runs compare` from the shell, on a learning-rate sweep."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from credo.store import Store
from gate_evidence import evidence_the_gate_relies_on
from runsets import experiment, run, sweep
from terminal import on_terminal

from repos import commit_file, git

Credo = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    sweep(tmp_path / "ptvid")
    return tmp_path / "ptvid"


def ls(credo: Credo, project: Path, *args: str) -> list[dict[str, object]]:
    result = credo(project, "runs", "ls", "--json", *args)
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_every_run_across_experiments_newest_first(credo: Credo, project: Path) -> None:
    rows = ls(credo, project)
    assert [row["short_id"] for row in rows] == ["r005", "r004", "r003", "r002", "r001"]
    last = rows[-1]
    assert last["params"] == {"lr": 0.01, "batch": 64}
    assert last["metrics"] == {"loss": 0.6, "acc": 0.74} and last["best"] == {
        "loss": 0.6,
        "acc": 0.74,
    }
    assert last["gate_words"] == "passed" and last["data_digest"] == "3f9c"
    assert rows[1]["gate_words"] == "skipped: quick look"
    assert rows[0]["dirty"] is True and rows[0]["status"] == "failed"
    run_id = str(last["id"])
    assert last["folder"] == str(project / ".credo" / "runs" / run_id)
    assert (Path(str(last["folder"])) / "run.toml").is_file()


def test_no_runs_yet_says_how_to_record_one_and_a_filter_says_it_hid_them(
    credo: Credo, repo: Path, project: Path
) -> None:
    """With no run at all, `runs ls` said "No runs match", as if a filter had hidden them."""
    assert credo(repo, "init").returncode == 0
    empty = credo(repo, "runs", "ls")
    assert empty.returncode == 0 and empty.stdout == (
        "No runs yet: credo run -- python train.py records one\n"
    )
    hidden = credo(project, "runs", "ls", "--where", "no-run-says-this")
    assert hidden.returncode == 0 and hidden.stdout == "No runs match (5 runs recorded).\n"


def test_filter_by_param_metric_status_experiment_and_tag(credo: Credo, project: Path) -> None:
    def shorts(*args: str) -> list[object]:
        return [row["short_id"] for row in ls(credo, project, *args)]

    assert shorts("--where", "lr>=1e-3 batch=64") == ["r004", "r003", "r001"]
    assert shorts("--where", "best:acc>0.8") == ["r004", "r003"]
    assert shorts("--where", "status:failed") == ["r005"]
    assert shorts("--where", "#base") == ["r001"]
    assert shorts("--exp", "e002", "--where", "gate:skipped") == ["r004"]
    assert shorts("--where", "baseline") == ["r001"]  # text of the hypothesis
    assert shorts("--since", "today") == []
    future = credo(project, "runs", "ls", "--since", "next week")
    assert future.returncode == 2
    assert "'next week' is after today: give today or a day before it" in future.stderr


def test_since_a_weekday_is_the_last_one_as_in_the_report(credo: Credo, project: Path) -> None:
    """`--since monday` is this week's Monday (a due date's monday is the coming one)."""
    made = credo(project, "run", "--skip-gate", "--reason", "test", "--", sys.executable, "-c", "0")
    assert made.returncode == 0, made.stderr
    yesterday = (date.today() - timedelta(days=1)).strftime("%A").lower()
    for since in (yesterday, "week", "3 days ago"):
        rows = ls(credo, project, "--since", since)
        assert len(rows) == 1 and rows[0]["status"] == "succeeded", since


def logged(credo: Credo, project: Path, metrics: str) -> None:
    """A real run (gate skipped) that logs `metrics` at step 0: `f1=0.3`."""
    made = credo(
        project,
        "run",
        "--skip-gate",
        "--reason",
        "test",
        "--",
        sys.executable,
        "-c",
        f"from credo import log_metric; log_metric(step=0, {metrics})",
    )
    assert made.returncode == 0, made.stderr


def test_where_names_a_column_that_exists_or_says_which_do(credo: Credo, project: Path) -> None:
    refused = credo(project, "runs", "ls", "--where", "nosuch>1")
    assert refused.returncode == 1
    assert "--where nosuch: no run has such a column; they have status, run," in refused.stderr
    logged(credo, project, "**{'acc@1': 0.4}")
    assert [row["metrics"] for row in ls(credo, project, "--where", "acc@1>0.35")] == [
        {"acc@1": 0.4}
    ]


def test_a_metric_column_writes_its_values_with_the_digits_that_tell_them_apart(
    credo: Credo, project: Path
) -> None:
    """Each cell was written alone with 4 digits: two runs' f1 of 0.3 and 0.30001 both
    read `0.3`, in the final and the best column."""
    for f1 in ("0.3", "0.30001"):
        logged(credo, project, f"f1={f1}")
    result = credo(project, "runs", "ls", "--where", "f1>0")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[-3:] == ["f1", "f1", "↑"]
    assert [line.split()[-2:] for line in lines[1:3]] == [["0.30001"] * 2, ["0.3"] * 2]


def test_sort_by_any_column_either_way(credo: Credo, project: Path) -> None:
    by_acc = [row["short_id"] for row in ls(credo, project, "--sort", "-acc")]
    assert by_acc == ["r003", "r004", "r001", "r002", "r005"]
    by_lr = [row["params"]["lr"] for row in ls(credo, project, "--sort", "lr")]  # type: ignore[index]
    assert by_lr == [0.0001, 0.001, 0.003, 0.01, 0.01]
    best_loss = [row["short_id"] for row in ls(credo, project, "--sort", "best:loss")]
    assert best_loss[0] == "r003"


def test_the_table_names_shared_params_once_and_fits_the_rest(credo: Credo, project: Path) -> None:
    result = credo(project, "runs", "ls", "--where", "batch=64")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "every run shown: batch=64"
    head = lines[1].split()
    assert head[:8] == ["status", "run", "exp", "commit", "started", "took", "gate", "data"]
    assert head[8:] == ["lr", "loss", "acc", "loss", "↓", "acc", "↑"]
    assert any("skipped: quick look" in line for line in lines)
    assert lines[-1] == "4 runs"


def test_a_filter_that_cannot_be_read_says_how_to_write_it(credo: Credo, project: Path) -> None:
    result = credo(project, "runs", "ls", "--where", "lr>=")
    assert result.returncode == 1
    assert "cannot read the filter 'lr>=': write it as name>=value" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_ordering_against_a_word_says_a_number_is_needed(credo: Credo, project: Path) -> None:
    """`lr>=abc` compared as text and said 'No runs match'."""
    result = credo(project, "runs", "ls", "--where", "lr>=abc")
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "cannot read the filter 'lr>=abc': 'abc' is not a number, and <, <=, >, >= compare numbers"
    )


def test_compare_shows_what_differs_and_the_deltas(credo: Credo, project: Path) -> None:
    result = credo(project, "runs", "compare", "r003", "r005", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["params"] == {"lr": [0.001, 0.01], "batch": [64, 128]}
    assert found["metrics"]["loss"]["values"] == [0.4, 2.0]
    assert found["metrics"]["loss"]["deltas"][1] == pytest.approx(1.6)
    assert found["same_code"] is False and found["data_paths_differing"] == ["data/train.jsonl"]
    text = credo(project, "runs", "compare", "r002", "r003").stdout
    assert "params that differ" in text and "lr" in text
    assert "the same code, the same data; the same batch" in text
    assert "0.4 (-0.4)" in text


def test_compare_says_which_runs_did_not_succeed(credo: Credo, project: Path) -> None:
    """A failed run's metrics (where it stopped) stood beside finished runs' with nothing
    to tell them apart: `runs ls`, the report and the log all say how each run ended."""
    text = credo(project, "runs", "compare", "r003", "r005").stdout
    [status] = [line.split() for line in text.splitlines() if line.startswith("status")]
    assert status == ["status", "succeeded", "failed"]
    assert "status" not in credo(project, "runs", "compare", "r002", "r003").stdout


def test_compare_shows_names_and_values_with_line_breaks_on_one_line(
    credo: Credo, tmp_path: Path
) -> None:
    """A param or metric logged as "le\nrn" was printed over two lines, its second
    reading as a row of its own (the runs table already showed it as a sign)."""
    store = Store.init(tmp_path)[0]
    exp = experiment(store, 1, "Line breaks")
    odd = {"le\nrn\x1b[31m": 1, "b\nx": "v\nw", "same\nname": 3}
    run(store, 1, exp, odd, [0.5], [0.5])
    run(store, 2, exp, {**odd, "le\nrn\x1b[31m": 2, "b\nx": "v\nq"}, [0.4], [0.6])
    text = credo(tmp_path, "runs", "compare", "r001", "r002").stdout
    assert "le␊rn␛[31m" in text and "b␊x" in text and "v␊w" in text and "v␊q" in text
    assert "the same same␊name" in text
    assert "\x1b" not in text and not [line for line in text.splitlines() if line[:2] == "rn"]


def test_compare_names_the_commands_when_they_ran_different_programs(
    credo: Credo, tmp_path: Path
) -> None:
    """Two runs at one commit, of train.py and of a probe script: compare said "the same
    code" and showed no command, as if they were two tries of one script."""
    store = Store.init(tmp_path)[0]
    exp = experiment(store, 1, "Probe")
    run(store, 1, exp, {"lr": 0.1}, [0.5], [0.5])
    run(store, 2, exp, {"lr": 0.1}, [5.0], [0.1], command=["python", "probe.py", "--lr=0.1"])
    run(store, 3, exp, {"lr": 0.2}, [0.4], [0.6])
    text = credo(tmp_path, "runs", "compare", "r001", "r002", "r003").stdout
    assert "command python train.py python probe.py python train.py" in " ".join(text.split())
    assert "different commands, the same code, the same data" in text
    found = json.loads(credo(tmp_path, "runs", "compare", "r001", "r002", "--json").stdout)
    assert found["commands"] == ["python train.py", "python probe.py"]
    same = credo(tmp_path, "runs", "compare", "r001", "r003").stdout  # only params differ
    assert "command" not in same and "different commands" not in same
    assert (
        json.loads(credo(tmp_path, "runs", "compare", "r001", "r003", "--json").stdout)["commands"]
        == []
    )


def test_compare_does_not_claim_the_same_data_when_no_run_recorded_any(
    credo: Credo, tmp_path: Path
) -> None:
    """In a project with no data_paths, compare said "the same data" of runs that
    recorded no data at all."""
    store = Store.init(tmp_path)[0]
    exp = experiment(store, 1, "No data listed")
    run(store, 1, exp, {"lr": 0.1}, [0.5], [0.5], data={})
    run(store, 2, exp, {"lr": 0.2}, [0.4], [0.6], data={})
    text = credo(tmp_path, "runs", "compare", "r001", "r002").stdout
    assert "the same code, no data recorded (data_paths in .credo/config.toml)" in text
    assert "the same data" not in text


def test_an_unknown_sort_column_is_named_with_the_ones_there_are(
    credo: Credo, project: Path
) -> None:
    result = credo(project, "runs", "ls", "--sort", "-accuracy")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--sort -accuracy: no such column; the runs have status, run, exp" in result.stderr
    assert "best:acc" in result.stderr


def test_an_empty_experiment_is_refused_not_every_run(credo: Credo, project: Path) -> None:
    """`credo runs ls --exp ""` listed the runs of every experiment."""
    refused = credo(project, "runs", "ls", "--exp", "")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith("error: give the id of an experiment")


def test_compare_needs_two_runs(credo: Credo, project: Path) -> None:
    result = credo(project, "runs", "compare", "r003")
    assert result.returncode == 1 and "compare needs two runs or more" in result.stderr
    unknown = credo(project, "runs", "compare", "r003", "zz")
    assert unknown.returncode == 1
    assert "no run has an id starting with 'zz' (see `credo runs ls`)" in unknown.stderr
    same = credo(project, "runs", "compare", "r003", "r001", "r003aaaa")
    assert same.returncode == 1 and same.stdout == ""  # was a run compared with itself
    assert same.stderr == "error: run r003 is named twice: compare different runs\n"


def test_a_running_runs_metrics_and_params_come_from_its_files(credo: Credo, project: Path) -> None:
    from credo.domain.models import Run, RunStatus

    Store(project).update(
        Run,
        "r002aaaabbbbcccc",
        lambda r: r.model_copy(
            update={"status": RunStatus.RUNNING, "ended": None, "metrics": {}, "best": {}}
        ),
    )
    folder = project / ".credo" / "runs" / "r002aaaabbbbcccc"
    (folder / "params.jsonl").write_text('{"optimizer": "adamw"}\n')
    [row] = ls(credo, project, "--where", "status:running optimizer=adamw")
    assert row["metrics"] == {"loss": 0.8, "acc": 0.6} and row["best"] == {"loss": 0.8, "acc": 0.6}
    assert row["params"] == {"lr": 0.0001, "batch": 64, "optimizer": "adamw"}  # logged so far
    assert (project / ".credo" / "cache" / "run-metrics.json").exists()


def test_a_running_run_whose_loss_diverged_says_so_from_its_file(
    credo: Credo, project: Path
) -> None:
    """A running run's loss that became NaN in its metrics file showed its last finite
    value (the table reads a running run's file, not its record)."""
    from credo.domain.models import Run, RunStatus

    Store(project).update(
        Run,
        "r002aaaabbbbcccc",
        lambda r: r.model_copy(
            update={"status": RunStatus.RUNNING, "ended": None, "metrics": {}, "best": {}}
        ),
    )
    with (project / ".credo" / "runs" / "r002aaaabbbbcccc" / "metrics.jsonl").open("a") as out:
        out.write('{"step": 3, "loss": NaN, "acc": 0.6}\n')
    for _ in range(2):  # read from the file, then from the cache it filled
        [row] = ls(credo, project, "--where", "status:running")
        assert row["metrics"] == {"acc": 0.6}
        assert row["diverged"] == {"loss": {"step": 3.0, "value": "nan"}}
    table = credo(project, "runs", "ls", "--where", "status:running")
    assert "nan@3" in table.stdout, table.stderr


def test_a_run_records_the_evidence_its_gate_relied_on(repo: Path, credo: Credo) -> None:
    evidence = evidence_the_gate_relies_on(repo, credo)
    ran = credo(repo, "run", "--hypothesis", "h", "--", sys.executable, "-c", "pass")
    assert ran.returncode == 0, ran.stderr
    [row] = ls(credo, repo)
    assert row["gate"]["evidence_ids"] == [evidence]  # type: ignore[index]
    assert row["gate_words"] == "passed · 1 verified"


@pytest.mark.parametrize(
    ("first_line", "said"),
    [
        ("", "not a program, and it has no #! line naming its interpreter"),
        ("#!/no/such/python\n", "its #! line names an interpreter that is not there"),
    ],
)
def test_a_run_whose_command_never_started_is_recorded_as_did_not_start(
    repo: Path, credo: Credo, first_line: str, said: str
) -> None:
    """A run whose command did not start (`credo run -- pyhton train.py` did, before its
    command was looked up first) left a failed run in `credo runs ls`, its gate 'passed ·
    1 verified', as if a training had failed on checked code. It did not start: so
    recorded, its shell's exit code kept, nothing judged, and no checks counted as relied
    on. Only the start tells of these two: an executable file that exec cannot run."""
    evidence = evidence_the_gate_relies_on(repo, credo)
    (repo / "train.py").write_text(f"{first_line}print('ran')\n")
    (repo / "train.py").chmod(0o755)
    ran = credo(repo, "run", "--hypothesis", "h", "--", "./train.py")
    assert ran.returncode == 126 and "ran" not in ran.stdout, ran.stderr
    assert " did not start · exit 126 · " in ran.stderr and "verdict" not in ran.stderr
    [row] = ls(credo, repo)
    assert row["status"] == "did_not_start" and row["gate_words"] == "passed"
    assert "evidence_ids" not in row["gate"]  # type: ignore[operator]
    assert [e.id for e in Store(repo).evidence()] == [evidence]  # nothing judged of it
    table = credo(repo, "runs", "ls").stdout.splitlines()[1]
    assert table.startswith("did not start ") and "verified" not in table, table
    shown = credo(repo, "show", str(row["id"])).stdout
    assert "did not start" in shown and "verified" not in shown, shown
    assert f"cannot start './train.py': {said}" in shown


RUN_BEFORE_THE_GATE = """\
id = "1ek3q99ew7qknnyh"
created = 2026-11-25 07:20:15+00:00
updated = 2026-11-25 07:20:15+00:00
command = [
    "python3",
    "train.py",
]
cwd = "/tmp/project"
status = "succeeded"
started = 2026-11-25 07:20:15.001823+00:00
ended = 2026-11-25 07:20:15.129815+00:00
exit_code = 0
python = "3.11.7"
note = ""
hard = false
output = "whole: 95 bytes"

[git_start]
sha = "30fd74ec4ffb0883e6c512e14ba152288cbe4cc4"
branch = "main"
dirty = false
patch_status = "clean"
patch_bytes = 0
untracked = []

[packages]

[data]

[env]

[gate]
passed = true
note = "no checklist gate in this credo"

[metrics]
"""
"""A run as the credo before the checklist gate recorded it (its gate a note saying so)."""


def test_a_run_from_before_the_gate_says_it_had_none_not_that_it_passed(
    store: Store, credo: Credo
) -> None:
    folder = store.credo_dir / "runs" / "1ek3q99ew7qknnyh"
    folder.mkdir(parents=True)
    (folder / "run.toml").write_text(RUN_BEFORE_THE_GATE)
    [row] = ls(credo, store.project_root)
    assert row["gate_words"] == "none"
    assert ls(credo, store.project_root, "--where", "gate:passed") == []
    shown = credo(store.project_root, "show", "1ek3")
    assert "gate: none (credo had no checklist gate then)" in shown.stdout, shown.stderr


def test_a_run_before_the_first_commit_keeps_the_commit_column(
    tmp_path: Path, credo: Credo
) -> None:
    """In a repository with no commit yet the commit column was left out, the table's
    shape changing with the data; its cell says so, as `credo show RUN` does."""
    project = tmp_path / "fresh"
    project.mkdir()
    git(project, "init", "-q")
    assert credo(project, "init").returncode == 0
    ran = credo(project, "run", "--hypothesis", "h", "--", sys.executable, "-c", "pass")
    assert ran.returncode == 0, ran.stderr
    table = credo(project, "runs", "ls")
    assert table.returncode == 0, table.stderr
    head, row = table.stdout.splitlines()[:2]
    assert head.split()[:4] == ["status", "run", "exp", "commit"]
    assert row.split()[3:5] == ["no", "commit"]
    shown = credo(project, "show", str(ls(credo, project)[0]["id"]))
    assert "no commit  exit 0" in shown.stdout


def test_a_runs_data_fact_names_its_path_once(credo: Credo, project: Path) -> None:
    """It read 'data data/train.jsonl: blake2b…', the word data twice."""
    shown = credo(project, "show", "r001")
    assert shown.returncode == 0, shown.stderr
    assert "fingerprint of data/train.jsonl: blake2b:3f9c1a2b00 size=1200" in shown.stdout
    assert "data data/" not in shown.stdout


def test_on_a_terminal_the_table_fits_and_says_which_columns_it_left_out(
    credo: Credo, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 120 columns a table of 173 was printed whole, and the terminal wrapped its
    rows: `0.7123` broken over two lines. The gate's words give way first, then the
    columns that do not fit whole are left out and named; piped, all are printed. What
    the runs differ in comes first then, the params that tell them apart and the metrics
    they are compared by (`narrow_rank`, as in the runs view): the params were last, so
    the first left out."""
    store = Store(project)
    wide = experiment(store, 3, "Regularise")
    params = {"lr": 0.01, "batch": 64, "warmup_steps": 1000, "weight_decay": 1e-4, "dropout": 0.1}
    run(store, 6, wide, {**params, "optimizer": "adamw"}, [0.9, 0.1111], [0.5, 0.7123])
    monkeypatch.setenv("COLUMNS", "120")
    code, shown = on_terminal(project, ["runs", "ls"], [])
    assert code == 0, shown
    lines = shown.splitlines()
    assert all(len(line) <= 120 for line in lines), shown
    [head] = [line for line in lines if line.startswith("status")]
    params = ["lr", "batch", "warmup_steps", "weight_decay", "dropout", "optimizer"]
    assert head.split()[2:] == [*params, "loss", "acc", "loss", "↓", "acc", "↑", "exp"]
    [r006] = [line for line in lines if " r006 " in line]
    assert r006.split()[2:] == ["0.01", "64", "1000", "0.0001", "0.1", "adamw"] + [
        "0.1111",
        "0.7123",
        "0.1111",
        "0.7123",
        "e003",
    ]
    assert lines[-2] == (
        "columns 1–13 of 18; not shown: commit, started, took, gate, data "
        "(| less -S shows every column)"
    )
    assert lines[-1] == "6 runs"
    piped = credo(project, "runs", "ls")
    assert "skipped: quick look" in piped.stdout and "acc ↑" in piped.stdout
    assert "columns" not in piped.stdout


SWEEP_TRAIN = """
import sys
from credo import log_metric
lr = float(sys.argv[sys.argv.index("--lr") + 1])
for step in range(3):
    log_metric(step=step, train_loss=1 / (step + 1) + lr, valid_accuracy=0.5 + lr * step)
"""


def test_at_80_columns_a_sweeps_params_are_the_last_columns_to_go(
    credo: Credo, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sweep of lr and warmup_steps at 80 columns: `runs ls` kept status, exp, commit,
    started, took and gate (alike on every row but took) and left out lr and warmup_steps,
    so that two runs' rows read the same. As in the runs view (`narrow_rank`): which run,
    then what the runs differ in, the params first, then what they hold alike. Piped,
    every column is printed."""
    commit_file(repo, "train.py", SWEEP_TRAIN, "train")
    assert credo(repo, "init").returncode == 0
    assert credo(repo, "exp", "start", "warmup and lr interact").returncode == 0
    for lr, warmup in [("0.1", "100"), ("0.1", "1000"), ("0.03", "100"), ("0.03", "1000")]:
        args = ["--lr", lr, "--warmup_steps", warmup, "--weight_decay", "0.01"]
        ran = credo(repo, "run", "--skip-gate", "--", sys.executable, "train.py", *args)
        assert ran.returncode == 0, ran.stderr
    monkeypatch.setenv("COLUMNS", "80")
    code, shown = on_terminal(repo, ["runs", "ls"], [])
    assert code == 0, shown
    lines = shown.splitlines()
    assert lines[0] == "every run shown: weight_decay=0.01"
    assert all(len(line) <= 80 for line in lines), shown
    head = lines[1].split()
    assert head[:4] == ["run", "lr", "warmup_steps", "train_loss"], shown
    told = {tuple(line.split()[1:3]) for line in lines[2:6]}
    assert told == {("0.1", "100"), ("0.1", "1000"), ("0.03", "100"), ("0.03", "1000")}, shown
    left_out = " ".join(lines[6:-1])
    assert "not shown:" in left_out and "lr" not in left_out and "warmup" not in left_out
    piped = credo(repo, "runs", "ls", env={"COLUMNS": "80"}).stdout
    assert "not shown" not in piped and "warmup_steps" in piped.splitlines()[1], piped


@pytest.mark.parametrize(
    ("width", "said"),
    [
        (120, ["acknowledged: 1…", "skipped: quick…", "passed", "skipped: quick…"]),
        (110, ["acknowledged…", "skipped…", "passed", "skipped…"]),
    ],
)
def test_the_gate_s_words_give_way_between_two_words(
    credo: Credo, project: Path, monkeypatch: pytest.MonkeyPatch, width: int, said: list[str]
) -> None:
    """At 120 columns the gate's words were cut through a word (`skipped: quick lo…`),
    and at their narrowest `acknowledged: 1 failed` read `acknowl…`: they give way a word
    at a time, down to each one's first word."""
    store = Store(project)
    exp = experiment(store, 3, "Regularise")
    reason = "quick look at the loader before the sweep"
    skipped = {"passed": False, "skipped": True, "skip_reason": reason, "open_items": ["x"]}
    run(store, 6, exp, {"lr": 0.02, "batch": 64}, [0.9, 0.3], [0.5, 0.7], gate=skipped)
    read = {"check": "training-recipe/loss-at-init", "by": "Ada", "at": "", "note": ""}
    acknowledged = {"passed": True, "acknowledged": [read], "evidence_ids": ["a", "b"]}
    run(store, 7, exp, {"lr": 0.03, "batch": 64}, [0.9, 0.3], [0.5, 0.7], gate=acknowledged)
    monkeypatch.setenv("COLUMNS", str(width))
    code, shown = on_terminal(project, ["runs", "ls"], [])
    assert code == 0, shown
    lines = shown.splitlines()
    at = f"{lines[0]} ".index(" gate ") + 1  # the last title at 110 columns
    assert [line[at:].split("  ")[0] for line in lines[1:5]] == said, shown
    piped = credo(project, "runs", "ls").stdout
    assert f"skipped: {reason}" in piped and "acknowledged: 1 failed · 2 verified" in piped


def test_cancel_given_a_run_and_an_experiment_says_to_name_one(credo: Credo, project: Path) -> None:
    """`credo runs cancel RUN --exp ID` said 'name a run, or an experiment with --exp',
    which the user had just done, twice over."""
    both = credo(project, "runs", "cancel", "r001", "--exp", "e1")
    assert both.returncode == 2
    assert "Error: name a run or an experiment (--exp), not both" in both.stderr
    neither = credo(project, "runs", "cancel")
    assert neither.returncode == 2
    assert "Error: name a run, or an experiment with --exp" in neither.stderr


@pytest.mark.parametrize("width", [80, 120])
def test_a_run_on_another_host_says_its_state_in_a_word_at_any_width(
    credo: Credo, project: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """At 80 columns `running on gpu-node-07 (last sign 3m ago)` took half the row and
    pushed everything after the start time out (at 120, the best values): where a row
    does not fit, the table says the state's word, as the runs view and the log do;
    piped (every column fits), and in `credo show RUN`, it is whole."""
    from datetime import UTC, datetime

    from credo.domain.models import Experiment, Runner

    store = Store(project)
    far = Runner(host="gpu-node-07", pid=1234).model_dump()
    started = datetime.now(UTC) - timedelta(minutes=3)
    exp = store.read(Experiment, "e002aaaabbbbcccc")
    fields = {"status": "running", "ended": None, "exit_code": None, "started": started}
    run(store, 6, exp, {"lr": 0.3, "batch": 64}, [0.9], [0.6], runner=far, **fields)
    monkeypatch.setenv("COLUMNS", str(width))
    code, shown = on_terminal(project, ["runs", "ls"], [])
    assert code == 0, shown
    [r006] = [line for line in shown.splitlines() if " r006 " in line]
    assert r006.split()[:2] == ["running", "r006"], shown
    assert "gpu-node-07" not in shown and "took" in shown, shown  # room for the next columns
    for shown in (credo(project, "runs", "ls").stdout, credo(project, "show", "r006").stdout):
        assert "running on gpu-node-07 (last sign " in shown


def test_the_table_makes_each_cell_once_and_no_rich_table(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """20,000 runs took 30 s to print: Rich's Table laid out each cell (1 ms a row), and
    each cell's words were made three times. The rows are joined as `credo ls` joins its
    own (`print_rows`)."""
    from rich.table import Table

    from credo.cli.runs import _print_table, _rows
    from credo.runs.table import RunRow

    made: list[str] = []
    cell = RunRow.cell

    def counting(row: RunRow, column: str, *, brief: bool = False, digits: int = 4) -> str:
        made.append(column)
        return cell(row, column, brief=brief, digits=digits)

    laid_out: list[object] = []
    render = Table.__rich_console__

    def rendering(table: Table, *args: Any) -> Any:
        laid_out.append(table)
        return render(table, *args)

    monkeypatch.setattr(RunRow, "cell", counting)
    monkeypatch.setattr(Table, "__rich_console__", rendering)
    rows = _rows(Store.open(project))
    made.clear()
    _print_table(rows, len(rows))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (  # params and metrics to the right, as Rich's Table had them
        "status     run   exp   commit    started      took   gate                 data"
        "      lr  batch  loss   acc  loss ↓  acc ↑"
    )
    assert len(lines) == 1 + len(rows) + 1 and lines[-1] == "5 runs"
    assert laid_out == []
    assert set(Counter(made).values()) == {len(rows)}  # each column's cell once a row


def test_compare_keeps_every_name_and_value_whole_at_80_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five runs of a sweep compared at 80 columns cut the names to fit the values:
    `steps_per_…`, and `train_…` for both train_loss and train_accuracy, which said
    nothing of which row was which. The names keep their room now, and a value too long
    for its column goes on the next line, its difference from the first run under it."""
    store = Store.init(tmp_path)[0]
    exp = experiment(store, 1, "Sweep")
    for n in range(1, 6):
        metrics = {"train_loss": 0.07138 / n, "train_accuracy": 0.9 + n / 100, "valid_loss": n}
        params = {"steps_per_epoch": 10 * n, "lr": n / 10}
        run(store, n, exp, params, [0.5], [0.5], metrics=metrics)
    runs = [f"r00{n}" for n in range(1, 6)]
    monkeypatch.setenv("COLUMNS", "80")
    code, text = on_terminal(tmp_path, ["runs", "compare", *runs], [])
    assert code == 0, text
    assert "…" not in text and max(len(line) for line in text.splitlines()) <= 80, text
    names = [line.split()[0] for line in text.splitlines() if line[:3].strip() == line[2:3]]
    assert names == ["steps_per_epoch", "lr", "train_loss", "train_accuracy", "valid_loss"], text
    assert "0.01428" in text and "(-0.0571)" in text, text
