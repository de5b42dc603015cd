"""A worker's failure is a note and a crash file; the app stays open (credo.ui.workers)."""

from __future__ import annotations

import errno
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import pytest
from boards import make_task
from textual.widgets import Input

import credo
from credo.domain.models import Task
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.workers import crash_folder
from pilots import said, until


@pytest.mark.crashes
async def test_a_failing_poll_is_said_and_the_open_form_keeps_its_words(
    board_app: CredoApp, board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store turns every bad file it meets into a problem the board shows, so no real
    read reaches the worker as an error: `Store.load` fails here as a dying disk makes it.
    Textual's default exited the app with a traceback, the words typed lost."""
    tasks = board_store.credo_dir / "tasks"
    load, reads = Store.load, []

    def dying_disk(store: Store, kind: type, stamps: object = None) -> object:
        if kind is Task:
            reads.append(kind)
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(tasks))
        return load(store, kind, stamps)  # type: ignore[arg-type]

    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Plot the loss")
        form = board_app.screen
        monkeypatch.setattr(Store, "load", dying_disk)
        make_task(board_store, 8, "Written by a teammate")  # the board's poll reads the tasks
        await until(pilot, lambda: len(reads) >= 3, "the poll failing again")
        assert board_app.is_running
        assert board_app.screen is form
        assert form.query_one("#add-line", Input).value == "Plot the loss"
    [crash] = crash_folder().iterdir()  # told once: not at each poll
    assert said(board_app) == [
        "Reading the board's tasks failed: OSError: [Errno 5] Input/output error: "
        f"'{tasks}'. The traceback is in {crash}"
    ]
    text = crash.read_text()
    assert text.startswith("Reading the board's tasks failed at ")
    assert f"credo 0.1.0, Python {platform.python_version()}, Textual " in text
    assert "in load_in_background" in text and "in dying_disk" in text
    assert text.endswith(f"OSError: [Errno 5] Input/output error: '{tasks}'\n")


def test_every_worker_is_started_by_credo_work() -> None:
    """Textual's own `work` and `run_worker` exit the app when the work raises: a worker
    started with them would undo the above for its view."""
    app = Path(credo.__file__).parent
    found = [
        f"{path.relative_to(app)}:{number}: {line.strip()}"
        for path in sorted(app.rglob("*.py"))
        if path != app / "ui" / "workers.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"from textual import .*\bwork\b|textual\.work\b|\brun_worker\(", line)
    ]
    assert found == []


RAISING = """
from pilots import until

from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.workers import credo_work, crash_folder


@credo_work("Dividing by zero", group="test")
def divide(app: CredoApp) -> None:
    1 / 0


async def test_a_worker_raises(tmp_path) -> None:
    store, _ = Store.init(tmp_path)
    app = CredoApp(store)
    async with app.run_test() as pilot:
        divide(app)
        await until(pilot, lambda: crash_folder().exists())
"""


def test_a_test_whose_worker_raises_fails(tmp_path: Path) -> None:
    """The app goes on after a worker raises, so the test would have passed: the crash
    file it leaves fails it (`no_crash` in tests/conftest.py), as the app's exit did."""
    tests, app = Path(__file__).parents[1], Path(credo.__file__).parents[1]
    (tmp_path / "test_raising.py").write_text(RAISING)
    # the project's settings and fixtures (tests/conftest.py, as a plugin)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(tests.parent / "pyproject.toml")]
        + ["--rootdir", str(tmp_path), "-p", "no:cacheprovider", "-p", "conftest"]
        + [str(tmp_path / "test_raising.py")],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(map(str, [tests, tests / "ui", app]))},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    said = done.stdout
    assert "1 passed, 1 error" in said, said
    assert "ERROR at teardown of test_a_worker_raises" in said, said
    assert "a worker failed: " in said and "ZeroDivisionError: division by zero" in said, said
