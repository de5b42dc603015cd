"""Where a command's script starts: the programs that run a script read options of
their own before it (`python -u`, `bash --norc`, `torchrun --nproc_per_node 2`), and
those are not the script's (`runs.params` reads params after the script only).

Python and the shells take few options with a value, all known (`-W ignore`, `-o
pipefail`): any other is a flag. The launchers (torchrun, `accelerate launch`, `uv run`,
`conda run`, `poetry run`, deepspeed, srun, mpirun, env) parse theirs as argparse does:
an option takes the next argument as its value unless it is one of their flags, or that
argument is an option or a Python script (`--multi_gpu train.py`); a longer option with
one dash is a short one with its value joined (`srun -n4`), but for mpirun, whose long
options have one dash (`-np 4`). What a launcher runs may be one in turn (`uv run python
-u train.py`, `python -m torch.distributed.run`, `env CUDA_VISIBLE_DEVICES=0 python`). A
launcher named by two words takes its own options between them too (`poetry -C dir run`),
and env's `-S "python -u"` (a shebang line's) stands for the words it holds.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass

PYTHON = re.compile(r"python[0-9.]*")
"""A program that is a Python interpreter: `python`, `python3`, `python3.11`."""
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*", re.DOTALL)
"""A `NAME=value` word of env's: `CUDA_VISIBLE_DEVICES=0`."""


@dataclass(frozen=True)
class _Launcher:
    signs: tuple[str, ...]
    """What its options start with."""
    runs: frozenset[str]
    """Its options whose value is what it runs: a module (`-m pkg.train`), code (`-c`)."""
    valued: frozenset[str] = frozenset()
    """Python and the shells: their options that take the next argument as a value."""
    flags: frozenset[str] | None = None
    """A launcher: its options that take no value (the others take one); None for Python
    and the shells, whose single-letter options may be joined (`-uW ignore`)."""
    long_dash: str = "--"
    """How a launcher's long options begin (`-` for mpirun's `-np 4`); a longer option
    with one dash is a short one with its value joined (`-n4`) or flags (`-lu`)."""
    assigns: bool = False
    """env: its `NAME=value` words set the environment of what it runs."""
    splits: frozenset[str] = frozenset()
    """env: its options whose value is split into words read in its place (`-S "python
    -u"`): options of its own, then what it runs."""


_PYTHON = _Launcher(
    ("-",), frozenset({"-m", "-c"}), frozenset({"-W", "-X", "--check-hash-based-pycs"})
)
_SHELL = _Launcher(
    ("-", "+"), frozenset({"-c"}), frozenset({"-o", "+o", "-O", "+O", "--rcfile", "--init-file"})
)
_TORCHRUN = _Launcher(
    ("-",),
    frozenset({"-m", "--module"}),
    flags=frozenset({"--standalone", "--no-python", "--run-path", "--virtual-local-rank"}),
)
_LAUNCHERS = {
    "python": _PYTHON,
    **dict.fromkeys(("sh", "bash", "zsh", "dash", "ksh"), _SHELL),
    "torchrun": _TORCHRUN,
    "torch.distributed.run": _TORCHRUN,
    "torch.distributed.launch": _TORCHRUN,
    "accelerate launch": _Launcher(
        ("-",),
        frozenset({"-m", "--module"}),
        flags=frozenset(
            {"--cpu", "--multi-gpu", "--tpu", "--use-deepspeed", "--use-fsdp", "--debug"}
            | {"--use-megatron-lm", "--no-python", "-q", "--quiet", "--same-network"}
        ),
    ),
    "uv run": _Launcher(
        ("-",),
        frozenset({"-m", "--module"}),
        flags=frozenset(
            {"--frozen", "--locked", "--no-sync", "--isolated", "--no-project", "--no-dev"}
            | {"--all-extras", "--offline", "--no-cache", "--exact", "-q", "--quiet", "-v"}
        ),
    ),
    "conda run": _Launcher(
        ("-",),
        frozenset(),
        flags=frozenset(
            {"--no-capture-output", "--live-stream", "--dev", "--debug-wrapper-scripts"}
            | {"-v", "--verbose", "-q", "--quiet"}
        ),
    ),
    "poetry run": _Launcher(
        ("-",),
        frozenset(),
        flags=frozenset(
            {"-q", "--quiet", "-v", "--verbose", "-n", "--no-interaction"}
            | {"--ansi", "--no-ansi", "--no-plugins", "--no-cache"}
        ),
    ),
    "deepspeed": _Launcher(
        ("-",),
        frozenset(),
        flags=frozenset(
            {"--no-python", "--no-local-rank", "--force-multi", "--elastic-training"}
            | {"--bind-cores-to-rank", "--no-ssh-check", "--no-ssh", "--save-pid", "--module"}
        ),
    ),
    "srun": _Launcher(
        ("-",),
        frozenset(),
        flags=frozenset(
            {"--pty", "--exclusive", "--overlap", "--exact", "--multi-prog", "--contiguous"}
            | {"-l", "--label", "-u", "--unbuffered", "-v", "--verbose", "-Q", "--quiet"}
            | {"-X", "--disable-status", "-K", "--kill-on-bad-exit", "-E", "--preserve-env"}
            | {"-s", "--oversubscribe", "-O", "--overcommit", "-I", "--immediate", "--x11"}
        ),
    ),
    **dict.fromkeys(
        ("mpirun", "mpiexec"),
        _Launcher(
            ("-",),
            frozenset(),
            flags=frozenset(
                dash + flag
                for dash in ("-", "--")
                for flag in (
                    *("oversubscribe", "allow-run-as-root", "tag-output", "v", "q", "quiet"),
                    *("report-bindings", "display-map", "timestamp-output", "verbose"),
                )
            ),
            long_dash="-",
        ),
    ),
    "env": _Launcher(
        ("-",),
        frozenset(),
        flags=frozenset({"-i", "--ignore-environment", "-0", "--null", "-v", "--debug"}),
        assigns=True,
        splits=frozenset({"-S", "--split-string"}),
    ),
}


