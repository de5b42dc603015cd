"""The board's state without a pilot: columns, filters, moves, focus and marks."""

from __future__ import annotations

from datetime import date, timedelta

from credo.domain.models import Task, TaskStatus
from credo.domain.quadrants import Quadrant
from credo.errors import BadFileError
from credo.store.store import Change
from credo.ui.board_state import BoardState, Row

TODAY = date(2026, 11, 25)
HORIZON = 2


def task(n: int, title: str, **fields: object) -> Task:
    return Task(id=f"t{n:03d}aaaabbbbcccc", title=title, order=float(n), **fields)  # type: ignore[arg-type]


def titles(state: BoardState, quadrant: Quadrant) -> list[str]:
    return [row.task.title for row in state.columns[quadrant] if row.task]


def loaded(*tasks: Task) -> BoardState:
    state = BoardState()
    state.load({t.id: t for t in tasks}, {})
    state.arrange(TODAY, HORIZON, set())
    return state


def test_columns_follow_the_quadrants_and_skip_closed_tasks() -> None:
    state = loaded(
        task(1, "Check label balance", important=True, urgent=True),
        task(2, "Overfit ten examples", important=True),
        task(3, "Answer reviewer email", urgent=True),
        task(4, "Tidy the plots"),
        task(5, "Done already", important=True, status=TaskStatus.DONE),
    )
    assert titles(state, Quadrant.DO) == ["Check label balance"]
    assert titles(state, Quadrant.SCHEDULE) == ["Overfit ten examples"]
    assert titles(state, Quadrant.DELEGATE) == ["Answer reviewer email"]
    assert titles(state, Quadrant.ELIMINATE) == ["Tidy the plots"]


def test_filters_by_words_tags_and_assignee_and_count_hidden_overdue() -> None:
    late = TODAY - timedelta(days=3)
    state = loaded(
        task(1, "Plot the loss", tags=["viz"], important=True),
        task(2, "Dedupe the splits", due=late, notes="leakage between train and valid"),
        task(3, "Rerun the baseline", assignee="bruno", urgent=True),
    )
    state.filter_words = ["#viz"]
    assert state.arrange(TODAY, HORIZON, set()) == 1  # the overdue one is hidden: say so
    assert titles(state, Quadrant.SCHEDULE) == ["Plot the loss"]
    state.filter_words = ["@bruno"]
    state.arrange(TODAY, HORIZON, set())
    assert titles(state, Quadrant.DELEGATE) == ["Rerun the baseline"]
    state.filter_words = ["LEAKAGE"]  # notes count, in any case
    assert state.arrange(TODAY, HORIZON, set()) == 0
    assert titles(state, Quadrant.DELEGATE) == ["Dedupe the splits"]  # overdue: urgent
    assert state.filtered


def test_a_word_typed_with_its_accent_either_way_finds_the_task() -> None:
    """`café` as one character (NFC) and as `e` plus a combining accent (NFD, as macOS
    and some keyboards give it) are one word, in any case, in titles and tags alike."""
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    state = loaded(task(1, f"Order {nfc} beans", tags=[nfd]), task(2, "Order tea"))
    for words in ([nfd], [nfc.upper()], [f"#{nfc}"], [f"#{nfd.upper()}"]):
        state.filter_words = words
        state.arrange(TODAY, HORIZON, set())
        assert titles(state, Quadrant.ELIMINATE) == [f"Order {nfc} beans"], words


def test_today_keeps_pinned_due_today_and_overdue() -> None:
    state = loaded(
        task(1, "Pinned", pinned=TODAY),
        task(2, "Due today", due=TODAY),
        task(3, "Overdue", due=TODAY - timedelta(days=1)),
        task(4, "Later", due=TODAY + timedelta(days=9)),
    )
    state.today_only = True
    state.arrange(TODAY, HORIZON, set())
    shown = {t for q in Quadrant for t in titles(state, q)}
    assert shown == {"Pinned", "Due today", "Overdue"}


