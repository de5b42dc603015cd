"""`credo run` from the shell: which experiment, what is recorded, and what is refused.

The real console script in real repositories: ad-hoc runs from a script, a hypothesis
asked on a terminal, `--exp` for any open experiment, params, environment and machine
(with a fake `nvidia-smi` on PATH), and clear refusals (an unknown option, a script with
no `#!` line, a read-only `.credo`).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.domain.models import ExperimentStatus, Run, RunStatus
from credo.store import Store
from full_disk import own_mounts, room_for
from terminal import CREDO, WAITS_FOR_CTRL_C, ctrl_c_a_moment_later, on_terminal
from toolpath import bare_path

from repos import commit_file, git, shared_board

PY = sys.executable
Credo = Callable[..., subprocess.CompletedProcess[str]]


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def recorded(store: Store, repo: Path, credo: Credo) -> Callable[..., Run]:
    """`credo run` of a Python script given as its lines; the one run it recorded."""

    def record(*lines: str) -> Run:
        ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "\n".join(lines)))
        [run] = store.runs()
        return run

    return record


@pytest.mark.parametrize(
    "args",
    [
        ("run", "--skip-gate", "--", PY, "-c", "print('ran')"),
        ("sweep", "--", PY, "-c", "print('ran')", "{1,2}"),
        ("gate",),
    ],
)
@pytest.mark.parametrize(
    ("config", "problem"),
    [
        ('gate_packs = ["data"\n', "is not valid TOML: "),
        (
            'patch_limit_bytes = 100\ngate_packs = "data"\n',
            "field 'gate_packs' (line 2) should be a list ([...]), not 'data'; fix or remove it",
        ),
        (
            'gate_bloking = ["training-recipe/seed-fixed"]\n',
            "field 'gate_bloking' (line 1) is not known to this version of credo; did you"
            " mean 'gate_blocking', which is not set? rename it, or remove it",
        ),
    ],
)
def test_a_broken_config_holds_runs_and_the_gate(
    store: Store, repo: Path, credo: Credo, args: tuple[str, ...], config: str, problem: str
) -> None:
    """A team's config.toml broken by a bad merge ran on the default settings, a warning
    aside: the gate read the default packs, not the team's (and `credo gate` in a script
    said 'open'), and a SLURM job went out without the team's sbatch options. One bad
    setting, left at its default while the others stay, holds them just the same, and so
    does a typo of a gate setting the file does not set (`gate_bloking`), which left the
    gate weaker than the team wrote. The refusal itself says what is wrong (line, what to
    do), once, and not the default credo would have used: no run uses it."""
    (store.credo_dir / "config.toml").write_text(config)
    result = credo(repo, *args)
    assert result.returncode == (2 if args[0] == "gate" else 125)  # ran nothing; 2: no answer
    refusal = result.stderr.split("error: ")[-1]
    assert refusal.startswith(
        "no run starts while .credo/config.toml is broken (the gate's packs and checks, and"
        " SLURM's options, come from it): "
    )
    assert problem in refusal and result.stderr.count(problem) == 1  # said once, in it
    assert "default" not in result.stderr
    assert "ran" not in result.stdout and store.runs() == []


def test_a_typo_of_a_gate_setting_the_file_sets_is_only_warned_of(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`gate_bloking` beside a `gate_blocking` the file sets is not what the gate reads in
    its place: warned of, the run goes on."""
    config = store.credo_dir / "config.toml"
    config.write_text('gate_blocking = []\ngate_bloking = ["training-recipe/seed-fixed"]\n')
    result = ok(credo(repo, "run", "--", PY, "-c", "print('ran')"))
    assert "field 'gate_bloking' (line 2) is not known" in result.stderr
    assert "did you mean 'gate_blocking'?" in result.stderr and "ran" in result.stdout


def test_an_unknown_option_is_refused_before_anything_is_recorded(
    store: Store, repo: Path, credo: Credo
) -> None:
    """An unknown option exits 125, credo's own refusal (Click's usage error is 2, which
    `git bisect run` would take for a failing test)."""
    result = credo(repo, "run", "--no-such-option", "--", PY, "-c", "print('ran')")
    assert result.returncode == 125
    assert "No such option '--no-such-option'" in result.stderr and "Usage:" in result.stderr
    assert "ran" not in result.stdout and store.runs() == [] and store.experiments() == []


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--bogus", "sweep", "--", PY, "-c", "print('ran {1,2}')"], 125),
        (["-C", "run", "--bogus", "ls"], 2),  # -C's value is no command: ls is, Click's 2
        (["--bogus", "ls"], 2),
    ],
)
def test_a_usage_error_before_the_command_is_125_only_for_run_and_sweep(
    store: Store, repo: Path, credo: Credo, args: list[str], code: int
) -> None:
    """credo's own options given wrong are credo's refusal (125) on a line that runs a
    command; elsewhere Click's usage error (2), as before."""
    result = credo(repo, *args)
    assert result.returncode == code and "No such option '--bogus'" in result.stderr
    assert "ran" not in result.stdout and store.runs() == []


