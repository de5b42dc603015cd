"""`credo agents setup CLIENT`: the client's MCP configuration and an instructions
section for its agent file, printed or written.

Written files are touched only where credo owns them: a Markdown or TOML section between
credo's markers (replaced on the next setup), or the one `credo` server entry of a JSON
config. Everything else in a user's file stays as it was; a file credo cannot read
safely is left alone, with what to add by hand.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from credo.errors import CredoError
from credo.store.files import atomic_write, refused_write
from credo.store.paths import from_here, scratch_folder

if TYPE_CHECKING:
    from credo.store.store import Store

BEGIN = "credo:begin"
END = "credo:end"
SERVER = {"command": "credo", "args": ["mcp"]}


@dataclass(frozen=True)
class Client:
    name: str
    one_line: str
    """The client's own command that registers credo, when it has one."""
    reach: str
    """Where that command writes credo's entry, and so where it counts (each client's own
    rule, not credo's)."""
    config: str
    """The project's config file the client reads MCP servers from."""
    agent_file: str
    """The instructions file the client's agent reads."""


CLIENTS = {
    "claude": Client(
        "Claude Code",
        "claude mcp add credo -- credo mcp",
        "Claude Code keeps it for you, in this repository only; --scope project writes "
        ".mcp.json instead, for everyone who clones it",
        ".mcp.json",
        "CLAUDE.md",
    ),
    "codex": Client(
        "Codex",
        "codex mcp add credo -- credo mcp",
        "Codex writes it to ~/.codex/config.toml: every project you open in Codex",
        ".codex/config.toml",
        "AGENTS.md",
    ),
    "gemini": Client(
        "Gemini CLI",
        "gemini mcp add credo credo mcp",
        "Gemini CLI writes it to .gemini/settings.json in the folder you run it in, so run "
        "it at the repository's root; with --scope user, every project",
        ".gemini/settings.json",
        "GEMINI.md",
    ),
    "cursor": Client("Cursor", "", "", ".cursor/mcp.json", "AGENTS.md"),
    "generic": Client("any MCP client (stdio)", "", "", "", "AGENTS.md"),
}


def instructions() -> str:
    """How to work with credo in this project, for an agent (also the server's instructions)."""
    return """\
## Working with credo

This project keeps its research plan in credo: an Eisenhower board of tasks, a log of
timeboxed experiments and the checklists reviewed before training runs, all in `.credo/`
next to the code. Use credo's MCP server (`credo mcp`) for them. Every change you make is
recorded under your name, shows on the researcher's board and can be undone there.

- Read the board first (resource `credo://board`, or `list_tasks`). Delegate holds what
  the researcher hands off: `claim_task` what you take on (it is then in progress,
  yours); `list_tasks` with `assignee` shows what is yours. A task someone else has is
  theirs (the tools refuse to change it). `edit_task` with `add_note` adds what you found.
- Before a training run, ask `gate_status`. Answer each open check with `record_check`
  and evidence you have actually seen (a path, numbers, a command and its output). Never
  tick what you have not looked at; `not_yet` is an honest answer.
- Just do it, in a timebox: `start_experiment` with a hypothesis and a timebox before the
  run, launch through your shell with `credo run -- CMD` (it records the commit, the diff,
  the output and the metrics), and `close_experiment` with an honest outcome and what you
  learned.
- Skipping the gate needs a reason, recorded and shown to the researcher:
  `credo run --skip-gate --reason "why" -- CMD`. credo knows Claude Code, Codex and
  Gemini CLI from their shell; other agents set `CREDO_ACTOR=agent:NAME` for `credo run`.
- `complete_task` once the work is committed (it records the commit); `reopen_task` a
  task that was not done after all, saying why with `add_note`.
"""


def config_text(key: str) -> str:
    """The client's configuration, as it goes in its config file."""
    client = CLIENTS[key]
    if client.config.endswith(".toml"):
        return '[mcp_servers.credo]\ncommand = "credo"\nargs = ["mcp"]\n'
    return json.dumps({"mcpServers": {"credo": SERVER}}, indent=2) + "\n"


def describe(key: str) -> str:
    """What `credo agents setup CLIENT` prints."""
    client = CLIENTS[key]
    lines = [f"# credo for {client.name}", ""]
    if client.one_line:
        lines += [
            f"Register the server with one line ({client.reach}):",
            "",
            f"    {client.one_line}",
            "",
        ]
    if client.config:
        by_hand = "Or by hand" if client.one_line else "By hand"
        lines += [f"{by_hand}, for this repository only, in {client.config}:", ""]
    else:
        lines += [
            "Start it with `credo mcp` (stdio; run it in the repository, or add -C PATH):",
            "",
        ]
    lines += ["    " + line for line in config_text(key).splitlines()]
    lines += ["", f"Instructions for {client.agent_file}:", "", instructions()]
    lines.append("`credo agents setup " + key + " --write` writes both into this repository.")
    return "\n".join(lines) + "\n"


