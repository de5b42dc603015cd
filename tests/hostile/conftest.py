"""The `team` fixture: see teammates.py."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from teammates import Team, make_team


@pytest.fixture
def team(tmp_path: Path, credo: Callable[..., subprocess.CompletedProcess[str]]) -> Team:
    """Alice (hostile) and Bob share a credo project through a bare remote."""
    return make_team(tmp_path, credo)
