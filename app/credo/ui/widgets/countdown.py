"""The running experiment's countdown, in the header of every view.

The app's poll reads which experiment runs, in its worker (another terminal may start
one); the widget redraws each second from the pure `remaining` rule. At the end of the
timebox it notifies once (toast and bell) and turns to the warning colour: it never
extends by itself. Time added on purpose shows beside the clock (`45m +15m`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from credo.display import visible
from credo.domain.current import shown_experiment
from credo.domain.models import Experiment, ExperimentStatus
from credo.domain.timebox import clock_words, format_countdown, remaining, timebox_words
from credo.ui.polling import Look, StoreFeed

if TYPE_CHECKING:
    from credo.ui.app import CredoApp


class Countdown(Static):
    """`⏱ 12:34 hypothesis…`; `+03:10` in the warning colour once the timebox is spent."""

    DEFAULT_CSS = """
    Countdown {
        width: auto;
        max-width: 60;
        height: 1;
        color: $success;
        pointer: pointer;  /* a click opens its experiment in the log */
        &.-paused { color: $text-muted; }
        &.-overrun { color: $warning; text-style: bold; }
        &.-idle { color: $text-muted; pointer: default; }
    }
    """

    @dataclass
    class Found(Message):
        """The experiment running (or paused) now, from the worker; None when there is none."""

        experiment: Experiment | None
        look: Look
        elsewhere: tuple[Experiment, str] | None = None
        """With none here: one running in another worktree, and where (`running_in`)."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, Countdown.Found)  # only the newest answer matters

    @dataclass
    class Ticked(Message):
        """A second passed: other clocks on the screen redraw at this same moment."""

        moment: datetime

    def __init__(self, *, poll_seconds: float = 1.0) -> None:
        super().__init__("", id="countdown", markup=False)  # it shows a hypothesis as it is
        self.poll_seconds = poll_seconds
        self.experiment: Experiment | None = None
        self.elsewhere: tuple[Experiment, str] | None = None
        self._text = ""
        self.feed: StoreFeed | None = None

    @property
    def credo(self) -> CredoApp:
        from credo.ui.app import credo_of

        return credo_of(self)

    def on_mount(self) -> None:
        credo = self.credo
        self.feed = StoreFeed(
            credo.store, credo.history, (Experiment,), worktrees=True, me=credo.me_for_reads
        )
        self.set_interval(self.poll_seconds, self.tick)
        self.app.screen_change_signal.subscribe(self, self.screen_changed)
        # Textual tells of a pushed screen before its widgets mount: this one missed it, and
        # drew nothing (its blank padding in the running colour) until its first look or tick
        self.experiment, self.elsewhere = credo.running
        self.show()

    def on_unmount(self) -> None:
        self.app.screen_change_signal.unsubscribe(self)

    def screen_changed(self, screen: Screen[object]) -> None:
        # Out of sight it stood still, and its looks with it: back in sight, it shows what
        # the newest look found (another view's: an experiment closed meanwhile is no
        # timebox to announce), now, not a tick from now.
        if screen is self.screen:
            self.catch_up()

    def catch_up(self) -> None:
        """Show what the newest look found (`credo.running`, maybe another view's), now."""
        self.experiment, self.elsewhere = self.credo.running
        self.tick()

    async def on_click(self) -> None:
        """A click opens the experiment log on the experiment the clock counts for (people
        click the clock to see it): whichever one the log had selected before."""
        if self.experiment is not None:
            await self.credo.reveal(Experiment, self.experiment.id)

    def tick(self) -> None:
        if not self.screen.is_current:  # a view left open in another mode or under one
            return
        moment = self.credo.clock()
        self.show(moment)
        self.post_message(self.Ticked(moment))

    def look(self) -> None:
        """In the app's poll worker: look at the experiments when they may have changed
        (`StoreFeed.due`, here, and `look_after`), and post what runs to this countdown."""
        if self.feed is None:
            return
        from credo.actions.experiments import here, running_in

        store = self.feed.store
        look = self.feed.look_after(self.feed.due())
        if look is None or not self.feed.changed(look):  # as shown: no record read
            return
        loaded = store.load(Experiment, look.stamps[0])
        me = self.feed.me
        shown = shown_experiment(here(store, loaded.items.values(), me))
        away = [(e, where) for e in loaded.items.values() if (where := running_in(store, e, me))]
        self.post_message(self.Found(shown, look, None if shown or not away else away[0]))

    def on_countdown_found(self, message: Found) -> None:
        message.stop()
        if self.feed is not None:
            if not self.feed.fresh(message.look):
                self.feed.again()  # it began before the app's last write: look again
                self.credo.poll()
                return
            self.feed.signature = message.look.signature  # what it shows, for `changed`
        self.experiment = message.experiment
        self.elsewhere = message.elsewhere
        self.credo.running = (self.experiment, self.elsewhere)
        self.show()
        from credo.ui.widgets.header import header_on_top

        # A view opened while this look was under way had its own look skipped (one at a
        # time, `CredoApp.look`): its clock would stay empty until the next poll. One not
        # mounted yet (no feed, no screen) reads `credo.running` as it mounts.
        on_top = header.countdown if (header := header_on_top(self.app)) else self
        if on_top is not self and on_top.feed is not None:
            on_top.catch_up()

    def show(self, moment: datetime | None = None) -> None:
        """Draw the experiment at `moment` (else now); nothing is touched when the text and
        colour stay the same.

        The header is `width: auto`, so every update lays out the screen again: an
        idle countdown that redrew each second repainted the whole board with it.
        """
        exp = self.experiment
        state, text = "-idle", ""
        if exp is not None:
            left = remaining(exp, moment or self.credo.clock())
            hypothesis = visible(exp.hypothesis, lines=False)  # the header cuts it to its room
            label = format_countdown(left)
            if exp.extensions:
                label += f" ({timebox_words(exp)})"
            if exp.status == ExperimentStatus.PAUSED:
                state, text = "-paused", f"⏸ {label} {hypothesis}"
            elif left.total_seconds() < 0:
                state, text = "-overrun", f"⏱ {label} over · {hypothesis}"
                self.announce(exp, (moment or self.credo.clock()) + left)
            else:
                state, text = "", f"⏱ {label} {hypothesis}"
        elif self.elsewhere is not None:  # its clock is that worktree's, not this one's
            away, where = self.elsewhere
            text = f"running in {where}: {visible(away.hypothesis, lines=False)}"
        missed = self.credo.told_on_return
        if missed and not (exp is not None and exp.id == missed[0] and state == "-overrun"):
            self.credo.told_on_return = None  # closed, paused or extended meanwhile: past news
        for name in ("-paused", "-overrun", "-idle"):
            self.set_class(name == state, name)
        if text != self._text:
            # Ticking digits keep the width: only a new length needs a layout.
            self.update(text, layout=len(text) != len(self._text))
            self._text = text

    def announce(self, exp: Experiment, ended: datetime) -> None:
        """Once per experiment and budget (an extension's end is told again), per app
        session: a toast and the terminal bell. Ended while nobody was at the keyboard,
        it is said once more at the next key or click, with when it ended: the toast went
        after a few seconds, and hours later only the header's `+3:12:40 over` was left.
        Ended while a form was over the view, it is said once more as the form closes: the
        toast came and went while the form was being filled in."""
        told = self.credo.timebox_told
        key = (exp.id, exp.budget.total_seconds())
        if key in told:
            return
        told.add(key)
        self.app.bell()
        what_next = (
            "Close it with an outcome or pause it; to go on, add time on purpose "
            "(+ in the experiment log, or credo exp extend)."
        )
        self.app.notify(
            f"The {timebox_words(exp)} timebox of “{exp.hypothesis}” is up. {what_next}",
            title="Timebox over",
            severity="warning",  # and the app's usual timeout: the clock goes on saying it
        )
        away, covered = self.credo.away(), self.app.screen.is_modal
        if away or covered:
            at = clock_words(ended, self.credo.clock())
            self.credo.told_on_return = (
                exp.id,
                "While you were away" if away else "Timebox over",
                f"The {timebox_words(exp)} timebox of “{exp.hypothesis}” ran out at {at}."
                f" {what_next}",
            )
