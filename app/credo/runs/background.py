"""Work started in a thread at once, whose result is collected later."""

from __future__ import annotations

import threading
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
