"""Task commands: add, ls, done, undone, drop, edit, mv, rm."""

from __future__ import annotations

import os
from collections.abc import Callable, Container, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from credo import actions
from credo.cli import completers
from credo.cli.base import (
    WHEN,
    WHEN_TYPED,
    Context,
    Typed,
    WordsCommand,
    interactive,
    load_warning,
    main,
    note,
    pass_context,
    print_json,
    say_made,
    stdout_console,
    warn,
)
from credo.display import visible
from credo.domain.assignees import handles_of, is_agent, known_as, names_for, who_has
from credo.domain.dates import due_words, relative_day
from credo.domain.models import (
    OPEN_STATUSES,
    TASK_IN_PROGRESS,
    TASK_OPEN,
    Task,
    short_sha,
)
from credo.domain.quadrants import (
    MANUAL_ORDER,
    Quadrant,
    arrange,
    is_urgent,
    parse_quadrant,
    placement_words,
    quadrant_of,
)
from credo.errors import BadInputError
from credo.store.ids import short_ids
from credo.text.marks import task_marks
from credo.wording import agrees, counted

if TYPE_CHECKING:
    from credo.cli.rows import Cell
    from credo.store import LoadProblem, Store
    from credo.store.store import Change


def task_json(task: Task, short_id: str, today: date, horizon: int) -> dict[str, Any]:
    """Every field of a task, plus the derived ones scripts want."""
    data = task.model_dump(mode="json", exclude_none=False)
    data["short_id"] = short_id
    data["quadrant"] = quadrant_of(task, today, horizon).value
    return data


def print_task(store: Store, task: Task, **facts: Any) -> None:
    """A task a command changed, as `credo show --json` prints it, with what else the
    command did (`facts`: the same facts its sentence says)."""
    print_json(_stored_task_json(store, task) | facts)


def _stored_task_json(store: Store, task: Task) -> dict[str, Any]:
    short = store.short_id(Task, task.id)
    return task_json(task, short, date.today(), store.config.urgency_horizon_days)


def _people(context: Context, *names: str | None) -> list[str] | None:
    """The assignees on tasks and the git authors, read only when a teammate is named
    (`@bruno`)."""
    from credo.domain.assignees import is_agent

    if not any(n and not is_agent(n.lstrip("@").lower()) for n in names):
        return None
    from credo.gitlink.authors import project_people

    return project_people(context.store)


def _warn_unknown(task: Task, people: list[str] | None) -> None:
    """Say a person's name kept as typed: no one here (with who is), or several people."""
    from credo.domain.assignees import UNKNOWN_PERSON, is_agent, kept_why

    why = kept_why(task.assignee, people or [])
    if people is None or not why:
        return
    if why == UNKNOWN_PERSON:
        shown = ", ".join([p for p in people if not is_agent(p)][:8]) or "none yet"
        warn(f"{task.assignee!r} is {why} (kept as typed); they are: {shown}")
    else:
        warn(f"{task.assignee!r} could be {why} (kept as typed)")


def _theirs(store: Store) -> Callable[[Task], None] | None:
    """In a coding agent's shell, what refuses it a task another has, as its MCP tools
    refuse it (`actions.agents_only_theirs`); None in a person's."""
    from credo.domain.actors import actor_from_env

    return actions.agents_only_theirs(store, actor_from_env(os.environ))


def _commit_now(context: Context) -> str | None:
    """The HEAD sha to record a completion at, when git linkage is on."""
    from credo.gitlink.state import head_sha

    return head_sha(context.store.project_root)


