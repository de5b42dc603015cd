"""A sweep's grid: the commands of its runs, one per combination of values.

In the command, an argument holding `{a,b,c}` gives an axis (`--lr '{1e-4,3e-4}'`,
`--batch={32,64}`; quoted, so the shell leaves the braces to credo), and so does a range
of whole numbers as bash writes it (`--seed '{1..5}'`, `{0..100..10}` with a step; down
when the first is larger, zero-padded as `{01..10}`). A JSON object (`--cfg '{"a": 1,
"b": 2}'`) is not an axis; braces with `..` that are no such range (`{a..z}`,
`{1..3,7}`) are refused, saying what credo reads there. A `--grid FILE` in TOML gives
more (`lr = [1e-4, 3e-4]`), each added as `--name value`. The runs are every
combination, the first axis changing slowest; a sweep of more than `SWEEP_CAP` runs is
refused unless asked for (a typo in an axis should not queue a million jobs): counted
from the axes' sizes, before any command (or a range's values) is built.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from credo.domain.models import ParamValue
from credo.errors import BadFileError, BadInputError
from credo.store.confine import read_capped
from credo.wording import agrees, counted

_BRACES = re.compile(r"\{([^{}]*(?:,|\.\.)[^{}]*)\}")
_RANGE = re.compile(r"(-?\d{1,18})\.\.(-?\d{1,18})(?:\.\.(-?\d{1,18}))?")
"""`first..last` or `first..last..step`: whole numbers of up to 18 digits, so that any
range's length fits a machine integer."""
GRID_CAP = 1_000_000
SWEEP_CAP = 1_000
"""The most runs a sweep makes unless `max_runs` says more (`credo sweep --max-runs N`)."""


def grid_commands(
    command: list[str],
    grid: dict[str, list[ParamValue]] | None = None,
    *,
    max_runs: int | None = None,
) -> list[list[str]]:
    """Every run's command; refuses a command with no axis to sweep, an option both in the
    command and in `grid`, and a sweep of more runs than `max_runs` (default `SWEEP_CAP`)
    before building any."""
    axes: list[tuple[str, list[str] | _Span, str]] = []  # per axis: head, values, tail
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
        slots.append(len(axes))
        axes.append((arg[: found.start()], _values(arg, found.group(1)), arg[found.end() :]))
    extra = list((grid or {}).items())
    for name, _ in extra:
        if any(arg == f"--{name}" or arg.startswith(f"--{name}=") for arg in command):
            raise BadInputError(
                f"--{name} is both in the command and in the --grid file: each run would "
                f"be given --{name} twice; give it in one of them"
            )
    if not axes and not extra:
        raise BadInputError(
            "nothing to sweep: give values as --lr '{1e-4,3e-4}' (quoted, so the shell "
            "leaves the braces to credo) or a --grid FILE"
        )
    sizes = [len(values) for _, values, _ in axes] + [len(values) for _, values in extra]
    _refuse_over(math.prod(sizes), len(sizes), max_runs or SWEEP_CAP)
    choices = [[[head + value + tail] for value in values] for head, values, tail in axes]
    choices += [[[f"--{name}", _arg(value)] for value in values] for name, values in extra]
    commands = []
    for choice in itertools.product(*choices):
        built: list[str] = []
        for arg, slot in zip(command, slots, strict=True):
            built += [arg] if slot is None else choice[slot]
        for args in choice[len(axes) :]:
            built += args
        commands.append(built)
    return commands


@dataclass(frozen=True)
class _Span:
    """A range's values (`{1..5}`), counted before any is made: a range past the cap is
    refused unbuilt."""

    numbers: range
    width: int
    """Each value zero-padded to this many characters (`{01..10}`), or 0."""

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self) -> Iterator[str]:
        return (f"{number:0{self.width}d}" for number in self.numbers)


def _values(arg: str, inside: str) -> list[str] | _Span:
    """The values `{inside}` gives: a list (`a,b,c`) or, with no comma, a range."""
    if "," not in inside:
        return _span(arg, inside)
    values = inside.split(",")
    if any(not value for value in values):
        raise BadInputError(f"{arg!r}: an empty value in {{{inside}}}")
    if any(_RANGE.fullmatch(value) for value in values):
        raise BadInputError(_not_read(arg, inside, "mixes a range and a list"))
    twice = _given_twice(values)
    if twice is not None:
        raise BadInputError(f"{arg!r}: {twice} is given twice")
    return values


def _span(arg: str, inside: str) -> _Span:
    """`{first..last}` or `{first..last..step}`, as bash reads them: down when first >
    last, the step's sign ignored, zero-padded when an end is (`01`, `-05`)."""
    found = _RANGE.fullmatch(inside)
    if found is None:
        raise BadInputError(_not_read(arg, inside, "is not a range of whole numbers"))
    first, last, step = found.groups()
    stride = abs(int(step or 1))
    if stride == 0:
        raise BadInputError(_not_read(arg, inside, "has a step of 0"))
    start, end = int(first), int(last)
    numbers = range(start, end + 1, stride) if start <= end else range(start, end - 1, -stride)
    padded = any(re.match(r"-?0\d", text) for text in (first, last))
    return _Span(numbers, max(len(first), len(last)) if padded else 0)


def _not_read(arg: str, inside: str, why: str) -> str:
    """What a sweep says of braces it cannot read as an axis, and what it reads there."""
    return (
        f"{arg!r}: {{{inside}}} {why}; in braces credo reads a list, {{1e-4,3e-4}}, or a "
        "range of whole numbers, {1..5} or {0..100..10} (first..last..step)"
    )


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
