"""Several runs' curves of one metric in one chart, and a run's latest histogram, curve
and confusion matrix.

Built on textual-plotext (the `plots` extra). Each series is thinned to what the chart
can show (two braille dots a column) before plotting, so 5 runs × 10,000 points redraw
in a few milliseconds; smoothing (an exponential moving average), log scale, x by step
or by time and a step range apply before the thinning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from rich.table import Table
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from credo.display import escape, visible
from credo.runs.metrics import Rich, Series, metrics_words
from credo.ui.markup import from_rich_markup

NO_METRICS = "[dim]No metrics: log them with credo.log_metric(step=…, loss=…)[/]"
"""Said in place of a chart with nothing to draw (no empty frame to look at)."""
SMOOTHING = (0.0, 0.6, 0.9, 0.99)
"""The EMA weights `e` cycles through (0: off)."""
LINE_COLOURS = {
    True: ("#0082c8", "#3cb44b", "#e6194b", "#ffe119", "#f58231", "#911eb4", "#46f0f0"),
    False: ("#0062a3", "#1e7b34", "#c0182f", "#806400", "#b34d00", "#7b1fa2", "#00767a"),
}
"""Each run's line, by its place in the chart (then again from the first), on dark themes
(True) and light ones: named so the legend under the chart (plotext's own, drawn in the
chart's top left corner, hid the start of a falling loss) says them. The dark ones are
those textual-plotext gives lines; on credo-daylight and credo-paper their yellow and
cyan were 1.2:1 to 1.4:1, so the light ones are darker, each 4.8:1 or more there."""


@dataclass
class ChartOptions:
    metric: str = ""
    smoothing: float = 0.0
    log_y: bool = False
    by_time: bool = False
    """x is the time since each run's first point (in seconds, minutes or hours:
    `time_unit`), not the step."""
    steps: tuple[float, float] | None = None
    """Only points with a step in this range (inclusive)."""


@dataclass
class Line:
    """One run's series in the chart, named by a short label in the legend under it."""

    label: str
    series: Series = field(default_factory=Series)


def ema(values: list[float], weight: float) -> list[float]:
    """Exponential moving average, debiased like TensorBoard's smoothing slider."""
    if weight <= 0:
        return values
    out, last, norm = [], 0.0, 0.0
    for value in values:
        last = last * weight + (1 - weight) * value
        norm = norm * weight + (1 - weight)
        out.append(last / norm)
    return out


def points_of(line: Line, options: ChartOptions, width: int) -> tuple[list[float], list[float]]:
    """The (x, y) to plot for one line under `options`, at most `2 * width` points (x by
    time in seconds)."""
    points = line.series.curves.get(options.metric, [])
    times = line.series.times.get(options.metric, [])
    xs: list[float] = []
    ys: list[float] = []
    start = next((t for t in times if not math.isnan(t)), math.nan)
    low, high = options.steps or (-math.inf, math.inf)
    for index, (step, value) in enumerate(points):
        if not low <= step <= high or (options.log_y and value <= 0):
            continue
        if options.by_time:
            moment = times[index] if index < len(times) else math.nan
            if math.isnan(moment):
                continue
            xs.append(moment - start)
        else:
            xs.append(step)
        ys.append(value)
    ys = ema(ys, options.smoothing)
    if options.log_y:  # drawn as log10 values: plotext's own log axis fails on some ranges
        ys = [math.log10(y) for y in ys]
    room = max(2 * width, 2)
    if len(xs) > room:  # thinned evenly, the last point kept
        keep = [round(i * (len(xs) - 1) / (room - 1)) for i in range(room)]
        xs, ys = [xs[i] for i in keep], [ys[i] for i in keep]
    return xs, ys


def time_unit(seconds: float) -> tuple[str, float]:
    """The unit an axis of time since the start reads best in, and its length in seconds:
    seconds under two minutes, minutes under two hours, else hours."""
    if seconds < 120:
        return "seconds", 1.0
    return ("minutes", 60.0) if seconds < 7200 else ("hours", 3600.0)


