"""The gate before runs: which checks still hold for the code about to run.

A tick holds by its item's scope: `once` until someone marks it "not yet" again,
`experiment` within the experiment it was made for, `run` for the code it was made
at (same commit and same uncommitted diff, or within `run_checks_hold_commits`
commits of a clean review). So the review before a run asks only what can have
changed.

Evidence (a `credo data` result kept with `--record`) answers an item too, while the
files it read are unchanged: "verified" when it found nothing wrong, open (with what
it found) when it did. The newer of a holding tick and fresh evidence decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from credo.checklists.evidence import Freshness, evidence_by_item
from credo.checklists.packs import Catalog, get_pack, load_catalog
from credo.domain.models import (
    ChecklistItem,
    Evidence,
    GitState,
    Mark,
    Review,
    ReviewEntry,
    Scope,
)
from credo.errors import CredoError
from credo.store.store import Store

HOLDS = (Mark.CHECKED, Mark.NA)


@dataclass(frozen=True)
class OpenItem:
    """A check the gate still needs, and why."""

    pack: str
    item: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.pack}/{self.item}: {self.text} ({self.reason})"


@dataclass(frozen=True)
class Standing:
    """How one item stands for the code and data now."""

    item: ChecklistItem
    review: Review | None = None
    """The review whose tick it holds from (by hand)."""
    evidence: Evidence | None = None
    """The fresh evidence that decides it (verified, or open with what it found)."""
    reason: str = ""
    """Why it is open; empty when it holds."""

    @property
    def holds(self) -> bool:
        return not self.reason

    @property
    def how(self) -> str:
        """`verified`, `by hand`, or empty (open)."""
        if not self.holds:
            return ""
        return "verified" if self.evidence is not None else "by hand"


@dataclass
class GateDecision:
    passed: bool
    open_items: list[OpenItem] = field(default_factory=list)
    review_ids: list[str] = field(default_factory=list)
    """The reviews whose ticks the decision relies on."""
    message: str = ""
    evidence_ids: list[str] = field(default_factory=list)
    """The evidence records the decision relies on."""


def marks_by_item(reviews: list[Review]) -> dict[str, list[tuple[Review, ReviewEntry]]]:
    """Every mark each item received, newest first."""
    found: dict[str, list[tuple[Review, ReviewEntry]]] = {}
    for review in sorted(reviews, key=lambda r: (r.created, r.id), reverse=True):
        for entry in review.entries:
            found.setdefault(entry.item, []).append((review, entry))
    return found


class _CodeMatch:
    """Whether a review was made on the code about to run (git asked once per commit)."""

    def __init__(self, store: Store, now: GitState) -> None:
        self.now = now
        self.allowed = store.config.run_checks_hold_commits
        self.root: Path | None = store.git_root
        self.ahead: dict[str, int | None] = {}

    def __call__(self, reviewed: GitState) -> bool:
        if reviewed.sha == self.now.sha and reviewed.diff_hash == self.now.diff_hash:
            return True
        if self.allowed <= 0 or self.now.dirty or reviewed.dirty:
            return False
        if not reviewed.sha or self.root is None:
            return False
        if reviewed.sha not in self.ahead:
            from credo.gitlink.state import commits_since

            self.ahead[reviewed.sha] = commits_since(self.root, reviewed.sha)
        ahead = self.ahead[reviewed.sha]
        return ahead is not None and ahead <= self.allowed


def holds(
    store: Store,
    item: ChecklistItem,
    marks: list[tuple[Review, ReviewEntry]],
    state: GitState,
    experiment_id: str | None,
    *,
    same_code: _CodeMatch | None = None,
) -> tuple[Review | None, str]:
    """The review a tick holds from, or None and the reason it does not."""
    if not marks:
        return None, "never ticked"
    if item.scope == Scope.ONCE:
        review, entry = marks[0]
        return (review, "") if entry.mark in HOLDS else (None, "reopened: marked not yet")
    if item.scope == Scope.EXPERIMENT:
        if experiment_id is None:
            return None, "no experiment is running (it holds per experiment)"
        for review, entry in marks:
            if review.experiment == experiment_id:
                return (review, "") if entry.mark in HOLDS else (None, "marked not yet")
        if any(entry.mark in HOLDS for _, entry in marks):
            return None, "ticked for another experiment"
        return None, "never ticked"
    matches = same_code or _CodeMatch(store, state)
    # The newest mark given on this code decides; older code says nothing about it.
    for review, entry in marks:
        if matches(review.git):
            return (review, "") if entry.mark in HOLDS else (None, "marked not yet")
    newest = marks[0][0]
    sha = newest.git.sha[:7] if newest.git.sha else "no commit"
    if newest.git.sha == state.sha:
        return None, f"the code changed since the review at {sha} (uncommitted changes)"
    return None, f"stale since commit {sha}"


def standings(
    store: Store,
    pack_name: str,
    state: GitState,
    experiment_id: str | None,
    *,
    all_items: bool,
    catalog: Catalog | None = None,
    reviews: list[Review] | None = None,
    evidence: list[Evidence] | None = None,
) -> list[Standing]:
    """How each item of one pack stands (those the gate needs, or all with `all_items`)."""
    pack = get_pack(store, pack_name, catalog)
    mine = [r for r in (store.reviews() if reviews is None else reviews) if r.pack == pack_name]
    marks = marks_by_item(mine)
    records = evidence_by_item(store.evidence() if evidence is None else evidence, pack_name)
    same_code = _CodeMatch(store, state)
    freshness = Freshness(store, same_code)
    found = []
    for item in pack.items:
        if not (item.gate or all_items):
            continue
        review, reason = holds(
            store, item, marks.get(item.id, []), state, experiment_id, same_code=same_code
        )
        found.append(_decide(item, review, reason, records.get(item.id, []), freshness))
    freshness.save()
    return found


def _decide(
    item: ChecklistItem,
    review: Review | None,
    reason: str,
    records: list[Evidence],
    freshness: Freshness,
) -> Standing:
    """The newer of a holding tick and the newest fresh evidence decides."""
    stale = ""
    for record in records:
        why = freshness.stale(record, item)
        if why:
            stale = stale or why
            continue
        if review is None or record.created >= review.created:
            verdict = "" if record.passed else f"evidence found: {record.summary}"
            return Standing(item, evidence=record, reason=verdict)
        break
    if review is not None:
        return Standing(item, review=review)
    if stale and reason == "never ticked":
        reason = f"evidence is stale: {stale}"
    return Standing(item, reason=reason)


def evaluate_pack(
    store: Store, pack_name: str, state: GitState, experiment_id: str | None, *, all_items: bool
) -> tuple[list[OpenItem], set[str]]:
    """Open items of one pack (those the gate needs, or all with `all_items`), and the
    reviews the others hold from."""
    found = standings(store, pack_name, state, experiment_id, all_items=all_items)
    return _open(pack_name, found), {s.review.id for s in found if s.review is not None}


def _open(pack_name: str, found: list[Standing]) -> list[OpenItem]:
    return [OpenItem(pack_name, s.item.id, s.item.text, s.reason) for s in found if not s.holds]


def evaluate_gate(
    store: Store, state: GitState, experiment_id: str | None, *, before: datetime | None = None
) -> GateDecision:
    """Whether the packs the project requires hold for this code and experiment (as they
    stood at `before`, when given: only the reviews and evidence made by then count).

    Never raises for a missing or broken pack: that becomes an open item, so the
    message says what to fix and `--skip-gate` still works.
    """
    config = store.config
    open_items: list[OpenItem] = []
    used: set[str] = set()
    if config.gate_require_clean and state.dirty:
        open_items.append(
            OpenItem("gate", "clean-tree", "Commit or stash your changes first", "tree not clean")
        )
    catalog = load_catalog(store)
    reviews = [r for r in store.reviews() if before is None or r.created <= before]
    evidence = [e for e in store.evidence() if before is None or e.created <= before]
    verified: set[str] = set()
    for name in config.gate_packs:
        try:
            found = standings(
                store,
                name,
                state,
                experiment_id,
                all_items=False,
                catalog=catalog,
                reviews=reviews,
                evidence=evidence,
            )
        except CredoError as error:
            reason = f"{error.message}; gate_packs in .credo/config.toml names it"
            open_items.append(OpenItem(name, "pack", "The pack cannot be used", reason))
            continue
        open_items += _open(name, found)
        used |= {s.review.id for s in found if s.review is not None}
        verified |= {s.evidence.id for s in found if s.evidence is not None and s.holds}
    packs = ", ".join(config.gate_packs) or "no packs"
    if state.patch_status == "off":
        where = "this folder (not a git repository: run checks cannot follow code changes)"
    else:
        where = state.sha[:7] if state.sha else "this code (no commits yet)"
    if not open_items:
        message = f"checks of {packs} hold at {where}" + (" (dirty tree)" if state.dirty else "")
        return GateDecision(True, [], sorted(used), message, sorted(verified))
    lines = [f"{len(open_items)} check(s) of {packs} not done for {where}:"]
    lines += [f"  - {item}" for item in open_items]
    return GateDecision(False, open_items, sorted(used), "\n".join(lines), sorted(verified))
