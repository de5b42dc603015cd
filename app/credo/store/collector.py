"""The cyclic garbage collector kept off credo's many long-lived, cycle-free objects
(loaded items, and everything the interface's start-up builds): paused while a load
builds them, and frozen out of its walks after."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_held = False
"""The collector is off because `hold` turned it off (and `started` turns it back on)."""


def hold() -> None:
    """Start without the cyclic GC: until `started` (the interface's first frame) or
    `resumed` (a command's imports are in), nothing is collected.

    A start imports pydantic and credo (and the interface Textual, and builds the app):
    tens of thousands of objects that live as long as the process. Left on, the
    collector walks them over and over meanwhile (about 70 ms of the interface's 0.6 s
    start here, a full collection among them; 18 M instructions of `credo add`'s 674 M).
    """
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def resumed() -> None:
    """A command's imports are in: the GC runs again, nothing frozen (a load's `paused`
    moves what it builds to the oldest generation in O(1) only while nothing is). Nothing
    when `hold` did not turn it off.

    What the imports built goes to the oldest generation first, as `paused` moves a
    load's items (freeze + unfreeze, O(1), one thread yet): left young, the command's
    first collection would walk all of it (8 M instructions of `credo add`'s 656 M).
    """
    if _held:
        gc.freeze()
        gc.unfreeze()
        _enable()


def _enable() -> None:
    global _held
    _held = False
    gc.enable()


def started() -> None:
    """The start-up is over (the first frame is out): what is alive now is frozen out of
    the collector's walks, and it runs again. Nothing when `hold` did not turn it off.

    The start-up's garbage, if any, is frozen with the rest until the next
    `freeze_survivors`, which unfreezes and collects everything.
    """
    if _held:
        gc.freeze()  # kept frozen: `resumed` would unfreeze it
        _enable()


@contextmanager
def paused() -> Iterator[None]:
    """Build thousands of models without the cyclic GC walking them.

    Left on, the collector would run over and over during a load; paused, it walks
    every new object once when re-enabled (~15 ms of a warm load). They hold no
    cycles, so in a one-thread process (the CLI) they go straight to the oldest
    generation instead: freeze + unfreeze moves every tracked object there in O(1).
    The young generations are collected first, so no pending garbage goes with them.
    With other threads running (the app) it would also promote the garbage they make
    meanwhile, and a process that keeps objects frozen would see them unfrozen.
    """
    was_enabled = gc.isenabled()
    promote = threading.active_count() == 1 and gc.get_freeze_count() == 0
    if promote:
        gc.collect(1)
    gc.disable()
    try:
        yield
    finally:
        if promote:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def freeze_survivors() -> None:
    """Tens of thousands of long-lived task objects: keep the cyclic GC from walking
    them on every full collection (it showed as 100 ms hiccups on keys).

    Garbage is collected first, so no pending cycle is frozen for good; and what
    the last freeze kept goes back to be looked at (a modal's widgets, frozen while
    it was open, are garbage once it closes).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def freeze_now() -> None:
    """Keep what is alive now out of the GC's walks at once, with no collection.

    For a view that has just built thousands of rows and must draw them next. A
    collection of the young generations first walked those rows too (built with the
    GC paused, they are young): 0.3 to 0.4 s holding the interpreter, and the interface
    with it, for 20,000 runs. Garbage, if any (a cycle; the rest is freed as it is
    dropped), stays frozen until the next `freeze_survivors`, which unfreezes and
    collects everything.
    """
    gc.freeze()
