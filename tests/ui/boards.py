"""The board's fixed day and tasks made on it, for the board fixtures (conftest.py) and
the tests: a test imports these from here, never from `conftest`, a name every test
folder's conftest.py is loaded under (the last one loaded wins)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from credo.domain.models import Task
from credo.store import Store

TODAY = date(2026, 11, 25)
CREATED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def make_task(store: Store, n: int, title: str, **fields: object) -> Task:
    task = Task.model_validate(
        {
            "id": f"t{n:03d}aaaabbbbcccc",
            "title": title,
            "created": CREATED,
            "updated": CREATED,
            "order": float(n),
            **fields,
        }
    )
    store.create(task)
    return task


def task_file(store: Store, task_id: str) -> Path:
    return store.credo_dir / "tasks" / f"{task_id}.toml"
