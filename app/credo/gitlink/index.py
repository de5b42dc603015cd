"""The commit index: which commits mention which items, kept in `.credo/cache/`.

Commits link to items through trailers (`Credo-Task: <id>`, `Credo-Experiment: <id>`)
and closing keywords (`closes <id>`, `fixes <id>`, `resolves <id>`). One `git log`
pass reads them, with git itself filtering to the commits that could link (`--grep`);
later updates read only commits not reachable from the tips already seen, and
commits that history rewriting left behind are dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from credo.errors import CredoError
from credo.gitlink.runner import git
from credo.store.files import atomic_write

CACHE_NAME = "commits.json"
CACHE_VERSION = 2
FIELD, RECORD = "\x1f", "\x1e"
LOG_FORMAT = "%H%x1f%P%x1f%at%x1f%an%x1f%s%x1f%B%x1e"
# git filters (in C) to commits whose message could link to an item.
GREPS = ("--grep=credo-", "--grep=clos", "--grep=fix", "--grep=resolv")

TRAILER = re.compile(r"^credo-(task|experiment):\s*([0-9a-z]{4,32})\s*$", re.I | re.M)
CLOSING = re.compile(
    r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#?([0-9a-z]{4,32})\b", re.I
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


@dataclass
class CommitIndex:
    """Linked commits by sha, and the ref tips they were read up to."""

    tips: list[str] = field(default_factory=list)
    commits: dict[str, Commit] = field(default_factory=dict)

    def by_item(self, known_ids: list[str]) -> dict[str, list[Commit]]:
        """Every known item's commits (newest first), resolving each prefix once."""
        import bisect

        ordered = sorted(known_ids)
        found: dict[str, list[Commit]] = {}
        for commit in sorted(self.commits.values(), key=lambda c: c.time, reverse=True):
            for prefix in dict.fromkeys((*commit.tasks, *commit.experiments, *commit.closes)):
                start = bisect.bisect_left(ordered, prefix)
                end = bisect.bisect_left(ordered, prefix + "\x7f")
                if end - start == 1:
                    found.setdefault(ordered[start], []).append(commit)
        return found


def parse_log(raw: bytes) -> dict[str, Commit]:
    """Commits that link to something, from `git log --format=LOG_FORMAT` output."""
    commits: dict[str, Commit] = {}
    for record in raw.decode("utf-8", "replace").split(RECORD):
        record = record.lstrip("\n")
        if not record:
            continue
        sha, parents, time, author, subject, body = record.split(FIELD, 5)
        trailers = TRAILER.findall(body)
        closes = [m.lower() for m in CLOSING.findall(body)]
        if not trailers and not closes:
            continue
        commits[sha] = Commit(
            sha=sha,
            parents=parents.split(),
            time=int(time),
            author=author,
            subject=subject,
            tasks=[i.lower() for k, i in trailers if k.lower() == "task"],
            experiments=[i.lower() for k, i in trailers if k.lower() == "experiment"],
            closes=closes,
        )
    return commits


def _tips(root: Path) -> list[str]:
    out = git(root, "rev-parse", "--all", "HEAD", check=False).decode()
    return sorted({line for line in out.split() if len(line) == 40})


def _log(root: Path, *revisions: str) -> dict[str, Commit]:
    args = ["-c", "log.showSignature=false", "log", "--no-color", "-i", *GREPS]
    raw = git(root, *args, f"--format={LOG_FORMAT}", *revisions, "--")
    return parse_log(raw)


def build(root: Path) -> CommitIndex:
    """Read every linked commit reachable from any ref (one git log pass)."""
    tips = _tips(root)
    if not tips:
        return CommitIndex()
    return CommitIndex(tips=tips, commits=_log(root, *tips))


def update(root: Path, index: CommitIndex) -> tuple[CommitIndex, bool]:
    """Bring `index` up to date; returns it and whether anything changed."""
    tips = _tips(root)
    if tips == index.tips:
        return index, False
    if not index.tips:
        return build(root), True
    try:
        new = _log(root, *tips, "--not", *index.tips) if tips else {}
        # Commits reachable from old tips but from no ref now: history was rewritten.
        gone = git(root, "rev-list", *index.tips, "--not", *tips).decode().split() if tips else []
    except CredoError:
        return build(root), True  # an old tip no longer exists at all: start over
    commits = {sha: c for sha, c in index.commits.items() if sha not in set(gone)}
    commits.update(new)
    return CommitIndex(tips=tips, commits=commits), True


def cache_path(credo_dir: Path) -> Path:
    return credo_dir / "cache" / CACHE_NAME


def load(credo_dir: Path) -> CommitIndex:
    """The cached index, or an empty one (the cache can always be rebuilt)."""
    try:
        data = json.loads(cache_path(credo_dir).read_bytes())
        if data.get("version") != CACHE_VERSION:
            return CommitIndex()
        commits = {sha: Commit(**c) for sha, c in data["commits"].items()}
        return CommitIndex(tips=list(data["tips"]), commits=commits)
    except (OSError, ValueError, KeyError, TypeError):
        return CommitIndex()


def save(credo_dir: Path, index: CommitIndex) -> None:
    data = {
        "version": CACHE_VERSION,
        "tips": index.tips,
        "commits": {sha: asdict(c) for sha, c in index.commits.items()},
    }
    try:
        atomic_write(cache_path(credo_dir), json.dumps(data).encode())
    except OSError:
        pass  # a read-only checkout still works, only slower


def refresh(root: Path, credo_dir: Path) -> CommitIndex:
    """The up-to-date index for a project (cached between calls)."""
    index, changed = update(root, load(credo_dir))
    if changed:
        save(credo_dir, index)
    return index
