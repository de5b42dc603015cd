"""The quick-add syntax shared by `credo add` and the app's add box.

    "Fix the val split !  ^ #data due:friday every:week"

`!` marks it important, `^` urgent, `#tag` adds a tag (a letter after the `#`: `#12`
stays in the title), `due:WHEN` sets the due date (use quotes or `_` for several words:
`due:"next friday"`, `due:end_of_month`), `every:RULE` makes it recur and `@name`
says who has it (`@bruno`, `@"Bruno Silva"`, `@agent:codex`; the quadrant still comes
from `!` and `^`). Everything else is the title, as typed: its quotes, apostrophes and
backslashes are the user's words, not syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from credo.domain.dates import UnreadDateError, parse_when
from credo.errors import BadInputError

IMPORTANT_SIGIL = "!"
URGENT_SIGIL = "^"
SIGILS = IMPORTANT_SIGIL + URGENT_SIGIL


@dataclass
class QuickAdd:
    """What a quick-add line says."""

    title: str
    important: bool = False
    urgent: bool = False
    due: date | None = None
    tags: list[str] = field(default_factory=list)
    every: str | None = None
    assignee: str | None = None
    given: dict[str, str] = field(default_factory=dict)
    """`due:`, `every:` and `@` as the line typed them (`due:friday`, `@ana`)."""

    def refuse_also(self, name: str, option: str | None) -> None:
        """Refuse a field the line gives that an option gives too (`option`: the option
        as the face names it, with its value as typed, quoted: `'--due friday'`), both
        named, as a field given twice in the line is: which one is meant is the person's
        to say, not the option's to win."""
        if option is not None and name in self.given:
            raise BadInputError(
                f"{_NAMED.get(name, name)} is given twice ({self.given[name]!r} in the line "
                f"and {option}): keep one"
            )


def is_tag(word: str) -> bool:
    """`#data`, `#train-v2`: a `#` and then a letter. `#12` is an issue number and
    stays in the title."""
    return len(word) > 1 and word[0] == "#" and word[1].isalpha()


def split_tags(text: str) -> tuple[str, list[str]]:
    """The words and the `#tags` of a line apart: "Try 1-5 grams #train" gives
    ("Try 1-5 grams", ["train"])."""
    words: list[str] = []
    tags: list[str] = []
    for word in text.split():
        if is_tag(word):
            tags.append(word[1:])
        else:
            words.append(word)
    return " ".join(words), tags


TOKEN = re.compile(r"""(due:|every:|@)(?:"([^"]*)"|'([^']*)')|\S+""", re.IGNORECASE)
"""A field whose value is quoted to hold spaces (`due:"next friday"`, `@"Bruno Silva"`),
or else a run of anything but spaces."""


EMPTY_FIELD = {
    "due:": 'its date right after it: due:friday, due:2026-12-01 or due:"next friday"',
    "every:": 'its rule right after it: every:week or every:"3 days"',
}
"""What a field given no value (`due:`, `due:""`) is told to hold."""


def _tokens(line: str) -> list[tuple[str, str]]:
    """The line's words, each as read (a quoted field whole and unquoted) and as typed
    (for a message naming it). Only field values are quoted: "Read Karpathy's and Ng's
    notes" keeps both apostrophes, and `"NaN"` its quotes (shell-style splitting would
    eat them)."""
    tokens = []
    for found in TOKEN.finditer(line):
        name, double, single = found.groups()
        read = found[0] if name is None else name + (double or single or "")
        tokens.append((read, found[0]))
    return tokens


_NAMED = {"@": "@name"}
"""A field as a message names it, where its sigil alone would not read (`@`)."""


def _once(given: dict[str, str], field: str, typed: str) -> None:
    """Note a `due:`, `every:` or `@name` of the line, as typed; a second one is refused,
    both named: which one is meant is the person's to say, not the last one's to win."""
    if field in given:
        raise BadInputError(
            f"the line gives {_NAMED.get(field, field)} twice ({given[field]!r} and "
            f"{typed!r}): keep one"
        )
    given[field] = typed


