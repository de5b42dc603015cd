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
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from credo.errors import BadInputError
from credo.store.paths import inside_project

BLOCK = 1 << 20
WHOLE_FILE_LIMIT = 8 * BLOCK
TREE_CONTENT_SAMPLE = 64
"""Trees with more files than this hash the contents of only this many."""


def _hash_file(path: str, size: int) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a FIFO since the walk
            raise OSError("not a regular file")
        if size <= WHOLE_FILE_LIMIT:
            while chunk := handle.read(BLOCK):
                digest.update(chunk)
        else:
            for offset in (0, size // 2 - BLOCK // 2, size - BLOCK):
                handle.seek(offset)
                digest.update(handle.read(BLOCK))
    digest.update(size.to_bytes(8, "little"))
    return digest.digest()


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


def fingerprint_path(path: Path) -> str:
    """`blake2b:<hex> size=<bytes> files=<n> mtime=<iso>[ sampled]`, or why it could not."""
    try:
        top = path.stat()
    except FileNotFoundError:
        return "missing"
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
    size, latest = 0, top.st_mtime
    for index, (full, st) in enumerate(entries):
        relative = os.path.relpath(full, path) if path.is_dir() else path.name
        size += st.st_size
        latest = max(latest, st.st_mtime)
        digest.update(f"{relative}\0{st.st_size}\0".encode("utf-8", "surrogateescape"))
        if index in chosen:
            try:
                digest.update(_hash_file(full, st.st_size))
            except OSError:
                digest.update(b"unreadable")
    when = datetime.fromtimestamp(latest, UTC).replace(microsecond=0).isoformat()
    text = f"blake2b:{digest.hexdigest()} size={size} files={len(entries)} mtime={when}"
    return text + (" sampled" if sampled else "")


def fingerprint_data(base: Path, data_paths: list[str]) -> dict[str, str]:
    """Fingerprints of the configured data paths (relative to the project `base`); a path
    that resolves outside it is recorded as refused, with nothing about what is there."""
    result = {}
    for name in data_paths:
        try:
            result[name] = fingerprint_path(inside_project(base, name, "data path"))
        except BadInputError:
            result[name] = "refused: resolves outside the project"
    return result


def digest_of(fingerprint: str) -> str:
    """The content part of a fingerprint: equal digests, same data."""
    return fingerprint.split(" ", 1)[0]
