"""The `status:` words of a filter, as the board and the experiment log read them."""

from __future__ import annotations

from credo.domain.filter_words import status_words

KNOWN = ("open", "in_progress", "done", "dropped")


def test_no_status_word_leaves_the_views_default() -> None:
    read = status_words(["#ml", "loss"], KNOWN)
    assert read.wanted is None and read.unknown == [] and read.complaint == ""
    assert read.others == ["#ml", "loss"]


def test_several_statuses_show_items_of_any_of_them() -> None:
    """`status:done status:dropped` shows both kinds (not nothing, as all-must-match would)."""
    read = status_words(["Status:DONE", "status:dropped", "loss"], KNOWN)
    assert read.wanted == frozenset({"done", "dropped"})
    assert read.others == ["loss"]


def test_an_unknown_status_is_named_with_the_known_ones() -> None:
    read = status_words(["status:finished", "status:done"], KNOWN)
    assert read.wanted == frozenset({"done"})
    assert read.unknown == ["status:finished"]
    assert read.complaint == "status:finished: use open, in_progress, done or dropped"
