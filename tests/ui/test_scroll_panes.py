"""Every pane of text that only scrolls moves with the lists' keys: j/k as the arrows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_data_screen import data_store  # noqa: F401 (the fixture)
from textual.widget import Widget
from textual.widgets import TabbedContent

from credo.domain.models import Experiment, GitState
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.run_curves import CompareScreen
from credo.ui.screens.run_view import RunScreen
from pilots import settle
from runsets import SHA, run, sweep


def long_run_app(tmp_path: Path) -> CredoApp:
    """The ptvid sweep in an app, its run r006 with an output, a diff, params and
    verdicts too long for a small terminal."""
    store = sweep(tmp_path / "ptvid")
    exp = store.read(Experiment, "e002aaaabbbbcccc")
    params = {f"p{i}": i for i in range(40)}
    gate = {"passed": False, "skipped": True, "skip_reason": "quick", "open_items": ["x"] * 9}
    git = GitState(sha=SHA, branch="main", patch="start.patch")
    run(store, 6, exp, params, [0.9, 0.5], [0.6, 0.8], gate=gate, git_start=git)
    folder = store.credo_dir / "runs" / "r006aaaabbbbcccc"
    (folder / "output.log").write_text("".join(f"step {i}\n" for i in range(80)))
    (folder / "start.patch").write_text("".join(f"+line {i}\n" for i in range(80)))
    return CredoApp(store, refresh_seconds=0.2)


async def show_long_run(app: CredoApp, pilot: Any) -> None:
    await app.push_screen(RunScreen("r006aaaabbbbcccc"))
    await settle(pilot)


async def moves_with_j_and_k(pilot: Any, pane: Widget | None) -> None:
    """j and k move the pane past its height (a log's cursor goes first) and back: up
    first when it shows its end (a log does). The pane is given the keys (a click, or
    tab) if it has not them."""
    assert pane is not None
    pane.focus()
    await pilot.pause()
    assert pane.has_focus, f"{pane} does not take the keys"
    assert pane.max_scroll_y > 0, f"{pane} has nothing to scroll"
    start = pane.scroll_y
    away, back = ("k", "j") if start else ("j", "k")
    presses = pane.size.height + 2
    await pilot.press(*away * presses)
    await settle(pilot)
    moved = pane.scroll_y
    assert moved != start, f"{away} does not scroll {pane}"
    await pilot.press(*back * presses)
    await settle(pilot)
    assert abs(pane.scroll_y - start) < abs(moved - start), f"{back} does not scroll {pane} back"


async def test_the_run_views_tabs_scroll_with_j_and_k(tmp_path: Path) -> None:
    app = long_run_app(tmp_path)
    async with app.run_test(size=(80, 20)) as pilot:
        await show_long_run(app, pilot)
        for key in "12345":
            await pilot.press(key)
            await settle(pilot)
            shown = app.screen.query_one(TabbedContent).active_pane
            assert app.focused in (shown.query("*") if shown else ()), f"{key}: no pane focused"
            await moves_with_j_and_k(pilot, app.focused)


async def test_the_logs_details_and_diff_scroll_with_j_and_k(tmp_path: Path) -> None:
    app = long_run_app(tmp_path)
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.press("E")
        await settle(pilot)
        for key, pane_id in (("1", "#details-scroll"), ("3", "#diff-scroll")):
            await pilot.press(key)
            await settle(pilot)
            pane = app.screen.query_one(pane_id)
            await moves_with_j_and_k(pilot, pane)


async def test_runs_compared_scroll_with_j_and_k(tmp_path: Path) -> None:
    app = long_run_app(tmp_path)  # forty params that differ
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(CompareScreen(["r003aaaabbbbcccc", "r006aaaabbbbcccc"]))
        await settle(pilot)
        pane = app.screen.query_one("#compare-facts")
        await moves_with_j_and_k(pilot, pane)


async def test_the_checklists_why_scrolls_with_j_and_k(store: Store) -> None:
    app = CredoApp(store, refresh_seconds=0.2)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("C")
        await settle(pilot)
        pane = app.screen.query_one("#checks-why")
        await moves_with_j_and_k(pilot, pane)


async def test_the_data_views_records_scroll_with_j_and_k(data_store: Store) -> None:  # noqa: F811
    app = CredoApp(data_store, refresh_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("l")  # random raw records
        await settle(pilot)
        pane = app.screen.query_one("#data-scroll")
        await moves_with_j_and_k(pilot, pane)


async def test_the_unreadable_files_scroll_with_j_and_k(tmp_path: Path) -> None:
    store = sweep(tmp_path / "ptvid")
    for n in range(12):
        bad = store.credo_dir / "tasks" / f"bad{n}bad0bad0bad0.toml"
        bad.write_text(f'id = "bad{n}bad0bad0bad0"\ntitle = 5\n')
    app = CredoApp(store, refresh_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("exclamation_mark")
        await settle(pilot)
        await moves_with_j_and_k(pilot, app.screen.query_one("#problems-dialog"))


async def test_a_chart_key_gives_the_keys_to_the_metrics_it_shows(tmp_path: Path) -> None:
    """m (e, L...) in a run's output shows the Metrics tab: the keys stayed with the hidden
    output, and j moved its cursor out of sight instead of scrolling the metrics."""
    app = long_run_app(tmp_path)
    async with app.run_test(size=(80, 20)) as pilot:
        await show_long_run(app, pilot)
        await pilot.press("m")
        await settle(pilot)
        metrics = app.screen.query_one("#run-metrics ScrollPane")
        assert app.focused is metrics
        await moves_with_j_and_k(pilot, metrics)
