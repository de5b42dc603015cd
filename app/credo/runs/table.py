"""The runs table: one row per run across experiments, its columns, filters and sorts.

Shared by `credo runs ls` and the interface's Runs view. Rows are built from the
store's (cached) run records; a run still running, or recorded before credo kept each
metric's best value, has its metrics read from its `metrics.jsonl`, through a cache in
`.credo/cache/run-metrics.json` keyed by the file's stamp.

Filter words (all must hold): `lr>=1e-3` (a param or a metric, `best:acc` for a
metric's best; `=`, `!=`, and `<`, `<=`, `>`, `>=` against a number), `status:running`,
`exp:3kf` (an experiment id prefix), `#tag` (the experiment's tags), `gate:skipped`, or
any text of the run (id, command, hypothesis, note).
"""

from __future__ import annotations

import json
import operator
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from itertools import chain
from typing import Any

from credo.display import visible
from credo.domain.models import (
    Divergence,
    Experiment,
    ParamValue,
    Run,
    RunStatus,
    code_mark,
    now,
)
from credo.domain.timebox import run_seconds, run_took, unstarted_words
from credo.errors import BadInputError, CredoError
from credo.runs.fingerprint import data_digest
from credo.runs.metrics import METRICS_FILE, lower_is_better, metric_words, read_metrics
from credo.runs.numbers import DIGITS, digits_apart, param_text, written
from credo.runs.params import typed, with_params_so_far
from credo.store.ids import short_ids
from credo.store.store import Store

SUMMARY_CACHE = "run-metrics.json"
FIXED = ("status", "run", "exp", "commit", "started", "took", "gate", "by", "data")
"""The columns every table has (`by`, the agent that started a run, once one did);
then params, final metrics, best metrics."""
WHICH_RUN = ("status", "run")
"""The columns that say which run a row is: the first where not all columns fit (the
runs view keeps them in view as the others scroll)."""
BEST = "best:"
NO_RUNS_YET = "No runs yet: credo run -- python train.py records one"
"""What the runs table says with no run at all (`credo runs ls`, the app's runs view)."""


@dataclass
class RunRow:
    """A run as the table shows it (every value plain; formatting is `cell`'s)."""

    run: Run
    id: str
    short: str
    state: str
    exp_short: str
    hypothesis: str
    tags: list[str]
    duration: float | None
    metrics: dict[str, float]
    best: dict[str, float]
    diverged: dict[str, Divergence]
    """The metrics that became NaN or infinite: no value to sort or filter on."""
    gate: str
    data: str
    text: str = field(repr=False, default="")
    """Everything a text filter looks in, lower-cased."""
    values: dict[str, Any] = field(repr=False, init=False)
    """The params and the final metrics by name (a param wins): what a sort or a filter
    on one of them reads, at one look for each of thousands of rows."""

    started_at: float = field(repr=False, init=False)
    """When the run started, in seconds since the epoch: what a sort by `started` compares."""

    def __post_init__(self) -> None:
        self.values = {**self.metrics, **self.run.params}
        self.started_at = self.run.started.timestamp()

    def value(self, column: str) -> Any:
        """The raw value of `column` (None when this run has none)."""
        return getter(column)(self)

    def cell(self, column: str, *, brief: bool = False, digits: int = DIGITS) -> str:
        """`column` as the table writes it, on one line (a param logged as "a\nb" shows
        its line break as a sign, never splitting the row); `brief`: the status in one
        word (`running` of `running on gpu-07 · SLURM job 812_3`), where a row has no
        room for more (the run's facts say it whole); a metric with `digits` significant
        digits, its column's (`column_digits`)."""
        if column == "started":  # a run that never started was not started when queued
            return unstarted_words(self.run) or f"{self.run.started.astimezone():%m-%d %H:%M}"
        if column == "status":
            status = self.run.status
            return visible(
                status.word(self.state) if brief else status.said(self.state), lines=False
            )
        if column == "took":
            return (
                ""
                if self.duration is None
                else run_took(self.run.status, timedelta(seconds=self.duration))
            )
        if column in self.diverged and column not in self.values:
            return metric_words(self.diverged[column])
        value = self.value(column)
        if isinstance(value, float) and column not in self.run.params:  # a metric's
            return written(value, digits)
        return visible(words(value), lines=False)


