"""RepoState on real repositories made in each test, edge cases included."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from credo.errors import CredoError
from credo.gitlink.exclude import keep_out_of_git
from credo.gitlink.runner import git_pieces
from credo.gitlink.state import (
    NO_ROOM,
    PATCH_FORMAT,
    UNTRACKED_CAP,
    RepoState,
    capture,
    commits_since,
    files_changed_since,
    head_sha,
)
from credo.store import Store
from credo.store.confine import MB
from credo.text.runs import diff_words

from repos import commit_file, git


def test_clean_tree(repo: Path) -> None:
    state = capture(repo)
    assert state.linkage and state.sha == git(repo, "rev-parse", "HEAD")
    assert state.branch == "main" and not state.dirty
    assert state.patch is None and state.patch_status == "clean" and state.diff_hash is None
    assert state.summary() == f"main @ {state.sha[:7]}"


def test_credo_own_files_do_not_make_the_tree_dirty(store: Store) -> None:
    from credo import actions

    actions.add_task(store, "not a code change")
    state = capture(store.project_root)
    assert not state.dirty and state.untracked == []


def test_dirty_tree_patch_includes_untracked_text_and_names_binary(
    repo: Path, tmp_path: Path
) -> None:
    (repo / "README.md").write_text("# project\nchanged\n")
    (repo / "new.py").write_text("print('new')\n")
    (repo / "weights.bin").write_bytes(b"\x00\x01\x02" * 100)
    state = capture(repo)
    assert state.dirty and state.changed == ["README.md"]
    assert sorted(state.untracked) == ["new.py", "weights.bin"]
    assert state.left_out == {"weights.bin": "binary"}
    assert state.patch is not None and state.patch_status == "whole"
    assert b"+changed" in state.patch and b"+print('new')" in state.patch
    assert b"\x00" not in state.patch
    gs = state.to_git_state("start.patch")
    assert gs.untracked == ["new.py"] and gs.patch == "start.patch" and gs.diff_hash
    # The saved patch really reproduces the change on a clean checkout.
    (tmp_path / "p.patch").write_bytes(state.patch)
    git(repo, "stash", "-u")
    git(repo, "apply", str(tmp_path / "p.patch"))
    assert (repo / "new.py").read_text() == "print('new')\n"
    assert "changed" in (repo / "README.md").read_text()


def test_data_and_files_the_patch_cannot_hold_are_left_out_and_named(repo: Path) -> None:
    """Untracked data under `data_paths` went into every run's patch (megabytes a run),
    though the run fingerprints it; a file too big to read was listed as included."""
    commit_file(repo, "src/data/labels.csv", "a,1\n", "labels")
    (repo / "src" / "data" / "labels.csv").write_text("a,2\n")  # tracked data, edited
    (repo / "src" / "data" / "train.csv").write_text("x,y\n" * 1000)
    (repo / "src" / "train.py").write_text("print('train')\n")
    (repo / "model.pt").write_bytes(b"\x00" * 100)
    with open(repo / "big.log", "wb") as big:
        big.truncate(UNTRACKED_CAP + 1)  # sparse: no need to write it
    (repo / "link.txt").symlink_to("README.md")
    state = capture(repo / "src", data_paths=["data", "absent"])
    assert state.patch is not None and b"train.csv" not in state.patch
    assert b"labels.csv" not in state.patch and b"print('train')" in state.patch
    record = state.to_git_state("start.patch")
    assert record.untracked == ["src/train.py"]
    assert record.left_out == {
        "src/data": "data, fingerprinted",
        "big.log": "over 64 MB",
        "link.txt": "not a plain file",
        "model.pt": "binary",
    }
    assert diff_words(record).endswith(
        "; untracked included: src/train.py; left out: src/data (data, fingerprinted), "
        "big.log (over 64 MB), link.txt (not a plain file), model.pt (binary)"
    )


def test_big_patch_is_cut_and_says_so(repo: Path) -> None:
    commit_file(repo, "big.txt", "x\n", "A file the next edit makes big")
    (repo / "big.txt").write_text("x" * 99 + "\n" * 1 + ("line\n" * 50_000))
    state = capture(repo, patch_limit=10_000)
    assert state.patch_status == "cut" and state.patch is not None
    assert len(state.patch) <= 10_000 and state.patch_size > 200_000
    assert state.to_git_state().patch_bytes == state.patch_size


def capture_measured(repo: Path, patch_limit: int) -> tuple[RepoState, int]:
    """`capture`, and the most memory Python held meanwhile (bytes)."""
    tracemalloc.start()
    try:
        state = capture(repo, patch_limit=patch_limit)
        return state, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_big_tracked_diff_is_hashed_whole_and_never_held_whole(repo: Path) -> None:
    """A tracked file rewritten big (a notebook's outputs, a CSV kept in git) made a diff
    read whole into memory before it was cut at patch_limit_bytes."""
    commit_file(repo, "table.csv", "id,label\n", "A table the next edit makes big")
    (repo / "table.csv").write_text("id,label\n" + "".join(f"{i},cat\n" for i in range(2_000_000)))
    diff = ["git", "-C", str(repo), "diff", *PATCH_FORMAT, "HEAD"]
    whole = subprocess.run(diff, capture_output=True, check=True).stdout
    assert len(whole) > 20 * MB
    state, peak = capture_measured(repo, patch_limit=1_000_000)
    assert peak < 5 * MB  # before: the whole diff, then its cut copy
    assert state.patch_size == len(whole)
    assert state.diff_hash == hashlib.sha256(whole).hexdigest()
    assert (
        state.patch_status == "cut" and state.patch == whole[: whole.rfind(b"\n", 0, 1_000_000) + 1]
    )


def test_git_read_piece_by_piece_says_what_went_wrong(repo: Path) -> None:
    with pytest.raises(CredoError, match="git diff failed: bad revision 'no-such-commit'"):
        list(git_pieces(repo, "diff", "no-such-commit", "--"))


def test_untracked_files_without_room_in_the_patch_are_named_and_never_read(
    repo: Path, tmp_path: Path
) -> None:
    """Every untracked file up to 64 MB was read whole before the patch was cut at
    patch_limit_bytes: a folder of logs cost its size in memory at every run start."""
    (repo / "notes.txt").write_text("kept\n")
    (repo / "outputs").mkdir()
    for i in range(4):
        (repo / "outputs" / f"{i}.log").write_text("step 1 loss 0.25\n" * 400_000)  # 6.4 MB
    (repo / "outputs" / "model.ckpt").write_bytes(b"\0" * 4_500_000)  # fits, but binary
    (repo / "train.py").write_text("print('train')\n")  # after them, and fits
    state, peak = capture_measured(repo, patch_limit=5_000_000)
    assert peak < 2 * MB  # before: the checkpoint and 25 MB of logs read, then joined
    assert state.left_out == {
        **{f"outputs/{i}.log": NO_ROOM for i in range(4)},
        "outputs/model.ckpt": "binary",
    }
    assert state.patch_status == "whole" and state.patch is not None
    record = state.to_git_state("start.patch")
    assert record.untracked == ["notes.txt", "train.py"]
    assert "outputs/0.log (no room left under patch_limit_bytes)" in diff_words(record)
    (tmp_path / "p.patch").write_bytes(state.patch)
    git(repo, "stash", "-u")
    git(repo, "apply", str(tmp_path / "p.patch"))
    assert (repo / "train.py").read_text() == "print('train')\n"
    assert (repo / "notes.txt").read_text() == "kept\n"


def test_a_partial_clone_tells_what_changed_since_a_commit_without_fetching(
    repo: Path, tmp_path: Path
) -> None:
    """In a `--filter=blob:none` clone, asking what changed since an older commit (a
    run's, a review's) had git detect renames: it fetched the old blobs from the remote,
    one fetch each, and named only the new path of a renamed file."""
    commit_file(repo, "model.py", "layers = 2\n" * 50, "model")
    then = capture(repo).to_git_state()
    commit_file(repo, "model.py", "layers = 3\n" * 50, "deeper")
    git(repo, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "partial"
    git(tmp_path, "clone", "-q", "--filter=blob:none", f"file://{repo}", str(clone))
    git(clone, "mv", "model.py", "net.py")
    git(clone, "commit", "-q", "-m", "rename")

    def missing() -> int:
        listed = git(clone, "rev-list", "--objects", "--all", "--missing=print")
        return sum(line.startswith("?") for line in listed.splitlines())

    before = missing()
    assert before == 1  # the first model.py
    now = capture(clone).to_git_state()
    assert files_changed_since(clone, then, now) == ({"model.py", "net.py"}, set())
    assert missing() == before


def test_a_file_left_out_for_room_still_tells_the_code_apart(repo: Path) -> None:
    """The diff's hash says whether two runs had the same code, and what is new since a
    check was answered: a file left out unread must still count."""
    (repo / "a.log").write_text("x" * 9_900 + "\n")
    before = capture(repo, patch_limit=10_000)
    assert before.left_out == {}
    (repo / "z_model.py").write_text("layers = 2\n")
    after = capture(repo, patch_limit=10_000)
    assert after.left_out == {"z_model.py": NO_ROOM} and after.patch == before.patch
    assert after.diff_hash != before.diff_hash
    then, now = before.to_git_state(), after.to_git_state()
    assert files_changed_since(repo, then, now) == ({"a.log"}, {"z_model.py"})
    os.utime(repo / "z_model.py", ns=(0, 0))  # edited: another time of change
    assert capture(repo, patch_limit=10_000).diff_hash != after.diff_hash


def test_same_diff_same_hash(repo: Path) -> None:
    (repo / "a.py").write_text("a = 1\n")
    first = capture(repo).diff_hash
    assert capture(repo).diff_hash == first
    (repo / "a.py").write_text("a = 2\n")
    assert capture(repo).diff_hash != first


def test_the_patch_applies_whatever_the_diff_settings(repo: Path) -> None:
    commit_file(repo, "train.py", "lr = 0.1\n", "Train")
    for key, value in [
        ("color.ui", "always"),
        ("diff.noprefix", "true"),
        ("diff.external", "echo"),
    ]:
        git(repo, "config", key, value)  # a person's taste, not a patch format
    (repo / "train.py").write_text("lr = 0.01\n")
    state = capture(repo)
    assert state.patch is not None
    git(repo, "checkout", "-q", "--", "train.py")
    git(repo, "apply", input_text=state.patch.decode())  # the run's code, back
    assert (repo / "train.py").read_text() == "lr = 0.01\n"


def test_not_a_repository(tmp_path: Path) -> None:
    state = capture(tmp_path)
    assert not state.linkage and "not a git repository" in state.reason
    assert state.to_git_state().patch_status == "off"
    assert head_sha(tmp_path) is None


def test_no_commits_yet(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "a.py").write_text("x = 1\n")
    state = capture(tmp_path)
    assert state.linkage and state.sha is None and state.branch == "main"
    assert state.dirty and b"+x = 1" in (state.patch or b"")
    assert "no commits yet" in state.summary()


def test_detached_head(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    commit_file(repo, "b.txt", "b\n", "second")
    git(repo, "checkout", "-q", first)
    state = capture(repo)
    assert state.branch is None and state.sha == first
    assert "detached HEAD" in state.summary()


def test_shallow_clone(repo: Path, tmp_path: Path) -> None:
    for i in range(3):
        commit_file(repo, f"f{i}.txt", f"{i}\n", f"commit {i}")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    state = capture(clone)
    assert state.sha == git(repo, "rev-parse", "HEAD") and not state.dirty
    assert commits_since(clone, state.sha) == 0


def test_linked_worktree(repo: Path, tmp_path: Path) -> None:
    tree = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", "-b", "feature", str(tree))
    (tree / "w.txt").write_text("in the worktree\n")
    state = capture(tree)
    assert state.branch == "feature" and state.untracked == ["w.txt"]
    store, _ = Store.init(tree)
    keep_out_of_git(store)
    assert store.project_root == tree.resolve()
    exclude = Path(git(repo, "rev-parse", "--git-common-dir"))
    exclude = exclude if exclude.is_absolute() else repo / exclude
    assert "/.credo/" in (exclude / "info" / "exclude").read_text()


def test_sub_folder(repo: Path) -> None:
    sub = repo / "src" / "pkg"
    sub.mkdir(parents=True)
    (sub / "m.py").write_text("m = 1\n")
    state = capture(sub)
    assert state.root == repo.resolve() and state.untracked == ["src/pkg/m.py"]


def test_bare_repository_is_refused(tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    with pytest.raises(CredoError, match="bare"):
        capture(bare)


def test_git_not_installed(repo: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "import credo.gitlink.state as s, credo.gitlink.index, credo.actions.gitsync\n"
        f"st = s.capture(Path({str(repo)!r}))\n"
        "print(st.linkage, st.reason)\n"
    )
    env = {**os.environ, "PATH": "/nonexistent"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False git is not installed: git linkage is off"


def test_credo_cli_without_git(repo: Path, credo) -> None:  # type: ignore[no-untyped-def]
    env = {"PATH": "/nonexistent"}
    init = credo(repo, "init", env=env)
    assert init.returncode == 0, init.stderr
    assert "git add" not in init.stdout  # no git to share the board with here
    added = credo(repo, "add", "still works", env=env)
    assert added.returncode == 0
    done = credo(repo, "done", added.stdout.strip(), env=env)
    assert done.returncode == 0 and "Done: still works" in done.stdout
    shown = credo(repo, "show", added.stdout.strip(), env=env)
    assert shown.returncode == 0 and "git linkage is off" in shown.stderr
    ran = credo(repo, "run", "--", sys.executable, "-c", "pass", env=env)
    assert ran.returncode == 0, ran.stderr
    said = "the run is recorded without its code's git state: git is not installed"
    assert said in ran.stderr and "not a git repository" not in ran.stderr
    (run,) = Store(repo).runs()
    assert run.exit_code == 0 and run.git_start is not None
    assert run.git_start.patch_status == "off" and run.git_start.sha is None


def test_commits_since(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    commit_file(repo, "1.txt", "1\n", "one")
    commit_file(repo, "2.txt", "2\n", "two")
    assert commits_since(repo, base) == 2
    assert commits_since(repo, git(repo, "rev-parse", "HEAD")) == 0
    assert commits_since(repo, "0" * 40) is None


def test_inside_dot_git_is_refused(repo: Path) -> None:
    with pytest.raises(CredoError, match="inside a .git folder"):
        capture(repo / ".git")


def test_importing_gitlink_loads_no_gitpython_and_works_without_git(repo: Path) -> None:
    code = (
        "import sys\n"
        "import credo.gitlink, credo.gitlink.state, credo.gitlink.index, credo.gitlink.hooks\n"
        "print('git' in sys.modules)\n"
    )
    env = {**os.environ, "PATH": "/nonexistent"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_head_and_commits_since_without_git(repo: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "from credo.gitlink.state import head_sha, commits_since\n"
        f"print(head_sha(Path({str(repo)!r})), commits_since(Path({str(repo)!r}), 'abc'))\n"
    )
    env = {**os.environ, "PATH": "/nonexistent"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None None"


def test_rename_and_odd_file_names(repo: Path) -> None:
    git(repo, "mv", "README.md", "LISEZ MOI é.md")
    (repo / "naïve name ☕.txt").write_text("hi\n")
    state = capture(repo)
    assert state.changed == ["LISEZ MOI é.md"]
    assert state.untracked == ["naïve name ☕.txt"]
    assert state.patch is not None and "naïve name ☕.txt".encode() in state.patch


def test_untracked_files_with_any_name_come_back_from_the_patch(repo: Path, tmp_path: Path) -> None:
    """A new file with a tab in its name, or a lone carriage return in its text (a
    progress bar's log), made the whole saved patch one `git apply` refused."""
    names = ["tab\tname.py", '"quoted".py', "back\\slash.py", "naïve ☕.py", "line\nbreak.py"]
    for index, name in enumerate(names):
        (repo / name).write_text(f"x = {index}\n")
    contents = {  # a progress bar's carriage returns split no line of a patch
        "progress.log": b"epoch 1\r50%\r100%\ndone\n",
        "crlf.txt": b"a\r\nb\r\n",
        "no end.txt": b"last\rline",
    }
    for name, content in contents.items():
        (repo / name).write_bytes(content)
    state = capture(repo)
    assert state.patch is not None and sorted(state.untracked) == sorted([*names, *contents])
    (tmp_path / "p.patch").write_bytes(state.patch)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "apply", str(tmp_path / "p.patch"))
    for index, name in enumerate(names):
        assert (clone / name).read_text() == f"x = {index}\n"
    for name, content in contents.items():
        assert (clone / name).read_bytes() == content


def test_a_changed_tracked_binary_is_left_out_and_the_rest_applies(
    repo: Path, tmp_path: Path
) -> None:
    """A committed binary file changed put "Binary files differ" in the saved patch, and
    `git apply` refused the whole of it for that one file."""
    (repo / "w.bin").write_bytes(b"\x00\x01" * 50)
    git(repo, "add", "w.bin")
    git(repo, "commit", "-q", "-m", "weights")
    (repo / "w.bin").write_bytes(b"\x00\x02" * 50)
    (repo / "README.md").write_text("# project\nchanged\n")
    state = capture(repo)
    assert state.patch is not None and b"w.bin" not in state.patch
    assert state.left_out == {"w.bin": "binary"}
    (tmp_path / "p.patch").write_bytes(state.patch)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "apply", str(tmp_path / "p.patch"))
    assert (clone / "README.md").read_text() == "# project\nchanged\n"


