"""Evidence behind checklist items: which records still hold for the data and code now.

A record holds while every file it read has the same fingerprint, and, for an item of
`run` scope, while the code is the one it was recorded at. Files are fingerprinted
once per evaluation, through the project's cache (a stat per unchanged file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from credo.domain.models import ChecklistItem, Evidence, Run, Scope
from credo.runs.fingerprint import (
    MISSING,
    FingerprintCache,
    digest_of,
    fingerprint_data,
    short_digest,
)
from credo.store.ids import ShortIds, runs_said_short
from credo.store.store import Store

if TYPE_CHECKING:
    from credo.checklists.gate import CodeMatch


def as_shown(store: Store, records: list[Evidence]) -> list[Evidence]:
    """The records as people read them: each summary naming the runs as the lists name
    them now (`runs_said_short`), the runs listed only if one names a run by its whole
    id. To show and to judge by, never to write back (the whole id is what is kept)."""
    listed: list[ShortIds] = []

    def short(run_id: str) -> str:
        if not listed:
            listed.append(store.short_ids(Run))
        return listed[0][run_id]

    shown = []
    for record in records:
        said = runs_said_short(record.summary, short)
        shown.append(
            record if said == record.summary else record.model_copy(update={"summary": said})
        )
    return shown


def evidence_by_item(records: list[Evidence], pack: str) -> dict[str, list[Evidence]]:
    """Each item's evidence in `pack`, newest first."""
    found: dict[str, list[Evidence]] = {}
    for record in sorted(records, key=lambda e: (e.created, e.id), reverse=True):
        if record.pack == pack:
            found.setdefault(record.item, []).append(record)
    return found


class Freshness:
    """Says why a record no longer holds (or "" when it does)."""

    def __init__(self, store: Store, same_code: CodeMatch) -> None:
        self.root = store.project_root
        self.cache = FingerprintCache(store)
        self.same_code = same_code
        self.now: dict[str, str] = {}

    def stale(self, record: Evidence, item: ChecklistItem) -> str:
        for path, then in record.fingerprints.items():
            now = self.fingerprint(path)
            if digest_of(now) != digest_of(then):
                if now == MISSING:
                    return f"{path} is gone since it was read (deleted or moved)"
                return (
                    f"{path} changed since it was read ({short_digest(then)} → {short_digest(now)})"
                )
        if item.scope == Scope.RUN:
            return self.same_code.changed(record.git, item.about)
        return ""

    def fingerprint(self, path: str) -> str:
        if path not in self.now:  # as a data path: one outside the project is not read
            self.now[path] = fingerprint_data(self.root, [path], self.cache)[path]
        return self.now[path]

    def save(self) -> None:
        self.cache.save()
