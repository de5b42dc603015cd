"""The current branch's history and what credo links to each commit: the tasks and
experiments its message names, the runs made at it and the reviews made at it (the
commits view's, read in a worker)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from credo.actions.gitsync import REVERT, linkage_off
from credo.domain.models import Experiment, Review, Run, Task
from credo.errors import CredoError
from credo.gitlink.index import Commit, Unsure, branch_log, names_in
from credo.gitlink.runner import run
from credo.store.ids import short_ids
from credo.store.store import Store

HISTORY_PAGE = 200
"""How many commits are read at first, and how many more each time more are asked for."""
SHALLOW = "shallow clone: the history stops where the clone's does (git fetch --unshallow)"


@dataclass(frozen=True)
class ItemLink:
    """A task or experiment a commit's message names, and how it names it."""

    kind: type[Task] | type[Experiment]
    item_id: str
    short: str
    title: str
    how: str
    """`trailer`, `closes`, `done at this commit`..., joined with `, `."""


@dataclass
class CommitLinks:
    """What credo links to one commit."""

    items: list[ItemLink] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    """The runs started at this commit (their HEAD), oldest first."""
    reviews: list[Review] = field(default_factory=list)
    """The checklist reviews made at this commit, oldest first."""
    unsure: list[Unsure] = field(default_factory=list)
    """The ids its message writes that several items' ids start with: linked to none."""

    def __bool__(self) -> bool:
        return bool(self.items or self.runs or self.reviews or self.unsure)


@dataclass
class BranchLog:
    """HEAD's newest commits and their links, or why there are none."""

    commits: list[Commit] = field(default_factory=list)
    links: dict[str, CommitLinks] = field(default_factory=dict)
    """By sha, for the commits that link something."""
    more: bool = False
    """HEAD's history holds older commits than `commits` (left unread)."""
    head: str | None = None
    branch: str | None = None
    """None on a detached HEAD."""
    shallow: bool = False
    """A shallow clone: the history stops where the clone's does."""
    none: str = ""
    """Why there is no history to show (linkage off, no commits yet); empty when there is."""


def head_place(store: Store) -> tuple[str | None, str | None, bool]:
    """HEAD's sha, its branch (None when detached) and whether the clone is shallow, in
    one git call; no sha in a repository without commits."""
    if linkage_off(store) or store.git_root is None:
        return None, None, False
    found = run(
        store.git_root, "rev-parse", "--is-shallow-repository", "HEAD", "--abbrev-ref", "HEAD"
    )
    lines = found.stdout.decode("utf-8", "surrogateescape").split()
    if found.returncode != 0 or len(lines) < 3:
        return None, None, bool(lines) and lines[0] == "true"
    return lines[1], None if lines[2] == "HEAD" else lines[2], lines[0] == "true"


def read_branch(
    store: Store,
    limit: int,
    runs: Iterable[Run] = (),
    reviews: Iterable[Review] = (),
    experiments: Iterable[Experiment] = (),
) -> BranchLog:
    """HEAD's `limit` newest commits with what links to each: the tasks and experiments
    they name, and of `runs` and `reviews` those made at them. `experiments`: those the
    caller has loaded, not read again (any other a commit names is read by its id)."""
    off = linkage_off(store)
    if off or store.git_root is None:
        return BranchLog(none=off)
    head, branch, shallow = head_place(store)
    if head is None:
        return BranchLog(none="no commits yet: the history starts with your first commit")
    try:
        commits, more = branch_log(store.git_root, limit)
    except CredoError as error:  # HEAD moved away meanwhile: the next look reads it
        return BranchLog(none=error.message)
    log = BranchLog(commits, {}, more, head, branch, shallow)
    shown = {commit.sha for commit in commits}
    at: dict[str, CommitLinks] = {}
    for made in sorted(runs, key=lambda r: (r.started, r.id)):
        if made.git_start is not None and made.git_start.sha in shown:
            at.setdefault(made.git_start.sha, CommitLinks()).runs.append(made)
    for review in sorted(reviews, key=lambda r: (r.created, r.id)):
        if review.git.sha in shown:
            at.setdefault(review.git.sha, CommitLinks()).reviews.append(review)
    named = _Names(store, experiments)
    for commit in commits:
        links = at.get(commit.sha, CommitLinks())
        links.items, links.unsure = named.items_of(commit)
        if links:
            log.links[commit.sha] = links
    return log


class _Names:
    """Resolves the ids a message names to items, reading each item once (none of the
    `experiments` given)."""

    def __init__(self, store: Store, experiments: Iterable[Experiment]) -> None:
        self.store = store
        listed = {kind: store.item_ids(kind) for kind in (Task, Experiment)}
        self.tasks, self.experiments = sorted(listed[Task]), sorted(listed[Experiment])
        self.task_ids = set(self.tasks)
        self.short = {kind: short_ids(item_ids) for kind, item_ids in listed.items()}
        """Each item's short id, from the one listing (not a folder's listing per link)."""
        self.read: dict[str, Task | Experiment | None] = {e.id: e for e in experiments}

    def items_of(self, commit: Commit) -> tuple[list[ItemLink], list[Unsure]]:
        """The items `commit` names (`names_in`, as `CommitIndex.links` reads them), and
        the ids it writes that several items' start with (linked to none of them)."""
        reverts = commit.subject.startswith(REVERT)  # it quotes the closing it undoes
        closing = "named: a revert closes nothing" if reverts else "closes"
        ways: dict[tuple[type[Task] | type[Experiment], str], list[str]] = {}
        unsure: dict[str, Unsure] = {}
        for prefix, how, ids in names_in(commit, self.tasks, self.experiments):
            if len(ids) > 1:
                unsure.setdefault(prefix, Unsure(commit, prefix, len(ids)))
            elif ids and how != "closes":
                kind = Task if how == "Credo-Task" else Experiment
                ways.setdefault((kind, ids[0]), []).append("trailer")
            elif ids and ids[0] in self.task_ids:
                ways.setdefault((Task, ids[0]), []).append(closing)
            elif ids:  # an experiment is closed with its outcome, by hand: `closes` leaves it
                ways.setdefault((Experiment, ids[0]), []).append(
                    "named: closing words close tasks only"
                )
        items = [self._link(kind, item_id, hows, commit) for (kind, item_id), hows in ways.items()]
        return items, list(unsure.values())

    def _link(
        self, kind: type[Task] | type[Experiment], item_id: str, hows: list[str], commit: Commit
    ) -> ItemLink:
        if item_id not in self.read:
            try:
                self.read[item_id] = self.store.read(kind, item_id)
            except CredoError:  # a broken file: its own view says why
                self.read[item_id] = None
        item = self.read[item_id]
        if isinstance(item, Task):
            title = item.title
            if item.done_commit == commit.sha:
                hows.append("done at this commit")
        elif isinstance(item, Experiment):
            title = item.hypothesis
        else:
            title = "(its file cannot be read)"
        short = self.short[kind][item_id]
        return ItemLink(kind, item_id, short, title, ", ".join(dict.fromkeys(hows)))
