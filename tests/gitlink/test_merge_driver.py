"""The merge driver: item files merged field by field by real `git merge`s."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from credo import actions
from credo.domain.models import Task
from credo.gitlink.merge import merge_fields
from credo.store import Store
from killed_writes import killed_writing

from repos import extended_after_closing, git, shared_board, submodule

Credo = Callable[..., subprocess.CompletedProcess[str]]
EARLY, LATE = datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2026, 12, 1, 10, tzinfo=UTC)


def test_fields_merge_one_by_one() -> None:
    base = {"title": "a", "status": "open", "tags": [], "updated": EARLY, "gone": 1}
    ours = {"title": "a", "status": "done", "tags": [], "updated": LATE, "gone": 1}
    theirs = {"title": "b", "status": "open", "tags": ["x"], "updated": EARLY, "new": 2}
    assert merge_fields(base, ours, theirs).fields == {
        "title": "b",  # only they changed it
        "status": "done",  # only we did
        "tags": ["x"],
        "updated": LATE,  # the later of the two
        "new": 2,  # added on one side
    }  # and "gone", removed on one side and not changed on the other, stays removed


def test_tags_keep_both_sides_additions_and_removals() -> None:
    base = {"tags": ["data", "old"]}
    ours = {"tags": ["data", "old", "paper"]}  # we added one
    theirs = {"tags": ["data", "legal"]}  # they removed one and added one
    assert merge_fields(base, ours, theirs) == ({"tags": ["data", "paper", "legal"]}, set())
    assert merge_fields({}, {"tags": ["a"]}, {"tags": ["b"]}).fields == {"tags": ["a", "b"]}
    in_order = merge_fields({}, {"command": ["a"]}, {"command": ["b"]})  # order matters
    assert in_order.conflicts == {"command"}


def test_two_extensions_of_one_timebox_are_both_kept() -> None:
    """The laptop and the server each extended the running experiment: it was extended
    twice, both on the record."""
    first, mine, theirs = (
        {"by": by, "at": at} for by, at in (("15m", EARLY), ("5m", LATE), ("1h", LATE))
    )
    base = {"extensions": [first]}
    merged = merge_fields(base, {"extensions": [first, mine]}, {"extensions": [first, theirs]})
    assert merged == ({"extensions": [first, mine, theirs]}, set())
    assert merge_fields({}, {"extensions": [mine]}, {"extensions": [theirs]}).fields == {
        "extensions": [mine, theirs]
    }
    rewritten = merge_fields(base, {"extensions": [mine]}, {"extensions": [first, theirs]})
    assert rewritten.conflicts == {"extensions"}  # not an addition: for a person


def test_a_field_changed_differently_on_both_sides_is_a_conflict() -> None:
    base, ours, theirs = {"title": "a"}, {"title": "b"}, {"title": "c"}
    assert merge_fields(base, ours, theirs).conflicts == {"title"}
    assert merge_fields(base, ours, {"title": "b"}) == ({"title": "b"}, set())  # the same change
    naive = datetime(2026, 12, 1, 11)  # written by hand, without a time zone
    mixed = merge_fields({"updated": EARLY}, {"updated": LATE}, {"updated": naive})
    assert mixed.conflicts == {"updated"}


def branches(store: Store, mine: Callable[[], object], theirs: Callable[[], object]) -> int:
    """Commit the store, make `theirs` on a branch and `mine` on the first one, merge."""
    root = store.project_root
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "before")
    first = git(root, "branch", "--show-current")
    git(root, "checkout", "-q", "-b", "teammate")
    theirs()
    git(root, "commit", "-q", "-am", "theirs")
    git(root, "checkout", "-q", first)
    mine()
    git(root, "commit", "-q", "-am", "mine")
    return subprocess.run(["git", "merge", "-q", "teammate"], cwd=root, check=False).returncode


def test_a_retitle_and_a_done_on_two_clones_merge(store: Store, credo: Credo) -> None:
    assert credo(store.project_root, "hooks", "install").returncode == 0
    task, _ = actions.add_task(store, "Plot the loss")
    status = branches(
        store,
        mine=lambda: actions.complete_task(store, task.id),
        theirs=lambda: actions.edit_task(store, task.id, title="Plot the loss per domain"),
    )
    assert status == 0  # no conflict, although both changed `updated`
    merged = Store.open(store.project_root).read(Task, task.id)
    assert merged.title == "Plot the loss per domain" and merged.status == "done"
    assert git(store.project_root, "log", "-1", "--format=%s") == "Merge branch 'teammate'"


def test_the_same_field_changed_twice_keeps_gits_markers(store: Store, credo: Credo) -> None:
    assert credo(store.project_root, "hooks", "install").returncode == 0
    task, _ = actions.add_task(store, "Plot the loss")
    status = branches(
        store,
        mine=lambda: actions.edit_task(store, task.id, title="Mine"),
        theirs=lambda: actions.edit_task(store, task.id, title="Theirs"),
    )
    assert status == 1
    text = (store.credo_dir / "tasks" / f"{task.id}.toml").read_text()
    assert "<<<<<<< ours\n" in text and 'title = "Mine"' in text and 'title = "Theirs"' in text
    problem = Store.open(store.project_root).load(Task).problems[task.id]
    assert problem.message.startswith("has git conflict markers")


def test_notes_added_on_two_clones_keep_both(store: Store, credo: Credo) -> None:
    """A teammate's clone and mine (or an agent's `add_note`) each added a note under a
    task's notes: `git pull` stopped on the notes, both notes between git's markers,
    although neither side changed what the other wrote."""
    assert credo(store.project_root, "hooks", "install").returncode == 0
    task, _ = actions.add_task(store, "Rerun the baseline")
    actions.edit_task(store, task.id, add_note="Started on the cluster")
    status = branches(
        store,
        mine=lambda: actions.edit_task(store, task.id, add_note="Ada: compare with last week"),
        theirs=lambda: actions.edit_task(store, task.id, add_note="Bruno: use seed 7"),
    )
    assert status == 0
    merged = Store.open(store.project_root).read(Task, task.id)
    assert merged.notes == (
        "Started on the cluster\n\nAda: compare with last week\n\nBruno: use seed 7"
    )
    assert merge_fields({}, {"notes": "mine"}, {"notes": "theirs"}).fields == {
        "notes": "mine\n\ntheirs"
    }  # each wrote the first notes of the task
    rewritten = merge_fields(
        {"notes": "Use lr"}, {"notes": "Use lr 0.1"}, {"notes": "Use lr\n\nseed 7"}
    )
    assert rewritten.conflicts == {"notes"}  # a line of the base rewritten: for a person
    replaced = merge_fields({"notes": "a"}, {"notes": "b"}, {"notes": "a\n\nc"})
    assert replaced.conflicts == {"notes"}


def test_a_conflict_has_markers_around_its_field_alone(store: Store, credo: Credo) -> None:
    """Both retitled the task, one also wrote notes and made it important: the markers hold
    the two titles only, every other field is merged, so keeping one title keeps the rest."""
    assert credo(store.project_root, "hooks", "install").returncode == 0
    task, _ = actions.add_task(store, "Plot the loss")
    status = branches(
        store,
        mine=lambda: actions.edit_task(store, task.id, title="Mine"),
        theirs=lambda: actions.edit_task(
            store, task.id, title="Theirs", notes="per domain", important=True
        ),
    )
    assert status == 1
    path = store.credo_dir / "tasks" / f"{task.id}.toml"
    text = path.read_text()
    markers = '<<<<<<< ours\ntitle = "Mine"\n=======\ntitle = "Theirs"\n>>>>>>> theirs\n'
    assert markers in text and text.count("=======") == 1
    assert 'notes = "per domain"\nimportant = true\n' in text.replace(markers, "")
    path.write_text(text.replace(markers, 'title = "Mine"\n'))  # I keep my title
    git(store.project_root, "add", path.as_posix())
    resolved = Store.open(store.project_root).read(Task, task.id)
    assert (resolved.title, resolved.notes, resolved.important) == ("Mine", "per domain", True)


def test_a_driver_killed_as_it_writes_leaves_nothing_git_shows(store: Store) -> None:
    """git hands the driver its own temporary files at the top of the work tree (%O %A %B:
    `.merge_file_XXXXXX`, which it removes after), and the driver wrote the merge into %A
    through a temporary file beside it: killed (-9) then, it left `..merge_file_XXXXXX.<hex>
    .tmp` at the top, in `git status` for good. It is made in `.credo/cache/` now, which git
    ignores; %A, not renamed over, still holds our side whole for git's line merge."""
    repo = store.project_root
    task, _ = actions.add_task(store, "Plot the loss")
    item = store.credo_dir / "tasks" / f"{task.id}.toml"
    was = item.read_bytes()
    actions.edit_task(store, task.id, title="Plot the loss per domain")
    other = item.read_bytes()
    item.write_bytes(was)
    actions.complete_task(store, task.id)
    mine = item.read_bytes()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "credo")
    sides = {".merge_file_O1a2b3": was, ".merge_file_A1a2b3": mine, ".merge_file_B1a2b3": other}
    for name, text in sides.items():
        (repo / name).write_bytes(text)
    main = "from credo.cli import main\nmain(prog_name='credo')"
    path = item.relative_to(repo).as_posix()
    killed_writing(".merge_file_A1a2b3", main, "merge-driver", *sides, path, cwd=repo)
    assert (repo / ".merge_file_A1a2b3").read_bytes() == mine
    untracked = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert untracked == [f"?? {name}" for name in sorted(sides)]  # git's alone
    [left] = (store.credo_dir / "cache").glob("..merge_file_A1a2b3.*.tmp")
    assert b'title = "Plot the loss per domain"' in left.read_bytes()  # the merge, whole


