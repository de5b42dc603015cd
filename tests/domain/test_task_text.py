"""A task as the text `credo edit ID` opens in the editor, and that text read back."""

from datetime import date

import pytest

from credo.domain.models import Task
from credo.domain.task_text import read_task_text, task_text
from credo.errors import BadInputError

TODAY = date(2026, 12, 8)  # a Tuesday


def text_of(**fields: object) -> str:
    task = Task(id="a1b2c3d4", title="Check leakage", **fields)  # type: ignore[arg-type]
    return task_text(task, "a1b2", "not important, not urgent → Eliminate")


def test_a_text_unchanged_reads_as_the_task_it_shows() -> None:
    fields = dict(
        important=True,
        due=date(2026, 12, 20),
        tags=["data", "paper"],
        assignee="agent:codex",
        every="week",
        notes="# Plan\n\nsplit by source",
    )
    read = read_task_text(text_of(**fields), TODAY)
    assert read == {"title": "Check leakage", "urgent": False, **fields}


def test_words_are_read_as_the_shells_options_read_them() -> None:
    text = (
        text_of()
        .replace("\ndue:", "\ndue: friday")
        .replace("\ntags:", "\ntags: #data, paper data")
        .replace("important: no", "important: Yes")
        .replace("\nassignee:", "\nassignee: @Agent:Codex")
        .replace("title: Check leakage", "title:   Check   leakage  twice")
    )
    read = read_task_text(text, TODAY)
    assert read is not None
    assert read["due"] == date(2026, 12, 11) and read["important"] is True
    assert read["tags"] == ["data", "paper"] and read["assignee"] == "agent:codex"
    assert read["title"] == "Check leakage twice"


def test_only_comments_left_is_an_emptied_text() -> None:
    header = "".join(line + "\n" for line in text_of().splitlines() if line.startswith("#"))
    assert read_task_text(header, TODAY) is None
    assert read_task_text("", TODAY) is None


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("\ndue:", "\ndue: someday"), "line 11, due: cannot read the date 'someday'"),
        (("urgent: no", "urgent: maybe"), "line 10, urgent: 'maybe' is neither yes nor no"),
        (("title: Check leakage", "title:"), "line 8, title: "),
        (("\nevery:", "\nevery: fortnight"), "line 14, every: "),
        (("\nassignee:", "\nassignee: agent:co dex"), "line 13, assignee: "),
        (("title: Check leakage", "Check leakage"), "line 8: 'Check leakage' is not a field"),
        (("\ntags:", "\ntags:\ntitle: again"), "line 13: title is given twice (line 8 too)"),
        (("title: Check leakage\n", ""), "title (its line is missing): "),
    ],
)
def test_an_error_names_the_line_and_the_field(change: tuple[str, str], said: str) -> None:
    with pytest.raises(BadInputError) as raised:
        read_task_text(text_of().replace(*change), TODAY)
    assert raised.value.message.startswith(said), raised.value.message
