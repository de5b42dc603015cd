"""Data fingerprints on by default: init proposes the data, runs record it through a cache,
and a comparison with a baseline trained on other data says so."""

from __future__ import annotations

import json
import os
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from credo.data.discover import propose_data_paths
from credo.runs import fingerprint
from credo.runs.fingerprint import project_fingerprints
from credo.store import Store

Credo = Callable[..., CompletedProcess[str]]
PY = sys.executable


def ok(result: CompletedProcess[str]) -> CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def make_big(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)  # sparse: big on paper, instant to make


def test_init_proposes_the_data_it_finds(repo: Path, credo: Credo) -> None:
    (repo / "data").mkdir()
    (repo / "data" / "train.jsonl").write_text("{}\n")
    (repo / "experiments" / "datasets").mkdir(parents=True)
    make_big(repo / "checkpoints" / "corpus.bin", 60 * 1024 * 1024)
    make_big(repo / "data" / "huge.bin", 60 * 1024 * 1024)  # inside a proposed folder
    make_big(repo / ".venv" / "data" / "wheel.bin", 60 * 1024 * 1024)  # a tool's folder
    (repo / "small.csv").write_text("a,b\n")
    shown = ok(credo(repo, "init")).stdout
    expected = ["checkpoints/corpus.bin", "data/", "experiments/datasets/"]
    assert f"Data fingerprinted with every run: {', '.join(expected)}" in shown
    config = tomllib.loads((repo / ".credo" / "config.toml").read_text())
    assert config["data_paths"] == expected
    assert "# Files and folders" in (repo / ".credo" / "config.toml").read_text()
    again = json.loads(ok(credo(repo, "init", "--json")).stdout)
    assert again["created"] is False and again["data_paths"] == expected


