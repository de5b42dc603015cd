"""Which experiment is the current one: one rule for the header's countdown, `credo run`,
the gate and the commit trailer, so that they never name different experiments.

One experiment runs at a time, but a merge of two clones can leave two running: then the
one started last is current (ties broken by id, the same on every machine).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from credo.domain.models import Experiment, ExperimentStatus


def started_at(exp: Experiment) -> datetime:
    """When an experiment began: its start, or its creation when it never started."""
    return exp.started or exp.created


def _newest(experiments: Iterable[Experiment], status: ExperimentStatus) -> Experiment | None:
    found = [e for e in experiments if e.status == status]
    return max(found, key=lambda e: (started_at(e), e.id)) if found else None


def running_experiment(experiments: Iterable[Experiment]) -> Experiment | None:
    """The experiment running now (the last started, should a merge leave several)."""
    return _newest(experiments, ExperimentStatus.RUNNING)


def baseline_experiment(experiments: Iterable[Experiment]) -> Experiment | None:
    """The experiment marked as the one to beat (the mark moves, but a merge can leave
    two: then the one marked last)."""
    marked = [e for e in experiments if e.baseline]
    return max(marked, key=lambda e: (e.updated, e.id)) if marked else None


def shown_experiment(experiments: Iterable[Experiment]) -> Experiment | None:
    """The experiment the header counts down: the running one, else the paused one."""
    experiments = list(experiments)
    return running_experiment(experiments) or _newest(experiments, ExperimentStatus.PAUSED)
