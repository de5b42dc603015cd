"""`credo ls` as people see it: styled and fitted on a terminal, plain and aligned in a pipe."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.cells import cell_len

from terminal import ANSI

from repos import conflicted_merge

Credo = Callable[..., subprocess.CompletedProcess[str]]
CREDO = str(Path(sys.executable).parent / "credo")
# A title that wraps on any terminal, under the 300-character limit of a title.
LONG = "Look at raw samples " + " ".join(f"from domain {i}" for i in range(18))


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def board(repo: Path, credo: Credo) -> Path:
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Check label balance ! ^ #data due:tomorrow"))
    ok(credo(repo, "add", f"{LONG} ! ^ #data"))
    ok(credo(repo, "add", "データの確認 ! ^ #ja"))  # two cells per character
    ok(credo(repo, "add", "Overdue thing ^ due:2020-01-01"))
    ok(credo(repo, "add", "Read the paper #reading"))
    started = ok(credo(repo, "add", "Started one !")).strip()
    ok(credo(repo, "start", started))
    return repo


def on_terminal(cwd: Path, args: list[str], columns: int, env: dict[str, str]) -> str:
    """What `credo ARGS` writes to a terminal `columns` wide (escape codes kept)."""
    pid, master = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.execve(CREDO, [CREDO, *args], {**os.environ, "COLUMNS": str(columns), **env})
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.waitpid(pid, 0)
    os.close(master)
    return seen.decode().replace("\r", "")


def test_piped_each_task_is_one_plain_line_in_aligned_columns(board: Path, credo: Credo) -> None:
    out = ok(credo(board, "ls"))
    assert "\x1b" not in out  # no escape code in a pipe
    lines = out.splitlines()
    assert lines[0] == "Do (3) important, urgent"
    do = lines[1:4]
    assert any(LONG in line for line in do)  # the long title, whole, on its one line
    tags = [line.index("#") for line in do]
    assert len({cell_len(line[:at]) for line, at in zip(do, tags, strict=True)}) == 1
    assert all(line == line.rstrip() for line in lines)
    assert "Schedule (1) important, not urgent" in lines
    assert any("Started one  [in progress · " in line for line in lines)
    assert any("Overdue thing  " in line and "d overdue" in line for line in lines)
    assert any(line.endswith("@?") for line in lines)  # Delegate: no one yet


def test_each_quadrant_is_worded_one_way_by_add_and_ls(repo: Path, credo: Credo) -> None:
    """`credo add` said a task landed as `important, urgent → Do` where `credo ls` (and
    the board) headed Do `urgent & important`, and Eliminate `neither` where add said
    `not important, not urgent`: one matrix, two wordings. Both now say the quadrant's
    one hint."""
    ok(credo(repo, "init"))
    said = {}
    for flags, title in (("!^", "do"), ("!", "schedule"), ("^", "delegate"), ("", "drop")):
        added = credo(repo, "add", f"{title} {flags}".strip()).stderr.strip()
        words, _, label = added.partition(": ")[2].rpartition(" → ")
        said[label] = words
    headings = [line for line in ok(credo(repo, "ls")).splitlines() if line.endswith("urgent")]
    assert headings == [f"{label} (1) {words}" for label, words in said.items()], said
    assert said["Do"] == "important, urgent"


def test_ls_marks_tasks_as_the_board_does(repo: Path, credo: Credo) -> None:
    """`credo ls` had no mark for a repeating, a pinned or an in-progress task, which the
    board shows (↻ ★ ▶): the same marks, from the same place, plain in a pipe."""
    from datetime import date

    from credo.domain.models import Task
    from credo.store import Store

    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Weekly sync ! every:week"))
    pinned = ok(credo(repo, "add", "Read the loss curves !")).strip()
    started = ok(credo(repo, "add", "Overfit one batch !")).strip()
    ok(credo(repo, "add", "Plain one !"))
    ok(credo(repo, "start", started))
    store = Store.open(repo)  # no command pins (the board's t does): as it writes it
    for _ in range(2):  # again where midnight passed: `ls` stars the day's pins, not the last
        day = date.today()
        store.update(
            Task, store.resolve(Task, pinned), lambda t, d=day: t.model_copy(update={"pinned": d})
        )
        out = ok(credo(repo, "ls"))
        if date.today() == day:
            break
    assert "\x1b" not in out
    titles = {" ".join(line.split()[1:]) for line in out.splitlines()}
    assert "★ Read the loss curves" in titles
    assert any(title.startswith("↻ Weekly sync ") for title in titles)  # due today, or was
    assert any(title.startswith("▶ Overfit one batch [in progress") for title in titles)
    assert "Plain one" in titles


def test_only_an_open_task_of_delegate_asks_who_has_it(repo: Path, credo: Credo) -> None:
    """`credo ls -a` showed `@?` (no one has it yet) on the done and dropped tasks of
    Delegate, where no one is needed any more."""
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Rerun the baseline ^"))
    ok(credo(repo, "done", ok(credo(repo, "add", "Send the slides ^")).strip()))
    ok(credo(repo, "drop", ok(credo(repo, "add", "Book the room ^")).strip()))
    shown = ok(credo(repo, "ls", "-a", "-q", "delegate")).splitlines()
    assert [" ".join(line.split()[1:]) for line in shown[1:4]] == [
        "Rerun the baseline @?",
        "✓ Send the slides [done]",
        "✗ Book the room [dropped]",
    ]


def test_a_closed_tasks_status_is_a_column_of_its_own(repo: Path, credo: Credo) -> None:
    """`credo ls --all` glued `[done]` to the title (`✓ Fix the lr schedule  [done]`), so
    the marks of two closed tasks stood wherever their titles ended. They line up now, as
    the other columns do; a quadrant with no closed task prints as `credo ls` prints it."""
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Plot the loss ! due:tomorrow"))
    ok(credo(repo, "done", ok(credo(repo, "add", "Fix the lr schedule ! due:tomorrow")).strip()))
    ok(credo(repo, "drop", ok(credo(repo, "add", "Try Adam ! due:today")).strip()))
    ok(credo(repo, "add", "Read the paper #ml"))
    shown = ok(credo(repo, "ls", "--all")).splitlines()
    done = next(line for line in shown if "Fix the lr schedule" in line)
    dropped = next(line for line in shown if "Try Adam" in line)
    assert done.index("[done]") == dropped.index("[dropped]")
    assert done.index("tomorrow") > done.index("[done]")
    plot = next(line for line in shown if "Plot the loss" in line)
    assert plot.index("tomorrow") == done.index("tomorrow")
    eliminate = shown[shown.index("Eliminate (1) not important, not urgent") :]
    assert eliminate == ok(credo(repo, "ls")).splitlines()[-len(eliminate) :]


def test_on_a_terminal_rows_are_styled_and_fit_the_width(board: Path) -> None:
    shown = on_terminal(board, ["ls"], 80, {"TERM": "xterm-256color"})
    assert "\x1b[1mDo\x1b[0m (3) \x1b[2mimportant, urgent\x1b[0m" in shown
    assert "\x1b[36m#data\x1b[0m" in shown and "\x1b[31m" in shown  # tags cyan, overdue red
    plain = ANSI.sub("", shown).splitlines()
    assert max(cell_len(line) for line in plain) <= 80
    first = next(i for i, line in enumerate(plain) if "Look at raw samples" in line)
    indent = plain[first].index("Look")
    wrapped = plain[first + 1 : first + 4]
    assert all(line[:indent].strip() == "" and line[indent:].strip() for line in wrapped)
    tail = " ".join(LONG.split()[-6:])  # nothing lost: the title's end is there, wrapped
    assert tail in " ".join(" ".join(plain[first : first + 12]).split())


def test_no_color_keeps_the_emphasis_without_colours(board: Path) -> None:
    shown = on_terminal(board, ["ls"], 100, {"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert "\x1b[1mDo\x1b[0m" in shown and "\x1b[2m" in shown
    assert "\x1b[36m" not in shown and "\x1b[31m" not in shown


def test_an_empty_board_says_how_to_add(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    assert 'No tasks. Add one with credo add "title".' in ok(credo(repo, "ls"))
    ok(credo(repo, "add", "Only mine"))
    for options in (["--assignee", "codex"], ["--tag", "none"]):
        shown = ok(credo(repo, "ls", *options))
        assert "No task matches (credo ls with no options lists them all)." in shown, options


def test_an_empty_quadrant_is_refused_as_by_mv(repo: Path, credo: Credo) -> None:
    """`credo ls -q ""` listed every quadrant, where `credo mv ID ""` refused the word."""
    ok(credo(repo, "init"))
    refused = credo(repo, "ls", "-q", "")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith("error: unknown quadrant '': use one of do, schedule,")


def test_a_conflicted_task_is_listed_in_its_quadrant_marked_unreadable(
    repo: Path, credo: Credo
) -> None:
    """A task file a merge left conflicted was left out of `credo ls` (a warning on stderr
    alone; a board of only such tasks said "No task to show"): it is listed in its
    quadrant as this clone's side of the merge has it ("Mine"), marked, the warning kept;
    `--json` gives it with its path and what is wrong."""
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Plot the loss ! ^"))
    ok(credo(repo, "add", "Check the labels ! ^"))
    path = next(p for p in (repo / ".credo" / "tasks").glob("*.toml") if "Plot" in p.read_text())
    conflicted_merge(repo, path, "Plot the loss")
    listed = credo(repo, "ls")
    assert listed.returncode == 0
    assert "has git conflict markers" in listed.stderr and path.name in listed.stderr
    lines = [" ".join(line.split()[1:]) for line in listed.stdout.splitlines()]
    assert lines[:3] == [
        "(2) important, urgent",
        "Check the labels",
        "⚠ Mine [cannot be read: the warning above says why]",
    ]
    shown = on_terminal(repo, ["ls"], 100, {"TERM": "xterm-256color"})
    assert "\x1b[31m⚠ \x1b[0m\x1b[31mMine\x1b[0m" in shown
    short = listed.stdout.splitlines()[2].split()[0]
    rows = {row["title"]: row for row in json.loads(ok(credo(repo, "ls", "--json")))}
    assert rows.keys() == {"Check the labels", "Mine"}
    assert "unreadable" not in rows["Check the labels"]
    mine = rows["Mine"]
    assert mine["short_id"] == short and mine["quadrant"] == "do"
    assert mine["unreadable"]["path"] == f".credo/tasks/{path.name}"
    assert mine["unreadable"]["message"].startswith("has git conflict markers")
    assert path.read_text().count("<<<<<<<") == 1  # read, never rewritten


@pytest.mark.parametrize("broken", ["a file", "a dangling link"])
def test_a_tasks_folder_that_is_not_one_is_named_not_counted_as_a_file(
    repo: Path, tmp_path: Path, credo: Credo, broken: str
) -> None:
    """`credo ls` with `.credo/tasks` a file or a link to nothing said "1 task file
    cannot be read", of a folder; `credo add` refuses it, naming it, and writes nothing."""
    ok(credo(repo, "init"))
    tasks = repo / ".credo" / "tasks"
    tasks.rmdir()
    if broken == "a file":
        tasks.write_text("not a folder\n")
    else:
        tasks.symlink_to(tmp_path / "gone")
    listed = credo(repo, "ls")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    assert listed.stderr.startswith("warning: .credo/tasks: is a ")
    assert (
        listed.stdout
        == "No task to show: .credo/tasks cannot be read (the warning above says why).\n"
    )
    added = credo(repo, "add", "Plot the loss")
    assert added.returncode == 1 and added.stderr.startswith("error: .credo/tasks: is a ")
    assert "Traceback" not in added.stderr and not (tmp_path / "gone").exists()