def test_git_bisect_run_skips_a_commit_credo_cannot_run_at_and_finds_the_first_bad(
    repo: Path, credo: Credo
) -> None:
    """`git bisect run credo run -- python t.py` over a commit whose config.toml a bad
    merge broke: credo refused to run there with exit 1, which bisect takes for a
    failing test, and it named that good commit as the first bad one. credo's own
    refusal is 125, as `docker run` says it, and bisect skips the commit."""
    ok(credo(repo, "init"))
    config = repo / ".credo" / "config.toml"
    kept = config.read_text()
    commit_file(repo, "t.py", "raise SystemExit(0)\n", "a test that passes")
    git(repo, "add", ".credo")
    git(repo, "commit", "-q", "-m", "Track the board")
    good = git(repo, "rev-parse", "HEAD")
    for n in range(1, 8):  # 8 commits to bisect, a line: its first look is the 4th
        commit_file(repo, "notes.md", f"{n}\n", f"notes {n}")
        if n in (4, 5):  # broken at the 4th, mended at the 5th
            config.write_text('gate_packs = ["data"\n' if n == 4 else kept)
            git(repo, "commit", "-q", "--amend", "--no-edit", "-a")
    bad = commit_file(repo, "t.py", "raise SystemExit(1)\n", "break the test")
    git(repo, "bisect", "start", bad, good)
    found = subprocess.run(
        ["git", "bisect", "run", CREDO, "run", "--skip-gate", "--", PY, "t.py"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "no run starts while .credo/config.toml is broken (" in found.stdout + found.stderr
    assert f"{bad} is the first bad commit" in found.stdout, found.stdout + found.stderr


@pytest.mark.parametrize(
    ("before", "args", "said"),
    [
        ([], ["--tmiebox", "5m"], "No such option '--tmiebox'"),
        ([], ["--grace", "5s"], "--grace goes with --hard"),
        ([], [], "give the command to run"),
        (["--bogus"], [], "No such option '--bogus'"),
        (["-C", ".", "--verson"], [], "No such option '--verson'. Did you mean '--version'?"),
    ],
)
def test_git_bisect_run_skips_every_commit_where_credo_run_is_given_wrong(
    store: Store, repo: Path, credo: Credo, before: list[str], args: list[str], said: str
) -> None:
    """`git bisect run credo run --tmiebox 5m -- python t.py`: Click's usage error exits
    2, which bisect takes for a failing test, and it named a first bad commit though no
    test ran at any. credo's own refusal is 125, and bisect skips each commit; and so for
    credo's own options given wrong before `run` (`credo --bogus run -- ...`), which
    still exited 2."""
    commit_file(repo, "t.py", "raise SystemExit(0)\n", "a test that passes")
    good = git(repo, "rev-parse", "HEAD")
    for n in range(1, 4):
        commit_file(repo, "notes.md", f"{n}\n", f"notes {n}")
    bad = commit_file(repo, "t.py", "raise SystemExit(1)\n", "break the test")
    git(repo, "bisect", "start", bad, good)
    command = ["--", PY, "t.py"] if args or before else []
    found = subprocess.run(
        ["git", "bisect", "run", CREDO, *before, "run", "--skip-gate", *args, *command],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    told = found.stdout + found.stderr
    assert said in told and "is the first bad commit" not in told, told
    assert "There are only 'skip'ped commits left to test." in told, told
    assert store.runs() == []  # nothing ran, nothing recorded


def test_a_script_without_a_shebang_exits_126_like_a_shell(
    store: Store, repo: Path, credo: Credo
) -> None:
    (repo / "train.sh").write_text("echo hello\n")
    (repo / "train.sh").chmod(0o755)
    result = credo(repo, "run", "--skip-gate", "--", "./train.sh")
    assert result.returncode == 126
    assert "cannot start './train.sh': not a program" in result.stderr
    assert "signal None" not in result.stderr and "Traceback" not in result.stderr
    [run] = store.runs()
    assert run.exit_code == 126 and run.status.value == "did_not_start"  # nothing ran


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_a_reason_without_skip_gate_is_refused_not_dropped(
    store: Store, repo: Path, credo: Credo, command: str
) -> None:
    """`--reason` says why the gate is skipped: given alone, it was dropped without a word
    and the run went through the gate as if it had not been said."""
    said = credo(repo, command, "--reason", "init is fine", "--", PY, "-c", "print('{1,2}')")
    assert said.returncode == 125 and "--reason goes with --skip-gate" in said.stderr
    assert store.runs() == []


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_a_reason_to_skip_an_open_gate_is_said_not_recorded(
    store: Store, repo: Path, credo: Credo, command: str
) -> None:
    """`--skip-gate --reason` with the gate open (a first run) ran and dropped the reason
    without a word: nothing was skipped, and it now says so, and that the reason is not
    kept, where a skipped gate records it (and the report shows it)."""
    args = ["--skip-gate", "--reason", "init is fine", "--", PY, "-c", "print('{1,2}')"]
    said = credo(repo, command, "--hypothesis", "h", *args)
    assert said.returncode == 0, said.stderr
    assert "gate: open at" in said.stderr
    note = "--reason not recorded: the gate is open, so --skip-gate skipped nothing"
    assert said.stderr.count(note) == 1, said.stderr
    runs = store.runs()  # a sweep's two, its gate asked once
    assert len(runs) == (1 if command == "run" else 2)
    assert all("skip_reason" not in run.gate and run.gate["passed"] for run in runs)


def test_a_command_that_is_not_there_is_refused_before_anything_is_written(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A program on no folder of PATH is found as a shell finds it, before a hypothesis is
    asked or anything written: it exits 127 as a shell would, said once."""
    result = credo(repo, "run", "--hypothesis", "h", "--", "no-such-program-credo-test")
    assert result.returncode == 127
    said = "cannot start 'no-such-program-credo-test': command not found"
    assert result.stderr.count(said) == 1, result.stderr
    assert store.runs() == [] and store.experiments() == []
    assert "verdict" not in result.stderr and "next rung" not in result.stderr


@pytest.mark.parametrize(
    ("command", "code", "said"),
    [
        ("./data", 126, "cannot start './data': Is a directory"),
        ("", 127, "cannot start '': command not found"),
        ("mytool", 127, "cannot start 'mytool': command not found"),
        ("./prep.sh", 126, "cannot start './prep.sh': Permission denied (not executable: "),
        ("./nowhere.sh", 127, "cannot start './nowhere.sh': No such file or directory"),
        ("./gone", 127, "cannot start './gone': No such file or directory"),
        ("./prep.sh/x", 126, "cannot start './prep.sh/x': Not a directory"),
        ("./loop", 126, "cannot start './loop': Too many levels of symbolic links"),
    ],
)
def test_a_folder_or_an_empty_command_is_said_as_a_shell_says_it(
    store: Store, repo: Path, tmp_path: Path, credo: Credo, command: str, code: int, said: str
) -> None:
    """All said "Permission denied", which is what exec reports, not what went wrong; a
    name is looked up on PATH only, where a shell skips folders (`mytool` is one there).
    A path to nothing (`./gone` a link to nothing) said "command not found", which a shell
    says of a name alone: it says "No such file or directory" (and what else stops it
    following the path) as bash does, with bash's code. Each is found before the run is
    recorded: nothing is."""
    (repo / "data").mkdir()
    (repo / "gone").symlink_to("nowhere.sh")
    (repo / "loop").symlink_to("loop")
    (repo / "prep.sh").write_text("#!/bin/sh\necho prepared\n")  # not executable
    (tmp_path / "bin" / "mytool").mkdir(parents=True)
    path = f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"
    result = credo(repo, "run", "--skip-gate", "--", command, env={"PATH": path})
    assert result.returncode == code and said in result.stderr, result.stderr
    assert store.runs() == [] and "prepared" not in result.stdout
    words = said.removeprefix(f"cannot start {command!r}: ").partition(" (")[0]
    env = {**os.environ, "PATH": path}
    bash = subprocess.run(
        ["bash", "-c", shlex.quote(command)], cwd=repo, env=env, capture_output=True, text=True
    )
    assert bash.returncode == code and bash.stderr.endswith(f": {words}\n"), bash.stderr


def test_a_variable_set_before_the_command_says_to_use_env_and_keeps_its_secret(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo run -- WANDB_API_KEY=... python train.py` ran no shell to set the variable:
    it said only "command not found", and the shared run.toml's note kept the key."""
    key = "0123456789abcdef0123"
    result = credo(repo, "run", "--skip-gate", "--", f"WANDB_API_KEY={key}", "python", "x.py")
    said = (
        "cannot start 'WANDB_API_KEY=<redacted>': command not found (only a shell sets a "
        "variable so: write env WANDB_API_KEY=<redacted> before the command)"
    )
    assert result.returncode == 127 and said in result.stderr, result.stderr
    assert key not in result.stderr and store.runs() == []


def test_a_run_while_the_experiment_is_paused_names_it(
    store: Store, repo: Path, credo: Credo
) -> None:
    """It said only "no experiment is running", as if there were none to attach to."""
    ok(credo(repo, "exp", "start", "three seeds agree"))
    paused = json.loads(ok(credo(repo, "exp", "pause", "--json")).stdout)["short_id"]
    result = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "print('hi')"))
    assert (
        f"credo: experiment {paused} is paused: credo exp resume, or --exp {paused}, attaches runs"
    ) in result.stderr.splitlines(), result.stderr
    [run] = store.runs()
    assert run.experiment is None  # still ad hoc: attaching it is the person's choice


def test_in_a_script_with_no_experiment_the_run_is_ad_hoc(
    store: Store, repo: Path, credo: Credo
) -> None:
    result = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "print('hi')"))
    assert result.stdout == "hi\n"
    said = [line for line in result.stderr.splitlines() if "ad-hoc" in line]
    assert said == [
        "credo: no experiment is running: recording an ad-hoc run "
        "(--hypothesis TEXT or credo exp start gives the next runs one)"
    ]
    [run] = store.runs()
    assert run.experiment is None and run.status.value == "succeeded"
    assert store.experiments() == []
    report = json.loads(ok(credo(repo, "report", "--format", "json")).stdout)
    assert report["runs"] == [] and [r["id"] for r in report["adhoc_runs"]] == [run.id]
    markdown = ok(credo(repo, "report", "--format", "md")).stdout
    assert "## Ad-hoc runs (1)" in markdown


def test_the_run_folder_is_named_from_where_the_user_is(
    store: Store, repo: Path, credo: Credo
) -> None:
    """From a subfolder, `.git/credo/runs/<id>/` named no folder there: the path is said
    relative to the working directory, so it can be opened as printed."""
    (repo / "src").mkdir()
    result = ok(credo(repo / "src", "run", "--skip-gate", "--", PY, "-c", "pass"))
    folder = re.search(r"succeeded · .* · (\S+)/$", result.stderr, re.MULTILINE)
    assert folder is not None and folder.group(1).startswith("../.git/credo/runs/")
    assert (repo / "src" / folder.group(1) / "output.log").exists()


def test_a_failed_runs_output_is_named_from_where_the_user_is(
    store: Store, repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """From a subfolder, or with -C from outside the project, the verdict of a command
    that failed named `.credo/runs/<id>/output.log`, a file that is not there: it is
    named as the run folder is, relative to the working folder inside the project, else
    absolute; `credo show RUN` names it the same way."""
    (repo / "src").mkdir()
    result = credo(repo / "src", "run", "--skip-gate", "--", PY, "-c", "exit(3)")
    [run] = store.runs()
    log = f"../.git/credo/runs/{run.id}/output.log"
    assert result.stderr.endswith(f"what it printed is in {log}\n"), result.stderr
    assert f" · ../.git/credo/runs/{run.id}/\n" in result.stderr
    shown = ok(credo(repo / "src", "show", run.id[:6], env={"COLUMNS": "200"})).stdout
    assert f"    output: {log}\n" in shown
    assert (repo / "src" / log).is_file()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = credo(elsewhere, "-C", str(repo), "run", "--skip-gate", "--", PY, "-c", "exit(3)")
    [later] = [r for r in store.runs() if r.id != run.id]
    folder = store.run_folder(later.id)
    assert result.stderr.endswith(f"what it printed is in {folder / 'output.log'}\n")
    assert f" · {folder}/\n" in result.stderr
    shown = ok(credo(elsewhere, "-C", str(repo), "show", later.id[:6])).stdout
    assert f"    output: {folder / 'output.log'}\n" in shown


def test_a_running_experiment_whose_file_is_broken_is_named_not_passed_over(
    store: Store, repo: Path, credo: Credo
) -> None:
    """With the running experiment's file broken (a bad merge, an edit by hand), `credo
    run` said only "no experiment is running" and recorded the run apart from it."""
    ok(credo(repo, "exp", "start", "smaller LR fixes it"))
    [exp] = store.experiments()
    path = repo / ".credo" / "experiments" / f"{exp.id}.toml"
    path.write_text(path.read_text() + "hypothesis = = 'x'\n")
    named = f".credo/experiments/{exp.id}.toml: is not valid TOML"
    result = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "pass"))
    [said] = [line for line in result.stderr.splitlines() if named in line]
    assert said.startswith("credo: cannot read ") and "fix or remove it" in said, said
    assert said.endswith("(the running experiment may be in it)"), said
    shown = credo(repo, "exp", "show")
    assert shown.returncode == 1 and named in shown.stderr, shown.stderr
    assert "Traceback" not in shown.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("exp", "start", "a third idea"),
        ("exp", "resume"),
        ("gate",),
        ("check", "training-recipe", "--tick", "start-simple"),
    ],
    ids=["exp start", "exp resume", "gate", "check --tick"],
)
def test_what_acts_on_the_running_experiment_names_its_broken_file(
    store: Store, repo: Path, credo: Credo, command: tuple[str, ...]
) -> None:
    """With the running experiment's file broken, `credo exp start` and `exp resume` set
    a second one running beside it (two once the file is mended), the gate judged and
    `check --tick` recorded as for no experiment, each without a word: each names the file
    now, as `credo run` does."""
    ok(credo(repo, "exp", "start", "a first idea"))
    ok(credo(repo, "exp", "start", "a second idea", "--pause-running"))
    [second] = [e for e in store.experiments() if e.status == ExperimentStatus.RUNNING]
    path = repo / ".credo" / "experiments" / f"{second.id}.toml"
    path.write_text(path.read_text() + "hypothesis = = 'x'\n")
    result = credo(repo, *command)
    assert "Traceback" not in result.stderr
    named = f"cannot read .credo/experiments/{second.id}.toml: is not valid TOML"
    [said] = [line for line in result.stderr.splitlines() if named in line]
    assert said.endswith("(the running experiment may be in it)"), said


