"""Facts credo knows that answer a pack item (`offer = "NAME"` in the pack): the item is
offered as held, a suggested answer a person has not given, until they mark it "not yet"
(which wins for the experiment it is marked in)."""

from __future__ import annotations

from datetime import datetime

from credo.domain.models import Experiment, ExperimentStatus
from credo.store.store import Store

OFFERS = {"timebox-started": "the experiment's timebox started"}
"""Each fact an item may name, and what it says (as the report says it of a run)."""

STARTED = (ExperimentStatus.RUNNING, ExperimentStatus.PAUSED)
"""An experiment whose timebox started and is not closed: a pause stops its clock, and
its timebox started all the same."""


def when(moment: datetime, now: datetime | None = None) -> str:
    """`10:02` today (local time), else `2026-03-01 10:02`."""
    local, today = moment.astimezone(), (now or datetime.now().astimezone()).date()
    return local.strftime("%H:%M" if local.date() == today else "%Y-%m-%d %H:%M")


class Offers:
    """What credo knows of an experiment that answers an item; the experiments are read
    once, on the first item that asks."""

    def __init__(self, store: Store, now: datetime | None = None) -> None:
        self.store = store
        self.now = now
        """The moment its words are said at (the app's clock), else the wall's."""
        self.experiments: dict[str, Experiment] | None = None

    def __call__(self, offer: str, experiment_id: str | None) -> str:
        """The fact `offer` names, in words (`the timebox started 10:02`), when it is true
        of the experiment `experiment_id` (running or paused); "" when it is not (or there
        is none)."""
        if offer != "timebox-started" or experiment_id is None:
            return ""
        if self.experiments is None:
            self.experiments = {e.id: e for e in self.store.experiments()}
        exp = self.experiments.get(experiment_id)
        if exp is None or exp.status not in STARTED or exp.started is None:
            return ""
        return f"the timebox started {when(exp.started, self.now)}"
