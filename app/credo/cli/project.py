"""`credo init`."""

from __future__ import annotations

import os
import shlex
from typing import TYPE_CHECKING

import click

from credo.cli.base import Context, main, no_hook, pass_context, print_json
from credo.wording import counted

if TYPE_CHECKING:
    from credo.store import Store


@main.command()
@click.option("--private", is_flag=True, help="Keep .credo/ out of git (via .git/info/exclude).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def init(context: Context, private: bool, as_json: bool) -> None:
    """Start tracking this repository (safe to run again).

    Writes the data it finds to data_paths in .credo/config.toml, to fingerprint with
    every run: folders named data, dataset, datasets, corpus or corpora, at the top or
    one level down, and files over 50 MB. Run again while data_paths is empty, it names
    the data it finds for you to list."""
    from credo.actions.gitsync import linkage_off
    from credo.data.discover import propose_data_paths
    from credo.gitlink.exclude import committed_files, keep_out_of_git
    from credo.runs.launch import write_artifact_ignores
    from credo.store import Store

    store, created = Store.init(context.path, data_paths=propose_data_paths)
    with store.lock():  # in the board's first commit, not made by each clone's first run
        write_artifact_ignores(store)
    off = linkage_off(store)  # not a repository, git not installed, or git refuses it
    excluded = keep_out_of_git(store) if private else None if off else _ignored(store)
    private = excluded is not None  # run again without --private, init keeps it private
    committed = None if off else committed_files(store)  # nothing to say without git
    registered = None
    # git config is per clone: each needs the driver (where git is there to merge with it)
    if store.git_root is not None and committed is not None:
        from credo.gitlink.merge import install_driver, missing_driver
        from credo.store.paths import git_config

        config = git_config(store.git_root)
        if config is not None and missing_driver(store.git_root, store.credo_dir, *config):
            registered = install_driver(store.git_root)
    data_paths = store.config.data_paths
    if as_json:
        print_json(
            {
                "path": str(store.credo_dir),
                "created": created,
                "git": store.git_root is not None,
                "private": private and not committed,
                "data_paths": data_paths,
            }
        )
        return
    where = store.label(store.credo_dir)
    # from a subfolder of a repository, .credo/ is at its root: say where that is
    away = "" if store.project_root == context.path.resolve() else f" in {store.project_root}"
    click.echo(f"Created {where}/{away}" if created else f"Already set up: {where}/{away}")
    if created and data_paths:
        click.echo(
            f"Data fingerprinted with every run: {', '.join(data_paths)} "
            f"(data_paths in {where}/config.toml)"
        )
    elif created:
        click.echo(
            f"No data folder found: list yours in data_paths in {where}/config.toml "
            "to fingerprint it with every run"
        )
    elif not data_paths and (found := propose_data_paths(store.project_root)):
        click.echo(
            f"Data found, not fingerprinted: {', '.join(found)} "
            f"(list it in data_paths in {where}/config.toml)"
        )
    if registered:
        click.echo(f"credo {registered}")
    if off:
        click.echo(f"{off[0].upper()}{off[1:]} (tasks and experiments still work).")
    # no git root marks where a board ends
    if store.git_root is None and created and (above := _board_above(store)):
        click.echo(
            f"This folder used {above} until now: its tasks stay there, and commands "
            "here use the new board"
        )
    if not off and no_hook(store):  # `credo start` says it too, once a task is started
        click.echo(
            "Next, link your commits to what you work on: credo hooks install "
            "(adds the Credo-Task or Credo-Experiment trailer of what you started)"
        )
    if committed and private:
        click.echo(
            f"New files in {where}/ stay out of git ({excluded}), but git still "
            f"tracks the {counted(committed, 'file')} of {where}/ committed already: "
            f"`git rm -r --cached {shlex.quote(where)}` and a commit stop that (your files "
            f"stay, but a teammate who pulls that commit loses {where}/ from their checkout: "
            "do it only where no one else uses it)"
        )
    elif excluded:
        click.echo(f"{where}/ is kept out of git ({excluded}).")
    elif store.git_root is not None and committed == 0:  # teammates see only what is committed
        folder = shlex.quote(os.path.relpath(store.credo_dir, context.path.resolve()))
        click.echo(
            f'Next, share the board through git: git add {folder} && git commit -m "credo board"'
        )


def _ignored(store: Store) -> str | None:
    """The file whose rule keeps `.credo/` out of git (the one `credo init --private`
    wrote, or a .gitignore), if any: init run again must not say to share it."""
    from credo.display import visible
    from credo.gitlink.runner import git

    if store.git_root is None:
        return None
    folder = store.credo_dir.relative_to(store.git_root).as_posix() + "/"
    found = git(store.git_root, "check-ignore", "-v", "--", folder, check=False)
    source = found.decode("utf-8", "replace").partition(":")[0]  # source:line:rule<TAB>path
    return visible(source, lines=False) if source else None


def _board_above(store: Store) -> str | None:
    """Outside git, the `.credo/` of a parent folder that this folder's commands used
    before `credo init` made one here (None: no such board)."""
    from credo.errors import CredoError
    from credo.store.paths import CREDO_DIR, find_project

    try:
        return str(find_project(store.project_root.parent) / CREDO_DIR)
    except CredoError:
        return None
