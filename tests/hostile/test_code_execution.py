"""Nothing a teammate commits runs: not through the commit hook, not through the merge driver."""

from __future__ import annotations

import json
import shlex
import sys

import pytest
from teammates import BOB_EMAIL, Team, planted_code

from credo.domain.models import Review
from credo.gitlink.hooks import HOOK_ARGS, MARKER
from credo.store import Store

from repos import hook_command


def plant(team: Team) -> None:
    """A `credo` package and a `credo.py` at the repository root, where git runs hooks."""
    code = planted_code(team.planted)
    team.commit(
        {"credo/__init__.py": code, "credo/__main__.py": code, "credo.py": code},
        "Add a helper package",
    )
    team.pull()


def bob_commits(team: Team, name: str, message: str) -> str:
    (team.bob / name).write_text("work\n")
    team.run(team.bob, "git", "add", name)
    team.run(team.bob, "git", "commit", "-q", "-m", message)
    return team.run(team.bob, "git", "log", "-1", "--format=%B")


def test_the_commit_hook_never_runs_a_committed_credo_package(team: Team) -> None:
    team.pull()
    installed = team.credo("hooks", "install")
    task_id = team.credo("add", "Plot the loss").stdout.strip()
    started = team.credo("start", task_id)
    plant(team)
    body = bob_commits(team, "loss.py", "Plot it")
    assert "Credo-Task: " in body  # credo itself ran, the planted one did not
    team.check(installed, started)


def test_the_merge_driver_never_runs_a_committed_credo_package(team: Team) -> None:
    team.pull()
    assert team.credo("hooks", "install").returncode == 0
    task_id = team.credo("add", "Plot the loss", "--json").stdout.split('"id": "')[1][:16]
    team.run(team.bob, "git", "add", "-A")
    team.run(team.bob, "git", "commit", "-q", "-m", "A task")
    team.run(team.bob, "git", "push", "-q", "origin", "main")
    team.run(team.alice, "git", "pull", "-q", "--no-rebase", "origin", "main")
    plant(team)
    # Alice completes the task, Bob retitles it: the pull merges the file with the driver.
    assert team.credo("done", task_id[:6], who=team.alice).returncode == 0
    team.commit({}, "Done")
    assert team.credo("edit", task_id[:6], "--title", "Plot the loss per domain").returncode == 0
    team.run(team.bob, "git", "commit", "-q", "-am", "Retitle")
    team.pull()
    shown = team.credo("show", task_id[:6], "--json")
    assert '"title": "Plot the loss per domain"' in shown.stdout  # merged field by field
    assert '"status": "done"' in shown.stdout
    team.check(shown)


def test_installs_of_an_older_credo_are_rewritten_on_first_use(team: Team) -> None:
    team.pull()
    assert team.credo("hooks", "install").returncode == 0
    old = f"{shlex.quote(sys.executable)} -m credo"  # what credo wrote before
    hook = team.bob / ".git" / "hooks" / "prepare-commit-msg"
    new = hook_command(hook)
    hook.write_text(hook.read_text().replace(new, f"{old} hooks trailers"))
    driver = team.run(team.bob, "git", "config", "merge.credo.driver").strip()
    team.run(team.bob, "git", "config", "merge.credo.driver", driver.replace(" -E -P", ""))
    assert f"{old} hooks trailers" in hook.read_text()
    listed = team.credo("ls")
    assert "rewrote the merge driver" in listed.stderr and "rewrote" in listed.stderr
    assert f"{new} " in hook.read_text()
    assert MARKER in hook.read_text()
    assert " -E -P -m credo merge-driver" in team.run(
        team.bob, "git", "config", "merge.credo.driver"
    )
    assert hook.stat().st_mode & 0o111  # still executable
    plant(team)
    task_id = team.credo("add", "Plot").stdout.strip()
    assert team.credo("start", task_id).returncode == 0
    assert "Credo-Task: " in bob_commits(team, "p.py", "Plot")
    team.check(listed)


def test_credo_hooks_install_rewrites_an_older_hook(team: Team) -> None:
    team.pull()
    assert team.credo("hooks", "install").returncode == 0
    hook = team.bob / ".git" / "hooks" / "prepare-commit-msg"
    new = hook_command(hook)
    hook.write_text(hook.read_text().replace(new, f"{sys.executable} -m credo hooks trailers"))
    again = team.credo("hooks", "install")
    assert "to run credo safely" in again.stdout + again.stderr
    assert f"{new} " in hook.read_text()
    hook.write_text(hook.read_text().replace(new, f"/another/venv/bin/python {HOOK_ARGS} /x"))
    assert "rewritten for this credo" in team.credo("hooks", "install").stdout
    assert f"{new} " in hook.read_text()
    team.check(again)


