"""The marks before a task's title, on the board and in `credo ls`: one source for both."""

from __future__ import annotations

from datetime import date

from credo.domain.models import TASK_IN_PROGRESS, Task, TaskStatus

CLOSED_MARKS = {TaskStatus.DONE: "✓", TaskStatus.DROPPED: "✗"}
"""The mark of a task that is no longer open (shown under a `status:` filter, `ls -a`)."""
IN_PROGRESS_MARK = "▶"
PINNED_MARK = "★"
REPEATS_MARK = "↻"
LINKED_MARK = "⎇"


def task_marks(task: Task, today: date) -> str:
    """What the task itself says of its state: closed, in progress, pinned to `today`,
    repeating (`✓`, `▶★↻`; "" for none). The board adds what it reads elsewhere (commits,
    agents' changes)."""
    status = task.status  # read once: `credo ls` asks ten thousand tasks (`TASK_OPEN`)
    marks = CLOSED_MARKS.get(status, "")
    if status == TASK_IN_PROGRESS:
        marks += IN_PROGRESS_MARK
    if task.pinned == today:
        marks += PINNED_MARK
    if task.every:
        marks += REPEATS_MARK
    return marks
