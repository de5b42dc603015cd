"""overfit-ten and more-data on long, noisy valid curves: a change counts only beyond the
curve's noise (a valid loss read on one random batch a step strays by tens of percent).

The curves are simulated (a level times Gaussian noise per point, seeded); the false-pass
and false-fail rates over many of them are in the commit that made the rule noise-aware.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pytest

from credo.checklists.verifiers import RunFacts, Verifier, more_data, overfit_ten
from credo.domain.models import Run
from credo.runs.metrics import Series

STEPS = 2000


def noisy(level: Callable[[float], float], noise: float, seed: int) -> list[tuple[float, float]]:
    """A valid curve of STEPS points: `level` (of the run's progress, 0 to 1) times noise."""
    draw = random.Random(seed)
    return [
        (float(step), level(step / (STEPS - 1)) * max(0.01, 1 + draw.gauss(0, noise)))
        for step in range(STEPS)
    ]


def seen(verifier: Verifier, rung: str, valid: list[tuple[float, float]]) -> bool | None:
    """What `verifier` says of a run marked `rung` whose train loss went to about zero."""
    run = Run(id="noisyrun", command=["python", "train.py"], params={"rung": rung})
    train = [(float(step), 2.3 * (1 - step / STEPS) + 0.001) for step in range(STEPS)]
    found = verifier(RunFacts(run, Series(curves={"loss": train, "valid_loss": valid})), {})
    assert found is not None
    return found.passed


def flat(progress: float) -> float:
    return 1.0


def learned_then_flat(progress: float) -> float:
    return 1.0 + 2.0 * math.exp(-20 * progress)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("level", [flat, learned_then_flat])
def test_a_long_flat_noisy_plateau_does_not_overfit(seed: int, level: Callable[..., float]) -> None:
    """The lowest of a plateau's windows lies under its last by chance: overfit-ten said
    "valid loss rose from 0.93 to 1.02: it overfits" of most such runs."""
    assert seen(overfit_ten, "overfit-ten", noisy(level, 0.5, seed)) is not True


@pytest.mark.parametrize("seed", range(6))
def test_a_long_flat_noisy_plateau_does_not_learn(seed: int) -> None:
    """Its last level lies under its first half the time: more-data said "the model learns"."""
    assert seen(more_data, "more-data", noisy(flat, 0.5, seed)) is not True


@pytest.mark.parametrize("seed", range(3))
def test_a_clear_rise_overfits_and_a_clear_fall_learns(seed: int) -> None:
    def overfits(progress: float) -> float:  # down to its lowest at 40%, then up by half
        return 1 + 2 * (0.4 - progress) / 0.4 if progress < 0.4 else 1 + (progress - 0.4) / 1.2

    assert seen(overfit_ten, "overfit-ten", noisy(overfits, 0.2, seed)) is True
    assert seen(more_data, "more-data", noisy(lambda p: 1 - 0.5 * p, 0.2, seed)) is True
    assert seen(more_data, "more-data", noisy(learned_then_flat, 0.2, seed)) is True


def test_a_change_within_the_noise_cannot_tell_and_says_why() -> None:
    run = Run(id="noisyrun", command=["python", "train.py"], params={"rung": "more-data"})
    facts = RunFacts(run, Series(curves={"valid_loss": noisy(flat, 0.5, 2)}))  # a little down
    found = more_data(facts, {})
    assert found is not None and found.passed is None
    assert "no more than its noise can make by chance: read the valid loss on more" in (
        found.summary
    )