def test_tracked_credo_files_changed_do_not_make_it_dirty(store: Store) -> None:
    from credo import actions

    repo = store.project_root
    actions.add_task(store, "shared with the team")
    git(repo, "add", "-f", ".credo")
    git(repo, "commit", "-q", "-m", "credo data")
    actions.add_task(store, "another")
    for task in store.tasks():
        actions.edit_task(store, task.id, title=task.title + "!")
    state = capture(repo)
    assert not state.dirty and state.patch is None
    (repo / "code.py").write_text("x = 1\n")
    state = capture(repo)
    assert state.dirty and state.patch is not None and b".credo" not in state.patch


def test_git_state_for_each_patch_status(repo: Path) -> None:
    commit_file(repo, "a.txt", "", "A file the next edit makes long")
    assert capture(repo).to_git_state().patch_status == "clean"
    (repo / "a.txt").write_text("a\n" * 1000)
    whole = capture(repo).to_git_state("p.patch")
    assert whole.patch_status == "whole" and whole.dirty and whole.patch == "p.patch"
    cut = capture(repo, patch_limit=100).to_git_state("p.patch")
    assert cut.patch_status == "cut" and cut.patch_bytes > 100
    assert capture(repo, with_patch=False).to_git_state().patch is None


def test_remote_url_is_recorded(repo: Path) -> None:
    git(repo, "remote", "add", "origin", "git@example.com:lab/model.git")
    assert capture(repo).to_git_state().remote == "git@example.com:lab/model.git"


