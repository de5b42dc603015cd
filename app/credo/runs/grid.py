"""A sweep's grid: the commands of its runs, one per combination of values.

In the command, an argument holding `{a,b,c}` gives an axis (`--lr '{1e-4,3e-4}'`,
`--batch={32,64}`; quoted, so the shell leaves the braces to credo); a JSON object
(`--cfg '{"a": 1, "b": 2}'`) is not one. A `--grid FILE` in
TOML gives more (`lr = [1e-4, 3e-4]`), each added as `--name value`. The runs are every
combination, the first axis changing slowest; a sweep of more than `SWEEP_CAP` runs is
refused unless asked for (a typo in an axis should not queue a million jobs).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from pathlib import Path

from credo.domain.models import ParamValue
from credo.errors import BadFileError, BadInputError
from credo.store.confine import read_capped
from credo.wording import agrees, counted

_BRACES = re.compile(r"\{([^{}]*,[^{}]*)\}")
GRID_CAP = 1_000_000
SWEEP_CAP = 1_000
"""The most runs a sweep makes unless `max_runs` says more (`credo sweep --max-runs N`)."""


def grid_commands(
    command: list[str],
    grid: dict[str, list[ParamValue]] | None = None,
    *,
    max_runs: int | None = None,
) -> list[list[str]]:
    """Every run's command; refuses a command with no axis to sweep, and a sweep of more
    runs than `max_runs` (default `SWEEP_CAP`) before building any."""
    axes: list[list[list[str]]] = []  # per axis, the argument lists it puts in
    slots: list[int | None] = []  # per argument: its axis, or None (kept as it is)
    for before, arg in zip(["", *command], command, strict=False):
        if arg.rfind("{") > arg.rfind("}"):  # a JSON object ends with its }
            raise BadInputError(_unclosed(before, arg))
        found = None if _json(arg) else _BRACES.search(arg)
        if found is None:
            slots.append(None)
            continue
        if _BRACES.search(arg, found.end()):
            raise BadInputError(f"{arg!r}: one {{a,b}} group per argument")
        values = found.group(1).split(",")
        if any(not value for value in values):
            raise BadInputError(f"{arg!r}: an empty value in {{{found.group(1)}}}")
        twice = _given_twice(values)
        if twice is not None:
            raise BadInputError(f"{arg!r}: {twice} is given twice")
        head, tail = arg[: found.start()], arg[found.end() :]
        slots.append(len(axes))
        axes.append([[head + value + tail] for value in values])
    extra = list((grid or {}).items())
    for name, values in extra:
        axes.append([[f"--{name}", _arg(value)] for value in values])
    if not axes:
        raise BadInputError(
            "nothing to sweep: give values as --lr '{1e-4,3e-4}' (quoted, so the shell "
            "leaves the braces to credo) or a --grid FILE"
        )
    _refuse_over(math.prod(len(axis) for axis in axes), len(axes), max_runs or SWEEP_CAP)
    commands = []
    for choice in itertools.product(*axes):
        built: list[str] = []
        for arg, slot in zip(command, slots, strict=True):
            built += [arg] if slot is None else choice[slot]
        for args in choice[len(axes) - len(extra) :]:
            built += args
        commands.append(built)
    return commands


def _refuse_over(size: int, axes: int, cap: int) -> None:
    """Refuse a sweep of more than `cap` runs, saying how many its axes make."""
    if size > cap:
        raise BadInputError(
            f"{counted(axes, 'axis', 'axes')} {agrees(axes, 'makes', 'make')} "
            f"{counted(size, 'run')}; a sweep of over {counted(cap, 'run')} is refused: "
            f"narrow the axes (fewer values), or give --max-runs {size} to run them all "
            "on purpose"
        )


def _unclosed(before: str, arg: str) -> str:
    """What a sweep says of an argument whose `{` is never closed (`--lr '{0.1'`),
    naming its option (the argument before it, or its own `--name=`)."""
    option, equals, _ = arg.partition("=")
    if arg.startswith("-") and equals:
        return f"{arg}: the {{ is never closed; write {option}='{{a,b}}'"
    if before.startswith("-"):
        return f"{before} {arg}: the {{ is never closed; write {before} '{{a,b}}'"
    return f"{arg}: the {{ is never closed; write '{{a,b}}'"


def _json(arg: str) -> bool:
    """An argument (or the value of `--name=...`) that is a JSON object, as in
    `--cfg '{"a": 1, "b": 2}'`: passed on whole, never read as an axis."""
    import json

    for text in (arg, arg.partition("=")[2]):
        if text.startswith("{"):
            try:
                return isinstance(json.loads(text), dict)
            except (ValueError, RecursionError):
                pass
    return False


def read_grid(path: Path, label: str) -> dict[str, list[ParamValue]]:
    """A grid file: `name = [values]` (or one value) per line, in TOML."""
    import tomllib

    try:
        raw = read_capped(path, label, GRID_CAP, "a grid file")
    except FileNotFoundError:
        raise BadInputError(f"{label}: no such file") from None
    except OSError as error:
        raise BadInputError(f"{label}: {error.strerror or error}") from None
    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BadFileError(label, f"not valid TOML: {error}") from None
    grid: dict[str, list[ParamValue]] = {}
    for name, value in table.items():
        values = value if isinstance(value, list) else [value]
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", name):
            raise BadFileError(label, f"{name!r} is not an option name (letters, digits, _ . -)")
        if not values or not all(isinstance(v, bool | int | float | str) for v in values):
            raise BadFileError(
                label, f"{name}: give a list of numbers, words or true/false, e.g. [1, 2]"
            )
        twice = _given_twice([_arg(v) for v in values])
        if twice is not None:
            raise BadFileError(label, f"{name}: {twice} is given twice")
        grid[name] = values
    if not grid:
        raise BadFileError(label, "no values: write one line per option, e.g. lr = [1e-4, 3e-4]")
    return grid


def _given_twice(values: list[str]) -> str | None:
    """A value an axis gives twice (two runs of one command), if any. Counter, not
    `values.count`: a long axis (refused by the cap) is read at once."""
    return next((value for value, n in Counter(values).items() if n > 1), None)


def _arg(value: ParamValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
