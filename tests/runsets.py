"""A small learning-rate sweep on disk, shared by the runs table's CLI and UI tests.

Two experiments (the baseline and a sweep), five runs with params, metrics files,
output logs, one gate skipped with a reason, and one run that saw other data.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from credo.domain.models import Experiment, GitState, Run
from credo.store import Store

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
SHA = "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d"
DATA = {"data/train.jsonl": "blake2b:3f9c1a2b00 size=1200"}


def experiment(store: Store, n: int, hypothesis: str, **fields: Any) -> Experiment:
    exp = Experiment.model_validate(
        {
            "id": f"e{n:03d}aaaabbbbcccc",
            "hypothesis": hypothesis,
            "timebox": "25m",
            "status": "done",
            "started": NOW - timedelta(days=5 - n),
            "created": NOW - timedelta(days=5 - n),
            "updated": NOW - timedelta(days=5 - n),
            **fields,
        }
    )
    store.create(exp)
    return exp


def run(
    store: Store,
    n: int,
    exp: Experiment,
    params: dict[str, Any],
    losses: list[float],
    accs: list[float],
    **fields: Any,
) -> Run:
    started = NOW - timedelta(hours=10 - n)
    record = Run.model_validate(
        {
            "id": f"r{n:03d}aaaabbbbcccc",
            "experiment": exp.id,
            "command": ["python", "train.py", *(f"--{k}={v}" for k, v in params.items())],
            "status": "succeeded",
            "started": started,
            "ended": started + timedelta(minutes=3 + n),
            "exit_code": 0,
            "created": started,
            "updated": started,
            "git_start": GitState(sha=SHA, branch="main"),
            "params": params,
            "metrics": {"loss": losses[-1], "acc": accs[-1]},
            "best": {"loss": min(losses), "acc": max(accs)},
            "gate": {"passed": True, "review_ids": ["v001aaaabbbbcccc"]},
            "data": DATA,
            **fields,
        }
    )
    store.create(record)
    folder = store.credo_dir / "runs" / record.id
    lines = [
        json.dumps({"step": step, "time": started.timestamp() + step, "loss": loss, "acc": acc})
        for step, (loss, acc) in enumerate(zip(losses, accs, strict=True))
    ]
    (folder / "metrics.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "output.log").write_text(
        "".join(f"step {i} loss {loss:.3f}\n" for i, loss in enumerate(losses))
    )
    return record


def sweep(root: Path) -> Store:
    """The baseline (1 run) and a learning-rate sweep (4 runs), outside git."""
    root.mkdir(parents=True, exist_ok=True)
    store, _ = Store.init(root)
    base = experiment(store, 1, "Logistic regression baseline", baseline=True, tags=["base"])
    sweep_exp = experiment(store, 2, "A higher learning rate trains faster", tags=["lr"])
    run(store, 1, base, {"lr": 0.01, "batch": 64}, [0.9, 0.7, 0.6], [0.6, 0.7, 0.74])
    run(store, 2, sweep_exp, {"lr": 0.0001, "batch": 64}, [0.9, 0.85, 0.8], [0.5, 0.55, 0.6])
    run(store, 3, sweep_exp, {"lr": 0.001, "batch": 64}, [0.9, 0.5, 0.4], [0.6, 0.8, 0.83])
    run(
        store,
        4,
        sweep_exp,
        {"lr": 0.003, "batch": 64},
        [0.9, 0.45, 0.5],
        [0.6, 0.85, 0.82],
        gate={"passed": False, "skipped": True, "skip_reason": "quick look", "open_items": ["x"]},
    )
    run(
        store,
        5,
        sweep_exp,
        {"lr": 0.01, "batch": 128},
        [0.9, 1.2, 2.0],
        [0.6, 0.4, 0.3],
        status="failed",
        exit_code=1,
        data={"data/train.jsonl": "blake2b:77aa000000 size=1300"},
        git_start=GitState(sha=SHA, branch="main", dirty=True, diff_hash="d1"),
    )
    return store


def diverged_run(store: Store) -> Run:
    """Run 6 of `sweep`'s sweep: its loss fell to 0.2, then became NaN at step 3."""
    [exp] = [e for e in store.experiments() if not e.baseline]
    return run(
        store,
        6,
        exp,
        {"lr": 0.1, "batch": 64},
        [0.9, 0.3, 0.2],
        [0.6, 0.8, 0.8],
        metrics={"acc": 0.8},
        diverged={"loss": {"step": 3, "value": "nan"}},
    )


def one_queued_one_running(store: Store) -> None:
    """r006 queued and r007 running, in e002, neither lost (their runner is this one)."""
    from credo.runs.liveness import this_runner

    exp = store.read(Experiment, "e002aaaabbbbcccc")
    alive = {"ended": None, "exit_code": None, "runner": this_runner(store.project_root, None)}
    run(store, 6, exp, {"lr": 0.1}, [0.9], [0.6], status="queued", **alive)
    run(store, 7, exp, {"lr": 0.2}, [0.9], [0.6], status="running", **alive)