def test_a_change_moves_one_row_between_two_columns() -> None:
    first, second = task(1, "Check label balance"), task(2, "Tidy the plots")
    state = loaded(first, second)
    moved = first.model_copy(update={"important": True, "urgent": True})
    written = {b"after": moved}
    touched = state.apply(
        [Change(Task, moved.id, b"before", b"after")],
        lambda _, raw: written[raw],
        TODAY,
        HORIZON,
        set(),
    )
    assert touched == {Quadrant.ELIMINATE, Quadrant.DO}
    assert titles(state, Quadrant.DO) == ["Check label balance"]
    assert titles(state, Quadrant.ELIMINATE) == ["Tidy the plots"]
    assert state.position(Quadrant.DO, moved.id) == 0
    assert state.quadrant(moved.id, TODAY, HORIZON) == Quadrant.DO


def test_bytes_that_are_no_task_leave_the_board_until_the_next_load() -> None:
    spoilt = task(1, "Spoilt in an agent's journal entry")
    state = loaded(spoilt)

    def parse(task_id: str, raw: bytes) -> Task:
        raise BadFileError(f"tasks/{task_id}.toml", "is not valid TOML")

    state.apply([Change(Task, spoilt.id, b"x", b"y")], parse, TODAY, HORIZON, set())
    assert titles(state, Quadrant.ELIMINATE) == [] and spoilt.id not in state.tasks


def test_neighbours_on_the_grid_and_round_all_four_one_at_a_time() -> None:
    state = BoardState()
    assert state.neighbour("right") == Quadrant.SCHEDULE
    assert state.neighbour("down") == Quadrant.DELEGATE
    assert state.neighbour("left") is None and state.neighbour("up") is None
    state.focus = Quadrant.ELIMINATE
    assert state.neighbour("right", single=True) == Quadrant.DO  # wraps round
    assert state.neighbour("left", single=True) == Quadrant.DELEGATE


def test_an_agents_mark_shows_until_someone_else_changes_the_task() -> None:
    written = task(1, "Delegated to codex")
    state = BoardState()
    state.agent_marks.add({written.id: {written.updated: "agent:codex"}})
    assert state.agent_marks.actor_of(written) == "agent:codex"
    edited = written.model_copy(update={"updated": written.updated + timedelta(seconds=1)})
    assert state.agent_marks.actor_of(edited) is None


def test_rows_are_the_rows_their_fields_make_linked_and_marked() -> None:
    plain, linked, marked = task(1, "Plain"), task(2, "In a commit"), task(3, "By codex")
    state = BoardState()
    state.agent_marks.add({marked.id: {marked.updated: "agent:codex"}})
    rows = state.rows([plain, linked, marked], {linked.id})
    assert rows == [Row(plain), Row(linked, linked=True), Row(marked, actor="agent:codex")]
    assert [row.title for row in rows] == ["", "", ""]  # every field there, defaults too
    assert BoardState().rows([marked], set()) == [Row(marked)]  # no marks at all


def test_names_to_delegate_to_come_from_git_the_board_and_known_agents() -> None:
    state = loaded(task(1, "Rerun", assignee="carla"), task(2, "Read", assignee="ada"))
    names = state.name_suggestions(["ada", "bruno"])
    assert names[:3] == ["carla", "ada", "bruno"]  # as the shell orders them: the board's first
    assert "agent:codex" in names and len(names) == len(set(names))


def test_short_ids_grow_when_a_task_sharing_a_prefix_is_added_and_shrink_when_it_goes() -> None:
    """The detail names a task as `credo ls` does: a task made with the same first four
    characters makes both need a fifth, and its removal gives the four back."""
    first = task(1, "Check label balance")
    state = loaded(first, task(2, "Overfit ten examples"))
    assert state.short_id(first.id) == "t001"
    twin = Task(id="t001bbbbcccchhhh", title="A twin")
    state.apply([Change(Task, twin.id, None, b"x")], lambda _, __: twin, TODAY, HORIZON, set())
    assert (state.short_id(first.id), state.short_id(twin.id)) == ("t001a", "t001b")
    state.apply([Change(Task, twin.id, b"x", None)], lambda _, __: twin, TODAY, HORIZON, set())
    assert state.short_id(first.id) == "t001"