def test_a_run_let_through_with_checks_open_is_not_shown_as_needing_no_review(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A first run goes through with checks still to review; `credo show RUN` then said
    "gate: passed (no review needed)", which the record cannot know and was untrue."""
    ok(credo(repo, "exp", "start", "smaller LR fixes it"))
    launched = ok(credo(repo, "run", "--", PY, "-c", "pass")).stderr
    assert "to review when you can" in launched, launched
    [run] = store.runs()
    shown = ok(credo(repo, "show", run.id)).stdout
    [gate] = [line.strip() for line in shown.splitlines() if line.strip().startswith("gate:")]
    assert gate == "gate: passed", shown


def test_the_gate_counts_the_checks_left_for_runs_apart_from_those_to_review(
    store: Store, repo: Path, credo: Credo
) -> None:
    """The gate said "4 checks to review when you can (credo check)"; `credo check` then
    asked one and left three for the runs to answer, and once that one was ticked, the
    gate still sent people to `credo check`, which had nothing to ask."""
    ok(credo(repo, "exp", "start", "smaller LR fixes it"))
    said = ok(credo(repo, "gate")).stdout
    assert (
        "; 1 check to review when you can (credo check); 3 checks left for runs to answer" in said
    )
    ok(credo(repo, "check", "training-recipe", "--tick", "valid-not-augmented"))
    said = ok(credo(repo, "gate")).stdout
    assert "to review" not in said and "; 3 checks left for runs to answer" in said, said
    walked = ok(credo(repo, "check", "training-recipe")).stdout
    [left] = [line for line in walked.splitlines() if line.startswith("left for your runs")]
    assert {"loss-at-init", "seed-fixed", "losses-logged"} <= set(left.split(": ")[1].split(", "))


def test_through_pipes_the_commands_stderr_stays_apart_from_its_stdout(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo run -- cmd > out.json` in a script keeps out.json what cmd printed."""
    body = "import sys; print('{\"a\": 1}'); print('warning: slow', file=sys.stderr)"
    result = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", body))
    assert result.stdout == '{"a": 1}\n'
    assert "warning: slow" in result.stderr
    [run] = store.runs()
    log = (store.run_folder(run.id) / "output.log").read_text()
    assert '{"a": 1}' in log and "warning: slow" in log  # the log keeps both


@pytest.mark.parametrize("merged", ["", " 2>&1"], ids=["stdout", "stdout-and-stderr"])
def test_a_closed_output_ends_the_command_as_it_would_without_credo(
    store: Store, repo: Path, merged: str
) -> None:
    """`credo run -- cmd | head -2`: once head had its lines, credo dropped what it could
    no longer write, and the command ran on to its end. Alone, it gets SIGPIPE at its next
    write; through credo now too (credo closes its output), and the run says so. With
    `2>&1`, credo's own last lines met the closed pipe: credo exited 1, not as the command."""
    count = "i=0; while [ $i -lt 300 ]; do echo $i; sleep 0.01; i=$((i+1)); done; touch ran-on"
    command = f"sh -c {shlex.quote(count)}{merged}"

    def piped(line: str) -> tuple[str, str]:
        shell = f"{line} | head -2; echo status=${{PIPESTATUS[0]}}"
        done = subprocess.run(
            ["bash", "-c", shell], cwd=repo, capture_output=True, text=True, timeout=60
        )
        shown, _, status = done.stdout.rpartition("status=")
        return shown, status

    assert piped(command) == ("0\n1\n", "141\n")
    assert not (repo / "ran-on").exists()
    shown, status = piped(f"{CREDO} run --skip-gate -- {command}")
    assert status == "141\n"
    assert shown == "0\n1\n" or merged
    assert not (repo / "ran-on").exists()
    [run] = store.runs()
    assert (run.status, run.signal) == (RunStatus.KILLED, 13)
    closed = "the reader of its output went away (`| head`?), so its output was closed"
    assert run.note == f"killed by SIGPIPE; {closed}"


def test_unreadable_params_lines_are_counted_in_the_note(
    store: Store, repo: Path, credo: Credo, recorded: Callable[..., Run]
) -> None:
    run = recorded(
        "import os",
        "with open(os.environ['CREDO_PARAMS'], 'a') as f:",
        "    f.write('garbage\\n[1, 2]\\n{\"lr\": 0.1}\\n')",
    )
    assert run.params["lr"] == 0.1
    assert run.note == "2 unreadable lines in params.jsonl skipped"


def test_an_integer_param_wider_than_64_bits_is_written_so_any_toml_parser_reads_it(
    store: Store, repo: Path, credo: Credo
) -> None:
    """TOML integers are 64-bit: wider ones are written as text, and read back as numbers."""
    wide, logged = 2**64 + 1, -(2**70)
    script = f"from credo import log_params; log_params(logged={logged})"
    ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", script, "--seed", str(wide)))
    [run] = store.runs()
    written = tomllib.loads((store.credo_dir / "runs" / run.id / "run.toml").read_text())

    def integers(value: object) -> list[int]:
        if isinstance(value, dict):
            return [n for v in value.values() for n in integers(v)]
        if isinstance(value, list):
            return [n for v in value for n in integers(v)]
        return [value] if isinstance(value, int) else []

    assert all(-(2**63) <= n < 2**63 for n in integers(written))
    assert written["params"]["seed"] == str(wide) and written["params"]["logged"] == str(logged)
    assert run.params["seed"] == wide and run.params["logged"] == logged
    assert f"seed={wide} logged={logged}" in ok(credo(repo, "show", run.id)).stdout
    listed = ok(credo(repo, "runs", "ls", "--where", f"seed>{2**63}")).stdout
    assert listed.splitlines()[-1] == "1 run"


def test_a_number_too_long_for_python_to_read_is_text_not_a_traceback(
    store: Store, repo: Path, credo: Credo
) -> None:
    digits = "1" * 5000  # int() reads 4300 digits at most
    result = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "pass", "--seed", digits))
    assert "Traceback" not in result.stderr
    [run] = store.runs()
    assert run.status.value == "succeeded"
    assert "seed" not in run.params  # text that long looks like a secret: left out


def test_a_line_break_in_a_param_or_metric_name_never_splits_a_row(
    store: Store, repo: Path, credo: Credo, recorded: Callable[..., Run]
) -> None:
    run = recorded(
        "from credo import log_params, log_metric",
        "log_params(note='a\\nb')",
        "log_metric(step=0, **{'new\\nline': 1.0})",
    )
    assert run.params["note"] == "a\nb"  # the record keeps what was logged
    table = ok(credo(repo, "runs", "ls", env={"COLUMNS": "300"})).stdout.splitlines()
    assert table[0] == "every run shown: note=a␊b" and len(table) == 4
    assert "new␊line" in table[1] and table[3] == "1 run"
    shown = ok(credo(repo, "show", run.id)).stdout
    assert "params: note=a␊b" in shown and "metrics: new␊line 1" in shown


def test_the_markdown_report_shows_a_command_as_it_ran(
    store: Store, repo: Path, credo: Credo
) -> None:
    """Its pipes do not split the table, its backticks are not rewritten."""
    ok(credo(repo, "run", "--skip-gate", "--", "sh", "-c", "echo a | cat; echo `echo b`"))
    text = ok(credo(repo, "report", "--format", "md")).stdout
    [row] = [line for line in text.splitlines() if "echo a" in line]
    assert "``sh -c 'echo a \\| cat; echo `echo b`'``" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == row.count(" | ") + 2  # only the cells'


