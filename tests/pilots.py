"""Waiting for a Textual app to be still, shared by the interface tests."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.screen import Screen
from textual.worker import WorkerCancelled

from credo.store import Store


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as plain text (one line per row)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


async def workers_done(app: App[Any]) -> None:
    """Wait until no worker is running; a worker cancelled by a newer one is not an error.

    The Markdown pane cancels its own render when a second update arrives, so a
    plain `wait_for_complete()` raises now and then depending on timing.
    """
    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        return


async def settle(pilot: Any) -> None:
    """Let workers finish, and the workers their answers start, then let the screen repaint."""
    for _ in range(20):
        await workers_done(pilot.app)
        await pilot.pause()
        if not any(not worker.is_finished for worker in pilot.app.workers):
            break
    await pilot.pause()


S = TypeVar("S", bound=Screen[Any])


async def opened(pilot: Any, key: str, kind: type[S]) -> S:
    """`key` pressed, and the `kind` of screen it opened (settled)."""
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind), screen
    return screen


@asynccontextmanager
async def look_in_flight(
    pilot: Any,
    monkeypatch: pytest.MonkeyPatch,
    look: Callable[[], object],
    kinds: tuple[type, ...] | None = None,
) -> AsyncIterator[None]:
    """Start `look` (a view's load worker) and hold it between its stamps and its read
    while the block runs: a key pressed inside lands while the look is at the files.
    On leaving, the look goes on and its answer is handled. `kinds`: only the loads of
    these are held (all by default)."""
    started, go = threading.Event(), threading.Event()
    load = Store.load

    def held(store: Store, kind: type, stamps: object = None) -> object:
        if threading.current_thread() is not threading.main_thread() and (
            kinds is None or kind in kinds
        ):
            started.set()  # the stamps are taken: the files as they were
            go.wait(5)
        return load(store, kind, stamps)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "load", held)
    look()
    for _ in range(100):
        if started.is_set():
            break
        await pilot.pause(0.01)
    try:
        yield
    finally:
        go.set()
        monkeypatch.setattr(Store, "load", load)
        await workers_done(pilot.app)
        await pilot.pause()


async def until(pilot: Any, condition: Callable[[], object], what: str = "") -> None:
    """Let the app run until `condition()` holds: a test waits for what it means, and
    fails (not hangs) only if it never comes within a minute, however loaded the machine."""
    import time

    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what or condition}"
        await pilot.pause(0.05)


def said(app: App[Any]) -> list[str]:
    """Every notification the app has made, oldest first, including those whose toast
    has gone (kept by the `notices_kept` fixture of tests/ui)."""
    return list(app.__dict__.get("said", []))


async def esc_asks_before_it_drops(pilot: Any, field: str, words: str) -> None:
    """In the form open now, type `words` into `field` (it has the focus) and press esc:
    the question comes; esc to it goes back to the form, the words kept; esc then y
    closes the form."""
    from credo.ui.screens.base import FormScreen
    from credo.ui.screens.task_forms import ChoiceScreen

    app, form = pilot.app, pilot.app.screen
    assert isinstance(form, FormScreen)
    await pilot.press(*words, "escape")
    await pilot.pause()
    assert isinstance(app.screen, ChoiceScreen), app.screen
    question = str(app.screen.query_one("Label").render())
    assert f"Leave and lose what is typed in {form.FORM}?" in question, question
    await pilot.press("escape")  # no: back to the form, the words still there
    await pilot.pause()
    assert app.screen is form
    assert words in form.query_one(field).value
    await pilot.press("escape", "y")  # yes: the form is gone
    await pilot.pause()
    assert form not in app.screen_stack


def reads_while_applying(monkeypatch: pytest.MonkeyPatch, screen: type[Any]) -> list[str]:
    """The ids `Store.read` reads while `screen.apply_changes` runs, kept as the test goes:
    what a change wrote is shown from the bytes it holds (`Store.parse`), not read back
    from the disk on the interface thread (a slow or hung mount froze the view)."""
    applying: list[bool] = []
    ids: list[str] = []
    read, apply = Store.read, screen.apply_changes

    def spied_read(store: Store, kind: Any, item_id: str) -> Any:
        if applying:
            ids.append(item_id)
        return read(store, kind, item_id)

    def spied_apply(view: Any, changes: list[Any]) -> None:
        applying.append(True)
        try:
            apply(view, changes)
        finally:
            applying.pop()

    monkeypatch.setattr(Store, "read", spied_read)
    monkeypatch.setattr(screen, "apply_changes", spied_apply)
    return ids


class Held:
    """A read made slow on purpose, in place of `read`: each call from a worker thread
    counts in `started`, then waits until `release()` (the first layout's and the UI
    thread's own calls go straight through while `go` is set, as before `hold()`)."""

    def __init__(self, read: Callable[..., Any]) -> None:
        self.read = read
        self.started = 0
        self.go = threading.Event()
        self.go.set()

    def hold(self) -> None:
        self.started = 0
        self.go.clear()

    def release(self) -> None:
        self.go.set()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread() and not self.go.is_set():
            self.started += 1
            self.go.wait(30)
        return self.read(*args, **kwargs)


def typed(app: App[Any], *keys: str) -> None:
    """`keys` as the terminal reads them, not waiting for what each does (as `pilot.press`
    waits): a character (`/`, `C`) or a key's name (`escape`). All in one call, they come
    in one instant, as a paste or tmux `send-keys aCheck` does."""
    from textual import events
    from textual.keys import _character_to_key

    for key in keys:
        character = key if len(key) == 1 else None
        event = events.Key(_character_to_key(key) if character else key, character)
        event.set_sender(app)
        app._driver.send_message(event)


async def keys_through(pilot: Any) -> None:
    """Let the app run until every key typed ahead is through (`typed`, `typed_fast`):
    workers finished, no key held and none on its way (the last may wait for a look, 50
    ms). A test that stops before, under load, leaves keys to arrive at an app closing."""
    ahead = pilot.app.typed_ahead
    await settle(pilot)
    await until(pilot, lambda: not ahead.held and ahead.on_its_way is None, "the keys")
    await settle(pilot)


async def typed_fast(pilot: Any, key: str, then: str, times: int = 200, after: int = 10) -> Any:
    """Press `key`, then `then` as fast as a key held down repeats (up to `times`, and
    `after` more once the new screen is there), not waiting for what `key` opens (as
    `pilot.press` waits): the first widget of a new screen that had the keys, or None if
    none had them. Each key goes once the one before is through: under load, 200 of them
    took over a minute to go, and a test ended with them still on their way."""
    import asyncio

    app = pilot.app
    before, first = app.screen, None
    typed(app, key)
    for _ in range(times):
        await asyncio.sleep(0.001)
        if first is None and app.screen is not before:
            first = app.screen.focused
        if first is not None:
            if after == 0:
                break
            after -= 1
        typed(app, then)
    return first
