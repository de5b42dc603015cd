"""Waiting for a Textual app to be still, shared by the interface tests."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.worker import WorkerCancelled


async def workers_done(app: App[Any]) -> None:
    """Wait until no worker is running; a worker cancelled by a newer one is not an error.

    The Markdown pane cancels its own render when a second update arrives, so a
    plain `wait_for_complete()` raises now and then depending on timing.
    """
    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        return


async def settle(pilot: Any) -> None:
    """Let workers finish, and the workers their answers start, then let the screen repaint."""
    for _ in range(20):
        await workers_done(pilot.app)
        await pilot.pause()
        if not any(not worker.is_finished for worker in pilot.app.workers):
            break
    await pilot.pause()
