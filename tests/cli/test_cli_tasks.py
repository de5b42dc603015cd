"""The real console script in temporary git repositories."""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from credo.store import Store
from full_disk import own_mounts, room_for
from terminal import on_terminal

from repos import conflicted_merge, git, shared_board

Credo = Callable[..., subprocess.CompletedProcess[str]]


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def day_of(repo: Path, credo: Credo, short: str, stamp: str) -> date:
    """The day credo read as today when it wrote task `short` last (`updated`) or made it
    (`created`): that of the stamp, here. A test that says `date.today()` after a command
    ran would expect the day after its own at midnight."""
    shown = json.loads(ok(credo(repo, "show", short, "--json")))
    return datetime.fromisoformat(shown[stamp]).astimezone().date()


def test_version_and_module_entry(repo: Path, credo: Credo) -> None:
    from credo import __version__

    assert __version__ in ok(credo(repo, "--version"))
    result = subprocess.run(
        [sys.executable, "-m", "credo", "--version"], capture_output=True, text=True, check=False
    )
    assert __version__ in result.stdout


def test_help_lists_every_command(repo: Path, credo: Credo) -> None:
    out = ok(credo(repo, "--help"))
    for command in ("init", "add", "ls", "done", "drop", "edit", "mv", "rm", "undone"):
        assert f"  {command} " in out


def test_the_interface_without_a_terminal_says_so_instead_of_hanging(
    repo: Path, credo: Credo
) -> None:
    """In a script (no terminal on stdin and stderr) `credo` drew the board's escape codes
    into the pipe and waited for keys that never came."""
    ok(credo(repo, "init"))
    result = credo(repo, stdin="")  # stdin a pipe, stderr captured: no terminal
    assert result.returncode == 1
    assert result.stderr.startswith("error: the interface needs a terminal"), result.stderr
    assert "credo ls" in result.stderr
    assert "\x1b[" not in result.stderr + result.stdout


def test_commands_need_init_and_say_so(repo: Path, credo: Credo) -> None:
    result = credo(repo, "ls")
    assert result.returncode == 1
    assert "credo init" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_outside_git_says_linkage_is_off(tmp_path: Path, credo: Credo) -> None:
    out = ok(credo(tmp_path, "init"))
    assert "git linkage is off" in out
    assert (tmp_path / ".credo" / "tasks").is_dir()


def test_init_outside_git_under_a_board_says_the_parents_board_no_longer_applies(
    tmp_path: Path, credo: Credo
) -> None:
    """Outside git, commands in a subfolder use the parent's board; `credo init` there
    made a second, empty board without a word, and the tasks added from there were gone
    from its `credo ls`."""
    ok(credo(tmp_path, "init"))
    sub = tmp_path / "sub"
    sub.mkdir()
    ok(credo(sub, "add", "Tidy the logs"))
    said = ok(credo(sub, "init"))
    assert f"This folder used {tmp_path.resolve()}/.credo until now: its tasks stay there" in said
    assert "Tidy the logs" in ok(credo(tmp_path, "ls"))
    assert "This folder used" not in ok(credo(sub, "init"))  # only when it is made


def test_init_in_a_subfolder_says_where_it_made_the_project(repo: Path, credo: Credo) -> None:
    """In a repository's subfolder, init said 'Created .credo/' and made it at the root,
    where `ls` in the subfolder would not show it."""
    sub = repo / "src"
    sub.mkdir()
    assert ok(credo(sub, "init")).splitlines()[0] == f"Created .credo/ in {repo.resolve()}"
    assert (repo / ".credo").is_dir() and not (sub / ".credo").exists()
    again = ok(credo(sub, "init")).splitlines()[0]
    assert again == f"Already set up: .credo/ in {repo.resolve()}"
    assert ok(credo(repo, "init")).splitlines()[0] == "Already set up: .credo/"


def test_init_help_says_which_data_it_lists_as_init_does(repo: Path, credo: Credo) -> None:
    """`credo init --help` said it "proposes" folders named data, datasets or corpus: init
    writes what it finds to data_paths at once, `corpora/` and `dataset/` too, and one
    level down; only run again while data_paths is empty does it propose."""
    from credo.data.discover import DATA_FOLDERS

    shown = " ".join(ok(credo(repo, "init", "--help")).split())
    named = set(re.findall(r"\w+", shown.split("Writes", 1)[-1]))
    assert DATA_FOLDERS <= named, shown
    (repo / "text" / "corpora").mkdir(parents=True)
    (repo / "dataset").mkdir()
    said = ok(credo(repo, "init"))
    assert "Data fingerprinted with every run: dataset/, text/corpora/" in said
    config = tomllib.loads((repo / ".credo" / "config.toml").read_text())
    assert config["data_paths"] == ["dataset/", "text/corpora/"]
    assert "one level down" in shown and "Run again while data_paths is empty" in shown


def test_a_tasks_facts_line_up_with_its_experiments_too(repo: Path, credo: Credo) -> None:
    """`experiments` was the one label longer than the column of labels: its ids stood
    two columns right of every other value."""
    ok(credo(repo, "init"))
    task = ok(credo(repo, "add", "Plot the confusion matrix #eval")).strip()
    ok(credo(repo, "exp", "start", "a 2x2 table is enough", "--task", task))
    facts = ok(credo(repo, "show", task)).split("\n\n")[1].splitlines()
    assert len(facts) >= 5 and any(line.startswith("tried in") for line in facts)
    assert all(line[9] == " " and line[10] != " " for line in facts), facts


