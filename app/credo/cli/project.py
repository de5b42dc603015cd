"""`credo init`."""

from __future__ import annotations

import click

from credo.cli.base import Context, main, pass_context, print_json


@main.command()
@click.option("--private", is_flag=True, help="Keep .credo/ out of git (via .git/info/exclude).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def init(context: Context, private: bool, as_json: bool) -> None:
    """Start tracking this repository (safe to run again)."""
    from credo.store import Store

    store, created = Store.init(context.path, private=private)
    if as_json:
        print_json(
            {
                "path": str(store.credo_dir),
                "created": created,
                "git": store.git_root is not None,
                "private": private,
            }
        )
        return
    where = store.label(store.credo_dir)
    click.echo(f"Created {where}/" if created else f"Already set up: {where}/")
    if store.git_root is None:
        click.echo("Not a git repository: git linkage is off (tasks and experiments still work).")
    if private:
        click.echo(f"{where}/ is kept out of git (.git/info/exclude).")