@main.command(cls=WordsCommand)
@click.argument("title", nargs=-1, required=True, shell_complete=completers.title_words)
@click.option("-i", "--important", is_flag=True, help="Important (also: ! in the title).")
@click.option("-u", "--urgent", is_flag=True, help="Urgent (also: ^ in the title).")
@click.option(
    "--due", type=WHEN_TYPED, help="Due date: 2026-12-01, friday, 'in 3 days', christmas..."
)
@click.option(
    "-t",
    "--tag",
    "tags",
    multiple=True,
    shell_complete=completers.TASK_TAG,
    help="A tag (repeatable; also: #tag).",
)
@click.option("-n", "--note", default="", help="Notes (Markdown).")
@click.option(
    "--every",
    shell_complete=completers.repeat_rules,
    help="Repeat: day, weekday, week, month or 'N days' (also: every:week).",
)
@click.option(
    "--assignee",
    help="Who has it: a teammate or agent:NAME (also: @bruno, @agent:codex). "
    "The quadrant still comes from -i and -u.",
    shell_complete=completers.people,
)
@click.option("--json", "as_json", is_flag=True, help="Print the new task as JSON.")
@pass_context
def add(
    context: Context,
    title: tuple[str, ...],
    important: bool,
    urgent: bool,
    due: Typed | None,
    tags: tuple[str, ...],
    note: str,
    every: str | None,
    assignee: str | None,
    as_json: bool,
) -> None:
    """Add a task: credo add "Check leakage ! #data due:friday"."""
    store = context.store
    from credo.domain.quickadd import shell_line, taskwarrior_words

    line = shell_line(title)
    people = _people(context, assignee, *(w for w in line.split() if w.startswith("@")))
    task, _ = actions.add_task(
        store,
        line,
        important=important,
        urgent=urgent,
        due=due.value if due else None,
        tags=tags,
        notes=note,
        every=every,
        assignee=assignee,
        people=people,
        said={"due": repr(f"--due {due.typed}")} if due else None,
    )
    _warn_unknown(task, people)
    for said in taskwarrior_words(task.title):
        warn(said)
    if as_json:
        print_task(store, task)
        return
    say_added(store, task)


def say_added(store: Store, task: Task, *, titled: bool = False) -> None:
    """What a command that made a task answers (`say_made`): its id and where it landed,
    `Added 3f2a: important, not urgent → Schedule`; `titled` names its title too, where
    the person did not type it (`credo exp next`: `Added 3f2a: TITLE (...)`)."""
    short = store.short_id(Task, task.id)
    where = placement(store, task, date.today())
    say_made(
        short, f"Added {short}: {task.title} ({where})" if titled else f"Added {short}: {where}"
    )


def placement(store: Store, task: Task, today: date) -> str:
    """Where `task` stands on the board, and why: `important, not urgent → Schedule`,
    and the day it is due (`· due 2026-12-11 (in 4d)`: the day `due:friday` was read as)."""
    where = placement_words(task.important, is_urgent(task, today, _horizon(store)))
    return f"{where} · {due_words(task.due, today)}" if task.due else where


