"""Where things live: finding the project and keeping every path inside `.credo/`."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from credo.display import visible
from credo.domain.ids import ID_PATTERN
from credo.errors import BadFileError, BadInputError, CredoError, NoHomeError, NoProjectError
from credo.store.active import mine, runs_there
from credo.store.confine import UnsafePathError, real_folder

if TYPE_CHECKING:
    from credo.domain.models import Experiment, Place, Runner

CREDO_DIR = ".credo"
CONFIG_FILE = "config.toml"
ITEM_FOLDERS = ("tasks", "experiments", "reviews", "checklists", "runs", "evidence")
CACHE_FOLDER = "cache"
FULL_COMMAND_FILE = "full-command.json"
"""A run's command with its secrets, when `run.toml` keeps it redacted: never shared."""
RUN_FILES = "credo/runs"
"""Where a clone keeps its runs' files, in git's common folder (see `Store.run_folder`)."""
GITIGNORE = "cache/\n*.tmp\n"
GITATTRIBUTES = """\
# Merge credo's files field by field. git config is not cloned: `credo init` (or
# `credo hooks install`) sets the driver up in each clone; without it git merges them
# line by line as usual.
*.toml merge=credo
"""


def host_name() -> str:
    """This host, as runs and experiments record where they run."""
    import socket

    return socket.gethostname()


def elsewhere(
    project_root: Path, place: Place | Runner, me: Callable[[], str | None] | None = None
) -> str:
    """The project (another worktree or clone on this host) whose record of a run or an
    experiment counts, when `place` is not `project_root` and that project is still
    there and mine (`runs_there`; `me`, who is at the keyboard, asked only of a place
    that names who started it): the record at `project_root` is a copy a commit brought.
    "" otherwise (here, another host, another person's clone, said by no one, or gone
    with its record: this copy is the one)."""
    there = _other_project(project_root, place)
    return place.project if there is not None and runs_there(str(there), place.by, me) else ""


def theirs(project_root: Path, place: Place | Runner, me: Callable[[], str | None]) -> bool:
    """Whether `place` is another person's clone on this host (`active.mine`): what runs
    there is theirs to judge, as on another host (`me`: who is at the keyboard, asked
    only of another project of this host that names who started it)."""
    return _other_project(project_root, place) is not None and not mine(place.by, me)


def _other_project(project_root: Path, place: Place | Runner) -> Path | None:
    """The project of this host other than `project_root` that `place` names, whether it
    is still there or not; None for here, another host or no one."""
    there = Path(place.project)
    if place.project and place.host == host_name() and there != project_root:
        return there
    return None


def running_elsewhere(
    project_root: Path, exp: Experiment, me: Callable[[], str | None] | None
) -> str:
    """The other project `exp` runs in (see `elsewhere`), or "": here, it is a copy."""
    if exp.status != "running" or exp.place is None:
        return ""
    return elsewhere(project_root, exp.place, me)


def said_place(project_root: Path, exp: Experiment) -> Path | None:
    """The other project of this host the running `exp` says it runs in, there or not,
    whoever's (`running_elsewhere` while it is, and is mine); None: it runs here, on
    another host, or not."""
    if exp.status != "running" or exp.place is None:
        return None
    return _other_project(project_root, exp.place)


def said_elsewhere(
    project_root: Path, experiments: Iterable[Experiment], me: Callable[[], str | None]
) -> tuple[Path, ...]:
    """The `.credo` folders of the other projects of this host, mine (`active.mine`), that
    `experiments` say they run in (`said_place`), there or not: whether each is there
    decides where. Another person's clone decides nothing (`runs_there`)."""
    found = {
        there / CREDO_DIR
        for exp in experiments
        if (there := said_place(project_root, exp)) is not None
        and exp.place is not None
        and mine(exp.place.by, me)
    }
    return tuple(sorted(found))


