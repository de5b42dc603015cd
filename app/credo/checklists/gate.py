"""The gate before runs: it serves "just do it".

It never holds the first run of a project or of an experiment (that run is how evidence
is gathered). After that it holds a run only when evidence says something is wrong: a
verifier failed on the last run of the same command (script and arguments, as typed at
the project's root: `RootCommands`) at this very code (a run that skipped the gate is the
last only of the checks it judged), and nobody
acknowledged that check for that command at this code (once read, the same finding
again does not hold its next run), or an item the project marked blocking
(`gate_blocking`) was never answered in this experiment. A failure of `bad.py` holds runs
of `bad.py` only; asked with no command (`credo gate`), the gate holds on every command's.
Everything else the gate packs ask stays open as advice (`credo check` walks it).

An answer holds by its item's scope: `once` until someone marks it "not yet" again,
`experiment` within the experiment it was made for, `run` while nothing it is about
changed: code items follow the project's `code_paths`, data items its data, and docs or
`.credo/` changes touch neither. An n.a. holds until the pack item itself changes. An
`experiment` item that names a fact credo knows (`offer`: the timebox started) is offered
as held while the fact is true and nobody marked it in this experiment; "not yet" wins.

Evidence (a `credo data` result kept with `--record`, or what a run's verifier read)
answers an item too, while it is fresh: "verified" when it found nothing wrong, open
(with what it found) when it did. The newer of a holding tick and fresh evidence
decides; an n.a. outranks both.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from credo.checklists.evidence import Freshness, as_shown, evidence_by_item
from credo.checklists.offers import Offers
from credo.checklists.packs import Catalog, get_pack, load_catalog
from credo.domain.models import (
    ChecklistItem,
    Evidence,
    EvidenceSource,
    Experiment,
    GitState,
    Mark,
    Review,
    ReviewEntry,
    Run,
    RunStatus,
    Scope,
    short_sha,
)
from credo.domain.relevance import About, touching
from credo.errors import CredoError
from credo.runs.params import shared_command
from credo.store.ids import ShortIds
from credo.store.store import Store
from credo.wording import agrees, counted

HOLDS = (Mark.CHECKED, Mark.NA)
GIT_ASKS = 16
"""At most this many recorded trees are compared with the tree now through git, per
evaluation (the newest answers come first): a long history stays fast."""


GATE = "gate"
"""The pack that names what holds a run but no review answers: a dirty tree, a
`gate_blocking` entry that names no check."""
ACK_COMMAND = "credo gate --ack"
"""Acknowledges what holds every command's runs; `ack_command` names one command's."""
REVIEW_COMMAND = "credo check"


def ack_command(command: Sequence[str] | None = None) -> str:
    """The shell command that acknowledges what holds runs of `command` (as its runs
    record it), or of every command with none: `credo gate --ack -- python train.py`."""
    return ACK_COMMAND if command is None else f"{ACK_COMMAND} -- {shlex.join(command)}"


def commands_line(commands: Sequence[str]) -> str:
    """Shell commands as one line to paste, each in turn: `ack_command`s, `credo gate
    --ack -- python train.py --lr 1 && credo gate --ack -- python train.py --lr 2`, or a
    sweep's runs to run again."""
    return " && ".join(commands)


def ack_advice(acks: Sequence[str], actor: str | None) -> str:
    """What lets held runs go on: a person reads what failed, then acknowledges it with
    `acks` (`ack_command`s). Said to a coding agent (`actor`, refused `credo gate --ack`
    in its shell), that this is the person's decision, to be told what failed."""
    if actor:
        return (
            f"acknowledging is a person's decision, not {actor}'s: tell them what failed "
            f"(`{commands_line(acks)}` in a person's shell lets runs go on at this code)"
        )
    return f"read what failed, then {commands_line(acks)} lets runs go on at this code"


@dataclass(frozen=True)
class OpenItem:
    """A check the gate still needs, and why."""

    pack: str
    item: str
    text: str
    reason: str
    failure: Evidence | None = field(default=None, compare=False)
    """The run's failure the reason words, when a run's failure holds it."""

    def __str__(self) -> str:
        return f"{self.pack}/{self.item}: {self.text} ({self.reason})"


@dataclass(frozen=True)
class Held:
    """What the marks say: the review a tick holds from, or why none does."""

    review: Review | None = None
    reason: str = ""
    mark: Mark | None = None
    """The mark that holds (checked or n.a.)."""
    stale: bool = False
    """It was answered, and something the answer is about changed since."""
    was: ReviewEntry | None = None
    """The answer that went stale."""
    offered: str = ""
    """No mark answers it, and what credo knows does (`the timebox started 10:02`)."""


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
    mark: Mark | None = None
    stale: bool = False
    """Answered by hand before, and something it is about changed since ("still true"
    re-confirms it)."""
    was: ReviewEntry | None = None
    """The stale answer (its mark and note)."""
    acknowledgement: Evidence | None = None
    """It failed, and a person read a run's failure of it at this code (`credo gate --ack`):
    that failure, with who read it. Runs go on here, however often it fails again."""
    offered: str = ""
    """Held by what credo knows, not by a person (`Held.offered`): "not yet" unticks it."""

    @property
    def acknowledged(self) -> bool:
        return self.acknowledgement is not None

    @property
    def finding(self) -> str:
        """What the fresh evidence found, said as read once acknowledged: every view of
        an item (the gate, `credo check`, the ladder) words it so."""
        if self.evidence is None:
            return ""
        return self.evidence.summary + (" (acknowledged)" if self.acknowledged else "")

    @property
    def holds(self) -> bool:
        return not self.reason

    @property
    def how(self) -> str:
        """`verified`, `offered`, `by hand`, `n.a.`, or empty (open)."""
        if not self.holds:
            return ""
        if self.evidence is not None:
            return "verified"
        if self.offered:
            return "offered"
        return "n.a." if self.mark == Mark.NA else "by hand"

    @property
    def failed(self) -> bool:
        """Fresh evidence found something wrong."""
        return self.evidence is not None and not self.evidence.passed

    @property
    def failed_by(self) -> str:
        """Who found it wrong, when fresh evidence did ("" else): `a run`, or `its data
        check` (recorded). That is still what says the most of it: a tick by hand would
        hide what was found (acknowledged or not), so none is taken."""
        if not self.failed or self.evidence is None:
            return ""
        return "a run" if self.evidence.source == EvidenceSource.RUN else "its data check"

    @property
    def answered_again(self) -> str:
        """What answers a check fresh evidence failed ("" when none did): only the same
        check again, after a fix."""
        if not self.failed_by or self.evidence is None:
            return ""
        if self.evidence.source == EvidenceSource.RUN:
            return "your next run answers it"
        return f"{shlex.join(self.evidence.command)} answers it, once the data is fixed"

    @property
    def for_runs(self) -> bool:
        """A check runs answer (`verify`) that no fresh run has answered yet: `credo
        check` leaves it to them, and the gate counts it apart from those to review."""
        return bool(self.item.verify) and self.evidence is None


