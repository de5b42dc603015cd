"""Following one run's output and metrics while it runs, for any screen that shows them.

A `RunFollower` (it draws nothing) reads the run's files in a thread worker when told
which run to follow, then again every `refresh_seconds` while the run goes on, and once
more when it has ended; each read that found something posts `Grew` to its screen. The
screen owns what is shown: `Grew.apply_to(held)` keeps the output in a `HeldOutput`,
which loads it into the screen's `AnsiLog` once its tab is made and in sight.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from credo.display import visible
from credo.runs.follow import RunTail
from credo.runs.metrics import Series
from credo.ui.workers import credo_work, under_way

if TYPE_CHECKING:  # Textual's text area with it: imported by the tab that shows it
    from credo.ui.widgets.ansi_log import AnsiLog

_NOT_COLOUR = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, clipboard, links
    r"|\x1b\[[0-?]*[ -/]*[@-ln-~]"  # CSI other than colour (cursor, erase, modes)
    r"|\x1b[^\[\]]"  # any other escape
)


def styled_lines(text: str) -> list[Text] | None:
    """Each line of `text` with its colours, or None when it holds no escape codes.

    Only colour is taken from the codes: every other sequence (a teammate's log may hold
    a clipboard write or a link) is dropped, and any control character left is shown
    as a sign. Slow for megabytes: call it in a worker.
    """
    if "\x1b" not in text:
        return None
    from rich.ansi import AnsiDecoder

    lines = list(AnsiDecoder().decode(_NOT_COLOUR.sub("", text)))
    for line in lines:
        line.plain = visible(line.plain)  # one sign per character: the colours stay put
    return lines


class HeldOutput:
    """What a screen's output log is to show, held until its tab is made and in sight
    (`TabbedScreen.fill_tab`, then `load_into` from its `draw_tab`): 200 KB loaded into a
    text area out of sight held the interface 80 to 180 ms, and the log itself (Textual's
    text area, its import) held the experiment log's opening, for a tab not shown. Never
    shown, it holds no more than the log would: past `SHOWN_OUTPUT_BYTES` the tail starts
    again from the file's last lines (`OutputTail`), which `show` holds in place of all."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, list[Text] | None, bool]] = []
        """What came since the log last took it, each with whether it replaces the rest."""

    def show(self, text: str, styled: list[Text] | None = None) -> None:
        """`text` instead of all that came before (`styled`: its lines' colours)."""
        self.parts = [(text, styled, True)]

    def add(self, text: str, styled: list[Text] | None) -> None:
        """Whole lines to add at the end, after what came before."""
        self.parts.append((text, styled, False))

    def load_into(self, log: AnsiLog) -> None:
        parts, self.parts = self.parts, []
        for text, styled, reset in parts:
            (log.show_log if reset else log.append_log)(text, styled)


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

        def apply_to(self, held: HeldOutput) -> None:
            if self.reset:
                held.show(self.text, self.styled)
            elif self.text or self.styled:
                held.add(self.text, self.styled)

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
