"""The verdict beside the curves in the log view: the same lines `credo run` ends with."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from credo.domain.models import Experiment, GitState, Run
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.widgets.run_verdict import RunVerdict
from pilots import screen_text, settle

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


@asynccontextmanager
async def metrics_tab(tmp_path: Path, size: tuple[int, int]) -> AsyncIterator[tuple[CredoApp, Any]]:
    """The log's Metrics tab of an experiment whose one run starts at loss 4.61."""
    store, _ = Store.init(tmp_path)
    store.create(Experiment(id="e001aaaabbbbcccc", hypothesis="A wide head", timebox="25m"))
    a_run(store, "r001aaaabbbbcccc", 4.61)
    app = CredoApp(store, refresh_seconds=60)
    async with app.run_test(size=size) as pilot:
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        yield app, pilot


async def test_the_log_view_shows_the_runs_verdict_beside_its_curves(tmp_path: Path) -> None:
    async with metrics_tab(tmp_path, (130, 40)) as (app, _):
        shown = str(app.screen.query_one(RunVerdict).render())
        store = app.store
    assert shown.startswith("verdict")
    assert "✗ loss-at-init: first train loss 4.61 vs 2.3 = ln 10 ±10%" in shown
    assert "✓ losses-logged, log-every-step: train loss at 20 steps, valid loss at 20" in shown
    # the view reads the run again and records nothing: the ladder is as stored
    assert "next rung: Start simple: a small architecture: done? credo check" in shown
    assert store.evidence() == []


async def test_a_verdict_too_long_for_its_room_scrolls_to_its_last_line(tmp_path: Path) -> None:
    """At 80x24 the verdict beside the curves was cut at its room mid-sentence, its last
    lines (the next rung and its command) out of reach with no sign; it now scrolls, a
    scrollbar saying there is more, and j or end reaches the end."""
    async with metrics_tab(tmp_path, (80, 24)) as (app, pilot):
        assert "next rung" not in screen_text(app)  # below the verdict's room
        pane = app.screen.query_one("#verdict-scroll")
        assert pane.show_vertical_scrollbar
        await pilot.click(pane)
        await pilot.press("end")
        await settle(pilot)
        assert "training-recipe --tick start-simple" in screen_text(app)  # the last line
        assert "loss · this run" in screen_text(app)  # the curves keep their room
