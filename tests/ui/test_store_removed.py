"""`.credo/` removed with the board open (`git rm -r .credo`, `rm -rf .credo`): the
board's polls made its cache, and the folders of items they wrote to, again, and the
board showed an empty board without a word. It now writes nothing and says why."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from boards import TODAY, make_task

from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen
from pilots import said, screen_text, settle, until, workers_done

from repos import git


def left_in(folder: Path) -> list[str]:
    """Every file and folder under `folder`, with when each file was last written."""
    if not folder.exists():
        return []
    return sorted(
        f"{path.relative_to(folder)} {path.stat().st_mtime_ns if path.is_file() else ''}"
        for path in folder.rglob("*")
    )


@pytest.mark.parametrize("removal", ["git rm", "rm -rf"])
async def test_a_removed_store_is_not_made_again_and_the_board_says_so(
    repo: Path, removal: str
) -> None:
    store, _ = Store.init(repo)
    make_task(store, 1, "Check label balance per domain", important=True, urgent=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the board")
    # Polls by hand only: one a timer started as the folder went could be past its look.
    app = CredoApp(store, today=TODAY, refresh_seconds=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        if removal == "git rm":
            git(repo, "rm", "-r", "-q", ".credo")  # leaves the git-ignored cache
        else:
            shutil.rmtree(repo / ".credo")
        left = left_in(repo / ".credo")
        board = app.screen
        assert isinstance(board, BoardScreen)
        for _ in range(2):  # every poll, git's and the runs' too, twice over
            board.poll_store()
            board.poll_git()
            board.poll_runs()
            await workers_done(app)
        assert left_in(repo / ".credo") == left  # nothing made again, no cache rewritten
        assert removal == "git rm" or not os.path.lexists(repo / ".credo")
        await until(pilot, lambda: ".credo/ removed" in screen_text(app), "the board says it")
        assert said(app)[-1] == (
            ".credo/ was removed: credo writes nothing there (`git checkout HEAD -- .credo`"
            " brings back what was committed, `credo init` an empty one)"
        )
        await pilot.press("a", *"Plot the loss curves", "enter")
        await settle(pilot)
        assert said(app)[-1].startswith(".credo/ was removed: credo writes nothing there")
        assert left_in(repo / ".credo") == left
        await pilot.press("escape", "escape")  # the add box kept what was typed
        await until(pilot, lambda: app.screen is board, "the add box closed")
        git(repo, "checkout", "HEAD", "--", ".credo")
        board.poll_store()
        await until(pilot, lambda: ".credo/ removed" not in screen_text(app), "back")
        assert ".credo/ is back" in said(app)

        def shown_again() -> bool:
            board.poll_store()  # the timer's poll: it reads the files again within two
            return "Check label balance per domain" in screen_text(app)

        await until(pilot, shown_again, "the tasks read again")
