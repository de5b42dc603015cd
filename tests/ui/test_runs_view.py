"""The Runs view: every run in a table; sort, filter, mark, open, curves, compare."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import Input, Static, TabbedContent

from credo.domain.models import Experiment, Run, RunStatus
from credo.runs.table import narrow_rank
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.run_curves import CompareScreen, CurvesScreen
from credo.ui.screens.run_view import RunScreen
from credo.ui.screens.runs import Ready, RunsScreen
from credo.ui.widgets.ansi_log import AnsiLog
from credo.ui.widgets.curves import CurvesChart, Line, points_of
from credo.ui.widgets.runs_table import RunsTable
from pilots import said, screen_text, settle, until
from runsets import diverged_run, one_queued_one_running, sweep
from runsets import run as make_run


@pytest.fixture
def sweep_store(tmp_path: Path) -> Store:
    return sweep(tmp_path / "ptvid")


@pytest.fixture
def runs_app(sweep_store: Store) -> CredoApp:
    return CredoApp(sweep_store, refresh_seconds=0.2)


async def open_runs(app: CredoApp, pilot: Any) -> RunsScreen:
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(app.screen, RunsScreen)
    return app.screen


def shorts(screen: RunsScreen) -> list[str]:
    return [row.short for row in screen.query_one(RunsTable).rows]


async def test_runs_from_the_board_sort_filter_and_back(runs_app: CredoApp) -> None:
    async with runs_app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(runs_app, pilot)
        assert shorts(screen) == ["r005", "r004", "r003", "r002", "r001"]  # newest first
        table = screen.query_one(RunsTable)
        lr = table.columns.index("lr")
        await pilot.press(*["right"] * lr, "s")  # sort by lr, ascending
        assert [row.run.params["lr"] for row in table.rows][:2] == [0.0001, 0.001]
        await pilot.press("s")  # again: descending
        assert table.rows[-1].short == "r002"
        await pilot.press("slash", *"best:acc>0.8", "enter")
        assert sorted(shorts(screen)) == ["r003", "r004"]
        assert "2 of 5 runs" in str(screen.query_one("#runs-status").render())
        await pilot.press("slash", *["backspace"] * 12, *"status:failed", "enter")
        assert shorts(screen) == ["r005"]
        await pilot.press("escape")  # the table has the focus: the filter is cleared
        await pilot.pause()
        assert len(shorts(screen)) == 5
        await pilot.press("escape")  # then back to the board
        await pilot.pause()
        assert runs_app.current_mode == "board"


async def test_enter_in_the_filter_box_closes_it_and_the_table_has_the_keys(
    runs_app: CredoApp,
) -> None:
    """As on the board and in the log: the box stayed open under the table, the filter in
    it, taking a row of a short terminal."""
    async with runs_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(runs_app, pilot)
        box = screen.query_one("#runs-filter", Input)
        await pilot.press("slash", *"status:failed", "enter")
        await pilot.pause()
        assert not box.display
        assert runs_app.focused is screen.query_one(RunsTable)
        assert shorts(screen) == ["r005"]
        assert "filter: status:failed" in str(screen.query_one("#runs-status").render())
        await pilot.press("slash")  # open again: the filter is there to change
        assert box.display and box.has_focus and box.value == "status:failed"


@pytest.mark.parametrize("typed", ["zzz", "status:failed"])
async def test_a_filter_given_up_gives_the_cursor_back_to_its_run(
    runs_app: CredoApp, typed: str
) -> None:
    """As on the board: `/` on r003, a word that hid it, then esc: the filter went and the
    cursor stayed in the row the filter had left it in (r005's, the first), r003 lost."""
    async with runs_app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(runs_app, pilot)
        table = screen.query_one(RunsTable)
        await pilot.press("down", "down", "slash", *typed)
        await pilot.pause()
        assert "r003" not in shorts(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert len(shorts(screen)) == 5
        current = table.current()
        assert current is not None and current.short == "r003"


async def test_open_any_run_its_output_params_and_verdicts(runs_app: CredoApp) -> None:
    async with runs_app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(runs_app, pilot)
        await pilot.press("down", "down", "enter")  # r003, not the newest
        await settle(pilot)
        run_screen = runs_app.screen
        assert isinstance(run_screen, RunScreen) and run_screen.run_id == "r003aaaabbbbcccc"
        log = run_screen.query_one(AnsiLog)
        assert "step 2 loss 0.400" in log.text
        await pilot.press("f", *"loss 0.5", "enter")
        assert log.selected_text == "loss 0.5"
        await pilot.press(*["backspace"] * 8, *"nowhere", "enter")
        assert said(runs_app)[-1] == "Not in the output: nowhere"
        assert log.selected_text == "loss 0.5"
        await pilot.press("escape", "3")
        assert "lr=0.001" in str(run_screen.query_one("#run-params").render())
        await pilot.press("5")
        verdicts = str(run_screen.query_one("#run-verdicts").render())
        assert "passed, on 1 review no longer here" in verdicts  # its review has no file
        await pilot.press("escape")
        assert runs_app.screen is screen


async def test_the_search_key_shows_on_the_output_tab_alone(runs_app: CredoApp) -> None:
    """The run view's footer offered `f Search` on its Metrics tab, where there are no
    words to search: f is the output's key, shown (and working) on its tab."""
    from test_footer import footer_line

    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        run_screen = runs_app.screen
        assert isinstance(run_screen, RunScreen)
        assert " f Search " in footer_line(runs_app)
        for tab in "2345":
            await pilot.press(tab)
            await settle(pilot)
            assert " f Search " not in footer_line(runs_app), tab
            await pilot.press("f")  # does nothing there: no box opens over another tab
            await settle(pilot)
            assert not run_screen.query_one("#run-search", Input).has_class("-open")
        await pilot.press("1")
        await settle(pilot)
        assert " f Search " in footer_line(runs_app)
        await pilot.press("f")
        assert run_screen.query_one("#run-search", Input).has_focus


async def test_keys_typed_as_a_run_opens_go_to_its_log(runs_app: CredoApp) -> None:
    """As the run view was made, Textual gave the keys to its first widget that takes
    them, the search box, hidden, until on_mount focused the log (as the experiment
    log's filter box: tests/ui/test_board.py): the log has them from the first."""
    from pilots import keys_through, typed_fast

    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        first = await typed_fast(pilot, "enter", "j")
        await keys_through(pilot)  # the last j's read before the test ends
        run_screen = runs_app.screen
        assert isinstance(run_screen, RunScreen)
        assert first is run_screen.query_one("#run-log"), first
        assert run_screen.query_one("#run-search", Input).value == ""


async def test_a_click_on_a_tab_gives_its_content_the_keys(runs_app: CredoApp) -> None:
    """A click on a run's tab took the keys to the tab bar (or to nothing, the hidden
    tab's log having them): the arrows scrolled nothing. They go to the tab's content, as
    with its key."""
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = runs_app.screen
        assert isinstance(screen, RunScreen)
        for tab in ("run-diff-tab", "run-params-tab", "run-output"):
            await pilot.click(f"#--content-tab-{tab}")
            await settle(pilot)
            assert screen.query_one(TabbedContent).active == tab
            content = screen.query_one(f"#{tab}").query("AnsiLog, ScrollPane").first()
            assert runs_app.focused is content, (tab, runs_app.focused)
        await pilot.press("f")  # on the output, its search box still takes them
        await settle(pilot)
        assert runs_app.focused is screen.query_one("#run-search", Input)


async def test_a_run_without_metrics_shows_no_empty_chart(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    """A run's Metrics tab drew an empty frame titled "no metric", its words under it."""
    (sweep_store.credo_dir / "runs" / "r003aaaabbbbcccc" / "metrics.jsonl").unlink()
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("down", "down", "enter", "4")  # r003
        await settle(pilot)
        chart = runs_app.screen.query_one(CurvesChart)
        legend = chart.query_one("#chart-legend")
        await until(pilot, lambda: "no metrics" in str(legend.render()).lower())
        assert not chart.query_one("#chart-plot").display
        await pilot.press("escape", "up", "enter", "4")  # r004, with curves
        await settle(pilot)
        chart = runs_app.screen.query_one(CurvesChart)
        await until(pilot, lambda: "this run" in str(chart.query_one("#chart-legend").render()))
        assert chart.query_one("#chart-plot").display


async def test_a_runs_metrics_are_made_when_first_shown_and_its_chart_keys_work_before(
    runs_app: CredoApp,
) -> None:
    """The Metrics tab's charts (plotext's import, the charts' making) held the run view's
    opening 50 to 130 ms, for a tab not in sight: they are made when the tab is first
    shown, by a chart key (which then acts on them) as by 4 or a click on the tab."""
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("down", "down", "enter")  # r003
        await settle(pilot)
        screen = runs_app.screen
        assert isinstance(screen, RunScreen) and "step 2 loss 0.400" in screen_text(runs_app)
        assert not screen.query(CurvesChart)  # not made while hidden
        await pilot.press("m")  # the tab never shown: the next metric, acc
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "run-metrics"
        chart = screen.query_one(CurvesChart)
        legend = chart.query_one("#chart-legend")
        assert chart.options.metric == "acc"
        await until(pilot, lambda: "this run 0.83" in str(legend.render()), "r003's acc")
        assert runs_app.focused is screen.query_one("#run-metrics ScrollPane")
        await pilot.press("e")
        assert chart.options.smoothing == 0.6
        await until(pilot, lambda: "acc · EMA 0.6" in screen_text(runs_app), "the chart's title")

        await pilot.press("escape", "up", "enter")  # r004
        await settle(pilot)
        screen = runs_app.screen
        assert not screen.query(CurvesChart)
        await pilot.click("#--content-tab-run-metrics")
        await settle(pilot)
        legend = screen.query_one("#chart-legend")
        await until(pilot, lambda: "this run 0.5" in str(legend.render()), "r004's loss")
        assert "step" in screen_text(runs_app)  # the chart's x axis, drawn


async def test_a_runs_diff_is_drawn_when_first_shown_and_its_key_works_before(
    runs_app: CredoApp, sweep_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Diff tab's `Syntax` (pygments' import with it) was made as the run view opened,
    for a tab not in sight: the diff is drawn when the tab is first shown (2, a click),
    and 2 pressed before the run's facts are read shows it once they are."""
    for run_id in ("r003aaaabbbbcccc", "r004aaaabbbbcccc"):
        folder = sweep_store.credo_dir / "runs" / run_id
        (folder / "start.patch").write_text(
            f"--- a/train.py\n+++ b/train.py\n@@ -1 +1 @@\n-lr = 0.1\n+lr = {run_id[:4]}\n"
        )

        def with_patch(run: Run) -> Run:
            assert run.git_start is not None
            return run.model_copy(
                update={"git_start": run.git_start.model_copy(update={"patch": "start.patch"})}
            )

        sweep_store.update(Run, run_id, with_patch)
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("down", "down", "enter")  # r003
        await settle(pilot)
        screen = runs_app.screen
        assert isinstance(screen, RunScreen) and screen.run is not None  # its facts are in
        diff = screen.query_one("#run-diff", Static)
        assert diff.content == ""  # not made while hidden
        await pilot.press("2")
        await settle(pilot)
        assert "+lr = r003" in screen_text(runs_app)
        await pilot.press("1", "2")  # shown again: as drawn
        await settle(pilot)
        assert "+lr = r003" in screen_text(runs_app)

        read, go = threading.Event(), threading.Event()
        store_read = Store.read

        def held(store: Store, kind: type[Any], item_id: str) -> Any:
            if item_id == "r004aaaabbbbcccc" and threading.current_thread() is not main:
                read.set()
                go.wait(10)  # the facts' read, held while 2 is pressed
            return store_read(store, kind, item_id)

        main = threading.current_thread()
        monkeypatch.setattr(Store, "read", held)
        await pilot.press("escape", "up", "enter")  # r004
        await until(pilot, read.is_set, "r004's facts being read")
        await pilot.press("2")
        screen = runs_app.screen
        assert isinstance(screen, RunScreen) and screen.run is None
        assert screen.query_one(TabbedContent).active == "run-diff-tab"
        go.set()
        await settle(pilot)
        assert "+lr = r004" in screen_text(runs_app)


async def test_wide_characters_keep_the_columns_in_line(sweep_store: Store) -> None:
    """Widths were counted in characters: a param of wide characters (日本語, two cells
    each) pushed every later cell of its row out of its column."""
    sweep = sweep_store.read(Experiment, "e002aaaabbbbcccc")
    make_run(sweep_store, 6, sweep, {"lr": 0.02, "batch": 64, "note": "日本語のメモ"}, [1.5], [0.5])
    app = CredoApp(sweep_store, refresh_seconds=3600)
    async with app.run_test(size=(200, 30)) as pilot:
        await open_runs(app, pilot)
        table = app.screen.query_one(RunsTable)
        head = table.render_line(0).text
        [wide] = [t for y in range(1, 8) if "日本語" in (t := table.render_line(y).text)]
        after = head.split()[head.split().index("note") + 1]  # the next column's title
        past = wide.index("日本語のメモ") + len("日本語のメモ")
        value = wide[past:].split()[0]  # its cell in that next column

        def end(line: str, word: str, start: int = 0) -> int:  # in cells, where it ends
            return cell_len(line[: line.index(word, start) + len(word)])

        assert end(wide, value, past) == end(head, after), f"{head}\n{wide}"


async def test_a_marked_run_without_the_metric_is_named_in_the_legend(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    """Two runs marked for their curves, one of which logged no loss (stopped by its
    timebox before its first step): the chart drew one line and its legend named that
    one only, the other left out without a word."""
    (sweep_store.credo_dir / "runs" / "r004aaaabbbbcccc" / "metrics.jsonl").unlink()
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("space", "space", "c")  # r005 and r004
        await settle(pilot)
        chart = runs_app.screen.query_one(CurvesChart)
        await until(pilot, lambda: chart.options.metric == "loss")
        legend = str(chart.query_one("#chart-legend").render())
        assert "r005 2" in legend and "r004 logged no loss" in legend, legend


async def test_marked_runs_curves_with_the_baseline_and_the_chart_keys(
    runs_app: CredoApp,
) -> None:
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("space", "space", "c")  # r005 and r004
        await settle(pilot)
        curves = runs_app.screen
        assert isinstance(curves, CurvesScreen)
        chart = curves.query_one(CurvesChart)
        assert [line.label for line in chart.lines] == ["r005", "r004", "baseline r001"]
        assert chart.options.metric == "loss"
        legend = str(chart.query_one("#chart-legend").render())
        assert "r005 2" in legend and "baseline r001 0.6" in legend
        await pilot.press("m", "e", "L", "x")
        assert chart.options.metric == "acc" and chart.options.smoothing == 0.6
        assert chart.options.log_y and chart.options.by_time
        await pilot.press("z", *"1-2", "enter")
        assert chart.options.steps == (1.0, 2.0)


async def test_the_curves_name_each_run_with_its_command(runs_app: CredoApp) -> None:
    """The curves of two marked runs were titled "loss" alone, the legend naming r005 and
    r004: which run was which was left to memory. Above the chart, each run of the legend
    is named with its command."""
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("space", "space", "c")  # r005 and r004
        await settle(pilot)
        assert isinstance(runs_app.screen, CurvesScreen)
        shown = screen_text(runs_app).splitlines()
        assert shown[1:4] == [
            line.ljust(120)
            for line in (
                "r005  python train.py --lr=0.01 --batch=128",
                "r004  python train.py --lr=0.003 --batch=64",
                "baseline r001  python train.py --lr=0.01 --batch=64",
            )
        ]


async def test_compare_names_each_run_with_its_command_as_the_curves_do(
    runs_app: CredoApp,
) -> None:
    """The compare screen (`v`) named the runs by short id alone, in its table and under
    its chart, where the curves screen names each with its command: it does too now,
    above the chart, one column in as the table's lines are (they were one to its left)."""
    async with runs_app.run_test(size=(120, 40)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("down", "space", "space", "v")  # r004 and r003
        await settle(pilot)
        assert isinstance(runs_app.screen, CompareScreen)
        shown = [line.rstrip() for line in screen_text(runs_app).splitlines()]
        at = shown.index(" r004  python train.py --lr=0.003 --batch=64")
        assert shown[at + 1] == " r003  python train.py --lr=0.001 --batch=64"
        assert shown[at - 1] == " the same code, the same data; the same batch"
        assert shown[at + 2].split() == ["loss"]  # the chart's title, under the names


def row_of(lines: list[str], metric: str) -> tuple[int, str]:
    """The compare table's row of `metric` (the first line it begins: the table is on top)."""
    return next((y, line) for y, line in enumerate(lines) if line.split()[:1] == [metric])


async def test_a_click_on_a_metrics_row_in_compare_plots_that_metric(
    runs_app: CredoApp,
) -> None:
    """The compare screen's metric rows (`loss`, `acc`, with their deltas) could not be
    clicked: only `m` changed the chart's metric, in turn. A click on a row plots its
    metric, on its name or on a run's value."""
    async with runs_app.run_test(size=(120, 40)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("down", "space", "space", "v")  # r004 and r003
        await settle(pilot)
        compare = runs_app.screen
        assert isinstance(compare, CompareScreen)
        chart = compare.query_one(CurvesChart)
        assert chart.options.metric == "loss"
        shown = screen_text(runs_app).splitlines()
        y, line = row_of(shown, "acc")
        await pilot.click(offset=(line.index("acc") + 1, y))
        await settle(pilot)
        assert chart.options.metric == "acc"
        y, line = row_of(shown, "loss")
        await pilot.click(offset=(len(line.rstrip()) - 2, y))  # the last run's value
        await settle(pilot)
        assert chart.options.metric == "loss"


async def test_a_click_on_a_metric_no_run_logged_step_by_step_says_so(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    for run_id in ("r003aaaabbbbcccc", "r004aaaabbbbcccc"):  # their loss: its last value alone
        metrics = sweep_store.credo_dir / "runs" / run_id / "metrics.jsonl"
        lines = [json.loads(line) for line in metrics.read_text().splitlines()]
        metrics.write_text("".join(json.dumps({**r, "loss": None}) + "\n" for r in lines))
    async with runs_app.run_test(size=(120, 40)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("down", "space", "space", "v")
        await settle(pilot)
        chart = runs_app.screen.query_one(CurvesChart)
        assert chart.options.metric == "acc"
        y, line = row_of(screen_text(runs_app).splitlines(), "loss")
        await pilot.click(offset=(line.index("loss") + 1, y))
        await settle(pilot)
        assert chart.options.metric == "acc"
        assert "No run here logged loss step by step: no curve to plot" in said(runs_app)


async def test_a_chart_is_built_off_the_ui_thread_the_keys_answered_meanwhile(
    runs_app: CredoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """plotext lays a chart out in pure Python (90 to 300 ms for a big run's curves), which
    textual-plotext does as it renders: here a build waits until the test lets it go, and
    meanwhile the keys act and the screen draws; the chart shows once built."""
    from textual_plotext.plot import Plot

    built_in: list[threading.Thread] = []
    go_on = threading.Event()
    build = Plot.build

    def held_build(plot: Plot) -> str:
        built_in.append(threading.current_thread())
        go_on.wait(10)  # on the UI thread, the app would stand still as long
        return build(plot)

    monkeypatch.setattr(Plot, "build", held_build)
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("space", "space", "c")
        await until(pilot, lambda: built_in, "a chart being built")
        plot = runs_app.screen.query_one("#chart-plot")
        await pilot.press("z")  # answered while the chart is built: the zoom box opens
        await until(pilot, lambda: "steps: 100-500" in screen_text(runs_app), "the box")
        assert threading.main_thread() not in built_in
        assert "loss" not in str(plot.render())  # not built yet
        go_on.set()
        await until(pilot, lambda: "loss" in str(plot.render()), "the chart")


async def test_esc_in_the_zoom_box_closes_it_and_the_keys_come_back(runs_app: CredoApp) -> None:
    """esc in the chart's zoom box left the run's view (the view's esc), and enter in it
    left the keys with no one (the box, disabled once closed, had them)."""
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("enter", "4")  # the newest run's metrics
        await settle(pilot)
        run_screen, metrics = runs_app.screen, runs_app.focused
        assert isinstance(run_screen, RunScreen) and metrics is not None
        box = run_screen.query_one("#chart-zoom", Input)
        chart = run_screen.query_one(CurvesChart)
        await pilot.press("z", *"1-2")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert runs_app.screen is run_screen and not box.display
        assert chart.options.steps is None and runs_app.focused is metrics
        await pilot.press("z", *"1-2", "enter")
        await settle(pilot)
        assert chart.options.steps == (1.0, 2.0) and not box.display
        assert runs_app.focused is metrics


async def test_compare_two_runs_and_their_shared_curve(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    for run_id, tpr in (("r003aaaabbbbcccc", 0.8), ("r004aaaabbbbcccc", 0.6)):
        line = {"kind": "curve", "name": "roc", "step": 2, "x": [0, 0.2, 1], "y": [0, tpr, 1]}
        with (sweep_store.credo_dir / "runs" / run_id / "metrics.jsonl").open("a") as out:
            out.write(json.dumps(line) + "\n")
    async with runs_app.run_test(size=(120, 40)) as pilot:
        screen = await open_runs(runs_app, pilot)
        await pilot.press("v")  # nothing marked
        assert isinstance(runs_app.screen, RunsScreen)
        await pilot.press("down", "space", "space", "v")
        await settle(pilot)
        compare = runs_app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.found is not None and compare.found.labels == ["r004", "r003"]
        assert compare.found.params == [("lr", [0.003, 0.001])]
        assert compare.shared_curves() == ["roc"]
        assert compare.query_one("#compare-curve").display
        await pilot.press("escape")
        assert runs_app.screen is screen


def test_a_long_curve_is_thinned_to_what_the_chart_shows() -> None:
    from credo.runs.metrics import Series
    from credo.ui.widgets.curves import ChartOptions

    series = Series(curves={"loss": [(float(i), 1 / (i + 1)) for i in range(10_000)]})
    xs, ys = points_of(Line("a", series), ChartOptions(metric="loss"), width=100)
    assert len(xs) == 200 and xs[0] == 0 and xs[-1] == 9999
    xs, _ = points_of(Line("a", series), ChartOptions(metric="loss", steps=(10, 20)), 100)
    assert xs == [float(i) for i in range(10, 21)]


class Chart:
    """What draw_lines hands a chart: its recipe, built here as PlotView does, 80 by 20."""

    def draw(self, recipe: Any) -> None:
        from rich.text import Text
        from textual_plotext.plot import Plot

        plot = Plot()
        recipe(plot, 80, True)
        plot.plotsize(80, 20)
        self.text = Text.from_ansi(plot.build()).plain


def test_a_charts_steps_are_marked_by_whole_numbers() -> None:
    """The x-axis of steps 0 to 39 read 0, 9.8, 19.5, 29.2, 39 (plotext's own ticks,
    evenly spread): steps are whole numbers, and so are their ticks now, a round distance
    apart. Minutes since the start keep plotext's ticks."""
    from credo.runs.metrics import Series
    from credo.ui.widgets.curves import ChartOptions, draw_lines, step_ticks

    series = Series(curves={"loss": [(float(i), 1 / (i + 1)) for i in range(40)]})
    chart = Chart()
    draw_lines(chart, [Line("a", series)], ChartOptions(metric="loss"))
    *_, axis, label = chart.text.splitlines()
    assert label.strip() == "step" and axis.split() == ["0", "10", "20", "30"]
    assert step_ticks(1, 40) == [10, 20, 30, 40] and step_ticks(100, 120)[:2] == [100, 105]
    assert step_ticks(5, 5) == [5] and step_ticks(0, 99_999) == [0, 20_000, 40_000, 60_000, 80_000]


def test_runs_view_snapshot(snap_compare: Any, sweep_store: Store) -> None:
    app = CredoApp(sweep_store, refresh_seconds=60)
    assert snap_compare(
        app, run_before=lambda pilot: open_runs(app, pilot), terminal_size=(120, 20)
    )


def test_runs_view_snapshot_at_60_columns(snap_compare: Any, sweep_store: Store) -> None:
    """The sweep's params and metrics beside which run, the hint first on the status line."""
    app = CredoApp(sweep_store, refresh_seconds=60)
    assert snap_compare(app, run_before=lambda pilot: open_runs(app, pilot), terminal_size=(60, 20))


@pytest.mark.parametrize(
    "keys",
    [["down", "down", "enter"], ["space", "space", "c"], ["down", "space", "space", "v"]],
    ids=["run", "curves", "compare"],
)
def test_run_curves_and_compare_snapshots(
    snap_compare: Any, sweep_store: Store, keys: list[str]
) -> None:
    for run_id, tpr in (("r003aaaabbbbcccc", 0.8), ("r004aaaabbbbcccc", 0.6)):
        line = {"kind": "curve", "name": "roc", "step": 2, "x": [0, 0.2, 1], "y": [0, tpr, 1]}
        with (sweep_store.credo_dir / "runs" / run_id / "metrics.jsonl").open("a") as out:
            out.write(json.dumps(line) + "\n")

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    app = CredoApp(sweep_store, refresh_seconds=60)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


FOUR_COMPARED = ["space", "space", "space", "space", "v"]
"""The four newest runs of the sweep side by side."""


async def test_at_80x24_four_runs_compared_leave_the_chart_room_the_table_scrolls(
    runs_app: CredoApp,
) -> None:
    """At 80x24, four runs compared gave the table above half the screen and the runs'
    commands four rows, and the chart was left one row tall: a flat line of braille,
    `2.00` its only tick. The chart keeps at least `CHART_ROWS` (a plot of six rows
    inside its title, frame, axis and legend); the table scrolls in the rest."""
    from credo.ui.screens.run_curves import CHART_ROWS

    async with runs_app.run_test(size=(80, 24)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press(*FOUR_COMPARED)
        await settle(pilot)
        screen = runs_app.screen
        assert isinstance(screen, CompareScreen)
        chart = screen.query_one("#compare-chart", CurvesChart)
        assert chart.size.height >= CHART_ROWS, chart.size
        assert chart.region.bottom <= screen.query_one("KeysFooter").region.y  # all above it
        facts = screen.query_one("#compare-facts")
        assert facts.max_scroll_y > 0  # the table's last rows: scrolled to
        await pilot.resize_terminal(80, 60)
        await settle(pilot)
        assert facts.max_scroll_y == 0  # room for the whole table again


async def test_the_chart_keeps_up_with_a_running_run(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    from credo.domain.models import Run, RunStatus

    run_id = "r005aaaabbbbcccc"
    sweep_store.update(
        Run, run_id, lambda r: r.model_copy(update={"status": RunStatus.RUNNING, "ended": None})
    )
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("c")  # the run under the cursor (the newest)
        await settle(pilot)
        chart = runs_app.screen.query_one(CurvesChart)
        assert len(chart.lines[0].series.curves["loss"]) == 3
        with (sweep_store.credo_dir / "runs" / run_id / "metrics.jsonl").open("a") as out:
            out.write(json.dumps({"step": 3, "loss": 2.5}) + "\n")
        await until(pilot, lambda: len(chart.lines[0].series.curves["loss"]) == 4, "point 4")
        assert chart.lines[0].series.curves["loss"][-1] == (3.0, 2.5)
        assert "r005 2.5" in str(chart.query_one("#chart-legend").render())  # drawn with it
        # The chart holds its own copy: the reader appends to its series off the UI thread,
        # and the chart changes only when the copy it posts is shown.
        reader = runs_app.screen.followed[0].tail.metrics.series
        assert reader is not chart.lines[0].series
        reader.curves["loss"].append((4.0, 2.0))
        assert len(chart.lines[0].series.curves["loss"]) == 4


async def test_a_running_run_opened_from_the_table_follows_it_with_its_diff_and_rich_metrics(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    from credo.domain.models import Run, RunStatus

    run_id = "r005aaaabbbbcccc"
    folder = sweep_store.credo_dir / "runs" / run_id
    (folder / "start.patch").write_text(
        "--- a/train.py\n+++ b/train.py\n@@ -1 +1 @@\n-lr = 0.1\n+lr = \x1b[32m0.01\x1b[0m\n"
    )  # git's colours, as `git diff --color` leaves them: dropped, as the log drops them

    def running(run: Run) -> Run:
        assert run.git_start is not None
        git = run.git_start.model_copy(update={"patch": "start.patch"})
        return run.model_copy(update={"status": RunStatus.RUNNING, "ended": None, "git_start": git})

    sweep_store.update(Run, run_id, running)
    rich = [
        {"kind": "histogram", "name": "probs", "step": 2, "edges": [0, 0.5, 1], "counts": [3, 9]},
        {"kind": "curve", "name": "roc", "step": 2, "x": [0, 0.3, 1], "y": [0, 0.7, 1]},
        {"kind": "confusion", "name": "cm", "step": 2, "labels": ["cat", "dog"]}
        | {"matrix": [[7, 1], [2, 5]]},
    ]
    with (folder / "metrics.jsonl").open("a") as out:
        out.writelines(json.dumps(line) + "\n" for line in rich)
    async with runs_app.run_test(size=(120, 50)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("enter")  # the newest, running
        await settle(pilot)
        run_screen = runs_app.screen
        assert isinstance(run_screen, RunScreen) and run_screen.run_id == run_id
        log = run_screen.query_one(AnsiLog)
        await until(pilot, lambda: "step 2 loss 2.000" in log.text, "the output")
        await pilot.press("2")
        await pilot.pause()
        assert "+lr = 0.01" in screen_text(runs_app)
        assert runs_app.focused is run_screen.query_one("#run-diff-tab VerticalScroll")
        await pilot.press("4")
        await settle(pilot)
        assert runs_app.focused is run_screen.query_one("#run-metrics VerticalScroll")  # scrolls
        shown = screen_text(runs_app)
        assert "probs (step 2)" in shown and "roc (step 2)" in shown
        assert "true \\ predicted" in shown and "cat" in shown and "dog" in shown

        with (folder / "output.log").open("a") as out:
            out.write("step 3 loss 2.500\n")
        with (folder / "metrics.jsonl").open("a") as out:
            out.write(json.dumps({"step": 3, "loss": 2.5}) + "\n")
        chart = run_screen.query_one(CurvesChart)
        await until(pilot, lambda: chart.lines[0].series.curves["loss"][-1] == (3.0, 2.5))
        assert "this run 2.5" in str(chart.query_one("#chart-legend").render())
        assert "step 3 loss" not in log.text  # read with the metrics: held, out of sight
        await pilot.press("1")
        await until(pilot, lambda: "step 3 loss 2.500" in log.text, "new output")

        with (folder / "output.log").open("a") as out:
            out.write("saved the model")  # its last line, no newline: taken at the end
        sweep_store.update(
            Run, run_id, lambda r: r.model_copy(update={"status": RunStatus.SUCCEEDED})
        )
        await until(pilot, lambda: "saved the model" in log.text, "the last line")
        assert log.text.count("step 3 loss") == 1


async def test_back_from_a_run_the_table_is_as_the_files_are_now(sweep_store: Store) -> None:
    from credo.domain.models import Run

    app = CredoApp(sweep_store, refresh_seconds=3600)  # no poll comes in time: the return reads
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        sweep_store.update(Run, "r004aaaabbbbcccc", lambda r: r.model_copy(update={"params": {}}))
        await pilot.press("escape")
        await settle(pilot)
        row = next(row for row in screen.query_one(RunsTable).rows if row.short == "r004")
        assert row.run.params == {}


async def test_a_click_on_a_title_sorts_and_a_double_click_opens(runs_app: CredoApp) -> None:
    async with runs_app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(runs_app, pilot)
        table = screen.query_one(RunsTable)
        lr = table.columns.index("lr")
        x = 2 + sum(width + 1 for width in table.widths[:lr])  # after the marks' room
        await pilot.click(RunsTable, offset=(x, 0))
        assert screen.sort_column == "lr" and not screen.descending
        assert shorts(screen)[:2] == ["r002", "r003"]  # 0.0001, 0.001
        await pilot.click(RunsTable, offset=(x, 0))
        assert screen.descending
        await pilot.double_click(RunsTable, offset=(4, 2))  # the second row
        await settle(pilot)
        assert isinstance(runs_app.screen, RunScreen)
        assert runs_app.screen.run_id == table.rows[1].id


async def test_no_runs_yet_says_how_to_record_one(tmp_path: Path) -> None:
    store, _ = Store.init(tmp_path)
    app = CredoApp(store, refresh_seconds=3600)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_runs(app, pilot)
        status = str(screen.query_one("#runs-status").render())
        assert status == "No runs yet: credo run -- python train.py records one"


async def test_enter_and_c_with_no_run_say_why(tmp_path: Path, sweep_store: Store) -> None:
    """With no run in the table, enter (open) and c (curves) did nothing at all: they say
    what records a run, or that the filter shows none."""
    (tmp_path / "empty").mkdir()
    store, _ = Store.init(tmp_path / "empty")
    app = CredoApp(store, refresh_seconds=3600)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_runs(app, pilot)
        await pilot.press("enter", "c")
        await pilot.pause()
        assert app.screen is screen
        assert said(app)[-2:] == ["No runs yet: credo run -- python train.py records one"] * 2
    app = CredoApp(sweep_store, refresh_seconds=3600)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_runs(app, pilot)
        await pilot.press("slash", *"lr>100", "enter")
        await until(pilot, lambda: not screen.query_one(RunsTable).rows, "no row shown")
        await pilot.press("enter", "c")
        await pilot.pause()
        assert app.screen is screen
        assert said(app)[-2:] == ["No run matches the filter: esc clears it"] * 2


@asynccontextmanager
async def board_built(store: Store) -> AsyncIterator[tuple[CredoApp, Any, Ready | None]]:
    """The app on `store` once the board's runs worker has run (it first does a few
    seconds after the board is up), with the table it made ready."""
    from credo.ui.screens.board import BoardScreen

    app = CredoApp(store, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        app.screen.settle_runs()
        await settle(pilot)
        yield app, pilot, app.runs_ready


async def test_the_view_opens_with_the_table_the_board_made_ready(sweep_store: Store) -> None:
    async with board_built(sweep_store) as (app, pilot, built):
        assert built is not None
        screen = await open_runs(app, pilot)
        assert screen.all_rows is built.rows  # taken, not read again
        assert shorts(screen) == ["r005", "r004", "r003", "r002", "r001"]
        assert "5 of 5 runs · sorted by started ↓" in str(screen.query_one("#runs-status").render())


async def test_a_run_changed_since_the_board_made_the_table_is_shown_as_it_is_now(
    sweep_store: Store,
) -> None:
    from credo.domain.models import Run

    async with board_built(sweep_store) as (app, pilot, built):
        assert built is not None
        sweep_store.update(
            Run, "r003aaaabbbbcccc", lambda r: r.model_copy(update={"params": {"lr": 0.5}})
        )
        screen = await open_runs(app, pilot)
        table = screen.query_one(RunsTable)
        row = next(row for row in table.rows if row.short == "r003")
        assert table.cells(row)[table.columns.index("lr")] == "0.5"
        assert "0.5" in screen_text(app)


async def test_while_a_run_runs_the_view_reads_its_metrics_as_they_grow(
    sweep_store: Store,
) -> None:
    from credo.domain.models import Run, RunStatus

    run_id = "r005aaaabbbbcccc"
    sweep_store.update(
        Run, run_id, lambda r: r.model_copy(update={"status": RunStatus.RUNNING, "ended": None})
    )
    async with board_built(sweep_store) as (app, pilot, built):
        assert built is None  # a running run's table is read when shown
        with (sweep_store.credo_dir / "runs" / run_id / "metrics.jsonl").open("a") as out:
            out.write(json.dumps({"step": 3, "loss": 2.5, "acc": 0.25}) + "\n")
        screen = await open_runs(app, pilot)
        table = screen.query_one(RunsTable)
        assert table.rows[0].short == "r005"
        assert table.cells(table.rows[0])[table.columns.index("acc")] == "0.25"


async def test_a_table_sorted_otherwise_than_the_view_is_now_is_sorted_again(
    sweep_store: Store,
) -> None:
    from dataclasses import replace

    from credo.ui.screens.runs import Order

    async with board_built(sweep_store) as (app, pilot, built):
        assert built is not None
        screen = await open_runs(app, pilot)
        by_lr = Order("lr", False, "")
        assert [row.short for row in by_lr.shown(built.rows)][:2] == ["r002", "r003"]
        # as when the sort changed while the worker sorted the way it was
        screen.post_message(
            RunsScreen.Loaded(replace(built, order=by_lr, shown=by_lr.shown(built.rows)))
        )
        await settle(pilot)
        assert shorts(screen) == ["r005", "r004", "r003", "r002", "r001"]  # newest first still


async def test_a_running_run_opens_at_the_end_of_its_output_and_follows_it(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    """Opened while it ran, a run's output showed its first lines (0 to 8 of 40 at
    80x24) and stayed there as lines came: following begins only at the end."""
    from credo.domain.models import Run, RunStatus

    run_id = "r005aaaabbbbcccc"
    folder = sweep_store.credo_dir / "runs" / run_id
    (folder / "output.log").write_text("".join(f"line {i}\n" for i in range(40)))
    sweep_store.update(
        Run, run_id, lambda r: r.model_copy(update={"status": RunStatus.RUNNING, "ended": None})
    )
    async with runs_app.run_test(size=(80, 24)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("enter")  # the newest, running
        await settle(pilot)
        log = runs_app.screen.query_one(AnsiLog)
        await until(pilot, lambda: "line 39" in log.text, "the output")
        await until(pilot, lambda: log.scroll_y == log.max_scroll_y > 0, "at the end")
        with (folder / "output.log").open("a") as out:
            out.write("line 40\n")
        await until(pilot, lambda: "line 40" in log.text, "new output")
        await pilot.pause()
        assert "line 40" in screen_text(runs_app)


async def test_a_log_at_its_end_stays_there_when_it_shrinks(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    """A running run's log opened at its end, then lost height as the facts above it
    loaded (a loaded machine): it showed lines 24 to 40 of 46, and, no longer at the end,
    stopped following the lines that came."""
    from credo.domain.models import Run, RunStatus

    run_id = "r005aaaabbbbcccc"
    folder = sweep_store.credo_dir / "runs" / run_id
    (folder / "output.log").write_text("".join(f"line {i}\n" for i in range(40)))
    sweep_store.update(
        Run, run_id, lambda r: r.model_copy(update={"status": RunStatus.RUNNING, "ended": None})
    )
    async with runs_app.run_test(size=(80, 24)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("enter")  # the newest, running
        await settle(pilot)
        log = runs_app.screen.query_one(AnsiLog)
        await until(pilot, lambda: "line 39" in log.text, "the output")
        await until(pilot, lambda: log.scroll_y == log.max_scroll_y > 0, "at the end")
        log.styles.max_height = log.size.height - 5  # what the facts above took
        await until(pilot, lambda: log.size.height > 0 and log.max_scroll_y > 24, "smaller")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        with (folder / "output.log").open("a") as out:
            out.write("line 40\n")
        await until(pilot, lambda: "line 40" in log.text, "new output")
        await pilot.pause()
        assert "line 40" in screen_text(runs_app)


async def test_a_filter_that_cannot_be_read_stays_said_as_the_table_moves(
    runs_app: CredoApp,
) -> None:
    """`lr>` said it cannot be read, until the table's cursor moved (or, typed fast, the
    redraw for `lr` moved it): the status then said '5 of 5 runs · filter: lr>', as if
    the filter had been read, over the rows of `lr`."""
    async with runs_app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(runs_app, pilot)
        await pilot.press("slash", *"lr>")
        await settle(pilot)
        status = screen.query_one("#runs-status")
        assert "cannot read the filter 'lr>'" in str(status.render())
        await pilot.press("enter", "j")  # to the table, whose cursor moves
        await settle(pilot)
        assert "cannot read the filter 'lr>'" in str(status.render())


async def test_a_filter_message_longer_than_the_screen_is_shown_whole(
    runs_app: CredoApp,
) -> None:
    """`status:faild` named the statuses a run can have on a line one row high, cut at
    the screen's edge: at 80 columns it stopped at 'succeed'."""
    async with runs_app.run_test(size=(80, 24)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("slash", *"status:faild")
        await settle(pilot)
        shown = " ".join(screen_text(runs_app).split())
        assert "timed_out, lost, cancelled or did_not_start" in shown  # the last status


def test_the_gate_line_names_the_packs_reviewed_not_the_reviews_ids() -> None:
    """'passed, under review 44fb, 9p1n' named reviews by ids no command takes: what a
    person acts on is the pack (`credo check PACK`). A review gone since is counted as such.
    (Its count of checks stays apart: 'under review 2wt7y29, 9p1nr6k, 7 checks verified'
    once read as a third review id.)"""
    from credo.text.runs import gate_words

    ids = ["2wt7y29aa", "9p1nr6kbb", "s6d127hcc", "gone0000"]
    packs = {"2wt7y29aa": "training-recipe", "9p1nr6kbb": "data", "s6d127hcc": "training-recipe"}
    gate = {"passed": True, "review_ids": ids, "evidence_ids": ["a"] * 7}
    assert gate_words(gate, packs) == (
        "passed, on 2 reviews of training-recipe, 1 of data and 1 review no longer here; "
        "7 checks verified by runs"
    )
    gate["review_ids"] = ids[1:2]
    assert gate_words(gate, packs) == "passed, on 1 review of data; 7 checks verified by runs"


async def test_a_runs_verdicts_say_which_were_read_from_another_run(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    """A run that failed at once listed '✓ log-every-step: train loss at 790 steps'
    among its verdicts: the gate had relied on another run's result, and nothing said
    the 790 steps were that run's, not this one's."""
    from credo.domain.models import Evidence, EvidenceSource, Run

    def evidence(n: int, item: str, run: str, summary: str) -> Evidence:
        record = Evidence(
            id=f"ev{n:02d}aaaabbbbcccc",
            pack="training-recipe",
            item=item,
            source=EvidenceSource.RUN,
            command=["python", "train.py"],
            run=run,
            passed=True,
            summary=summary,
        )
        sweep_store.create(record)
        return record

    evidence(1, "seed-fixed", "r003aaaabbbbcccc", "seed 0 recorded")
    other = evidence(2, "log-every-step", "r001aaaabbbbcccc", "train loss at 790 steps")
    sweep_store.update(
        Run,
        "r003aaaabbbbcccc",
        lambda r: r.model_copy(update={"gate": {"passed": True, "evidence_ids": [other.id]}}),
    )
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("down", "down", "enter", "5")  # r003
        await settle(pilot)
        shown = str(runs_app.screen.query_one("#run-verdicts").render())
        assert "seed-fixed: seed 0 recorded\n" in shown + "\n"
        assert "log-every-step: train loss at 790 steps (from run r001)" in shown


async def test_a_run_that_went_on_over_acknowledged_checks_says_so_in_its_view(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    """A run that went on after `credo gate --ack` showed `gate: passed`, as if nothing
    had failed: its facts and verdicts name the checks, who read them and why."""
    from credo.domain.models import Run

    read = {"check": "training-recipe/loss-at-init", "by": "Ada", "note": "on purpose"}
    gate = {"passed": True, "acknowledged": [read]}
    sweep_store.update(Run, "r003aaaabbbbcccc", lambda r: r.model_copy(update={"gate": gate}))
    said = "acknowledged: training-recipe/loss-at-init failed, read by Ada (on purpose)"
    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("down", "down", "enter", "5")  # r003
        await settle(pilot)
        assert said in str(runs_app.screen.query_one("#run-verdicts").render())


async def test_at_80_columns_the_table_says_where_its_other_columns_are(
    runs_app: CredoApp,
) -> None:
    """At 80 columns a horizontal scrollbar took the row above the status line, its
    thumb drawn as a lone `▎` in most themes: the status line says instead which
    columns show, and left and right (the column cursor) bring the others."""
    async with runs_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(runs_app, pilot)
        table = screen.query_one(RunsTable)
        lines = screen_text(runs_app).splitlines()
        status = next(i for i, line in enumerate(lines) if "of 5 runs" in line)
        assert "▎" not in lines[status - 1]
        count = len(table.columns)
        assert "columns 1–" in lines[status] and f"of {count} (← →)" in lines[status]
        await pilot.press(*["right"] * count)
        await pilot.pause()
        assert f"–{count} of {count} (← →)" in screen_text(runs_app).splitlines()[status]
        table.scroll_to(x=0, animate=False)  # as a wheel does
        await pilot.pause()
        assert "columns 1–" in screen_text(runs_app).splitlines()[status]


async def test_scrolled_to_the_last_column_each_row_still_says_which_run_it_is(
    runs_app: CredoApp,
) -> None:
    """At 80 columns, scrolled right to the last column, the status and the run's id had
    scrolled away with the rest: `0.41` on the cursor's row, whose run no one could tell.
    Which run (its status and id) and its mark stay fixed at the left as the rest scrolls."""
    from credo.runs.table import header

    async with runs_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(runs_app, pilot)
        table = screen.query_one(RunsTable)
        assert table.columns[:2] == ["status", "run"]
        await pilot.press("space", "up", *["right"] * len(table.columns))
        await pilot.pause()
        assert table.scroll_x > 0 and table.current_column() == table.columns[-1]
        first, last = table.shown_columns()
        assert first > 3 and last == len(table.columns), (first, last)
        lines = screen_text(runs_app).splitlines()
        titles, newest = lines[1], lines[2]  # under the hidden filter box: titles, r005
        assert titles.split()[:2] == ["status", "run"], titles
        assert newest.split()[:3] == ["●", table.rows[0].cell("status", brief=True), "r005"]
        assert header(table.columns[-1]) in titles, titles


async def test_the_gate_s_words_are_cut_between_two_words_as_runs_ls_cuts_them(
    sweep_store: Store,
) -> None:
    """The table cut a long gate through a word (`skipped: quick lookup of th…`), where
    `credo runs ls` gives way a word at a time: both cut by the one rule."""
    sweep = sweep_store.read(Experiment, "e002aaaabbbbcccc")
    reason = "quick lookup of the loader before the sweep"
    gate = {"passed": False, "skipped": True, "skip_reason": reason, "open_items": ["x"]}
    make_run(sweep_store, 6, sweep, {"lr": 0.02, "batch": 64}, [0.9], [0.5], gate=gate)
    app = CredoApp(sweep_store, refresh_seconds=3600)
    async with app.run_test(size=(200, 30)) as pilot:
        await open_runs(app, pilot)
        table = app.screen.query_one(RunsTable)
        assert "skipped: quick lookup of… " in table.render_line(1).text  # r006, the newest


@pytest.mark.parametrize("width", [80, 100])
async def test_a_column_the_edge_would_cut_is_left_out_whole(
    runs_app: CredoApp, width: int
) -> None:
    """The table drew the column at its right edge cut (`overfit-` for `overfit-one`,
    its title cut to `r`), read as a value: a column is shown whole or not at all, and
    left and right bring it in view, as the status line says; a click where it is left
    out sorts nothing."""
    from credo.runs.table import header

    async with runs_app.run_test(size=(width, 24)) as pilot:
        screen = await open_runs(runs_app, pilot)
        table = screen.query_one(RunsTable)
        for _ in table.columns:
            first, last = table.shown_columns()
            titles = screen_text(runs_app).splitlines()[1]
            scrolled = titles[table.pinned_width :]  # which run: status, run, always there
            leading = table.columns[first - 1 if first > 1 else table.pinned]
            assert scrolled.strip().startswith(header(leading)), titles
            assert titles.rstrip().endswith(header(table.columns[last - 1])), titles
            end = table._whole_columns()[-1][2] - int(table.scroll_x)
            if end < width - 2:  # room where a cut column was drawn
                await pilot.click(RunsTable, offset=(width - 2, 0))  # (at 100 columns)
            await pilot.press("right")
            await pilot.pause()
        assert screen.sort_column == "started"


async def test_no_column_said_shown_is_under_the_scrollbar(sweep_store: Store) -> None:
    """With more runs than rows, the vertical scrollbar covered the table's last two cells:
    a column ending there was counted whole (the status line said so, its title cut to
    `num_classe`, its values hidden). The columns shown are those beside the scrollbar."""
    from credo.runs.table import header

    app = CredoApp(sweep_store, refresh_seconds=0.2)
    async with app.run_test(size=(200, 8)) as pilot:
        table = (await open_runs(app, pilot)).query_one(RunsTable)
        layout = table.measured
        measured = zip(layout.columns, layout.widths, layout.same, strict=True)
        ends, x = [], 2
        for _, width, _ in sorted(measured, key=lambda c: narrow_rank(c[0], c[2])):
            ends.append(x + width)  # as a table too narrow for them all has them
            x += width + 1
    width = ends[4] + 1  # the fifth column's last cell under the scrollbar's first
    app = CredoApp(sweep_store, refresh_seconds=0.2)
    async with app.run_test(size=(width, 8)) as pilot:
        screen = await open_runs(app, pilot)
        table = screen.query_one(RunsTable)
        assert table.show_vertical_scrollbar  # five runs, three rows
        first, last = table.shown_columns()
        assert last == 4, (first, last)
        titles = screen_text(app).splitlines()[1]
        assert titles.rstrip().endswith(header(table.columns[last - 1])), titles
        status = str(screen.query_one("#runs-status", Static).render())
        assert status.startswith("columns 1–4"), status  # `of 14` or `/14`: the room there is
        await pilot.press(*["right"] * 4)  # the column cursor on the fifth: it comes in view
        await settle(pilot)
        titles = screen_text(app).splitlines()[1]
        assert header(table.columns[4]) in titles[: width - 2], titles


async def test_an_unreadable_run_file_is_named_not_silently_left_out(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    """A run file broken by hand vanished from the runs view without a word (`credo runs
    ls` warns): the status line counts it, `!` shows why in full, and the file fixed
    comes back."""
    from textual.widgets import Static

    from credo.ui.screens.problems import ProblemsScreen

    bad = sweep_store.credo_dir / "runs" / "r003aaaabbbbcccc" / "run.toml"
    text = bad.read_text()
    bad.write_text(text + 'exit_code = "x\n')
    async with runs_app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(runs_app, pilot)
        assert shorts(screen) == ["r005", "r004", "r002", "r001"]
        status = screen.query_one("#runs-status", Static)
        assert "4 of 4 runs" in str(status.render())
        assert "1 unreadable file left out · ! why" in str(status.render())
        await pilot.press("exclamation_mark")
        assert isinstance(runs_app.screen, ProblemsScreen)
        shown = " ".join(str(s.content) for s in runs_app.screen.query(".problem").results(Static))
        assert "r003aaaabbbbcccc" in shown and "not valid TOML" in shown
        await pilot.press("escape")
        bad.write_text(text)
        await until(pilot, lambda: "r003" in shorts(screen))
        assert "unreadable" not in str(status.render())
        await pilot.press("exclamation_mark")
        assert runs_app.screen is screen
        assert any("reads fine" in m for m in said(runs_app))


async def test_a_runs_tabs_fit_a_narrow_terminal_whole(runs_app: CredoApp) -> None:
    """Under 51 columns a run's tab bar was cut without a sign and its Verdicts tab was
    out of sight, so it could not be clicked. The tabs fit as the experiment log's do."""
    from textual.widgets import TabbedContent

    async with runs_app.run_test(size=(120, 30)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(runs_app.screen, RunScreen)
        await pilot.resize_terminal(40, 14)  # the gate line names checklists: 2 lines here
        shown = " Output  Diff  Params  Metrics  Verdic… "
        await until(pilot, lambda: shown in screen_text(runs_app), shown)
        await pilot.click("#--content-tab-run-verdicts-tab")
        assert runs_app.screen.query_one(TabbedContent).active == "run-verdicts-tab"


async def test_a_metric_column_writes_its_values_with_the_digits_that_tell_them_apart(
    sweep_store: Store,
) -> None:
    """Each cell was written alone with 4 digits: two runs' acc of 0.3 and 0.30001 both
    read `0.3`. The digits are the column's over every run, a filter showing some."""
    [exp] = [e for e in sweep_store.experiments() if not e.baseline]
    for n, acc in ((6, 0.3), (7, 0.30001)):
        make_run(sweep_store, n, exp, {"lr": 0.5, "batch": 64}, [0.9], [acc])
    app = CredoApp(sweep_store, refresh_seconds=3600)
    async with app.run_test(size=(160, 30)) as pilot:
        await open_runs(app, pilot)
        await pilot.press("slash", *"acc<0.5", "enter")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        [r006] = [line.split() for line in lines if "r006" in line]
        [r007] = [line.split() for line in lines if "r007" in line]
        assert r006[-4:] == ["0.9", "0.3", "0.9", "0.3"]  # loss, acc, their best
        assert r007[-4:] == ["0.9", "0.30001", "0.9", "0.30001"]


async def test_a_run_whose_loss_diverged_says_where_and_sorts_last(sweep_store: Store) -> None:
    """In a sweep, the learning rate whose loss became NaN showed its last finite loss
    and looked fine: its cell says `nan@3`, it sorts after every loss and no `loss<`
    filter keeps it."""
    diverged_run(sweep_store)
    app = CredoApp(sweep_store, refresh_seconds=3600)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await open_runs(app, pilot)
        table = screen.query_one(RunsTable)
        [row] = [row for row in table.rows if row.short == "r006"]
        assert row.cell("loss") == "nan@3" and row.cell("best:loss") == "0.2"
        [line] = [line for line in screen_text(app).splitlines() if "r006" in line]
        assert "nan@3" in line
        await pilot.press(*["right"] * table.columns.index("loss"), "s")
        assert shorts(screen)[-1] == "r006"
        await pilot.press("s")  # descending: still last, below every number
        assert shorts(screen)[-1] == "r006"
        await pilot.press("slash", *"loss<1", "enter")
        await settle(pilot)
        assert sorted(shorts(screen)) == ["r001", "r002", "r003", "r004"]  # r005 ended at 2.0


async def test_the_curves_legend_says_where_a_loss_diverged(sweep_store: Store) -> None:
    """The chart's legend gave a run whose loss became NaN its last finite point."""
    [exp] = [e for e in sweep_store.experiments() if not e.baseline]
    make_run(sweep_store, 6, exp, {"lr": 0.1, "batch": 64}, [0.9, 0.3, 0.2], [0.6, 0.8, 0.8])
    with (sweep_store.credo_dir / "runs" / "r006aaaabbbbcccc" / "metrics.jsonl").open("a") as out:
        out.write('{"step": 3, "loss": NaN}\n')
    app = CredoApp(sweep_store, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(app, pilot)
        assert shorts(screen)[0] == "r006"  # the newest, under the cursor
        await pilot.press("space", "c")
        await settle(pilot)
        chart = app.screen.query_one(CurvesChart)
        await until(pilot, lambda: bool(chart.lines) and chart.options.metric == "loss")
        legend = str(chart.query_one("#chart-legend").render())
        assert "r006 nan@3" in legend and "baseline r001 0.6" in legend, legend


def both_end(store: Store) -> None:
    """r006 and r007 succeed."""
    for run_id in ("r006aaaabbbbcccc", "r007aaaabbbbcccc"):
        store.update(Run, run_id, lambda r: r.model_copy(update={"status": RunStatus.SUCCEEDED}))


def runs_in_header(app: CredoApp) -> str:
    """What the header says of the runs under way ('' when it says nothing)."""
    runs = app.screen.query_one("#header-runs", Static)
    return str(runs.render()) if runs.display else ""


async def test_a_sideways_wheel_takes_the_column_cursor_along(runs_app: CredoApp) -> None:
    """Scrolled sideways with the wheel (shift+wheel), the table left its column cursor on
    a column scrolled out of sight: `s` sorted by it (`sorted by lr`, no such column in
    view) and → jumped back to it. The cursor moves to the first column in sight."""
    from textual.events import MouseScrollDown

    async with runs_app.run_test(size=(60, 24)) as pilot:
        screen = await open_runs(runs_app, pilot)
        table = screen.query_one(RunsTable)
        await pilot.press("right", "right")  # past status and run, which never scroll away
        assert table.current_column() == "lr" and table.max_scroll_x > 0
        for _ in range(6):
            table.post_message(MouseScrollDown(table, 10, 3, 0, 1, 0, True, False, False))
            await settle(pilot)
        first, last = table.shown_columns()
        assert first > 1, "the wheel did not scroll the table sideways"
        assert first <= table.column + 1 <= last, table.current_column()
        in_sight = table.current_column()
        await pilot.press("s")
        await settle(pilot)
        assert screen.sort_column == in_sight


async def test_a_click_on_the_headers_runs_opens_the_runs_view(sweep_store: Store) -> None:
    """A click on `runs: 1 queued · 1 running` in the header did nothing: it opens the runs
    view, as `r` does; there already, it stays, and esc still goes back whence it came."""
    one_queued_one_running(sweep_store)
    app = CredoApp(sweep_store, refresh_seconds=0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: runs_in_header(app), "the board's count")
        board = app.screen
        await pilot.click("#header-runs")
        await settle(pilot)
        assert isinstance(app.screen, RunsScreen)
        await until(pilot, lambda: runs_in_header(app), "the runs view's count")
        await pilot.click("#header-runs")
        await settle(pilot)
        assert isinstance(app.screen, RunsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is board


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
async def test_the_runs_views_header_counts_the_runs_under_way(
    sweep_store: Store, size: tuple[int, int]
) -> None:
    """The board's header and the log's said `1 queued · 1 running`, the runs view's said
    nothing of the runs it lists: it counts them as theirs do, in the form that fits."""
    one_queued_one_running(sweep_store)
    app = CredoApp(sweep_store, refresh_seconds=0.05)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: runs_in_header(app), "the board's count")
        on_the_board = runs_in_header(app)
        assert "1 queued" in on_the_board or "1▷" in on_the_board
        screen = await open_runs(app, pilot)
        await until(pilot, lambda: runs_in_header(app), "the runs view's count")
        assert runs_in_header(app) == on_the_board
        both_end(sweep_store)
        await until(pilot, lambda: not runs_in_header(app), "nothing said once none waits")
        assert app.screen is screen


def squeue_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    """A `squeue` ahead of any other on the PATH, answering `lines` (its `--Format`
    fields, `|` after each) to every ask."""
    shim = tmp_path / "shim"
    shim.mkdir(exist_ok=True)  # answering otherwise from now on
    squeue = shim / "squeue"
    squeue.write_text("#!/bin/sh\n" + "".join(f"echo '{line}'\n" for line in lines))
    squeue.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_waiting_runs_state_is_one_word_in_the_tables_and_whole_in_its_facts(
    sweep_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """At 80 and 100 columns the runs view and the log cut a waiting run's status to
    `running on…` or `queued · S…`, and the opened run said only `running`: the tables
    say the state's word, the run's facts (the log's, the run view's) say it whole."""
    from textual.widgets import DataTable, OptionList

    from credo.domain.models import SlurmJob
    from credo.ui import polling
    from credo.ui.screens.experiments import ExperimentsScreen

    exp = sweep_store.read(Experiment, "e002aaaabbbbcccc")
    waiting = {"ended": None, "exit_code": None, "runner": None}
    for n, status in ((6, "queued"), (7, "running")):
        job = SlurmJob(job=f"81{n}")
        make_run(sweep_store, n, exp, {"lr": n}, [0.9], [0.6], status=status, slurm=job, **waiting)
    holds = ("816|816|N/A|PENDING|Priority|0|||N/A|", "817|817|N/A|RUNNING|None|0|gpu-07||N/A|")
    squeue_answers(tmp_path, monkeypatch, *holds)
    queued, running = "queued · SLURM job 816 (Priority)", "running on gpu-07 · SLURM job 817"
    app = CredoApp(sweep_store, refresh_seconds=0.05)
    async with app.run_test(size=size) as pilot:
        screen = await open_runs(app, pilot)
        table = screen.query_one(RunsTable)
        await until(pilot, lambda: [row.state for row in table.rows[:2]] == [running, queued])
        assert [table.cells(row)[0] for row in table.rows[:2]] == ["running", "queued"]
        lines = screen_text(app).splitlines()[2:4]  # under the titles: the word, then the run
        assert [line.split()[:2] for line in lines] == [["running", "r007"], ["queued", "r006"]]
        for words in (running, queued):
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, RunScreen), "the run open")
            title = app.screen.query_one("#run-title")
            await until(pilot, lambda w=words, t=title: w in str(t.render()), words)
            await pilot.press("escape", "j")
        await pilot.press("k", "enter")  # the queued one again, as SLURM starts it
        await until(pilot, lambda: isinstance(app.screen, RunScreen), "the run open")
        title = app.screen.query_one("#run-title")
        await until(pilot, lambda: queued in str(title.render()), queued)
        monkeypatch.setattr(polling, "SLURM_SECONDS", 0.0)
        squeue_answers(tmp_path, monkeypatch, "816|816|N/A|RUNNING|None|0|gpu-08||N/A|", holds[1])
        starting = "starting on gpu-08 · SLURM job 816"  # its record not yet moved
        await until(pilot, lambda: starting in str(title.render()), starting)
        squeue_answers(tmp_path, monkeypatch, *holds)  # back in the queue (a requeue)

        await pilot.press("escape", "escape", "E")
        log = app.screen
        assert isinstance(log, ExperimentsScreen)
        await until(pilot, lambda: exp in log.shown, "the experiments listed")  # a worker's
        log.query_one("#exp-list", OptionList).highlighted = log.shown.index(exp)
        await until(pilot, lambda: log.states.get("r006aaaabbbbcccc") == queued, "SLURM's word")
        runs = log.query_one("#exp-runs", DataTable)
        facts = log.query_one("#run-facts")
        words = ["running", "queued"]  # the table is drawn again after the states' look
        await until(
            pilot, lambda: [str(runs.get_row_at(r)[0]) for r in (0, 1)] == words, "the words"
        )
        assert f"status: {running}" in str(facts.render())
        runs.move_cursor(row=1)
        await until(pilot, lambda: f"status: {queued}" in str(facts.render()), "the queued one")


@pytest.mark.parametrize(
    "keys",
    [["space", "space", "c"], ["space", "space", "v"], ["enter"]],
    ids=["curves", "compare", "run"],
)
async def test_the_curves_compare_and_run_headers_count_the_runs_under_way(
    sweep_store: Store, keys: list[str]
) -> None:
    """The board's, the log's and the runs view's headers said `1 queued · 1 running`,
    the curves', the comparison's and the opened run's nothing: they count them as the
    others do, and follow them (nothing said once none waits)."""
    one_queued_one_running(sweep_store)
    app = CredoApp(sweep_store, refresh_seconds=0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_runs(app, pilot)
        await until(pilot, lambda: runs_in_header(app), "the runs view's count")
        in_the_runs_view = runs_in_header(app)
        assert "1 queued · 1 running" in in_the_runs_view
        await pilot.press(*keys)
        await until(pilot, lambda: isinstance(app.screen, CurvesScreen | CompareScreen | RunScreen))
        screen = app.screen
        await until(pilot, lambda: runs_in_header(app) == in_the_runs_view, "the same count")
        both_end(sweep_store)
        await until(pilot, lambda: not runs_in_header(app), "nothing said once none waits")
        assert app.screen is screen


async def test_the_help_lists_the_tables_keys_beside_the_views(runs_app: CredoApp) -> None:
    """`?` in the runs view listed Mark, Open, Sort... but not the keys that move the
    table (they had no id): nothing said that left/right (or h/l) choose the column `s`
    sorts by, nor g/G, as the README says. Each pair is one row (First and Last, Page up
    and Page down were two each), each move's keys together."""
    from credo.ui.screens.help import HelpScreen

    async with runs_app.run_test(size=(120, 40)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(runs_app.screen, HelpScreen)
        rows = {description: keys for keys, description, _ in runs_app.screen.rows}
        assert rows["Column left/right"] == "←/h/→/l" and rows["Down/up"] == "↓/j/↑/k"
        assert rows["First/last"] == "home/g/end/G" and rows["Page up/down"] == "pgup/pgdn"
        assert rows.keys().isdisjoint({"First", "Last", "Page up", "Page down"})
        assert rows["Sort"] == "s"


async def test_one_experiment_and_one_run_are_counted_in_the_singular(tmp_path: Path) -> None:
    """With one experiment and one run, the log said `1 of 1 experiments` and the runs
    `1 of 1 runs`."""
    from runsets import experiment

    root = tmp_path / "one"
    root.mkdir()
    store, _ = Store.init(root)
    make_run(store, 1, experiment(store, 1, "A baseline"), {"lr": 0.1}, [0.9, 0.5], [0.6, 0.8])
    app = CredoApp(store, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: "of 1 experiment" in screen_text(app), "the log's count")
        assert "1 of 1 experiment " in screen_text(app)
        await pilot.press("escape", "r")
        await until(pilot, lambda: "of 1 run" in screen_text(app), "the runs' count")
        assert "1 of 1 run " in screen_text(app)


async def test_a_slurm_job_cancelled_in_its_queue_never_started_in_every_view(
    sweep_store: Store,
) -> None:
    """A SLURM job cancelled before it started showed its submission time as its start:
    in the runs view's `started` column, and the log's run facts (`started 2026-…`). They
    say it never started; its facts, the opened run's too, when it was submitted."""
    from textual.widgets import DataTable

    from credo.domain.models import SlurmJob
    from credo.runs.launch import RunRequest, cancel_queued, queue
    from credo.ui.screens.experiments import RUN_COLUMNS, ExperimentsScreen

    request = RunRequest(["python", "train.py"], sweep_store.project_root, "e002aaaabbbbcccc")
    queued = queue(sweep_store, request, runner=None, slurm=SlurmJob(job="812", cluster="c"))
    cancel_queued(sweep_store, queued.id, "SLURM job 812: cancelled before it started", "scancel")
    submitted = f"submitted to SLURM {queued.started.astimezone():%Y-%m-%d %H:%M}"
    app = CredoApp(sweep_store, refresh_seconds=0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(app, pilot)
        table = screen.query_one(RunsTable)
        [row] = [row for row in table.rows if row.id == queued.id]
        assert table.cells(row)[table.columns.index("started")] == "never started"
        assert "never started" in screen_text(app)
        table.cursor = table.rows.index(row)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RunScreen), "the run open")
        title = app.screen.query_one("#run-title")
        await until(pilot, lambda: submitted in str(title.render()), submitted)
        assert "never started" in str(title.render())

        await pilot.press("escape", "escape", "E")
        await pilot.pause()
        log = app.screen
        assert isinstance(log, ExperimentsScreen)
        await until(pilot, lambda: log.run_id == queued.id, "the cancelled run's facts")
        facts = str(log.query_one("#run-facts").render())
        short = log.short_ids[queued.id]
        assert facts.startswith(f"run {short} · never started · python train.py"), facts
        assert submitted in facts and "started 20" not in facts
        runs = log.query_one("#exp-runs", DataTable)
        took = RUN_COLUMNS.index("took")  # `never started` read `never star…` at 120 columns
        assert str(runs.get_row_at(0)[took]) == "none"
        assert "never star…" not in screen_text(app)


async def test_at_60_columns_the_columns_the_runs_differ_in_come_first(
    runs_app: CredoApp,
) -> None:
    """At 60x20 the table showed a sweep's status, run, exp, commit, started and took
    (alike on most rows) while its params and metrics sat behind ← →; and the status
    line's `(← →)` wrapped to a line of its own. Where the columns do not all fit, the
    runs' differences come first (`narrow_rank`), and the hint starts the status line.
    Wide, the columns keep their order."""
    from credo.runs.table import columns

    async with runs_app.run_test(size=(60, 20)) as pilot:
        screen = await open_runs(runs_app, pilot)
        table = screen.query_one(RunsTable)
        first, last = table.shown_columns()
        shown = table.columns[first - 1 : last]
        # which run, then the sweep's params and metrics (all differ between its runs)
        sweep = ["lr", "batch", "loss", "acc", "best:loss", "best:acc"]
        assert shown[:8] == ["status", "run", *sweep], shown
        lines = screen_text(runs_app).splitlines()
        [hint] = [line for line in lines if "(← →)" in line]
        assert f"columns 1–{last} of {len(table.columns)} (← →)" in hint, lines[-4:]
        await pilot.resize_terminal(200, 20)
        await settle(pilot)
        assert table.columns == columns(table.rows)  # all fit: in their own order
        assert "(← →)" not in screen_text(runs_app)


async def test_at_60_columns_the_status_line_is_one_row(runs_app: CredoApp) -> None:
    """At 60 columns the status line took two rows, the sort's ↓ alone on the second:
    where it does not fit, it says the count and the sort shorter ("5 runs" where no
    filter leaves runs out, "by started ↓"). Wide, it says them whole."""
    async with runs_app.run_test(size=(60, 20)) as pilot:
        screen = await open_runs(runs_app, pilot)
        status = screen.query_one("#runs-status", Static)
        assert status.size.height == 1
        assert str(status.render()) == "columns 1–9 of 14 (← →) · 5 runs · by started ↓"
        await pilot.resize_terminal(200, 20)
        await settle(pilot)
        assert str(status.render()) == "5 of 5 runs · sorted by started ↓"
        assert status.size.height == 1


FILTERED_AND_MARKED = ["slash", *"lr>=0.001", "enter", "space", "space"]
"""Four runs of five, two marked: every part of the runs view's status line."""


async def test_at_80_columns_a_filter_and_marks_keep_the_status_line_one_row(
    runs_app: CredoApp,
) -> None:
    """At 80x24, with a filter and two marked runs, the status line took two rows,
    `marked` alone on the second: the columns it names say it shorter too where the
    rest does not fit (`columns 1–11/14 ←→`), as the count and the sort already did."""
    async with runs_app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(runs_app, pilot)
        await pilot.press(*FILTERED_AND_MARKED)
        await settle(pilot)
        status = screen.query_one("#runs-status", Static)
        assert status.size.height == 1
        assert str(status.render()) == (
            "columns 1–11/14 ←→ · 4 of 5 runs · by started ↓ · filter: lr>=0.001 · 2 marked"
        )
        await pilot.resize_terminal(200, 24)
        await settle(pilot)
        assert str(status.render()) == (
            "4 of 5 runs · sorted by started ↓ · filter: lr>=0.001 · 2 marked"
        )


@pytest.mark.parametrize(
    "keys", [FILTERED_AND_MARKED, FOUR_COMPARED], ids=["filtered-and-marked", "four-compared"]
)
def test_runs_snapshots_at_80x24(snap_compare: Any, sweep_store: Store, keys: list[str]) -> None:
    """Filtered, two runs marked: the status line in one row, its columns said shorter.
    Four runs compared: the chart at its least height, the table above it scrolled."""
    app = CredoApp(sweep_store, refresh_seconds=60)

    async def run_before(pilot: Any) -> None:
        await open_runs(app, pilot)
        await pilot.press(*keys)
        await settle(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


def test_a_narrow_table_puts_the_runs_differences_first() -> None:
    """Too narrow for every column: which run, the params and metrics that differ, the
    rest that differs, then the columns alike on every row (a stable sort keeps the
    order within each)."""
    alike = {"exp", "commit", "batch"}
    names = ["status", "run", "exp", "commit", "started", "lr", "batch", "acc"]
    order = sorted(names, key=lambda name: narrow_rank(name, name in alike))
    assert order == ["status", "run", "lr", "acc", "started", "exp", "commit", "batch"]


async def test_one_look_of_the_runs_view_reads_the_experiments_once(
    sweep_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runs view's worker read every experiment file twice a look: once for the
    table's hypotheses (`load_rows`), once more for the header's count
    (`runs_under_way`), each a stat of every file. Both take what the look read."""
    from pilots import workers_done

    app = CredoApp(sweep_store, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(app, pilot)
        await workers_done(app)
        base = next(e for e in sweep_store.experiments() if e.hypothesis.startswith("Logistic"))
        sweep_store.update(Experiment, base.id, lambda e: e.model_copy(update={"learning": "x"}))
        loads: list[str] = []
        read = Store.load

        def counting(store: Store, kind: type[Any], stamps: Any = None) -> Any:
            loads.append(kind.kind)
            return read(store, kind, stamps)

        monkeypatch.setattr(Store, "load", counting)
        screen.load()
        await workers_done(app)
        assert loads.count("experiment") == 1, loads
        assert loads.count("run") == 1, loads
        await until(pilot, lambda: screen.query_one(RunsTable).rows, "the table")


@pytest.mark.parametrize("running", [True, False], ids=["experiment", "none"])
async def test_a_view_opens_with_its_header_clock_drawn(
    sweep_store: Store, monkeypatch: pytest.MonkeyPatch, running: bool
) -> None:
    """A view's header countdown mounts after Textual has told of the screen change, so it
    drew nothing until its first look answered or its clock ticked (up to a second): the
    runs view just opened had no clock in its header during an experiment and, with none,
    its blank padding in the running colour (the runs view's snapshots varied by that
    style). Here no look answers and no tick comes: the view opens with what the app knows."""
    from credo.actions.experiments import start_experiment
    from credo.ui.widgets.countdown import Countdown

    if running:
        start_experiment(sweep_store, "Warmup helps")
    app = CredoApp(sweep_store, refresh_seconds=60)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        assert (app.running[0] is not None) is running  # the board's look answered
        monkeypatch.setattr(Countdown, "look", lambda self: None)
        monkeypatch.setattr(Countdown, "tick", lambda self: None)
        await open_runs(app, pilot)
        clock = app.screen.query_one(Countdown)
        if running:
            assert str(clock.render()).startswith("⏱ 2") and "Warmup helps" in str(clock.render())
        else:
            assert clock.has_class("-idle") and str(clock.render()) == ""


async def test_an_opened_slurm_runs_first_line_says_its_word_then_its_id(
    sweep_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The opened run's line read `running on gpu-07 · SLURM job 817 r007 …  running
    python …`: "running" twice, the id after the state's words. It reads as the runs
    view's row now (the word, the id, the commit, the command), SLURM's words on a
    `status:` line as the experiment log's facts say them."""
    from credo.domain.models import SlurmJob

    exp = sweep_store.read(Experiment, "e002aaaabbbbcccc")
    waiting = {"ended": None, "exit_code": None, "runner": None}
    job = SlurmJob(job="817")
    make_run(sweep_store, 7, exp, {"lr": 7}, [0.9], [0.6], status="running", slurm=job, **waiting)
    squeue_answers(tmp_path, monkeypatch, "817|817|N/A|RUNNING|None|0|gpu-07||N/A|")
    app = CredoApp(sweep_store, refresh_seconds=0.05)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_runs(app, pilot)
        table = screen.query_one(RunsTable)
        await until(pilot, lambda: table.rows[0].state.startswith("running on"), "SLURM's word")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RunScreen), "the run open")
        title = app.screen.query_one("#run-title")
        status = "status: running on gpu-07 · SLURM job 817"
        await until(pilot, lambda: status in str(title.render()), status)
        first = str(title.render()).splitlines()[1].split()
        assert first[:2] == ["running", "r007"]
        assert first.count("running") == 1, first


def test_a_log_scale_marks_the_metrics_own_values() -> None:
    """On a log scale (`L`), a loss falling from 1 to 0.001 was marked 0.00, -0.50, ...
    -3.00 up its axis (its log10, the title said): a person reads a loss there, as
    TensorBoard's log axis gives it. The axis marks 1, 0.1, 0.01 and 0.001 now,
    each at its height; a narrower range by 0.1 or 0.001, evenly apart."""
    from credo.runs.metrics import Series
    from credo.ui.widgets.curves import ChartOptions, draw_lines

    def marks(values: list[float]) -> list[str]:
        series = Series(curves={"loss": [(float(i), v) for i, v in enumerate(values)]})
        chart = Chart()
        draw_lines(chart, [Line("a", series)], ChartOptions(metric="loss", log_y=True))
        title, *rows = chart.text.splitlines()
        assert title.strip() == "loss · log scale"
        return [row.split("┤")[0].strip() for row in rows if "┤" in row]

    assert marks([10 ** (-3 * i / 39) for i in range(40)]) == ["1", "0.1", "0.01", "0.001"]
    assert marks([0.5 + 0.01 * i for i in range(40)]) == ["0.8", "0.7", "0.6", "0.5"]
    narrow = marks([0.5 + 0.0001 * i for i in range(40)])
    assert narrow == ["0.504", "0.503", "0.502", "0.501", "0.5"], narrow


def test_a_chart_by_time_reads_in_seconds_minutes_or_hours_as_the_runs_last() -> None:
    """`x` plotted by time in minutes whatever the run's length: a 30-second run read
    0.00 ... 0.50 minutes along its axis, and a two-day run up to 2,880 minutes. The
    axis reads in seconds under two minutes, in minutes under two hours, else in hours."""
    from credo.runs.metrics import Series
    from credo.ui.widgets.curves import ChartOptions, draw_lines

    def axis(seconds: float) -> tuple[str, list[str]]:
        moments = [1_764_000_000 + seconds * i / 39 for i in range(40)]
        points = [(float(i), 1 / (i + 1)) for i in range(40)]
        chart = Chart()
        line = Line("a", Series(curves={"loss": points}, times={"loss": moments}))
        draw_lines(chart, [line], ChartOptions(metric="loss", by_time=True))
        *_, ticks, label = chart.text.splitlines()
        return label.strip(), ticks.split()

    assert axis(30) == ("seconds", ["0.0", "7.5", "15.0", "22.5", "30.0"])
    assert axis(30 * 60) == ("minutes", ["0.0", "7.5", "15.0", "22.5", "30.0"])
    assert axis(48 * 3600) == ("hours", ["0", "12", "24", "36", "48"])


async def test_a_run_with_a_histogram_alone_shows_no_empty_chart_beside_it(
    runs_app: CredoApp, sweep_store: Store
) -> None:
    """A run that logged a histogram (`log_histogram("weights", w)`) and no curve showed,
    in its Metrics tab, the histogram in the left half and an empty frame in the right,
    where a ROC or PR curve would be: something to look at that held nothing. The
    histogram takes the whole width now, and a curve alone would too."""
    line = {"kind": "histogram", "name": "weights", "step": 2, "edges": [0, 0.5, 1]}
    with (sweep_store.credo_dir / "runs" / "r005aaaabbbbcccc" / "metrics.jsonl").open("a") as out:
        out.write(json.dumps(line | {"counts": [3, 9]}) + "\n")
    async with runs_app.run_test(size=(120, 50)) as pilot:
        await open_runs(runs_app, pilot)
        await pilot.press("enter", "4")  # the newest, r005
        await settle(pilot)
        screen = runs_app.screen
        assert isinstance(screen, RunScreen)
        assert "weights (step 2)" in screen_text(runs_app)
        histogram, curve = screen.query_one("#rich-histogram"), screen.query_one("#rich-curve")
        assert not curve.display and histogram.display
        assert histogram.size.width > 100, histogram.size
