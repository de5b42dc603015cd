"""Who is at the keyboard: a coding agent's shell says so in its environment.

Claude Code sets CLAUDECODE, Gemini CLI sets GEMINI_CLI and Codex sets CODEX_THREAD_ID
(or CODEX_SANDBOX) in the shells they run; several other agents set AGENT=NAME. Any agent
can name itself with CREDO_ACTOR=agent:NAME, which wins.

The commit hook reads it on every commit, so it imports nothing.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing`'s: the commit hook would import typing for it
if TYPE_CHECKING:
    from collections.abc import Mapping

AGENT_PREFIX = "agent:"
_SIGNS = (
    ("CLAUDECODE", "claude"),
    ("GEMINI_CLI", "gemini"),
    ("CODEX_THREAD_ID", "codex"),
    ("CODEX_SANDBOX", "codex"),
)
_KEPT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._")
"""What an agent's name keeps; any run of other characters becomes one `-`."""


def agent_actor(name: str) -> str:
    """`claude-code` or `agent:Claude Code` -> `agent:claude-code` (a valid agent assignee)."""
    name = name.strip().removeprefix(AGENT_PREFIX)
    words = "".join(c if c in _KEPT else " " for c in name.lower()).split()
    return AGENT_PREFIX + ("-".join(words)[:64] or "unnamed")


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
