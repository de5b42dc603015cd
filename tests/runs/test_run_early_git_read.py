"""`credo run` reads the tree at once (beside its start-up), and again if it had to ask.

The first read is what the gate judges and what the run records; when credo asked for a
hypothesis on the terminal, time passed and the tree may have changed: it reads again.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from pathlib import Path

from credo.store import Store

PY = sys.executable
CREDO = str(Path(sys.executable).parent / "credo")


def test_tree_changed_while_credo_asked_is_what_the_run_records(store: Store, repo: Path) -> None:
    import pty

    pid, master = pty.fork()
    if pid == 0:  # the child: credo on a terminal, no experiment running
        os.chdir(repo)
        os.execv(CREDO, [CREDO, "run", "--skip-gate", "--", PY, "-c", "pass"])
    seen = b""
    answered = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed: credo ended
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"Hypothesis" in seen:
            (repo / "README.md").write_text("# project\nedited while credo asked\n")
            os.write(master, b"edits count\n")
            answered = True
    else:
        os.kill(pid, signal.SIGKILL)  # stuck: fail, do not hang
    _, status = os.waitpid(pid, 0)
    os.close(master)
    assert answered, seen.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, seen.decode("utf-8", "replace")
    [run] = store.runs()
    assert run.git_start is not None and run.git_start.dirty
    assert run.git_start.patch == "start.patch"
    patch = (store.credo_dir / "runs" / run.id / "start.patch").read_text()
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
    assert (store.credo_dir / "runs" / run.id / "output.log").read_text() == "ok\n"
