"""A run's command two ways: as its record keeps it, shared through git, with its secrets
redacted (`params.shared_command`); and whole, kept in this clone only (`FULL_COMMAND_FILE`,
in the run's folder git never carries), for what starts or shows it here.
"""

from __future__ import annotations

import json

from credo.domain.models import Run
from credo.errors import BadFileError, CredoError
from credo.runs.params import REDACTED, shared_command
from credo.store.confine import read_in_folder
from credo.store.files import atomic_write
from credo.store.paths import FULL_COMMAND_FILE
from credo.store.store import Store


def recorded_command(store: Store, run_id: str, command: list[str]) -> list[str]:
    """The command as the run's record keeps it: with its secrets redacted, the whole
    command then kept in the run's folder that git never carries (`Store.run_folder`)."""
    shared = shared_command(command)
    if shared != command:
        folder = store.run_folder(run_id, create=True, private=True)
        atomic_write(folder / FULL_COMMAND_FILE, json.dumps(command).encode(), private=True)
    return shared


def local_command(store: Store, run: Run) -> list[str] | None:
    """The run's whole command as this clone knows it: its record's, or the one kept
    beside it when the record has secrets redacted (None: not kept here, or broken)."""
    if REDACTED not in run.command:
        return list(run.command)
    try:
        folder = store.run_folder(run.id, private=True)
        label = store.label(folder / FULL_COMMAND_FILE)
        whole = json.loads(read_in_folder(folder, FULL_COMMAND_FILE, label, 1 << 20, "command"))
    except (OSError, BadFileError, ValueError, RecursionError):
        return None
    if isinstance(whole, list) and all(isinstance(arg, str) for arg in whole):
        return whole
    return None


def command_to_run(store: Store, run: Run) -> list[str]:
    """What a queued run starts: its whole command (an error when this clone lacks it)."""
    whole = local_command(store, run)
    if whole is None:
        label = store.label(store.run_folder(run.id, private=True) / FULL_COMMAND_FILE)
        short = store.short_id(Run, run.id)
        raise CredoError(
            f"run {short}'s command has secrets, kept only in the clone that queued it,"
            f" and {label} is missing or broken: queue the run again from a clone that has them"
        )
    return whole