def test_without_credo_git_still_leaves_markers(store: Store, credo: Credo) -> None:
    root = store.project_root
    assert credo(root, "hooks", "install").returncode == 0
    driver = git(root, "config", "--get", "merge.credo.driver")
    broken = "/nowhere/python" + driver[driver.index(" -E -P -m credo") :]
    git(root, "config", "merge.credo.driver", broken)  # the venv it named is gone
    task, _ = actions.add_task(store, "Plot the loss")
    status = branches(
        store,
        mine=lambda: actions.complete_task(store, task.id),
        theirs=lambda: actions.edit_task(store, task.id, title="Plot the loss per domain"),
    )
    assert status == 1  # git's own line merge: a conflict, never a silent "ours"
    assert "<<<<<<< ours" in (store.credo_dir / "tasks" / f"{task.id}.toml").read_text()


def test_init_writes_the_attributes_and_uninstall_keeps_the_driver(
    store: Store, credo: Credo
) -> None:
    root = store.project_root
    attributes = (store.credo_dir / ".gitattributes").read_text()
    assert "*.toml merge=credo" in attributes
    # what a teammate reading it in a fresh clone runs: init, as the README says
    assert "`credo init` (or\n# `credo hooks install`) sets the driver up" in attributes
    assert git(root, "check-attr", "merge", ".credo/tasks/x.toml").endswith("merge: credo")
    assert credo(root, "hooks", "install").returncode == 0
    assert "merge-driver" in git(root, "config", "--get", "merge.credo.driver")
    driver = git(root, "config", "--get", "merge.credo.driver")
    out = credo(root, "hooks", "uninstall").stdout
    assert "credo merge driver left as it is: it is no hook" in out
    assert git(root, "config", "--get", "merge.credo.driver") == driver


