"""The saved output of a run: `output.log`, capped, keeping its head and its tail.

The head goes to disk as it arrives (a crash keeps it); the tail is held in memory
and appended when the run ends, after a line saying how much was cut. A write that
fails (a full disk) stops the saving, never the run: the terminal still gets it all.
"""

from __future__ import annotations

import os
from collections import deque
from pathlib import Path

DEFAULT_LIMIT = 10_000_000
OUTPUT_FILE = "output.log"


class CappedLog:
    """Keeps the first `limit/2` and the last `limit/2` bytes of a stream in `path`."""

    def __init__(self, path: Path, limit: int = DEFAULT_LIMIT) -> None:
        self.path = path
        self.head_limit = limit // 2
        self.tail_limit = limit - self.head_limit
        self.total = 0
        self.head_written = 0
        self.tail: deque[bytes] = deque()
        self.tail_size = 0
        self.error: str | None = None
        self._fd: int | None = None
        try:
            self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)  # umask's
        except OSError as error:
            self.error = f"cannot save the output to {path.name}: {error.strerror}"

    @property
    def cut(self) -> int:
        """Bytes dropped from the middle (0 when the log is whole)."""
        return max(self.total - self.head_written - self.tail_size, 0)

    def write(self, data: bytes) -> None:
        self.total += len(data)
        room = self.head_limit - self.head_written
        if room > 0:
            part, data = data[:room], data[room:]
            self._write_disk(part)
            self.head_written += len(part)
        if data and self.tail_limit > 0:
            self.tail.append(data)
            self.tail_size += len(data)
            while self.tail_size - len(self.tail[0]) >= self.tail_limit:
                self.tail_size -= len(self.tail.popleft())

    def retract(self, size: int) -> int:
        """Take back the last `size` bytes written (a line a progress display redraws).

        Returns how many were taken back: all of them, or 0 when they are no longer
        held whole (cut from the middle, or the file could not be shortened).
        """
        if size <= 0 or size > self.total:
            return 0
        if self.tail_size >= size:
            left = size
            while left:
                last = self.tail.pop()
                if len(last) > left:
                    self.tail.append(last[: len(last) - left])
                    break
                left -= len(last)
            self.tail_size -= size
            self.total -= size
            return size
        if self.tail_size or self.cut or self._fd is None:
            return 0  # part of them was written before the tail, or dropped
        try:
            os.ftruncate(self._fd, self.head_written - size)
            os.lseek(self._fd, self.head_written - size, os.SEEK_SET)
        except OSError:
            return 0
        self.head_written -= size
        self.total -= size
        return size

    def _write_disk(self, data: bytes) -> None:
        if self._fd is None or not data:
            return
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as error:
            kept = os.lseek(self._fd, 0, os.SEEK_CUR)  # a write cut short kept part of it
            self.error = f"saving {self.path.name} stopped after {kept} bytes: " + (
                error.strerror or str(error)
            )
            self._close_fd()

    def close(self) -> None:
        """Append the tail (after a note of what was cut) and close the file."""
        tail = b"".join(self.tail)
        if len(tail) > self.tail_limit:
            tail = tail[len(tail) - self.tail_limit :]
        self.tail_size = len(tail)
        if tail:
            if self.cut:
                self._write_disk(
                    f"\n[credo: {self.cut} bytes of output cut here; "
                    f"the first and last {self.tail_limit} bytes are kept]\n".encode()
                )
            self._write_disk(tail)
        if self._fd is not None:
            try:
                os.fsync(self._fd)
            except OSError:
                pass
        self._close_fd()

    def _close_fd(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None

    def summary(self) -> str:
        """One line for the run record: whole, cut (how much), or what went wrong."""
        if self.error:
            return self.error
        if self.cut:
            return f"cut: {self.total} bytes, middle {self.cut} bytes dropped"
        return f"whole: {self.total} bytes"
