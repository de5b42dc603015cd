"""A fingerprint of the data a run saw: size, mtime and a fast content hash per path.

Small files are hashed whole; big ones by their size plus three 1 MB samples (start,
middle, end). A big tree hashes every file's name, size and mtime, and the contents
of an evenly spread sample. Equal fingerprints: the runs saw the same data.

`data_paths` come from the shared config, so they must resolve inside the project and
only regular files and folders are read: a path outside (its size and hash would go
into the committed run record), a FIFO or a device (a read that never ends) is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from credo.store.store import Store

from credo.errors import BadInputError
from credo.store.paths import inside_project
from credo.wording import agrees, counted

BLOCK = 1 << 20
WHOLE_FILE_LIMIT = 8 * BLOCK
TREE_CONTENT_SAMPLE = 64
"""Trees with more files than this hash the contents of only this many."""


LFS_POINTER = b"version https://git-lfs.github.com/spec/v1\n"
"""How a git-lfs pointer file begins: what a clone holds in place of data not pulled."""
LFS_POINTER_MOST = 1024
"""git-lfs's own bound: a pointer file is smaller than this."""


def _hash_file(path: str, size: int) -> tuple[bytes, bool]:
    """The file's content hash, and whether it is a git-lfs pointer."""
    digest = hashlib.blake2b(digest_size=16)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    pointer = False
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a FIFO since the walk
            raise OSError("not a regular file")
        if size <= WHOLE_FILE_LIMIT:
            while chunk := handle.read(BLOCK):
                pointer = pointer or (size < LFS_POINTER_MOST and chunk.startswith(LFS_POINTER))
                digest.update(chunk)
        else:
            for offset in (0, size // 2 - BLOCK // 2, size - BLOCK):
                handle.seek(offset)
                digest.update(handle.read(BLOCK))
    digest.update(size.to_bytes(8, "little"))
    return digest.digest(), pointer


def _walk(root: str) -> list[tuple[str, os.stat_result]]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            full = os.path.join(folder, name)
            try:
                info = os.lstat(full)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):  # links, FIFOs, devices: not data, never read
                found.append((full, info))
    return found


MISSING = "missing"
"""The fingerprint of a path that is not there."""
LFS_NOT_PULLED = "lfs-pointers"
"""How the fingerprint of data git-lfs has not pulled begins (the clone holds pointers)."""


def fingerprint_path(path: Path) -> str:
    """`blake2b:<hex> size=<bytes> files=<n> mtime=<iso>[ sampled]`, or why it could not."""
    try:
        top = path.stat()
    except FileNotFoundError:
        return MISSING
    except OSError as error:
        return f"unreadable: {error.strerror}"
    if not (stat.S_ISREG(top.st_mode) or stat.S_ISDIR(top.st_mode)):
        return "refused: not a regular file or folder"
    digest = hashlib.blake2b(digest_size=16)
    if path.is_dir():
        entries = _walk(str(path))
    else:
        entries = [(str(path), top)]
    sampled = len(entries) > TREE_CONTENT_SAMPLE
    step = len(entries) / TREE_CONTENT_SAMPLE if sampled else 1
    chosen = {int(i * step) for i in range(min(len(entries), TREE_CONTENT_SAMPLE))}
    size, latest, pointers = 0, top.st_mtime, 0
    for index, (full, st) in enumerate(entries):
        relative = os.path.relpath(full, path) if path.is_dir() else path.name
        size += st.st_size
        latest = max(latest, st.st_mtime)
        digest.update(f"{relative}\0{st.st_size}\0".encode("utf-8", "surrogateescape"))
        if index in chosen:
            try:
                content, pointer = _hash_file(full, st.st_size)
                digest.update(content)
                pointers += pointer
            except OSError:
                digest.update(b"unreadable")
    if pointers:  # equal for the same pointers, never for the data they stand for
        read = len(chosen)
        return (
            f"{LFS_NOT_PULLED}:{digest.hexdigest()} data not pulled: {pointers} of the "
            f"{counted(read, 'file')} read "
            f"{agrees(pointers, 'is a git-lfs pointer', 'are git-lfs pointers')}"
            " (git lfs pull fetches the data)"
        )
    when = datetime.fromtimestamp(latest, UTC).replace(microsecond=0).isoformat()
    text = f"blake2b:{digest.hexdigest()} size={size} files={len(entries)} mtime={when}"
    return text + (" sampled" if sampled else "")