@main.command("ls")
@click.option(
    "-q",
    "--quadrant",
    shell_complete=completers.quadrants,
    help="Only this quadrant: do, schedule, delegate, eliminate (or 1-4).",
)
@click.option("-t", "--tag", shell_complete=completers.TASK_TAG, help="Only tasks with this tag.")
@click.option(
    "--assignee",
    shell_complete=completers.people,
    help="Only tasks this teammate or agent has (bruno, codex).",
)
@click.option("--mine", is_flag=True, help="Only tasks you have (your git user).")
@click.option("-a", "--all", "show_all", is_flag=True, help="Include done and dropped tasks.")
@click.option("--json", "as_json", is_flag=True, help="Print every field as JSON.")
@click.argument("words", nargs=-1, metavar="[FILTER]...")
@pass_context
def ls(
    context: Context,
    words: tuple[str, ...],
    quadrant: str | None,
    tag: str | None,
    assignee: str | None,
    mine: bool,
    show_all: bool,
    as_json: bool,
) -> None:
    """The board: tasks grouped by quadrant.

    FILTER words as the board's `/` reads them: +data (or '#data'), @name, status:done,
    or a piece of the title or notes.
    """
    from credo.cli.gitcmds import apply_closings, warn_unmerged
    from credo.domain.assignees import assignee_matches
    from credo.domain.task_filter import matches, read_filter

    store = context.store
    name = None  # with --mine: your name, whole (Jo's tasks are not Joana's)
    if mine:
        from credo.errors import CredoError
        from credo.gitlink.authors import git_user

        user = git_user(store.git_root)
        if user is None:
            raise CredoError("--mine needs your git identity: git config user.name 'Your Name'")
        name = user[0]
    apply_closings(store)  # first: a task a commit closed is not listed as open
    loaded = load_warning(store, Task)
    conflicts = actions.conflicted_tasks(loaded.problems.values())
    sides = [task for task, _ in conflicts]  # rows too: their handles named alike
    handles, mine_as = people_on(store, [*loaded.items.values(), *sides], name)
    warn_unmerged(store, store.credo_dir / Task.folder, loaded.items)
    today, horizon = date.today(), store.config.urgency_horizon_days
    wanted = None if quadrant is None else parse_quadrant(quadrant)
    short = short_ids(loaded.stamps)  # the ids of the files the load saw: no second listing
    read = read_filter(words)
    if read.complaint:
        warn(read.complaint)
    statuses = show_all or read.wanted is not None  # a status: word says which

    def shown(t: Task) -> bool:
        return (
            (statuses or t.status in OPEN_STATUSES)  # ten thousand: no property call
            and (not words or matches(t, read, handles))
            and (tag is None or tag.lstrip("#") in t.tags)
            and (assignee is None or assignee_matches(t.assignee, assignee, handles))
            and (mine_as is None or t.assignee in mine_as)
        )

    board = arrange(list(filter(shown, loaded.items.values())), today, horizon)
    if wanted is not None:
        board = {q: column if q == wanted else [] for q, column in board.items()}
    # a task file a merge left conflicted: listed as this clone's side has it, after the
    # readable tasks of its quadrant (as on the board), marked as unreadable
    conflicted: dict[str, LoadProblem] = {}
    for ours, problem in conflicts:
        place = quadrant_of(ours, today, horizon)
        if shown(ours) and (wanted is None or place == wanted):
            conflicted[ours.id] = problem
            board[place].append(ours)
    if name is not None and mine_as is not None and not any(board.values()):
        _none_mine(loaded.items.values(), name, mine_as, show_all)
    if as_json:
        tasks = sorted((t for c in board.values() for t in c), key=MANUAL_ORDER)
        print_json(
            [
                task_json(t, short[t.id], today, horizon) | _unreadable(conflicted.get(t.id))
                for t in tasks
            ]
        )
        return
    filtered = any(t.is_open or show_all for t in loaded.items.values())
    from credo.gitlink.authors import email_names

    by = {t.in_progress_by for c in board.values() for t in c if t.status == TASK_IN_PROGRESS}
    names = email_names(store.git_root, filter(None, by))  # no git with none in progress
    unreadable = list(loaded.problems.values())
    _print_board(board, short, today, filtered, unreadable, conflicted, names, handles)


UNREADABLE = "cannot be read: the warning above says why"
"""What `credo ls` says of a task whose file a merge left conflicted."""


def _unreadable(problem: LoadProblem | None) -> dict[str, Any]:
    """What `ls --json` adds to a task whose file a merge left conflicted: its path and
    what is wrong (its other fields are this clone's side of the merge)."""
    if problem is None:
        return {}
    return {"unreadable": {"path": problem.path, "message": problem.message}}


def people_on(
    store: Store, tasks: Iterable[Task], me: str | None
) -> tuple[dict[str, str], set[str] | None]:
    """The handles among the tasks' assignees (`handles_of`) and, with `me` (your git
    user.name, for --mine), the assignees that mean you (`names_for`): the git authors
    read only where a task is a person's other than you (`credo ls`, and `credo show` for
    its task): tasks that all name you (your git user.name) have no handle to work out,
    and a solo user's list reads no `git log`."""
    given = {t.assignee for t in tasks if t.assignee and not is_agent(t.assignee)}
    if not given:
        return {}, None if me is None else set()
    from credo.gitlink.authors import git_authors, git_user

    user = me if me is not None else (git_user(store.git_root) or ("",))[0]
    if user and all(name.casefold() == user.casefold() for name in given):
        return {}, None if me is None else given
    authors = git_authors(store.git_root)
    return handles_of(given, authors), None if me is None else names_for(me, given, authors)


