"""A folder's fingerprint (what the commit hook's small file is checked against) changes
with any file of the folder, and says so when it cannot be taken."""

from __future__ import annotations

import os
from pathlib import Path

from credo.store.stamps import STAMP, entry, fingerprint


def test_every_change_to_a_folder_changes_its_fingerprint(tmp_path: Path) -> None:
    folder = tmp_path / "tasks"
    assert fingerprint(str(folder)) == 0  # no folder yet: no files
    folder.mkdir()
    (folder / "a.toml").write_text("a\n")
    (folder / "b.toml").write_text("b\n")
    seen = [fingerprint(str(folder))]
    with (folder / "a.toml").open("r+") as handle:  # in place, same size
        handle.write("A\n")
    os.utime(folder / "a.toml", ns=(1, 1))
    seen.append(fingerprint(str(folder)))
    os.rename(folder / "b.toml", folder / "c.toml")  # same inode, mtime and size
    seen.append(fingerprint(str(folder)))
    (folder / ".c.toml.swp").write_text("")  # an editor's, beside a task: counted
    seen.append(fingerprint(str(folder)))
    assert None not in seen and len(set(seen)) == len(seen)


def test_a_write_moves_the_fingerprint_by_its_file_terms_alone(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("a\n")
    before = fingerprint(str(tmp_path))
    assert before is not None
    was = STAMP(os.lstat(tmp_path / "a.toml"))
    (tmp_path / "a.toml").unlink()
    (tmp_path / "a.toml").write_text("a, rewritten\n")
    (tmp_path / "b.toml").write_text("b\n")
    now = STAMP(os.lstat(tmp_path / "a.toml"))
    moved = before - entry("a.toml", was) + entry("a.toml", now)
    moved += entry("b.toml", STAMP(os.lstat(tmp_path / "b.toml")))
    assert fingerprint(str(tmp_path)) == moved


def test_a_name_that_is_not_utf8_counts_as_any_other(tmp_path: Path) -> None:
    """A file whose name is not UTF-8 beside the tasks (an editor's backup made in a
    Latin-1 locale) left the folder with no fingerprint: the commit hook loaded the whole
    store at every commit. Its name counts by its bytes, as the folder holds it, whoever
    listed the folder."""
    (tmp_path / "a.toml").write_text("a\n")
    without = fingerprint(str(tmp_path))
    odd = os.fsdecode(b"t\xe2che.toml~")
    (tmp_path / odd).write_text("not UTF-8\n")
    found = fingerprint(str(tmp_path))
    assert found not in (None, without)
    assert fingerprint(str(tmp_path), os.listdir(tmp_path)) == found


def test_a_folder_that_cannot_be_read_whole_has_no_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    assert fingerprint(str(tmp_path / "file")) is None  # not a folder


def test_a_listing_made_before_gives_the_same_number_or_a_safe_one(tmp_path: Path) -> None:
    """`credo start` takes the fingerprint from the listing it resolved the id with: the
    same number as a listing of its own while nothing changed; a file made since makes
    it unequal to the folder's (the small file is stale: the safe side), one gone since
    makes it None."""
    folder = tmp_path / "tasks"
    folder.mkdir()
    for name in ("a.toml", "b.toml"):
        (folder / name).write_text(name)
    names = os.listdir(folder)
    assert fingerprint(str(folder), names) == fingerprint(str(folder)) != 0
    (folder / "c.toml").write_text("pulled")
    assert fingerprint(str(folder), names) not in (fingerprint(str(folder)), None)
    (folder / "a.toml").unlink()
    assert fingerprint(str(folder), names) is None
