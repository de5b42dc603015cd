"""The top line: project, branch and HEAD, the runs under way, and the countdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from credo.display import visible
from credo.ui.workers import credo_work, under_way

if TYPE_CHECKING:
    from pathlib import Path

    from credo.store import Store
    from credo.text.runs import RunCounts
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


class HeaderLine(Horizontal):
    """`credo · project · main @ 1a2b3c4 · dirty`, in every view.

    The header in sight reads git (in a worker) when git's files moved, or every few
    refreshes of the app, so a commit, a checkout or an edit made in another terminal
    shows within that time, whichever view is open. The app keeps what it read and
    what it watches (`CredoApp.git_read`, `git_watch`): one `git status` a commit, and a
    header back in sight shows it with no read of its own.
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
        & > #header-runs { width: auto; padding: 0 1; color: $text-accent; display: none; }
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

    def compose(self) -> ComposeResult:
        # Plain text: a folder or branch name is shown as it is, never read as markup.
        yield Static(visible(f"credo · {self.project} ·"), id="header-project", markup=False)
        yield Static(self._text, id="header-git", markup=False)
        yield Static("", id="header-runs", markup=False)
        from credo.ui.widgets.countdown import Countdown

        with Horizontal(id="header-right"):
            yield Countdown()

    @dataclass
    class Runs(Message):
        """The runs under way, counted by state."""

        counts: RunCounts

    def on_mount(self) -> None:
        from credo.ui.app import credo_of

        # Git (and its first process) waits for the first layout, not during it.
        self.call_after_refresh(self.poll)
        self.set_interval(credo_of(self).refresh_seconds, self.poll)

    def reads_git(self) -> bool:
        """Whether this header is the one that looks at git: the topmost of the screens
        shown. The board's under R (or a run's view), or a view left open in another
        mode, reads nothing: each ran `git status` after the same commit."""
        for screen in reversed(self.app.screen_stack):
            if screen is self.screen:
                return True
            if any(isinstance(child, HeaderLine) for child in screen.children):
                return False
        return False

    def poll(self) -> None:
        """Show what the app's last look at git read (another header's, while this one
        was out of sight), and look again when git's files moved or every few polls:
        `git status` walks the whole work tree."""
        from credo.ui.app import credo_of

        if not self.reads_git():
            return
        credo = credo_of(self)
        read = credo.git_read
        if read is not None and (read.text, read.short, read.sha) != self.shown:
            self.post_message(self.GitRead(read.text, read.short, read.sha))  # as read here
        if not under_way(self.read_git) and credo.git_watch.due():
            self.read_git()

    @property
    def shown(self) -> tuple[str, str, str | None]:
        """The line shown, its short form, and the sha they were read with."""
        return self._text, self._short, self._sha

    @credo_work("Reading git's branch", group="header-git", exclusive=True)
    def read_git(self) -> None:
        from credo.errors import CredoError
        from credo.gitlink.state import capture
        from credo.ui.app import credo_of

        store = credo_of(self).store
        try:
            state = capture(store.project_root, with_patch=False)
        except CredoError as error:  # a bare repository...: said here, not every second
            self.post_message(self.GitRead(error.message, error.message, None))
            return
        self.post_message(self.GitRead(state.summary(), state.summary(short=True), state.sha))

    def on_header_line_git_read(self, message: GitRead) -> None:
        from credo.ui.app import credo_of

        # kept for every header; on to the screen (the report builds again at a new sha)
        credo_of(self).git_read = message
        self._sha = message.sha
        if (message.text, message.short) != (self._text, self._short):
            self._text, self._short = message.text, message.short
            self.fit()

    def on_header_line_runs(self, message: Runs) -> None:
        """From a screen's worker (posted here, so any screen with a header can)."""
        self._runs = message.counts
        self.fit()

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
        from credo.ui.widgets.countdown import Countdown

        countdown = self.query_one(Countdown)
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