def fingerprint_data(
    base: Path, data_paths: list[str], cache: FingerprintCache | None = None
) -> dict[str, str]:
    """Fingerprints of the configured data paths (relative to the project `base`); a path
    that resolves outside it is recorded as refused, with nothing about what is there
    (a link of the user's own, which git does not track, may lead out)."""
    from functools import partial

    from credo.gitlink.state import is_own_link

    result = {}
    for name in data_paths:
        try:
            target = inside_project(base, name, "data path", partial(is_own_link, base))
        except BadInputError:
            result[name] = "refused: resolves outside the project"
            continue
        result[name] = cache.fingerprint(target) if cache else fingerprint_path(target)
    return result


def digest_of(fingerprint: str) -> str:
    """The content part of a fingerprint: equal digests, same data."""
    return fingerprint.split(" ", 1)[0]


def differing_paths(*data: Mapping[str, str]) -> list[str]:
    """The data paths whose contents differ between runs (their `Run.data`), sorted; a
    path one run recorded and another did not differs."""
    paths = sorted({path for each in data for path in each})
    return [path for path in paths if len({digest_of(each.get(path, "")) for each in data}) > 1]


# -- the cache: a path whose files kept their size, mtime and inode is not read again --

CACHE_FILE = "fingerprints.json"
CACHE_FORMAT = "lfs "
"""Marks the stamps of fingerprints made since git-lfs pointers are told from data: one
cached before (a pointer fingerprinted as data) is made again."""


class FingerprintCache:
    """Fingerprints by path with the file stats they were made from, in `.credo/cache/`.

    The fast path of every run and every evidence check: one stat per file, and the
    contents are read again only for files that changed. Read and written through the
    store, so a cache folder a teammate committed as a link elsewhere is neither read
    nor written.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.changed = False
        raw = store.read_cache(CACHE_FILE)
        try:
            loaded = json.loads(raw) if raw is not None else {}
        except ValueError:
            loaded = {}
        self.entries: dict[str, list[str]] = {
            k: v
            for k, v in (loaded.items() if isinstance(loaded, dict) else ())
            if isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
        }

    def fingerprint(self, path: Path) -> str:
        stamp = stat_stamp(path)
        if stamp is None:  # missing or unreadable: say so, remember nothing
            return fingerprint_path(path)
        stamp = f"{CACHE_FORMAT}{stamp}"
        key = str(path)
        known = self.entries.get(key)
        if known and known[0] == stamp:
            return known[1]
        found = fingerprint_path(path)
        self.entries[key] = [stamp, found]
        self.changed = True
        return found

    def save(self) -> None:
        """Written when it changed (skipped where it cannot be: it is only a cache)."""
        if self.changed:
            self.store.write_cache(CACHE_FILE, json.dumps(self.entries, sort_keys=True).encode())
            self.changed = False


def stat_stamp(path: Path) -> str | None:
    """Size, mtime and inode of a file, or of every file of a folder, as one string."""
    try:
        top = path.stat()
    except OSError:
        return None
    if not path.is_dir():
        return f"{top.st_size}:{top.st_mtime_ns}:{top.st_ino}"
    digest = hashlib.blake2b(digest_size=16)
    for full, st in _walk(str(path)):
        relative = os.path.relpath(full, path)
        line = f"{relative}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n"
        digest.update(line.encode("utf-8", "surrogateescape"))
    return "tree:" + digest.hexdigest()


def project_fingerprints(store: Store) -> dict[str, str]:
    """The project's data paths fingerprinted through its cache (what each run records)."""
    cache = FingerprintCache(store)
    found = fingerprint_data(store.project_root, store.config.data_paths, cache)
    cache.save()
    return found


def short_digest(fingerprint: str) -> str:
    """`3f9c1a2b` from `blake2b:3f9c1a2b... size=...`, `not pulled` for git-lfs pointers,
    or the fingerprint's own words."""
    digest = digest_of(fingerprint)
    if digest.startswith(f"{LFS_NOT_PULLED}:"):
        return "not pulled"
    return digest.removeprefix("blake2b:")[:8] if digest.startswith("blake2b:") else digest


def data_digest(data: dict[str, str]) -> str:
    """A short name for the data a run saw: its one path's digest, or one over all paths."""
    if len(data) == 1:
        return short_digest(next(iter(data.values())))[:4]
    joined = "\n".join(f"{path}={digest_of(fp)}" for path, fp in sorted(data.items()))
    return hashlib.blake2b(joined.encode(), digest_size=8).hexdigest()[:4]