def test_a_teammates_task_in_progress_is_not_in_my_commits(team: Team) -> None:
    team.pull()
    assert team.credo("hooks", "install").returncode == 0
    theirs = team.credo("add", "Alice's task", who=team.alice).stdout.strip()
    assert team.credo("start", theirs, who=team.alice).returncode == 0
    team.commit({}, "Alice starts her task")
    team.pull()
    mine = team.credo("add", "Bob's task").stdout.strip()
    started = team.credo("start", mine)
    shown = team.credo("show", theirs, "--json")
    assert '"status": "in_progress"' in shown.stdout  # not reset to open by Bob's start
    assert '"in_progress_by": "alice@example.com"' in shown.stdout
    assert f'"in_progress_by": "{BOB_EMAIL}"' in team.credo("show", mine, "--json").stdout
    body = bob_commits(team, "b.py", "Bob's work")
    assert body.count("Credo-Task:") == 1
    mine_id = team.credo("show", mine, "--json").stdout.split('"id": "')[1][:16]
    assert f"Credo-Task: {mine_id}" in body
    team.check(started, shown)


@pytest.mark.parametrize(
    "option",
    [
        "--wrap=python3 -c 'PLANTED'",
        "--wr=python3 -c 'PLANTED'",  # sbatch reads a unique prefix as the whole name
        "--output=OUTSIDE/secret.txt",
        "-o OUTSIDE/secret.txt",
        "-HoOUTSIDE/secret.txt",  # -H -o OUTSIDE/...: short options bundled
        "--err=OUTSIDE/secret.txt",
        "--input=OUTSIDE/secret.txt",
    ],
)
def test_a_shared_config_cannot_give_slurm_a_command_or_files(team: Team, option: str) -> None:
    """sbatch options in .credo/config.toml are the team's (a partition, GPUs, a time
    limit), but `--wrap` would run the config's command instead of credo's job, and
    `--output`, `--error` or `--input` would have the job write or read a file it names."""
    option = option.replace("PLANTED", planted_code(team.planted).strip().replace("'", '"'))
    option = option.replace("OUTSIDE", str(team.outside))
    config = (team.alice / ".credo" / "config.toml").read_text()
    assert "sbatch = []" in config
    team.commit(
        {".credo/config.toml": config.replace("sbatch = []", f"sbatch = [{json.dumps(option)}]")}
    )
    team.pull()
    (team.bob / "train.py").write_text("print('training')\n")
    run = team.credo("run", "--slurm", "--skip-gate", "--", "python3", "train.py")
    assert run.returncode == 125
    said = run.stderr  # `-o FILE` (a space, not =) makes the whole file refused first
    assert said.splitlines()[-1].startswith("error: ")
    assert ".credo/config.toml" in said and "sbatch" in said
    assert option.split("=")[0].split()[0] in said
    recorded = {path.name for path in (team.bob / ".credo" / "runs").glob("*")}
    assert recorded <= {".gitignore"}  # no run: the folder holds what `credo init` wrote
    team.check(run)


def test_a_recorded_commit_is_never_an_option_to_git(team: Team) -> None:
    """A review (or run) records the commit it was made at; credo asks git what changed
    since. A teammate's `sha = "--output=..."` made that `git diff --output=FILE`, which
    wrote the names of the changed files over a file of Bob's (a shell's rc file, say)."""
    ticked = team.credo("check", "training-recipe", "--tick", "seed-fixed", who=team.alice)
    assert ticked.returncode == 0, ticked.stderr
    [review] = (team.alice / ".credo" / "reviews").glob("*.toml")
    target = team.outside / "bashrc.d" / "aliases.sh"
    text = review.read_text()
    sha = text.split('sha = "')[1].split('"')[0]
    team.commit({f".credo/reviews/{review.name}": text.replace(sha, f"--output={target}")})
    team.pull()
    gate = team.credo("gate")
    assert (
        "seed-fixed: The random seed is fixed and recorded (no run has shown it yet)" in gate.stdout
    )
    [problem] = Store.open(team.bob).load(Review).problems.values()
    assert "field 'git.sha'" in problem.message, problem.message
    team.check(gate)
