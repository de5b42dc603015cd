"""The commit hook answers from its small file and is never wrong: real clones, real git.

One person works in two clones of a repository (`laptop` and `server`, through a bare
remote). Whatever reaches a clone behind credo's back — a `git pull`, a merge, a file
edited by hand in place — the next commit's trailers are what a full load of the store
says, and a commit made while the small file is fresh never imports pydantic (it never
loads the store).
"""

from __future__ import annotations

import ast
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from credo.actions.history import History
from credo.domain.models import Task
from credo.gitlink.hooks import HOOK_ARGS, HOOK_CALL, hooks_dir
from credo.store import Store
from credo.store.active import FILE_NAME
from credo.store.paths import git_dir, host_name

from repos import commit_file, git, hook_command

Credo = Callable[..., subprocess.CompletedProcess[str]]


@dataclass
class Clones:
    laptop: Path
    server: Path
    credo: Credo

    def run(self, where: Path, *args: str) -> str:
        result = self.credo(where, *args)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def share(self, where: Path, message: str) -> None:
        """Commit everything in `where` (its .credo too) and push it."""
        git(where, "add", "-A")
        git(where, "commit", "-q", "-m", message)
        git(where, "push", "-q", "origin", "HEAD:main")


@pytest.fixture
def clones(tmp_path: Path, credo: Credo) -> Clones:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    laptop = tmp_path / "laptop"
    git(tmp_path, "clone", "-q", str(remote), str(laptop))
    commit_file(laptop, "README.md", "# project\n", "Start")
    made = Clones(laptop, tmp_path / "server", credo)
    made.run(laptop, "init")
    made.share(laptop, "credo")
    git(tmp_path, "clone", "-q", str(remote), str(made.server))
    for where in (laptop, made.server):
        made.run(where, "hooks", "install")
    return made


def last_message(where: Path) -> str:
    return git(where, "log", "-1", "--format=%B")


def commit_now(where: Path, name: str) -> tuple[str, bool]:
    """Commit a new file through the installed hook; the message, and whether the hook
    process imported pydantic (it loaded the store, instead of its small file). When it
    did not, it imported nothing heavier than its few modules either."""
    (where / name).write_text(f"{name}\n")
    git(where, "add", name)
    probe = where.parent / f"probe-{where.name}"
    hook = hooks_dir(where) / "prepare-commit-msg"
    script = hook.read_text()
    # The installed hook, run through a wrapper that says what the hook process imported.
    wrapped = script.replace(shlex.quote(HOOK_CALL), shlex.quote(_PROBE.format(probe=str(probe))))
    hook.write_text(wrapped)
    try:
        git(where, "commit", "-q", "-m", f"Add {name}")
    finally:
        hook.write_text(script)
    imported = ast.literal_eval(probe.read_text())
    loaded = "pydantic" in imported
    assert loaded or imported == [], imported
    return last_message(where), loaded


HEAVY = (
    "pydantic",
    "subprocess",
    "pathlib",
    "json",
    "typing",
    "datetime",
    "dataclasses",
    "site",
    "threading",
)
_PROBE = (
    "import sys\n"
    "sys.path.append(sys.argv.pop(1))\n"
    "import credo.gitlink.commit_hook as hook\n"
    "code = hook.main(sys.argv[1:])\n"
    f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
    "open({probe!r}, 'w').write(repr(heavy))\n"
    "sys.exit(code)"
)


def test_a_fresh_small_file_answers_without_loading_the_store(clones: Clones) -> None:
    laptop = clones.laptop
    task = clones.run(laptop, "add", "Plot the loss")
    clones.run(laptop, "start", task)
    message, loaded = commit_now(laptop, "a.py")
    assert "Credo-Task: " in message and not loaded
    task_id = message.split("Credo-Task: ")[1].strip()
    assert task_id.startswith(task)
    clones.run(laptop, "done", task)  # a write keeps the small file current
    message, loaded = commit_now(laptop, "b.py")
    assert "Credo-Task" not in message and not loaded


