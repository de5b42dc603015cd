"""NO_COLOR: every view draws in greys only, and styled rows keep their style in colour."""

from __future__ import annotations

import re
from typing import Any

import pytest
from boards import TODAY

from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.widgets.task_list import TaskList
from pilots import settle

# The window around an SVG screenshot (its three buttons and title), not the app.
SVG_FRAME = {"ff5f57", "febc2e", "28c840", "c5c8c6"}


def hues(svg: str) -> set[str]:
    colours = {c.lower() for c in re.findall(r"#([0-9a-fA-F]{6})\b", svg)} - SVG_FRAME
    return {c for c in colours if len({c[0:2], c[2:4], c[4:6]}) > 1}


def with_problem_and_empty_quadrant(store: Store) -> None:
    """An unreadable file, and Eliminate emptied: the two lines drawn from a bare text."""
    (store.credo_dir / "tasks" / "bad0bad0bad0bad0.toml").write_text('title = "x"\ndue = 3\n')
    (store.credo_dir / "tasks" / "t007aaaabbbbcccc.toml").unlink()


async def test_every_view_is_grey_under_no_color(
    board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    with_problem_and_empty_quadrant(board_store)
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        for keys in (
            [],
            ["E"],
            ["escape", "C"],
            ["escape", "H"],
            ["escape", "R"],
            ["escape", "question_mark"],
        ):
            await pilot.press(*keys)
            await settle(pilot)
            assert hues(app.export_screenshot()) == set(), type(app.screen).__name__
        await pilot.press("escape", "a", *"Plot ! due:friday")
        await settle(pilot)
        assert hues(app.export_screenshot()) == set()


async def test_problem_and_empty_rows_keep_their_style(board_store: Store) -> None:
    """Rich drops the style of a text without spans: these lines came out unstyled."""
    with_problem_and_empty_quadrant(board_store)
    app = CredoApp(board_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for list_id, component in (("problems", "problem"), ("list-eliminate", "empty")):
            tasks = app.screen.query_one(f"#{list_id}", TaskList)
            wanted = tasks.get_component_rich_style(f"task-list--{component}")
            assert wanted.italic and wanted.color is not None
            words = [s for s in tasks.render_line(0) if s.text.strip()]
            styles: list[Any] = [s.style for s in words]
            assert styles and all(
                s is not None and s.italic and s.color == wanted.color for s in styles
            )