_FIXED_VALUES: dict[str, Callable[[RunRow], Any]] = {
    "status": lambda row: row.state,
    "run": lambda row: row.short,
    "exp": lambda row: row.exp_short,
    "commit": lambda row: code_mark(row.run),
    "started": lambda row: row.run.started,
    "took": lambda row: row.duration,
    "gate": lambda row: row.gate,
    "by": lambda row: row.run.actor,
    "data": lambda row: row.data,
}


@cache
def getter(column: str) -> Callable[[RunRow], Any]:
    """How a row's raw value of `column` is read, found once for the column (a sort or
    a filter reads one column of thousands of rows)."""
    fixed = _FIXED_VALUES.get(column)
    if fixed is not None:
        return fixed
    if column.startswith(BEST):
        name = column[len(BEST) :]
        return lambda row: row.best.get(name)
    return lambda row: row.values.get(column)


def column_digits(rows: list[RunRow], names: list[str]) -> dict[str, int]:
    """The significant digits of each of the columns `names` over `rows`: a metric's
    values written together (`digits_apart`), so that `0.3` and `0.30001` in two rows of
    one column do not both read `0.3`; 4 for any other column."""
    found = dict.fromkeys(names, DIGITS)
    for name in (name for name in names if name not in FIXED):
        value_of = getter(name)
        values = [
            value
            for row in rows
            if isinstance(value := value_of(row), float) and name not in row.run.params
        ]
        found[name] = digits_apart(values)
    return found


def words(value: Any) -> str:
    """A cell's text of a value that is no metric's: a param as it was given
    (`param_text`), a word, or "" for none."""
    return "" if value is None else param_text(value)


BEFORE_THE_GATE = {"passed": True, "note": "no checklist gate in this credo"}
"""The gate of a run that a credo from before the checklist gate recorded: nothing
checked that run, so it did not pass anything."""


def gate_cell(gate: dict[str, object]) -> str:
    """`passed`, `passed · 1 offered · 2 verified`, `acknowledged: 2 failed`, `skipped:
    reason`, `none` (credo had no gate then), or empty (no gate recorded)."""
    if not gate:
        return ""
    if gate == BEFORE_THE_GATE:
        return "none"
    if gate.get("skipped"):
        reason = gate.get("skip_reason")
        return f"skipped: {reason}" if reason else "skipped"
    if not gate.get("passed"):
        return "closed"
    cell = acknowledged_words(gate_entries(gate, "acknowledged")) or "passed"
    verified = gate.get("evidence_ids")
    counts = {
        "offered": len(gate_entries(gate, "offered")),
        "verified": len(verified) if isinstance(verified, list) else 0,
    }
    return " · ".join([cell, *(f"{n} {how}" for how, n in counts.items() if n)])


def acknowledged_words(read: list[dict[str, str]]) -> str:
    """`acknowledged: 2 failed` of a run that went on over failed checks someone had read
    (`gate_entries`), empty of any other: as `credo runs ls` and the report say it."""
    return f"acknowledged: {len(read)} failed" if read else ""


def gate_entries(gate: dict[str, object], kind: str) -> list[dict[str, str]]:
    """What a run's gate record keeps under `kind`: `acknowledged`, the failed checks it
    went on over because someone had read them (`check`, `by`, `at`, `note`, `evidence`);
    `offered`, the checks held by what credo knew, not ticked (`check`, `offer`). None
    in a record older than that (or one a hand mangled)."""
    found = gate.get(kind)
    if not isinstance(found, list):
        return []
    return [
        {str(k): str(v) for k, v in entry.items()} for entry in found if isinstance(entry, dict)
    ]


# -- building ------------------------------------------------------------------