@dataclass
class GateDecision:
    passed: bool
    open_items: list[OpenItem] = field(default_factory=list)
    """Every check of the gate packs that does not hold now (blocking or not)."""
    review_ids: list[str] = field(default_factory=list)
    """The reviews whose ticks the decision relies on."""
    message: str = ""
    evidence_ids: list[str] = field(default_factory=list)
    """The evidence records the decision relies on."""
    blockers: list[OpenItem] = field(default_factory=list)
    """What holds the run: failed checks nobody acknowledged, blocking items unanswered."""
    held: list[Evidence] = field(default_factory=list)
    """The failed evidence records that hold runs (`credo gate --ack` acknowledges them)."""
    held_commands: list[list[str]] = field(default_factory=list)
    """The commands whose failed checks hold their runs, as their runs record them typed
    at the project's root (`RootCommands`)."""
    failures: list[OpenItem] = field(default_factory=list)
    """Of the blockers, the checks the last run here failed (a rung with its check once)."""
    standings: dict[str, list[Standing]] = field(default_factory=dict)
    """How each item of each pack read stands (the ladder is read off them)."""
    acknowledged: list[Evidence] = field(default_factory=list)
    """The failed checks (and rungs) that would hold the run but were acknowledged at this
    code: the failure each person read."""
    first_run: bool = False
    run_ids: ShortIds = field(default_factory=ShortIds)
    """The runs' ids as `credo runs ls` prints them: read when a failure that holds runs
    is worded (`held`'s runs are named by them)."""

    @property
    def read_checks(self) -> list[Evidence]:
        """The acknowledged failures as the gate counts what holds: one a check, a rung
        read off the same curves in the same words going with its check."""
        said: dict[tuple[str | None, str], Evidence] = {}
        for record in self.acknowledged:
            said.setdefault((record.run, record.summary), record)
        return list(said.values())

    def holding(self, pack: str, item: str) -> list[Evidence]:
        """The failures of `pack/item` that hold runs (one a command), each with what its
        run failed in the same words (a rung beside its check): what acknowledging the
        item acknowledges, as `credo gate --ack` would."""
        own = [e for e in self.held if (e.pack, e.item) == (pack, item)]
        return with_same_words(own, self.held)

    @property
    def to_acknowledge(self) -> list[str]:
        """The ids of the failed evidence records `credo gate --ack` would acknowledge."""
        return [e.id for e in self.held]

    def record(self) -> dict[str, object]:
        """What a run keeps of the gate (`gate` in its run.toml): whether it passed, the
        reviews and evidence it relied on, each check held by what credo knew (`offered`:
        the check and the fact, nobody ticked it), and each failed check it went on over
        because someone had read it (who, when, why)."""
        kept: dict[str, object] = {
            "passed": bool(self.passed),
            "review_ids": list(self.review_ids),
            "evidence_ids": list(self.evidence_ids),
        }
        offered = [
            {"check": f"{pack}/{s.item.id}", "offer": s.item.offer}
            for pack, found in self.standings.items()
            for s in found
            if s.offered
        ]
        if offered:
            kept["offered"] = offered
        if self.read_checks:
            kept["acknowledged"] = [
                {
                    "check": f"{e.pack}/{e.item}",
                    "evidence": e.id,
                    "by": e.acknowledged_by,
                    "at": e.acknowledged_at.isoformat() if e.acknowledged_at else "",
                    "note": e.acknowledged_note,
                }
                for e in self.read_checks
            ]
        return kept

    @property
    def reviewable(self) -> list[OpenItem]:
        """The blockers a review can answer (not a dirty tree, not a broken setting)."""
        return [b for b in self.blockers if b.pack != GATE]


def with_same_words(failed: list[Evidence], pool: Iterable[Evidence]) -> list[Evidence]:
    """`failed`, then each other record of `pool` whose run failed in the same words
    (a rung read off the same curves beside its check), each once: what acknowledging
    `failed` acknowledges with it."""
    said = {(e.run, e.summary) for e in failed}
    chosen = {e.id: e for e in failed}
    for record in pool:
        if (record.run, record.summary) in said:
            chosen.setdefault(record.id, record)
    return list(chosen.values())