def test_sha256_repository(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "--object-format=sha256")
    commit_file(tmp_path, "a.txt", "a\n", "first")
    state = capture(tmp_path)
    assert state.sha is not None and len(state.sha) == 64 and head_sha(tmp_path) == state.sha


def test_credentials_never_leave_the_remote_url() -> None:
    from credo.gitlink.state import without_credentials

    assert without_credentials("https://ada:hunter2@github.com/o/r.git") == (
        "https://github.com/o/r.git"
    )
    assert without_credentials("https://ghp_token@host:8443/o/r?access_token=x#y") == (
        "https://host:8443/o/r"
    )
    assert without_credentials("ssh://git:pw@host/o/r") == "ssh://git@host/o/r"
    assert without_credentials("git@github.com:o/r.git") == "git@github.com:o/r.git"
    assert without_credentials("/srv/git/r.git") == "/srv/git/r.git"


def test_a_look_without_a_patch_names_an_untracked_folder_not_its_files(repo: Path) -> None:
    """The header's look every few seconds listed every untracked file: a `wandb/` or
    `data/` folder of 50,000 files was 1.4 MB from git and 0.2 s of a core, each look."""
    for n in range(3):
        (repo / "outputs" / f"step{n}").mkdir(parents=True)
        (repo / "outputs" / f"step{n}" / "log.txt").write_text("loss 1\n")
    state = capture(repo, with_patch=False)
    assert state.dirty and state.untracked == ["outputs/"]
    assert len(capture(repo).untracked) == 3  # a run's record still names each file