def _none_mine(tasks: Iterable[Task], name: str, mine_as: set[str], show_all: bool) -> None:
    """Why `ls --mine` lists nothing, where no other option is the reason: no task has
    anyone's name, or none has yours, `name` (`mine_as`: the names that mean you; on
    stderr: --json's `[]` gets it too)."""
    which = "" if show_all else "open "
    listed = [t for t in tasks if show_all or t.is_open]
    if not any(t.assignee for t in listed):
        note(
            f"no {which}task here is assigned to anyone: --mine lists those assigned to "
            "you (@name in credo add, or --assignee)"
        )
    elif not any(t.assignee in mine_as for t in listed):
        note(f"no {which}task here is assigned to you ({name}, your git user.name)")


def _print_board(
    board: dict[Quadrant, list[Task]],
    short: dict[str, str],
    today: date,
    filtered: bool,
    unreadable: list[LoadProblem],
    conflicted: Container[str],
    names: Mapping[str, str],
    handles: Mapping[str, str],
) -> None:
    """The board as `credo ls` prints it: a heading per quadrant, then a row per task.
    `filtered`: tasks are there, only none passes the options; `unreadable`: the task
    files credo cannot read, or the tasks folder itself (each warned about already);
    `conflicted`: the tasks on the board whose files are among them (marked so);
    `names`: the people's names for their e-mails (`email_names`); `handles`: the people
    the assignees that are handles mean (`handles_of`)."""
    from credo.cli.rows import Painter, print_rows

    console = stdout_console()
    if not any(board.values()):
        if filtered:
            console.print("No task matches (credo ls with no options lists them all).")
        elif unreadable:
            why = agrees(len(unreadable), "the warning above says", "the warnings above say")
            what = counted(len(unreadable), "task file")
            if not unreadable[0].item_id:  # the folder itself (a file, a link): none read
                what = unreadable[0].path
            console.print(f"No task to show: {what} cannot be read ({why} why).")
        else:
            console.print('No tasks. Add one with [bold]credo add "title"[/].')
        return
    painter = Painter(console)
    for quadrant, column in board.items():
        if not column:
            continue
        heading = ((quadrant.label, "bold"), (f" ({len(column)}) ", ""), (quadrant.hint, "dim"))
        console.file.write(painter.cell(heading) + "\n")
        delegate = quadrant == Quadrant.DELEGATE
        rows = [
            _row(t, short[t.id], today, delegate, t.id in conflicted, names, handles)
            for t in column
        ]
        print_rows(console, rows, ["dim", "", "dim", "", "cyan", "magenta"], 1, painter)
        console.file.write("\n")


def _row(
    task: Task,
    short: str,
    today: date,
    in_delegate: bool,
    unreadable: bool,
    names: Mapping[str, str],
    handles: Mapping[str, str],
) -> list[Cell]:
    """id, title (after the board's marks, with `[in progress]` and whose, by their name:
    `names`), a closed task's status (`[done]`, `[dropped]`: a column of its own, so the
    marks line up), due, tags, assignee (`in_delegate`: the row is in Delegate; a handle by
    whom it means: `handles`).
    `unreadable`: the task as this clone's side of a conflicted merge has it, marked so."""
    # Each field read once, the statuses from constants: ten thousand rows, where a model's
    # field read costs ~500 instructions and an enum member's ~1,000 (`TASK_OPEN`).
    status, due, tags = task.status, task.due, task.tags
    plain = visible(task.title, lines=False)
    marks = task_marks(task, today)
    title: Cell = f"{marks} {plain}" if marks else plain
    closed = ""
    if unreadable:
        title = (("⚠ ", "red"), (plain, "red"), (f"  [{UNREADABLE}]", "dim"))
    elif status == TASK_IN_PROGRESS:
        label = status.label
        if by := task.in_progress_by:  # whose, in a team
            label += f" · {visible(known_as(names, by), lines=False)}"
        title = ((f"{marks} " if marks else "", ""), (plain, "bold"), (f"  [{label}]", "dim"))
    elif status != TASK_OPEN:
        title = ((f"{marks} " if marks else "", ""), (plain, "strike"))
        closed = f"[{status.label}]"
    shown_due: Cell = ""
    if due:
        style = ""  # a closed task is late for nothing
        is_open = status in OPEN_STATUSES
        if is_open and due <= today:
            style = "red" if due < today else "yellow"
        shown_due = ((relative_day(due, today, not is_open), style),)
    who = who_has(task, in_delegate, handles)
    hashed = "#" + " #".join(tags) if tags else ""
    return [
        short,
        title,
        closed,
        shown_due,
        visible(hashed, lines=False),
        visible(who, lines=False),
    ]