def test_data_linked_to_a_scratch_disk_is_fingerprinted_and_listed(
    repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """`data -> /scratch/me/data`, a link made in this clone, is how a cluster keeps its
    data: init proposed it and promised fingerprints, then every run recorded it
    'refused: resolves outside the project' and the Data screen listed nothing. A link
    git does not track is the user's own; a committed one stays refused (tests/hostile)."""
    from credo.data.discover import data_files

    scratch = tmp_path / "scratch" / "ptvid"
    scratch.mkdir(parents=True)
    (scratch / "train.jsonl").write_text('{"text": "a", "label": "x"}\n')
    (repo / "data").symlink_to(scratch)
    assert "Data fingerprinted with every run: data/" in ok(credo(repo, "init")).stdout
    ok(credo(repo, "run", "--", PY, "-c", "pass"))
    [run] = json.loads(ok(credo(repo, "runs", "ls", "--json")).stdout)
    assert run["data"]["data/"].startswith("blake2b:"), run["data"]
    assert [f.name for f in data_files(repo, ["data/"])] == ["data/train.jsonl"]
    git_add = ["git", "-C", str(repo), "add", "data"]
    assert os.spawnvp(os.P_WAIT, "git", git_add) == 0  # now a link a commit shares
    assert project_fingerprints(Store(repo))["data/"] == "refused: resolves outside the project"
    assert data_files(repo, ["data/"]) == []


def test_init_without_data_says_where_to_list_it(tmp_path: Path, credo: Credo) -> None:
    shown = ok(credo(tmp_path, "init")).stdout
    assert "No data folder found: list yours in data_paths in .credo/config.toml" in shown
    assert propose_data_paths(tmp_path) == []
    # Data added later: init run again said only "Already set up", as if it had none.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.csv").write_text("x,label\n1,0\n")
    again = ok(credo(tmp_path, "init")).stdout
    assert again.splitlines()[1] == (
        "Data found, not fingerprinted: data/ (list it in data_paths in .credo/config.toml)"
    )
    config = tmp_path / ".credo" / "config.toml"
    config.write_text(config.read_text().replace("data_paths = []", 'data_paths = ["corpus"]'))
    assert "Data found" not in ok(credo(tmp_path, "init")).stdout  # the list is yours


def test_runs_fingerprint_through_the_cache(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    data = store.project_root / "data"
    data.mkdir()
    (data / "train.jsonl").write_text('{"text": "a"}\n')
    config = store.credo_dir / "config.toml"
    config.write_text(config.read_text().replace("data_paths = []", 'data_paths = ["data/"]'))
    store = Store(store.project_root)
    reads: list[Path] = []
    real = fingerprint.fingerprint_path
    monkeypatch.setattr(
        fingerprint, "fingerprint_path", lambda path: reads.append(path) or real(path)
    )
    first = project_fingerprints(store)
    assert list(first) == ["data/"] and first["data/"].startswith("blake2b:")
    assert (store.credo_dir / "cache" / "fingerprints.json").exists()
    assert project_fingerprints(store) == first and len(reads) == 1  # only stats the 2nd time
    (data / "valid.jsonl").write_text('{"text": "b"}\n')
    changed = project_fingerprints(store)
    assert len(reads) == 2 and changed["data/"] != first["data/"]


def test_comparing_with_a_baseline_on_other_data_warns(
    store: Store, repo: Path, credo: Credo
) -> None:
    config = store.credo_dir / "config.toml"
    text = config.read_text().replace('"training-recipe",', "")
    config.write_text(text.replace("data_paths = []", 'data_paths = ["data/train.jsonl"]'))
    train = repo / "data" / "train.jsonl"
    train.parent.mkdir()
    train.write_text('{"text": "one"}\n')
    base = "from credo import log_metric; log_metric(step=1, acc=0.80)"
    ok(credo(repo, "run", "--hypothesis", "baseline", "--", PY, "-c", base))
    first = json.loads(ok(credo(repo, "exp", "ls", "--json")).stdout)[0]
    ok(credo(repo, "exp", "stop", "-o", "confirmed", "-l", "learnt"))
    ok(credo(repo, "exp", "baseline", first["short_id"]))
    train.write_text('{"text": "one"}\n{"text": "two, filtered differently"}\n')
    new = "from credo import log_metric; log_metric(step=1, acc=0.85)"
    ok(credo(repo, "run", "--hypothesis", "cleaner data", "--", PY, "-c", new))
    shown = json.loads(ok(credo(repo, "exp", "show", "--json")).stdout)
    warning = shown["vs_baseline"]["data_warning"]
    assert warning.startswith("this run used data ")
    assert warning.endswith(": the comparison may not be fair (data/train.jsonl differs)")
    text = ok(credo(repo, "exp", "show")).stdout
    assert "⚠ this run used data" in text
    report = ok(credo(repo, "report", "--format", "md")).stdout
    assert "the comparison may not be fair" in report
    rows = json.loads(ok(credo(repo, "report", "--format", "json")).stdout)["runs"]
    assert [bool(r["data_warning"]) for r in rows] == [False, True]


def test_same_data_gives_no_warning(store: Store, repo: Path, credo: Credo) -> None:
    config = store.credo_dir / "config.toml"
    text = config.read_text().replace('"training-recipe",', "")
    config.write_text(text.replace("data_paths = []", 'data_paths = ["data/"]'))
    (repo / "data").mkdir()
    (repo / "data" / "train.jsonl").write_text('{"text": "one"}\n')
    ok(
        credo(
            repo,
            "run",
            "--hypothesis",
            "b",
            "--",
            PY,
            "-c",
            "from credo import log_metric; log_metric(step=1, acc=0.8)",
        )
    )
    short = json.loads(ok(credo(repo, "exp", "ls", "--json")).stdout)[0]["short_id"]
    ok(credo(repo, "exp", "stop", "-o", "confirmed", "-l", "learnt"))
    ok(credo(repo, "exp", "baseline", short))
    ok(
        credo(
            repo,
            "run",
            "--hypothesis",
            "n",
            "--",
            PY,
            "-c",
            "from credo import log_metric; log_metric(step=1, acc=0.9)",
        )
    )
    shown = json.loads(ok(credo(repo, "exp", "show", "--json")).stdout)
    assert shown["vs_baseline"]["data_warning"] is None
    assert "may not be fair" not in ok(credo(repo, "exp", "show")).stdout


def test_the_paths_that_differ_are_those_whose_contents_differ(tmp_path: Path) -> None:
    (tmp_path / "train.csv").write_text("a,b\n1,2\n")
    (tmp_path / "valid.csv").write_text("a,b\n3,4\n")
    train, valid = (fingerprint.fingerprint_path(tmp_path / n) for n in ("train.csv", "valid.csv"))
    os.utime(tmp_path / "train.csv", (1_000_000, 1_000_000))  # the same bytes, touched
    copy = fingerprint.fingerprint_path(tmp_path / "train.csv")
    assert copy != train and fingerprint.digest_of(copy) == fingerprint.digest_of(train)

    first = {"data/train.csv": train, "data/valid.csv": valid}
    assert fingerprint.differing_paths(first, {**first, "data/train.csv": copy}) == []
    changed = {"data/train.csv": valid, "data/valid.csv": valid, "data/test.csv": train}
    assert fingerprint.differing_paths(first, first, changed) == ["data/test.csv", "data/train.csv"]
    assert fingerprint.differing_paths(first) == []
