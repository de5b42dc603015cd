"""`credo exp ...` and `credo run` through the real console script in temp git repos."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from credo.domain.models import Experiment, ExperimentStatus, Run
from credo.store import Store
from processes import a_run_going
from terminal import on_terminal

Credo = Callable[..., CompletedProcess[str]]
PY = sys.executable


@pytest.fixture(autouse=True)
def no_gate(store: Store) -> None:
    """These tests are about runs; the checklist gate has its own (tests/cli/test_cli_check.py)."""
    config = store.credo_dir / "config.toml"
    config.write_text(config.read_text().replace('"training-recipe",', ""))


def ok(result: CompletedProcess[str]) -> CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def test_start_ls_show_stop_as_json(store: Store, repo: Path, credo: Credo) -> None:
    started = json.loads(
        ok(
            credo(repo, "exp", "start", "LR 3e-4 beats 1e-3", "-b", "2h", "-t", "lr", "--json")
        ).stdout
    )
    assert started["status"] == "running" and started["timebox"] == "2h"
    assert 7190 <= started["remaining_seconds"] <= 7200
    listed = json.loads(ok(credo(repo, "exp", "ls", "--json")).stdout)
    assert [e["id"] for e in listed] == [started["id"]]
    refused = credo(repo, "exp", "start", "another")
    assert refused.returncode == 1 and "is running" in refused.stderr
    no_outcome = credo(repo, "exp", "stop")
    assert no_outcome.returncode == 2 and "--outcome" in no_outcome.stderr
    ok(credo(repo, "exp", "stop", "-o", "confirmed", "-l", "it does", "-n", "try 1e-4"))
    shown = json.loads(ok(credo(repo, "exp", "show", started["short_id"], "--json")).stdout)
    assert shown["outcome"] == "confirmed" and shown["next_step"] == "try 1e-4"
    assert json.loads(ok(credo(repo, "exp", "ls", "-o", "refuted", "--json")).stdout) == []
    assert len(json.loads(ok(credo(repo, "exp", "ls", "-t", "lr", "--json")).stdout)) == 1
    made = json.loads(ok(credo(repo, "exp", "next", started["short_id"], "--json")).stdout)
    assert made["title"] == "try 1e-4" and made["experiments"] == [started["id"]]
    assert json.loads(ok(credo(repo, "show", made["short_id"], "--json")).stdout) == (
        made | {"commits": []}
    )


def test_an_exp_ls_filter_that_matches_none_says_so(repo: Path, credo: Credo) -> None:
    """`credo exp ls -t typo` said 'No experiments. Start one with credo exp start' in a
    log that had experiments, as if there were none."""
    assert ok(credo(repo, "exp", "ls")).stdout.startswith("No experiments. Start one")
    ok(credo(repo, "exp", "start", "Warmup helps", "-t", "lr"))
    for only in (["-t", "typo"], ["-s", "done"], ["-o", "refuted"]):
        assert ok(credo(repo, "exp", "ls", *only)).stdout == (
            "No experiment matches (credo exp ls with no options lists them all).\n"
        )


def test_exp_ls_piped_ends_no_line_in_spaces(repo: Path, credo: Credo) -> None:
    """Piped, `credo exp ls` padded every row with spaces to its longest (a hypothesis
    of 150 characters): `credo exp ls | head` in a narrower terminal showed a blank line
    under each row. On a terminal the hypothesis still wraps under its column."""
    long = "Warmup helps " + "the small model converge on the noisy split " * 3
    ok(credo(repo, "exp", "start", long.strip(), "-t", "lr"))
    ok(credo(repo, "exp", "pause"))
    ok(credo(repo, "exp", "start", "Short", "-b", "30m"))
    lines = ok(credo(repo, "exp", "ls")).stdout.splitlines()
    assert len(lines) == 3 and lines[0].split() == [
        "id",
        "status",
        "timebox",
        "left",
        "outcome",
        "hypothesis",
    ]
    assert [line for line in lines if line.endswith(" ")] == []
    assert lines[1].endswith("  Short") and lines[2].endswith(long.strip())
    shown, _ = _stdout_on_a_terminal(repo, "exp", "ls")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown).splitlines()
    assert len(plain) > 3 and max(map(len, plain)) <= 80  # the terminal's width
    assert plain[2].split()[-2:] == ["Warmup", "helps"] or "Warmup helps" in plain[2]


def _stdout_on_a_terminal(repo: Path, *args: str) -> tuple[str, str]:
    """credo with its stdout on a pseudo-terminal, as a person runs it, and its stderr
    a pipe: what each stream got."""
    import os
    import pty
    import subprocess

    from terminal import CREDO, default_signals

    master, slave = pty.openpty()
    done = subprocess.run(
        [CREDO, *args],
        cwd=repo,
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        preexec_fn=default_signals,
        check=True,
        timeout=60,
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # all read: the terminal's other end is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return shown.decode().replace("\r", ""), done.stderr.decode()


def test_a_timebox_with_no_unit_is_refused_as_any_unreadable_one(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo exp start -b 90` was taken as 90 minutes without a word, while `-b 30x` was
    told to "use a number with a unit": a bare number is refused with that message (and
    the minutes it may have meant), in each command that takes a duration."""
    for args, usage in (
        (("exp", "start", "warmup helps", "-b", "90"), 2),
        (("run", "--timebox", "90", "--", sys.executable, "-c", "pass"), 125),  # not the CMD's
    ):
        refused = credo(repo, *args)
        assert refused.returncode == usage, refused.stdout
        assert (
            "cannot read the duration '90': use a number with a unit, like 25m, 2h, 1h30m or "
            "1d (90m for minutes)" in refused.stderr
        ), refused.stderr
    assert not store.load(Experiment).items and not store.load(Run).items
    ok(credo(repo, "exp", "start", "warmup helps", "-b", "1h30m"))
    refused = credo(repo, "exp", "extend", "15")
    assert refused.returncode == 2 and "(15m for minutes)" in refused.stderr, refused.stderr
    (exp_,) = store.load(Experiment).items.values()
    assert exp_.extensions == []


