"""The user's terminal during `credo run`, when credo's stdin and stdout are that terminal.

The child gets a pseudo-terminal of its own, as under `script` or `expect`: it leads a
session there, so ctrl-c, ctrl-z, `input()`, pdb, progress bars and colours work as on
the real terminal, while credo stays the foreground job of the user's terminal and
copies the bytes both ways. credo never hands the user's terminal to another process
group (no `tcsetpgrp`), and changes its mode only while credo is in the foreground:
raw while the child runs, put back before credo stops, suspends or ends.

The child's process group is orphaned (its parent, credo, is in another session), so
the kernel drops the stop its pty would send on ctrl-z: credo sees the key and stops
the child itself (SIGTSTP for a handler, then SIGSTOP), and then itself. (A child that
is a shell running a job of its own gets the key: its job is not orphaned.)
"""

from __future__ import annotations

import fcntl
import functools
import os
import re
import termios
import tty
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from credo.runs.readable import ESCAPE

_SCREEN_LEFT = re.compile(rb"\x1b\[\?(1049|1047|47)l")
"""Leaving the alternate screen: a full-screen program puts the cursor back."""
_UNSEEN = bytes(range(32)) + b"\x7f"


def leaves_line_open(data: bytes, was_open: bool) -> bool:
    """Whether the cursor stays after text on its line once the terminal shows `data`
    (`was_open`: whether it did before), so that a line of credo's needs a newline first."""
    closed = max([data.rfind(b"\n") + 1, *(m.end() for m in _SCREEN_LEFT.finditer(data))])
    shown = ESCAPE.sub(b"", data[closed:]).translate(None, _UNSEEN)
    return bool(shown) or (was_open and closed == 0)


def in_the_foreground(stdin: int, stdout: int) -> bool:
    """Whether `stdin` and `stdout` are a terminal and credo is its foreground job: not in
    scripts, CI or nohup, nor in a job started with `&`, which the terminal would stop
    at its first read (until `fg`)."""
    try:
        return os.isatty(stdin) and os.isatty(stdout) and os.tcgetpgrp(stdin) == os.getpgrp()
    except OSError:
        return False


class Terminal:
    """The user's terminal (`fd`) and the child's pseudo-terminal (`master`)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.saved: list[Any] | None = None
        """The mode to put back; set while credo holds the terminal raw."""
        self.master, self.slave = os.openpty()
        try:  # the child starts with the user's settings (erase key, size...)
            termios.tcsetattr(self.slave, termios.TCSANOW, termios.tcgetattr(fd))
            termios.tcsetwinsize(self.slave, termios.tcgetwinsize(fd))
        except (termios.error, OSError):
            pass
        os.set_blocking(self.master, False)

    @classmethod
    def open(cls, stdin: int, stdout: int) -> Terminal | None:
        """A terminal session when `stdin` and `stdout` are the terminal credo is the
        foreground job of; None otherwise (scripts, CI, nohup, a background job)."""
        return cls(stdin) if in_the_foreground(stdin, stdout) else None

    def child_options(self) -> dict[str, Any]:
        """`subprocess.Popen` options: the pty as stdin/out/err and controlling terminal."""
        return {
            "stdin": self.slave,
            "stdout": self.slave,
            "stderr": self.slave,
            "start_new_session": True,
            # one C call between fork and exec (no Python code runs in the child)
            "preexec_fn": functools.partial(fcntl.ioctl, 0, termios.TIOCSCTTY, 0),
        }

    def child_started(self) -> None:
        """The child holds the pty now; credo's copy of its end must go, so the end of
        the child's output shows as the end of the master's."""
        os.close(self.slave)
        self.slave = -1

    def foreground(self) -> bool:
        try:
            return os.tcgetpgrp(self.fd) == os.getpgrp()
        except OSError:
            return False

    def take(self) -> None:
        """Raw mode on the user's terminal (keys go to the child as typed), if credo is
        in the foreground; a background credo leaves the terminal alone."""
        if self.saved is not None or not self.foreground():
            return
        try:
            saved = termios.tcgetattr(self.fd)
            tty.setraw(self.fd, termios.TCSADRAIN)
        except termios.error:
            return
        self.saved = saved

    def give_back(self) -> None:
        """The terminal's mode as it was before `take`."""
        saved, self.saved = self.saved, None
        if saved is None or not self.foreground():
            return
        try:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
        except termios.error:
            pass  # the terminal went away

    @property
    def raw(self) -> bool:
        return self.saved is not None

    def resize(self) -> None:
        """Give the child's pty the user's terminal size (the child gets SIGWINCH)."""
        try:
            termios.tcsetwinsize(self.master, termios.tcgetwinsize(self.fd))
        except (termios.error, OSError):
            pass

    def gone(self) -> bool:
        """Whether the user's terminal hung up (its window closed): it answers nothing."""
        try:
            termios.tcgetattr(self.fd)
        except termios.error:
            return True
        return False

    def hang_up_child(self) -> None:
        """Close the child's pty, as closing the window closed the user's: the kernel sends
        the child's session SIGHUP, and its reads of the terminal end. A program that
        missed the signal (caught between a check and a read) or ignores it, blocked
        reading its terminal, ends then as it would without credo."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def child_in_front(self, pgid: int) -> bool:
        """Whether group `pgid` (the child's own) is its pty's foreground group; not when
        the child is a shell running a job (which stops that job itself)."""
        try:
            return os.tcgetpgrp(self.master) == pgid
        except OSError:
            return False

    def signal_keys(self) -> tuple[bytes | None, bytes | None]:
        """The child's interrupt and suspend keys (ctrl-c, ctrl-z), while its pty makes
        signals of them; None for each it does not (a program in raw mode)."""
        try:
            attrs = termios.tcgetattr(self.master)
        except termios.error:
            return None, None
        if not attrs[3] & termios.ISIG:
            return None, None
        keys = attrs[6]
        return tuple(  # type: ignore[return-value]
            key if isinstance(key, bytes) and key != b"\0" else None
            for key in (keys[termios.VINTR], keys[termios.VSUSP])
        )

    @contextmanager
    def cooked(self) -> Iterator[None]:
        """The terminal's own mode for a moment (credo's own lines end in `\\n`)."""
        was_raw = self.raw
        self.give_back()
        try:
            yield
        finally:
            if was_raw:
                self.take()

    def close(self) -> None:
        self.give_back()
        for fd in (self.master, self.slave):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.master = self.slave = -1
