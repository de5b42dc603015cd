"""The task filter's words, read one way by the board's `/` and `credo ls`: `#tag` (or
Taskwarrior's `+tag`), `@name`, `status:done`, and any other word a piece of the title or
notes; a Taskwarrior word credo writes another way (`project:x`, `pri:H`, `due:today`)
is named with credo's way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from credo.domain.assignees import assignee_matches
from credo.domain.filter_words import StatusWords, folded, status_words
from credo.domain.models import Task, TaskStatus
from credo.domain.quickadd import is_tag, taskwarrior_habit

NO_DATES = "the filter reads no dates: T on the board shows today's tasks (due, overdue, pinned)"
"""What a `due:` word is told: the board's today view is credo's way to see what is due."""


def read_filter(words: Iterable[str]) -> StatusWords:
    """The filter's words, its `status:` words read against the task statuses and a
    Taskwarrior `+data` read as the `#data` it means (a tag, written without the `#` that
    starts a comment in a shell); its complaint names the first word that matches nothing
    (a status credo has not) or that credo writes another way (`project:x`: `#x`)."""
    words = list(words)
    read = status_words([_tag_of(word) for word in words], tuple(TaskStatus))
    if read.complaint:
        return read
    for word in words:
        if word.lower().startswith("due:"):
            return read._replace(complaint=f"{word}: {NO_DATES}")
        habit = taskwarrior_habit(word)
        if habit is not None and habit[0] != "+":
            return read._replace(complaint=f"{word}: {habit[1]}")
    return read


def _tag_of(word: str) -> str:
    habit = taskwarrior_habit(word)
    return f"#{word[1:]}" if habit is not None and habit[0] == "+" else word


def matches(task: Task, words: StatusWords, handles: Mapping[str, str]) -> bool:
    """Filter words: `status:done` the status, `#tag` must be a tag, `@name` the assignee
    (a handle answers to its person's name too: `handles`), anything else a piece of
    title or notes."""
    if words.wanted is not None and task.status.value not in words.wanted:
        return False
    haystack = folded(f"{task.title}\n{task.notes}")
    for word in words.others:
        if is_tag(word):
            if folded(word[1:]) not in (folded(t) for t in task.tags):
                return False
        elif word.startswith("@") and len(word) > 1:
            if not assignee_matches(task.assignee, word[1:], handles):
                return False
        elif folded(word) not in haystack:
            return False
    return True
