"""Every user action, as one function called by both the shell and the app.

Each returns the `Change`s it wrote, which is all undo needs (see `undo`).
"""

from credo.actions.history import History, undo
from credo.actions.tasks import (
    add_task,
    claim_task,
    complete_task,
    complete_tasks,
    drop_task,
    drop_tasks,
    edit_task,
    move_task,
    pin_task,
    remove_task,
    reopen_task,
    reopen_tasks,
    reorder_task,
    start_task,
    task_in_progress,
    this_one_only,
)

__all__ = [
    "History",
    "add_task",
    "claim_task",
    "complete_task",
    "complete_tasks",
    "drop_task",
    "drop_tasks",
    "edit_task",
    "move_task",
    "pin_task",
    "remove_task",
    "reopen_task",
    "reopen_tasks",
    "reorder_task",
    "start_task",
    "task_in_progress",
    "this_one_only",
    "undo",
]