def test_a_missing_small_file_gives_the_full_answer_and_comes_back(clones: Clones) -> None:
    laptop = clones.laptop
    task = clones.run(laptop, "add", "Plot the loss")
    clones.run(laptop, "start", task)
    small = git_dir(laptop) / FILE_NAME
    small.unlink()
    message, loaded = commit_now(laptop, "a.py")
    assert "Credo-Task: " in message and loaded  # the full answer
    assert small.exists()
    message, loaded = commit_now(laptop, "b.py")
    assert "Credo-Task: " in message and not loaded


def test_a_pulled_task_in_progress_is_named_after_the_pull(clones: Clones) -> None:
    laptop, server = clones.laptop, clones.server
    message, _ = commit_now(server, "s.py")  # the server's small file: nothing active
    assert "Credo-Task" not in message
    message, loaded = commit_now(server, "s1.py")
    assert "Credo-Task" not in message and not loaded
    task = clones.run(laptop, "add", "Rerun the baseline")
    clones.run(laptop, "start", task)  # on the laptop, by the same person
    clones.share(laptop, "Start the baseline")
    git(server, "pull", "-q", "--no-rebase", "origin", "main")
    message, loaded = commit_now(server, "s2.py")
    assert f"Credo-Task: {full_id(server, task)}" in message and loaded
    message, loaded = commit_now(server, "s3.py")
    assert f"Credo-Task: {full_id(server, task)}" in message and not loaded


def test_a_merge_that_finishes_my_task_stops_its_trailer(clones: Clones) -> None:
    laptop, server = clones.laptop, clones.server
    task = clones.run(laptop, "add", "Check label balance")
    clones.run(laptop, "start", task)
    clones.share(laptop, "Start it")
    git(server, "pull", "-q", "--no-rebase", "origin", "main")
    message, _ = commit_now(server, "s.py")
    assert f"Credo-Task: {full_id(server, task)}" in message  # the server knows it now
    clones.run(laptop, "done", task)  # finished on the laptop...
    clones.share(laptop, "Done")
    git(server, "fetch", "-q", "origin")
    git(server, "merge", "-q", "--no-ff", "--no-edit", "origin/main")  # ...merged here
    assert "Credo-Task" not in last_message(server)  # the merge commit gets none
    message, loaded = commit_now(server, "s2.py")
    assert "Credo-Task" not in message and loaded


@pytest.mark.parametrize("private", [True, False], ids=["private", "shared"])
def test_rewritten_commits_do_not_get_the_task_in_progress_now(
    repo: Path, credo: Credo, private: bool
) -> None:
    """An amend, the replays of a rebase (as `git pull --rebase` makes them) and a reword
    keep old commits' messages: my task in progress today is not theirs."""
    me = Clones(repo, repo, credo)
    me.run(repo, "init", *(["--private"] if private else []))
    me.run(repo, "hooks", "install")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "Use credo")
    branch = git(repo, "branch", "--show-current")
    git(repo, "checkout", "-q", "-b", "side")
    commit_file(repo, "side.py", "side\n", "Side work")
    git(repo, "checkout", "-q", branch)
    commit_file(repo, "a.py", "a\n", "Add a")
    commit_file(repo, "b.py", "b\n", "Add b")
    task = me.run(repo, "add", "Plot the loss")
    me.run(repo, "start", task)
    rewrite = {**os.environ, "GIT_EDITOR": "true"}
    subprocess.run(["git", "commit", "-q", "--amend"], cwd=repo, env=rewrite, check=True)
    assert "Credo-Task" not in last_message(repo)
    (repo / "plot.py").write_text("plot\n")  # work: credo's files alone get no trailers
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the plot")
    trailer = f"Credo-Task: {full_id(repo, task)}"
    assert trailer in last_message(repo)  # a commit made now gets it
    git(repo, "rebase", "-q", "side")
    reword = {**rewrite, "GIT_SEQUENCE_EDITOR": "sed -i 's/^pick \\(.* Add a\\)$/reword \\1/'"}
    subprocess.run(["git", "rebase", "-q", "-i", "side"], cwd=repo, env=reword, check=True)
    log = git(repo, "log", "--format=%s %(trailers:key=Credo-Task,valueonly,separator=,)", "side..")
    messages = [line.strip() for line in log.splitlines()]
    assert messages == [f"Start the plot {full_id(repo, task)}", "Add b", "Add a"]


