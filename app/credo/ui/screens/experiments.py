"""The experiment log: newest first, details, runs, output (searchable), diff, metric curves.

Files are read by thread workers; handlers on this screen own all state.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import (
    DataTable,
    Input,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from credo.actions import experiments as exp_actions
from credo.actions.experiments import ServedTitle, running_in, runs_under_way, served_titles
from credo.display import escape, one_line, visible
from credo.domain.current import baseline_experiment
from credo.domain.durations import format_duration
from credo.domain.filter_words import StatusWords, folded, status_words
from credo.domain.models import (
    WAITING,
    Experiment,
    ExperimentStatus,
    Run,
    Task,
    code_mark,
)
from credo.domain.timebox import format_countdown, remaining, timebox_words, unstarted_words
from credo.errors import BadFileError
from credo.runs.follow import patches_here, run_diff
from credo.runs.metrics import Series, baseline_run, metrics_words, run_series
from credo.runs.numbers import difference_text
from credo.store import collector
from credo.store.ids import ShortIds
from credo.store.store import Change, LoadProblem
from credo.text.runs import (
    ReviewPacks,
    describe_experiment,
    duration_words,
    exit_words,
    run_lines,
)
from credo.ui.agent_marks import AGENT_LEGEND, AGENT_MARK
from credo.ui.markup import from_rich_markup
from credo.ui.polling import Look, StoreFeed
from credo.ui.screens.base import (
    CHARTS,
    clear_filter_binding,
    left_out_words,
    problems_binding,
    undo_bindings,
)
from credo.ui.screens.tabbed import TabbedScreen, diff_view
from credo.ui.widgets.countdown import Countdown
from credo.ui.widgets.curves import NO_METRICS, plot_widget
from credo.ui.widgets.facts import FactLines
from credo.ui.widgets.footer import KeysFooter
from credo.ui.widgets.header import HeaderLine
from credo.ui.widgets.line_input import BoxInput
from credo.ui.widgets.lists import FitTable, ItemList, OneLine, ScrollPane
from credo.ui.widgets.run_follow import HeldOutput, RunFollower
from credo.ui.widgets.run_verdict import RunVerdict
from credo.ui.widgets.tabs import KeyedTabs
from credo.ui.workers import credo_work, under_way
from credo.wording import counted

NO_RUN_OUTPUT = "No run yet.\n\ncredo run -- CMD\nrecords one: its output\nshows here."
"""The Output tab of an experiment with no run (or of no experiment): short lines, as the
output pane does not wrap (at 80 columns it is 40 wide)."""
READING_EXPERIMENTS = "Reading the experiments…"
"""The details until the first read of the experiments is in (a worker: their folder may
be on a slow or hung mount)."""
READING_RUNS = "Reading the runs…"
"""The Output tab until the first look at the runs is in (a worker: 20,000 runs take
seconds, and the experiments show before them)."""
STATUS_MARKS: dict[ExperimentStatus, tuple[str, str, str]] = {
    ExperimentStatus.RUNNING: ("▶", "green", "running: the time left of its timebox beside it"),
    ExperimentStatus.PAUSED: ("⏸", "dim", "paused: its clock stopped (p goes on)"),
    ExperimentStatus.PLANNED: ("○", "dim", "planned, not started yet (p starts it)"),
    ExperimentStatus.DONE: ("✓", "", "done, its outcome beside it (c closes one)"),
    ExperimentStatus.ABANDONED: ("✗", "dim", "abandoned (A gives one up)"),
}
"""Each status's mark in the log's list, its colour, and what it means (for the help)."""
BASELINE_MARK = "★"
LIST_CHUNK = 100
"""Experiments added to the list at a time, the first at once (more than any terminal
shows), the next after each frame: 1,000 options made and measured at once held the
interface 0.3 to 0.6 s as the log opened, and at each key typed in its filter."""
RUN_COLUMNS = ("status", "run", "git", "exit", "took", "command")
"""The columns of an experiment's runs, in the Details tab."""
RUNS_GIVE_WAY = ("exit", "took", "git", "run", "status")
"""The columns left out, in this order, where the pane is narrow: the command stays, as
it tells the runs apart, and the exit code goes first, as the status mostly says it."""


def took_word(run: Run) -> str:
    """`duration_words` where a cell has room for one word: `none` for a run that ended
    in its queue (`never started` was cut to `never star…` at 120 columns; its facts
    under the table say it)."""
    return "none" if run.never_started and run.status not in WAITING else duration_words(run)


def no_runs_words(status: ExperimentStatus) -> str:
    """What the details say of an experiment with no run: how one comes, while it can."""
    if status.closed:
        return "runs: none"
    start = "" if status == ExperimentStatus.RUNNING else "p starts its clock, then "
    return f"runs: none yet ({start}credo run -- CMD records one)"


def matches(exp: Experiment, words: StatusWords) -> bool:
    """Filter words: `status:done`, `outcome:refuted`, `#tag`, or text in the hypothesis."""
    if words.wanted is not None and exp.status.value not in words.wanted:
        return False
    text = folded(f"{exp.hypothesis}\n{exp.learning}\n{exp.next_step}")
    for word in words.others:
        low = folded(word)
        if low.startswith("outcome:"):
            if exp.outcome is None or exp.outcome.value != low.removeprefix("outcome:"):
                return False
        elif low.startswith("#") and len(low) > 1:
            if low[1:] not in (folded(t) for t in exp.tags):
                return False
        elif low not in text:
            return False
    return True


