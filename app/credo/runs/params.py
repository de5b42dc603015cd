"""A run's hyperparameters: from its command line and from `credo.log_params(...)`.

The script's arguments shaped `--name value` or `--name=value` become params (`--name`
alone, or followed by another option, is `true`), not the options of what runs it
(`python -u`, `torchrun --nproc_per_node 2`: see `runs.launchers`); dashes in names
become underscores, so `--learning-rate` and `log_params(learning_rate=...)` agree.
Values read as TOML would keep them: booleans, integers, finite floats, else text. What
the script logs wins over the command line. Secret-looking names and values are left
out, as for the environment.
"""

from __future__ import annotations

import json
import math
import re
import shlex
from collections.abc import Iterator, Mapping
from pathlib import Path

from credo.display import visible
from credo.domain.models import INT_DIGITS, ParamValue, Run, RunStatus
from credo.errors import BadFileError
from credo.runs.environment import secret
from credo.runs.launchers import script_start
from credo.runs.numbers import param_text
from credo.store.confine import read_capped

PARAMS_FILE = "params.jsonl"
PARAMS_CAP = 1_000_000
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_INT = re.compile(rf"[+-]?\d{{1,{INT_DIGITS}}}")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def typed(text: str) -> ParamValue:
    """`"3"` -> 3, `"3e-4"` -> 0.0003, `"true"` -> True, anything else stays text."""
    if _INT.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text):
        value = float(text)
        if math.isfinite(value):
            return value
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def _is_option(arg: str) -> bool:
    return arg.startswith("-") and not _NUMBER.fullmatch(arg)


def _options(
    args: list[str], past_dashes: bool = False
) -> Iterator[tuple[str, str | None, int, int | None]]:
    """Each `--name value` / `--name=value` / `--name` of `args`: its name, its value's
    text (None: a bare flag), its index and the index of the separate argument holding
    its value. Up to a `--` (what follows is positional for the program), or
    `past_dashes`."""
    index = 0
    while index < len(args):
        arg, at = args[index], index
        index += 1
        if arg == "--":
            if past_dashes:
                continue
            return
        if not arg.startswith("--"):
            continue
        name, equals, value = arg[2:].partition("=")
        if not _NAME.fullmatch(name):
            continue
        if equals:
            yield name, value, at, None
        elif index < len(args) and not _is_option(args[index]):
            yield name, args[index], at, index
            index += 1
        else:
            yield name, None, at, None


def params_from_args(command: list[str]) -> dict[str, ParamValue]:
    """The `--name value` / `--name=value` arguments of a command's script: after its
    program, or after the script a launcher runs (`bash --norc train.sh --epochs 3`)."""
    params: dict[str, ParamValue] = {}
    for name, value, _, _ in _options(command[script_start(command) :]):
        _keep(params, name.replace("-", "_"), True if value is None else typed(value))
    return params


def command_shape(command: list[str]) -> list[str]:
    """A command without its script's options (its params): the program (a launcher with
    its options and script) and the script's positional arguments, what two runs differ
    by where their params cannot say it."""
    start = script_start(command)
    args = command[start:]
    taken: set[int] = set()
    for _, _, at, value_at in _options(args):
        taken.update(i for i in (at, value_at) if i is not None)
    return command[:start] + [arg for index, arg in enumerate(args) if index not in taken]


REDACTED = "<redacted>"


def redacted(arg: str) -> str:
    """`arg` with its secret redacted: the value of `NAME=value` or `--name=value` when
    the name or the value looks secret (`WANDB_API_KEY=<redacted>`), all of an argument
    that is a secret itself (a token, a URL with a password); else `arg` as it is."""
    name, equals, value = arg.lstrip("-").partition("=")
    if equals and _NAME.fullmatch(name):
        if secret(name.replace("-", "_"), value):
            return arg[: len(arg) - len(value)] + REDACTED
        return arg
    return REDACTED if secret("", arg) else arg


def shared_command(command: list[str]) -> list[str]:
    """The command as a run's record keeps it (shared through git): the value of every
    secret-looking option (`--api-key sk-...`) becomes `<redacted>`, and every argument
    (the first too: `WANDB_API_KEY=... python`) as `redacted` says, by the rule the params
    and the environment follow."""
    args = command[1:]
    hidden = {
        index
        for name, value, _, index in _options(args, past_dashes=True)
        if index is not None and secret(name.replace("-", "_"), value or "")
    }
    return [redacted(arg) for arg in command[:1]] + [
        REDACTED if index in hidden else redacted(arg) for index, arg in enumerate(args)
    ]


def read_logged_params(path: Path) -> dict[str, ParamValue]:
    """What `credo.log_params` wrote (one JSON object a line, later lines winning)."""
    return logged_params(path)[0]


def logged_params(path: Path) -> tuple[dict[str, ParamValue], int]:
    """`read_logged_params`, and how many lines were not a JSON object (skipped)."""
    params: dict[str, ParamValue] = {}
    try:
        raw = read_capped(path, f"{path.parent.name}/{PARAMS_FILE}", PARAMS_CAP, "params")
    except (OSError, BadFileError):  # none logged, or not a plain file of sane size
        return params, 0
    bad = 0
    for line in raw.decode("utf-8", "replace").splitlines():
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            record = None
        if isinstance(record, dict):
            for name, value in record.items():
                _keep(params, str(name), _plain(value))
        elif line.strip():
            bad += 1
    return params, bad


def with_params_so_far(run: Run, folder: Path) -> Run:
    """`run`; while it runs, with the params it has logged so far in `folder` (they join
    its record when it ends)."""
    if run.status != RunStatus.RUNNING:
        return run
    params = merge(run.params, read_logged_params(folder / PARAMS_FILE))
    return run if params == run.params else run.model_copy(update={"params": params})


def merge(*sources: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
    """Later sources win; the names in the order they first appear."""
    merged: dict[str, ParamValue] = {}
    for source in sources:
        merged.update(source)
    return merged


def _plain(value: object) -> ParamValue:
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return json.dumps(value) if isinstance(value, list | dict) else str(value)


def _keep(params: dict[str, ParamValue], name: str, value: ParamValue) -> None:
    text = value if isinstance(value, str) else ""
    if name and not secret(name, text) and redacted(text) == text:
        params[name] = value


def param_words(params: Mapping[str, ParamValue]) -> str:
    """`lr=0.0003 batch=64 amp=true`: params in one line, as people type them (a line
    break in one shows as a sign)."""
    return visible(
        " ".join(f"{name}={param_text(value)}" for name, value in params.items()),
        lines=False,
    )


def sweep_words(run: Run, sweep: list[Run]) -> str:
    """What sets one run of a `sweep` apart: its params that not every run shares (all
    of them in a sweep of one), or its command where no param names the values
    (`train.py '{a,b}'`)."""
    apart = {
        name: value
        for name, value in run.params.items()
        if len(sweep) == 1 or any(other.params.get(name) != value for other in sweep)
    }
    return param_words(apart) or shlex.join(run.command)