JSON_TASK = click.option("--json", "as_json", is_flag=True, help="Print the task as JSON.")
JSON_TASKS = click.option(
    "--json", "as_json", is_flag=True, help="Print the task as JSON (several: a list of them)."
)


@main.command()
@click.argument("task_ids", nargs=-1, metavar="[TASK_ID]...", shell_complete=completers.OPEN_TASK)
@JSON_TASKS
@pass_context
def done(context: Context, task_ids: tuple[str, ...], as_json: bool) -> None:
    """Mark tasks done (at the current commit): credo done a1b2 c3d4. With no id, the
    task you have in progress (credo start). Every id is checked first: one unknown or
    already done, and none is done."""
    store = context.store
    if not task_ids:
        from credo.gitlink.authors import at_keyboard

        task_ids = (actions.task_in_progress(store, at_keyboard(store.git_root)),)
    finished = actions.complete_tasks(
        store, task_ids, commit=_commit_now(context), check=_theirs(store)
    )
    shown = []
    for task, changes in finished:
        following = store.read(Task, changes[-1].item_id) if len(changes) > 1 else None
        if as_json:
            later = _stored_task_json(store, following) if following else None
            shown.append(_stored_task_json(store, task) | {"next_occurrence": later})
            continue
        at = f" at {short_sha(task.done_commit)}" if task.done_commit else ""
        click.echo(visible(f"Done: {task.title}{at}"))
        if following:
            short = store.short_id(Task, following.id)
            click.echo(f"Next occurrence: {short} due {following.due}")
    if as_json:
        print_json(shown[0] if len(task_ids) == 1 else shown)


@main.command()
@click.argument(
    "task_ids", nargs=-1, required=True, metavar="TASK_ID...", shell_complete=completers.CLOSED_TASK
)
@JSON_TASKS
@pass_context
def undone(context: Context, task_ids: tuple[str, ...], as_json: bool) -> None:
    """Open done or dropped tasks again: credo undone a1b2 c3d4. Every id is checked
    first: one unknown or open, and none is opened."""
    store = context.store
    shown = []
    for task, changes in actions.reopen_tasks(store, task_ids, _theirs(store)):
        taken_back = changes[-1].item_id if len(changes) > 1 else None
        if as_json:
            shown.append(
                _stored_task_json(store, task) | {"next_occurrence_taken_back": taken_back}
            )
            continue
        click.echo(visible(f"Open again: {task.title}"))
        if taken_back:
            click.echo("Its next occurrence, made when it was done, is taken back: one is open.")
    if as_json:
        print_json(shown[0] if len(task_ids) == 1 else shown)


@main.command()
@click.argument(
    "task_ids", nargs=-1, required=True, metavar="TASK_ID...", shell_complete=completers.TASK
)
@JSON_TASKS
@pass_context
def drop(context: Context, task_ids: tuple[str, ...], as_json: bool) -> None:
    """Archive tasks without doing them: credo drop a1b2 c3d4. Every id is checked
    first: one unknown or dropped, and none is dropped."""
    store = context.store
    dropped = [task for task, _ in actions.drop_tasks(store, task_ids, _theirs(store))]
    if as_json:
        shown = [_stored_task_json(store, task) for task in dropped]
        print_json(shown[0] if len(task_ids) == 1 else shown)
        return
    for task in dropped:
        click.echo(visible(f"Dropped: {task.title}"))