def test_two_clones_that_made_the_same_item_keep_its_first_creation() -> None:
    ours = {"id": "n1", "title": "Weekly", "created": LATE, "updated": LATE}
    theirs = {"id": "n1", "title": "Weekly", "created": EARLY, "updated": EARLY}
    assert merge_fields({}, ours, theirs).fields == {
        "id": "n1",
        "title": "Weekly",
        "created": EARLY,
        "updated": LATE,
    }


def test_two_completions_keep_the_first_one_whole() -> None:
    base = {"status": "open", "updated": EARLY}
    ours = {"status": "done", "done_at": LATE, "done_commit": "bbb", "updated": LATE}
    theirs = {"status": "done", "done_at": EARLY, "done_commit": "aaa", "updated": EARLY}
    merged = merge_fields(base, ours, theirs).fields
    assert merged == {"status": "done", "done_at": EARLY, "done_commit": "aaa", "updated": LATE}


def test_two_closings_by_commits_keep_the_first_one_whole() -> None:
    """Two teammates' commits closed the task ("fixes X" each): the merge stopped on
    `closed_by`, which the first completion did not take with it."""
    base = {"status": "in_progress", "updated": EARLY}
    ours = {**base, "status": "done", "done_at": LATE, "done_commit": "bbb", "closed_by": "bbb"}
    theirs = {**base, "status": "done", "done_at": EARLY, "done_commit": "aaa", "closed_by": "aaa"}
    merged = merge_fields(base, ours, theirs)
    assert merged == ({**theirs, "updated": EARLY}, set())
    by_hand = {**base, "status": "done", "done_at": EARLY, "done_commit": "ccc"}
    merged = merge_fields(base, ours, by_hand)  # the first was by hand: no closing commit
    assert merged == ({**by_hand, "updated": EARLY}, set())


