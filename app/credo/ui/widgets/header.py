"""The top line: project, branch and HEAD, the runs under way, and the countdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import events, on
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from credo.display import visible

if TYPE_CHECKING:
    from pathlib import Path

    from credo.store import Store
    from credo.text.runs import RunCounts
    from credo.ui.app import CredoApp
    from credo.ui.polling import FolderWatch
    from credo.ui.widgets.countdown import Countdown

GIT_ROOM = 16  # the git line's min-width
SYMBOLS = {"queued": "▷", "running": "▶"}  # the runs at their shortest: `1▷ 2▶`
GIT_EVERY = 5
"""Polls between two looks at git when none of its own files moved (`git_files`): an
edit of the work tree shows as dirty within as many seconds."""


def git_files(store: Store) -> list[Path]:
    """What git rewrites when HEAD, the branch or the index moves (a commit, a checkout,
    an add): a change of one is looked at the next poll, the work tree every few."""
    from credo.store.paths import git_dir

    if store.git_root is None:
        return []
    try:
        folder = git_dir(store.git_root)
    except (OSError, ValueError):
        return []
    return [folder / "HEAD", folder / "index", folder / "logs" / "HEAD"]


def fresh_git_read(store: Store, watch: FolderWatch) -> HeaderLine.GitRead | None:
    """In a worker: the work tree now, when git's files (found and stat'ed here: a
    linked worktree's are in the main clone's `.git`, maybe on a hung network mount)
    moved, or every `watch.every` looks; None between."""
    from credo.errors import CredoError
    from credo.gitlink.state import capture

    watch.paths = tuple(git_files(store))
    if not watch.due():
        return None
    try:
        state = capture(store.project_root, with_patch=False)
    except CredoError as error:  # a bare repository...: said here, not every second
        return HeaderLine.GitRead(error.message, error.message, None)
    return HeaderLine.GitRead(state.summary(), state.summary(short=True), state.sha)


def header_on_top(app: App[Any]) -> HeaderLine | None:
    """The header of the topmost screen that has one: the one that shows git's answers."""
    for screen in reversed(app.screen_stack):
        for child in screen.children:
            if isinstance(child, HeaderLine):
                return child
    return None


