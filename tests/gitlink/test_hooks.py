"""The prepare-commit-msg hook, installed in real repositories and run by real commits."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from credo import actions
from credo.actions.tasks import start_task
from credo.domain.models import Task, TaskStatus
from credo.gitlink.exclude import keep_out_of_git
from credo.gitlink.hooks import hooks_dir
from credo.store import Store
from credo.store.files import STALE_TEMPORARY
from killed_writes import aged, killed_writing
from mcp_client import call, credo_mcp

from repos import commit_file, git, hook_command, logged_git, python_marked

Credo = Callable[..., subprocess.CompletedProcess[str]]
ME = "ada@example.com"
"""The git author the test environment sets (conftest): whose tasks are in progress."""


HOOKS = ("prepare-commit-msg", "commit-msg")


def hook_path(repo: Path) -> Path:
    return repo / ".git" / "hooks" / "prepare-commit-msg"


def test_hook_adds_trailer_of_task_in_progress(store: Store, credo: Credo) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "Hooked")
    assert credo(repo, "start", task.id[:6]).returncode == 0
    result = credo(repo, "hooks", "install")
    assert result.returncode == 0 and "installed" in result.stdout
    commit_file(repo, "h.py", "h\n", "Work on it")
    assert f"Credo-Task: {task.id}" in git(repo, "log", "-1", "--format=%B")
    commit_file(repo, "i.py", "i\n", f"More\n\nCredo-Task: {task.id}")
    assert git(repo, "log", "-1", "--format=%B").count("Credo-Task") == 1
    shown = credo(repo, "log", task.id[:6], "--json")
    assert shown.returncode == 0 and shown.stdout.count('"sha"') == 2


async def test_an_agent_s_commits_name_the_agent_s_task_in_progress(
    store: Store, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a task in progress by agent:claude (claimed through `credo mcp`), the commits
    the agent made in its shell (as the user, CLAUDECODE=1) got no Credo-Task trailer: the
    hook matched the author's e-mail only. They name the agent's task now; with none of
    its own, the person's (the agent works on what it was asked); the person's commits
    keep the person's. `credo start` in the agent's shell starts the task as the agent's."""
    repo = store.project_root
    mine, _ = actions.add_task(store, "Write the loader")
    claimed, _ = actions.add_task(store, "Rerun the baseline")
    started, _ = actions.add_task(store, "Plot the curves")
    assert credo(repo, "hooks", "install").returncode == 0
    assert credo(repo, "start", mine.id).returncode == 0  # the person's
    message = ("log", "-1", "--format=%(trailers:key=Credo-Task,valueonly)")
    monkeypatch.setenv("CLAUDECODE", "1")  # the agent's shell, committing as the user
    commit_file(repo, "a.py", "a\n", "Before the agent has a task")
    assert git(repo, *message) == mine.id
    async with credo_mcp(repo, name="claude-code") as client:
        await call(client, "claim_task", task_id=claimed.id)
    commit_file(repo, "b.py", "b\n", "The agent's work")
    assert git(repo, *message) == claimed.id
    assert credo(repo, "start", started.id).returncode == 0  # in the agent's shell
    assert store.read(Task, started.id).in_progress_by == "agent:claude"
    assert store.read(Task, claimed.id).status == TaskStatus.OPEN  # the agent's one at a time
    assert store.read(Task, mine.id).in_progress_by == ME  # the person's stays
    commit_file(repo, "c.py", "c\n", "More of the agent's work")
    assert git(repo, *message) == started.id
    monkeypatch.delenv("CLAUDECODE")
    commit_file(repo, "d.py", "d\n", "The person's")
    assert git(repo, *message) == mine.id


@pytest.mark.parametrize("name", HOOKS)
def test_existing_hook_is_chained_and_restored(store: Store, credo: Credo, name: str) -> None:
    repo = store.project_root
    mine = "#!/bin/sh\necho 'Signed-off-by: Mine' >> \"$1\"\n"
    hook = hook_path(repo).parent / name
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(mine)
    hook.chmod(0o755)
    task, _ = actions.add_task(store, "Chained")
    start_task(store, task.id, ME)
    installed = credo(repo, "hooks", "install")
    assert installed.returncode == 0
    kept = f"your existing {name} hook is kept, renamed {name}.credo-chained, and runs first"
    assert f"credo {name} hook installed ({hook}); {kept}\n" in installed.stdout
    commit_file(repo, "c.py", "c\n", "Chained commit")
    body = git(repo, "log", "-1", "--format=%B")
    assert "Signed-off-by: Mine" in body and f"Credo-Task: {task.id}" in body
    again = credo(repo, "hooks", "install").stdout
    assert again.splitlines()[:2] == [
        f"credo {each} hook already installed in {hook.parent / each}" for each in HOOKS
    ]
    assert "credo merge driver already registered in .git/config" in again  # not "registered"
    result = credo(repo, "hooks", "uninstall")
    assert result.returncode == 0 and "previous hook is back" in result.stdout
    assert hook.read_text() == mine


@pytest.mark.parametrize("name", HOOKS)
def test_refuses_when_both_hook_and_chained_exist(store: Store, credo: Credo, name: str) -> None:
    """Neither hook is installed then: never one without the other."""
    repo = store.project_root
    hooks = hook_path(repo).parent
    hooks.mkdir(parents=True, exist_ok=True)
    (hooks / name).write_text("#!/bin/sh\n")
    (hooks / f"{name}.credo-chained").write_text("#!/bin/sh\n")
    result = credo(repo, "hooks", "install")
    assert result.returncode == 1 and "move one of them away" in result.stderr
    assert (hooks / name).read_text() == "#!/bin/sh\n"
    assert [each for each in HOOKS if (hooks / each).exists()] == [name]


def test_uninstall_without_hook_says_so(store: Store, credo: Credo) -> None:
    """Removing what is already gone is no error: a second uninstall exited 1."""
    repo = store.project_root
    assert credo(repo, "hooks", "install").returncode == 0
    assert credo(repo, "hooks", "uninstall").returncode == 0
    again = credo(repo, "hooks", "uninstall")
    assert again.returncode == 0, again.stderr
    folder = hook_path(repo).parent
    assert again.stdout.splitlines() == [
        f"credo {each} hook not installed (no credo hook in {folder}): nothing to remove"
        for each in HOOKS
    ] + [
        "credo merge driver left as it is: it is no hook, it merges .credo/ files field by"
        " field (`git config --remove-section merge.credo` removes it, and every credo"
        " command in a clone with a remote then says it is missing)"
    ]