def load_rows(
    store: Store,
    runs: Iterable[Run],
    experiments: dict[str, Experiment],
    states: dict[str, str] | None = None,
) -> list[RunRow]:
    """A row for each of `runs` (a running run's params and metrics as its files hold
    them so far: see `metric_summaries`), `experiments` as the caller read them."""
    runs = [
        with_params_so_far(run, store.run_folder(run.id))
        if run.status == RunStatus.RUNNING
        else run
        for run in runs
    ]
    summaries = metric_summaries(store, runs)
    return build_rows(runs, experiments, summaries, states or {})


def build_rows(
    runs: list[Run],
    experiments: dict[str, Experiment],
    summaries: dict[str, Summary],
    states: dict[str, str],
    at: datetime | None = None,
) -> list[RunRow]:
    shorts = short_ids([run.id for run in runs])
    exp_shorts = short_ids(list(experiments))
    moment = at or now()
    digests: dict[tuple[tuple[str, str], ...], str] = {}  # most runs saw the same data
    rows = []
    for run in runs:
        exp = experiments.get(run.experiment) if run.experiment else None
        last, best, diverged = summaries.get(run.id, (run.metrics, run.best, run.diverged))
        duration = run_seconds(run)
        if run.status == RunStatus.RUNNING:
            duration = (moment - run.started).total_seconds()
        hypothesis = exp.hypothesis if exp else ""
        exp_short = "" if run.experiment is None else exp_shorts[run.experiment]
        state = states.get(run.id, run.status.value)
        rows.append(
            RunRow(
                run=run,
                id=run.id,
                short=shorts[run.id],
                state=state,
                exp_short=exp_short,
                hypothesis=hypothesis,
                tags=list(exp.tags) if exp else [],
                duration=duration,
                metrics=last,
                best=best,
                diverged=diverged,
                gate=gate_cell(run.gate),
                data=_digest(run.data, digests),
                text=" ".join(
                    (run.id, state, " ".join(run.command), hypothesis, run.note, exp_short)
                    + ((run.actor,) if run.actor else ())
                ).lower(),
            )
        )
    return rows


def _digest(data: dict[str, str], known: dict[tuple[tuple[str, str], ...], str]) -> str:
    if not data:
        return ""
    key = tuple(data.items())
    found = known.get(key)
    if found is None:
        found = known[key] = data_digest(data)
    return found


Summary = tuple[dict[str, float], dict[str, float], dict[str, Divergence]]
"""A run's metrics as its file holds them: (last, best, diverged)."""


def metric_summaries(store: Store, runs: list[Run]) -> dict[str, Summary]:
    """(last, best, diverged) of each metric, for the runs whose record cannot say: still
    running, or ended before credo kept the best values. Read from `metrics.jsonl`, cached
    by the file's stamp; runs with nothing on disk are left out (their record stands)."""
    wanted = [r for r in runs if r.status == RunStatus.RUNNING or (r.metrics and not r.best)]
    if not wanted:
        return {}
    cache: dict[str, Any] = {}
    raw = store.read_cache(SUMMARY_CACHE)
    if raw is not None:
        try:
            found = json.loads(raw)
            cache = found if isinstance(found, dict) else {}
        except ValueError:
            cache = {}
    summaries: dict[str, Summary] = {}
    fresh: dict[str, Any] = {}
    for run in wanted:
        try:
            path = store.run_folder(run.id) / METRICS_FILE
            info = os.lstat(path)
        except (OSError, CredoError):  # none, or a folder credo does not read (a link)
            continue
        stamp = [info.st_mtime_ns, info.st_size, info.st_ino]
        entry = cache.get(run.id)
        if not (isinstance(entry, list) and len(entry) == 4 and entry[0] == stamp):
            series = read_metrics(path)
            diverged = {name: d.model_dump() for name, d in series.diverged.items()}
            entry = [stamp, series.last(), series.best(), diverged]
        fresh[run.id] = entry
        summaries[run.id] = (_floats(entry[1]), _floats(entry[2]), _divergences(entry[3]))
    if fresh != {k: cache.get(k) for k in fresh}:
        store.write_cache(SUMMARY_CACHE, json.dumps(fresh).encode())
    return summaries