def test_sides_credo_cannot_read_go_to_gits_line_merge() -> None:
    from credo.gitlink.merge import merge_item

    path = ".credo/tasks/abcd0000abcd0001.toml"
    good = b'id = "abcd0000abcd0001"\ntitle = "t"\n'
    deep = good + b"x = " + b"[" * 600 + b"]" * 600 + b"\n"
    assert merge_item(good, good, deep, path) is None
    assert merge_item(good, good, good + b"order = 1e999999\n", path) is not None  # inf is fine
    assert merge_item(good, good, good.replace(b'"t"', b"1"), path) is None


def test_init_in_a_fresh_clone_registers_the_driver(tmp_path: Path, credo: Credo) -> None:
    """git config is per clone: a clone of a project with .credo/ had no driver, so its
    first pull merged item files line by line, and `credo init` only said "Already set up"."""
    alice, bob = shared_board(tmp_path, credo)
    task = Store.open(alice).short_id(Task, next(iter(Store.open(alice).item_ids(Task))))
    first = credo(bob, "init")
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "Already set up: .credo/",
        "credo merge driver registered in .git/config (item files merge field by field)",
        "Next, link your commits to what you work on: credo hooks install "
        "(adds the Credo-Task or Credo-Experiment trailer of what you started)",
    ]
    assert "merge driver" not in credo(bob, "init").stdout  # said once, when done
    assert credo(alice, "edit", task, "--title", "Plot the loss per domain").returncode == 0
    git(alice, "commit", "-q", "-am", "Retitle")
    git(alice, "push", "-q", "origin", "HEAD")
    assert credo(bob, "done", task).returncode == 0
    git(bob, "commit", "-q", "-am", "Done")
    git(bob, "pull", "-q", "--no-rebase", "origin", "main")  # no conflict: field by field
    merged = Store.open(bob).read(Task, Store.open(bob).get(Task, task).id)
    assert merged.title == "Plot the loss per domain" and merged.status == "done"


