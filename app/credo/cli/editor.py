"""`credo edit ID` with no option: the task in the person's editor, as `task ID edit` and
`git commit` open it, read back into the fields the options give."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from credo.cli.base import fail, interactive, note
from credo.domain.models import Task
from credo.errors import BadInputError, CredoError

if TYPE_CHECKING:
    from credo.store import Store

OPTIONS = "--title, --note, --add-note, --due, --tag, -i/-u, --assignee, --every"
"""The options that edit a task without an editor (`credo edit --help` says each)."""


@dataclass
class Edited:
    """What the person saved: the task as the text showed it (`read`) and the fields that
    differ from it."""

    read: Task
    fields: dict[str, Any]


@contextmanager
def edited_in_editor(store: Store, task: Task, place: str) -> Iterator[Edited | None]:
    """Open `task` in $VISUAL or $EDITOR (else vi), until what is saved reads (a line
    that does not is said, and, asked, the editor opens it again as it was typed). None
    when nothing changed (said). What the block raises keeps the text in its file, whose
    path the error says: never lost. `place`: where the task stands, in words."""
    if not interactive():
        raise click.UsageError(
            "credo edit ID with no option opens your editor, and there is no terminal for "
            f"it: give the fields to change as options ({OPTIONS})"
        )
    import tempfile

    from credo.domain.task_text import read_task_text, task_text

    short = store.short_id(Task, task.id)
    shown = task_text(task, short, place)
    made, name = tempfile.mkstemp(prefix=f"credo-task-{short}-", suffix=".txt", text=True)
    path = Path(name)
    with os.fdopen(made, "w", encoding="utf-8") as file:
        file.write(shown)
    while True:
        _run_editor(path, shown)
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            fields = read_task_text(text, date.today())
        except BadInputError as error:
            fail(error.message)
            if _again():
                continue
            raise CredoError(f"task {short} left as it is; {_kept(path)}") from None
        break
    changed = {k: v for k, v in (fields or {}).items() if _as_read(task, k) != v}
    if not changed:
        path.unlink()
        why = "the file was emptied" if fields is None else "nothing was changed"
        note(f"{why}: task {short} left as it is")
        yield None
        return
    try:
        yield Edited(task, changed)
    except CredoError as error:
        error.message = f"{error.message}; {_kept(path)}"
        raise
    path.unlink()


def _as_read(task: Task, name: str) -> Any:
    """A field of `task` as its text reads back untouched: the notes without the blank
    lines around them, which the text does not keep (else notes ending in a line break
    were written again, and taken for a change made on disk meanwhile)."""
    value = getattr(task, name)
    return value.strip("\n") if name == "notes" else value


_SHELL_READS = "|&;<>()$`\\\"' \t\n*?[#~=%"
"""What makes git run an editor through the shell (its `prepare_shell_cmd`)."""

_INSTALLED = f"set VISUAL or EDITOR to one installed (export EDITOR=nano), or give {OPTIONS}"


def _given() -> str:
    """Where the editor's name came from, in words."""
    if os.environ.get("VISUAL"):
        return " ($VISUAL)"
    return " ($EDITOR)" if os.environ.get("EDITOR") else " (neither $VISUAL nor $EDITOR is set)"


def _again() -> bool:
    """Whether the person wants the editor again; ctrl-c or the input's end is a no (the
    text is then kept, and its file said)."""
    try:
        return click.confirm("Edit it again?", default=True)
    except click.Abort:
        click.echo()
        return False


def _kept(path: Path) -> str:
    return f"your text is kept in {path}"


def _run_editor(path: Path, shown: str) -> None:
    """Run the person's editor on `path`, as git does: itself, or through the shell where
    its name holds what the shell reads (`sh -c '$EDITOR "$@"'`: an editor given with its
    options, `code --wait`). ctrl-c and ctrl-\\ are the editor's while it runs (vim's way
    out of insert mode): credo, in the same process group, ignores them meanwhile, as git
    does, where it would have ended and killed the editor. An editor that does not run, or
    fails, is said, the text kept if it differs from `shown`, as the editor was given it."""
    import signal
    import subprocess

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    command = [editor, str(path)]
    if any(sign in editor for sign in _SHELL_READS):
        command = ["/bin/sh", "-c", f'{editor} "$@"', editor, str(path)]
    try:
        child = subprocess.Popen(command)
    except OSError as error:
        why = f"the editor {editor!r}{_given()} could not be run ({error.strerror})"
        raise CredoError(f"{why}: {_INSTALLED}{_kept_if_changed(path, shown)}") from None
    held = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGQUIT)}
    try:
        code = child.wait()
    finally:
        for sig, handler in held.items():
            signal.signal(sig, handler)
    if code == 0:
        return
    why = f"the editor {editor!r}{_given()}"
    if code == 127:  # the shell's: no such command
        why, fix = f"{why} could not be run", _INSTALLED
    elif code < 0:
        why, fix = f"{why} was ended by {signal.Signals(-code).name}", "the task is left as it is"
    else:
        why, fix = f"{why} ended with status {code}", "the task is left as it is"
    raise CredoError(f"{why}: {fix}{_kept_if_changed(path, shown)}")


def _kept_if_changed(path: Path, shown: str) -> str:
    """`; your text is kept in PATH` where the person's text differs from `shown`, what
    the editor was given; else the file is removed, and nothing is said."""
    if path.read_text(encoding="utf-8", errors="replace") != shown:
        return f"; {_kept(path)}"
    path.unlink()
    return ""
