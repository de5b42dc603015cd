"""Assignees: what people type, matched to git authors and to filter words."""

import pytest

from credo.domain.assignees import (
    agent_actor,
    assignee_matches,
    clean_assignee,
    resolve_assignee,
)
from credo.domain.quickadd import parse_quick_add
from credo.errors import BadInputError

PEOPLE = ["Bruno Silva", "Ada Tester", "Bruna Costa", "agent:codex"]


def test_quick_add_reads_a_person_and_an_agent() -> None:
    parsed = parse_quick_add("Answer the reviewer ^ @bruno #paper")
    assert (parsed.title, parsed.assignee, parsed.tags) == (
        "Answer the reviewer",
        "bruno",
        ["paper"],
    )
    assert parse_quick_add("Rerun @agent:Codex").assignee == "agent:codex"
    assert parse_quick_add('Ask @"Bruno Silva" about it').assignee == "Bruno Silva"
    assert parse_quick_add("mail foo@bar.org @").title == "mail foo@bar.org @"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("bruno", "Bruno Silva"),
        ("silva", "Bruno Silva"),
        ("bruno silva", "Bruno Silva"),
        ("brun", "brun"),  # Bruno and Bruna: ambiguous, kept as typed
        ("zed", "zed"),  # no such author: kept as typed
        ("@agent:codex", "agent:codex"),
        ("  ", None),
        ("codex", "codex"),  # an agent on a task is named agent:codex, never by a word
    ],
)
def test_resolve_against_git_authors(typed: str, stored: str | None) -> None:
    assert resolve_assignee(typed, PEOPLE) == stored


def test_bad_agent_names_are_refused_with_the_rule() -> None:
    with pytest.raises(BadInputError, match="agent:NAME"):
        clean_assignee("agent:two words")
    assert agent_actor("Claude Code") == "agent:claude-code"
    assert agent_actor("") == "agent:unnamed"


@pytest.mark.parametrize(
    ("assignee", "query", "found"),
    [
        ("Bruno Silva", "bruno", True),
        ("Bruno Silva", "@silva", True),
        ("Bruno Silva", "ada", False),
        ("agent:codex", "codex", True),
        ("agent:codex", "agent", True),
        ("agent:codex", "agent:claude", False),
        ("agent:codex", "@a:codex", True),  # as a narrow board row shows it
        ("agent:codex", "a:cod", True),
        ("Ada Tester", "a:codex", False),
        (None, "bruno", False),
    ],
)
def test_filter_words_find_assignees(assignee: str | None, query: str, found: bool) -> None:
    assert assignee_matches(assignee, query) is found
