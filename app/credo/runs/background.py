"""Work started in a thread at once, whose result is collected later."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar, cast

T = TypeVar("T")


class Background(threading.Thread, Generic[T]):
    """`work()` in a thread, started at once; `result()` waits and returns (or raises) it.

    `credo run` overlaps slow reads (git, nvidia-smi) with its own start-up and end.
    """

    def __init__(self, work: Callable[[], T]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.value: T | None = None
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.value = self.work()
        except BaseException as error:  # handed to the caller by result()
            self.error = error

    def result(self) -> T:
        self.join()
        if self.error is not None:
            raise self.error
        return cast(T, self.value)  # set by run(): None only when work() returned None


def joined(thread: threading.Thread, timeout: float | None, stop: threading.Event | None) -> bool:
    """Wait for `thread` to end, `timeout` seconds at most (None: no limit), and no longer
    once `stop` is set; whether it ended. A signal handler can set `stop`: the wait looks
    at it every 50 ms (a handler that raises nothing does not end a `join`)."""
    if stop is None:
        thread.join(timeout)
        return not thread.is_alive()
    deadline = None if timeout is None else time.monotonic() + timeout
    while thread.is_alive() and not stop.is_set():
        left = 0.05 if deadline is None else min(0.05, deadline - time.monotonic())
        if left <= 0:
            break
        thread.join(left)
    return not thread.is_alive()
