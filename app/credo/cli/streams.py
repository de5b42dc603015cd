"""The standard streams as a script, a container or a cluster job hands them over: made
safe to use before any command runs."""

from __future__ import annotations

import io
import os
import sys

_NAMES = ("stdin", "stdout", "stderr")


def sound_streams() -> None:
    """Standard streams credo can always use, whatever it was started with.

    A closed one (`credo ls >&-`, a daemon's job) is opened on /dev/null, as git does:
    Python would leave it None (every print a traceback), and the next file credo opened
    would take its number, so that a child (`credo run`'s command, git) writing to its
    stdout would write into that file. Characters the locale cannot encode (★ where
    LANG=C or a latin-1 locale, or PYTHONIOENCODING=ascii) are written escaped (`\\u2605`)
    rather than raising. On the Linux console, marks its fonts cannot draw (⏱ ★ ✓) are
    written as ones they can (`credo.console_glyphs`).
    """
    for fd, name in enumerate(_NAMES):
        try:
            os.fstat(fd)
        except OSError:  # closed: the lower ones are open by now, so it gets this number
            opened = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
            os.set_inheritable(fd, True)
            reopened = open(fd, "r" if fd == 0 else "w", closefd=False)  # noqa: SIM115
            setattr(sys, name, reopened)
            setattr(sys, f"__{name}__", reopened)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    if os.environ.get("TERM") == "linux":  # marks its fonts lack drawn as ones they hold
        from credo.console_glyphs import draw_on_linux_console

        for stream in (sys.stdout, sys.stderr):
            draw_on_linux_console(stream)