def test_a_command_that_makes_an_item_answers_as_add_does(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo add` said `Added ID: ...` on stderr and, piped, the id alone on stdout, where
    `credo exp next`, which makes a task too, printed `ID title` on stdout: `id=$(credo
    exp next)` got the title with it, and `credo add 2>/dev/null` at a terminal showed
    nothing. Every command that makes an item now answers alike (`say_made`): piped, the
    id alone on stdout and the sentence on stderr; at a terminal, the sentence on stdout."""
    ok(credo(repo, "exp", "start", "warmup helps", "-b", "1h"))
    ok(credo(repo, "exp", "stop", "-o", "refuted", "-l", "no", "-n", "try 500 steps"))
    for args, said in (
        (("add", "Plot the loss !"), "Added {}: important, not urgent → Schedule"),
        (("exp", "next"), "Added {}: try 500 steps (important, not urgent → Schedule)"),
        (
            ("exp", "start", "a smaller lr", "-b", "1h"),
            "Started {}: a smaller lr · timebox 1h, up at {}",
        ),
    ):
        piped = ok(credo(repo, *args))
        short = piped.stdout.strip()
        assert piped.stdout == f"{short}\n" and 4 <= len(short) < 16, piped.stdout
        up = _up_at(store, short) if "up at" in said else ""
        assert piped.stderr.startswith(said.format(short, up) + "\n"), piped.stderr
    ok(credo(repo, "exp", "stop", "-o", "refuted", "-l", "no", "-n", "try 1e-4"))
    for args, said in (
        (("add", "Plot the loss !"), "Added {}: important, not urgent → Schedule"),
        (("exp", "next"), "Added {}: try 1e-4 (important, not urgent → Schedule)"),
        (
            ("exp", "start", "a larger batch", "-b", "1h"),
            "Started {}: a larger batch · timebox 1h, up at {}",
        ),
    ):
        shown, err = _stdout_on_a_terminal(repo, *args)
        short = shown.split(":")[0].split()[-1]
        up = _up_at(store, short) if "up at" in said else ""
        assert shown == said.format(short, up) + "\n", shown
        assert said.split(" ")[0] not in err, err


def _up_at(store: Store, short: str) -> str:
    """When the timebox of the experiment `short` is up, as the clock on the wall reads:
    `10:47`, or `00:09 on Tue 08 Dec` past midnight (these commands run seconds after the
    start, so the day the start fell on is the day they speak on)."""
    [exp] = [e for e in store.experiments() if e.id.startswith(short)]
    assert exp.started is not None
    pauses = timedelta(seconds=exp.paused_seconds)  # resumed: the time paused comes after
    up = (exp.started + pauses + exp.budget).astimezone()
    same_day = up.date() == exp.started.astimezone().date()
    return f"{up:%H:%M}" if same_day else f"{up:%H:%M on %a %d %b}"


def test_starting_an_experiment_says_its_timebox_and_when_it_is_up(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo exp start "warmup helps"` said `Started 3kf7: warmup helps` and no more: which
    timebox the project's default gave it, and when it is up, took `credo exp ls` (the
    board's `s` says `(25m)`). `credo run` starting one from its question said as little.
    Both now say the clock they started: `· timebox 25m, up at 10:47`."""
    piped = ok(credo(repo, "exp", "start", "warmup", "helps"))
    short = piped.stdout.strip()
    assert piped.stderr.startswith(
        f"Started {short}: warmup helps · timebox 25m, up at {_up_at(store, short)}\n"
    )
    ok(credo(repo, "exp", "stop", "-o", "refuted", "-l", "no", "-n", "-"))
    ran = ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    [line] = [line for line in ran.stderr.splitlines() if "started experiment" in line]
    short = line.split()[3].rstrip(":")
    assert line == (
        f"credo: started experiment {short}: h · timebox 25m, up at {_up_at(store, short)}"
    )


def test_resuming_a_planned_experiment_says_it_starts_with_its_timebox(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo exp resume` on a planned experiment (its clock never ran) said `Resumed ID: h
    · 25m left`; it says what starting one says, as the board's `p` on it does."""
    from credo.actions.experiments import start_experiment

    planned, _ = start_experiment(store, "warmup helps", start=False)
    short = store.short_id(Experiment, planned.id)
    said = ok(credo(repo, "exp", "resume", short)).stdout
    assert said == f"Started {short}: warmup helps · timebox 25m, up at {_up_at(store, short)}\n"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ('"900d"', "should be no longer than credo's limit of 366d, not '900d'"),
        ('"0m"', "should be longer than zero, not '0m'"),
        (
            '"90"',
            "should be a number with a unit, like 25m, 2h, 1h30m or 1d (90m for minutes), not '90'",
        ),
    ],
)
def test_a_bad_timebox_in_a_file_is_named_in_one_sentence(
    store: Store, repo: Path, credo: Credo, written: str, said: str
) -> None:
    """A timebox out of bounds in an experiment's file was said as two sentences run
    together: "field 'timebox' (line 5) the duration '900d' is longer than credo's limit
    of 366d; fix or remove it". It says what the value should be, then the value, as
    every other bad field does."""
    started = json.loads(ok(credo(repo, "exp", "start", "h", "--json")).stdout)
    path = store.credo_dir / "experiments" / f"{started['id']}.toml"
    text = path.read_text()
    path.write_text(re.sub(r'(?m)^timebox = "25m"$', f"timebox = {written}", text))
    line = text[: text.index("timebox =")].count("\n") + 1
    listed = ok(credo(repo, "exp", "ls"))
    assert listed.stderr == (
        f"warning: .credo/experiments/{started['id']}.toml: field 'timebox' (line {line}) "
        f"{said}; fix or remove it\n"
    )


