"""One run, any run: its output (searchable, following while it runs), diff, params,
metrics (curves, the latest histogram, curve and confusion matrix) and verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static, TabbedContent, TabPane

from credo.display import escape, visible
from credo.domain.models import WAITING, Run
from credo.errors import CredoError
from credo.runs.metrics import Series
from credo.store.ids import ShortIds
from credo.store.store import Store
from credo.text.runs import ReviewPacks
from credo.ui.markup import from_rich_markup
from credo.ui.screens.base import CHARTS
from credo.ui.screens.tabbed import TabbedScreen, diff_view
from credo.ui.widgets.ansi_log import AnsiLog
from credo.ui.widgets.curves import CHART_BINDINGS, CurvesChart, Line, RichPanel
from credo.ui.widgets.facts import FactLines
from credo.ui.widgets.footer import KeysFooter
from credo.ui.widgets.header import HeaderLine, RunCounter
from credo.ui.widgets.line_input import BoxInput
from credo.ui.widgets.lists import ScrollPane
from credo.ui.widgets.run_follow import HeldOutput, RunFollower
from credo.ui.widgets.tabs import KeyedTabs
from credo.ui.workers import credo_work, under_way


class RunScreen(TabbedScreen):
    """A run's files and facts, in tabs; esc goes back. Its header counts the runs under
    way, as every view's does."""

    HELP_TITLE = "Run"
    AUTO_FOCUS = "#run-log"  # not the hidden search box (as the experiment log's filter)
    BINDINGS = [
        Binding("f", "search", "Search", id="run.search", tooltip="Search the output"),
        Binding("1", "tab('run-output')", "Output", id="run.tab_output", show=False),
        Binding("2", "tab('run-diff-tab')", "Diff", id="run.tab_diff", show=False),
        Binding("3", "tab('run-params-tab')", "Params", id="run.tab_params", show=False),
        Binding("4", "tab('run-metrics')", "Metrics", id="run.tab_metrics", show=False),
        Binding("5", "tab('run-verdicts-tab')", "Verdicts", id="run.tab_verdicts", show=False),
        *CHART_BINDINGS,
        Binding("escape", "back", "Back", id="run.back", tooltip="Back to the runs"),
    ]

    @dataclass
    class Facts(Message):
        run: Run
        state: str | None
        """Where it runs, what SLURM says (`lost_runs.run_state`): the runs table's cell
        has only its first word."""
        short: ShortIds
        """The runs' ids as `credo runs ls` prints them."""
        reviews: ReviewPacks
        """Each review's pack, by which the run's gate names them (`gate_words`)."""
        patch: str | None
        """None with `verdicts`: as shown (only the state moved: `last sign 3s ago`)."""
        verdicts: str | None
        patches_here: bool
        """Whether its saved diffs are in this clone (`follow.patches_here`)."""

    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id
        self.run: Run | None = None
        self.state: str | None = None
        self.series: Series | None = None
        """The run's metrics as the follower last read them, for the Metrics tab."""
        self.patch: str | None = None
        """The run's saved diff as last read, for the Diff tab."""
        self.output = HeldOutput()
        """The run's output as read since last shown, for the Output tab."""

    def compose(self) -> ComposeResult:
        yield HeaderLine(self.credo.store.name)
        yield FactLines(id="run-title")
        with KeyedTabs(id="run-tabs", initial="run-output"):
            with TabPane("Output 1", id="run-output"):
                yield BoxInput(placeholder="search the output (enter: next match)", id="run-search")
                yield AnsiLog(id="run-log")
            with TabPane("Diff 2", id="run-diff-tab"), ScrollPane():
                yield Static("", id="run-diff")  # drawn when first shown (`make_tab`)
            with TabPane("Params 3", id="run-params-tab"), ScrollPane():
                yield Static("", id="run-params")
            with TabPane("Metrics 4", id="run-metrics"):
                yield ScrollPane()  # its charts come when it is first shown (`make_tab`)
            with TabPane("Verdicts 5", id="run-verdicts-tab"), ScrollPane():
                yield Static("", id="run-verdicts")
        yield KeysFooter()
        yield RunFollower(self.credo.refresh_seconds)

    def on_mount(self) -> None:
        self.run_counter = RunCounter(self.query_one(HeaderLine), self.credo)
        self.read_facts()
        self.set_interval(self.credo.refresh_seconds, self.poll_facts)
        try:
            folder = self.credo.store.run_folder(self.run_id)
        except CredoError as error:
            self.output.show(visible(f"[{error.message}]"))
            self.fill_tab("run-output")
            return
        self.query_one(RunFollower).follow(self.run_id, folder, self.still_running)

    def still_running(self) -> bool:
        return self.run is None or self.run.status in WAITING

    def poll_facts(self) -> None:
        if not under_way(self.read_facts):
            self.read_facts()

    @credo_work("Reading the run's facts", group="run-facts", exclusive=True)
    def read_facts(self) -> None:
        from credo.actions.checks import review_packs
        from credo.actions.lost_runs import settled_states
        from credo.runs.follow import patches_here, run_diff
        from credo.runs.params import with_params_so_far

        self.run_counter.count()  # as every view's header does
        store = self.credo.store
        folder = store.run_folder(self.run_id)
        # SLURM's last answer to the views' polls: this one does not ask it again
        [run], states, _ = settled_states(
            store, [store.read(Run, self.run_id)], self.credo.slurm.jobs, self.credo.me_for_reads
        )
        run, state = with_params_so_far(run, folder), states.get(run.id)
        moved = self.run is None or run != self.run
        if not moved and state == self.state:
            return
        short, reviews = store.short_ids(Run), review_packs(store)
        patch, verdicts = (
            (run_diff(store, run, folder), _verdicts(store, run, short, reviews))
            if moved
            else (None, None)
        )
        here = patches_here(run, folder)
        self.post_message(self.Facts(run, state, short, reviews, patch, verdicts, here))

    def on_run_screen_facts(self, message: Facts) -> None:
        from credo.runs.params import param_words
        from credo.text.runs import run_lines

        self.run, self.state = message.run, message.state
        run = message.run
        self.query_one("#run-title", FactLines).show(
            f"[b]run {escape(message.short[run.id])}[/]\n"
            + "\n".join(
                run_lines(
                    run,
                    message.short,
                    message.state,
                    reviews=message.reviews,
                    patches_here=message.patches_here,
                )
            )
        )
        if message.patch is None or message.verdicts is None:
            return  # the diff, params and verdicts as shown
        self.patch = message.patch
        self.fill_tab("run-diff-tab")
        params = "\n".join(escape(param_words({k: v})) for k, v in run.params.items())
        self.query_one("#run-params", Static).update(
            from_rich_markup(params or "[dim]no params: credo.log_params(lr=…) or --name value[/]")
        )
        self.query_one("#run-verdicts", Static).update(from_rich_markup(message.verdicts))
        self.import_soon(CHARTS)

    def on_run_follower_grew(self, message: RunFollower.Grew) -> None:
        message.apply_to(self.output)
        self.fill_tab("run-output")
        if message.series is not None:
            self.series = message.series
            self.fill_tab("run-metrics")

    async def build_tab(self, pane: str) -> bool:
        """The Metrics tab's charts (plotext's import, the charts' making: 50 to 130 ms)
        and the Diff tab's `Syntax` (pygments' import with it: 8 to 16 ms of CPU, 80 to
        120 ms on a busy machine) held the view's opening, for tabs not in sight."""
        if pane == "run-metrics":
            if self.query(CurvesChart):
                return False  # on its way in: the other key's `make_tab` fills it
            await self.query_one("#run-metrics ScrollPane").mount_all(
                [CurvesChart(id="run-chart"), RichPanel()]
            )
        return True

    def draw_tab(self, pane: str) -> None:
        if pane == "run-output":
            self.output.load_into(self.query_one("#run-log", AnsiLog))
        elif pane == "run-diff-tab" and self.patch is not None:
            self.query_one("#run-diff", Static).update(diff_view(self.patch, self.run))
        elif pane == "run-metrics" and self.series is not None:
            self.query_one(CurvesChart).show([Line("this run", self.series)])
            self.query_one(RichPanel).show(self.series)

    # -- actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":  # the output alone has words to search: the key is its tab's
            return self.query_one(TabbedContent).active == "run-output"
        return super().check_action(action, parameters)

    async def action_chart(self, what: str) -> None:
        self.action_tab("run-metrics")  # the keys go with it: j/k scroll what is shown
        await self.make_tab("run-metrics")  # made now, if the tab was never shown
        self.query_one(CurvesChart).act(what)

    def action_tab(self, tab: str) -> None:
        """Show `tab`, its content taking the keys (arrows and pages scroll it)."""
        tabs = self.query_one(TabbedContent)
        tabs.active = tab
        content = tabs.get_pane(tab).query("AnsiLog, ScrollPane").first()
        self.call_after_refresh(content.focus)  # once shown: a hidden widget takes no focus

    @on(TabbedContent.TabActivated)
    def _tab_takes_the_keys(self, event: TabbedContent.TabActivated) -> None:
        """A tab shown by a click: its content takes the keys, as with the tab's key (the
        tab bar takes none; the hidden tab's content kept them, and the arrows did nothing)."""
        focused = self.focused
        if focused is None or event.pane not in focused.ancestors:
            self.action_tab(event.pane.id or "")

    def action_back(self) -> None:
        box = self.query_one("#run-search", Input)
        if box.has_class("-open"):
            box.remove_class("-open")
            self.query_one(AnsiLog).focus()
            return
        self.dismiss()

    def action_search(self) -> None:
        self.query_one(TabbedContent).active = "run-output"
        box = self.query_one("#run-search", Input)
        box.add_class("-open")
        box.focus()

    @on(Input.Submitted, "#run-search")
    def _search(self, event: Input.Submitted) -> None:
        self.query_one("#run-log", AnsiLog).find_next(event.value)


