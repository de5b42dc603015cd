"""`credo run` reads the tree at once (beside its start-up), and again if it had to ask.

The first read is what the gate judges and what the run records; when credo asked for a
hypothesis on the terminal, time passed and the tree may have changed: it reads again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from credo.store import Store
from terminal import on_terminal

PY = sys.executable
CREDO = str(Path(sys.executable).parent / "credo")


def test_tree_changed_while_credo_asked_is_what_the_run_records(store: Store, repo: Path) -> None:
    answered: list[bool] = []

    def edit_then_answer() -> bytes:
        (repo / "README.md").write_text("# project\nedited while credo asked\n")
        answered.append(True)
        return b"edits count\n"

    code, screen = on_terminal(  # no experiment running: credo asks for a hypothesis
        repo,
        ["run", "--skip-gate", "--", PY, "-c", "pass"],
        [("Hypothesis", edit_then_answer)],
    )
    assert answered, screen
    assert code == 0, screen
    [run] = store.runs()
    assert run.git_start is not None and run.git_start.dirty
    assert run.git_start.patch == "start.patch"
    patch = (store.run_folder(run.id) / "start.patch").read_text()
    assert "+edited while credo asked" in patch


def test_a_clean_run_from_the_shell_records_the_start_and_the_end(store: Store, repo: Path) -> None:
    import subprocess

    (repo / "notes.txt").write_text("an untracked note\n")
    done = subprocess.run(
        [CREDO, "run", "--skip-gate", "--hypothesis", "h", "--", PY, "-c", "print('ok')"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"
    [run] = store.runs()
    assert run.git_start is not None and run.git_end is not None
    assert run.git_start.untracked == ["notes.txt"] and run.git_start.patch == "start.patch"
    assert run.git_end.patch == "start.patch"  # same diff at the end: the start's file
    assert run.python == sys.version.split()[0] and "pydantic" not in run.packages
    assert (store.run_folder(run.id) / "output.log").read_text() == "ok\n"