def test_an_amend_given_a_new_message_keeps_the_commits_links_and_adds_none(
    repo: Path, credo: Credo
) -> None:
    """`git commit --amend -m` linked a commit made for one task to the task in progress
    at the amend (git tells the hook "message", as for a new commit): it now keeps the
    trailers the commit had, once (or the one its new message gives), and gets no new
    one. A new commit, backdated or not, still gets the task in progress."""
    me = Clones(repo, repo, credo)
    me.run(repo, "init")
    me.run(repo, "hooks", "install")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Use credo")
    first, then = me.run(repo, "add", "Plot the loss"), me.run(repo, "add", "Fix the seed")

    def commit(*args: str, date: str | None = None) -> str:
        """Commit (authored at `date`, when given); the Credo-Task trailer it got."""
        env = {**os.environ, **({"GIT_AUTHOR_DATE": date} if date else {})}
        subprocess.run(
            ["git", "commit", "-q", "--allow-empty", *args], cwd=repo, env=env, check=True
        )
        return git(repo, "log", "-1", "--format=%(trailers:key=Credo-Task,valueonly,separator=,)")

    assert commit("-m", "Tidy up", date="2020-01-05T09:00:00+0000") == ""
    me.run(repo, "start", first)
    assert commit("--amend", "-m", "Tidy up the notebook") == ""
    assert commit("-m", "Plot", date="2020-01-06T09:00:00+0000") == full_id(repo, first)
    me.run(repo, "start", then)
    assert commit("--amend", "-m", "Plot the loss") == full_id(repo, first)
    assert commit("--amend", "-m", "Plot it\n\nCredo-Task: 3kf9") == "3kf9"  # as given
    assert commit("--amend", "-m", "Plot it again") == "3kf9"
    assert commit("-m", "Seed", date="2020-01-07T09:00:00+0000") == full_id(repo, then)
    assert commit("-m", "Seed again") == full_id(repo, then)


def test_a_cherry_pick_keeps_the_picked_commits_message(repo: Path, credo: Credo) -> None:
    """A cherry-pick (one commit, or a range the sequencer picks in turn) carries the
    original's message, trailers and all: it got my task in progress at the time of the
    pick, so a fix picked onto a release branch joined a task it was not made for. A
    revert is a commit made now, with a message of its own: it gets it."""
    me = Clones(repo, repo, credo)
    me.run(repo, "init")
    me.run(repo, "hooks", "install")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Use credo")
    branch = git(repo, "branch", "--show-current")
    git(repo, "checkout", "-q", "-b", "fixes")
    for name in ("a", "b", "c"):
        commit_file(repo, f"{name}.py", f"{name}\n", f"Fix {name}")
    git(repo, "checkout", "-q", branch)
    task = me.run(repo, "add", "Plot the loss")
    me.run(repo, "start", task)
    git(repo, "cherry-pick", "fixes~2")
    git(repo, "cherry-pick", "fixes~2..fixes")
    git(repo, "revert", "--no-edit", "HEAD")
    log = git(repo, "log", "--format=%s|%(trailers:key=Credo-Task,valueonly,separator=,)", "-4")
    assert log.splitlines() == [
        f'Revert "Fix c"|{full_id(repo, task)}',
        "Fix c|",
        "Fix b|",
        "Fix a|",
    ]


