"""The standard streams as a script, a container or a cluster job hands them over: made
safe to use before any command runs."""

from __future__ import annotations

import codecs
import io
import os
import sys

from credo.display import held_as_utf8

_NAMES = ("stdin", "stdout", "stderr")

ASCII = "ascii-escaped"
"""ASCII (the C locale's, PYTHONIOENCODING=ascii's) under a name of its own: Click takes
a stream named `ascii` for a mistake and writes UTF-8 past it (its echo, prompts, usage
errors), while Rich writes through it, escaped: one output in two encodings."""


def _find(name: str) -> codecs.CodecInfo | None:
    if name != ASCII.replace("-", "_"):  # the name as codecs normalises it
        return None
    plain = codecs.lookup("ascii")
    return codecs.CodecInfo(
        plain.encode,
        plain.decode,
        incrementalencoder=plain.incrementalencoder,
        incrementaldecoder=plain.incrementaldecoder,
        streamreader=plain.streamreader,
        streamwriter=plain.streamwriter,
        name=ASCII,
    )


codecs.register(_find)

ESCAPED = "credo-escaped"
"""The streams' way with characters their encoding cannot take: `backslashreplace` (★ as
`\\u2605`), but bytes that were not text in the locale's encoding, which Python holds as
surrogates, as `held_as_utf8` reads them, the way files, JSON and file names shown hold
them: `café` typed under LC_ALL=C as the é it is (then `\\xe9` in ASCII, as `credo data`
shows a file so named), `credo done $'caf\\xe9'` in a latin-1 shell as the byte `\\xe9`,
never `\\udce9` or `\\xc3\\xa9`."""


def _escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    held = held_as_utf8(error.object[error.start : error.end])
    return held.encode("ascii", "backslashreplace").decode("ascii"), error.end


codecs.register_error(ESCAPED, _escape)


def sound_streams() -> None:
    """Standard streams credo can always use, whatever it was started with.

    A closed one (`credo ls >&-`, a daemon's job) is opened on /dev/null, as git does:
    Python would leave it None (every print a traceback), and the next file credo opened
    would take its number, so that a child (`credo run`'s command, git) writing to its
    stdout would write into that file. Characters the locale cannot encode (★ in a
    latin-1 locale, or in ASCII: PYTHONIOENCODING=ascii, LC_ALL=C with PYTHONUTF8=0) are
    written escaped (`\\u2605`) rather than raising, by Click as by Rich (`ASCII`), and a
    byte that was not text as the byte (`\\xe9`: `ESCAPED`). On the Linux console, marks
    its fonts cannot draw (⏱ ★ ✓) are written as ones they can (`credo.console_glyphs`).
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
            named_ascii = codecs.lookup(stream.encoding).name == "ascii"
            stream.reconfigure(encoding=ASCII if named_ascii else None, errors=ESCAPED)
    if os.environ.get("TERM") == "linux":  # marks its fonts lack drawn as ones they hold
        from credo.console_glyphs import draw_on_linux_console

        for stream in (sys.stdout, sys.stderr):
            draw_on_linux_console(stream)
