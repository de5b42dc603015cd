"""Whether a command can start, looked up as a shell looks it up before running it (a
name on PATH, or a path to an executable file), and what a shell says when it cannot:
its exit code (127, 126) and words, with the line that runs what was meant.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from shlex import quote
from typing import Any, NamedTuple

from credo.errors import CannotStartError
from credo.runs.launchers import ASSIGNMENT
from credo.runs.params import redacted

NOT_FOUND = "command not found"


class Found(NamedTuple):
    """What a shell finds for a command before it tries to start it."""

    files: list[str]
    """The files it names (executable or not): its path, or those so named on PATH."""
    failure: tuple[int, str] | None
    """Its exit code and words for what is wrong; None: there is one to start."""


def lookup(command: str, cwd: Path, search: list[str]) -> Found:
    """What a shell finds wrong with `command` before it tries to start it (`search`: the
    folders of its PATH, a relative one read from `cwd`): 127 for a name on no folder of
    PATH (a folder of that name is skipped: "command not found") or a path to nothing (a
    link to nothing too: "No such file or directory"); 126 for a path to a folder, one
    that cannot be followed (a file on the way, a loop of links), or no file found
    executable. No `failure` when there is one to start: what only its start tells (a
    script with no #! line) is the start's to say."""
    if os.sep in command:
        path = cwd / command
        try:
            mode = path.stat().st_mode  # follows links, as exec does
        except OSError as error:  # what exec would say, as a shell says it
            code = 127 if error.errno == errno.ENOENT else 126
            return Found([], (code, os.strerror(error.errno or errno.ENOENT)))
        if stat.S_ISDIR(mode):
            return Found([], (126, os.strerror(errno.EISDIR)))
        found = [str(path)] if path.is_file() else []
    else:
        found = _on_path(command, cwd, search)
    if any(os.access(where, os.X_OK) for where in found):  # one a shell would start
        return Found(found, None)
    return Found(found, (126, os.strerror(errno.EACCES)) if found else (127, NOT_FOUND))


def _on_path(command: str, cwd: Path, search: list[str]) -> list[str]:
    """The files (executable or not) named `command` in the folders of PATH (`search`),
    in its order: with none executable, a shell starts the first, and is refused."""
    found = (os.path.join(cwd, folder, command) for folder in search)
    return [where for where in found if os.path.isfile(where)]


def refuse_unstartable(
    command: str, cwd: Path, env: Mapping[str, str], face: str = "credo run"
) -> None:
    """Refuse, before anything is asked or written, a command that a shell would not
    start in `cwd` with `env`'s PATH: CannotStartError, with the shell's exit code."""
    found = lookup(command, cwd, os.get_exec_path(dict(env)))
    if found.failure is not None:
        code, reason = found.failure
        raise CannotStartError(_words(command, cwd, found.files, code, reason, face), code)


def refuse_unstartable_on_node(
    command: str,
    cwd: Path,
    env: Mapping[str, str],
    root: Path,
    face: str,
    say: Callable[[str], None],
) -> None:
    """The check of `refuse_unstartable`, before a SLURM job is submitted, as far as this
    host can make it for the node, which runs the job in `cwd` with this PATH (sbatch
    exports it) and must see the repository at `root` as this host does. Refused, in the
    same words: a path into the repository, a variable set as only a shell sets one, a
    file here named as a command (python left out). Said, and submitted all the same: a
    name no folder of this PATH holds (a program on the compute nodes alone) and a path
    out of the repository (a node's own disk), which only the node can settle."""
    found = lookup(command, cwd, os.get_exec_path(dict(env)))
    if found.failure is None:
        return
    code, reason = found.failure
    words = _words(command, cwd, found.files, code, reason, face)
    if os.sep in command:
        seen_alike = Path(os.path.realpath(cwd / command)).is_relative_to(os.path.realpath(root))
    else:
        seen_alike = code == 127 and bool(
            ASSIGNMENT.fullmatch(command) or (cwd / command).is_file()
        )
    if seen_alike:
        raise CannotStartError(words, code)
    say(f"on this host, {words}; the node may have it, so the job goes to SLURM all the same")


def start_failure(command: str, cwd: Path, search: list[str], error: OSError) -> dict[str, Any]:
    """A command whose start failed (`error`, from exec), as a run records it: the code
    and words a shell would give (`search`: the folders of the child's PATH)."""
    found = lookup(command, cwd, search)
    code, reason = found.failure or (126, error.strerror or str(error))
    if error.errno == errno.ENOEXEC:
        reason = "not a program, and it has no #! line naming its interpreter"
    elif error.errno == errno.ENOENT and found.failure is None:  # executable: not its #!
        reason = "its #! line names an interpreter that is not there"
    note = _words(command, cwd, found.files, code, reason)
    return {"exit_code": code, "note": note, "started": False}


def relied_on_nothing(gate: dict[str, Any]) -> dict[str, Any]:
    """The gate of a run whose command never started: it relied on no checks (none is
    counted as its evidence), whatever the gate passed on."""
    return {key: value for key, value in gate.items() if key != "evidence_ids"}


def _words(
    command: str, cwd: Path, files: list[str], code: int, reason: str, face: str = "credo run"
) -> str:
    """`cannot start 'CMD': REASON`, with what to write instead where credo can tell
    (`files`: those `lookup` found for the command)."""
    shown = redacted(command)  # the note is shared: `WANDB_API_KEY=<redacted>`
    script = (cwd / command).is_file()
    python = command.endswith(".py")
    run = f"{face} -- " + (f"python {quote(shown)}" if python else quote(f"./{shown}"))
    denied = code == 126 and reason == os.strerror(errno.EACCES)
    if code == 127 and ASSIGNMENT.fullmatch(command):
        reason += f" (only a shell sets a variable so: write env {shown} before the command)"
    elif code == 127 and os.sep not in command and script:  # `credo run train.py`
        reason += f" (a file here, not a command: {run})"
    elif denied and os.sep in command:
        instead = f"{run}, or " if python else ""
        reason += f" (not executable: {instead}chmod +x {quote(shown)})"
    elif denied:  # a name: what would run is the file on PATH, not one here so named
        started = files[0]
        on_path = quote(os.path.join(os.path.normpath(os.path.dirname(started)), shown))
        here = script and not os.path.samefile(started, cwd / command)
        reason += f" (not executable: chmod +x {on_path}, found on PATH"
        reason += f"; for the file here: {run})" if here else ")"
    return f"cannot start {shown!r}: {reason}"
