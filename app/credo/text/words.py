"""Items in words (Rich markup), shared by the shell (`credo show`) and the app.

Every string from a file or a commit goes in through `credo.display.escape`.
"""

from __future__ import annotations

import shlex
from datetime import date, datetime
from typing import TYPE_CHECKING

from credo.display import cut, cut_at_the_start, escape, one_line, visible
from credo.domain.assignees import known_as
from credo.domain.dates import relative_day
from credo.domain.models import ChecklistItem, Task, TaskStatus, short_sha
from credo.domain.quadrants import quadrant_of

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence

    from credo.checklists.verdict import Rung
    from credo.gitlink.index import Commit, Unsure
    from credo.store.ids import ShortIds

GONE = "no longer in history"
"""Said of a recorded commit no ref reaches any more (`gitlink.index.outside_history`)."""


def describe_task(
    task: Task,
    today: date,
    horizon: int,
    commits: str = "",
    gone: Collection[str] = (),
    *,
    short: str,
    experiments: ShortIds | None,
    titles: Mapping[str, str],
    width: int,
    names: Mapping[str, str] | None,
    handles: Mapping[str, str],
) -> str:
    """The facts about a task as Rich markup (`credo show`, the board's detail); `short`:
    its id as `credo ls` prints it (the one to type); `gone`: the commits no longer in
    history (its done and closing commits among them);
    `experiments`: the experiments' ids as `credo exp ls` prints them, `titles` their
    titles (one a line, cut to `width` cells; an experiment deleted since has none).
    `experiments` None: not read yet (the board's first moments), none is named.
    `names`: who has it in progress by their name (`gitlink.authors.email_names`); None:
    not read yet (the board's first moments), none is named rather than by their e-mail.
    `handles`: the people the assignees that are handles mean (`handles_of`): its
    assignee by that person's name, and the handle it was given by (as its file has it)."""
    lines = [f"[b]{escape(task.title)}[/]", ""]
    lines.append(f"[dim]id[/]        {short}")
    lines.append(f"[dim]quadrant[/]  {quadrant_of(task, today, horizon).label}")
    status = task.status.label
    if task.status == TaskStatus.IN_PROGRESS and task.in_progress_by and names is not None:
        status += f" · {escape(known_as(names, task.in_progress_by))}"
    lines.append(f"[dim]status[/]    {status}")
    if task.due:
        when = relative_day(task.due, today, closed=not task.is_open)
        lines.append(f"[dim]due[/]       {task.due} ({when})")
    if task.every:
        lines.append(f"[dim]repeats[/]   every {escape(task.every)}")
    if task.tags:
        lines.append(f"[dim]tags[/]      {' '.join('#' + escape(t) for t in task.tags)}")
    if task.assignee:
        person = handles.get(task.assignee)
        said = f"{person} (given as {task.assignee})" if person else task.assignee
        lines.append(f"[dim]assignee[/]  {escape(said)}")
    if task.pinned == today:
        lines.append("[dim]today[/]     ★ pinned")
    lines.append(f"[dim]created[/]   {task.created.astimezone():%Y-%m-%d %H:%M}")
    if task.done_at:
        at = f" at {escape(short_sha(task.done_commit))}" if task.done_commit else ""
        at += f" ({GONE})" if task.done_commit in gone else ""
        lines.append(f"[dim]done[/]      {task.done_at.astimezone():%Y-%m-%d %H:%M}{at}")
    if task.closed_by and task.status == TaskStatus.DONE:
        where = f", {GONE}" if task.closed_by in gone else ""
        lines.append(
            f"[dim]closed by commit {escape(short_sha(task.closed_by))}{where} "
            f"(`credo undone {short}` reopens it)[/]"
        )
    if experiments is not None:
        for index, exp_id in enumerate(task.experiments):
            short, title = experiments[exp_id], one_line(titles.get(exp_id, ""))
            named = f"{short} {cut(title, width - 11 - len(short))}" if title else short
            lines.append(f"{'[dim]tried in[/]' if index == 0 else '        '}  {escape(named)}")
    if commits:
        lines.append("")
        lines.append("[dim]commits[/]")
        lines.append(commits)
    return "\n".join(lines)