def marks_by_item(reviews: list[Review]) -> dict[str, list[tuple[Review, ReviewEntry]]]:
    """Every mark each item received, newest first."""
    found: dict[str, list[tuple[Review, ReviewEntry]]] = {}
    for review in sorted(reviews, key=lambda r: (r.created, r.id), reverse=True):
        for entry in review.entries:
            found.setdefault(entry.item, []).append((review, entry))
    return found


class CodeMatch:
    """Whether nothing an answer is about changed since the tree it was given at (git
    asked once per recorded tree)."""

    def __init__(self, store: Store, now: GitState) -> None:
        self.now = now
        self.config = store.config
        self.root: Path | None = store.git_root
        self.files: dict[tuple[object, ...], tuple[set[str], set[str]] | None] = {}
        self.ahead: dict[str, int | None] = {}

    def __call__(self, then: GitState, about: About = "code") -> bool:
        return not self.changed(then, about)

    def changed(self, then: GitState, about: About = "code", *, commits: bool = True) -> str:
        """Why an answer given at `then` about `about` no longer holds ("" when it does).
        Unless `commits`, the `run_checks_hold_commits` a tick survives do not count: only
        the same code (or a change that touches none of it) matches."""
        now = self.now
        if then.sha == now.sha and then.diff_hash == now.diff_hash:
            return ""
        files = self._files(then)
        if files is not None:
            found = touching(about, *files, self.config)
            if not found:
                return ""
        if commits and self._within_allowed_commits(then):
            return ""
        sha = short_sha(then.sha) if then.sha else "no commit"
        if files is None:
            if then.sha == now.sha:
                return f"the code changed since {sha} (uncommitted changes)"
            return f"the code changed since commit {sha}"
        named = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
        return f"{named} changed since {sha}"

    def _files(self, then: GitState) -> tuple[set[str], set[str]] | None:
        if self.root is None:
            return None
        key = (then.sha, then.diff_hash, tuple(then.changed), tuple(then.untracked))
        if key not in self.files:
            if len(self.files) >= GIT_ASKS:
                return None  # an older tree than these: only the very same code matches
            from credo.gitlink.state import files_changed_since

            self.files[key] = files_changed_since(self.root, then, self.now)
        return self.files[key]

    def _within_allowed_commits(self, then: GitState) -> bool:
        allowed = self.config.run_checks_hold_commits
        if allowed <= 0 or self.now.dirty or then.dirty or not then.sha or self.root is None:
            return False
        if then.sha not in self.ahead:
            from credo.gitlink.state import commits_since

            self.ahead[then.sha] = commits_since(self.root, then.sha)
        ahead = self.ahead[then.sha]
        return ahead is not None and ahead <= allowed


def unanswered(item: ChecklistItem) -> str:
    """Why an item nothing has answered is open, said by what answers it: a ladder rung
    (not tried), a check runs verify, a data check recorded by its command, or a person."""
    if not item.gate:
        return "not tried"
    if item.verify:
        return "no run has shown it yet"
    if item.command:
        return "no check recorded yet"
    return "never ticked"


def tick_refused(
    pack: str, standing: Standing, short: ShortIds, actor: str | None, typed: RootCommands
) -> str:
    """Why a tick by hand of this item is refused, with what to do instead ("" when it is
    not): a run or a recorded data check failed it, and only the same check again (after
    a fix) answers that. `short`: the runs' ids as the lists print them; `actor`: the
    agent whose shell it is said in (`ack_advice`); `typed`: the run's command as the
    acknowledgement names it, typed at the root (as the held run's message names it)."""
    if not standing.failed_by:
        return ""
    record = standing.evidence
    assert record is not None
    item = standing.item.id
    na = f"--na {item}=REASON if the check does not fit the project"
    if record.source != EvidenceSource.RUN:
        return (
            f"{pack}/{item} failed its recorded check ({record.summary}): a tick by hand"
            f" would hide what the check found; fix the data and record it again"
            f" ({shlex.join(record.command)}); {na}"
        )
    first = (
        "it was acknowledged: your next run answers it"
        if standing.acknowledged
        else "fix it and run again (the next run answers it), or "
        + ack_advice([ack_command(typed.of(record))], actor)
    )
    run = short[record.run or ""]  # a run's evidence always names its run
    return (
        f"{pack}/{item} failed on run {run}: a tick by hand would hide"
        f" what the run found; {first}; {na}"
    )


def holds(
    store: Store,
    item: ChecklistItem,
    marks: list[tuple[Review, ReviewEntry]],
    state: GitState,
    experiment_id: str | None,
    *,
    same_code: CodeMatch | None = None,
    offers: Offers | None = None,
) -> Held:
    """The review a tick holds from, or why it does not; else what credo knows that offers
    it as held (an `experiment` item's `offer`, true of this experiment, where nobody
    marked it in this experiment: their "not yet" unticks it)."""
    held = _marked(store, item, marks, state, experiment_id, same_code)
    if held.review is None and item.offer and item.scope == Scope.EXPERIMENT:
        if not any(review.experiment == experiment_id for review, _ in marks):
            if known := (offers or Offers(store))(item.offer, experiment_id):
                return Held(offered=known)
    return held


def na_holds(item: ChecklistItem, newest: ReviewEntry) -> bool:
    """Whether `newest`, an item's newest mark, is an n.a. that still holds: the pack
    item is the one it was given for."""
    return newest.mark == Mark.NA and newest.item_digest in ("", item.digest())


