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


def fingerprint(stamps: dict[str, Stamp]) -> int:
    """One number for a whole folder's stamps, names included: equal numbers, same files.

    A sum of one hash per file, so a write changes it by that file's terms alone
    (`entry`). Ints and tuples of ints hash alike in every process (strings do not).
    Made in C (`map`, `zip`): the hook takes it of ten thousand files on every commit.
    """
    names = map(int.from_bytes, map(str.encode, stamps))
    return sum(map(hash, zip(names, stamps.values(), strict=True)))


def entry(item_id: str, stamp: Stamp | None) -> int:
    """One file's term of `fingerprint` (0 when there is no file)."""
    if stamp is None:
        return 0
    return hash((int.from_bytes(item_id.encode()), stamp))
