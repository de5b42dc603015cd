"""The curves' legend is under the chart, never over the lines: plotext drew its own in
the chart's top left corner, where a falling loss starts."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.widgets.curves import CurvesChart
from pilots import settle, until

from repos import commit_file

TRAIN = """\
import math, sys
from credo import log_metric, log_params
rate = float(sys.argv[1])
log_params(num_classes=10, seed=0, lr=rate)
for step in range(100):
    log_metric(step=step, loss=math.log(10) * math.exp(-step * rate) + 0.1)
"""
"""A loss falling from ln 10 (ten classes at init) at the given rate: its first point
is the chart's top left corner."""
BRAILLE = range(0x2801, 0x2900)
"""A cell holding at least one plotted dot (U+2800 is the blank braille cell)."""


def chart_rows(chart: CurvesChart) -> list[Text]:
    """The chart as built, one Text per row."""
    built = chart.query_one("#chart-plot").built  # type: ignore[attr-defined]
    assert built is not None
    return built.text.split("\n")


def canvas(rows: list[Text]) -> tuple[int, int, int]:
    """Where the lines are drawn: the first and last rows inside the frame, and the first
    column right of the y axis."""
    top = next(i for i, row in enumerate(rows) if "┌" in row.plain) + 1
    bottom = next(i for i, row in enumerate(rows) if "└" in row.plain) - 1
    left = rows[top - 1].plain.index("┌") + 1
    return top, bottom, left


def colour_at(row: Text, column: int) -> str:
    """The colour the chart draws a cell in, as `#rrggbb`."""
    styles = [s.style for s in row.spans if s.start <= column < s.end]
    colour = Style.combine(s for s in styles if isinstance(s, Style)).color
    assert colour is not None and colour.triplet is not None
    return colour.triplet.hex


async def assert_legend_under_the_chart(pilot: Any, chart: CurvesChart) -> None:
    await until(pilot, lambda: chart.query_one("#chart-plot").built is not None, "the chart")
    rows = chart_rows(chart)
    top, bottom, left = canvas(rows)
    inside = "\n".join(row.plain for row in rows[top : bottom + 1])
    first = rows[top].plain[left]
    # no legend cell in the plot area: plotext's hid the loss at init, which starts there
    assert ord(first) in BRAILLE, f"top left cell {first!r}:\n" + "\n".join(r.plain for r in rows)
    drawn = {  # the colours of the plotted points
        colour_at(row, column)
        for row in rows[top : bottom + 1]
        for column, cell in enumerate(row.plain)
        if ord(cell) in BRAILLE and column >= left
    }
    legend = chart.query_one("#chart-legend", Static).content
    for line in chart.lines:
        assert line.label not in inside, f"{line.label} drawn over the lines"
        # named under the chart, with a mark in its line's colour
        at = legend.plain.index(f"━━ {line.label}")
        colour = str(next(s for s in legend.spans if s.start == at).style)
        assert colour in drawn, (line.label, colour, drawn)


async def test_the_curves_are_named_under_the_chart_not_over_their_lines(
    store: Store, credo: Callable[..., Any]
) -> None:
    """Two runs' curves (the Runs view's c) and a run's own (its Metrics tab), at 80 and
    120 columns."""
    commit_file(store.project_root, "train.py", TRAIN, "A training script")
    for rate in ("0.03", "0.06"):  # two real runs
        done = credo(store.project_root, "run", "--", sys.executable, "train.py", rate)
        assert done.returncode == 0, done.stderr
    for width in (80, 120):
        for keys, labels in ((("space", "space", "c"), 2), (("enter", "4"), 1)):
            app = CredoApp(Store(store.project_root), refresh_seconds=60)
            async with app.run_test(size=(width, 32)) as pilot:
                await settle(pilot)
                await pilot.press("r")
                await settle(pilot)
                await pilot.press(*keys)
                await settle(pilot)
                chart = app.screen.query_one(CurvesChart)
                assert len(chart.lines) == labels, (width, keys)
                await assert_legend_under_the_chart(pilot, chart)


async def test_the_lines_are_readable_on_a_light_theme_and_follow_a_theme_switch(
    store: Store, credo: Callable[..., Any]
) -> None:
    """Lines took the same colours on every theme: on credo-daylight's white the fourth
    run's yellow was 1.3:1 and the second's green 2.7:1. A light theme now draws lines
    (and their legend marks) at 4.5:1 or more, and a switch to a dark theme redraws both
    in the dark theme's colours."""
    from credo.ui.palette256 import contrast
    from credo.ui.widgets.curves import rgb

    commit_file(store.project_root, "train.py", TRAIN, "A training script")
    for rate in ("0.03", "0.06", "0.09", "0.12"):  # four real runs: the fourth was yellow
        done = credo(store.project_root, "run", "--", sys.executable, "train.py", rate)
        assert done.returncode == 0, done.stderr
    app = CredoApp(Store(store.project_root), refresh_seconds=60)
    async with app.run_test(size=(120, 32)) as pilot:
        app.theme = "credo-daylight"
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("space", "space", "space", "space", "c")
        await settle(pilot)
        chart = app.screen.query_one(CurvesChart)
        assert len(chart.lines) == 4
        await assert_legend_under_the_chart(pilot, chart)
        background = rgb(app.current_theme.background or "")
        rows = chart_rows(chart)
        top, bottom, left = canvas(rows)
        drawn = {
            colour_at(row, column)
            for row in rows[top : bottom + 1]
            for column, cell in enumerate(row.plain)
            if ord(cell) in BRAILLE and column >= left
        }
        legend = chart.query_one("#chart-legend", Static).content
        marks = {str(s.style) for s in legend.spans if legend.plain[s.start : s.end] == "━━"}
        assert len(drawn) == len(marks) == 4
        for colour in drawn | marks:
            assert contrast(rgb(colour), background) >= 4.5, (colour, app.current_theme.name)
        app.theme = "credo-night"
        await settle(pilot)
        night = chart.query_one("#chart-legend", Static).content
        assert {str(s.style) for s in night.spans if night.plain[s.start : s.end] == "━━"} == {
            "#0082c8", "#3cb44b", "#e6194b", "#ffe119"
        }  # fmt: skip
        plot = chart.query_one("#chart-plot")
        await until(pilot, lambda: plot.built.wanted.dark, "the chart redrawn")  # type: ignore[attr-defined]
        await assert_legend_under_the_chart(pilot, chart)
