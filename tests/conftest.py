"""Test isolation: no real home, config or git identity; real git repos in tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from credo.store import Store
from workers import auto_workers

from repos import commit_file, git

pytest_plugins = ["late_workers", "pytester"]  # `--late-workers` (tests/late_workers.py)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (`make test`): no more workers than the CPU quota allows (see
    `workers.auto_workers`); PYTEST_XDIST_AUTO_NUM_WORKERS, when set, still decides."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return auto_workers()


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own HOME, XDG dirs and credo config dir; git is fully configured."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.setenv("CREDO_CONFIG_DIR", str(home / "credo-config"))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Ada Tester")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "ada@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Ada Tester")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "ada@example.com")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    (home / ".gitconfig").write_text(
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
    )
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("CREDO_METRICS", raising=False)
    monkeypatch.delenv("CREDO_RUN_DIR", raising=False)
    for agent_sign in (
        "CREDO_ACTOR",
        "CLAUDECODE",
        "GEMINI_CLI",
        "CODEX_THREAD_ID",
        "CODEX_SANDBOX",
        "AGENT",
    ):
        monkeypatch.delenv(agent_sign, raising=False)  # tests run as a person unless they say
    monkeypatch.delenv("JPY_PARENT_PID", raising=False)  # at a terminal, not in a notebook
    if os.environ.get("TERM") == "dumb":  # a suite run from Emacs's M-x shell or a CI's
        monkeypatch.setenv("TERM", "xterm")  # opens the board on its own pseudo-terminals
    return home


@pytest.fixture(autouse=True)
def no_crash(request: pytest.FixtureRequest, isolated_env: Path) -> Iterator[None]:
    """A worker that raises leaves the app open, with a note and a crash file (see
    `credo.ui.workers`), where it used to exit the app and so fail the test: a test after
    which a crash file exists fails still, unless marked `crashes` (it makes one on purpose)."""
    from credo.ui.workers import crash_folder

    yield
    crashes = sorted(crash_folder().glob("crash-*.txt"))
    if crashes and request.node.get_closest_marker("crashes") is None:
        pytest.fail(f"a worker failed: {crashes[-1]}\n{crashes[-1].read_text()}", pytrace=False)


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Put the test's process in a time zone (`zone("Europe/Berlin")`): what `isolated_env`
    does for UTC, back to UTC after the test."""

    def put(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield put
    put("UTC")


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes snapshots depend on timing: keep it on."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A real git repository with one commit."""
    path = tmp_path / "project"
    path.mkdir()
    git(path, "init", "-q")
    commit_file(path, "README.md", "# project\n", "Initial commit")
    return path


@pytest.fixture
def store(repo: Path) -> Store:
    """A credo store initialised in `repo`."""
    created, _ = Store.init(repo)
    return created


@pytest.fixture
def linked(repo: Path) -> Path:
    """A linked worktree of `repo` (its branch `exp`) with a credo store: its git files
    (HEAD, its index, the list of worktrees) are in `repo`'s `.git`, maybe on a network
    mount, which the tests hang (`HungPlace`)."""
    path = repo.parent / "linked"
    git(repo, "worktree", "add", "-q", "-b", "exp", str(path))
    Store.init(path)
    return path


CREDO = str(Path(sys.executable).parent / "credo")


def run_credo(
    cwd: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `credo` console script in `cwd`; returns the finished process."""
    return subprocess.run(
        [CREDO, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


@pytest.fixture
def credo() -> Callable[..., subprocess.CompletedProcess[str]]:
    """`credo(cwd, "add", "x")`: the console script as a user runs it."""
    return run_credo