FIELD = re.compile(r"(due:|every:|@)(.*)", re.IGNORECASE | re.DOTALL)
"""A word given to a field: its name, then its value."""


def shell_line(words: tuple[str, ...] | list[str]) -> str:
    """The line the shell's words make: `credo add Read it due:"next friday"` reaches
    credo as `due:next friday`, one word, the quotes taken off by the shell, which put
    back make it one value again (`@"Bruno Silva"` too). The first word is left as it
    is: it holds the whole line when the line is given in quotes (`"@bruno fix it"`)."""
    joined = list(words[:1])
    for word in words[1:]:
        found = FIELD.match(word)
        if found and any(c.isspace() for c in found[2]) and not set(found[2]) & set("\"'"):
            word = f'{found[1]}"{found[2]}"'
        joined.append(word)
    return " ".join(joined)


_TASKWARRIOR = re.compile(r"(?:(pri(?:ority)?:)|(proj(?:ect)?:)|(\+))([A-Za-z][\w.-]*)", re.I)


def taskwarrior_habit(word: str) -> tuple[str, str] | None:
    """What a Taskwarrior word means in credo: `pri:H`, `project:probe` or `+code`, its
    kind (`pri`, `project` or `+`) and credo's way to write it; None for any other word
    (`+1` and `C++` too)."""
    found = _TASKWARRIOR.fullmatch(word)
    if found is None:
        return None
    priority, project, _, value = found.groups()
    if priority:
        return "pri", "credo has no priorities (! marks a task important, ^ urgent)"
    if project:
        return "project", f"a #tag groups tasks (#{value})"
    return "+", f"a tag is written #{value}"


def taskwarrior_words(title: str) -> list[str]:
    """What a Taskwarrior habit left in a title says it meant: `pri:H`, `project:probe`
    and `+code` are words of the title to credo (a title may hold them: "Rename
    project:name"), each named with the credo way to write it."""
    said = []
    for word in title.split():
        if (habit := taskwarrior_habit(word)) is not None:
            said.append(f"{word!r} stays in the title: {habit[1]}")
    return said


def parse_quick_add(line: str, today: date | None = None) -> QuickAdd:
    """Split a quick-add line into title and fields."""
    from credo.domain.assignees import clean_assignee
    from credo.domain.models import checked_due, checked_title, clean_tags, refuse_line_breaks
    from credo.domain.recurrence import parse_every

    refuse_line_breaks(line)  # before its words are split (and joined)
    words: list[str] = []
    given: dict[str, str] = {}  # due:, every: and @ as typed, each taken once
    result = QuickAdd(title="")
    for token, typed in _tokens(line):
        lowered = token.lower()
        if not token.strip(SIGILS):  # !, ^, !^, and as typed for emphasis: !!, ^^!
            result.important |= IMPORTANT_SIGIL in token
            result.urgent |= URGENT_SIGIL in token
        elif is_tag(token):
            result.tags.append(token[1:])
        elif lowered in EMPTY_FIELD:
            raise BadInputError(
                f"{lowered} is empty: write {EMPTY_FIELD[lowered]} (no space after the colon)"
            )
        elif lowered.startswith("due:"):
            _once(given, "due:", typed)
            try:
                result.due = parse_when(token[4:], today)
            except UnreadDateError as error:  # its examples of several words need quoting here
                raise BadInputError(
                    f"{error.message}; after due:, several words go in quotes or joined "
                    'by _: due:"next friday" or due:next_friday'
                ) from None
            result.due = checked_due(result.due, today or date.today())
        elif lowered.startswith("every:"):
            _once(given, "every:", typed)
            result.every = parse_every(token[6:])
        elif token.startswith("@") and len(token) > 1:
            _once(given, "@", typed)
            result.assignee = clean_assignee(token)
        else:
            words.append(token)
    if not words:
        raise BadInputError(
            "a task needs a title (the words that are not !, ^, #tag, @name, due: or every:)"
        )
    result.title = checked_title(" ".join(words))
    result.given = given
    result.tags = clean_tags(result.tags)
    return result
