"""Two people's clones of one project on a lab's shared server.

Alice's clone and Bob's are not one person's worktrees: Bob's experiment, pulled into
Alice's clone, is his as it would be from his laptop (its record here is the one her
credo counts), where one of Alice's own other clones keeps its record. Each clone has
its own git identity (`git config user.email`), as two people's do.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.store.paths import host_name

from repos import git, shared_board

Credo = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def lab(tmp_path: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Alice's clone and Bob's, side by side on this host, each with its own identity."""
    alice, bob = shared_board(tmp_path, credo)
    monkeypatch.delenv("GIT_AUTHOR_EMAIL")  # from here, each clone's config says who
    git(alice, "config", "user.email", "alice@lab.org")
    git(bob, "config", "user.email", "bob@lab.org")
    return alice, bob


def started_and_pulled(where: Path, into: Path, credo: Credo) -> str:
    """An experiment started in the clone `where`, pushed, and pulled into `into`: its id."""
    started = credo(where, "exp", "start", "warmup helps", "-b", "1h")
    assert started.returncode == 0, started.stderr
    pushed_and_pulled(where, into, "Start an experiment")
    [path] = (where / ".credo" / "experiments").glob("*.toml")
    return path.stem


def pushed_and_pulled(where: Path, into: Path, message: str) -> None:
    """Everything of the clone `where` committed (`message`), pushed, and pulled into `into`."""
    git(where, "add", "-A")
    git(where, "commit", "-q", "-m", message)
    git(where, "pull", "-q", "--no-rebase", "origin", "main")
    git(where, "push", "-q", "origin", "HEAD:main")
    git(into, "pull", "-q", "--no-rebase", "origin", "main")


def record(project: Path, exp_id: str) -> dict[str, object]:
    return tomllib.loads((project / ".credo" / "experiments" / f"{exp_id}.toml").read_text())


def test_bobs_experiment_is_changed_in_alices_clone_as_one_from_his_laptop(
    lab: tuple[Path, Path], credo: Credo
) -> None:
    """Alice's `credo exp extend` was refused with "is running in ../bob: change it there
    (cd ../bob)", a folder of Bob's; `credo exp ls` said it ran there."""
    alice, bob = lab
    exp_id = started_and_pulled(bob, alice, credo)
    listed = credo(alice, "exp", "ls")
    row = next(line for line in listed.stdout.splitlines() if "warmup helps" in line)
    assert "running" in row and "running in" not in row
    extended = credo(alice, "exp", "extend", exp_id[:8], "30m", "--reason", "one more epoch")
    assert extended.returncode == 0, extended.stderr
    assert len(record(alice, exp_id)["extensions"]) == 1  # type: ignore[arg-type]
    assert record(bob, exp_id)["extensions"] == []  # his record is his
    place = record(bob, exp_id)["place"]
    assert place == {"host": host_name(), "project": str(bob), "by": "bob@lab.org"}


def test_one_persons_other_clone_on_this_host_still_holds_the_record(
    lab: tuple[Path, Path], credo: Credo, tmp_path: Path
) -> None:
    """The same identity in a second clone of Alice's: her record there counts."""
    alice, _ = lab
    again = tmp_path / "alice-2"
    git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), str(again))
    git(again, "config", "user.email", "alice@lab.org")
    exp_id = started_and_pulled(again, alice, credo)
    extended = credo(alice, "exp", "extend", exp_id[:8], "30m")
    assert extended.returncode == 1
    assert "is running in ../alice-2: change it there (cd ../alice-2)" in extended.stderr


def test_a_record_that_names_no_one_is_read_as_before(lab: tuple[Path, Path], credo: Credo) -> None:
    """One an older credo wrote (no `by`): it is taken as one of my own clones', as it
    was, and reading it rewrites nothing."""
    alice, bob = lab
    exp_id = started_and_pulled(bob, alice, credo)
    path = alice / ".credo" / "experiments" / f"{exp_id}.toml"
    text = path.read_text().replace('by = "bob@lab.org"\n', "")
    assert "by =" not in text
    path.write_text(text)
    listed = credo(alice, "exp", "ls")
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if "warmup helps" in line)
    assert "running in ../bob" in row
    assert path.read_text() == text