def personal_folder(env: str, kind: Literal["config", "cache"]) -> Path:
    """`$env`, or the platform's folder of that kind for credo (`~/.config/credo`...);
    NoHomeError where the user has no home to put it in."""
    override = os.environ.get(env)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir, user_config_dir

    try:
        return Path(
            (user_config_dir if kind == "config" else user_cache_dir)("credo", appauthor=False)
        )
    except RuntimeError:  # platformdirs: HOME unset (or relative) and no passwd entry
        xdg = "XDG_CONFIG_HOME" if kind == "config" else "XDG_CACHE_HOME"
        raise NoHomeError(
            f"credo has no {kind} folder: HOME is not set and user id {os.getuid()} has no "
            f"home in the passwd file; set HOME (or {xdg}, or {env}) to a folder of yours"
        ) from None


def find_git_root(start: Path) -> Path | None:
    """The work tree holding `start` (a `.git` folder or file), or None."""
    # Not GitPython: every command opens the store, and importing it costs more than
    # the whole of `credo add`; a few stats answer the same.
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def bare_repository(start: Path) -> Path | None:
    """The bare repository holding `start` (its HEAD, objects and refs with no work tree
    around them), or None; only asked where `find_git_root` found no work tree."""
    for folder in (start, *start.parents):
        if (folder / "HEAD").is_file() and all((folder / d).is_dir() for d in ("objects", "refs")):
            return folder
    return None


def find_project(start: Path) -> Path:
    """The folder holding `.credo/`, searching `start` and its parents up to the git root.

    Outside git the search stops at the user's home and at the edge of the file system,
    and skips a `.credo/` in a parent that another user owns (one left in a shared
    temporary folder is not this project). A `.credo` that is a link is refused.
    """
    try:
        start = start.resolve()
    except FileNotFoundError:  # relative, from a current folder removed under the shell
        raise NoProjectError(
            "the current folder no longer exists (removed since the shell went into it: a "
            "checkout, an rm): cd into the project again"
        ) from None
    if not start.exists():
        raise NoProjectError(f"{_named(start)} does not exist")
    git_root = find_git_root(start)
    home = _home()
    device = start.stat().st_dev
    skipped = ""
    for folder in (start, *start.parents):
        if git_root is None and folder != start and folder.stat().st_dev != device:
            break  # another file system: not part of this folder's project
        candidate = folder / CREDO_DIR
        try:
            info = os.lstat(candidate)
        except OSError:
            info = None
        if info is None:
            pass
        elif git_root is None and folder != start and info.st_uid != os.geteuid():
            skipped = f" ({candidate} belongs to another user: not used)"
        elif stat.S_ISLNK(info.st_mode):
            raise linked_credo(candidate)
        elif stat.S_ISDIR(info.st_mode):
            return folder
        elif folder == (git_root or start):  # where `credo init` would make it: it cannot
            kind = "a plain file, not a folder" if stat.S_ISREG(info.st_mode) else "not a folder"
            raise NoProjectError(
                f"no credo project in {_named(start)}: {_named(candidate)} is {kind} (a "
                "commit may have put it there): move it away, then run `credo init`"
            )
        if folder in (git_root, home):
            break
    raise NoProjectError(f"no credo project in {_named(start)}{skipped}: {_start_one(git_root)}")


def linked_credo(link: Path) -> UnsafePathError:
    """The refusal of a `.credo` that is a symbolic link, wherever it points: credo never
    reads or writes through one (a commit may have put it there). It names the link,
    where it leads, and what to do, which depends on whether anything is there."""
    try:
        target = visible(os.readlink(link), lines=False)
    except OSError:  # gone, or replaced, since it was seen
        target = "somewhere credo cannot read"
    if not os.path.exists(link):
        return UnsafePathError(
            _named(link),
            f"is a dangling symbolic link: it points to {target}, which does not exist; "
            "remove the link, then run `credo init` to start a board here",
        )
    return UnsafePathError(
        _named(link),
        f"is a symbolic link (to {target}): credo uses only a real .credo folder, never one "
        "through a link (a commit may have put it there); to use the board it points to, "
        "put that folder here in place of the link, or remove the link and run `credo "
        "init` for a new board",
    )


def _named(folder: Path) -> str:
    """A folder as typed (`-C`) in a one-line message: a line break in it shown as a sign."""
    return visible(str(folder), lines=False)


