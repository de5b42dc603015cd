"""Shared settings that point outside the project: refused, and nothing from there recorded."""

from __future__ import annotations

import tomllib
from pathlib import Path

from teammates import Link, Team

from credo.domain.models import Run
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.data import DataScreen
from pilots import settle

PATCH_OUT = (
    'id = "r000aaaabbbbcccc"\ncommand = ["train"]\n[git_start]\n'
    'patch = "../../../../outside/secret.txt"\npatch_status = "whole"\n'
)


def run_record(team: Team, *args: str) -> tuple[str, object]:
    """Run a short command in Bob's clone; returns the run.toml it saved, and the result."""
    ran = team.credo(
        "run",
        "--skip-gate",
        "--hypothesis",
        "h",
        *args,
        "--",
        "python3",
        "-c",
        "print(1)",
    )
    assert ran.returncode == 0, ran.stderr
    runs = sorted((team.bob / ".credo" / "runs").glob("*/run.toml"))
    return runs[-1].read_text(), ran


def test_data_paths_outside_the_project_or_not_files_are_refused(team: Team) -> None:
    secret = team.outside / "secret.txt"
    config = (
        f'data_paths = ["{secret}", "../outside/secret.txt", "zero", "data", "secret-link"]\n'
        'tensorboard_dir = "../outside"\n'
    )
    team.commit(
        {
            ".credo/config.toml": config,
            "zero": Link("/dev/zero"),
            "secret-link": Link(str(secret)),
            "data/train.csv": "a,b\n1,2\n",
            "data/zero.bin": Link("/dev/zero"),
            "data/secret.txt": Link(str(secret)),
        },
        "Track our data",
    )
    team.pull()
    record, ran = run_record(team)
    data = tomllib.loads(record)["data"]
    for name in (str(secret), "../outside/secret.txt", "zero", "secret-link"):
        assert data[name] == "refused: resolves outside the project"  # no size, no hash
    assert data["data"].startswith("blake2b:") and " files=1 " in data["data"]  # train.csv
    assert "tensorboard_dir '../outside' resolves to" in record
    team.check(ran)  # type: ignore[arg-type]


def test_a_saved_diff_path_that_leads_out_is_a_problem_not_a_read(team: Team) -> None:
    team.commit({".credo/runs/r000aaaabbbbcccc/run.toml": PATCH_OUT})
    team.pull()
    problems = Store.open(team.bob).load(Run).problems
    assert "field 'git_start.patch'" in problems["r000aaaabbbbcccc"].message
    shown = team.credo("report", "--format", "json")
    team.check(shown)


def test_credentials_in_the_remote_url_are_not_recorded(team: Team, tmp_path: Path) -> None:
    team.pull()
    team.run(team.bob, "git", "remote", "set-url", "origin", "https://bob:s3cret@example.com/x.git")
    record, ran = run_record(team)
    assert "s3cret" not in record and 'remote = "https://example.com/x.git"' in record
    team.check(ran)  # type: ignore[arg-type]


def test_a_file_name_with_a_line_break_is_shown_on_one_line(team: Team) -> None:
    """A folder-per-class tree shows each file by its path: a name holding a line break
    and an escape would forge a file of its own under it, and reach the terminal raw."""
    forged = "2.png\x1b[2J\nforged.png  (9 bytes)"
    team.commit(
        {
            **{f"data/{split}/cat/{forged}": "" for split in ("train", "valid")},
            "data/train/dog/3.png": "a dog\n",
            "data/valid/dog/4.png": "a dog\n",
            "kept/train/dog/3.png": "a dog\n",
        }
    )
    team.pull()
    shown = "2.png\\x1b[2J\\x0aforged.png  (9 bytes)"
    looked = team.credo("data", "look", "data/train")
    overlap = team.credo("data", "overlap", "data/train", "data/valid")
    diff = team.credo("data", "diff", "data/train", "kept/train")
    for result, code in ((looked, 0), (overlap, 1), (diff, 0)):  # overlap: leaks found
        assert result.returncode == code, result.stderr
        lines = result.stdout.splitlines()
        assert any(shown in line for line in lines), lines
        assert not any(line.startswith("forged.png") for line in lines), lines
    team.check(looked, overlap, diff)


def test_a_shards_name_with_a_line_break_is_shown_on_one_line(team: Team) -> None:
    """Samples, matches and bad rows of a folder of shards name the shard they come from:
    a shard's name holding a line break and an escape would forge a line of its own."""
    forged = "part-00001\x1b[2J\nforged.jsonl"
    record = '{"text": "same words", "label": "cat"}\n'
    team.commit({f"data/train/{forged}": record * 3, "data/valid/part-00000.jsonl": record})
    team.pull()
    shown = "part-00001\\x1b[2J\\x0aforged.jsonl line 1"
    looked = team.credo("data", "look", "data/train/")
    overlap = team.credo("data", "overlap", "data/valid/", "data/train/", "--key", "text")
    for result, code in ((looked, 0), (overlap, 1)):  # overlap: leaks found
        assert result.returncode == code, result.stderr
        lines = result.stdout.splitlines()
        assert any(shown in line for line in lines), lines
        assert not any(line.startswith("forged.jsonl") for line in lines), lines
    team.check(looked, overlap)


def test_evidence_that_names_a_file_outside_is_not_read(team: Team) -> None:
    """Data evidence holds while its files keep their fingerprints, taken again at each
    look: a teammate's record naming `../outside/secret.txt` had Bob's credo read and
    hash that file (and keep its digest in the cache), as a data path never is."""
    (team.alice / "data").mkdir()
    (team.alice / "data" / "t.jsonl").write_text('{"text": "a", "label": "x"}\n')
    looked = team.credo(
        "data", "look", "data/t.jsonl", "-n", "20", "--record", "data/raw-samples", who=team.alice
    )
    assert looked.returncode == 0, looked.stderr
    [record] = (team.alice / ".credo" / "evidence").glob("*.toml")
    text = record.read_text().replace('"data/t.jsonl" =', '"../outside/secret.txt" =')
    team.commit({f".credo/evidence/{record.name}": text})
    team.pull()
    status = team.credo("check", "data", "--status")
    assert "../outside/secret.txt" in status.stdout, status.stdout
    cache = team.bob / ".credo" / "cache" / "fingerprints.json"
    assert not cache.exists() or str(team.outside) not in cache.read_text()
    team.check(status)


async def test_the_data_screen_lists_no_data_path_outside_the_project(team: Team) -> None:
    """The Data screen lists (and counts the records of) the files under the data paths:
    a shared config's `../outside` had it list and read the files of a folder of Bob's,
    where a run's fingerprint refuses it."""
    team.commit(
        {
            ".credo/config.toml": 'data_paths = ["../outside", "data", "out"]\n',
            "data/t.jsonl": '{"a": 1}\n',
            "data/secret.txt": Link(str(team.outside / "secret.txt")),
            "out": Link(str(team.outside)),
        }
    )
    team.pull()
    app = CredoApp(Store.open(team.bob), refresh_seconds=60)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DataScreen)
        assert [f.name for f in screen.files] == ["data/t.jsonl"]
    team.check()