def marked_na(reviews: list[Review], catalog: Catalog) -> dict[tuple[str, str], str]:
    """The items an n.a. holds for now, as (pack, item), each with its reason: what every
    verdict says of them instead of what a check found (the gate reads them so too)."""
    found = {}
    for name, source in catalog.packs.items():
        marks = marks_by_item([r for r in reviews if r.pack == name])
        for item in source.pack.items:
            newest = marks.get(item.id)
            if newest and na_holds(item, newest[0][1]):
                found[name, item.id] = newest[0][1].note
    return found


def na_words(reason: str) -> str:
    """An item marked n.a. as a verdict says it: `n.a.: REASON`."""
    return "n.a." + (f": {reason}" if reason else "")


def _marked(
    store: Store,
    item: ChecklistItem,
    marks: list[tuple[Review, ReviewEntry]],
    state: GitState,
    experiment_id: str | None,
    same_code: CodeMatch | None,
) -> Held:
    """The review a tick holds from, or why it does not."""
    if not marks:
        return Held(reason=unanswered(item))
    newest_review, newest = marks[0]
    if newest.mark == Mark.NA:
        if na_holds(item, newest):
            return Held(newest_review, mark=Mark.NA)
        return Held(reason="the pack item changed since it was marked n.a.", stale=True, was=newest)
    if item.scope == Scope.ONCE:
        if newest.mark in HOLDS:
            return Held(newest_review, mark=newest.mark)
        return Held(reason="reopened: marked not yet")
    if item.scope == Scope.EXPERIMENT:
        if experiment_id is None:
            return Held(reason="no experiment is running (it holds per experiment)")
        for review, entry in marks:
            if review.experiment == experiment_id:
                if entry.mark in HOLDS:
                    return Held(review, mark=entry.mark)
                return Held(reason="marked not yet")
        answered = next((entry for _, entry in marks if entry.mark in HOLDS), None)
        if answered is not None:
            return Held(reason="ticked for another experiment", stale=True, was=answered)
        return Held(reason=unanswered(item))
    matches = same_code or CodeMatch(store, state)
    # The newest mark given on this code decides; older code says nothing about it.
    for review, entry in marks:
        if matches(review.git, item.about):
            if entry.mark in HOLDS:
                return Held(review, mark=entry.mark)
            return Held(reason="marked not yet")
    why = matches.changed(newest_review.git, item.about)
    if newest.mark in HOLDS:
        return Held(reason=f"stale: {why}", stale=True, was=newest)
    return Held(reason=f"stale: {why}")


class RootCommands:
    """Commands as typed at the project's root, which is what a failure holds: each word
    that names a file or folder in the project, read from the folder the command was typed
    in, becomes its path from the root (`python ../train.py` in `sub/` is `python train.py`,
    as typed at the root). Other words (options and their values, a program on PATH) stay
    as typed, and so does all of a command typed outside this clone (a teammate's run):
    arguments are the command's own, since changing one (`--epochs`, `--lr`) is how many a
    failed check gets fixed. Each word is looked up once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.root = str(store.project_root)
        self.seen: dict[tuple[str, str], str] = {}
        self._runs: list[Run] | None = None
        self._by_id: dict[str, Run] = {}

    def __call__(self, command: Sequence[str], cwd: str | Path = "") -> tuple[str, ...]:
        """`command` typed in `cwd` (the root when not given), as typed at the root."""
        here = os.path.normpath(os.path.join(self.root, cwd))
        if not self._inside(here):
            return tuple(command)
        return tuple(self._word(word, here) for word in command)

    def runs(self) -> list[Run]:
        """The project's runs, read once: where `of` finds the folder a failed run was typed
        in, and what the gate reads its last runs from (one read for both)."""
        if self._runs is None:
            self._runs = self.store.runs()
            self._by_id = {run.id: run for run in self._runs}
        return self._runs

    def of(self, record: Evidence) -> tuple[str, ...]:
        """The command whose runs a run's failure holds: its run's, typed where it ran."""
        self.runs()
        run = self._by_id.get(record.run or "")
        return self(record.command, run.cwd if run is not None else "")

    def _inside(self, path: str) -> bool:
        return os.path.commonpath([path, self.root]) == self.root

    def _word(self, word: str, here: str) -> str:
        if not word or word.startswith("-"):
            return word
        if (here, word) not in self.seen:
            path = os.path.normpath(os.path.join(here, word))
            named = self._inside(path) and os.path.lexists(path)
            self.seen[here, word] = os.path.relpath(path, self.root) if named else word
        return self.seen[here, word]


@dataclass
class Grounds:
    """What packs are judged against, read once for all of them: the packs, the reviews
    and the evidence (as they stood at `before`, when given), whether a recorded code is
    this code, and the data's fingerprints (`freshness.save()` keeps new ones)."""

    catalog: Catalog
    reviews: list[Review]
    evidence: list[Evidence]
    same_code: CodeMatch
    freshness: Freshness
    commands: RootCommands
    offers: Offers

    @classmethod
    def read(
        cls,
        store: Store,
        state: GitState,
        before: datetime | None = None,
        catalog: Catalog | None = None,
        now: datetime | None = None,
    ) -> Grounds:
        same_code = CodeMatch(store, state)
        return cls(
            catalog or load_catalog(store),
            [r for r in store.reviews() if before is None or r.created <= before],
            as_shown(store, [e for e in store.evidence() if before is None or e.created <= before]),
            same_code,
            Freshness(store, same_code),
            RootCommands(store),
            Offers(store, now),
        )


