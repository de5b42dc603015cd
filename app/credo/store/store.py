"""The Store: every read and write of `.credo/` goes through here."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar

from pydantic import ValidationError

from credo.display import held_as_utf8
from credo.domain.config import RUN_SETTINGS, ProjectConfig
from credo.domain.ids import ID_PATTERN
from credo.domain.models import Evidence, Experiment, Item, Review, Run, Task
from credo.errors import (
    AlreadyExistsError,
    BadFileError,
    BadInputError,
    CredoError,
    NotFoundError,
    StoreGoneError,
)
from credo.store import active as small_file
from credo.store import collector, ids
from credo.store.active import Active
from credo.store.confine import (
    CACHE_CAP,
    CONFIG_CAP,
    ITEM_CAP,
    UnsafePathError,
    read_capped,
    read_in_folder,
    real_folder,
    size_words,
)
from credo.store.files import (
    SettingProblem,
    atomic_write,
    clear_once,
    dump_model,
    ours_side,
    parse_toml_bytes,
    refused_write,
    unknown_settings,
    validate_item,
    validate_settings,
)
from credo.store.paths import (
    CACHE_FOLDER,
    CONFIG_FILE,
    CREDO_DIR,
    FULL_COMMAND_FILE,
    GITATTRIBUTES,
    GITIGNORE,
    ITEM_FOLDERS,
    RUN_FILES,
    bare_repository,
    find_git_root,
    find_project,
    git_common_dir,
    git_dir,
    item_path,
    linked_credo,
    said_place,
)
from credo.store.stamps import Stamp, scan, stamp_of

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T", bound=Item)

CACHE_FORMAT: Literal[2] = 2
_CacheData = tuple[Literal[2], list[int], list[T], dict[str, Stamp]]
CACHE_LINE = 500
"""Items a line of a load cache: read a line at a time, no pydantic call holds the
interpreter long (20,000 runs in one call held it, and the interface with it, 0.3 to
0.9 s, though a worker read them)."""


class LoadProblem(NamedTuple):
    """A file that could not be loaded: shown to the user, never rewritten.

    (A tuple, as `Change`: a frozen dataclass compiles its methods as it is made, 3.6 M
    instructions of every start.)
    """

    kind: str
    item_id: str
    path: str
    message: str
    ours: Item | None = None
    """The item as this clone's side of a merge had it, when the file is a conflict whose
    side reads (`ours_side`): where the board keeps its row."""


@dataclass
class Loaded(Generic[T]):
    """All items of one kind, plus the files that failed to load."""

    items: dict[str, T] = field(default_factory=dict)
    problems: dict[str, LoadProblem] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """What each file looked like on disk: equal stamps, same content."""


class Change(NamedTuple):
    """One write, with what undo needs: the file's bytes before and after."""

    kind: type[Item]
    item_id: str
    before: bytes | None
    after: bytes | None


def _ids_named(names: list[str], nested: bool, prefix: str = "") -> list[str]:
    """The item ids (starting with `prefix`) that a folder's `names` hold: `<id>.toml`
    files, or for runs (`nested`) `<id>/` folders; hidden ones (temporaries) are not."""
    if prefix:  # before the other tests: most of ten thousand names go here
        names = [name for name in names if name.startswith(prefix)]
    if nested:
        return [name for name in names if name[0] != "."]
    return [name[:-5] for name in names if name[0] != "." and name.endswith(".toml")]


def _since(now: bytes | None, left: bytes | None) -> str:
    """What became of a file since a change left it as `left` (`now` differs): a revert
    stops there."""
    if now is None:
        return "was deleted since; nothing is put back"
    if left is None:
        return "was made again since; it is left as it is"
    return "was changed by someone else since; their change is kept"