def test_full_task_flow(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    sub = repo / "src"
    sub.mkdir()
    short = ok(credo(sub, "add", "Check label balance ! #data due:tomorrow")).strip()
    assert 4 <= len(short) <= 7
    ok(credo(repo, "add", "Read", "the", "paper", "--tag", "reading", "--note", "*notes*"))
    ok(credo(repo, "add", "Tidy logs"))
    listing = json.loads(ok(credo(repo, "ls", "--json")))
    by_title = {t["title"]: t for t in listing}
    assert by_title["Check label balance"]["quadrant"] == "do"
    assert by_title["Check label balance"]["tags"] == ["data"]
    assert by_title["Read the paper"]["quadrant"] == "eliminate"
    assert by_title["Read the paper"]["notes"] == "*notes*"
    for field in ("id", "short_id", "title", "quadrant", "status", "due", "tags"):
        assert field in by_title["Tidy logs"]

    table = ok(credo(repo, "ls"))
    assert table.index("Do") < table.index("Check label balance") < table.index("Eliminate")

    tidy = by_title["Tidy logs"]["short_id"]
    ok(credo(repo, "mv", tidy, "schedule"))
    ok(credo(repo, "edit", tidy, "--title", "Tidy the logs", "--due", "2030-01-01"))
    data = tomllib.loads(
        (repo / ".credo" / "tasks" / f"{by_title['Tidy logs']['id']}.toml").read_text()
    )
    assert data["title"] == "Tidy the logs" and data["important"] is True
    assert str(data["due"]) == "2030-01-01"

    ok(credo(repo, "done", short))
    assert [t["title"] for t in json.loads(ok(credo(repo, "ls", "-q", "do", "--json")))] == []
    done = [
        t for t in json.loads(ok(credo(repo, "ls", "--all", "--json"))) if t["status"] == "done"
    ]
    assert [t["title"] for t in done] == ["Check label balance"]
    ok(credo(repo, "undone", short))
    ok(credo(repo, "drop", tidy))
    assert "Tidy" not in ok(credo(repo, "ls"))
    ok(credo(repo, "rm", "--yes", tidy))
    assert not (repo / ".credo" / "tasks" / f"{by_title['Tidy logs']['id']}.toml").exists()
    assert [t["title"] for t in json.loads(ok(credo(repo, "ls", "-t", "reading", "--json")))] == [
        "Read the paper"
    ]
    read = ok(credo(repo, "add", "Read the paper again"))
    edited = json.loads(ok(credo(repo, "edit", read.strip(), "-i", "-u", "--json")))
    assert (edited["important"], edited["urgent"]) == (True, True)  # as `add -i -u` says


@pytest.mark.parametrize("stdin", ["", "y\n"])
def test_rm_without_a_terminal_names_yes_and_deletes_nothing(
    repo: Path, credo: Credo, stdin: str
) -> None:
    """In a script (`< /dev/null`, a pipe) rm said 'the input ended before an answer' or
    took a piped line for an answer, never naming --yes, the way to confirm without a
    prompt."""
    credo(repo, "init")
    task_id = credo(repo, "add", "Keep me").stdout.strip()
    result = credo(repo, "rm", task_id, stdin=stdin)
    assert result.returncode != 0 and "--yes" in result.stderr, result.stderr
    assert "Keep me" in credo(repo, "ls", "--all").stdout


def test_rm_on_a_terminal_asks_first(repo: Path, credo: Credo) -> None:
    """Saying no is no failure (it exited 1): it ends 0, as `rm -i` and git do."""
    credo(repo, "init")
    task_id = credo(repo, "add", "Keep me").stdout.strip()
    code, shown = on_terminal(repo, ["rm", task_id], [("for good?", b"n\r")])
    assert code == 0 and "Nothing removed." in shown, shown
    assert "Keep me" in credo(repo, "ls").stdout
    code, shown = on_terminal(repo, ["rm", task_id], [("for good?", b"y\r")])
    assert code == 0 and "Deleted: Keep me" in shown, shown
    assert "Keep me" not in credo(repo, "ls", "--all").stdout


def test_dash_c_works_on_another_repository(repo: Path, tmp_path: Path, credo: Credo) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    ok(credo(elsewhere, "-C", str(repo), "init"))
    ok(credo(elsewhere, "-C", str(repo), "add", "remote task"))
    assert "remote task" in ok(credo(repo, "ls"))


def test_a_dash_c_folder_with_a_line_break_is_named_on_one_line(
    tmp_path: Path, credo: Credo
) -> None:
    """The folder of a `-C` was named as typed: a line break in it broke the one line of
    the error in two."""
    result = credo(tmp_path, "-C", "no\nwhere", "ls")
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path}/no\u240awhere does not exist\n"
    (tmp_path / "no\nproject").mkdir()
    result = credo(tmp_path, "-C", "no\nproject", "ls")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: no credo project in {tmp_path}/no\u240aproject: run")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("done", "zzzz"), "no task has an id starting with 'zzzz'"),
        (("add", "x", "--due", "someday"), "cannot read the date 'someday'"),
        (("add", "x", "due:someday"), "cannot read the date 'someday'"),
        (("mv", "aaaa", "later"), "unknown quadrant"),
        (("add", "x", "--every", "fortnightly-ish"), "repeat rule"),
    ],
)
def test_errors_are_one_clear_line(
    repo: Path, credo: Credo, args: tuple[str, ...], message: str
) -> None:
    ok(credo(repo, "init"))
    result = credo(repo, *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_edit_refuses_an_empty_title_rule_or_contradicting_flags(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Keep me as I am due:friday"))
    [task] = (repo / ".credo" / "tasks").glob("*.toml")
    before = task.read_text()
    for args, message in [
        (("--title", "  "), "error: a task needs a title"),
        (("--every", ""), "error: cannot read the repeat rule ''"),
        (("--due", "tomorrow", "--no-due"), "--due and --no-due contradict each other"),
        (("--assignee", "ana", "--no-assignee"), "--assignee and --no-assignee contradict"),
    ]:
        result = credo(repo, "edit", task.stem, *args)
        assert result.returncode != 0 and message in result.stderr, args
        assert "Traceback" not in result.stderr and "pydantic" not in result.stderr
    assert task.read_text() == before


def test_an_error_names_a_task_as_credo_ls_lists_it(repo: Path, credo: Credo) -> None:
    """`credo ls` lists a task as `23t3` (its shortest unique prefix), and `credo done` on
    it again said `task 23t3k9a is already done`: one task, two ids. Errors name it as
    the list does, whatever way they are reached (done, drop, move, start)."""
    ok(credo(repo, "init"))
    short = ok(credo(repo, "add", "Write the loader due:today")).strip()
    assert len(short) == 4  # alone: the shortest there is
    refused = credo(repo, "mv", short, "schedule")
    assert refused.stderr.startswith(f"error: task {short} is due ")
    ok(credo(repo, "done", short))
    listed = ok(credo(repo, "ls", "--all")).splitlines()
    assert [line.split()[0] for line in listed if "Write the loader" in line] == [short]
    reopen = f"is done; reopen it first (credo undone {short})"
    for again, said in (("done", "is already done"), ("start", reopen)):
        refused = credo(repo, again, short)
        assert refused.returncode == 1
        assert refused.stderr == f"error: task {short} {said}\n", again
    ok(credo(repo, "drop", short))
    assert credo(repo, "drop", short).stderr == f"error: task {short} is already dropped\n"


def test_edit_not_urgent_says_when_the_due_date_keeps_it_urgent(repo: Path, credo: Credo) -> None:
    """`credo edit ID --not-urgent` on a task due tomorrow said only 'Edited', and the task
    stayed in Do: its due date keeps it urgent, which `credo mv` says and edit did not."""
    ok(credo(repo, "init"))
    short = ok(credo(repo, "add", "Submit ! ^ due:tomorrow")).strip()
    tomorrow = day_of(repo, credo, short, "created") + timedelta(days=1)
    edited = credo(repo, "edit", short, "--not-urgent")
    assert edited.returncode == 0 and edited.stdout == "Edited: Submit\n"
    assert edited.stderr == (  # its id as `credo add` and `credo ls` say it
        f"warning: task {short} is due {tomorrow}, which keeps it "
        "urgent: change or clear its due date to make it not urgent\n"
    )
    assert "Do (1)" in ok(credo(repo, "ls"))
    assert credo(repo, "edit", short, "--not-urgent", "--no-due").stderr == ""
    assert "Schedule (1)" in ok(credo(repo, "ls"))


def test_edit_says_which_notes_it_replaced_and_adds_under_them_on_request(
    repo: Path, credo: Credo
) -> None:
    """`credo edit ID --note "..."` replaced the task's notes without a word: the old ones
    were gone, and the shell has no undo. It now says so and shows the old notes;
    `--add-note` (as the agents' `add_note`) adds under them instead."""
    ok(credo(repo, "init"))
    short = ok(credo(repo, "add", "Balance the labels", "--note", "pt-PT is 97%\nof legal")).strip()
    replaced = credo(repo, "edit", short, "--note", "resample legal")
    assert replaced.returncode == 0 and replaced.stdout == "Edited: Balance the labels\n"
    assert replaced.stderr == (
        "credo: replaced the notes (--add-note adds under them instead); they were:\n"
        "  pt-PT is 97%\n"
        "  of legal\n"
    )
    added = credo(repo, "edit", short, "--add-note", "done for social media too")
    assert added.returncode == 0 and added.stderr == "", added.stderr
    shown = json.loads(ok(credo(repo, "show", short, "--json")))
    assert shown["notes"] == "resample legal\n\ndone for social media too"
    assert credo(repo, "edit", short, "--note", shown["notes"]).stderr == ""  # nothing lost
    both = credo(repo, "edit", short, "--note", "x", "--add-note", "y")
    assert both.returncode == 1 and "not both" in both.stderr, both.stderr


def test_edit_says_where_a_task_it_moved_went(repo: Path, credo: Credo) -> None:
    """`credo edit ID --every week` made a task of Eliminate due today, which put it in
    Delegate, and said only 'Edited': the task was gone from where it was, with no word of
    where. An edit that moves it says where, as `credo add` says where a task lands."""
    ok(credo(repo, "init"))
    short = ok(credo(repo, "add", "Write the related work")).strip()
    moved = ok(credo(repo, "edit", short, "--every", "week"))
    today = day_of(repo, credo, short, "updated")  # a repeat with no due date is due today
    assert moved == (
        f"Edited: Write the related work: not important, urgent → Delegate · due {today} (today)\n"
    )
    assert "Delegate (1)" in ok(credo(repo, "ls"))
    assert ok(credo(repo, "edit", short, "--title", "Related work")) == "Edited: Related work\n"
    moved = ok(credo(repo, "edit", short, "-i", "--no-every", "--no-due"))
    assert moved == "Edited: Related work: important, not urgent → Schedule\n"


def test_add_and_edit_say_the_day_a_due_word_was_read_as(repo: Path, credo: Credo) -> None:
    """`credo add 'Plot it !^ due:"next friday"'` said only `Added 5yyg: important, urgent
    → Do`: which Friday it took (on a Monday, the one of next week) showed only in `credo
    show`. As the board's add box previews it, add and an edit of the date say the day."""
    ok(credo(repo, "init"))
    added = credo(repo, "add", "Plot the confusion matrix ! due:2030-01-04")
    short = added.stdout.strip()
    days = (date(2030, 1, 4) - day_of(repo, credo, short, "created")).days
    said = "important, not urgent → Schedule · due 2030-01-04 (in {}d)\n"
    assert added.stderr.endswith(said.format(days)), added.stderr
    edited = ok(credo(repo, "edit", short, "--due", "2030-01-11"))
    days = (date(2030, 1, 11) - day_of(repo, credo, short, "updated")).days
    assert edited == f"Edited: Plot the confusion matrix · due 2030-01-11 (in {days}d)\n"
    assert ok(credo(repo, "edit", short, "--title", "Plot it")) == "Edited: Plot it\n"
    assert credo(repo, "add", "No date").stderr.endswith(
        ": not important, not urgent → Eliminate\n"
    )


def test_a_title_too_long_or_with_control_characters_is_refused_but_a_file_s_still_loads(
    repo: Path, credo: Credo
) -> None:
    """A 100,000-character title was taken (the board's one line, a 100 KB file), and so
    was an escape character, which a terminal showing the title would obey."""
    ok(credo(repo, "init"))
    for line, says in [
        ("x" * 100_000, "a title is at most 300 characters (this one has 100,000)"),
        ("ring \x07 the bell", "a title cannot hold control characters (U+0007)"),
        ("clear \x1b[2J the screen", "a title cannot hold control characters (U+001B)"),
    ]:
        result = credo(repo, "add", line)
        assert result.returncode == 1 and says in result.stderr, result.stderr
    assert list((repo / ".credo" / "tasks").glob("*.toml")) == []
    ok(credo(repo, "add", "y" * 300))
    [task] = (repo / ".credo" / "tasks").glob("*.toml")
    edited = credo(repo, "edit", task.stem, "--title", "z" * 301)
    assert edited.returncode == 1 and "a title is at most 300 characters" in edited.stderr
    # a title edited by hand in the file is the person's own: it loads as written
    task.write_text(task.read_text().replace("y" * 300, "w" * 5000))
    assert "w" * 50 in ok(credo(repo, "ls"))


def test_notes_tags_and_an_assignee_with_control_characters_are_refused_naming_the_field(
    repo: Path, credo: Credo
) -> None:
    """A title with an escape character was refused, but notes, a tag or an assignee
    holding one (`\x1b[2J` clears a screen) were written to the task's file."""
    ok(credo(repo, "init"))
    for args, says in [
        (("--note", "wipe \x1b[2J"), "notes cannot hold control characters (U+001B)"),
        (("--tag", "bell\x07"), "a tag cannot hold control characters (U+0007)"),
        (("--assignee", "ana\x1b]0;x"), "an assignee cannot hold control characters (U+001B)"),
    ]:
        result = credo(repo, "add", "Check leakage", *args)
        assert result.returncode == 1 and says in result.stderr, result.stderr
    assert list((repo / ".credo" / "tasks").glob("*.toml")) == []
    ok(credo(repo, "add", "Check leakage", "--note", "two\tcolumns\r\nand a line"))
    [task] = (repo / ".credo" / "tasks").glob("*.toml")
    assert tomllib.loads(task.read_text())["notes"] == "two\tcolumns\nand a line"
    edited = credo(repo, "edit", task.stem, "--note", "bell\x07")
    assert edited.returncode == 1 and "notes cannot hold control characters (U+0007)" in (
        edited.stderr
    )


def test_a_due_date_out_of_range_or_a_tag_too_long_is_refused_but_a_file_s_still_loads(
    repo: Path, credo: Credo
) -> None:
    """A due date of 0001-01-01 was taken (shown as 739954d overdue), and so was a
    1,000-character tag: typed in, each is refused naming the field and its bound."""
    ok(credo(repo, "init"))
    far = "a due date is at most 100 years from today (9999-12-31 is not): give a day from "
    for args, says in [
        (("Train due:0001-01-01",), "a due date is at most 100 years from today (0001-01-01"),
        (("Train", "--due", "9999-12-31"), far),
        (("Train #" + "t" * 1000,), "a tag is at most 50 characters (this one has 1,000)"),
        (("Train", "--tag", "t" * 51), "a tag is at most 50 characters (this one has 51)"),
    ]:
        result = credo(repo, "add", *args)
        assert result.returncode == 1 and says in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert list((repo / ".credo" / "tasks").glob("*.toml")) == []
    ok(credo(repo, "add", "Train", "--due", "in 99 years", "--tag", "t" * 50))
    [task] = (repo / ".credo" / "tasks").glob("*.toml")
    for args, says in [
        (("--due", "9999-12-31"), far),
        (("--tag", "t" * 51), "a tag is at most 50 characters"),
    ]:
        edited = credo(repo, "edit", task.stem, *args)
        assert edited.returncode == 1 and says in edited.stderr, edited.stderr
    # written by hand in the file, they are the person's own: the task loads as written
    text = re.sub(r"due = .*", "due = 0001-01-01", task.read_text())
    task.write_text(text.replace('"' + "t" * 50 + '"', '"' + "w" * 80 + '"'))
    assert "w" * 80 in ok(credo(repo, "ls"))


def test_ambiguous_prefix(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    for suffix in ("1", "2"):
        (repo / ".credo" / "tasks" / f"abcd00000000000{suffix}.toml").write_text(
            f'id = "abcd00000000000{suffix}"\ntitle = "t{suffix}"\n'
        )
    result = credo(repo, "done", "abcd")
    assert result.returncode == 1 and "matches 2 tasks" in result.stderr


def test_corrupt_file_is_named_and_left_alone(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "fine"))
    bad = repo / ".credo" / "tasks" / "bad0bad0bad0bad0.toml"
    bad.write_text('id = "bad0bad0bad0bad0"\ntitle = "x"\nimportant = "very"\n')
    result = credo(repo, "ls")
    assert result.returncode == 0 and "fine" in result.stdout
    assert "bad0bad0bad0bad0.toml" in result.stderr and "important" in result.stderr
    edit = credo(repo, "edit", "bad0", "--title", "y")
    assert edit.returncode == 1 and "line 3" in edit.stderr
    assert bad.read_text() == 'id = "bad0bad0bad0bad0"\ntitle = "x"\nimportant = "very"\n'


def test_a_bad_setting_is_named_and_left_at_its_default_alone(repo: Path, credo: Credo) -> None:
    """One bad value in config.toml sent every setting to its default: the team's
    horizon and gate packs went with it, said by a single warning."""
    ok(credo(repo, "init"))
    config = repo / ".credo" / "config.toml"
    text = (
        "urgency_horizon_days = 7\n"
        "patch_limit_bytes = 'big'\n"
        "gate_packs = ['data']\n"
        "lost_after = 'soon'\n"
    )
    config.write_text(text)
    due = (date.today() + timedelta(days=5)).isoformat()
    added = credo(repo, "add", f"Ship the dataset ! due:{due}")
    assert added.returncode == 0, added.stderr
    assert "important, urgent → Do" in added.stderr  # due in 5 days, horizon 7 (default 2)
    said = " ".join(added.stderr.split())
    for warning in (
        "warning: .credo/config.toml: field 'patch_limit_bytes' (line 2) should be a whole "
        "number, not 'big'; fix or remove it (using the default, 5000000)",
        "warning: .credo/config.toml: field 'lost_after' (line 4) should be a number with a "
        "unit, like 25m, 2h, 1h30m or 1d, not 'soon'; fix or remove it "
        "(using the default, '15m')",
    ):
        assert said.count(warning) == 1, said
    assert said.index("'patch_limit_bytes'") < said.index("'lost_after'")
    status = credo(repo, "check", "--status")
    assert "The gate before runs uses: data." in status.stdout, status.stderr
    assert config.read_text() == text


def test_a_settings_name_credo_does_not_know_is_named(repo: Path, credo: Credo) -> None:
    """`gate_blockng = [...]` (a typo) was kept and ignored in silence: the gate blocked
    nothing it was asked to, and nothing said why. Its line is named, as a setting an
    older credo wrote and this one no longer reads would be."""
    ok(credo(repo, "init"))
    config = repo / ".credo" / "config.toml"
    config.write_text(config.read_text() + 'gate_blockng = ["training-recipe/seed-fixed"]\n')
    line = config.read_text().count("\n")
    result = credo(repo, "gate")
    assert result.returncode == 0, result.stderr
    assert (
        f"warning: .credo/config.toml: field 'gate_blockng' (line {line}) is not known to this "
        "version of credo (ignored; did you mean 'gate_blocking'?)"
    ) in " ".join(result.stderr.split())
    assert 'gate_blockng = ["training-recipe/seed-fixed"]' in config.read_text()  # kept


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_every_listed_command_exists_and_version_and_help_import_nothing_heavy(
    flag: str,
) -> None:
    import click

    from credo.cli import main
    from credo.cli.base import COMMAND_MODULES

    ctx = click.Context(main)
    for name, (_, line) in COMMAND_MODULES.items():
        command = main.get_command(ctx, name)
        assert command is not None, name
        assert line == (None if command.hidden else command.get_short_help_str(10**6)), name
    code = (
        "import sys\nfrom credo.cli import main\n"
        f"try:\n    main([{flag!r}])\nexcept SystemExit:\n    pass\n"
        "heavy = ('pydantic', 'git', 'textual', 'rich', 'credo.store', 'credo.cli.tasks')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("[]")


def test_every_option_says_what_it_does_in_help() -> None:
    """`credo exp start --help` listed a bare `--json` (six exp commands did)."""
    import click

    from credo.cli import main

    def bare(command: click.Command, ctx: click.Context) -> list[str]:
        found = [
            f"{ctx.command_path} {param.opts[0]}"
            for param in command.params
            if isinstance(param, click.Option) and not param.hidden and not param.help
        ]
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None:
                    found += bare(sub, click.Context(sub, info_name=name, parent=ctx))
        return found

    assert bare(main, click.Context(main, info_name="credo")) == []


def test_a_refused_write_is_one_clear_line(tmp_path: Path, credo: Credo) -> None:
    ok(credo(tmp_path, "init"))
    lock = tmp_path / ".credo" / "cache" / "write.lock"
    lock.unlink()
    lock.mkdir()  # the file system says no
    result = credo(tmp_path, "add", "Plot the loss")
    assert result.returncode == 1
    assert result.stderr == (  # and what to do: it said no more than the file system
        "error: cannot write .credo/cache/write.lock: Is a directory (no file is left "
        "half-written); a folder stands where that file goes: move it away, then try again\n"
    )
    assert list((tmp_path / ".credo" / "tasks").iterdir()) == []


def test_a_full_disk_names_the_file_and_leaves_nothing_behind(tmp_path: Path, credo: Credo) -> None:
    ok(credo(tmp_path, "init"))
    ok(credo(tmp_path, "add", "Already there"))
    tasks = tmp_path / ".credo" / "tasks"
    before = {p.name: p.read_bytes() for p in tasks.iterdir()}
    script = str(Path(sys.executable).parent / "credo")
    result = subprocess.run(
        room_for(0, script, "add", "A task whose file cannot be written"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("error: cannot write .credo/tasks/"), result.stderr
    assert ".toml: File too large" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in tasks.iterdir()} == before  # no temp file left


def test_a_change_on_a_full_disk_leaves_the_file_as_it_was(tmp_path: Path, credo: Credo) -> None:
    ok(credo(tmp_path, "init"))
    task_id = ok(credo(tmp_path, "add", "Plot the loss")).strip()
    tasks = tmp_path / ".credo" / "tasks"
    saved = tmp_path / "saved"
    shutil.copytree(tasks, saved)
    script = str(Path(sys.executable).parent / "credo")
    full = (  # the tasks on a tmpfs of their own, filled to its last byte
        f"mount -t tmpfs -o size=8k tmpfs {tasks} && cp {saved}/* {tasks} && "
        f"(head -c 8192 /dev/zero > {tasks}/filler 2>/dev/null; "
        f"{script} done {task_id}; echo exit $?; cat {tasks}/*.toml; ls -A {tasks})"
    )
    result = subprocess.run(
        [*own_mounts(), "sh", "-c", full],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    [file] = saved.iterdir()
    assert result.stderr == (
        f"error: cannot write .credo/tasks/{file.name}: No space left on device (no file is "
        "left half-written); free some space on its disk, then try again\n"
    )
    as_it_was = f"exit 1\n{file.read_text()}"
    assert result.stdout.startswith(as_it_was)
    left = result.stdout[len(as_it_was) :].split()  # in the locale's order
    assert sorted(left) == sorted(["filler", file.name])  # no temp file


def test_assignees_from_quick_add_options_and_filters(repo: Path, credo: Credo) -> None:
    from repos import git

    git(
        repo,
        "-c",
        "user.name=Bruno Silva",
        "-c",
        "user.email=b@x.org",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "Bruno's commit",
        "--author",
        "Bruno Silva <b@x.org>",
    )
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Answer reviewer ^ @bruno"))
    codex = ok(credo(repo, "add", "Rerun the baseline", "^", "--assignee", "agent:codex")).strip()
    mine = ok(credo(repo, "add", "Write related work !", "--assignee", "ada")).strip()
    stranger = credo(repo, "add", "Tidy", "--assignee", "zed")
    assert "'zed' is neither a git author here nor on a task (kept as typed)" in stranger.stderr
    ok(credo(repo, "add", "Read it", "--assignee", "Bruna Costa"))
    both = credo(repo, "add", "Tidy more", "--assignee", "brun")  # Bruno or Bruna
    assert re.search(r"'brun' could be Brun. \w+ or Brun. \w+ \(kept as typed\)", both.stderr)
    assert "Bruna Costa" in both.stderr and "Bruno Silva" in both.stderr
    tasks = {t["title"]: t for t in json.loads(ok(credo(repo, "ls", "--json")))}
    assert tasks["Answer reviewer"]["assignee"] == "Bruno Silva"
    assert tasks["Rerun the baseline"]["assignee"] == "agent:codex"
    only = json.loads(ok(credo(repo, "ls", "--assignee", "codex", "--json")))
    assert [t["short_id"] for t in only] == [codex]
    assert {t["id"][:4] for t in json.loads(ok(credo(repo, "ls", "--mine", "--json")))} == {
        mine[:4]
    }  # the test's git user is Ada Tester
    board = ok(credo(repo, "ls"))
    assert "@Bruno Silva" in board and "@agent:codex" in board
    ok(credo(repo, "edit", codex, "--no-assignee"))
    assert "Delegated to no one yet" in ok(credo(repo, "mv", codex, "delegate"))
    moved = ok(credo(repo, "mv", codex, "3", "--assignee", "agent:claude"))
    assert moved == "Moved to Delegate (@agent:claude): Rerun the baseline\n"  # said to whom
    path = next((repo / ".credo" / "tasks").glob(f"{codex}*.toml"))
    assert tomllib.loads(path.read_text())["assignee"] == "agent:claude"
    moved = ok(credo(repo, "mv", codex, "do", "--assignee", "bruno"))
    assert moved == "Moved to Do (@Bruno Silva): Rerun the baseline\n"  # as the board says it


def test_mine_is_my_name_not_names_that_begin_like_it(
    repo: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ls --mine` matched the git user's name as a filter word does, by its start: a user
    called Jo got Joana's tasks, and a user called A every agent's."""
    git(repo, "commit", "-q", "--allow-empty", "-m", "hers", "--author", "Joana Lopes <j@x.org>")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Jo")
    git(repo, "commit", "-q", "--allow-empty", "-m", "mine")
    ok(credo(repo, "init"))
    mine = ok(credo(repo, "add", "Write related work", "--assignee", "jo")).strip()
    ok(credo(repo, "add", "Answer reviewer @joana"))
    ok(credo(repo, "add", "Rerun the baseline @agent:jobs"))
    listed = json.loads(ok(credo(repo, "ls", "--mine", "--json")))
    assert [t["short_id"] for t in listed] == [mine]


def test_mine_lists_a_task_given_before_my_first_commit(
    tmp_path: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alice gave Bob a task (`@bob`) before his first commit: kept as typed, `bob`. Bob's
    `ls --mine` never listed it, and said "no open task here is assigned to you (Bob
    Chen, your git user.name)", after his first commit too (a later `@bob` takes the
    `bob` already on a task). A name kept as typed that answers to him alone is his; one
    a second Bob answers to, or one that is an author's own name, is not."""
    alice, bob = shared_board(tmp_path, credo)  # Ada Tester's board, as Alice's clone
    rerun = ok(credo(alice, "add", "Rerun the baseline ^ @bob")).strip()
    git(alice, "add", "-A")
    git(alice, "commit", "-q", "-m", "Delegate")
    git(alice, "push", "-q", "origin", "HEAD")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Bob Chen")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Bob Chen")
    git(bob, "pull", "-q")
    ok(credo(bob, "init"))  # as in each clone
    listed = credo(bob, "ls", "--mine", "--json")
    assert [t["short_id"] for t in json.loads(listed.stdout)] == [rerun], listed.stderr
    git(bob, "commit", "-q", "--allow-empty", "-m", "First")
    assert [t["short_id"] for t in json.loads(ok(credo(bob, "ls", "--mine", "--json")))] == [rerun]
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Ada Tester")  # Alice's is not
    assert json.loads(ok(credo(bob, "ls", "--mine", "--json"))) == []
    git(bob, "commit", "-q", "--allow-empty", "-m", "Hi", "--author", "Bob Smith <s@x.org>")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Bob Chen")  # two Bobs: `bob` is neither's
    mine = credo(bob, "ls", "--mine")
    assert "no open task here is assigned to you (Bob Chen, your git user.name)" in mine.stderr


def test_a_name_typed_before_a_teammates_first_commit_means_them_once_they_commit(
    repo: Path, credo: Credo
) -> None:
    """`@bruno` typed before Bruno had commits is kept as `bruno`. Once he had some, the
    Delegate question offered both `bruno` and `Bruno Carvalho`, and `credo edit ID
    --assignee bruno` kept choosing the old `bruno`: a name on a task matched exactly
    and won. Decision: a name kept as typed that answers to one author alone is that
    author's handle: he is offered once, by his name, and `bruno` now means him; the
    task that says `bruno` is not rewritten behind anyone's back."""
    from credo.gitlink.authors import project_people

    ok(credo(repo, "init"))
    early = ok(credo(repo, "add", "Review the draft ^ @bruno")).strip()
    first = next((repo / ".credo" / "tasks").glob(f"{early}*.toml"))
    before = first.read_text()
    assert tomllib.loads(before)["assignee"] == "bruno"  # no Bruno yet: kept as typed
    bruno = "Bruno Carvalho <bruno@x.org>"
    git(repo, "commit", "-q", "--allow-empty", "-m", "His first", "--author", bruno)
    people = project_people(Store.open(repo))
    assert "Bruno Carvalho" in people and "bruno" not in people  # offered once
    later = ok(credo(repo, "add", "Plot the curves", "--assignee", "bruno")).strip()
    ok(credo(repo, "edit", later, "--assignee", "Ada"))
    ok(credo(repo, "edit", later, "--assignee", "bruno"))
    tasks = {t["short_id"]: t for t in json.loads(ok(credo(repo, "ls", "--json")))}
    assert tasks[later]["assignee"] == "Bruno Carvalho"
    assert first.read_text() == before  # the old task's file as it was
    found = json.loads(ok(credo(repo, "ls", "--assignee", "bruno", "--json")))
    assert {t["short_id"] for t in found} == {early, later}  # both his


def test_a_teammates_handle_is_found_and_shown_by_their_name(repo: Path, credo: Credo) -> None:
    """A task given `@bruno` before Bruno Carvalho's first commit is kept as `bruno`;
    once he had commits, `credo ls --assignee bruno` found it but `--assignee "Bruno
    Carvalho"` did not, and its row said `@bruno`. His handle (`handles_of`) now answers
    to his name in the filter and is shown by it; the file still says `bruno`."""
    ok(credo(repo, "init"))
    early = ok(credo(repo, "add", "Review the draft ^ @bruno")).strip()
    first = next((repo / ".credo" / "tasks").glob(f"{early}*.toml"))
    before = first.read_text()
    ok(credo(repo, "add", "Answer the reviewer ^ @zed"))
    bruno = "Bruno Carvalho <bruno@x.org>"
    git(repo, "commit", "-q", "--allow-empty", "-m", "His first", "--author", bruno)
    found = json.loads(ok(credo(repo, "ls", "--assignee", "Bruno Carvalho", "--json")))
    assert [t["short_id"] for t in found] == [early]
    assert found[0]["assignee"] == "bruno"  # as the file says it
    listed = ok(credo(repo, "ls", "--assignee", "carvalho"))
    assert "@Bruno Carvalho" in listed and "@bruno" not in listed and "@zed" not in listed
    assert first.read_text() == before  # not rewritten


def test_a_solo_users_own_tasks_are_listed_without_reading_git_s_authors(
    repo: Path, credo: Credo, tmp_path: Path
) -> None:
    """`credo ls` read git's authors (a `git log` of up to AUTHORS_READ commits) whenever
    a task was a person's, also where every task named the user alone: no handle to
    work out, the read was for nothing. It is skipped there, and the rows are the same;
    a teammate's task still has it read."""
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Write the related work ^ @ada"))  # Ada Tester, the git user
    ok(credo(repo, "add", "Rerun the baseline ^", "--assignee", "ada tester"))
    shim, calls = tmp_path / "shim", tmp_path / "git-calls"
    shim.mkdir()
    real = shutil.which("git")
    (shim / "git").write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexec {real} "$@"\n')
    (shim / "git").chmod(0o755)
    path = {"PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}
    listed = ok(credo(repo, "ls", env=path))
    assert listed.count("@Ada Tester") == 2

    def authors_read() -> list[str]:  # `git_authors`' log (the commit index has its own)
        return [line for line in calls.read_text().splitlines() if "--format=%aN" in line]

    assert authors_read() == []
    mine = json.loads(ok(credo(repo, "ls", "--mine", "--json", env=path)))
    assert len(mine) == 2 and authors_read() == []
    ok(credo(repo, "add", "Answer the reviewer ^ @zed"))
    assert "@zed" in ok(credo(repo, "ls", env=path)) and len(authors_read()) == 1


def test_a_teammates_handle_is_named_in_show_and_on_a_conflicted_row(
    repo: Path, credo: Credo
) -> None:
    """Once Bruno Carvalho had commits, `credo ls` named a task given `@bruno` before
    them `@Bruno Carvalho`, but `credo show` still said `assignee  bruno`, and a task
    whose file a merge left conflicted was listed `@bruno`. Both name him now; `show`
    says the name it was given by too (what its file holds)."""
    ok(credo(repo, "init"))
    short = ok(credo(repo, "add", "Review the draft ^ @bruno")).strip()
    git(repo, "commit", "-q", "--allow-empty", "-m", "x", "--author", "Bruno Carvalho <b@x.org>")
    shown = ok(credo(repo, "show", short))
    assert "assignee  Bruno Carvalho (given as bruno)" in shown, shown
    path = next((repo / ".credo" / "tasks").glob(f"{short}*.toml"))
    conflicted_merge(repo, path, "Review the draft")
    listed = credo(repo, "ls", "--assignee", "carvalho")
    row = next(line for line in listed.stdout.splitlines() if "Mine" in line)
    assert row.endswith("@Bruno Carvalho"), listed.stdout


def test_mine_listing_nothing_says_why(repo: Path, credo: Credo) -> None:
    """`credo ls --mine` on a solo board (no task assigned to anyone) printed an empty
    board, `[]` with --json, without a word on why. It says on stderr that no task is
    assigned to anyone, or to you (your git user.name), and nothing where some are."""
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Plot the loss"))
    for args in (("ls", "--mine"), ("ls", "--mine", "--json")):
        solo = credo(repo, *args)
        assert solo.returncode == 0 and "--mine lists those assigned to you" in solo.stderr
        assert "no open task here is assigned to anyone" in solo.stderr, solo.stderr
    assert json.loads(solo.stdout) == []
    ok(credo(repo, "add", "Answer reviewer", "--assignee", "zed"))
    theirs = credo(repo, "ls", "--mine")
    assert "no open task here is assigned to you (Ada Tester, your git user.name)" in (
        theirs.stderr
    )
    ok(credo(repo, "add", "Write related work", "--assignee", "ada tester"))
    mine = credo(repo, "ls", "--mine")
    assert "Write related work" in mine.stdout and "credo:" not in mine.stderr


def test_a_closed_task_is_not_called_overdue(repo: Path, credo: Credo) -> None:
    """A task done or dropped after its due day is late for nothing: its due day reads
    `Nd ago`, in `show` and in `ls --all`."""
    ok(credo(repo, "init"))
    done = ok(credo(repo, "add", "Renew the cluster allocation due:2020-01-31")).strip()
    dropped = ok(credo(repo, "add", "Write the workshop abstract due:2020-02-01")).strip()
    ok(credo(repo, "done", done))
    ok(credo(repo, "drop", dropped))
    for args in (("show", done), ("show", dropped), ("ls", "--all")):
        out = ok(credo(repo, *args))
        assert "overdue" not in out and "d ago" in out, (args, out)
    ok(credo(repo, "undone", done))
    assert "d overdue" in ok(credo(repo, "show", done))  # open again: late again


def test_piped_output_is_one_line_per_row(repo: Path, credo: Credo) -> None:
    """Scripts and `less -S` read piped output: Rich would wrap it at 80 columns."""
    ok(credo(repo, "init"))
    title = "Check label balance per domain " + "and per source " * 8 + "before the next run"
    short = ok(credo(repo, "add", f"{title} ! #data due:tomorrow")).strip()
    hypothesis = "A smaller learning rate " + "keeps the loss curve smooth " * 5
    ok(credo(repo, "exp", "start", hypothesis, "--task", short))
    commit = f"Count labels {'in every domain ' * 8}\n\nCredo-Task: {short}"
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", commit], cwd=repo, check=True)
    env = {"COLUMNS": "80"}  # what a terminal-less run would fall back to
    for args, line in (
        (("ls",), title),
        (("show", short), title),
        (("log", short), commit.splitlines()[0].strip()),
        (("exp", "ls"), hypothesis.strip()),
        (("exp", "show"), hypothesis.strip()),
    ):
        out = ok(credo(repo, *args, env=env))
        assert any(line in row for row in out.splitlines()), (args, out)
        assert len(max(out.splitlines(), key=len)) > 80


def test_add_says_the_id_and_where_the_task_landed(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    plain = credo(repo, "add", "Tidy the logs")
    short = plain.stdout.strip()  # the id alone on stdout, for scripts
    assert 4 <= len(short) <= 7 and "\n" not in short
    assert plain.stderr == f"Added {short}: not important, not urgent → Eliminate\n"
    marked = credo(repo, "add", "Check leakage ! due:today")
    assert "important, urgent → Do" in marked.stderr


def test_add_on_a_terminal_says_the_id_once(repo: Path, credo: Credo) -> None:
    """The id alone is for `id=$(credo add ...)`; on a terminal it came twice."""
    ok(credo(repo, "init"))
    code, shown = on_terminal(repo, ["add", "Tidy the logs"], [])
    assert code == 0, shown
    [said] = shown.splitlines()
    assert said.startswith("Added ") and said.endswith(": not important, not urgent → Eliminate")


def test_a_bare_done_marks_done_the_task_in_progress(repo: Path, credo: Credo) -> None:
    """`credo start ID`, work, `credo done`: a bare done asked for an id, where the exp
    commands take the running experiment."""
    ok(credo(repo, "init"))
    short = ok(credo(repo, "add", "Tidy the logs")).strip()
    ok(credo(repo, "add", "Read the paper"))
    none = credo(repo, "done")
    assert none.returncode == 1
    assert "no task of yours is in progress: name the one to mark done" in none.stderr
    ok(credo(repo, "start", short))
    assert ok(credo(repo, "done")).startswith("Done: Tidy the logs")
    [left] = json.loads(ok(credo(repo, "ls", "--json")))
    assert left["title"] == "Read the paper"


def test_emoji_codes_in_a_title_are_printed_as_typed(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    short = ok(credo(repo, "add", "Fix :bug: in the :100: loader")).strip()
    for args in (("show", short), ("ls",), ("done", short)):
        out = ok(credo(repo, *args))
        assert "Fix :bug: in the :100: loader" in out and "🐛" not in out


def test_undone_of_a_repeating_task_leaves_one_open(repo: Path, credo: Credo) -> None:
    """done made the next occurrence, undone kept it: two 'water the plants' were open."""
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "water the plants every:day due:today"))
    short = json.loads(ok(credo(repo, "ls", "--json")))[0]["id"][:8]
    ok(credo(repo, "done", short))
    said = ok(credo(repo, "undone", short))
    assert "next occurrence" in said and "taken back" in said
    assert [t["id"][:8] for t in json.loads(ok(credo(repo, "ls", "--json")))] == [short]


def test_done_takes_several_ids_and_writes_none_if_one_is_wrong(repo: Path, credo: Credo) -> None:
    """`credo done a b c`, as Taskwarrior users type it, took one id. Every id is checked
    before the first task is written: an unknown or done one is named, and none is done."""
    ok(credo(repo, "init"))
    a, b, c = (ok(credo(repo, "add", title)).strip() for title in ("Alpha", "Beta", "Gamma"))
    tasks = repo / ".credo" / "tasks"
    before = {p.name: p.read_bytes() for p in tasks.iterdir()}
    refused = credo(repo, "done", a, "zzzz", b)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: no task has an id starting with 'zzzz' (see")
    assert {p.name: p.read_bytes() for p in tasks.iterdir()} == before
    ok(credo(repo, "done", c))
    refused = credo(repo, "done", a, c)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"error: task {c}") and "is already done" in refused.stderr
    assert json.loads(ok(credo(repo, "show", a, "--json")))["status"] == "open"

    sha = git(repo, "rev-parse", "HEAD")[:7]
    said = ok(credo(repo, "done", a, b, a))  # a twice: done once
    assert said == f"Done: Alpha at {sha}\nDone: Beta at {sha}\n"
    d, e = (ok(credo(repo, "add", title)).strip() for title in ("Delta", "Epsilon"))
    both = json.loads(ok(credo(repo, "done", d, e, "--json")))
    assert [(t["title"], t["status"]) for t in both] == [("Delta", "done"), ("Epsilon", "done")]


@pytest.mark.parametrize(
    ("command", "refused", "after"),
    [("undone", "is open", "open"), ("drop", "is already dropped", "dropped")],
)
def test_undone_and_drop_take_several_ids_as_done_does(
    repo: Path, credo: Credo, command: str, refused: str, after: str
) -> None:
    """`credo done a b` took several ids, but `credo undone a b` (after that done) and
    `credo drop a b` failed with "unexpected extra argument". They take several now,
    each checked first: one unknown or refused, and none is written."""
    ok(credo(repo, "init"))
    a, b, c = (ok(credo(repo, "add", title)).strip() for title in ("Alpha", "Beta", "Gamma"))
    ok(credo(repo, "done", a, b))
    if command == "undone":
        wrong = credo(repo, command, a, c)  # c is open: nothing to reopen
    else:
        ok(credo(repo, "drop", c))
        wrong = credo(repo, command, a, c)  # c is dropped already
    tasks = repo / ".credo" / "tasks"
    assert wrong.returncode == 1 and refused in wrong.stderr, wrong.stderr
    assert json.loads(ok(credo(repo, "show", a, "--json")))["status"] == "done"
    before = {p.name: p.read_bytes() for p in tasks.iterdir()}
    assert credo(repo, command, a, "zzzz").returncode == 1
    assert {p.name: p.read_bytes() for p in tasks.iterdir()} == before
    both = json.loads(ok(credo(repo, command, a, b, "--json")))
    assert [(t["title"], t["status"]) for t in both] == [("Alpha", after), ("Beta", after)]


def test_commands_that_change_a_task_print_it_as_json(repo: Path, credo: Credo) -> None:
    """done, undone, drop, mv and start had no --json: a script got only a sentence back.
    Each prints the task as `credo show --json` does, plus what its sentence says."""
    ok(credo(repo, "init"))
    series = json.loads(ok(credo(repo, "add", "water the plants every:day due:today", "--json")))
    done = json.loads(ok(credo(repo, "done", series["short_id"], "--json")))
    assert done["id"] == series["id"] and done["status"] == "done"
    assert done["done_commit"] == git(repo, "rev-parse", "HEAD")
    following = done["next_occurrence"]
    assert following["title"] == "water the plants" and following["status"] == "open"
    assert following["due"] > series["due"] and following["quadrant"] == "delegate"
    shown = json.loads(ok(credo(repo, "show", following["short_id"], "--json")))
    assert following == {k: v for k, v in shown.items() if k != "commits"}

    undone = json.loads(ok(credo(repo, "undone", series["short_id"], "--json")))
    assert undone["status"] == "open" and undone["done_commit"] is None
    assert undone["next_occurrence_taken_back"] == following["id"]

    plain = json.loads(ok(credo(repo, "add", "Read the paper", "--json")))
    moved = json.loads(ok(credo(repo, "mv", plain["short_id"], "schedule", "--json")))
    assert (moved["id"], moved["quadrant"], moved["important"]) == (plain["id"], "schedule", True)
    started = json.loads(ok(credo(repo, "start", plain["short_id"], "--json")))
    assert started["status"] == "in_progress" and started["in_progress_by"]
    dropped = json.loads(ok(credo(repo, "drop", plain["short_id"], "--json")))
    assert dropped["status"] == "dropped" and dropped["in_progress_by"] is None
    once = json.loads(ok(credo(repo, "undone", plain["short_id"], "--json")))
    assert once["status"] == "open" and once["next_occurrence_taken_back"] is None
    again = json.loads(ok(credo(repo, "done", plain["short_id"], "--json")))
    assert again["status"] == "done" and again["next_occurrence"] is None


PYDANTIC_WORDS = ("Input should", "Field required", "Extra inputs", "String should", "type=")


@pytest.mark.parametrize(
    ("command", "path", "content", "said"),
    [
        (
            "ls",
            ".credo/tasks/bad0bad0bad0bad0.toml",
            'id = "bad0bad0bad0bad0"\ntitle = "x"\nimportant = "maybe"\n',
            "field 'important' (line 3) should be true or false, not 'maybe'; fix or remove it",
        ),
        (
            "ls",
            ".credo/tasks/bad0bad0bad0bad0.toml",
            'id = "bad0bad0bad0bad0"\ntitle = "x"\ndue = "someday"\n',
            "field 'due' (line 3) should be a date (2026-12-01), not 'someday'",
        ),
        (
            "ls",
            ".credo/config.toml",
            "urgency_horizon_days = 'two'\n",
            "field 'urgency_horizon_days' (line 1) should be a whole number, not 'two'",
        ),
        (
            "ls",
            ".credo/config.toml",
            "urgency_horizon_days = 999\n",
            "field 'urgency_horizon_days' (line 1) should be 365 or less, not 999",
        ),
        (
            "ls",
            ".credo/tasks/bad0bad0bad0bad0.toml",
            'id = "bad0bad0bad0bad0"\ntitle = "x"\ncreated = 5\nurgent = 1\n',
            "field 'created' (line 3) should be a date and time (2026-12-01T09:30:00Z), not 5; "
            "field 'urgent' (line 4) should be true or false, not 1",
        ),
        (
            "ls",
            ".credo/tasks/bad0bad0bad0bad0.toml",
            'id = "bad0bad0bad0bad0"\ntitle = "x"\ncreated = "2026-12-01T09:30:00Z"\n',
            "field 'created' (line 3) should be a date and time (2026-12-01T09:30:00Z), "
            "without quotes, not '2026-12-01T09:30:00Z'",
        ),
        (
            "ls",
            ".credo/config.toml",
            "gate_require_clean = 'no'\n",
            "field 'gate_require_clean' (line 1) should be true or false, not 'no'",
        ),
        (
            "ls",
            ".credo/config.toml",
            "code_paths = '*.py'\n",
            "field 'code_paths' (line 1) should be a list ([...]), not '*.py'",
        ),
        (
            "ls",
            ".credo/config.toml",
            "sbatch = ['gpu']\n",
            "field 'sbatch.0' (line 1) should be one option starting with -, its value after = "
            "(like --gpus=1), not 'gpu'",
        ),
        (  # sbatch took it as one unknown option (or `-p gpu` as partition ' gpu')
            "ls",
            ".credo/config.toml",
            "sbatch = ['--comment=a b', '--partition gpu']\n",
            "field 'sbatch.1' (line 1) should be one option starting with -, its value after = "
            "(like --gpus=1), not '--partition gpu'",
        ),
        (  # sbatch took it as a GPU count of `1 --time=5`, and said only "Invalid gres"
            "ls",
            ".credo/config.toml",
            "sbatch = ['--gpus=1 --time=5']\n",
            "field 'sbatch.0' (line 1) should be one option starting with -, its value after = "
            "(like --gpus=1), not '--gpus=1 --time=5'",
        ),
        (
            "check",
            ".credo/checklists/mine.toml",
            'name = "mine"\ntitle = "Mine"\n[[items]]\nid = "zero"\nprinciple = "p"\n'
            'text = "t"\n\n[[items]]\nid = "one"\nprinciple = "p"\ntext = "t"\n'
            'scope = "forever"\ngate = "sometimes"\n',
            "field 'items.1.scope' (line 12) should be one of 'once', 'experiment' or 'run', "
            "not 'forever'; field 'items.1.gate' (line 13) should be true or false, "
            "not 'sometimes'",
        ),
        (
            "check",
            ".credo/checklists/mine.toml",
            'name = "mine"\ntitle = "Mine"\n[[items]]\nid = "zero"\nprinciple = "p"\n'
            'text = "t"\n[[items]]\nid = "one"\ntext = "t"\n',
            "field 'items.1.principle' (line 7) is missing",
        ),
    ],
)
def test_a_hand_broken_file_is_told_in_credo_s_words(
    repo: Path, credo: Credo, command: str, path: str, content: str, said: str
) -> None:
    """pydantic's own words reached the user: "Input should be a valid boolean, unable
    to interpret input", "String should match pattern '^-'"."""
    ok(credo(repo, "init"))
    (repo / path).write_text(content)
    result = credo(repo, command, *(["--list"] if command == "check" else []))
    assert result.returncode == 0, result.stderr
    assert f"{path}: {said}" in result.stderr
    assert not [words for words in PYDANTIC_WORDS if words in result.stderr], result.stderr


def test_start_says_which_task_it_put_back_to_open(repo: Path, credo: Credo) -> None:
    """Starting a task put my other task in progress back to open without a word."""
    ok(credo(repo, "init"))
    first = json.loads(ok(credo(repo, "add", "Read the paper", "--json")))
    second = json.loads(ok(credo(repo, "add", "Clean the labels", "--json")))
    third = json.loads(ok(credo(repo, "add", "Plot the curves", "--json")))
    alone = json.loads(ok(credo(repo, "start", first["short_id"], "--json")))
    assert alone["put_back"] == []
    said = ok(credo(repo, "start", second["short_id"])).splitlines()
    assert said == [
        "In progress: Clean the labels",
        f"Back to open: Read the paper ({first['short_id']})",
    ]
    started = json.loads(ok(credo(repo, "start", third["short_id"], "--json")))
    assert started["status"] == "in_progress" and started["put_back"] == [second["id"]]
    shown = json.loads(ok(credo(repo, "show", second["short_id"], "--json")))
    assert shown["status"] == "open"


def test_start_puts_back_a_task_put_in_progress_by_hand_since(repo: Path, credo: Credo) -> None:
    """A task file rewritten where it is (nano, VS Code: same inode, the folder itself
    untouched) into my task in progress, after credo last wrote its small file of what is
    in progress: `start` must see it there and put it back to open, as it does a task it
    started itself (one task in progress per person)."""
    me = {"GIT_AUTHOR_EMAIL": "me@lab.org"}
    ok(credo(repo, "init"))
    first, second, third = (
        json.loads(ok(credo(repo, "add", title, "--json")))
        for title in ("Read the paper", "Clean the labels", "Plot the curves")
    )
    ok(credo(repo, "start", first["short_id"], env=me))  # the small file knows this one
    path = repo / ".credo" / "tasks" / f"{second['id']}.toml"
    text = path.read_text()
    edited = text.replace(
        'status = "open"', 'status = "in_progress"\nin_progress_by = "me@lab.org"'
    )
    assert edited != text
    with path.open("r+") as handle:  # in place: no new file, no rename
        handle.write(edited)
    started = json.loads(ok(credo(repo, "start", third["short_id"], "--json", env=me)))
    assert sorted(started["put_back"]) == sorted([first["id"], second["id"]])
    shown = json.loads(ok(credo(repo, "show", second["short_id"], "--json")))
    assert shown["status"] == "open"


def test_start_says_whose_task_in_progress_it_takes_over(repo: Path, credo: Credo) -> None:
    """Starting a task a teammate had in progress (pulled through git) took it over
    without a word: their commits stopped getting its trailer, and no one was told."""
    ok(credo(repo, "init"))
    task = json.loads(ok(credo(repo, "add", "Clean the labels", "--json")))
    bob = {"GIT_AUTHOR_EMAIL": "bob@lab.org"}
    ok(credo(repo, "start", task["short_id"], env=bob))
    again = ok(credo(repo, "start", task["short_id"], env=bob)).splitlines()
    assert again == ["In progress: Clean the labels"]  # his own: nothing taken
    assert "Clean the labels  [in progress · bob@lab.org]" in ok(credo(repo, "ls"))  # whose
    said = ok(credo(repo, "start", task["short_id"])).splitlines()
    assert said == [
        "In progress: Clean the labels",
        "Taken over from bob@lab.org, who had it in progress",
    ]
    bob_json = json.loads(ok(credo(repo, "start", task["short_id"], "--json", env=bob)))
    assert bob_json["taken_from"] != "bob@lab.org" and bob_json["taken_from"]
    assert bob_json["in_progress_by"] == "bob@lab.org" and bob_json["put_back"] == []


def test_a_task_in_progress_is_said_in_words(repo: Path, credo: Credo) -> None:
    """`credo show` and errors said `in_progress`, the stored token, to people."""
    ok(credo(repo, "init"))
    task = json.loads(ok(credo(repo, "add", "Clean the labels", "--json")))
    ok(credo(repo, "start", task["short_id"], env={"GIT_AUTHOR_EMAIL": "bob@lab.org"}))
    assert "status    in progress · bob@lab.org\n" in ok(credo(repo, "show", task["short_id"]))
    again = credo(repo, "undone", task["short_id"])
    assert again.returncode != 0
    assert f"task {task['short_id']} is in progress: nothing to reopen" in again.stderr
    shown = json.loads(ok(credo(repo, "show", task["short_id"], "--json")))
    assert shown["status"] == "in_progress"  # scripts keep the token


def test_who_has_a_task_in_progress_is_named_as_the_board_names_people(
    repo: Path, credo: Credo
) -> None:
    """`credo ls`, `credo show` and "Taken over from …" said the e-mail credo records
    (`in_progress_by`), where the board and the refusals name people: a teammate by the
    name of their commits here (mailmap applied), this clone's git user by theirs. --json
    keeps the e-mail (scripts match on it)."""
    ok(credo(repo, "init"))
    git(repo, "commit", "-q", "--allow-empty", "--author", "Bob <Bob@Lab.org>", "-m", "Bob's")
    (repo / ".mailmap").write_text("Bob Chen <bob@lab.org>\n")
    bob = {"GIT_AUTHOR_EMAIL": "bob@lab.org"}
    labels, curves = (
        json.loads(ok(credo(repo, "add", title, "--json")))["short_id"]
        for title in ("Clean the labels", "Plot the curves")
    )
    ok(credo(repo, "start", labels, env=bob))
    ok(credo(repo, "start", curves))  # Ada Tester, this clone's git user
    listed = ok(credo(repo, "ls"))
    assert "Clean the labels  [in progress · Bob Chen]" in listed
    assert "Plot the curves  [in progress · Ada Tester]" in listed
    assert "bob@lab.org" not in listed and "ada@example.com" not in listed
    assert "status    in progress · Bob Chen\n" in ok(credo(repo, "show", labels))
    said = ok(credo(repo, "start", labels)).splitlines()
    assert said[:2] == [
        "In progress: Clean the labels",
        "Taken over from Bob Chen, who had it in progress",
    ]
    taken = json.loads(ok(credo(repo, "start", labels, "--json", env=bob)))
    assert taken["taken_from"] == "ada@example.com"  # the record, as written
    [shown] = [
        t for t in json.loads(ok(credo(repo, "ls", "--json"))) if t["title"] == "Clean the labels"
    ]
    assert shown["in_progress_by"] == "bob@lab.org"


def test_a_title_starting_with_a_dash_is_told_to_go_after_double_dash(
    repo: Path, credo: Credo
) -> None:
    """`credo add "- read the paper"` (a bullet pasted from notes) said only "No such
    option '- '": the error now says what to type, and that works."""
    ok(credo(repo, "init"))
    refused = credo(repo, "add", "- read the paper", "--json")
    assert refused.returncode == 2
    assert refused.stderr.endswith(
        "Error: No such option '- read the paper'. Words that start with a dash go after -- "
        "(options before it): credo add -- '- read the paper'\n"
    )
    assert list((repo / ".credo" / "tasks").glob("*.toml")) == []
    typo = credo(repo, "add", "x", "--importnt")
    assert "Did you mean '--important'?" in typo.stderr  # a long option mistyped: Click's hint
    added = json.loads(ok(credo(repo, "add", "--json", "--", "- read the paper")))
    assert added["title"] == "- read the paper"
    edited = ok(credo(repo, "edit", added["short_id"], "--title", "-x", "--json"))
    assert json.loads(edited)["title"] == "-x"
    hypothesis = credo(repo, "exp", "start", "- smaller lr", "-b", "1h")
    assert "credo exp start -- '- smaller lr'" in hypothesis.stderr


def test_a_line_giving_due_every_or_an_assignee_twice_is_refused_and_nothing_written(
    repo: Path, credo: Credo
) -> None:
    """`credo add "x due:friday due:monday"` took monday without a word, and so did
    `credo add "x due:friday" --due monday` (the option won): both are named now, as they
    were typed (the option's date was named as the ISO date it reads as: `--due
    2026-12-07` where the user wrote monday). An assignee too: `"fix it @ana" --assignee
    bob` gave it to bob, and `@ana @bob` to bob, without a word. A quoted one is named
    with its quotes, as typed (`@Bruno Silva` was not what was typed)."""
    ok(credo(repo, "init"))
    for args, said in [
        (["x due:friday due:monday"], "the line gives due: twice ('due:friday' and 'due:monday')"),
        (["x every:week every:day"], "'every:week' and 'every:day'"),
        (["x due:friday", "--due", "monday"], "'due:friday' in the line and '--due monday'"),
        (["x due:friday", "--due", "in 3 days"], "'due:friday' in the line and '--due in 3 days'"),
        (["x every:week", "--every", "day"], "'every:week' in the line and '--every day'"),
        (
            ["fix it @ana", "--assignee", "bob"],
            "@name is given twice ('@ana' in the line and '--assignee bob')",
        ),
        (["fix it @ana @bob"], "the line gives @name twice ('@ana' and '@bob')"),
        (
            ['Fix it @"Bruno Silva"', "--assignee", "bob"],
            """@name is given twice ('@"Bruno Silva"' in the line and '--assignee bob')""",
        ),
        (  # the shell took the quotes off: named as the line reads it
            ["Fix", "it", "@Bruno Silva", "@bob"],
            """the line gives @name twice ('@"Bruno Silva"' and '@bob')""",
        ),
        (
            ["x due:'next friday'", "--due", "monday"],
            """("due:'next friday'" in the line and '--due monday')""",
        ),
    ]:
        result = credo(repo, "add", *args)
        assert result.returncode == 1, result.stderr
        assert said in result.stderr and "keep one" in result.stderr, result.stderr
    assert list((repo / ".credo" / "tasks").glob("*.toml")) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("ad", "Check leakage"), "No such command 'ad'. Did you mean 'add'?"),
        (("list",), "No such command 'list'. Did you mean 'ls'?"),
        (("undo",), "No such command 'undo'. The shell has no undo: credo undone ID opens"),
        (("runs", "show", "1a2b"), "No such command 'show'. credo show RUN shows a run"),
        (("runs", "diff", "1a", "2b"), "No such command 'diff'. credo runs compare A B"),
        (("runs", "lss"), "No such command 'lss'. Did you mean 'ls'?"),
        (("exp", "done"), "No such command 'done'. credo exp stop [ID] closes an experiment"),
        (("exp", "new", "lr"), "No such command 'new'. credo exp start \"HYPOTHESIS\" -b 30m"),
    ],
)
def test_a_command_credo_does_not_have_names_the_one_to_use(
    repo: Path, credo: Credo, args: tuple[str, ...], said: str
) -> None:
    """`credo ad "..."` said only "No such command 'ad'" (Click suggests among the commands
    imported, and credo imports a command's module only when it runs), and the names a
    newcomer tries where credo has another (`credo undo`, `credo runs show`, `credo runs
    diff`, `credo exp done`) said nothing of that other one."""
    ok(credo(repo, "init"))
    refused = credo(repo, *args)
    assert refused.returncode == 2 and f"Error: {said}" in refused.stderr, refused.stderr
    assert list((repo / ".credo" / "tasks").glob("*.toml")) == []
    hidden = credo(repo, "merge-drive")  # a hidden command is suggested to no one
    assert hidden.stderr.endswith("Error: No such command 'merge-drive'.\n"), hidden.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("delete", "{id}"), "No such command 'delete'. credo drop ID archives a task"),
        (("modify", "{id}", "due:friday"), "No such command 'modify'. credo edit ID changes"),
        (("annotate", "{id}", "hi"), "No such command 'annotate'. credo edit ID --add-note"),
        (("{id}", "done"), "No such command '{id}'. credo done {id}: the command comes before"),
        (("{id}", "modify", "due:fri"), "No such command '{id}'. credo edit ID changes"),
        (("exp", "{id}", "stop"), "No such command '{id}'. credo exp stop {id}: the command"),
    ],
)
def test_a_taskwarrior_line_names_credos_own(
    repo: Path, credo: Credo, args: tuple[str, ...], said: str
) -> None:
    """A Taskwarrior user's `credo delete 3kf`, `credo modify 3kf due:friday` and `credo
    annotate 3kf ...` said only "No such command 'delete'", and its id-first order, `credo
    3kf done`, "No such command '3kf'": neither named credo's way. Each now names the
    command that does it, the id-first line that command's own line, and nothing is
    changed."""
    ok(credo(repo, "init"))
    task = json.loads(ok(credo(repo, "add", "Read the paper", "--json")))
    before = sorted(p.read_text() for p in (repo / ".credo" / "tasks").glob("*.toml"))
    short = task["short_id"]
    refused = credo(repo, *(arg.format(id=short) for arg in args))
    assert refused.returncode == 2, refused.stderr
    assert f"Error: {said.format(id=short)}" in refused.stderr, refused.stderr
    assert sorted(p.read_text() for p in (repo / ".credo" / "tasks").glob("*.toml")) == before


def test_taskwarrior_words_left_in_a_title_are_said_with_credos_way(
    repo: Path, credo: Credo
) -> None:
    """`credo add "Update the env pri:H project:probe +code"`, a Taskwarrior user's line,
    answered "Added 3kf7: not important, not urgent → Eliminate", the three words silently
    kept in the title (the answer does not show it): the task was neither important nor
    tagged. Each is now named with the way credo writes it; the title keeps them, as one
    may hold such a word ("Rename project:name")."""
    ok(credo(repo, "init"))
    added = credo(repo, "add", "Update the env pri:H project:probe +code C++ +1", "--json")
    assert json.loads(ok(added))["title"] == "Update the env pri:H project:probe +code C++ +1"
    assert added.stderr.splitlines() == [
        "warning: 'pri:H' stays in the title: credo has no priorities (! marks a task "
        "important, ^ urgent)",
        "warning: 'project:probe' stays in the title: a #tag groups tasks (#probe)",
        "warning: '+code' stays in the title: a tag is written #code",
    ]
    plain = credo(repo, "add", "Fix the 3:1 split ! #data")
    assert "warning" not in plain.stderr, plain.stderr


def test_ls_takes_the_boards_filter_words_and_a_taskwarrior_tag(repo: Path, credo: Credo) -> None:
    """`credo ls +data`, as a Taskwarrior user lists a tag (`#data` unquoted is a comment
    to the shell), said "Got unexpected extra argument (+data)": `credo ls` takes the
    board's filter words, `+data` read as `#data`, and names credo's way for the others."""
    ok(credo(repo, "init"))
    ok(credo(repo, "add", "Clean the split #data"))
    ok(credo(repo, "add", "Tune the lr @bruno"))
    done = json.loads(ok(credo(repo, "add", "Old data run #data", "--json")))
    ok(credo(repo, "done", done["short_id"]))

    def titles(*words: str) -> list[str]:
        return sorted(t["title"] for t in json.loads(ok(credo(repo, "ls", *words, "--json"))))

    assert titles("+data") == titles("#data") == ["Clean the split"]
    assert titles("+data", "status:done") == ["Old data run"]
    assert titles("@bruno") == titles("lr") == ["Tune the lr"]
    for typed, said in [
        ("project:data", "warning: project:data: a #tag groups tasks (#data)"),
        ("due:today", "warning: due:today: the filter reads no dates"),
        ("status:pending", "warning: status:pending: use open, in_progress, done or dropped"),
    ]:
        listed = credo(repo, "ls", typed)
        assert listed.returncode == 0 and said in listed.stderr, listed.stderr


@pytest.mark.parametrize(
    ("due", "why"),
    [
        ("2026-12-32", "December 2026 has 31 days"),
        ("2027-02-29T09:00:00", "February 2027 has 28 days"),
        ("2026-13-01", "there is no month 13"),
    ],
)
def test_a_hand_edited_day_that_does_not_exist_is_named(
    repo: Path, credo: Credo, due: str, why: str
) -> None:
    """`due = 2026-12-32` written by hand made `credo ls` warn with tomllib's "is not valid
    TOML: Expected newline or end of document after a statement (at line 8, column 11)":
    the warning now names the line, the field and why the day does not exist."""
    ok(credo(repo, "init"))
    short = json.loads(ok(credo(repo, "add", "Hand-edited", "--json")))["short_id"]
    [path] = (repo / ".credo" / "tasks").glob(f"{short}*.toml")
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(7, f"due = {due}\n")
    path.write_text("".join(lines))
    listed = credo(repo, "ls")
    said = f"{path.relative_to(repo)}: line 8: due = {due[:10]} is no such day ({why})"
    assert said in listed.stderr, listed.stderr
    shown = credo(repo, "show", short)
    assert shown.returncode != 0 and said in shown.stderr, shown.stderr


def test_a_quoted_value_the_shell_gave_whole_is_one_value(repo: Path, credo: Credo) -> None:
    """`credo add Read the paper due:"next friday"`, the README's `due:"next friday"`
    typed unquoted, reached credo as the word `due:next friday` (the shell takes the
    quotes off) and was refused, telling to write due:"next friday", as typed. A field's
    word holding spaces is one value again; the first word, which holds the whole line
    when it is given in quotes, is read as a line."""
    ok(credo(repo, "init"))
    words = ["Read", "the", "paper", "due:next friday", "@Bruno Silva", "every:3 days"]
    added = json.loads(ok(credo(repo, "add", *words, "--json")))
    assert added["title"] == "Read the paper" and added["assignee"] == "Bruno Silva"
    assert added["due"] and added["every"] == "3 days"
    whole = json.loads(ok(credo(repo, "add", "@agent:codex rerun it", "--json")))
    assert whole["title"] == "rerun it" and whole["assignee"] == "agent:codex"
