"""Every folder and file under `.credo/` is untrusted: it travels through git.

A teammate's commit can make a credo folder a symbolic link out of the project, an
item file a link to `/dev/zero`, or a 100 MB blob. So credo uses only folders that
are real folders inside the project (checked part by part, never followed), opens
files without following links, reads regular files only, and never more than a
cap per kind of file. Each refusal is one `BadFileError` naming the path.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from credo.errors import BadFileError

MB = 1 << 20
ITEM_CAP = MB
"""A task, experiment, review or run record (`run.toml`)."""
CONFIG_CAP = MB
PACK_CAP = MB
CACHE_CAP = 256 * MB
"""credo's own caches; they are git-ignored, but `git add -f` can still commit one."""

_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
"""Never through a link; never waiting on a FIFO (it is refused once open)."""
_APPEND = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class UnsafePathError(BadFileError):
    """A credo folder or file that is not a real folder or plain file inside the project."""


def size_words(size: int) -> str:
    """`1 MB`, `256 MB`, `104.9 MB`, `812 bytes`: sizes as caps and refusals say them."""
    if size < MB:
        return f"{size} bytes" if size < 1000 else f"{size / 1000:.0f} KB"
    return f"{size / MB:.0f} MB" if size % MB == 0 else f"{size / MB:.1f} MB"


def _kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a plain file"


def real_folder(root: Path, folder: Path, *, create: bool = False) -> bool:
    """Check that `folder` is a real folder inside the project `root`, every part of
    the way down; False when it does not exist (with `create`, it is made).

    Raises UnsafePathError naming the first part that is a link or not a folder.
    """
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            if not create:
                return False
            try:
                os.mkdir(current)  # never through a link: an existing one fails
            except FileExistsError:
                pass  # made by another credo a moment ago: looked at below
            mode = os.lstat(current).st_mode
        if not stat.S_ISDIR(mode):
            raise UnsafePathError(
                current.relative_to(root).as_posix(), _not_a_folder(current, mode)
            )
    return True


def read_in_folder(folder: Path, name: str, label: str, cap: int, what: str) -> bytes:
    """`read_capped` of `folder/name`, where `folder` itself must not be a link (a run's
    own folder, one level below a checked one)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as error:
        where = label.rsplit("/", 1)[0]
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnsafePathError(where, _not_a_folder(folder, os.lstat(folder).st_mode)) from None
        raise BadFileError(where, f"cannot be read ({error.strerror or error})") from None
    try:
        return read_capped(name, label, cap, what, dir_fd=dir_fd)
    finally:
        os.close(dir_fd)


def _not_a_folder(path: Path, mode: int) -> str:
    what = _kind_of(mode)
    if stat.S_ISLNK(mode):
        try:
            what += f" (to {os.readlink(path)})"
        except OSError:
            pass
    return (
        f"is {what}, not a real folder of the project: credo does not read or write "
        "through it (a commit may have put it there); remove it, then run credo init"
    )


def read_capped(
    path: Path | str, label: str, cap: int, what: str, dir_fd: int | None = None
) -> bytes:
    """The bytes of a plain file, refused (BadFileError) when it is a link, a FIFO, a
    device or a folder, or bigger than `cap`. FileNotFoundError passes through."""
    fd = _open(path, label, dir_fd)
    try:
        info = os.fstat(fd)
        _check_plain(info.st_mode, label)
        if info.st_size > cap:
            raise _too_big(label, info.st_size, cap, what)
        data = _read_up_to(fd, cap + 1)  # a file growing meanwhile still stops here
    finally:
        os.close(fd)
    if len(data) > cap:
        raise _too_big(label, len(data), cap, what)
    return data


def read_head(path: Path | str, label: str, limit: int) -> tuple[bytes, int]:
    """The first `limit` bytes of a plain file, and its whole size (for logs shown cut)."""
    fd = _open(path, label, None)
    try:
        info = os.fstat(fd)
        _check_plain(info.st_mode, label)
        return _read_up_to(fd, limit), info.st_size
    finally:
        os.close(fd)


def open_plain(path: Path | str, label: str) -> int:
    """A descriptor on a plain file (never a link, FIFO or device), for reading it in parts."""
    fd = _open(path, label, None)
    try:
        _check_plain(os.fstat(fd).st_mode, label)
    except BaseException:
        os.close(fd)
        raise
    return fd


def append_plain(path: Path, data: bytes) -> int | None:
    """Add `data` at the end of the plain file `path` (made when missing), never through a
    link, into a FIFO or a device; returns the file's size after, None when not written
    (a write the disk refuses takes back what it wrote: never part of a line)."""
    try:
        fd = os.open(path, _APPEND, 0o666)  # the umask's mode, as every file credo makes
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        size = os.lseek(fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except OSError:  # full: the file as it was
            os.ftruncate(fd, size)
            return None
        return os.lseek(fd, 0, os.SEEK_CUR)
    finally:
        os.close(fd)


def _open(path: Path | str, label: str, dir_fd: int | None) -> int:
    try:
        return os.open(path, _READ, dir_fd=dir_fd)
    except FileNotFoundError:
        raise
    except OSError as error:
        if error.errno == errno.ELOOP:  # O_NOFOLLOW met a link (or a loop of them)
            raise UnsafePathError(label, _not_plain("a symbolic link")) from None
        if error.errno == errno.ENOTDIR:
            raise FileNotFoundError(error.errno, error.strerror, str(path)) from None
        raise BadFileError(label, f"cannot be read ({error.strerror or error})") from None


def _check_plain(mode: int, label: str) -> None:
    if not stat.S_ISREG(mode):
        raise UnsafePathError(label, _not_plain(_kind_of(mode)))


def _not_plain(what: str) -> str:
    return (
        f"is {what}, not a plain file: credo reads only plain files here "
        "(a commit may have put it there); replace or remove it"
    )


def _too_big(label: str, size: int, cap: int, what: str) -> BadFileError:
    return BadFileError(
        label,
        f"is {size_words(size)}, over credo's {size_words(cap)} cap for {what}: "
        "credo leaves it alone (shrink or remove it)",
    )


def _read_up_to(fd: int, limit: int) -> bytes:
    parts: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, MB))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)
