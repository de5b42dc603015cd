"""The write lock every credo process takes before writing: one `flock` on a file.

(What the `filelock` package does on Unix, without its import: it cost `credo add` more
than the rest of its work. An older credo's filelock and this lock exclude each other.)
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_SECONDS = 0.05


class LockTimeout(Exception):
    """Another process held the lock for the whole timeout."""


@contextmanager
def held(path: Path, timeout: float) -> Iterator[None]:
    """Hold the lock on `path` (made if missing, never through a link) inside the block;
    LockTimeout after `timeout` seconds of waiting. Closing the file releases it, so a
    process that dies releases it too."""
    # The umask's mode: a teammate of the group sharing the clone (umask 002) takes it too.
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(str(path)) from None
                time.sleep(POLL_SECONDS)
        yield
    finally:
        os.close(fd)
