"""What a coding agent's shell may and may not do (`domain.actors` tells who is at the keyboard)."""

from __future__ import annotations

from collections.abc import Mapping

from credo.domain.actors import actor_from_env
from credo.errors import CredoError


def skipped_gate(reason: str | None, env: Mapping[str, str]) -> dict[str, object]:
    """What a run records when the gate is skipped; an agent must say why."""
    actor = actor_from_env(env)
    why = " ".join((reason or "").split())
    if actor and not why:
        raise CredoError(
            f"{actor} may skip the gate only with a reason, which is recorded and shown: "
            "credo run --skip-gate --reason 'why' -- CMD"
        )
    record: dict[str, object] = {"skipped": True}
    if why:
        record["skip_reason"] = why
    if actor:
        record["skipped_by"] = actor
    return record
