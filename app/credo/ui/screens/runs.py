"""The Runs view: every run across experiments in one table, to sort, filter, open,
overlay and compare (`credo runs ls` in the shell)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from credo.display import escape
from credo.domain.models import Experiment, Run
from credo.errors import CredoError
from credo.runs.table import NO_RUNS_YET, RunRow, header, parse_filter, sort_rows
from credo.store import collector
from credo.store.store import LoadProblem, Store
from credo.text.runs import RunCounts
from credo.ui.markup import from_rich_markup
from credo.ui.polling import Look, StoreFeed
from credo.ui.screens.base import (
    CHARTS,
    CredoScreen,
    clear_filter_binding,
    left_out_words,
    problems_binding,
)
from credo.ui.widgets.footer import KeysFooter
from credo.ui.widgets.header import HeaderLine
from credo.ui.widgets.line_input import BoxInput
from credo.ui.widgets.runs_table import Layout, RunsTable, layout
from credo.ui.workers import credo_work, under_way
from credo.wording import counted


@dataclass(frozen=True)
class Order:
    """Which runs the table shows, in which order (as the worker that sorts them saw it)."""

    column: str
    descending: bool
    filter_text: str

    def shown(self, rows: list[RunRow]) -> list[RunRow]:
        """The rows the filter lets through, sorted (CredoError: the filter cannot be
        read, see `parse_filter`)."""
        return sort_rows(parse_filter(self.filter_text).apply(rows), self.column, self.descending)


DEFAULT_ORDER = Order("started", True, "")
"""Newest first, all shown: how the view opens."""


@dataclass(frozen=True)
class Ready:
    """The runs table made ready off the UI thread, from one look at the runs' files."""

    rows: list[RunRow]
    layout: Layout
    order: Order
    shown: list[RunRow] | None
    """`rows` filtered and sorted as `order` says (None: the filter cannot be read)."""
    look: Look
    counts: RunCounts
    """The runs under way, as every view's header counts them (`runs_under_way`)."""
    problems: dict[str, LoadProblem]
    """The run files that could not be read: left out of `rows`."""

    @property
    def running(self) -> bool:
        """Some run is queued or running: its metrics grow, its state moves."""
        return bool(self.counts.queued or self.counts.running)


def make_ready(
    store: Store,
    runs: list[Run],
    experiments: dict[str, Experiment],
    states: dict[str, str],
    look: Look,
    order: Order,
    problems: dict[str, LoadProblem],
) -> Ready:
    """The table of `runs` (settled, with their `states`) and `experiments`, as one look
    read them, in a worker."""
    from credo.actions.experiments import runs_under_way
    from credo.runs.table import load_rows

    with collector.paused():
        rows = load_rows(store, runs, experiments, states)
        measured = layout(rows)
        try:
            shown: list[RunRow] | None = order.shown(rows)
        except CredoError:
            shown = None
    collector.freeze_now()  # thousands of rows, as long-lived as the view
    counts = runs_under_way(runs, experiments.values())  # every waiting run among them
    return Ready(rows, measured, order, shown, look, counts, problems)