def test_a_commit_in_a_linked_worktree_reads_the_small_file_as_quickly(clones: Clones) -> None:
    """In a linked worktree (its `.git` a file naming its git folder) the hook imported
    pathlib and credo's paths module to find the small file, on every commit; it now
    reads the folder git exports to its hooks (GIT_DIR) and imports nothing more there."""
    tree = clones.laptop.parent / "worktree"
    git(clones.laptop, "worktree", "add", "-q", "-b", "feature", str(tree))
    task = clones.run(tree, "add", "Plot the loss")
    clones.run(tree, "start", task)
    message, loaded = commit_now(tree, "w.py")
    assert f"Credo-Task: {full_id(tree, task)}" in message and not loaded


def test_a_hand_edit_in_place_is_seen(clones: Clones) -> None:
    laptop = clones.laptop
    first = clones.run(laptop, "add", "First")
    second = clones.run(laptop, "add", "Second")
    clones.run(laptop, "start", first)
    message, loaded = commit_now(laptop, "a.py")
    assert f"Credo-Task: {full_id(laptop, first)}" in message and not loaded
    # In place, as nano or VS Code save: the folder's own mtime does not change.
    folder = laptop / ".credo" / "tasks"
    folder_mtime = folder.stat().st_mtime_ns
    for short, status in ((first, "open"), (second, "in_progress")):
        path = folder / f"{full_id(laptop, short)}.toml"
        text = path.read_text().replace('status = "in_progress"', 'status = "open"')
        text = text.replace('status = "open"', f'status = "{status}"')
        if status == "in_progress":
            text += 'in_progress_by = "ada@example.com"\n'
        with path.open("r+") as handle:
            handle.write(text)
            handle.truncate()
    assert folder.stat().st_mtime_ns == folder_mtime
    message, loaded = commit_now(laptop, "b.py")
    assert f"Credo-Task: {full_id(laptop, second)}" in message and loaded
    assert full_id(laptop, first) not in message


def test_a_name_that_is_not_utf8_beside_the_tasks_leaves_the_hook_quick(clones: Clones) -> None:
    """An editor's backup named in a Latin-1 locale beside the tasks: the folder had no
    fingerprint, so every commit loaded the whole store. The first commit after it came
    loads it (the folder changed), the next ones read the small file again."""
    laptop = clones.laptop
    task = clones.run(laptop, "add", "Plot the loss")
    clones.run(laptop, "start", task)
    (laptop / ".credo" / "tasks" / os.fsdecode(b"t\xe2che.toml~")).write_text("notes\n")
    message, loaded = commit_now(laptop, "a.py")
    assert f"Credo-Task: {full_id(laptop, task)}" in message and loaded
    message, loaded = commit_now(laptop, "b.py")
    assert f"Credo-Task: {full_id(laptop, task)}" in message and not loaded


def test_a_branch_switch_is_seen(clones: Clones) -> None:
    laptop = clones.laptop
    task = clones.run(laptop, "add", "Try the new loss")
    clones.share(laptop, "Add a task")
    git(laptop, "switch", "-q", "-c", "new-loss")
    clones.run(laptop, "start", task)
    clones.share(laptop, "Start it on the branch")
    message, loaded = commit_now(laptop, "a.py")
    assert "Credo-Task: " in message and not loaded
    git(laptop, "switch", "-q", "main")  # where the task is still open
    message, loaded = commit_now(laptop, "b.py")
    assert "Credo-Task" not in message and loaded


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not credo's\n",
        "credo-active 3\nprints 1\n",  # a field missing
        "credo-active 3\nprints x y\n",
        "credo-active 3\nprints 1 2\ntask abc\n",  # a line cut short
        "credo-active 1\nprints 0 0\n",  # another version of the form
    ],
)
def test_a_small_file_that_cannot_be_read_gives_the_full_answer(clones: Clones, text: str) -> None:
    laptop = clones.laptop
    task = clones.run(laptop, "add", "Plot the loss")
    clones.run(laptop, "start", task)
    small = git_dir(laptop) / FILE_NAME
    small.write_text(text)
    message, loaded = commit_now(laptop, "a.py")
    assert f"Credo-Task: {full_id(laptop, task)}" in message and loaded
    message, loaded = commit_now(laptop, "b.py")  # written again, whole
    assert f"Credo-Task: {full_id(laptop, task)}" in message and not loaded


