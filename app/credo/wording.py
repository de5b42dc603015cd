"""Counts in words that agree with them: `1 check`, `3 checks` (never `3 check(s)`).

Below every layer (like `credo.display`): the data views, the gate, the shell and the
app all say how many of something there are.
"""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """`count` and its noun, thousands separated: `counted(1200, "record")` is
    `1,200 records`; `plural` for a noun that does not take an -s."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def agrees(count: int, singular: str, plural: str) -> str:
    """The verb for `count` things: `agrees(1, "holds", "hold")` is `holds`."""
    return singular if count == 1 else plural


def all_of(count: int, noun: str, plural: str = "") -> str:
    """Every one of `count` things: `the only group`, `both groups`, `all 3 groups`."""
    if count == 1:
        return f"the only {noun}"
    return f"both {plural or noun + 's'}" if count == 2 else f"all {counted(count, noun, plural)}"