def _start_one(git_root: Path | None) -> str:
    """What to do without a project: `credo init`, unless this is a linked worktree of a
    clone whose board git did not check out here (kept out of git, or not on this branch)."""
    hint = "run `credo init` to start one"
    if git_root is None or not (git_root / ".git").is_file():
        return hint
    try:
        common = git_common_dir(git_root)
    except (OSError, ValueError):  # a `.git` file credo cannot read: git will say
        return hint
    main = common.parent
    if common.name != ".git" or main == git_root or not (main / CREDO_DIR).is_dir():
        return hint
    return (
        f"{main / CREDO_DIR} is not in this worktree (git did not check it out here): run "
        f"credo in {main}, or `credo init` here for a board of this worktree alone"
    )


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError):
        return None


def from_here(path: Path, root: Path) -> str:
    """`path` as the user can open it from where they are: relative to the current folder
    when that is inside the project at `root` and the relative path is no longer, else
    absolute (`credo -C REPO` from afar, or `../../../..` up from deep in the project)."""
    here = Path.cwd()
    relative = os.path.relpath(path, here) if here.is_relative_to(root) else str(path)
    return relative if len(relative) <= len(str(path)) else str(path)


def data_paths_from_here(root: Path, data_paths: Sequence[str]) -> list[str]:
    """The project's `data_paths` (relative to `root`) as the user types them where they
    are (`from_here`): what a pack's command names as DATA."""
    return [from_here(root / path, root) for path in data_paths]


def scratch_folder(root: Path, credo_dir: Path) -> Path | None:
    """`credo_dir`'s cache folder (made if need be), for the temporary file of a write to
    a file in the work tree `root` (`atomic_write`'s `scratch`): git ignores it there,
    where one a kill left beside the file would stay in `git status`. None where there is
    no `credo_dir`, or its cache is no real folder of it (a link, a file): beside, then."""
    folder = credo_dir / CACHE_FOLDER
    try:
        if not real_folder(root, credo_dir):
            return None  # never made here (a merge in a bare repository's folder)
        real_folder(root, folder, create=True)
    except (OSError, ValueError, UnsafePathError):
        return None
    return folder


def item_path(credo_dir: Path, folder: str, item_id: str) -> Path:
    """The file of an item; refuses ids that could point anywhere else."""
    if not ID_PATTERN.match(item_id):
        raise BadFileError(f"{folder}/{item_id}", "is not a valid credo id")
    if folder == "runs":
        return credo_dir / folder / item_id / "run.toml"
    return credo_dir / folder / f"{item_id}.toml"


def inside_project(
    root: Path, name: str, what: str, own_link: Callable[[Path], bool] | None = None
) -> Path:
    """`name` (a setting such as a data path, relative to the project) as a path that
    resolves inside the project `root`; BadInputError otherwise (`..`, an absolute path
    elsewhere, or a link that leads out). With `own_link`, a name that leads out only
    through links it calls the user's own (`data -> /scratch/me/data`, made in this clone,
    not committed) is taken too."""
    target = (root / name).resolve()
    if target.is_relative_to(root.resolve()) or (
        own_link is not None and _out_through_own_links(root, Path(name), own_link)
    ):
        return target
    raise BadInputError(
        f"{what} {name!r} resolves to {target}, outside the project: credo reads only "
        "files inside the project (.credo/config.toml sets it)"
    )


def _out_through_own_links(root: Path, name: Path, own_link: Callable[[Path], bool]) -> bool:
    """Whether `name` leaves the project only through the user's own links: never `..` or
    an absolute name, which only a setting can hold."""
    if name.is_absolute() or ".." in name.parts:
        return False
    steps = [Path(*name.parts[:n]) for n in range(1, len(name.parts) + 1)]
    links = [step for step in steps if (root / step).is_symlink()]
    return bool(links) and all(own_link(link) for link in links)


def git_dir(work_tree: Path) -> Path:
    """This work tree's own git folder, also from a linked worktree's `.git` file."""
    dot_git = work_tree / ".git"
    return _pointed_at(dot_git, work_tree) or dot_git