def test_a_repeat_rule_credo_cannot_follow_in_a_file_is_refused_like_any_bad_field(
    repo: Path, credo: Credo
) -> None:
    """`every = "zzz"` typed into a task's file loaded as valid: the board showed a
    repeating task whose next date no one could work out."""
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Water the plants every:week"))
    ok(credo(repo, "add", "Read the paper"))
    path = next(p for p in (repo / ".credo" / "tasks").glob("*.toml") if "every" in p.read_text())
    text = path.read_text().replace('every = "week"', 'every = "zzz"')
    path.write_text(text)
    line = text.splitlines().index('every = "zzz"') + 1
    listed = credo(repo, "ls")
    assert listed.returncode == 0
    assert listed.stderr == (
        f"warning: .credo/tasks/{path.name}: field 'every' (line {line}) cannot read the "
        "repeat rule 'zzz': use day, weekday, week, month or 'N days' (N up to 1000); fix or "
        "remove it\n"
    )
    assert "Read the paper" in listed.stdout and "Water the plants" not in listed.stdout
    path.write_text(text.replace('every = "zzz"', 'every = "weekly"'))  # a form it reads
    assert "Water the plants" in ok(credo(repo, "ls"))


def test_today_is_the_users_day_where_it_is_another_day_in_utc(repo: Path, credo: Credo) -> None:
    """At any hour, in a zone 12 hours behind UTC or 14 ahead it is another day than in
    UTC: `due:today` there is that zone's today, in the file, `credo ls` and the report."""
    zone = "Etc/GMT+12" if datetime.now(UTC).hour < 11 else "Etc/GMT-14"  # UTC-12, UTC+14
    there = {"TZ": zone}
    today = datetime.now(ZoneInfo(zone)).date()
    assert today != datetime.now(UTC).date()
    ok(credo(repo, "init"))
    task_id = ok(credo(repo, "add", "--json", "Send the review due:today", env=there))
    assert json.loads(task_id)["due"] == today.isoformat()
    board = ok(credo(repo, "ls", env=there))
    assert "Delegate (1)" in board and "today" in board  # urgent by its date
    assert "today" not in ok(credo(repo, "ls"))  # in UTC it is another day
    assert "**due today**: Send the review" in ok(credo(repo, "report", env=there))


