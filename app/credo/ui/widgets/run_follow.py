"""Following one run's output and metrics while it runs, for any screen that shows them.

A `RunFollower` (it draws nothing) reads the run's files in a thread worker when told
which run to follow, then again every `refresh_seconds` while the run goes on, and once
more when it has ended; each read that found something posts `Grew` to its screen. The
screen owns what is shown: `Grew.apply_to(log)` adds the output to an `AnsiLog`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.widget import Widget

from credo.display import visible
from credo.runs.follow import RunTail
from credo.runs.metrics import Series
from credo.ui.widgets.ansi_log import AnsiLog, styled_lines
from credo.ui.workers import credo_work, under_way


class RunFollower(Widget):
    """Follows one run at a time; `Grew` messages carry what its files gained."""

    @dataclass
    class Grew(Message):
        run_id: str
        text: str
        """Output to add (safe to show), or everything when `reset`."""
        styled: list[Any] | None
        """`text`'s lines in their colours, when it has any (`styled_lines`)."""
        reset: bool
        series: Series | None
        """A copy of every metric so far when they changed (None: as last sent)."""

        def apply_to(self, log: AnsiLog) -> None:
            if self.reset:
                log.show_log(self.text, self.styled)
            elif self.text or self.styled:
                log.append_log(self.text, self.styled)

    def __init__(self, refresh_seconds: float = 1.0) -> None:
        super().__init__()
        self.refresh_seconds = refresh_seconds
        self.run_id: str | None = None
        self._tail: RunTail | None = None
        self._still_running: Callable[[], bool] = lambda: False
        self._ended = True

    def on_mount(self) -> None:
        self.set_interval(self.refresh_seconds, self._poll)

    def follow(self, run_id: str | None, folder: Path | None, running: Callable[[], bool]) -> None:
        """Show `run_id` (None: nothing); `running()` tells whether it still runs."""
        self.run_id = run_id
        self._still_running = running
        if run_id is None or folder is None:
            self._tail, self._ended = None, True
            return
        self._tail = RunTail(folder, folder.name)
        self._ended = False
        self._read(run_id, self._tail, final=not running(), first=True)

    def _poll(self) -> None:
        if self._tail is None or self._ended or self.run_id is None or under_way(self._read):
            return
        final = not self._still_running()
        if final:
            self._ended = True  # one last read, taking a last line with no newline
        self._read(self.run_id, self._tail, final)

    @credo_work("Following the run's output", group="run-follow")
    def _read(self, run_id: str, tail: RunTail, final: bool, first: bool = False) -> None:
        with tail.lock:  # one read at a time: a slow disk never reads a line twice
            chunk, metrics_changed = tail.more(final)
            # the screen's own copy: the next read appends to the reader's while it draws
            series = tail.metrics.series.snapshot() if first or metrics_changed else None
        if tail is not self._tail or not (first or chunk is not None or metrics_changed):
            return  # another run is shown now, or nothing new
        text, styled = "", None
        if chunk is not None:
            styled = styled_lines(chunk.text)
            text = visible(chunk.text) if styled is None else ""
        reset = first or (chunk is not None and chunk.reset)
        self.post_message(self.Grew(run_id, text, styled, reset, series))
