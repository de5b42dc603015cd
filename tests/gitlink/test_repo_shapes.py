"""The shapes research repositories take: git stopped mid-operation, submodules, LFS."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.gitlink.index import build
from credo.gitlink.state import capture, files_changed_since
from credo.runs.fingerprint import (
    CACHE_FILE,
    LFS_NOT_PULLED,
    LFS_POINTER,
    FingerprintCache,
    differing_paths,
    digest_of,
    fingerprint_path,
    short_digest,
    stat_stamp,
)
from credo.runs.launch import RunRequest, execute
from credo.store import Store
from credo.store.ids import ShortIds
from credo.text.runs import run_lines

from repos import commit_file, git, logged_git, submodule

Credo = Callable[..., subprocess.CompletedProcess[str]]
PY = sys.executable


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def _run_record(store: Store) -> dict[str, object]:
    """Run `python -c pass` in the project; its run.toml as saved."""
    request = RunRequest(command=[sys.executable, "-c", "pass"], cwd=store.project_root)
    outcome = execute(store, request)
    assert outcome.saved and outcome.exit_code == 0
    record = store.credo_dir / "runs" / outcome.run.id / "run.toml"
    return {"run": outcome.run, **tomllib.loads(record.read_text())}


def _conflicting_branches(repo: Path) -> str:
    """`feat` and the checked-out branch (its name returned) each change README.md their
    own way."""
    start = git(repo, "branch", "--show-current")
    git(repo, "checkout", "-q", "-b", "feat")
    commit_file(repo, "README.md", "feat\n", "feat's take")
    git(repo, "checkout", "-q", start)
    commit_file(repo, "README.md", "main\n", "main's take")
    return start


def test_a_run_during_a_stopped_rebase_names_the_rebase_and_its_branch(
    store: Store, repo: Path
) -> None:
    start = _conflicting_branches(repo)
    git(repo, "checkout", "-q", "feat")
    assert "CONFLICT" in _git_fails(repo, "rebase", start)
    state = capture(repo)
    assert state.branch is None and state.operation == "rebasing feat"
    assert state.summary().endswith("· dirty · rebasing feat")
    assert state.summary(short=True).endswith("* (rebasing)")
    record = _run_record(store)
    assert record["git_start"]["operation"] == "rebasing feat"  # type: ignore[index]
    assert "branch" not in record["git_start"]  # type: ignore[operator]
    assert "    git was in the middle of: rebasing feat" in run_lines(
        record["run"], ShortIds(), reviews={}
    )  # type: ignore[arg-type]


def _git_fails(repo: Path, *args: str) -> str:
    """git's words when it stops (a conflict): it must stop."""
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    return done.stdout + done.stderr


def test_a_run_during_a_bisect_says_so_and_where_it_started(store: Store, repo: Path) -> None:
    start = git(repo, "branch", "--show-current")
    first = git(repo, "rev-parse", "HEAD")
    for n in range(3):
        commit_file(repo, "train.py", f"lr = {n}\n", f"lr {n}")
    last = git(repo, "rev-parse", "HEAD")
    git(repo, "bisect", "start", "HEAD", first)
    state = capture(repo)
    doing = f"bisecting from {start} (bad {last[:7]}, good {first[:7]})"
    assert state.branch is None and state.operation == doing
    record = _run_record(store)
    assert record["git_start"]["operation"] == doing  # type: ignore[index]
    tested = git(repo, "rev-parse", "HEAD")
    git(repo, "bisect", "good")
    assert capture(repo).operation == f"{doing[:-1]}, {tested[:7]})"
    git(repo, "bisect", "reset")
    assert capture(repo).operation is None and capture(repo).branch == start


