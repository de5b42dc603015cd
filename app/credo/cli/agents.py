"""`credo mcp` (the MCP server on stdio) and `credo agents setup CLIENT`."""

from __future__ import annotations

import click

from credo.cli.base import Context, main, pass_context


@main.command("mcp")
@click.option(
    "--actor",
    metavar="NAME",
    help="Record changes as agent:NAME (default: the MCP client's own name).",
)
@pass_context
def mcp(context: Context, actor: str | None) -> None:
    """Serve this project to a coding agent over MCP (stdio only; no network)."""
    from credo.errors import CredoError

    try:
        from credo.agents.server import serve
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] != "mcp":
            raise
        raise CredoError(
            "credo mcp needs the MCP SDK, an optional extra: pip install 'credo[mcp]'"
        ) from None
    from credo.agents.tools import Tools

    serve(Tools(context.store, actor))


@main.group("agents")
def agents() -> None:
    """Set coding agents up to work with credo."""


@agents.command("setup")
@click.argument("client", type=click.Choice(["claude", "codex", "gemini", "cursor", "generic"]))
@click.option("--write", is_flag=True, help="Write the config and the instructions section here.")
@pass_context
def setup(context: Context, client: str, write: bool) -> None:
    """Print (or --write) CLIENT's MCP configuration and instructions for its agent file."""
    from credo.agents.setup import describe
    from credo.agents.setup import write as write_files

    if not write:
        click.echo(describe(client), nl=False)
        return
    for line in write_files(client, context.store):
        click.echo(line)
