"""After a merge leaves two experiments running, every face names the same one: the
header's countdown, `credo run`, the gate's experiment and the commit trailer."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from credo.actions import experiments as exp_actions
from credo.actions.checks import running_experiment_id
from credo.domain.current import running_experiment
from credo.domain.models import ExperimentStatus
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.widgets.countdown import Countdown
from pilots import until

from repos import commit_file, git

EARLY, LATE = datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2026, 12, 1, 10, tzinfo=UTC)


async def test_two_running_after_a_merge_are_one_current_experiment(
    store: Store, credo: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    root = store.project_root
    assert credo(root, "hooks", "install").returncode == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "credo")
    first = git(root, "branch", "--show-current")
    git(root, "checkout", "-q", "-b", "teammate")
    # The teammate's started first, and was paused and resumed last: touched last.
    theirs, _ = exp_actions.start_experiment(store, "Theirs: balance the domains", at=EARLY)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "theirs")
    git(root, "checkout", "-q", first)
    mine, _ = exp_actions.start_experiment(store, "Mine: a smaller learning rate", at=LATE)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "mine")
    git(root, "checkout", "-q", "teammate")
    exp_actions.pause_experiment(store, theirs.id)
    exp_actions.resume_experiment(store, theirs.id)
    git(root, "commit", "-q", "-am", "theirs again")
    git(root, "checkout", "-q", first)
    git(root, "merge", "-q", "teammate")

    merged = Store.open(root)
    both = {e.id: e for e in merged.experiments()}
    assert {both[theirs.id].status, both[mine.id].status} == {ExperimentStatus.RUNNING}
    assert both[theirs.id].updated > both[mine.id].updated  # the old header's pick

    assert running_experiment(merged.experiments()).id == mine.id  # type: ignore[union-attr]
    assert exp_actions.running_experiment(merged).id == mine.id  # type: ignore[union-attr]
    assert running_experiment_id(merged) == mine.id

    sha = commit_file(root, "train.py", "print('hi')\n", "Train")
    assert f"Credo-Experiment: {mine.id}" in git(root, "log", "-1", "--format=%B", sha)

    ran = credo(root, "run", "--skip-gate", "--", sys.executable, "-c", "pass")
    assert ran.returncode == 0, ran.stderr
    [run] = Store.open(root).runs()
    assert run.experiment == mine.id

    app = CredoApp(merged)
    async with app.run_test(size=(120, 40)) as pilot:
        countdown = app.screen.query_one(Countdown)
        await until(pilot, lambda: countdown.experiment is not None, "the countdown's look")
        assert countdown.experiment is not None and countdown.experiment.id == mine.id
