"""What agents changed, so the board can show it and undo it.

An agent works in another process (`credo mcp`), so its changes cannot go on the
board's undo stack directly. Each action it makes is appended as one JSON line to
`.credo/cache/journal.jsonl`: who, when, what, and every file's bytes before and after
(all undo needs, as for the board's own actions). The file is local and git-ignored
(the cache folder), written under the store's write lock (so concurrent writers never
interleave), and bounded: past `MAX_BYTES` the older half is dropped. A reader keeps
its place and never trusts a line until it is whole. Like every file under `.credo/`
it is opened without following links, as a plain file only, and read in bounded parts
(`git add -f` can still commit one): a cache folder credo refuses gets no journal.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from credo.domain.models import STORED_KINDS, Item, Run, now
from credo.errors import BadFileError, StoreGoneError
from credo.store.confine import CACHE_CAP, append_plain, open_plain, read_capped
from credo.store.files import atomic_write
from credo.store.ids import new_id
from credo.store.paths import CACHE_FOLDER
from credo.store.store import Change, Store

JOURNAL_FILE = "journal.jsonl"
MAX_BYTES = 2_000_000
_KINDS: dict[str, type[Item]] = {kind.kind: kind for kind in STORED_KINDS}


@dataclass(frozen=True)
class Entry:
    """One action another process made for an actor."""

    id: str
    at: datetime
    actor: str
    what: str
    changes: list[Change]


def journal_path(store: Store) -> Path:
    return store.credo_dir / CACHE_FOLDER / JOURNAL_FILE


def _bytes(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def _unbytes(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def record(store: Store, actor: str, what: str, changes: list[Change]) -> Entry | None:
    """Journal one action (its run records are left out: a run is not undone)."""
    kept = [c for c in changes if c.kind is not Run]
    if not kept:
        return None
    entry = Entry(new_id(), now(), actor, what, kept)
    line = json.dumps(
        {
            "id": entry.id,
            "at": entry.at.isoformat(),
            "actor": actor,
            "what": what,
            "changes": [[c.kind.kind, c.item_id, _bytes(c.before), _bytes(c.after)] for c in kept],
        },
        ensure_ascii=False,
    )
    path = journal_path(store)
    with store.lock():
        try:
            store.folder(CACHE_FOLDER, create=True)
        except (OSError, BadFileError, StoreGoneError):  # a link there, or .credo/ removed
            return entry
        size = append_plain(path, line.encode("utf-8") + b"\n")
        if size is not None and size > MAX_BYTES:
            _trim(path)
    return entry


def _trim(path: Path) -> None:
    """Keep the newer half (whole lines); a rename, so readers see old or new."""
    data = read_capped(path, JOURNAL_FILE, CACHE_CAP, "the agents' journal")
    cut = data.find(b"\n", len(data) // 2)
    atomic_write(path, data[cut + 1 :] if cut >= 0 else b"")


def _entry(line: bytes) -> Entry | None:
    try:
        raw: dict[str, Any] = json.loads(line)
        changes = [
            Change(_KINDS[kind], item_id, _unbytes(before), _unbytes(after))
            for kind, item_id, before, after in raw["changes"]
        ]
        at = datetime.fromisoformat(raw["at"])
        if at.tzinfo is None:
            return None  # could not be compared with the report's period
        return Entry(str(raw["id"]), at, str(raw["actor"]), str(raw["what"]), changes)
    except (ValueError, KeyError, TypeError, RecursionError):
        return None  # a line from a newer credo, or damaged: skipped, never fatal


@dataclass
class JournalReader:
    """Reads the entries appended since its last look (one `stat` when there are none)."""

    path: Path
    _inode: int | None = None
    _offset: int = 0
    _seen: set[str] = field(default_factory=set)

    def changed(self) -> bool:
        """Whether the file may hold entries this reader has not read."""
        try:
            info = os.lstat(self.path)
        except OSError:
            return False
        return info.st_ino != self._inode or info.st_size != self._offset

    def read(self) -> list[Entry]:
        """The new whole entries, oldest first."""
        try:
            with os.fdopen(open_plain(self.path, JOURNAL_FILE), "rb") as handle:
                inode = os.fstat(handle.fileno()).st_ino
                if inode != self._inode:  # new or trimmed: read it all, skip what was seen
                    self._inode, self._offset = inode, 0
                handle.seek(self._offset)
                data = handle.read(CACHE_CAP)
        except (OSError, BadFileError):
            return []
        whole = data[: data.rfind(b"\n") + 1]  # a line still being written waits
        self._offset += len(whole)
        entries = []
        for line in whole.splitlines():
            entry = _entry(line) if line.strip() else None
            if entry is not None and entry.id not in self._seen:
                self._seen.add(entry.id)
                entries.append(entry)
        return entries


def recent_entries(store: Store, since: datetime, until: datetime) -> list[Entry]:
    """The journalled actions in [since, until), oldest first (the report's list)."""
    reader = JournalReader(journal_path(store))
    return [e for e in reader.read() if since <= e.at < until]