def test_a_command_is_shown_quoted_as_a_shell_would_run_it_again(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo show` and the report joined the words with spaces: `-c print(1) a b c"d`
    could not be told from other commands, nor pasted into a shell to run it again."""
    command = [PY, "-c", "import sys; print(sys.argv[1:])", "a b", 'c"d', "", "$HOME"]
    ok(credo(repo, "run", "--skip-gate", "--", *command))
    [run] = store.runs()
    again = "'import sys; print(sys.argv[1:])' 'a b' 'c\"d' '' '$HOME'"
    assert f"{PY} -c {again}" in ok(credo(repo, "show", run.id[:6])).stdout
    report = json.loads(ok(credo(repo, "report", "--format", "json")).stdout)
    [line] = report["adhoc_runs"]
    assert shlex.split(line["command"]) == command
    said = subprocess.run(
        ["sh", "-c", line["command"]], capture_output=True, text=True, check=True
    ).stdout
    assert said == ok(credo(repo, "run", "--skip-gate", "--", *command)).stdout


def test_a_metric_that_diverges_is_said_not_hidden_behind_its_last_finite_value(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A run whose loss became inf showed its last finite value (1.0) as its final loss,
    in `runs ls`, `show` and `--json`, and a sweep's diverged learning rate looked fine:
    its final loss is now `inf@2`, sorted after every number and matching no `loss<`."""
    from credo.agents.views import RunView
    from credo.domain.models import Divergence

    script = (
        "import sys\n"
        "from credo import log_metric\n"
        "tail = [float('inf'), float('nan')] if sys.argv[1] == 'high' else [0.9, 0.8]\n"
        "for step, loss in enumerate([2.0, 1.0, *tail]):\n"
        "    log_metric(step=step, loss=loss, acc=0.5)\n"
    )
    ok(credo(repo, "exp", "start", "A higher learning rate trains faster"))
    for lr in ("low", "high"):
        ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", script, lr))
    low, high = sorted(store.runs(), key=lambda r: r.started)
    assert high.metrics == {"acc": 0.5} and low.metrics == {"loss": 0.8, "acc": 0.5}
    assert high.diverged == {"loss": Divergence(step=2, value="inf")} and low.diverged == {}
    assert high.best == {"loss": 1.0, "acc": 0.5}  # the best it reached, said as best
    shown = ok(credo(repo, "show", high.id)).stdout
    assert "metrics: acc 0.5, loss inf@2" in " ".join(shown.split())
    table = ok(credo(repo, "runs", "ls", "--sort", "loss")).stdout.splitlines()
    ranked = [line.split()[1] for line in table[1:-1]]
    assert ranked == [low.id[:4], high.id[:4]] and "inf@2" in table[2]
    falling = ok(credo(repo, "runs", "ls", "--sort", "-loss")).stdout.splitlines()
    assert [line.split()[1] for line in falling[1:-1]] == ranked  # last either way
    below = ok(credo(repo, "runs", "ls", "--where", "loss<1")).stdout
    assert low.id[:4] in below and high.id[:4] not in below
    listed = {r["id"]: r for r in json.loads(ok(credo(repo, "runs", "ls", "--json")).stdout)}
    assert listed[high.id]["metrics"] == {"acc": 0.5}
    assert listed[high.id]["diverged"] == {"loss": {"step": 2.0, "value": "inf"}}
    [exp_json] = json.loads(ok(credo(repo, "exp", "ls", "--json")).stdout)
    assert exp_json["metrics"] == {"acc": 0.5}  # the later run's loss diverged: none to flatter
    assert exp_json["diverged"] == {"loss": {"step": 2.0, "value": "inf"}}
    assert "loss: inf@2" in ok(credo(repo, "exp", "show", exp_json["id"])).stdout
    side_by_side = ok(credo(repo, "runs", "compare", low.id, high.id)).stdout
    [loss_row] = [
        row for line in side_by_side.splitlines() if (row := line.split())[:1] == ["loss"]
    ]
    assert loss_row == ["loss", "0.8", "inf@2"]  # and no difference from 0.8
    compared = json.loads(ok(credo(repo, "runs", "compare", low.id, high.id, "--json")).stdout)
    assert compared["metrics"]["loss"] == {
        "values": [0.8, {"step": 2.0, "value": "inf"}],
        "deltas": [None, None],
    }
    view = RunView.of(high).model_dump(mode="json")  # what an agent's experiment detail holds
    assert view["metrics"] == {"acc": 0.5} and view["diverged"]["loss"]["value"] == "inf"


def test_a_number_shown_never_looks_like_a_different_one_beside_it(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo show` said `lr=10.0` where the runs table said `10`, and the table and
    `runs compare` wrote 0.30001 and 0.3 alike (4 significant digits), the very difference
    compared; `--json` gave a diverged step as `3.0`. A param is now written as it was
    given, metrics with the digits that tell them apart, and a step is an integer."""
    script = (
        "import sys\n"
        "from credo import log_metric\n"
        "log_metric(step=1, acc=float(sys.argv[4]))\n"
        "if sys.argv[4] == '0.5':\n"
        "    log_metric(step=3, loss=float('nan'))\n"
    )
    ok(credo(repo, "exp", "start", "A learning rate of ten is fine"))
    for lr, x in (("10.0", "0.3"), ("10", "0.30001"), ("10", "0.5")):
        ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", script, "--lr", lr, "--x", x))
    first, second, third = sorted(store.runs(), key=lambda r: r.started)
    assert (first.params["lr"], second.params["lr"]) == (10.0, 10)  # as typed: a float, an int
    assert "params: lr=10.0 x=0.3" in ok(credo(repo, "show", first.id)).stdout
    table = ok(credo(repo, "runs", "ls", "--sort", "acc")).stdout.splitlines()
    rows = {line.split()[1]: line.split() for line in table[1:-1]}
    assert rows[first.id[:4]][-4:-2] == ["10.0", "0.3"]  # lr, x; then acc, best:acc
    assert rows[second.id[:4]][-4:-2] == ["10", "0.30001"]
    side_by_side = ok(credo(repo, "runs", "compare", first.id, second.id)).stdout
    compared = {row[0]: row[1:] for line in side_by_side.splitlines() if (row := line.split())}
    assert compared["lr"] == ["10.0", "10"]
    assert compared["x"] == ["0.3", "0.30001"]
    assert compared["acc"] == ["0.3", "0.30001", "(+1e-05)"]
    listed = {r["id"]: r for r in json.loads(ok(credo(repo, "runs", "ls", "--json")).stdout)}
    step = listed[third.id]["diverged"]["loss"]["step"]
    assert step == 3 and isinstance(step, int)


def test_on_a_terminal_enter_accepts_try_the_command(store: Store, repo: Path) -> None:
    code, screen = on_terminal(
        repo,
        ["run", "--skip-gate", "--", PY, "-c", "pass"],
        [("Hypothesis", b"\r")],
    )
    assert code == 0, screen
    assert f"[try: {PY} -c pass]" in screen
    [exp] = store.experiments()
    assert exp.hypothesis == f"try: {PY} -c pass" and exp.status == ExperimentStatus.RUNNING
    assert exp.timebox == store.config.default_timebox
    [run] = store.runs()
    assert run.experiment == exp.id


def test_ctrl_c_at_the_hypothesis_prompt_exits_130_and_starts_nothing(
    store: Store, repo: Path
) -> None:
    code, screen = on_terminal(
        repo,
        ["run", "--skip-gate", "--", PY, "-c", "print('ran' + ' anyway')"],
        [("Hypothesis", ctrl_c_a_moment_later)],
    )
    assert code == 130, screen
    assert "Aborted!" not in screen and "credo: interrupted" in screen
    assert "ran anyway" not in screen
    assert store.experiments() == [] and store.runs() == []


def test_ctrl_c_during_a_run_says_interrupted_once(store: Store, repo: Path) -> None:
    """ctrl-c during `credo run` ended with two lines saying it: `run 1a2b3c4 interrupted
    · signal 2 · ...` and `credo: interrupted (Ctrl+C)`, the run's note. The closing line
    says the note where the note says the status; the record keeps its note."""
    code, screen = on_terminal(
        repo,
        ["run", "--skip-gate", "--hypothesis", "waits", "--", PY, "-c", WAITS_FOR_CTRL_C],
        [("ready", ctrl_c_a_moment_later)],
    )
    assert code == 130, screen
    assert "child saw ctrl-c" in screen
    said = [line for line in screen.splitlines() if line.startswith("credo:")]
    said = [line for line in said if not line.startswith("credo: verdict:")]  # on metrics
    assert sum("interrupted" in line for line in said) == 1, said
    [run] = store.runs()
    short = store.short_id(Run, run.id)
    assert re.search(rf"credo: run {short} interrupted \(Ctrl\+C\) · signal 2 · ", screen)
    assert run.status == RunStatus.INTERRUPTED and run.note == "interrupted (Ctrl+C)"


def test_credo_run_names_its_experiment_and_run_as_the_lists_do(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo run` said `started experiment 4e9e1ab` and `run xmw3k2p succeeded`, seven
    characters each, where `credo exp ls` and `credo runs ls` list them as `4e9e` and
    `xmw3`, the shortest prefix no other id shares: one id, two lengths. It says them
    as the lists do (`Store.short_id`)."""
    result = credo(repo, "run", "--skip-gate", "--hypothesis", "h", "--", PY, "-c", "pass")
    assert result.returncode == 0, result.stderr
    [exp] = json.loads(ok(credo(repo, "exp", "ls", "--json")).stdout)
    [run] = store.runs()
    listed = ok(credo(repo, "runs", "ls")).stdout.splitlines()[1].split()
    assert listed[1] == store.short_id(Run, run.id) and listed[2] == exp["short_id"]
    assert f"credo: started experiment {exp['short_id']}: h · timebox 25m, up at " in result.stderr
    assert f"credo: run {listed[1]} succeeded · exit 0 · " in result.stderr
    assert len(exp["short_id"]) == len(listed[1]) == 4  # alone here: the shortest there is


def test_exp_attaches_a_run_to_any_open_experiment(store: Store, repo: Path, credo: Credo) -> None:
    planned = json.loads(
        ok(credo(repo, "exp", "start", "later", "--json")).stdout
    )  # running first,
    ok(credo(repo, "exp", "pause"))  # then paused
    ok(credo(repo, "exp", "start", "now running"))
    result = ok(credo(repo, "run", "--skip-gate", "-e", planned["short_id"], "--", PY, "-c", ""))
    assert f"run attached to experiment {planned['short_id']}, which is paused" in result.stderr
    [run] = store.runs()
    assert run.experiment == planned["id"]
    assert run.timebox is None  # a paused experiment's clock is stopped: no timebox left
    statuses = {e.hypothesis: e.status for e in store.experiments()}
    assert statuses == {"later": ExperimentStatus.PAUSED, "now running": ExperimentStatus.RUNNING}
    ok(credo(repo, "exp", "stop", planned["short_id"], "-o", "confirmed", "-l", "learnt"))
    closed = credo(repo, "run", "--skip-gate", "-e", planned["short_id"], "--", PY, "-c", "")
    assert closed.returncode == 125 and "is done: start a new one" in closed.stderr


def test_an_interpreters_own_options_are_not_the_scripts_params(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo run -- bash --norc script.sh --epochs 3` recorded `norc=script.sh`."""
    commit_file(repo, "script.sh", 'echo "ran $*"\n', "script")
    result = ok(
        credo(repo, "run", "--skip-gate", "--", "bash", "--norc", "script.sh", "--epochs", "3")
    )
    assert "ran --epochs 3" in result.stdout
    [run] = store.runs()
    assert run.params == {"epochs": 3}
    assert "params: epochs=3" in ok(credo(repo, "show", run.id[:8])).stdout


def test_a_launchers_own_options_are_not_the_scripts_params(
    store: Store, repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """`credo run -- srun --ntasks=2 ./train --lr 0.1` recorded the param `ntasks=2`, and
    `runs compare` read it and `srun -n4 ./train --lr 0.1` as one command."""
    launcher = tmp_path / "bin" / "srun"  # a stand-in: srun itself needs a cluster
    launcher.parent.mkdir()
    launcher.write_text('#!/bin/sh\necho "launched $*"\n')
    launcher.chmod(0o755)
    path = {"PATH": f"{launcher.parent}{os.pathsep}{os.environ['PATH']}"}
    for tasks in ("--ntasks=2", "-n4"):
        result = ok(
            credo(
                repo, "run", "--skip-gate", "--", "srun", tasks, "./train", "--lr", "0.1", env=path
            )
        )
        assert f"launched {tasks} ./train --lr 0.1" in result.stdout
    runs = store.runs()
    assert [run.params for run in runs] == [{"lr": 0.1}, {"lr": 0.1}]
    compared = json.loads(
        ok(credo(repo, "runs", "compare", *(run.id for run in runs), "--json")).stdout
    )
    assert sorted(compared["commands"]) == ["srun --ntasks=2 ./train", "srun -n4 ./train"]
    assert compared["params"] == {}, compared


def test_params_environment_and_machine_are_recorded_and_shown(
    store: Store, repo: Path, credo: Credo, tmp_path: Path
) -> None:
    (store.credo_dir / "config.toml").write_text('env_keep = ["LR", "OPT_*"]\n')
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "nvidia-smi").write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        "  --query-gpu=name,driver_version,memory.total)\n"
        '    echo "NVIDIA A100-SXM4-80GB, 550.54.15, 81920 MiB"\n'
        '    echo "NVIDIA A100-SXM4-80GB, 550.54.15, 81920 MiB";;\n'
        '  *) echo "| NVIDIA-SMI 550.54.15   Driver Version: 550.54.15   CUDA Version: 12.4 |";;\n'
        "esac\n"
    )
    (fake / "nvidia-smi").chmod(0o755)
    commit_file(
        repo,
        "train.py",
        "from credo import log_params\nlog_params(lr=0.001, optimizer='adamw', layers=[2, 3])\n",
        "train",
    )
    env = {
        "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}",
        "LR": "0.5",
        "OPT_BETA": "0.9",
        "OPT_TOKEN": "abc",
        "TF_CLI_CONFIG_FILE": "/home/ada/.terraformrc",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SLURM_JOB_ID": "812",
        "SLURM_ARRAY_JOB_ID": "800",
        "SLURM_ARRAY_TASK_ID": "3",
        "SLURM_JOB_NODELIST": "gpu[01-02]",
    }
    command = [PY, "train.py", "--lr", "3e-4", "--batch=64", "--amp", "--api-key", "sk-abc123"]
    ok(credo(repo, "run", "--skip-gate", "--hypothesis", "h", "--", *command, env=env))
    [run] = store.runs()
    assert run.params == {
        "lr": 0.001,  # what the script logged wins over the command line
        "batch": 64,
        "amp": True,
        "optimizer": "adamw",
        "layers": "[2, 3]",
    }
    assert run.env["LR"] == "0.5" and run.env["OPT_BETA"] == "0.9"
    assert "OPT_TOKEN" not in run.env  # a secret-looking name, globs or not
    assert "TF_CPP_MIN_LOG_LEVEL" in run.env and "TF_CLI_CONFIG_FILE" not in run.env
    machine = run.machine
    assert machine is not None and machine.host and machine.cpus
    assert [g.name for g in machine.gpus] == ["NVIDIA A100-SXM4-80GB"] * 2
    assert machine.gpus[0].driver == "550.54.15" and machine.gpus[0].memory == "81920 MiB"
    assert machine.cuda == "12.4"
    assert (machine.slurm_job, machine.slurm_array_job, machine.slurm_array_task) == (
        "812",
        "800",
        "3",
    )
    assert machine.slurm_nodes == "gpu[01-02]"
    on_disk = tomllib.loads((store.credo_dir / "runs" / run.id / "run.toml").read_text())
    assert on_disk["params"]["batch"] == 64 and on_disk["machine"]["cuda"] == "12.4"

    shown = ok(credo(repo, "exp", "show", env={"COLUMNS": "200"})).stdout
    assert "params: lr=0.001 batch=64 amp=true optimizer=adamw layers=[2, 3]" in shown
    assert "2× NVIDIA A100-SXM4-80GB (driver 550.54.15, CUDA 12.4)" in shown
    assert "SLURM 800_3 on gpu[01-02]" in shown
    data = json.loads(ok(credo(repo, "exp", "show", "--json")).stdout)
    assert data["runs"][0]["params"]["amp"] is True and data["runs"][0]["state"] == "succeeded"
    alone = ok(credo(repo, "show", run.id[:6], env={"COLUMNS": "200"})).stdout
    assert f"run {run.id[:4]}" in alone and "experiment" in alone and "params: lr=0.001" in alone
    as_json = json.loads(ok(credo(repo, "show", run.id[:6], "--json")).stdout)
    assert as_json["machine"]["gpus"][0]["driver"] == "550.54.15"


def test_show_run_says_where_its_output_is(store: Store, repo: Path, credo: Credo) -> None:
    """A run that failed on Monday, shown on Friday: `credo show RUN` said 'failed · exit
    3' and nothing of where the error it printed was kept."""
    crash = "import sys; print('CUDA out of memory', file=sys.stderr); sys.exit(3)"
    assert credo(repo, "run", "--", PY, "-c", crash).returncode == 3
    [run] = store.runs()
    shown = ok(credo(repo, "show", run.id[:6], env={"COLUMNS": "200"})).stdout
    assert f"    output: .git/credo/runs/{run.id}/output.log\n" in shown
    kept = store.run_folder(run.id) / "output.log"
    assert "CUDA out of memory" in kept.read_text()
    kept.unlink()  # as in a teammate's clone: run.toml came through git, its output did not
    shown = ok(credo(repo, "show", run.id[:6], env={"COLUMNS": "200"})).stdout
    assert "    output: none in this clone\n" in shown
    kept.mkdir()  # a folder where the log goes was "none in this clone" too
    shown = ok(credo(repo, "show", run.id[:6], env={"COLUMNS": "200"})).stdout
    where = f".git/credo/runs/{run.id}/output.log"
    assert f"    output: {where} is not a plain file (not read)\n" in shown


def test_a_slurm_job_cancelled_in_its_queue_says_it_never_started(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A SLURM job cancelled before it started: `credo show` said `output: none in this
    clone` (there is none anywhere: it never ran), and `credo runs ls` gave its
    submission time as when it started. The record is the one `credo runs cancel` writes."""
    from credo.actions.experiments import start_experiment
    from credo.domain.models import SlurmJob
    from credo.runs.launch import RunRequest, cancel_queued, queue

    exp, _ = start_experiment(store, "a lower lr trains smoother")
    request = RunRequest(command=[PY, "train.py"], cwd=repo, experiment=exp.id)
    queued = queue(store, request, runner=None, slurm=SlurmJob(job="812", cluster="c"))
    cancel_queued(
        store, queued.id, "SLURM job 812: cancelled before it started", "credo runs cancel"
    )
    submitted = f"submitted to SLURM {queued.started.astimezone():%Y-%m-%d %H:%M}"
    env = {"COLUMNS": "200"}

    shown = ok(credo(repo, "show", queued.id[:6], env=env)).stdout
    assert "    output: none (never started)\n" in shown and "in this clone" not in shown
    lines = shown.splitlines()
    assert lines[1].startswith("  cancelled ") and "  never started  " in lines[1], shown
    assert lines[2] == f"    {submitted}", shown
    listed = ok(credo(repo, "exp", "show", env=env)).stdout
    assert f"\n    {submitted}\n" in listed and "never started" in listed
    row = ok(credo(repo, "runs", "ls", env=env)).stdout.splitlines()
    assert row[1].startswith("cancelled ") and row[1].endswith("  never started"), row
    assert f"{queued.started.astimezone():%m-%d %H:%M}" not in row[1]


def test_a_teammates_run_says_its_diffs_are_in_the_clone_that_ran_it(
    tmp_path: Path, credo: Credo
) -> None:
    """Runs are shared by committing `.credo/`, their patches are not (git-ignored): in
    Bob's clone, `credo show` said Alice's run's diffs were 'saved whole (… bytes) in
    start.patch' and in end.patch, files there are none of in his clone; `credo exp show`
    said so of its experiment's runs after `credo show` no longer did."""
    alice, bob = shared_board(tmp_path, credo)
    commit_file(alice, "train.py", "lr = 0.1\n", "A training script")
    exp = json.loads(ok(credo(alice, "exp", "start", "a smaller lr helps", "--json")).stdout)
    (alice / "train.py").write_text("lr = 0.2\n")  # not committed: saved in start.patch
    edit = "open('train.py', 'a').write('epochs = 3\\n')"  # while it runs: in end.patch
    ok(credo(alice, "run", "--skip-gate", "--", PY, "-c", edit))
    git(alice, "add", ".credo")
    git(alice, "commit", "-q", "-m", "Record the run")
    git(alice, "push", "-q", "origin", "HEAD")
    git(bob, "pull", "-q")
    [run] = Store.open(bob).runs()
    theirs = ok(credo(alice, "show", run.id[:6], env={"COLUMNS": "200"})).stdout
    assert "    diff: saved whole (" in theirs and "bytes) in start.patch" in theirs
    assert "(the code changed while it ran): saved whole (" in theirs
    shown = ok(credo(bob, "show", run.id[:6], env={"COLUMNS": "200"})).stdout
    assert ".patch" not in shown
    there = "bytes) in the clone that ran it, not in this one"
    assert "    diff: saved whole (" in shown and shown.count(there) == 2
    assert "    output: none in this clone\n" in shown
    theirs = ok(credo(alice, "exp", "show", env={"COLUMNS": "200"})).stdout
    assert "bytes) in start.patch" in theirs and "bytes) in end.patch" in theirs
    shown = ok(credo(bob, "exp", "show", exp["short_id"], env={"COLUMNS": "200"})).stdout
    assert ".patch" not in shown and shown.count(there) == 2


def test_a_run_made_in_a_worktree_keeps_its_files_after_the_worktree_is_removed(
    store: Store, repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """A run's output, diff and metrics were kept, git-ignored, in the worktree it ran in:
    the main worktree said 'output: none in this clone' for it, and `git worktree remove`,
    which deletes ignored files without asking, lost them. They are kept in the clone's
    git folder, which every worktree reads and the removal leaves alone."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the board")
    linked = tmp_path / "second-branch"
    git(repo, "worktree", "add", "-q", str(linked), "-b", "try")
    (linked / "notes.txt").write_text("not committed\n")  # saved in start.patch
    code = "from credo import log_metric; print('epoch 1'); log_metric(step=1, loss=0.5)"
    ok(credo(linked, "run", "--skip-gate", "--", PY, "-c", code))
    (linked / "notes.txt").unlink()
    git(linked, "add", "-A")
    git(linked, "commit", "-q", "-m", "Record the run")
    git(repo, "merge", "-q", "try")
    [run] = store.runs()

    def seen_from_the_main_worktree() -> None:
        shown = ok(credo(repo, "show", run.id[:6], env={"COLUMNS": "200"})).stdout
        assert f"    output: .git/credo/runs/{run.id}/output.log\n" in shown
        folder = store.run_folder(run.id)
        assert (folder / "output.log").read_text() == "epoch 1\n"
        assert "+not committed" in (folder / "start.patch").read_text()
        assert '"loss": 0.5' in (folder / "metrics.jsonl").read_text()

    seen_from_the_main_worktree()
    git(repo, "worktree", "remove", str(linked))  # no --force: git sees nothing to lose
    assert not linked.exists()
    seen_from_the_main_worktree()


def test_every_json_names_a_runs_folder_as_an_absolute_path(
    store: Store, repo: Path, credo: Credo, recorded: Callable[..., Run]
) -> None:
    """`exp show --json`, `show RUN --json` and `runs ls --json` gave the folder relative
    to the project root (`.git/credo/runs/<id>`) but absolute from a linked worktree,
    while `cwd`, `runner.project` and `init --json`'s `path` are absolute."""
    ok(credo(repo, "exp", "start", "a warm-up helps"))
    run = recorded("print('epoch 1')")
    folder = str(store.run_folder(run.id))
    (repo / "src").mkdir()  # from a subfolder too
    [in_exp] = json.loads(ok(credo(repo, "exp", "show", "--json")).stdout)["runs"]
    shown = json.loads(ok(credo(repo / "src", "show", run.id, "--json")).stdout)
    [listed] = json.loads(ok(credo(repo, "runs", "ls", "--json")).stdout)
    assert in_exp["folder"] == shown["folder"] == listed["folder"] == folder
    assert Path(folder, "output.log").read_text() == "epoch 1\n"


def test_a_runs_files_an_older_credo_kept_beside_its_record_are_still_read_there(
    store: Store, repo: Path, credo: Credo
) -> None:
    """Before runs' files were kept in the clone's git folder, each run kept them beside
    its record, `.credo/runs/<id>/`: there they are still read."""
    ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "print('old')"))
    [run] = store.runs()
    kept = store.run_folder(run.id)
    beside = store.credo_dir / "runs" / run.id
    (kept / "output.log").rename(beside / "output.log")  # where an older credo wrote it
    kept.rmdir()
    assert store.run_folder(run.id) == beside
    shown = ok(credo(repo, "show", run.id[:6], env={"COLUMNS": "200"})).stdout
    assert f"    output: .credo/runs/{run.id}/output.log\n" in shown


def test_without_nvidia_smi_nothing_is_said_about_gpus(
    store: Store, repo: Path, credo: Credo, tmp_path: Path
) -> None:
    bare = bare_path(tmp_path / "bare", "git", "sh")
    result = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "pass", env={"PATH": bare}))
    assert "nvidia" not in result.stderr.lower()
    [run] = store.runs()
    assert run.machine is not None and run.machine.gpus == [] and run.machine.cuda == ""