def _floats(value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        return {}
    return {str(k): float(v) for k, v in value.items() if isinstance(v, int | float)}


def _divergences(value: Any) -> dict[str, Divergence]:
    if not isinstance(value, dict):
        return {}
    found = {}
    for name, where in value.items():
        try:
            found[str(name)] = Divergence.model_validate(where)
        except ValueError:  # a cache file damaged by hand: that one is left out
            continue
    return found


# -- columns -------------------------------------------------------------------


def columns(rows: list[RunRow]) -> list[str]:
    """The table's columns: the fixed ones, then the params the runs have (the most
    common first), the metrics' final values, then their best values."""
    return column_names(
        [row.run.params for row in rows],
        [(*row.metrics, *row.diverged) for row in rows],
        any(row.run.actor for row in rows),
    )


def column_names(
    params: Iterable[Iterable[str]], metrics: Iterable[Iterable[str]], by_agent: bool
) -> list[str]:
    """`columns` of runs with these param and metric names (`by` when an agent started
    one): also what TAB offers after `credo runs ls --sort`, read from the run records."""
    param_counts = Counter(chain.from_iterable(params))
    metric_counts = Counter(chain.from_iterable(metrics))
    by_count = sorted(param_counts, key=lambda n: -param_counts[n])
    metric_names = sorted(metric_counts, key=lambda n: -metric_counts[n])
    metric_names = [n for n in metric_names if n not in param_counts]
    fixed = [c for c in FIXED if c != "by" or by_agent]
    return [*fixed, *by_count, *metric_names, *(BEST + n for n in metric_names)]


def narrow_rank(column: str, same: bool) -> int:
    """Where a column goes in a table too narrow for all of them (a stable sort keeps
    the order within each rank), the runs view's and `credo runs ls`'s: which run (its
    status and id), then the params and metrics the runs differ in, then the rest of
    what differs (experiment, commit, when, gate...), then what every row holds alike."""
    if same:
        return 3
    if column in WHICH_RUN:
        return 0
    return 2 if column in FIXED else 1


def header(column: str) -> str:
    """A column's title: a best value shows which way is better (`acc ↑`, `loss ↓`)."""
    if column.startswith(BEST):
        name = column[len(BEST) :]
        return f"{visible(name, lines=False)} {'↓' if lower_is_better(name) else '↑'}"
    return visible(column, lines=False)


# -- sorting and filtering -----------------------------------------------------


def sort_rows(rows: list[RunRow], column: str, descending: bool = False) -> list[RunRow]:
    """Sorted by `column`: numbers (and start times) before words, after them when
    descending; runs without a value come last either way. Each kind is sorted on its
    own, by plain keys read once per row (a sort of thousands runs on the UI thread)."""
    value_of = _started_at if column == "started" else getter(column)
    numbers: list[tuple[float, RunRow]] = []
    texts: list[tuple[str, RunRow]] = []
    missing: list[RunRow] = []
    for row in rows:
        value = value_of(row)
        if value is None:
            missing.append(row)
        elif isinstance(value, int | float):  # bool too
            numbers.append((value, row))
        else:
            texts.append((str(value).lower(), row))
    numbers.sort(key=_first, reverse=descending)
    texts.sort(key=_first, reverse=descending)
    first, then = (texts, numbers) if descending else (numbers, texts)
    return [row for _, row in first] + [row for _, row in then] + missing


def _first(pair: tuple[Any, RunRow]) -> Any:
    return pair[0]


def _started_at(row: RunRow) -> float:
    return row.started_at


_COMPARISON = re.compile(r"^([^\s<>=!#][^\s<>=!]*?)(>=|<=|!=|==|=|>|<)([^=<>!].*)$")
STATES = (
    RunStatus.QUEUED.value,
    "starting",  # a SLURM job running on its node before credo there has taken it
    *(status.value for status in RunStatus if status != RunStatus.QUEUED),
)
"""The words a run's state starts with, as `status:` reads them."""
GATES = ("passed", "acknowledged", "closed", "skipped", "none")
"""The words a run's gate starts with (`gate_cell`), as `gate:` reads them."""
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
    "==": operator.eq,
    "!=": operator.ne,
}
_ORDERINGS = ("<", "<=", ">", ">=")
_WORD_COLUMNS = frozenset(FIXED) - {"started", "took"}
"""The fixed columns that hold words, which have no order a filter could compare."""


