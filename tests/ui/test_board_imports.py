"""The board opens having imported only its own screen and widgets: the other views, the
dialogs, Markdown, plots and dateparser are imported when first used (each costs the
first frame time it has no use for)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from test_experiments_view import log_store  # noqa: F401 (the fixture)

from credo import actions
from credo.actions.experiments import start_experiment
from credo.domain.models import Task
from credo.domain.quadrants import quadrant_of
from credo.store import Store
from processes import last_line
from runsets import run

OPEN_BOARD = """
import asyncio, json, sys
import credo.cli  # as the `credo` command opens it (pydantic's plugin search left out)
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
    "credo.ui.screens.commits",
    "credo.actions.commit_log",
    "credo.ui.screens.report",
    "credo.ui.screens.help",
    "credo.ui.screens.problems",
    "credo.ui.screens.task_forms",
    "credo.ui.widgets.dialog",
    "credo.ui.widgets.ansi_log",
    "credo.ui.widgets.lists",  # the other views' lists: the board's moves share no more
    "textual.widgets._data_table",
    "textual.widgets._markdown",
    "rich.markdown",
    "rich._emoji_codes",  # credo never turns :bug: into a picture (credo.display.rich_text)
    "textual_plotext",
    "dateparser",
    "tomli_w",
    "git",
    "duckdb",
    "importlib.metadata",  # a crash file's versions (credo.ui.workers), on a failure only
)


def test_the_board_opens_without_the_other_views(store: Store) -> None:
    actions.add_task(store, "Check leakage ! #data due:friday")
    modules = set(json.loads(last_line(OPEN_BOARD, store.project_root)))
    assert "credo.ui.screens.board" in modules
    assert sorted(modules.intersection(LATER)) == []


FIRST_FRAME = """
import asyncio, json, os, sys
from textual.app import App
from credo.ui.app import CredoApp

drawn = App._display

def display(self, screen, renderable):
    drawn(self, screen, renderable)
    if renderable is not None and type(screen).__name__ == "BoardScreen":
        print(json.dumps(sorted(sys.modules)), flush=True)
        os._exit(0)  # the first frame is out: nothing after it counts

App._display = display

async def main():
    async with CredoApp(sys.argv[1], refresh_seconds=3600).run_test(size=(120, 40)) as pilot:
        await pilot.pause()

asyncio.run(main())
"""
AFTER_FIRST_FRAME = ("credo.actions.journal",)  # agents' changes are read after it


def test_the_first_frame_is_drawn_before_the_agents_journal_is_read(store: Store) -> None:
    """What the first frame does not show waits for it: the journal of agents' changes
    is read just after, and its module (and base64) imported then."""
    actions.add_task(store, "Check leakage ! #data due:friday")
    modules = set(json.loads(last_line(FIRST_FRAME, store.project_root)))
    assert "credo.ui.screens.board" in modules
    assert sorted(modules.intersection(AFTER_FIRST_FRAME)) == []


def test_the_known_binding_ids_are_those_of_every_view() -> None:
    """The keymap check reads `BINDING_IDS`, not the views: they declare those ids, all."""
    import importlib
    import pkgutil

    import credo.ui
    from credo.ui.keys import BINDING_IDS

    declared: set[str] = set()
    for info in pkgutil.walk_packages(credo.ui.__path__, "credo.ui."):
        for value in vars(importlib.import_module(info.name)).values():
            if isinstance(value, type) and value.__module__.startswith("credo."):
                declared |= {entry.id for entry in vars(value).get("BINDINGS", ()) if entry.id}
    assert sorted(declared - BINDING_IDS) == [] and sorted(BINDING_IDS - declared) == []


KEYMAP_CHECKED = """
import asyncio, json, sys, time
import credo.cli
from credo.ui.app import CredoApp

async def main():
    app = CredoApp(sys.argv[1], refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + 60
        while not any("[keymap]" in note.message for note in app._notifications):
            assert time.monotonic() < deadline, "the keymap was never checked"
            await pilot.pause(0.05)
        print(json.dumps(sorted(sys.modules)))

asyncio.run(main())
"""


def test_a_keymap_is_checked_without_the_other_views(store: Store) -> None:
    """With a user keymap, its check imported every view just after the first frame (to
    read their bindings' ids), about 0.2 s the board had no use for."""
    from credo.store.userconfig import save_user_config

    save_user_config(keymap={"bord.add": "n"})
    modules = set(json.loads(last_line(KEYMAP_CHECKED, store.project_root)))
    assert sorted(modules.intersection(LATER)) == []


REPORT_SCREEN = """
import json, sys
import credo.ui.app, credo.ui.screens.report
print(json.dumps(sorted(sys.modules)))
"""


def test_the_report_screen_leaves_the_reports_making_to_its_worker(store: Store) -> None:
    """Imported with the report's screen, the report's making (its actions and its
    Markdown text) held the interface's thread 30 to 40 ms as R opened it: the worker
    that builds the report imports them."""
    modules = set(json.loads(last_line(REPORT_SCREEN, store.project_root)))
    assert "credo.ui.screens.report" in modules
    assert sorted(modules & {"credo.actions.report", "credo.text.report"}) == []


