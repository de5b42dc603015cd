"""What teammates do to shared tasks: a broken file, closing commits, recurring tasks."""

from __future__ import annotations

import json
from datetime import date, timedelta

from teammates import Team

from credo.store import Store
from credo.ui.app import CredoApp
from pilots import settle

CONFLICTED = """id = "brok0000aaaabbbb"
<<<<<<< ours
title = "Mine"
=======
title = "Theirs"
>>>>>>> theirs
"""


def task_id(team: Team, title: str, *options: str, who: object = None) -> str:
    added = team.credo("add", title, *options, "--json", who=who)  # type: ignore[arg-type]
    assert added.returncode == 0, added.stderr
    return str(json.loads(added.stdout)["id"])


async def test_a_broken_task_and_a_closing_commit_take_down_nothing(team: Team) -> None:
    good = task_id(team, "Sound task", who=team.alice)
    team.commit({".credo/tasks/brok0000aaaabbbb.toml": CONFLICTED}, "A merge gone wrong")
    team.commit({"fix.py": "x = 1\n"}, f"Fixes brok0000aaaabbbb, closes {good[:8]}")
    team.pull()
    logged, shown = team.credo("log", good[:6]), team.credo("show", good[:6])
    assert logged.returncode == 0 and shown.returncode == 0
    assert "closes" in logged.stdout and "Sound task" in shown.stdout
    assert json.loads(team.credo("show", good[:6], "--json").stdout)["status"] == "done"
    broken = team.credo("show", "brok")
    assert broken.returncode == 1 and "has git conflict markers (line 2)" in broken.stderr
    app = CredoApp(Store.open(team.bob), refresh_seconds=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert set(app.screen.state.problems) == {"brok0000aaaabbbb"}  # type: ignore[attr-defined]
        await pilot.press("q")
    assert not app._exception
    team.check(logged, shown, broken)


def test_a_recurring_task_due_at_the_end_of_time_is_refused_whole(team: Team) -> None:
    far = task_id(team, "Renew the licence", "--every", "week", "--due", "2026-12-01")
    path = team.bob / ".credo" / "tasks" / f"{far}.toml"
    path.write_text(path.read_text().replace("due = 2026-12-01", "due = 9999-12-30"))
    before = path.read_bytes()
    done = team.credo("done", far[:6])
    assert done.returncode == 1 and "would fall after 9999-12-31" in done.stderr
    assert path.read_bytes() == before  # not marked done without its next occurrence
    assert len(list(path.parent.glob("*.toml"))) == 1
    team.pull()
    team.check(done)


def test_two_clones_completing_one_recurring_task_merge_into_one_next_occurrence(
    team: Team,
) -> None:
    weekly = task_id(
        team, "Weekly sync notes", "--every", "week", "--due", "2026-12-01", who=team.alice
    )
    team.commit({}, "A weekly task")
    team.pull()
    for who in (team.alice, team.bob):
        assert team.credo("hooks", "install", who=who).returncode == 0
    assert team.credo("done", weekly[:6], who=team.alice).returncode == 0
    assert team.credo("done", weekly[:6]).returncode == 0
    team.commit({}, "Alice did it")
    team.run(team.bob, "git", "add", "-A")
    team.run(team.bob, "git", "commit", "-q", "-m", "Bob did it too")
    team.pull()  # the two completions merge field by field, the next occurrences as one
    tasks = json.loads(team.credo("ls", "--all", "--json").stdout)
    open_ones = [t for t in tasks if t["status"] == "open"]
    next_due = date(2026, 12, 8)  # the series' Tuesdays: the first after today
    while next_due <= date.today():
        next_due += timedelta(weeks=1)
    assert len(open_ones) == 1 and open_ones[0]["due"] == next_due.isoformat()
    assert [t["status"] for t in tasks if t["id"] == weekly] == ["done"]
    text = "".join(p.read_text() for p in (team.bob / ".credo" / "tasks").glob("*.toml"))
    assert "<<<<<<<" not in text
    team.check()