def _pointed_at(file: Path, base: Path) -> Path | None:
    """The folder a file of git's names, from `base` (a linked worktree's `.git`:
    `gitdir: <folder>`; its git folder's `commondir`); None when `file` is a folder.
    Its bytes are a path as git and the file system take it (a clone in a latin-1 folder).
    The board's poll asks each second: the file is read again only when its stat says
    git wrote it since (`git worktree add` on a path freed, `git worktree repair`)."""
    info = file.stat()
    if stat.S_ISDIR(info.st_mode):
        return None
    written = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    kept = _POINTED.get(file)
    if kept is not None and kept[0] == written:
        return kept[1]
    named = base / os.fsdecode(file.read_bytes()).strip().removeprefix("gitdir:").strip()
    try:
        found = named.resolve()
    except RuntimeError:  # Python 3.11's word for a loop of links: read as unreadable
        said = f"names {named} through a loop of symbolic links: mend the link, or run `git "
        raise OSError(
            errno.ELOOP, said + "worktree repair` in the main worktree", str(file)
        ) from None
    _POINTED[file] = (written, found)
    return found


_POINTED: dict[Path, tuple[tuple[int, int, int, int], Path]] = {}
"""What each file `_pointed_at` read names, with its stat when read."""


def checked_out(work_tree: Path | None) -> str | None:
    """What is checked out in `work_tree`: a branch's name, or the commit of a detached
    HEAD (a checkout changes it, a commit on a branch does not). None outside git (its
    `.git` removed too). One small file: no git process. CredoError, saying why, when
    git's HEAD cannot be read."""
    if work_tree is None or not os.path.lexists(work_tree / ".git"):
        return None
    label = ".git"
    try:
        path = git_dir(work_tree) / "HEAD"
        label = str(path.relative_to(work_tree)) if path.is_relative_to(work_tree) else str(path)
        head = path.read_text(encoding="utf-8").strip()
    except (OSError, ValueError) as error:
        raise CredoError(f"{label} {_unreadable(error)}") from None
    return head.removeprefix("ref:").strip().removeprefix("refs/heads/")


def _unreadable(error: Exception) -> str:
    """Why a small file of git's could not be read, in a few words."""
    if isinstance(error, IsADirectoryError):
        return "a folder"
    if isinstance(error, UnicodeDecodeError):
        return "not text"
    return f"unreadable ({error.strerror if isinstance(error, OSError) else error})"


def git_common_dir(work_tree: Path) -> Path:
    """The repository's shared git folder, also from a linked worktree's `.git` file."""
    folder = git_dir(work_tree)
    if folder == work_tree / ".git":
        return folder
    try:
        return _pointed_at(folder / "commondir", folder) or folder
    except (FileNotFoundError, NotADirectoryError):  # no commondir: it is the shared one
        return folder


def git_config(work_tree: Path) -> tuple[Path, str] | None:
    """The repository's shared git folder and the text of its `config`, read once for
    what every command checks there (`rewrite_unsafe_installs`, `missing_driver`); None
    where the config cannot be read."""
    try:
        common = git_common_dir(work_tree)
        return common, (common / "config").read_text(encoding="utf-8", errors="replace")
    except (OSError, ValueError):  # a `.git` file credo cannot read: the write says so
        return None


def other_config_files(work_tree: Path) -> list[str]:
    """The git config files git reads here beside the repository's own `config`: the
    person's, the system's, the worktree's own (`config.worktree`), as the environment
    names them; those it includes are not followed."""
    home = os.path.expanduser("~")
    places = [
        os.environ.get("GIT_CONFIG_GLOBAL", ""),
        os.path.join(os.environ.get("XDG_CONFIG_HOME") or f"{home}/.config", "git", "config"),
        f"{home}/.gitconfig",
        os.environ.get("GIT_CONFIG_SYSTEM", ""),
        "/etc/gitconfig",
        str(git_dir(work_tree) / "config.worktree"),
    ]
    return [place for place in places if place]


def git_file_label(work_tree: Path, name: str) -> str:
    """A file of the repository's shared git folder as people find it: `.git/config`, or
    where a submodule's or a linked worktree's really is."""
    path = git_common_dir(work_tree) / name
    return str(path.relative_to(work_tree)) if path.is_relative_to(work_tree) else str(path)