def test_a_running_experiment_pulled_from_the_other_clone(clones: Clones) -> None:
    laptop, server = clones.laptop, clones.server
    commit_now(server, "s.py")
    clones.run(laptop, "exp", "start", "Warmup helps", "-b", "1h")
    on_the_laptop(laptop)
    clones.share(laptop, "Start an experiment")
    git(server, "pull", "-q", "--no-rebase", "origin", "main")
    message, loaded = commit_now(server, "s2.py")
    assert "Credo-Experiment: " in message and loaded


def test_an_experiment_running_in_another_clone_of_this_host_is_not_named(
    clones: Clones,
) -> None:
    """Its record there counts, and its commits are made there: here it is a copy."""
    laptop, server = clones.laptop, clones.server
    clones.run(laptop, "exp", "start", "Warmup helps", "-b", "1h")
    clones.share(laptop, "Start an experiment")
    git(server, "pull", "-q", "--no-rebase", "origin", "main")
    message, loaded = commit_now(server, "s.py")
    assert "Credo-Experiment: " not in message and loaded
    assert "Credo-Experiment: " in commit_now(laptop, "l.py")[0]
    clones.run(server, "exp", "start", "Its own")  # one of its own is named, from its write
    message, loaded = commit_now(server, "s2.py")
    own = Store.open(server).active().here("ada@example.com")
    assert list(own) == [
        e.id for e in Store.open(server).experiments() if e.hypothesis == "Its own"
    ]
    assert f"Credo-Experiment: {next(iter(own))}" in message and not loaded


def on_the_laptop(where: Path) -> None:
    """The running experiment's record in `where` says it runs on another host (the
    laptop these clones stand for), as it would there."""
    [path] = (where / ".credo" / "experiments").glob("*.toml")
    text = path.read_text()
    host = f'host = "{host_name()}"'
    assert host in text
    path.write_text(text.replace(host, 'host = "laptop"'))


def test_a_teammates_task_in_progress_is_never_named(clones: Clones) -> None:
    laptop, server = clones.laptop, clones.server
    task = clones.run(laptop, "add", "Alice's task")
    alice = {"GIT_AUTHOR_EMAIL": "alice@example.com", "GIT_AUTHOR_NAME": "Alice"}
    started = clones.credo(laptop, "start", task, env=alice)
    assert started.returncode == 0, started.stderr
    clones.share(laptop, "Alice starts")
    git(server, "pull", "-q", "--no-rebase", "origin", "main")
    message, _ = commit_now(server, "s.py")
    assert "Credo-Task" not in message
    message, loaded = commit_now(server, "s2.py")
    assert "Credo-Task" not in message and not loaded


def test_a_hook_an_older_credo_installed_still_works_and_is_rewritten(clones: Clones) -> None:
    laptop = clones.laptop
    hook = laptop / ".git" / "hooks" / "prepare-commit-msg"
    new = hook_command(hook)
    old = f"{sys.executable} -E -P -m credo hooks trailers"  # the whole CLI, every commit
    hook.write_text(hook.read_text().replace(new, old))
    added = clones.credo(laptop, "add", "Old hook")  # any command rewrites it
    assert "rewrote" in added.stderr and new in hook.read_text()
    clones.run(laptop, "start", added.stdout.strip())
    hook.write_text(hook.read_text().replace(new, old))
    commit_file(laptop, "o.py", "o\n", "With the old hook")  # the old line, run once more
    assert f"Credo-Task: {full_id(laptop, added.stdout.strip())}" in last_message(laptop)
    rewritten = hook_command(hook)  # by it, naming the Python the old line called
    assert rewritten.startswith(f"{sys.executable} {HOOK_ARGS} ")


