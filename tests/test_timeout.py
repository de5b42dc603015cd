"""A hung test fails on its own, naming itself with every thread's stack, and the run
goes on: it hung CI to its 90-minute limit, saying nothing (pytest-timeout, pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).parent.parent

HUNG = """
import threading


def test_waits_forever():
    threading.Thread(target=threading.Event().wait, name="helper", daemon=True).start()
    threading.Event().wait()


def test_after_it():
    pass
"""


def test_a_hung_test_fails_with_every_threads_stack_and_the_run_goes_on(
    pytestconfig: pytest.Config, tmp_path: Path
) -> None:
    assert 0 < float(pytestconfig.getini("timeout")) <= 600
    (tmp_path / "test_hung.py").write_text(HUNG)
    # the project's settings, in an xdist worker as `make test` runs, but 2 s to hang
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(PROJECT / "pyproject.toml")]
        + ["--rootdir", str(tmp_path), "-p", "no:cacheprovider", "-n", "1", "-o", "timeout=2"]
        + [str(tmp_path / "test_hung.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,  # were it to hang
        check=False,
    )
    said = done.stdout
    assert "FAILED test_hung.py::test_waits_forever - Failed: Timeout (>2.0s)" in said, said
    assert "Stack of helper" in said and "1 failed, 1 passed" in said, said
