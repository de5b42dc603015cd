"""Files that would hang credo, exhaust its memory or crash it: each is one reported problem."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from teammates import CREDO, Link, Team

from credo.domain.models import Experiment, Task
from credo.store import Store
from credo.ui.app import CredoApp
from pilots import settle

SOUND_EXP = 'id = "e000aaaabbbbcccc"\nhypothesis = "Sound one"\ntimebox = "25m"\n'
RUN = (
    'id = "r000aaaabbbbcccc"\nexperiment = "e000aaaabbbbcccc"\ncommand = ["train"]\n'
    'started = 2026-11-01T10:00:00Z\nstatus = "succeeded"\n'
)


def sound_items(team: Team) -> str:
    """A task and an experiment that must keep loading next to the attack."""
    task = team.credo("add", "A sound task", who=team.alice).stdout.strip()
    (team.alice / ".credo" / "experiments" / "e000aaaabbbbcccc.toml").write_text(SOUND_EXP)
    return task


def with_stdin_held_open(team: Team, *args: str) -> subprocess.CompletedProcess[str]:
    """credo with a stdin that never ends (a terminal nobody types into)."""
    read_end, write_end = os.pipe()
    try:
        return subprocess.run(
            [CREDO, *args],
            cwd=team.bob,
            stdin=read_end,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(read_end)
        os.close(write_end)


def test_links_to_devices_are_refused_not_read(team: Team) -> None:
    sound_items(team)
    team.commit(
        {
            ".credo/tasks/zero0000.toml": Link("/dev/zero"),
            ".credo/tasks/rand0000.toml": Link("/dev/urandom"),
            ".credo/tasks/stdin000.toml": Link("/dev/stdin"),
            ".credo/config.toml": Link("/dev/urandom"),
            ".credo/checklists/zero.toml": Link("/dev/zero"),
            ".credo/runs/r000aaaabbbbcccc/run.toml": RUN,
            ".credo/runs/r000aaaabbbbcccc/metrics.jsonl": Link("/dev/zero"),
            ".credo/runs/r000aaaabbbbcccc/output.log": Link("/dev/zero"),
        },
        "Some links",
    )
    team.pull()
    listed = with_stdin_held_open(team, "ls")
    assert listed.returncode == 0 and "A sound task" in listed.stdout
    for name in ("zero0000", "rand0000", "stdin000"):
        assert f".credo/tasks/{name}.toml: is a symbolic link, not a plain file" in listed.stderr
    assert ".credo/config.toml: is a symbolic link" in listed.stderr
    results = [
        listed,
        team.credo("exp", "ls"),
        team.credo("exp", "show", "e000"),
        team.credo("check", "--list"),
        team.credo("report", "--format", "md"),
        team.credo("gate"),
    ]
    assert ".credo/checklists/zero.toml: is a symbolic link" in results[3].stderr
    assert "Sound one" in results[1].stdout and "Sound one" in results[2].stdout
    team.check(*results)


def test_a_big_file_is_refused_by_its_cap_at_once(team: Team) -> None:
    sound_items(team)
    team.commit({".credo/tasks/big00000.toml": b'title = "' + b"x" * (16 << 20) + b'"\n'})
    team.pull()
    start = time.monotonic()
    listed = team.credo("ls")
    assert time.monotonic() - start < 10  # refused from its size, never read
    assert "big00000.toml: is 16.0 MB, over credo's 1 MB cap for a task file" in listed.stderr
    assert "A sound task" in listed.stdout
    team.check(listed)


def test_link_loops_and_folders_named_like_files_are_reported(team: Team) -> None:
    sound_items(team)
    team.commit(
        {
            ".credo/tasks/loop0000.toml": Link("loop0000.toml"),
            ".credo/tasks/fold0000.toml/inside.txt": "a folder named like a task file\n",
            ".credo/runs/loop1111": Link("loop1111"),
        }
    )
    team.pull()
    listed, runs = team.credo("ls"), team.credo("exp", "show", "e000")
    assert ".credo/tasks/loop0000.toml: is a symbolic link" in listed.stderr
    assert ".credo/tasks/fold0000.toml: is a folder, not a plain file" in listed.stderr
    assert "A sound task" in listed.stdout and runs.returncode == 0
    team.check(listed, runs)


NESTED = "x = " + "[" * 500 + "]" * 500 + "\n"
BAD_EXPERIMENTS = {
    "e001": 'timebox = 1e300\nstatus = "running"\nstarted = 2026-11-01T10:00:00Z',
    "e002": 'timebox = inf\nstatus = "running"\nstarted = 2026-11-01T10:00:00Z',
    "e003": 'timebox = "99999999999d"',
    "e004": "timebox = -5",
    "e005": 'timebox = "25m"\nstatus = "paused"\npaused_seconds = 1e300\n'
    "started = 2026-11-01T10:00:00Z\npaused_at = 2026-11-01T11:00:00Z",
    "e006": 'timebox = "25m"\ncreated = 9999-12-31T23:59:59Z',
}


def tiny_bad_files() -> dict[str, str]:
    files = {".credo/tasks/deep0000.toml": 'id = "deep0000"\ntitle = "deep"\n' + NESTED}
    for key, body in BAD_EXPERIMENTS.items():
        item_id = f"{key}aaaabbbbcccc"
        files[f".credo/experiments/{item_id}.toml"] = (
            f'id = "{item_id}"\nhypothesis = "bad {key}"\n{body}\n'
        )
    files[".credo/runs/r000aaaabbbbcccc/run.toml"] = RUN + "timebox = 1e300\n"
    return files


def test_tiny_files_that_overflow_or_nest_are_problems_of_their_own(team: Team) -> None:
    sound_items(team)
    team.commit(tiny_bad_files(), "Tiny files")
    team.pull()
    listed = team.credo("ls")
    assert "deep0000.toml: nests tables or arrays more than 16 deep" in listed.stderr
    exps = team.credo("exp", "ls")
    for key in BAD_EXPERIMENTS:
        assert f"{key}aaaabbbbcccc.toml: field" in exps.stderr
    assert "limit of 366d" in exps.stderr and "should be longer than zero" in exps.stderr
    assert "Sound one" in exps.stdout
    results = [
        listed,
        exps,
        team.credo("exp", "show", "e000"),
        team.credo("report", "--format", "md"),
        team.credo("report", "--format", "json"),
        team.credo("run", "--skip-gate", "--hypothesis", "h", "--", "python3", "-c", "pass"),
    ]
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    team.check(*results)


async def test_the_board_and_the_log_show_the_rest_of_a_hostile_store(team: Team) -> None:
    sound_items(team)
    team.commit({**tiny_bad_files(), ".credo/tasks/zero0000.toml": Link("/dev/zero")})
    team.pull()
    store = Store.open(team.bob)
    app = CredoApp(store, refresh_seconds=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert [t.title for t in board.state.tasks.values()] == ["A sound task"]  # type: ignore[attr-defined]
        assert set(board.state.problems) == {"deep0000", "zero0000"}  # type: ignore[attr-defined]
        await pilot.press("E")
        await settle(pilot)
        shown = app.screen.experiments  # type: ignore[attr-defined]
        assert [e.hypothesis for e in shown.values()] == ["Sound one"]
        await pilot.press("q")
    assert app.return_code in (0, None)
    team.check()
    assert isinstance(store.load(Task).problems, dict) and store.load(Experiment).items


def test_a_committed_cache_that_nests_deeply_is_rebuilt(team: Team, tmp_path: Path) -> None:
    sound_items(team)
    team.commit({".credo/cache/commits.json": "[" * 100_000 + "]" * 100_000})
    team.pull()
    task = team.credo("ls", "--json").stdout.split('"id": "')[1][:16]
    logged = team.credo("log", task)
    assert logged.returncode == 0
    team.check(logged)
