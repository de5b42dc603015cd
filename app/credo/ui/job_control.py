"""ctrl+z and coming back: the interface as a job of the shell it was started from.

Textual's LinuxDriver stops the process on SIGTSTP (leaving its terminal mode first) and
starts its terminal mode again on SIGCONT. `JobControlDriver` fills four gaps, through
the driver's private signal handlers (`_sigtstp_application`, `_sigcont_application`) and
its `_must_signal_resume` flag; tests/ui/test_job_control.py fails if they change:

- a stop that was no SIGTSTP (`kill -STOP` from htop, a scheduler suspending a job) left
  the terminal mode on, and SIGCONT started it a second time over the first: a second
  thread reading keys, and the mode to restore on quitting noted afresh (credo's own raw
  one, which the shell was then left in). It now leaves the mode and starts it again,
  after the shell that may have taken the terminal meanwhile gives it back;
- SIGCONT asked for no repaint after such a stop: what the shell wrote stayed on screen;
- with no shell to come back to, a stop froze credo for good (see `has_job_control`);
- a SIGTSTP stopped credo alone: where the shell's child was another (make, sh), the shell
  never saw its job stop, and the terminal hung.

It also draws whole frames where PYTHONUNBUFFERED is set (see `buffered`).
"""

from __future__ import annotations

import io
import os
import signal
from typing import TYPE_CHECKING, Any

from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from textual.app import App


def has_job_control() -> bool:
    """Whether a shell can bring credo back after a stop (`fg`): credo runs in a job of
    its own, the process group an interactive shell makes for each command line. Started
    first in its terminal's session (`tmux new-window credo`, `ssh -t host credo`), it is
    in the session's first group, which nobody brings back: the kernel ignores a
    terminal's stop there, and so does credo."""
    try:
        return os.getpgrp() != os.getsid(0)
    except OSError:
        return False


def buffered(stream: io.TextIOWrapper | None) -> io.TextIOWrapper | None:
    """`stream`, or where PYTHONUNBUFFERED (`python -u`) left it no buffer, a stream of its
    own on the same file, with its encoding and errors, that writes through one.

    Textual writes each frame with one write of its stream (stderr). Unbuffered, that is
    one write(2), whose count goes unread: a terminal slower than credo (ssh, a loaded
    machine) held the write, a signal landing meanwhile in the thread that writes (a git
    child's SIGCHLD, a SIGWINCH) ended it with part of the frame written, and the rest
    never came: the board stopped at a row, no footer, until something drew those rows
    again. A buffered stream writes on until all of it is written.
    """
    if not (isinstance(stream, io.TextIOWrapper) and isinstance(stream.buffer, io.RawIOBase)):
        return stream
    return open(stream.fileno(), "w", encoding=stream.encoding, errors=stream.errors, closefd=False)


class JobControlDriver(LinuxDriver):
    """Textual's driver for Linux and macOS, stopped and continued as a shell's job.

    Its signal handlers only schedule the work on the event loop: run in the handler, it
    could interrupt the app amid a frame's write to the output queue, whose lock the
    handler's own writes would then wait on for ever. (credo runs no program inside
    `App.suspend`, which Textual's handlers also serve.)
    """

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self._file = buffered(self._file)

    def _sigtstp_application(self, *_: object) -> None:
        if has_job_control():
            self._loop.call_soon_threadsafe(self._stop_job)

    def _sigcont_application(self, *_: object) -> None:
        self._loop.call_soon_threadsafe(self._continued)

    def _stop_job(self) -> None:
        self.suspend_application_mode()
        self._must_signal_resume = True
        # The whole job, as the terminal's own ctrl+z stops it (Textual stops credo alone):
        # a shell sees its job stop through its own child, make or sh under `make demo`.
        os.killpg(os.getpgrp(), signal.SIGSTOP)

    def _continued(self) -> None:
        if not self._must_signal_resume:  # stopped in terminal mode, not by a SIGTSTP
            if not self._in_front():
                # continued in the background (`kill -CONT` while the shell has the
                # terminal): drawing would write over the shell; wait for `fg`
                os.kill(os.getpid(), signal.SIGSTOP)
                return
            self.suspend_application_mode()
            self._must_signal_resume = True
        self.resume_application_mode()  # which has the app draw everything again

    def _in_front(self) -> bool:
        """Whether credo's job has the terminal (its foreground process group)."""
        try:
            return os.tcgetpgrp(self.fileno) == os.getpgrp()
        except OSError:  # not a terminal: no job control to wait for
            return True
