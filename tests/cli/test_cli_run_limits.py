"""`credo run` when the system refuses it a file: under a real limit of open files
(util-linux `prlimit`), at every stage of its start, one clear line and exit 125."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from credo.domain.models import RunStatus
from credo.store import Store
from terminal import CREDO, on_terminal

PRLIMIT = shutil.which("prlimit")


def _limited(repo: Path, files: int, on_a_terminal: bool) -> tuple[int, str]:
    """`credo run -- true` allowed `files` open files: its exit code and what it said."""
    args = [f"--nofile={files}", CREDO, "run", "--", "true"]
    if on_a_terminal:
        return on_terminal(repo, args, [], program=str(PRLIMIT))
    done = subprocess.run(
        [str(PRLIMIT), *args],
        cwd=repo,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.mark.skipif(PRLIMIT is None, reason="needs util-linux prlimit")
@pytest.mark.parametrize("on_a_terminal", [False, True], ids=["pipes", "terminal"])
def test_too_few_open_files_is_one_clear_line_and_125_at_every_stage(
    store: Store, repo: Path, on_a_terminal: bool
) -> None:
    """Under `prlimit --nofile=8 credo run -- true` credo ended in a traceback (a pipe
    for git refused) with exit 1; a little higher, the record said `cannot start 'true':
    Too many open files`, exit 126, as if `true` were not a program; a failure in the
    supervisor before the command started was recorded `failed` with a Python repr,
    exit 1. From the lowest limit up to the first that lets the run start, every try
    ends with one line saying too many files were open and what to do, exit 125 (credo
    ran nothing), and leaves no record but one that says `did not start`, and no folder
    without its record."""
    subprocess.run([CREDO, "exp", "start", "limits"], cwd=repo, capture_output=True, check=True)
    files, before_a_record, recorded = 5, 0, 0  # with 4, Python itself cannot start
    while True:
        code, said = _limited(repo, files, on_a_terminal)
        assert "Traceback" not in said, (files, said)
        runs = store.runs()
        for folder in [store.folder("runs"), repo / ".git" / "credo" / "runs"]:
            made = [p for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
            assert sorted(p.name for p in made) == sorted(r.id for r in runs), (files, said)
        if code == 0:
            break
        assert code == 125, (files, said)
        assert "too many open files: credo " in said, (files, said)
        assert "(credo may hold " in said, (files, said)
        assert said.count("too many open files") == 1, (files, said)
        for run in runs:
            assert run.status == RunStatus.DID_NOT_START, (files, run)
            assert run.exit_code == 125
            assert run.note.startswith("too many open files: credo could not start the command")
            assert "Too many" not in (store.run_folder(run.id) / "output.log").read_text()
        recorded += bool(runs)
        before_a_record += not runs
        for run in runs:  # each limit starts from no run
            shutil.rmtree(store.run_folder(run.id))
            shutil.rmtree(store.folder("runs") / run.id)
        files += 1
        assert files < 64, said
    [run] = store.runs()
    assert run.status == RunStatus.SUCCEEDED
    assert before_a_record, "no limit stopped credo before the run's record"
    # Through pipes the command's start takes 8 files more than the supervisor holds, more
    # than what credo's start-up takes at once; on a terminal fewer, and whether a limit
    # falls between the two depends on how the start-up's readings overlap.
    assert recorded or on_a_terminal, "no limit stopped the command's start"
