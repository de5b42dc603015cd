"""The READMEs, tried as a new user would: the demo's own on a fresh `credo demo`, and
credo's own where a claim can be checked against the real command."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from platformdirs.api import PlatformDirsABC
from platformdirs.macos import MacOS
from platformdirs.unix import Unix

from credo.domain.models import Task
from credo.store import Store

from repos import git

README = Path(__file__).parents[2] / "README.md"


@pytest.fixture
def demo(credo: Any, tmp_path: Path) -> Path:
    target = tmp_path / "ptvid"
    built = credo(tmp_path, "demo", "--path", str(target), "--no-open")
    assert built.returncode == 0, built.stderr
    return target


def test_the_readme_commands_work(credo: Any, demo: Path) -> None:
    readme = (demo / "README.md").read_text()
    assert "credo run -- python train.py" in readme
    assert "credo check training-recipe --status" in readme

    # nothing to answer first: the runs so far answered the recipe's checks
    assert json.loads(credo(demo, "gate", "--json").stdout)["passed"]
    status = credo(demo, "check", "training-recipe", "--status")
    assert status.returncode == 0, status.stderr
    assert "✓ overfit-ten: reached: run" in status.stdout

    ran = credo(demo, "run", "--", sys.executable, "train.py", "--epochs", "1")
    assert ran.returncode == 0, ran.stderr
    store = Store.open(demo)
    [new] = [r for r in store.runs() if r.command[1:] == ["train.py", "--epochs", "1"]]
    assert new.gate["passed"] and new.params["num_classes"] == 2
    assert {"loss", "valid_loss", "valid_acc", "valid_acc_swapped"} <= new.metrics.keys()
    [sweep] = [e for e in store.experiments() if e.id == new.experiment]
    assert "learning rate" in sweep.hypothesis  # attached to the running experiment

    nb = credo(demo, "run", "--", sys.executable, "nb.py")
    assert nb.returncode == 0, nb.stderr

    prepared = subprocess.run(
        [sys.executable, "prepare.py"], cwd=demo, capture_output=True, text=True, check=True
    )
    assert prepared.stdout.startswith("kept 1565 of 2010;")
    assert git(demo, "status", "--porcelain", "--", "data") == ""  # the same bytes again


def test_the_readme_data_commands_work(credo: Any, demo: Path) -> None:
    pytest.importorskip("duckdb")
    diff = credo(
        demo, "data", "diff", "data/raw.jsonl", "data/clean.jsonl", "--key", "id", "--by", "domain"
    )
    assert diff.returncode == 0 and "445 dropped (22.1%)" in diff.stdout
    cues = credo(
        demo,
        "data",
        "cues",
        "data/clean.jsonl",
        "--label",
        "variety",
        "--ignore",
        "source",
        "--json",
    )
    assert cues.returncode == 1  # cues found: the domain and a few words give it away
    found = json.loads(cues.stdout)
    assert found["ignored_columns"] == ["source"]
    assert not any(c["value"] == "Lisboa" for c in found["cues"])  # masked


def test_the_young_sample_holds_its_next_run_until_its_checks_are_read(
    credo: Any, tmp_path: Path
) -> None:
    """mnist's first run logged its loss only after 20 steps and no valid loss: its
    README's command is held, with what to do, until someone has read that."""
    demo = tmp_path / "mnist"
    built = credo(
        tmp_path, "demo", "--sample", "mnist-from-scratch", "--path", str(demo), "--no-open"
    )
    assert built.returncode == 0, built.stderr
    readme = (demo / "README.md").read_text()
    assert "credo run -- python train.py" in readme
    # it says a failed check holds the next run, and how to go on: the line tried below
    assert "credo holds the next run of the same command at the same code" in readme
    assert 'credo gate --ack --note "the loss is logged after 20 steps"' in readme
    python = {"PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}  # as recorded
    held = credo(demo, "run", "--", "python", "train.py", env=python)
    assert held.returncode != 0 and "first train loss 0.854" in held.stderr
    assert "credo gate --ack" in held.stderr
    # credo's README says the first run failed two checks: the report counts two ✗ too
    assert "younger project whose first run failed two checks" in README.read_text()
    report = credo(demo, "report", "--format", "md").stdout
    failed = [line for line in report.splitlines() if line.startswith("- ✗ ")]
    assert len(failed) == 2
    assert any(
        line.startswith("- ✗ losses-logged (with log-every-step) on run ") for line in failed
    )
    read = credo(demo, "gate", "--ack", "--note", "the loss is logged after 20 steps")
    assert read.returncode == 0, read.stderr
    said = read.stdout.splitlines()  # the two checks, as counted above
    assert [line.split(" on run ")[0] for line in said if line.startswith("acknowledged ")] == [
        "acknowledged training-recipe/loss-at-init",
        "acknowledged training-recipe/losses-logged (with log-every-step)",
    ]
    ran = credo(demo, "run", "--", "python", "train.py", env=python)
    assert ran.returncode == 0, ran.stderr
    assert len(Store.open(demo).runs()) == 2


def _listed_commands(help_text: str) -> set[str]:
    section = help_text.split("Commands:\n", 1)[1]
    return {line.split()[0] for line in section.splitlines() if line.startswith("  ")}


def test_the_readme_commands_table_names_every_command(credo: Any, tmp_path: Path) -> None:
    """'`credo --help` lists them all', and the table below it names each one."""
    shown = credo(tmp_path, "--help")
    assert shown.returncode == 0, shown.stderr
    table = README.read_text().split("| area | commands |", 1)[1].split("\n\n", 1)[0]
    named = {cell.strip("`").split()[0].split("/")[0] for cell in table.split("`")[1::2]}
    assert _listed_commands(shown.stdout) <= named


def test_the_readme_options_are_the_real_ones(credo: Any, tmp_path: Path) -> None:
    """'`credo -C PATH COMMAND` works on the project at PATH (like git)': the help names
    it the same way, and it goes before the command (it said every command takes it, but
    `credo ls -C PATH` is refused)."""
    assert "`credo -C PATH COMMAND` works on the project at PATH (like git)" in README.read_text()
    shown = credo(tmp_path, "--help")
    assert "-C PATH " in shown.stdout
    assert credo(tmp_path, "init").returncode == 0
    assert credo(tmp_path.parent, "-C", str(tmp_path), "ls").returncode == 0


@pytest.mark.parametrize("system", [Unix, MacOS], ids=["linux", "macos"])
def test_the_readme_names_the_personal_folders_where_credo_looks(
    system: type[PlatformDirsABC], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README named only Linux's `~/.config/credo/`: on a Mac credo looks elsewhere."""
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    folders = system("credo", appauthor=False)  # as credo.store.paths asks
    readme = README.read_text()
    for folder in (folders.user_config_dir, folders.user_cache_dir):
        assert f"`{folder.replace(str(Path.home()), '~', 1)}/`" in readme


def test_the_readme_s_way_to_add_a_note_keeps_the_notes(
    credo: Any, repo: Path, store: Store
) -> None:
    """The README named no way to add a note from the shell (`--add-note`, in `credo edit
    --help`), so a user wrote one with `--note`, which replaces the notes: its line, run
    as written on a task with notes, adds under them."""
    [line] = [line for line in _readme_command_lines() if "--add-note" in line]
    added = credo(repo, "add", "Try a smaller LR", "--note", "spikes at step 2k", "--json")
    task = json.loads(added.stdout)
    edited = credo(repo, *shlex.split(line.replace(" ID ", f" {task['id']} "))[1:])
    assert edited.returncode == 0, edited.stderr
    note = shlex.split(line)[-1]
    assert store.get(Task, task["id"]).notes == f"spikes at step 2k\n\n{note}"


def _readme_command_lines() -> list[str]:
    """Every `credo ...` line of the README: in its shell blocks (up to a comment) and in
    its code spans (a span cut over two lines read as one)."""
    text = README.read_text()
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    spans = [span.replace("\n", " ") for span in re.findall(r"`(credo [^`]+)`", text)]
    return [line for line in lines + spans if line.startswith("credo ")]


def _unknown_words(line: str) -> list[str]:
    """What Click would not know in `line`: a command no group has, an option its command
    lacks. Words after `--` are the run's own; a word in capitals (`ID`, `KIND`) stands for
    one; `...` for the rest."""
    from credo.cli import main

    try:
        words = shlex.split(line)[1:]
    except ValueError:  # a quote left open on purpose: TAB completes inside it
        words = shlex.split(line + '"')[1:]
    command: click.Command = main
    unknown = []
    takes_value = False
    for word in words:
        if word in ("--", "...") or word.startswith(">"):
            break
        if takes_value:
            takes_value = False
            continue
        if word.startswith("-"):
            name = word.split("=", 1)[0]
            param = next((p for p in command.params if name in p.opts + p.secondary_opts), None)
            if param is None and name not in ("-h", "--help"):
                unknown.append(f"{command.name} {name}")
            takes_value = isinstance(param, click.Option) and not param.is_flag and "=" not in word
        elif isinstance(command, click.Group) and not word.isupper():
            sub = command.get_command(click.Context(command), word)
            if sub is None:
                unknown.append(f"{command.name} {word}")
                break
            command = sub
    return unknown


def test_every_credo_line_of_the_readme_names_real_commands_and_options() -> None:
    """A new user copies the README's commands into a shell: each command path and each
    option it names exists with that spelling, so an option renamed or a command moved
    fails here rather than in their shell."""
    lines = _readme_command_lines()
    assert len(lines) > 100  # the blocks and the spans were both read
    assert {line: words for line in lines if (words := _unknown_words(line))} == {}
    assert _unknown_words("credo runs ls --sort-by acc") == ["ls --sort-by"]
    assert _unknown_words("credo exp begin 3kf") == ["exp begin"]
