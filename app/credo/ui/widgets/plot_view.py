"""A plotext chart built off the UI thread: plotext lays out and draws a chart in pure
Python (90 to 300 ms for a run's curves on a loaded machine), which `PlotextPlot` does in
`render`, on the interface's thread, at every draw, resize and theme change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import RenderResult
from textual.message import Message
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from credo.ui.workers import credo_work

Recipe = Callable[[Plot, int, bool], None]
"""What a chart holds: plotext calls on a fresh `Plot`, given the chart's width and
whether the theme is dark (its lines' colours: `curves.line_colour`)."""


def blank(plot: Plot, width: int, dark: bool) -> None:
    """A chart with nothing plotted: its frame, in the theme's colours."""


@dataclass(frozen=True)
class Wanted:
    """A chart as it should look: its recipe, in cells, in a plotext theme."""

    recipe: Recipe
    width: int
    height: int
    theme: str
    dark: bool


class PlotView(PlotextPlot):
    """A chart whose recipe is run and built by a worker (`draw`); it shows the last one
    built, cropped to its size, until the next one is in. Its theme follows the app's,
    as `PlotextPlot`'s does."""

    @dataclass
    class Built(Message):
        wanted: Wanted
        text: Text

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self.recipe: Recipe = blank
        self.asked: Wanted | None = None
        """The chart last given to a worker to build."""
        self.built: PlotView.Built | None = None

    def draw(self, recipe: Recipe) -> None:
        """Show the chart `recipe` makes, once built."""
        self.recipe = recipe
        self.refresh()  # `render` asks for it, at the size the chart has then

    def wanted(self) -> Wanted | None:
        if not self.size.area:
            return None
        theme = self._get_plotext_theme_name(self.app.theme)
        dark = self.app.current_theme.dark
        return Wanted(self.recipe, self.size.width, self.size.height, theme, dark)

    def render(self) -> RenderResult:
        """The last chart built; a worker builds the one wanted now (a new recipe, size
        or theme) when it is not that one."""
        wanted = self.wanted()
        if wanted is not None and wanted != self.asked:
            self.asked = wanted
            self.build(wanted)
        return self.built.text if self.built is not None else ""

    @credo_work("Drawing a chart", group="plot-build", exclusive=True)
    def build(self, wanted: Wanted) -> None:
        plot = Plot()
        wanted.recipe(plot, wanted.width, wanted.dark)
        # then as PlotextPlot.render: its size (twice: see there) and theme
        plot.plotsize(wanted.width, wanted.height)
        plot._set_size(wanted.width, wanted.height)
        plot.theme(wanted.theme)
        text = Text.from_ansi(plot.build(), no_wrap=True, overflow="crop")
        if not get_current_worker().is_cancelled:  # a newer chart is wanted
            self.post_message(self.Built(wanted, text))

    def on_plot_view_built(self, message: Built) -> None:
        message.stop()
        if message.wanted == self.asked:
            self.built = message
            self.refresh()