def test_a_column_measures_with_rich_only_the_cells_that_are_not_plain_ascii(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One task in progress (▶) among ten thousand titles made Rich's cell_len measure
    every title of its quadrant, 3,000 instructions a cell; the printable ASCII ones are
    as wide as they are long."""
    from credo.cli import rows

    measured: list[str] = []

    def counted(text: str) -> int:
        measured.append(text)
        return cell_len(text)

    monkeypatch.setattr(rows, "cell_len", counted)
    column: list[rows.Cell] = [
        "Plain title",
        "▶ In progress",
        (("データ", ""), ("!", "dim")),
        "a\x1bb",
    ]
    assert rows._widths(column) == [11, 13, 7, cell_len("a\x1bb")]
    assert measured == ["▶ In progress", "データ!", "a\x1bb"]  # the control character too


def test_the_rows_of_ls_read_no_task_status_from_its_class(
    repo: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each `TaskStatus.OPEN` costs Python 3.11 about 1,000 instructions (EnumType's
    __getattr__): `credo ls` read three per row, 30 M instructions at ten thousand tasks.
    The rows compare with the members named once (`TASK_OPEN`, `TASK_IN_PROGRESS`)."""
    from credo.cli import tasks
    from credo.domain.models import TaskStatus
    from credo.store import Store
    from credo.text import marks

    ok(credo(repo, "init"))
    for line in ("Open one ! ^", "Started one ^", "Done one"):
        ok(credo(repo, "add", line))
    store = Store.open(repo)
    listed = {t.title: t for t in store.tasks()}
    started = listed["Started one"].model_copy(update={"status": TaskStatus.IN_PROGRESS})
    done = listed["Done one"].model_copy(update={"status": TaskStatus.DONE})
    read: list[str] = []

    class Counted:
        def __getattr__(self, name: str) -> object:
            read.append(name)
            return getattr(TaskStatus, name)

    monkeypatch.setattr(tasks, "TaskStatus", Counted(), raising=False)
    monkeypatch.setattr(marks, "TaskStatus", Counted())
    today = datetime.now().date()
    shown = [
        tasks._row(task, "id", today, False, False, {}, {})
        for task in (listed["Open one"], started, done)
    ]
    assert read == []
    assert [row[1] for row in shown] == [
        "Open one",
        (("▶ ", ""), ("Started one", "bold"), ("  [in progress]", "dim")),
        (("✓ ", ""), ("Done one", "strike")),
    ]
    assert [row[2] for row in shown] == ["", "", "[done]"]