@main.command()
@click.argument("task_id", shell_complete=completers.TASK)
@click.option("--title", help="New title.")
@click.option("--note", help="New notes (Markdown), replacing the old.")
@click.option("--add-note", help="A note added under the notes, keeping them.")
@click.option("--due", type=WHEN, help="New due date.")
@click.option("--no-due", is_flag=True, help="Clear the due date.")
@click.option("--important/--not-important", "-i", default=None, help="Set or clear important.")
@click.option("--urgent/--not-urgent", "-u", default=None, help="Set or clear urgent.")
@click.option(
    "-t",
    "--tag",
    "tags",
    multiple=True,
    shell_complete=completers.TASK_TAG,
    help="Replace the tags (repeatable).",
)
@click.option(
    "--every",
    shell_complete=completers.repeat_rules,
    help="Repeat rule (day, weekday, week, month, 'N days').",
)
@click.option("--no-every", is_flag=True, help="Stop repeating.")
@click.option(
    "--assignee", shell_complete=completers.people, help="Who has it: a teammate or agent:NAME."
)
@click.option("--no-assignee", is_flag=True, help="Take the task back (no assignee).")
@click.option("--json", "as_json", is_flag=True, help="Print the edited task as JSON.")
@pass_context
def edit(
    context: Context,
    task_id: str,
    title: str | None,
    note: str | None,
    add_note: str | None,
    due: date | None,
    no_due: bool,
    important: bool | None,
    urgent: bool | None,
    tags: tuple[str, ...],
    every: str | None,
    no_every: bool,
    assignee: str | None,
    no_assignee: bool,
    as_json: bool,
) -> None:
    """Change a task's fields; with no option, in your editor ($EDITOR).

    `credo edit ID` alone opens the task in $VISUAL, else $EDITOR, else vi, as
    `task ID edit` does: what is saved is written, checked as the options are."""
    fields: dict[str, Any] = {
        key: value
        for key, value in {
            "title": title,
            "notes": note,
            "due": due,
            "important": important,
            "urgent": urgent,
            "every": every,
            "assignee": assignee,
        }.items()
        if value is not None
    }
    for given, cleared, name in (
        (due, no_due, "due"),
        (every, no_every, "every"),
        (assignee, no_assignee, "assignee"),
    ):
        if given is not None and cleared:
            raise click.UsageError(f"--{name} and --no-{name} contradict each other: give one")
        if cleared:
            fields[name] = None
    if tags:
        fields["tags"] = list(tags)
    store = context.store
    today = date.today()
    if not fields and add_note is None:  # in the person's editor, as `task ID edit`
        from credo.cli.editor import edited_in_editor

        task = store.get(Task, task_id)
        with edited_in_editor(store, task, placement(store, task, today)) as edited:
            if edited is not None:
                _edit(context, edited.read.id, edited.fields, None, as_json, edited.read)
        return
    _edit(context, task_id, fields, add_note, as_json)