def test_a_clone_without_the_driver_says_to_run_init(tmp_path: Path, credo: Credo) -> None:
    """A fresh clone where `credo init` was never run had no driver, and nothing said so:
    the first concurrent edit of one item stopped `git pull` on its `updated` line."""
    alice, bob = shared_board(tmp_path, credo)
    listed = credo(bob, "ls")
    assert listed.returncode == 0 and "Plot the loss" in listed.stdout
    said = [line for line in listed.stderr.splitlines() if "merge driver" in line]
    assert len(said) == 1, listed.stderr  # once
    assert said[0].startswith("warning: this clone has no merge driver for .credo/")
    assert said[0].endswith("run `credo init` (safe to run again)")
    assert "merge driver" not in credo(alice, "ls").stderr  # init registered it there
    assert credo(bob, "init").returncode == 0
    assert "merge driver" not in credo(bob, "ls").stderr
    assert credo(bob, "hooks", "install").returncode == 0
    assert credo(bob, "hooks", "uninstall").returncode == 0  # the hooks, not the driver
    assert "merge driver" not in credo(bob, "ls").stderr
    git(bob, "config", "--remove-section", "merge.credo")  # as `hooks uninstall` says
    assert "no merge driver" in credo(bob, "ls").stderr
    git(bob, "remote", "remove", "origin")
    assert "merge driver" not in credo(bob, "ls").stderr  # no other clone to pull from


def test_init_in_a_submodule_names_the_config_it_wrote(tmp_path: Path, credo: Credo) -> None:
    """A submodule's git config is in the superproject's .git/modules/<name>/config; the
    message said ".git/config", a file that is not there."""
    mod = submodule(tmp_path)
    config = tmp_path / "top" / ".git" / "modules" / "mod" / "config"
    said = credo(mod, "init")
    assert said.returncode == 0, said.stderr
    assert f"credo merge driver registered in {config} (" in said.stdout
    assert '[merge "credo"]' in config.read_text()
    again = credo(mod, "hooks", "install").stdout
    assert f"credo merge driver already registered in {config}\n" in again


def retitled_in_two_clones(tmp_path: Path, credo: Credo, how: str) -> tuple[Path, Path, Path]:
    """Alice's and Bob's clones (`shared_board`, each set up with `credo init`) retitled
    their one task, Alice pushed and Bob's `git pull HOW` stopped on the titles: the two
    clones and Bob's task file."""
    alice, bob = shared_board(tmp_path, credo)
    assert credo(bob, "init").returncode == 0
    task = Store.open(alice).short_id(Task, next(iter(Store.open(alice).item_ids(Task))))
    for clone, title in ((alice, "Plot the loss per domain"), (bob, "Plot the valid loss")):
        assert credo(clone, "edit", task, "--title", title).returncode == 0
        git(clone, "commit", "-q", "-am", "Retitle")
    git(alice, "push", "-q", "origin", "HEAD")
    pulled = subprocess.run(["git", "pull", "-q", how], cwd=bob, check=False)
    assert pulled.returncode != 0  # stopped on the titles
    return alice, bob, next((bob / ".credo" / "tasks").iterdir())


def test_a_conflict_resolved_by_hand_the_wrong_way_is_named_as_such(
    tmp_path: Path, credo: Credo
) -> None:
    """Alice and Bob retitled one task; Bob's pull stopped on the titles. Resolved by hand
    with only the `<<<<<<<` line deleted, the task said "Invalid statement (at line 6,
    column 1); fix or remove it"; with the markers deleted and both titles kept, "Cannot
    overwrite a value (at line 5, column 31)": neither named the merge, and "remove it"
    would delete a task the team shares. Both now say what the merge left."""
    alice, bob, path = retitled_in_two_clones(tmp_path, credo, "--no-rebase")
    conflicted = path.read_text()
    lines = conflicted.splitlines()
    mine = lines.index("<<<<<<< ours") + 2  # the line of Bob's title
    assert lines[mine - 1 : mine + 3] == [
        'title = "Plot the valid loss"',
        "=======",
        'title = "Plot the loss per domain"',
        ">>>>>>> theirs",
    ]
    name = f".credo/tasks/{path.name}"
    path.write_text(conflicted.replace("<<<<<<< ours\n", ""))  # the first marker alone
    said = credo(bob, "ls").stderr
    assert f"warning: {name}: has git conflict markers (line {mine}): resolve the merge" in said
    kept_both = [line for line in lines if not line.startswith(("<<<<<<<", "=======", ">>>>"))]
    path.write_text("\n".join(kept_both) + "\n")
    git(bob, "commit", "-q", "-am", "Merge")  # git takes it: nothing checks the file
    for clone in (bob, alice):
        if clone == alice:
            git(bob, "push", "-q", "origin", "HEAD")
            git(alice, "pull", "-q")
        listed = credo(clone, "ls")
        assert listed.returncode == 0
        assert (
            f"warning: {name}: gives 'title' twice (lines {mine - 1} and {mine}), as a merge "
            "resolved by keeping both sides' lines leaves it: keep the one you want, delete "
            "the other"
        ) in listed.stderr, listed.stderr
        assert path.read_text() == "\n".join(kept_both) + "\n"  # never rewritten


