"""Review actions: record one pass through a pack at the current code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from credo.checklists.packs import get_pack
from credo.domain.models import GitState, Mark, Review, ReviewEntry
from credo.errors import BadInputError
from credo.store.ids import new_id
from credo.store.store import Change, Store

if TYPE_CHECKING:
    from credo.checklists.gate import Standing


def record_review(
    store: Store,
    pack_name: str,
    marks: dict[str, tuple[Mark, str]],
    git: GitState,
    experiment_id: str | None,
) -> tuple[Review, list[Change]]:
    """Save the marks given (item id -> mark, note); items left out are not touched.

    n.a. needs a reason; unknown item ids are refused with the pack's ids.
    """
    pack = get_pack(store, pack_name)
    known = [item.id for item in pack.items]
    unknown = sorted(set(marks) - set(known))
    if unknown:
        raise BadInputError(
            f"{pack_name} has no item {', '.join(unknown)}; its items: {', '.join(known)}"
        )
    if not marks:
        raise BadInputError("nothing to record: tick, mark n.a. or mark not-yet at least one item")
    for item_id, (mark, note) in marks.items():
        if mark == Mark.NA and not note.strip():
            raise BadInputError(f"{item_id}: n.a. needs a reason (--na {item_id}=REASON)")
    entries = [
        ReviewEntry(
            item=item.id,
            mark=marks[item.id][0],
            note=marks[item.id][1].strip(),
            item_digest=item.digest(),
        )
        for item in pack.items
        if item.id in marks
    ]
    review = Review(id=new_id(), pack=pack_name, git=git, experiment=experiment_id, entries=entries)
    return review, [store.create(review)]


def code_state(store: Store) -> GitState:
    """The code as it stands now (commit, dirty, diff): what a review or the gate is about."""
    from credo.gitlink.state import capture

    return capture(store.project_root, patch_limit=store.config.patch_limit_bytes).to_git_state()


def running_experiment_id(store: Store) -> str | None:
    from credo.actions.experiments import running_experiment

    running = running_experiment(store)
    return running.id if running else None


def reconfirm(
    store: Store,
    pack_name: str,
    found: list[Standing],
    git: GitState,
    experiment_id: str | None,
) -> tuple[Review, list[Change]]:
    """ "Still true": give every stale answer again, as it was, at the code now."""
    marks = {
        s.item.id: (s.was.mark, s.was.note or "still true")
        for s in found
        if s.stale and s.was is not None
    }
    if not marks:
        raise BadInputError("no stale answer to re-confirm")
    return record_review(store, pack_name, marks, git, experiment_id)