def test_a_bare_exp_next_takes_the_one_next_step_not_on_the_board(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo exp next` right after `exp stop` said only "Missing argument 'EXP_ID'",
    where every other exp command without an id finds the experiment it means."""
    none = credo(repo, "exp", "next")
    assert none.returncode == 1
    assert "no experiment has a next step that is not on the board yet" in none.stderr
    ids = []
    for words, step in (("dropout 0.1 helps", "try 0.3"), ("warmup helps", "try 500 steps")):
        ids.append(json.loads(ok(credo(repo, "exp", "start", words, "--json")).stdout)["id"])
        ok(credo(repo, "exp", "stop", "-o", "refuted", "-l", "no", "-n", step))
    several = credo(repo, "exp", "next")
    assert several.returncode == 1
    short = store.short_ids(Experiment)  # as `credo exp ls` lists them
    assert (
        f"2 experiments have a next step not on the board yet ({short[ids[1]]}, "
        in (several.stderr)
        and f" {short[ids[0]]})" in several.stderr
    )
    assert "try 0.3" in ok(credo(repo, "exp", "next", ids[0][:6])).stderr  # piped: the id out
    assert "try 500 steps" in ok(credo(repo, "exp", "next")).stderr
    assert "no experiment has a next step" in credo(repo, "exp", "next").stderr


def test_stop_needs_a_learning_asked_again_on_a_terminal(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo exp stop -o refuted` closed the experiment with an empty learning, while an
    agent's close_experiment required one; now a script is told to give --learning, and
    a terminal asks until one is typed."""
    started = json.loads(ok(credo(repo, "exp", "start", "lr 1e-3 is too high", "--json")).stdout)
    for given in ([], ["-l", "  "]):
        refused = credo(repo, "exp", "stop", "-o", "refuted", *given)
        assert refused.returncode == 2
        assert "closing needs a learning: --learning TEXT (what did it teach you?)" in (
            refused.stderr
        )
    both = credo(repo, "exp", "stop")
    assert "closing needs an outcome and a learning: --outcome confirmed, refuted or " in (
        both.stderr
    )
    assert "inconclusive, and --learning TEXT" in both.stderr
    assert store.read(Experiment, started["id"]).status == ExperimentStatus.RUNNING
    typed = [("Learning: ", b"\n"), ("Learning: ", b"   \n"), ("Learning: ", b"lr was fine\n")]
    code, screen = on_terminal(
        repo, ["exp", "stop", "-o", "refuted"], [*typed, ("Next step: ", b"try 3e-4\n")]
    )
    assert code == 0, screen
    assert screen.count("Error: closing needs a learning: what did this experiment teach") == 2
    closed = store.read(Experiment, started["id"])
    assert (closed.status, closed.learning, closed.next_step) == (
        ExperimentStatus.DONE,
        "lr was fine",
        "try 3e-4",
    )


def test_a_hypothesis_too_long_or_with_control_characters_is_refused_but_a_file_s_loads(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A hypothesis is an experiment's title, but took 100,000 characters and an escape
    character (which a terminal showing it would obey), where a task's title is refused."""
    for hypothesis, says in [
        ("x" * 100_000, "a hypothesis is at most 300 characters (this one has 100,000)"),
        ("clear \x1b[2J the screen", "a hypothesis cannot hold control characters (U+001B)"),
    ]:
        result = credo(repo, "exp", "start", hypothesis)
        assert result.returncode == 1 and says in result.stderr, result.stderr
    assert store.experiments() == []
    edited = ok(credo(repo, "exp", "start", "y" * 300, "--json"))
    path = store.credo_dir / "experiments" / f"{json.loads(edited.stdout)['id']}.toml"
    path.write_text(path.read_text().replace("y" * 300, "z" * 400 + "\\u0007"))
    [listed] = json.loads(ok(credo(repo, "exp", "ls", "--json")).stdout)
    assert listed["hypothesis"] == "z" * 400 + "\x07"  # edited by hand: it still loads


def test_show_says_when_the_task_an_experiment_served_was_removed(repo: Path, credo: Credo) -> None:
    """After `credo rm` of its task, `exp show` still named the task as if it were there;
    while it is there, it is named by its title, not an id alone."""
    ok(credo(repo, "init"))
    task = ok(credo(repo, "add", "Check label balance")).stdout.strip()
    ok(credo(repo, "exp", "start", "balance is fine", "--task", task))
    [line] = [s for s in ok(credo(repo, "exp", "show")).stdout.splitlines() if "task:" in s]
    assert line.startswith(f"task: {task}") and line.endswith(" Check label balance"), line
    ok(credo(repo, "rm", "--yes", task))
    [line] = [s for s in ok(credo(repo, "exp", "show")).stdout.splitlines() if "task:" in s]
    assert line.startswith(f"task: {task}") and line.endswith("(removed)"), line


def test_a_closed_experiment_without_runs_has_none_yet_only_while_open(
    repo: Path, credo: Credo
) -> None:
    """A done experiment that never ran anything said 'no runs yet', as if one could come."""
    ok(credo(repo, "init"))
    started = ok(credo(repo, "exp", "start", "a 2x2 table is enough", "--json")).stdout
    short = json.loads(started)["short_id"]
    assert "no runs yet" in ok(credo(repo, "exp", "show")).stdout.splitlines()
    ok(credo(repo, "exp", "stop", "--outcome", "inconclusive", "-l", "learnt"))
    lines = ok(credo(repo, "exp", "show", short)).stdout.splitlines()
    assert "no runs" in lines and "no runs yet" not in lines


def test_an_empty_experiment_id_asks_for_one(repo: Path, credo: Credo) -> None:
    """`exp show ""` (a variable that was empty) showed the running experiment instead."""
    ok(credo(repo, "init"))
    ok(credo(repo, "exp", "start", "balance is fine"))
    for words in (["show", ""], ["pause", " "]):
        refused = credo(repo, "exp", *words)
        assert refused.returncode == 1, words
        assert "give the id of an experiment" in refused.stderr, refused.stderr
        assert "see `credo exp ls`" in refused.stderr
    assert json.loads(ok(credo(repo, "exp", "show", "--json")).stdout)["status"] == "running"


def test_an_error_names_an_experiment_and_its_runs_as_the_lists_do(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo exp ls` lists an experiment as `b07v`, and `credo exp pause b07v` on it
    paused said `experiment b07v3kq is paused, not running`: one experiment, two ids.
    Errors and `exp show` name experiments and runs as `exp ls` and `runs ls` do."""
    ok(credo(repo, "exp", "start", "h"))
    ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "pass"))
    ok(credo(repo, "exp", "pause"))
    [listed] = ok(credo(repo, "exp", "ls")).stdout.splitlines()[1:]
    exp = listed.split()[0]
    run = ok(credo(repo, "runs", "ls")).stdout.splitlines()[1].split()[1]
    assert len(exp) == len(run) == 4  # alone: the shortest there is
    refused = credo(repo, "exp", "pause", exp)
    assert refused.stderr == f"error: experiment {exp} is paused, not running\n"
    shown = ok(credo(repo, "exp", "show", exp)).stdout
    assert f"  {exp}\n" in shown.split("\n", 1)[0] + "\n" and f" {run}  " in shown
    assert f"run {run}  experiment {exp}: h" in ok(credo(repo, "show", run)).stdout


def test_pause_resume_abandon(store: Store, repo: Path, credo: Credo) -> None:
    ok(credo(repo, "exp", "start", "h"))
    paused = json.loads(ok(credo(repo, "exp", "pause", "--json")).stdout)
    assert paused["status"] == "paused"
    again = credo(repo, "exp", "pause")
    assert f"no experiment is running: {paused['short_id']} is paused (credo exp resume)" in (
        again.stderr
    )
    ok(credo(repo, "exp", "start", "second"))  # nothing runs now
    refused = credo(repo, "exp", "resume", paused["short_id"])
    assert refused.returncode == 1 and "is running" in refused.stderr
    ok(credo(repo, "exp", "resume", paused["short_id"], "--pause-running"))
    no_reason = credo(repo, "exp", "abandon")
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    gone = json.loads(ok(credo(repo, "exp", "abandon", "-r", "wrong idea", "--json")).stdout)
    assert gone["status"] == "abandoned" and gone["id"] == paused["id"]


def test_starting_while_another_runs_names_pause_running(
    store: Store, repo: Path, credo: Credo
) -> None:
    """Refused because another experiment runs, start and resume said to stop or pause it
    first, not that --pause-running does that in the same command."""
    first = json.loads(ok(credo(repo, "exp", "start", "first", "--json")).stdout)["short_id"]
    refused = credo(repo, "exp", "start", "second")
    assert refused.returncode == 1
    assert refused.stderr == (
        f"error: experiment {first} is running ('first'): stop it (credo exp stop {first} "
        f"--outcome ... --learning ...) or pause it (credo exp pause {first}) first, or add "
        "--pause-running (pauses it, then starts this one)\n"
    )
    ok(credo(repo, "exp", "start", "second", "--pause-running"))
    refused = credo(repo, "exp", "resume", first)
    assert refused.returncode == 1
    assert refused.stderr.endswith(", or add --pause-running (pauses it, then resumes this one)\n")


def test_without_an_id_a_command_acts_on_the_one_experiment_it_can_mean(
    store: Store, repo: Path, credo: Credo
) -> None:
    """The running one, for every command but resume, which takes the paused one; never
    a guess: with none or several that fit, an id is asked for."""
    first = json.loads(ok(credo(repo, "exp", "start", "first", "--json")).stdout)
    ok(credo(repo, "exp", "pause"))
    for words in (["extend", "10m"], ["stop", "-o", "confirmed"], ["abandon", "-r", "x"], ["show"]):
        refused = credo(repo, "exp", *words)
        assert refused.returncode == 1, words
        assert refused.stderr == (
            f"error: no experiment is running: {first['short_id']} is paused "
            "(credo exp resume), or give an experiment id\n"
        ), words
    kept = store.read(Experiment, first["id"])
    assert kept.status == ExperimentStatus.PAUSED and kept.extensions == []

    second = json.loads(ok(credo(repo, "exp", "start", "second", "--json")).stdout)
    refused = credo(repo, "exp", "resume")  # the paused one, but another runs
    assert refused.returncode == 1
    assert f"experiment {second['short_id']} is running ('second')" in refused.stderr
    resumed = ok(credo(repo, "exp", "resume", "--pause-running"))
    assert resumed.stdout == (
        f"Resumed {first['short_id']}: first · 25m left, up at {_up_at(store, first['short_id'])}\n"
    )
    extended = ok(credo(repo, "exp", "extend", "10m"))  # the running one
    assert f"for {first['short_id']}: first · 35m left, up at " in extended.stdout

    ok(credo(repo, "exp", "pause"))
    both = credo(repo, "exp", "resume")
    assert both.returncode == 1
    assert both.stderr == (
        f"error: 2 experiments are paused ({second['short_id']}, {first['short_id']}): "
        "give an experiment id\n"
    )
    ok(credo(repo, "exp", "stop", second["short_id"], "-o", "refuted", "-l", "learnt"))
    assert ok(credo(repo, "exp", "resume")).stdout.startswith(
        f"Resumed {first['short_id']}: first · "
    )
    ok(credo(repo, "exp", "stop", "-o", "confirmed", "-l", "learnt"))
    none = credo(repo, "exp", "resume")
    assert none.returncode == 1
    assert none.stderr == (
        "error: no experiment is paused: give an experiment id (see credo exp ls)\n"
    )


def test_stop_refuses_while_a_run_of_the_experiment_still_runs(
    store: Store, repo: Path, credo: Credo
) -> None:
    """Its outcome would be written before the run's result is in; --force closes anyway."""
    started = json.loads(ok(credo(repo, "exp", "start", "patience", "--json")).stdout)
    with a_run_going(store) as run:
        assert run.runner is not None
        for words in (["stop", "-o", "confirmed", "-l", "learnt"], ["abandon", "-r", "bored"]):
            refused = credo(repo, "exp", *words)
            assert refused.returncode == 1, words
            assert refused.stderr == (
                f"error: experiment {started['short_id']} has 1 run that has not ended: "
                f"run {store.short_id(Run, run.id)} running "
                f"(pid {run.runner.pid} on {run.runner.host}). "
                "Stop it first (ctrl-c where it runs), "
                "or close the experiment anyway with --force\n"
            ), words
        for words in (["stop"], ["abandon"]):  # on a terminal: refused before anything is asked
            code, screen = on_terminal(repo, ["exp", *words], [("Outcome", b"confirmed\n")])
            assert code == 1 and "has 1 run that has not ended" in screen, screen
            assert "Outcome" not in screen and "Reason" not in screen
        assert store.read(Experiment, started["id"]).status == ExperimentStatus.RUNNING
        forced = ok(credo(repo, "exp", "stop", "-o", "confirmed", "-l", "learnt", "--force"))
        assert forced.stdout == f"Closed (confirmed) {started['short_id']}: patience\n"
        assert store.read(Experiment, started["id"]).status == ExperimentStatus.DONE


def test_run_attaches_records_and_returns_the_exit_code(
    store: Store, repo: Path, credo: Credo
) -> None:
    code = "from credo import log_metric; print('hi'); log_metric(step=1, loss=0.25); exit(4)"
    result = credo(repo, "run", "--hypothesis", "loss drops", "--", PY, "-c", code)
    assert result.returncode == 4
    assert result.stdout == "hi\n"  # the child's stdout is the child's alone
    assert "started experiment" in result.stderr and "failed" in result.stderr
    [exp] = store.experiments()
    [run] = store.runs()
    assert run.experiment == exp.id and run.metrics == {"loss": 0.25}
    assert run.status.value == "failed" and run.exit_code == 4
    assert run.gate.get("passed") is True
    shown = ok(credo(repo, "exp", "show")).stdout
    assert "failed" in shown and "exit 4" in shown and "diff: not needed (clean tree)" in shown
    assert "loss: 0.25" in shown


@pytest.mark.parametrize("json_too", [False, True])
def test_show_says_a_run_file_it_cannot_read(
    store: Store, repo: Path, credo: Credo, json_too: bool
) -> None:
    """exp show listed 'runs (1)' of two, the run with a broken run.toml left out unsaid."""
    ok(credo(repo, "run", "--hypothesis", "loss drops", "--", PY, "-c", "pass"))
    ok(credo(repo, "run", "--", PY, "-c", "pass"))
    broken = next(iter(store.runs()))
    toml = store.credo_dir / "runs" / broken.id / "run.toml"
    toml.write_text("garbage = = \n")
    result = ok(credo(repo, "exp", "show", *(["--json"] if json_too else [])))
    assert f"{broken.id}/run.toml: is not valid TOML" in result.stderr
    assert toml.read_text() == "garbage = = \n"  # said, never rewritten


def test_baseline_is_its_latest_successful_run_as_in_the_report(
    store: Store, repo: Path, credo: Credo
) -> None:
    """exp show compared with the baseline's last run even when it crashed (acc 0.1 at
    its first step), where the report compares with its latest successful run (0.8):
    two numbers to beat for one baseline."""
    base = "from credo import log_metric; log_metric(step=1, acc=0.80)"
    ok(credo(repo, "run", "--hypothesis", "baseline", "--", PY, "-c", base))
    crash = "from credo import log_metric; log_metric(step=1, acc=0.10); exit(3)"
    assert credo(repo, "run", "--", PY, "-c", crash).returncode == 3
    first = json.loads(ok(credo(repo, "exp", "ls", "--json")).stdout)[0]
    ok(credo(repo, "exp", "stop", "-o", "confirmed", "-l", "learnt"))
    ok(credo(repo, "exp", "baseline", first["short_id"]))
    new = "from credo import log_metric; log_metric(step=1, acc=0.85)"
    ok(credo(repo, "run", "--hypothesis", "wider net", "--", PY, "-c", new))
    shown = json.loads(ok(credo(repo, "exp", "show", "--json")).stdout)
    assert shown["baseline"] is False  # the field keeps its meaning: is this the baseline
    assert shown["vs_baseline"]["metrics"] == {"acc": 0.80}
    [row] = shown["vs_baseline"]["comparison"]
    assert row["name"] == "acc" and abs(row["difference"] - 0.05) < 1e-9
    text = ok(credo(repo, "exp", "show")).stdout
    assert "baseline 0.8" in text and "+0.05" in text
    report = json.loads(ok(credo(repo, "report", "--format", "json")).stdout)
    assert [r["baseline"] for r in report["runs"] if r["metrics"] == {"acc": 0.85}] == [
        {"acc": 0.80}
    ]


def test_an_experiment_is_compared_by_its_successful_runs_and_says_its_last_failed(
    store: Store, repo: Path, credo: Credo
) -> None:
    """exp show set the experiment's numbers from every run, the last winning: a run that
    crashed after one step (acc 0.1) was compared with the baseline's successful 0.8, and
    a wider net that reached 0.85 read as 0.7 worse."""
    base = "from credo import log_metric; log_metric(step=1, acc=0.80)"
    ok(credo(repo, "run", "--hypothesis", "baseline", "--", PY, "-c", base))
    first = json.loads(ok(credo(repo, "exp", "ls", "--json")).stdout)[0]
    ok(credo(repo, "exp", "stop", "-o", "confirmed", "-l", "learnt"))
    ok(credo(repo, "exp", "baseline", first["short_id"]))
    new = "from credo import log_metric; log_metric(step=1, acc=0.85)"
    ok(credo(repo, "run", "--hypothesis", "wider net", "--", PY, "-c", new))
    crash = "from credo import log_metric; log_metric(step=1, acc=0.10); exit(3)"
    assert credo(repo, "run", "--", PY, "-c", crash).returncode == 3
    crashed = max(store.runs(), key=lambda r: r.started)
    shown = json.loads(ok(credo(repo, "exp", "show", "--json")).stdout)
    assert shown["metrics"] == {"acc": 0.85}
    [row] = shown["vs_baseline"]["comparison"]
    assert row["value"] == 0.85 and abs(row["difference"] - 0.05) < 1e-9
    text = ok(credo(repo, "exp", "show")).stdout
    assert "acc: 0.85  baseline 0.8  (+0.05)" in text
    short = store.short_id(Run, crashed.id)
    latest = f"its latest run {short} failed: the numbers are its successful runs'"
    assert latest in text
    ok(credo(repo, "exp", "stop", "-o", "refuted", "-l", "learnt"))
    assert credo(repo, "run", "--hypothesis", "deeper", "--", PY, "-c", crash).returncode == 3
    shown = json.loads(ok(credo(repo, "exp", "show", "--json")).stdout)
    assert shown["metrics"] == {"acc": 0.10}
    [row] = shown["vs_baseline"]["comparison"]
    assert row["value"] == 0.10 and row["baseline"] == 0.80 and row["difference"] is None
    text = ok(credo(repo, "exp", "show")).stdout
    assert "  acc: 0.1  baseline 0.8\n" in text
    assert "no run succeeded with metrics: these are failed runs' numbers, not compared" in text


def test_a_sweeps_numbers_say_which_run_they_are_from(
    store: Store, repo: Path, credo: Credo
) -> None:
    """After a sweep exp show gave the last learning rate's numbers (acc 0.7) as the
    experiment's, not the best (0.9 at lr 0.1), with nothing saying whose they were: the
    experiment names no goal metric to rank by, so it says which run and where to rank."""
    (repo / "train.py").write_text(
        "import sys\nfrom credo import log_metric\n"
        "log_metric(step=1, acc={'0.1': 0.9, '0.01': 0.7}[sys.argv[2]])\n"
    )
    sweep = ("sweep", "-j", "1", "--skip-gate", "--hypothesis", "lr")
    ok(credo(repo, *sweep, "--", PY, "train.py", "--lr", "{0.1,0.01}"))
    last = max(store.runs(), key=lambda r: r.started)
    [exp_] = store.experiments()
    text = ok(credo(repo, "exp", "show")).stdout
    assert "acc: 0.7" in text
    said = (
        f"from run {store.short_id(Run, last.id)} (lr=0.01), the latest of 2 successful "
        f"runs, not the best: credo runs ls --exp {store.short_id(Experiment, exp_.id)} "
        "ranks them"
    )
    assert said in " ".join(text.split())


def test_the_numbers_name_their_run_when_the_latest_logged_none(
    store: Store, repo: Path, credo: Credo
) -> None:
    """Two runs of train.py logged acc, then a script that prints only succeeded: exp
    show said the numbers (acc 0.7, lr=0.01's) were "from run <the script> (python -c
    'print(1)'), the latest of 2 successful runs", a run with no metric at all."""
    (repo / "train.py").write_text(
        "import sys\nfrom credo import log_metric\n"
        "log_metric(step=1, acc={'0.1': 0.9, '0.01': 0.7}[sys.argv[2]])\n"
    )
    run = ("run", "--skip-gate")
    ok(credo(repo, *run, "--hypothesis", "lr", "--", PY, "train.py", "--lr", "0.1"))
    ok(credo(repo, *run, "--", PY, "train.py", "--lr", "0.01"))
    ok(credo(repo, *run, "--", PY, "-c", "print(1)"))
    printed, last, _ = sorted(store.runs(), key=lambda r: r.started, reverse=True)
    [exp_] = store.experiments()
    text = " ".join(ok(credo(repo, "exp", "show")).stdout.split())
    assert "acc: 0.7" in text
    said = (
        f"its latest run {store.short_id(Run, printed.id)} logged no metrics: from run "
        f"{store.short_id(Run, last.id)} (lr=0.01), the latest of 2 successful runs, not the "
        f"best: credo runs ls --exp {store.short_id(Experiment, exp_.id)} ranks them"
    )
    assert said in text
    ok(credo(repo, "exp", "stop", "-o", "confirmed", "-l", "learnt"))
    (repo / "train.py").write_text("from credo import log_metric\nlog_metric(step=1, acc=0.5)\n")
    ok(credo(repo, *run, "--hypothesis", "one run", "--", PY, "train.py"))
    ok(credo(repo, *run, "--", PY, "-c", "print(1)"))
    printed, last = sorted(store.runs(), key=lambda r: r.started, reverse=True)[:2]
    text = " ".join(ok(credo(repo, "exp", "show")).stdout.split())
    said = (
        f"its latest run {store.short_id(Run, printed.id)} logged no metrics: "
        f"the numbers are run {store.short_id(Run, last.id)}'s"
    )
    assert said in text and "acc: 0.5" in text


def test_run_hard_timebox_from_the_shell(store: Store, repo: Path, credo: Credo) -> None:
    result = credo(
        repo,
        "run",
        "--hypothesis",
        "sleepy",
        "--timebox",
        "1s",
        "--hard",
        "--grace",
        "2s",
        "--",
        PY,
        "-c",
        "import time; time.sleep(30)",
    )
    assert result.returncode == 128 + 15
    assert "timebox of 1s is up" in result.stderr
    [run] = store.runs()
    assert run.status.value == "timed_out"
    # People read its status in words (it said `timed_out`); scripts and filters keep the token.
    assert f"run {store.short_id(Run, run.id)} timed out · signal 15" in result.stderr
    assert "timed_out" not in result.stderr
    for shown in ("runs ls", f"exp show {run.experiment}", f"show {run.id[:7]}"):
        text = ok(credo(repo, *shown.split())).stdout
        assert "timed out" in text and "timed_out" not in text, shown
    listed = ok(credo(repo, "runs", "ls", "--where", "status:timed_out", "--json")).stdout
    [row] = json.loads(listed)
    assert (row["status"], row["state"]) == ("timed_out", "timed_out")


def test_dirty_diff_is_described(store: Store, repo: Path, credo: Credo) -> None:
    (repo / "README.md").write_text("changed\n")
    (repo / "scratch.py").write_text("print(1)\n")
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    shown = ok(credo(repo, "exp", "show")).stdout
    assert "diff: saved whole" in shown and "start.patch" in shown
    assert "untracked included: scratch.py" in shown


def test_extend_from_the_shell(store: Store, repo: Path, credo: Credo) -> None:
    started = credo(repo, "exp", "start", "bigger batch", "-b", "45m", "--json")
    short = json.loads(started.stdout)["short_id"]
    extended = credo(repo, "exp", "extend", short, "15m", "--reason", "one more epoch")
    assert extended.returncode == 0, extended.stderr
    assert extended.stdout == (
        f"Timebox now 45m +15m for {short}: bigger batch · 1h left, up at {_up_at(store, short)}\n"
    )
    again = credo(repo, "exp", "extend", "5m")  # the running one
    assert "45m +20m" in again.stdout
    shown = credo(repo, "exp", "show", short).stdout
    # the countdown against the box in force: `44:59 of 45m +20m` read as time used
    assert " left of 1h5m (45m +20m)" in shown
    assert "extended +15m at " in shown and "one more epoch" in shown
    assert "45m +20m" in credo(repo, "exp", "ls").stdout
    data = json.loads(credo(repo, "exp", "show", short, "--json").stdout)
    assert [e["by"] for e in data["extensions"]] == ["15m", "5m"]
    bad = credo(repo, "exp", "extend", short, "soon")
    assert bad.returncode == 2 and "cannot read the duration 'soon'" in bad.stderr


def test_extending_an_overrun_says_it_is_still_over(store: Store, repo: Path, credo: Credo) -> None:
    """`credo exp extend 1h` of an experiment 4 days past its 2h box said `Timebox now 2h
    +1h for 3eqz: …`, as if an hour more had put it back in its box; the board's header
    said `⏱ +4d7h13m (2h +1h) over`. It says where the clock stands, as resuming does."""
    from credo.actions.experiments import start_experiment
    from credo.domain.models import now

    started = now() - timedelta(hours=5)
    exp, _ = start_experiment(store, "h", timebox=timedelta(hours=2), at=started)
    short = store.short_id(Experiment, exp.id)
    extended = ok(credo(repo, "exp", "extend", "1h"))
    assert extended.stdout == f"Timebox now 2h +1h for {short}: h · 2h past its timebox 2h +1h\n"
    ok(credo(repo, "exp", "pause"))
    paused = ok(credo(repo, "exp", "extend", short, "1h"))  # no clock runs: no word of it
    assert paused.stdout == f"Timebox now 2h +2h for {short}: h\n"


def test_an_overrun_of_days_reads_the_same_in_the_log_and_the_report(
    store: Store, repo: Path, credo: Credo
) -> None:
    """An experiment left running two nights read `+41:09:38` in `credo exp ls` and
    `1d17h10m past the box` in the report: two ways for one overrun. Both say days now."""
    from credo.actions.experiments import start_experiment, stop_experiment
    from credo.domain.models import now

    over = timedelta(hours=41, minutes=9, seconds=40)  # 20s to spare before 1d17h11m
    started = now() - timedelta(minutes=25) - over
    exp, _ = start_experiment(store, "h", timebox=timedelta(minutes=25), at=started)
    assert "+1d17h10m " in ok(credo(repo, "exp", "ls")).stdout
    assert "+1d17h10m past 25m" in ok(credo(repo, "exp", "show")).stdout
    stop_experiment(store, exp.id, "confirmed", learning="x", at=started + exp.timebox + over)
    report = ok(credo(repo, "report", "--since", "3 days ago", "--format", "md")).stdout
    assert "1d17h10m past the box" in report


def test_a_baseline_with_no_outcome_yet_says_what_later_runs_are_compared_with(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo exp baseline` took a running experiment with no outcome and said only
    `Baseline is now …`: nothing said that its numbers were not settled, nor which run
    later ones would be compared with. It is taken (the baseline's runs go on, the newest
    result the one to beat), and it says so."""
    assert credo(repo, "run", "--hypothesis", "baseline", "--", "false").returncode == 1
    first = json.loads(ok(credo(repo, "exp", "ls", "--json")).stdout)[0]
    marked = ok(credo(repo, "exp", "baseline", first["short_id"]))
    short = first["short_id"]
    assert marked.stderr == (
        f"credo: experiment {short} has no outcome yet, and no run of it succeeded with"
        " metrics: later runs are compared with none until one does\n"
    )
    base = "from credo import log_metric; log_metric(step=1, acc=0.80)"
    ok(credo(repo, "run", "--", PY, "-c", base))
    [done] = [r for r in store.runs() if r.status.value == "succeeded"]
    marked = ok(credo(repo, "exp", "baseline", short))
    assert marked.stderr == (
        f"credo: experiment {short} has no outcome yet: later runs are compared with its"
        f" latest run that succeeded with metrics (run {store.short_id(Run, done.id)} now),"
        " a newer one once it records one\n"
    )
    ok(credo(repo, "exp", "stop", "-o", "confirmed", "-l", "learnt"))
    assert ok(credo(repo, "exp", "baseline", short)).stderr == ""
