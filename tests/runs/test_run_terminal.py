"""`credo run` typed into an interactive bash with job control, on a real pseudo-terminal.

What a person does all day: the run completes with the child's exit code; progress
bars, `input()` and pdb work; ctrl-c ends the child; ctrl-z stops the run and `fg`
resumes it; the window's size reaches the child. After each, the terminal's mode
(`stty -g`) is what it was. Also in the background under nohup, and with every
standard stream redirected (the pipe path).
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from credo.domain.models import Run, RunStatus
from credo.store import Store
from processes import alive, dies_soon
from terminal import PROMPT, WAITS_FOR_CTRL_C, Shell, family_states

from repos import commit_file, git

PY = sys.executable
RUN = "credo run --skip-gate --"


@pytest.fixture
def shell(store: Store, repo: Path) -> Iterator[Shell]:
    """bash -i in the repository, with a running experiment, its mode noted."""
    git(repo, "add", ".credo")
    git(repo, "commit", "-q", "-m", "credo")
    session = Shell(repo)
    session.run("credo exp start 'the terminal works' -b 1h")
    session.run("stty -g > ../mode-before")
    try:
        yield session
    finally:
        session.close()


def script(repo: Path, name: str, body: str) -> str:
    commit_file(repo, name, body, f"add {name}")
    return name


def exit_code(shell: Shell) -> int:
    """The `echo rc=$?` after the run; waits for the prompt that follows it."""
    code = int(shell.expect(r"rc=(\d+)").rsplit("rc=", 1)[1])
    shell.expect(re.escape(PROMPT))
    return code


def mode_is_back(shell: Shell) -> None:
    shown = shell.run("stty -g > ../mode-after; cmp -s ../mode-before ../mode-after; echo same=$?")
    assert "same=0" in shown, shown


def only_run(store: Store) -> tuple[dict[str, object], str]:
    [run] = store.runs()
    record = tomllib.loads((store.credo_dir / "runs" / run.id / "run.toml").read_text())
    return record, (store.run_folder(run.id) / "output.log").read_text()


def test_the_run_completes_with_the_childs_exit_code_and_colour(
    shell: Shell, store: Store, repo: Path
) -> None:
    name = script(
        repo,
        "bar.py",
        "import sys, time\n"
        "print('on a terminal:', sys.stdout.isatty())\n"
        "for i in range(11):\n"
        "    print(f'\\r{i * 10}% |' + '#' * i + ' ' * (10 - i) + '|', end='', flush=True)\n"
        "    time.sleep(0.01)\n"
        "print()\n"
        "print('\\x1b[31mred\\x1b[0m')\n"
        "sys.exit(3)\n",
    )
    shell.type(f"{RUN} python {name}; echo rc=$?\n")
    assert exit_code(shell) == 3
    assert "on a terminal: True" in shell.screen
    mode_is_back(shell)
    record, log = only_run(store)
    assert record["status"] == "failed" and record["exit_code"] == 3
    # what a person saw, readable: one line per progress bar, colour kept as SGR
    assert log == "on a terminal: True\n100% |##########|\n\x1b[31mred\x1b[0m\n"


def test_input_and_a_breakpoint_session_work(shell: Shell, store: Store, repo: Path) -> None:
    name = script(
        repo,
        "ask.py",
        "name = input('your name? ')\nx = 41\nbreakpoint()\nprint('hello', name, x + 1)\n",
    )
    shell.type(f"{RUN} python {name}; echo rc=$?\n")
    shell.expect(r"your name\? ")
    shell.type("Ada\n")
    shell.expect(r"\(Pdb\) ")
    shell.type("p x\n")
    shell.expect(r"\n41\n")
    shell.type("c\n")
    shell.expect("hello Ada 42")
    assert exit_code(shell) == 0
    mode_is_back(shell)
    record, log = only_run(store)
    assert record["status"] == "succeeded"
    assert "your name? Ada\n" in log and "(Pdb) p x\n41\n" in log


def test_ctrl_c_ends_the_child_and_is_recorded_as_interrupted(
    shell: Shell, store: Store, repo: Path
) -> None:
    name = script(repo, "wait.py", WAITS_FOR_CTRL_C)
    shell.type(f"{RUN} python {name}; echo rc=$?\n")
    shell.expect("ready")
    wait_asleep(name)
    shell.type("\x03")
    shell.expect("child saw ctrl-c")
    assert exit_code(shell) == 130
    mode_is_back(shell)
    [run] = store.runs()
    assert run.status == RunStatus.INTERRUPTED


def test_a_second_ctrl_c_ends_credo_at_once_with_the_run_recorded(
    shell: Shell, store: Store, repo: Path
) -> None:
    """After the ctrl-c that ended the command, credo writes the run's end, waiting (20 s
    at most) for the Python that ran it to name its packages. A second ctrl-c there ended
    credo with the end unwritten (the run `running`, found lost later). Now it stops the
    wait, and the run is recorded at once without what did not come."""
    # Asked for its packages (-I), this Python is stuck (on a slow network file system,
    # say) and does not end on the terminal's ctrl-c, as credo's helpers otherwise do.
    slow = repo.parent / "bin" / "python3"
    slow.parent.mkdir()
    stuck = 'case "$1" in -I) trap "" INT; exec sleep 30;; esac'
    slow.write_text(f'#!/bin/sh\n{stuck}\nexec {PY} "$@"\n')
    slow.chmod(0o755)
    name = script(repo, "wait.py", WAITS_FOR_CTRL_C)
    shell.type(f"{RUN} {slow} {name}; echo rc=$?\n")
    shell.expect("ready")
    wait_asleep(name)
    shell.type("\x03")
    shell.expect("child saw ctrl-c")
    time.sleep(0.5)  # credo waits for the package names now
    asked = time.monotonic()
    shell.type("\x03")
    assert exit_code(shell) == 130
    assert time.monotonic() - asked < 10
    assert "ctrl-c: the run is recorded without its package versions" in shell.screen
    mode_is_back(shell)
    [run] = store.runs()
    assert run.status == RunStatus.INTERRUPTED and run.ended is not None
    assert run.git_end is not None and run.packages == {}
    assert "recorded without its package versions (ctrl-c cut the wait short)" in run.note


@pytest.mark.parametrize(
    ("then", "status"),
    [("", RunStatus.INTERRUPTED), ("on\n", RunStatus.FAILED)],
    ids=["ctrl-c-ends-it", "work-went-on"],
)
def test_a_ctrl_c_the_program_got_over_does_not_make_the_run_interrupted(
    shell: Shell, store: Store, repo: Path, then: str, status: RunStatus
) -> None:
    """A ctrl-c the program caught (a REPL, pdb) made any later failure `interrupted`,
    though keys typed after it went on with the work; one that ends it still counts."""
    name = script(
        repo,
        "caught.py",
        "try:\n"
        "    input('first? ')\n"
        "except KeyboardInterrupt:\n"
        "    print('caught')\n"
        f"if {bool(then)}:\n"
        "    input('second? ')\n"
        "raise SystemExit(3)\n",
    )
    shell.type(f"{RUN} python {name}; echo rc=$?\n")
    shell.expect(r"first\? ")
    wait_asleep(name)
    shell.type("\x03")
    shell.expect("caught")
    if then:
        shell.expect(r"second\? ")
        shell.type(then)
    assert exit_code(shell) == 3
    [run] = store.runs()
    assert run.status == status


@pytest.mark.parametrize("piped", [False, True], ids=["pty", "stdout-piped"])
def test_ctrl_z_stops_the_run_and_fg_completes_it(
    shell: Shell, store: Store, repo: Path, tmp_path: Path, piped: bool
) -> None:
    """On the pty path credo stops its child on the key; with stdout a pipe (the pipe
    path) the terminal stops credo's job and credo stops its child, in a group of its
    own. Either way both are stopped, and `fg` resumes both."""
    flag = tmp_path / "go"
    name = script(
        repo,
        "pause.py",
        "import os, sys, time\n"
        "print('ready, on a tty:', sys.stdout.isatty(), flush=True)\n"
        f"while not os.path.exists({str(flag)!r}):\n"
        "    time.sleep(0.05)\n"
        "print('went on', flush=True)\n",
    )
    shell.type(f"{RUN} python {name}{' | cat' if piped else ''}\n")
    shell.expect(f"ready, on a tty: {not piped}")
    shell.type("\x1a")
    shell.expect(r"Stopped\s+credo run")
    shell.expect(re.escape(PROMPT))
    credo = int(shell.run("jobs -p %1").split()[-2])  # the job's first process: credo
    states = family_states(credo, running=name)
    assert sorted(states.values()) == ["T", "T"], states  # credo and its child: both stopped
    mode_is_back(shell)
    flag.touch()
    shell.type("fg; echo rc=$?\n")
    shell.expect("went on")
    assert exit_code(shell) == 0
    mode_is_back(shell)
    [run] = store.runs()
    assert run.status == RunStatus.SUCCEEDED


@pytest.mark.parametrize("ctrl_c", [False, True], ids=["continued", "ctrl-c"])
@pytest.mark.parametrize("piped", [False, True], ids=["pty", "stdout-piped"])
def test_a_child_stopped_from_elsewhere_goes_on_when_continued(
    shell: Shell, store: Store, repo: Path, tmp_path: Path, piped: bool, ctrl_c: bool
) -> None:
    """`kill -STOP` of the command (to lend its GPU a moment) stopped credo too; after
    `kill -CONT` the command went on into a full pty or pipe that the stopped credo no
    longer read, and froze there until someone typed `fg`. Waiting for it, credo still
    ends it on ctrl-c."""
    flag = tmp_path / "go"
    name = script(
        repo,
        "lend.py",
        "import os, time\n"
        "print('ready', flush=True)\n"
        f"while not os.path.exists({str(flag)!r}):\n"
        "    time.sleep(0.05)\n"
        "for i in range(5000):\n"
        "    print('line', i, 'x' * 60)\n"
        "print('went on', flush=True)\n",
    )
    shell.type(f"{RUN} python {name}{' | cat' if piped else ''}; echo rc=$?\n")
    shell.expect("ready")
    [credo] = set(family_states(shell.pid, running="--skip-gate")) - {shell.pid}
    [child] = set(family_states(credo, running=name)) - {credo}
    os.kill(child, signal.SIGSTOP)
    shown = shell.expect(r"the run waits|Stopped")
    assert "the command was stopped by SIGSTOP, not by credo: the run waits" in shown
    if ctrl_c:  # piped, bash drops the rest of the line (no `echo rc`), as without credo
        shell.type("\x03")
        shell.expect("interrupted")
        shell.expect(re.escape(PROMPT))
    else:
        os.kill(child, signal.SIGCONT)
        flag.touch()
        shell.expect("went on")
        assert exit_code(shell) == 0
    mode_is_back(shell)
    [run] = store.runs()
    assert run.status == (RunStatus.INTERRUPTED if ctrl_c else RunStatus.SUCCEEDED)


def test_the_window_size_reaches_the_child(shell: Shell, store: Store, repo: Path) -> None:
    name = script(
        repo,
        "size.py",
        "import os, signal, time\n"
        "signal.signal(signal.SIGWINCH, lambda *a: print('size', os.get_terminal_size(),"
        " flush=True))\n"
        "print('columns', os.get_terminal_size().columns, flush=True)\n"
        "time.sleep(30)\n",
    )
    shell.type(f"{RUN} python {name}; echo rc=$?\n")
    shell.expect("columns 200")
    shell.resize(30, 91)
    shell.expect(r"size os.terminal_size\(columns=91, lines=30\)")
    shell.type("\x03")
    assert exit_code(shell) == 130, shell.screen
    mode_is_back(shell)


def test_a_child_that_leaves_its_terminal_raw_does_not_leave_ours_raw(
    shell: Shell, repo: Path
) -> None:
    name = script(
        repo,
        "raw.py",
        "import sys, tty\n"
        "tty.setraw(sys.stdin.fileno())\n"
        "raise SystemExit('crashed in raw mode')\n",
    )
    shell.type(f"{RUN} python {name}; echo rc=$?\n")
    assert exit_code(shell) == 1
    mode_is_back(shell)


def test_in_the_background_under_nohup(shell: Shell, store: Store, repo: Path) -> None:
    name = script(repo, "quiet.py", "import sys\nprint('stdin is a tty:', sys.stdin.isatty())\n")
    shell.type(f"nohup {RUN} python {name} > ../nohup.txt 2>&1 & wait $!; echo rc=$?\n")
    assert exit_code(shell) == 0
    mode_is_back(shell)
    assert "stdin is a tty: False" in (repo.parent / "nohup.txt").read_text()
    [run] = store.runs()
    assert run.status == RunStatus.SUCCEEDED


def test_every_standard_stream_redirected(shell: Shell, store: Store, repo: Path) -> None:
    name = script(repo, "piped.py", "import sys\nprint('out is a tty:', sys.stdout.isatty())\n")
    shell.type(f"{RUN} python {name} < /dev/null > ../out.txt 2> ../err.txt; echo rc=$?\n")
    assert exit_code(shell) == 0
    assert (repo.parent / "out.txt").read_text() == "out is a tty: False\n"
    assert "succeeded" in (repo.parent / "err.txt").read_text()
    mode_is_back(shell)


def close_the_window(shell: Shell, store: Store, child: str) -> Run:
    """Close the terminal while credo runs `child` (a word of its command line); both
    must end, and the run is recorded as hung up."""
    [credo] = set(family_states(shell.pid, running="--skip-gate")) - {shell.pid}
    [pid] = set(family_states(credo, running=child)) - {credo}
    shell.hang_up()
    try:
        assert dies_soon(pid, within=60) and dies_soon(credo, within=60)
    finally:
        for left in (pid, credo):
            if alive(left):
                os.kill(left, signal.SIGKILL)
    [run] = store.runs()
    assert run.status == RunStatus.KILLED
    assert run.note == "hung up: credo sent SIGHUP to the command"
    return run


def test_closing_the_window_ends_a_child_that_ignores_sigterm(shell: Shell, store: Store) -> None:
    """An interactive shell ignores SIGTERM: sent it for the hang-up, it stayed, and so did
    credo, the run `running` for ever. Its own pty hangs up as the window did."""
    shell.type(f"{RUN} bash --norc --noprofile -i\n")
    shell.expect(re.escape(PROMPT))  # the inner shell's
    assert close_the_window(shell, store, "--norc").signal == signal.SIGHUP


def test_closing_the_window_ends_a_child_reading_its_terminal_that_missed_the_hang_up(
    shell: Shell, store: Store, repo: Path
) -> None:
    """A program that ignores SIGHUP, or misses it (a shell caught between its look for
    signals and its read), waiting on its terminal: without credo its read ends when the
    window closes. credo only passed on the signal, and both stayed, the run `running`."""
    name = script(
        repo,
        "deaf.py",
        "import signal\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "input('answer: ')\n",
    )
    shell.type(f"{RUN} python {name}\n")
    shell.expect("answer: ")
    close_the_window(shell, store, name)
    _, log = only_run(store)
    assert log == "answer: "  # what it wrote after, to a terminal gone, went nowhere


def wait_for(
    runs: Callable[[list[str]], bool], ready: Callable[[list[str]], bool], what: str
) -> None:
    """Wait until a process whose arguments `runs` is `ready` (given its /proc stat fields
    after the name: state, parent, group, session, terminal, foreground group...)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for proc in Path("/proc").iterdir():
            try:
                if not runs((proc / "cmdline").read_text(errors="replace").split("\x00")[:-1]):
                    continue
                fields = (proc / "stat").read_text(errors="replace").rsplit(")", 1)[1].split()
            except OSError:
                continue
            if ready(fields):
                return
        time.sleep(0.05)
    raise AssertionError(f"the process never {what}")


