"""A credo folder a teammate turned into a link (or a file): never read or written through."""

from __future__ import annotations

import subprocess

import pytest
from teammates import Link, Team

from credo.domain.models import RunStatus
from credo.store import Store
from processes import CREDO


def good_task(team: Team) -> str:
    """A task Alice adds with the attack: it must still load (when its folder is sound)."""
    return team.credo("add", "A sound task", who=team.alice).stdout.strip()


def test_a_cache_folder_linked_outside_is_never_written(team: Team) -> None:
    good_task(team)
    team.commit({".credo/cache": Link(str(team.outside / "bashrc.d"))}, "Share the cache")
    team.pull()
    listed, added = team.credo("ls"), team.credo("add", "More")
    logged = team.credo("log", added.stdout.strip())
    assert listed.returncode == 0 and "A sound task" in listed.stdout
    assert ".credo/cache: is a symbolic link" in listed.stderr
    assert added.returncode == 0
    team.check(listed, added, logged)


def test_a_tasks_folder_linked_outside_is_refused_and_the_rest_works(team: Team) -> None:
    (team.outside / "bashrc.d" / "evil.toml").write_text('id = "evil"\ntitle = "from outside"\n')
    team.commit({".credo/tasks": Link(str(team.outside / "bashrc.d"))}, "Move the tasks")
    team.pull()
    listed = team.credo("ls")
    assert listed.returncode == 0 and "from outside" not in listed.stdout
    assert ".credo/tasks: is a symbolic link" in listed.stderr
    added = team.credo("add", "Written where?")
    assert added.returncode == 1 and ".credo/tasks: is a symbolic link" in added.stderr
    refusal = [line for line in added.stderr.splitlines() if "no merge driver" not in line]
    assert len(refusal) == 1  # one clear line (besides the fresh clone's word on its driver)
    started = team.credo("exp", "start", "Other kinds still work", "-b", "10m")
    assert started.returncode == 0
    team.check(listed, added, started)


def test_a_runs_folder_linked_outside_stops_the_run_before_anything_is_written(
    team: Team,
) -> None:
    team.commit({".credo/runs": Link(str(team.outside / "bashrc.d"))}, "Runs elsewhere")
    team.pull()
    ran = team.credo(
        "run", "--skip-gate", "--hypothesis", "h", "--", "python3", "-c", "print('hi')"
    )
    assert ran.returncode == 125 and ".credo/runs: is a symbolic link" in ran.stderr
    team.check(ran, team.credo("exp", "ls"), team.credo("report", "--format", "md"))


def test_a_run_folder_linked_outside_is_one_problem(team: Team) -> None:
    run_toml = 'id = "run0aaaabbbbcccc"\ncommand = ["x"]\n'
    (team.outside / "bashrc.d" / "run.toml").write_text(run_toml)
    team.commit({".credo/runs/run0aaaabbbbcccc": Link(str(team.outside / "bashrc.d"))})
    team.pull()
    shown = team.credo("exp", "ls", "--json")
    reported = team.credo("report", "--format", "json")
    assert shown.returncode == 0 and reported.returncode == 0
    assert "run0aaaabbbbcccc" not in reported.stdout
    team.check(shown, reported)


def test_a_credo_folder_that_is_a_link_is_refused(team: Team) -> None:
    (team.outside / "bashrc.d" / "tasks").mkdir()
    team.commit({".credo": Link(str(team.outside / "bashrc.d"))}, "Keep credo elsewhere")
    team.pull()
    listed, added = team.credo("ls"), team.credo("add", "x")
    for result in (listed, added):
        assert result.returncode == 1 and ".credo: is a symbolic link" in result.stderr
    team.check(listed, added)


def test_a_credo_folder_committed_as_a_file_says_what_to_do(team: Team) -> None:
    """`credo ls` said "no credo project in ...: run `credo init` to start one", and
    `credo init` then refused the file it did not name."""
    team.commit({".credo": "not a folder\n"}, "Oops")
    team.pull()
    listed, added = team.credo("ls"), team.credo("add", "x")
    for result in (listed, added):
        assert result.returncode == 1
        assert result.stderr == (
            f"error: no credo project in {team.bob}: {team.bob / '.credo'} is a plain file, "
            "not a folder (a commit may have put it there): move it away, then run `credo "
            "init`\n"
        )
    team.check(listed, added)