def standings(
    store: Store,
    pack_name: str,
    state: GitState,
    experiment_id: str | None,
    *,
    all_items: bool,
    grounds: Grounds | None = None,
) -> list[Standing]:
    """How each item of one pack stands (those the gate asks, or all with `all_items`).

    A caller that reads several packs passes one `grounds` (and saves its freshness):
    the reviews and evidence are read, and each file fingerprinted, once for all."""
    own = grounds is None
    grounds = grounds or Grounds.read(store, state)
    pack = get_pack(store, pack_name, grounds.catalog)
    marks = marks_by_item([r for r in grounds.reviews if r.pack == pack_name])
    records = evidence_by_item(grounds.evidence, pack_name)
    found = []
    for item in pack.items:
        if not (item.gate or all_items):
            continue
        held = holds(
            store,
            item,
            marks.get(item.id, []),
            state,
            experiment_id,
            same_code=grounds.same_code,
            offers=grounds.offers,
        )
        found.append(_decide(item, held, records.get(item.id, []), grounds))
    if own:
        grounds.freshness.save()
    return found


def _decide(item: ChecklistItem, held: Held, records: list[Evidence], grounds: Grounds) -> Standing:
    """An n.a. decides; else what was said last: the newest evidence made after the tick
    that holds (if any), or that tick. Evidence is about files: once they changed, it
    answers nothing and the item is open again (a tick made before it does not come back:
    the evidence overruled it), until the check runs again or a person ticks it. An older
    record still fresh verifies only the files it read: not when a newer one, stale now,
    read others (`balance data/train.csv` does not answer for `balance data` once
    `data/valid.csv` changed); the same files back as it read them, it does. A fresh
    failure is still true, however much a newer record read."""
    review = held.review
    if review is not None and held.mark == Mark.NA:
        return Standing(item, review=review, mark=Mark.NA)
    stale = ""
    stale_paths: list[str] = []
    for record in records:  # the newest first
        if review is not None and record.created < review.created:
            break  # the tick came after it
        why = grounds.freshness.stale(record, item)
        if why:
            stale = stale or why
            stale_paths += record.fingerprints
        elif not record.passed:
            return failed_on(item, record, read_before(record, records, grounds, item))
        elif _read_all(record, stale_paths):
            return Standing(item, evidence=record)
    if stale:
        return Standing(item, reason=f"evidence is stale: {stale}", stale=held.stale, was=held.was)
    if review is not None:
        return Standing(item, review=review, mark=held.mark)
    if held.offered:
        return Standing(item, offered=held.offered)
    return Standing(item, reason=held.reason, stale=held.stale, was=held.was)


def _read_all(record: Evidence, paths: list[str]) -> bool:
    """Whether `record` read each of `paths` (itself, or a folder that holds it)."""
    return all(
        any(path == mine or path.startswith(mine + "/") for mine in record.fingerprints)
        for path in paths
    )


def failed_words(record: Evidence, finding: str, short: ShortIds, *, whose: bool = True) -> str:
    """A run's failure of a check as the gate words it, `finding` being what it found:
    `failed on run abc1 (python train.py): ...` (the run's id as `short` has it), the
    command said when `whose`."""
    of = f" ({shlex.join(record.command)})" if whose else ""
    return f"failed on run {short[record.run or '']}{of}: {finding}"


def why_open(standing: Standing, short: ShortIds) -> str:
    """Why an item is open, as the gate words it: a run's failure with that run (as
    `short` names it) and its command, whose runs it holds (`credo check --status`, the
    walk); else its reason."""
    record = standing.evidence
    if standing.failed and record is not None and record.source == EvidenceSource.RUN:
        return failed_words(record, standing.finding, short)
    return standing.reason


def failed_on(item: ChecklistItem, record: Evidence, read: Evidence | None = None) -> Standing:
    """How an item stands where `record` found it wrong (`read`: the same failure a person
    read at this code, if any)."""
    failed = Standing(item, evidence=record, acknowledgement=read)
    return replace(failed, reason=f"evidence found: {failed.finding}")


def as_held(
    pack_name: str,
    found: list[Standing],
    held: Collection[Evidence],
    read: Collection[Evidence] = (),
) -> list[Standing]:
    """Each item of a pack as the gate finds it (`held`: the failures that hold runs;
    `read`: those a person acknowledged, which hold none): a check a command's run failed
    holds that command's runs, or was read for it, though a newer run of another command
    passed it, and a view of the item says that failure, not the newer pass."""

    def newest(records: Collection[Evidence]) -> dict[str, Evidence]:
        by_item: dict[str, Evidence] = {}
        for e in sorted(records, key=lambda e: e.created):
            if e.pack == pack_name:
                by_item[e.item] = e
        return by_item

    holding, seen = newest(held), newest(read)
    shown = []
    for standing in found:
        item = standing.item
        if item.id in holding and standing.evidence not in held:
            standing = failed_on(item, holding[item.id])
        elif item.id not in holding and item.id in seen and not standing.failed:
            standing = failed_on(item, seen[item.id], seen[item.id])
        shown.append(standing)
    return shown


def read_before(
    failure: Evidence, records: list[Evidence], grounds: Grounds, item: ChecklistItem
) -> Evidence | None:
    """A run's failure of the same check, by the same command at this code, that a person
    read (`credo gate --ack`), if any: once read, the same finding again holds no run of
    that command here."""
    return next(
        (
            e
            for e in records
            if e.source == EvidenceSource.RUN
            and not e.passed
            and e.acknowledged_by
            and grounds.commands.of(e) == grounds.commands.of(failure)
            and grounds.freshness.same_code(e.git, item.about)
        ),
        None,
    )


def evaluate_pack(
    store: Store, pack_name: str, state: GitState, experiment_id: str | None, *, all_items: bool
) -> tuple[list[OpenItem], set[str]]:
    """Open items of one pack (those the gate asks, or all with `all_items`), and the
    reviews the others hold from."""
    found = standings(store, pack_name, state, experiment_id, all_items=all_items)
    return open_items(pack_name, found), {s.review.id for s in found if s.review is not None}


