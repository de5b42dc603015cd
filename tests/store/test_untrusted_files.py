"""The one path-safety primitive (store/confine.py) and how the store uses it."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.domain.models import Run, Task
from credo.errors import BadFileError, CredoError, NoProjectError
from credo.store import Store
from credo.store.confine import (
    ITEM_CAP,
    UnsafePathError,
    read_capped,
    read_head,
    real_folder,
)
from credo.store.paths import find_project, git_dir


def test_plain_files_are_read_and_everything_else_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.toml"
    plain.write_bytes(b"x" * 10)
    assert read_capped(plain, "plain.toml", 10, "a task file") == b"x" * 10
    with pytest.raises(BadFileError, match="is 11 bytes, over credo's 10 bytes cap for a task"):
        plain.write_bytes(b"x" * 11)
        read_capped(plain, "plain.toml", 10, "a task file")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # opened without waiting for a writer, then refused
    link, loop, folder = tmp_path / "link.toml", tmp_path / "loop.toml", tmp_path / "dir.toml"
    link.symlink_to(plain)
    loop.symlink_to(loop)
    folder.mkdir()
    cases = {
        fifo: "is a named pipe (FIFO), not a plain file",
        link: "is a symbolic link, not a plain file",
        loop: "is a symbolic link, not a plain file",
        folder: "is a folder, not a plain file",
        Path("/dev/zero"): "is a device, not a plain file",
    }
    for path, words in cases.items():
        with pytest.raises(UnsafePathError, match=re.escape(words)):
            read_capped(path, path.name, ITEM_CAP, "a task file")
    with pytest.raises(FileNotFoundError):
        read_capped(tmp_path / "missing.toml", "missing.toml", ITEM_CAP, "a task file")
    assert read_head(plain, "plain.toml", 4) == (b"xxxx", 11)


def test_credo_folders_must_be_real_folders_inside_the_project(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (root / ".credo").mkdir(parents=True)
    elsewhere.mkdir()
    assert not real_folder(root, root / ".credo" / "tasks")
    assert real_folder(root, root / ".credo" / "runs" / "r1", create=True)
    assert (root / ".credo" / "runs" / "r1").is_dir()
    (root / ".credo" / "cache").symlink_to(elsewhere)
    with pytest.raises(UnsafePathError, match=r"is a symbolic link \(to .*elsewhere\)") as caught:
        real_folder(root, root / ".credo" / "cache" / "deeper", create=True)
    assert caught.value.path == ".credo/cache"
    assert list(elsewhere.iterdir()) == []
    (root / ".credo" / "tasks").write_text("a file\n")
    with pytest.raises(UnsafePathError, match="is a plain file, not a real folder"):
        real_folder(root, root / ".credo" / "tasks")


def test_the_write_lock_lives_in_gits_own_folder(store: Store) -> None:
    store.create(Task(id="abcd0000abcd0001", title="locked"))
    assert (git_dir(store.project_root) / "credo-write.lock").exists()
    assert not (store.credo_dir / "cache" / "write.lock").exists()


def test_outside_git_a_lock_that_is_a_link_is_refused(tmp_path: Path) -> None:
    store, _ = Store.init(tmp_path)
    target = tmp_path / "victim.txt"
    target.write_text("keep me\n")
    lock = store.credo_dir / "cache" / "write.lock"
    lock.unlink()
    lock.symlink_to(target)
    with pytest.raises(CredoError, match=r"\.credo/cache/write\.lock: is a symbolic link"):
        store.create(Task(id="abcd0000abcd0001", title="x"))
    assert target.read_text() == "keep me\n"


def test_a_run_folder_that_is_a_link_is_refused_on_read_and_write(store: Store) -> None:
    elsewhere = store.project_root.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "run.toml").write_text('id = "r000aaaabbbbcccc"\ncommand = ["x"]\n')
    (store.credo_dir / "runs" / "r000aaaabbbbcccc").symlink_to(elsewhere)
    assert store.load(Run).problems["r000aaaabbbbcccc"].message.startswith("is a symbolic link")
    with pytest.raises(UnsafePathError):
        store.read(Run, "r000aaaabbbbcccc")
    with pytest.raises(UnsafePathError):
        store.run_folder("r000aaaabbbbcccc", create=True)


def test_the_project_search_stops_at_home_outside_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    Store.init(tmp_path)  # a .credo above the home folder is not this user's project
    with pytest.raises(NoProjectError):
        find_project(home / "notes")
    Store.init(home)
    assert find_project(home / "notes") == home.resolve()


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder away needs root")
def test_another_users_credo_in_a_shared_parent_is_not_used(tmp_path: Path) -> None:
    shared, mine = tmp_path / "shared", tmp_path / "shared" / "mine"
    mine.mkdir(parents=True)
    Store.init(shared)
    subprocess.run(["chown", "-R", "65534", str(shared / ".credo")], check=True)
    with pytest.raises(NoProjectError, match="belongs to another user: not used"):
        find_project(mine)


def test_a_project_found_in_a_parent_outside_git_is_named(tmp_path: Path, credo: object) -> None:
    Store.init(tmp_path)
    (tmp_path / "sub").mkdir()
    listed = credo(tmp_path / "sub", "ls")  # type: ignore[operator]
    assert listed.returncode == 0
    assert f"credo: using {tmp_path.resolve() / '.credo'} (no git repository here)" in (
        listed.stderr
    )
    assert "using" not in credo(tmp_path, "ls").stderr  # type: ignore[operator]


def test_a_credo_that_is_a_link_is_refused_naming_where_it_points(
    repo: Path, tmp_path: Path, credo: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """A `.credo` linked to a board elsewhere, or to nothing, was refused by `credo ls`
    with no word of where it led, and by `credo init` with "remove it, then run credo
    init": the board it pointed to was lost, and a dangling link not said. Every command,
    `credo init` and `credo mcp`'s start too, now says where the link leads and what to
    do, and nothing is written through it."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    board, _ = Store.init(elsewhere)
    before = sorted(p.relative_to(elsewhere) for p in elsewhere.rglob("*"))
    link = repo.resolve() / ".credo"
    link.symlink_to(board.credo_dir)
    said = [credo(repo, *command) for command in (["ls"], ["init"], ["mcp"], ["add", "x"])]
    assert {(r.returncode, r.stderr) for r in said} == {
        (
            1,
            f"error: {link}: is a symbolic link (to {board.credo_dir}): credo uses only a real"
            " .credo folder, never one through a link (a commit may have put it there); to "
            "use the board it points to, put that folder here in place of the link, or remove"
            " the link and run `credo init` for a new board\n",
        )
    }
    assert sorted(p.relative_to(elsewhere) for p in elsewhere.rglob("*")) == before
    link.unlink()
    link.symlink_to(tmp_path / "gone" / ".credo")
    said = [credo(repo, *command) for command in (["ls"], ["init"], ["mcp"])]
    assert {(r.returncode, r.stderr) for r in said} == {
        (
            1,
            f"error: {link}: is a dangling symbolic link: it points to {tmp_path}/gone/.credo,"
            " which does not exist; remove the link, then run `credo init` to start a board"
            " here\n",
        )
    }
    assert not (tmp_path / "gone").exists() and link.is_symlink()
