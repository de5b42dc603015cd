"""A PATH holding only some tools: a machine without the others (nvidia-smi, SLURM)."""

from __future__ import annotations

import shutil
from pathlib import Path


def bare_path(folder: Path, *tools: str) -> str:
    """A PATH of links to these tools only, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for tool in tools:
        found = shutil.which(tool)
        assert found is not None, f"{tool} is not installed"
        (folder / tool).symlink_to(found)
    return str(folder)
