"""A run's command two ways: as its record keeps it, shared through git, with its secrets
redacted (`params.shared_command`); and whole, kept beside the record in this clone only
(`FULL_COMMAND_FILE`, always git-ignored), for what starts or shows it here.
"""

from __future__ import annotations

import json
from pathlib import Path

from credo.domain.models import Run
from credo.errors import BadFileError, CredoError
from credo.runs.params import REDACTED, shared_command
from credo.store.confine import read_in_folder
from credo.store.files import atomic_write
from credo.store.store import Store

FULL_COMMAND_FILE = "full-command.json"
"""The command with its secrets, when `run.toml` keeps it redacted: never shared."""


def recorded_command(folder: Path, command: list[str]) -> list[str]:
    """The command as the run's record keeps it: with its secrets redacted, the whole
    command then kept beside it in `folder`."""
    shared = shared_command(command)
    if shared != command:
        atomic_write(folder / FULL_COMMAND_FILE, json.dumps(command).encode())
    return shared


def local_command(store: Store, run: Run) -> list[str] | None:
    """The run's whole command as this clone knows it: its record's, or the one kept
    beside it when the record has secrets redacted (None: not kept here, or broken)."""
    if REDACTED not in run.command:
        return list(run.command)
    try:
        folder = store.run_folder(run.id)
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
        label = f".credo/runs/{run.id}/{FULL_COMMAND_FILE}"
        raise CredoError(
            f"run {run.id[:7]}'s command has secrets, kept only in the clone that queued it,"
            f" and {label} is missing or broken: queue the run again from a clone that has them"
        )
    return whole
