"""The board opens having imported only its own screen and widgets: the other views, the
dialogs, Markdown, plots and dateparser are imported when first used (each costs the
first frame time it has no use for)."""

from __future__ import annotations

import json
import subprocess
import sys

from credo import actions
from credo.store import Store

OPEN_BOARD = """
import asyncio, json, sys
from credo.ui.app import CredoApp

async def main():
    app = CredoApp(sys.argv[1], refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query("TaskList")  # the board is open
        print(json.dumps(sorted(sys.modules)))

asyncio.run(main())
"""
LATER = (
    "credo.ui.screens.experiments",
    "credo.ui.screens.experiment_forms",
    "credo.ui.screens.checklists",
    "credo.ui.screens.data",
    "credo.ui.screens.report",
    "credo.ui.screens.help",
    "credo.ui.screens.problems",
    "credo.ui.screens.task_forms",
    "credo.ui.widgets.dialog",
    "credo.ui.widgets.ansi_log",
    "textual.widgets._markdown",
    "rich.markdown",
    "rich._emoji_codes",  # credo never turns :bug: into a picture (credo.display.rich_text)
    "textual_plotext",
    "dateparser",
    "tomli_w",
    "git",
    "duckdb",
)


def test_the_board_opens_without_the_other_views(store: Store) -> None:
    actions.add_task(store, "Check leakage ! #data due:friday")
    opened = subprocess.run(
        [sys.executable, "-c", OPEN_BOARD, str(store.project_root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert opened.returncode == 0, opened.stderr
    modules = set(json.loads(opened.stdout.splitlines()[-1]))
    assert "credo.ui.screens.board" in modules
    assert sorted(modules.intersection(LATER)) == []
