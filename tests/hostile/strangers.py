"""Environments that are not a laptop's: a user the system has no name for (`docker run
--user 1234`), with no home and no git identity, made for real in a user namespace."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CREDO = str(Path(sys.executable).parent / "credo")
UNKNOWN_UID = 54321
"""A user id no passwd file names."""


def as_unknown_user() -> list[str]:
    """The command prefix that runs a command as a user id with no passwd entry (the
    files of the test's own user are that user's there); skips where the machine has no
    user namespaces."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("needs unshare(1) for a user with no passwd entry")
    ids = f"--map-user={UNKNOWN_UID}", f"--map-group={UNKNOWN_UID}"
    probe = subprocess.run([unshare, "--user", *ids, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"user namespaces unavailable: {probe.stderr.decode().strip()}")
    return [unshare, "--user", *ids]


def nobody_env(**more: str) -> dict[str, str]:
    """An environment with no HOME, no login name and no git identity, as `docker run
    --user` gives (with `more` on top)."""
    drop = ("HOME", "USER", "LOGNAME", "LNAME", "USERNAME")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("GIT_")}
    env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "CREDO_CONFIG_DIR", "CREDO_CACHE_DIR"):
        env.pop(var, None)
    return env | more


def run_as_nobody(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`args` (a command line) run in `cwd` as a user with no passwd entry, in
    `nobody_env()` (or `env`)."""
    return subprocess.run(
        [*as_unknown_user(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=nobody_env() if env is None else env,
        timeout=120,
        check=False,
    )


def latin1_locale(folder: Path) -> dict[str, str]:
    """The environment of a latin-1 locale (en_US.ISO-8859-1) compiled into `folder`;
    skips where the machine has no localedef or locale sources."""
    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.skip("needs localedef(1) to make a latin-1 locale")
    made = subprocess.run(
        [localedef, "-i", "en_US", "-f", "ISO-8859-1", str(folder / "en_US.ISO-8859-1")],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"no latin-1 locale: {made.stderr.decode().strip()}")
    return {"LOCPATH": str(folder), "LANG": "en_US.ISO-8859-1", "LC_ALL": ""}