@dataclass
class RowFilter:
    """Filter words read once; `apply(rows)` keeps the rows that pass them all."""

    tests: list[Callable[[RunRow], bool]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    """The columns it compares (`lr>=1e-3`: `lr`), for a face to check they exist."""

    def apply(self, rows: list[RunRow]) -> list[RunRow]:
        for test in self.tests:  # word by word: each reads fewer rows than the last
            rows = [row for row in rows if test(row)]
        return rows


def parse_filter(text: str, since: date | None = None) -> RowFilter:
    """The filter words of `text` (see the module's doc); BadInputError names a word
    that cannot be read (`lr>=` with no value)."""
    found = RowFilter()
    if since is not None:
        found.tests.append(lambda row: row.run.started.astimezone().date() >= since)
    for word in text.split():
        found.tests.append(_test_of(word))
        match = _COMPARISON.match(word)
        if match is not None:
            found.names.append(match.group(1))
    return found


def _test_of(word: str) -> Callable[[RunRow], bool]:
    low = word.lower()
    if low.startswith("status:"):
        status = low.removeprefix("status:")
        if not any(state.startswith(status) for state in STATES):
            raise BadInputError(
                f"{word}: no run has that status; runs are {', '.join(STATES[:-1])} or {STATES[-1]}"
            )
        return lambda row: row.state.lower().startswith(status)
    if low.startswith("exp:"):
        prefix = low.removeprefix("exp:")
        return lambda row: (row.run.experiment or "").startswith(prefix)
    if low.startswith("gate:"):
        gate = low.removeprefix("gate:")
        if not any(word.startswith(gate) for word in GATES):
            raise BadInputError(
                f"{word}: no run's gate says that; gates are {', '.join(GATES[:-1])} or {GATES[-1]}"
            )
        return lambda row: row.gate.startswith(gate)
    if low.startswith("#") and len(low) > 1:
        return lambda row: low[1:] in (tag.lower() for tag in row.tags)
    match = _COMPARISON.match(word)
    if match is None:
        if any(sign in word for sign in "<>="):  # `lr>=`, `=3`, `lr=>1e-3`: a comparison
            raise BadInputError(f"cannot read the filter {word!r}: write it as name>=value")
        return lambda row: low in row.text
    name, op, wanted_text = match.groups()
    if name == "started":
        raise BadInputError(
            f"cannot read the filter {word!r}: started is a date, which filter words do not "
            "compare; use `credo runs ls --since WHEN` (monday, '3 days ago', 2026-12-01)"
        )
    if op in _ORDERINGS and name in _WORD_COLUMNS:
        raise BadInputError(
            f"cannot read the filter {word!r}: {name} holds words, and <, <=, >, >= compare "
            "numbers; use = or !="
        )
    wanted = typed(wanted_text)
    if op in _ORDERINGS and not _number(wanted):
        raise BadInputError(
            f"cannot read the filter {word!r}: {wanted_text!r} is not a number, "
            "and <, <=, >, >= compare numbers"
        )
    compare = _OPS[op]
    value_of = getter(name)

    def test(row: RunRow) -> bool:
        value = value_of(row)
        if value is None:
            return False
        return _compare(value, wanted, compare, op)

    return test


def _compare(value: Any, wanted: ParamValue, compare: Callable[[Any, Any], bool], op: str) -> bool:
    if _number(value) and _number(wanted):
        return value == value and compare(value, wanted)  # NaN (not equal to itself): never
    if op in _ORDERINGS:  # a number, read as one: a row's text has no order to it
        return False
    return compare(words(value).lower(), words(wanted).lower())


def _number(value: Any) -> bool:
    """A number to compare, and true or false none (Python's bool is an int: amp=1 would
    find amp=true)."""
    return isinstance(value, int | float) and not isinstance(value, bool)