def step_ticks(low: float, high: float, most: int = 5) -> list[int]:
    """Whole steps from `low` to `high` to mark on the x-axis, at most `most`, a round
    distance apart (1, 2 or 5 times a power of ten): 0, 10, 20, 30 for steps 0 to 39."""
    first, last = math.ceil(low), math.floor(high)
    apart = 1
    while (last - first) // apart + 1 > most:
        apart = _next_round(apart)
    start = -(-first // apart) * apart
    return list(range(start, last + 1, apart))


def log_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Values to mark on a log axis from `10**low` to `10**high` (log10 heights): the
    powers of ten, else 1, 2 and 5 times them, else every digit, the first that marks
    three (every digit where it marks two), thinned to at most `most`; in a range too
    narrow for two, `most` values evenly apart in height, with the fewest significant
    digits that tell them apart."""
    marks: list[float] = []
    for leads in ((1,), (1, 2, 5), range(1, 10)):
        marks = [
            float(f"{lead}e{power}")
            for power in range(math.floor(low), math.ceil(high) + 1)
            for lead in leads
            if low <= math.log10(lead) + power <= high
        ]
        if len(marks) >= 3:
            break
    if len(marks) < 2:
        heights = (
            [low + i * (high - low) / (most - 1) for i in range(most)] if high > low else [low]
        )
        for digits in range(2, 7):  # as few as tell the marks apart
            marks = [float(f"{10**height:.{digits}g}") for height in heights]
            if len(set(marks)) == len(marks):
                break
        return marks
    return marks[:: -(-len(marks) // most)]


def _next_round(apart: int) -> int:
    """The round distance after `apart`: 1, 2, 5, 10, 20, 50, ..."""
    digits = len(str(apart)) - 1
    lead = apart // 10**digits
    return int((2 if lead == 1 else 5 if lead == 2 else 10) * 10**digits)


def metric_names(lines: list[Line]) -> list[str]:
    """Every scalar metric the lines have, in the order first seen."""
    return list(dict.fromkeys(name for line in lines for name in line.series.curves))


def plot_widget(widget_id: str) -> Any:
    """A chart built off the UI thread (`PlotView`), or a line saying how to get charts
    (the `plots` extra is optional)."""
    try:
        from credo.ui.widgets.plot_view import PlotView
    except ImportError:
        return Static("install credo[plots] for curves", id=widget_id)
    return PlotView(id=widget_id)


def line_colour(place: int, dark: bool) -> str:
    """The colour of the chart's line at `place` (0 for the first run) on a dark theme or
    a light one, as `#rrggbb`."""
    colours = LINE_COLOURS[dark]
    return colours[place % len(colours)]


def rgb(colour: str) -> tuple[int, int, int]:
    """`#rrggbb` as plotext takes it."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def draw_lines(plot: Any, lines: list[Line], options: ChartOptions) -> None:
    """Plot each line's `options.metric` in `plot` (a PlotView), in its `line_colour`."""
    if not hasattr(plot, "draw"):
        return
    words = [options.metric or "no metric"]
    if options.smoothing:
        words.append(f"EMA {options.smoothing:g}")
    if options.steps:
        words.append(f"steps {options.steps[0]:g}–{options.steps[1]:g}")
    if options.log_y:
        words.append("log scale")
    chosen = replace(options)  # as now: the chart's keys go on changing `options`

    def recipe(plt: Any, width: int, dark: bool) -> None:
        drawn = [points_of(line, chosen, max(width, 40)) for line in lines]
        every_x = [x for xs, _ in drawn for x in xs]
        heights = [y for _, ys in drawn for y in ys]
        unit, seconds = time_unit(max(every_x, default=0)) if chosen.by_time else ("step", 1.0)
        for place, (xs, ys) in enumerate(drawn):
            if xs:
                along = [x / seconds for x in xs]
                plt.plot(along, ys, marker="braille", color=rgb(line_colour(place, dark)))
        if not chosen.by_time and every_x and all(float(x).is_integer() for x in every_x):
            plt.xticks(step_ticks(min(every_x), max(every_x)))  # plotext's own read 9.8, 19.5
        if chosen.log_y and heights:  # plotted as log10: marked with the values themselves
            values = log_ticks(min(heights), max(heights))
            plt.yticks([math.log10(value) for value in values], [f"{v:g}" for v in values])
        plt.title(visible(" · ".join(words), lines=False))
        plt.xlabel(unit)

    plot.draw(recipe)


def draw_rich(plot: Any, found: Rich | None, overlay: list[tuple[int, Rich]] | None = None) -> None:
    """A histogram as bars, or a curve (several runs' same curve overlaid, each in the
    colour of the run's place in the chart beside it, whose legend names them)."""
    if not hasattr(plot, "draw"):
        return

    def recipe(plt: Any, width: int, dark: bool) -> None:
        if overlay:
            for place, curve in overlay:
                xs, ys = curve.data["x"], curve.data["y"]
                plt.plot(xs, ys, marker="braille", color=rgb(line_colour(place, dark)))
            first = overlay[0][1]
            plt.title(visible(first.name, lines=False))
            plt.xlabel(visible(first.data["labels"][0], lines=False))
        elif found is not None and found.kind == "histogram":
            edges, counts = found.data["edges"], found.data["counts"]
            centres = [(a + b) / 2 for a, b in zip(edges, edges[1:], strict=False)]
            plt.bar(centres, counts, width=0.9)
            if centres:  # a few round ticks, not the bins' long floats
                ticks = centres[:: max(len(centres) // 4, 1)]
                plt.xticks(ticks, [f"{tick:.3g}" for tick in ticks])
            plt.title(visible(f"{found.name} (step {_step(found)})", lines=False))
        elif found is not None and found.kind == "curve":
            plt.plot(found.data["x"], found.data["y"], marker="braille")
            plt.title(visible(f"{found.name} (step {_step(found)})", lines=False))
            plt.xlabel(visible(found.data["labels"][0], lines=False))

    plot.draw(recipe)


def _step(found: Rich) -> str:
    return "—" if found.step is None else f"{found.step:g}"


def confusion_table(found: Rich) -> Table:
    """A confusion matrix as a table: true labels down, predicted across, the diagonal bold."""
    table = Table(title=f"{escape(found.name)} (step {_step(found)})", box=None, pad_edge=False)
    table.add_column("true \\ predicted", style="dim")
    labels = found.data["labels"]
    for label in labels:
        table.add_column(escape(visible(label)), justify="right")
    for index, (label, row) in enumerate(zip(labels, found.data["matrix"], strict=False)):
        cells = [f"{value:g}" for value in row]
        cells[index] = f"[b]{cells[index]}[/]"
        table.add_row(escape(visible(label)), *cells)
    return table


CHART_BINDINGS = [
    Binding("m", "chart('metric')", "Metric", id="chart.metric", tooltip="Plot the next metric"),
    Binding(
        "e", "chart('smoothing')", "Smooth", id="chart.smooth", tooltip="EMA: off, .6, .9, .99"
    ),
    Binding("L", "chart('log')", "Log y", id="chart.log", tooltip="Log scale on y"),
    Binding("x", "chart('x')", "Step/time", id="chart.x", tooltip="x by step or by time"),
    Binding("z", "chart('zoom')", "Zoom", id="chart.zoom", tooltip="Only a step range: 100-500"),
]
"""The chart's keys, on the screens that hold one (they call `CurvesChart.act`)."""


class CurvesChart(Vertical):
    """Lines of several runs for one metric, with the options of `CHART_BINDINGS`."""

    BINDINGS = [
        Binding(
            "escape", "close_zoom", "Close", id="chart.zoom_close", tooltip="The zoom unchanged"
        ),
    ]
    """On while the zoom box has the keys (nothing else in the chart takes them): esc
    closes the box, not the view."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self.lines: list[Line] = []
        self.options = ChartOptions()
        self._keys_before: Widget | None = None
        """What had the keys when `z` opened the zoom box: it has them back once closed."""

    def compose(self) -> Any:
        from textual.widgets import Input

        # disabled until `z` opens it, so it never takes the keys meant for the chart
        yield Input(placeholder="steps: 100-500 (empty: all)", id="chart-zoom", disabled=True)
        yield plot_widget("chart-plot")
        yield Static("", id="chart-legend")

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda _: self.redraw(), init=False)  # the legend's colours

    def show(self, lines: list[Line]) -> None:
        self.lines = lines
        names = metric_names(lines)
        if self.options.metric not in names:
            self.options.metric = names[0] if names else ""
        self.redraw()

    def redraw(self) -> None:
        plot = self.query_one("#chart-plot")
        plot.display = bool(self.options.metric)
        draw_lines(plot, self.lines, self.options)
        metric, lasts, dark = self.options.metric, [], self.app.current_theme.dark
        finals = [line.series.final(metric) for line in self.lines]
        texts = metrics_words(finals)  # as many digits as tell the lines apart
        for place, (line, final) in enumerate(zip(self.lines, finals, strict=True)):
            said = f"[dim]logged no {escape(metric)}[/]" if final is None else texts[place]
            mark = f"[{line_colour(place, dark)}]━━[/]"
            lasts.append(f"{mark} {escape(visible(line.label))} {said}")
        legend = self.query_one("#chart-legend", Static)
        text = " · ".join(lasts) if metric else NO_METRICS
        legend.update(from_rich_markup(text))

    def show_metric(self, name: str) -> bool:
        """Plot `name`, where a line logged it step by step (else False, the chart as it was)."""
        if name not in metric_names(self.lines):
            return False
        self.options.metric = name
        self.redraw()
        return True

    def act(self, what: str) -> None:
        options = self.options
        if what == "metric":
            names = metric_names(self.lines)
            if names:
                at = names.index(options.metric) if options.metric in names else -1
                options.metric = names[(at + 1) % len(names)]
        elif what == "smoothing":
            at = SMOOTHING.index(options.smoothing) if options.smoothing in SMOOTHING else 0
            options.smoothing = SMOOTHING[(at + 1) % len(SMOOTHING)]
        elif what == "log":
            options.log_y = not options.log_y
        elif what == "x":
            options.by_time = not options.by_time
        elif what == "zoom":
            from textual.widgets import Input

            box = self.query_one("#chart-zoom", Input)
            box.disabled = False
            box.add_class("-open")
            self._keys_before = self.screen.focused
            self.call_after_refresh(box.focus)
            return
        self.redraw()

    def action_close_zoom(self) -> None:
        """The zoom box closes; the keys go to the pane that holds the chart (a run's
        Metrics tab), else back to what had them."""
        box = self.query_one("#chart-zoom")
        box.remove_class("-open")
        box.disabled = True
        pane = next((w for w in self.ancestors if isinstance(w, Widget) and w.focusable), None)
        self.screen.set_focus(pane or self._keys_before)

    def on_input_submitted(self, event: Any) -> None:
        event.stop()
        self.action_close_zoom()
        try:
            self.options.steps = step_range(event.value)
        except ValueError:
            self.notify(f"Steps as FROM-TO, e.g. 100-500: not {event.value!r}", severity="warning")
        self.redraw()


def step_range(text: str) -> tuple[float, float] | None:
    """`100-500` -> (100, 500); `` -> None (every step); ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    low, _, high = text.partition("-")
    first, last = float(low), float(high) if high.strip() else math.inf
    return (min(first, last), max(first, last))


class RichPanel(Vertical):
    """A run's latest histogram, curve and confusion matrix (one of each kind, the
    latest logged; `n` shows the next name of that kind)."""

    def compose(self) -> Any:
        from textual.containers import Horizontal

        with Horizontal(id="rich-plots"):
            yield plot_widget("rich-histogram")
            yield plot_widget("rich-curve")
        yield Static("", id="rich-confusion")

    def show(self, series: Series) -> None:
        latest = {kind: _latest(series, kind) for kind in ("histogram", "curve", "confusion")}
        for kind in ("histogram", "curve"):  # one alone takes the width: no empty frame beside
            plot = self.query_one(f"#rich-{kind}")
            plot.display = latest[kind] is not None
            draw_rich(plot, latest[kind])
        confusion = latest["confusion"]
        box = self.query_one("#rich-confusion", Static)
        box.update(confusion_table(confusion) if confusion else "")
        self.display = any(latest.values())


def _latest(series: Series, kind: str) -> Rich | None:
    found = [rich for (k, _), rich in series.rich.items() if k == kind]
    return max(found, key=lambda r: -math.inf if r.step is None else r.step) if found else None
