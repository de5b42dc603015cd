"""`credo mcp`: credo's tools, resources and prompts over MCP, on stdio only.

Built on the official MCP Python SDK (`mcp`, the optional extra `credo[mcp]`); only
this module imports it. No network listener: the client starts this process and
talks to it through its standard input and output.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.context import Context
from mcp.server.mcpserver.exceptions import ResourceError, ToolError, UnexpectedToolError
from mcp.types import CallToolResult, InputRequiredResult
from pydantic import ValidationError

from credo import __version__
from credo.agents import texts
from credo.agents.setup import instructions
from credo.agents.tools import TOOL_NAMES, Tools, told_to_agents
from credo.errors import CredoError

F = TypeVar("F", bound=Callable[..., Any])


def _told(error_type: type[Exception], fn: F) -> F:
    """credo's own refusals reach the client as its message (an MCP error), not a crash."""

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CredoError as error:
            raise error_type(told_to_agents(error)) from None

    return call  # type: ignore[return-value]


class _Server(MCPServer[Any]):
    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        """Arguments that do not fit a tool's schema (checked by the SDK before credo's
        code runs) are refused in credo's words, naming each argument, not pydantic's;
        one the tool does not take is refused too (the SDK drops it, and a typo would
        leave the call doing less than the agent believes)."""
        from credo.store.files import problems_in_words

        tool = self._tool_manager.get_tool(name)  # an unknown tool: the SDK says so
        takes = list(tool.parameters.get("properties", {})) if tool else list(arguments)
        unknown = [repr(argument) for argument in arguments if argument not in takes]
        if unknown:
            which = (
                f"argument {unknown[0]} is not one"
                if len(unknown) == 1
                else f"arguments {', '.join(unknown)} are not ones"
            )
            raise ToolError(
                f"Error executing tool {name}: {which} {name} takes (a typo?);"
                f" it takes {', '.join(takes) or 'no arguments'}"
            )
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as error:
            cause = error.__cause__
            if isinstance(error, UnexpectedToolError) or not isinstance(cause, ValidationError):
                raise
            words = problems_in_words(cause, what="argument")
            raise ToolError(f"Error executing tool {name}: {words}") from cause


def build_server(tools: Tools) -> MCPServer[Any]:
    """An MCP server publishing `tools` (each tool's schema comes from its signature)."""
    server: MCPServer[Any] = _Server(
        "credo",
        title="credo",
        version=__version__,
        instructions=instructions(),
        log_level="WARNING",
    )

    async def learn_client(ctx: Any, call_next: Any) -> Any:
        # The actor recorded for changes is the client's own name, unless --actor set it.
        params = getattr(ctx.session, "client_params", None)
        if params is not None and params.client_info.name:
            tools.client_name = params.client_info.name
        return await call_next(ctx)

    async def fresh_settings(ctx: Any, call_next: Any) -> Any:
        tools.refresh_config()
        return await call_next(ctx)

    server.middleware.extend([learn_client, fresh_settings])
    for name in TOOL_NAMES:
        server.add_tool(_told(ToolError, getattr(tools, name)), name=name)

    @server.resource("credo://board", name="board", mime_type="text/markdown")
    def board() -> str:
        """The Eisenhower board: open tasks by quadrant, with ids and assignees."""
        return _told(ResourceError, texts.board_text)(tools)

    @server.resource("credo://packs", name="packs", mime_type="text/markdown")
    def packs() -> str:
        """The checklist packs this project uses (built-in and its own)."""
        return _told(ResourceError, texts.packs_text)(tools)

    @server.resource("credo://packs/{name}", name="pack", mime_type="text/markdown")
    def pack(name: str) -> str:
        """One pack: its principles and checks, with why and how for each."""
        return _told(ResourceError, texts.pack_text)(tools, name)

    @server.resource(
        "credo://experiments/{experiment_id}", name="experiment", mime_type="application/json"
    )
    def experiment(experiment_id: str) -> str:
        """One experiment with its runs, metrics and gate records."""
        detail = _told(ResourceError, tools.read_experiment)(experiment_id)
        return detail.model_dump_json(indent=2)

    @server.prompt(name="plan_my_day", title="Plan my day (Eisenhower)")
    def plan_my_day() -> str:
        """Sort today's work with the Eisenhower matrix, from the board."""
        return _told(ResourceError, texts.plan_my_day)(tools)

    @server.prompt(name="before_a_run", title="Before a run (the gate's questions)")
    def before_a_run(command: str = "") -> str:
        """The checks the gate still needs for this code, to answer with evidence."""
        return _told(ResourceError, texts.before_a_run)(tools, command)

    return server


def serve(tools: Tools) -> None:
    """Answer one client on stdin/stdout until it closes them."""
    build_server(tools).run("stdio")
