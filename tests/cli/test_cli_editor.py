"""`credo edit ID` with no option: the task in the person's editor (a real program set as
$EDITOR), on a real pseudo-terminal, in a real git repository."""

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from terminal import CREDO, on_terminal

Credo = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def task_id(repo: Path, credo: Credo) -> str:
    credo(repo, "init")
    made = credo(repo, "add", "Check leakage #data due:2030-01-15", "-n", "## Plan\nsplit\n")
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    """A shell script as $EDITOR (its file is "$1"), which also keeps a copy of each file
    it was given, as it was given, in `seen-N.txt` beside it."""
    script = tmp_path / "editor.sh"
    script.write_text(
        "#!/bin/sh\n"
        '[ "$1" = --wait ] && shift\n'  # as `code --wait` is given
        f"n=$(ls {tmp_path}/seen-*.txt 2>/dev/null | wc -l)\n"
        f'cp "$1" {tmp_path}/seen-$((n + 1)).txt\n' + body
    )
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))  # where the task's text is put
    return script


def shown(repo: Path, credo: Credo, task_id: str) -> dict[str, object]:
    listed = credo(repo, "ls", "--all", "--json")
    assert listed.returncode == 0, listed.stderr
    tasks: list[dict[str, object]] = json.loads(listed.stdout)
    return next(task for task in tasks if task["short_id"] == task_id)


def task_file(repo: Path) -> bytes:
    (path,) = (repo / ".credo" / "tasks").glob("*.toml")
    return path.read_bytes()