def wait_in_front(*args: str) -> None:
    """Wait until the process running `args` leads its terminal's foreground group."""
    wait_for(lambda ran: ran == list(args), lambda fields: fields[2] == fields[5], "took its tty")


def wait_asleep(name: str) -> None:
    """Wait until Python running the script `name` sleeps (in its read, or its sleep).
    A ctrl-c typed the moment its prompt shows can land between the prompt's write and
    the read: Python notes the signal there, then blocks reading before acting on it
    (seen on a loaded machine), which no person typing could make happen."""
    wait_for(lambda ran: ran[1:] == [name], lambda fields: fields[0] == "S", "waited")


def test_a_shell_run_through_credo_keeps_its_own_job_control(shell: Shell, store: Store) -> None:
    """ctrl-z in a shell under credo stops that shell's job, not the run."""
    shell.type(f"{RUN} bash --norc --noprofile -i; echo rc=$?\n")
    shell.expect(re.escape(PROMPT))  # the inner shell's
    shell.type("sh -c 'echo nap''ping; sleep 29'\n")  # typed, it does not say "napping"
    shell.expect("napping")
    # The job prints before its shell hands it the terminal (on a loaded machine, the
    # moment between shows): ctrl-z means "stop the job" once the job has the terminal.
    wait_in_front("sleep", "29")
    shell.type("\x1a")
    shell.expect(r"Stopped\s+sh -c")
    shell.expect(re.escape(PROMPT))
    shell.type("exit 4\n")
    shell.expect("There are stopped jobs")
    shell.expect(re.escape(PROMPT))
    shell.type("exit 4\n")  # again: bash ends its stopped job and leaves
    assert exit_code(shell) == 4
    mode_is_back(shell)
    [run] = store.runs()
    assert run.status == RunStatus.FAILED and run.exit_code == 4


