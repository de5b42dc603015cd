"""Git commands: `credo log`, `credo show`, `credo start` and `credo hooks`."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import click

from credo.cli import completers
from credo.cli.base import (
    Context,
    load_warning,
    main,
    pass_context,
    print_json,
    say_no_hook,
    stdout_console,
    warn,
)
from credo.display import escape, visible
from credo.domain.models import Experiment, Item, Run, Task
from credo.errors import BadFileError, CredoError, NotFoundError
from credo.store import Store
from credo.store.ids import listing_command, require_id
from credo.store.paths import from_here, item_path

if TYPE_CHECKING:
    from credo.gitlink.index import Unsure


def find_item(
    store: Store, prefix: str, kinds: tuple[type[Item], ...] = (Task, Experiment)
) -> Item:
    """The item of one of `kinds` with this id prefix (an error if several or none match).
    A file of another kind that the prefix matches and that cannot be read does not hide
    a readable item: it is warned about; alone, its problem is the error."""
    names = _either([kind.kind for kind in kinds])
    require_id(prefix, names)
    found: list[Item] = []
    broken: list[BadFileError] = []
    for kind in kinds:
        try:
            found.append(store.get(kind, prefix))
        except NotFoundError:
            continue
        except BadFileError as unreadable:
            broken.append(unreadable)
    if broken and not found:
        raise broken[0]
    for problem in broken:
        warn(f"{problem.path} (its id also starts with {prefix!r}): {problem.detail}")
    if not found:
        listings = _either([f"`{listing_command(kind.kind)}`" for kind in kinds])
        raise NotFoundError(
            f"no {names} has an id starting with {prefix!r} (see {listings})",
            command=listing_command(kinds[0].kind),
        )
    if len(found) > 1:
        matched = " and ".join(
            f"{'an' if item.kind[0] in 'aeiou' else 'a'} {item.kind}" for item in found
        )
        raise CredoError(f"{prefix!r} matches {matched}; type more characters")
    return found[0]


def _either(words: list[str]) -> str:
    """`task, experiment or run`."""
    *others, last = words
    return f"{', '.join(others)} or {last}" if others else last


def _linkage(store: Store) -> Any:
    from credo.actions.gitsync import linkage_off, linked_index

    reason = linkage_off(store)
    if reason:
        click.echo(reason[0].upper() + reason[1:] + ".", err=True)
        return None
    index = linked_index(store)
    apply_closings(store, index)
    return index


def apply_closings(store: Store, index: Any = None) -> None:
    """Mark done the tasks that new commits close (see `apply_closing_keywords`), saying
    so on stderr (`closed_words`): a command showing tasks with their commits shows them
    as git has them."""
    from credo.actions.gitsync import apply_closing_keywords, closed_words

    unsure: list[Unsure] = []
    for line in closed_words(store, apply_closing_keywords(store, index, unsure)):
        click.echo(visible(line), err=True)
    warn_unsure(unsure, closing=True)


def warn_unmerged(store: Store, where: Path, shown: Iterable[str]) -> None:
    """Warn about the files under `where` of the items `shown` (their ids) that a stopped
    merge left unmerged: they read as usual, but git waits to hear whether they stay."""
    from credo.gitlink.state import unmerged_files

    if store.git_root is None:
        return
    ids = set(shown)
    for path in unmerged_files(Path(store.git_root), where):
        if PurePosixPath(path).stem in ids:
            quoted = shlex.quote(path)
            warn(
                f"{path}: git holds it unmerged (a merge stopped on it): "
                f"`git add {quoted}` keeps it as shown, `git rm {quoted}` deletes it"
            )


def commit_json(commit: Any) -> dict[str, Any]:
    return {
        "sha": commit.sha,
        "date": datetime.fromtimestamp(commit.time).astimezone().isoformat(),
        "author": commit.author,
        "subject": commit.subject,
        "closes": bool(commit.closes),
    }


def warn_unsure(unsure: list[Unsure], closing: bool = False) -> None:
    """A warning for each commit that names the item by a prefix another item's id starts
    with too: not among its commits, and not silently left out (`closing`: nor closed)."""
    from credo.text.words import unsure_line

    for each in unsure:
        warn(unsure_line(each, closing))


@main.command("log")
@click.argument("item_id", shell_complete=completers.TASK_OR_EXPERIMENT)
@click.option("--json", "as_json", is_flag=True, help="Print the commits as JSON.")
@pass_context
def log(context: Context, item_id: str, as_json: bool) -> None:
    """The commits that mention a task or experiment."""
    from credo.actions.gitsync import item_links
    from credo.text.words import commit_lines

    store = context.store
    item = find_item(store, item_id)
    index = _linkage(store)
    commits, unsure = item_links(store, item.id, index) if index is not None else ([], [])
    warn_unsure(unsure)
    if as_json:
        print_json([commit_json(c) for c in commits])
        return

    if index is None:
        return  # linkage is off, as `_linkage` just said
    if not commits:
        from credo.actions.commit_log import SHALLOW, head_place
        from credo.gitlink.hooks import installed

        # named as the lists name it; the trailer to write keeps 7 characters, since it
        # lasts in history, where a shorter prefix may match another item later
        short, lasting, root = store.short_id(type(item), item.id), item.id[:7], store.git_root
        if head_place(store)[2]:  # older commits, not here, may name it
            click.echo(f"No commits of this clone mention {short}: {SHALLOW}.")
            return
        going = "in progress" if isinstance(item, Task) else "running"
        how = (
            f"credo's hook adds its trailer to commits made while it is {going}"
            if root is not None and installed(Path(root))
            else f"add a `Credo-{item.kind.capitalize()}: {lasting}` trailer, or "
            "`credo hooks install`"
        )
        click.echo(f"No commits mention {short} yet ({how}).")
        return
    stdout_console(highlight=False).print(commit_lines(commits))


@main.command("show")
@click.argument("item_id", shell_complete=completers.ANY_ITEM)
@click.option("--json", "as_json", is_flag=True, help="Print the item and its commits as JSON.")
@pass_context
def show(context: Context, item_id: str, as_json: bool) -> None:
    """A task, experiment or run in full (a task or experiment with its commits)."""
    store = context.store
    item = find_item(store, item_id, (Task, Experiment, Run))
    if isinstance(item, Run):
        _show_run(store, item, as_json)
    else:
        show_with_commits(store, item, as_json)


def show_with_commits(store: Store, item: Item, as_json: bool) -> None:
    """A task or experiment in full and the commits that mention it (`credo show`, and
    `credo exp show`)."""
    from credo.actions.gitsync import item_links
    from credo.text.words import commit_lines, describe_task

    warn_unmerged(store, item_path(store.credo_dir, item.folder, item.id), [item.id])
    index = _linkage(store)
    if index is not None:
        item = store.read(type(item), item.id)  # a closing commit may have just finished it
    commits, unsure = item_links(store, item.id, index) if index is not None else ([], [])
    warn_unsure(unsure)
    short = store.short_id(type(item), item.id)
    if isinstance(item, Experiment):
        from credo.actions.lost_runs import settle

        # a run file that cannot be read is said, not silently left out of the runs
        settled = settle(store, load_warning(store, Run).items.values())
    if as_json:
        if isinstance(item, Task):
            from credo.cli.tasks import task_json

            data = task_json(item, short, date.today(), store.config.urgency_horizon_days)
        else:
            from credo.cli.exp import experiment_json

            assert isinstance(item, Experiment)
            data = experiment_json(store, item, short, full=True, settled=settled)
        data["commits"] = [commit_json(c) for c in commits]
        print_json(data)
        return
    if isinstance(item, Task):
        from credo.cli.tasks import people_on
        from credo.gitlink.authors import email_names
        from credo.gitlink.index import outside_history

        root = store.git_root
        gone = (
            outside_history(root, [item.done_commit or "", item.closed_by or ""])
            if index and root
            else set()
        )
        horizon = store.config.urgency_horizon_days
        named = store.short_ids(Experiment)
        titles = {e.id: e.hypothesis for e in store.experiments()} if item.experiments else {}
        width = stdout_console().width
        by = [item.in_progress_by] if item.status == "in_progress" and item.in_progress_by else []
        text = describe_task(
            item,
            date.today(),
            horizon,
            gone=gone,
            short=short,
            experiments=named,
            titles=titles,
            width=width,
            names=email_names(root, by),
            handles=people_on(store, [item], None)[0],
        )
        if item.notes.strip():  # the app shows them beside the facts; here, after them
            text += f"\n\n[dim]notes[/]\n{escape(item.notes.strip())}"
    else:
        from credo.cli.exp import describe

        assert isinstance(item, Experiment)
        text = describe(store, item, settled)
    if commits:
        text += "\n\n[dim]commits[/]\n" + commit_lines(commits)
    stdout_console(highlight=False).print(text)


def _show_run(store: Store, run: Run, as_json: bool) -> None:
    from credo.actions.checks import review_packs
    from credo.actions.lost_runs import run_state, settle
    from credo.checklists.verdict import unverified_lines
    from credo.cli.exp import run_json
    from credo.domain.timebox import unstarted_words
    from credo.runs.follow import patches_here
    from credo.runs.output import OUTPUT_FILE
    from credo.text.runs import describe_run

    settled = settle(store, [run])
    [run], job = settled.runs, settled.jobs.get(run.id)
    if as_json:
        print_json(run_json(store, run, job))
        return
    try:
        experiment = store.read(Experiment, run.experiment) if run.experiment else None
    except CredoError:  # gone or unreadable: the run still shows
        experiment = None
    short = store.short_ids(Run, Experiment)
    folder = store.run_folder(run.id)  # a teammate's run keeps its files in their clone
    kept = folder / OUTPUT_FILE
    if kept.is_file():
        output = from_here(kept, store.project_root)
    elif kept.exists():  # a folder (or other) where the log goes: there, and not a log
        output = f"{from_here(kept, store.project_root)} is not a plain file (not read)"
    else:  # one that never started has none anywhere; a teammate's is in their clone
        output = f"none ({unstarted_words(run)})" if run.never_started else "none in this clone"
    state = run_state(store, run, job=job)
    here = patches_here(run, folder)
    packs, unverified = review_packs(store), unverified_lines(store, run)
    text = describe_run(run, short, experiment, state, output, packs, here, unverified)
    stdout_console(highlight=False).print(text)


def _in_progress_command(
    name: str, offer: completers.Deferred
) -> Callable[[Callable[..., None]], click.Command]:
    """`credo start` and `credo stop`: a task id (TAB offers what `offer` finds) and --json."""

    def made(function: Callable[..., None]) -> click.Command:
        json_option = click.option(
            "--json", "as_json", is_flag=True, help="Print the task as JSON."
        )
        task_id = click.argument("task_id", shell_complete=offer)
        return main.command(name)(task_id(json_option(pass_context(function))))

    return made


@_in_progress_command("start", completers.OPEN_TASK)  # in progress first
def start(context: Context, task_id: str, as_json: bool) -> None:
    """Mark a task in progress (the commit hook adds its trailer)."""
    from credo.actions.tasks import start_task
    from credo.gitlink.authors import at_keyboard

    store = context.store
    started = start_task(store, task_id, at_keyboard(store.git_root))
    if as_json:
        from credo.cli.tasks import print_task

        print_task(
            store, started.task, put_back=list(started.put_back), taken_from=started.taken_from
        )
        return
    from credo.gitlink.authors import email_names

    taken_from = [started.taken_from] if started.taken_from else []
    for line in started.said(email_names(store.git_root, taken_from)):
        click.echo(visible(line))
    say_no_hook(store, "Credo-Task")


@_in_progress_command("stop", completers.TASK_IN_PROGRESS)
def stop(context: Context, task_id: str, as_json: bool) -> None:
    """Put your task in progress back to open (credo start marked it)."""
    from credo.actions.tasks import stop_task
    from credo.cli.tasks import print_task
    from credo.gitlink.authors import at_keyboard

    task, _ = stop_task(context.store, task_id, at_keyboard(context.store.git_root))
    if as_json:
        print_task(context.store, task)
    else:
        click.echo(visible(f"Back to open: {task.title}"))


@main.group("hooks")
def hooks() -> None:
    """The optional git hook that adds Credo-Task / Credo-Experiment trailers, and the
    merge driver for credo's files."""