def test_a_conflict_in_a_rebase_says_which_side_is_yours(tmp_path: Path, credo: Credo) -> None:
    """In `git pull --rebase` git's `ours` is the teammates' branch and `theirs` your own
    commit: the markers read `<<<<<<< ours` above Alice's title and `>>>>>>> theirs` below
    Bob's, so Bob keeping "ours" as his own dropped his title for hers without a word.
    Each side now says whose it is; a merge, where ours is yours, is left as git words it."""
    _, bob, path = retitled_in_two_clones(tmp_path, credo, "--rebase")
    markers = (
        "<<<<<<< ours\n"
        "# the branch you rebase onto (git's ours)\n"
        'title = "Plot the loss per domain"\n'
        "=======\n"
        "# your commit, replayed onto it (git's theirs)\n"
        'title = "Plot the valid loss"\n'
        ">>>>>>> theirs\n"
    )
    text = path.read_text()
    assert markers in text, text
    path.write_text(text.replace(markers, markers.split("=======\n")[1].split(">>>")[0]))
    git(bob, "add", path.as_posix())
    git(bob, "-c", "core.editor=true", "rebase", "--continue")
    assert Store.open(bob).read(Task, path.stem).title == "Plot the valid loss"
    assert "warning" not in credo(bob, "ls").stderr


def test_a_rebases_sides_are_said_above_a_table_too() -> None:
    """An experiment resumed on two machines conflicts on `[place]`, a table: the comment
    goes above its header, once, on each side (the base is left as it was)."""
    from credo.gitlink.merge import REBASE_SIDES, Conflict, merge_item

    path = ".credo/experiments/abcd0000abcd0001.toml"
    base = b'id = "abcd0000abcd0001"\nhypothesis = "h"\ntimebox = "1h"\n'
    ours, theirs = (
        base + f'\n[place]\nhost = "{host}"\nproject = "/p"\n'.encode()
        for host in ("laptop", "server")
    )
    merged = merge_item(base, ours, theirs, path, rebasing=True)
    assert isinstance(merged, Conflict)
    for side, said, host in zip(merged[1:], REBASE_SIDES, ("laptop", "server"), strict=True):
        text = side.decode()
        assert text.count(said) == 1
        assert f'{said}\n[place]\nhost = "{host}"\n' in text
    assert b"#" not in merged.base
    plain = merge_item(base, ours, theirs, path)  # a merge: ours is yours, as git says
    assert isinstance(plain, Conflict) and b"#" not in b"".join(plain)


def test_an_extension_after_the_close_says_so(tmp_path: Path, credo: Credo) -> None:
    """Bob closed the experiment, Alice (not having pulled) extended it: after the merge
    it showed "timebox 1h +30m", with no word that the 30m came after it closed (show,
    ls, the report and its JSON say it now)."""
    bob, exp_id = extended_after_closing(tmp_path, credo)
    shown = credo(bob, "exp", "show", exp_id)
    assert shown.returncode == 0, shown.stderr
    assert "done · timebox 1h +30m (+30m added after it closed)" in shown.stdout
    listed = credo(bob, "exp", "ls", env={"COLUMNS": "200"})
    assert "1h +30m (+30m added after it closed)" in listed.stdout
    reported = credo(bob, "report")
    assert "timebox 1h +30m (+30m added after it closed)" in reported.stdout, reported.stderr
    [closed] = json.loads(credo(bob, "report", "--format", "json").stdout)["closed"]
    assert closed["extended_seconds"] == closed["added_after_closing_seconds"] == 1800
