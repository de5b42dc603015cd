"""Several runs in one view: their curves overlaid (the baseline drawn in), and runs
compared side by side with the same logged curve (ROC, PR) overlaid."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from credo.display import escape, one_line
from credo.domain.current import baseline_experiment
from credo.domain.models import WAITING, Experiment, Run
from credo.errors import BadFileError, CredoError
from credo.runs.comparison import Comparison
from credo.runs.follow import RunTail
from credo.runs.metrics import Rich
from credo.store.store import Store
from credo.ui.screens.base import CredoScreen
from credo.ui.widgets.curves import CHART_BINDINGS, CurvesChart, Line, draw_rich, plot_widget
from credo.ui.widgets.facts import FactLines
from credo.ui.widgets.footer import KeysFooter
from credo.ui.widgets.header import HeaderLine, RunCounter
from credo.ui.widgets.lists import ScrollPane
from credo.ui.workers import credo_work, under_way


@dataclass
class _Followed:
    """One run of the chart: its label, its command (as a shell would run it again) and
    its metrics file, read as it grows."""

    run_id: str
    label: str
    command: str
    tail: RunTail
    running: bool = True


class RunsChartScreen(CredoScreen):
    """A screen showing several runs' metrics, kept up to date while any of them runs;
    its header counts the runs under way, as every view's does."""

    @dataclass
    class Read(Message):
        lines: list[Line]

    def __init__(self, run_ids: list[str], with_baseline: bool = False) -> None:
        super().__init__()
        self.run_ids = run_ids
        self.with_baseline = with_baseline
        self.followed: list[_Followed] = []

    def on_mount(self) -> None:
        self.run_counter = RunCounter(self.query_one(HeaderLine), self.credo)
        self.read()
        self.set_interval(self.credo.refresh_seconds, self.poll)

    def poll(self) -> None:
        if not under_way(self.read):
            self.read()

    @credo_work("Reading the run's curves", group="chart-read", exclusive=True)
    def read(self) -> None:
        store = self.credo.store
        if not self.followed:
            self.followed = self.choose(store)
        changed = not any(f.tail.metrics.offset for f in self.followed)
        for followed in self.followed:
            if not followed.running:
                continue
            try:
                followed.running = store.read(Run, followed.run_id).status in WAITING
            except CredoError:  # gone or unreadable: what was read stays
                followed.running = False
            with followed.tail.lock:
                changed |= followed.tail.metrics.read(to_end=not followed.running)
        if changed:  # the chart's own copies: the next read appends to the readers' series
            lines = [Line(f.label, f.tail.metrics.series.snapshot()) for f in self.followed]
            self.post_message(self.Read(lines))
        self.run_counter.count()

    def choose(self, store: Store) -> list[_Followed]:
        """The runs to follow: those asked for, and the baseline's latest run."""
        shorts = store.short_ids(Run)
        runs = store.load(Run).items
        ids = list(self.run_ids)
        labels = {run_id: shorts[run_id] for run_id in ids}
        if self.with_baseline:
            base = baseline_experiment(store.load(Experiment).items.values())
            if base is not None:
                base_runs = [r for r in runs.values() if r.experiment == base.id]
                if base_runs:
                    latest = max(base_runs, key=lambda r: (r.started, r.id))
                    if latest.id not in ids:
                        ids.append(latest.id)
                    labels[latest.id] = f"baseline {shorts[latest.id]}"
        followed = []
        for run_id in ids:
            try:
                folder = store.run_folder(run_id)
            except BadFileError:  # a link or a file where its folder should be: not read
                continue
            run = runs.get(run_id)
            command = one_line(shlex.join(run.command)) if run else ""
            followed.append(_Followed(run_id, labels[run_id], command, RunTail(folder, run_id)))
        return followed

    def show_lines(self, lines: list[Line]) -> None:
        """The runs' `lines` drawn, each run named above the chart as its legend names
        it, with the command that tells the runs apart."""
        named = (f"[b]{escape(f.label)}[/]  {escape(f.command)}" for f in self.followed)
        self.query_one("#chart-runs", FactLines).show("\n".join(named))
        self.query_one(CurvesChart).show(lines)

    def action_chart(self, what: str) -> None:
        self.query_one(CurvesChart).act(what)

    def action_back(self) -> None:
        self.dismiss()


