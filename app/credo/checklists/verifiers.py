"""Verifiers: checks that answer themselves from a recorded run's curves and params.

A pack item names one (`verify = "loss-at-init"`) and gives its parameters
(`verify_params`). Each reads the run's metrics (credo's stream, TensorBoard scalars
copied into it) and params, and returns what it saw: passed, failed (with what to look
at), could not tell (and why), or nothing when the run is not one it judges (an
overfit check on a run that is not that rung).

Only runs that logged a train loss are training runs; the others are left alone.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from credo.domain.models import ParamValue, Run
from credo.runs.metrics import Series
from credo.wording import counted

Curve = list[tuple[float, float]]
TRAIN_LOSS = ("loss", "train_loss", "train/loss", "loss/train")
VALID_LOSS = ("valid_loss", "val_loss", "valid/loss", "val/loss", "loss/valid", "loss/val")
"""The usual names (any case; TensorBoard's `Loss/train` too); a pack may name others."""
RUNG_PARAM = "rung"


@dataclass(frozen=True)
class Seen:
    """What a verifier saw in one run."""

    passed: bool | None
    """None: it could not tell (the summary says why)."""
    summary: str
    details: str = ""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """The files the answer rests on (data-unchanged): it goes stale when they change."""


@dataclass
class RunFacts:
    """A run and what its verifiers may compare it with."""

    run: Run
    series: Series
    twins: Callable[[Run], Iterable[tuple[Run, Curve]]] = lambda run: []
    """Earlier runs at the same code with the same command and params, with their train
    curve (read at least to the end of its first step)."""
    baseline: Run | None = None
    """The baseline's run this one is compared with (`_baseline_run`), if any."""


Params = Mapping[str, ParamValue]
Verifier = Callable[[RunFacts, Params], Seen | None]


def curve(series: Series, params: Params, key: str, aliases: tuple[str, ...]) -> Curve:
    """A loss curve by its name in the pack (`train = "..."`) or by the usual names, in
    any case; a TensorBoard run folder in front (`run1/train/loss`) is allowed."""
    names = [n.lower() for n in ((str(params[key]),) if key in params else aliases)]
    found = {name.lower(): points for name, points in series.curves.items()}
    for name in names:
        if name in found:
            return found[name]
    for name in names:
        if "/" in name:
            for seen, points in found.items():
                if seen.endswith("/" + name):
                    return points
    return []


def train_curve(series: Series, params: Params) -> Curve:
    return curve(series, params, "train", TRAIN_LOSS)


def valid_curve(series: Series, params: Params) -> Curve:
    return curve(series, params, "valid", VALID_LOSS)


def _number(value: ParamValue | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _n(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def _pct(part: float, whole: float) -> str:
    share = 100 * part / whole
    if share < 0.1:
        return "under 0.1%"
    return f"{share:.1f}%" if share < 10 else f"{share:.0f}%"


@dataclass(frozen=True)
class Levels:
    """A noisy curve read as its level along it: the medians of windows of a twentieth of
    its points (each point itself where it has fewer than 40). A valid loss read on one
    random batch a step jumps by tens of percent from one step to the next: its lowest
    point sat far below its last even while it went down to the end, and overfit-ten said
    a run that learned "overfits"."""

    values: list[float]
    width: int
    starts: list[int]
    """Where each window starts (they overlap by three quarters)."""
    medians: list[float]
    share: float
    """The noise of one point as a share of the level (a loss read on a batch strays in
    proportion to it): the median of the windows' robust spreads, each against its median.
    Zero for windows of one point, which show no noise."""

    @classmethod
    def of(cls, points: Curve) -> Levels:
        values = [value for _, value in points]
        width = max(1, len(values) // 20)
        starts = list(range(0, len(values) - width + 1, max(1, width // 4)))
        if starts[-1] != len(values) - width:
            starts.append(len(values) - width)
        windows = [values[start : start + width] for start in starts]
        medians = [statistics.median(window) for window in windows]
        shares = [
            _spread(window, middle) / abs(middle)
            for window, middle in zip(windows, medians, strict=True)
            if middle
        ]
        return cls(values, width, starts, medians, statistics.median(shares) if shares else 0.0)

    def noise(self, values: list[float]) -> float:
        """How far the median of `values` (points of this curve) may stray by chance: its
        standard error."""
        return 1.2533 * self.share * abs(statistics.median(values)) / math.sqrt(len(values))

    def window(self, index: int) -> list[float]:
        start = self.starts[index]
        return self.values[start : start + self.width]


def _spread(values: list[float], middle: float) -> float:
    """A robust standard deviation: the median absolute deviation, scaled."""
    return 1.4826 * statistics.median(abs(value - middle) for value in values)


RISE_SIGMAS = 3.0
"""A rise counts when the later half of the curve after its bottom lies this many standard
errors above the bottom: a long, flat, noisy plateau 'rose' from the lowest of its
windows, which lies below the rest by chance."""
DROP_SIGMAS = 3.0
"""A fall counts when the last level lies this many standard errors under the first."""


def _apart(high: list[float], low: list[float], levels: Levels, sigmas: float) -> float:
    """How far the medians of two stretches of a curve may lie apart by its noise alone."""
    return sigmas * math.hypot(levels.noise(high), levels.noise(low))


def _valid_names(params: Params) -> str:
    return str(params["valid"]) if "valid" in params else ", ".join(VALID_LOSS)


# -- the verifiers --------------------------------------------------------------------


def loss_at_init(facts: RunFacts, params: Params) -> Seen | None:
    """The first train loss is within `tolerance` of `expected`, or of ln C for C classes
    (`classes`, else the run's `num_classes` param)."""
    train = train_curve(facts.series, params)
    if not train:
        return None
    first = train[0][1]
    tolerance = _number(params.get("tolerance")) or 0.1
    expected = _number(params.get("expected"))
    source = ""
    if expected is None:
        classes_param = str(params.get("classes_param", "num_classes"))
        classes = _number(params.get("classes")) or _number(facts.run.params.get(classes_param))
        if classes is None or classes < 2:
            return Seen(
                None,
                f"no {classes_param} param to expect ln C from: record it with "
                f"credo.log_params({classes_param}=…), or set expected in the pack",
            )
        expected, source = math.log(classes), f" = ln {classes:g}"
    wanted = f"{_n(expected)}{source} ±{tolerance:.0%}"
    if abs(first - expected) <= tolerance * abs(expected):
        return Seen(True, f"first train loss {_n(first)}, expected {wanted}")
    if first > expected:
        hint = "check the output layer's initialisation or a missing softmax"
    else:
        hint = "below chance before training: is the loss logged after a step, or do labels leak?"
    return Seen(False, f"first train loss {_n(first)} vs {wanted}: {hint}")


def losses_logged(facts: RunFacts, params: Params) -> Seen | None:
    """Train and valid loss both logged, valid at least every `every` train steps."""
    train = train_curve(facts.series, params)
    if not train:
        return None
    every = max(int(_number(params.get("every")) or 1), 1)
    valid = valid_curve(facts.series, params)
    steps, valid_steps = len({s for s, _ in train}), len({s for s, _ in valid})
    asked = "every step" if every == 1 else f"every {every} steps"
    if not valid:
        return Seen(
            False,
            f"train loss at {counted(steps, 'step')}, no valid loss "
            f"(looked for {_valid_names(params)}): "
            f"log it {asked} with credo.log_metric(valid_loss=…)",
        )
    # two valid steps show a cadence; a one-step run shows it by logging both at once
    if valid_steps >= min(2, steps) and valid_steps * every >= steps - every:
        logged = f"train loss at {counted(steps, 'step')}, valid loss at {valid_steps:,}"
        return Seen(True, f"{logged} ({asked})")
    gap = steps / valid_steps if valid_steps else steps
    return Seen(
        False,
        f"valid loss at {valid_steps:,} of {counted(steps, 'step')} (once per {gap:.0f}; the "
        f"pack asks {asked}): run a forward pass on a random valid batch each step",
    )


def _rung_of(facts: RunFacts) -> str:
    return str(facts.run.params.get(RUNG_PARAM, ""))


def _memorised(train: Curve, below: float) -> tuple[bool, str]:
    start, end = train[0][1], train[-1][1]
    words = f"train loss {_n(start)} → {_n(end)}"
    if start <= 0:
        return False, words + " (it started at or below zero: nothing to memorise)"
    return end <= below * start, f"{words} ({_pct(end, start)} of its start)"


def _overfit(rung: str, examples: str, facts: RunFacts, params: Params) -> Seen | None:
    if _rung_of(facts) != str(params.get("rung", rung)):
        return None
    train = train_curve(facts.series, params)
    if not train:
        return Seen(None, f"this {rung} run logged no train loss")
    below = _number(params.get("below")) or 0.05
    memorised, words = _memorised(train, below)
    if not memorised:
        return Seen(
            False,
            f"{words}, needs under {below:.0%}: the model cannot memorise {examples}: "
            "check the optimiser step (zero_grad, step), the learning rate and the labels",
        )
    if rung == "overfit-one":
        return Seen(True, f"{words}: one example memorised")
    valid = valid_curve(facts.series, params)
    if not valid:
        return Seen(
            False,
            f"{words}, but no valid loss (looked for {_valid_names(params)}): "
            "overfitting shows only against valid loss",
        )
    rise = _number(params.get("rise")) or 0.05
    levels = Levels.of(valid)
    low = min(range(len(levels.medians)), key=levels.medians.__getitem__)
    lowest, last = levels.medians[low], levels.medians[-1]
    if last <= lowest * (1 + rise):
        return Seen(
            False,
            f"{words}, but valid loss did not go up ({_n(levels.medians[0])} → {_n(last)}): "
            "is the valid set made of the training examples?",
        )
    rose = f"valid loss rose from {_n(lowest)} to {_n(last)}"
    bottom, later = _bottom_and_later(levels, levels.starts[low])
    if not later or statistics.median(later) - statistics.median(bottom) <= _apart(
        later, bottom, levels, RISE_SIGMAS
    ):
        return Seen(None, f"{words}; {rose}, {BY_CHANCE}")
    return Seen(True, f"{words}; {rose}: it overfits")


def _bottom_and_later(levels: Levels, start: int) -> tuple[list[float], list[float]]:
    """The points around a curve's lowest window (one window either side too: the lowest
    of many windows lies low by chance), and the later half of those after them."""
    width = levels.width
    after = levels.values[start + 2 * width :]
    return levels.values[max(0, start - width) : start + 2 * width], after[len(after) // 2 :]


BY_CHANCE = (
    "no more than its noise can make by chance: read the valid loss on more samples, "
    "or train longer, to tell"
)


def overfit_one(facts: RunFacts, params: Params) -> Seen | None:
    """A run marked `overfit-one` drove train loss to about zero (under `below` of its start)."""
    return _overfit("overfit-one", "one example", facts, params)


def overfit_ten(facts: RunFacts, params: Params) -> Seen | None:
    """A run marked `overfit-ten` drove train loss to about zero, and valid loss went up."""
    return _overfit("overfit-ten", "ten examples", facts, params)


def more_data(facts: RunFacts, params: Params) -> Seen | None:
    """A run marked `more-data`: valid loss went down over the run."""
    if _rung_of(facts) != str(params.get("rung", "more-data")):
        return None
    valid = valid_curve(facts.series, params)
    if len(valid) < 2:
        return Seen(None, f"this more-data run logged no valid curve ({_valid_names(params)})")
    levels = Levels.of(valid)
    first, last = levels.medians[0], levels.medians[-1]
    went = f"valid loss {_n(first)} → {_n(last)}"
    if last >= first:
        return Seen(
            False, f"{went} did not go down: check shuffling, the labels and the learning rate"
        )
    if first - last <= _apart(levels.window(0), levels.window(-1), levels, DROP_SIGMAS):
        return Seen(None, f"{went}, {BY_CHANCE}")
    return Seen(True, f"{went}: the model learns")


def seed_fixed(facts: RunFacts, params: Params) -> Seen | None:
    """A seed param is recorded; twin runs (same code, command and params) started with
    the same train loss."""
    train = train_curve(facts.series, params)
    if not train:
        return None
    name = str(params.get("param", "seed"))
    seed = facts.run.params.get(name)
    if seed is None:
        return Seen(None, f"no {name} param recorded: set one and log it (credo.log_params)")
    first, starts = train[0][1], len(_first_step(train))
    mixed = ""
    for twin, theirs in facts.twins(facts.run):
        if len(_first_step(theirs)) > starts:  # not compared: an older twin may be
            mixed = mixed or (
                f": run {twin.id} logged {len(_first_step(theirs))} different train losses "
                "at its first step, lines of processes credo did not tell apart then"
            )
            continue
        start = theirs[0][1]
        if math.isclose(first, start, rel_tol=1e-6, abs_tol=1e-9):
            return Seen(True, f"{name} {seed}; started at {first:.6g} like run {twin.id}")
        return Seen(
            False,
            f"{name} {seed}, yet run {twin.id} (same code and params) started at "
            f"{start:.6g} and this one at {first:.6g}: something draws random numbers "
            "outside the seed (numpy, torch, data-loader workers)",
        )
    no_twin = f"no twin run at this code to compare the start{mixed}"
    return Seen(True, f"{name} {seed} recorded ({no_twin})")


def _first_step(train: Curve) -> set[float]:
    """The different train losses logged at a curve's first step: one, but in a run
    recorded before credo marked a distributed training's ranks, whose every process's
    lines came as one's (and its first line was whichever rank wrote first)."""
    return {value for step, value in train if step == train[0][0]}


def data_unchanged(facts: RunFacts, params: Params) -> Seen | None:
    """The run saw the same data (fingerprints) as the baseline's run it is compared with
    (nothing said when that run recorded none)."""
    from credo.runs.fingerprint import digest_of

    run, base = facts.run, facts.baseline
    if base is None or not run.data or not base.data:
        return None
    differ = sorted(
        path
        for path in set(run.data) | set(base.data)
        if digest_of(run.data.get(path, "")) != digest_of(base.data.get(path, ""))
    )
    if not differ:
        return Seen(
            True,
            f"same data as the baseline's run {base.id} ({counted(len(run.data), 'path')})",
            fingerprints=dict(run.data),
        )
    return Seen(
        False,
        f"{', '.join(differ[:3])} differ from the baseline's run {base.id}: a comparison with "
        "it mixes the data change with any other, unless the data change is the experiment",
        fingerprints=dict(run.data),
    )


VERIFIERS: dict[str, Verifier] = {
    "loss-at-init": loss_at_init,
    "losses-logged": losses_logged,
    "overfit-one": overfit_one,
    "overfit-ten": overfit_ten,
    "more-data": more_data,
    "seed-fixed": seed_fixed,
    "data-unchanged": data_unchanged,
}
CURVE_FREE = ("data-unchanged",)
"""Those that read no curve: they answer a run that logged nothing."""
RUNG_VERIFIERS = ("overfit-one", "overfit-ten", "more-data")
"""Those that judge only a run marked as their rung (`credo run --rung NAME`)."""
