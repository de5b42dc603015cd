"""A disk that says no, for real and as root (whom permission bits never stop): a limit
on the size of each file a process writes (RLIMIT_FSIZE). Past it the kernel takes no
byte more (EFBIG), as a full disk takes none (ENOSPC); SIGXFSZ, which would kill the
writer instead, is ignored, as a full disk sends none. Or a mount of its own (a full
tmpfs, a read-only bind), in a user and mount namespace where the machine allows one."""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

_LIMITED = (
    "import os, resource, signal, sys\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
    "size = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))\n"
    "os.execvp(sys.argv[2], sys.argv[2:])\n"
)


def room_for(size: int, *command: str) -> list[str]:
    """`command` run so that no file it (or a child of it) writes grows past `size` bytes."""
    return [sys.executable, "-c", _LIMITED, str(size), *command]


@contextmanager
def room_here_for(size: int) -> Iterator[None]:
    """No file this process (any thread of it) writes grows past `size` bytes while the
    block runs: keep the block to the writes under test (pytest's own files, its
    captured output, are written by this process too)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    was = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, was)


def own_mounts() -> list[str]:
    """The command prefix that runs a command with mounts of its own (`unshare`), as root
    there; the test is skipped where the machine does not allow it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("needs unshare(1) for a mount of the test's own")
    command = [unshare, "--user", "--map-root-user", "--mount"]
    probe = subprocess.run([*command, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"user namespaces unavailable: {probe.stderr.decode().strip()}")
    return command