def changed_on_disk(now: Task, names: Sequence[str], opened: str) -> str:
    """Why an edit was not saved (`actions.changed_meanwhile`): `names` of the task changed
    on disk since `opened` (the form, the editor) opened, each short one with its value
    `now`: `the title (now 'Read it') and the notes changed on disk since the editor
    opened (another terminal, a git pull)`."""

    def said(name: str) -> str:
        value = getattr(now, name)
        if name == "notes" or value is None:
            return f"the {name}"
        shown = " ".join(value) if isinstance(value, list) else str(value)
        return f"the {name} (now {cut(shown, 60)!r})"

    what = " and ".join(map(said, names))
    return f"{what} changed on disk since {opened} opened (another terminal, a git pull)"


def checked_words(checked: int, answered: int, na: int) -> str:
    """`2/3 checked, 1 n.a.`: how many of the items a review answered it checked (and
    marked n.a.), as the report and the checklists' past reviews say it."""
    return f"{checked}/{answered} checked" + (f", {na} n.a." if na else "")


def commit_lines(commits: list[Commit]) -> str:
    """`1a2b3c4 2026-11-24 Ada  subject` lines for linked commits."""
    lines = []
    for commit in commits:
        when = datetime.fromtimestamp(commit.time).astimezone()
        lines.append(
            f"[yellow]{short_sha(commit.sha)}[/] {when:%Y-%m-%d} "
            f"[dim]{escape(commit.author)}[/]  {escape(commit.subject)}"
        )
    return "\n".join(lines)


def unsure_line(unsure: Unsure, closing: bool = False) -> str:
    """A commit that names an item by a prefix other ids start with too, in plain text;
    `closing`: as its closing keyword is read (`closes 3kf`), which closes none of them."""
    said = (
        f"commit {short_sha(unsure.commit.sha)} names {unsure.written}, the start of"
        f" {unsure.count} ids here: credo cannot tell which it meant and links it to none"
    )
    return said + " (nor closes any: credo done ID closes the one it meant)" if closing else said


def item_guidance(item: ChecklistItem, data: Sequence[str] = ()) -> list[tuple[str, str]]:
    """A checklist item's why, how and the command that answers it: (label, markup),
    shown by the checklists view and by `credo check`'s walk through a pack. `data`: the
    project's data paths as typed from here (`data_paths_from_here`): the one the
    command's DATA stands for, or, with several, the ones it may stand for."""
    lines = []
    if item.why:
        lines.append(("why", escape(item.why)))
    if item.how:
        lines.append(("how", escape(item.how)))
    if item.command:
        command, may_be = data_named(item.command, data)
        lines.append(("answer with", f"[cyan]{escape(command)}[/]"))
        if may_be:
            lines.append(("DATA", f"{escape(may_be)} (data_paths)"))
    return lines


def data_named(command: str, data: Sequence[str]) -> tuple[str, str]:
    """A pack's `command` with its DATA named by the project's one data path (`data`: as
    typed from here, `data_paths_from_here`), quoted for the shell; and, with several,
    the ones DATA may be ("data or 'raw text'"), else ""."""
    words = command.split(" ")
    if len(data) == 1:
        words = [shlex.quote(data[0]) if word == "DATA" else word for word in words]
    may_be = " or ".join(map(shlex.quote, data)) if len(data) > 1 and "DATA" in words else ""
    return " ".join(words), may_be


def rung_command(rung: Rung, width: int) -> tuple[str, str] | None:
    """(`ran`, the command its run ran) or, for a rung not tried, (`run`, the pack's own
    command for it), in at most `width` cells (20 at least), plain text: its end kept,
    where what differs between rungs is (`… --rung overfit-one --limit 1`); None where
    there is no command. `credo check --status` and the checklists view say it."""
    if not rung.command:
        return None
    said = "run" if rung.state == "not tried" else "ran"
    return said, cut_at_the_start(visible(rung.command, lines=False), max(width, 20))
