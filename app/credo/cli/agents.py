"""`credo mcp` (the MCP server on stdio) and `credo agents setup CLIENT`."""

from __future__ import annotations

import click

from credo.cli.base import Context, main, pass_context, warn


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
    from credo.errors import NoProjectError

    try:
        context.store  # noqa: B018  (opened now: what it warns of goes to stderr at start)
    except NoProjectError as error:
        # A client may start the server in every folder (Codex's `mcp add`), or before
        # `credo init`: an exit here would reach the agent as "connection closed", its
        # reason unread. It serves, each call saying why, until a project is made here.
        warn(f"{error.message} (each call says so until then)")
    serve(Tools(lambda: context.store, actor))


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
