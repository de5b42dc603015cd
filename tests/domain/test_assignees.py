"""Assignees: what people type, matched to git authors and to filter words."""

import pytest

from credo.domain.assignees import (
    agent_actor,
    assignee_matches,
    clean_assignee,
    given_to,
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


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Bruno Silva", "@Bruno Silva"),
        ("agent:codex", "@agent:codex"),
        ("brun", "@brun (Bruno Silva or Bruna Costa: kept as typed)"),
        ("zed", "@zed (neither a git author here nor on a task: kept as typed)"),
    ],
)
def test_who_a_task_goes_to_says_a_name_kept_as_typed(name: str, said: str) -> None:
    assert given_to(name, PEOPLE) == said


def test_many_people_a_name_could_be_are_counted_past_three() -> None:
    people = ["Ana A", "Ana B", "Ana C", "Ana D", "Ana E"]
    assert given_to("ana", people) == "@ana (Ana A, Ana B, Ana C or 2 more: kept as typed)"


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