def test_a_bisect_in_its_own_terms_in_a_worktree_names_its_marks(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    for n in range(6):
        commit_file(repo, "train.py", f"lr = {n}\n", f"lr {n}")
    linked = repo.parent / "linked"
    git(repo, "worktree", "add", "-q", "--detach", str(linked))
    git(linked, "bisect", "start", "--term-new=fixed", "--term-old=broken", "HEAD", first)
    marked = [first]
    for _ in range(2):
        marked.append(git(linked, "rev-parse", "HEAD"))
        git(linked, "bisect", "broken")
    last = git(repo, "rev-parse", "HEAD")
    said = capture(linked).operation
    assert said is not None and said.endswith(
        f"(fixed {last[:7]}, broken {', '.join(s[:7] for s in marked)})"
    )
    assert capture(repo).operation is None  # the bisect is the worktree's
    git(linked, "bisect", "reset")
    goods = git(repo, "rev-list", "--reverse", "HEAD~1").split()[:5]
    git(linked, "bisect", "start", "HEAD", *goods)
    said = capture(linked).operation
    last_three = ", ".join(sha[:7] for sha in goods[2:])
    assert said is not None and said.endswith(f", good {last_three} and 2 more)")


def test_a_merge_and_a_cherry_pick_stopped_on_a_conflict_are_named(repo: Path) -> None:
    start = _conflicting_branches(repo)
    feat = git(repo, "rev-parse", "feat")
    _git_fails(repo, "merge", "feat")
    state = capture(repo)
    assert state.branch == start and state.operation == f"merging {feat[:7]}"
    git(repo, "merge", "--abort")
    _git_fails(repo, "cherry-pick", "feat")
    assert capture(repo).operation == f"cherry-picking {feat[:7]}"
    git(repo, "cherry-pick", "--abort")
    assert capture(repo).operation is None


def test_a_run_during_a_stash_pop_stopped_on_a_conflict_says_so(store: Store, repo: Path) -> None:
    commit_file(repo, "train.py", "lr = 0.1\n", "lr")
    (repo / "train.py").write_text("lr = 0.2\n")
    git(repo, "stash", "-q")
    commit_file(repo, "train.py", "lr = 0.3\n", "lr up")
    assert "CONFLICT" in _git_fails(repo, "stash", "pop")
    state = capture(repo)
    assert state.operation == "applying a stash, stopped on a conflict"
    assert state.unmerged == ["train.py"]
    assert state.summary(short=True).endswith("* (applying)")
    said = run_lines(_run_record(store)["run"], ShortIds(), reviews={})  # type: ignore[arg-type]
    assert "    git was in the middle of: applying a stash, stopped on a conflict" in said
    git(repo, "add", "train.py")  # resolved: AUTO_MERGE stays until a commit or reset
    assert (repo / ".git" / "AUTO_MERGE").exists() and capture(repo).operation is None


def test_a_checkout_m_stopped_on_a_conflict_leaves_no_trace_but_its_unmerged_files(
    repo: Path,
) -> None:
    start = _conflicting_branches(repo)
    git(repo, "checkout", "-q", "feat")
    (repo / "README.md").write_text("mine\n")
    git(repo, "checkout", "-q", "-m", start)  # git exits 0, the file left unmerged
    state = capture(repo)
    assert state.operation is None and state.changed == ["README.md"]
    assert state.unmerged == ["README.md"]
    assert state.summary() == f"{start} @ {state.sha[:7]} · dirty"  # type: ignore[index]


def _data_of_last_run(repo: Path) -> dict[str, str]:
    records = sorted((repo / ".credo" / "runs").glob("*/run.toml"), key=lambda p: p.stat().st_mtime)
    data: dict[str, str] = tomllib.loads(records[-1].read_text())["data"]
    return data


@pytest.mark.skipif(shutil.which("git-lfs") is None, reason="git-lfs is not installed")
def test_lfs_data_not_pulled_is_said_not_fingerprinted_as_the_data(
    tmp_path: Path, credo: Credo
) -> None:
    origin, clone = tmp_path / "origin", tmp_path / "clone"
    git(tmp_path, "init", "-q", str(origin))
    git(origin, "lfs", "install")  # into this test's own global config
    git(origin, "lfs", "track", "data/*.bin")
    (origin / "data").mkdir()
    (origin / "data" / "train.bin").write_bytes(bytes(range(256)) * 400)
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "data through LFS")
    assert "data" in ok(credo(origin, "init")).stdout  # proposed as a data path
    git(origin, "add", ".credo")
    git(origin, "commit", "-q", "-m", "credo board")
    ok(credo(origin, "run", "--skip-gate", "--", PY, "-c", "pass"))
    real = _data_of_last_run(origin)["data/"]
    assert real.startswith("blake2b:") and "size=102400" in real

    unpulled = {**os.environ, "GIT_LFS_SKIP_SMUDGE": "1"}
    subprocess.run(["git", "clone", "-q", origin.as_uri(), str(clone)], env=unpulled, check=True)
    assert (clone / "data" / "train.bin").stat().st_size < 200  # a pointer
    said = ok(credo(clone, "run", "--skip-gate", "--", PY, "-c", "pass"))
    assert "data/: data not pulled: 1 of the 1 file read is a git-lfs pointer" in said.stderr
    pointer = _data_of_last_run(clone)["data/"]
    assert pointer.startswith(f"{LFS_NOT_PULLED}:") and short_digest(pointer) == "not pulled"
    assert differing_paths({"d": real}, {"d": pointer}) == ["d"]

    git(clone, "lfs", "pull")
    ok(credo(clone, "run", "--skip-gate", "--", PY, "-c", "pass"))
    assert digest_of(_data_of_last_run(clone)["data/"]) == digest_of(real)


