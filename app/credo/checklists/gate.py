"""The gate before runs: which checks still hold for the code about to run.

A tick holds by its item's scope: `once` until someone marks it "not yet" again,
`experiment` within the experiment it was made for, `run` for the code it was made
at (same commit and same uncommitted diff, or within `run_checks_hold_commits`
commits of a clean review). So the review before a run asks only what can have
changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from credo.checklists.packs import get_pack
from credo.domain.models import ChecklistItem, GitState, Mark, Review, ReviewEntry, Scope
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


@dataclass
class GateDecision:
    passed: bool
    open_items: list[OpenItem] = field(default_factory=list)
    review_ids: list[str] = field(default_factory=list)
    """The reviews whose ticks the decision relies on."""
    message: str = ""


def marks_by_item(reviews: list[Review]) -> dict[str, list[tuple[Review, ReviewEntry]]]:
    """Every mark each item received, newest first."""
    found: dict[str, list[tuple[Review, ReviewEntry]]] = {}
    for review in sorted(reviews, key=lambda r: (r.created, r.id), reverse=True):
        for entry in review.entries:
            found.setdefault(entry.item, []).append((review, entry))
    return found


def holds(
    store: Store,
    item: ChecklistItem,
    marks: list[tuple[Review, ReviewEntry]],
    state: GitState,
    experiment_id: str | None,
) -> tuple[Review | None, str]:
    """The review a tick holds from, or None and the reason it does not."""
    if not marks:
        return None, "never ticked"
    if item.scope == Scope.ONCE:
        review, entry = marks[0]
        return (review, "") if entry.mark in HOLDS else (None, "reopened: marked not yet")
    if item.scope == Scope.EXPERIMENT:
        for review, entry in marks:
            if review.experiment == experiment_id and experiment_id is not None:
                return (review, "") if entry.mark in HOLDS else (None, "marked not yet")
        return None, "not ticked for this experiment"
    newest = marks[0][0]
    for review, entry in marks:
        if entry.mark not in HOLDS:
            if review is newest:
                return None, "marked not yet"
            continue
        if _same_code(store, review.git, state):
            return review, ""
    sha = newest.git.sha[:7] if newest.git.sha else "no commit"
    if newest.git.sha == state.sha:
        return None, f"the code changed since the review at {sha} (uncommitted changes)"
    return None, f"stale since commit {sha}"


def _same_code(store: Store, reviewed: GitState, now: GitState) -> bool:
    if reviewed.sha == now.sha and reviewed.diff_hash == now.diff_hash:
        return True
    allowed = store.config.run_checks_hold_commits
    if allowed <= 0 or now.dirty or reviewed.dirty or not reviewed.sha or store.git_root is None:
        return False
    from credo.gitlink.state import commits_since

    ahead = commits_since(store.git_root, reviewed.sha)
    return ahead is not None and ahead <= allowed


def evaluate_pack(
    store: Store, pack_name: str, state: GitState, experiment_id: str | None, *, all_items: bool
) -> tuple[list[OpenItem], set[str]]:
    """Open items of one pack (those the gate needs, or all with `all_items`)."""
    pack = get_pack(store, pack_name)
    reviews = [r for r in store.reviews() if r.pack == pack_name]
    marks = marks_by_item(reviews)
    open_items: list[OpenItem] = []
    used: set[str] = set()
    for item in pack.items:
        if not (item.gate or all_items):
            continue
        review, reason = holds(store, item, marks.get(item.id, []), state, experiment_id)
        if review is None:
            open_items.append(OpenItem(pack_name, item.id, item.text, reason))
        else:
            used.add(review.id)
    return open_items, used


def evaluate_gate(store: Store, state: GitState, experiment_id: str | None) -> GateDecision:
    """Whether the packs the project requires hold for this code and experiment."""
    config = store.config
    open_items: list[OpenItem] = []
    used: set[str] = set()
    if config.gate_require_clean and state.dirty:
        open_items.append(
            OpenItem("gate", "clean-tree", "Commit or stash your changes first", "tree not clean")
        )
    for name in config.gate_packs:
        items, reviews = evaluate_pack(store, name, state, experiment_id, all_items=False)
        open_items += items
        used |= reviews
    where = state.sha[:7] if state.sha else "this code"
    packs = ", ".join(config.gate_packs) or "no packs"
    if not open_items:
        message = f"checks of {packs} hold at {where}" + (" (dirty tree)" if state.dirty else "")
        return GateDecision(True, [], sorted(used), message)
    lines = [f"{len(open_items)} check(s) of {packs} not done for {where}:"]
    lines += [f"  - {item}" for item in open_items]
    return GateDecision(False, open_items, sorted(used), "\n".join(lines))