def curve_recipe(
    title: str, points: list[tuple[float, float]], low: float, high: float
) -> Callable[[Any, int, bool], None]:
    """A run's curve of one metric, between `low` and `high` (`PlotView.draw`)."""

    def recipe(plt: Any, width: int, dark: bool) -> None:
        plt.title(visible(title, lines=False))
        if points:
            plt.plot([x for x, _ in points], [y for _, y in points], marker="braille")
        plt.ylim(low, high)  # one scale for both: the curves compare at a glance

    return recipe


def by_experiment(runs: Iterable[Run]) -> dict[str, list[Run]]:
    """Each experiment's runs, oldest first."""
    grouped: dict[str, list[Run]] = {}
    for run in sorted(runs, key=lambda r: (r.started, r.id)):
        if run.experiment is not None:
            grouped.setdefault(run.experiment, []).append(run)
    return grouped


class ExperimentRuns(FitTable):
    """The selected experiment's runs; enter on one (or a double click) opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open run",
            id="exp.open_run",
            tooltip="Its output, diff, params and verdicts, as the runs view opens it",
        )
    ]


class ExperimentsScreen(TabbedScreen):
    """Every experiment, what it ran, and what came of it."""

    HELP_TITLE = "Experiments"
    HELP_LEGEND = (
        *((mark, meaning) for mark, _, meaning in STATUS_MARKS.values()),
        (BASELINE_MARK, "the baseline, the one to beat (b)"),
        AGENT_LEGEND,
    )
    filter_box = "#exp-filter"
    filter_list = "#exp-list"
    # The keys' widget from the view's first moment (Textual focuses it as it composes):
    # its default, the first widget that takes focus, was the filter box, hidden, until
    # on_mount moved on, and E then j typed fast put j in it (the list emptied, unsaid)
    AUTO_FOCUS = filter_list

    BINDINGS = [
        # In this order the footer keeps them where it is narrow (`fitting`): at 120
        # columns all, at 80 the first five; every one is on the help screen.
        Binding("s", "start", "Start", id="exp.start", tooltip="Start a timeboxed experiment"),
        Binding("c", "close", "Close", id="exp.close", tooltip="Close with an outcome"),
        # p says what it does to the selected experiment (`clock_word`): one id, three
        # labels, as `switch_bindings`; "Pause" on a paused one that p resumed misled
        Binding("p", "pause('running')", "Pause", id="exp.pause", tooltip="The clock stops"),
        Binding("p", "pause('paused')", "Resume", id="exp.pause", tooltip="The clock goes on"),
        Binding(
            "p",
            "pause('planned')",
            "Start clock",
            id="exp.pause",
            tooltip="A planned experiment's clock starts",
        ),
        Binding("slash", "filter", "Filter", id="exp.filter", tooltip="status:, outcome:, #tag"),
        Binding("f", "search", "Search", id="exp.search", tooltip="Search the output log"),
        Binding("b", "baseline", "Baseline", id="exp.baseline", tooltip="Mark as the one to beat"),
        Binding("n", "next_task", "To task", id="exp.next", tooltip="Next step becomes a task"),
        Binding("A", "abandon", "Abandon", id="exp.abandon", tooltip="Give up, with a reason"),
        Binding(
            "plus",
            "extend",
            "More time",
            id="exp.extend",
            show=False,
            tooltip="Add time to the timebox, on purpose and on the record",
        ),
        *undo_bindings("exp", show=False),
        Binding(
            "m",
            "next_metric",
            "Metric",
            id="exp.metric",
            show=False,  # the Metrics tab, where it acts, names it (`m: next`)
            tooltip="Plot the next metric",
        ),
        Binding(
            "r",
            "app.runs",
            "Runs",
            id="exp.runs",
            show=False,
            tooltip="Every run: sort, filter, compare, curves",
        ),
        Binding("1", "tab('tab-details')", "Details", id="exp.tab_details", show=False),
        Binding("2", "tab('tab-output')", "Output", id="exp.tab_output", show=False),
        Binding("3", "tab('tab-diff')", "Diff", id="exp.tab_diff", show=False),
        Binding("4", "tab('tab-metrics')", "Metrics", id="exp.tab_metrics", show=False),
        problems_binding("exp", "experiment or run file left out"),
        clear_filter_binding("exp"),
        Binding("escape", "back", "Board", id="exp.back", tooltip="Back to the board"),
    ]

    @dataclass
    class Loaded(Message):
        experiments: dict[str, Experiment]
        runs: dict[str, Run]
        states: dict[str, str]
        """Runs whose status says more in words (running on another host, `lost?`)."""
        problems: dict[str, LoadProblem]
        """The experiment and run files that could not be read."""
        look: Look
        away: dict[str, str] = field(default_factory=dict)
        """Experiments running in another worktree -> where (`running_in`)."""
        grouped: dict[str, list[Run]] = field(default_factory=dict)
        """`runs` by experiment (`by_experiment`)."""
        short_ids: ShortIds = field(default_factory=ShortIds)
        """The ids of experiments, runs and tasks as the lists print them."""
        review_packs: ReviewPacks = field(default_factory=dict)
        """Each review's pack, by which a run's gate names them (`gate_words`)."""

    @dataclass
    class Listed(Message):
        """The first read of the experiments alone, before the look at their runs."""

        experiments: dict[str, Experiment]
        problems: dict[str, LoadProblem]
        short_ids: ShortIds

    @dataclass
    class Served(Message):
        """The titles of the tasks the experiments serve, as a worker read them."""

        titles: dict[str, ServedTitle]

    @dataclass
    class RunFiles(Message):
        run_id: str
        patch: str
        baseline_series: Series = field(default_factory=Series)
        patches_here: bool = True
        """Whether its saved diffs are in this clone (`follow.patches_here`)."""

    def __init__(self) -> None:
        super().__init__()
        self.experiments: dict[str, Experiment] = {}
        self.runs: dict[str, Run] = {}
        self.grouped: dict[str, list[Run]] = {}
        """`runs` by experiment, oldest first (`runs_of`): made with them in the worker."""
        self.states: dict[str, str] = {}
        self.away: dict[str, str] = {}
        """Experiments running in another worktree -> where: not counting down here."""
        self.problems: dict[str, LoadProblem] = {}
        """The files left out: an experiment or a run credo could not read."""
        self.filter_words: list[str] = []
        self.shown: list[Experiment] = []
        self.short_ids = ShortIds()
        self.review_packs: ReviewPacks = {}
        """The ids it names as the CLI prints them (`Loaded.short_ids`): one made since
        the last load is shown by the prefix no id read then shares."""
        self.details_text = ""
        """What the details show now (as markup)."""
        self.clock_shown = ExperimentStatus.RUNNING.value
        """The `clock_word` the footer's p was last drawn for."""
        self.served: dict[str, ServedTitle] = {}
        """The tasks the experiments serve: their files' stamps and titles, as the workers
        last read them (`served_titles`: the files may be on a slow or hung mount)."""
        self.selected_id: str | None = None
        self.marks_drawn = -1
        """The version of the agents' marks (✦) the list was drawn with."""
        self.run_id: str | None = None
        self.files: ExperimentsScreen.RunFiles | None = None
        self.metric_index = 0
        self.following = Series()
        """The shown run's metrics as the follower last read them (it keeps them up to date)."""
        self.output = HeldOutput()
        """The shown run's output, for the Output tab (`fill_tab`)."""
        self.experiments_read = False
        """Whether the experiments are read (none is drawn until the first read is in)."""
        self.runs_read = False
        """Whether the runs shown are a look's (none yet while the first is under way)."""
        self.listing = 0
        """Counts the list's redraws: the options still to add are for the latest."""

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.header_line = HeaderLine(self.credo.store.name)
        yield self.header_line
        with Horizontal(id="exp-body"):
            with Vertical(id="exp-left"):
                yield BoxInput(
                    placeholder="filter: words, status:done, outcome:refuted, #tag", id="exp-filter"
                )
                yield ItemList(id="exp-list")
            with KeyedTabs(id="exp-tabs", initial="tab-details"):
                with TabPane("Details 1", id="tab-details"):
                    with ScrollPane(id="details-scroll"):
                        yield FactLines(id="exp-details")
                        yield ExperimentRuns(
                            RUNS_GIVE_WAY, id="exp-runs", cursor_type="row", zebra_stripes=True
                        )
                        left_out = Static("", id="runs-left-out")
                        left_out.display = False  # until a column does not fit
                        yield left_out
                        yield FactLines(id="run-facts")
                with TabPane("Output 2", id="tab-output"):
                    yield BoxInput(
                        placeholder="search the log (enter: next match)", id="output-search"
                    )  # the log under it comes when the tab is first shown (`build_tab`)
                with TabPane("Diff 3", id="tab-diff"):
                    with ScrollPane(id="diff-scroll"):
                        yield Static("", id="exp-diff")
                with TabPane("Metrics 4", id="tab-metrics"):
                    with ScrollPane(id="verdict-scroll"):  # a long verdict scrolls
                        yield RunVerdict(id="run-verdict")
                    yield Static("", id="metric-compare")
                    yield Horizontal(id="plots")  # its charts come when first shown
        yield Static("", id="exp-status")
        yield KeysFooter()
        yield RunFollower(self.credo.refresh_seconds)

    def on_mount(self) -> None:
        store = self.credo.store
        self.feed = StoreFeed(
            store, self.credo.history, (Experiment, Run), worktrees=True, me=self.credo.me_for_reads
        )
        self.feed.due()  # the workers below take the first look
        self.query_one("#exp-details", FactLines).show(READING_EXPERIMENTS)
        # the experiments first, keys typed with the one that opened the view waiting for
        # them; their runs (and where those of other worktrees run) as they come
        self.credo.typed_ahead.wait_for(self.read_experiments())
        self.load_in_background()
        self.set_interval(self.credo.refresh_seconds, self.poll)

    # -- loading -----------------------------------------------------------------

    @credo_work("Reading the experiments", group="exp-list", exclusive=True)
    def read_experiments(self) -> None:
        """The experiments alone, for the list to show before the look at their runs
        (20,000 runs take seconds) is in."""
        store = self.credo.store
        loaded = store.load(Experiment)
        short = store.short_ids(Experiment)  # the runs' and the rest: with the look
        self.post_message(self.Listed(loaded.items, loaded.problems, short))
        # after: a thousand tasks served, read, held the list (the details name the
        # selected one's by its id until its title is in)
        self.read_served(loaded.items.values())

    def on_experiments_screen_listed(self, message: Listed) -> None:
        if not self.runs_read:  # else the look, with the runs, came first
            self.short_ids = message.short_ids
            self.apply_loaded(message.experiments, {}, {}, message.problems, {}, {})

    def poll(self) -> None:
        if not under_way(self.load_in_background):
            self.load_in_background(due=self.feed.due())

    @credo_work("Reading the experiments and their runs", group="exp-load", exclusive=True)
    def load_in_background(self, due: bool = True) -> None:
        """Read the files again when they changed (`due`: they may have; else only while a
        run is queued or running, whose record changes inside its own folder)."""
        from credo.actions.checks import review_packs

        store = self.credo.store
        waiting = any(run.status in WAITING for run in self.runs.values())
        look = self.feed.look_after(due or waiting)  # other places: stat'ed here
        if look is not None and (self.feed.changed(look) or waiting):  # else as shown
            loaded_e = store.load(Experiment, look.stamps[0])
            loaded_r = store.load(Run, look.stamps[1])
            # 20,000 runs, as long-lived as the view, built young: the next full collection
            # walked them all, 170 to 200 ms holding the interpreter (the first 4, a j)
            collector.freeze_now()
            settled, states = self.credo.slurm.settle(store, loaded_r.items.values())
            runs = {run.id: run for run in settled}
            grouped = by_experiment(runs.values())
            me = self.feed.me
            away = {e.id: w for e in loaded_e.items.values() if (w := running_in(store, e, me))}
            if self.feed.changed(look) or states != self.states or away != self.away:
                problems = loaded_e.problems | loaded_r.problems
                short = store.short_ids(Experiment, Run, Task)
                self.post_message(
                    self.Loaded(
                        loaded_e.items,
                        runs,
                        states,
                        problems,
                        look,
                        away,
                        grouped,
                        short,
                        review_packs(store),
                    )
                )
                self.read_served(loaded_e.items.values())
            self.header_line.post_message(
                HeaderLine.Runs(runs_under_way(runs.values(), loaded_e.items.values()))
            )
        elif self.credo.agent_marks.version != self.marks_drawn:  # the board read the journal
            self.app.call_from_thread(self.redraw)
        if (exp := self.selected()) is not None:  # its task renamed shows at the next poll
            self.read_served([exp])

    def read_served(self, experiments: Iterable[Experiment]) -> None:
        """In a worker: the titles of the tasks `experiments` serve, posted where one moved
        (`served_titles`: the stamps compared with the last read's)."""
        titles = served_titles(self.credo.store, experiments, self.served)
        if titles.items() - self.served.items():
            self.post_message(self.Served(titles))

    def on_experiments_screen_served(self, message: Served) -> None:
        self.served = {**self.served, **message.titles}
        exp = self.selected()
        if exp is not None and exp.task in message.titles:
            self.show_details(exp, self.runs_of(exp.id))

    def on_experiments_screen_loaded(self, message: Loaded) -> None:
        if self.feed.fresh(message.look):  # else it began before a write
            self.feed.signature = message.look.signature
            self.runs_read, self.short_ids = True, message.short_ids
            self.review_packs = message.review_packs
            self.apply_loaded(
                message.experiments,
                message.runs,
                message.states,
                message.problems,
                message.away,
                message.grouped,
            )
            if message.runs:  # 4 and m chart a run's metrics (none to chart: no import)
                self.import_soon(CHARTS)

    def apply_loaded(
        self,
        experiments: dict[str, Experiment],
        runs: dict[str, Run],
        states: dict[str, str],
        problems: dict[str, LoadProblem],
        away: dict[str, str],
        grouped: dict[str, list[Run]],
    ) -> None:
        listed = (
            self.experiments_read
            and experiments == self.experiments
            and away == self.away
            and self.marks_drawn == self.credo.agent_marks.version
        )
        self.experiments_read = True
        self.experiments, self.runs, self.grouped = dict(experiments), dict(runs), grouped
        self.states, self.problems, self.away = states, problems, away
        if listed:  # only runs moved (the first look's, say): the list as it is
            self.show_selected()
            self.show_status()
        else:
            self.redraw()

    def apply_changes(self, changes: list[Change]) -> None:
        """After an action or an undo: show what it wrote, from the bytes the change holds
        (read back from the disk, a slow or hung mount froze the log), and redraw."""
        store = self.credo.store
        for change in changes:
            if change.kind is Experiment:
                if change.after is None:
                    self.experiments.pop(change.item_id, None)
                else:
                    self.experiments[change.item_id] = store.parse(
                        Experiment, change.item_id, change.after
                    )
        self.redraw()

    def experiment_started(self, exp: Experiment) -> None:
        self.selected_id = exp.id
        self.redraw()

    def reveal(self, exp_id: str) -> None:
        """Select an experiment from another view (the commits view's `o`): a filter that
        hides it gives way."""
        self.selected_id = exp_id
        if self.filter_words and exp_id not in (e.id for e in self.shown):
            self.action_clear_filter()  # the box's Changed redraws, with it selected
        else:
            self.redraw()

    def show_stepped(self, changes: list[Change]) -> None:
        # the experiment it brought back (or changed) is the one selected
        shown = [c.item_id for c in changes if c.kind is Experiment and c.after is not None]
        if shown and shown[-1] in self.experiments:
            self.experiment_started(self.experiments[shown[-1]])

    # -- drawing -----------------------------------------------------------------

    def redraw(self) -> None:
        if not self.experiments_read:
            return  # the first read draws them, the one selected meanwhile (`reveal`) kept
        words = status_words(self.filter_words, tuple(ExperimentStatus))
        shown = [e for e in self.experiments.values() if matches(e, words)]
        shown.sort(key=lambda e: (e.started or e.created, e.id), reverse=True)
        self.shown = shown
        self.marks_drawn = self.credo.agent_marks.version
        options = self.query_one("#exp-list", OptionList)
        options.clear_options()
        self.listing += 1  # the rest of an older list is not added
        ids = [e.id for e in shown]
        if self.selected_id not in ids:
            self.selected_id = ids[0] if ids else None
        at = ids.index(self.selected_id) if self.selected_id is not None else 0
        self.add_options(self.listing, 0, max(LIST_CHUNK, at + 1))
        if self.selected_id is not None:
            options.highlighted = at
        self.show_selected()
        self.show_status()

    def add_options(self, listing: int, start: int, end: int) -> None:
        """Add the options of `shown[start:end]` to the list, then the next LIST_CHUNK
        once the screen has been drawn, until all are in (`listing`: while the list is
        the one they are for)."""
        if listing != self.listing:
            return
        moment = self.credo.clock()
        options = self.query_one("#exp-list", OptionList)
        options.add_options(
            [Option(self._label(e, moment), id=e.id) for e in self.shown[start:end]]
        )
        if end < len(self.shown):
            # through the list's own queue: its refresh reaches the screen first, so the
            # screen draws (and the loop answers keys) before the next chunk; asked of the
            # screen, the callback ran at once, every chunk in one go
            options.call_after_refresh(self.add_options, listing, end, end + LIST_CHUNK)

    def show_status(self) -> None:
        """How many experiments are shown, the filter and the files left out."""
        words = status_words(self.filter_words, tuple(ExperimentStatus))
        status = self.query_one("#exp-status", Static)
        parts = [f"{len(self.shown):,} of {counted(len(self.experiments), 'experiment')}"]
        if self.filter_words:
            parts.append(f"filter: {escape(' '.join(self.filter_words))}")
            if words.complaint:
                parts.append(f"[red]{escape(words.complaint)}[/]")
        if left_out := left_out_words(self.problems.values()):
            parts.append(left_out)
        status.update(from_rich_markup(" · ".join(parts)))

    def on_countdown_ticked(self, message: Countdown.Ticked) -> None:
        """Each second of the header's countdown, the clocks of the running experiments,
        in the list and the details (a redraw comes only with a change on disk): on the
        same tick and moment, so the two never read a second apart."""
        message.stop()
        moment = message.moment
        options = self.query_one("#exp-list", OptionList)
        for index, exp in enumerate(self.shown[: options.option_count]):  # those added yet
            if exp.status is ExperimentStatus.RUNNING:
                label = self._label(exp, moment)
                if options.get_option_at_index(index).prompt != label:
                    options.replace_option_prompt_at_index(index, label)
                if exp.id == self.selected_id:
                    self.show_details(exp, self.runs_of(exp.id), moment)

    def _label(self, exp: Experiment, moment: datetime) -> OneLine:
        """The experiment's row: its mark and hypothesis, cut where the list is narrow;
        its clock or its end in words (read as body text: dim, an outcome read at 3:1) and
        its marks, kept."""
        where = self.away.get(exp.id)  # running there, whatever this copy says
        sign, colour, _ = STATUS_MARKS[ExperimentStatus.RUNNING if where else exp.status]
        mark = f"[{colour}]{sign}[/]" if colour else sign
        extra = ""
        if where:  # its clock is that worktree's
            extra = f"[dim]running in {escape(where)}[/]"
        elif exp.status in (ExperimentStatus.RUNNING, ExperimentStatus.PAUSED):
            left = remaining(exp, moment)
            colour = "yellow" if left.total_seconds() < 0 else "green"
            extra = f"[{colour}]{format_countdown(left)}[/]"
            if exp.extensions:
                extra += f" [dim]({timebox_words(exp)})[/]"
        elif exp.outcome is not None:
            extra = exp.outcome.value
        elif exp.status is ExperimentStatus.ABANDONED:
            extra = exp.status.value
        star = f" [yellow]{BASELINE_MARK}[/]" if exp.baseline else ""
        agent = f" {AGENT_MARK}" if self.credo.agent_marks.actor_of(exp) else ""
        tail = f"{extra}{star}{agent}".lstrip(" ")
        return OneLine(from_rich_markup(f"{mark} {escape(exp.hypothesis)}"), from_rich_markup(tail))

    def selected(self) -> Experiment | None:
        return self.experiments.get(self.selected_id) if self.selected_id else None

    def runs_of(self, exp_id: str) -> list[Run]:
        """The experiment's runs, oldest first, as grouped with them (`by_experiment`):
        looked for among all 20,000 of the big project, twice at each highlight (the
        experiment's and the baseline's), a highlight's drawing took 12.7 ms, 3.7 now."""
        return self.grouped.get(exp_id, [])

    def baseline(self) -> Experiment | None:
        return baseline_experiment(self.experiments.values())

    def clock_word(self) -> str:
        """Which of p's labels the selected experiment takes: its status where p pauses,
        resumes or starts its clock; a closed one, one running in another worktree (p says
        why not) and none read as running."""
        exp = self.selected()
        if exp is None or exp.id in self.away or exp.status.closed:
            return ExperimentStatus.RUNNING.value
        return exp.status.value

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action == "pause":
            return parameters == (self.clock_word(),)
        return allowed

    def show_selected(self) -> None:
        if (word := self.clock_word()) != self.clock_shown:
            self.clock_shown = word
            self.refresh_bindings()
        exp = self.selected()
        runs = self.runs_of(exp.id) if exp else []
        rows = {
            run.id: [
                run.status.word(self.states.get(run.id)),  # the run's facts say the rest
                self.short_ids[run.id],
                one_line(code_mark(run)),
                exit_words(run),
                took_word(run),
                one_line(shlex.join(run.command)),  # as a shell would run it again
            ]
            for run in reversed(runs)
        }
        table = self.query_one("#exp-runs", FitTable)
        table.show_rows(RUN_COLUMNS, rows)
        table.display = bool(rows)  # a header over no row read as runs still loading
        if exp is None:
            self.show_details(None, [])
            self.show_run(None)
            return
        self.show_details(exp, runs)
        newest = runs[-1] if runs else None
        keep = self.run_id if self.run_id in {r.id for r in runs} else None
        self.show_run(keep or (newest.id if newest else None))

    def show_details(
        self, exp: Experiment | None, runs: list[Run], at: datetime | None = None
    ) -> None:
        """The experiment's facts above its runs (the clock at `at`, else now); untouched
        while they read the same."""
        text = "No experiments yet. [b]s[/] starts one; so does [b]s[/] on the board."
        if exp is not None:
            base = self.baseline()
            text = describe_experiment(
                exp,
                self.short_ids,
                runs,
                base,
                self.runs_of(base.id) if base else [],
                at=at or self.credo.clock(),
                with_runs=False,
                task_title=self.served_title(exp),
                running_in=self.away.get(exp.id, ""),
                no_runs=no_runs_words(exp.status) if self.runs_read else "",
                reviews=self.review_packs,
            )
            if actor := self.credo.agent_marks.actor_of(exp):
                text += f"\n\n[b]{AGENT_MARK} last changed by {escape(actor)}[/]"
        if text != self.details_text:
            self.details_text = text
            self.query_one("#exp-details", FactLines).show(text)

    def served_title(self, exp: Experiment) -> str | None:
        """The title of the task `exp` serves as the workers last read it; "" until they
        have (an experiment just started for it: the next poll reads it)."""
        if exp.task is None or exp.task not in self.served:
            return "" if exp.task else None
        return self.served[exp.task][1]

    def show_run(self, run_id: str | None) -> None:
        changed = run_id != self.run_id
        self.run_id = run_id
        run = self.runs.get(run_id) if run_id else None
        facts_text = ""
        if run is not None:  # the highlighted run's facts, under a line naming it
            started = unstarted_words(run) or f"started {run.started.astimezone():%Y-%m-%d %H:%M}"
            command = escape(one_line(shlex.join(run.command)))
            state = self.states.get(run.id)  # its table's cell has its first word
            files = self.files if self.files and self.files.run_id == run.id else None
            here = files.patches_here if files else True  # until its files are read
            facts = run_lines(
                run, self.short_ids, state, reviews=self.review_packs, patches_here=here
            )[1:]  # the table's row says the first; the state whole (`status:`) follows
            facts_text = "\n".join(
                [f"[b]run {self.short_ids[run.id]}[/] · {started} · {command}"]
                + [line[2:] for line in facts]
            )
        self.query_one("#run-facts", FactLines).show(facts_text)
        self.query_one(RunVerdict).show(run)
        if run_id is None:
            self.files = None
            self.query_one(RunFollower).follow(None, None, lambda: False)
            self.output.show(NO_RUN_OUTPUT if self.runs_read else READING_RUNS)
            self.fill_tab("tab-output")
            self.query_one("#exp-diff", Static).update("[dim]no run[/]")
            self.fill_tab("tab-metrics")
            return
        if changed or self.files is None:
            self.read_run_files(run_id)
            self.follow_run(run_id)

    def follow_run(self, run_id: str) -> None:
        """Its output and metrics, following them while it runs (see `RunFollower`)."""
        self.following = Series()
        try:
            folder: Path | None = self.credo.store.run_folder(run_id)
        except BadFileError as error:  # a link or a file where the run's folder should be
            folder = None
            self.output.show(visible(f"[{error}]"))
            self.fill_tab("tab-output")

        def running() -> bool:
            run = self.runs.get(run_id)
            return run is not None and run.status in WAITING

        self.query_one(RunFollower).follow(run_id, folder, running)

    def on_run_follower_grew(self, message: RunFollower.Grew) -> None:
        if message.run_id != self.run_id:
            return
        message.apply_to(self.output)
        self.fill_tab("tab-output")
        if message.series is not None:
            self.following = message.series
            if self.files is not None:
                self.fill_tab("tab-metrics")

    @credo_work("Reading the run's files", group="exp-files", exclusive=True)
    def read_run_files(self, run_id: str) -> None:
        store = self.credo.store
        try:
            folder = store.run_folder(run_id)
        except BadFileError:  # a link or a file where the run's folder should be: said once
            self.post_message(self.RunFiles(run_id, ""))
            return
        run = self.runs.get(run_id)
        patch = run_diff(store, run, folder) if run is not None else ""
        here = patches_here(run, folder) if run is not None else True
        base = self.baseline()
        base_series = Series()
        if base is not None and run is not None and base.id != run.experiment:
            # the baseline's result there was when the run started, as the report's
            if base_run := baseline_run(self.runs_of(base.id), run.started):
                base_series = run_series(store, base_run)
        self.post_message(self.RunFiles(run_id, patch, base_series, here))

    def on_experiments_screen_run_files(self, message: RunFiles) -> None:
        if message.run_id != self.run_id:
            return
        self.files = message
        if not message.patches_here:  # its facts said where the diffs are before the read
            self.show_run(self.run_id)
        self.fill_tab("tab-diff")
        self.fill_tab("tab-metrics")

    def metric_names(self) -> list[str]:
        if self.files is None:
            return []
        names = list(self.following.curves)
        names += [n for n in self.files.baseline_series.curves if n not in names]
        return names

    def draw_metrics(self) -> None:
        """The Metrics tab, made and in sight (`draw_tab`): the metric compared with the
        baseline's, and both curves."""
        names = self.metric_names()
        compare_line = self.query_one("#metric-compare", Static)
        self.query_one("#plots").display = bool(names)  # no empty frames to look at
        if not names or self.files is None:
            compare_line.update(from_rich_markup(NO_METRICS))
            return
        name = names[self.metric_index % len(names)]
        mine = self.following.curves.get(name, [])
        theirs = self.files.baseline_series.curves.get(name, [])
        text = f"[b]{escape(name)}[/] ({self.metric_index % len(names) + 1}/{len(names)}, m: next)"
        this, base = self.following.final(name), self.files.baseline_series.final(name)
        this_text, base_text = metrics_words([this, base])  # as many digits as tell them apart
        if this is not None:
            text += f"  this run {this_text}"
        if base is not None:
            text += f"  baseline {base_text}"
        if isinstance(this, float) and isinstance(base, float):  # none from a divergence
            text += f"  difference {difference_text(this - base)}"
        compare_line.update(from_rich_markup(text))
        plots = self.query_one("#plots").children  # made with the tab (`build_tab`)
        values = [y for _, y in mine] + [y for _, y in theirs]
        low, high = min(values), max(values)
        if high == low:
            low, high = low - 0.5, high + 0.5
        plots[1].display = bool(theirs)  # no baseline (or this is it): this run alone
        for plot, points, title in ((plots[0], mine, "this run"), (plots[1], theirs, "baseline")):
            if hasattr(plot, "draw"):
                plot.draw(curve_recipe(f"{name} · {title}", points, low, high))

    async def build_tab(self, pane: str) -> bool:
        """The Metrics tab's charts (plotext's import, the charts' making: 50 to 100 ms),
        the Diff tab's `Syntax` (pygments' import with it, for each run selected) and the
        Output tab's log (Textual's text area, its import: 20 to 25 ms) held the log's
        opening and its keys, for tabs not in sight."""
        if pane == "tab-metrics":
            await self.query_one("#plots").mount_all(
                [plot_widget("plot-this"), plot_widget("plot-base")]
            )
        elif pane == "tab-output":
            from credo.ui.widgets.ansi_log import AnsiLog

            await self.query_one("#tab-output").mount(AnsiLog(id="exp-output"))
        return True

    def draw_tab(self, pane: str) -> None:
        if pane == "tab-output":
            from credo.ui.widgets.ansi_log import AnsiLog

            self.output.load_into(self.query_one("#exp-output", AnsiLog))
        elif pane == "tab-diff" and self.files is not None:
            run = self.runs.get(self.files.run_id)
            self.query_one("#exp-diff", Static).update(diff_view(self.files.patch, run))
        elif pane == "tab-metrics":
            self.draw_metrics()

    # -- events ------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#exp-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.highlighted_option is not event.option:
            return  # from a list redrawn since (a filter typed fast): not what is shown
        if event.option.id and event.option.id != self.selected_id:
            self.selected_id = event.option.id
            self.show_selected()

    @on(FitTable.Fitted, "#exp-runs")
    def _runs_fitted(self, event: FitTable.Fitted) -> None:
        note = self.query_one("#runs-left-out", Static)
        note.display = bool(event.left_out) and event.table.display  # hidden: no runs
        names = ", ".join(event.left_out)
        note.update(f"not shown at this width: {names} (a wider terminal shows every column)")

    @on(DataTable.RowHighlighted, "#exp-runs")
    def _run_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        if key and key != self.run_id:
            self.show_run(key)

    @on(DataTable.RowSelected, "#exp-runs")
    def _run_chosen(self, event: DataTable.RowSelected) -> None:
        """enter on a run, or a click on the highlighted one (a double click's second),
        opens it as the runs view's enter does."""
        from credo.ui.screens.run_view import RunScreen

        if event.row_key.value is not None:
            self.app.push_screen(RunScreen(event.row_key.value))

    # -- actions -----------------------------------------------------------------

    def action_start(self) -> None:
        from credo.ui.screens.experiment_forms import start_flow

        start_flow(self)

    def open_selected(self) -> Experiment | None:
        exp = self.selected()
        if exp is None:
            self.notify("No experiment selected", severity="warning")
            return None
        if exp.status.closed:
            self.notify(f"This experiment is already {exp.status.label}", severity="warning")
            return None
        if where := self.away.get(exp.id):  # before any form: nothing typed is lost
            self.notify(
                exp_actions.change_it_there(self.short_ids[exp.id], where), severity="warning"
            )
            return None
        return exp

    def action_close(self) -> None:
        from credo.ui.screens.experiment_forms import close_flow

        exp = self.open_selected()
        if exp is not None:
            close_flow(self, exp)

    def action_abandon(self) -> None:
        from credo.ui.screens.experiment_forms import abandon_flow

        exp = self.open_selected()
        if exp is not None:
            abandon_flow(self, exp)

    def action_extend(self) -> None:
        from credo.ui.screens.experiment_forms import ExtendExperimentScreen

        exp = self.open_selected()
        if exp is None:
            return
        store = self.credo.store

        def given(answer: dict[str, Any] | None) -> None:
            if answer:
                self.act(
                    lambda: exp_actions.extend_experiment(store, exp.id, **answer),
                    f"More time: +{format_duration(answer['by'])}",
                    what=f"add {format_duration(answer['by'])} to '{exp.hypothesis}'",
                )

        self.app.push_screen(ExtendExperimentScreen(exp), given)

    def action_pause(self, _label: str) -> None:
        """`_label`: the status p's footer label was drawn for; the experiment's own,
        read now, decides."""
        exp = self.open_selected()
        if exp is None:
            return
        store = self.credo.store
        if exp.status == ExperimentStatus.RUNNING:
            self.act(
                lambda: exp_actions.pause_experiment(store, exp.id),
                "Paused: the clock stops",
                what=f"pause '{exp.hypothesis}'",
            )
        else:  # paused or planned: its clock starts once no other experiment runs
            self.credo.typed_ahead.wait_for(self.read_moved(exp))

    @credo_work("Reading where the experiment was paused", group="exp-moved", exclusive=True)
    def read_moved(self, exp: Experiment) -> None:
        """p's look at the worktree `exp` was paused in (`moved_here`: maybe on a slow or
        hung mount), before it is resumed here: two copies, until a merge."""
        moved = exp_actions.moved_here(self.credo.store, exp)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.resume, exp, moved)

    def resume(self, exp: Experiment, moved: str) -> None:
        """Start `exp`'s clock again (or first) once no other experiment runs, saying where
        it `moved` from."""
        from credo.ui.screens.experiment_forms import clock_said, one_at_a_time

        store = self.credo.store
        starts = exp.status == ExperimentStatus.PLANNED

        def go(on_running: exp_actions.OnRunning) -> None:
            resumed = self.act(
                lambda: exp_actions.resume_experiment(store, exp.id, on_running=on_running),
                what=f"resume '{exp.hypothesis}'",
            )
            if resumed is not None:
                said = clock_said(resumed, starts=starts)
                self.notify(f"{said}; {moved}" if moved else said)

        one_at_a_time(self, go)

    def action_baseline(self) -> None:
        exp = self.selected()
        if exp is None:
            return
        store = self.credo.store

        def mark() -> tuple[tuple[Experiment, str], list[Change]]:
            left = exp_actions.mark_left_elsewhere(store, exp.id)  # before: gone after
            marked, changes = exp_actions.mark_baseline(store, exp.id)
            return (marked, left), changes

        done = self.act(mark, what=f"baseline '{exp.hypothesis}'")
        if done is not None:
            self.say_baseline(*done)

    @credo_work("Reading the baseline's runs", group="exp-baseline")
    def say_baseline(self, marked: Experiment, left: str) -> None:
        """b's notice, with a merge to come (`left`) and, the numbers not settled yet,
        what later runs are compared with (`unsettled_baseline` reads every run)."""
        unsettled = exp_actions.unsettled_baseline(self.credo.store, marked)
        said = "; ".join(s for s in ("Baseline: the one to beat", left, unsettled) if s)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.notify, said)

    def action_next_task(self) -> None:
        exp = self.selected()
        if exp is not None:
            task = self.act(
                lambda: exp_actions.next_step_to_task(self.credo.store, exp.id),
                what=f"next step of '{exp.hypothesis}' to a task",
            )
            if task is not None:
                self.notify(f"On the board: {task.title}")

    def action_next_metric(self) -> None:
        self.metric_index += 1
        self.query_one(TabbedContent).active = "tab-metrics"  # its charts made if never shown
        self.fill_tab("tab-metrics")

    def action_problems(self) -> None:
        self.show_unreadable(
            self.problems.values(), "experiment and run", "the experiment log", "leaves these out"
        )

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_back(self) -> None:
        if self.filter_escaped():
            return
        for field_id in ("#exp-filter", "#output-search"):
            box = self.query_one(field_id, Input)
            if box.has_class("-open"):
                box.remove_class("-open")
                self.query_one("#exp-list", OptionList).focus()
                return
        self.app.switch_mode("board")

    def filter_item(self) -> str | None:
        return self.selected_id

    def select(self, item_id: str) -> None:
        if item_id != self.selected_id and item_id in (e.id for e in self.shown):
            self.selected_id = item_id
            self.redraw()

    @on(Input.Changed, "#exp-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_words = event.value.split()
        self.redraw()
        self.refiltered()

    def action_search(self) -> None:
        self.query_one(TabbedContent).active = "tab-output"
        box = self.query_one("#output-search", Input)
        box.add_class("-open")
        box.focus()

    @on(Input.Submitted, "#output-search")
    async def _search(self, event: Input.Submitted) -> None:
        from credo.ui.widgets.ansi_log import AnsiLog

        await self.make_tab("tab-output")  # made already, unless its tab was never shown
        self.query_one("#exp-output", AnsiLog).find_next(event.value)
