"""A git merge driver for credo's item files: field by field, not line by line.

Every write of an item sets its `updated` time, so two clones that each changed a
task (one retitled it, the other marked it done) always changed the same line, and
git's line merge stopped on it. Here each field is merged on its own: a field one
side changed takes that side's value; `updated` takes the later time and `created`
the earlier (two clones that made the same item, such as the next occurrence of a
recurring task both completed); two completions keep the first (its time and its
commit); tags and links keep both sides' additions and removals, an experiment's
extensions both sides' new ones, a task's notes both sides' lines added under them
(`credo edit --add-note`, an agent's `add_note`); any other field both sides changed
differently is a real conflict, for a person: git's line merge puts its markers around
those fields alone, every other field merged (the store then names the file as in
conflict).

`.credo/.gitattributes` (written by `credo init`, committed) sends `*.toml` to a
driver named `credo`; `credo init` (run in each clone) and `credo hooks install`
register it in the clone's git config (`credo hooks uninstall` leaves it: it is no hook).
A clone without it merges as git always does, and every credo command in it says so
once it has a remote to pull from (`missing_driver`).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

from credo.domain.models import STORED_KINDS, Item, with_note
from credo.errors import CredoError
from credo.gitlink.hooks import CREDO_COMMAND
from credo.store.files import dump_model, parse_toml_bytes
from credo.store.paths import CREDO_DIR, git_file_label, scratch_folder

if TYPE_CHECKING:
    from git.config import GitConfigParser

DRIVER = "credo"
"""The driver's name in `.credo/.gitattributes` and in git's config."""
SET_FIELDS = frozenset({"tags", "experiments"})
"""Lists whose order means nothing: both sides' additions and removals are kept."""
APPENDED = frozenset({"extensions"})
"""Lists only ever added to: both sides' new entries are kept (two clones that each
extended an experiment's timebox extended it twice)."""
NOTES = "notes"
"""Text added to under what it holds (`with_note`): both sides' additions are kept, ours
first."""
COMPLETION = ("done_at", "done_commit", "closed_by")
"""Set together when a task is completed (`closed_by` by a closing commit only): two
completions keep the earlier one whole."""
_MISSING = object()


class Merged(NamedTuple):
    """What `merge_fields` made of three sides."""

    fields: dict[str, Any]
    """The merged fields, in the file's order; where both sides changed a field
    differently, ours (absent if we removed it)."""
    conflicts: frozenset[str]
    """The fields both sides changed differently."""

    def side(self, side: dict[str, Any]) -> dict[str, Any]:
        """The merged fields, but `side`'s value of each conflicting one."""
        keys = [*self.fields, *(key for key in self.conflicts if key not in self.fields)]
        picked = (
            (k, side.get(k, _MISSING) if k in self.conflicts else self.fields[k]) for k in keys
        )
        return {key: value for key, value in picked if value is not _MISSING}


class Conflict(NamedTuple):
    """Three texts alike but for the fields both sides changed differently: git's line
    merge of them (base, ours, theirs) puts its markers around those fields alone."""

    base: bytes
    ours: bytes
    theirs: bytes


REBASE_SIDES = (
    "# the branch you rebase onto (git's ours)",
    "# your commit, replayed onto it (git's theirs)",
)
"""What a conflict says of its sides in a rebase (`git pull --rebase`), where git's
`ours` (the markers' first side) is the teammates' branch and `theirs` your own commit:
a TOML comment above each conflicting field on each side, inside the markers."""


def merge_item(
    base: bytes, ours: bytes, theirs: bytes, path: str, *, rebasing: bool = False
) -> bytes | Conflict | None:
    """The merged file; a Conflict when some field needs a person (`rebasing`: its sides
    say whose they are, `REBASE_SIDES`); None when credo cannot read a side (or it is not
    an item file): git's line merge of the files as they are."""
    kind = _kind_of(path)
    if kind is None:
        return None
    try:
        sides = [parse_toml_bytes(raw, path) for raw in (base, ours, theirs)]
        merged = merge_fields(*sides)
        texts = [merged.side(side) for side in sides] if merged.conflicts else [merged.fields]
        dumped = [dump_model(kind.model_validate(text), keep=text) for text in texts]
    except Exception:  # a side credo cannot read, whatever Python raises: git's line merge
        return None
    if not merged.conflicts:
        return dumped[0]
    if rebasing:
        dumped[1:] = (
            _said_above(text, merged.conflicts, said)
            for text, said in zip(dumped[1:], REBASE_SIDES, strict=True)
        )
    return Conflict(*dumped)


