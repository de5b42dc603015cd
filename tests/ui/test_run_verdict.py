"""The verdict beside the curves in the log view: the same lines `credo run` ends with."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from credo.domain.models import Experiment, GitState, Run
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.widgets.run_verdict import RunVerdict
from pilots import settle

STARTED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def a_run(store: Store, run_id: str, start: float, **fields: object) -> Run:
    run = Run.model_validate(
        {
            "id": run_id,
            "experiment": "e001aaaabbbbcccc",
            "command": ["python", "train.py"],
            "status": "succeeded",
            "exit_code": 0,
            "started": STARTED,
            "ended": STARTED + timedelta(minutes=2),
            "git_start": GitState(),
            "params": {"num_classes": 10, "seed": 1},
            **fields,
        }
    )
    store.create(run)
    lines = [json.dumps({"step": s, "loss": start * 0.9**s, "valid_loss": 2.3}) for s in range(20)]
    (store.credo_dir / "runs" / run.id / "metrics.jsonl").write_text("\n".join(lines) + "\n")
    return run


async def test_the_log_view_shows_the_runs_verdict_beside_its_curves(tmp_path: Path) -> None:
    store, _ = Store.init(tmp_path)
    store.create(Experiment(id="e001aaaabbbbcccc", hypothesis="A wide head", timebox="25m"))
    a_run(store, "r001aaaabbbbcccc", 4.61)
    app = CredoApp(store, refresh_seconds=60)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        shown = str(app.screen.query_one(RunVerdict).render())
    assert shown.startswith("verdict")
    assert "✗ loss-at-init: first train loss 4.61 vs 2.3 = ln 10 ±10%" in shown
    assert "✓ losses-logged, log-every-step: train loss at 20 steps, valid loss at 20" in shown
    # the view reads the run again and records nothing: the ladder is as stored
    assert "next rung: Start simple: a small architecture: done? credo check" in shown
    assert store.evidence() == []