def test_a_pointer_among_many_files_is_found_in_the_sample(tmp_path: Path) -> None:
    pointer = LFS_POINTER + b"oid sha256:" + b"0" * 64 + b"\nsize 12345\n"
    for n in range(200):
        (tmp_path / f"shard-{n:03d}.txt").write_bytes(pointer if n % 2 else b"real text\n")
    found = fingerprint_path(tmp_path)
    assert found.startswith(f"{LFS_NOT_PULLED}:") and "32 of the 64 files read" in found


def _project_with_submodule(tmp_path: Path) -> tuple[Store, Path]:
    """A credo project `top` whose submodule `mod` holds lib.py."""
    mod = submodule(tmp_path)
    top = mod.parent
    commit_file(mod, "lib.py", "SCALE = 1\n", "lib")
    git(top, "commit", "-q", "-am", "vendor the library")
    created, _ = Store.init(top)
    return created, mod


def test_a_run_says_which_submodule_moved_or_was_edited(tmp_path: Path) -> None:
    store, mod = _project_with_submodule(tmp_path)
    assert capture(store.project_root).submodules == {}  # at the commit recorded
    moved = commit_file(mod, "lib.py", "SCALE = 2\n", "scale up")
    state = capture(store.project_root)
    assert state.submodules["mod"].sha == moved and state.submodules["mod"].moved
    assert not state.submodules["mod"].dirty

    (mod / "lib.py").write_text("SCALE = 3\n")
    (mod / "notes.txt").write_text("try 3\n")
    one = capture(store.project_root)
    (mod / "lib.py").write_text("SCALE = 4\n")
    other = capture(store.project_root)
    sub = other.submodules["mod"]
    assert sub.dirty and sub.changed == ["lib.py", "notes.txt"] and sub.sha == moved
    assert one.diff_hash != other.diff_hash

    record = _run_record(store)
    assert record["git_start"]["submodules"]["mod"]["changed"] == ["lib.py", "notes.txt"]  # type: ignore[index]
    said = run_lines(record["run"], ShortIds(), reviews={})  # type: ignore[arg-type]
    assert (
        f"    submodule mod: at {moved[:7]}, not the commit recorded · dirty: lib.py, notes.txt"
        in said
    )


def _checked_out_again(tmp_path: Path, top: Path) -> Path:
    """A fresh clone of `top`, its submodules (nested ones too) at the commits it records
    (pushed to their origins first: they were made in the checked-out submodules)."""
    git(
        top,
        "submodule",
        "foreach",
        "-q",
        "--recursive",
        "git -c protocol.file.allow=always push -q origin HEAD:refs/heads/kept",
    )
    clone = tmp_path / "again"
    git(
        tmp_path,
        "-c",
        "protocol.file.allow=always",
        "clone",
        "-q",
        "--recursive",
        str(top),
        str(clone),
    )
    return clone


def test_a_submodules_edits_are_in_the_saved_patch_and_apply(tmp_path: Path) -> None:
    store, mod = _project_with_submodule(tmp_path)
    top = store.project_root
    (top / "train.py").write_text("import mod.lib\n")
    git(top, "add", "train.py")
    (mod / "lib.py").write_text("SCALE = 3\n")
    (mod / "notes.txt").write_text("try 3\n")
    (mod / "weights.bin").write_bytes(b"\0\1" * 50)
    record = _run_record(store)
    start = record["git_start"]
    assert start["patch_status"] == "whole"  # type: ignore[index]
    assert start["left_out"] == {"mod/weights.bin": "binary"}  # type: ignore[index]
    patch = store.run_folder(record["run"].id) / start["patch"]  # type: ignore[attr-defined,index]

    clone = _checked_out_again(tmp_path, top)
    git(clone, "apply", str(patch))
    assert (clone / "train.py").read_text() == "import mod.lib\n"
    assert (clone / "mod" / "lib.py").read_text() == "SCALE = 3\n"
    assert (clone / "mod" / "notes.txt").read_text() == "try 3\n"


