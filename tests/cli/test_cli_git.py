"""`credo log`, `credo show`, `credo start` through the real console script."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.domain.models import Task
from credo.store import Store

from repos import commit_file, git, give_away, shared_board, submodule

Credo = Callable[..., subprocess.CompletedProcess[str]]


def test_log_and_show_list_linked_commits(repo: Path, credo: Credo) -> None:
    assert credo(repo, "init").returncode == 0
    short = credo(repo, "add", "Balance labels !").stdout.strip()
    sha = commit_file(repo, "b.py", "b\n", f"Balance per domain\n\nCredo-Task: {short}")
    log = json.loads(credo(repo, "log", short, "--json").stdout)
    assert [c["sha"] for c in log] == [sha]
    assert log[0]["subject"] == "Balance per domain" and log[0]["author"] == "Ada Tester"
    shown = credo(repo, "show", short)
    assert shown.returncode == 0
    assert "Balance labels" in shown.stdout and sha[:7] in shown.stdout
    data = json.loads(credo(repo, "show", short, "--json").stdout)
    assert data["commits"][0]["sha"] == sha and data["quadrant"] == "schedule"


def test_show_prints_a_task_s_notes_before_its_commits(repo: Path, credo: Credo) -> None:
    """`credo show` (a task "in full") left its notes out: only --json or the app had them."""
    assert credo(repo, "init").returncode == 0
    notes = "Per domain, then per split.\n\n- legal: [only pt-PT]"
    short = credo(repo, "add", "Balance labels", "--note", notes).stdout.strip()
    sha = commit_file(repo, "b.py", "b\n", f"Balance per domain\n\nCredo-Task: {short}")
    shown = credo(repo, "show", short).stdout
    assert shown.split("\n\n")[2:] == [
        "notes\nPer domain, then per split.",
        "- legal: [only pt-PT]",
        f"commits\n{sha[:7]} " + shown.split(f"{sha[:7]} ")[1],
    ]


def test_closing_commit_marks_done_visibly(repo: Path, credo: Credo) -> None:
    credo(repo, "init")
    short = credo(repo, "add", "Fix leakage").stdout.strip()
    sha = commit_file(repo, "l.py", "l\n", f"Dedup across splits, closes {short}")
    shown = credo(repo, "show", short, "--json")
    data = json.loads(shown.stdout)
    assert data["status"] == "done" and data["done_commit"] == sha


def test_the_report_counts_a_task_a_commit_closed_as_done(repo: Path, credo: Credo) -> None:
    """The report listed the commit "closes X" while X stayed out of its Done list, until
    a `credo log` or `show` (or the board) happened to apply the closing."""
    credo(repo, "init")
    short = credo(repo, "add", "Fix leakage").stdout.strip()
    sha = commit_file(repo, "l.py", "l\n", f"Dedup across splits, closes {short}")
    result = credo(repo, "report", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert sha in [c["sha"] for c in report["commits"]]
    [done] = report["done"]
    assert done["title"] == "Fix leakage" and done["commit"] == sha
    assert "Done: Fix leakage (closed by commit" in result.stderr


@pytest.mark.parametrize("as_json", [False, True])
def test_ls_shows_a_task_a_commit_closed_as_done(repo: Path, credo: Credo, as_json: bool) -> None:
    """`credo ls` listed the task as open after a "closes X" commit, until a `show`, `log`
    or the board happened to apply the closing."""
    credo(repo, "init")
    short = credo(repo, "add", "Fix leakage").stdout.strip()
    credo(repo, "add", "Tune warmup")
    sha = commit_file(repo, "l.py", "l\n", f"Dedup across splits, closes {short}")
    listed = credo(repo, "ls", *(["--json"] if as_json else []))
    assert listed.returncode == 0, listed.stderr
    if as_json:
        assert [t["title"] for t in json.loads(listed.stdout)] == ["Tune warmup"]
    else:
        assert "Tune warmup" in listed.stdout and "Fix leakage" not in listed.stdout
    assert f"Done: Fix leakage (closed by commit {sha[:7]}" in listed.stderr
    again = credo(repo, "ls", "--all", "--json")
    [done] = [t for t in json.loads(again.stdout) if t["title"] == "Fix leakage"]
    assert done["status"] == "done" and "Done:" not in again.stderr


def test_show_unknown_id(repo: Path, credo: Credo) -> None:
    credo(repo, "init")
    result = credo(repo, "show", "zzzz")
    assert result.returncode == 1 and "no task, experiment or run has an id" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", ""), "give the id of a task, experiment or run (or its first few"),
        (("log", " "), "give the id of a task or experiment (or its first few characters;"),
        (("done", ""), "give the id of a task (or its first few characters; see `credo ls"),
        (("runs", "compare", "", ""), "give the id of a run (or its first few characters; see"),
    ],
)
def test_an_empty_id_asks_for_one_and_says_where_to_find_it(
    repo: Path, credo: Credo, args: tuple[str, ...], message: str
) -> None:
    """`credo show ""` said no item has an id starting with '': as if one was given."""
    credo(repo, "init")
    result = credo(repo, *args)
    assert result.returncode == 1 and message in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("command", "listings"),
    [
        ("log", "(see `credo ls --all` or `credo exp ls`)"),
        ("show", "(see `credo ls --all`, `credo exp ls` or `credo runs ls`)"),
    ],
)
def test_an_unknown_id_says_which_commands_list_the_ids(
    repo: Path, credo: Credo, command: str, listings: str
) -> None:
    """`credo log zz` said only that no task or experiment has that id, where `credo done
    zz` names `credo ls --all`: a new user was left to guess where ids are listed."""
    credo(repo, "init")
    result = credo(repo, command, "zz")
    kinds = "task or experiment" if command == "log" else "task, experiment or run"
    said = f"error: no {kinds} has an id starting with 'zz' {listings}\n"
    assert result.returncode == 1 and result.stderr == said, result.stderr


def test_log_with_no_commits_explains_trailers(repo: Path, credo: Credo) -> None:
    credo(repo, "init")
    short = credo(repo, "add", "Lonely").stdout.strip()
    out = credo(repo, "log", short).stdout
    assert "Credo-Task:" in out and "credo hooks install" in out
    credo(repo, "hooks", "install")
    installed = credo(repo, "log", short).stdout
    # the hook is in: installing it again would change nothing
    assert "credo hooks install" not in installed
    assert "hook adds its trailer to commits made while it is in progress" in installed


def test_closing_is_said_once_and_undone_by_hand(repo: Path, credo: Credo) -> None:
    credo(repo, "init")
    short = credo(repo, "add", "Dedup splits").stdout.strip()
    sha = commit_file(repo, "d.py", "d\n", f"Dedup, fixes {short}")
    first = credo(repo, "log", short)
    assert first.stderr.count("Done: Dedup splits") == 1 and sha[:7] in first.stderr
    shown = credo(repo, "show", short)
    assert "closed by commit" in shown.stdout and "Done:" not in shown.stderr
    assert credo(repo, "undone", short).returncode == 0
    again = json.loads(credo(repo, "show", short, "--json").stdout)
    assert again["status"] == "open"


def test_a_closing_written_by_two_clones_says_how_to_pull(tmp_path: Path, credo: Credo) -> None:
    """Every clone with a closing commit writes its closing into the task's file: once
    Alice committed hers, Bob's `git pull` stopped on his uncommitted copy ("would be
    overwritten"), and nothing told him what to do. The line says to commit it, and
    after that the pull merges the two closings into one, nothing lost."""
    alice, bob = shared_board(tmp_path, credo)
    assert credo(bob, "init").returncode == 0
    [full] = Store.open(alice).item_ids(Task)
    sha = commit_file(alice, "l.py", "l\n", f"Dedup splits, fixes {full[:6]}")
    git(alice, "push", "-q", "origin", "HEAD")
    git(bob, "pull", "-q", "--no-rebase", "origin", "main")
    said = credo(bob, "ls").stderr
    path = f".credo/tasks/{full}.toml"
    assert f"Done: Plot the loss (closed by commit {sha[:7]}" in said
    assert f"commit {path} before you pull" in said
    assert credo(alice, "ls").returncode == 0  # Alice's clone writes it too, and commits it
    git(alice, "commit", "-q", "-am", "Plot the loss is done")
    git(alice, "push", "-q", "origin", "HEAD")
    with pytest.raises(AssertionError, match="would be overwritten by merge"):
        git(bob, "pull", "-q", "--no-rebase", "origin", "main")
    git(bob, "commit", "-q", "-m", "Closed by Dedup splits", "--", path)  # as the line says
    git(bob, "pull", "-q", "--no-rebase", "origin", "main")
    task = Store.open(bob).read(Task, full)
    assert task.status == "done" and task.closed_by == sha and task.done_commit == sha
    assert git(bob, "status", "--porcelain") == ""


def test_a_closing_commit_rewritten_away_is_said_to_be_out_of_history(
    repo: Path, credo: Credo
) -> None:
    """After an amend (or a rebase, or a teammate's force-push pulled), `show` and the
    report gave the closing commit's sha as if it were fine, though no branch has it."""
    credo(repo, "init")
    short = credo(repo, "add", "Dedup splits").stdout.strip()
    sha = commit_file(repo, "d.py", "d\n", f"Dedup, fixes {short}")
    credo(repo, "show", short)  # the closing is applied
    git(repo, "commit", "-q", "--amend", "-m", f"Dedup across splits, fixes {short}")
    shown = credo(repo, "show", short).stdout
    assert f"at {sha[:7]} (no longer in history)" in shown
    assert f"closed by commit {sha[:7]}, no longer in history" in shown
    report = credo(repo, "report").stdout
    assert f"at commit `{sha[:7]}` (no longer in history)" in report
    [done] = json.loads(credo(repo, "report", "--format", "json").stdout)["done"]
    assert done["commit"] == sha and done["commit_in_history"] is False
    git(repo, "branch", "kept", sha)  # a branch has it again
    assert "no longer in history" not in credo(repo, "show", short).stdout


def test_a_worktree_without_the_board_names_where_it_is(
    repo: Path, credo: Credo, tmp_path: Path
) -> None:
    """In a worktree of a clone whose .credo/ is kept out of git, credo said only 'run
    `credo init`', which makes a second, empty board: the tasks seemed lost."""
    credo(repo, "init", "--private")
    credo(repo, "add", "Plot the loss")
    other = tmp_path / "other tree"
    git(repo, "worktree", "add", "-q", str(other), "-b", "other")
    listed = credo(other, "ls")
    assert listed.returncode == 1
    assert f"{repo}/.credo is not in this worktree" in listed.stderr
    assert f"run credo in {repo}" in listed.stderr


def test_from_a_sub_folder(repo: Path, credo: Credo) -> None:
    credo(repo, "init")
    short = credo(repo, "add", "Deep").stdout.strip()
    sha = commit_file(repo, "src/deep/x.py", "x\n", f"deep\n\nCredo-Task: {short}")
    sub = repo / "src" / "deep"
    log = json.loads(credo(sub, "log", short, "--json").stdout)
    assert [c["sha"] for c in log] == [sha]
    done = credo(sub, "done", short)
    assert done.returncode == 0 and f"at {sha[:7]}" in done.stdout


@pytest.mark.parametrize("show", [["show"], ["exp", "show"]])
def test_show_experiment_with_its_commits(repo: Path, credo: Credo, show: list[str]) -> None:
    """`credo exp show` left out the commits `credo show` lists (in text and in --json)."""
    credo(repo, "init")
    started = credo(repo, "exp", "start", "Cosine schedule beats step", "--json")
    assert started.returncode == 0, started.stderr
    exp_id = json.loads(started.stdout)["id"]
    sha = commit_file(repo, "c.py", "c\n", f"cosine\n\nCredo-Experiment: {exp_id[:6]}")
    shown = credo(repo, *show, exp_id[:6])
    assert shown.returncode == 0 and "Cosine schedule" in shown.stdout
    assert f"{sha[:7]} " in shown.stdout and " cosine" in shown.stdout
    data = json.loads(credo(repo, *show, exp_id[:6], "--json").stdout)
    assert [(c["sha"], c["subject"]) for c in data["commits"]] == [(sha, "cosine")]


def test_outside_git_says_linkage_off_plainly(tmp_path: Path, credo: Credo) -> None:
    credo(tmp_path, "init")
    short = credo(tmp_path, "add", "No git here").stdout.strip()
    log = credo(tmp_path, "log", short)
    assert log.returncode == 0
    assert log.stderr.strip() == "Not a git repository: git linkage is off."
    assert log.stdout == ""
    assert json.loads(credo(tmp_path, "log", short, "--json").stdout) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder away needs root")
def test_a_repository_git_refuses_says_what_to_run_not_that_it_is_none(
    repo: Path, credo: Credo
) -> None:
    """In a clone another user owns, git refuses every command ("dubious ownership"):
    credo said "not a git repository" of the run, `credo hooks install` printed only
    git's last line, the safe.directory command, without a word of why, and `credo init`
    stopped with it, its .credo/ made."""
    give_away(repo)
    trust = f"run `git config --global --add safe.directory {repo}`"
    refused = f"git refuses the repository at {repo}: another user owns it"
    init = credo(repo, "init")
    assert init.returncode == 0, init.stderr
    assert f"Git linkage is off: {refused}" in init.stdout and trust in init.stdout
    short = credo(repo, "add", "Check the labels").stdout.strip()
    hooks = credo(repo, "hooks", "install")
    assert hooks.returncode == 1 and hooks.stderr.startswith("error: git linkage is off: ")
    assert refused in hooks.stderr and trust in hooks.stderr
    assert not (repo / ".git" / "hooks" / "prepare-commit-msg").exists()
    shown = credo(repo, "show", short)
    assert shown.returncode == 0 and refused in shown.stderr and "Check the labels" in shown.stdout
    ran = credo(repo, "run", "--", "python", "-c", "pass")
    assert ran.returncode == 0, ran.stderr
    assert f"the run is recorded without its code's git state: git linkage is off: {refused}" in (
        ran.stderr
    )
    assert "not a git repository" not in ran.stderr and "Traceback" not in ran.stderr
    git(repo, "config", "--global", "--add", "safe.directory", str(repo))
    assert credo(repo, "hooks", "install").returncode == 0


def test_log_and_show_list_a_closing_commit_with_the_trailer_once(repo: Path, credo: Credo) -> None:
    credo(repo, "init")
    short = credo(repo, "add", "Fix leakage").stdout.strip()
    full = json.loads(credo(repo, "show", short, "--json").stdout)["id"]
    sha = commit_file(repo, "l.py", "l\n", f"Dedup splits, closes {short}\n\nCredo-Task: {full}")
    log = credo(repo, "log", short)
    assert log.stdout.count(sha[:7]) == 1, log.stdout
    assert [c["sha"] for c in json.loads(credo(repo, "log", short, "--json").stdout)] == [sha]
    assert credo(repo, "show", short).stdout.count("Dedup splits, closes") == 1
    assert [
        c["sha"] for c in json.loads(credo(repo, "show", short, "--json").stdout)["commits"]
    ] == [sha]


def test_init_ends_with_committing_the_board_until_it_is_committed(
    repo: Path, credo: Credo
) -> None:
    """The board is shared through git, yet init never said to commit .credo/: a
    teammate who pulled saw none of it. The last line says how (from a subfolder too),
    until .credo/ is committed; --private keeps it out of git and says nothing of it."""
    share = 'Next, share the board through git: git add .credo && git commit -m "credo board"'
    assert credo(repo, "init").stdout.splitlines()[-1] == share
    sub = repo / "src"
    sub.mkdir()
    assert credo(sub, "init").stdout.splitlines()[-1] == share.replace(
        "add .credo", "add ../.credo"
    )
    git(repo, "add", ".credo")
    git(repo, "commit", "-q", "-m", "credo board")
    assert "share the board" not in credo(repo, "init").stdout
    private = repo / "mine"
    private.mkdir()
    git(private, "init", "-q")
    assert "share the board" not in credo(private, "init", "--private").stdout


HOOK_LINE = (
    "Next, link your commits to what you work on: credo hooks install "
    "(adds the Credo-Task or Credo-Experiment trailer of what you started)"
)


def test_init_names_hooks_install_until_a_hook_adds_the_trailers(
    repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """`credo init`'s next steps named committing the board but not `credo hooks install`,
    though `credo start` then said "no commit hook here": a newcomer learned of the hook
    only after starting work. init names it, until a hook adds the trailers; outside git,
    where there are no commits to link, it does not."""
    assert HOOK_LINE in credo(repo, "init").stdout.splitlines()
    assert credo(repo, "hooks", "install").returncode == 0
    assert "hooks install" not in credo(repo, "init").stdout
    (tmp_path / "plain").mkdir()
    assert "hooks install" not in credo(tmp_path / "plain", "init").stdout


def test_init_run_again_keeps_a_private_board_private(repo: Path, credo: Credo) -> None:
    """After `init --private`, `credo init` (safe to run again) said to share the board
    with `git add .credo`, which git refuses (the folder is excluded), registered the merge
    driver and said "private": false in --json."""
    assert credo(repo, "init", "--private").returncode == 0
    again = credo(repo, "init")
    assert again.stdout.splitlines() == [
        "Already set up: .credo/",
        HOOK_LINE,
        ".credo/ is kept out of git (.git/info/exclude).",
    ]
    assert json.loads(credo(repo, "init", "--json").stdout)["private"] is True
    assert '[merge "credo"]' not in (repo / ".git" / "config").read_text()


def test_a_private_init_does_not_claim_what_git_cannot_do(
    repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """`init --private` said ".credo/ is kept out of git" where .credo/ was committed
    already (git goes on tracking those files: they would be pushed) and outside git. The
    way out it gives, once committed and pulled, takes .credo/ from every teammate's
    checkout: it says so."""
    assert credo(repo, "init").returncode == 0
    assert credo(repo, "add", "Balance labels !").returncode == 0
    git(repo, "add", ".credo")
    git(repo, "commit", "-q", "-m", "Share the board")
    tracked = len(git(repo, "ls-files", ".credo").splitlines())
    result = credo(repo, "init", "--private")
    assert result.returncode == 0, result.stderr
    assert "is kept out of git" not in result.stdout
    assert (
        f"git still tracks the {tracked} files of .credo/ committed already: "
        "`git rm -r --cached .credo` and a commit stop that (your files stay, but a "
        "teammate who pulls that commit loses .credo/ from their checkout: do it only "
        "where no one else uses it)"
    ) in result.stdout
    assert json.loads(credo(repo, "init", "--private", "--json").stdout)["private"] is False
    plain = tmp_path / "plain"
    plain.mkdir()
    outside = credo(plain, "init", "--private")
    assert outside.returncode == 0 and "kept out of git" not in outside.stdout
    assert "Not a git repository" in outside.stdout
    assert json.loads(credo(plain, "init", "--private", "--json").stdout)["private"] is False


def test_a_private_init_keeps_credo_out_of_git_in_this_clone_only(repo: Path, credo: Credo) -> None:
    assert json.loads(credo(repo, "init", "--private", "--json").stdout)["private"] is True
    assert credo(repo, "add", "Balance labels !").returncode == 0
    assert credo(repo, "init", "--private").returncode == 0  # again: one line, not two
    exclude = (repo / ".git" / "info" / "exclude").read_text()
    assert exclude.splitlines().count("/.credo/") == 1
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    assert ".credo" not in status.stdout


def test_a_private_init_in_a_submodule_names_the_exclude_it_wrote(
    tmp_path: Path, credo: Credo
) -> None:
    """A submodule's `.git` is a file: the line goes to the superproject's
    .git/modules/<name>/info/exclude, and the message said ".git/info/exclude"."""
    mod = submodule(tmp_path)
    exclude = tmp_path / "top" / ".git" / "modules" / "mod" / "info" / "exclude"
    said = credo(mod, "init", "--private")
    assert said.returncode == 0, said.stderr
    assert f".credo/ is kept out of git ({exclude})." in said.stdout
    assert "/.credo/" in exclude.read_text().splitlines()


def test_a_task_a_merge_left_unmerged_says_how_to_finish(repo: Path, credo: Credo) -> None:
    """One clone deleted a task file, the other changed it: git leaves the changed file,
    unmerged and without markers, and ls and show showed it as if all were well."""
    assert credo(repo, "init").returncode == 0
    kept = credo(repo, "add", "Plot the loss").stdout.strip()
    both = credo(repo, "add", "Balance labels").stdout.strip()
    path = next((repo / ".credo" / "tasks").glob(f"{kept}*.toml")).relative_to(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Two tasks")
    git(repo, "checkout", "-q", "-b", "teammate")
    git(repo, "rm", "-q", str(path))
    assert credo(repo, "edit", both, "--title", "Theirs").returncode == 0
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "-")
    for task, title in ((kept, "Plot the loss per domain"), (both, "Mine")):
        assert credo(repo, "edit", task, "--title", title).returncode == 0
    git(repo, "commit", "-q", "-am", "mine")
    merged = subprocess.run(["git", "merge", "-q", "teammate"], cwd=repo, capture_output=True)
    assert merged.returncode == 1 and "<<<<<<<" not in (repo / path).read_text()
    said = f"{path}: git holds it unmerged (a merge stopped on it): `git add {path}` keeps it"
    listed, shown = credo(repo, "ls"), credo(repo, "show", kept)
    assert "Plot the loss per domain" in listed.stdout and listed.stderr.count(said) == 1
    assert "unmerged" not in listed.stderr.replace(said, "")  # the file with markers: once
    assert "has git conflict markers" in listed.stderr
    assert "Plot the loss per domain" in shown.stdout and said in shown.stderr
    assert f"`git rm {path}` deletes it" in shown.stderr
    git(repo, "add", str(path))
    assert "unmerged" not in credo(repo, "show", kept).stderr


def test_a_task_a_stash_pop_left_unmerged_says_how_to_finish(repo: Path, credo: Credo) -> None:
    """A `git stash pop` that stops on a conflict leaves no MERGE_HEAD: only the AUTO_MERGE
    git's merge writes tells ls and show to look."""
    assert credo(repo, "init").returncode == 0
    task = credo(repo, "add", "Plot the loss").stdout.strip()
    path = next((repo / ".credo" / "tasks").glob(f"{task}*.toml")).relative_to(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A task")
    assert credo(repo, "edit", task, "--title", "Plot the loss per domain").returncode == 0
    git(repo, "stash", "-q")
    git(repo, "rm", "-q", str(path))
    git(repo, "commit", "-q", "-m", "No task")
    popped = subprocess.run(["git", "stash", "pop", "-q"], cwd=repo, capture_output=True)
    assert popped.returncode == 1 and "<<<<<<<" not in (repo / path).read_text()
    said = f"{path}: git holds it unmerged (a merge stopped on it): `git add {path}` keeps it"
    listed, shown = credo(repo, "ls"), credo(repo, "show", task)
    assert "Plot the loss per domain" in listed.stdout and listed.stderr.count(said) == 1
    assert "Plot the loss per domain" in shown.stdout and said in shown.stderr
    git(repo, "add", str(path))
    assert "unmerged" not in credo(repo, "show", task).stderr


def test_hooks_outside_git_say_there_are_none_whichever_way(tmp_path: Path, credo: Credo) -> None:
    """Outside git, `credo hooks uninstall` said 'there is no git hook to install'."""
    credo(tmp_path, "init")
    for command in ("install", "uninstall"):
        result = credo(tmp_path, "hooks", command)
        assert result.returncode == 1 and result.stderr == (
            "error: not a git repository: there are no git hooks here (git linkage is off)\n"
        )


def test_a_broken_file_of_another_kind_does_not_hide_the_item_shown(
    repo: Path, credo: Credo
) -> None:
    """A task's `credo show` failed on an experiment file that cannot be read whose id
    starts the same way: the task shows, the broken file is named as a warning."""
    credo(repo, "init")
    task = json.loads(credo(repo, "add", "Plot the loss", "--json").stdout)["id"]
    other = "y" if task[5] != "y" else "z"  # the broken id parts from the task's there
    broken = repo / ".credo" / "experiments" / f"{task[:5]}{other * 11}.toml"
    broken.parent.mkdir(exist_ok=True)
    broken.write_text('hypothesis = "cut off\n')
    shown = credo(repo, "show", task[:5])
    assert shown.returncode == 0, shown.stderr
    assert "Plot the loss" in shown.stdout
    assert shown.stderr.startswith(
        f"warning: .credo/experiments/{broken.name} (its id also starts with '{task[:5]}'): "
        "is not valid TOML"
    )
    alone = credo(repo, "show", f"{task[:5]}{other}")  # the broken file alone: its problem
    assert alone.returncode == 1
    assert alone.stderr.startswith(f"error: .credo/experiments/{broken.name}: is not valid TOML")


def test_log_in_a_shallow_clone_says_older_commits_are_not_there(
    repo: Path, credo: Credo, tmp_path: Path
) -> None:
    """A shallow clone (a CI job's, a cluster node's) said no commit mentioned a task that
    older commits, not fetched, do, and told to add a trailer that was there."""
    credo(repo, "init")
    short = credo(repo, "add", "Balance labels").stdout.strip()
    git(repo, "add", ".credo")
    commit_file(repo, "b.py", "b\n", f"Balance per domain\n\nCredo-Task: {short}")
    commit_file(repo, "c.py", "c\n", "Later work")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    said = credo(clone, "log", short).stdout
    assert said.startswith(f"No commits of this clone mention {short}")
    assert ": shallow clone: the history stops where the clone's does" in said
    assert "git fetch --unshallow" in said and "trailer" not in said


def test_starting_without_a_commit_hook_says_how_commits_get_the_trailer(
    repo: Path, credo: Credo
) -> None:
    """`credo start ID` said "In progress: ..." in a repository with no hook: a newcomer
    committed, and nothing linked the commit to the task (the help says "the commit hook
    adds its trailer"; `credo init` installs none). start and exp start now say how,
    until credo's hook, or the lines it gives a team's hooks folder, adds the trailers."""
    from credo.gitlink.hooks import HOOK, TEAM_HOOK_LINES

    assert credo(repo, "init").returncode == 0
    task = credo(repo, "add", "Fix the split").stdout.strip()
    hint = "no commit hook here: `credo hooks install` adds its Credo-Task trailer"
    started = credo(repo, "start", task)
    assert started.returncode == 0 and hint in started.stderr, started.stderr
    exp = credo(repo, "exp", "start", "smaller lr", "-b", "1h")
    assert "adds its Credo-Experiment trailer to commits" in exp.stderr, exp.stderr
    assert credo(repo, "hooks", "install").returncode == 0
    assert "no commit hook" not in credo(repo, "start", task).stderr
    team = repo / ".githooks"  # a team's hooks folder, kept in git, with credo's lines
    team.mkdir()
    (team / HOOK).write_text(f"#!/bin/sh\n{TEAM_HOOK_LINES[HOOK]}\n")
    git(repo, "config", "core.hooksPath", ".githooks")
    assert "no commit hook" not in credo(repo, "start", task).stderr
    (team / HOOK).write_text("#!/bin/sh\necho the team's own\n")
    assert hint in credo(repo, "start", task).stderr


def test_stop_puts_your_task_in_progress_back_to_open(repo: Path, credo: Credo) -> None:
    """A Taskwarrior user stops the task they started at the end of the day: credo had no
    way, `credo stop` said "No such command" and `credo undone` "is in progress: nothing
    to reopen", so the task stayed in progress, its trailer on every commit, until
    another was started or it was done. `credo stop ID` puts it back to open; a teammate's
    is left to them."""
    assert credo(repo, "init").returncode == 0
    task = credo(repo, "add", "Fix the split").stdout.strip()
    refused = credo(repo, "stop", task)
    assert refused.returncode == 1 and "is not in progress (open)" in refused.stderr
    assert credo(repo, "start", task).returncode == 0
    reopen = credo(repo, "undone", task)
    assert f"(credo stop {task} puts it back to open)" in reopen.stderr, reopen.stderr
    bruno = {"GIT_AUTHOR_EMAIL": "bruno@lab.org", "GIT_COMMITTER_EMAIL": "bruno@lab.org"}
    theirs = credo(repo, "stop", task, env=bruno)  # a teammate, as in their clone
    assert theirs.returncode == 1 and "not you: it is theirs to stop" in theirs.stderr
    stopped = credo(repo, "stop", task, "--json")
    assert stopped.returncode == 0, stopped.stderr
    assert json.loads(stopped.stdout)["status"] == "open"
    [left] = Store.open(repo).tasks()
    assert left.status.value == "open" and left.in_progress_by is None


def test_a_trailer_a_later_task_also_matches_is_said_not_linked(repo: Path, credo: Credo) -> None:
    """A trailer written short (`Credo-Task: 3kf9`) linked its commit to the task; once a
    task whose id starts alike was added, the commit vanished from `credo log` and `credo
    show` of both, said nowhere. It is linked to neither (never to the wrong one), and
    both say which commit names them by a prefix credo cannot resolve."""
    assert credo(repo, "init").returncode == 0
    short = credo(repo, "add", "Balance labels").stdout.strip()
    store = Store.open(repo)
    [first] = store.tasks()
    written = first.id[:4]
    sha = commit_file(repo, "b.py", "b\n", f"Balance per domain\n\nCredo-Task: {written}")
    assert [c["sha"] for c in json.loads(credo(repo, "log", short, "--json").stdout)] == [sha]
    later = Task(id=written + ("z" if first.id[4] != "z" else "y") * 12, title="Later, alike")
    store.create(later)
    for item_id in (first.id, later.id):
        log = credo(repo, "log", item_id, "--json")
        assert json.loads(log.stdout) == []
        said = " ".join(log.stderr.split())
        assert f"commit {sha[:7]} names {written}, the start of 2 ids here" in said
        assert "links it to none" in said
        shown = credo(repo, "show", item_id)
        assert shown.returncode == 0 and sha[:7] in " ".join(shown.stderr.split())
        assert sha[:7] not in shown.stdout


def test_a_prefix_a_task_and_an_experiment_share_links_alike_in_the_shell_and_the_board(
    repo: Path, credo: Credo
) -> None:
    """`Credo-Task: 3kf7`, where a task's id and an experiment's start with 3kf7, was linked
    to the task on the board (which matched it with tasks' ids only) and to neither in
    `credo log` (with every id), while the closing, and the commits view, read `closes
    3kf7` as the task's. One rule for every face: a trailer names an item of its kind, a
    closing keyword a task (else an experiment), so neither is unsure here."""
    from credo.actions.gitsync import git_facts
    from credo.domain.models import Experiment

    assert credo(repo, "init").returncode == 0
    store = Store.open(repo)
    task = Task(id="3kf7a" + "a" * 11, title="Balance labels")
    exp = Experiment(id="3kf7b" + "b" * 11, hypothesis="A smaller lr", timebox="25m")
    store.create(task)
    store.create(exp)
    by_task = commit_file(repo, "a.py", "a\n", "Balance per domain\n\nCredo-Task: 3kf7")
    by_exp = commit_file(repo, "b.py", "b\n", "Try lr 1e-4\n\nCredo-Experiment: 3kf7")
    closing = commit_file(repo, "c.py", "c\n", "Drop the duplicates, closes 3kf7")
    for item_id, shas in ((task.id, {closing, by_task}), (exp.id, {by_exp})):
        log = credo(repo, "log", item_id, "--json")
        assert {c["sha"] for c in json.loads(log.stdout)} == shas, log.stderr
        assert "cannot tell" not in log.stderr
    assert Store.open(repo).read(Task, task.id).closed_by == closing
    facts = git_facts(Store.open(repo), False)  # what the board's git worker reads
    assert {c.sha for c in facts.commits[task.id]} == {closing, by_task}
    assert facts.unsure == {}


def test_a_closing_keyword_two_tasks_ids_start_with_closes_none_and_says_so(
    repo: Path, credo: Credo
) -> None:
    """`closes 3kf7`, where two tasks' ids start with 3kf7, closed neither, and credo ls
    and the board, which read the closings, said nothing of it. They say it once, with
    the warning of an unsure trailer; `credo log` of either still says it under its
    commits, as the board's detail does."""
    from credo.actions.gitsync import git_facts

    assert credo(repo, "init").returncode == 0
    store = Store.open(repo)
    first = Task(id="3kf7a" + "a" * 11, title="Balance labels")
    second = Task(id="3kf7b" + "b" * 11, title="Check leakage")
    store.create(first)
    store.create(second)
    sha = commit_file(repo, "a.py", "a\n", "Drop the duplicates, closes 3kf7")
    said = (
        f"commit {sha[:7]} names 3kf7, the start of 2 ids here: credo cannot tell which it "
        "meant and links it to none (nor closes any: credo done ID closes the one it meant)"
    )
    listed = credo(repo, "ls")
    assert listed.returncode == 0 and said in " ".join(listed.stderr.split())
    assert "3kf7" not in credo(repo, "ls").stderr  # said once
    assert {t.status for t in Store.open(repo).tasks()} == {"open"}
    log = credo(repo, "log", first.id)
    assert "links it to none" in log.stderr and "nor closes" not in log.stderr
    other = commit_file(repo, "b.py", "b\n", "Fix the loader, fixes 3kf7")
    facts = git_facts(Store.open(repo), False)  # what the board's git worker reads
    assert facts.said == [said.replace(sha[:7], other[:7])]
    assert git_facts(Store.open(repo), False).said == []
    assert {u.commit.sha for u in facts.unsure[second.id]} == {sha, other}