class Store:
    """A credo project's `.credo/` folder."""

    def __init__(self, project_root: Path) -> None:
        self.project_root = project_root.resolve()
        self.credo_dir = self.project_root / CREDO_DIR
        self.git_root = find_git_root(self.project_root)
        self._config: ProjectConfig | None = None
        self._config_stamp: Stamp | None = None
        """The settings file as it was when `_config` was read from it."""
        self.config_problems: list[SettingProblem] = []
        """A line for each setting left at its default because the file's value does not
        fit, or one for the whole file when it cannot be read (all defaults then)."""
        self.config_unknown: list[str] = []
        """A line for each setting this version does not know (a typo, a newer credo's)."""
        self.durable = True
        """False only while a throwaway folder is built (the demo): a crash means building
        it again, so items are written without an fsync each."""
        self._was_whole = self._whole()
        """A store was there when this one opened it: its removal since stops every write
        (`still_there`)."""
        self._last: dict[type[Item], Loaded[Any]] = {}
        """The last load of each kind in this process: the same stamps, the same items
        (the board's polls and a view opened meanwhile share one read)."""
        self._listed: tuple[str, str, list[str]] | None = None
        """The folder and item of the last write, when it listed the folder (its first
        there, which clears what killed writes left: `clear_once`), and the names it found:
        the next `short_id` of that item takes them, unless this store wrote again
        meanwhile."""

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, start: Path | str = ".") -> Store:
        """The project holding `start` (a folder or any sub-folder of it)."""
        return cls(find_project(Path(start)))

    @classmethod
    def init(
        cls,
        start: Path | str = ".",
        *,
        data_paths: Callable[[Path], list[str]] | None = None,
    ) -> tuple[Store, bool]:
        """Create `.credo/` at the repository root (or `start` outside git).

        `data_paths` proposes the project's data (given the root) for a new settings
        file. Returns the store and whether it was created now (re-running is harmless).
        """
        start = Path(start).resolve()
        work_tree = find_git_root(start)
        if work_tree is None and (bare := bare_repository(start)) is not None:
            raise BadInputError(
                f"{bare} is a bare git repository (no work tree): run credo init in a clone of it"
            )
        root = work_tree or start
        store = cls(root)
        if os.path.islink(store.credo_dir):  # as every other command refuses it
            raise linked_credo(store.credo_dir)
        created = not os.path.lexists(store.credo_dir)
        with store.lock():  # which also makes a refused write one clear error
            store._lay_out(data_paths)
        return store, created

    def _lay_out(self, data_paths: Callable[[Path], list[str]] | None = None) -> None:
        """Make what a store holds and is missing (under the lock): its folders, the
        `.gitignore` that keeps the cache out of commits, `.gitattributes`, the settings."""
        for folder in (*ITEM_FOLDERS, CACHE_FOLDER):
            self.folder(folder, create=True)
        for name, text in ((".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)):
            if not os.path.lexists(self.credo_dir / name):
                atomic_write(self.credo_dir / name, text.encode())
        config = self.credo_dir / CONFIG_FILE
        if not os.path.lexists(config):
            found = data_paths(self.project_root) if data_paths else []
            atomic_write(config, config_template(data_paths=found).encode())
        self._was_whole = True

    def folder(self, name: str = "", *, create: bool = False) -> Path:
        """`.credo/<name>` (`.credo` itself for ""), which must be a real folder inside the
        project: a link or a file there raises UnsafePathError (`create` makes it)."""
        path = self.credo_dir / name if name else self.credo_dir
        if create:
            self.still_there()
        real_folder(self.project_root, path, create=create)
        return path

    def _whole(self) -> bool:
        """Whether `.credo/` holds a store: its settings, or an item (`git rm -r .credo`
        leaves the git-ignored cache and the folders git never held, empty ones)."""
        if os.path.lexists(self.credo_dir / CONFIG_FILE):
            return True  # the common case: one stat
        for folder in ITEM_FOLDERS:
            try:
                with os.scandir(self.credo_dir / folder) as entries:
                    if next(entries, None) is not None:
                        return True
            except OSError:
                continue
        return False

    def still_there(self) -> None:
        """Raise StoreGoneError when the store was removed since it was opened (`git rm
        -r .credo`, `rm -rf .credo`): a write would make one the user removed again."""
        if not self._was_whole or self._whole():
            return
        if self.git_root is None:
            back, how = "credo init", "`credo init` makes an empty one"
        else:
            back = f"git checkout HEAD -- {CREDO_DIR}"
            how = f"`{back}` brings back what was committed, `credo init` an empty one"
        raise StoreGoneError(f"{CREDO_DIR}/ was removed: credo writes nothing there ({how})", back)

    def run_folder(self, run_id: str, *, create: bool = False, private: bool = False) -> Path:
        """Where a run's files are (its output, patches, metrics, params), checked (and
        made, with `create`) like `folder`: in git, `credo/runs/<id>/` in the clone's git
        folder, which every worktree of the clone reads and `git worktree remove` leaves
        alone; else beside its record, `.credo/runs/<id>/`: outside git, with
        `share_run_artifacts` (git carries them), and for a run whose files are there
        already (an older credo's, or a teammate's shared ones). A `private` file, which
        git never carries (`FULL_COMMAND_FILE`), is in the git folder's with
        `share_run_artifacts` too: the one file there then."""
        record = item_path(self.credo_dir, "runs", run_id).parent
        common = self._git_common_dir
        if common is not None:
            kept = common / RUN_FILES / run_id
            there = real_folder(common, kept) and (private or _holds_files(common, kept))
            shared = self.config.share_run_artifacts and not private
            if there or not (shared or _holds_files(self.project_root, record)):
                if create:
                    real_folder(common, kept, create=True)
                return kept
        if create:
            self.still_there()
        real_folder(self.project_root, record, create=create)
        return record

    @cached_property
    def _git_common_dir(self) -> Path | None:
        """The git folder every worktree of this clone shares (None outside git, or when
        this worktree's `.git` file cannot be read: git says what is wrong then)."""
        if self.git_root is None:
            return None
        try:
            return git_common_dir(self.git_root)
        except (OSError, ValueError):
            return None

    # -- settings ----------------------------------------------------------------

    @property
    def config(self) -> ProjectConfig:
        """Project settings: a value that does not fit leaves its setting at the default,
        a file that cannot be read leaves them all (see `config_problems`)."""
        if self._config is None:
            label = f"{CREDO_DIR}/{CONFIG_FILE}"
            self.config_problems, self.config_unknown = [], []
            self._config_stamp = self._config_file_stamp()
            try:
                path = self.folder() / CONFIG_FILE
                raw = read_capped(path, label, CONFIG_CAP, "the settings file")
                self._config, self.config_problems = validate_settings(ProjectConfig, raw, label)
                mistyped, self.config_unknown = unknown_settings(
                    self._config, label, raw, RUN_SETTINGS
                )
                self.config_problems += mistyped
            except FileNotFoundError:
                self._config = ProjectConfig()
            except BadFileError as error:
                self._config = ProjectConfig()
                self.config_problems = [
                    SettingProblem(error.path, error.detail, "using default settings")
                ]
        return self._config

    def refresh_config(self) -> bool:
        """Have `config` read the settings again if their file changed since it did: for
        a process that outlives an edit of them (`credo mcp`, the board); one stat.
        Returns whether they will be read again."""
        if self._config is not None and self._config_file_stamp() != self._config_stamp:
            self._config = None
            return True
        return False

    def _config_file_stamp(self) -> Stamp | None:
        return stamp_of(str(self.credo_dir / CONFIG_FILE))

    @property
    def cache_problem(self) -> str | None:
        """Why `.credo/cache/` is not used (a link or a file a commit put there), or None."""
        try:
            self.folder(CACHE_FOLDER)
        except UnsafePathError as error:
            return f"{error.message} (credo works without its cache, only slower)"
        return None

    @property
    def name(self) -> str:
        return self.project_root.name

    # -- reading -----------------------------------------------------------------

    def load(self, kind: type[T], stamps: dict[str, Stamp] | None = None) -> Loaded[T]:
        """Every item of `kind`; files that fail validation become problems.

        `stamps` are ones `stamps()` just gave (a poll that saw a change), so the
        files are not looked at twice; a file changed since is seen by the next look.
        """
        with collector.paused():
            return self._load(kind, stamps)

    def _load(self, kind: type[T], stamps: dict[str, Stamp] | None) -> Loaded[T]:
        try:
            self.folder(kind.folder)
        except UnsafePathError as error:  # nothing of this kind is read, nothing else stops
            problem = LoadProblem(kind.kind, "", error.path, error.detail)
            return Loaded(problems={f"{kind.folder}/": problem}, stamps=stamps or {})
        cache_file = f"{kind.folder}.json"
        # One stat per file, every load: a file edited by hand or by `git pull` is re-read.
        if stamps is None:
            stamps = self.stamps(kind)
        last = self._last.get(kind)
        if last is not None and last.stamps == stamps:  # as this process last read them
            return Loaded(dict(last.items), dict(last.problems), stamps)
        cache = self._read_cache(kind, cache_file)
        loaded: Loaded[T] = Loaded(stamps=stamps)
        items = loaded.items
        parsed: list[T] = []
        known = 0  # files as the cache last saw them
        if stamps == cache.stamps:  # nothing changed on disk: the common case
            loaded.items = cache.items
            self._last[kind] = loaded
            if cache.in_one_piece:  # an older credo's: written again a line at a time
                self._write_cache(kind, cache_file, loaded, [], cache)
            return Loaded(dict(loaded.items), {}, stamps)
        for item_id, stamp in stamps.items():
            if cache.stamps.get(item_id) == stamp:
                items[item_id] = cache.items[item_id]
                known += 1
                continue
            if cache.reread.get(item_id) == stamp:
                known += 1
            raw = b""
            try:
                raw = self._read_file(kind, item_id)
                item = self.parse(kind, item_id, raw)
            except BadFileError as error:
                loaded.problems[item_id] = self._problem(kind, item_id, error, raw)
                continue
            except FileNotFoundError:
                continue  # removed between the scan and the read
            items[item_id] = item
            parsed.append(item)
        if known != len(stamps) or known != len(cache.stamps) + len(cache.reread):
            self._write_cache(kind, cache_file, loaded, parsed, cache)
        self._last[kind] = loaded
        return loaded

    def tasks(self) -> list[Task]:
        return list(self.load(Task).items.values())

    def experiments(self) -> list[Experiment]:
        return list(self.load(Experiment).items.values())

    def reviews(self) -> list[Review]:
        return list(self.load(Review).items.values())

    def runs(self) -> list[Run]:
        return list(self.load(Run).items.values())

    def evidence(self) -> list[Evidence]:
        return list(self.load(Evidence).items.values())

    def resolve(self, kind: type[T], prefix: str) -> str:
        """The full id of the one `kind` item whose id starts with `prefix`."""
        return self.resolve_listing(kind, prefix)[0]

    def resolve_listing(
        self, kind: type[T], prefix: str, names: list[str] | None = None
    ) -> tuple[str, list[str] | None]:
        """`resolve`, with the folder's names it listed (or was given: `listing`) for the
        write that follows (`update`), which then lists it no more; None for a whole id,
        which needs no listing (the app passes those)."""
        self.folder(kind.folder)  # a link or a file there: say so, not "no such id"
        key = prefix.strip().lower()
        if len(key) == ids.ID_LENGTH and item_path(self.credo_dir, kind.folder, key).exists():
            return key, names
        names = self.listing(kind) if names is None else names
        found = _ids_named(names, kind.folder == "runs", key)
        return ids.resolve(prefix, dict.fromkeys(found), kind.kind), names

    def get(self, kind: type[T], prefix: str) -> T:
        """The item with this id or unique prefix; a broken file raises its problem."""
        item_id = self.resolve(kind, prefix)
        return self.read(kind, item_id)

    def read(self, kind: type[T], item_id: str) -> T:
        """Read one item straight from its file (no cache)."""
        return self.parse(kind, item_id, self._read_existing(kind, item_id))

    def _read_file(self, kind: type[Item], item_id: str) -> bytes:
        """An item file's bytes: a plain file under the cap, never through a link.

        Paths as strings: this is the hot path of a load that reads thousands of files.
        """
        label, what = _label(kind, item_id), f"a {kind.kind} file"
        if kind.folder == "runs":  # runs/<id>/run.toml: the run's folder is checked too
            folder = self.credo_dir / "runs" / item_id
            return read_in_folder(folder, "run.toml", label, ITEM_CAP, what)
        return read_capped(f"{self.credo_dir}/{kind.folder}/{item_id}.toml", label, ITEM_CAP, what)

    def _read_existing(self, kind: type[Item], item_id: str) -> bytes:
        item_path(self.credo_dir, kind.folder, item_id)  # refuses an id that is not one
        self.folder(kind.folder)
        try:
            return self._read_file(kind, item_id)
        except FileNotFoundError:
            raise NotFoundError(f"no {kind.kind} {item_id}") from None

    def _read_if_there(self, kind: type[Item], item_id: str) -> bytes | None:
        try:
            return self._read_file(kind, item_id)
        except FileNotFoundError:
            return None

    def short_ids(self, *kinds: type[Item]) -> ids.ShortIds:
        """Every id of `kinds` as the lists print it (the shortest prefix no other id of
        its kind shares): for a text naming many items, one listing of each folder."""
        found = ids.ShortIds()
        for kind in kinds:
            found.update(ids.short_ids(self.item_ids(kind)))
        return found

    def short_id(self, kind: type[Item], item_id: str) -> str:
        """One item's short id, as `short_ids` gives it: only the ids sharing its first
        characters can make it longer, so only they are looked at. Just after a write
        that listed the item's folder (`credo add` printing the task it made, `credo
        start` the one it put back), from those names, with no listing of its own."""
        listed, self._listed = self._listed, None
        key = item_id[: ids.MIN_SHORT]
        if listed is not None and listed[:2] == (kind.folder, item_id) and kind.folder != "runs":
            near = dict.fromkeys([*_ids_named(listed[2], False, key), item_id])
        else:
            near = dict.fromkeys([*self.item_ids(kind, key), item_id])  # deleted since, too
        return ids.short_ids(near)[item_id]

    def item_ids(self, kind: type[Item], prefix: str = "") -> list[str]:
        """Every id of `kind` (starting with `prefix`), from file names alone (no stat, no
        parsing): enough to resolve a prefix or to match commits to items."""
        return _ids_named(self.listing(kind), kind.folder == "runs", prefix)

    def listing(self, kind: type[Item]) -> list[str]:
        """The names in `kind`'s folder, every file's (temporaries too), for a caller that
        needs them for more than one thing (`credo start`: the id it is given, the small
        file's check of the folder, the write): one listing of ten thousand names, not
        three. None there, or a folder credo refuses: no names (its load says why)."""
        try:
            return os.listdir(self.folder(kind.folder))
        except (FileNotFoundError, UnsafePathError):
            return []

    def stamps(self, kind: type[Item]) -> dict[str, Stamp]:
        """What every file of `kind` looks like on disk (one stat each, no reading):
        equal to the last load's `stamps`, nothing changed since."""
        try:
            folder = self.folder(kind.folder)
        except UnsafePathError:
            return {"/": (0, 0, 0)}  # unlike any real look: the next load says why
        return scan(str(folder), kind.folder == "runs")

    def stamp(self, kind: type[Item], item_id: str) -> Stamp | None:
        """One item file's stamp, as `stamps` takes it: equal stamps, same content. None
        when there is no file to look at (or no id, or no folder: a read says why)."""
        try:
            return stamp_of(str(item_path(self.credo_dir, kind.folder, item_id)))
        except (BadFileError, OSError):
            return None

    def label(self, path: Path) -> str:
        """A path as people see it: relative to the project root."""
        try:
            return path.relative_to(self.project_root).as_posix()
        except ValueError:
            return str(path)

    def problem(self, kind: type[T], item_id: str, error: BadFileError) -> LoadProblem:
        """The file `read` refused (`error`) as `load` gives it: with this clone's side of
        a conflicted merge, where that side reads (`LoadProblem.ours`)."""
        try:
            raw = self._read_file(kind, item_id)
        except (BadFileError, OSError):
            raw = b""
        return self._problem(kind, item_id, error, raw)

    def _problem(self, kind: type[T], item_id: str, error: BadFileError, raw: bytes) -> LoadProblem:
        ours = None
        if (side := ours_side(raw)) is not None:
            with suppress(BadFileError):
                ours = self.parse(kind, item_id, side)
        return LoadProblem(kind.kind, item_id, error.path, error.detail, ours)

    def parse(self, kind: type[T], item_id: str, raw: bytes) -> T:
        """An item from its file's bytes, checked as a read checks them: what a `Change`
        wrote is shown from its `after`, not read back from the disk."""
        label = _label(kind, item_id)
        if not ID_PATTERN.match(item_id):
            raise BadFileError(label, "has a name that is not a credo id")
        item = validate_item(kind, raw, label)
        if item.id != item_id:
            raise BadFileError(
                label,
                f"field 'id' is {item.id!r} but the file name says {item_id!r}; make them the same",
            )
        return item

    # -- writing -----------------------------------------------------------------

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Serialise writers across processes (the board and `credo run` at once).

        Every write happens inside it, so a file system that refuses one (full,
        read-only) is reported here, as one clear error.
        """
        self._listed = None  # a write since: the folder it listed may hold more ids now
        lock_path = self.credo_dir / CACHE_FOLDER / "write.lock"
        try:
            lock_path = self._lock_path()
            try:
                from credo.store.lock import LockTimeout, held
            except OSError as error:  # its own file refused (ulimit -n): said as the lock's
                raise OSError(error.errno, error.strerror, str(lock_path)) from None
            try:
                with held(lock_path, timeout=30):
                    yield
            except LockTimeout:
                raise CredoError(
                    f"another credo has held {self.label(lock_path)} for 30 s; try again"
                ) from None
        except OSError as error:  # a full disk, a read-only checkout, a lost mount
            where = self.label(Path(error.filename)) if error.filename else self.label(lock_path)
            raise CredoError(refused_write(where, error, "no file is left half-written")) from None

    def _lock_path(self) -> Path:
        """Where the write lock lives: where no commit can put anything (git's own folder
        of this work tree), or outside git in `.credo/cache/`, never through a link."""
        if self.git_root is not None:
            folder = git_dir(self.git_root)
            if not folder.is_dir():  # a `.git` file naming nothing there (bytes, a moved clone)
                said = f"names {held_as_utf8(str(folder))}, which is not there: run `git "
                said += "worktree repair` in the main worktree"
                raise FileNotFoundError(errno.ENOENT, said, str(self.git_root / ".git"))
            return folder / "credo-write.lock"
        path = self.folder(CACHE_FOLDER, create=True) / "write.lock"
        if os.path.islink(path):
            raise UnsafePathError(self.label(path), "is a symbolic link: remove it")
        return path

    def _active_path(self) -> Path | None:
        """The small file of `active`: beside the lock, where no commit can put one."""
        try:
            return self._lock_path().with_name(small_file.FILE_NAME)
        except (OSError, UnsafePathError, StoreGoneError):
            return None

    def active(
        self,
        folders: tuple[str, ...] = small_file.FOLDERS,
        listed: dict[str, list[str]] | None = None,
    ) -> Active:
        """The tasks in progress and the running experiments (what the commit hook names),
        from the small file while `folders` are as it was written, else from every item
        (which rewrites it). `("tasks",)` for a caller that asks only which tasks are in
        progress: an experiment changed since cannot change that part (its files, a stat
        each, are not looked at), and the running experiments may then be stale.
        `listed`: the names of those folders, when the caller has just listed them
        (`listing`): the check lists them no more."""
        path = self._active_path()
        found = (
            small_file.fresh(path, self.credo_dir, folders, listed) if path is not None else None
        )
        return found if found is not None else self.load_active()

    def load_active(self) -> Active:
        """`active` worked out from every task and experiment; the small file is rewritten.

        The folders' fingerprints are taken before the load: a change in between leaves
        the file stale (the next reader loads again), never wrong."""
        prints = small_file.folder_prints(self.credo_dir)
        tasks, experiments = self.load(Task), list(self.load(Experiment).items.values())
        places = {e.id: place for e in experiments if (place := self._place(e)) is not None}
        found = Active.of(prints or {}, list(tasks.items.values()), experiments, places)
        path = self._active_path()
        if path is not None and prints is not None:
            small_file.write(path, found)
        return found

    def _note(
        self,
        kind: type[Item],
        item_id: str,
        before: Stamp | None,
        after: Stamp | None,
        item: Item | None,
    ) -> None:
        """Keep the small file of `active` current after a write (under the lock)."""
        if kind.folder in small_file.FOLDERS and (path := self._active_path()) is not None:
            place = self._place(item) if isinstance(item, Experiment) else None
            small_file.note(path, kind.folder, item_id, before, after, item, place)

    def _place(self, exp: Experiment) -> small_file.SaidPlace | None:
        """The other project of this host `exp` says it runs in (`paths.said_place`), and
        who started it there: a commit made here names it only once that project is gone,
        or when it is another person's (`active.runs_there`)."""
        there = said_place(self.project_root, exp)
        return None if there is None or exp.place is None else (str(there), exp.place.by)

    def create(self, item: Item, named: tuple[type[Item], str | None] | None = None) -> Change:
        """Write a new item; never replaces an existing file. `named`: the item it names
        (a run's experiment, an experiment's task), looked for under the lock: deleted
        since it was read (an undo in another credo), the new item is refused, as an undo
        refuses to delete an item something names."""
        path = item_path(self.credo_dir, item.folder, item.id)
        with self.lock():
            self.still_there()
            if named is not None and (named_id := named[1]) is not None:
                if not os.path.lexists(item_path(self.credo_dir, named[0].folder, named_id)):
                    raise CredoError(
                        f"{named[0].kind} {self.short_id(named[0], named_id)} was deleted "
                        "meanwhile (undone or"
                        " removed in another credo): nothing is written"
                    )
            if not self._whole():  # what `git rm -r .credo` left (its cache): made a store
                self._lay_out()  # whole, or `git add .credo` would commit the cache
            self.folder(item.folder, create=True)
            if item.folder == "runs":
                real_folder(self.project_root, path.parent, create=True)
            if os.path.lexists(path):
                raise AlreadyExistsError(f"{self.label(path)} already exists")
            data = _readable(dump_model(item), lambda: f"the new {item.kind}")
            self._clear_listing(path.parent, item.folder, item.id)
            self._note(type(item), item.id, None, atomic_write(path, data, sync=self.durable), item)
        return Change(type(item), item.id, None, data)

    def _clear_listing(
        self, folder: Path, name: str, item_id: str, names: list[str] | None = None
    ) -> None:
        """Before the write of `item_id` in `folder` (the folder `name`): the first there
        lists it (or takes its `names`, listed for the same action) to clear what killed
        writes left, and the same names give the item's short id said next (`short_id`),
        with no second listing."""
        listed = clear_once(folder, names)
        if listed is not None:
            self._listed = (name, item_id, listed)

    def update(
        self,
        kind: type[T],
        item_id: str,
        change: Callable[[T], T],
        names: list[str] | None = None,
    ) -> tuple[T, Change]:
        """Read the item fresh under the lock, apply `change`, write it back. `names`: its
        folder's, when the caller listed it to find the item (`resolve_listing`).

        Reading inside the lock means two processes never lose each other's update,
        and fields this version does not know are carried over from the file.
        """
        from credo.domain.models import now

        path = item_path(self.credo_dir, kind.folder, item_id)
        with self.lock():
            before = self._read_existing(kind, item_id)
            current = self.parse(kind, item_id, before)
            updated = change(current).model_copy(update={"updated": now()})
            raw = parse_toml_bytes(before, self.label(path))
            after = _readable(
                dump_model(updated, keep=raw), lambda: f"{kind.kind} {self.short_id(kind, item_id)}"
            )
            if after != before:
                was = stamp_of(str(path))
                self._clear_listing(path.parent, kind.folder, item_id, names)
                self._note(
                    kind, item_id, was, atomic_write(path, after, sync=self.durable), updated
                )
        return updated, Change(kind, item_id, before, after)

    def delete(
        self, kind: type[T], item_id: str, check: Callable[[T], None] | None = None
    ) -> Change:
        """Remove an item's file (a broken file is never removed). `check` sees the item
        as it is under the lock, and raises to keep it."""
        path = item_path(self.credo_dir, kind.folder, item_id)
        with self.lock():
            before = self._read_existing(kind, item_id)
            item = self.parse(kind, item_id, before)  # a broken file is refused, not removed
            if check is not None:
                check(item)
            was = stamp_of(str(path))
            path.unlink()
            self._note(kind, item_id, was, None, None)
            _fsync_dir(path.parent)
        return Change(kind, item_id, before, None)

    def undone(self, changes: list[Change]) -> bool:
        """Whether every file `changes` wrote is back as it was before them (an undo)."""
        first: dict[tuple[str, str], Change] = {}  # one action may write a file twice
        for change in changes:
            first.setdefault((change.kind.folder, change.item_id), change)
        try:
            return all(self._read_if_there(c.kind, c.item_id) == c.before for c in first.values())
        except (OSError, CredoError):  # unreadable now: not known to be undone
            return False

    def revert(
        self, changes: list[Change], check: Callable[[], None] | None = None
    ) -> list[Change]:
        """Put files back as they were before `changes` (last first), unless someone
        changed one of them since: then none is touched (completing a recurring task
        wrote two files; undoing one of them alone would lose the recurrence). `check`
        runs first under the lock (no other credo writes meanwhile), and raises to refuse.

        Returns the changes that redo them.
        """
        steps = [(c, item_path(self.credo_dir, c.kind.folder, c.item_id)) for c in changes]
        steps.reverse()
        with self.lock():
            if check is not None:
                check()
            # Walk the reverts on paper first: one action may write a file twice.
            content: dict[Path, bytes | None] = {}
            found: dict[Path, bytes | None] = {}  # each file as it is now
            last: dict[Path, Change] = {}
            for change, path in steps:
                self.folder(change.kind.folder, create=True)
                if path not in content:
                    content[path] = found[path] = self._read_if_there(change.kind, change.item_id)
                if content[path] != change.after:
                    raise CredoError(f"{self.label(path)} {_since(content[path], change.after)}")
                content[path], last[path] = change.before, change
            # Each file once, as it was at first; the writes before the removals: a write
            # the disk refuses (full) comes before any file is gone (completing a recurring
            # task made the next one: undone, the next one went, the done one stayed done).
            changed = [path for path in content if content[path] != found[path]]
            for path in sorted(changed, key=lambda path: content[path] is None):
                change, was, data = last[path], stamp_of(str(path)), content[path]
                if data is None:
                    path.unlink()
                    self._note(change.kind, change.item_id, was, None, None)
                    _fsync_dir(path.parent)
                else:
                    if change.kind.folder == "runs":
                        real_folder(self.project_root, path.parent, create=True)
                    now_there = atomic_write(path, data)
                    if change.kind.folder in small_file.FOLDERS:
                        item = self.parse(change.kind, change.item_id, data)
                        self._note(change.kind, change.item_id, was, now_there, item)
        return [Change(c.kind, c.item_id, c.after, c.before) for c, _ in steps]

    # -- cache -------------------------------------------------------------------
    # `.credo/cache/<folder>.json` is `[2, numbers, items, reread]` (2: the format): three stamp
    # numbers per cached item, in item order; the items with fields at their default left
    # out, CACHE_LINE a line (one pydantic call validates a line); and the stamps of files
    # parsed on every load (broken ones, and ones JSON would change), so they do not
    # rewrite the cache. The first line ends where the items begin, the last begins where
    # they end: the two together are the cache with no items.

    def _adapter(self, kind: type[T]) -> TypeAdapter[_CacheData[T]]:
        adapter = _CACHE_ADAPTERS.get(kind)
        if adapter is None:
            from pydantic import TypeAdapter  # only a load needs it: not `credo add`

            adapter = TypeAdapter(_CacheData[kind])  # type: ignore[misc,valid-type]
            _CACHE_ADAPTERS[kind] = adapter
        return adapter

    def read_cache(self, name: str) -> bytes | None:
        """A file of `.credo/cache/` (None when missing, refused or unreadable: caches
        are rebuilt; a committed one is read like any file a teammate sent)."""
        try:
            path = self.folder(CACHE_FOLDER) / name
            return read_capped(path, self.label(path), CACHE_CAP, "a cache file")
        except (OSError, BadFileError):
            return None

    def write_cache(self, name: str, data: bytes) -> None:
        """Replace a file of `.credo/cache/` whole; silently skipped when it cannot be
        (a read-only checkout, a cache folder credo refuses, `.credo/` removed): a cache
        is an optimisation."""
        try:
            atomic_write(self.folder(CACHE_FOLDER, create=True) / name, data, sync=False)
        except (OSError, UnsafePathError, StoreGoneError):
            pass

    def _read_cache(self, kind: type[T], name: str) -> _Cache[T]:
        raw = self.read_cache(name)
        if raw is None:
            return _Cache()
        lines = _lines(raw)  # JSON's strings hold no line end: only the layout's
        written: list[tuple[list[str], bytes]] = []  # each line of items: ids and JSON
        try:
            if len(lines) < 3:  # an older credo's cache, in one piece
                _, numbers, items, reread = self._adapter(kind).validate_json(raw)
                ids = [item.id for item in items]
            else:
                _, numbers, _, reread = self._adapter(kind).validate_json(lines[0] + lines[-1])
                items, ids = [], []
                for line in lines[1:-1]:
                    json = line.rstrip(b",")
                    found = _list_adapter(kind).validate_json(b"[%s]" % json)
                    held = [item.id for item in found]
                    written.append((held, json))
                    items += found
                    ids += held  # each line's ids, not all of them asked again
        except (ValueError, RecursionError):
            return _Cache()  # a stale or damaged cache is simply rebuilt
        if len(numbers) != 3 * len(items):
            return _Cache()
        flat = iter(numbers)
        stamps = dict(zip(ids, zip(flat, flat, flat, strict=True), strict=True))
        return _Cache(stamps, dict(zip(ids, items, strict=True)), reread, len(lines) < 3, written)

    def glance(self, kind: type[Item]) -> dict[str, dict[str, Any]]:
        """Each item of `kind` by id, its fields as stored and unchecked (a field at its
        default may be left out): for what must be quick and may be rough, shell completion
        on every TAB. A file as the load cache last saw it is taken from the cache (plain
        JSON, no validation), any other from its TOML; one that cannot be read is left out.
        Where the cache knows fewer files than are left to read (a fresh clone has none), a
        load builds it first: about 1.4 times the cost of reading them, once, and the TABs
        after it read none of them."""
        stamps = self.stamps(kind)
        cached, reread = self._glance_cache(kind)
        known = sum(stamps.get(item_id) == seen[0] for item_id, seen in cached.items())
        known += sum(stamps.get(item_id) == stamp for item_id, stamp in reread.items())
        if len(stamps) - known > known:
            self.load(kind, stamps)
            cached, _ = self._glance_cache(kind)
        found: dict[str, dict[str, Any]] = {}
        for item_id, stamp in stamps.items():
            seen = cached.get(item_id)
            if seen is not None and seen[0] == stamp:
                found[item_id] = seen[1]
                continue
            try:
                raw = self._read_file(kind, item_id)
                found[item_id] = parse_toml_bytes(raw, _label(kind, item_id))
            except (OSError, BadFileError):
                continue
        return found

    def _glance_cache(
        self, kind: type[Item]
    ) -> tuple[dict[str, tuple[Stamp, dict[str, Any]]], dict[str, Stamp]]:
        """The load cache of `kind` as plain JSON: each item with its file's stamp, and the
        stamps of the files read every time; empty when missing, damaged or of another
        layout."""
        import json

        cached: dict[str, tuple[Stamp, dict[str, Any]]] = {}
        try:
            form, numbers, items, reread = json.loads(
                self.read_cache(f"{kind.folder}.json") or "[]"
            )
            if form != CACHE_FORMAT:  # another layout (`_read_cache` checks it the same)
                raise ValueError(form)
            flat = iter(numbers)
            for item, stamp in zip(items, zip(flat, flat, flat, strict=True), strict=True):
                cached[item["id"]] = (stamp, item)
            again: dict[str, Stamp] = {k: (s[0], s[1], s[2]) for k, s in reread.items()}
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            return {}, {}  # no cache, or a damaged one
        return cached, again

    def _write_cache(
        self, kind: type[T], name: str, loaded: Loaded[T], parsed: list[T], cache: _Cache[T]
    ) -> None:
        """Write the cache of `loaded` (`parsed`: its items read from their files). A full
        line of the `cache` read before whose items all stand as they were is written
        again as it was: one task changed in ten thousand is one line's work, not the
        whole cache's (a seventh of the board's start after any write, at 10,000 tasks).
        The other items are made again together: one line at most is not full."""
        adapter = self._adapter(kind)
        stamps = loaded.stamps
        reread = {item_id: stamps[item_id] for item_id in loaded.problems}
        # Freshly parsed items JSON would change (a date in a field from a newer credo,
        # an infinite float) are not cached: their file is read every time.
        for item in _not_json_exact(kind, parsed):
            reread[item.id] = stamps[item.id]
        numbers: list[int] = []
        lines: list[bytes] = []
        kept: set[str] = set()
        for held, json in cache.lines:  # a line not full is made again with the rest,
            # else each task added alone would keep a line of its own
            if len(held) == CACHE_LINE and all(
                i not in reread and stamps.get(i, 0) == cache.stamps[i] for i in held
            ):
                lines.append(json)  # its items are the cache's: the files are as they were
                kept.update(held)
                for item_id in held:
                    numbers.extend(stamps[item_id])
        items: list[T] = []
        for item_id in sorted(loaded.items):  # by id: the board's sort by id finds it done
            if item_id not in reread and item_id not in kept:
                numbers.extend(stamps[item_id])
                items.append(loaded.items[item_id])
        empty = adapter.dump_json((CACHE_FORMAT, numbers, [], reread), exclude_defaults=True)
        at = empty.index(b"[],{")  # the items' place: the numbers are not followed by {
        head, tail = empty[:at], empty[at + 2 :]
        lines += [
            _list_adapter(kind).dump_json(items[at : at + CACHE_LINE], exclude_defaults=True)[1:-1]
            for at in range(0, len(items), CACHE_LINE)
        ]
        self.write_cache(name, b"%s[\n%s\n]%s" % (head, b",\n".join(lines), tail))


def _label(kind: type[Item], item_id: str) -> str:
    """An item file as people see it (relative to the project root)."""
    if kind.folder == "runs":
        return f"{CREDO_DIR}/runs/{item_id}/run.toml"
    return f"{CREDO_DIR}/{kind.folder}/{item_id}.toml"


def _lines(raw: bytes) -> list[bytes]:
    """`raw.split(b"\\n")`, each line end found by `bytes.find` (memchr, which skips
    ahead many bytes at a time): `split` looks at every byte of a 10,000-task cache's
    2 MB in turn, 11 M instructions of the board's start for its twenty line ends."""
    lines: list[bytes] = []
    start = 0
    while (end := raw.find(b"\n", start)) != -1:
        lines.append(raw[start:end])
        start = end + 1
    lines.append(raw[start:])
    return lines


def _not_json_exact(kind: type[T], items: list[T]) -> list[T]:
    """The items that would not come back equal from the cache's JSON."""
    if not items:
        return []
    adapter = _list_adapter(kind)
    try:
        back = adapter.validate_json(adapter.dump_json(items, exclude_defaults=True))
    except ValidationError:  # some item cannot come back at all: find which, one by one
        return (
            [item for item in items if _not_json_exact(kind, [item])] if len(items) > 1 else items
        )
    return [item for item, again in zip(items, back, strict=True) if item != again]


def _list_adapter(kind: type[T]) -> TypeAdapter[list[T]]:
    adapter = _LIST_ADAPTERS.get(kind)
    if adapter is None:
        from pydantic import TypeAdapter  # only a load needs it: not `credo add`

        adapter = _LIST_ADAPTERS[kind] = TypeAdapter(list[kind])  # type: ignore[valid-type]
    return adapter


@dataclass
class _Cache(Generic[T]):
    stamps: dict[str, Stamp] = field(default_factory=dict)
    items: dict[str, T] = field(default_factory=dict)
    reread: dict[str, Stamp] = field(default_factory=dict)
    in_one_piece: bool = False
    """Written by an older credo: its items all in one line."""
    lines: list[tuple[list[str], bytes]] = field(default_factory=list)
    """Each line of items: their ids, and its JSON as read (written again as it is while
    none of them changed)."""


_CACHE_ADAPTERS: dict[type[Item], TypeAdapter[Any]] = {}
_LIST_ADAPTERS: dict[type[Item], TypeAdapter[Any]] = {}


def _holds_files(root: Path, folder: Path) -> bool:
    """Whether a run's folder holds more than its record (`run.toml`) and its whole
    command (`FULL_COMMAND_FILE`, which git never carries)."""
    return real_folder(root, folder) and any(
        name not in ("run.toml", FULL_COMMAND_FILE) and not name.startswith(".")
        for name in os.listdir(folder)
    )


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def config_template(**values: Any) -> str:
    """A commented `config.toml` listing every project setting with its default (or
    the value given); a setting with none is there commented out, with an example that
    works once the `#` goes."""
    from credo.store.files import to_toml_value

    lines = ["# credo project settings, shared with your team through git.", ""]
    defaults = to_toml_value(ProjectConfig(**values).model_dump(mode="python"))
    import tomli_w

    for name, info in ProjectConfig.model_fields.items():
        if info.description:
            lines.append(f"# {info.description}")
        if name in defaults:
            lines.append(tomli_w.dumps({name: defaults[name]}).strip())
        else:
            assert info.examples, f"{name}: a setting with no default needs an example"
            lines.append("# " + tomli_w.dumps({name: info.examples[0]}).strip())
        lines.append("")
    return "\n".join(lines)


__all__ = ["Change", "LoadProblem", "Loaded", "Store", "Task", "Experiment", "Review", "Run"]


def _readable(data: bytes, what: Callable[[], str]) -> bytes:
    """An item file's bytes, refused when over the cap credo reads (written, it would
    leave the board as unreadable). `what` names the item, asked only then (a short id
    lists its folder)."""
    if len(data) > ITEM_CAP:
        raise BadInputError(
            f"{what()} would be {size_words(len(data))}, over credo's {size_words(ITEM_CAP)} "
            "cap for an item file: nothing was written; shorten its longest text"
        )
    return data
