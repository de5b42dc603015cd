"""Review actions: how a pack stands for the code now, and one pass through it recorded.

Both faces read a pack (the checklists view, `credo check`) and the gate through these
steps, so they say the same thing about the same code."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from credo.checklists.packs import get_pack
from credo.domain.actors import actor_from_env
from credo.domain.models import (
    ChecklistPack,
    Evidence,
    Experiment,
    GitState,
    Mark,
    Review,
    ReviewEntry,
    Run,
    checked_text,
)
from credo.errors import BadInputError
from credo.store.ids import new_id
from credo.store.store import Change, LoadProblem, Store

if TYPE_CHECKING:
    from credo.checklists.gate import GateDecision, OpenItem, Standing
    from credo.text.runs import ReviewPacks


def review_packs(store: Store) -> ReviewPacks:
    """Each review's pack by its id, and the problem of each review file that cannot be
    read: how a run's gate names the reviews it relied on (`text.runs.gate_words`), since
    no command takes a review's id."""
    loaded = store.load(Review)
    unread: dict[str, str | LoadProblem] = {p.item_id: p for p in loaded.problems.values()}
    return unread | {review.id: review.pack for review in loaded.items.values()}


@dataclass(frozen=True)
class PackFacts:
    """One pack as it stands at one code and experiment."""

    pack: ChecklistPack
    git: GitState
    experiment: str | None
    standings: list[Standing]
    reviews: list[Review]
    """The pack's reviews, newest first."""
    problems: list[str]
    """The pack files that could not be read (this pack is not one of them), then the
    review and evidence files (`unread_answers`)."""

    def standing(self, item_id: str) -> Standing | None:
        return next((s for s in self.standings if s.item.id == item_id), None)

    @property
    def open_items(self) -> list[OpenItem]:
        """What does not hold, and why."""
        from credo.checklists.gate import open_items

        return open_items(self.pack.name, self.standings)


def pack_facts(
    store: Store,
    pack_name: str,
    git: GitState,
    experiment_id: str | None,
    *,
    all_items: bool,
    held: bool = False,
    now: datetime | None = None,
) -> PackFacts:
    """How each item of a pack stands at `git` (those the gate asks, or all with
    `all_items`), with the pack's reviews. Raises for an unknown or broken pack. With
    `held`, an item a failure holds runs on stands as that failure left it, as `credo gate`
    finds it (another command's newer run may have passed it). `now`: the moment its
    words are said at (the app's clock).

    The code is given, not read here: a caller reading several packs captures it once."""
    from credo.checklists.gate import Grounds, as_held, evaluate_gate, standings

    grounds = Grounds.read(store, git, now=now)
    pack = get_pack(store, pack_name, grounds.catalog)
    found = standings(store, pack_name, git, experiment_id, all_items=all_items, grounds=grounds)
    grounds.freshness.save()
    if held:
        decision = evaluate_gate(store, git, experiment_id, grounds=grounds)
        found = as_held(pack_name, found, decision.held, decision.acknowledged)
    mine = sorted(
        (r for r in grounds.reviews if r.pack == pack_name), key=lambda r: r.created, reverse=True
    )
    unread = [f"{p.path}: {p.message}" for p in unread_answers(store)]
    return PackFacts(pack, git, experiment_id, found, mine, [*grounds.catalog.problems, *unread])


def unread_answers(store: Store) -> list[LoadProblem]:
    """The review and evidence files that could not be read: left out, their ticks read
    as never made, so each caller names the file to mend."""
    return [p for kind in (Review, Evidence) for p in store.load(kind).problems.values()]


def gate_now(
    store: Store,
    commands: list[list[str]] | None = None,
    cwd: str | Path = "",
    experiment: str | None = None,
) -> GateDecision:
    """Would runs (of `commands`, typed in `cwd`, else of any command) start now: the gate
    at the code as it is, for runs in `experiment` (`credo run --exp`), else in the running
    one (with none running, a run is ad hoc: None either way)."""
    from credo.checklists.gate import evaluate_gate

    state, experiment = code_state(store), experiment or running_experiment_id(store)
    actor = actor_from_env(os.environ)  # said as to the agent, in an agent's shell
    paused = functools.partial(checked_experiment_id, store)
    return evaluate_gate(
        store, state, experiment, commands=commands, cwd=cwd, actor=actor, paused=paused
    )


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
        named = ", ".join(map(repr, unknown))
        raise BadInputError(f"{pack_name} has no item {named}; its items: {', '.join(known)}")
    if not marks:
        raise BadInputError("nothing to record: tick, mark n.a. or mark not-yet at least one item")
    for item_id, (mark, note) in marks.items():
        if mark == Mark.NA and not note.strip():
            raise BadInputError(f"{item_id}: n.a. needs a reason (--na {item_id}=REASON)")
    answered = [item for item in pack.items if item.verify or item.command]  # by evidence
    if any(marks.get(item.id, ("",))[0] == Mark.CHECKED for item in answered):
        refuse_hiding_ticks(store, pack_name, marks, git, experiment_id)
    entries = [
        ReviewEntry(
            item=item.id,
            mark=marks[item.id][0],
            note=checked_text(marks[item.id][1].strip(), f"{item.id}: a note"),
            item_digest=item.digest(),
        )
        for item in pack.items
        if item.id in marks
    ]
    review = Review(id=new_id(), pack=pack_name, git=git, experiment=experiment_id, entries=entries)
    return review, [store.create(review, named=(Experiment, review.experiment))]


def refuse_hiding_ticks(
    store: Store,
    pack_name: str,
    marks: dict[str, tuple[Mark, str]],
    git: GitState,
    experiment_id: str | None,
) -> None:
    """Refuse, with nothing written, a tick by hand of a check a run or a recorded data
    check failed: it would hide what was found (every face records ticks here, so each
    refuses alike). The check as the gate finds it: a failure that holds a command's runs
    is refused though another command's newer run passed the check."""
    from credo.checklists.gate import RootCommands, tick_refused

    facts = pack_facts(store, pack_name, git, experiment_id, all_items=True, held=True)
    found = facts.standings
    refused = [
        standing
        for standing in found
        if marks.get(standing.item.id, ("",))[0] == Mark.CHECKED and standing.failed_by
    ]
    if refused:
        short = store.short_ids(Run)
        actor = actor_from_env(os.environ)
        typed = RootCommands(store)
        said = (tick_refused(pack_name, s, short, actor, typed) for s in refused)
        raise BadInputError("\n".join(said))


def code_state(store: Store) -> GitState:
    """The code as it stands now (commit, dirty, diff): what a review or the gate is about."""
    from credo.gitlink.state import capture_project

    return capture_project(store.project_root, store.config).to_git_state()


def running_experiment_id(store: Store) -> str | None:
    """The experiment a run started now goes to (none: an ad-hoc run): what the gate asks
    of a run about to start (`credo gate`)."""
    from credo.actions.experiments import running_experiment

    running = running_experiment(store)
    return running.id if running else None


def checked_experiment_id(store: Store) -> str | None:
    """The experiment checklists are read and answered for (the view, `credo check`, an
    agent's answer, a data check kept by `credo data --record`): the running one, else
    the paused one, as the header shows it. Its timebox started and it is not closed, so
    its answers (and the offer of a started timebox) still hold; `credo run --exp` on it
    hears the same gate."""
    from credo.actions.experiments import here
    from credo.domain.current import shown_experiment

    shown = shown_experiment(here(store, store.experiments()))
    return shown.id if shown else None


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
