"""Every number the demo shows is one its code gives.

Each recorded run is replayed at its commit in a built demo (the sample's scripts are
pure Python and take seconds) and must log the same metrics and params, print the same
output and end the same way as the run record the demo holds; each recorded `credo data`
result is run again and must read the same. Counts must be equal; other floats equal
within 1e-9 (relative), printed numbers within one unit of their last digit, so that
another machine's libm cannot fail the test while any real change does.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from replay import checkout, data_result, home, run_command

from credo.demo import DemoBuild, build_demo, load_history, samples_dir
from credo.domain.models import Experiment, Run, RunStatus
from credo.runs.fingerprint import digest_of
from credo.runs.metrics import read_metrics
from credo.store import Store

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
SAMPLES = ("ptvid", "mnist-from-scratch")
RUNS = [(s, r.key) for s in SAMPLES for r in load_history(samples_dir() / s).run]
EVIDENCE = [(s, e.key) for s in SAMPLES for e in load_history(samples_dir() / s).evidence]
_NUMBER = re.compile(r"(-?\d+\.\d+)")


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DemoBuild]:
    base = tmp_path_factory.mktemp("truth")
    return {s: build_demo(base / s, sample=s, now=NOW) for s in SAMPLES}


def same_number(recorded: float, replayed: float) -> bool:
    if float(recorded).is_integer():
        return recorded == replayed  # a count
    return math.isclose(recorded, replayed, rel_tol=1e-9, abs_tol=1e-12)


def same_output(recorded: str, replayed: str) -> bool:
    """The same text, printed numbers within one unit of their last digit."""
    ours, theirs = _NUMBER.split(recorded), _NUMBER.split(replayed)
    if len(ours) != len(theirs):
        return False
    for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if index % 2 == 0:
            if a != b:
                return False
        elif abs(float(a) - float(b)) > 1.01 * 10 ** -len(a.split(".")[1]):
            return False
    return True


@pytest.mark.parametrize(("sample", "key"), RUNS, ids=[f"{s}:{k}" for s, k in RUNS])
def test_each_run_is_what_its_code_gives(
    demos: dict[str, DemoBuild], sample: str, key: str, tmp_path: Path
) -> None:
    built = demos[sample]
    history = load_history(samples_dir() / sample)
    [spec] = [r for r in history.run if r.key == key]
    store = Store.open(built.path)
    run = store.load(Run).items[built.ids[key]]
    shown = store.run_folder(run.id)
    code = checkout(built.path, built.commits[spec.commit], tmp_path / "repo")
    replayed = run_command(code, spec.command, home(history, spec))

    assert run.exit_code == replayed.exit_code
    assert run.status == (RunStatus.SUCCEEDED if replayed.exit_code == 0 else RunStatus.FAILED)
    assert same_output((shown / "output.log").read_text(), replayed.output)
    assert (shown / "params.jsonl").read_text() == replayed.params
    logged = [json.loads(line) for line in (shown / "metrics.jsonl").read_text().splitlines()]
    assert len(logged) == len(replayed.metrics)
    for then, now in zip(logged, replayed.metrics, strict=True):
        assert then.keys() == now.keys() and then["step"] == now["step"]
        for name in then.keys() - {"step", "time"}:
            assert same_number(then[name], now[name]), (name, then, now)
    last: dict[str, float] = {}
    for record in replayed.metrics:
        last |= {k: v for k, v in record.items() if k not in ("step", "time")}
    assert run.metrics.keys() == last.keys()
    assert all(same_number(run.metrics[k], last[k]) for k in last)
    assert run.metrics == read_metrics(shown / "metrics.jsonl").last()
    for line in replayed.params.splitlines():
        assert json.loads(line).items() <= run.params.items()
    assert run.machine and run.machine.host == history.machines[spec.by].host
    assert run.git_start and run.git_start.sha == built.commits[spec.commit]


def test_a_failed_run_fails_with_the_error_its_code_raises(
    demos: dict[str, DemoBuild],
) -> None:
    store = Store.open(demos["ptvid"].path)
    [failed] = [r for r in store.runs() if r.status == RunStatus.FAILED]
    assert failed.exit_code == 1 and failed.params["rung"] == "overfit-one"
    log = (store.run_folder(failed.id) / "output.log").read_text()
    assert log.splitlines()[-1] == "ZeroDivisionError: float division by zero"
    assert 'File "/home/ana/ptvid/train.py"' in log


@pytest.mark.parametrize(("sample", "key"), EVIDENCE, ids=[f"{s}:{k}" for s, k in EVIDENCE])
def test_each_data_result_is_what_credo_data_gives(
    demos: dict[str, DemoBuild], sample: str, key: str, tmp_path: Path
) -> None:
    pytest.importorskip("duckdb")
    built = demos[sample]
    [spec] = [e for e in load_history(samples_dir() / sample).evidence if e.key == key]
    shown = next(e for e in Store.open(built.path).evidence() if e.id == built.ids[key])
    code = checkout(built.path, built.commits[spec.commit], tmp_path / "repo")
    found = data_result(code, spec.command)
    assert (shown.passed, shown.summary, shown.details) == (
        found["passed"],
        found["summary"],
        found["details"],
    )
    assert sorted(shown.fingerprints) == found["files"]
    assert shown.command == shlex.split(spec.command)


def test_committed_clean_data_is_what_prepare_makes(
    demos: dict[str, DemoBuild], tmp_path: Path
) -> None:
    built = demos["ptvid"]
    checked = 0
    for key, sha in built.commits.items():
        code = checkout(built.path, sha, tmp_path / key)
        if not (code / "prepare.py").exists():
            continue
        committed = (code / "data" / "clean.jsonl").read_bytes()
        subprocess.run([sys.executable, "prepare.py"], cwd=code, check=True, capture_output=True)
        assert (code / "data" / "clean.jsonl").read_bytes() == committed, key
        checked += 1
        shutil.rmtree(code)
    assert checked == 11  # from the commit that wrote prepare.py on


def _module(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_data_is_what_the_seeded_generators_write(tmp_path: Path) -> None:
    corpus = _module(samples_dir() / "ptvid" / "make_corpus.py")
    written = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus.build())
    assert written == (samples_dir() / "ptvid" / "files" / "data" / "raw.jsonl").read_text()
    digits = samples_dir() / "mnist-from-scratch" / "files"
    shutil.copy(digits / "make_digits.py", tmp_path)
    subprocess.run(
        [sys.executable, "make_digits.py"], cwd=tmp_path, check=True, capture_output=True
    )
    assert (tmp_path / "data" / "digits.csv").read_bytes() == (
        digits / "data" / "digits.csv"
    ).read_bytes()


def test_the_baseline_is_the_best_approach_on_its_data(demos: dict[str, DemoBuild]) -> None:
    store = Store.open(demos["ptvid"].path)
    [baseline] = [e for e in store.experiments() if e.baseline]
    runs = [r for r in store.runs() if r.status == RunStatus.SUCCEEDED]
    theirs = [r for r in runs if r.experiment == baseline.id]
    best = max(r.metrics["valid_acc"] for r in theirs)
    data = {digest_of(r.data["data"]) for r in theirs}
    rivals = [r for r in runs if digest_of(r.data["data"]) in data and r not in theirs]
    assert len({r.experiment for r in rivals}) >= 2  # naive Bayes and the sweep
    assert all(r.metrics["valid_acc"] < best for r in rivals)
    # on older data (the names unmasked) a higher number stands, and the learning says why
    assert max(r.metrics["valid_acc"] for r in runs) > best
    assert "what the names were worth" in baseline.learning


def test_every_number_the_story_tells_was_logged(demos: dict[str, DemoBuild]) -> None:
    """Each 0.xxx in the experiments, task notes, NOTES.md and README.md is a value
    some recorded run logged (any point of its curves), to the digits written."""
    for sample, built in demos.items():
        store = Store.open(built.path)
        logged: set[float] = set()
        for run in store.runs():
            for line in (store.run_folder(run.id) / "metrics.jsonl").read_text().splitlines():
                logged |= {v for k, v in json.loads(line).items() if k not in ("step", "time")}
        texts = [f"{e.hypothesis} {e.learning}" for e in store.load(Experiment).items.values()]
        texts += [t.notes for t in store.tasks()]
        texts += [p.read_text() for p in built.path.glob("*.md")]
        claimed = {m for text in texts for m in re.findall(r"\b0\.\d{3}\b", text)}
        assert claimed or sample != "ptvid"
        for number in claimed:
            assert any(f"{value:.3f}" == number for value in logged), (sample, number)
