"""Talking to `credo mcp` as a coding agent does: the real console script as a
subprocess, through the MCP SDK's own stdio client."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, Implementation

CREDO = str(Path(sys.executable).parent / "credo")


@asynccontextmanager
async def credo_mcp(
    repo: Path,
    *args: str,
    name: str = "test-agent",
    cwd: Path | None = None,
    actor: str | None = None,
) -> AsyncIterator[Client]:
    """`credo [ARGS] mcp [--actor ACTOR]` started in `cwd` (the repository by default)."""
    extra = ["--actor", actor] if actor else []
    params = StdioServerParameters(
        command=CREDO, args=[*args, "mcp", *extra], cwd=str(cwd or repo), env=dict(os.environ)
    )
    async with Client(params, client_info=Implementation(name=name, version="1")) as client:
        yield client


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    """A tool's structured answer; fails the test on an error result."""
    result = await client.call_tool(tool, arguments)
    assert isinstance(result, CallToolResult)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return result.structured_content


async def refused(client: Client, tool: str, **arguments: Any) -> str:
    """The message of a tool call that credo refused (an error result, not a crash)."""
    result = await client.call_tool(tool, arguments)
    assert isinstance(result, CallToolResult)
    assert result.is_error, result.structured_content
    text = result.content[0].text  # type: ignore[union-attr]
    assert "Traceback" not in text
    return text
