"""The journal of agents' changes: whole lines only, bounded, never read twice."""

from __future__ import annotations

import pytest

from credo import actions
from credo.actions import journal
from credo.actions.journal import JournalReader, journal_path, record
from credo.store import Store


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
