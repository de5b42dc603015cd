"""`credo demo`: build a sample research project into a git repository and open it."""

from __future__ import annotations

import time
from pathlib import Path

import click

from credo.cli import completers
from credo.cli.base import main, need_terminal, print_json


@main.command()
@click.option(
    "--path",
    "path",
    type=click.Path(path_type=Path, file_okay=False),
    help="Build here (a new or empty folder) instead of a temporary folder.",
)
@click.option("--no-open", is_flag=True, help="Only build it and print the path (for scripts).")
@click.option(
    "--sample",
    default="ptvid",
    show_default=True,
    shell_complete=completers.samples,
    help="Which sample project: ptvid (a lived-in project) or mnist-from-scratch (a young one).",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was built as JSON.")
def demo(path: Path | None, no_open: bool, sample: str, as_json: bool) -> None:
    """Build a sample research project (git history, board, experiments, reviews) and open it.

    Needs no network: everything comes from the sample folder shipped with credo.
    """
    from credo.demo import build_demo

    if not no_open:
        need_terminal("`credo demo --no-open` builds it without opening it")
    began = time.perf_counter()
    built = build_demo(path, sample=sample)
    seconds = time.perf_counter() - began
    if as_json:
        print_json({**built.model_dump(mode="json"), "seconds": round(seconds, 2)})
    elif no_open:
        click.echo(str(built.path))
    if no_open:
        return
    import shlex

    reopen = f"{_credo_as_started()} -C {shlex.quote(str(built.path))}"
    where = f"Built the {sample} demo in {seconds:.1f}s at {built.path}"
    if not as_json:
        # Said before the app opens, and again inside it: its screen covers this one.
        click.echo(f"{where}\nOpen it again later with: {reopen}", err=True)
    from credo.store import Store
    from credo.ui.app import run_app

    run_app(Store.open(built.path), notice=f"The demo lives in {built.path}: {reopen} reopens it")


def _credo_as_started() -> str:
    """`credo` where that name on the PATH is this credo; else the script started, as it
    was typed (`make demo` leaves credo in `.venv/bin/`, off the PATH)."""
    import shlex
    import shutil
    import sys

    script = Path(sys.argv[0])
    on_path = shutil.which("credo")
    if script.name != "credo" or not script.is_file():  # python -m credo: say the name
        return "credo"
    if on_path and Path(on_path).resolve() == script.resolve():
        return "credo"
    return shlex.quote(str(script))
