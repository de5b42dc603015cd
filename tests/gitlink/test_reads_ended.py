"""`end_reads`: an app quitting ends the git processes its abandoned reads wait on. A
cut read raises ReadCut, never returns what git wrote before its end (a partial list of
tips cached as the history), and a read those threads begin later is cut at once."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from credo.abandoned_reads import ReadCut, end_reads
from credo.errors import CredoError
from credo.gitlink import index
from credo.gitlink.runner import git
from credo.store import Store
from processes import dies_soon, held_pid, read_in_thread

from repos import held_git


def test_an_ended_read_raises_and_writes_no_cache(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commit index's first read, held, then ended: ReadCut (not a CredoError, which
    `update` would take for a lost tip and read the whole history again), and no cache."""
    held = tmp_path / "git.pid"
    monkeypatch.setenv(
        "PATH", f"{held_git(tmp_path / 'shim', held)}{os.pathsep}{os.environ['PATH']}"
    )
    thread, said = read_in_thread(lambda: index.refresh(repo, store))
    pid = held_pid(held)
    end_reads([thread])
    thread.join(60)
    [error] = said
    assert isinstance(error, ReadCut) and not isinstance(error, CredoError)
    assert dies_soon(pid)
    assert store.read_cache(index.CACHE_NAME) is None
    later, said = read_in_thread(lambda: git(repo, "rev-parse", "HEAD"))  # another thread
    later.join(60)
    assert isinstance(said[0], bytes)


def test_a_read_an_ended_thread_begins_later_is_cut_and_other_threads_read_on(
    repo: Path, tmp_path: Path
) -> None:
    go = threading.Event()
    own: list[BaseException | bytes] = []

    def reading_twice() -> None:
        own.append(git(repo, "rev-parse", "HEAD"))
        go.wait(60)
        try:
            own.append(git(repo, "rev-parse", "HEAD"))
        except ReadCut as error:
            own.append(error)

    thread = threading.Thread(target=reading_twice)
    thread.start()
    while not own:
        time.sleep(0.01)
    end_reads([thread])
    other, said = read_in_thread(lambda: git(repo, "rev-parse", "HEAD"))
    other.join(60)
    go.set()
    thread.join(60)
    assert isinstance(own[1], ReadCut)
    assert said == [own[0]]  # the same answer, read whole