def _git_root(context: Context) -> Path:
    from credo.actions.gitsync import linkage_off

    root = context.store.git_root
    if root is None:
        raise CredoError("not a git repository: there are no git hooks here (git linkage is off)")
    off = linkage_off(context.store)
    if off:
        raise CredoError(off)
    return Path(root)


@hooks.command("install")
@pass_context
def hooks_install(context: Context) -> None:
    """Add the prepare-commit-msg hook and the commit-msg hook that aborts a commit whose
    message is nothing but credo's trailers (an existing hook is kept and runs first),
    and the merge driver that merges credo's files field by field."""
    from credo.gitlink.hooks import install
    from credo.gitlink.merge import install_driver

    root = _git_root(context)
    for done in install(root):
        click.echo(f"credo {done}")
    Store.init(context.store.project_root)  # a project from before has no .gitattributes
    click.echo(f"credo {install_driver(root)}")


@hooks.command("uninstall")
@pass_context
def hooks_uninstall(context: Context) -> None:
    """Remove credo's hooks (putting back the ones they chained); the merge driver, no
    hook, stays. A team's hooks that call credo are left as they are, with what to do."""
    from credo.gitlink.hooks import uninstall
    from credo.gitlink.merge import KEPT_DRIVER

    root = _git_root(context)
    for done in uninstall(root):
        click.echo(f"credo {done}")
    click.echo(f"credo {KEPT_DRIVER}")