@pytest.mark.parametrize(("command", "code"), [("ls", 1), ("run -- true", 125)], ids=["ls", "run"])
def test_a_current_folder_removed_under_the_shell_says_what_to_do(
    store: Store, command: str, code: int
) -> None:
    """In a folder of the project that a checkout (or an rm) removed while the shell
    stood in it, every command, `credo run` too, ended in a Python traceback
    (FileNotFoundError) naming nothing: one line says it now, and what to do."""
    (store.project_root / "notes").mkdir()
    shell = f"cd notes && rmdir ../notes && exec {CREDO} {command}"
    result = subprocess.run(
        ["sh", "-c", shell], cwd=store.project_root, capture_output=True, text=True, check=False
    )
    assert result.returncode == code, result.stderr
    assert result.stderr == (
        "error: the current folder no longer exists (removed since the shell went into it: "
        "a checkout, an rm): cd into the project again\n"
    )
    assert list((store.credo_dir / "runs").glob("*")) == []


def test_a_tasks_folder_committed_as_a_file_is_one_problem(team: Team) -> None:
    team.commit({".credo/tasks": "not a folder\n"}, "Oops")
    team.pull()
    listed = team.credo("ls")
    assert listed.returncode == 0
    assert ".credo/tasks: is a plain file, not a real folder" in listed.stderr
    started = team.credo("exp", "start", "Still works", "-b", "5m")
    board = team.credo("report", "--format", "md")
    assert started.returncode == 0 and "Still works" in board.stdout
    team.check(listed, started, board)


def test_a_committed_write_lock_link_neither_blocks_writes_nor_is_followed(team: Team) -> None:
    team.commit({".credo/cache/write.lock": Link(str(team.outside / "secret.txt"))}, "lock")
    team.pull()
    added = team.credo("add", "Locked?")
    done = team.credo("done", added.stdout.strip())
    assert added.returncode == 0 and done.returncode == 0
    team.check(added, done)


def test_a_committed_agents_journal_link_is_neither_read_nor_written(team: Team) -> None:
    from credo.actions import add_task
    from credo.actions.journal import record
    from credo.store import Store

    secret = team.outside / "secret.txt"
    team.commit({".credo/cache/journal.jsonl": Link(str(secret))}, "Share the journal")
    team.pull()
    store = Store.open(team.bob)
    _, changes = add_task(store, "An agent's task")
    record(store, "agent:claude", "added a task", changes)  # not through the link
    reported = team.credo("report", "--format", "md")
    assert reported.returncode == 0 and "An agent's task" in reported.stdout
    zero = team.bob / ".credo" / "cache" / "journal.jsonl"
    zero.unlink()
    zero.symlink_to("/dev/zero")
    again = team.credo("report", "--format", "md")  # would read forever
    assert again.returncode == 0
    team.check(reported, again)


@pytest.mark.parametrize("kind", ["file", "link"])
def test_a_cache_that_is_no_folder_leaves_runs_going(team: Team, kind: str) -> None:
    """`.credo/.gitignore` leaves out the folder `cache/`, not a file of that name: with a
    file (or a link) committed there every command said credo works without its cache, and
    every `credo run` wrote its record, then stopped with an error (exit 125) before the
    command ran, the record left running, to be counted lost."""
    cache = "not a folder\n" if kind == "file" else Link(str(team.outside / "bashrc.d"))
    team.commit({".credo/cache": cache}, "Share the cache")
    team.pull()
    ran = team.credo(
        "run", "--skip-gate", "--hypothesis", "h", "--", "python3", "-c", "print('hi')"
    )
    assert ran.returncode == 0, ran.stderr
    assert "hi" in ran.stdout
    assert "credo works without its cache, only slower" in ran.stderr
    [run] = Store.open(team.bob).runs()
    assert run.status == RunStatus.SUCCEEDED
    team.check(ran)


def test_a_cache_folder_linked_outside_is_not_where_fingerprints_go(team: Team) -> None:
    """The gate and a run fingerprint the data through the cache: the linked folder is
    neither read (a planted cache could name any digest) nor written."""
    planted = team.outside / "bashrc.d" / "fingerprints.json"
    planted.write_text('{"lies": ["0", "blake2b:planted"]}')
    team.commit(
        {
            ".credo/config.toml": 'data_paths = ["data"]\n',
            "data/train.csv": "a,b\n1,2\n",
            ".credo/cache": Link(str(team.outside / "bashrc.d")),
        },
        "Share the cache",
    )
    team.pull()
    looked = team.credo("data", "look")
    ran = team.credo(
        "run", "--skip-gate", "--hypothesis", "h", "--", "python3", "-c", "print('hi')"
    )
    assert ".credo/cache: is a symbolic link" in ran.stderr  # said, and nothing written
    team.check(looked, ran)
