"""The report view's runs table: one line a run at 120 columns; `c` copies the file's."""

from __future__ import annotations

from typing import Any

from test_experiments_view import log_app, log_store  # noqa: F401 (fixtures)
from test_report_screen import open_week

from credo.ui.app import CredoApp
from credo.ui.screens.report import ReportScreen
from pilots import screen_text


async def test_the_views_runs_table_reads_one_line_a_run(log_app: CredoApp) -> None:  # noqa: F811
    """At 120 columns the table gave its width to the metrics and wrapped the run's
    command and the experiment's hypothesis over several lines a run."""
    async with log_app.run_test(size=(120, 60)) as pilot:
        await open_week(pilot)
        lines = screen_text(log_app).splitlines()
        for run, metrics in (("r001", "acc 0.81, loss 0.52"), ("r002", "acc 0.84 (+0.03)")):
            [row] = [n for n, line in enumerate(lines) if f"│ {run} " in line]
            assert metrics in lines[row] and "succeeded (exit 0)" in lines[row]
            assert lines[row + 1].lstrip()[:1] in ("├", "└")  # the next run, or the end
        screen = log_app.screen
        assert isinstance(screen, ReportScreen)
        assert (  # what c copies: `credo report`'s table, with the command and hypothesis
            "| `r002` `python train.py --lr 3e-4` | A small transformer beats n-grams "
            "| succeeded (exit 0) | 4m12s | acc 0.84 (+0.03), loss 0.33 (-0.19) |"
        ) in screen.markdown


async def test_at_80_columns_the_views_runs_table_wraps_the_metrics_never_cuts_them(
    log_app: CredoApp,  # noqa: F811
) -> None:
    """At 80x24 the view's runs table cut a run's metrics to fit one line, `acc 0.84
    (+0.03), …`: the loss, the number a reader came for, was gone (and a cut number is a
    wrong one). The metrics wrap in their cell, every value whole."""
    async with log_app.run_test(size=(80, 24)) as pilot:
        await open_week(pilot)
        scroll = log_app.screen.query_one("#report-scroll")
        scroll.scroll_end(animate=False)
        await pilot.pause()
        lines = screen_text(log_app).splitlines()
        [row] = [n for n, line in enumerate(lines) if "│ r002 " in line]
        end = next(n for n in range(row, len(lines)) if not lines[n].lstrip().startswith("│"))
        metrics = " ".join(line.split("│")[3] for line in lines[row:end])  # its lines
        assert " ".join(metrics.split()) == "acc 0.84 (+0.03), loss 0.33 (-0.19)", lines


def test_the_views_runs_table_snapshot(snap_compare: Any, log_app: CredoApp) -> None:  # noqa: F811
    assert snap_compare(log_app, terminal_size=(120, 40), run_before=open_week)