@main.command("merge-driver", hidden=True)
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("ours", type=click.Path(path_type=Path))
@click.argument("theirs", type=click.Path(path_type=Path))
@click.argument("path")
def merge_driver(base: Path, ours: Path, theirs: Path, path: str) -> None:
    """Called by git (%O %A %B %P): merge one file into OURS; or exit 1 for git's line
    merge, the three files left alone or made alike but for the conflicting fields."""
    from credo.errors import BadFileError
    from credo.gitlink.merge import Conflict, driver_scratch, merge_item
    from credo.gitlink.state import operation_under_way
    from credo.store.confine import ITEM_CAP, read_capped
    from credo.store.files import atomic_write

    try:  # git's own temporary files, but what they hold came from a commit
        was, mine, other = (
            read_capped(s, s.name, ITEM_CAP, "an item file") for s in (base, ours, theirs)
        )
    except (OSError, BadFileError):
        sys.exit(1)
    rebasing = (operation_under_way(Path.cwd(), unmerged=False) or "").startswith("rebasing")
    merged = merge_item(was, mine, other, path, rebasing=rebasing)
    if merged is None:
        sys.exit(1)  # git's line merge takes over, with conflict markers
    scratch = driver_scratch(path)
    if isinstance(merged, Conflict):
        for text, side in zip(merged, (base, ours, theirs), strict=True):
            atomic_write(side, text, scratch=scratch)
        sys.exit(1)
    atomic_write(ours, merged, scratch=scratch)


@hooks.command("trailers", hidden=True)
@click.argument("message_file", type=click.Path(path_type=Path))
@click.argument("source", required=False, default="")
@click.argument("stage", required=False, default="")
@pass_context
def hooks_trailers(context: Context, message_file: Path, source: str, stage: str) -> None:
    """What a team's own hook kept in git calls (`hooks.TEAM_HOOK_LINES`), and hooks an
    older credo installed (the next credo command rewrites them): `credo.cli.run` answers
    those calls before Click is imported; this, with options (`-C`) or other arguments."""
    from credo.errors import NoProjectError
    from credo.gitlink.commit_hook import main as hook

    try:
        context.store  # noqa: B018  (rewrites the old hook, as any command does)
    except NoProjectError:
        return
    sys.exit(hook([str(message_file), source, *filter(None, [stage])]))