def write(key: str, store: Store) -> list[str]:
    """Write the config and the instructions section in the project's root; what was
    done, per file (each named from where the user is)."""
    client, root = CLIENTS[key], store.project_root
    scratch = scratch_folder(root, store.credo_dir)
    done = []
    if client.config:
        path = root / client.config
        if client.config.endswith(".toml"):
            done.append(_write_toml(path, from_here(path, root), config_text(key), scratch))
        else:
            done.append(_write_json(path, from_here(path, root), scratch))
    path = root / client.agent_file
    done.append(_write_section(path, from_here(path, root), instructions(), scratch))
    return done


def _marked(text: str, comment: str) -> str:
    begin, end = (
        (f"<!-- {BEGIN} -->", f"<!-- {END} -->") if comment == "md" else (f"# {BEGIN}", f"# {END}")
    )
    note = "(written by `credo agents setup`; edits here are replaced, edit outside)"
    note = f"<!-- {note} -->" if comment == "md" else f"# {note}"
    return f"{begin}\n{note}\n{text.rstrip()}\n{end}\n"


def _replace_section(existing: str, section: str, comment: str) -> str:
    """`existing` with credo's section put in place of the old one (or appended)."""
    lead = re.escape("<!-- " if comment == "md" else "# ")
    pattern = re.compile(rf"^{lead}{BEGIN}.*?^{lead}{END}[^\n]*\n?", re.MULTILINE | re.DOTALL)
    if pattern.search(existing):
        return pattern.sub(lambda _: section, existing, count=1)
    gap = "" if not existing else ("\n" if existing.endswith("\n") else "\n\n")
    return existing + gap + section


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise CredoError(f"{shown}: cannot be read ({error}); left as it is") from None


def _put(path: Path, shown: str, text: str, scratch: Path | None) -> None:
    """Write `text` whole to `path` (`shown`), or say why the file system refused it."""
    try:
        atomic_write(path, text.encode("utf-8"), scratch=scratch)
    except OSError as error:
        raise CredoError(refused_write(shown, error, "left as it was")) from None


def _write_section(path: Path, shown: str, text: str, scratch: Path | None) -> str:
    existing = _read(path, shown)
    updated = _replace_section(existing, _marked(text, "md"), "md")
    if updated == existing:
        return f"{shown}: credo's section is up to date"
    _put(path, shown, updated, scratch)
    return f"{shown}: credo's section {'replaced' if BEGIN in existing else 'added'}"


def _write_toml(path: Path, shown: str, text: str, scratch: Path | None) -> str:
    existing = _read(path, shown)
    updated = _replace_section(existing, _marked(text, "toml"), "toml")
    try:
        data = tomllib.loads(updated)
    except tomllib.TOMLDecodeError as error:
        raise CredoError(
            f"{shown}: not valid TOML with credo's section ({error}); left as it is — add:\n{text}"
        ) from None
    if data.get("mcp_servers", {}).get("credo") != SERVER:
        raise CredoError(
            f"{shown}: mcp_servers.credo is set outside credo's section; left as it is"
        )
    if updated == existing:
        return f"{shown}: credo's server is up to date"
    _put(path, shown, updated, scratch)
    return f"{shown}: credo's server section written"


def _write_json(path: Path, shown: str, scratch: Path | None) -> str:
    existing = _read(path, shown)
    try:
        data = json.loads(existing) if existing.strip() else {}
    except json.JSONDecodeError as error:
        raise CredoError(
            f"{shown}: not plain JSON ({error.msg}, line {error.lineno}); left as it is — add "
            f'"credo": {json.dumps(SERVER)} under "mcpServers"'
        ) from None
    servers = data.get("mcpServers") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(servers, dict | None):
        raise CredoError(f"{shown}: mcpServers is not an object; left as it is")
    if (servers or {}).get("credo") == SERVER:
        return f"{shown}: credo's server is up to date"
    others = any(key != "mcpServers" for key in data) or any(n != "credo" for n in servers or {})
    data["mcpServers"] = {**(servers or {}), "credo": SERVER}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    _put(path, shown, text, scratch)
    return f"{shown}: mcpServers.credo {'added (other keys kept)' if others else 'written'}"
