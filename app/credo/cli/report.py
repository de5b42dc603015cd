"""`credo report`: the daily stand-up / lab-notebook summary of a period."""

from __future__ import annotations

import sys

import click

from credo.cli.base import Context, main, pass_context, print_json, warn_unreadable


@main.command()
@click.option(
    "--since",
    "since",
    metavar="WHEN",
    help=(
        "From this day: yesterday (default), monday, 'this week' (its Monday), week (7"
        " days ago), month (30), '3 days ago', 2026-11-01."
    ),
)
@click.option("--until", "until", metavar="WHEN", help="Through this day (default: now).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "rich"]),
    help="md (GitHub Markdown), json, or rich (default on a terminal; md when piped).",
)
@pass_context
def report(context: Context, since: str | None, until: str | None, fmt: str | None) -> None:
    """What was done, added, due, tried and learned: tasks, experiments, runs, reviews,
    data checks, commits."""
    from credo.actions.report import build_report, unreadable_files
    from credo.cli.gitcmds import apply_closings
    from credo.display import console
    from credo.domain.period import parse_period
    from credo.text.report import to_json, to_markdown, to_rich

    apply_closings(context.store)  # first: its commits and its Done list agree
    start, end = parse_period(since, until)
    built = build_report(context.store, start, end)
    warn_unreadable(unreadable_files(context.store))  # what the report had to leave out
    fmt = fmt or ("rich" if sys.stdout.isatty() else "md")
    if fmt == "json":
        print_json(to_json(built))
    elif fmt == "md":
        click.echo(to_markdown(built), nl=False)
    else:
        # Markdown fills the width it is given, and wraps there: piped, a usual 80 columns
        # (the piped console of other commands, which never wraps, cut its lines at 80).
        console(width=None if sys.stdout.isatty() else 80).print(to_rich(built))
