"""The commit index: which commits mention which items, kept in `.credo/cache/`.

Commits link to items through trailers (`Credo-Task: <id>`, `Credo-Experiment: <id>`)
and closing keywords (`closes <id>`, `fixes <id>`, `resolves <id>`). One `git log`
pass reads them, with git itself filtering to the commits that could link (`--grep`)
and finding the trailers as `git interpret-trailers` does (the last paragraph only),
so credo, git and every forge agree on what a trailer is. Closing keywords are free
text anywhere in the message. Later updates read only commits not reachable from the
tips already seen, and commits that history rewriting left behind are dropped.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from credo.errors import CredoError
from credo.gitlink.runner import git
from credo.store.store import Store

CACHE_NAME = "commits.json"
CACHE_VERSION = 6
_TRAILERS = "%(trailers:key={},valueonly,unfold,separator=%x1f)"
# NUL between fields and (with -z) after each commit: git refuses NUL in messages.
LOG_FORMAT = "%x00".join(
    (
        "%H",
        "%P",
        "%at",
        "%an",
        "%s",
        _TRAILERS.format("Credo-Task"),
        _TRAILERS.format("Credo-Experiment"),
        "%B",
    )
)
FIELDS = 8
LOG_ARGS = ("-c", "log.showSignature=false", "log", "-z", "--no-color", "--encoding=UTF-8")
_SHA_LENGTHS = (40, 64)  # sha1 and sha256 repositories
# A regular expression: a byte-by-byte check took most of the parse of 150,000 commits.
_SHA = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")
# git filters (in C) to commits whose message could link to an item.
GREPS = ("--grep=credo-", "--grep=clos", "--grep=fix", "--grep=resolv")

ITEM_ID = re.compile(r"[0-9a-z]{4,32}")
# A lookahead: a keyword that the one before took for its id (`Quick fix\n\ncloses 3kf9`)
# is still read as a keyword (no keyword can be an id: each has an i or an o).
CLOSING = re.compile(
    r"(?=\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#?([0-9a-z]{4,32})\b)", re.I
)


@dataclass
class Commit:
    """A commit that mentions items; ids as written (often short prefixes)."""

    sha: str
    parents: list[str]
    time: int
    author: str
    subject: str
    tasks: list[str] = field(default_factory=list)
    experiments: list[str] = field(default_factory=list)
    closes: list[str] = field(default_factory=list)
    message: str = ""
    """The whole message, as `parse_log` without `linked_only` reads it (the commits
    view's); empty in the commit index."""


@dataclass
class CommitIndex:
    """Linked commits by sha, and the ref tips they were read up to."""

    tips: list[str] = field(default_factory=list)
    commits: dict[str, Commit] = field(default_factory=dict)

    def mentions(
        self, tasks: Sequence[str], experiments: Sequence[str] = ()
    ) -> Iterator[tuple[Commit, str, list[str]]]:
        """Each commit (newest first), each id it writes (often a prefix), and the known
        ids it can mean, by how it names them: a `Credo-Task` trailer the `tasks`' ids that
        start with it, a `Credo-Experiment` trailer the `experiments`'; a closing keyword
        the tasks' (closing words close tasks), else, where no task's starts with it, the
        experiments' (it names one). The commits view and the closings read them so."""
        tasks, experiments = sorted(tasks), sorted(experiments)
        for commit in sorted(self.commits.values(), key=lambda c: c.time, reverse=True):
            named = names_in(commit, tasks, experiments)
            for prefix, ids in dict.fromkeys((p, tuple(ids)) for p, _, ids in named):
                yield commit, prefix, list(ids)

    def links(self, tasks: Sequence[str], experiments: Sequence[str] = ()) -> Links:
        """Every known item's commits (newest first): those that write a prefix of its id
        and of no other's of the kind they name (`mentions`); and, in one walk, those that
        write a prefix another item's id starts with too (a short trailer written before
        that item was made, `closes 3kf` where two tasks' ids start so), linked to none of
        them, since credo cannot tell which was meant."""
        found = Links()
        for commit, written, ids in self.mentions(tasks, experiments):
            if len(ids) == 1:
                linked = found.commits.setdefault(ids[0], [])
                if not linked or linked[-1] is not commit:  # `closes 3kf`, `Credo-Task: 3kf9…`
                    linked.append(commit)
            elif ids:  # the same prefix of several ids: linked to none
                unsure = Unsure(commit, written, len(ids))
                for item_id in ids:
                    found.unsure.setdefault(item_id, []).append(unsure)
        return found

    def by_item(
        self, tasks: Sequence[str], experiments: Sequence[str] = ()
    ) -> dict[str, list[Commit]]:
        """Every known item's commits (newest first): `links` without the unsure ones."""
        return self.links(tasks, experiments).commits


def names_in(
    commit: Commit, tasks: list[str], experiments: list[str]
) -> list[tuple[str, str, list[str]]]:
    """Each id `commit` writes (often a prefix), how (`Credo-Task`, `Credo-Experiment`,
    `closes`), and the ids of `tasks` and `experiments` (sorted) it can mean, by that way
    (`CommitIndex.mentions`)."""
    return [
        *((p, "Credo-Task", starting(tasks, p)) for p in commit.tasks),
        *((p, "Credo-Experiment", starting(experiments, p)) for p in commit.experiments),
        *((p, "closes", starting(tasks, p) or starting(experiments, p)) for p in commit.closes),
    ]


def starting(ordered: list[str], prefix: str) -> list[str]:
    """The ids of `ordered` (sorted) that start with `prefix`."""
    start = bisect.bisect_left(ordered, prefix)
    return ordered[start : bisect.bisect_left(ordered, prefix + "\x7f", start)]


@dataclass(frozen=True)
class Unsure:
    """A commit that writes an id (`written`) the ids of `count` items start with."""

    commit: Commit
    written: str
    count: int


@dataclass
class Links:
    """What commits say of the known items (`CommitIndex.links`)."""

    commits: dict[str, list[Commit]] = field(default_factory=dict)
    """Item id -> the commits that name it, and no other item (newest first)."""
    unsure: dict[str, list[Unsure]] = field(default_factory=dict)
    """Item id -> the commits that name it by a prefix another item's id starts with too."""


def text(raw: bytes) -> str:
    """Bytes from git as text: UTF-8, else the Windows/Latin-1 codepage (never fails)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def _is_sha(field: bytes) -> bool:
    return _SHA.fullmatch(field) is not None


def parse_log(raw: bytes, *, linked_only: bool = True) -> dict[str, Commit]:
    """Commits that link to something (all of them without `linked_only`), from
    `git log -z --format=LOG_FORMAT` output.

    Messages may be in any encoding (git re-encodes those that declare theirs;
    the rest are decoded tolerantly, field by field).
    """
    commits: dict[str, Commit] = {}
    fields = raw.split(b"\0")
    start, end = 0, len(fields) - FIELDS + 1
    while start < end:
        sha_field = fields[start].lstrip(b"\n")
        if not _is_sha(sha_field):
            start += 1  # out of step (a NUL that git let through): find the next commit
            continue
        parents, time, author, subject, task_ids, exp_ids, body = fields[start + 1 : start + FIELDS]
        start += FIELDS
        tasks, experiments, message = _ids(task_ids), _ids(exp_ids), text(body)
        closes = [m.lower() for m in CLOSING.findall(message)]
        if linked_only and not tasks and not experiments and not closes:
            continue
        sha = sha_field.decode("ascii")
        commits[sha] = Commit(
            sha=sha,
            parents=parents.decode("ascii", "replace").split(),
            time=int(time or 0),
            author=text(author),
            subject=text(subject),
            tasks=tasks,
            experiments=experiments,
            closes=closes,
            message="" if linked_only else message,  # the index keeps none (nor its cache)
        )
    return commits


def _ids(values: bytes) -> list[str]:
    """The item ids of one trailer key, as git found them (values that are not an id
    are ignored, as before)."""
    if not values:
        return []  # most commits: no such trailer
    found = (text(value).strip().lower() for value in values.split(b"\x1f"))
    return [value for value in found if ITEM_ID.fullmatch(value)]


# A stash is git's bookkeeping, named after HEAD's subject: never a commit of an item.
HISTORY = ("--exclude=refs/stash", "--all", "HEAD")
"""Every ref's history, as `git rev-parse` or `git rev-list` read it: what credo calls
the history."""


def _tips(root: Path) -> list[str]:
    out = git(root, "rev-parse", *HISTORY, check=False).decode()
    return sorted({line for line in out.split() if len(line) in _SHA_LENGTHS})


def outside_history(root: Path, shas: Iterable[str]) -> set[str]:
    """Which of these commits no ref reaches any more (an amend, a rebase, a force-push
    pulled since), or this clone never had; none of them when git cannot say (a commit
    a shallow clone lacks may well be in history)."""
    wanted = sorted({sha for sha in shas if _is_sha(sha.encode())})  # as written in a file
    if not wanted:
        return set()
    try:
        found = git(root, "cat-file", "--batch-check", stdin=_revisions(wanted)).decode()
        missing = {line.split()[0] for line in found.splitlines() if line.endswith(" missing")}
        here = [sha for sha in wanted if sha not in missing]
        out = git(root, "rev-list", "--stdin", "--not", *HISTORY, stdin=_revisions(here))
        shallow = git(root, "rev-parse", "--is-shallow-repository") if missing else b""
    except CredoError:
        return set()
    gone = set(out.decode().split()) & set(here)
    return gone | missing if shallow.strip() == b"false" else gone


def on_branch(root: Path, shas: Iterable[str]) -> set[str]:
    """Which of these commits HEAD's history holds, in one walk: a `git merge-base
    --is-ancestor` each walked the history once per commit (a fresh clone of a
    150,000-commit fork with 100 closing commits waited 38 s); none when git cannot say."""
    wanted = sorted(set(shas))
    if not wanted:
        return set()
    try:  # what the commits reach that HEAD does not: a commit HEAD holds is not in it
        out = git(root, "rev-list", "--stdin", "--not", "HEAD", stdin=_revisions(wanted))
    except CredoError:
        return set()
    return set(wanted) - set(out.decode().split())


def _revisions(include: Sequence[str], exclude: Sequence[str] = ()) -> bytes:
    # Through stdin: a repository with thousands of refs would overflow the command line.
    return "".join([*(f"{sha}\n" for sha in include), *(f"^{sha}\n" for sha in exclude)]).encode()


def _log(root: Path, include: Sequence[str], exclude: Sequence[str] = ()) -> dict[str, Commit]:
    # One raw `git log` pass, not GitPython's iter_commits: that is 8x slower here.
    args = [*LOG_ARGS, "-i", *GREPS, f"--format={LOG_FORMAT}", "--stdin", "--"]
    return parse_log(git(root, *args, stdin=_revisions(include, exclude)))


def commits_between(root: Path, since: datetime, until: datetime) -> list[Commit]:
    """Every commit of the current branch authored in [since, until), newest first,
    linked or not (the report's); none in a repository without commits."""
    args = [*LOG_ARGS, f"--since={since.isoformat()}", f"--format={LOG_FORMAT}", "HEAD", "--"]
    try:
        raw = git(root, *args)
    except CredoError:
        return []  # no commits yet
    start, end = since.timestamp(), until.timestamp()
    return [c for c in parse_log(raw, linked_only=False).values() if start <= c.time < end]


def branch_log(root: Path, limit: int) -> tuple[list[Commit], bool]:
    """HEAD's `limit` newest commits, newest first, linked or not (the commits view's),
    and whether older ones are left unread; CredoError in a repository without commits.

    Not counted: `git rev-list --count` walks the whole history (most of a second for
    20,000 commits without a commit-graph), one commit more says as much."""
    raw = git(root, *LOG_ARGS, f"--max-count={limit + 1}", f"--format={LOG_FORMAT}", "HEAD", "--")
    commits = list(parse_log(raw, linked_only=False).values())
    return commits[:limit], len(commits) > limit


def build(root: Path) -> CommitIndex:
    """Read every linked commit reachable from any ref (one git log pass)."""
    tips = _tips(root)
    if not tips:
        return CommitIndex()
    return CommitIndex(tips=tips, commits=_log(root, tips))


def update(root: Path, index: CommitIndex) -> tuple[CommitIndex, bool]:
    """Bring `index` up to date; returns it and whether anything changed."""
    tips = _tips(root)
    if tips == index.tips:
        return index, False
    if not index.tips or not tips:
        return build(root), True
    try:
        new = _log(root, tips, index.tips)
        # Commits reachable from old tips but from no ref now: history was rewritten.
        rewritten = _revisions(index.tips, tips)
        gone = set(git(root, "rev-list", "--stdin", stdin=rewritten).decode().split())
    except CredoError:
        return build(root), True  # an old tip no longer exists at all: start over
    commits = {sha: c for sha, c in index.commits.items() if sha not in gone}
    commits.update(new)
    return CommitIndex(tips=tips, commits=commits), True


def _row(c: Commit) -> list[object]:
    return [c.sha, c.parents, c.time, c.author, c.subject, c.tasks, c.experiments, c.closes]


def load(store: Store) -> CommitIndex:
    """The cached index, or an empty one (the cache can always be rebuilt)."""
    raw = store.read_cache(CACHE_NAME)
    if raw is None:
        return CommitIndex()
    try:
        data = json.loads(raw)
        if data.get("version") != CACHE_VERSION:
            return CommitIndex()
        commits = {row[0]: Commit(*row) for row in data["commits"]}
        return CommitIndex(tips=list(data["tips"]), commits=commits)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return CommitIndex()


def save(store: Store, index: CommitIndex) -> None:
    """Write the cache (rows, not objects: a 6,000-commit index saves in milliseconds).

    Replaced whole (readers never see half a file) but not fsynced: a cache lost in a
    crash is rebuilt, and fsync would cost more than the rest of a refresh.
    """
    data = {
        "version": CACHE_VERSION,
        "tips": index.tips,
        "commits": [_row(c) for c in index.commits.values()],
    }
    store.write_cache(CACHE_NAME, json.dumps(data, ensure_ascii=False).encode())


def refresh(root: Path, store: Store) -> CommitIndex:
    """The up-to-date index for a project (cached between calls)."""
    index, changed = update(root, load(store))
    if changed:
        save(store, index)
    return index