class RunsScreen(CredoScreen):
    """One row per run: status, experiment, commit, when, params, metrics, gate, data."""

    HELP_TITLE = "Runs"
    filter_box = "#runs-filter"
    filter_list = "#runs-table"
    AUTO_FOCUS = filter_list  # not the hidden filter box (as the experiment log's)
    BINDINGS = [
        Binding("enter", "open", "Open", id="runs.open", tooltip="The run's output, diff, metrics"),
        Binding("s", "sort", "Sort", id="runs.sort", tooltip="Sort by the column (again: flip)"),
        Binding("slash", "filter", "Filter", id="runs.filter", tooltip="lr>=1e-3, status:, #tag"),
        Binding("c", "curves", "Curves", id="runs.curves", tooltip="Marked runs' curves overlaid"),
        Binding("v", "compare", "Compare", id="runs.compare", tooltip="Marked runs side by side"),
        clear_filter_binding("runs"),
        problems_binding("runs", "run file left out"),
        Binding("escape", "back", "Back", id="runs.back", tooltip="Back to where you came from"),
    ]

    @dataclass
    class Loaded(Message):
        ready: Ready

    def __init__(self) -> None:
        super().__init__()
        self.all_rows: list[RunRow] = []
        self.sort_column = DEFAULT_ORDER.column
        self.descending = DEFAULT_ORDER.descending
        self.filter_text = DEFAULT_ORDER.filter_text
        self.running = False
        """Some run is queued or running: each poll reads (its metrics grow)."""
        self.problems: dict[str, LoadProblem] = {}
        """The run files left out: credo could not read them."""

    def compose(self) -> ComposeResult:
        yield HeaderLine(self.credo.store.name)
        yield BoxInput(
            placeholder="filter: lr>=1e-3  best:acc>0.8  status:running  exp:3kf  #tag  words",
            id="runs-filter",
        )
        yield RunsTable(id="runs-table")
        yield Static("loading runs…", id="runs-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        # A full collection walking all that is loaded (the board's runs among them)
        # would stall this view's first draw: it is kept out of the GC's walks now.
        collector.freeze_now()
        self.feed = StoreFeed(self.credo.store, self.credo.history, (Run, Experiment))
        self.feed.due()  # the load below is the first look
        self.load()
        self.set_interval(self.credo.refresh_seconds, self.poll)

    # -- loading -----------------------------------------------------------------

    @credo_work("Reading the runs", group="runs-load", exclusive=True)
    def load(self, only_if_changed: bool = False) -> None:
        """Read the runs (a poll: only when a file changed, or a run is running: its
        metrics grow) and post them; the board's table when the files are as it saw them."""
        store, feed = self.credo.store, self.feed
        look = feed.look()
        if only_if_changed and not feed.changed(look) and not self.running:
            return
        built = self.credo.runs_ready
        if built is not None and built.look.signature == look.signature:
            self.post_message(self.Loaded(built))
            return
        loaded, experiments = (
            store.load(Run, look.stamps[0]),
            store.load(Experiment, look.stamps[1]),
        )
        settled, states = self.credo.slurm.settle(store, loaded.items.values())
        ready = make_ready(
            store, settled, experiments.items, states, look, self.order, loaded.problems
        )
        self.post_message(self.Loaded(ready))

    @property
    def order(self) -> Order:
        return Order(self.sort_column, self.descending, self.filter_text)

    def poll(self) -> None:
        # a run opened over it polls its own files; a running run's metrics grow
        if self.is_active and not under_way(self.load) and (self.feed.due() or self.running):
            self.load(only_if_changed=True)

    def on_screen_resume(self) -> None:
        if self.feed.signature is not None:  # back from a run or another view
            self.load(only_if_changed=True)

    def on_runs_screen_loaded(self, message: Loaded) -> None:
        ready = message.ready
        self.feed.signature, self.running = ready.look.signature, ready.running
        self.query_one(HeaderLine).post_message(HeaderLine.Runs(ready.counts))
        self.all_rows, self.problems = ready.rows, ready.problems
        table = self.query_one(RunsTable)
        table.forget_cells()
        self.marked_keep(table)
        if ready.shown is not None and ready.order == self.order:
            table.show(ready.shown, ready.layout)
            self.show_status()
        else:  # sorted or filtered another way meanwhile, or the filter cannot be read
            self.redraw(ready.layout)
        if self.all_rows:  # enter opens a run; c, v chart (none to open: nothing imported)
            self.import_soon("credo.ui.screens.run_view", CHARTS)

    def marked_keep(self, table: RunsTable) -> None:
        """Marked runs stay marked, with their new rows."""
        by_id = {row.id: row for row in self.all_rows}
        table.marked = {run_id: by_id[run_id] for run_id in table.marked if run_id in by_id}

    def redraw(self, new_layout: Layout | None = None) -> None:
        table = self.query_one(RunsTable)
        try:
            shown = self.order.shown(self.all_rows)
        except CredoError:
            self.show_status()  # which says why
            return
        table.show(shown, new_layout)
        self.show_status()

    def show_status(self) -> None:
        table = self.query_one(RunsTable)
        shown = table.rows
        left_out = left_out_words(self.problems.values())
        if not self.all_rows:
            words = " · ".join(filter(None, [escape(NO_RUNS_YET), left_out]))
            self.query_one("#runs-status", Static).update(from_rich_markup(words))
            return
        try:  # the table shows the last filter that could be read: this one cannot
            parse_filter(self.filter_text)
        except CredoError as error:
            self.query_one("#runs-status", Static).update(escape(error.message))
            return
        arrow = "↓" if self.descending else "↑"
        # Each part's forms, one for each width tried: whole; then the count ("5 runs":
        # none filtered out) and the sort shorter (60 columns); then the columns too (80,
        # with a filter and marks). Narrow, said shorter rather than wrapped, a word
        # alone on a second row.
        parts: list[tuple[str, ...]] = []
        first, last = table.shown_columns()
        if first and (first, last) != (1, len(table.columns)):  # first: never wrapped
            n = len(table.columns)
            whole = f"columns {first}–{last} of {n} (← →)"
            parts.append((whole, whole, f"columns {first}–{last}/{n} ←→"))
        count = f"{len(shown):,} of {counted(len(self.all_rows), 'run')}"
        none_out = len(shown) == len(self.all_rows)
        parts.append((count, counted(len(shown), "run") if none_out else count))
        sort = f"sorted by {escape(header(self.sort_column))} {arrow}"
        parts.append((sort, sort.removeprefix("sorted ")))
        if self.filter_text:
            parts.append((f"filter: {escape(self.filter_text)}",))
        if table.marked:
            parts.append((f"{len(table.marked)} marked",))
        if left_out:
            parts.append((left_out,))
        status = self.query_one("#runs-status", Static)
        forms = [
            from_rich_markup(" · ".join(part[min(level, len(part) - 1)] for part in parts))
            for level in range(3)
        ]
        room = status.content_size.width
        status.update(next((form for form in forms if form.cell_length <= room), forms[-1]))

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_status)  # more or fewer columns show

    # -- actions -----------------------------------------------------------------

    def action_sort(self) -> None:
        column = self.query_one(RunsTable).current_column()
        if column is None:
            return
        if column == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column, self.descending = column, column in ("started", "took")
        self.redraw()

    def filter_item(self) -> str | None:
        current = self.query_one(RunsTable).current()
        return current.id if current else None

    def select(self, item_id: str) -> None:
        self.query_one(RunsTable).go_to(item_id)

    @on(Input.Changed, "#runs-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.redraw()
        self.refiltered()

    def action_back(self) -> None:
        if not self.filter_escaped():
            self.app.switch_mode(self.credo.runs_from)

    def on_runs_table_highlighted(self, message: RunsTable.Highlighted) -> None:
        self.show_status()  # a mark changes the count

    def on_runs_table_scrolled(self) -> None:
        self.show_status()  # it names the columns in view

    def on_runs_table_sort_asked(self) -> None:
        self.action_sort()

    def on_runs_table_open_asked(self) -> None:
        self.action_open()

    def chosen(self) -> list[RunRow]:
        """The marked runs, else the one under the cursor."""
        table = self.query_one(RunsTable)
        if table.marked:
            return list(table.marked.values())
        current = table.current()
        return [current] if current else []

    def say_no_run(self) -> None:
        """Enter or `c` with no run in the table: why, and what shows one."""
        if self.all_rows:
            self.notify("No run matches the filter: esc clears it", severity="warning")
        else:
            self.notify(NO_RUNS_YET, severity="warning")

    def action_open(self) -> None:
        from credo.ui.screens.run_view import RunScreen

        row = self.query_one(RunsTable).current()
        if row is None:
            self.say_no_run()
            return
        self.app.push_screen(RunScreen(row.id))

    def action_curves(self) -> None:
        from credo.ui.screens.run_curves import CurvesScreen

        rows = self.chosen()
        if not rows:
            self.say_no_run()
            return
        self.app.push_screen(CurvesScreen([row.id for row in rows]))

    def action_problems(self) -> None:
        self.show_unreadable(self.problems.values(), "run", "the runs view", "leaves these out")

    def action_compare(self) -> None:
        from credo.ui.screens.run_curves import CompareScreen

        rows = self.chosen()
        if len(rows) < 2:
            self.notify("Mark two runs or more with space to compare them", severity="warning")
            return
        self.app.push_screen(CompareScreen([row.id for row in rows]))
