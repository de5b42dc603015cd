"""The one DuckDB connection a data command uses: settings, errors, progress, cancel.

DuckDB streams every format credo reads (compressed too), keeps memory under a limit
by spilling to a temporary folder, and reports a query's progress, which the Data
screen shows for big files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from credo.errors import CredoError

INSTALL_HINT = "credo data needs DuckDB: pip install 'credo[data]' (or: pip install duckdb)"
MEMORY_LIMIT = os.environ.get("CREDO_DATA_MEMORY", "1GB")
"""DuckDB spills to disk beyond this; a 1 GB file never needs it all in memory, but
records of megabytes can (the message then says to raise it)."""
OUT_OF_MEMORY = "Out of Memory Error: "
NOT_CSV = "cannot be read as CSV"
"""How a CSV DuckDB's reader cannot parse is described (`Dataset.rows` then looks for
the line that says why)."""

Progress = Callable[[float | None], None]
"""Told the share of the current query done (0 to 1), a few times a second; None while
a query runs whose share DuckDB cannot tell (see `Engine.unmeasured`)."""
PROGRESS_EVERY = 0.2
"""Seconds between two looks at a running query's progress."""


class DataError(CredoError):
    """A data file credo cannot read as asked (missing, unknown column, broken)."""


class Cancelled(CredoError):
    """The query was interrupted (the Data screen moved on)."""


class Engine:
    """A private in-memory DuckDB: one per command, closed when done."""

    def __init__(self, progress: Progress | None = None) -> None:
        try:
            import duckdb
        except ImportError:
            raise CredoError(INSTALL_HINT) from None
        self._spill = tempfile.mkdtemp(prefix="credo-data-")
        self.con = duckdb.connect(":memory:")
        for setting in (
            f"SET memory_limit = '{MEMORY_LIMIT}'",
            f"SET temp_directory = {quote(self._spill)}",
            "SET enable_progress_bar = true",
            "SET enable_progress_bar_print = false",
        ):
            self.con.execute(setting)
        self.progress = progress
        self.stage = (0, 1)
        """Which of a command's full scans the next queries are, and how many it makes:
        progress is the share of them all, so a bar never goes back to 0 between scans."""
        self.shown = 0.0
        """The progress told so far: never less (a small query between two scans starts
        at 0 of its own)."""
        self.measured = True
        """Whether DuckDB's share of the running query is told (`unmeasured`)."""
        self._error = duckdb.Error
        self._interrupted = duckdb.InterruptException
        self.cancelled = False
        """Whether `cancel` was called: every query after it, and every pass of credo's
        own over a file (`stop_if_cancelled`), stops too."""

    def rows(self, sql: str, where: str = "", peek: bool = False) -> list[tuple[Any, ...]]:
        """Run one query; DuckDB's errors become one line naming `where` (a file). A `peek`
        at the first lines reports no progress: the share of the file DuckDB guesses for
        it is none of the command's."""
        self.stop_if_cancelled()  # DuckDB forgets an interrupt that came between queries
        watcher = _Watcher(self) if self.progress and not peek else None
        try:
            return self.con.execute(sql).fetchall()
        except self._interrupted:
            raise Cancelled("stopped") from None
        except self._error as error:
            raise DataError(describe(error, where)) from None
        except RuntimeError as error:  # how DuckDB ends a query on ctrl+c
            if "interrupted" in str(error).lower():
                raise KeyboardInterrupt from None
            raise
        finally:
            if watcher:
                watcher.stop()

    @contextmanager
    def unmeasured(self) -> Iterator[None]:
        """Queries run within tell that they run (None), not DuckDB's share: of a scan
        that keeps the records found `IN (SELECT ...)` it says 100% from the start."""
        self.measured = False
        try:
            yield
        finally:
            self.measured = True

    def table(self, sql: str, where: str = "") -> tuple[list[str], list[tuple[Any, ...]]]:
        """Column names and rows of one query."""
        rows = self.rows(sql, where)
        return [column[0] for column in self.con.description or []], rows

    def one(self, sql: str, where: str = "") -> tuple[Any, ...]:
        found = self.rows(sql, where)
        return found[0] if found else ()

    def cancel(self) -> None:
        """Stop the running query (from another thread), and the command: it raises
        Cancelled, as does every query or pass over a file after it."""
        self.cancelled = True
        self.con.interrupt()

    def stop_if_cancelled(self) -> None:
        """Raise Cancelled once `cancel` was called: what credo's own passes over a file
        (in Python, which DuckDB's interrupt does not reach) call between blocks."""
        if self.cancelled:
            raise Cancelled("stopped")

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self._spill, ignore_errors=True)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class _Watcher:
    """Polls the query's progress from a thread while it runs."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        assert self.engine.progress is not None
        while not self.done.wait(PROGRESS_EVERY):
            try:
                share = self.engine.con.query_progress()
            except Exception:  # the query ended between the wait and the call
                return
            if not self.engine.measured:
                self.engine.progress(None)
            elif share >= 0:
                done, scans = self.engine.stage
                now = (done + min(share, 100.0) / 100) / scans
                if now > self.engine.shown:
                    self.engine.shown = now
                    self.engine.progress(now)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


def describe(error: Exception, where: str) -> str:
    """DuckDB's message cut to its first line, without its own error-class prefix."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    for prefix in ("Invalid Input Error: ", "IO Error: ", "Conversion Error: ", "Binder Error: "):
        text = text.removeprefix(prefix)
    if text.startswith(OUT_OF_MEMORY):  # records of megabytes: the limit can be raised
        text = (
            f"ran out of memory within credo data's limit of {MEMORY_LIMIT} (records this "
            "long need more); run it again with CREDO_DATA_MEMORY=4GB (or more) set"
        )
    if text.startswith("The CSV Parser state machine reached an invalid state"):
        text = (  # DuckDB's words say nothing a user can act on (`Dataset.rows` then
            # names the line of another ending, when that is the cause)
            f"{NOT_CSV}: lines that end in both \\r\\n and \\n, or quotes that do "
            "not pair up, are the usual causes"
        )
    if text.startswith("json_read expected records"):
        text = (
            "a JSON array of values, not of records: credo data reads an array of objects"
            ' ([{"text": ..., "label": ...}, ...]) or JSON Lines (one object a line)'
        )
    return f"{where}: {text}" if where else text


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    """A SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