def test_a_crowded_untracked_folder_is_left_out_whole_unread(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data/ or wandb/ folder of 50,000 untracked files was read into the patch file by
    file and listed in the run's record one by one: `credo run -- true` refused to start
    (the record was 2.2 MB, over the item cap)."""
    from credo.gitlink import state as repo_state

    monkeypatch.setattr(repo_state, "CROWDED_MOST", 3)
    for shard in ("a", "b"):
        (repo / "data" / shard).mkdir(parents=True)
        for n in range(2):  # 2 a shard: a shard is not crowded, data/ is
            (repo / "data" / shard / f"{n}.json").write_text('{"x": 1}\n')
    (repo / "wandb" / "run-1").mkdir(parents=True)
    for n in range(4):
        (repo / "wandb" / "run-1" / f"{n}.log").write_text("step\n")
    (repo / "wandb" / "settings").write_text("x\n")
    (repo / "train.py").write_text("print('train')\n")
    first = capture(repo)
    record = first.to_git_state("start.patch")
    assert record.untracked == ["train.py", "wandb/settings"]  # wandb/ holds 1 besides
    assert record.left_out == {
        "data": f"{repo_state.CROWDED}: 4 files",
        "wandb/run-1": f"{repo_state.CROWDED}: 4 files",
    }
    assert first.patch is not None and b"train.py" in first.patch and b'"x"' not in first.patch
    (repo / "data" / "a" / "2.json").write_text("{}\n")  # one more file: another tree
    assert capture(repo).diff_hash != first.diff_hash
