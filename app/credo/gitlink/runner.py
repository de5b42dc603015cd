"""Running git: one small function, clear errors when git is missing or fails."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from credo.errors import CredoError


class GitUnavailable(CredoError):
    """git is not installed, or the folder is not a git work tree."""


_ENV = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}


def git(root: Path, *args: str, check: bool = True, stdin: bytes | None = None) -> bytes:
    """stdout of `git -C root args...` as bytes; raises CredoError with git's own words."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            env=_ENV,
            check=False,
        )
    except FileNotFoundError:
        raise GitUnavailable("git is not installed: git linkage is off") from None
    if check and result.returncode != 0:
        words = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CredoError(f"git {args[0]} failed: {words[-1] if words else result.returncode}")
    return result.stdout


def git_ok(root: Path, *args: str) -> bool:
    """Whether `git args...` exits 0 (for yes/no questions such as --is-ancestor)."""
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, env=_ENV)
    except FileNotFoundError:
        raise GitUnavailable("git is not installed: git linkage is off") from None
    return result.returncode == 0
