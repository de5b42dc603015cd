"""`import credo` for a training script that runs where credo is not installed.

credo may live in an environment of its own (pipx, uv tool, a venv) while the script
runs in the project's. `credo run` then puts a folder on the child's PYTHONPATH (after
the child's own entries) holding only `credo/__init__.py`: a copy of credo's logging
module, which imports nothing but the standard library. Its first lines look for a
credo installed where the script runs (the project's own, or credo itself when the
project *is* credo) and, when there is one, give way to it.
"""

from __future__ import annotations

import os
from pathlib import Path

from credo.store.confine import UnsafePathError
from credo.store.files import atomic_write
from credo.store.paths import CACHE_FOLDER
from credo.store.store import Store

SHIM_FOLDER = "python"
"""In `.credo/cache/`: the folder put on the child's path."""

_GIVE_WAY = """\
# credo's logging module, put on PYTHONPATH by `credo run` for a script whose
# environment has no credo. A credo installed where the script runs comes first.
from __future__ import annotations

import os as _os
import sys as _sys


def _installed():
    import importlib.util

    here = _os.path.dirname(_os.path.dirname(_os.path.realpath(__file__)))
    saved = list(_sys.path)
    _sys.path[:] = [p for p in saved if _os.path.realpath(p or ".") != here]
    shim = _sys.modules.pop(__name__)
    try:
        spec = importlib.util.find_spec(__name__)
    except (ImportError, ValueError):
        spec = None
    finally:
        _sys.path[:] = saved
        _sys.modules[__name__] = shim
    if spec is None or spec.loader is None or spec.origin is None:
        return None
    return None if _os.path.realpath(spec.origin) == _os.path.realpath(__file__) else spec


_spec = _installed()
if _spec is not None:
    import importlib.util

    _real = importlib.util.module_from_spec(_spec)
    _sys.modules[__name__] = _real
    _spec.loader.exec_module(_real)
else:
"""
_FUTURE = "from __future__ import annotations\n"


def shim_source() -> str:
    """The shim's `__init__.py`: the prologue, then credo's own `__init__.py` indented
    under its `else:` (one source for the logging code, wherever it runs)."""
    import credo

    own = Path(credo.__file__).read_text(encoding="utf-8").replace(_FUTURE, "", 1)
    body = "".join(f"    {line}" if line.strip() else line for line in own.splitlines(True))
    return _GIVE_WAY + body


def shim_path(store: Store) -> Path | None:
    """The folder to add to the child's PYTHONPATH, written when missing or outdated;
    None when `.credo/cache/` cannot hold it, or is no real folder (a file or a link a
    commit put there): then a script without credo of its own fails to import it, as
    without credo run."""
    try:
        folder = store.folder(CACHE_FOLDER, create=True) / SHIM_FOLDER
        package = folder / "credo"
        for part in (folder, package):
            if os.path.islink(part):
                return None
            part.mkdir(exist_ok=True)
        init = package / "__init__.py"
        wanted = shim_source().encode()
        if os.path.islink(init) or not init.is_file() or init.read_bytes() != wanted:
            atomic_write(init, wanted, sync=False)
    except (OSError, ValueError, UnsafePathError):
        return None
    return folder


def with_shim(env: dict[str, str], folder: Path | None) -> dict[str, str]:
    """`env` with the shim folder last on PYTHONPATH (the child's own entries first)."""
    if folder is None:
        return env
    current = env.get("PYTHONPATH", "")
    parts = [p for p in current.split(os.pathsep) if p] if current else []
    if str(folder) not in parts:
        parts.append(str(folder))
    return {**env, "PYTHONPATH": os.pathsep.join(parts)}
