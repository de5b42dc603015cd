"""FolderWatch: one stat per poll, a full look every few polls."""

from __future__ import annotations

import os
import time
from pathlib import Path

from credo.ui.polling import FolderWatch


def test_a_rename_into_the_folder_is_seen_at_the_next_poll(tmp_path: Path) -> None:
    folder = tmp_path / "tasks"
    folder.mkdir()
    watch = FolderWatch(folder, every=100)
    assert watch.due()  # the first look
    assert not watch.due()
    time.sleep(0.05)  # past the file system's coarse clock tick of the first stat
    (tmp_path / "new.tmp").write_text("title = 'x'\n")
    os.replace(tmp_path / "new.tmp", folder / "new.toml")  # how credo and git write
    assert watch.due()
    assert not watch.due()


def test_an_edit_in_place_is_seen_within_every_polls(tmp_path: Path) -> None:
    folder = tmp_path / "tasks"
    folder.mkdir()
    item = folder / "a.toml"
    item.write_text("title = 'a'\n")
    watch = FolderWatch(folder, every=3)
    assert watch.due()
    time.sleep(0.05)
    item.write_text("title = 'b'\n")  # in place: the folder's mtime stays
    assert [watch.due() for _ in range(3)] == [False, False, True]


def test_a_missing_folder_is_not_an_error(tmp_path: Path) -> None:
    watch = FolderWatch(tmp_path / "gone", every=2)
    assert watch.due()
    assert not watch.due()
    (tmp_path / "gone").mkdir()
    assert watch.due()
