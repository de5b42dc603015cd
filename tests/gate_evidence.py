"""A project whose review gate passes on a check an earlier run verified, for the tests
that a run which never started counts no such check as relied on."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from credo.store import Store

Credo = Callable[..., subprocess.CompletedProcess[str]]


def evidence_the_gate_relies_on(repo: Path, credo: Credo) -> str:
    """A project whose gate passes on a check a run verified: its evidence's id."""
    from credo.domain.models import Evidence, EvidenceSource
    from credo.gitlink.state import capture
    from credo.store.ids import new_id

    assert credo(repo, "init").returncode == 0
    ticks = ["--tick=valid-not-augmented", "--tick=seed-fixed", "--tick=losses-logged"]
    assert credo(repo, "check", "training-recipe", *ticks).returncode == 0
    evidence = Evidence(
        id=new_id(),
        pack="training-recipe",
        item="loss-at-init",
        source=EvidenceSource.RUN,
        command=["credo", "run", "--", "python", "train.py"],
        git=capture(repo).to_git_state(),
        passed=True,
        summary="loss at init 0.69 ≈ ln 2",
    )
    Store(repo).create(evidence)
    return evidence.id
