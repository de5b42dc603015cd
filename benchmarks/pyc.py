"""credo's modules compiled before a benchmark times credo's processes, as users have them.

An install writes each module's .pyc (pip compiles them as it installs them); an editable
install (this checkout) writes them at the first import, but not where
PYTHONDONTWRITEBYTECODE is set (as in many containers): every start then compiles each
module it imports again, and its figures are ~20% worse than any user's.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path


def compiled() -> str:
    """Compile credo's modules (those whose .pyc is missing or older than the source),
    whatever PYTHONDONTWRITEBYTECODE says; the line a benchmark prints to say so."""
    import credo

    compileall.compile_dir(Path(credo.__file__).parent, quiet=1)
    said = "credo's modules compiled to .pyc first, as an install has them"
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        said += " (PYTHONDONTWRITEBYTECODE is set here: no start would write them)"
    return said
