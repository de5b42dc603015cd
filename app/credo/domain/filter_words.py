"""The `status:` words of a view's filter, read the same way by every view: the board
(task statuses) and the experiment log (experiment statuses)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

STATUS = "status:"
"""A filter word's prefix for a status: `status:done` shows the done items."""


def folded(text: str) -> str:
    """`text` as words are compared (a filter word with a title, notes or a tag): in any
    case, and with an accent typed either way (`café` as one character or as `e` and a
    combining accent, as some keyboards and macOS file names give it) alike."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())


class StatusWords(NamedTuple):
    """A filter's words, its `status:` words read."""

    wanted: frozenset[str] | None
    """The statuses asked for; None when no word asks (the view shows its default)."""
    unknown: list[str]
    """The `status:` words that name no status of the kind (they match nothing)."""
    others: list[str]
    """The words that are not `status:` words, for the view to read."""
    complaint: str
    """What to say of the first unknown word, naming the statuses; empty when none."""


def status_words(words: Iterable[str], known: Sequence[str]) -> StatusWords:
    """Read the `status:` words of `words` against the statuses `known` for the kind."""
    wanted: set[str] = set()
    unknown: list[str] = []
    others: list[str] = []
    asked = False
    for word in words:
        low = word.lower()
        if not low.startswith(STATUS):
            others.append(word)
            continue
        asked = True
        status = low.removeprefix(STATUS)
        if status in known:
            wanted.add(status)
        else:
            unknown.append(word)
    choices = f"{', '.join(known[:-1])} or {known[-1]}"
    complaint = f"{unknown[0]}: use {choices}" if unknown else ""
    return StatusWords(frozenset(wanted) if asked else None, unknown, others, complaint)
