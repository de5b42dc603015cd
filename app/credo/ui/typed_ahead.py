"""Keys typed in one instant (a paste, tmux `send-keys aCheck`), each to the widget the keys
before it left with the focus: `a` opens the add form, and `Check` is typed into it; after
`aTitle` and enter, the next key waits for the form's answer (it closes, or says why not)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.worker import Worker

LOOK_EVERY = 0.05
"""Seconds between looks at whether the widget a key went to is still there, or the worker
reading what it submitted has ended, while keys wait for that key."""
WAIT_AT_MOST = 1.0
"""Seconds the keys typed behind a key wait for the worker it started (`wait_for`): a
read that takes longer is stuck (a hung network mount), and the keys go on where the
focus is, as a person who waited that long sees nothing asked."""


class TypedAhead:
    """Textual forwards each key to the focused widget as it reads it, and a key's binding
    runs once the key has bubbled up to the app: the keys read meanwhile (typed in the
    same instant) went to the widget focused before that binding moved the focus (to a
    view, a form, a box), and ran its bindings (`/data` dropped the task under the cursor)
    or were lost (`aCheck` opened an empty form). Here a key is forwarded once the one
    before it is through, to the widget focused then, in a view mounted: through its
    binding, what the binding posted (enter's `Input.Submitted`), and the answer of a
    worker that reads what it submitted (`wait_for`)."""

    @dataclass
    class Passed(Message):
        """Sent behind a key on its way up: at the app, the key is through."""

        key: int
        """Which key (`TypedAhead.sent`)."""
        behind: bool = False
        """Sent again from the app once the key was there, behind what its binding posted
        to the widget: enter's `Input.Submitted` was handled after the next key was sent,
        which the add box typed in (`Titlej`)."""

    def __init__(self, app: App[None], forward: Callable[[events.Event], Awaitable[None]]):
        self.app = app
        self.forward = forward
        """Textual's own forwarding of a key read (`App.on_event`)."""
        self.held: deque[events.Key | events.Paste] = deque()
        """Keys read and not forwarded yet, in the order typed."""
        self.sent = 0
        """Ways begun so far (a key forwarded, a form's answer followed): a `Passed` from
        an earlier one is stale."""
        self.on_its_way: MessagePump | None = None
        """Where the last key forwarded went, until it is through."""
        self.answer: Worker[Any] | None = None
        """A worker reading what the key on its way submitted (`wait_for`)."""
        self.answer_holds = False
        """Whether the keys typed after the key's way ended wait for `answer` too."""
        self.waited_from = 0.0
        """When `answer` began to be waited for (`time.monotonic`)."""
        self.looks: Timer | None = None

    async def read(self, key: events.Key | events.Paste) -> None:
        """A key (or a paste) read from the terminal: forwarded now, or once the ones
        before it are through."""
        self.held.append(key)
        if len(self.held) == 1 and self.on_its_way is None:
            await self.send_next()
        else:
            self.look_on()

    def wait_for(self, worker: Worker[Any], *, keys_meanwhile: bool = False) -> None:
        """`worker` reads what the last key forwarded asked for (p's look at which
        experiment runs, off the interface thread): the keys typed behind that key wait
        until it has ended and what it then asks (a question) is mounted and focused,
        even when the key's way ended before it (a view opened reads as it mounts), as
        long as no key was forwarded since, and for `WAIT_AT_MOST` at most.
        `keys_meanwhile`: the view takes the keys typed after the key's way ended while
        the worker reads (a form saying `reading the date…`); only those typed in the
        same instant wait for its answer."""
        if self.on_its_way is None:
            if keys_meanwhile:
                return
            self.on_its_way = worker.node  # its answer is the way's end (`look`)
        self.answer, self.answer_holds = worker, not keys_meanwhile
        self.waited_from = time.monotonic()
        self.look_on()

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

    def look_on(self) -> None:
        if self.looks is None:
            self.looks = self.app.set_interval(LOOK_EVERY, self.look)

    def look(self) -> None:
        """While keys are held or a worker is waited for: the widget the last key went to
        taken off (esc closed its dialog), the key's way ended there, and its `Passed` with
        it. The worker reading what it submitted ended: its answer was posted to the form
        (or asked, `call_from_thread`), which has handled it once a `Passed` sent behind it
        is back (a failed worker posts none: the keys go on all the same). Waited for longer
        than `WAIT_AT_MOST`, it is left to answer when it can."""
        if not self.held and self.answer is None and self.looks is not None:
            self.looks.stop()
            self.looks = None
        elif self.on_its_way is not None and not self.on_its_way.is_attached:
            self.ended()
        elif self.answer is not None and self.answer.is_finished:
            form, self.answer = self.answer.node, None
            self.on_its_way, self.sent = form, self.sent + 1
            form.post_message(self.Passed(self.sent, behind=True))
        elif self.answer_holds and time.monotonic() - self.waited_from > WAIT_AT_MOST:
            self.ended()  # stuck: the keys go on

    def through(self, message: Passed) -> None:
        """A key's `Passed` is back at the app: sent again behind what the key's binding
        posted, then the key is through, unless a worker reads what it submitted while
        keys typed with it wait, or any typed behind it (`wait_for`): `look` follows the
        worker."""
        if message.key != self.sent:
            return
        way = self.on_its_way
        if not message.behind and way is not None and way.is_attached:  # not closed (esc, y)
            way.post_message(self.Passed(message.key, behind=True))
        elif self.answer is None or not (self.held or self.answer_holds):
            self.ended()

    def ended(self) -> None:
        """The last key's way ended: the next goes once the focus it moved is set
        (`Widget.focus` sets it in a callback of the app's)."""
        self.on_its_way = self.answer = None
        self.answer_holds = False
        if self.held:
            self.app.call_later(self.send_next)