def _edit(
    context: Context,
    task_id: str,
    fields: dict[str, Any],
    add_note: str | None,
    as_json: bool,
    read: Task | None = None,
) -> None:
    """Write `fields` (and `add_note`) to the task and say what it is now. `read`: the task
    as the person's editor showed it: a field changed on disk since that the edit changes
    too is refused (`changed_meanwhile`), not written over unseen."""
    store = context.store
    today = date.today()
    # only these move it (a due date, or a repeat rule's, can make it urgent): an edit of
    # its title reads no settings
    placing = not as_json and bool({"due", "important", "urgent", "every"} & fields.keys())
    was = quadrant_of(read or store.get(Task, task_id), today, _horizon(store)) if placing else None
    people = _people(context, fields.get("assignee"))
    theirs = _theirs(store)

    def check(now: Task) -> None:
        if theirs is not None:
            theirs(now)
        if read is not None and (changed := actions.changed_meanwhile(read, now, fields)):
            from credo.text.words import changed_on_disk

            raise BadInputError(f"not saved: {changed_on_disk(now, changed, 'the editor')}")

    task, changes = actions.edit_task(
        store, task_id, people=people, add_note=add_note, check=check, **fields
    )
    _warn_unknown(task, people)
    if fields.get("urgent") is False and is_urgent(task, today, _horizon(store)):
        warn(
            f"task {store.short_id(Task, task.id)} is due {task.due}, which keeps it urgent: "
            "change or clear its due date to make it not urgent"
        )
    if as_json:
        print_task(store, task)
    elif placing and quadrant_of(task, today, _horizon(store)) != was:  # where, as add says
        click.echo(visible(f"Edited: {task.title}: {placement(store, task, today)}"))
    elif task.due and fields.keys() & {"due", "every"}:  # the day a word was read as
        click.echo(visible(f"Edited: {task.title} · {due_words(task.due, today)}"))
    else:
        click.echo(visible(f"Edited: {task.title}"))
    if "notes" in fields and read is None:  # in the editor, the notes were in sight
        _say_replaced_notes(changes[0], task.notes)


def _say_replaced_notes(change: Change, notes: str) -> None:
    """Notes that said something else, replaced: said, and shown, as the shell has no undo
    to bring them back."""
    from credo.store.files import parse_toml_bytes

    was = parse_toml_bytes(change.before, "the task").get("notes", "") if change.before else ""
    if not was.strip() or was == notes:
        return
    lines = visible(was.rstrip("\n")).splitlines()
    shown = "\n".join(f"  {line}" if line else "" for line in lines)
    note(f"replaced the notes (--add-note adds under them instead); they were:\n{shown}")


def _horizon(store: Store) -> int:
    """The project's urgency horizon (its settings are read once, at the first ask)."""
    return store.config.urgency_horizon_days


@main.command()
@click.argument("task_id", shell_complete=completers.TASK)
@click.argument("quadrant", shell_complete=completers.quadrants)
@click.option(
    "--assignee",
    shell_complete=completers.people,
    help="Give it to a teammate or agent:NAME as it moves.",
)
@JSON_TASK
@pass_context
def mv(context: Context, task_id: str, quadrant: str, assignee: str | None, as_json: bool) -> None:
    """Move a task to another quadrant (do, schedule, delegate, eliminate or 1-4)."""
    target = parse_quadrant(quadrant)
    people = _people(context, assignee)
    store = context.store
    task, _ = actions.move_task(
        store,
        task_id,
        target,
        assignee=assignee,
        people=people,
        check=_theirs(store) if assignee is not None else None,  # as the agents' move_task
    )
    _warn_unknown(task, people)
    if as_json:
        print_task(store, task)
        return
    whose = f" (@{task.assignee})" if task.assignee else ""  # as the board shows it
    click.echo(visible(f"Moved to {target.label}{whose}: {task.title}"))
    if target == Quadrant.DELEGATE and not task.assignee:
        click.echo(f"Delegated to no one yet: credo edit {task_id} --assignee NAME")


@main.command()
@click.argument("task_id", shell_complete=completers.TASK)
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def rm(context: Context, task_id: str, yes: bool) -> None:
    """Delete a task's file for good (drop archives it instead)."""
    store = context.store
    task = store.get(Task, task_id)
    if not (yes or interactive()):
        raise click.UsageError(
            "deleting a task for good asks first, and there is no terminal to ask on: "
            "--yes deletes without asking"
        )
    if not yes and not click.confirm(f"Delete {task.title!r} for good?", default=False):
        click.echo("Nothing removed.")  # declined, as `rm -i` and git's prompts: no error
        return
    actions.remove_task(store, task.id)
    click.echo(visible(f"Deleted: {task.title}"))