def test_every_write_keeps_the_small_file_equal_to_a_full_load(store: Store) -> None:
    from credo import actions
    from credo.actions.experiments import start_experiment, stop_experiment
    from credo.actions.tasks import start_task
    from credo.store import active

    path = git_dir(store.project_root) / FILE_NAME
    store.load_active()
    me = "ada@example.com"
    there = store.project_root.parent / "exp-b"
    (there / ".credo").mkdir(parents=True)
    steps: list[Callable[[], object]] = []
    tasks = [actions.add_task(store, f"task {i}")[0] for i in range(4)]
    history = History(store)
    steps += [
        lambda: start_task(store, tasks[0].id, me),
        lambda: start_task(store, tasks[1].id, me),  # the first goes back to open
        lambda: start_task(store, tasks[2].id, "bruno@example.com"),
        lambda: history.record(actions.complete_task(store, tasks[1].id)[1]),
        lambda: history.undo(),
        lambda: history.redo(),
        lambda: actions.remove_task(store, tasks[3].id),
        lambda: start_experiment(store, "Warmup helps"),
        lambda: stop_experiment(store, None, outcome="confirmed", learning="yes"),
        lambda: start_experiment(store, "Longer warmup"),
        lambda: run_in(store, there),  # its record says ../exp-b, which is there
        lambda: run_in(store, there, "bruno@example.com"),  # a teammate's: the file says who
        lambda: shutil.rmtree(there),  # gone: nothing here changes, the answer does
    ]
    for step in steps:
        step()
        kept = active.fresh(path, store.credo_dir)
        assert kept is not None, f"stale after {step}"
        full = store.load_active()
        assert (kept.in_progress, kept.running, kept.places) == (
            full.in_progress,
            full.running,
            full.places,
        )
        assert kept.trailers(me) == full.trailers(me)


def run_in(store: Store, project: Path, by: str | None = None) -> None:
    """Have the running experiment's record say it runs in `project`, on this host (started
    there `by` someone)."""
    from credo.domain.models import Experiment, Place

    place = Place(host=host_name(), project=str(project), by=by)
    [exp] = [e for e in store.experiments() if e.status == "running"]
    store.update(Experiment, exp.id, lambda e: e.model_copy(update={"place": place}))


def test_without_a_git_folder_here_the_full_answer_is_given(tmp_path: Path) -> None:
    """git pointed at a separate folder (GIT_DIR): no `.git` where the hook runs."""
    from credo.actions import add_task
    from credo.actions.tasks import start_task
    from credo.gitlink.authors import person
    from credo.gitlink.commit_hook import trailers

    store, _ = Store.init(tmp_path)
    task, _ = add_task(store, "Plot the loss")
    start_task(store, task.id, person(tmp_path))
    assert trailers(str(tmp_path), None) == [f"Credo-Task: {task.id}"]


def test_a_task_and_an_experiment_of_one_id_are_kept_apart() -> None:
    from datetime import UTC, datetime, timedelta

    from credo.domain.models import Experiment
    from credo.store.active import Active

    same = "abcd1234"
    found = Active({"tasks": 0, "experiments": 0}, {same: ("ada", 1)}, {})
    started = datetime.now(UTC)
    running = Experiment(
        id=same, hypothesis="h", timebox=timedelta(hours=1), status="running", started=started
    )
    found.put("experiments", same, running)
    both = [f"Credo-Task: {same}", f"Credo-Experiment: {same}"]
    assert found.trailers("ada") == both
    found.put("experiments", same, None)  # the experiment's file goes, the task stays
    assert found.trailers("ada") == both[:1]
    found.put("experiments", same, running)
    found.put("tasks", same, None)  # and the other way round
    assert found.trailers("ada") == both[1:]


def full_id(where: Path, short: str) -> str:
    return Store.open(where).resolve(Task, short)


