"""Who is at the keyboard: a coding agent's shell says so in its environment.

Claude Code sets CLAUDECODE, Gemini CLI sets GEMINI_CLI and Codex sets CODEX_THREAD_ID
(or CODEX_SANDBOX) in the shells they run; several other agents set AGENT=NAME. Any agent
can name itself with CREDO_ACTOR=agent:NAME, which wins.
"""

from __future__ import annotations

from collections.abc import Mapping

from credo.domain.assignees import agent_actor
from credo.errors import CredoError

_SIGNS = (
    ("CLAUDECODE", "claude"),
    ("GEMINI_CLI", "gemini"),
    ("CODEX_THREAD_ID", "codex"),
    ("CODEX_SANDBOX", "codex"),
)


def actor_from_env(env: Mapping[str, str]) -> str | None:
    """`agent:NAME` when an agent runs this command, else None (a person)."""
    named = env.get("CREDO_ACTOR", "").strip()
    if named:
        return agent_actor(named)
    for variable, name in _SIGNS:
        if env.get(variable):
            return agent_actor(name)
    generic = env.get("AGENT", "").strip()
    if generic:
        return agent_actor("" if generic.lower() in ("1", "true", "yes") else generic)
    return None


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