def test_alices_commits_name_bobs_experiment_as_one_from_his_laptop(
    lab: tuple[Path, Path], credo: Credo
) -> None:
    """The commit hook left it out, as running in ../bob; from the small file too (which
    now says who started it there)."""
    alice, bob = lab
    assert credo(alice, "hooks", "install").returncode == 0
    exp_id = started_and_pulled(bob, alice, credo)
    for name in ("a.py", "b.py"):  # the full answer, then the small file it wrote
        (alice / name).write_text("x\n")
        git(alice, "add", name)
        git(alice, "commit", "-q", "-m", f"Add {name}")
        assert f"Credo-Experiment: {exp_id}" in git(alice, "log", "-1", "--format=%B"), name


WAIT_FOR_GO = """
import os, time
print("waiting", flush=True)
deadline = time.monotonic() + 120
while not os.path.exists("go") and time.monotonic() < deadline:
    time.sleep(0.05)
"""


def run_pulled_while_going(where: Path, into: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A `credo run` under way in the clone `where`, its record committed, pushed and
    pulled into `into` while it runs: the process (it ends once `go` is made in `where`)
    and the run's id."""
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "credo"), "run", "--skip-gate", "--"]
        + [sys.executable, "-c", WAIT_FOR_GO],
        cwd=where,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    while proc.stdout.readline() not in (b"waiting\n", b""):
        pass
    pushed_and_pulled(where, into, "A run under way")
    [folder] = (where / ".credo" / "runs").glob("[!.]*")
    return proc, folder.name


def run_state(credo: Credo, project: Path) -> str:
    """The one run's state as `credo runs ls` says it (the table's words: its JSON)."""
    listed = credo(project, "runs", "ls", "--json")
    assert listed.returncode == 0, listed.stderr
    [run] = json.loads(listed.stdout)
    return str(run["state"])


def test_bobs_run_in_alices_clone_is_his_to_judge_as_one_from_his_laptop(
    lab: tuple[Path, Path], credo: Credo
) -> None:
    """Bob's run, pulled into Alice's clone while it ran: her credo looked up his pid and
    said "running in ../bob", then, once his credo ended, "running? (its credo in ../bob
    ended ...)" with a folder of Bob's to commit in; once his clone moved, her credo
    wrote his run lost in her clone (a change for her to commit, against his end). His
    run now records who ran it, and her credo judges it as one from his laptop: running
    on this host with its last sign, and never written here."""
    alice, bob = lab
    proc, run_id = run_pulled_while_going(bob, alice)
    try:
        record_path = alice / ".credo" / "runs" / run_id / "run.toml"
        runner = tomllib.loads(record_path.read_text())["runner"]
        assert runner["by"] == "bob@lab.org" and runner["project"] == str(bob)
        going = f"running on {host_name()} (last sign"
        assert going in run_state(credo, alice)  # not "running in ../bob"
    finally:
        (bob / "go").write_text("")
        assert proc.wait(timeout=120) == 0
    assert going in run_state(credo, alice)  # not "running? (its credo in ../bob ended ..."
    bob.rename(bob.with_name("bob-moved"))
    assert going in run_state(credo, alice)
    assert tomllib.loads(record_path.read_text())["status"] == "running"  # his end to tell
    assert git(alice, "status", "--porcelain") == ""


def test_a_run_record_that_names_no_one_is_read_as_before(
    lab: tuple[Path, Path], credo: Credo
) -> None:
    """One an older credo wrote (no `by`): a copy of a run of one of my own clones."""
    alice, bob = lab
    proc, run_id = run_pulled_while_going(bob, alice)
    record_path = alice / ".credo" / "runs" / run_id / "run.toml"
    record_path.write_text(record_path.read_text().replace('by = "bob@lab.org"\n', ""))
    try:
        assert "running in ../bob" in run_state(credo, alice)
    finally:
        (bob / "go").write_text("")
        assert proc.wait(timeout=120) == 0
    assert "running? (its credo in ../bob ended" in run_state(credo, alice)
