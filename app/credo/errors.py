"""The one error family: each carries a message written for people."""

from __future__ import annotations

import errno
import os


class CredoError(Exception):
    """An error the user can act on. The CLI prints it; the app notifies it.

    `command` is the shell command the message names as the next step (`credo exp ls`),
    if it names one: a face without a shell (the MCP server) names its own instead."""

    def __init__(self, message: str, command: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.command = command

    def __str__(self) -> str:
        return self.message


class NoProjectError(CredoError):
    """The folder has no `.credo/` yet."""


class StoreGoneError(CredoError):
    """`.credo/` was removed after credo opened it (`git rm -r .credo`): nothing is
    written, so that no write brings back a store the user removed."""


class NotFoundError(CredoError):
    """No item matches the id or prefix (its `command` lists the ids: `credo ls --all`)."""


class AmbiguousIdError(CredoError):
    """A prefix matches more than one item."""


class BadFileError(CredoError):
    """A file in `.credo/` is not valid TOML or does not fit the schema."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.detail = message


class AlreadyExistsError(CredoError):
    """An item with this id is already there (a new item never replaces a file)."""


class NoHomeError(CredoError):
    """The user has no folder of their own for credo's settings or caches: no HOME, and
    no passwd entry to find one in (a container's user, `env -i`)."""


class BadInputError(CredoError):
    """A value typed by the user cannot be understood (a date, a quadrant...)."""


class CannotStartError(CredoError):
    """A command `credo run` was given that a shell would not start (no such program, a
    folder, a file not executable), found before anything is asked or written: credo
    exits with the shell's code for it (`exit_code`: 127 or 126), as the command would."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def open_files_refused(error: BaseException, what: str) -> str | None:
    """`too many open files: WHAT (why): what to do`, when `error` is the system refusing
    credo one more file (EMFILE: credo's own limit; ENFILE: the machine's); else None."""
    advice = open_files_advice(error)
    return None if advice is None else f"too many open files: {what} ({advice[0]}): {advice[1]}"


def open_files_advice(error: BaseException) -> tuple[str, str] | None:
    """Why the system refused credo one more file and what to do, when it did (EMFILE:
    credo's own limit; ENFILE: the machine's); else None."""
    if not isinstance(error, OSError) or error.errno not in (errno.EMFILE, errno.ENFILE):
        return None
    if error.errno == errno.ENFILE:
        return (
            "the machine's table of open files is full, sysctl fs.file-max",
            "close programs that hold many, then try again",
        )
    soft = os.sysconf("SC_OPEN_MAX")  # libc's, with no file to open (`resource` opens its own)
    why = f"credo may hold {soft}, ulimit -n"
    wanted = max(4096, 2 * soft)
    try:
        import resource  # here, not at start: every command would pay it
    except (ImportError, OSError):  # its file refused too (no file left): the hard limit unknown
        pass
    else:
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        if hard != resource.RLIM_INFINITY and hard <= soft:
            return (
                f"{why}, which is also the hard limit, ulimit -Hn",
                "have the hard limit raised (limits.conf, or prlimit as root), then try again",
            )
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
    # true whether the hard limit was read (`wanted` is within it) or not (it may be less)
    return why, f"raise the limit (ulimit -n {wanted}, as far as ulimit -Hn allows), then try again"
