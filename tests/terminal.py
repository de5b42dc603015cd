"""credo on a real pseudo-terminal: answering its prompts (`on_terminal`), or typed into
an interactive bash with job control (`Shell`), as a person uses it."""

from __future__ import annotations

import os
import re
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

CREDO = str(Path(sys.executable).parent / "credo")
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Z]")
WAITS_FOR_CTRL_C = (
    "import time\n"
    "try:\n"
    "    print('ready', flush=True)\n"
    "    time.sleep(60)\n"
    "except KeyboardInterrupt:\n"
    "    print('child saw ctrl-c', flush=True)\n"
    "    raise\n"
)
"""A child for the ctrl-c tests: says `ready`, then waits; says so when interrupted."""
Answer = bytes | Callable[[], bytes]
"""What to type; a callable is called at the moment of answering (to act meanwhile)."""


def ctrl_c_a_moment_later() -> bytes:
    """ctrl-c typed a moment after the prompt shows, as a person would (an `Answer`).

    Sent the instant the prompt shows, it can land between the prompt's write and the
    read of the answer: Python notes the signal there but blocks reading before acting
    on it, and credo waits for a key no one types.
    """
    time.sleep(0.3)
    return b"\x03"


def default_signals() -> None:
    """Give a process started by a test the signal handling a shell gives a command.

    An ignored signal is inherited through exec: a test worker found ignoring SIGINT on
    a loaded machine passed that on to credo and its child, and ^C reached no one; a
    suite started under `nohup` passed on an ignored SIGHUP, and no closed window hung
    anyone up.
    """
    for signum in (signal.SIGINT, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)


def on_terminal(
    cwd: Path,
    args: list[str],
    script: list[tuple[str, Answer]],
    program: str = CREDO,
    timeout: float = 60,
    codes: bool = False,
) -> tuple[int, str]:
    """Run credo (or `program`) on a pseudo-terminal, typing each answer once its prompt
    has appeared.

    Returns the exit code and what the terminal showed (colours and carriage returns
    removed; with `codes`, colours and every other escape code kept). A credo still
    waiting after `timeout` seconds is killed, so a test fails, not hangs.
    """
    import pty

    pid, master = pty.fork()
    if pid == 0:  # the child: credo on the terminal
        os.chdir(cwd)
        default_signals()
        os.execv(program, [program, *args])
    seen = b""
    step = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed: credo ended
                break
            if not chunk:
                break
            seen += chunk
        text = ANSI.sub("", seen.decode("utf-8", "replace"))
        if step < len(script):
            prompt, answer = script[step]
            asked_before = sum(1 for earlier, _ in script[:step] if earlier == prompt)
            if text.count(prompt) > asked_before:
                os.write(master, answer() if callable(answer) else answer)
                step += 1
    else:
        os.kill(pid, signal.SIGKILL)  # stuck waiting for input: fail, do not hang
    _, status = os.waitpid(pid, 0)
    os.close(master)
    text = seen.decode("utf-8", "replace").replace("\r", "")
    return os.waitstatus_to_exitcode(status), text if codes else ANSI.sub("", text)


PROMPT = "shell-prompt$ "


SHELLS: dict[str, list[str]] = {
    "bash": ["/bin/bash", "--norc", "--noprofile", "-i"],
    "zsh": ["zsh", "-f", "-i"],  # no startup files; the prompt is PS1's
    "fish": [
        "fish",
        "--no-config",
        "--interactive",
        "--init-command",
        f"function fish_prompt; printf '%s' '{PROMPT}'; end; function fish_greeting; end",
    ],
}
"""How each shell starts bare, prompting PROMPT (fish's prompt is a function)."""


