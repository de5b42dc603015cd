"""The terminal face: `CredoApp` holds the store, the undo history and the views."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from credo.actions.history import History
from credo.display import visible, writes_utf8
from credo.domain.models import Task, now
from credo.errors import CredoError
from credo.store import Store, collector
from credo.store.userconfig import load_user_config
from credo.ui.agent_marks import AgentMarks
from credo.ui.css_cache import user_css_cache
from credo.ui.polling import FolderWatch, SlurmView, unless_under_way
from credo.ui.typed_ahead import TypedAhead
from credo.ui.widgets.header import GIT_EVERY, HeaderLine
from credo.ui.widgets.textual_internals import SteadyStylesheet, styled_as_now
from credo.ui.workers import credo_work, under_way

if TYPE_CHECKING:
    from textual.driver import Driver

    from credo.domain.models import Experiment
    from credo.gitlink.index import Commit, Unsure
    from credo.ui.screens.runs import Ready
    from credo.ui.widgets.countdown import Countdown
    from credo.ui.widgets.task_detail import ExperimentNames


READING_HISTORY = "reading git's history…"
"""A task's commits while the board's first read of git is under way."""
TOAST_SECONDS: dict[SeverityLevel, float] = {"information": 3.0, "warning": 5.0, "error": 8.0}
"""How long a toast of each severity stays, before the time to read it."""
READ_PER_SECOND = 25
"""Characters read in a second: a longer note stays longer (`toast_seconds`)."""


def toast_seconds(said: str, severity: SeverityLevel) -> float:
    """How long a toast stays, the one rule for all: its severity's seconds, and the time
    to read it (a path or a command to run stays up long enough to be read), up to 20 s."""
    return min(20.0, TOAST_SECONDS[severity] + len(said) / READ_PER_SECOND)


AWAY_SECONDS = 120.0
"""No key nor click for this long: what ends now is said again at the next one."""


# The views' modules are imported in these functions, on first use (start-up stays light).
def _board() -> Screen[None]:
    from credo.ui.screens.board import BoardScreen

    return styled_as_now(BoardScreen())


def _experiments() -> Screen[None]:
    from credo.ui.screens.experiments import ExperimentsScreen

    return styled_as_now(ExperimentsScreen())


def _checklists() -> Screen[None]:
    from credo.ui.screens.checklists import ChecklistsScreen

    return styled_as_now(ChecklistsScreen())


def _data() -> Screen[None]:
    from credo.ui.screens.data import DataScreen

    return styled_as_now(DataScreen())


def _commits() -> Screen[None]:
    from credo.ui.screens.commits import CommitsScreen

    return styled_as_now(CommitsScreen())


def _runs() -> Screen[None]:
    from credo.ui.screens.runs import RunsScreen

    return styled_as_now(RunsScreen())


class CredoApp(App[None]):
    """credo's interface on one project. Tests build it on a store in tmp_path."""

    CSS_PATH = "credo.tcss"
    TITLE = "credo"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key on this screen"),
        Binding(
            "q", "quit", "Quit", id="app.quit", tooltip="Leave credo (asks before losing work)"
        ),
        Binding("ctrl+t", "change_theme", "Theme", id="app.theme", show=False, tooltip="Colours"),
        Binding("R", "report", "Report", id="app.report", show=False, tooltip="Stand-up report"),
        Binding(
            "E",
            "switch_mode('experiments')",
            "Experiments",
            id="app.experiments",
            show=False,
            tooltip="The experiment log (esc there comes back)",
        ),
        Binding(
            "C",
            "switch_mode('checklists')",
            "Checklists",
            id="app.checklists",
            show=False,
            tooltip="Review a pack before a run (esc there comes back)",
        ),
        Binding(
            "H",
            "switch_mode('commits')",
            "Commits",
            id="app.commits",
            show=False,
            tooltip="The branch's history (esc there comes back)",
        ),
        # The terminal's job-control key, in a text box too (Textual's TextArea would undo)
        Binding(
            "ctrl+z",
            "suspend_process",
            "Suspend",
            id="app.suspend",
            show=False,
            priority=True,
            tooltip="Back to the shell (fg returns)",
        ),
        # Textual's own palette binding has no id: [keymap] could not move its key (VS
        # Code's terminal takes ctrl+p). Declared here, Textual adds none.
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            "palette",
            id="app.palette",
            show=False,
            priority=True,
            tooltip="Open the command palette",
        ),
        # Textual's Keys panel (from the palette) has no key of its own to close it; esc
        # closes it first, else esc goes on to the screen (no id: not one of credo's keys)
        Binding("escape", "hide_help_panel", show=False, priority=True),
    ]
    # Every screen is `-cramped` under 60 columns or 18 rows (dialogs fill and scroll).
    HORIZONTAL_BREAKPOINTS = [(0, "-cramped"), (60, "-roomy")]
    VERTICAL_BREAKPOINTS = [(0, "-cramped"), (18, "-roomy")]
    DEFAULT_MODE = "board"
    MODES = {
        "board": _board,
        "experiments": _experiments,
        "checklists": _checklists,
        "data": _data,
        "runs": _runs,
        "commits": _commits,
    }
    """The views; each is imported when first opened (the board at start)."""

    stylesheet: SteadyStylesheet

    def __init__(
        self,
        store: Store | Path | str,
        *,
        today: date | None = None,
        refresh_seconds: float = 1.0,
        notice: str = "",
    ) -> None:
        super().__init__()
        self.notice = notice
        """Said once the app is open (where the demo was built...)."""
        self.store = store if isinstance(store, Store) else Store.open(store)
        self.fixed_today = today
        self.refresh_seconds = refresh_seconds
        self.history = History(self.store, start_reading=self.read_heads)
        self.git_read: HeaderLine.GitRead | None = None
        """The last look at git, which every header shows (`CredoApp.poll`): kept here
        alone, as it comes (`on_credo_app_git_looked`)."""
        self.git_watch = FolderWatch(every=GIT_EVERY)
        """Git's files, which say when to look at git again (stat'ed in `look`)."""
        self.git_looking = Lock()
        """Held while a look at git is under way (`look`)."""
        self.countdown_looking = Lock()
        """Held while a countdown's look is under way (`look`): one at a time for every
        view's (R makes one more at each opening), which look at the same places."""
        self.commits: dict[str, list[Commit]] = {}
        """Commits that mention each item, filled by the board's git worker."""
        self.unsure_commits: dict[str, list[Unsure]] = {}
        """Commits that name each task by a prefix another task's id starts with too (the
        same): linked to none, said under its commits."""
        self.commits_read = False
        """The board's git worker has read them once (a first index of a long history
        takes seconds)."""
        self.gone_commits: frozenset[str] = frozenset()
        """The commits tasks were done at that are no longer in history (the same)."""
        self.experiment_names: ExperimentNames | None = None
        """Each experiment's short id, as `credo exp ls` prints it, and its hypothesis (its
        title there), for the task detail's `tried in`: read by a board's worker just after
        its first layout, again when an experiment file changes. None until then: the
        detail names no experiment rather than one by its id's first four characters,
        which another id may begin with too."""
        self.runs_from = "board"
        """The view the Runs view goes back to."""
        self.runs_ready: Ready | None = None
        """The Runs view's table, made ready by the board's runs worker while no run is
        running: the view opens with it when the runs' files are still as they were."""
        self.slurm = SlurmView(self.me_for_reads)
        """SLURM's last answer, which every view's poll reads: one ask at a time."""
        self.agent_marks = AgentMarks()
        """What agents changed and nobody since (✦), which the board reads from the journal."""
        self.authors: list[str] = []
        """The repository's git authors, from the same worker: with the assignees on the
        tasks, who a task can go to (`BoardState.people`)."""
        self.names: dict[str, str] | None = None
        """How the people recorded by their git e-mail are named (`email_names`), from the
        same worker: the detail's and the notices' `in_progress_by`. None until it first
        answers: the detail names no one then, rather than an e-mail it then names anew."""
        self.clock: Callable[[], datetime] = now
        """The time now, for countdowns and the times actions write (tests freeze it)."""
        self.me: str | None = None
        """Who is at the keyboard, once read (`with_me`)."""
        self.for_me: Callable[[str], None] | None = None
        """What waits for `me` while git is asked."""
        from credo.gitlink.authors import GitUser

        self.git_user = GitUser(self.store.git_root)
        """Who git says is at the keyboard: asked of git once, in a worker, and again when
        git's config changed (`GitUser`), for every read that wants it (`with_me`,
        `me_for_reads`, the names the board's git worker reads)."""
        self.closing = False
        """Quitting: keys and clicks from now on are not for the app."""
        self.typed_ahead = TypedAhead(self, super().on_event)
        """Keys read, each forwarded once the one before is through."""
        self.failures_told: set[str] = set()
        """The unforeseen failures of workers told so far (`worker_failed`)."""
        self.running: tuple[Experiment | None, tuple[Experiment, str] | None] = (None, None)
        """What the newest countdown look found, whichever view's (`Countdown.Found`): the
        experiment running or paused here, else one running in another worktree, and where."""
        self.timebox_told: set[tuple[str, float]] = set()
        """(experiment id, budget in seconds) of each timebox whose end was announced."""
        self.last_input: datetime | None = None
        """When a key or a click last came, by `clock` (the app's opening to start with)."""
        self.told_on_return: tuple[str, str, str] | None = None
        """(experiment id, title, words) of a timebox that ran out while nobody was at the
        keyboard, or while a form was over the view: said again once someone is at the
        keyboard with the view in sight (`say_missed`): its toast had gone long before,
        or came while a form was being filled in."""
        self.user_config, self.user_config_problems = load_user_config()
        self.keys_told: set[tuple[str | None, str]] = set()
        """(binding id, key) of each key the keymap took from a binding, said once."""
        # Before the first screen: set on mount, the footer kept the keys it had drawn.
        self.set_keymap(self.user_config.keymap)
        from credo.ui.themes import install_themes

        self.theme_problems = install_themes(self, self.user_config.theme)
        # The theme's variables (a few hundred colours), worked out once more now that it
        # is credo's: a stylesheet made with Textual's default theme's was parsed again
        # as the app started.
        self.stylesheet = SteadyStylesheet(
            variables=self.get_css_variables(), cache=user_css_cache()
        )
        self.terminal_filters: list[LineFilter] = []
        """What this terminal needs drawn otherwise: colours picked pair by pair in 256
        colours (Rich's rounding alone left text under its floor there); on the Linux
        console, no bold or italic (it draws them as other colours)."""
        if self.console.color_system == "256" and not self.no_color:
            from credo.ui.palette256 import Palette256

            self.terminal_filters.append(Palette256())
        if os.environ.get("TERM") == "linux":
            from credo.ui.console_styles import ConsoleStyles

            self.terminal_filters.append(ConsoleStyles())

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), *self.terminal_filters]

    def get_key_display(self, binding: Binding) -> str:
        """A key as Textual writes it (`^r`, `⏎`), shift as `⇧`: the board's K/J row of
        `?`, `K/shift+↑/J/shift+↓`, widened the keys' column of every row by ten cells,
        which wrapped the words beside them."""
        return super().get_key_display(binding).replace("shift+", "⇧")

    @property
    def today(self) -> date:
        """The day every view reads (due and overdue days, a report's `today`): the
        clock's, as `credo report` takes its today from its period's end."""
        return self.moment().astimezone().date()

    def moment(self) -> datetime:
        """Now, as the views read it: the clock's; with a day fixed (tests), that day's
        last instant, so that all made in it is in its report."""
        if self.fixed_today is None:
            return self.clock()
        return datetime.combine(self.fixed_today, time.max).astimezone()

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, stopped and continued as a shell's job should be where there
        is job control (`credo.ui.job_control`); a driver TEXTUAL_DRIVER names, as it is."""
        driver = super().get_driver_class()
        if sys.platform == "win32":
            return driver
        from credo.ui.job_control import JobControlDriver

        return JobControlDriver if issubclass(JobControlDriver, driver) else driver

    def on_mount(self) -> None:
        self.last_input = self.clock()
        self.app_resume_signal.subscribe(self, self.draw_again)
        self.screen_change_signal.subscribe(self, self.screen_changed)
        self.set_interval(self.refresh_seconds, self.poll)
        for theme_problem in self.theme_problems:
            self.notify(theme_problem, severity="error")
        for problem in self.user_config_problems:
            self.notify(problem, severity="error")
        if self.notice:
            self.notify(self.notice, title="credo")
        self.say_settings()
        if cache_problem := self.store.cache_problem:
            self.notify(cache_problem, severity="error")

    def say_settings(self) -> None:
        """What `.credo/config.toml` holds that credo could not take, as every command
        warns of it: a value left at its default, a setting it does not know (a typo?)."""
        for setting in self.store.config_problems:
            self.notify(str(setting), severity="error")
        for unknown in self.store.config_unknown:
            self.notify(unknown, severity="warning")

    def screen_changed(self, _: Screen[object]) -> None:
        """A view back in sight shows git and its countdown now, not a poll from now."""
        self.say_missed()
        self.call_after_refresh(self.poll)

    @credo_work("Checking git's config for credo's merge driver", group="driver")
    def say_missing_driver(self) -> None:
        """The warning every command gives in a clone where `credo init` never ran: said
        on stderr before the interface opens, it was seen only after quitting. In a
        worker: in a linked worktree git's config is in the main clone's `.git`, maybe on
        a hung network mount."""
        from credo.gitlink.merge import MISSING_DRIVER, missing_driver
        from credo.store.paths import git_config

        root = self.store.git_root
        config = None if root is None else git_config(root)
        if root and config and missing_driver(root, self.store.credo_dir, *config, pulling=True):
            self.notify(MISSING_DRIVER, severity="warning")

    def on_ready(self) -> None:
        """The first frame is out: the start-up `credo` held the GC for is over, the CSS
        cache is left alone, and the keymap's ids are checked (against `keys.BINDING_IDS`:
        no view is imported for its bindings)."""
        collector.started()
        # In the user's home, maybe on a network mount that hangs: read as a view opened,
        # it froze the board. A view's first opening parses its CSS instead (a few ms).
        self.stylesheet.disk_cache = None
        self.say_missing_driver()
        from credo.ui.themes import remember_theme_changes

        remember_theme_changes(self)
        if self.user_config.keymap:
            from credo.ui.keys import unknown_ids

            for line in unknown_ids(self.user_config.keymap):
                self.notify(line, severity="warning")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every note as plain text (`markup` is ignored): notes quote file text, titles
        and error messages, which must never be read as markup nor reach the terminal raw.
        Every note stays as `toast_seconds` says (`timeout` is ignored)."""
        message, title = visible(message), visible(title)
        seconds = toast_seconds(f"{title} {message}", severity)
        super().notify(message, title=title, severity=severity, timeout=seconds, markup=False)

    def action_help_quit(self) -> None:
        """ctrl+c (which copies in a text box) says which key quits: Textual's own note
        says it in markup, which `notify` would show as typed."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {key} to quit the app", title="Do you want to quit?")
                return

    def action_suspend_process(self) -> None:
        """ctrl+z: back to the shell, which brings credo back with `fg`. Where no shell
        would (credo first in its terminal's session), a stop would freeze it for good."""
        from credo.ui.job_control import has_job_control

        if has_job_control():
            super().action_suspend_process()
        else:
            self.notify(
                "ctrl+z: no shell to go back to (credo was started without one): q quits",
                severity="warning",
            )

    def draw_again(self, _: App[None]) -> None:
        """Back from a stop: the terminal kept nothing of what credo drew (the shell wrote
        over it, or left the screen), so draw it all. A window resized meanwhile is drawn
        whole at its new size by the resize on its way (the old size's frame would be lost)."""
        if self.screen.outer_size == self.size:
            self.screen.refresh()

    @property
    def head_sha(self) -> str | None:
        """HEAD's sha at the headers' last look: a task marked done records it."""
        return None if self.git_read is None else self.git_read.sha

    def poll(self) -> None:
        """Every `refresh_seconds`, as a header comes (a view opened) and as the view in
        sight changes: the header on top shows the last look at git, and one worker
        (`look`) looks at git and at what that header's countdown shows. One worker a
        poll: the header and the countdown each started their own, each second."""
        from credo.ui.widgets.header import header_on_top

        if (header := header_on_top(self)) is not None:
            header.show_git()
            self.look(header.countdown)

    @dataclass
    class GitLooked(Message):
        """A look at git that read the work tree (`look`)."""

        read: HeaderLine.GitRead

    @credo_work("Looking at git and the timebox", group="poll")
    def look(self, countdown: Countdown) -> None:
        """The countdown's look (`Countdown.look`), then git's (`fresh_git_read`: git's
        files stat'ed here, `git status` when they moved or every `GIT_EVERY` polls),
        each skipped while its last one is under way (`git status` on a slow NFS home
        outlasts a poll; a hung mount holds a look for minutes), not the other. A
        countdown's is skipped while another view's is under way: each view's header
        has one, and a look held on a hung mount had each view opened start another."""
        from credo.ui.widgets.header import fresh_git_read

        def at_git() -> None:
            # The app's, not a header's: a header closed meanwhile (esc on R) lost it.
            if (read := fresh_git_read(self.store, self.git_watch)) is not None:
                self.post_message(self.GitLooked(read))

        unless_under_way(self.countdown_looking, countdown.look)
        unless_under_way(self.git_looking, at_git)

    def on_credo_app_git_looked(self, message: GitLooked) -> None:
        """Kept for every header, and shown by the one on top now (R opened or closed
        while git answered: not the one that asked)."""
        from credo.ui.widgets.header import header_on_top

        self.git_read = message.read
        if (header := header_on_top(self)) is not None:
            header.show_git()

    @dataclass
    class MeRead(Message):
        me: str

    def with_me(self, then: Callable[[str], None]) -> None:
        """Call `then` with who is at the keyboard, as `credo start` records them
        (`in_progress_by`): at once once known, else once a worker has asked git (`git
        var`, ~10 ms, but seconds on a slow NFS home: never on the interface thread).
        Asked again while git answers, only the last `then` is called."""
        if self.me is not None:
            then(self.me)
            return
        self.for_me = then
        if not under_way(self.read_me):
            self.read_me()

    def me_for_reads(self) -> str | None:
        """Who is at the keyboard, for a worker's read that wants it (`lost_runs.Me`): git
        asked once (`git_user`), not at each poll; told to the app (`MeRead`), so that `p`
        does not wait for git."""
        from credo.gitlink.authors import known_person

        me = known_person(self.store.git_root, self.git_user)
        if me is not None and me != self.me:
            self.post_message(self.MeRead(me))
        return me

    @credo_work("Reading what git has checked out", group="heads")
    def read_heads(self) -> None:
        """What is checked out, for the steps the undo history records (`History.read_heads`:
        one worker at a time, which reads for every write made meanwhile)."""
        self.history.read_heads()

    @credo_work("Reading who you are from git", group="me", exclusive=True)
    def read_me(self) -> None:
        from credo.gitlink.authors import person

        self.post_message(self.MeRead(person(self.store.git_root, self.git_user)))

    def on_credo_app_me_read(self, message: MeRead) -> None:
        self.me, then, self.for_me = message.me, self.for_me, None
        if then is not None:
            then(message.me)

    def commits_text(self, task_id: str) -> str:
        """The commits linked to a task, one per line; until the index is first read, a
        word that it is being read (not a task that seems to have none)."""
        from credo.display import escape
        from credo.text.words import commit_lines, unsure_line

        if not self.commits_read:
            return READING_HISTORY
        unsure = [f"[red]{escape(unsure_line(u))}[/]" for u in self.unsure_commits.get(task_id, [])]
        return "\n".join(filter(None, [commit_lines(self.commits.get(task_id, [])), *unsure]))

    def worker_failed(self, what: str, error: Exception) -> None:
        """The one place a worker's failure reaches the user (see `credo_work`), from the
        worker's thread. A CredoError is a refusal credo explains (which file, why, what
        to do): said as is, each time, under what was being done ("Saving the theme"), as
        the interface's own refusals are said. Anything else gets a crash file, said once
        (a failing poll fails at every poll)."""
        if isinstance(error, CredoError):
            self.notify(error.message, title=what, severity="error")
            return
        said = f"{what}: {type(error).__name__}: {error}"
        if said in self.failures_told:
            return
        self.failures_told.add(said)
        from credo.ui.workers import crash_note

        note = crash_note(what, error)
        self.notify(note, title="Background task failed", severity="error")

    def action_runs(self) -> None:
        """The Runs view; esc there comes back to the view it was opened from."""
        self.runs_from = self.current_mode
        self.switch_mode("runs")

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        self.closing = True
        super().exit(result, return_code, message)

    async def on_event(self, event: events.Event) -> None:
        if self.closing and isinstance(event, events.InputEvent):
            return  # typed after quitting (the next shell command): each key would act unseen
        if isinstance(event, events.Key | events.MouseDown):
            self.came_back()
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            await self.typed_ahead.read(event)
        else:
            await super().on_event(event)

    def on_typed_ahead_passed(self, message: TypedAhead.Passed) -> None:
        self.typed_ahead.through(message)

    def away(self) -> bool:
        """Nobody has pressed a key or clicked for `AWAY_SECONDS` (a board left open in a
        tmux pane, a laptop asleep: the wall clock counts its sleep)."""
        since = self.last_input
        return since is not None and (self.clock() - since).total_seconds() >= AWAY_SECONDS

    def came_back(self) -> None:
        self.last_input = self.clock()
        self.say_missed()

    def say_missed(self) -> None:
        """Say the end of a timebox the user missed (`told_on_return`), once they are at
        the keyboard (a key or a click) and no dialog covers the view (a form closed)."""
        if self.told_on_return is None or self.away() or self.screen.is_modal:
            return
        (_, title, said), self.told_on_return = self.told_on_return, None
        self.notify(said, title=title, severity="warning")

    async def action_quit(self) -> None:
        """Quit; first ask when a view holds work not yet saved (a review being ticked, a
        form with words typed in it)."""
        from credo.ui.screens.base import CredoScreen, FormScreen
        from credo.ui.screens.task_forms import ChoiceScreen

        lost: list[str] = []
        for mode in self.MODES:
            try:
                stack = self.get_screen_stack(mode)
            except KeyError:  # a view not opened yet
                continue
            lost += [
                w for s in stack if isinstance(s, CredoScreen | FormScreen) and (w := s.unsaved())
            ]
        if not lost:
            self.exit()
            return

        def answered(answer: str | None) -> None:
            if answer == "quit":
                self.exit()

        self.push_screen(ChoiceScreen.losing("Quit", lost), answered)

    async def reveal(self, kind: type[Task | Experiment], item_id: str) -> None:
        """Select a task on the board, or an experiment in the experiment log, from
        another view; a filter that hides it gives way."""
        from credo.ui.screens.board import BoardScreen
        from credo.ui.screens.experiments import ExperimentsScreen

        await self.switch_mode("board" if kind is Task else "experiments")
        if isinstance(screen := self.screen, BoardScreen | ExperimentsScreen):
            screen.reveal(item_id)

    def action_report(self) -> None:
        from credo.ui.screens.report import ReportScreen

        if not isinstance(self.screen, ReportScreen):
            self.push_screen(ReportScreen())

    def action_change_theme(self) -> None:
        """Textual's theme list, with the light themes marked."""
        from textual.command import CommandPalette

        from credo.ui.themes import ThemeList

        self.push_screen(CommandPalette(providers=[ThemeList], placeholder="Search for themes…"))

    def action_help(self) -> None:
        from credo.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc closes Textual's Keys panel only while one is open: else the key (and the
        footer's `esc`) stays the screen's. A view's key (E, C, H, D) is off in that view,
        where it does nothing: the palette and the help leave it out there."""
        if action == "hide_help_panel":
            return bool(self.screen.query("HelpPanel"))
        if action == "switch_mode":
            return parameters != (self.current_mode,)
        return True

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from credo.ui.keys import binding_commands

        ours = binding_commands(screen)
        titles = {title for title, *_ in ours}
        # Textual's own Theme and Quit are ours too: each command is offered once.
        yield from (c for c in super().get_system_commands(screen) if c.title not in titles)
        for title, help_text, node, action in ours:
            yield SystemCommand(title, help_text, lambda n=node, a=action: self.run_action(a, n))


def credo_of(node: DOMNode) -> CredoApp:
    """The credo app a screen or widget belongs to, typed."""
    app = node.app
    assert isinstance(app, CredoApp)
    return app


def run_app(store: Store, notice: str = "") -> None:
    """Open the interface (called by `credo` with no command, and by `credo demo`); a
    crash exits non-zero. It draws in UTF-8 whatever the locale says (LANG=C, latin-1):
    its borders and marks have no other encoding, and a terminal that shows it is one.
    It follows the terminal's size, whatever COLUMNS and LINES say. Quitting gives the
    shell back without waiting for a read under way (a slow git), once every write under
    way has landed (`QuitWaitsForWrites`)."""
    if isinstance(sys.__stderr__, io.TextIOWrapper) and not writes_utf8(sys.__stderr__):
        sys.__stderr__.reconfigure(encoding="utf-8")  # where Textual draws
    # A size a shell's rc file exported is the terminal's size at the shell's start:
    # Textual (Python's get_terminal_size) takes it before the terminal's, and a window
    # resized was never drawn anew. The interface's children (git, squeue) draw nothing.
    for exported in ("COLUMNS", "LINES"):
        os.environ.pop(exported, None)
    import asyncio

    from credo.ui.workers import QuitWaitsForWrites

    app = CredoApp(store, notice=notice)

    async def running() -> None:
        asyncio.get_running_loop().set_default_executor(QuitWaitsForWrites())
        await app.run_async()

    asyncio.run(running())  # as `app.run()`, whose executor quitting waited for
    if app.return_code:
        raise SystemExit(app.return_code)