def script_start(command: list[str]) -> int:
    """Where the arguments of the command's script start: after its program, or past
    what a launcher runs (the script, `-m module`); the end when it names none."""
    start = 0
    while found := _launcher(command[start:]):
        launcher, words = found
        runs = _what_it_runs(launcher, command[start + words :])
        if runs is None:
            return len(command)
        start += words + runs[0]
        if runs[1] is not None:  # env -S "python -u" train.py: env reads the words in its place
            held = _words(runs[1])
            inner = script_start([command[0], *held, *command[start + 1 :]])
            return start + 1 + max(inner - 1 - len(held), 0)
    return min(start + 1, len(command))


def _launcher(command: list[str]) -> tuple[_Launcher, int] | None:
    """The launcher `command` starts with, and how many words name it (with, for one
    named by two, the options of its own between them: `poetry -C dir run`)."""
    if not command:
        return None
    name = os.path.basename(command[0])
    for key, named in _LAUNCHERS.items():
        program, _, subcommand = key.partition(" ")
        if subcommand and program == name:
            found = _what_it_runs(named, command[1:])
            if found is not None and command[1 + found[0] :][:1] == [subcommand]:
                return named, found[0] + 2
    launcher = _LAUNCHERS.get("python" if PYTHON.fullmatch(name) else name)
    return (launcher, 1) if launcher else None


def _what_it_runs(launcher: _Launcher, args: list[str]) -> tuple[int, str | None] | None:
    """The index in `args` (the launcher's) of the script, module or code it runs, or of
    the word holding an env `-S` value (then given too: the words it runs begin there)."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            return (index + 1, None) if index + 1 < len(args) else None
        if launcher.assigns and ASSIGNMENT.fullmatch(arg):
            index += 1
            continue
        if arg == "-" or not arg.startswith(launcher.signs):
            return index, None
        following = args[index + 1] if index + 1 < len(args) else "-"  # none: no value
        name, equals, _ = arg.partition("=")
        if launcher.flags is None and not arg.startswith("--"):
            name, equals = _joined(launcher, arg)
        elif launcher.flags is not None and not name.startswith(launcher.long_dash):
            name, equals = name[:2], name[2:]  # `-n4`, `-lu`: what follows is no value
        if name in launcher.runs:
            return (index, None) if equals else (index + 1, None)
        if name in launcher.splits:
            if equals:
                return index, equals
            return (index + 1, following) if index + 1 < len(args) else None
        takes_next = not equals and (
            name in launcher.valued
            if launcher.flags is None
            else name.replace("_", "-") not in launcher.flags
            and not following.startswith(launcher.signs)
            and not following.endswith(".py")
        )
        index += 2 if takes_next else 1
    return None


def _words(text: str) -> list[str]:
    """An env `-S` value's words, split as env splits them (quotes kept together)."""
    try:
        return shlex.split(text)
    except ValueError:  # an unclosed quote: env refuses it; its spaces still part words
        return text.split()


def _joined(launcher: _Launcher, arg: str) -> tuple[str, str]:
    """Of single-letter options joined in one argument (`-uW`, `-euo`): the one taking a
    value, and its value's text when it is joined too (`-Wignore`); else `arg` alone."""
    for at, letter in enumerate(arg[1:], start=1):
        option = arg[0] + letter
        if option in launcher.valued or option in launcher.runs:
            return option, arg[at + 1 :]
    return arg, ""
