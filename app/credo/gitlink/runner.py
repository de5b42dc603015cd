"""Running git: one small function, clear errors when git is missing or fails.

git is run as a subprocess (never through GitPython's object model): bulk reads are
one process each, and a machine without git gets a plain message at call time
instead of an ImportError at start. The reads an app quitting ends import
`abandoned_reads` (and threading) when they start: the commit hook, which adds its
trailers with `git_in_place` and asks `git_code`, never imports them.
"""

from __future__ import annotations

import os

from credo.errors import CredoError

TYPE_CHECKING = False  # not `typing`'s: the commit hook imports this module
if TYPE_CHECKING:
    import subprocess
    from collections.abc import Iterator
    from pathlib import Path


class GitUnavailable(CredoError):
    """git is not installed, or the folder is not a git work tree."""


NOT_INSTALLED = "git is not installed: git linkage is off"


def _env() -> dict[str, str]:
    # Read at call time: tests and the hook change the environment after import.
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    # `git config` alone reads GIT_CONFIG (as its --file): credo asks what the rest of git uses
    env.pop("GIT_CONFIG", None)
    # credo's pathspecs (`:(exclude).credo/`) are read as written, also in a hook git runs
    # for a tool that has it read every path literally (magit's --literal-pathspecs)
    env.pop("GIT_LITERAL_PATHSPECS", None)
    return env


def run(
    root: str | Path, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`git -C root args...`, finished, whatever its exit code; GitUnavailable without git,
    ReadCut when `abandoned_reads.end_reads` ended it."""
    import subprocess

    from credo.abandoned_reads import waited_on

    pipe = subprocess.PIPE
    try:
        process = subprocess.Popen(
            ["git", "-C", str(root), *args],
            stdin=None if stdin is None else pipe,
            stdout=pipe,
            stderr=pipe,
            env=_env(),
        )
    except FileNotFoundError:
        raise GitUnavailable(NOT_INSTALLED) from None
    with process, waited_on(process, f"git {args[0]}"):
        try:
            out, errors = process.communicate(stdin)
        except BaseException:
            process.kill()  # as subprocess.run does
            raise
    return subprocess.CompletedProcess(process.args, process.returncode, out, errors)


DUBIOUS = "detected dubious ownership in repository at '"
"""How git starts refusing a repository another user owns (`safe.directory`)."""


def last_words(result: subprocess.CompletedProcess[bytes]) -> str:
    """git's own last line on stderr (what went wrong), or the exit code; a refusal of a
    repository another user owns said whole, with the command git gives to trust it."""
    said = result.stderr.decode("utf-8", "replace")
    words = said.strip().splitlines()
    if not words:
        return f"exit code {result.returncode}"
    if DUBIOUS in said:  # git's last line is only the command: `git config ... PATH`
        folder = said.partition(DUBIOUS)[2].partition("\n")[0].removesuffix("'")
        return (
            f"git refuses the repository at {folder}: another user owns it (git's "
            f'"dubious ownership"); if you trust it, run `{words[-1].strip()}`'
        )
    return words[-1].removeprefix("fatal: ")


def git(root: str | Path, *args: str, check: bool = True, stdin: bytes | None = None) -> bytes:
    """stdout of `git -C root args...` as bytes; raises CredoError with git's own words."""
    result = run(root, *args, stdin=stdin)
    if check and result.returncode != 0:
        raise CredoError(f"git {args[0]} failed: {last_words(result)}")
    return result.stdout


def git_pieces(root: str | Path, *args: str) -> Iterator[bytes]:
    """stdout of `git -C root args...` piece by piece, for an output too big to hold
    whole (a diff of a big tracked file); raises CredoError with git's own words once git
    has ended badly."""
    import subprocess
    import tempfile

    from credo.abandoned_reads import waited_on

    with tempfile.TemporaryFile() as errors:  # a pipe would stall git once it filled
        try:
            process = subprocess.Popen(
                ["git", "-C", str(root), *args], stdout=subprocess.PIPE, stderr=errors, env=_env()
            )
        except FileNotFoundError:
            raise GitUnavailable(NOT_INSTALLED) from None
        with process, waited_on(process, f"git {args[0]}"):
            assert process.stdout is not None
            while piece := process.stdout.read(_PIECE):
                yield piece
        if process.returncode != 0:
            errors.seek(0)
            ended = subprocess.CompletedProcess(args, process.returncode, b"", errors.read())
            raise CredoError(f"git {args[0]} failed: {last_words(ended)}")


_PIECE = 1 << 16  # what a pipe holds


def git_in_place(root: str | Path, *args: str) -> None:
    """`git -C root args...` for what it does to files (its words go to the terminal, as
    a hook's do), without importing subprocess: the commit hook's call that writes."""
    code = _finish(_spawn(root, args))
    if code != 0:
        raise CredoError(f"git {args[0]} failed (exit code {code})")


def git_code(root: str | Path, *args: str) -> int:
    """The exit code of `git -C root args...`, its words dropped, without importing
    subprocess: the commit hook's questions that git answers so (`diff --quiet`)."""
    nowhere = os.open(os.devnull, os.O_WRONLY)
    try:
        return _finish(_spawn(root, args, answer_to=nowhere))
    finally:
        os.close(nowhere)


def git_answer(root: str | Path, *args: str) -> bytes | None:
    """stdout of `git -C root args...`, None when git exits non-zero (a config key not
    set, no commit yet), git's words on stderr dropped (its "Please tell me who you are"
    is no answer); without importing subprocess, which costs more than git does here:
    the one-shot reads of the commit hook and the shell's commands. An app quitting
    ends it as it ends `run`'s (ReadCut)."""
    from credo.abandoned_reads import waited_on

    read, write = os.pipe()  # neither is inherited: git's stdout is a copy of `write`
    with open(read, "rb") as out:
        try:
            spawned = _Spawned(_spawn(root, args, answer_to=write))
        finally:
            os.close(write)
        with waited_on(spawned, f"git {args[0]}"):
            answer = out.read()
            code = spawned.wait()
    return answer if code == 0 else None


class _Spawned:
    """A git `_spawn` started, as `abandoned_reads` ends it: like a Popen's, its
    terminate leaves alone a process already reaped."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def wait(self) -> int:
        self.returncode = _finish(self.pid)
        return self.returncode

    def terminate(self) -> None:
        if self.returncode is None:
            import signal

            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:  # ended meanwhile
                pass


def _spawn(root: str | Path, args: tuple[str, ...], answer_to: int | None = None) -> int:
    """git started with its stdout and stderr the caller's, or, with `answer_to`, its
    stdout there and its stderr nowhere."""
    moves: list[tuple[int, int, int] | tuple[int, int, str, int, int]] = []
    if answer_to is not None:
        moves = [
            (os.POSIX_SPAWN_DUP2, answer_to, 1),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
        ]
    try:
        return os.posix_spawnp("git", ["git", "-C", str(root), *args], _env(), file_actions=moves)
    except FileNotFoundError:
        raise GitUnavailable(NOT_INSTALLED) from None


def _finish(pid: int) -> int:
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def git_ok(root: Path, *args: str) -> bool:
    """Whether `git args...` exits 0 (for yes/no questions such as --is-ancestor)."""
    return run(root, *args).returncode == 0