def open_items(pack_name: str, found: list[Standing]) -> list[OpenItem]:
    """What does not hold of one pack, and why."""
    return [OpenItem(pack_name, s.item.id, s.item.text, s.reason) for s in found if not s.holds]


def on_last_runs(
    runs: list[Run], grounds: Grounds, failed: list[Evidence], evidence: list[Evidence]
) -> list[Evidence]:
    """Of `failed` (runs' failures of checks), those of the last run of their command whose
    code is the code now to judge their check: the very code (or a change that touches
    none of it), not merely within the commits a tick survives (`run_checks_hold_commits`),
    since a committed fix is what the next run tries. A run that went over a closed gate
    (`--skip-gate`) read none of what held it: it is the last run only of the checks it
    judged (`evidence`), so another rung's run cannot clear a failed rung unread. A
    command's runs older than its oldest failure are not looked at (nothing it failed can
    be their last run's), so git compares few trees."""
    by_id = {run.id: run for run in runs}
    command_of = grounds.commands
    oldest: dict[tuple[str, ...], datetime] = {}
    for record in failed:
        run = by_id.get(record.run or "")
        if run is not None:
            command = command_of(run.command, run.cwd)
            oldest[command] = min(oldest.get(command, run.started), run.started)
    start = min(oldest.values(), default=None)
    last: dict[tuple[str, ...], list[Run]] = {}
    """Each command's newest runs here, newest first, down to the first that passed the gate."""
    done: set[tuple[str, ...]] = set()
    for run in sorted(runs, key=lambda r: (r.started, r.id), reverse=True):
        if start is None or run.started < start:
            break  # older than every failure: the last run of no command that failed
        command = command_of(run.command, run.cwd)
        if command in done or command not in oldest or run.started < oldest[command]:
            continue
        if run.status == RunStatus.RUNNING or run.git_start is None:
            continue
        if not grounds.same_code.changed(run.git_start, commits=False):
            last.setdefault(command, []).append(run)
            if not run.gate.get("skipped"):
                done.add(command)
    judged: dict[str, set[tuple[str, str]]] = {}
    for record in evidence:
        judged.setdefault(record.run or "", set()).add((record.pack, record.item))
    found = []
    for record in failed:
        run = by_id.get(record.run or "")
        if run is None:
            continue
        check = (record.pack, record.item)
        own = last.get(command_of(run.command, run.cwd), [])
        newer = (r for r in own if check in judged.get(r.id, ()))
        if next(newer, None) is run:
            found.append(record)
    return found


def _as_asked(held: list[list[str]], commands: Collection[Sequence[str]] | None) -> list[list[str]]:
    """The `held` commands in the order they were asked (a sweep's, as it runs them), not
    the order their failures were read in (newest first, two of the same second by id):
    the lines that name each command's ack and run say `--lr 1` before `--lr 2`."""
    order = {tuple(command): index for index, command in enumerate(commands or ())}
    return sorted(held, key=lambda command: order.get(tuple(command), len(order)))


