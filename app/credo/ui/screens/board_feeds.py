"""What the board reads in the background: the task files and the settings (polled), the
journal of the agents' changes, git (commits, people, tasks commits closed) and the runs
under way.

Workers read off the UI thread and post a message; the handlers here change the board.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from threading import Lock
from typing import TYPE_CHECKING

from textual.message import Message

from credo.domain.models import WAITING, Experiment, Run, Task
from credo.errors import BadFileError, StoreGoneError
from credo.store.paths import CREDO_DIR
from credo.store.store import LoadProblem
from credo.ui.polling import Look, StoreFeed, stamps_signature
from credo.ui.screens.base import CredoScreen
from credo.ui.widgets.header import HeaderLine
from credo.ui.workers import credo_work, under_way

if TYPE_CHECKING:
    from credo.actions.gitsync import GitFacts
    from credo.actions.journal import Entry, JournalReader
    from credo.store.stamps import Stamp
    from credo.ui.board_state import BoardState


class BoardFeeds(CredoScreen):
    """The board's background reads (a part of `BoardScreen`, which draws what they find)."""

    _people_sha: str | None = "-"  # "-": the authors were never read
    store_gone: StoreGoneError | None = None
    """`.credo/` was removed while the board was open (`git rm -r .credo`): why nothing
    is written, said in the status line until it is back."""
    _journal: JournalReader | None = None
    """Made by the first read of the journal, after the first frame (none is shown before)."""
    _named: dict[str, Stamp] | None = None
    """The experiments' stamps when their names were last read (`name_experiments`)."""

    if TYPE_CHECKING:  # what the board provides
        state: BoardState
        header_line: HeaderLine

        def redraw(self) -> None: ...

        def redraw_names(self) -> None: ...

        def update_status(self) -> None: ...

        def show_detail(self) -> None: ...

        def tell_started(self) -> None: ...

        def people(self) -> list[str]: ...

        def name_suggestions(self) -> list[str]: ...

        def apply_loaded(
            self, tasks: dict[str, Task], problems: dict[str, LoadProblem]
        ) -> None: ...

    @dataclass
    class Loaded(Message):
        """Fresh tasks from disk (sent by the refresh worker only when something changed)."""

        tasks: dict[str, Task]
        problems: dict[str, LoadProblem]
        look: Look
        same: bool
        """The tasks equal those shown (the stamps moved through the board's own writes)."""

    @dataclass
    class GitRead(Message):
        """What the git worker found (see `actions.gitsync.git_facts`)."""

        facts: GitFacts

    @dataclass
    class AgentChanges(Message):
        """Changes agents made from another process (`credo mcp`), from the journal."""

        entries: list[Entry]
        marks: dict[str, dict[object, str]]
        """Task or experiment id -> {each `updated` an agent wrote: that agent}."""
        before_open: bool
        """Made before the board opened: shown with their marker, not put on undo."""

    def open_feeds(self) -> None:
        """Load the tasks now, then read git and the journal after the first layout and
        keep polling."""
        # A file edited in place (VS Code, nano) shows within two polls; a rename at once.
        self.feed = StoreFeed(self.credo.store, self.credo.history, (Task,), every=2)
        self.runs_feed = StoreFeed(self.credo.store, self.credo.history, (Run, Experiment))
        self._naming = Lock()
        self.state.agent_marks = self.credo.agent_marks  # the experiment log's too
        self.feed.due()  # the load below is the first look
        self.day_turned()  # the day the board is drawn for
        loaded = self.credo.store.load(Task)
        self.feed.signature = stamps_signature(loaded.stamps)
        self.apply_loaded(loaded.items, loaded.problems)
        # Git (and GitPython's import) waits for the first layout: a worker thread
        # started now would hold the interpreter while the board is laid out.
        self.call_after_refresh(self.poll_git)
        self.call_after_refresh(self.read_journal, before_open=True)  # as git: after the layout
        self.call_after_refresh(self.read_experiments)  # the detail's `tried in`: as git
        self.set_interval(self.credo.refresh_seconds, self.poll_store)
        self.set_interval(5 * self.credo.refresh_seconds, self.poll_git)
        self.set_interval(5 * self.credo.refresh_seconds, self.poll_runs)

    def poll_store(self) -> None:
        store = self.credo.store
        self.watch_store_there()
        if store.refresh_config():  # edited: the urgency horizon may have moved
            store.config  # noqa: B018  (read now: a bad value is said as the CLI says it)
            self.credo.say_settings()
            self.redraw()
        if self.day_turned():  # due words, urgency and the today view move on
            self.redraw()
        if not under_way(self.load_in_background) and self.feed.due():
            self.load_in_background()
        if (
            self._journal is not None
            and not under_way(self.read_journal)
            and self._journal.changed()
        ):
            self.read_journal(before_open=False)

    def watch_store_there(self) -> None:
        """Say it when `.credo/` goes (every write then refuses, so no poll makes it
        again) and when it is back."""
        try:
            self.credo.store.still_there()
            gone = None
        except StoreGoneError as error:
            gone = error
        if (gone is None) == (self.store_gone is None):
            return
        self.store_gone = gone
        if gone is not None:
            self.notify(gone.message, severity="error")
        else:
            self.notify(f"{CREDO_DIR}/ is back")
        self.update_status()

    @credo_work("Reading what agents changed", group="board-journal", exclusive=True)
    def read_journal(self, before_open: bool) -> None:
        from credo.actions.journal import JournalReader, journal_path
        from credo.store.files import parse_toml_bytes

        if self._journal is None:
            self._journal = JournalReader(journal_path(self.credo.store))
        entries = self._journal.read()
        marks: dict[str, dict[object, str]] = {}
        for entry in entries:
            for change in entry.changes:
                if change.kind in (Task, Experiment) and change.after is not None:
                    try:
                        written = parse_toml_bytes(
                            change.after, journal_path(self.credo.store).name
                        )
                    except BadFileError:
                        continue
                    marks.setdefault(change.item_id, {})[written.get("updated")] = entry.actor
        if entries:
            self.post_message(self.AgentChanges(entries, marks, before_open))

    def on_board_feeds_agent_changes(self, message: AgentChanges) -> None:
        """Mark what agents changed; a change made while the board is open is kept for
        U (`History.theirs`), never put on the person's own undo stack: u after it
        still takes back what the person did."""
        self.state.agent_marks.add(message.marks)
        for entry in message.entries:
            if not message.before_open:
                self.credo.history.record_theirs(entry.changes, f"{entry.what} (by {entry.actor})")
                self.notify(f"{entry.actor}: {entry.what} · U undoes")  # plain text
        if message.before_open:
            self.redraw()
        else:
            self.apply_changes([c for e in message.entries for c in e.changes])

    @credo_work("Reading the board's tasks", group="board-load", exclusive=True)
    def load_in_background(self) -> None:
        look = self.feed.look()
        if not self.feed.changed(look):
            return  # the files are as shown: no need to read ten thousand of them
        shown, problems = dict(self.state.tasks), self.state.problems  # as the UI thread goes on
        loaded = self.feed.store.load(Task, look.stamps[0])
        # The board's own writes change the stamps too; the board already shows
        # them, so only a real difference is worth a full redraw.
        same = loaded.items == shown and loaded.problems == problems
        self.post_message(self.Loaded(loaded.items, loaded.problems, look, same))

    def on_board_feeds_loaded(self, message: Loaded) -> None:
        if not self.feed.fresh(message.look):
            return
        self.feed.signature = message.look.signature
        if not message.same:
            self.apply_loaded(message.tasks, message.problems)

    def poll_runs(self) -> None:
        if not under_way(self.settle_runs):
            self.settle_runs()

    @credo_work("Settling the runs", group="board-runs", exclusive=True)
    def settle_runs(self) -> None:
        """Runs whose `credo run` died are written as `lost`, and what SLURM ended as
        SLURM says (the log view shows them); the header counts the runs under way.
        While none is queued or running, the Runs view's table is made ready too
        (`CredoApp.runs_ready`: the view opens with it), and nothing is read again
        until a run's or an experiment's file changes.
        First after a few seconds, so the board's start does not wait on it."""
        from credo.actions.experiments import runs_under_way
        from credo.ui.screens.runs import DEFAULT_ORDER, make_ready

        store = self.credo.store
        built, due = self.credo.runs_ready, self.runs_feed.due()
        if built is not None and not due:
            return  # no file was renamed, and a look for edits in place is not due yet
        look = self.runs_feed.look()
        if built is not None and built.look.signature == look.signature:
            return  # as settled and counted last time
        run_stamps, experiment_stamps = look.stamps  # the feed's kinds: (Run, Experiment)
        self.name_experiments(experiment_stamps)
        loaded, experiments = store.load(Run, run_stamps), store.load(Experiment, experiment_stamps)
        settled, states = self.credo.slurm.settle(store, loaded.items.values())
        if any(run.status in WAITING for run in settled):
            self.credo.runs_ready = None  # a running run's table is read when shown
        else:
            self.credo.runs_ready = make_ready(
                store, settled, experiments.items, states, look, DEFAULT_ORDER, loaded.problems
            )
        counts = runs_under_way(settled, experiments.items.values())
        self.header_line.post_message(HeaderLine.Runs(counts))

    @credo_work("Reading the experiments' names", group="board-experiments")
    def read_experiments(self) -> None:
        """The first read of the experiments' names, just after the first layout: the
        runs worker reads them again when an experiment file changes, but first seconds
        after the board opens (`settle_runs`)."""
        self.name_experiments()

    def name_experiments(self, stamps: dict[str, Stamp] | None = None) -> None:
        """Read (in a worker) each experiment's short id and hypothesis, for the detail's
        `tried in`, and show the detail again when they changed; nothing is read while
        the experiments' files are as at the last read (`stamps`: as a look just took
        them)."""
        store = self.credo.store
        with self._naming:  # the first read and the runs worker's: the last read is kept
            stamps = store.stamps(Experiment) if stamps is None else stamps
            if stamps == self._named:
                return
            experiments = store.load(Experiment, stamps).items.values()
            names = store.short_ids(Experiment), {e.id: e.hypothesis for e in experiments}
            self._named = stamps
            if names == self.credo.experiment_names:
                return
            self.credo.experiment_names = names
        self.app.call_from_thread(self.show_detail)

    def poll_git(self) -> None:
        """Read git again, unless the last read is still under way (a first index of a
        long history outlasts the poll)."""
        if not under_way(self.read_git):
            self.read_git()

    @credo_work("Reading the board's git history", group="board-git", exclusive=True)
    def read_git(self) -> None:
        from credo.actions.gitsync import git_facts

        sha = self.credo.head_sha  # the header's latest read of HEAD
        with_people = sha != self._people_sha
        tasks = dict(self.state.tasks).values()  # a copy: the UI thread goes on changing it
        done = {t.done_commit or "" for t in tasks}
        facts = git_facts(self.credo.store, with_people, done, self.credo.git_user)
        if with_people:
            self._people_sha = sha
        self.post_message(self.GitRead(facts))

    def tell_forms(self) -> None:
        """A form open before git's authors were read matches names with them now
        (`tell_people`). Its module is imported when a form first opens (the board's first
        frame and the runs view do without it and its text area): until then there is
        none to tell."""
        forms = sys.modules.get("credo.ui.screens.task_forms")
        if forms is None:
            return
        for screen in self.app.screen_stack:
            forms.tell_people(screen, self.people(), self.name_suggestions())

    def on_board_feeds_git_read(self, message: GitRead) -> None:
        facts = message.facts
        if facts.people is not None:
            self.credo.authors = facts.people
            self.tell_forms()
            if self.state.know_authors(facts.people):  # `@bruno` is Bruno Carvalho's now
                self.redraw_names()
        if facts.names is not None and facts.names != self.credo.names:
            self.credo.names = facts.names
            self.show_detail()  # in progress by whom: by their name now
            self.tell_started()  # `p`'s notice waited for it
        for line in facts.said:
            self.notify(line)
        first, self.credo.commits_read = not self.credo.commits_read, True
        if (
            first
            or facts.commits != self.credo.commits
            or facts.unsure != self.credo.unsure_commits
            or facts.closed
            or facts.gone != self.credo.gone_commits
        ):
            self.credo.commits, self.credo.gone_commits = facts.commits, facts.gone
            self.credo.unsure_commits = facts.unsure
            self.load_in_background()
            self.redraw()
