"""Keys typed in one instant (a paste, tmux `send-keys aCheck`), each to the widget the keys
before it left with the focus: `a` opens the add form, and `Check` is typed into it."""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from textual import events
from textual.app import App
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

LOOK_EVERY = 0.05
"""Seconds between looks at whether the widget a key went to is still there, while keys
wait for that key."""


class TypedAhead:
    """Textual forwards each key to the focused widget as it reads it, and a key's binding
    runs once the key has bubbled up to the app: the keys read meanwhile (typed in the
    same instant) went to the widget focused before that binding moved the focus (to a
    view, a form, a box), and ran its bindings (`/data` dropped the task under the cursor)
    or were lost (`aCheck` opened an empty form). Here a key is forwarded once the one
    before it is through, to the widget focused then, in a view mounted."""

    @dataclass
    class Passed(Message):
        """Sent behind a key on its way up: at the app, the key is through."""

        key: int
        """Which key (`TypedAhead.sent`)."""

    def __init__(self, app: App[None], forward: Callable[[events.Event], Awaitable[None]]):
        self.app = app
        self.forward = forward
        """Textual's own forwarding of a key read (`App.on_event`)."""
        self.held: deque[events.Key | events.Paste] = deque()
        """Keys read and not forwarded yet, in the order typed."""
        self.sent = 0
        """Keys forwarded so far."""
        self.on_its_way: Widget | None = None
        """Where the last key forwarded went, until it is through."""
        self.looks: Timer | None = None

    async def read(self, key: events.Key | events.Paste) -> None:
        """A key (or a paste) read from the terminal: forwarded now, or once the ones
        before it are through."""
        self.held.append(key)
        if len(self.held) == 1 and self.on_its_way is None:
            await self.send_next()
        elif self.looks is None:
            self.looks = self.app.set_interval(LOOK_EVERY, self.look)

    async def send_next(self) -> None:
        """Forward the first key held, once the view on top is mounted (a view just opened
        focuses its keys' widget as it mounts)."""
        screen = self.app.screen
        if not self.held or self.on_its_way is not None:
            return
        if not screen.is_mounted:
            screen.call_later(self.app.call_later, self.send_next)
            return
        key = self.held.popleft()
        await self.forward(key)
        if key.is_forwarded:  # to a widget
            self.on_its_way, self.sent = self.app.focused or screen, self.sent + 1
            self.on_its_way.post_message(self.Passed(self.sent))
        elif self.held:  # taken by a priority binding (ctrl+p): the next after what it did
            self.app.call_later(self.send_next)

    def look(self) -> None:
        """While keys are held: the widget the last key went to taken off (esc closed its
        dialog), the key's way ended there, and its `Passed` with it."""
        if not self.held and self.looks is not None:
            self.looks.stop()
            self.looks = None
        elif self.on_its_way is not None and not self.on_its_way.is_attached:
            self.through(self.sent)

    def through(self, key: int) -> None:
        """Key number `key` is through: the next goes once the focus it moved is set
        (`Widget.focus` sets it in a callback of the app's)."""
        if key != self.sent:
            return
        self.on_its_way = None
        if self.held:
            self.app.call_later(self.send_next)