def evaluate_gate(
    store: Store,
    state: GitState,
    experiment_id: str | None,
    *,
    commands: Collection[Sequence[str]] | None = None,
    cwd: str | Path = "",
    before: datetime | None = None,
    catalog: Catalog | None = None,
    grounds: Grounds | None = None,
    actor: str | None = None,
    paused: Callable[[], str | None] | None = None,
) -> GateDecision:
    """Whether a run of `commands` (a run's one, a sweep's, typed in `cwd`: the project's
    root when not given) may start now, what holds it, and what stays open as advice (as
    it stood at `before`, when given: only the reviews,
    evidence and runs made by then count). With no `commands`, what holds any command:
    every failure the gate would hold a run on is said, none hidden. A caller that read
    the packs at `state` passes its `grounds` (read with no `before`): read once for both.
    `actor`: the coding agent that asks (its words: `ack_advice`), None for a person.
    `paused`: with no experiment (an ad-hoc run), what gives the paused experiment the
    checklists are answered for, asked only when a check credo offers there holds the run
    (`_offered_elsewhere` says so).

    Never raises for a missing or broken pack: that holds the run with a message that
    says what to fix, and `--skip-gate` still works.
    """
    config = store.config
    blockers: list[OpenItem] = []
    advice: list[OpenItem] = []
    by_runs = 0
    """Of the advice, the checks left for runs to answer (`Standing.for_runs`)."""
    used: set[str] = set()
    if config.gate_require_clean and state.dirty:
        blockers.append(
            OpenItem(GATE, "clean-tree", "Commit or stash your changes first", "tree not clean")
        )
    grounds = grounds or Grounds.read(store, state, before, catalog)
    catalog, reviews, evidence = grounds.catalog, grounds.reviews, grounds.evidence
    command_of = grounds.commands
    runs = [r for r in command_of.runs() if before is None or r.started < before]
    mine = [r for r in runs if r.experiment == experiment_id]
    first = not runs or (experiment_id is not None and not mine)
    failed_runs = [e for e in evidence if e.source == EvidenceSource.RUN and not e.passed]
    wanted = (  # as typed at the root: the same script typed in another folder is one
        {command_of.of(e) for e in failed_runs}  # only a command that failed can be held
        if commands is None
        else {command_of(shared_command(list(c)), cwd) for c in commands}  # as runs record it
    )
    failed_runs = [e for e in failed_runs if command_of.of(e) in wanted]
    failed: dict[tuple[str, str], list[Evidence]] = {}
    """Each check the last run of a command here failed: its failures, one a command."""
    for e in [] if first else on_last_runs(runs, grounds, failed_runs, evidence):
        failed.setdefault((e.pack, e.item), []).append(e)  # read already or not: `_held_on` says
    blocking: set[str] = set()
    for entry in config.gate_blocking:
        pack_name, _, item_id = entry.partition("/")
        if pack_name and item_id:
            blocking.add(entry)
        else:
            blockers.append(
                OpenItem(
                    GATE,
                    "config",
                    f"gate_blocking entry {entry!r} in .credo/config.toml names no check",
                    "write it as PACK/ITEM, as in training-recipe/seed-fixed",
                )
            )
    verified: set[str] = set()
    held: list[Evidence] = []
    held_commands: dict[tuple[str, ...], list[str]] = {}
    failures: set[tuple[str | None, str]] = set()
    run_ids = ShortIds()
    failed_here: list[OpenItem] = []
    read: list[Evidence] = []
    """Failed checks that do not hold the run: acknowledged for its command at this code."""
    read_open = 0
    """Of them, the checks still open (among the advice)."""
    read_packs: dict[str, list[Standing]] = {}
    earlier: list[str] = []
    """Failed checks that do not hold the run: the last run of its command here did not
    check them."""
    elsewhere: list[str] = []
    """Failed checks that do not hold the run: another command failed them."""
    for name in dict.fromkeys([*config.gate_packs, *(b.partition("/")[0] for b in blocking)]):
        try:
            found = standings(store, name, state, experiment_id, all_items=True, grounds=grounds)
        except CredoError as error:
            where = "gate_packs" if name in config.gate_packs else "gate_blocking"
            reason = f"{error.message}; {where} in .credo/config.toml names it"
            blockers.append(OpenItem(name, "pack", "The pack cannot be used", reason))
            continue
        read_packs[name] = found
        gate_pack = name in config.gate_packs
        records = evidence_by_item(evidence, name)
        for standing in sorted(found, key=lambda s: not s.item.gate):  # run checks first
            item = standing.item
            key = f"{name}/{item.id}"
            holding, acknowledged = _held_on(
                standing, failed.get((name, item.id), []), records, grounds
            )
            read += [e for e in acknowledged if e not in read]  # a rung's too, as `held`
            if holding:
                for record in holding:
                    held.append(record)
                    command = command_of.of(record)
                    held_commands.setdefault(command, list(command))
                    if (record.run, record.summary) in failures:  # a rung and a run check
                        continue  # read the same curves
                    failures.add((record.run, record.summary))
                    run_ids = run_ids or store.short_ids(Run)  # listed once, for failures only
                    said = failed_words(record, record.summary, run_ids, whose=commands is None)
                    blockers.append(OpenItem(name, item.id, item.text, said, record))
                    failed_here.append(blockers[-1])
            elif (
                key in blocking
                and not standing.holds
                and not first
                and not _answered_in(standing, name, reviews, evidence, experiment_id)
            ):
                why = standing.reason
                if experiment_id is None:  # an ad-hoc run: an offer in a paused one is not its
                    why = _offered_elsewhere(store, name, item, state, grounds, paused) or why
                blockers.append(OpenItem(name, item.id, item.text, f"blocking: {why}"))
            elif (gate_pack and item.gate or key in blocking) and not standing.holds:
                advice.append(OpenItem(name, item.id, item.text, standing.reason))
                by_runs += standing.for_runs
                if acknowledged or standing.acknowledgement is not None:
                    read_open += 1
                elif standing.failed and standing.evidence is not None:
                    record = standing.evidence
                    of_others = record.source == EvidenceSource.RUN and (
                        command_of.of(record) not in wanted
                    )
                    (elsewhere if of_others else earlier).append(item.id)
            if standing.review is not None:
                used.add(standing.review.id)
            if standing.evidence is not None and standing.holds:
                verified.add(standing.evidence.id)
        blocking -= {f"{name}/{s.item.id}" for s in found}
    grounds.freshness.save()
    for unknown in sorted(b for b in blocking if b.partition("/")[0] in catalog.packs):
        pack, _, item_id = unknown.partition("/")
        blockers.append(
            OpenItem(pack, item_id, "A blocking check", "gate_blocking names an item no pack has")
        )
    decision = GateDecision(
        passed=not blockers,
        open_items=blockers + advice,
        review_ids=sorted(used),
        evidence_ids=sorted(verified),
        blockers=blockers,
        held=held,
        held_commands=_as_asked(list(held_commands.values()), commands),
        failures=failed_here,
        standings=read_packs,
        acknowledged=read,
        first_run=first,
        run_ids=run_ids,
    )
    counts = (len(advice) - by_runs - read_open, by_runs)  # read already: none to review
    decision.message = _message(
        store,
        state,
        decision,
        counts,
        (earlier, elsewhere),
        others_ran=bool(runs),
        whole=commands is None,
        actor=actor,
    )
    return decision


def _held_on(
    standing: Standing,
    failures: list[Evidence],
    records: dict[str, list[Evidence]],
    grounds: Grounds,
) -> tuple[list[Evidence], list[Evidence]]:
    """Of the failures of one check on the last runs here (one a command), those that hold
    their command's runs, and those a person read for their command at this code (which
    let its runs go on). A failure holds while it is fresh and nothing newer answers the
    check by hand: an n.a., or a tick given after it."""
    if standing.mark == Mark.NA:
        return [], []
    holding, read = [], []
    item = standing.item
    for failure in failures:
        if standing.review is not None and standing.review.created >= failure.created:
            continue
        if grounds.freshness.stale(failure, item):
            continue
        seen = read_before(failure, records.get(item.id, []), grounds, item)
        if seen is not None:
            read.append(seen)
        else:
            holding.append(failure)
    return holding, read