def test_started_in_the_background_it_never_stops_for_the_terminal(
    shell: Shell, store: Store, repo: Path
) -> None:
    """A background credo leaves the terminal's mode alone (no SIGTTOU stop), so it
    finishes on its own: pipes, as in any script."""
    name = script(repo, "bg.py", "import sys\nprint('background, tty:', sys.stdout.isatty())\n")
    shell.type(f"{RUN} python {name} & wait $!; echo rc=$?\n")
    assert exit_code(shell) == 0
    assert "background, tty: False" in shell.screen
    mode_is_back(shell)
    [run] = store.runs()
    assert run.status == RunStatus.SUCCEEDED


def test_started_in_the_background_with_no_experiment_it_asks_nothing(
    store: Store, repo: Path
) -> None:
    """With no experiment running, a foreground run asks for a hypothesis; one started
    with `&` asks nothing (the terminal would stop it at the read, its user thinking it
    trains) and records an ad-hoc run, as a script does."""
    git(repo, "add", ".credo")
    git(repo, "commit", "-q", "-m", "credo")
    name = script(repo, "bg.py", "print('trained in the background')\n")
    shell = Shell(repo)
    try:
        shell.type(f"credo run -- python {name} & wait $!; echo rc=$?\n")
        assert exit_code(shell) == 0
    finally:
        shell.close()
    assert "Hypothesis" not in shell.screen
    assert "recording an ad-hoc run" in shell.screen
    [run] = store.runs()
    assert run.status == RunStatus.SUCCEEDED and run.experiment is None


def test_no_code_hands_the_terminal_to_another_process_group() -> None:
    """The rule that ends this family of bugs: the child gets its own pty, and nothing
    in credo ever calls tcsetpgrp on the user's terminal."""
    import credo

    package = Path(credo.__file__).parent
    callers = [p for p in package.rglob("*.py") if "tcsetpgrp(" in p.read_text()]
    assert callers == []
