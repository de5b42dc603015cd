"""Every user action, as one function called by both the shell and the app.

Each returns the `Change`s it wrote, which is all undo needs (`credo.actions.history`,
imported where undo is: not with every command).
"""

from credo.actions.tasks import (
    add_task,
    agents_only_theirs,
    changed_meanwhile,
    claim_task,
    complete_task,
    complete_tasks,
    conflicted_tasks,
    drop_task,
    drop_tasks,
    edit_task,
    move_task,
    pin_task,
    refuse_anothers,
    remove_task,
    reopen_task,
    reopen_tasks,
    reorder_task,
    start_task,
    stop_task,
    task_in_progress,
    this_one_only,
)

__all__ = [
    "add_task",
    "changed_meanwhile",
    "claim_task",
    "complete_task",
    "complete_tasks",
    "conflicted_tasks",
    "agents_only_theirs",
    "drop_task",
    "drop_tasks",
    "edit_task",
    "move_task",
    "pin_task",
    "refuse_anothers",
    "remove_task",
    "reopen_task",
    "reopen_tasks",
    "reorder_task",
    "start_task",
    "stop_task",
    "task_in_progress",
    "this_one_only",
]