def untracked_names(repo: Path) -> list[str]:
    """The names of the files under .credo/runs that git would add (not ignored)."""
    listed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", ".credo/runs"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted({line.rsplit("/", 1)[-1] for line in listed.splitlines()})


def test_heavy_files_stay_local_unless_the_project_shares_them(
    store: Store, repo: Path, credo: Credo
) -> None:
    code = "from credo import log_metric; print('x'); log_metric(step=1, loss=1.0)"
    (repo / "README.md").write_text("changed\n")  # a patch is saved
    ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", code))
    assert untracked_names(repo) == [".gitignore", "run.toml"]
    [run] = store.runs()
    assert (store.run_folder(run.id) / "start.patch").exists()
    (store.credo_dir / "config.toml").write_text("share_run_artifacts = true\n")
    ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", code))
    assert untracked_names(repo) == [
        ".gitignore",
        "metrics.jsonl",
        "output.log",
        "run.toml",
        "start.patch",
    ]


def test_a_runs_diff_leaves_out_its_data_and_what_it_cannot_hold_and_says_so(
    store: Store, repo: Path, credo: Credo
) -> None:
    """Untracked data was copied into every run's start.patch (megabytes a run), though
    the run fingerprints it; a checkpoint too big for the diff was shown as included."""
    (store.credo_dir / "config.toml").write_text('data_paths = ["data"]\n')
    (repo / "data").mkdir()
    (repo / "data" / "train.csv").write_text("x,y\n" * 30_000)
    (repo / "train.py").write_text("print('train')\n")
    with open(repo / "last.ckpt", "wb") as checkpoint:
        checkpoint.truncate(500 * 2**20)  # sparse: 500 MB on no disk
    ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "print(1)"))
    [run] = store.runs()
    patch = (store.run_folder(run.id) / "start.patch").read_text()
    assert "train.csv" not in patch and "last.ckpt" not in patch and "+print('train')" in patch
    assert run.data["data"].startswith("blake2b:")
    shown = ok(credo(repo, "show", run.id[:6], env={"COLUMNS": "300"})).stdout
    assert (
        "; untracked included: train.py; left out: data (data, fingerprinted), "
        "last.ckpt (over 64 MB)\n"
    ) in shown