class CurvesScreen(RunsChartScreen):
    """The marked runs' curves of one metric in one chart, the baseline drawn in."""

    HELP_TITLE = "Curves"
    BINDINGS = [
        *CHART_BINDINGS,
        Binding("escape", "back", "Back", id="curves.back", tooltip="Back to the runs"),
    ]

    def __init__(self, run_ids: list[str]) -> None:
        super().__init__(run_ids, with_baseline=True)

    def compose(self) -> ComposeResult:
        yield HeaderLine(self.credo.store.name)
        yield FactLines(separator="  ", id="chart-runs")
        yield CurvesChart(id="curves-chart")
        yield KeysFooter()

    def on_runs_chart_screen_read(self, message: RunsChartScreen.Read) -> None:
        self.show_lines(message.lines)


CHART_ROWS = 12
"""The compare view's least chart: a plot of six rows inside its title, frame, axis and
legend (at 80x24, four runs compared left it one row)."""


class CompareScreen(RunsChartScreen):
    """Runs side by side: what differs, the metrics' deltas, and their curves."""

    HELP_TITLE = "Compare runs"
    BINDINGS = [
        *CHART_BINDINGS,
        Binding("n", "next_curve", "Next curve", id="compare.curve", tooltip="ROC, PR… overlaid"),
        Binding("escape", "back", "Back", id="compare.back", tooltip="Back to the runs"),
    ]

    def __init__(self, run_ids: list[str]) -> None:
        super().__init__(run_ids)
        self.curve_index = 0
        self.lines: list[Line] = []
        self.found: Comparison | None = None

    def compose(self) -> ComposeResult:
        yield HeaderLine(self.credo.store.name)
        with ScrollPane(id="compare-facts"):
            yield Static("", id="compare-table")
        yield FactLines(separator="  ", id="chart-runs")
        with Horizontal(id="compare-plots"):  # side by side: a short terminal keeps both
            yield CurvesChart(id="compare-chart")
            yield plot_widget("compare-curve")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.compare()

    @credo_work("Comparing the runs' curves", group="compare")
    def compare(self) -> None:
        from rich.console import Group

        from credo.display import rich_text
        from credo.runs.comparison import ComparisonTable, compare_runs, comparison_words

        store = self.credo.store
        runs = [store.read(Run, run_id) for run_id in self.run_ids]
        shorts = store.short_ids(Run)
        found = compare_runs(runs, [shorts[r.id] for r in runs])
        self.found = found
        table = ComparisonTable(found, click="screen.pick_metric")
        shown = Group(table, rich_text(comparison_words(found)))
        self.app.call_from_thread(self.query_one("#compare-table", Static).update, shown)

    def on_runs_chart_screen_read(self, message: RunsChartScreen.Read) -> None:
        self.lines = message.lines
        self.show_lines(message.lines)
        self.draw_curve()
        self.call_after_refresh(self.fit_table)  # the runs named above the chart: more rows

    def on_resize(self) -> None:
        self.fit_table()

    def fit_table(self) -> None:
        """The table takes at most half the screen, and never the chart's `CHART_ROWS`: a
        short terminal scrolls the table instead (three rows of it at the least)."""
        height = self.size.height
        around = (HeaderLine, "#chart-runs", KeysFooter)
        others = sum(self.query_one(widget).outer_size.height for widget in around)
        facts = self.query_one("#compare-facts", ScrollPane)
        facts.styles.max_height = max(min(height // 2, height - others - CHART_ROWS), 3)

    def shared_curves(self) -> list[str]:
        """Names of the curves (`log_curve`) that the runs logged, the most shared first."""
        counts: dict[str, int] = {}
        for line in self.lines:
            for kind, name in line.series.rich:
                if kind == "curve":
                    counts[name] = counts.get(name, 0) + 1
        return sorted(counts, key=lambda n: -counts[n])

    def draw_curve(self) -> None:
        names = self.shared_curves()
        plot = self.query_one("#compare-curve")
        plot.display = bool(names)
        if not names:
            return
        name = names[self.curve_index % len(names)]
        overlay: list[tuple[int, Rich]] = []
        for place, line in enumerate(self.lines):
            found = line.series.rich.get(("curve", name))
            if found is not None:
                overlay.append((place, found))
        draw_rich(plot, None, overlay)

    def action_pick_metric(self, place: int) -> None:
        """A click on a metric's row in the table: the chart plots it, as `m` would in turn."""
        if self.found is None or place >= len(self.found.metrics):
            return
        name = self.found.metrics[place][0]
        if not self.query_one(CurvesChart).show_metric(name):
            self.notify(
                f"No run here logged {name} step by step: no curve to plot", severity="warning"
            )

    def action_next_curve(self) -> None:
        self.curve_index += 1
        self.draw_curve()