def test_the_editor_opens_the_task_and_what_is_saved_is_written(
    repo: Path, credo: Credo, task_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Taskwarrior user's `credo edit ID` said "nothing to change: give --title...":
    now it opens their editor on the task's fields, and what they save is the task."""
    editor(
        tmp_path,
        monkeypatch,
        "sed -i -e 's/^title: .*/title: Check leakage across splits/' -e 's/^important: no/"
        "important: yes/' -e 's/^due: .*/due: 2030-02-01/' -e 's/^tags: .*/tags: data, #paper/'"
        " -e 's/^assignee:.*/assignee: agent:codex/' -e '$a - and dedupe' \"$1\"\n",
    )
    code, screen = on_terminal(repo, ["edit", task_id], [])
    assert code == 0, screen
    assert "Edited: Check leakage across splits" in screen
    given = (tmp_path / "seen-1.txt").read_text()
    assert given.startswith("# Task ") and "\ntitle: Check leakage\n" in given
    assert "\ndue: 2030-01-15\n" in given and "\ntags: data\n" in given
    assert given.endswith("notes:\n## Plan\nsplit\n")  # a heading in the notes is the notes
    task = shown(repo, credo, task_id)
    assert task["title"] == "Check leakage across splits"
    assert (task["important"], task["urgent"]) == (True, False)
    assert task["due"] == "2030-02-01" and task["tags"] == ["data", "paper"]
    assert task["assignee"] == "agent:codex"
    assert task["notes"] == "## Plan\nsplit\n- and dedupe"
    assert not list((tmp_path / "tmp").iterdir())  # no file left behind


def test_a_line_that_does_not_read_is_named_and_edited_again_with_the_text_kept(
    repo: Path, credo: Credo, task_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first save has a date no one can read: credo names the line and the field, and
    asked, opens the same text again; the second save is written."""
    editor(
        tmp_path,
        monkeypatch,
        'if [ "$n" = 0 ]; then sed -i -e "s/^title: .*/title: Renamed/" '
        '-e "s/^due: .*/due: someday maybe/" "$1"\n'
        'else sed -i "s/^due: .*/due: 2030-03-01/" "$1"; fi\n',
    )
    code, screen = on_terminal(repo, ["edit", task_id], [("Edit it again?", b"y\r")])
    assert code == 0, screen
    assert "error: line 11, due: cannot read the date 'someday maybe'" in screen
    assert "title: Renamed" in (tmp_path / "seen-2.txt").read_text()  # the text as typed
    task = shown(repo, credo, task_id)
    assert (task["title"], task["due"]) == ("Renamed", "2030-03-01")


def test_declining_to_edit_again_keeps_the_text_in_a_file_it_names(
    repo: Path, credo: Credo, task_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = task_file(repo)
    editor(tmp_path, monkeypatch, "sed -i 's/^urgent: no/urgent: maybe/' \"$1\"\n")
    code, screen = on_terminal(repo, ["edit", task_id], [("Edit it again?", b"n\r")])
    assert code == 1, screen
    assert "line 10, urgent: 'maybe' is neither yes nor no: type yes or no" in screen
    kept = screen.split("your text is kept in ")[1].split()[0]
    assert "urgent: maybe" in Path(kept).read_text()
    assert task_file(repo) == before


@pytest.mark.parametrize(
    ("theirs", "saved", "after"),
    [
        ("--title 'Their title' --note 'their notes'", False, ("Their title", "their notes")),
        ("--add-note 'their line'", True, ("My title", "## Plan\nsplit\n\ntheir line")),
    ],
)
def test_a_change_made_on_disk_meanwhile_is_not_written_over(
    repo: Path,
    credo: Credo,
    task_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    theirs: str,
    saved: bool,
    after: tuple[str, str],
) -> None:
    """While the editor is open, another terminal changes the task. Renamed, the person's
    new title is not written over it, and their text is kept; a field they did not change
    (the notes, changed meanwhile too) is not written at all, then or when only the notes
    changed meanwhile and their title is saved."""
    editor(
        tmp_path,
        monkeypatch,
        f"{CREDO} edit {task_id} {theirs} >/dev/null\n"
        "sed -i 's/^title: .*/title: My title/' \"$1\"\n",
    )
    code, screen = on_terminal(repo, ["edit", task_id], [])
    assert code == (0 if saved else 1), screen
    if not saved:
        said = " ".join(screen.split())
        assert "not saved: the title (now 'Their title') changed on disk since the" in said
        kept = said.split("your text is kept in ")[1].split()[0]
        assert "title: My title" in Path(kept).read_text()
    task = shown(repo, credo, task_id)
    assert (task["title"], task["notes"]) == after


@pytest.mark.parametrize(
    ("body", "said"),
    [("true\n", "nothing was changed"), (': > "$1"\n', "the file was emptied")],
)
def test_an_unchanged_or_emptied_file_writes_nothing_and_says_so(
    repo: Path,
    credo: Credo,
    task_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: str,
    said: str,
) -> None:
    before = task_file(repo)
    editor(tmp_path, monkeypatch, body)
    code, screen = on_terminal(repo, ["edit", task_id], [])
    assert code == 0, screen
    assert f"{said}: task {task_id} left as it is" in screen
    assert task_file(repo) == before


def test_without_a_terminal_it_names_the_options_and_opens_nothing(
    repo: Path, credo: Credo, task_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor(tmp_path, monkeypatch, "")
    result = credo(repo, "edit", task_id, stdin="")
    assert result.returncode == 2
    assert "opens your editor, and there is no terminal" in result.stderr
    assert "--title" in result.stderr and "--due" in result.stderr
    assert not (tmp_path / "seen-1.txt").exists()


def test_an_editor_given_with_its_options_runs_through_the_shell(
    repo: Path, credo: Credo, task_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = editor(tmp_path, monkeypatch, "sed -i 's/^title: .*/title: Waited/' \"$1\"\n")
    monkeypatch.setenv("VISUAL", f"{script} --wait")  # VISUAL first, as git reads them
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    code, screen = on_terminal(repo, ["edit", task_id], [])
    assert code == 0, screen
    assert shown(repo, credo, task_id)["title"] == "Waited"


@pytest.mark.parametrize("name", ["no-such-editor-here", "no-such-editor-here --wait"])
def test_an_editor_that_cannot_run_is_named(
    repo: Path, credo: Credo, task_id: str, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", name)
    code, screen = on_terminal(repo, ["edit", task_id], [])
    assert code == 1, screen
    said = " ".join(screen.split())
    assert f"the editor {name!r} ($EDITOR) could not be run" in said
    assert "export EDITOR=nano" in said
    assert shown(repo, credo, task_id)["title"] == "Check leakage"


def test_ctrl_c_in_the_editor_is_the_editors(
    repo: Path, credo: Credo, task_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl-c reaches the whole foreground process group: vim takes it (its way out of
    insert mode), and credo, waiting on it, ended and killed the editor with the text."""
    editor(
        tmp_path,
        monkeypatch,
        "trap '' INT\nkill -INT 0\nsleep 0.5\nsed -i 's/^title: .*/title: Kept/' \"$1\"\n",
    )
    code, screen = on_terminal(repo, ["edit", task_id], [])
    assert code == 0, screen
    assert shown(repo, credo, task_id)["title"] == "Kept"


def test_an_editor_that_fails_writes_nothing_and_keeps_what_was_typed(
    repo: Path, credo: Credo, task_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """vim's :cq (quit with an error) is how its user says "do not use this", as git reads it."""
    before = task_file(repo)
    editor(tmp_path, monkeypatch, "sed -i 's/^title: .*/title: Half done/' \"$1\"\nexit 1\n")
    code, screen = on_terminal(repo, ["edit", task_id], [])
    assert code == 1, screen
    said = " ".join(screen.split())
    assert "ended with status 1: the task is left as it is; your text is kept in" in said
    assert "title: Half done" in Path(said.split("kept in ")[1].split()[0]).read_text()
    assert task_file(repo) == before