def test_the_hook_module_imports_almost_nothing() -> None:
    code = (
        "import sys, credo.gitlink.commit_hook\n"
        "heavy = ('pydantic', 'click', 'typing', 'pathlib', 'json', 're', 'datetime',"
        " 'subprocess', 'dataclasses')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-E", "-P", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("message", "python"),
    [
        ("Fix the loader\n\nCredo-Task: abc\n", False),  # `git commit -m`: most commits
        ("Credo-Task: abc\n\nFix the loader", False),  # a last line with no newline
        ("Fix it\n# Please enter the commit message\n# >8 --\ndiff --git a/x b/x\n", False),
        ("\n\nCredo-Task: abc\n# Please enter the commit message\n", True),
        (
            "\n\nCredo-Task: abc\n# ------------------------ >8 ------------------------\n"
            "diff --git a/x b/x\n",
            True,
        ),  # `-v`: the diff below the cut line is no text
        ("Signed-off-by: Ada <a@example.com>\nCredo-Experiment: abc\n", True),
        ("- a bullet typed first\n\nCredo-Task: abc\n", True),  # Python decides: text
    ],
)
def test_the_commit_msg_hook_starts_python_only_without_a_typed_line(
    tmp_path: Path, message: str, python: bool
) -> None:
    """The commit-msg hook ran Python on every commit (about 12 ms, over the budget of
    what credo's hooks may add). Its shell now lets through, at once and with no process
    started, a message with a line plainly typed (a letter or digit first, not a trailer
    git counts as nothing), and leaves the rest to Python, which knows git's comment mark."""
    from credo.gitlink.hooks import CHECK, CHECK_ARGS, hook_script

    ran = tmp_path / "ran"
    hook = tmp_path / "commit-msg"
    hook.write_text(hook_script(f"sh -c 'echo \"$0 $*\" > {ran}'", CHECK))
    (tmp_path / "MSG").write_text(message)
    subprocess.run(["sh", str(hook), str(tmp_path / "MSG")], check=True, cwd=tmp_path)
    assert ran.exists() == python
    if python:
        assert ran.read_text().split() == [str(tmp_path / "MSG"), *CHECK_ARGS]


@pytest.mark.parametrize(
    ("source", "python"),
    [("", True), ("message", True), ("template", True)]
    + [(source, False) for source in ("merge", "squash", "commit")],
)
def test_the_trailers_hook_starts_python_only_for_a_source_that_gets_trailers(
    tmp_path: Path, source: str, python: bool
) -> None:
    """The prepare-commit-msg hook started Python for every amend and merge, for it to add
    nothing; its shell now ends the hook for those sources, as the team's line does."""
    from credo.gitlink.hooks import HOOK, hook_script

    ran = tmp_path / "ran"
    hook = tmp_path / HOOK
    hook.write_text(hook_script(f"sh -c 'echo \"$0 $*\" > {ran}'", HOOK))
    (tmp_path / "MSG").write_text("Fix it\n")
    subprocess.run(
        ["sh", str(hook), "MSG", *([source] if source else [])], check=True, cwd=tmp_path
    )
    assert ran.exists() == python


def test_git_is_asked_its_comment_mark_only_for_a_line_that_could_be_a_comment(
    repo: Path,
) -> None:
    """Asking git its comment mark cost a git process on every commit with trailers; a
    message whose every line starts with a letter or a digit has no comment to find."""
    from credo.gitlink.commit_hook import comment_marks

    git(repo, "config", "core.commentChar", ";")
    assert comment_marks(str(repo), "Fix the loader\n\nCredo-Task: abc\n") == ("#",)
    assert comment_marks(str(repo), "\n; Please enter the commit message\n") == (";",)


def test_an_experiment_whose_clone_is_deleted_is_named_here_at_the_next_commit(
    clones: Clones,
) -> None:
    """The laptop clone where it runs (its record pulled here) deleted: the copy here is
    the one that counts, as `credo exp ls` and the views say; the small file said "runs
    elsewhere" until something in `.credo` changed, so commits here got no trailer."""
    laptop, server = clones.laptop, clones.server
    clones.run(laptop, "exp", "start", "Warmup helps", "-b", "1h")
    clones.share(laptop, "Start an experiment")
    git(server, "pull", "-q", "--no-rebase", "origin", "main")
    [exp] = Store.open(server).experiments()
    message, loaded = commit_now(server, "s.py")
    assert "Credo-Experiment: " not in message and loaded
    message, loaded = commit_now(server, "s2.py")  # from the small file
    assert "Credo-Experiment: " not in message and not loaded
    assert "running in ../laptop" in clones.run(server, "exp", "ls")
    shutil.rmtree(laptop)
    assert "running in" not in clones.run(server, "exp", "ls")
    message, loaded = commit_now(server, "s3.py")
    assert f"Credo-Experiment: {exp.id}" in message and not loaded
    (laptop / ".credo").mkdir(parents=True)  # back (a disk mounted again): there again
    message, loaded = commit_now(server, "s4.py")
    assert "Credo-Experiment: " not in message and not loaded


