"""A task as text to edit in the person's editor (`credo edit ID` with no option), and
that text read back into the fields `actions.edit_task` takes, checked as the shell's
options are, each error naming its line and field."""

from __future__ import annotations

from datetime import date
from typing import Any

from credo.domain.assignees import clean_assignee
from credo.domain.dates import parse_when
from credo.domain.models import Task, checked_due, checked_text, checked_title, clean_tags
from credo.domain.recurrence import parse_every
from credo.errors import BadInputError

FIELDS = ("title", "important", "urgent", "due", "tags", "assignee", "every")
"""The one-line fields, in the order the text gives them; `notes:` follows them."""

_YES = {"": False, "yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}


def task_text(task: Task, short_id: str, where: str) -> str:
    """`task` as its text to edit: a header of `#` lines saying how (as `git commit` and
    `crontab -e` do), one `name: value` line a field, then the notes under `notes:`.
    `where`: its place on the board in words (`important, not urgent → Schedule`)."""
    header = (
        f"# Task {short_id}: {where}\n"
        "# Edit, save and close the editor; a file unchanged or emptied changes nothing.\n"
        "# A line starting with # is left out, but under `notes:` every line is notes.\n"
        "#   important, urgent: yes or no (a near due date makes a task urgent too)\n"
        "#   due: 2026-12-11, friday, in 3 days, eod... (empty: none)\n"
        "#   tags: words (data paper); assignee: a teammate or agent:NAME (empty: no one)\n"
        "#   every: day, weekday, week, month, 3 days (empty: does not repeat)\n"
    )
    values = {
        "title": task.title,
        "important": "yes" if task.important else "no",
        "urgent": "yes" if task.urgent else "no",
        "due": task.due.isoformat() if task.due else "",
        "tags": " ".join(task.tags),
        "assignee": task.assignee or "",
        "every": task.every or "",
    }
    lines = [f"{name}: {value}".rstrip() for name, value in values.items()]
    return header + "\n".join(lines) + "\nnotes:\n" + task.notes.rstrip("\n") + "\n"


def read_task_text(text: str, today: date) -> dict[str, Any] | None:
    """The fields of a task's text (`task_text`) as `edit_task` takes them, checked by the
    rules every way of editing uses; None for a text with no field left (emptied). A
    field whose line was taken out is read as empty. Raises BadInputError naming the
    line and the field, and what to type."""
    given: dict[str, tuple[int, str]] = {}
    notes: list[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if notes is not None:
            notes.append(line)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        name, colon, value = line.partition(":")
        name = name.strip().lower()
        if not colon or name not in (*FIELDS, "notes"):
            raise BadInputError(
                f"line {number}: {line.strip()[:40]!r} is not a field: write NAME: VALUE with "
                f"a NAME of {', '.join(FIELDS)} or notes (a line starting with # is left out)"
            )
        if name in given:
            raise BadInputError(
                f"line {number}: {name} is given twice (line {given[name][0]} too): keep one"
            )
        given[name] = number, value.strip()
        if name == "notes":
            notes = [value.strip()] if value.strip() else []
    if not given:
        return None
    body = "\n".join(notes or []).strip("\n")
    given["notes"] = given.get("notes", (0, ""))[0], body
    return {name: _checked(name, *given.get(name, (0, "")), today) for name in (*FIELDS, "notes")}


def _checked(name: str, number: int, value: str, today: date) -> Any:
    """One field's value as `edit_task` takes it, refused with its line and name (`number`
    0: its line is missing)."""
    try:
        if name in ("important", "urgent"):
            if value.lower() not in _YES:
                raise BadInputError(f"{value!r} is neither yes nor no: type yes or no")
            return _YES[value.lower()]
        if name == "title":
            return checked_title(value)
        if name == "due":
            return checked_due(parse_when(value, today), today) if value else None
        if name == "tags":
            return clean_tags(value.replace(",", " ").split())
        if name == "assignee":
            return clean_assignee(value)
        if name == "every":
            return parse_every(value) if value else None
        return checked_text(value, "notes")
    except BadInputError as error:
        where = f"line {number}, {name}" if number else f"{name} (its line is missing)"
        raise BadInputError(f"{where}: {error.message}") from None
