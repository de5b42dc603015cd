"""When a view freezes what it loaded out of the cyclic GC's walks (see
`credo.store.collector.freeze_survivors`): after its load has gone out, and only while
it is the view shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from credo.store import collector

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer


class Freezer:
    """Freezes the survivors `seconds` after the last load of `screen`.

    The full collection first holds the interpreter, and with it the thread that writes
    frames out, for tens of milliseconds on a big store. So it waits for the frame that
    shows the load (and a burst of loads freezes once), and it never lands while another
    view is on top: that view may be opening, and the collection would stall its first
    draw. It happens instead when `screen` is shown again (`resumed`).
    """

    def __init__(self, screen: Screen[Any], seconds: float) -> None:
        self.screen = screen
        self.seconds = seconds
        self._timer: Timer | None = None
        self._waiting = False
        """Due while another view was on top: freeze once this one is back."""

    def after_load(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.screen.set_timer(self.seconds, self._due)

    def resumed(self) -> None:
        if self._waiting:
            self._waiting = False
            self.after_load()

    def _due(self) -> None:
        self._timer = None
        if self.screen.app.screen is self.screen:
            collector.freeze_survivors()
        else:
            self._waiting = True