class Shell:
    """`bash -i` (job control on), or zsh or fish, on a pseudo-terminal of its own,
    driven by typing.

    `type` sends keys, `expect` waits until the screen (colours and carriage returns
    removed) shows a pattern after what was already matched, and fails after a minute
    rather than hang. `close` ends the shell and anything it left running.
    """

    def __init__(
        self,
        cwd: Path,
        env: dict[str, str] | None = None,
        columns: int = 200,
        shell: str = "bash",
    ) -> None:
        import fcntl
        import pty
        import struct
        import termios

        inputrc = cwd.parent / "test.inputrc"
        inputrc.write_text("set enable-bracketed-paste off\n")
        environ = {
            **os.environ,
            **(env or {}),
            "PATH": f"{Path(CREDO).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "PS1": PROMPT,
            "PROMPT_COMMAND": "",
            "INPUTRC": str(inputrc),
            "TERM": "xterm",
        }
        # pytest-xdist's workers export COLUMNS=80 LINES=24, which no terminal does: bash
        # would keep them exported at its start's size, and Python (Textual) reads them
        # before the terminal's own size, so no resize would ever reach the interface.
        for size in ("COLUMNS", "LINES"):
            environ.pop(size, None)
        size = struct.pack("HHHH", 40, columns, 0, 0)
        self.pid, self.master = pty.fork()
        if self.pid == 0:  # the child: the shell, leading the terminal's session
            os.chdir(cwd)
            fcntl.ioctl(0, termios.TIOCSWINSZ, size)  # before bash: no resize, no 2nd prompt
            default_signals()
            import shutil

            argv = SHELLS[shell]
            os.execve(shutil.which(argv[0]) or argv[0], argv, environ)
        self.seen = b""
        self.matched = 0
        self.code: int | None = None
        """The exit code, once `ended`."""
        self.expect(re.escape(PROMPT))

    @property
    def screen(self) -> str:
        return ANSI.sub("", self.seen.decode("utf-8", "replace")).replace("\r", "")

    def type(self, keys: str | bytes) -> None:
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)

    def run(self, line: str) -> str:
        """Type a command line and wait for the next prompt; returns what it printed."""
        self.type(line + "\n")
        return self.expect(re.escape(PROMPT))

    def expect(self, pattern: str, timeout: float = 60) -> str:
        """Wait for `pattern` (a regex) on the screen after the last match; returns the
        screen from the last match to the end of this one."""
        wanted = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            found = wanted.search(self.screen, self.matched)
            if found:
                shown = self.screen[self.matched : found.end()]
                self.matched = found.end()
                return shown
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(  # the bytes' end too: colours stripped hide a cut frame
                    f"never saw {pattern!r}; the screen:\n{self.screen}\n"
                    f"{len(self.seen)} bytes read, the last: {self.seen[-600:]!r}"
                )
            if not self.read(wait=min(left, 0.5)):
                raise AssertionError(f"the shell ended before {pattern!r}:\n{self.screen}")

    def read(self, most: int = 65536, wait: float = 0.5) -> bool:
        """Add to `seen` what the terminal has to show, at most `most` bytes (a slow
        terminal takes little at a time), waiting up to `wait` seconds for some; False
        once the shell has ended."""
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, most)
        except OSError:  # the shell ended
            chunk = b""
        self.seen += chunk
        return bool(chunk)

    def resize(self, rows: int, columns: int) -> None:
        """Change the terminal's size, as a window manager does (SIGWINCH follows)."""
        import fcntl
        import struct
        import termios

        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does: the kernel hangs up its session
        (SIGHUP to the shell and to the job in the foreground)."""
        os.close(self.master)
        self.master = -1

    def ended(self, timeout: float = 60) -> int:
        """Wait until the shell (or what it `exec`ed) ends, reading what it writes till
        then; returns its exit code."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the terminal's last process closed it
                chunk = b""
            if not chunk:
                _, status = os.waitpid(self.pid, 0)
                self.code = os.waitstatus_to_exitcode(status)
                return self.code
            self.seen += chunk
        raise AssertionError(f"the shell never ended; the screen:\n{self.screen}")

    def close(self) -> None:
        if self.code is not None:  # ended, and reaped: its pid may be another's now
            os.close(self.master)
            return
        try:
            os.killpg(self.pid, signal.SIGHUP)  # the session: bash and its jobs
        except ProcessLookupError:
            pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        if self.master >= 0:
            os.close(self.master)


def family_states(pid: int, running: str = "") -> dict[int, str]:
    """The state letter (`R`, `S`, `T` for stopped...) of `pid` and of its children, from
    /proc (no ps needed); with `running`, only the children whose command line has it
    (credo's own short-lived helpers, git or the package probe, are left out)."""
    states: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(entry.name) == pid:
            states[pid] = fields[0]
        elif int(fields[1]) == pid:
            try:
                command = (entry / "cmdline").read_text(errors="replace")
            except OSError:
                continue
            if running in command:
                states[int(entry.name)] = fields[0]
    return states