def test_a_submodules_edits_are_cut_with_the_patch_at_its_limit(tmp_path: Path) -> None:
    store, mod = _project_with_submodule(tmp_path)
    top = store.project_root
    (top / "train.py").write_text("EPOCHS = 3\n")
    (mod / "lib.py").write_text("".join(f"SCALE_{n} = {n}\n" for n in range(100)))
    whole = capture(top, patch_limit=10_000)
    assert whole.patch_status == "whole" and whole.patch is not None
    assert b"+++ b/mod/lib.py\n" in whole.patch and whole.patch_size == len(whole.patch)

    limit = whole.patch.index(b"SCALE_50")
    cut = capture(top, patch_limit=limit)
    assert cut.patch_status == "cut" and cut.patch_size == whole.patch_size
    assert cut.patch is not None and len(cut.patch) <= limit and cut.patch.endswith(b"\n")
    assert whole.patch.startswith(cut.patch) and b"+EPOCHS = 3\n" in cut.patch


def test_data_in_a_submodule_is_left_out_of_its_patch(tmp_path: Path) -> None:
    store, mod = _project_with_submodule(tmp_path)
    (mod / "lib.py").write_text("SCALE = 3\n")
    (mod / "data").mkdir()
    (mod / "data" / "train.csv").write_text("x,y\n1,2\n")
    state = capture(store.project_root, data_paths=["mod/data"])
    assert state.patch is not None and b"+++ b/mod/lib.py" in state.patch
    assert b"train.csv" not in state.patch and state.left_out == {"mod/data": "data, fingerprinted"}
    whole = capture(store.project_root, data_paths=["mod"])
    assert whole.patch is None and whole.submodules["mod"].dirty
    assert whole.left_out == {"mod": "data, fingerprinted"}


def test_a_repository_added_inside_without_gitmodules_is_read_as_a_submodule(
    tmp_path: Path,
) -> None:
    store, mod = _project_with_submodule(tmp_path)
    top = store.project_root
    baseline = top / "baseline"  # cloned in and `git add`ed: git warns, and records its commit
    git(tmp_path, "init", "-q", str(baseline))
    commit_file(baseline, "model.py", "DEPTH = 1\n", "baseline")
    git(top, "add", "baseline")
    git(top, "commit", "-q", "-m", "the baseline, embedded")
    (baseline / "model.py").write_text("DEPTH = 2\n")
    (mod / "lib.py").write_text("SCALE = 2\n")
    state = capture(top)
    assert list(state.submodules) == ["baseline", "mod"]
    assert state.submodules["baseline"].changed == ["model.py"]
    assert state.patch is not None and b"+++ b/baseline/model.py\n" in state.patch


def test_only_the_submodules_git_status_lists_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, mod = _project_with_submodule(tmp_path)
    top = store.project_root
    for name in ("tok", "eval"):
        other = tmp_path / name
        git(tmp_path, "init", "-q", str(other))
        commit_file(other, "it.py", "", name)
        git(top, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other), name)
    git(top, "commit", "-q", "-m", "two more")
    (top / "eval" / "it.py").write_text("STRICT = True\n")
    log = tmp_path / "git.log"
    shim = logged_git(tmp_path / "shim", log)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    assert list(capture(top).submodules) == ["eval"]
    asked = log.read_text().splitlines()
    # `git submodule status` is a shell script: 20 ms with one submodule, 40 with five
    assert not [line for line in asked if " submodule " in f"{line} "]
    assert [line for line in asked if line.startswith(f"-C {top / 'eval'} status ")]
    assert not [line for line in asked if line.startswith((f"-C {mod} ", f"-C {top / 'tok'} "))]


