"""`R`: the report of a period (yesterday, the week, the month), copyable as Markdown."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Markdown, Static
from textual.worker import Worker

from credo.domain.models import Evidence, Experiment, Review, Run, Task
from credo.domain.period import parse_period
from credo.ui.polling import Look, StoreFeed
from credo.ui.screens.base import CredoScreen
from credo.ui.widgets.footer import KeysFooter
from credo.ui.widgets.header import HeaderLine
from credo.ui.widgets.lists import ScrollPane
from credo.ui.workers import credo_work, under_way

LABELS = {"day": "since yesterday", "week": "last 7 days", "month": "last 30 days"}
"""Each of `period.PERIODS`, as the title says it: `w` is `credo report --since week`, the
last 7 days (not `this week`, from Monday)."""

REPORTED = (Task, Experiment, Run, Review, Evidence)
"""The kinds of items `build_report` reads: a change to one builds the report again."""


class ReportScreen(CredoScreen):
    """The stand-up summary, rendered from the same Markdown `credo report` prints."""

    HELP_TITLE = "Report"

    BINDINGS = [
        Binding("escape,R", "close", "Back", id="report.close"),
        Binding("c", "copy", "Copy Markdown", id="report.copy", tooltip="Copy the report"),
        Binding("d", "period('day')", "Yesterday", id="report.day", tooltip="Since yesterday"),
        Binding("w", "period('week')", "7 days", id="report.week", tooltip="The last 7 days"),
        Binding("m", "period('month')", "30 days", id="report.month", tooltip="The last 30 days"),
    ]

    @dataclass
    class Built(Message):
        period: str
        markdown: str
        """What `c` copies: `credo report`'s Markdown."""
        shown: str
        """What the view shows: the same with the runs table narrowed to one line a run."""
        look: Look

    def __init__(self, period: str = "day") -> None:
        super().__init__()
        self.period = period
        self.markdown = ""
        self.wanted = False
        """A build was asked while one was under way: it is built once that one ends."""

    def compose(self) -> ComposeResult:
        yield HeaderLine(self.credo.store.name)
        yield Static("", id="report-title")
        with ScrollPane(id="report-scroll"):
            yield Markdown("_building the report…_", id="report-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        # what it reports, and where the other worktrees' records say experiments run
        credo = self.credo
        self.feed = StoreFeed(
            credo.store, credo.history, REPORTED, worktrees=True, me=credo.me_for_reads
        )
        self.feed.due()  # the first build takes the first look
        self.head = self.credo.head_sha
        """HEAD's sha as its header last read it: the commits the report was built with."""
        self.day_turned()  # the day the report is built for
        self.action_period(self.period)
        self.set_interval(self.credo.refresh_seconds, self.poll)

    def poll(self) -> None:
        """Left open past midnight, the report is of the new day's period (`since
        yesterday` is of the day before it, its overdue days one more); left open while
        the project changes (another terminal, an experiment resumed in another
        worktree), it says what the files say now."""
        if self.day_turned() or self.wanted:
            self.rebuild()
        elif not under_way(self.build) and (due := self.feed.poll()) is not None:
            self.build(self.period, only_if_changed=True, due=due)

    def rebuild(self) -> None:
        """Build the report of `period` anew (a period chosen, a commit, a new day), once
        no build is under way (`wanted` meanwhile): a build a hung mount holds (another
        worktree's records, git's list of worktrees in the main clone) had each key start
        one more beside it, each held in its own thread."""
        self.wanted = under_way(self.build)
        if not self.wanted:
            self.build(self.period)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if self.wanted and event.worker.group == "report" and event.worker.is_finished:
            self.rebuild()

    def on_header_line_git_read(self, message: HeaderLine.GitRead) -> None:
        """A commit made while the report is open (another terminal, an editor) is in the
        period's commits as soon as the header's look at git's files sees HEAD moved:
        credo's own files did not change. (On to the app, which keeps the sha.)"""
        if message.sha != self.head:
            self.head = message.sha
            self.rebuild()

    def action_period(self, period: str) -> None:
        self.period = period
        # another period is another report, read from its top (w after End showed the
        # week's from the middle); a rebuild of the same one at a poll keeps the place
        self.query_one("#report-scroll", ScrollPane).scroll_home(animate=False)
        self.query_one("#report-title", Static).update(
            f"Report · {LABELS[period]} · c copies Markdown"
        )
        self.rebuild()

    @credo_work("Building the stand-up report", group="report", exclusive=True)
    def build(self, period: str, only_if_changed: bool = False, due: bool = True) -> None:
        look = self.feed.look_after(due)  # `due`: at a poll, only if the files may have changed
        if look is None or (only_if_changed and not self.feed.changed(look)):
            return
        # here, in the worker: imported with the screen, they held R's opening 30 to 40 ms
        from credo.actions.report import build_report
        from credo.text.report import to_markdown

        # `credo report --since <period>`'s, now by the app's clock (not cut to the
        # second: what was made in it is in), its today that of the period's end
        since, until = parse_period(period, None, self.credo.moment())
        report = build_report(self.credo.store, since, until)
        shown = to_markdown(report, narrow=True)
        self.post_message(self.Built(period, to_markdown(report), shown, look))

    async def on_report_screen_built(self, message: Built) -> None:
        if message.period != self.period:
            return
        self.feed.signature = message.look.signature
        if message.markdown == self.markdown:  # a change it does not report: left as read
            return
        self.markdown = message.markdown
        await self.query_one("#report-body", Markdown).update(message.shown)

    def action_copy(self) -> None:
        if not self.markdown:
            self.notify("The report is still being built", severity="warning")
            return
        # An OSC 52 request: no answer says whether the terminal (or tmux) took it.
        self.app.copy_to_clipboard(self.markdown)
        self.notify(
            "Sent as Markdown to the terminal's clipboard (some terminals and tmux ignore it;"
            f" credo report --since {self.period} > report.md always works)"
        )

    def action_close(self) -> None:
        self.dismiss()
