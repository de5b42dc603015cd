"""Counts in words: the noun and the verb agree with the number."""

from __future__ import annotations

from credo.wording import agrees, all_of, counted


def test_a_count_and_its_noun_agree() -> None:
    assert counted(1, "check") == "1 check"
    assert counted(0, "check") == "0 checks"
    assert counted(1200, "validation record") == "1,200 validation records"
    assert counted(2, "child", "children") == "2 children"
    assert counted(1, "child", "children") == "1 child"


def test_the_verb_agrees() -> None:
    assert f"{counted(1, 'cue')} {agrees(1, 'gives', 'give')}" == "1 cue gives"
    assert f"{counted(3, 'cue')} {agrees(3, 'gives', 'give')}" == "3 cues give"


def test_all_of_two_is_both() -> None:
    assert all_of(1, "record") == "the only record"
    assert all_of(2, "group") == "both groups"
    assert all_of(3, "group") == "all 3 groups"
    assert all_of(1200, "child", "children") == "all 1,200 children"
