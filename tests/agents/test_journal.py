"""The journal of agents' changes: whole lines only, bounded, never read twice."""

from __future__ import annotations

import pytest

from credo import actions
from credo.actions import journal
from credo.actions.journal import JournalReader, journal_path, record
from credo.domain.models import Task
from credo.store import Store
from full_disk import room_here_for


def test_a_reader_sees_each_entry_once_and_waits_for_whole_lines(store: Store) -> None:
    reader = JournalReader(journal_path(store))
    assert not reader.changed() and reader.read() == []
    task, changes = actions.add_task(store, "Plot [bold]curves[/]")
    record(store, "agent:codex", f"Added: {task.title}", changes)
    assert reader.changed()
    [entry] = reader.read()
    assert (entry.actor, entry.what) == ("agent:codex", "Added: Plot [bold]curves[/]")
    assert entry.changes == changes  # the bytes undo needs, as written
    assert not reader.changed() and reader.read() == []
    with open(journal_path(store), "ab") as handle:
        handle.write(b'{"id": "half a li')  # another writer, mid-line
    assert reader.read() == []
    with open(journal_path(store), "ab") as handle:
        handle.write(b'ne"}\nnot json at all\n')
    assert reader.read() == []  # damaged lines are skipped, never fatal


def test_the_journal_stays_bounded_and_readers_keep_their_place(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "MAX_BYTES", 4_000)
    reader = JournalReader(journal_path(store))
    seen = []
    for n in range(40):
        task, changes = actions.add_task(store, f"task {n}")
        record(store, "agent:codex", f"Added: {task.title}", changes)
        seen += [e.what for e in reader.read()]
    assert journal_path(store).stat().st_size <= 4_000 + 1_000
    assert seen == [f"Added: task {n}" for n in range(40)]  # none lost, none twice
    fresh = [e.what for e in JournalReader(journal_path(store)).read()]
    assert fresh and fresh[-1] == "Added: task 39" and len(fresh) < 40


def test_run_records_are_not_journalled(store: Store) -> None:
    from credo.domain.models import Run
    from credo.store.store import Change

    assert record(store, "agent:codex", "ran", [Change(Run, "abcd1234", None, b"x")]) is None
    assert not journal_path(store).exists()


def test_the_report_says_which_agents_changes_a_person_undid(store: Store) -> None:
    """The report listed an agent's change a person had undone on the board ('Closed
    (refuted)' while the experiment ran again): a change whose files are back as they
    were before it now says so."""
    from datetime import timedelta

    from credo.actions.report import build_report
    from credo.domain.models import now
    from credo.domain.quadrants import Quadrant
    from credo.text.report import to_markdown

    kept, kept_changes = actions.add_task(store, "Plot the curves")
    record(store, "agent:codex", f"Added: {kept.title}", kept_changes)
    moved, move_changes = actions.move_task(store, kept.id, Quadrant.DO)
    record(store, "agent:codex", f"Moved: {moved.title}", move_changes)
    store.revert(move_changes)  # `u` on the board, as a person undoes it
    report = build_report(store, now() - timedelta(hours=1), now() + timedelta(hours=1))
    assert [(c.what, c.undone) for c in report.agent_changes] == [
        ("Added: Plot the curves", False),
        ("Moved: Plot the curves", True),
    ]
    assert "- agent:codex: Moved: Plot the curves (undone since) " in to_markdown(report)


def test_an_entry_the_disk_refuses_leaves_no_part_line(store: Store) -> None:
    """The disk took part of an entry and refused the rest: the agent's change (made)
    was said to have failed, and the part line glued to the next entry lost that one."""
    task, changes = actions.add_task(store, "First")
    record(store, "agent:codex", "Added: First", changes)
    path = journal_path(store)
    reader, size = JournalReader(path), path.stat().st_size
    assert len(reader.read()) == 1
    _, more = actions.add_task(store, "Second")
    with room_here_for(size + 10):
        record(store, "agent:codex", "Added: Second", more)  # not journalled, not an error
    assert path.stat().st_size == size
    _, most = actions.add_task(store, "Third")
    record(store, "agent:codex", "Added: Third", most)
    assert [entry.what for entry in reader.read()] == ["Added: Third"]


def test_the_report_lists_a_claimed_task_before_the_one_it_put_back(store: Store) -> None:
    """An agent's claim that put its task in progress before back to open was listed
    `` `04wc` `nkhc` ``: the task put back first, with nothing to tell which was which.
    The claimed task comes first, and the other is said to be back to open."""
    from datetime import timedelta

    from credo.actions.report import build_report
    from credo.domain.models import now
    from credo.text.report import to_markdown

    first, _ = actions.add_task(store, "Plot the curves")
    second, _ = actions.add_task(store, "Train the baseline")
    actions.claim_task(store, first.id, "agent:codex")
    claimed = actions.claim_task(store, second.id, "agent:codex")
    record(store, "agent:codex", f"Claimed: {second.title}", claimed.changes)
    report = build_report(store, now() - timedelta(hours=1), now() + timedelta(hours=1))
    ids = store.short_ids(Task)
    assert (
        f"- agent:codex: Claimed: Train the baseline `{ids[second.id]}`; back to open: "
        f"`{ids[first.id]}`, "
    ) in to_markdown(report)
    [change] = report.agent_changes  # --json: the claimed task first too
    assert (change.items, change.back_to_open) == ([second.id, first.id], [first.id])
