"""What item files look like on disk, without reading them: one `lstat` each.

Equal stamps, same content: every load compares them with its cache's, and the commit
hook with its small file's. Imports nothing heavy (the hook runs it on every commit).
"""

from __future__ import annotations

import operator
import os

TYPE_CHECKING = False  # not `typing`'s: the commit hook imports this module, and not typing
if TYPE_CHECKING:
    from collections.abc import Callable

Stamp = tuple[int, int, int]  # mtime_ns, size, inode: any rewrite changes one of them

STAMP: Callable[[os.stat_result], Stamp] = operator.attrgetter("st_mtime_ns", "st_size", "st_ino")
"""A stat result's stamp."""


def scan(folder: str, nested: bool) -> dict[str, Stamp]:
    """The stamp of every item file in `folder` by id, skipping temp and stray files.

    Hot path of every load: one stat per file, and no Python code per file when
    nothing goes wrong (the stats and stamps are made by `map` in C).
    """
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return {}
    if nested:
        ids = [name for name in names if name[0] != "."]
        paths = [f"{folder}/{name}/run.toml" for name in ids]
    else:
        ids = [name[:-5] for name in names if name[0] != "." and name.endswith(".toml")]
        paths = [f"{folder}/{name}.toml" for name in ids]
    # lstat: a link, a loop of links or a folder named `x.toml` gets a stamp of its own,
    # so the load reads it and says what it is instead of skipping it.
    try:
        return dict(zip(ids, map(STAMP, map(os.lstat, paths)), strict=True))
    except OSError:  # a file went away meanwhile, or a run folder has no run.toml
        pass
    stamps: dict[str, Stamp] = {}
    for item_id, path in zip(ids, paths, strict=True):
        try:
            stamps[item_id] = STAMP(os.lstat(path))
        except FileNotFoundError:
            continue  # removed meanwhile, or a run that is still being created
        except OSError:  # runs/<id> is a file or a loop of links: the load says which
            try:
                stamps[item_id] = STAMP(os.lstat(f"{folder}/{item_id}"))
            except OSError:
                continue
    return stamps


def stamp_of(path: str) -> Stamp | None:
    """One file's stamp (None when it is not there), as `scan` takes it."""
    try:
        return STAMP(os.lstat(path))
    except FileNotFoundError:
        return None


def fingerprint(folder: str, names: list[str] | None = None) -> int | None:
    """One number for every file of `folder` as it is now, names and stamps: equal
    numbers, same files (0: no such folder). None when it cannot be read whole (a file
    went away meanwhile, a permission): no number to trust. `names`: the folder's, when
    the caller has just listed it for something else (one listing of ten thousand names,
    not two); a file made since makes the number unequal to the one written with it (the
    safe side), one gone since makes it None.

    A sum of one term per file, so a write changes it by that file's terms alone
    (`entry`). Ints and tuples of ints hash alike in every process (strings do not).
    The commit hook takes it of ten thousand files on every commit, so the work per file
    is one `lstat` from the folder's descriptor (no path to walk) and calls made in C,
    on the names as the folder holds them (bytes: a name is its key, with no encoding,
    and one that is not UTF-8 is a name like any other); nothing is skipped (an
    editor's swap file beside a task makes a new number: the safe side), as picking the
    item files out would cost the hook more than the rest.
    """
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        return 0
    except OSError:
        return None
    try:
        if names is None:
            held = os.listdir(os.fsencode(folder))
        else:  # as os.listdir decoded them
            held = [name.encode(errors="surrogateescape") for name in names]
        lstat = os.lstat
        stats = (lstat(name, dir_fd=fd) for name in held)  # one at a time: few pages
        return sum(map(hash, zip(map(int.from_bytes, held), map(STAMP, stats), strict=True)))
    except OSError:
        return None
    finally:
        os.close(fd)


def entry(name: str, stamp: Stamp | None) -> int:
    """One file's term of `fingerprint`, by its name in the folder (0: no file)."""
    if stamp is None:
        return 0
    return hash((int.from_bytes(name.encode()), stamp))