IMPORTED_SOON = """
import asyncio, json, sys, time
import credo.cli
from credo.ui.app import CredoApp

async def main():
    app = CredoApp(sys.argv[1], refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(sys.argv[2])
        deadline = time.monotonic() + 60
        while getattr(getattr(app.screen, "feed", None), "signature", None) is None:
            assert time.monotonic() < deadline, "the view never read what it shows"
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        print(json.dumps({
            "plotext": "textual_plotext" in sys.modules,
            "charts": len(app.screen.query("PlotView")),
            "text_area": "textual.widgets._text_area" in sys.modules,
            "view": type(app.screen).__name__,
        }))

asyncio.run(main())
"""


@pytest.mark.parametrize("runs", [1, 0])
@pytest.mark.parametrize("key", ["E", "r"])
def test_the_views_that_chart_import_plotext_in_the_background(
    store: Store, key: str, runs: int
) -> None:
    """The first chart (4 or m in the log, c or v in the runs view) paid plotext's import
    on the interface's thread: once the view has read what it shows, a worker imports
    it, with no chart made meanwhile; with no run to chart, it imports nothing."""
    experiment, _ = start_experiment(
        store, "Char 3-grams beat words", timebox=timedelta(minutes=25)
    )
    for n in range(runs):
        run(store, n, experiment, {"lr": 0.1}, [2.3, 1.1], [0.1, 0.5])
    found = json.loads(last_line(IMPORTED_SOON, store.project_root, key))
    assert (found["plotext"], found["charts"]) == (bool(runs), 0)


@pytest.mark.parametrize("runs", [1, 0])
def test_the_runs_view_imports_the_run_view_in_the_background(store: Store, runs: int) -> None:
    """enter in the runs view imported the run view, and Textual's text area for its
    Output tab (24 ms), on the interface's thread before the run's first frame: once the
    runs view has read its runs, a worker imports them, with no run opened. With no run
    to open (nor to chart), it imports neither: it imported them in a project with none."""
    experiment, _ = start_experiment(
        store, "Char 3-grams beat words", timebox=timedelta(minutes=25)
    )
    for n in range(runs):
        run(store, n, experiment, {"lr": 0.1}, [2.3, 1.1], [0.1, 0.5])
    found = json.loads(last_line(IMPORTED_SOON, store.project_root, "r"))
    assert (found["text_area"], found["plotext"], found["view"]) == (
        bool(runs),
        bool(runs),
        "RunsScreen",
    )


LOG_OUTPUT = """
import asyncio, json, sys, time
import credo.cli
from credo.ui.app import CredoApp

async def main():
    app = CredoApp(sys.argv[1], refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("E")
        deadline = time.monotonic() + 60
        while not getattr(app.screen, "runs_read", False):
            assert time.monotonic() < deadline, "the runs were never read"
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()  # the run's output read too
        await pilot.pause()
        hidden = "textual.widgets._text_area" in sys.modules
        await pilot.press("2")
        await pilot.pause()
        shown = "textual.widgets._text_area" in sys.modules
        [log] = app.screen.query("#exp-output")
        print(json.dumps({"hidden": hidden, "shown": shown, "text": log.text.splitlines()[-1]}))

asyncio.run(main())
"""


def test_the_logs_output_tab_imports_the_text_area_when_first_shown(
    log_store: Store,  # noqa: F811 (the fixture)
) -> None:
    """The experiment log's Output tab made its log (Textual's text area, 20 to 25 ms of
    import) before the log's first frame, shown or not: it is made, and the run's output
    read meanwhile loaded into it, when the tab is first shown."""
    found = json.loads(last_line(LOG_OUTPUT, log_store.project_root))
    assert found == {"hidden": False, "shown": True, "text": "done: best model"}


MOVED = """
import asyncio, json, sys
import credo.cli
from credo.ui.app import CredoApp

async def main():
    app = CredoApp(sys.argv[1], refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(sys.argv[2])
        await pilot.pause()
        await app.workers.wait_for_complete()
        print(json.dumps({
            "forms": "credo.ui.screens.task_forms" in sys.modules,
            "asked": type(app.screen).__name__,
        }))

asyncio.run(main())
"""


@pytest.mark.parametrize(
    ("key", "forms", "asked", "quadrant"),
    [
        ("1", False, "BoardScreen", "do"),
        ("4", False, "BoardScreen", "eliminate"),
        ("3", True, "AssigneeScreen", "schedule"),  # asks who takes it: nothing moved yet
    ],
)
def test_a_move_imports_the_forms_only_to_ask_for_an_assignee(
    store: Store, key: str, forms: bool, asked: str, quadrant: str
) -> None:
    """The session's first move to another quadrant imported the task forms (Textual's
    text area with them, about 20 ms on the interface's thread), which only Delegate,
    asking who takes an unassigned task, shows."""
    task, _ = actions.add_task(store, "Check leakage ! #data")  # important, not urgent
    found = json.loads(last_line(MOVED, store.project_root, key))
    assert found == {"forms": forms, "asked": asked}
    moved = store.read(Task, task.id)
    assert quadrant_of(moved, date.today(), store.config.urgency_horizon_days).value == quadrant
