"""Following a run while it writes: its output and its metrics, as they grow.

Views read a run's files once, then ask `RunTail.more()` every second or so while the
run goes on: it reads only what was appended (whole lines), and starts again from the
top when a file shrank or was replaced (`output.log` takes back a progress line it
redrew). Read-only, bounded by `limit`, never through a link (see `store.confine`).
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from credo.display import visible
from credo.domain.models import Run
from credo.errors import BadFileError
from credo.runs.metrics import METRICS_FILE, MetricsReader
from credo.runs.output import OUTPUT_FILE
from credo.store.confine import open_plain, read_head
from credo.store.store import Store

SHOWN_BYTES = 2_000_000
"""Diffs beyond this are not shown (the files on disk are whole)."""
SHOWN_OUTPUT_BYTES = 200_000
"""The most of a run's output a view holds, its end (see `OutputTail`)."""
_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


def run_diff(store: Store, run: Run, folder: Path) -> str:
    """The diffs saved with `run` (at its start and its end; once when they are one) as
    text safe to show: colour codes dropped, other controls made visible, cut past
    SHOWN_BYTES (saying so); a file that cannot be read says why, in brackets."""
    names: list[str] = []
    for git in (run.git_start, run.git_end):
        if git is not None and git.patch and git.patch not in names:
            names.append(git.patch)
    texts = (_read_diff(folder / name, store.label(folder / name)) for name in names)
    return "\n".join(visible(_COLOURS.sub("", text)) for text in texts)


def patches_here(run: Run, folder: Path) -> bool:
    """Whether the diffs saved with `run` are in its `folder` here: a teammate's run,
    shared by committing `.credo/`, keeps them in the clone that ran it."""
    saved = [git.patch for git in (run.git_start, run.git_end) if git is not None and git.patch]
    return all((folder / name).is_file() for name in saved)


def _read_diff(path: Path, label: str) -> str:
    """The start of a saved diff as written (never through a link, never a FIFO: the
    file may come from a teammate's commit); not yet safe to show."""
    try:
        data, size = read_head(path, label, SHOWN_BYTES)
    except FileNotFoundError:
        return ""
    except (OSError, BadFileError) as error:
        return f"[{error}]"
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    if size > SHOWN_BYTES:
        text += f"\n[… shown up to {SHOWN_BYTES} bytes; the file holds more]\n"
    return text


@dataclass
class OutputChunk:
    text: str
    """What to add (or, with `reset`, everything to show), as written: not yet safe."""
    reset: bool
    """The file shrank or was replaced: `text` replaces what was shown."""


class OutputTail:
    """The end of `output.log` as it grows, whole lines at a time: at most `limit` bytes.

    A view's text area takes time in proportion to its lines on the interface's thread
    (2 MB, 33,000 lines, froze it for seconds): a longer log is shown from its last
    `limit // 2` bytes, as `tail` does, and again so once what is shown passes `limit`.
    """

    def __init__(self, path: Path, label: str, limit: int = SHOWN_OUTPUT_BYTES) -> None:
        self.path, self.label, self.limit = path, label, limit
        self.offset = 0
        """Where the next read starts."""
        self.shown = 0
        """The bytes shown since the last reset."""
        self.identity: tuple[int, int] | None = None

    def read(self, final: bool = False) -> OutputChunk | None:
        """What was appended since the last read (None when nothing was). `final` takes
        a last line with no newline too (the run has ended)."""
        try:
            fd = open_plain(self.path, self.label)
        except FileNotFoundError:
            return None
        except (OSError, BadFileError) as error:
            if self.identity == (0, 0):
                return None
            self.identity = (0, 0)
            return OutputChunk(f"[{error}]\n", reset=True)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            reset = (info.st_dev, info.st_ino) != self.identity or info.st_size < self.offset
            if reset:
                self.offset, self.identity, self.shown = 0, (info.st_dev, info.st_ino), 0
            if info.st_size == self.offset:
                return OutputChunk("", reset=True) if reset else None
            start = self.offset
            jumped = self.shown + info.st_size - start > self.limit
            if jumped:  # from its last lines again, and the byte before them
                reset, self.shown = True, 0
                start = info.st_size - self.limit // 2 - 1
            handle.seek(start)
            data = handle.read(info.st_size - start)
        # from the first whole line (the byte before is a newline, or was read for none)
        skipped = (data.find(b"\n") + 1 or 1) if jumped else 0
        data = data[skipped:]
        end = len(data) if final else data.rfind(b"\n") + 1
        if end == 0 and not reset:
            return None
        self.offset = start + skipped + end
        self.shown += end
        text = _readable(data[:end])
        if jumped:
            text = (
                f"[… the first {start + skipped:,} bytes not shown: the file holds them]\n" + text
            )
        return OutputChunk(text, reset)


def _readable(data: bytes) -> str:
    # A progress bar's carriage returns (in a log from before credo collapsed them).
    return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


class RunTail:
    """A run's output and metrics, read as they grow."""

    def __init__(self, folder: Path, label: str) -> None:
        self.lock = threading.Lock()
        """Held by whoever reads: one read at a time."""
        self.output = OutputTail(folder / OUTPUT_FILE, f"{label}/{OUTPUT_FILE}")
        self.metrics = MetricsReader(folder / METRICS_FILE)

    def more(self, final: bool = False) -> tuple[OutputChunk | None, bool]:
        """(new output or None, whether the metrics changed)."""
        return self.output.read(final), self.metrics.read(to_end=final)