def test_each_worktree_names_the_experiments_running_in_it_and_a_removed_ones_come_back(
    repo: Path, credo: Credo
) -> None:
    """One experiment started in the main worktree, then one in a linked worktree, each
    record merged into the other: each worktree's commits name its own alone, the copy
    runs elsewhere. Once `git worktree remove` takes the linked one, its copy in the main
    worktree counts (as `credo exp ls` says) and, started last, is named there."""
    me = Clones(repo, repo, credo)
    me.run(repo, "init")
    me.run(repo, "hooks", "install")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Use credo")
    main = git(repo, "branch", "--show-current")
    mine, theirs = "Its own", "Warmup helps"  # hypotheses
    me.run(repo, "exp", "start", mine, "-b", "1h")
    git(repo, "add", ".credo")
    git(repo, "commit", "-q", "-m", "An experiment here")
    tree = repo.parent / "exp-b"
    git(repo, "worktree", "add", "-q", "-b", "try", str(tree))  # holds the copy of mine
    assert "Credo-Experiment" not in commit_now(tree, "t.py")[0]
    message, loaded = commit_now(repo, "a.py")
    assert f"Credo-Experiment: {exp_id(repo, mine)}" in message and not loaded
    me.run(tree, "exp", "start", theirs, "-b", "1h")
    git(tree, "add", ".credo")
    git(tree, "commit", "-q", "-m", "An experiment there")
    message, _ = commit_now(tree, "t2.py")
    assert f"Credo-Experiment: {exp_id(tree, theirs)}" in message
    git(repo, "merge", "-q", "--no-edit", "try")  # the copy of theirs comes here
    message, _ = commit_now(repo, "b.py")
    assert f"Credo-Experiment: {exp_id(repo, mine)}" in message
    message, loaded = commit_now(repo, "c.py")
    assert f"Credo-Experiment: {exp_id(repo, mine)}" in message and not loaded
    assert "running in ../exp-b" in me.run(repo, "exp", "ls")
    git(tree, "merge", "-q", "--no-edit", main)
    message, _ = commit_now(tree, "t3.py")
    assert f"Credo-Experiment: {exp_id(tree, theirs)}" in message
    git(repo, "worktree", "remove", "--force", str(tree))
    assert "running in" not in me.run(repo, "exp", "ls")
    message, loaded = commit_now(repo, "d.py")
    assert f"Credo-Experiment: {exp_id(repo, theirs)}" in message and not loaded


def exp_id(where: Path, hypothesis: str) -> str:
    [found] = [e.id for e in Store.open(where).experiments() if e.hypothesis == hypothesis]
    return found


def test_a_place_the_small_file_cannot_hold_gives_the_full_answer(
    store: Store, tmp_path: Path
) -> None:
    """An experiment said to run in a project whose path holds a line break (there): the
    small file, a line an experiment, cannot say where, so it is not written and every
    commit gets the full answer, which names no experiment here."""
    from credo.actions.experiments import start_experiment
    from credo.gitlink.commit_hook import trailers

    there = tmp_path / "exp\nb of the sweep"  # past the break: a line of 4 words
    (there / ".credo").mkdir(parents=True)
    start_experiment(store, "Warmup helps")
    run_in(store, there)
    root, folder = str(store.project_root), str(git_dir(store.project_root))
    for _ in range(2):  # the first would have written it
        assert trailers(root, folder) == []
    assert not (git_dir(store.project_root) / FILE_NAME).exists()
