"""Item ids: random (never a timestamp), so clones never collide and prefixes are short."""

from __future__ import annotations

import operator
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from credo.errors import AmbiguousIdError, NotFoundError

# Crockford's base32, lower-case: no i, l, o, u, so ids read back unambiguously.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_LENGTH = 16  # 80 random bits
MIN_SHORT = 4

T = TypeVar("T")


def new_id() -> str:
    """A fresh random id; every character, the first ones included, is random (the
    system's randomness, as `secrets` uses: 256 byte values map evenly onto 32)."""
    return "".join(ALPHABET[byte & 31] for byte in os.urandom(ID_LENGTH))


def derived_id(source: str, purpose: str) -> str:
    """An id every clone derives alike from another item's id: two teammates making the
    same follow-up (the next occurrence of one recurring task) make one file, not two."""
    import hashlib

    digest = int.from_bytes(
        hashlib.blake2b(f"{source}/{purpose}".encode(), digest_size=10).digest()
    )
    return "".join(ALPHABET[(digest >> (5 * i)) & 31] for i in range(ID_LENGTH))


class ShortIds(dict[str, str]):
    """Each listed id's short id, as the lists print it. An id not among them (an item
    deleted since, or one another item still names) is shown by the prefix no listed id
    shares: typing it finds nothing rather than another item."""

    def __missing__(self, item_id: str) -> str:
        return short_id(item_id, self)


def short_id(item_id: str, ids: Iterable[str]) -> str:
    """One id's short id among `ids`, as `short_ids` gives it: only the ids sharing its
    first characters can make it longer, so only they are counted."""
    key = item_id[:MIN_SHORT]
    return short_ids([*(i for i in ids if i.startswith(key)), item_id])[item_id]


def short_ids(ids: Iterable[str], minimum: int = MIN_SHORT) -> ShortIds:
    """Each id's shortest prefix (at least `minimum` long) that no other id shares.

    Prefixes are counted length by length, only among the ids still sharing theirs (an
    id whose prefix is unique at one length differs from the rest at every longer one):
    random ids rarely share four characters, so most are settled by the first count.
    """
    result = ShortIds()
    pending = list(set(ids))
    size = minimum
    while pending:
        prefixes = list(map(operator.itemgetter(slice(0, size)), pending))
        result.update(zip(pending, prefixes, strict=True))  # the shared ones are redone below
        shared = {prefix for prefix, count in Counter(prefixes).items() if count > 1}
        pending = [i for i, prefix in zip(pending, prefixes, strict=True) if prefix in shared]
        size += 1
    return result


_RUN_BY_ID = re.compile(rf"\brun ([0-9a-z]{{{ID_LENGTH}}})\b")


def runs_said_short(text: str, short: Callable[[str], str]) -> str:
    """A check's summary as shown: it names a run by its whole id (`like run
    3wrcf8k2m9x0a1b4`), since the prefix no other run shared the day it was said may be
    shared later; each is named as the lists name it now (`short`: `Store.short_id`, a
    `ShortIds`). A summary saved before, which named it short, is shown as it is."""
    return _RUN_BY_ID.sub(lambda found: f"run {short(found[1])}", text)


_LISTING = {"experiment": "credo exp ls", "run": "credo runs ls"}


def listing_command(what: str) -> str:
    """The command that lists the ids of `what` (tasks: `credo ls --all`)."""
    return _LISTING.get(what, "credo ls --all")


def require_id(prefix: str, what: str) -> None:
    """An error when `prefix` is empty: the id of what to give, and where to find one."""
    if not prefix.strip():
        raise NotFoundError(
            f"give the id of {'an' if what[:1] in 'aeiou' else 'a'} {what} "
            f"(or its first few characters; see `{listing_command(what)}`)",
            command=listing_command(what),
        )


def resolve(prefix: str, items: Mapping[str, T], what: str = "item") -> str:
    """The one id in `items` that starts with `prefix`, or a clear error."""
    require_id(prefix, what)
    key = prefix.strip().lower()
    if key in items:
        return key
    matches = sorted(i for i in items if i.startswith(key))
    if not matches:
        raise NotFoundError(
            f"no {what} has an id starting with {prefix!r} (see `{listing_command(what)}`)",
            command=listing_command(what),
        )
    if len(matches) > 1:
        short = short_ids(matches, max(MIN_SHORT, len(key) + 1))
        shown = ", ".join(short[m] for m in matches[:5])
        more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
        raise AmbiguousIdError(
            f"{prefix!r} matches {len(matches)} {what}s ({shown}{more}); type more characters"
        )
    return matches[0]