def _verdicts(store: Store, run: Run, short: ShortIds, reviews: ReviewPacks) -> str:
    """The gate the run started under, the evidence read from it or relied on (an item
    marked n.a. said so, as the gate reads it), and why none was read of it
    (`unverified_lines`)."""
    from credo.checklists.evidence import as_shown
    from credo.checklists.gate import marked_na, na_words
    from credo.checklists.packs import load_catalog
    from credo.checklists.verdict import unverified_lines
    from credo.text.runs import gate_words

    lines = [
        "[b]gate[/]",
        f"  {escape(gate_words(run.gate, reviews)) if run.gate else 'not recorded'}",
    ]
    if run.gate.get("skip_reason"):
        lines.append(f"  why: {escape(str(run.gate['skip_reason']))}")
    open_items = run.gate.get("open_items")
    if isinstance(open_items, list) and open_items:
        lines.append("  open then: " + escape(", ".join(str(i) for i in open_items)))
    relied = run.gate.get("evidence_ids")
    relied_ids = set(relied) if isinstance(relied, list) else set()
    found = as_shown(store, [e for e in store.evidence() if e.run == run.id or e.id in relied_ids])
    unverified = unverified_lines(store, run)
    if found or unverified:
        lines += ["", "[b]verdicts[/]"]
        na = marked_na(store.reviews(), load_catalog(store)) if found else {}
        for evidence in sorted(found, key=lambda e: (e.pack, e.item)):
            reason = na.get((evidence.pack, evidence.item))
            mark = "[green]✓[/]" if evidence.passed or reason is not None else "[red]✗[/]"
            said = evidence.summary if reason is None else na_words(reason)
            what = f"{evidence.pack}/{evidence.item}: {said}"
            if evidence.run != run.id:  # the gate relied on it: not this run's numbers
                what += (
                    f" (from run {short[evidence.run]})" if evidence.run else " (from credo data)"
                )
            lines.append(f"  {mark} {escape(what)}")
    lines += [f"  {escape(line)}" for line in unverified]
    return "\n".join(lines)