class HeaderLine(Horizontal):
    """`credo · project · main @ 1a2b3c4 · dirty`, in every view.

    The app looks at git at each poll (`CredoApp.poll`, a worker: git's files stat'ed
    there, `git status` when they moved or every few polls), so a commit, a checkout or
    an edit made in another terminal shows within that time, whichever view is open. The
    app keeps what it read (`CredoApp.git_read`) and hands it to the header on top when
    it comes: one `git status` a commit, and a header back in sight shows it with no
    read of its own.
    """

    DEFAULT_CSS = """
    HeaderLine {
        height: 1;
        dock: top;
        background: $panel;
        color: $foreground;
        & > #header-project { width: auto; padding: 0 1; text-style: bold; color: $primary; }
        & > #header-git {
            width: 1fr;
            min-width: 16;  /* GIT_ROOM: branch @ sha stays in sight beside the runs */
            color: $text-muted;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        & > #header-runs {
            width: auto;
            padding: 0 1;
            color: $text-accent;
            display: none;
            pointer: pointer;  /* a click opens the runs view */
        }
        & > #header-right { width: auto; }
        & Countdown { padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    }
    """

    @dataclass
    class GitRead(Message):
        """The work tree now: the line to show, its short form where that does not fit,
        and HEAD's sha (the app records done tasks at it)."""

        text: str
        short: str
        sha: str | None

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, HeaderLine.GitRead)  # only the newest look matters

    def __init__(self, project: str) -> None:
        super().__init__()
        self.project = project
        self._text = self._short = "reading git…"
        self._sha: str | None = None
        self._runs: RunCounts | None = None
        from credo.ui.widgets.countdown import Countdown

        self.countdown = Countdown()

    def compose(self) -> ComposeResult:
        # Plain text: a folder or branch name is shown as it is, never read as markup.
        yield Static(visible(f"credo · {self.project} ·"), id="header-project", markup=False)
        yield Static(self._text, id="header-git", markup=False)
        yield Static("", id="header-runs", markup=False)
        with Horizontal(id="header-right"):
            yield self.countdown

    @dataclass
    class Runs(Message):
        """The runs under way, counted by state."""

        counts: RunCounts

    def on_mount(self) -> None:
        from credo.ui.app import credo_of

        # Git (and its first process) waits for the first layout, not during it.
        self.call_after_refresh(credo_of(self).poll)

    def show_git(self) -> None:
        """Show the app's last look at git, if this header shows another."""
        from credo.ui.app import credo_of

        read = credo_of(self).git_read
        if read is not None and (read.text, read.short, read.sha) != self.shown:
            self.post_message(self.GitRead(read.text, read.short, read.sha))  # to the screen too

    @property
    def shown(self) -> tuple[str, str, str | None]:
        """The line shown, its short form, and the sha they were read with."""
        return self._text, self._short, self._sha

    def on_header_line_git_read(self, message: GitRead) -> None:
        # on to the screen (the report builds again at a new sha)
        self._sha = message.sha
        if (message.text, message.short) != (self._text, self._short):
            self._text, self._short = message.text, message.short
            self.fit()

    def on_header_line_runs(self, message: Runs) -> None:
        """From a screen's worker (posted here, so any screen with a header can)."""
        self._runs = message.counts
        self.fit()

    @on(events.Click, "#header-runs")
    def _runs_clicked(self) -> None:
        """A click on the runs under way opens the runs view, as `r` does (there already,
        it stays: esc goes back whence the view was opened)."""
        from credo.ui.app import credo_of

        app = credo_of(self)
        if app.current_mode != "runs":
            app.action_runs()

    def on_resize(self, _: events.Resize) -> None:
        self.fit()

    def on_countdown_ticked(self, _: Countdown.Ticked) -> None:
        self.fit()  # its text may have grown; the message goes on to the screen

    def fit(self) -> None:
        """The countdown (it is in every view) takes the room it needs, its hypothesis cut
        with "…" only where the runs' shortest form (`1▶`) would not fit beside it; the
        runs give way first, in full, then short (`1 running`, then `1▶`), then not at
        all; git's line keeps GIT_ROOM, its short form (`main @ 1a2b3c4*`) where the
        whole line does not fit."""
        countdown = self.countdown
        runs = self.query_one("#header-runs", Static)
        gutter = runs.styles.gutter.width
        forms = runs_forms(self._runs)
        room = self.size.width - self.query_one("#header-project").outer_size.width - GIT_ROOM
        most = max(room - (cell_len(forms[-1]) + gutter if forms else 0), 0)
        countdown.styles.max_width = most  # narrower: its text ends in "…"
        room -= min(cell_len(str(countdown.render())) + countdown.styles.gutter.width, most)
        text = next((form for form in forms if cell_len(form) + gutter <= room), "")
        if text != str(runs.render()):  # each tick: nothing laid out while nothing changes
            runs.update(text)
        runs.display = bool(text)
        git_room = GIT_ROOM + room - (cell_len(text) + gutter if text else 0)
        line = visible(self._text if cell_len(visible(self._text)) <= git_room else self._short)
        git = self.query_one("#header-git", Static)
        if line != str(git.render()):  # the same line again lays nothing out
            git.update(line)


def runs_forms(counts: RunCounts | None) -> list[str]:
    """`runs: 2 queued · 1 running · 4 finished` from the longest way to say it to the
    shortest (`2▷ 1▶`); none while nothing waits."""
    if counts is None or not counts.words():
        return []
    waiting = [(count, word) for count, word in counts.parts() if word in SYMBOLS]
    return [
        f"runs: {counts.words()}",
        " · ".join(f"{count} {word}" for count, word in waiting),
        " ".join(f"{count}{SYMBOLS[word]}" for count, word in waiting),
    ]


class RunCounter:
    """The runs under way (`runs_under_way`) for the header of a view whose own reads
    hold no runs to count (one run, its curves): counted in the view's worker, again when
    a run's or an experiment's file changed, or while one is queued or running."""

    def __init__(self, header: HeaderLine, credo: CredoApp) -> None:
        from credo.domain.models import Experiment, Run
        from credo.ui.polling import StoreFeed

        self.header = header
        self.slurm = credo.slurm
        self.feed = StoreFeed(credo.store, credo.history, (Run, Experiment))
        self.counts: RunCounts | None = None
        """The runs under way, as the header last counted them."""

    def count(self) -> None:
        """In the view's worker: count them if they may have changed, for the header."""
        from credo.actions.experiments import runs_under_way
        from credo.domain.models import Experiment, Run

        waiting = self.counts is not None and bool(self.counts.queued or self.counts.running)
        if not (self.feed.due() or waiting):
            return
        look = self.feed.look()
        if not (self.feed.changed(look) or waiting):
            return
        store = self.feed.store
        settled, _ = self.slurm.settle(store, store.load(Run, look.stamps[0]).items.values())
        self.counts = runs_under_way(settled, store.load(Experiment, look.stamps[1]).items.values())
        self.feed.signature = look.signature
        self.header.post_message(HeaderLine.Runs(self.counts))