def test_uninstall_where_a_teams_hooks_call_credo_says_what_to_do_and_edits_none(
    store: Store, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo hooks uninstall` in a repository whose hooks folder kept in git holds the
    lines that call credo said "not installed ... nothing to remove", and every commit
    still got the trailers. It now says, for each of those hooks, what takes credo out
    (the lines out of a hook of the team's; the team's hook credo chained put back, where
    credo wrote the hook over an older credo's), edits none of them, and exits 1. Done
    as it says, and committed, a commit gets no trailer and the team's hooks still run."""
    from credo.gitlink.hooks import TEAM_HOOK_LINES

    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    repo = store.project_root
    reviewed = "echo 'Reviewed-by: Team' >> \"$1\""
    wip = """! grep -q '^WIP' "$1" || { echo 'no WIP commits here' >&2; exit 1; }"""
    team_hooks(
        repo,
        {
            "prepare-commit-msg": f"{TEAM_HOOK_LINES['prepare-commit-msg']}\n{reviewed}",
            "commit-msg": "",
            "commit-msg.credo-chained": wip,
        },
    )
    folder = repo / ".githooks"
    (folder / "commit-msg").write_text(FIRST_FORM.format(python="/home/grace/bin/python"))
    assert "rewrote" in credo(repo, "ls").stderr  # the team's lines, the WIP hook chained
    git(repo, "commit", "-q", "--no-verify", "-am", "Rewritten by credo")
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    refused = credo(repo, "hooks", "uninstall")
    assert refused.returncode == 1
    said = " ".join(refused.stderr.split())
    assert f"the hooks in {folder} that call credo are your team's" in said
    trailers = folder / "prepare-commit-msg"
    assert f"take the lines from `command -v credo` to `|| true` out of {trailers}" in said
    check, chained = folder / "commit-msg", folder / "commit-msg.credo-chained"
    assert f"put back the commit-msg hook credo's lines call first: `mv {chained} {check}`" in said
    assert said.endswith("then commit") and "nothing to remove" not in said
    assert git(repo, "status", "--porcelain", ".githooks") == ""  # nothing edited
    commit_file(repo, "a.py", "a\n", "Still linked")
    assert f"Credo-Task: {task.id}" in git(repo, "log", "-1", "--format=%B")
    trailers.write_text(f"#!/bin/sh\n{reviewed}\n")  # as said
    subprocess.run(["mv", str(chained), str(check)], check=True)
    assert credo(repo, "hooks", "uninstall").returncode == 0
    git(repo, "commit", "-q", "-am", "No credo in our hooks")
    commit_file(repo, "b.py", "b\n", "Not linked")
    assert git(repo, "log", "-1", "--format=%B") == "Not linked\nReviewed-by: Team"
    (repo / "w.py").write_text("w\n")
    git(repo, "add", "w.py")
    wip_refused = subprocess.run(["git", "commit", "-m", "WIP"], cwd=repo, capture_output=True)
    assert wip_refused.returncode == 1 and b"no WIP commits here" in wip_refused.stderr


def test_uninstall_beside_a_teams_lines_copied_out_of_git_keeps_its_commit_msg_hook_and_says_so(
    store: Store, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hooks folder no work tree holds (`.git/hooks`) where the team's prepare-commit-msg
    lines were copied over credo's own hook (a setup script copying the team's hooks),
    beside credo's own commit-msg hook: `credo hooks uninstall` said to `git rm` a file in
    `.git/hooks`, "then commit", and not a word of credo's commit-msg hook, which stayed.
    It still removes nothing (Decision: credo's commit-msg hook is what aborts a commit
    whose message is only those lines' trailers, the editor closed empty), but now says
    `rm`, no commit, and that running it again once the lines are out removes credo's
    own hook; done as it says, that run removes it."""
    from credo.gitlink.hooks import TEAM_HOOK_LINES

    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    repo = store.project_root
    assert credo(repo, "hooks", "install").returncode == 0
    folder = hook_path(repo).parent
    trailers, check = folder / "prepare-commit-msg", folder / "commit-msg"
    trailers.write_text(f"#!/bin/sh\n{TEAM_HOOK_LINES['prepare-commit-msg']}\n")
    ours = check.read_text()
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    refused = credo(repo, "hooks", "uninstall")
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[1:] == [
        f"- remove prepare-commit-msg, which holds nothing else: `rm {trailers}`",
        "then run `credo hooks uninstall` again: it removes credo's own commit-msg hook, left"
        " till then (it takes the trailers those lines add out of a message that holds"
        " nothing else, so that git aborts that commit)",
    ]
    assert "teammate" not in refused.stderr and check.read_text() == ours
    (repo / "e.py").write_text("e\n")
    git(repo, "add", "e.py")
    closed_empty = subprocess.run(
        ["git", "commit"], cwd=repo, env={**os.environ, "GIT_EDITOR": "true"}, capture_output=True
    )
    assert closed_empty.returncode == 1 and b"empty commit message" in closed_empty.stderr
    trailers.unlink()  # as said
    removed = credo(repo, "hooks", "uninstall")
    assert removed.returncode == 0, removed.stderr
    assert "credo commit-msg hook removed" in removed.stdout and not check.exists()


def test_hooks_outside_git_are_refused(tmp_path: Path, credo: Credo) -> None:
    assert credo(tmp_path, "init").returncode == 0
    result = credo(tmp_path, "hooks", "install")
    assert result.returncode == 1 and "not a git repository" in result.stderr


def test_core_hooks_path_is_honoured(store: Store, credo: Credo) -> None:
    repo = store.project_root
    git(repo, "config", "core.hooksPath", "../my-hooks")  # beside the work tree
    assert credo(repo, "hooks", "install").returncode == 0
    assert (repo.parent / "my-hooks" / "prepare-commit-msg").exists()


def test_a_relative_hooks_path_is_said_to_be_each_work_trees_own(
    store: Store, credo: Credo, tmp_path: Path
) -> None:
    """git reads a relative core.hooksPath from the top of the work tree it commits in: a
    linked worktree in another folder looks for hooks elsewhere, and its commits got no
    trailers, silently, while install said the folder was shared with other repositories.
    Install now says the path is relative, and what that means for linked worktrees."""
    repo = store.project_root
    git(repo, "config", "core.hooksPath", "../my-hooks")
    result = credo(repo, "hooks", "install")
    assert result.returncode == 0, result.stderr
    assert "core.hooksPath (../my-hooks) is relative to each work tree" in result.stdout
    assert "shared with other repositories" not in result.stdout
    linked = tmp_path / "trees" / "linked"
    git(repo, "worktree", "add", "-q", "-b", "feature", str(linked))
    elsewhere = Path(git(linked, "rev-parse", "--path-format=absolute", "--git-path", "hooks"))
    assert elsewhere == tmp_path / "trees" / "my-hooks"  # as said: not the folder installed


def test_a_hooks_folder_in_the_work_tree_is_refused_with_a_line_that_works(
    store: Store, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A team's hooks committed in .githooks (or .husky): credo rewrote the team's hook
    with this machine's Python path and renamed it, for `git commit -a` to share. It gives
    the lines to add instead, each alone between blank lines in prose of 80 columns (as a
    terminal shows them): copied as they are, they work. Its words said that credo would
    not rename the team's hooks, which credo does where it adds the commit-msg lines an
    older credo's hook there lacked: they say what this command does, writing nothing.
    Once the lines are added, it says so and exits 0 (it asked for them again, exit 1)."""
    repo = store.project_root
    hook = repo / ".githooks" / "prepare-commit-msg"
    hook.parent.mkdir()
    hook.write_text("#!/bin/sh\necho 'Reviewed-by: Team' >> \"$1\"\n")
    hook.chmod(0o755)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Share our hooks")
    git(repo, "config", "core.hooksPath", ".githooks")
    task, _ = actions.add_task(store, "Hooked")
    start_task(store, task.id, ME)
    refused = credo(repo, "hooks", "install")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    said = refused.stderr.rstrip("\n").split("\n\n")  # prose, lines to copy, prose, lines
    assert len(said) == 4 and said[0].startswith("error: git looks"), refused.stderr
    prose = " ".join(said[0].split("\n"))
    assert f"{hook.parent} (core.hooksPath), which is inside the work tree" in prose
    assert "shared through git, so `credo hooks install` writes nothing there" in prose
    assert "rename" not in prose  # it renames nothing; the command that does says so
    wide = [line for line in refused.stderr.splitlines() if len(line) > 80]
    assert wide in ([], [str(hook.parent)]), wide  # a path is never broken
    assert sorted(p.name for p in hook.parent.iterdir()) == ["prepare-commit-msg"]
    assert git(repo, "status", "--porcelain", "--", ".githooks") == ""
    lines = said[1::2]
    assert all("credo hooks trailers" in block for block in lines)
    assert all("`" not in block and not block[0].isspace() for block in lines)
    hook.write_text(hook.read_text() + lines[0] + "\n")  # what the message says to do
    check = hook.parent / "commit-msg"
    check.write_text(f"#!/bin/sh\n{lines[1]}\n")
    check.chmod(0o755)
    added = {each.name: each.read_text() for each in hook.parent.iterdir()}
    again = credo(repo, "hooks", "install")  # done as said: it no longer asks for the lines
    assert again.returncode == 0, again.stderr
    assert [line for line in again.stdout.splitlines() if " hook" in line] == [
        f"credo {name} hook: your team's, in {hook.parent}, calls credo already" for name in HOOKS
    ]
    assert {each.name: each.read_text() for each in hook.parent.iterdir()} == added
    with_credo = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    for path, trailer in ((with_credo, True), ("/usr/bin:/bin", False)):  # a teammate without
        (repo / "h.py").write_text(path)
        git(repo, "add", "h.py")
        done = subprocess.run(
            ["git", "commit", "-q", "-m", "Work on it"],
            cwd=repo,
            env={**os.environ, "PATH": path},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        body = git(repo, "log", "-1", "--format=%B")
        assert "Reviewed-by: Team" in body
        assert (f"Credo-Task: {task.id}" in body) is trailer
    hook.write_text(f"#!/bin/sh\n{lines[0]}\n")  # no Reviewed-by: nothing but credo's trailer
    monkeypatch.setenv("PATH", with_credo)
    aborted = commit_in_editor(repo, LEAVE_AS_IS)
    assert aborted.returncode == 1 and aborted.stderr.strip() == EMPTY


def test_hooks_turned_off_with_dev_null_are_said_not_a_traceback(
    store: Store, credo: Credo
) -> None:
    repo = store.project_root
    git(repo, "config", "core.hooksPath", "/dev/null")  # the usual way to turn hooks off
    result = credo(repo, "hooks", "install")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "/dev/null" in result.stderr and "core.hooksPath" in result.stderr


def test_trailers_of_latest_task_in_progress_and_running_experiment(
    store: Store, credo: Credo
) -> None:
    from credo.actions.experiments import start_experiment

    repo = store.project_root
    older, _ = actions.add_task(store, "Older")
    newer, _ = actions.add_task(store, "Newer")
    start_task(store, older.id, ME)
    start_task(store, newer.id, ME)
    exp, _ = start_experiment(store, "Warmup helps")
    assert credo(repo, "hooks", "install").returncode == 0
    commit_file(repo, "t.py", "t\n", "Both trailers")
    body = git(repo, "log", "-1", "--format=%B")
    assert f"Credo-Task: {newer.id}" in body and older.id not in body
    assert f"Credo-Experiment: {exp.id}" in body
    assert git(repo, "log", "-1", "--format=%s") == "Both trailers"


def credo_changed_and_tracked(store: Store, credo: Credo) -> tuple[Path, str]:
    """The hook installed, my task in progress, a running experiment, and credo's files
    committed, then one of them changed (a task retitled); returns the repository and
    the task's id."""
    from credo.actions.experiments import start_experiment

    repo = store.project_root
    task, _ = actions.add_task(store, "Clean the labels")
    start_task(store, task.id, ME)
    start_experiment(store, "Warmup helps")
    assert credo(repo, "hooks", "install").returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Use credo")
    store.update(Task, task.id, lambda t: t.model_copy(update={"title": "Clean the labels twice"}))
    return repo, task.id


@pytest.mark.parametrize(
    ("add", "commit"),
    [
        (True, ("commit",)),
        (False, ("commit", "-a")),  # the files git stages in an index of its own
        (True, ("--literal-pathspecs", "commit")),  # as magit commits
    ],
)
def test_a_commit_of_credos_files_alone_gets_no_trailers(
    store: Store, credo: Credo, add: bool, commit: tuple[str, ...]
) -> None:
    """A commit of nothing but `.credo/` ("credo: tasks") got the trailers of my task in
    progress and of the running experiment, and was listed as work on them. It gets none
    now, however git is told what to commit, and from a tool that has git read every
    path literally (magit's --literal-pathspecs, which git passes on to its hooks)."""
    repo, _ = credo_changed_and_tracked(store, credo)
    if add:
        git(repo, "add", ".credo")
    git(repo, *commit, "-q", "-m", "credo: tasks")
    assert git(repo, "log", "-1", "--format=%B") == "credo: tasks"


@pytest.mark.parametrize(
    ("add", "commit"),
    [
        (True, ("commit",)),
        (False, ("commit", "-a")),
        (True, ("--literal-pathspecs", "commit")),
        (False, ("commit", "--allow-empty")),  # nothing staged: no commit of credo's files
    ],
)
def test_a_commit_of_work_beside_credos_files_gets_the_trailers(
    store: Store, credo: Credo, add: bool, commit: tuple[str, ...]
) -> None:
    repo, task = credo_changed_and_tracked(store, credo)
    (repo / "README.md").write_text("# project, labels cleaned\n")
    if add:
        git(repo, "add", "README.md", ".credo")
    git(repo, *commit, "-q", "-m", "Clean the labels")
    body = git(repo, "log", "-1", "--format=%B")
    assert f"Credo-Task: {task}" in body and "Credo-Experiment: " in body


OLDER_IN_PROGRESS = (
    'id = "{id}"\n'
    "created = 2026-11-25 07:50:11+00:00\n"
    "updated = 2026-11-25 07:50:20+00:00\n"
    'title = "Write baseline"\n'
    'notes = ""\n'
    "important = false\n"
    "urgent = true\n"
    "tags = []\n"
    'status = "in_progress"\n'
    "order = 0.0\n"
    "experiments = []\n"
)
"""A task `credo start` marked in progress before that named a person (no
`in_progress_by`), as that credo wrote it."""


def test_a_task_an_older_credo_started_stays_the_committers(store: Store, credo: Credo) -> None:
    """Upgraded, the task started before is still named in commits, and the next
    `credo start` puts it back to open, as that credo did: it is not left in progress
    forever, named in no one's commits."""
    repo = store.project_root
    older, _ = actions.add_task(store, "Write baseline")
    (store.credo_dir / "tasks" / f"{older.id}.toml").write_text(
        OLDER_IN_PROGRESS.format(id=older.id)
    )
    assert credo(repo, "hooks", "install").returncode == 0
    commit_file(repo, "b.py", "b\n", "Baseline")
    assert f"Credo-Task: {older.id}" in git(repo, "log", "-1", "--format=%B")
    newer, _ = actions.add_task(store, "Tune it")
    assert credo(repo, "start", newer.id[:6]).returncode == 0
    assert store.read(Task, older.id).status == TaskStatus.OPEN
    commit_file(repo, "t.py", "t\n", "Tuned")
    assert git(repo, "log", "-1", "--format=%(trailers:key=Credo-Task,valueonly)") == newer.id


def commit_in_editor(
    repo: Path, editor: str, *options: str, config: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """`git [-c CONFIG] commit OPTIONS` of a new file, its message written by the shell
    line `editor` run on the message file (`$1`), as a person in the editor would."""
    script = repo.parent / "editor"
    script.write_text(f"#!/bin/sh\n{editor}\n")
    script.chmod(0o755)
    (repo / "e.py").write_text(f"{editor} {options} {config}\n")
    git(repo, "add", "e.py")
    settings = [arg for setting in config for arg in ("-c", setting)]
    return subprocess.run(
        ["git", *settings, "commit", *options],
        cwd=repo,
        env={**os.environ, "GIT_EDITOR": str(script)},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("options", "config"),
    [
        ([], ()),
        (["-v"], ()),  # -v: the diff below the message
        (["-v"], ("core.commentChar=;",)),
        ([], ("core.commentChar=auto",)),
    ],
)
def test_a_subject_typed_in_the_editor_stays_apart_from_the_trailers(
    store: Store, credo: Credo, options: list[str], config: tuple[str, ...]
) -> None:
    """`git commit` opens the editor on an empty message with the trailers in it: the
    subject typed on its first line is a line of its own, and the trailers are trailers,
    whatever character starts git's comments."""
    repo = store.project_root
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    assert credo(repo, "hooks", "install").returncode == 0
    typed = commit_in_editor(repo, 'sed -i "1s/^/Fix the loader/" "$1"', *options, config=config)
    assert typed.returncode == 0, typed.stderr
    assert git(repo, "log", "-1", "--format=%s") == "Fix the loader"
    assert git(repo, "log", "-1", "--format=%(trailers:key=Credo-Task,valueonly)") == task.id


EMPTY = "Aborting commit due to empty commit message."
LEAVE_AS_IS = "true"
"""The editor closed without a word typed, the usual way to abort a commit."""


@pytest.mark.parametrize(
    ("editor", "options", "config", "made"),
    [
        (LEAVE_AS_IS, [], (), ""),
        (LEAVE_AS_IS, ["-v"], (), ""),
        (LEAVE_AS_IS, ["-v"], ("core.commentChar=;",), ""),
        (LEAVE_AS_IS, [], ("core.commentChar=auto",), ""),
        (LEAVE_AS_IS, ["-s"], (), ""),  # a sign-off alone is nothing to git either
        (LEAVE_AS_IS, ["-m", ""], (), ""),
        (LEAVE_AS_IS, ["--allow-empty-message"], (), "\n"),  # git's answer, as without credo
        ('echo "Reviewed-by: Bob" >> "$1"', [], (), "{task}\nReviewed-by: Bob\n"),
        ('sed -i "1s/^/Fix it/" "$1"', ["-s"], (), "Fix it\n\nSigned-off-by: {me}\n{task}\n"),
    ],
)
def test_a_message_of_nothing_but_credos_trailers_aborts_the_commit(
    store: Store,
    credo: Credo,
    editor: str,
    options: list[str],
    config: tuple[str, ...],
    made: str,
) -> None:
    """The trailers put in an empty message are no message: git aborts the commit as it
    would without them; a message of any words of the person's is committed, trailers
    and all."""
    from credo.gitlink.hooks import CREDO_HOME

    repo = store.project_root
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    assert credo(repo, "hooks", "install").returncode == 0
    check = hook_path(repo).parent / "commit-msg"
    assert hook_command(check).endswith(shlex.quote(CREDO_HOME))  # the credo under test
    head = git(repo, "rev-parse", "HEAD")
    done = commit_in_editor(repo, editor, *options, config=config)
    if not made:
        assert done.returncode == 1 and done.stderr.strip() == EMPTY
        assert git(repo, "rev-parse", "HEAD") == head
        return
    assert done.returncode == 0, done.stderr
    me = "Ada Tester <ada@example.com>"
    expected = made.format(task=f"Credo-Task: {task.id}", me=me)
    assert git(repo, "log", "-1", "--format=%B") + "\n" == expected


UNEDITED = "Aborting commit; you did not edit the message."


@pytest.mark.parametrize(
    ("editor", "made"),
    [
        (LEAVE_AS_IS, ""),
        ('sed -i "s/^# comment/# another comment/" "$1"', ""),  # comments are nothing to git
        ('sed -i "1s/^/Fix the loader: /" "$1"', "Fix the loader: Why:\n\n{task}\n"),
        ('sed -i "1s/.*/Fix the loader/" "$1"', "Fix the loader\n\n{task}\n"),
    ],
)
def test_a_commit_template_left_as_it_was_aborts_the_commit(
    store: Store, credo: Credo, editor: str, made: str
) -> None:
    """With `commit.template`, git aborts a commit whose message is still the template
    ("you did not edit the message"): the trailers credo put under it do not count as an
    edit; any change of the person's does, and commits with them."""
    repo = store.project_root
    template = repo.parent / "template.txt"
    template.write_text("Why:\n# comment: say why, not what\n")
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    assert credo(repo, "hooks", "install").returncode == 0
    head = git(repo, "rev-parse", "HEAD")
    done = commit_in_editor(repo, editor, config=(f"commit.template={template}",))
    if not made:
        assert done.returncode == 1 and done.stderr.strip() == UNEDITED
        assert git(repo, "rev-parse", "HEAD") == head
    else:
        assert done.returncode == 0, done.stderr
        assert git(repo, "log", "-1", "--format=%B") + "\n" == made.format(
            task=f"Credo-Task: {task.id}"
        )
    assert not list((repo / ".git").glob("COMMIT_EDITMSG?*"))  # nothing left beside git's


def test_no_active_item_leaves_message_alone(store: Store, credo: Credo) -> None:
    repo = store.project_root
    assert credo(repo, "hooks", "install").returncode == 0
    commit_file(repo, "n.py", "n\n", "Nothing active")
    assert git(repo, "log", "-1", "--format=%B") == "Nothing active"


def test_a_dash_line_in_the_message_keeps_the_trailer_last(store: Store, credo: Credo) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "Tune the learning rate")
    start_task(store, task.id, ME)
    assert credo(repo, "hooks", "install").returncode == 0
    message = "Tune LR\n\nResults:\n---\nloss 0.3"  # a Markdown rule, not a patch
    commit_file(repo, "t.py", "t\n", message)
    assert git(repo, "log", "-1", "--format=%B") == f"{message}\n\nCredo-Task: {task.id}"
    assert git(repo, "log", "-1", "--format=%(trailers:key=Credo-Task,valueonly)") == task.id


def diverged(store: Store, credo: Credo, side: tuple[str, str], main: tuple[str, str]) -> Path:
    """The hook installed, my task in progress, and a branch `side` and `main` one commit
    apart each (a file path and its text): a merge to make. Returns the repository."""
    repo = store.project_root
    task, _ = actions.add_task(store, "merging")
    git(repo, "checkout", "-q", "-b", "side")
    commit_file(repo, *side, "side")
    git(repo, "checkout", "-q", "main")
    commit_file(repo, *main, "main")
    start_task(store, task.id, ME)
    assert credo(repo, "hooks", "install").returncode == 0
    return repo


def test_merge_commit_gets_no_trailer(store: Store, credo: Credo) -> None:
    repo = diverged(store, credo, ("s.py", "s\n"), ("m.py", "m\n"))
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "side")
    assert len(git(repo, "log", "-1", "--format=%P").split()) == 2
    assert "Credo-Task" not in git(repo, "log", "-1", "--format=%B")


def test_a_merge_concluded_with_a_message_gets_no_trailer(store: Store, credo: Credo) -> None:
    repo = diverged(store, credo, ("both.py", "side\n"), ("both.py", "main\n"))
    merged = subprocess.run(["git", "merge", "-q", "side"], cwd=repo, capture_output=True)
    assert merged.returncode == 1  # a conflict: the person finishes the merge
    (repo / "both.py").write_text("both\n")
    git(repo, "add", "both.py")
    git(repo, "commit", "-q", "-m", "Merge side")  # git tells the hook "message", not "merge"
    assert len(git(repo, "log", "-1", "--format=%P").split()) == 2
    assert git(repo, "log", "-1", "--format=%B") == "Merge side"


@pytest.mark.parametrize("shape", ["a subfolder", "a linked worktree", "core.hooksPath"])
def test_a_commit_made_again_starts_no_python(
    store: Store, credo: Credo, tmp_path: Path, shape: str
) -> None:
    """A merge concluded with `git commit -m` (git tells the hook "message", as for a new
    commit) started Python, only for it to find MERGE_HEAD and add nothing; so did a
    cherry-pick and a rebase's replays. The hook's shell now finds what git keeps for them
    in its folder: committing from a subfolder, in a linked worktree (its own git folder)
    or with hooks in a folder core.hooksPath names, a new commit still gets my task in
    progress from Python, and these get nothing with no Python started."""
    repo = store.project_root
    task, _ = actions.add_task(store, "merging")
    start_task(store, task.id, ME)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Use credo")
    top = repo
    if shape == "a linked worktree":
        top = tmp_path / "wt"
        git(repo, "worktree", "add", "-q", "-b", "feature", str(top))
    elif shape == "core.hooksPath":
        git(repo, "config", "core.hooksPath", str(tmp_path / "our-hooks"))
    assert credo(top, "hooks", "install").returncode == 0
    marker = tmp_path / "python-started"
    python_marked(hooks_dir(top) / "prepare-commit-msg", marker)
    where = top / "sub"
    where.mkdir()

    def commit(*args: str) -> tuple[str, bool]:
        """Run git in the subfolder; the last commit's message, and whether the hook
        started Python."""
        marker.unlink(missing_ok=True)
        git(where, *args)
        return git(where, "log", "-1", "--format=%B"), marker.exists()

    def add(name: str, *hooks: str) -> tuple[str, bool]:
        """Commit the new file `name` (with `hooks` for git's options: off, or as set)."""
        (where / name).write_text(f"{name}\n")
        git(where, "add", name)
        return commit(*hooks, "commit", "-q", "-m", f"Add {name}")

    assert add("s") == (f"Add s\n\nCredo-Task: {task.id}", True)
    branch, off = git(where, "branch", "--show-current"), ("-c", "core.hooksPath=/dev/null")
    git(where, "checkout", "-q", "-b", "side")
    for name in ("t", "u", "v"):
        add(name, *off)
    git(where, "checkout", "-q", branch)
    git(where, "merge", "-q", "--no-ff", "--no-commit", "side~2")
    assert commit("commit", "-q", "-m", "Merge t") == ("Merge t", False)
    assert len(git(where, "log", "-1", "--format=%P").split()) == 2
    assert commit("cherry-pick", "side~1") == ("Add u", False)
    git(where, "checkout", "-q", "side")
    assert commit("rebase", "-q", branch) == ("Add v", False)  # u is there: v is replayed
    assert git(where, "log", "--format=%s", f"{branch}..").splitlines() == ["Add v"]


def test_uninstall_without_previous_hook_removes_it(store: Store, credo: Credo) -> None:
    repo = store.project_root
    assert credo(repo, "hooks", "install").returncode == 0
    assert hook_path(repo).exists()
    assert credo(repo, "hooks", "uninstall").stdout.splitlines()[:2] == [
        "credo prepare-commit-msg hook removed",
        "credo commit-msg hook removed",
    ]
    assert not any((hook_path(repo).parent / each).exists() for each in HOOKS)


def test_failing_chained_hook_still_stops_the_commit(store: Store, credo: Credo) -> None:
    repo = store.project_root
    hook = hook_path(repo)
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho 'no commits on fridays' >&2\nexit 3\n")
    hook.chmod(0o755)
    assert credo(repo, "hooks", "install").returncode == 0
    (repo / "f.py").write_text("f\n")
    git(repo, "add", "f.py")
    refused = subprocess.run(
        ["git", "commit", "-q", "-m", "friday"], cwd=repo, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "no commits on fridays" in refused.stderr


def test_commit_still_works_when_credo_data_is_gone(store: Store, credo: Credo) -> None:
    import shutil

    repo = store.project_root
    assert credo(repo, "hooks", "install").returncode == 0
    shutil.rmtree(store.credo_dir)
    sha = commit_file(repo, "g.py", "g\n", "credo was removed")
    assert git(repo, "log", "-1", "--format=%B") == "credo was removed" and sha


def test_a_hook_whose_credo_is_gone_says_so_and_commits(store: Store, credo: Credo) -> None:
    """credo uninstalled, its folder moved or its venv rebuilt: the hook it left says what
    it did not do and what to run, in one line, never a traceback, and git commits."""
    from credo.gitlink.hooks import CREDO_HOME

    repo = store.project_root
    task, _ = actions.add_task(store, "Keep committing")
    start_task(store, task.id, ME)
    assert credo(repo, "hooks", "install").returncode == 0
    hook = hook_path(repo)
    installed = hook.read_text()
    gone = {
        "ModuleNotFoundError: No module named 'credo'": installed.replace(
            shlex.quote(CREDO_HOME), "/nowhere/credo"
        ),
        "the Python of this hook is gone": installed.replace(sys.executable, "/nowhere/python"),
    }
    for why, text in gone.items():
        hook.write_text(text)
        (repo / "g.py").write_text(why)
        git(repo, "add", "g.py")
        done = subprocess.run(
            ["git", "commit", "-q", "-m", why], cwd=repo, capture_output=True, text=True
        )
        assert done.returncode == 0 and git(repo, "log", "-1", "--format=%B") == why
        said = done.stderr.splitlines()[-1]
        assert said.startswith(f"credo: no trailers added ({why})"), done.stderr
        assert said.endswith(
            "run `credo hooks install` with the credo you use now, or `credo hooks uninstall`"
        )
        assert "Traceback" not in done.stderr


def test_hook_never_runs_anything_from_credo_folder(store: Store, credo: Credo) -> None:
    from credo.gitlink.hooks import HOOK_COMMAND, hook_script

    script = hook_script()
    assert ".credo/" not in script and "$(" not in script  # nor a process but Python's
    assert f"{HOOK_COMMAND} " in script
    assert HOOK_COMMAND.startswith(f"{sys.executable} -E -P -S -c ")


def test_linked_worktree_shares_the_hook(store: Store, credo: Credo, tmp_path: Path) -> None:
    repo = store.project_root
    tree = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", "-b", "feature", str(tree))
    keep_out_of_git(Store.init(tree)[0])
    other = Store.open(tree)
    task, _ = actions.add_task(other, "worktree task")
    start_task(other, task.id, ME)
    assert credo(tree, "hooks", "install").returncode == 0
    assert hook_path(repo).exists()  # git looks for hooks in the common dir
    commit_file(tree, "w.py", "w\n", "from the worktree")
    assert f"Credo-Task: {task.id}" in git(tree, "log", "-1", "--format=%B")
    assert credo(tree, "hooks", "uninstall").returncode == 0
    assert not hook_path(repo).exists()


def test_shared_hooks_folder_is_said_and_other_repos_commit_quietly(
    store: Store, credo: Credo, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-hooks"
    git(store.project_root, "config", "--global", "core.hooksPath", str(shared))
    result = credo(store.project_root, "hooks", "install")
    assert result.returncode == 0 and "shared with other repositories" in result.stdout
    plain = tmp_path / "plain"
    plain.mkdir()
    git(plain, "init", "-q")
    (plain / "p.txt").write_text("p\n")
    git(plain, "add", "p.txt")
    done = subprocess.run(
        ["git", "commit", "-q", "-m", "no credo here"], cwd=plain, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stderr == ""
    assert git(plain, "log", "-1", "--format=%B") == "no credo here"


PREVIOUS_FORM = (
    "#!/bin/sh\n"
    "# installed by credo (credo hooks install)\n"
    'chained="$(dirname "$0")/prepare-commit-msg.credo-chained"\n'
    'if [ -x "$chained" ]; then\n'
    '    "$chained" "$@" || exit $?\n'
    "fi\n"
    "{python} -E -P -c 'import sys, credo.gitlink.commit_hook as hook;"
    ' sys.exit(hook.main(sys.argv[1:]))\' "$1" "${{2:-}}" || true\n'
)
"""The hook the credo before this one wrote (Python with `site`, a `dirname` process)."""


def test_a_hook_of_the_previous_form_works_and_any_command_rewrites_it(
    store: Store, credo: Credo
) -> None:
    from credo.gitlink.hooks import CREDO_HOME, HOOK_ARGS, hook_script

    repo = store.project_root
    task, _ = actions.add_task(store, "Upgrade")
    start_task(store, task.id, ME)
    assert credo(repo, "hooks", "install").returncode == 0
    hook = hook_path(repo)
    hook.write_text(PREVIOUS_FORM.format(python=sys.executable))
    commit_file(repo, "p.py", "p\n", "With the previous hook")
    assert f"Credo-Task: {task.id}" in git(repo, "log", "-1", "--format=%B")
    listed = credo(repo, "ls")
    assert listed.returncode == 0 and f"rewrote {hook}" in listed.stderr
    assert hook.read_text() == hook_script(hook_command(hook))  # this form, whole
    assert hook_command(hook).endswith(f" {HOOK_ARGS} {shlex.quote(CREDO_HOME)}")
    commit_file(repo, "q.py", "q\n", "With this hook")
    assert f"Credo-Task: {task.id}" in git(repo, "log", "-1", "--format=%B")


@pytest.mark.parametrize("killed", HOOKS)
def test_a_hook_kept_in_git_rewritten_by_a_killed_credo_leaves_nothing_git_shows(
    store: Store, credo: Credo, killed: str
) -> None:
    """A hook of the previous form in a hooks folder kept in git (`.githooks`,
    core.hooksPath: a teammate committed the one an older credo wrote): `credo ls`,
    killed (-9) as it rewrote it, left `.githooks/.prepare-commit-msg.<hex>.tmp` in `git
    status` for good (no credo writes there again once it is rewritten). The temporary
    file is made in `.credo/cache/` now, which git ignores and the next credo clears. So
    is the commit-msg hook's, which the rewrite adds there (first: killed as it writes
    it, the next credo writes both). Killed after it wrote that hook whole, the next credo
    rewrote prepare-commit-msg saying to commit it alone, and not a word of commit-msg,
    which git showed new: it now says that hook was added too, by a credo stopped before
    it said so, and to commit it."""
    repo = store.project_root
    team_hooks(repo, {"prepare-commit-msg": ""})
    hook = repo / ".githooks" / "prepare-commit-msg"
    hook.write_text(PREVIOUS_FORM.format(python=sys.executable))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "The hook an older credo wrote")
    main = "from credo.cli import main\nmain(prog_name='credo')"
    killed_writing(killed, main, "ls", cwd=repo)
    written = [] if killed == "commit-msg" else ["?? .githooks/commit-msg"]  # whole
    assert git(repo, "status", "--porcelain", "--untracked-files=all").splitlines() == written
    assert hook.read_text() == PREVIOUS_FORM.format(python=sys.executable)
    [left] = (store.credo_dir / "cache").glob(f".{killed}.*.tmp")
    aged(left, 2 * STALE_TEMPORARY, left.read_text())
    listed = credo(repo, "ls")
    assert listed.returncode == 0 and f"rewrote {hook}" in listed.stderr
    said = " ".join(listed.stderr.split())
    added = f"commit-msg hook installed ({hook.parent / 'commit-msg'})"
    stopped = " by a credo stopped before it said so" if killed != "commit-msg" else ""
    assert f"{added}{stopped}, with the lines" in said and said.count("commit it") == 2
    assert not left.exists()
    assert git(repo, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        "M .githooks/prepare-commit-msg",  # (stripped of its first space) rewritten
        "?? .githooks/commit-msg",
    ]
    assert credo(repo, "ls").stderr == ""  # said once


@pytest.mark.parametrize("killed", HOOKS)
def test_a_teams_commit_msg_hook_chained_by_a_killed_credo_is_named_in_the_note(
    store: Store, credo: Credo, killed: str
) -> None:
    """The team's own commit-msg hook beside an older credo's prepare-commit-msg in a
    hooks folder kept in git: credo renames it commit-msg.credo-chained, writes the team's
    lines in its place, then rewrites prepare-commit-msg. Killed (-9) as it wrote either,
    the next credo's note said "commit it" of one hook (or of none), and not a word of the
    renamed hook, new in `git status`: committed as said, a teammate's commit-msg called a
    hook their clone lacks, and the team's own check ran nowhere. It now says the team's
    hook is kept, renamed, and runs first, and to commit both."""
    from credo.gitlink.hooks import team_hook

    repo = store.project_root
    wip = """! grep -q '^WIP' "$1" || { echo 'no WIP commits here' >&2; exit 1; }"""
    team_hooks(repo, {"prepare-commit-msg": "", "commit-msg": wip})
    folder = repo / ".githooks"
    (folder / "prepare-commit-msg").write_text(PREVIOUS_FORM.format(python=sys.executable))
    git(repo, "commit", "-q", "--no-verify", "-am", "The hook an older credo wrote")
    main = "from credo.cli import main\nmain(prog_name='credo')"
    killed_writing(killed, main, "ls", cwd=repo)
    assert "?? .githooks/commit-msg.credo-chained" in git(
        repo, "status", "--porcelain", ".githooks"
    )
    listed = credo(repo, "ls")
    assert listed.returncode == 0, listed.stderr
    said = " ".join(listed.stderr.split())
    assert f"commit-msg hook installed ({folder / 'commit-msg'})" in said
    kept = "your team's commit-msg hook is kept, renamed commit-msg.credo-chained, and runs first"
    assert f"; {kept}: commit both" in said
    assert (folder / "commit-msg").read_text() == team_hook(folder, "commit-msg")
    assert (folder / "commit-msg.credo-chained").read_text() == f"#!/bin/sh\n{wip}\n"
    shown = git(repo, "status", "--porcelain", ".githooks").splitlines()
    assert [line.split() for line in shown] == [
        ["M", ".githooks/commit-msg"],
        ["M", ".githooks/prepare-commit-msg"],
        ["??", ".githooks/commit-msg.credo-chained"],
    ]
    assert credo(repo, "ls").stderr == ""  # said once


def test_an_older_credos_hook_kept_in_git_becomes_the_teams_lines_that_work_in_any_clone(
    store: Store, credo: Credo, tmp_path: Path
) -> None:
    """A hook an older credo installed in a team's `.githooks` (naming the Python of the
    teammate who ran it, the team's own hook chained beside it), committed: every command
    rewrote it with this machine's Python path, so once committed each teammate's commit
    ran a path of another machine, and each teammate's credo rewrote it again with its
    own. The next command now writes the lines `credo hooks install` gives a team, once:
    a second clone whose credo is elsewhere on its PATH gets the trailers from that credo,
    and a clone with no credo commits quietly, both through the team's hook.

    That older credo installed prepare-commit-msg alone: the commit-msg lines are written
    too (they were only said to add), after the team's own commit-msg hook, chained as
    that credo chained its prepare-commit-msg hook, so an editor closed empty aborts the
    commit in the clone instead of committing the trailers alone. Its note said "your
    existing hook now runs first from commit-msg.credo-chained", install's words: it says
    the team's hook is kept, renamed, and runs first, and to commit both files."""
    from credo.gitlink.hooks import CREDO_HOME, TEAM_HOOK_LINES

    repo = store.project_root
    reviewed = """[ "${2:-}" != message ] || echo 'Reviewed-by: Team' >> "$1" """  # -m
    wip = """! grep -q '^WIP' "$1" || { echo 'no WIP commits here' >&2; exit 1; }"""
    team_hooks(
        repo,
        {
            "prepare-commit-msg": "",
            "prepare-commit-msg.credo-chained": reviewed,
            "commit-msg": wip,
        },
    )
    hook, check = repo / ".githooks" / "prepare-commit-msg", repo / ".githooks" / "commit-msg"
    hook.write_text(PREVIOUS_FORM.format(python="/home/grace/venv/bin/python"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "Grace installed credo's hook")
    listed = credo(repo, "ls")
    assert listed.returncode == 0 and f"rewrote {hook}, which an older" in listed.stderr
    said = " ".join(listed.stderr.split())
    assert f"commit-msg hook installed ({check}), with the lines" in said
    kept = "your team's commit-msg hook is kept, renamed commit-msg.credo-chained, and runs first"
    assert f"; {kept}: commit both" in said and "your existing" not in said
    for written, name in ((hook, "prepare-commit-msg"), (check, "commit-msg")):
        text = written.read_text()
        assert TEAM_HOOK_LINES[name] in text and f"{name}.credo-chained" in text
        assert sys.executable not in text and CREDO_HOME not in text and "grace" not in text
    assert credo(repo, "ls").stderr == ""  # said once: no credo rewrites it again
    git(repo, "add", ".githooks")
    git(repo, "commit", "-q", "--no-verify", "-m", "Rewritten by credo")
    clone = tmp_path / "teammate"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "config", "core.hooksPath", ".githooks")
    theirs = Store.open(clone)
    task, _ = actions.add_task(theirs, "Their task")
    start_task(theirs, task.id, ME)
    log = credo_logged(tmp_path)  # the teammate's credo, installed elsewhere
    with_credo = f"{log.parent / 'logged'}{os.pathsep}/usr/bin:/bin"
    for path, trailer in ((with_credo, True), ("/usr/bin:/bin", False)):
        (clone / "t.py").write_text(path)
        git(clone, "add", "t.py")
        done = subprocess.run(
            ["git", "commit", "-q", "-m", "Their work"],
            cwd=clone,
            env={**os.environ, "PATH": path},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr
        body = git(clone, "log", "-1", "--format=%B")
        assert "Reviewed-by: Team" in body
        assert (f"Credo-Task: {task.id}" in body) is trailer
    assert log.read_text().count("hooks trailers") == 1  # their credo, not this machine's
    os.environ["PATH"], path = with_credo, os.environ["PATH"]  # the editor's git's too
    try:
        typed = commit_in_editor(clone, 'sed -i "1s/^/Typed in the editor/" "$1"')
        assert typed.returncode == 0, typed.stderr
        body = git(clone, "log", "-1", "--format=%B")
        assert body.startswith("Typed in the editor\n") and f"Credo-Task: {task.id}" in body
        head = git(clone, "rev-parse", "HEAD")
        aborted = commit_in_editor(clone, LEAVE_AS_IS)
        assert aborted.returncode == 1 and aborted.stderr.strip() == EMPTY
        refused = commit_in_editor(clone, 'sed -i "1s/^/WIP more/" "$1"')  # the team's own
        assert refused.returncode == 1 and "no WIP commits here" in refused.stderr
        assert git(clone, "rev-parse", "HEAD") == head
    finally:
        os.environ["PATH"] = path
    git(clone, "reset", "-q")
    assert git(clone, "status", "--porcelain", "--", ".githooks") == ""


def test_a_teams_commit_msg_hook_credo_cannot_chain_is_left_whole_with_a_note(
    store: Store, credo: Credo
) -> None:
    """Where the team's commit-msg hook and one named as credo chains it are both there,
    chaining would lose one: both are left as they are, and the note says what to add."""
    repo = store.project_root
    team_hooks(repo, {"prepare-commit-msg": "", "commit-msg": "", "commit-msg.credo-chained": ""})
    folder = repo / ".githooks"
    (folder / "prepare-commit-msg").write_text(PREVIOUS_FORM.format(python=sys.executable))
    listed = credo(repo, "ls")
    assert listed.returncode == 0, listed.stderr
    note = f"add the commit-msg line `credo hooks install` gives to {folder / 'commit-msg'}"
    assert note in listed.stderr
    assert git(repo, "status", "--porcelain", ".githooks") == "M .githooks/prepare-commit-msg"


@pytest.mark.parametrize("who", ["this machine", "a teammate"])
def test_credos_own_hook_kept_in_git_is_rewritten_saying_who_wrote_it(
    store: Store, credo: Credo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    """A hook of this credo's form in a team's hooks folder kept in git was rewritten, as
    an older credo's is, with a note saying "an older credo wrote" it: it came from this
    credo's `credo hooks install` in another repository whose core.hooksPath names that
    folder (where it is no work tree's), or from a teammate copying their `.git/hooks`.
    The note now says which, and the commits made through the lines work."""
    from credo.gitlink.hooks import HOOK_ARGS, hook_script

    repo = store.project_root
    reviewed = "echo 'Reviewed-by: Team' >> \"$1\""
    team_hooks(repo, {"prepare-commit-msg": reviewed})
    folder = repo / ".githooks"
    if who == "this machine":
        other = tmp_path / "other"
        git(tmp_path, "init", "-q", "-b", "main", str(other))
        git(other, "config", "core.hooksPath", str(folder))
        assert credo(other, "init").returncode == 0
        installed = credo(other, "hooks", "install")
        assert "shared with other repositories" in installed.stdout, installed.stderr
        said = "`credo hooks install` wrote with this machine's Python path"
    else:
        python = "/home/grace/venv/bin/python"
        (folder / "prepare-commit-msg").rename(folder / "prepare-commit-msg.credo-chained")
        for name in HOOKS:
            script = folder / name
            script.write_text(hook_script(f"{python} {HOOK_ARGS} /home/grace/site", name))
            script.chmod(0o755)
        said = f"`credo hooks install` wrote with another machine's or install's Python ({python})"
    listed = credo(repo, "ls")
    assert listed.returncode == 0, listed.stderr
    for name in HOOKS:
        assert f"rewrote {folder / name}, which {said}, with the lines" in listed.stderr
    assert "older credo" not in listed.stderr
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    commit_file(repo, "l.py", "l\n", "Fix the loader")
    body = git(repo, "log", "-1", "--format=%B")
    assert f"Credo-Task: {task.id}" in body and "Reviewed-by: Team" in body


FIRST_FORM = (
    "#!/bin/sh\n"
    "# installed by credo (credo hooks install)\n"
    'chained="$(dirname "$0")/prepare-commit-msg.credo-chained"\n'
    'if [ -x "$chained" ]; then\n'
    '    "$chained" "$@" || exit $?\n'
    "fi\n"
    '{python} -m credo hooks trailers "$1" "${{2:-}}" || true\n'
)
"""The hook the first credo with hooks wrote (the whole CLI on every commit)."""


@pytest.mark.parametrize("where", ["global", "worktree"])
def test_hooks_where_a_config_beyond_the_repositorys_moves_them_are_rewritten(
    store: Store, credo: Credo, tmp_path: Path, where: str
) -> None:
    """core.hooksPath set in the person's own git config (one hooks folder for all their
    repositories) or a linked worktree's own was not seen by the check every command
    makes, which read the repository's config alone: a hook an older credo wrote there
    (the whole CLI on every commit) stayed so, and got no commit-msg hook. The next
    command now rewrites it and adds that hook, as it does in .git/hooks."""
    from credo.gitlink.hooks import hook_script

    repo = store.project_root
    shared = tmp_path / "shared-hooks"
    shared.mkdir()
    if where == "global":
        git(repo, "config", "--global", "core.hooksPath", str(shared))
    else:
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "Use credo")
        git(repo, "config", "extensions.worktreeConfig", "true")
        repo = tmp_path / "linked"
        git(store.project_root, "worktree", "add", "-q", "-b", "feature", str(repo))
        git(repo, "config", "--worktree", "core.hooksPath", str(shared))
    hook = shared / "prepare-commit-msg"
    hook.write_text(FIRST_FORM.format(python=sys.executable))
    hook.chmod(0o755)
    listed = credo(repo, "ls")
    assert listed.returncode == 0, listed.stderr
    assert f"rewrote {hook}" in listed.stderr
    assert f"commit-msg hook installed ({shared / 'commit-msg'})" in listed.stderr
    assert hook.read_text() == hook_script(hook_command(hook))
    assert credo(repo, "ls").stderr == ""


def test_hooks_a_file_the_git_config_includes_moves_are_rewritten_as_soon_as_it_does(
    store: Store, credo: Credo, tmp_path: Path
) -> None:
    """A person's git config that includes another file (as dotfiles managers write it):
    the check every command makes follows the include (git is asked only when a file says
    core.hooksPath), so the command after the included file moves the hooks finds the
    hook an older credo wrote there, and rewrites it."""
    from credo.gitlink.hooks import hook_script

    shared = tmp_path / "shared-hooks"
    shared.mkdir()
    hook = shared / "prepare-commit-msg"
    hook.write_text(FIRST_FORM.format(python=sys.executable))
    hook.chmod(0o755)
    config = Path(os.environ["GIT_CONFIG_GLOBAL"])
    included = config.with_name("gitconfig.local")  # named relative to the config
    included.write_text("[alias]\n\tst = status\n")
    with config.open("a") as handle:
        handle.write('[includeIf "gitdir:/"]\n\tpath = gitconfig.local ; the machine\'s own\n')
    repo = store.project_root
    assert credo(repo, "ls").stderr == ""  # the hooks are in .git/hooks: none there
    included.write_text(f"[alias]\n\tst = status\n[core]\n\thooksPath = {shared}\n")
    listed = credo(repo, "ls")
    assert listed.returncode == 0, listed.stderr
    assert f"rewrote {hook}" in listed.stderr
    assert hook.read_text() == hook_script(hook_command(hook))


@pytest.mark.parametrize("given", ["git -c", "git -c include.path", "GIT_CONFIG_COUNT"])
def test_hooks_moved_by_the_config_git_passes_on_in_its_environment_are_rewritten(
    store: Store, tmp_path: Path, given: str
) -> None:
    """`git -c core.hooksPath=...` reaches a git alias or a hook as GIT_CONFIG_PARAMETERS
    (a script sets GIT_CONFIG_COUNT and its keys): the check every command makes read
    config files alone, so credo started there passed over the hook an older credo wrote
    in the folder git used. It now sees them, an include given so too."""
    from credo.gitlink.hooks import hook_script

    credo = str(Path(sys.executable).parent / "credo")
    repo = store.project_root
    shared = tmp_path / "shared-hooks"
    shared.mkdir()
    hook = shared / "prepare-commit-msg"
    hook.write_text(FIRST_FORM.format(python=sys.executable))
    hook.chmod(0o755)
    git(repo, "config", "alias.ls", f"!{credo} ls")
    moved = f"core.hooksPath={shared}"
    if given == "git -c include.path":
        included = tmp_path / "hooks.inc"
        included.write_text(f"[core]\n\thooksPath = {shared}\n")
        moved = f"include.path={included}"
    command, env = ["git", "-c", moved, "ls"], dict(os.environ)
    if given == "GIT_CONFIG_COUNT":
        command = [credo, "ls"]
        env |= {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.hooksPath"}
        env["GIT_CONFIG_VALUE_0"] = str(shared)
    listed = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert f"rewrote {hook}" in listed.stderr
    assert hook.read_text() == hook_script(hook_command(hook))


@pytest.mark.parametrize(
    ("setting", "moved"),
    [
        ("user.note=the include.path to hooksPath", False),  # words of a value: no key
        ("include.path={included}", True),
        ("includeIf.gitdir:/.path={included}", True),
    ],
)
def test_git_is_asked_where_the_hooks_are_for_a_key_given_with_git_c_alone(
    store: Store, tmp_path: Path, setting: str, moved: bool
) -> None:
    """`git -c` reaches a git alias or a hook as GIT_CONFIG_PARAMETERS: the check every
    command makes asked git where the hooks are (a git process, and Python's subprocess)
    whenever that text held "include" or "hookspath", a value of any key too. It reads the
    keys now: git is asked for an include given so, whose file moves the hooks."""
    credo = str(Path(sys.executable).parent / "credo")
    repo = store.project_root
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    shared = tmp_path / "shared-hooks"
    shared.mkdir()
    hook = shared / "prepare-commit-msg"
    hook.write_text(FIRST_FORM.format(python=sys.executable))
    hook.chmod(0o755)
    included = tmp_path / "hooks.inc"
    included.write_text(f"[core]\n\thooksPath = {shared}\n")
    log = tmp_path / "git.log"
    shim = logged_git(tmp_path / "shim", log)  # first on the PATH git gives its aliases
    git(repo, "config", "alias.ls", f"!PATH={shim}{os.pathsep}$PATH {credo} ls")
    given = ["-c", setting.format(included=included)]
    listed = subprocess.run(["git", *given, "ls"], cwd=repo, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert ("--git-path hooks" in log.read_text()) is moved, log.read_text()
    assert (f"rewrote {hook}" in listed.stderr) is moved
    (repo / "l.py").write_text("l\n")
    git(repo, "add", "l.py")
    git(repo, *given, "commit", "-q", "-m", "Fix it")  # through the hook git finds there
    trailers = git(repo, "log", "-1", "--format=%(trailers:key=Credo-Task,valueonly)")
    assert trailers == (task.id if moved else "")


def test_a_file_git_config_names_moves_no_hooks_for_git_nor_for_credo(
    store: Store, credo: Credo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_CONFIG names the file `git config` reads and writes instead of the repository's
    (as its --file): git (2.39) reads it for nothing else, core.hooksPath included, so a
    commit, and an alias, look for hooks as if it were not set, and so does the check
    every credo command makes. credo's own reads through `git config` took it, though:
    `credo hooks install`, writing in .git/hooks, said the core.hooksPath of that file
    was relative to each work tree, and said nothing of the repository's own."""
    from credo.gitlink.hooks import hook_script

    repo = store.project_root
    given = tmp_path / "given.gitconfig"
    given.write_text("[core]\n\thooksPath = ../given-hooks\n")
    git(repo, "config", "alias.where", "!git rev-parse --git-path hooks")
    monkeypatch.setenv("GIT_CONFIG", str(given))
    assert git(repo, "config", "--get", "core.hooksPath") == "../given-hooks"
    assert git(repo, "where") == git(repo, "rev-parse", "--git-path", "hooks") == ".git/hooks"
    hook = hook_path(repo)
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(FIRST_FORM.format(python=sys.executable))
    hook.chmod(0o755)
    listed = credo(repo, "ls")
    assert listed.returncode == 0 and f"rewrote {hook}" in listed.stderr
    assert hook.read_text() == hook_script(hook_command(hook))
    installed = credo(repo, "hooks", "install")
    assert installed.returncode == 0, installed.stderr
    assert "core.hooksPath" not in installed.stdout, installed.stdout
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    commit_file(repo, "l.py", "l\n", "Fix the loader")  # through .git/hooks, as git says
    assert git(repo, "log", "-1", "--format=%(trailers:key=Credo-Task,valueonly)") == task.id
    git(repo, "config", "--file", str(repo / ".git" / "config"), "core.hooksPath", "../mine")
    relative = credo(repo, "hooks", "install")
    assert relative.returncode == 0, relative.stderr
    assert "core.hooksPath (../mine) is relative to each work tree" in relative.stdout


def test_an_empty_message_aborts_whatever_file_git_config_names(
    store: Store, credo: Credo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commit-msg hook reads the comment character as git commit does: the
    repository's, not that of a file GIT_CONFIG names (which `git config` alone reads)."""
    repo = store.project_root
    git(repo, "config", "core.commentChar", ";")
    monkeypatch.setenv("GIT_CONFIG", str(tmp_path / "none.gitconfig"))
    assert credo(repo, "hooks", "install").returncode == 0
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    head = git(repo, "rev-parse", "HEAD")
    aborted = commit_in_editor(repo, LEAVE_AS_IS)
    assert aborted.returncode == 1 and aborted.stderr.strip() == EMPTY
    assert git(repo, "rev-parse", "HEAD") == head


@pytest.mark.parametrize(
    ("environ", "moved"),
    [
        ({"GIT_CONFIG_PARAMETERS": "'a.b'='it'\\''s the include.path' 'c.d'="}, False),
        ({"GIT_CONFIG_PARAMETERS": "'a.b'='x' 'Include.Path'='/f'"}, True),
        ({"GIT_CONFIG_PARAMETERS": "'includeIf.gitdir:/a=b/.path'='/f'"}, True),
        ({"GIT_CONFIG_PARAMETERS": "'include.path=/f'"}, True),  # as gits before 2.31 wrote it
        ({"GIT_CONFIG_PARAMETERS": "'a.b=include.path'"}, False),
        ({"GIT_CONFIG_PARAMETERS": "'core.hooksPath'"}, True),
        ({"GIT_CONFIG_PARAMETERS": "'a.path'=x"}, True),  # git refuses it: let git say so
        ({"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "include.path"}, True),
        ({"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "a", "GIT_CONFIG_VALUE_0": "a.path"}, False),
    ],
)
def test_the_keys_given_in_the_environment_are_read_as_git_reads_them(
    environ: dict[str, str], moved: bool
) -> None:
    from credo.gitlink.hooks import _given_in_environment

    assert _given_in_environment(environ) is moved


@pytest.mark.parametrize(
    ("text", "files"),
    [
        ("[include]\n\tpath = more.inc ; a comment\n", ["/cfg/more.inc"]),
        ('[includeIf "gitdir:~/work/"]\n  path = "~/work.inc" # x\n', ["~/work.inc"]),
        ("[include] path=/abs/one\n[core]\n\tpath = not/included\n", ["/abs/one"]),
        ("[include]\n\tpath = a\\\\b\n", None),  # an escape
        ("[include]\n\tpath = %(prefix)/etc/gitconfig\n", None),  # where git is installed
        ("[include]\n\tpath\n", None),  # no value: git refuses it
        ('[include]\n\tpath = "a"b\n', None),
        ('[includeIf "gitdir:a\\"b"]\n\tpath = x\n', None),
    ],
)
def test_the_files_a_git_config_includes_are_read_as_git_reads_them_or_git_is_asked(
    text: str, files: list[str] | None
) -> None:
    from credo.gitlink.hooks import _included

    expected = None if files is None else [os.path.expanduser(f) for f in files]
    assert _included("/cfg/config", text) == expected


@pytest.mark.parametrize("form", [FIRST_FORM, PREVIOUS_FORM])
def test_an_older_credos_lone_hook_gets_its_commit_msg_hook_from_the_next_command(
    store: Store, credo: Credo, form: str
) -> None:
    """An older `credo hooks install` put in prepare-commit-msg alone: the next command
    adds the commit-msg hook (saying so once), so closing the editor without a word
    aborts the commit again instead of committing the trailers alone."""
    repo = store.project_root
    task, _ = actions.add_task(store, "Upgrade")
    start_task(store, task.id, ME)
    hook = hook_path(repo)
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(form.format(python=sys.executable))
    hook.chmod(0o755)
    check = hook.parent / "commit-msg"
    listed = credo(repo, "ls")
    assert listed.returncode == 0 and f"commit-msg hook installed ({check})" in listed.stderr
    assert credo(repo, "ls").stderr == ""
    head = git(repo, "rev-parse", "HEAD")
    done = commit_in_editor(repo, LEAVE_AS_IS)
    assert done.returncode == 1 and done.stderr.strip() == EMPTY
    assert git(repo, "rev-parse", "HEAD") == head
    typed = commit_in_editor(repo, 'sed -i "1s/^/Upgrade credo/" "$1"')
    assert typed.returncode == 0, typed.stderr
    assert git(repo, "log", "-1", "--format=%(trailers:key=Credo-Task,valueonly)") == task.id


def test_a_commit_msg_hook_of_ones_own_is_chained_by_the_one_an_upgrade_adds(
    store: Store, credo: Credo
) -> None:
    repo = store.project_root
    hook = hook_path(repo)
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(FIRST_FORM.format(python=sys.executable))
    mine = hook.parent / "commit-msg"
    mine.write_text("#!/bin/sh\necho 'Checked-by: mine' >> \"$1\"\n")
    for script in (hook, mine):
        script.chmod(0o755)
    listed = credo(repo, "ls")
    assert listed.returncode == 0, listed.stderr
    kept = "your existing commit-msg hook is kept, renamed commit-msg.credo-chained, and runs first"
    assert kept in listed.stderr
    commit_file(repo, "m.py", "m\n", "Work")
    assert "Checked-by: mine" in git(repo, "log", "-1", "--format=%B")


def test_a_hook_another_install_of_credo_wrote_is_left_alone(store: Store, credo: Credo) -> None:
    """Two installs of credo (a venv, pipx) each name their own Python and folder: neither
    rewrites the other's hook on every command."""
    from credo.gitlink.hooks import HOOK_ARGS, hook_script

    repo = store.project_root
    assert credo(repo, "hooks", "install").returncode == 0
    hook = hook_path(repo)
    theirs = hook_script(f"/other/venv/bin/python {HOOK_ARGS} '/other/site packages'")
    hook.write_text(theirs)
    listed = credo(repo, "ls")
    assert listed.returncode == 0 and "rewrote" not in listed.stderr
    assert hook.read_text() == theirs


def team_hooks(repo: Path, lines: dict[str, str]) -> None:
    """A team's hooks kept in git (`.githooks`, core.hooksPath), each of one line (a hook's
    name -> its line), committed."""
    folder = repo / ".githooks"
    folder.mkdir()
    for name, line in lines.items():
        hook = folder / name
        hook.write_text(f"#!/bin/sh\n{line}\n")
        hook.chmod(0o755)
    git(repo, "config", "core.hooksPath", ".githooks")
    git(repo, "add", ".githooks")
    git(repo, "commit", "-q", "--no-verify", "-m", "Share our hooks")


def credo_logged(tmp_path: Path) -> Path:
    """A `credo` first on the PATH that writes the arguments it is started with to the
    file it returns, then runs this credo (its console script)."""
    log = tmp_path / "started"
    found = tmp_path / "logged" / "credo"
    found.parent.mkdir()
    real = Path(sys.executable).parent / "credo"
    found.write_text(f'#!/bin/sh\necho "$*" >> {shlex.quote(str(log))}\nexec {real} "$@"\n')
    found.chmod(0o755)
    log.write_text("")
    return log


def test_a_teams_hooks_add_the_trailers_once_and_start_credo_only_for_them(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lines credo gives for a team's hooks kept in git, with this credo on the PATH: a
    message typed in full (`-m`, most commits) starts credo once, for the trailers; the
    commit-msg line's shell check lets it through without Python, as the installed hook's
    does, and on to the team's own lines. An editor closed empty still aborts; an amend
    and a merge (also one concluded with `git commit -m`) get nothing, and start no credo
    (the prepare-commit-msg line reads git's source and folder in the shell)."""
    from credo.actions.experiments import start_experiment
    from credo.gitlink.hooks import TEAM_HOOK_LINES

    repo = store.project_root
    wip = """! grep -q '^WIP' "$1" || { echo 'no WIP commits here' >&2; exit 1; }"""
    team_hooks(repo, {**TEAM_HOOK_LINES, "commit-msg": f"{TEAM_HOOK_LINES['commit-msg']}\n{wip}"})
    log = credo_logged(tmp_path)
    monkeypatch.setenv("PATH", f"{log.parent / 'logged'}{os.pathsep}{os.environ['PATH']}")
    commit_file(repo, "before.py", "b\n", "Before the task")
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    experiment, _ = start_experiment(store, "Warmup helps")
    git(repo, "commit", "-q", "--amend", "--no-edit")
    assert git(repo, "log", "-1", "--format=%B") == "Before the task"
    commit_file(repo, "loader.py", "l\n", "Fix the loader")
    body = git(repo, "log", "-1", "--format=%B")
    assert body.count(f"Credo-Task: {task.id}") == 1 and body.count("Credo-") == 2
    assert f"Credo-Experiment: {experiment.id}" in body
    head = git(repo, "rev-parse", "HEAD")
    aborted = commit_in_editor(repo, LEAVE_AS_IS)
    assert aborted.returncode == 1 and aborted.stderr.strip() == EMPTY
    assert git(repo, "rev-parse", "HEAD") == head
    git(repo, "reset", "-q")
    git(repo, "checkout", "-q", "-b", "side", "HEAD~1")
    commit_file(repo, "side.py", "s\n", "Side work")
    git(repo, "checkout", "-q", "-")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge the side work", "side")
    assert git(repo, "log", "-1", "--format=%B") == "Merge the side work"
    more = git(repo, "commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", "More")
    git(repo, "merge", "-q", "--no-ff", "--no-commit", more)
    git(repo, "commit", "-q", "-m", "Merge more")  # git tells the hook "message"
    assert git(repo, "log", "-1", "--format=%B") == "Merge more"
    (repo / "w.py").write_text("w\n")
    git(repo, "add", "w.py")
    refused = subprocess.run(["git", "commit", "-m", "WIP more"], cwd=repo, capture_output=True)
    assert refused.returncode == 1 and b"no WIP commits here" in refused.stderr  # the team's
    message, check = ".git/COMMIT_EDITMSG", "commit commit-msg"  # commit-msg's words
    assert [line.split(" ", 2)[2].strip() for line in log.read_text().splitlines()] == [
        f"{message} message",
        f"{message} message",  # (the amend before it: none)
        message,  # the editor's commit: prepare-commit-msg, then commit-msg, for no word
        f"{message} {check}",
        f"{message} message",
        f"{message} message",  # (the merges before it: none)
    ]


def test_a_teams_hooks_start_credo_without_click_or_the_store(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo hooks trailers`, which a team's hooks start on every teammate's commit, imports
    what the installed hook imports: neither Click nor pydantic while the small file is
    fresh (they cost it ten times the hook). A clone with no credo project commits quietly."""
    from credo.gitlink.hooks import TEAM_HOOK_LINES

    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    repo = store.project_root
    team_hooks(repo, TEAM_HOOK_LINES)
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    commit_file(repo, "a.py", "a\n", "Write the small file")  # as the first commit does
    monkeypatch.setenv("PYTHONPROFILEIMPORTTIME", "1")  # each import, said on stderr
    (repo / "b.py").write_text("b\n")
    git(repo, "add", "b.py")
    done = subprocess.run(
        ["git", "commit", "-q", "-m", "Fix it"], cwd=repo, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    imported = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines()}
    assert "credo.gitlink.commit_hook" in imported
    assert sorted(imported & {"click", "pydantic", "credo.store.store"}) == []
    assert git(repo, "log", "-1", "--format=%(trailers:key=Credo-Task,valueonly)") == task.id
    monkeypatch.delenv("PYTHONPROFILEIMPORTTIME")
    elsewhere = tmp_path / "elsewhere"
    git(tmp_path, "init", "-q", "-b", "main", str(elsewhere))
    team_hooks(elsewhere, TEAM_HOOK_LINES)
    (elsewhere / "c.py").write_text("c\n")
    git(elsewhere, "add", "c.py")
    quiet = subprocess.run(
        ["git", "commit", "-q", "-m", "No credo here"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert git(elsewhere, "log", "-1", "--format=%B") == "No credo here"


OLDER_CREDO = "e679bf392db772bcc7ec5c1a94acbdd1b20688a6"
"""main on 2026-12-04, the last credo with no commit-msg hook: it read the word after the
message file as git's source, whatever hook called it."""


def older_credo(tmp_path: Path) -> Path:
    """The `app` folder of that credo, from this repository's history (`git archive`: no
    network, no install): the one a teammate who has not upgraded runs."""
    import io
    import tarfile

    source = Path(__file__).resolve().parents[2]
    archive = subprocess.run(
        ["git", "-C", str(source), "archive", OLDER_CREDO, "app"], capture_output=True
    )
    if archive.returncode != 0:  # a checkout without that history (a shallow clone)
        pytest.skip(f"no {OLDER_CREDO[:7]} in {source}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp_path / "older", filter="data")
    return tmp_path / "older" / "app"


def test_a_teams_hooks_run_by_an_older_credo_add_no_trailers_to_amends_or_merges(
    store: Store, credo: Credo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lines credo gives for a team's hooks kept in git, run where the `credo` found is
    older: the commit-msg line had it add the trailers to amends and merges. It does what
    it did right, and nothing more."""
    from credo.gitlink.hooks import TEAM_HOOK_LINES

    older = older_credo(tmp_path)
    found = tmp_path / "bin" / "credo"  # the older credo's console script
    found.parent.mkdir()
    start = "import sys; sys.path.insert(0, sys.argv.pop(1)); from credo.cli import run; run()"
    found.write_text(
        f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -E -P -c {shlex.quote(start)} "
        f'{shlex.quote(str(older))} "$@"\n'
    )
    found.chmod(0o755)
    monkeypatch.setenv("PATH", f"{found.parent}{os.pathsep}{os.environ['PATH']}")
    repo = store.project_root
    team_hooks(repo, TEAM_HOOK_LINES)
    commit_file(repo, "before.py", "b\n", "Before the task")
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    git(repo, "commit", "-q", "--amend", "--no-edit")
    assert git(repo, "log", "-1", "--format=%B") == "Before the task"
    git(repo, "checkout", "-q", "-b", "side")
    commit_file(repo, "side.py", "s\n", "Side work")
    git(repo, "checkout", "-q", "-")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge the side work", "side")
    assert git(repo, "log", "-1", "--format=%B") == "Merge the side work"
    made = commit_in_editor(repo, 'sed -i "1s/^/Fix the loader/" "$1"')
    assert made.returncode == 0, made.stderr
    body = git(repo, "log", "-1", "--format=%B")  # (the older credo left no blank line)
    assert body.startswith("Fix the loader\n") and body.count("Credo-") == 1
    assert body.endswith(f"Credo-Task: {task.id}")


def test_the_prepare_commit_msg_line_a_team_copied_before_still_works(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before 2026-12-06 credo gave a line that starts credo whatever git's source: kept in
    git, it adds the trailers once, and credo adds none to an amend."""
    from credo.gitlink.hooks import TEAM_HOOK_LINES

    repo = store.project_root
    copied = 'command -v credo >/dev/null && credo hooks trailers "$1" "${2:-}" || true'
    team_hooks(repo, {**TEAM_HOOK_LINES, "prepare-commit-msg": copied})
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    commit_file(repo, "before.py", "b\n", "Before the task")
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    git(repo, "commit", "-q", "--amend", "--no-edit")
    assert git(repo, "log", "-1", "--format=%B") == "Before the task"
    commit_file(repo, "loader.py", "l\n", "Fix the loader")
    assert git(repo, "log", "-1", "--format=%B").count(f"Credo-Task: {task.id}") == 1


def test_the_commit_msg_line_a_team_copied_before_still_aborts_an_empty_message(
    store: Store, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before 2026-12-06 credo gave `... trailers "$1" commit-msg` for a team's commit-msg
    hook: kept in git, it is read as it was meant."""
    from credo.gitlink.hooks import TEAM_HOOK_LINES

    repo = store.project_root
    copied = 'command -v credo >/dev/null && credo hooks trailers "$1" commit-msg || true'
    team_hooks(repo, {**TEAM_HOOK_LINES, "commit-msg": copied})
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    task, _ = actions.add_task(store, "Fix the loader")
    start_task(store, task.id, ME)
    head = git(repo, "rev-parse", "HEAD")
    aborted = commit_in_editor(repo, LEAVE_AS_IS)
    assert aborted.returncode == 1 and aborted.stderr.strip() == EMPTY
    assert git(repo, "rev-parse", "HEAD") == head


def test_the_teams_lines_credo_writes_over_an_older_credos_hook_an_older_credo_leaves(
    store: Store, credo: Credo, tmp_path: Path
) -> None:
    """A teammate not yet upgraded runs credo in a clone where the hook kept in git has
    become the team's lines: their credo, which rewrites any hook bearing credo's mark
    with its own Python's path, leaves these alone (they bear none)."""
    older = older_credo(tmp_path)
    repo = store.project_root
    team_hooks(repo, {"prepare-commit-msg": ""})
    hook = repo / ".githooks" / "prepare-commit-msg"
    hook.write_text(FIRST_FORM.format(python="/home/grace/venv/bin/python"))
    assert "rewrote" in credo(repo, "ls").stderr
    lines = hook.read_text()
    start = "import sys; sys.path.insert(0, sys.argv.pop(1)); from credo.cli import run; run()"
    listed = subprocess.run(
        [sys.executable, "-E", "-P", "-c", start, str(older), "ls"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 0 and "rewrote" not in listed.stderr, listed.stderr
    assert hook.read_text() == lines