def _offered_elsewhere(
    store: Store,
    pack: str,
    item: ChecklistItem,
    state: GitState,
    grounds: Grounds,
    paused: Callable[[], str | None] | None,
) -> str:
    """Why an ad-hoc run is held on `item` while the paused experiment (`paused()`), which
    the checklists view and `credo check` read, is offered it: an offer holds within its
    experiment, and an ad-hoc run is in none. "" when nothing offers it there."""
    if not item.offer or paused is None or (experiment := paused()) is None:
        return ""
    marks = marks_by_item([r for r in grounds.reviews if r.pack == pack]).get(item.id, [])
    there = holds(
        store, item, marks, state, experiment, same_code=grounds.same_code, offers=grounds.offers
    )
    if not there.offered:
        return ""
    short = store.short_id(Experiment, experiment)
    return (
        f"no experiment is running: this is an ad-hoc run, which paused experiment {short}'s"
        f" offer ({there.offered}) does not answer; resume {short} (credo exp resume {short})"
        f" or tick it ({REVIEW_COMMAND} {pack} --tick {item.id})"
    )


def _answered_in(
    standing: Standing,
    pack: str,
    reviews: list[Review],
    evidence: list[Evidence],
    experiment_id: str | None,
) -> bool:
    """Whether a blocking item got a holding answer in this experiment (ever, for a
    `once` item or an ad-hoc run): then a later change leaves it open, not blocking."""
    item = standing.item
    anywhere = item.scope == Scope.ONCE or experiment_id is None
    for review in reviews:
        if review.pack == pack and (anywhere or review.experiment == experiment_id):
            if any(e.item == item.id and e.mark in HOLDS for e in review.entries):
                return True
    return any(
        e.pack == pack
        and e.item == item.id
        and e.passed
        and (anywhere or e.experiment == experiment_id)
        for e in evidence
    )


def _held_lines(blockers: list[OpenItem], short: ShortIds, *, whose: bool) -> list[str]:
    """A line for each check that holds runs; another command's run that failed it in the
    same words (a sweep's, each value a command) is named under it by its run (and its
    command, when `whose`), not worded again."""
    lines: list[str] = []
    first: dict[tuple[str, str], OpenItem] = {}
    for blocker in blockers:
        head = first.setdefault((blocker.pack, blocker.item), blocker)
        failure, said = blocker.failure, head.failure
        if head is blocker or failure is None or said is None or failure.summary != said.summary:
            lines.append(f"  - {blocker}")
            continue
        of = f" ({shlex.join(failure.command)})" if whose else ""
        lines.append(f"    the same on run {short[failure.run or '']}{of}")
    return lines


def _message(
    store: Store,
    state: GitState,
    decision: GateDecision,
    advice: tuple[int, int],
    not_held: tuple[list[str], list[str]],
    *,
    others_ran: bool,
    whole: bool,
    actor: str | None,
) -> str:
    """The gate's words: what holds the run (runs of any command, when `whole`), or why
    it is open; `not_held`: the checks that failed but hold none of the commands asked
    about, on an earlier run of theirs, or on another command's run; `actor`: the coding
    agent that asks (`ack_advice`)."""
    packs = ", ".join(store.config.gate_packs)
    if state.patch_status == "off":
        where = "this folder (git linkage is off: run checks cannot follow code changes)"
    else:
        where, said = (short_sha(state.sha), []) if state.sha else ("this code", ["no commits yet"])
        said += ["dirty tree"] if state.dirty else []
        where += f" ({', '.join(said)})" if said else ""
    if decision.blockers:
        held = len({(b.pack, b.item) for b in decision.blockers})
        runs = "runs" if whole else "the run"
        if held < len(decision.blockers):  # a check failed by several commands' runs
            commands = counted(len(decision.held_commands), "command")
            runs = f"{'runs' if whole else 'the runs'} of {commands}"
        lines = [f"{counted(held, 'check')} {agrees(held, 'holds', 'hold')} {runs} at {where}:"]
        lines += _held_lines(decision.blockers, decision.run_ids, whose=whole)
        if decision.to_acknowledge:
            # asked about some commands, each one's own: the bare command acknowledges all
            acks = list(
                dict.fromkeys(ack_command(None if whole else c) for c in decision.held_commands)
            )
            lines.append(ack_advice(acks, actor))
        return "\n".join(lines)
    if not packs:
        text = f"open at {where}: the gate reads no pack (gate_packs is empty)"
    elif decision.first_run:  # of the project, or of an experiment (others' runs hold none)
        whose = "this experiment's" if others_ran else "a"
        text = f"open at {where}: {whose} first run gathers the evidence"
    elif decision.acknowledged or any(not_held):
        earlier, elsewhere = not_held
        read = list(dict.fromkeys(e.item for e in decision.read_checks))
        was = agrees(len(read), "was", "were")
        said = [f"{', '.join(read)} failed and {was} acknowledged"] if read else []
        if earlier:
            said.append(f"{', '.join(earlier)} failed on an earlier run, not the last one")
        if elsewhere:
            said.append(
                f"{', '.join(elsewhere)} failed on a run of another command, and holds only that"
                f" command's runs"
            )
        text = f"open at {where}: {'; '.join(said)} at this code"
    else:
        text = f"open at {where}: nothing in {packs} says something is wrong"
    to_review, by_runs = advice
    if to_review:
        text += f"; {counted(to_review, 'check')} to review when you can ({REVIEW_COMMAND})"
    if by_runs:
        text += f"; {counted(by_runs, 'check')} left for runs to answer"
    return text
