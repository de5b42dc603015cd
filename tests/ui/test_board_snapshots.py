"""How the board looks: empty, full, filtered, small and large terminals, a corrupt file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from credo.store import Store
from credo.ui.app import CredoApp
from pilots import settle

TODAY = date(2026, 11, 25)


def test_board_full(snap_compare: Any, board_app: CredoApp) -> None:
    assert snap_compare(board_app, terminal_size=(120, 40), run_before=settle)


def test_board_empty(snap_compare: Any, tmp_path: Path) -> None:
    store, _ = Store.init(tmp_path)
    assert snap_compare(CredoApp(store, today=TODAY), terminal_size=(100, 30), run_before=settle)


def test_board_filtered(snap_compare: Any, board_app: CredoApp) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("slash", *"#data")

    assert snap_compare(board_app, terminal_size=(120, 40), run_before=run_before)


def test_board_80x24(snap_compare: Any, board_app: CredoApp) -> None:
    assert snap_compare(board_app, terminal_size=(80, 24), run_before=settle)


def test_board_status_line_80x24(snap_compare: Any, board_app: CredoApp) -> None:
    """A wrong filter word and an overdue task it hides: both fit at 80 columns."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("T", "slash", *"status:wip #paper", "enter")
        await settle(pilot)

    assert snap_compare(board_app, terminal_size=(80, 24), run_before=run_before)


def test_board_narrow_40x12(snap_compare: Any, board_app: CredoApp) -> None:
    assert snap_compare(board_app, terminal_size=(40, 12), run_before=settle)


def test_board_large_250x70(snap_compare: Any, board_app: CredoApp) -> None:
    assert snap_compare(board_app, terminal_size=(250, 70), run_before=settle)


def test_board_with_corrupt_file(snap_compare: Any, board_store: Store) -> None:
    bad = board_store.credo_dir / "tasks" / "bad0bad0bad0bad0.toml"
    bad.write_text('id = "bad0bad0bad0bad0"\ntitle = "x"\nimportant = "very"\n')
    app = CredoApp(board_store, today=TODAY)
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_board_with_conflicted_task_in_its_quadrant(snap_compare: Any, board_store: Store) -> None:
    """A task file a merge left conflicted keeps a red row in its quadrant (Schedule,
    where its side of the merge has it); the detail says why."""
    task = board_store.credo_dir / "tasks" / "bad0bad0bad0bad0.toml"
    task.write_text(
        'id = "bad0bad0bad0bad0"\ncreated = 2026-11-01T09:00:00Z\n'
        'updated = 2026-11-01T09:00:00Z\n<<<<<<< ours\ntitle = "Mine"\n=======\n'
        'title = "Theirs"\n>>>>>>> theirs\nimportant = true\norder = 99.0\n'
    )
    app = CredoApp(board_store, today=TODAY)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("right", "down", "down")

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_unreadable_files_in_full_80x24(snap_compare: Any, board_store: Store) -> None:
    (board_store.credo_dir / "tasks" / "bad0bad0bad0bad0.toml").write_text(
        'id = "bad0bad0bad0bad0"\ntitle = 5\ndue = "soonish"\nurgent = 3\n'
    )
    (board_store.credo_dir / "tasks" / "bad1bad1bad1bad1.toml").write_text('title = "x\n')
    app = CredoApp(board_store, today=TODAY)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("exclamation_mark")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_add_dialog(snap_compare: Any, board_app: CredoApp) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("a", *"Plot loss ! #viz due:friday")
        await settle(pilot)  # the preview is read in a worker

    assert snap_compare(board_app, terminal_size=(120, 40), run_before=run_before)


def test_help_screen(snap_compare: Any, board_app: CredoApp) -> None:
    assert snap_compare(board_app, terminal_size=(120, 40), press=["question_mark"])