def test_a_data_path_that_is_not_there_is_said_as_the_run_starts(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A typo in data_paths (`dat` for `data`) was recorded as the data `missing` in
    silence; the runs after the typo was mended were then said to mix a data change with
    the model change, and nothing had said why."""
    (store.credo_dir / "config.toml").write_text('data_paths = ["dat"]\n')
    (repo / "data").mkdir()
    result = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "print(1)"))
    assert (
        "credo: dat: not there (data_paths in .credo/config.toml names it): the run records "
        "its data as missing\n"
    ) in result.stderr
    [run] = store.runs()
    assert run.data == {"dat": "missing"}


def test_show_says_when_the_code_changed_while_the_run_ran(
    store: Store, repo: Path, credo: Credo
) -> None:
    """The run saved end.patch (train.py edited while it ran) but `credo show RUN` said
    only the diff at its start: which code ran was not said to be in doubt."""
    edit = "open('README.md', 'a').write('edited during the run\\n')"
    ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", edit))
    [run] = store.runs()
    shown = ok(credo(repo, "show", run.id[:6], env={"COLUMNS": "300"})).stdout
    assert "    diff: not needed (clean tree)\n" in shown
    assert "    diff at the end (the code changed while it ran): saved whole (" in shown
    assert "in end.patch\n" in shown


SECRETS = [
    "--api-key",
    "sk-live0123456789abcdef",
    "--db=postgres://ada:hunter2@db.lab/runs",
    "WANDB_API_KEY=0123456789abcdef0123456789abcdef01234567",
]


@pytest.mark.parametrize("share", [False, True])
def test_a_commands_secrets_stay_out_of_what_git_shares(
    store: Store, repo: Path, credo: Credo, share: bool
) -> None:
    """run.toml, shared through git, kept `--api-key sk-...` word for word."""
    if share:
        (store.credo_dir / "config.toml").write_text("share_run_artifacts = true\n")
    code = "import sys, json; print(json.dumps(sys.argv[1:]))"
    result = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", code, "--lr", "0.1", *SECRETS))
    assert json.loads(result.stdout.splitlines()[0]) == ["--lr", "0.1", *SECRETS]  # it ran whole
    [run] = store.runs()
    assert run.command[3:] == [
        "--lr",
        "0.1",
        "--api-key",
        "<redacted>",
        "--db=<redacted>",
        "WANDB_API_KEY=<redacted>",
    ]
    assert run.params == {"lr": 0.1}
    shared = (store.credo_dir / "runs" / run.id / "run.toml").read_text()
    assert not any(word in shared for word in ("sk-live", "hunter2", "0123456789abcdef"))
    assert "full-command.json" not in untracked_names(repo)  # never offered to git
    shown = ok(credo(repo, "show", run.id[:8])).stdout
    assert "<redacted>" in shown and "sk-live" not in shown


def test_a_commands_secrets_outlive_the_worktree_it_ran_in_with_shared_files(
    store: Store, repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """With share_run_artifacts = true, full-command.json stayed git-ignored beside
    run.toml in the worktree the run was made in: `git worktree remove` deleted it. It is
    kept in the clone's git folder, as a run's unshared files are."""
    from credo.runs.command import local_command

    (store.credo_dir / "config.toml").write_text("share_run_artifacts = true\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the board, sharing runs' files")
    linked = tmp_path / "second-branch"
    git(repo, "worktree", "add", "-q", str(linked), "-b", "try")
    ok(credo(linked, "run", "--skip-gate", "--", PY, "-c", "print('epoch 1')", *SECRETS))
    git(linked, "add", "-A")
    git(linked, "commit", "-q", "-m", "Record the run")
    git(repo, "merge", "-q", "try")
    git(repo, "worktree", "remove", str(linked))
    [run] = store.runs()
    assert local_command(store, run) == [PY, "-c", "print('epoch 1')", *SECRETS]
    beside = store.credo_dir / "runs" / run.id  # the shared files are still beside the record
    assert (store.run_folder(run.id) / "output.log").read_text() == "epoch 1\n"
    assert store.run_folder(run.id) == beside and "full-command.json" not in untracked_names(repo)


def test_a_queued_run_starts_with_the_secrets_its_record_leaves_out(
    store: Store, repo: Path, credo: Credo, tmp_path: Path
) -> None:
    """A sweep's runs start later from their records: with the whole command."""
    code = f"import sys; open({str(tmp_path / 'argv')!r} + sys.argv[-1], 'w').write(sys.argv[2])"
    result = credo(
        repo,
        "sweep",
        "--skip-gate",
        "--",
        PY,
        "-c",
        code,
        "--token",
        "ghp_0123456789abcdefABCDEF0123456789abcd",
        "{1,2}",
    )
    assert result.returncode == 0, result.stderr
    assert (
        sorted(p.read_text() for p in tmp_path.glob("argv*"))
        == ["ghp_0123456789abcdefABCDEF0123456789abcd"] * 2
    )
    assert all(run.command[4] == "<redacted>" for run in store.runs())
    assert "full-command.json" not in untracked_names(repo)


def test_a_queued_run_whose_secrets_are_not_in_this_clone_says_so(
    store: Store, repo: Path, credo: Credo
) -> None:
    from credo.actions.runs import run_job
    from credo.errors import CredoError
    from credo.runs.launch import RunRequest, queue

    run = queue(
        store,
        RunRequest(
            command=[PY, "-c", "pass", "--token", "ghp_0123456789abcdefABCDEF0123456789abcd"],
            cwd=repo,
        ),
        runner=None,
        slurm=None,
    )
    (store.run_folder(run.id) / "full-command.json").unlink()  # as in a teammate's clone
    with pytest.raises(CredoError, match="kept only in the clone that queued it") as error:
        run_job(store, run.id, say=print)
    # where the file is now, not .credo/runs/<id>/ beside the record
    assert f" and .git/credo/runs/{run.id}/full-command.json is missing" in str(error.value)
    [still] = store.runs()
    assert still.status == "queued"


def test_a_read_only_credo_folder_is_one_clear_error(
    store: Store, repo: Path, credo: Credo
) -> None:
    ok(credo(repo, "exp", "start", "read only"))
    credo_dir = store.credo_dir
    script = (
        f"mount --bind {credo_dir} {credo_dir} && mount -o remount,bind,ro {credo_dir} && "
        f"exec {sys.executable} -m credo run --skip-gate -- {PY} -c \"print('ran')\""
    )
    result = subprocess.run(
        [*own_mounts(), "sh", "-c", script],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 125, result.stderr
    assert "Traceback" not in result.stderr and "ran" not in result.stdout
    [line] = [line for line in result.stderr.splitlines() if "error" in line.lower()]
    assert line.startswith("error: cannot write .credo/") and line.endswith(
        ": Read-only file system; remount it read-write, or work in a clone where credo can write"
    )
    assert store.runs() == []


def test_a_disk_that_fills_mid_run_never_stops_the_training(store: Store, repo: Path) -> None:
    """The metrics file refused a line (a full disk) and `log_metric` raised: the training
    died of credo's logging. Now it goes on, said once; the terminal still shows every
    line, and the end record says where the saved output stops and why."""
    train = (
        "from credo import log_metric\n"
        "for step in range(2000):\n"
        "    log_metric(step=step, loss=1 / (step + 1))\n"
        "    print('step', step)\n"
        "print('training done')\n"
    )
    done = subprocess.run(
        room_for(16_000, CREDO, "run", "--skip-gate", "--", PY, "-c", train),
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.splitlines()[-2:] == ["step 1999", "training done"]
    [run] = store.runs()
    assert run.status == RunStatus.SUCCEEDED and run.exit_code == 0
    folder = store.run_folder(run.id)
    metrics = folder / "metrics.jsonl"
    said = f"credo: cannot save to {metrics} (File too large): the run goes on, "
    assert done.stderr.count(said) == 1
    saved = (folder / "output.log").stat().st_size
    assert run.output == f"saving output.log stopped after {saved} bytes: File too large"
    assert run.output in run.note
    assert 0 < len(metrics.read_bytes().splitlines()) < 2000


def test_a_run_past_its_experiments_timebox_says_what_to_do(
    store: Store, repo: Path, credo: Credo
) -> None:
    """It said only that the timebox was spent: closing the experiment or adding time on
    purpose, each with its command, is what a newcomer looks for next."""
    import time

    started = json.loads(ok(credo(repo, "exp", "start", "quick look", "-b", "1s", "--json")).stdout)
    time.sleep(1.2)
    result = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", ""))
    short = started["short_id"]
    assert "the experiment's timebox is spent (+00:0" in result.stderr
    assert f"credo exp stop {short} --outcome ... --learning ..." in result.stderr
    assert f"credo exp extend {short} 15m --reason ..." in result.stderr


def test_time_added_to_the_experiment_during_a_hard_run_moves_the_runs_end(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A run without its own --timebox takes what is left of its experiment's; extending
    the experiment meanwhile (`credo exp extend`, from another terminal or the board)
    still stopped the training at the old end: the end was fixed when the run started."""
    import time
    from datetime import timedelta

    from credo.actions.experiments import extend_experiment

    # A box of 30 s: the minute is added once the command has started, well within it
    # however loaded the machine; the command goes on past the old end, and ends when
    # told, once credo has said that the run may go on and the old end has passed.
    go = repo.parent / "go"  # outside the repository the run captures
    child = (
        "import os, time\nprint('ready', flush=True)\n"
        f"while not os.path.exists({str(go)!r}): time.sleep(0.05)\n"
        "print('finished', flush=True)\n"
    )
    started = json.loads(
        ok(credo(repo, "exp", "start", "going well", "-b", "30s", "--json")).stdout
    )
    old_end = time.time() + 30  # the box's first end is no later than this
    run = subprocess.Popen(
        [CREDO, "run", "--skip-gate", "--hard", "--", PY, "-c", child],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run.stdout is not None and run.stderr is not None
    assert run.stdout.readline() == "ready\n", run.communicate()[1]
    extend_experiment(store, started["id"], timedelta(minutes=1), reason="going well")
    said = ""
    while "the experiment's timebox was extended: the run may go on" not in said:
        line = run.stderr.readline()
        assert line, said  # credo ended without saying it
        said += line
    time.sleep(max(0.0, old_end + 1 - time.time()))  # past the old end, still running
    go.touch()
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0 and "finished" in out, said + err
    [record] = store.runs()
    assert record.status == RunStatus.SUCCEEDED and record.timebox is not None
    assert record.timebox > timedelta(minutes=1)  # what it had, and the minute added


def test_a_hypothesis_that_cannot_start_an_experiment_is_refused_not_dropped(
    store: Store, repo: Path, credo: Credo
) -> None:
    """With an experiment running, `--hypothesis` was dropped without a word and the run
    became evidence for the running experiment's hypothesis instead."""
    running = json.loads(ok(credo(repo, "exp", "start", "lr 10 is too high", "--json")).stdout)
    short = running["short_id"]
    other = credo(repo, "run", "--skip-gate", "--hypothesis", "warmup helps", "--", PY, "-c", "")
    assert other.returncode == 125
    assert f"experiment {short} is running ('lr 10 is too high')" in other.stderr
    assert f"leave --hypothesis out to add this run to {short}" in other.stderr
    both = credo(
        repo, "run", "--skip-gate", "-e", short, "--hypothesis", "warmup helps", "--", PY, "-c", ""
    )
    assert both.returncode == 125 and "give one of them" in both.stderr
    assert store.runs() == [] and len(store.experiments()) == 1
    # the running experiment's own hypothesis (a script that started it) adds the run to it
    ok(credo(repo, "run", "--skip-gate", "--hypothesis", " lr 10  is too high", "--", PY, "-c", ""))
    [run] = store.runs()
    assert run.experiment == running["id"]


def test_grace_without_hard_is_refused_not_dropped(store: Store, repo: Path, credo: Credo) -> None:
    """`--grace 5s` ("With --hard: wait this long after SIGTERM") given without `--hard`
    ran the command as if it had not been said, where `--reason` without `--skip-gate`
    and `--sbatch` without `--slurm` are refused."""
    said = credo(repo, "run", "--grace", "5s", "--", PY, "-c", "print('ran')")
    assert said.returncode == 125 and "--grace goes with --hard" in said.stderr, said.stderr
    assert "ran" not in said.stdout and store.runs() == []
    ok(credo(repo, "run", "-b", "5m", "--hard", "--grace", "5s", "--", PY, "-c", "print('ran')"))


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_hard_without_a_timebox_is_refused_not_dropped(
    store: Store, repo: Path, credo: Credo, command: str
) -> None:
    """`--hard` ("Stop the command when the timebox is up") with no timebox at all, no
    --timebox and no running experiment's to follow (a sweep's runs never follow it),
    ran the command as if it had not been said: refused as --grace without --hard is."""
    args = ["--hard", "--", PY, "-c", "print('ran {1,2}')"]
    said = credo(repo, command, *args)
    assert said.returncode == 125 and "--hard goes with a timebox: " in said.stderr, said.stderr
    assert "ran" not in said.stdout and store.runs() == [] and store.experiments() == []
    ok(credo(repo, command, "--timebox", "5m", *args))
    if command == "run":  # a running experiment's time left is its timebox
        ok(credo(repo, "exp", "start", "h", "--timebox", "1h"))
        ok(credo(repo, "run", *args))
        assert [run.hard and run.timebox is not None for run in store.runs()] == [True, True]


def test_a_script_named_as_the_command_says_how_to_run_it(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo run train.py` (python left out) said only "cannot start 'train.py': command
    not found", with train.py right there: it now says the line that runs it."""
    (repo / "train.py").write_text("print('ran')\n")
    (repo / "prep.sh").write_text("echo prepared\n")
    said = credo(repo, "run", "--skip-gate", "train.py")
    assert said.returncode == 127 and "ran" not in said.stdout
    assert "cannot start 'train.py': command not found (a file here, not a command: " in said.stderr
    assert "credo run -- python train.py)" in said.stderr, said.stderr
    shell = credo(repo, "run", "--skip-gate", "prep.sh")
    assert "credo run -- ./prep.sh)" in shell.stderr, shell.stderr
    missing = credo(repo, "run", "--skip-gate", "trian.py")  # no such file: as a shell says
    assert missing.stderr.rstrip().endswith("cannot start 'trian.py': command not found")
    assert store.runs() == [] and store.experiments() == []


@pytest.mark.parametrize("here_too", [True, False], ids=["a file here so named", "none here"])
def test_a_name_on_path_not_executable_names_the_file_that_would_run(
    store: Store, repo: Path, tmp_path: Path, credo: Credo, here_too: bool
) -> None:
    """`credo run -- tool`, with `tool` on PATH but not executable and a file `tool` in
    the folder, said `chmod +x tool`, of the file here, which a name alone never runs
    (a shell looks it up on PATH only): the file on PATH is named, as bash names it, and
    the line that runs the one here is given."""
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "tool").write_text("#!/bin/sh\necho from path\n")  # not executable
    if here_too:
        (repo / "tool").write_text("#!/bin/sh\necho from here\n")
        (repo / "tool").chmod(0o755)
    env = {"PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    result = credo(repo, "run", "--skip-gate", "--", "tool", env=env)
    on_path = tmp_path / "bin" / "tool"
    bash = subprocess.run(
        ["bash", "-c", "tool"], cwd=repo, env={**os.environ, **env}, capture_output=True, text=True
    )
    assert bash.returncode == 126 and f"{on_path}: Permission denied" in bash.stderr
    here = "; for the file here: credo run -- ./tool" if here_too else ""
    said = (
        "cannot start 'tool': Permission denied (not executable: "
        f"chmod +x {shlex.quote(str(on_path))}, found on PATH{here})"
    )
    assert result.returncode == 126 and said in result.stderr, result.stderr
    assert store.runs() == [] and "from" not in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["run", "train.py"], 127, "(a file here, not a command: credo run -- python train.py)"),
        (
            ["run", "./train.py"],
            126,
            "Permission denied (not executable: credo run -- python ./train.py, or chmod +x",
        ),
        (
            ["sweep", "--", "train.py", "--seed", "{1,2}"],
            127,
            "(a file here, not a command: credo sweep -- python train.py)",
        ),
    ],
)
def test_a_command_that_cannot_start_is_refused_on_a_terminal_before_the_hypothesis(
    store: Store, repo: Path, args: list[str], code: int, said: str
) -> None:
    """`credo run train.py` (python left out) on a terminal, no experiment running, asked
    the hypothesis, started an experiment, and only then found that train.py is no
    command: a new experiment holding a run that did not start. The command is looked
    up first, as a shell does: refused with the shell's code, nothing asked or written."""
    (repo / "train.py").write_text("print('ran')\n")  # not executable either
    before = sorted(store.credo_dir.rglob("*"))
    code_seen, screen = on_terminal(repo, args, [("Hypothesis", b"\r")])
    assert code_seen == code, screen
    assert "Hypothesis" not in screen and said in screen, screen
    assert sorted(store.credo_dir.rglob("*")) == before  # nothing written


HYDRA_LIKE = """
import json, os, time
os.makedirs("outputs/day/run/.hydra", exist_ok=True)
open("outputs/day/run/.hydra/config.yaml", "w").write("lr: 0.1\\n")
open("outputs/day/run/train.log", "w").write("loss 0.5\\n")
json.dump({"finished": time.time()}, open("results.json", "w"))
"""


def test_outputs_a_run_writes_that_count_as_code_are_named_with_the_fix(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A run writing results.json and Hydra's outputs/ (matched by *.json, *.yaml) changed
    the code the next run saw: its checks were asked again and seed-fixed found no twin,
    and nothing said why. The run's end names them and the line of .gitignore that keeps
    them out; with it, the next two runs are at the same code."""
    commit_file(repo, "train.py", HYDRA_LIKE, "train")
    said = ok(credo(repo, "run", "--skip-gate", "--", PY, "train.py")).stderr
    line = (
        "credo: outputs/, results.json, new since the run started, count as code (code_paths): "
        "if the run wrote them, add them to .gitignore, or the next run's code differs from "
        "this one's\n"
    )
    assert line in said
    [run] = store.runs()
    assert "outputs/, results.json, new since" in run.note  # kept, for runs show and the board

    commit_file(repo, ".gitignore", "outputs/\nresults.json\n", "ignore the outputs")
    for _ in range(2):
        assert (
            "count as code"
            not in ok(credo(repo, "run", "--skip-gate", "--", PY, "train.py")).stderr
        )
    first, second = sorted(store.runs(), key=lambda r: r.started)[1:]
    assert first.git_start is not None and second.git_start is not None
    assert (first.git_start.sha, first.git_start.diff_hash) == (
        second.git_start.sha,
        second.git_start.diff_hash,
    )


def test_a_folder_that_held_files_before_the_run_is_not_offered_whole(
    store: Store, repo: Path, credo: Credo
) -> None:
    """outputs/ holding the user's own untracked notes: the run's new folder inside it is
    named, not outputs/ (ignoring that would hide the notes from every run's diff); a file
    in a folder git tracks is named itself, and a new file that is not code not at all."""
    commit_file(repo, "src/model.py", "", "model")
    (repo / "outputs").mkdir()
    (repo / "outputs" / "notes.yaml").write_text("mine: 1\n")
    code = (
        "import os; os.makedirs('outputs/day/run');"
        "open('outputs/day/run/config.yaml', 'w').write('a: 1\\n');"
        "open('src/out.json', 'w').write('{}');"
        "open('train.log', 'w').write('loss 0.5\\n')"
    )
    said = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", code)).stderr
    assert "credo: outputs/day/, src/out.json, new since the run started, count as code" in said


def test_an_output_the_run_rewrote_is_named_as_changed(
    store: Store, repo: Path, credo: Credo
) -> None:
    """results.json there before the run (written by hand, or its line ignored once) and
    rewritten by it changed the next run's code as a new one does, and nothing was said.
    It is named as changed, a new one as new, in one line; a file rewritten as it was, a
    tracked file edited meanwhile (the researcher's own, as often as not) and a log are not."""
    commit_file(repo, "src/model.py", "layers = 2\n", "model")
    (repo / "results.json").write_text('{"acc": 0.5}\n')
    (repo / "config.json").write_text('{"lr": 0.1}\n')
    (repo / "train.log").write_text("loss 0.9\n")
    code = (
        "import sys;"
        "open('results.json', 'w').write(sys.argv[1]);"
        "open('config.json', 'w').write('{\"lr\": 0.1}\\n');"  # the same text again
        "open('train.log', 'a').write('loss 0.5\\n');"
        "open('src/model.py', 'w').write('layers = 3\\n')"
    )
    said = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", code, '{"acc": 0.9}')).stderr
    line = (
        "credo: results.json, changed since the run started, counts as code (code_paths): "
        "if the run wrote it, add it to .gitignore, or the next run's code differs from "
        "this one's\n"
    )
    assert line in said

    code += ";open('metrics.json', 'w').write('{}')"
    said = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", code, '{"acc": 0.8}')).stderr
    assert (
        "credo: metrics.json, new since the run started, and results.json, changed, count "
        "as code (code_paths): if the run wrote them, add them to .gitignore, or the next "
        "run's code differs from this one's\n"
    ) in said
    assert "model.py" not in said and "config.json" not in said
    newest = max(store.runs(), key=lambda run: run.started)
    assert "and results.json, changed, count as code" in newest.note


HYDRA = """
import os, sys
run = f"outputs/2026-12-0{sys.argv[1]}/17-30-0{sys.argv[2]}"
os.makedirs(f"{run}/.hydra")
open(f"{run}/.hydra/config.yaml", "w").write("lr: 0.1\\n")
open(f"{run}/train.log", "w").write("loss 0.5\\n")
"""


def test_hydras_later_runs_name_the_outputs_folder_whole(
    store: Store, repo: Path, credo: Credo
) -> None:
    """Hydra writes outputs/<day>/<time>/ a run: the first run named outputs/, and the
    second, outputs/ there from the first and its line not added, named
    outputs/2026-12-06/17-30-01/, a .gitignore line a run. What outputs/ held before was
    written by earlier runs, so outputs/ is named again, on the same day or the next."""
    commit_file(repo, "train.py", HYDRA, "train")
    said = ok(credo(repo, "run", "--skip-gate", "--", PY, "train.py", "6", "0")).stderr
    assert "credo: outputs/, new since the run started, counts as code" in said
    for day, time in (("6", "1"), ("7", "0")):
        said = ok(credo(repo, "run", "--skip-gate", "--", PY, "train.py", day, time)).stderr
        assert "credo: outputs/, new since the run started, counts as code" in said

    # a file of the user's in outputs/ is not hidden by the line: the highest folder
    # holding none of it is named, the day's (what it held earlier runs wrote)
    (repo / "outputs" / "notes.yaml").write_text("mine: 1\n")
    said = ok(credo(repo, "run", "--skip-gate", "--", PY, "train.py", "7", "1")).stderr
    assert "credo: outputs/2026-12-07/, new since the run started, counts" in said


def test_the_first_runs_of_two_clones_do_not_stop_a_pull(tmp_path: Path, credo: Credo) -> None:
    """Alice's and Bob's first runs each made `.credo/runs/.gitignore`; Bob committed his
    run, and Alice's `git pull` stopped: "untracked working tree files would be
    overwritten by merge: .credo/runs/.gitignore". `credo init` writes it, so the board's
    first commit holds it."""
    alice, bob = shared_board(tmp_path, credo)
    ok(credo(bob, "init"))
    for clone in (alice, bob):
        ok(credo(clone, "run", "--skip-gate", "--", PY, "-c", "print(1)"))
    git(bob, "add", ".credo")
    git(bob, "commit", "-q", "-m", "Bob's first run")
    git(bob, "push", "-q", "origin", "HEAD")
    pulled = subprocess.run(
        ["git", "pull", "-q", "--no-rebase", "origin", "main"],
        cwd=alice,
        capture_output=True,
        text=True,
        check=False,
    )
    assert pulled.returncode == 0, pulled.stderr
    assert len(Store.open(alice).runs()) == 2