def _said_above(text: bytes, fields: frozenset[str], said: str) -> bytes:
    """`text` with the comment `said` above the first line of each of `fields` (`key =`,
    or its table's header: `[key]`, `[[key]]`, `[key.sub]`)."""
    starts = {
        f"{opening}{form}{closing}".encode(): key
        for key in fields
        for form in (key, f'"{key}"')
        for opening, closing in (("", " ="), ("[", "]"), ("[[", "]]"), ("[", "."))
    }
    out, told = [], set()
    for line in text.splitlines(keepends=True):
        key = next((k for start, k in starts.items() if line.startswith(start)), None)
        if key is not None and key not in told:
            told.add(key)
            out.append(f"{said}\n".encode())
        out.append(line)
    return b"".join(out)


def merge_fields(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> Merged:
    """Three-way merge of top-level fields."""
    ours, theirs = _first_completion(base, ours, theirs)
    merged: dict[str, Any] = {}
    conflicts: set[str] = set()
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        was, mine, other = (side.get(key, _MISSING) for side in (base, ours, theirs))
        if mine == other or other == was:
            value = mine
        elif mine == was:
            value = other
        elif key == "updated" and _comparable(mine, other):
            value = max(mine, other)
        elif key == "created" and _comparable(mine, other):
            value = min(mine, other)
        elif key in SET_FIELDS and (names := _merge_names(was, mine, other)) is not None:
            value = names
        elif key in APPENDED and (entries := _appended(was, mine, other)) is not None:
            value = entries
        elif key == NOTES and (notes := _notes_added(was, mine, other)) is not None:
            value = notes
        else:
            conflicts.add(key)
            value = mine
        if value is not _MISSING:
            merged[key] = value
    return Merged(merged, frozenset(conflicts))


def _first_completion(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both sides completed the task since `base`: both keep the earlier completion."""
    mine, other = ours.get("done_at"), theirs.get("done_at")
    if mine == other or base.get("done_at") in (mine, other) or not _comparable(mine, other):
        return ours, theirs
    first = ours if mine < other else theirs  # type: ignore[operator]  # _comparable says so
    kept = {key: first[key] for key in COMPLETION if key in first}

    def completed_first(side: dict[str, Any]) -> dict[str, Any]:
        return {**{k: v for k, v in side.items() if k not in COMPLETION}, **kept}

    return completed_first(ours), completed_first(theirs)


def _merge_names(was: object, mine: object, other: object) -> list[str] | None:
    """Ours in its order, then what they added; what either side removed stays out.
    None unless both sides (and the base, if it had the field) are lists of names."""
    was = [] if was is _MISSING else was
    if not (_names(was) and _names(mine) and _names(other)):
        return None
    removed = (set(was) - set(mine)) | (set(was) - set(other))
    return list(dict.fromkeys(v for v in (*mine, *other) if v not in removed))


def _appended(was: object, mine: object, other: object) -> list[Any] | None:
    """The base's entries, then ours and theirs added after them; None unless both sides
    are lists that start with the base's entries as they were."""
    was = [] if was is _MISSING else was
    if not (isinstance(was, list) and isinstance(mine, list) and isinstance(other, list)):
        return None
    kept = len(was)
    if mine[:kept] != was or other[:kept] != was:
        return None
    return [*mine, *(entry for entry in other[kept:] if entry not in mine[kept:])]


def _notes_added(was: object, mine: object, other: object) -> str | None:
    """Ours, then the lines they added under the base's notes; None unless both sides are
    the base's notes with lines added under them (a rewrite is for a person)."""
    was = "" if was is _MISSING else was
    if not (isinstance(was, str) and isinstance(mine, str) and isinstance(other, str)):
        return None
    kept = was.rstrip()

    def added(notes: str) -> str | None:
        rest = notes[len(kept) :]
        if not notes.startswith(kept) or (kept and rest and not rest.startswith("\n")):
            return None
        return rest.strip("\n")

    ours, theirs = added(mine), added(other)
    if ours is None or theirs is None:
        return None
    return with_note(mine, theirs) if theirs else mine


def _names(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _comparable(a: object, b: object) -> bool:
    """Two times `max` can order (a hand-written one may have no time zone)."""
    return (
        isinstance(a, datetime)
        and isinstance(b, datetime)
        and (a.tzinfo is None) == (b.tzinfo is None)
    )


def _kind_of(path: str) -> type[Item] | None:
    """The kind of item a repository path holds (`.credo/tasks/<id>.toml` is a task)."""
    parts = PurePosixPath(path).parts
    for kind in STORED_KINDS:
        if kind.folder == "runs":
            if parts[-4:-2] == (CREDO_DIR, "runs") and parts[-1:] == ("run.toml",):
                return kind
        elif parts[-3:-1] == (CREDO_DIR, kind.folder):
            return kind
    return None


def driver_scratch(path: str) -> Path | None:
    """Where the driver makes the temporary files of its writes: the cache of the store
    that holds `path` (%P). git runs it at the top of the work tree, and the files it
    writes (%O %A %B) are git's own temporary ones there (`.merge_file_XXXXXX`, which git
    removes): one of credo's left beside them by a kill would stay in `git status`."""
    parts = PurePosixPath(path).parts
    if CREDO_DIR not in parts:
        return None
    top, root = len(parts) - parts[::-1].index(CREDO_DIR), Path.cwd()
    return scratch_folder(root, root.joinpath(*parts[:top]))


def install_driver(root: Path) -> str:
    """Register the driver in the repository's git config; returns what was done."""
    # On a conflict credo fails, having left the three files alone (a side it cannot read)
    # or made them alike but for the conflicting fields (`Conflict`): git's own line merge
    # of them then writes the markers (as it does when credo is not there).
    command = (
        f"{CREDO_COMMAND} merge-driver %O %A %B %P"
        " || git merge-file -L ours -L base -L theirs %A %O %B"
    )
    where = git_file_label(root, "config")
    with _config(root) as config:
        if config.get_value(_SECTION, "driver", default="") == command:
            return f"merge driver already registered in {where}"
        config.set_value(_SECTION, "name", "credo: item files, field by field")
        config.set_value(_SECTION, "driver", command)
    return f"merge driver registered in {where} (item files merge field by field)"


def missing_driver(
    root: Path, credo_dir: Path, common: Path, config: str, *, pulling: bool = False
) -> bool:
    """`.credo/.gitattributes` sends item files to the driver, but this clone's git config
    (`config`, the text of `common`'s, as `paths.git_config` reads them) does not
    register it (git config is not cloned), and `.credo/` is shared (not kept out of git
    by `credo init --private`); with `pulling`, only in a clone with a remote (where
    another clone's edits come from).

    Cheap enough for every command: small files are read, git is not run.
    """
    try:
        if f"merge={DRIVER}" not in (credo_dir / ".gitattributes").read_text(errors="replace"):
            return False
    except OSError:
        return False
    if (pulling and not _REMOTE.search(config)) or _registered(config):
        return False
    if not credo_dir.is_relative_to(root):
        return True
    kept_out = f"/{credo_dir.relative_to(root).as_posix()}/"  # as `credo init --private` does
    try:
        excluded = (common / "info" / "exclude").read_text(errors="replace").splitlines()
    except OSError:  # no exclude file: nothing kept out
        return True
    return kept_out not in excluded


def _registered(config: str) -> bool:
    """Whether git config text has a command for the driver."""
    section = ""
    for line in config.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        elif _OURS.fullmatch(section) and stripped.partition("=")[0].strip().lower() == "driver":
            return True
    return False


MISSING_DRIVER = (
    f"this clone has no merge driver for {CREDO_DIR}/ ({CREDO_DIR}/.gitattributes names it, "
    "git config is not cloned): two clones' edits of one item will stop `git pull` on a "
    "conflict; run `credo init` (safe to run again)"
)


KEPT_DRIVER = (
    f"merge driver left as it is: it is no hook, it merges {CREDO_DIR}/ files field by field"
    f" (`git config --remove-section merge.{DRIVER}` removes it, and every credo command in a"
    " clone with a remote then says it is missing)"
)
"""What `credo hooks uninstall` says of the driver: removing it would only bring back the
warning of `missing_driver` on every command, and the conflicts it spares."""


_SECTION = f'merge "{DRIVER}"'
_REMOTE = re.compile(r'^\s*\[\s*remote\s+"', re.IGNORECASE | re.MULTILINE)
_OURS = re.compile(rf'\[\s*merge\s+"{DRIVER}"\s*\]', re.IGNORECASE)


def _config(root: Path) -> GitConfigParser:
    """The repository's own git config (shared by its worktrees), to edit; GitPython
    quotes values as git reads them. Imported here: only the install pays."""
    from git import Repo
    from git.exc import GitError

    try:
        return Repo(root).config_writer("repository")
    except (GitError, OSError) as error:
        raise CredoError(f"cannot edit the git config of {root}: {error}") from None
