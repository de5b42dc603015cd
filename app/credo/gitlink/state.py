"""RepoState: where the code stood (commit, branch, dirty, uncommitted diff).

Captured for runs (start and end), reviews and task completion. One
`git status --porcelain=v2 --branch` answers sha, branch and dirtiness; the diff is
read only when the tree is dirty and a patch is wanted."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from credo.domain.models import GitState, SubmoduleState, code_place, short_sha
from credo.errors import BadFileError, CredoError
from credo.gitlink.runner import (
    GitUnavailable,
    git,
    git_answer,
    git_ok,
    git_pieces,
    last_words,
    run,
)
from credo.store.confine import MB, UnsafePathError, read_capped, read_head
from credo.store.paths import git_dir

if TYPE_CHECKING:
    import subprocess

    from credo.domain.config import ProjectConfig

CREDO_PREFIX = ".credo/"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
_BINARY_SNIFF = 8000
UNTRACKED_CAP = 64 * MB
"""An untracked file bigger than this is left out of the saved diff."""
NO_ROOM = "no room left under patch_limit_bytes"
"""Why an untracked file is not in the saved diff when what comes before it leaves too
little of the project's `patch_limit_bytes`: it is not read at all (a folder of logs or
checkpoints must not cost its size in memory and time at every run)."""
WRITTEN_IN_THE_RUN = "new during the run, not code"
"""Why a file that appeared while a run ran (its results, its logs) is not in the diff
at its end: that diff is the code the run ended with, as the start's is the code it ran;
files matching `code_paths` stay in."""
DATA_LEFT_OUT = "data, fingerprinted"
"""Why changes under the project's `data_paths` are not in the saved diff: the run
records their fingerprint instead (a copy would cost megabytes a run)."""

CROWDED_MOST = 1000
"""An untracked folder holding more files than this is left out of the diff whole, its
files neither read nor listed: outputs, a dataset or a `wandb/` folder, not code being
written (50,000 of them filled a run's record past its cap, and its patch with data)."""
CROWDED = "untracked folder, not read (add it to .gitignore, or to data_paths if it is data)"
"""Why an untracked folder of more than CROWDED_MOST files is not in the saved diff."""

STOPPED = ("MERGE_HEAD", "REBASE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "AUTO_MERGE")
"""What git keeps in its folder while a merge, rebase, cherry-pick or revert is stopped;
AUTO_MERGE, what its merge leaves until the next commit or reset, is the only sign of a
`git stash pop` stopped on a conflict."""

PATCH_FORMAT = (
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--src-prefix=a/",
    "--dst-prefix=b/",
)
"""A patch `git apply` takes, whatever the person's diff settings (colour, no prefix,
an external diff tool, a textconv driver)."""


@dataclass
class RepoState:
    """A snapshot of a work tree. `linkage` is False outside git (with `reason`)."""

    linkage: bool
    reason: str = ""
    root: Path | None = None
    sha: str | None = None
    branch: str | None = None
    dirty: bool = False
    changed: list[str] = field(default_factory=list)
    untracked: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    """The project's data paths inside the work tree, relative to it: left out of the diff."""
    left_out: dict[str, str] = field(default_factory=dict)
    """What changed but is not in the diff, and why: a data path, or an untracked file
    (binary, too big, no room left in the patch, not a plain file, written by the run and
    not code)."""
    patch: bytes | None = None
    patch_status: str = "clean"
    patch_size: int = 0
    """Size of the whole patch before any cut."""
    diff_hash: str | None = None
    remote: str | None = None
    operation: str | None = None
    """What git is in the middle of (`rebasing feat`, `bisecting from main`...), if anything."""
    submodules: dict[str, SubmoduleState] = field(default_factory=dict)
    """Submodules not at the recorded commit, edited, or not checked out (read with the patch)."""
    recorded: dict[str, str] = field(default_factory=dict)
    """The commit HEAD records for each submodule the status lists (changed or edited)."""
    unmerged: list[str] = field(default_factory=list)
    """The files the index holds unmerged: a conflict not yet resolved."""
    marks: dict[str, str] = field(default_factory=dict)
    """What the diff hash holds of each untracked file in it: a digest of its text, or,
    unread for want of room, its size and time of change. Kept in memory only: a run's
    start and end compare them, to name what it rewrote."""

    def summary(self, *, short: bool = False) -> str:
        """One line for people: `main @ 1a2b3c4 · dirty` (`short`: `main @ 1a2b3c4*`)."""
        if not self.linkage:
            return self.reason
        return code_place(self.branch, self.sha, self.dirty, self.operation, short=short)

    def to_git_state(self, patch_file: str | None = None) -> GitState:
        """The part a stored item keeps (the patch itself goes to `patch_file`)."""
        if not self.linkage:
            return GitState(patch_status="off")
        return GitState(
            sha=self.sha,
            branch=self.branch,
            dirty=self.dirty,
            patch=patch_file if self.patch else None,
            patch_status=self.patch_status,
            patch_bytes=self.patch_size,
            diff_hash=self.diff_hash,
            changed=list(self.changed),
            untracked=[
                p for p in self.untracked if p not in self.left_out and not _under(p, self.data)
            ],
            left_out=dict(self.left_out),
            remote=self.remote,
            operation=self.operation,
            submodules=dict(self.submodules),
        )


def capture_project(
    root: Path, config: ProjectConfig, started: GitState | None = None
) -> RepoState:
    """The state of the project at `root`, its diff as a run or a review keeps it: cut at
    the project's `patch_limit_bytes`, its `data_paths` left out. Given the state a run
    `started` from (or was queued at), the untracked files new since then that are not
    code are left out too."""
    return capture(
        root,
        patch_limit=config.patch_limit_bytes,
        data_paths=config.data_paths,
        written=_written_since(started, config),
    )


def _written_since(started: GitState | None, config: ProjectConfig) -> Callable[[str], bool] | None:
    """Which untracked files a run wrote, told at its end: new since it `started`, and
    not code (`code_paths`). None when nothing is known of its start."""
    if started is None or started.patch_status.startswith("off"):
        return None
    from credo.domain.relevance import kind_of

    new = _new_since(started)
    return lambda path: new(path) and kind_of(path, config) != "code"


def _new_since(started: GitState, rewritten: Collection[str] = ()) -> Callable[[str], bool]:
    """Whether an untracked file (or crowded folder) is new since a run `started`, or one
    of those `rewritten` since: not among those there then, in its diff or left out."""
    before = _untracked_of(started).difference(rewritten)
    return lambda path: path not in before


def _untracked_of(state: GitState) -> set[str]:
    """The untracked files a state names, in its diff or left out of it (a crowded
    folder as one)."""
    return {*state.untracked, *state.left_out}


def rewritten_files(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """The untracked files whose text differs between two captures' `marks` (a run's
    start and end): those it rewrote, or that were edited while it ran."""
    return {path for path, mark in after.items() if before.get(path, mark) != mark}


def runs_wrote(runs: Iterable[tuple[GitState | None, GitState | None]]) -> set[str]:
    """The untracked files (or crowded folders) that runs wrote, as their records of the
    code at their start and end tell: new at their end."""
    wrote: set[str] = set()
    for started, ended in runs:
        if started is not None and ended is not None:
            wrote.update(filter(_new_since(started), _untracked_of(ended)))
    return wrote


@dataclass
class WrittenCode:
    """What a run wrote that counts as code, each as a line of .gitignore names it."""

    new: list[str]
    changed: list[str]
    """Files there before the run whose text it changed (a folder, all of whose files
    named are such)."""


def written_code(
    root: Path,
    started: GitState,
    ended: GitState,
    config: ProjectConfig,
    *,
    rewritten: Collection[str] = (),
    earlier: Callable[[], Collection[str]] = frozenset,
) -> WrittenCode:
    """The untracked files that appeared while a run ran, or that it rewrote (`rewritten`,
    from `rewritten_files`), which count as code (`code_paths`), so that the next run's code
    is not this one's: its results or configs (a `results.json`, Hydra's `outputs/`), or
    code written meanwhile (tracked files edited meanwhile are not named: the researcher's
    edit, as often as not). Each is named as the shortest line of .gitignore that leaves
    it out, with nothing git tracks nor anything of the user's: the highest folder git
    tracks nothing in (`outputs/`) unless it held, before the run, a file none of the
    `earlier` runs wrote (`runs_wrote`, asked only then) and this one did not rewrite;
    else the highest such folder under it; else the file."""
    found = WrittenCode([], [])
    if started.patch_status.startswith("off") or ended.patch_status.startswith("off"):
        return found
    from credo.domain.relevance import kind_of

    new = _new_since(started, rewritten)
    paths = sorted(p for p in _untracked_of(ended) if new(p) and kind_of(p, config) == "code")
    kept = [p for p in _untracked_of(started) if not new(p)]
    wrote = functools.cache(lambda: set(earlier()))

    @functools.cache
    def held(folder: str) -> bool:
        """Whether `folder` held, before the run, a file no earlier run wrote."""
        return any(
            f"{p}/".startswith(folder) and not any(f in wrote() for f in _and_folders(p))
            for p in kept
        )

    tops = {f":(top,literal){p.partition('/')[0]}" for p in paths if "/" in p}
    # git's own look (no -uall) names a folder holding no tracked file as one entry
    untracked = _untracked_folders(root, sorted(tops)) if tops else []
    named: dict[str, bool] = {}
    for path in paths:
        folder = next((f for f in untracked if path.startswith(f)), None)
        while folder is not None and held(folder):
            deeper = path.find("/", len(folder))
            folder = path[: deeper + 1] if deeper >= 0 else None
        name = folder or path
        named[name] = named.get(name, True) and path in rewritten
    for name, changed in named.items():
        (found.changed if changed else found.new).append(name)
    return found


def _and_folders(path: str) -> list[str]:
    """`path` and each folder holding it, as `a/b/c`, `a/b`, `a`."""
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(len(parts), 0, -1)]


def _untracked_folders(root: Path, pathspec: list[str]) -> list[str]:
    """The folders among `pathspec` and under it that git does not track a file of, as
    `outputs/`; none when git cannot say."""
    try:
        found = run(
            root, "status", "--porcelain=v2", "-z", "--untracked-files=normal", "--", *pathspec
        )
    except GitUnavailable:
        return []
    if found.returncode != 0:
        return []
    entries = (os.fsdecode(entry) for entry in found.stdout.split(b"\0"))
    return [e[2:] for e in entries if e.startswith("? ") and e.endswith("/")]


def capture(
    root: Path,
    *,
    with_patch: bool = True,
    patch_limit: int = 5_000_000,
    data_paths: Sequence[str] = (),
    written: Callable[[str], bool] | None = None,
) -> RepoState:
    """Read the state of the work tree holding `root`; `data_paths` (relative to `root`)
    are left out of the diff, and so are the untracked files (relative to the work tree)
    `written` says a run wrote.

    Outside git (or without git) the state says linkage is off and why; only a bare
    repository, or a folder inside `.git`, is refused with a CredoError. Without a patch
    (the header's look, whether the tree is dirty), a folder git does not track is one
    entry (`data/`), as `git status` shows it, not its every file.
    """
    try:
        found = run(root, "rev-parse", "--is-bare-repository", "--show-toplevel")
    except GitUnavailable as error:
        return RepoState(linkage=False, reason=error.message)
    # The work tree is a path: the file system's bytes, whole (a line break is a character)
    bare, _, top = os.fsdecode(found.stdout).partition("\n")
    if not bare:
        return RepoState(linkage=False, reason=_why_not_a_repository(found))
    if bare == "true":
        raise CredoError(
            f"{root} is a bare git repository (no work tree); run credo in a clone of it"
        )
    if not top.removesuffix("\n"):
        raise CredoError(f"{root} is inside a .git folder; run credo in the work tree")
    work_tree = Path(top.removesuffix("\n"))
    state = RepoState(linkage=True, root=work_tree, data=_inside(root, work_tree, data_paths))
    _read_status(state, work_tree, "all" if with_patch else "normal")
    state.operation = operation_under_way(work_tree, bool(state.unmerged))
    state.remote = _remote(work_tree)
    if with_patch and state.dirty:
        _read_patch(state, work_tree, patch_limit, written)
    if with_patch and ((work_tree / ".gitmodules").is_file() or state.recorded):
        _read_submodules(state, work_tree, patch_limit)
    return state


def _read_submodules(state: RepoState, root: Path, limit: int) -> None:
    """Each submodule (nested ones too) that is not the commit the superproject records, is
    edited, or is not checked out. Their commits and edits go into the diff hash, so that
    two runs with different code in a submodule never count as the same code, and their
    edits into the saved patch after the superproject's own diff (which holds only
    `Subproject commit ...-dirty` for them), within the same `limit`."""
    edited: list[RepoState] = []
    _read_submodules_of(state, state, root, "", limit, edited)
    moved = {p: s for p, s in state.submodules.items() if s.sha is not None}
    if moved and state.dirty:
        digest = hashlib.sha256((state.diff_hash or "").encode())
        for path, sub in sorted(moved.items()):
            digest.update(
                f"\0{path}\0{sub.sha}\0{sub.diff_hash}".encode("utf-8", "surrogateescape")
            )
        state.diff_hash = digest.hexdigest()
    if edited:
        parts = [state, *edited]
        kept = bytearray()
        for part in parts:
            kept += part.patch or b""
            if part.patch_status == "cut":
                break  # its last hunk is cut short: a patch after it would not apply
        _settle(state, bytes(kept[:limit]), sum(part.patch_size for part in parts), limit)


def _read_submodules_of(
    state: RepoState,
    parent: RepoState,
    root: Path,
    prefix: str,
    limit: int,
    edited: list[RepoState],
) -> None:
    """The submodules of the repository at `root/prefix`, whose status `parent` holds, into
    `state.submodules` by their path in the work tree `root`, then theirs in turn; those
    edited, with their patch, into `edited`. One its parent's status does not list is at
    the commit recorded and unedited: git is asked into it only for submodules of its own
    (never `git submodule status`, a shell script that costs 20 to 80 ms)."""
    here = root / prefix
    # a repository cloned inside and `git add`ed (an embedded one) has no .gitmodules entry
    for path in sorted({*_gitlinks(here), *parent.recorded}):
        place = prefix + path
        if not (here / path / ".git").exists():
            state.submodules[place] = SubmoduleState()
            continue
        listed = path in parent.changed
        nested = (here / path / ".gitmodules").is_file()
        if not (listed or nested):
            continue
        data = [p.removeprefix(f"{place}/") for p in state.data if p.startswith(f"{place}/")]
        inside = RepoState(linkage=True, root=here / path, data=data)
        _read_status(inside, here / path, "all")
        if inside.dirty and _under(place, state.data) is None:
            _read_patch(inside, here / path, limit, None, prefix=f"{place}/")
            edited.append(inside)
            state.left_out.update({f"{place}/{p}": why for p, why in inside.left_out.items()})
        moved = inside.sha != parent.recorded[path] if path in parent.recorded else listed
        if moved or inside.dirty:
            state.submodules[place] = SubmoduleState(
                sha=inside.sha,
                moved=moved,
                dirty=inside.dirty,
                changed=[*inside.changed, *inside.untracked],
                diff_hash=inside.diff_hash,
            )
        if nested or inside.recorded:
            _read_submodules_of(state, inside, root, f"{place}/", limit, edited)


def _gitlinks(repo: Path) -> list[str]:
    """The submodules of the repository at `repo`: the paths its `.gitmodules` names that
    its index holds as a commit (mode 160000), as `git submodule status` lists them."""
    if not (repo / ".gitmodules").is_file():
        return []
    regexp = r"^submodule\..*\.path$"
    out = git(repo, "config", "-f", ".gitmodules", "-z", "--get-regexp", regexp, check=False)
    named = [entry.partition("\n")[2] for entry in os.fsdecode(out).split("\0") if entry]
    if not named:
        return []
    out = git(repo, "--literal-pathspecs", "ls-files", "-s", "-z", "--", *named, check=False)
    found: dict[str, None] = {}  # one entry each, though a conflict lists it at three stages
    for entry in os.fsdecode(out).split("\0"):
        info, _, path = entry.partition("\t")
        if info.startswith("160000 "):
            found[path] = None
    return list(found)


def _inside(root: Path, work_tree: Path, paths: Sequence[str]) -> list[str]:
    """`paths` (relative to `root`) relative to the work tree; those outside it dropped."""
    base = root.resolve()
    found = []
    for name in paths:
        try:
            place = Path(os.path.normpath(base / name)).relative_to(work_tree).as_posix()
        except ValueError:
            continue
        if place != ".":
            found.append(place)
    return found


def _under(path: str, places: list[str]) -> str | None:
    """The place of `places` that holds `path` (or is it), if any."""
    return next((p for p in places if path == p or path.startswith(p + "/")), None)


def _why_not_a_repository(result: subprocess.CompletedProcess[bytes]) -> str:
    words = last_words(result)
    if "not a git repository" in words or "cannot change to" in words:
        return "not a git repository: git linkage is off"
    return f"git linkage is off: {words}"  # e.g. git's "dubious ownership" refusal


def refusal(root: Path) -> str:
    """Why git refuses the work tree at `root` (another user owns it: git's "dubious
    ownership"), in one line; empty when it does not. git is asked only when another
    user owns the folder, its `.git` or the git folder that names (a submodule's, a
    worktree's), as git's rule goes: the usual look runs nothing."""
    me = os.geteuid()
    try:
        places = (root, root / ".git", git_dir(root))
        if all(os.lstat(place).st_uid == me for place in places):
            return ""
        found = run(root, "rev-parse", "--git-dir")
    except (OSError, ValueError, GitUnavailable):
        return ""  # gone meanwhile, unreadable, or no git: said by whoever asks next
    return "" if found.returncode == 0 else _why_not_a_repository(found)


def _read_status(state: RepoState, root: Path, untracked: str) -> None:
    # `normal`: a folder of 50,000 untracked files is one line, not 1.4 MB every look; a
    # submodule's edits count whatever `ignore = dirty` .gitmodules sets: the code differs
    out = git(
        root,
        "status",
        "--porcelain=v2",
        "--branch",
        "-z",
        f"--untracked-files={untracked}",
        "--ignore-submodules=none",
    )
    entries = out.split(b"\0")
    index = 0
    while index < len(entries):
        entry = os.fsdecode(entries[index])  # names are the file system's bytes
        index += 1
        if not entry:
            continue
        if entry.startswith("# branch.oid "):
            oid = entry.removeprefix("# branch.oid ")
            state.sha = None if oid == "(initial)" else oid
        elif entry.startswith("# branch.head "):
            head = entry.removeprefix("# branch.head ")
            state.branch = None if head == "(detached)" else head
        elif entry.startswith("#"):
            continue
        elif entry.startswith("? "):
            path = entry[2:]
            if not path.startswith(CREDO_PREFIX):
                state.untracked.append(path)
        elif entry.startswith("2 "):
            path = entry.split(" ", 9)[9]
            index += 1  # a rename carries its original path as the next entry
            if not path.startswith(CREDO_PREFIX):
                state.changed.append(path)
        elif entry[0] in "1u":
            fields = entry.split(" ", 8 if entry[0] == "1" else 10)
            path = fields[-1]
            if entry[0] == "u":
                state.unmerged.append(path)
            if not path.startswith(CREDO_PREFIX):
                state.changed.append(path)
            if entry[0] == "1" and fields[2].startswith("S"):
                state.recorded[path] = fields[6]
    state.dirty = bool(state.changed or state.untracked)


def operation_under_way(root: Path, unmerged: bool) -> str | None:
    """What git is in the middle of in the work tree `root`, from the files it keeps in its
    folder meanwhile: `rebasing feat`, `merging 1a2b3c4`, `bisecting from main`... A run
    made then ran code no branch holds (HEAD is detached mid-rebase and mid-bisect): its
    record says so, and names the branch the rebase or bisect started from. With files
    `unmerged` and none of those, AUTO_MERGE is a stash (`git stash pop` or `apply`, or
    an `--autostash` put back) stopped on a conflict: git's only trace of it."""
    try:
        folder = git_dir(root)
    except (OSError, ValueError):
        return None

    def said(name: str) -> str:
        try:
            return (folder / name).read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""

    for rebase in ("rebase-merge", "rebase-apply"):
        if (folder / rebase).is_dir():
            if (folder / rebase / "applying").exists():
                return "applying patches (git am)"
            head = said(f"{rebase}/head-name").removeprefix("refs/heads/")
            return f"rebasing {head}" if head and head != "detached HEAD" else "rebasing"
    for name, doing in (
        ("MERGE_HEAD", "merging"),
        ("CHERRY_PICK_HEAD", "cherry-picking"),
        ("REVERT_HEAD", "reverting"),
    ):
        sha = said(name).partition("\n")[0]
        if sha:
            return f"{doing} {short_sha(sha)}"
    if (folder / "BISECT_LOG").exists():
        start = said("BISECT_START")
        if re.fullmatch(r"[0-9a-f]{40,64}", start):
            start = short_sha(start)
        doing = f"bisecting from {start}" if start else "bisecting"
        marks = _bisect_marks(said("BISECT_LOG"), said("BISECT_TERMS").split("\n"))
        return f"{doing} ({marks})" if marks else doing
    if unmerged and (folder / "AUTO_MERGE").exists():
        return "applying a stash, stopped on a conflict"
    return None


def _bisect_marks(log: str, terms: list[str]) -> str:
    """The commits a bisect has marked, as `bad 1a2b3c4, good 5d6e7f8`: its bad one and its
    good ones (the three marked last), in its own terms (`--term-new`, `--term-old`), read
    from its `log` (BISECT_LOG: `# good: [sha] subject` as each is marked)."""
    new, old = terms if len(terms) == 2 else ("bad", "good")
    marked: dict[str, list[str]] = {new: [], old: []}
    for term, sha in re.findall(r"^# (.+?): \[([0-9a-f]{40,64})\]", log, re.MULTILINE):
        if term in marked and short_sha(sha) not in marked[term]:
            marked[term].append(short_sha(sha))
    bad, good = marked[new][-1:], marked[old]
    said = [f"{new} {bad[0]}"] if bad else []
    if good:
        more = f" and {len(good) - 3} more" if len(good) > 3 else ""
        said.append(f"{old} {', '.join(good[-3:])}{more}")
    return ", ".join(said)


def _remote(root: Path) -> str | None:
    url = remote_url(root)
    return without_credentials(url) if url else None


def remote_url(root: Path) -> str | None:
    """The URL of the repository's `origin` remote, else of its first one, as git config
    holds it (credentials too); None without a remote."""
    out = git(root, "config", "--get-regexp", r"^remote\..*\.url$", check=False)
    urls = dict(
        line.split(" ", 1) for line in out.decode("utf-8", "replace").splitlines() if " " in line
    )
    return urls.get("remote.origin.url") or next(iter(urls.values()), None)


def repository_name(url: str) -> str | None:
    """The name of the repository a remote URL names, as every clone of it has it: `proj`
    of `git@host:org/proj.git`, `https://host/org/proj/`, `/srv/git/proj.git`; None when
    it names none (`.`, or a URL that cannot be read)."""
    from urllib.parse import urlsplit

    try:
        path = urlsplit(url).path if "://" in url else url
    except ValueError:
        return None
    name = re.split(r"[/:\\]", path.rstrip("/\\"))[-1].removesuffix(".git")
    return name if name.strip(".") else None


def without_credentials(url: str) -> str:
    """A remote URL as credo records it (in committed run records): no password, and
    for web URLs no user (often a token) nor query (`?access_token=`)."""
    from urllib.parse import urlsplit, urlunsplit

    if "://" not in url:
        return url  # scp-like `git@host:org/repo` or a path: no secret in it
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(remote URL not recorded: credo cannot read it)"
    web = parts.scheme.lower() in ("http", "https", "ftp", "ftps")
    user = "" if web or not parts.username else f"{parts.username}@"
    host = f"[{host}]" if ":" in host else host
    return urlunsplit(
        (parts.scheme, user + host + port, parts.path, "" if web else parts.query, "")
    )


def _read_patch(
    state: RepoState,
    root: Path,
    limit: int,
    written: Callable[[str], bool] | None,
    prefix: str = "",
) -> None:
    """The diff of the work tree `root` into `state`, cut at `limit`; its paths under
    `prefix` (a submodule's, in its superproject's patch)."""
    base = state.sha or EMPTY_TREE
    for path in state.changed + state.untracked:
        place = _under(path, state.data)
        if place is not None:
            state.left_out[place] = DATA_LEFT_OUT
    crowded = _crowded([p for p in state.untracked if _under(p, state.data) is None])
    if crowded:
        for folder, count in crowded.items():
            state.left_out[folder] = f"{CROWDED}: {count:,} files"
        inside = tuple(f"{folder}/" for folder in crowded)
        state.untracked = [p for p in state.untracked if not p.startswith(inside)]
    data = [f":(exclude,literal){place}" for place in state.data]
    pathspec = ["--", ".", f":(exclude){CREDO_PREFIX}", *data]
    patch = _Patch(limit)
    if state.changed:
        for path in _binary_changes(root, base, pathspec):
            state.left_out[path] = "binary"  # "Binary files differ": git apply refuses it
            pathspec.append(f":(exclude,literal){path}")
        at = (f"--src-prefix=a/{prefix}", f"--dst-prefix=b/{prefix}")
        for piece in git_pieces(root, "diff", *PATCH_FORMAT, *at, base, *pathspec):
            patch.add(piece)
    for path in state.untracked:
        if _under(path, state.data) is not None:
            continue
        if written is not None and written(path):
            state.left_out[path] = WRITTEN_IN_THE_RUN
            continue
        text = _untracked_patch(root, path, limit - patch.size, prefix)
        if isinstance(text, str):
            state.left_out[path] = text
        else:
            patch.add(text)
            state.marks[path] = hashlib.sha1(text, usedforsecurity=False).hexdigest()
    unread = _unread_marks(root, state.left_out)
    state.marks.update(unread)
    state.diff_hash = _diff_hash(patch, unread)
    _settle(state, bytes(patch.kept), patch.size, limit)


def _settle(state: RepoState, kept: bytes, size: int, limit: int) -> None:
    """The patch `state` saves of a diff of `size` bytes whose first `kept` bytes were
    kept: cut at its last whole line when the diff is over `limit`."""
    state.patch_size = size
    if size > limit:
        state.patch, state.patch_status = kept[: kept.rfind(b"\n") + 1], "cut"
    else:
        state.patch, state.patch_status = (kept or None), ("whole" if kept else "clean")


def _crowded(untracked: list[str]) -> dict[str, int]:
    """The deepest folders holding more than CROWDED_MOST of these untracked files, each
    with how many (a folder's count leaves out those of a crowded folder inside it)."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for folder, files in Counter(path.rpartition("/")[0] for path in untracked).items():
        while folder:  # each file counts in every folder above it
            counts[folder] += files
            folder = folder.rpartition("/")[0]
    crowded: dict[str, int] = {}
    for folder in sorted(counts, key=lambda name: name.count("/"), reverse=True):
        inside = sum(n for place, n in crowded.items() if place.startswith(folder + "/"))
        if counts[folder] - inside > CROWDED_MOST:
            crowded[folder] = counts[folder] - inside
    return crowded


class _Patch:
    """A diff as it is read: all of it counted and hashed, only what fits under the limit
    kept (a big tracked file's diff never sits whole in memory)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept = bytearray()
        self.size = 0
        self.digest = hashlib.sha256()

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        self.digest.update(piece)
        if len(self.kept) < self.limit:
            self.kept += piece[: self.limit - len(self.kept)]


def _binary_changes(root: Path, base: str, pathspec: list[str]) -> list[str]:
    """The tracked files whose change git counts as binary (both paths of a rename)."""
    out = git(root, "diff", "--numstat", "-z", "--no-ext-diff", "--no-textconv", base, *pathspec)
    entries = os.fsdecode(out).split("\0")
    found: list[str] = []
    index = 0
    while index < len(entries) - 1:
        added, _deleted, path = entries[index].split("\t", 2)
        index += 1
        paths = [path]
        if not path:  # a rename: its old and new paths follow
            paths = entries[index : index + 2]
            index += 2
        if added == "-":
            found += paths
    return found


def _diff_hash(patch: _Patch, unread: dict[str, str]) -> str | None:
    """What tells two uncommitted trees apart: the patch, and the marks of what it left
    out unread (`_unread_marks`)."""
    if not patch.size and not unread:
        return None
    digest = patch.digest
    for path, mark in unread.items():
        digest.update(b"\0" + os.fsencode(path) + b"\0" + mark.encode())
    return digest.hexdigest()


def _unread_marks(root: Path, left_out: dict[str, str]) -> dict[str, str]:
    """What stands for the text of each untracked file left out of a diff unread for want
    of room: its size and time of change (of a crowded folder, its time of change and how
    many files it holds, which its reason says)."""
    marks: dict[str, str] = {}
    for path in _unread(left_out):
        why = left_out[path]
        try:
            info = os.lstat(root / path)
            marks[path] = f"{info.st_size} {info.st_mtime_ns}" + ("" if why == NO_ROOM else why)
        except OSError:
            marks[path] = "gone"
    return marks


def _unread(left_out: dict[str, str]) -> list[str]:
    """The untracked files left out of a diff unread because it had no room for them, and
    the crowded untracked folders (their time of change stands for their files')."""
    return [path for path, why in left_out.items() if why == NO_ROOM or why.startswith(CROWDED)]


def _untracked_patch(root: Path, path: str, room: int, prefix: str = "") -> bytes | str:
    """A new-file patch for an untracked text file (its path under `prefix`), or why it
    cannot have one; the file is read only when it can fit in the `room` the patch has left."""
    try:  # a plain file only: an untracked FIFO or link to a device must not hang credo
        size = os.lstat(root / path).st_size
        if size > UNTRACKED_CAP:
            return f"over {UNTRACKED_CAP // MB} MB"
        if size > room:  # its patch is bigger still
            return NO_ROOM
        if b"\0" in read_head(root / path, path, _BINARY_SNIFF)[0]:
            return "binary"  # a checkpoint that fits is not read whole to be dropped
        cap = min(room, UNTRACKED_CAP)
        data = read_capped(root / path, path, cap, "an untracked file in the diff")
    except UnsafePathError:
        return "not a plain file"
    except BadFileError as error:  # it grew past the cap, or cannot be opened
        return f"not read: {error.detail}"
    except OSError as error:
        return f"not read ({error.strerror or error})"
    patch = _new_file_patch(prefix + path, data)
    return patch if len(patch) <= room else NO_ROOM


def _new_file_patch(path: str, data: bytes) -> bytes:
    """The patch that creates the text file `path` holding `data`, as git writes it."""
    name = os.fsencode(path)
    old, new = _quoted(b"a/" + name), _quoted(b"b/" + name)
    lines = data.split(b"\n")  # git's lines: a carriage return ends none
    if not lines[-1]:
        lines.pop()
    created = b"diff --git " + old + b" " + new + b"\nnew file mode 100644\n"
    if not lines:
        return created
    head = created + b"--- /dev/null\n+++ " + new + b"\n"
    body = b"".join(b"+" + line + b"\n" for line in lines)
    if not data.endswith(b"\n"):
        body += b"\\ No newline at end of file\n"
    return head + f"@@ -0,0 +1,{len(lines)} @@\n".encode() + body


_C_ESCAPES = {7: b"\\a", 8: b"\\b", 9: b"\\t", 10: b"\\n", 11: b"\\v", 12: b"\\f", 13: b"\\r"}


def _quoted(path: bytes) -> bytes:
    """A path as git writes it in a patch: in quotes, C-style, when it holds a control
    character, a quote or a backslash (else `git apply` misreads it or refuses the patch)."""
    if not any(byte < 0x20 or byte in b'"\\\x7f' for byte in path):
        return path
    out = bytearray(b'"')
    for byte in path:
        if byte in b'"\\':
            out += b"\\" + bytes([byte])
        elif byte < 0x20 or byte == 0x7F:
            out += _C_ESCAPES.get(byte, b"\\%03o" % byte)
        else:
            out.append(byte)
    return bytes(out + b'"')


def head_sha(root: Path) -> str | None:
    """HEAD's sha, or None (no commits, not a repository, no git)."""
    try:
        out = git_answer(root, "rev-parse", "--verify", "-q", "HEAD")
    except GitUnavailable:
        return None
    sha = (out or b"").decode().strip()
    return sha or None


def commits_since(root: Path, sha: str) -> int | None:
    """How many commits HEAD is ahead of `sha`; None if `sha` is not behind HEAD."""
    try:
        if not git_ok(root, "merge-base", "--is-ancestor", sha, "HEAD"):
            return None
        out = git(root, "rev-list", "--count", f"{sha}..HEAD")
    except CredoError:
        return None
    return int(out.decode().strip())


def files_changed_since(
    root: Path, then: GitState, now: GitState
) -> tuple[set[str], set[str]] | None:
    """What differs between the tree recorded in `then` and the tree `now`: (tracked files
    changed, untracked files that are new), `.credo/` left out. None when git cannot say
    (no commit then, a commit this clone lacks, a record from before credo kept the
    changed files)."""
    if then.sha is None or now.sha is None or "off" in (now.patch_status, then.patch_status):
        return None
    if then.dirty and not (then.changed or then.untracked or then.left_out):
        return None  # an older record: its uncommitted files are unknown
    if then.sha == now.sha and then.diff_hash == now.diff_hash:
        return set(), set()
    # Commit to commit, then what is edited now: a diff of the old commit against the work
    # tree wants the old blob of each edited file, which a partial clone fetches (a network
    # round trip each time, an error offline); trees alone answer this. No renames: both
    # paths count.
    result = run(
        root,
        "diff",
        "--name-only",
        "--no-renames",
        "-z",
        then.sha,
        now.sha,
        "--",
        ".",
        f":(exclude){CREDO_PREFIX}",
    )
    if result.returncode != 0:
        return None
    changed = {p for p in os.fsdecode(result.stdout).split("\0") if p}
    # edited now: perhaps back to what `then` held, counted all the same
    changed |= set(now.changed)
    changed |= set(then.changed)  # edited then: the edit may be gone or different now
    before = {*then.untracked, *_unread(then.left_out)}
    after = {*now.untracked, *_unread(now.left_out)}
    changed |= before - after
    if then.diff_hash != now.diff_hash:
        changed |= before & after  # untracked both times: their content may differ
    return changed, after - before


def unmerged_files(root: Path, where: Path) -> list[str]:
    """The files under `where` (in the work tree `root`) that a stopped merge, rebase,
    cherry-pick, revert or stash pop left unmerged, relative to `root`: git runs only
    while one is stopped (a modify/delete conflict leaves no markers in the file to notice
    it by)."""
    try:
        folder = git_dir(root)
        if not any((folder / name).exists() for name in STOPPED):
            return []
        out = git(root, "ls-files", "-u", "-z", "--", str(where.relative_to(root)), check=False)
    except (OSError, ValueError, GitUnavailable):
        return []
    entries = (entry.partition("\t")[2] for entry in out.decode("utf-8", "replace").split("\0"))
    return list(dict.fromkeys(entry for entry in entries if entry))


def is_own_link(root: Path, link: Path) -> bool:
    """Whether the link `link` (relative to the work tree `root`) is the user's own: one
    git does not track (data kept on a scratch disk, linked in this clone), never one a
    commit brought. Outside git every link is."""
    try:
        listed = git(root, "--literal-pathspecs", "ls-files", "-s", "--", str(link), check=False)
    except GitUnavailable:
        return True
    return not listed.startswith(b"120000 ")