def test_a_nested_submodule_edited_and_one_not_checked_out(tmp_path: Path) -> None:
    store, mod = _project_with_submodule(tmp_path)
    inner_origin = tmp_path / "inner"
    git(tmp_path, "init", "-q", str(inner_origin))
    commit_file(inner_origin, "prep.py", "CLEAN = True\n", "prep")
    git(
        mod, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner_origin), "prep"
    )
    git(mod, "commit", "-q", "-m", "data prep as a submodule")
    git(store.project_root, "commit", "-q", "-am", "library with its prep")
    (mod / "prep" / "prep.py").write_text("CLEAN = False\n")
    state = capture(store.project_root)
    found = state.submodules
    assert found["mod/prep"].dirty and found["mod/prep"].changed == ["prep.py"]
    assert found["mod"].changed == ["prep"] and not found["mod"].moved
    assert (
        state.patch is not None
        and b"+++ b/mod/prep/prep.py\n@@ -1 +1 @@\n-CLEAN = True\n+CLEAN = False\n" in state.patch
    )
    again = _checked_out_again(tmp_path, store.project_root)
    git(again, "apply", input_text=state.patch.decode())
    assert (again / "mod" / "prep" / "prep.py").read_text() == "CLEAN = False\n"

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(store.project_root), str(clone))  # no --recursive
    assert capture(clone).submodules["mod"].words().startswith("not checked out")


def test_a_partial_sparse_clone_is_read_without_its_remote(tmp_path: Path) -> None:
    origin, clone = tmp_path / "origin", tmp_path / "clone"
    git(tmp_path, "init", "-q", str(origin))
    git(origin, "config", "uploadpack.allowFilter", "true")
    for n in range(3):
        commit_file(origin, "src/model.py", f"DEPTH = {n}\n", f"depth {n}, closes task{n}")
        commit_file(origin, "docs/notes.md", f"note {n}\n", f"note {n}")
    url = origin.as_uri()
    git(tmp_path, "clone", "-q", "--filter=blob:none", "--no-checkout", url, str(clone))
    git(clone, "sparse-checkout", "set", "src")
    git(clone, "checkout", "-q")
    old = git(clone, "rev-parse", "HEAD~2")
    missing = git(clone, "rev-list", "--objects", "--all", "--missing=print")
    origin.rename(tmp_path / "gone")  # any fetch of a blob would now fail
    (clone / "src" / "model.py").write_text("DEPTH = 9\n")

    state = capture(clone)
    assert state.changed == ["src/model.py"] and state.untracked == []  # docs/ not "deleted"
    assert state.patch is not None and b"+DEPTH = 9" in state.patch
    then = state.to_git_state().model_copy(update={"sha": old})
    assert files_changed_since(clone, then, state.to_git_state()) is not None
    assert len(build(clone).commits) == 3  # the closing commits, read with no blob
    assert git(clone, "rev-list", "--objects", "--all", "--missing=print") == missing


def test_a_submodule_bump_staged_but_not_committed_is_moved(tmp_path: Path) -> None:
    store, mod = _project_with_submodule(tmp_path)
    bumped = commit_file(mod, "lib.py", "SCALE = 2\n", "scale up")
    git(store.project_root, "add", "mod")  # `git submodule status` now sees no change
    found = capture(store.project_root).submodules["mod"]
    assert found.sha == bumped and found.moved and not found.dirty


def test_edits_in_a_submodule_git_status_is_told_to_ignore_still_count(tmp_path: Path) -> None:
    store, mod = _project_with_submodule(tmp_path)
    top = store.project_root
    git(top, "config", "-f", ".gitmodules", "submodule.mod.ignore", "dirty")
    git(top, "commit", "-q", "-am", "hide the library's edits from git status")
    (mod / "lib.py").write_text("SCALE = 3\n")
    one = capture(top)
    (mod / "lib.py").write_text("SCALE = 4\n")
    other = capture(top)
    assert one.dirty and one.submodules["mod"].changed == ["lib.py"]
    assert one.diff_hash != other.diff_hash


def test_a_pointer_fingerprinted_as_data_by_an_older_credo_is_read_again(store: Store) -> None:
    data = store.project_root / "data"
    data.mkdir()
    (data / "train.bin").write_bytes(LFS_POINTER + b"oid sha256:" + b"0" * 64 + b"\nsize 9\n")
    older = {str(data): [stat_stamp(data), "blake2b:0123 size=130 files=1 mtime=x"]}
    store.write_cache(CACHE_FILE, json.dumps(older).encode())  # as the cache held it
    assert FingerprintCache(store).fingerprint(data).startswith(f"{LFS_NOT_PULLED}:")
