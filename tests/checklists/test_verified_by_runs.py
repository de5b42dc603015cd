"""Checks that answer themselves: real `credo run`s of small scripts that log curves.

Each script is the same `train.py`, told by its arguments what its curves look like:
where the train loss starts and ends, how often valid loss is logged and which way it
goes, the params it records. The runs go through the real console script; the evidence,
the verdict and the gate are asserted as a person would read them.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.checklists.verdict import check_run, run_verdict
from credo.domain.models import Evidence, Run
from credo.store import Store
from terminal import on_terminal

from repos import BAD_INIT, commit_file, git

PY = sys.executable
Credo = Callable[..., subprocess.CompletedProcess[str]]

TRAIN = """\
import argparse, math, random
from credo import log_metric, log_params

p = argparse.ArgumentParser(fromfile_prefix_chars="@")  # @FILE: more arguments
p.add_argument("--start", type=float, default=math.log(10))
p.add_argument("--end", type=float, default=0.5)
p.add_argument("--steps", type=int, default=40)
p.add_argument("--valid-every", type=int, default=1)
p.add_argument("--valid", choices=["down", "up", "none", "noisy-down"], default="down")
p.add_argument("--classes", type=int, default=10)
p.add_argument("--seed", type=int)
p.add_argument("--unseeded", action="store_true")
p.add_argument("--rung")
a, _ = p.parse_known_args()  # other options: as a real script's config would take them
params = {"num_classes": a.classes}
if a.seed is not None:
    params["seed"] = a.seed
if a.rung:
    params["rung"] = a.rung
log_params(**params)
start = a.start + (random.random() if a.unseeded else 0.0)
batch = random.Random(0)  # noisy-down: a valid loss read on one random batch a step
for step in range(a.steps):
    done = step / max(a.steps - 1, 1)
    log_metric(step=step, loss=start + (a.end - start) * done)
    if a.valid != "none" and step % a.valid_every == 0:
        trend = -0.5 if a.valid == "down" else 1.5
        if a.valid == "noisy-down":
            valid = a.start * math.exp(-6 * done) * batch.uniform(0.7, 1.3)
        else:
            valid = a.start + trend * done
        log_metric(step=step, valid_loss=valid)
"""


@pytest.fixture
def project(repo: Path, credo: Credo) -> Path:
    assert credo(repo, "init").returncode == 0
    commit_file(repo, "train.py", TRAIN, "A training script")
    return repo


def run(credo: Credo, repo: Path, *args: str, options: tuple[str, ...] = ()) -> str:
    """`credo run [options] -- python train.py args`; its stderr (credo's own words)."""
    result = credo(repo, "run", "--skip-gate", *options, "--", PY, "train.py", *args)
    assert result.returncode == 0, result.stderr
    return result.stderr


def track_data(project: Path) -> None:
    """A committed data/ folder, fingerprinted with every run."""
    (project / "data").mkdir()
    (project / "data" / "train.txt").write_text("a\nb\n")
    config = project / ".credo" / "config.toml"
    config.write_text(config.read_text().replace("data_paths = []", 'data_paths = ["data"]'))
    git(project, "add", "-A")
    git(project, "commit", "-qm", "data")


def beside_a_baseline(project: Path, credo: Credo) -> None:
    """Tracked data, and a confirmed experiment of one run made the baseline."""
    track_data(project)
    run(credo, project, options=("--hypothesis", "baseline"))
    [baseline] = Store.open(project).experiments()
    assert credo(project, "exp", "baseline", baseline.id).returncode == 0
    assert credo(project, "exp", "stop", "--outcome", "confirmed", "-l", "learnt").returncode == 0


def climbed_by_hand(project: Path, credo: Credo) -> None:
    """The ladder's first rungs, which no run shows, ticked: the next rung is a run's."""
    ticked = credo(
        project, "check", "training-recipe", "--tick", "start-simple", "--tick", "plain-loop"
    )
    assert ticked.returncode == 0, ticked.stderr


def evidence(repo: Path, item: str) -> Evidence:
    """The newest evidence of an item."""
    found = [e for e in Store.open(repo).evidence() if e.item == item]
    assert found, f"no evidence for {item}"
    return max(found, key=lambda e: e.created)


def test_a_correct_init_is_verified_with_its_numbers(project: Path, credo: Credo) -> None:
    said = run(credo, project)
    record = evidence(project, "loss-at-init")
    assert record.passed and record.source.value == "run"
    assert record.summary == "first train loss 2.3, expected 2.3 = ln 10 ±10%"
    [run_record] = Store.open(project).runs()
    assert record.run == run_record.id and record.git.sha == run_record.git_start.sha
    assert "verdict: " in said and "✓ loss-at-init: first train loss 2.3" in said
    status = credo(project, "check", "training-recipe", "--status").stdout
    assert (
        f"✓ loss-at-init: verified by run {said_as(project, run_record)}: first train loss"
        in status
    )


def test_a_wrong_init_fails_and_says_what_to_look_at(project: Path, credo: Credo) -> None:
    said = run(credo, project, "--start", "4.61")
    record = evidence(project, "loss-at-init")
    assert not record.passed
    assert record.summary == (
        "first train loss 4.61 vs 2.3 = ln 10 ±10%: "
        "check the output layer's initialisation or a missing softmax"
    )
    assert "✗ loss-at-init: first train loss 4.61 vs 2.3" in said


def test_an_explicit_expected_value_and_no_class_count(project: Path, credo: Credo) -> None:
    run(credo, project, "--classes", "1")
    assert not [e for e in Store.open(project).evidence() if e.item == "loss-at-init"]
    pack = project / ".credo" / "checklists" / "training-recipe.toml"
    from credo.checklists.packs import BUILTIN_DIR

    text = (BUILTIN_DIR / "training-recipe.toml").read_text()
    pack.write_text(text.replace("{ tolerance = 0.1 }", "{ tolerance = 0.05, expected = 0.69 }"))
    said = run(credo, project, "--start", "0.7")
    assert "✓ loss-at-init: first train loss 0.7, expected 0.69 ±5%" in said


def test_valid_loss_once_per_epoch_fails_losses_logged(project: Path, credo: Credo) -> None:
    said = run(credo, project, "--valid-every", "10")
    record = evidence(project, "losses-logged")
    assert not record.passed
    assert record.summary.startswith("valid loss at 4 of 40 steps (once per 10; the pack asks")
    assert "✗ losses-logged, log-every-step: valid loss at 4 of 40 steps" in said
    assert not evidence(project, "log-every-step").passed  # the rung failed with it


def test_valid_loss_every_step_verifies_losses_logged(project: Path, credo: Credo) -> None:
    run(credo, project)
    record = evidence(project, "losses-logged")
    assert (
        record.passed and record.summary == "train loss at 40 steps, valid loss at 40 (every step)"
    )
    assert evidence(project, "log-every-step").passed


def test_one_step_with_its_valid_loss_is_every_step(project: Path, credo: Credo) -> None:
    """A one-step smoke run that logged both losses failed losses-logged ('valid loss at 1
    of 1 step (once per 1)'), and the failure held the next run."""
    said = run(credo, project, "--steps", "1")
    record = evidence(project, "losses-logged")
    assert record.passed, record.summary
    assert record.summary == "train loss at 1 step, valid loss at 1 (every step)"
    assert "✓ losses-logged, log-every-step: train loss at 1 step" in said


def test_thousands_of_steps_are_written_alike_for_both_losses(project: Path, credo: Credo) -> None:
    """An interrupted run said 'train loss at 3,305 steps, valid loss at 3305': one count
    written two ways in the same line."""
    run(credo, project, "--steps", "1200")
    summary = evidence(project, "losses-logged").summary
    assert summary == "train loss at 1,200 steps, valid loss at 1,200 (every step)"
    run(credo, project, "--steps", "12000", "--valid-every", "10")
    summary = evidence(project, "losses-logged").summary
    assert summary.startswith("valid loss at 1,200 of 12,000 steps (once per 10;")


def test_no_valid_loss_at_all_names_what_was_looked_for(project: Path, credo: Credo) -> None:
    run(credo, project, "--valid", "none")
    assert (
        "looked for valid_loss, val_loss, valid/loss" in evidence(project, "losses-logged").summary
    )


def test_one_step_is_one_step(project: Path, credo: Credo) -> None:
    """A run that logged one train loss (it stopped after its first step) said 'train
    loss at 1 steps'."""
    said = run(credo, project, "--steps", "1", "--valid", "none")
    assert evidence(project, "losses-logged").summary.startswith("train loss at 1 step, no")
    assert "train loss at 1 step, no valid loss" in said


def test_an_overfit_that_works_reaches_the_rung(project: Path, credo: Credo) -> None:
    climbed_by_hand(project, credo)
    said = run(credo, project, "--end", "0.001", "--valid", "up", options=("--rung", "overfit-one"))
    record = evidence(project, "overfit-one")
    assert record.passed
    assert (
        record.summary == "train loss 2.3 → 0.001 (under 0.1% of its start): one example memorised"
    )
    assert (
        "next rung: Overfit ten examples: credo run --rung overfit-ten -- "
        f"{PY} train.py --end 0.001 --valid up"
    ) in said
    [run_record] = Store.open(project).runs()
    assert run_record.params["rung"] == "overfit-one"


def test_the_report_shows_what_each_run_verified_as_credo_run_said_it(
    project: Path, credo: Credo
) -> None:
    """`credo report` listed the runs but not their checks: a reader could not see that a
    run's loss at init was wrong, or that it reached overfit-one."""
    said = run(
        credo, project, "--start", "4.61", "--end", "0.001", options=("--rung", "overfit-one")
    )
    store = Store.open(project)
    [run_record] = store.runs()
    text = credo(project, "report", "--format", "md").stdout
    short = store.short_ids(Run)[run_record.id]
    lines = [line for line in text.splitlines() if line.startswith(("- ✓ ", "- ✗ "))]
    # failures first, then in the pack's order; seed-fixed's `?` told nothing; the rung
    # read off the same curves as losses-logged goes with it: one ✓, as the verdict says
    assert lines == [
        f"- ✗ loss-at-init on run `{short}`",
        f"- ✓ losses-logged (with log-every-step) on run `{short}`",
        f"- ✓ overfit-one on run `{short}`",
    ]
    report = json.loads(credo(project, "report", "--format", "json").stdout)
    [adhoc] = report["adhoc_runs"]  # no experiment running: an ad-hoc run
    checks = {check["item"]: check for check in adhoc["checks"]}
    init, overfit = checks["loss-at-init"], checks["overfit-one"]
    assert (init["pack"], init["passed"], overfit["passed"]) == ("training-recipe", False, True)
    assert checks["losses-logged"]["also"] == ["log-every-step"] and "log-every-step" not in checks
    assert init["summary"].startswith("first train loss 4.61 vs 2.3 = ln 10")
    assert f"✗ loss-at-init: {init['summary']}" in said  # the words `credo run` printed
    assert f"✓ overfit-one: {overfit['summary']}" in said


def test_the_next_rung_of_a_command_with_secrets_can_be_pasted_here(
    project: Path, credo: Credo
) -> None:
    """The record keeps `--api-key <redacted>`; the line to paste said it too."""
    key = "sk-live0123456789abcdef"
    climbed_by_hand(project, credo)
    said = run(credo, project, "--end", "0.001", "--valid", "up", "--api-key", key,
               options=("--rung", "overfit-one"))  # fmt: skip
    assert (
        "next rung: Overfit ten examples: credo run --rung overfit-ten -- "
        f"{PY} train.py --end 0.001 --valid up --api-key {key}"
    ) in said
    [run_record] = Store.open(project).runs()
    assert run_record.command[-1] == "<redacted>"


def test_a_sweeps_runs_try_its_rung_and_are_each_judged(project: Path, credo: Credo) -> None:
    swept = credo(
        project, "sweep", "--skip-gate", "--rung", "overfit-one", "--", PY, "train.py",
        "--end", "{0.001,1.2}",
    )  # fmt: skip
    assert swept.returncode == 0, swept.stderr  # both runs ran; one of them failed the rung
    assert "✓ overfit-one: train loss 2.3 → 0.001" in swept.stderr
    found = [e for e in Store.open(project).evidence() if e.item == "overfit-one"]
    assert sorted(e.passed for e in found) == [False, True]
    runs = Store.open(project).runs()
    assert [r.params["rung"] for r in runs] == ["overfit-one", "overfit-one"]
    assert {e.run for e in found} == {r.id for r in runs}


def test_a_sweep_says_its_next_rung_once_after_every_runs_checks(
    project: Path, credo: Credo
) -> None:
    """Each run of a sweep said the ladder's next rung with its checks, the same two lines
    once per run; the sweep now says it once, at its end, from its last run that worked."""
    climbed_by_hand(project, credo)
    swept = credo(
        project, "sweep", "-j", "2", "--skip-gate", "--", PY, "train.py", "--seed", "{1,2,3}"
    )
    assert swept.returncode == 0, swept.stderr
    said = swept.stderr.splitlines()
    assert sum("loss-at-init" in line for line in said) == 3  # each run's own checks
    ladder = [line for line in said if "next rung: " in line]
    assert len(ladder) == 1 and said[-1] == ladder[0], swept.stderr
    assert said[-2].startswith("credo: sweep of 3 runs: 3 succeeded")
    assert ladder[0].endswith(f"credo run --rung overfit-one -- {PY} train.py --seed 3")


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_an_unknown_rung_is_refused_before_anything_runs(
    project: Path, credo: Credo, command: str
) -> None:
    refused = credo(
        project, command, "--rung", "overfit-1", "--", PY, "train.py", "--seed", "{1,2}"
    )
    assert refused.returncode == 125 and "Traceback" not in refused.stderr
    assert "--rung 'overfit-1' is no rung a pack judges (known: overfit-one, overfit-ten" in (
        refused.stderr
    )
    assert Store.open(project).runs() == []


def test_an_overfit_that_does_not_work_fails_the_rung(project: Path, credo: Credo) -> None:
    climbed_by_hand(project, credo)
    said = run(credo, project, "--end", "1.2", "--rung", "overfit-one")
    record = evidence(project, "overfit-one")
    assert not record.passed
    assert record.summary.startswith(
        "train loss 2.3 → 1.2 (52% of its start), needs under 5%: "
        "the model cannot memorise one example"
    )
    # the gate holds the next run of this command here: the rung is fixed and run again,
    # with the script's own --rung argument, not doubled
    assert (
        f"first: overfit-one failed: the gate holds this command's next run at this code until"
        f" you fix it and run this rung again (credo run -- {PY} train.py --end 1.2 --rung "
        "overfit-one), or read what failed and credo gate --ack"
    ) in said
    assert "next rung:" not in said  # no line of it
    # that argument makes each rung's runs a command of their own: it said "each step is
    # checked before the next: the gate holds this command's next run", and the next
    # rung's run went on. The words say what the gate does
    assert (
        "each step is checked before the next, though the gate does not hold the next rung's"
        " runs: the rung is the script's own argument, so each rung's runs are a command of"
        " their own"
    ) in said
    ten = (PY, "train.py", "--end", "1.2", "--rung", "overfit-ten")
    assert credo(project, "gate", "--", *ten).returncode == 0
    assert credo(project, "gate", "--", *ten[:-1], "overfit-one").returncode == 1


def test_the_verdict_offers_no_next_rung_command_the_gate_refuses(
    project: Path, credo: Credo
) -> None:
    """overfit-one failed on a run of the script's own --rung overfit-one, then an
    overfit-ten run (another command) passed its rung out of order: the verdict said
    "next rung: Overfit one example (failed): credo run -- ... --rung overfit-one", a
    command the gate refused (exit 125), having asked the gate of the run's own command
    only. It asks of the next rung's command too, and says what to do first."""
    climbed_by_hand(project, credo)
    rung_args = project / "rung.txt"  # not code: the same code for both runs
    rung_args.write_text("")  # train loss 2.3 -> 0.5: one example not memorised
    one = (PY, "train.py", "@rung.txt", "--rung", "overfit-one")
    assert credo(project, "run", "--", *one).returncode == 0
    [failed] = Store.open(project).runs()
    rung_args.write_text("--valid=up\n--end=0.01\n")  # ten examples overfit
    ten = credo(project, "run", "--", *one[:-1], "overfit-ten")
    assert ten.returncode == 0, ten.stderr
    said = ten.stderr
    assert "✓ overfit-ten: train loss 2.3 → 0.01" in said
    refused = credo(project, "run", "--", *one)
    assert refused.returncode == 125 and "training-recipe/overfit-one" in refused.stderr
    assert f"next rung: Overfit one example (failed): credo run -- {shlex.join(one)}" not in said
    assert (
        f"first: overfit-one failed on run {said_as(project, failed)}, the next rung's last here:"
        " the gate holds the next rung's runs at this code until you fix it and run that rung"
        f" again (credo run -- {shlex.join(one)}), or read what failed and credo gate --ack --"
        f" {shlex.join(one)}"
    ) in " ".join(said.replace("credo:", "").split()), said
    assert "next rung:" not in said  # no line offers it as is
    # overfit-ten fails too: its own command held, and still not the next rung's offered
    rung_args.write_text("--end=0.01\n")  # valid loss goes down: ten examples not overfit
    both = credo(project, "run", "--", *one[:-1], "overfit-ten").stderr
    both = " ".join(both.replace("credo:", "").split())
    assert "first: overfit-ten failed: the gate holds this command's next run" in both, both
    assert (
        f"also: overfit-one failed on run {said_as(project, failed)}, the next rung's last here"
        in both
    )
    assert "the gate does not hold the next rung's runs" not in both  # it does here
    assert "next rung:" not in both
    # what the verdict says to do lets it go on
    assert credo(project, "gate", "--ack", "--", *one).returncode == 0
    assert credo(project, "gate", "--", *one).returncode == 0


def test_overfit_ten_needs_valid_loss_to_go_up(project: Path, credo: Credo) -> None:
    run(credo, project, "--end", "0.01", "--rung", "overfit-ten")
    down = evidence(project, "overfit-ten")
    assert not down.passed and "but valid loss did not go up" in down.summary
    run(credo, project, "--end", "0.01", "--valid", "up", "--rung", "overfit-ten")
    up = evidence(project, "overfit-ten")
    assert up.passed and "valid loss rose from 2.32 to 3.78: it overfits" in up.summary


def test_a_noisy_valid_loss_going_down_is_no_overfit(project: Path, credo: Credo) -> None:
    """A real training's valid loss, read on one random batch a step, goes down with
    noise: its lowest point lay well under its last, and overfit-ten said "valid loss
    rose from 0.00407 to 0.0052: it overfits" of a run that learned."""
    args = ("--steps", "2000", "--end", "0.01", "--valid", "noisy-down")
    run(credo, project, *args, "--rung", "overfit-ten")
    learned = evidence(project, "overfit-ten")
    assert not learned.passed and "but valid loss did not go up" in learned.summary
    run(credo, project, *args, "--rung", "more-data")
    assert evidence(project, "more-data").passed


def test_the_ladder_says_what_was_reached_out_of_order(project: Path, credo: Credo) -> None:
    said = run(credo, project, "--rung", "more-data")
    assert "more-data is reached out of order: start-simple, plain-loop" in said
    status = credo(project, "check", "training-recipe", "--status").stdout
    [line] = [line for line in status.splitlines() if "more-data:" in line]
    assert "reached: run " in line and "valid loss 2.3 → 1.81: the model learns" in line
    assert "out of order: before start-simple, plain-loop" in line
    assert "○ overfit-one: not tried" in status
    assert "✓ log-every-step: reached" in status


def test_the_ladder_names_the_command_a_rung_ran_and_else_the_packs_own(
    project: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--status named each rung and what its run showed, not the command it ran (what to
    run again), nor, for a rung not tried, the command its pack gives for it. It says
    both, the JSON too, cut to the terminal's width on one (its start goes: its last words
    tell rungs apart), whole when piped."""
    run(credo, project, "--end", "0.001", "--rung", "overfit-one")
    ran = f"{PY} train.py --end 0.001 --rung overfit-one"
    status = credo(project, "check", "training-recipe", "--status").stdout
    lines = status.splitlines()
    [at] = [i for i, line in enumerate(lines) if "✓ overfit-one: reached: run " in line]
    assert lines[at + 1] == f"      ran: {ran}"
    assert "run:" not in status  # the recipe's rungs name no command of their own
    mine = project / ".credo" / "checklists" / "mine.toml"
    mine.parent.mkdir(exist_ok=True)
    mine.write_text(
        'name = "mine"\ntitle = "Mine"\n[[items]]\nid = "profile"\nprinciple = "Speed"\n'
        'text = "Profile a step"\ngate = false\ncommand = "python -m cProfile train.py"\n'
    )
    said = credo(project, "check", "mine", "--status").stdout.splitlines()
    assert said[-2:] == ["  ○ profile: not tried", "      run: python -m cProfile train.py"]
    as_json = json.loads(credo(project, "check", "mine", "--status", "--json").stdout)
    assert as_json["ladder"][0]["command"] == "python -m cProfile train.py"
    monkeypatch.setenv("COLUMNS", "40")
    _, screen = on_terminal(project, ["check", "training-recipe", "--status"], [])
    narrow = screen.splitlines()
    [at] = [i for i, line in enumerate(narrow) if "overfit-one: reached" in line]
    cut = narrow[at + 1].rstrip()
    assert cut.startswith("      ran: …"), screen  # exit 1: checks open
    assert cut.endswith(" 0.001 --rung overfit-one") and len(cut) <= 40, cut  # its last words


def test_the_next_rung_is_the_first_not_reached(project: Path, credo: Credo) -> None:
    """A first run that logged both losses reaches log-every-step: the next rung said
    overfit-one, past start-simple and plain-loop, which --status then called skipped
    ("out of order"). The next rung is the first not reached, in every face."""
    said = run(credo, project)
    assert (
        "next rung: Start simple: a small architecture: "
        "done? credo check training-recipe --tick start-simple"
    ) in said
    status = credo(project, "check", "training-recipe", "--status").stdout
    assert "○ start-simple: not tried" in status
    assert "(out of order: before start-simple, plain-loop)" in status
    climbed_by_hand(project, credo)
    store = Store.open(project)
    [first] = store.runs()
    [climb] = [line for line in run_verdict(store, first) if "next rung" in line]
    assert climb == f"next rung: Overfit one example: credo run --rung overfit-one -- {PY} train.py"


def test_the_next_rung_waits_while_the_gate_holds_the_next_run(project: Path, credo: Credo) -> None:
    """After a run failed loss-at-init, the verdict said `next rung: ... credo run --rung
    overfit-one ...`, a command the gate then held (exit 125): it says what to do first."""
    climbed_by_hand(project, credo)
    said = run(credo, project, "--start", "4.61")
    assert "first: loss-at-init failed, and each step is checked before the next" in said
    assert (
        f"fix it and run it again (credo run -- {PY} train.py --start 4.61), or read what "
        "failed and credo gate --ack"
    ) in said
    assert said.splitlines()[-1] == "credo:   then the next rung: Overfit one example"
    assert "--rung overfit-one" not in said  # held: the command is not offered
    held = credo(project, "run", "--rung", "overfit-one", "--", PY, "train.py", "--start", "4.61")
    assert held.returncode == 125  # what the old hint said to run
    assert credo(project, "gate", "--ack").returncode == 0
    store = Store.open(project)
    [first] = store.runs()
    after = run_verdict(store, first)
    assert not any(line.startswith("first: ") for line in after), after
    assert after[-1] == (
        f"next rung: Overfit one example: credo run --rung overfit-one -- {PY} train.py "
        "--start 4.61"
    )


def test_the_same_seed_and_code_start_at_the_same_loss(project: Path, credo: Credo) -> None:
    """The twin was named by 7 characters (`like run f3q0j01`) where the run's own line
    and the lists name it `f3q0`: it is named as they name it."""
    run(credo, project, "--seed", "7")
    said = run(credo, project, "--seed", "7")
    record = evidence(project, "seed-fixed")
    first = min(Store.open(project).runs(), key=lambda r: r.started)
    twin = said_as(project, first)  # shown short, kept whole: its prefix may grow
    assert record.passed and record.summary == f"seed 7; started at 2.30259 like run {first.id}"
    assert f"✓ seed-fixed: seed 7; started at 2.30259 like run {twin}\n" in said
    run(credo, project, "--seed", "8", "--unseeded")
    run(credo, project, "--seed", "8", "--unseeded")
    record = evidence(project, "seed-fixed")
    assert not record.passed and "something draws random numbers outside the seed" in record.summary
    said = run(credo, project)  # no seed: the run cannot tell, and says so
    assert "? seed-fixed: no seed param recorded: set one and log it" in said
    assert not evidence(project, "seed-fixed").passed  # the last clear answer stands


def test_a_commit_of_the_runs_alone_leaves_twins_at_the_same_code(
    project: Path, credo: Credo
) -> None:
    """A team commits `.credo/` after runs, to share them (and a README line now and
    then): the code is the same, as the gate counts it, so a run of the same command and
    seed after such a commit is compared with the one before it. A commit of code is not."""
    run(credo, project, "--seed", "8", "--unseeded")
    git(project, "add", ".credo")
    git(project, "commit", "-q", "-m", "The runs, for the team")
    commit_file(project, "README.md", "# notes\n", "A note")
    run(credo, project, "--seed", "8", "--unseeded")
    record = evidence(project, "seed-fixed")
    assert not record.passed and "something draws random numbers outside the seed" in record.summary
    commit_file(project, "train.py", TRAIN + "# tidied\n", "Tidy the script")
    said = run(credo, project, "--seed", "8", "--unseeded")
    assert "seed 8 recorded (no twin run at this code to compare the start)" in said


RANKS = """
import multiprocessing, os
def train(rank, first_line, in_step):
    if not os.environ.get("AS_BEFORE_RANK_MARKS"):  # credo then wrote every line unmarked
        os.environ["RANK"] = str(rank)  # as torchrun sets it
    from credo import log_metric, log_params
    log_params(seed=0, num_classes=10)
    if rank == 0:
        first_line.wait()  # rank 1's first loss is the file's first line
    for step in range(20):
        log_metric(step=step, loss=2.3 + rank / 10 - step / 100)
        first_line.set()
        in_step.wait()  # in step, as a gradient's all-reduce keeps them
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    first_line, in_step = multiprocessing.Event(), multiprocessing.Barrier(2)
    ranks = [
        multiprocessing.Process(target=train, args=(r, first_line, in_step)) for r in (0, 1)
    ]
    for process in ranks:
        process.start()
    for process in ranks:
        process.join()
"""


def test_twin_distributed_runs_start_at_rank_zeros_loss(project: Path, credo: Credo) -> None:
    """An earlier twin's first loss was read only as far as the first loss line, rank 1's
    when it wrote first: two torchrun runs at the same seed 'started' at 2.46 and 2.38,
    and seed-fixed failed."""
    commit_file(project, "ranks.py", RANKS, "A distributed training")
    for _ in range(2):
        ran = credo(project, "run", "--skip-gate", "--", PY, "ranks.py")
        assert ran.returncode == 0, ran.stderr
    record = evidence(project, "seed-fixed")
    assert record.passed and record.summary.startswith("seed 0; started at 2.3 like run ")


def test_a_twin_recorded_before_rank_marks_is_not_judged_against(
    project: Path, credo: Credo
) -> None:
    """A distributed run recorded before credo marked ranks holds every rank's lines as
    one process's: two losses at each step, its first line whichever rank wrote first.
    A new run at the same seed failed seed-fixed against it ("run … started at 2.4 and
    this one at 2.3: something draws random numbers outside the seed") and held the next."""
    commit_file(project, "ranks.py", RANKS, "A distributed training")
    old = credo(
        project, "run", "--skip-gate", "--", PY, "ranks.py", env={"AS_BEFORE_RANK_MARKS": "1"}
    )
    assert old.returncode == 0, old.stderr
    [before] = Store.open(project).runs()
    ran = credo(project, "run", "--skip-gate", "--", PY, "ranks.py")
    assert ran.returncode == 0, ran.stderr
    record = evidence(project, "seed-fixed")
    assert record.passed and record.summary == (
        "seed 0 recorded (no twin run at this code to compare the start: run "
        f"{before.id} logged 2 different train losses at its first step, "
        "lines of processes credo did not tell apart then)"
    )
    ran = credo(project, "run", "--skip-gate", "--", PY, "ranks.py")  # beside a marked twin
    assert ran.returncode == 0, ran.stderr
    record = evidence(project, "seed-fixed")
    assert record.passed and record.summary.startswith("seed 0; started at 2.3 like run ")


def test_data_unchanged_compares_with_the_baseline(project: Path, credo: Credo) -> None:
    """A run whose data alone changed (cleaner data, the experiment itself) was said to
    mix `a data change with the model change`: no model had changed, and nothing said
    that a data change can be what the experiment tries (the item's own words)."""
    beside_a_baseline(project, credo)
    run(credo, project, options=("--hypothesis", "same data"))
    assert evidence(project, "data-unchanged").summary.startswith("same data as the baseline's")
    (project / "data" / "train.txt").write_text("a\nb\nc\n")
    run(credo, project)
    changed = evidence(project, "data-unchanged")
    baseline_run = min(Store.open(project).runs(), key=lambda r: r.started)
    assert not changed.passed and changed.summary == (
        f"data differ from the baseline's run {baseline_run.id}: a comparison "
        "with it mixes the data change with any other, unless the data change is the experiment"
    )


def test_data_unchanged_judges_a_run_against_the_baseline_run_of_its_time(
    project: Path, credo: Credo
) -> None:
    """A run on the baseline's data, judged again after the baseline ran on new data (the
    log view's verdict), was said to differ from that later run: it compared the run
    with a result made after it, unlike the report beside it."""
    track_data(project)
    run(credo, project, options=("--hypothesis", "baseline"))
    [baseline] = Store.open(project).experiments()
    assert credo(project, "exp", "baseline", baseline.id).returncode == 0
    assert credo(project, "exp", "pause").returncode == 0
    run(credo, project, options=("--hypothesis", "same data"))
    [same] = [r for r in Store.open(project).runs() if r.experiment != baseline.id]
    assert credo(project, "exp", "stop", "--outcome", "confirmed", "-l", "x").returncode == 0
    (project / "data" / "train.txt").write_text("a\nb\nc\n")
    run(credo, project, options=("--exp", baseline.id))  # the baseline, on new data
    store = Store.open(project)
    [first] = [r for r in store.runs() if r.experiment == baseline.id and r.started < same.started]
    [seen] = [c for c in check_run(store, same) if c.item.verify == "data-unchanged"]
    assert (
        seen.seen.passed
        and f"same data as the baseline's run {said_as(project, first)} (" in seen.said
    )


TENSORBOARD = """\
import math, time
from credo import log_params
from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.summary.writer.event_file_writer import EventFileWriter

log_params(num_classes=10)
writer = EventFileWriter("tb/run1")
for step in range(20):
    for tag, value in (("Loss/train", math.log(10) - step / 10), ("Loss/valid", 2.0)):
        value = summary_pb2.Summary.Value(tag=tag, simple_value=value)
        summary = summary_pb2.Summary(value=[value])
        writer.add_event(event_pb2.Event(wall_time=time.time(), step=step, summary=summary))
writer.close()
"""


def test_tensorboard_scalars_are_verified_like_credos_own(project: Path, credo: Credo) -> None:
    config = project / ".credo" / "config.toml"
    config.write_text(
        config.read_text().replace('# tensorboard_dir = "runs"', 'tensorboard_dir = "tb"')
    )
    commit_file(project, "tb_train.py", TENSORBOARD, "A script that logs to TensorBoard")
    result = credo(project, "run", "--", PY, "tb_train.py")
    assert result.returncode == 0, result.stderr
    assert "✓ loss-at-init: first train loss 2.3, expected 2.3 = ln 10 ±10%" in result.stderr
    assert evidence(project, "losses-logged").summary == (
        "train loss at 20 steps, valid loss at 20 (every step)"
    )


def test_a_run_that_logs_no_loss_is_left_alone(project: Path, credo: Credo) -> None:
    """It names every name a train loss is looked for under (it said only two of four)."""
    result = credo(project, "run", "--", PY, "-c", "print('prepare data loss=2.3')")
    assert result.returncode == 0
    assert (
        "nothing to verify: this run logged no train loss "
        "(looked for loss, train_loss, train/loss, loss/train)"
    ) in result.stderr
    assert "printed lines are not read: log metrics with `from credo import log_metric`" in (
        result.stderr
    )
    logged = credo(
        project, "run", "--", PY, "-c", "from credo import log_metric; log_metric(acc=0.9)"
    )
    assert "nothing to verify: this run logged no train loss" in logged.stderr
    assert "printed lines are not read" not in logged.stderr  # it knows how to log
    assert "next rung: " in result.stderr and "next rung: " in logged.stderr
    assert Store.open(project).evidence() == []


async def test_credo_show_and_the_run_view_say_why_nothing_was_verified(
    project: Path, credo: Credo
) -> None:
    """Only the end of `credo run` said it (a SLURM job's, only its `slurm.out`): the run
    view's Verdicts tab said `gate passed` alone, `credo show RUN` nothing."""
    from textual.widgets import Static

    from credo.ui.app import CredoApp
    from credo.ui.screens.run_view import RunScreen
    from pilots import until

    printed = credo(project, "run", "--", PY, "-c", "print('loss=2.3')")
    assert "nothing to verify" in printed.stderr
    logged = credo(
        project, "run", "--", PY, "-c", "from credo import log_metric; log_metric(acc=1)"
    )
    store = Store.open(project)
    first, second = sorted(store.runs(), key=lambda r: r.started)
    said = "nothing to verify: this run logged no train loss (looked for loss, train_loss,"
    how = "(printed lines are not read: log metrics with `from credo import log_metric`"
    shown = credo(project, "show", first.id).stdout
    assert said in " ".join(shown.split()) and how in " ".join(shown.split()), shown
    shown = credo(project, "show", second.id).stdout
    assert said in " ".join(shown.split()) and "printed lines" not in shown, shown
    assert "nothing to verify" in logged.stderr

    app = CredoApp(store, refresh_seconds=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(RunScreen(first.id))
        verdicts = app.screen.query_one("#run-verdicts", Static)
        await until(pilot, lambda: said in str(verdicts.render()), "the verdict")
        assert how in str(verdicts.render())


def test_a_run_that_logs_no_loss_beside_a_baseline_is_told_how_to_log(
    project: Path, credo: Credo
) -> None:
    """Beside a baseline, data-unchanged answered a run that printed its loss: with that
    one check said, credo dropped 'nothing to verify' and how to log metrics."""
    beside_a_baseline(project, credo)
    printed = ("--hypothesis", "wider", "--", PY, "-c", "print('loss=2.3')")
    result = credo(project, "run", *printed)
    assert result.returncode == 0
    assert "data-unchanged: same data as the baseline's run" in result.stderr
    assert "nothing to verify: this run logged no train loss" in result.stderr
    assert "printed lines are not read: log metrics with" in result.stderr


def said_as(project: Path, run: Run) -> str:
    """The run's id as credo says it (as `credo runs ls` lists it)."""
    return Store.open(project).short_id(Run, run.id)


def test_a_command_that_failed_before_logging_is_pointed_at_its_output(
    project: Path, credo: Credo
) -> None:
    """`credo run -- false` said 'nothing to verify', how to log metrics and the next rung,
    as if it had trained: a failed command gets its output pointed at, not the ladder."""
    result = credo(project, "run", "--", "false")
    assert result.returncode == 1
    [failed] = Store.open(project).runs()
    said = result.stderr.splitlines()
    ended = said.index(
        next(line for line in said if line.startswith(f"credo: run {said_as(project, failed)} "))
    )
    assert said[ended + 1 :] == [
        "credo: verdict: the command failed before it logged a metric: what it printed is in "
        f".git/credo/runs/{failed.id}/output.log"
    ]
    logged = credo(
        project, "run", "--", PY, "-c", "from credo import log_metric; log_metric(acc=0.9); exit(1)"
    )
    assert logged.returncode == 1
    assert "nothing to verify: this run logged no train loss" in logged.stderr
    assert "(the run failed: judged on what it logged)" in logged.stderr


def test_how_a_run_ended_short_of_success_is_said_in_words(project: Path, credo: Credo) -> None:
    """A run stopped by its hard timebox was '(the run ended timed_out: ...)': the stored
    status, not English."""
    script = "import time; from credo import log_metric; log_metric(loss=2.3); time.sleep(30)"
    result = credo(project, "run", "--timebox", "1s", "--hard", "--", PY, "-c", script)
    assert result.returncode != 0
    assert "(the run ran out of time: judged on what it logged)" in result.stderr
    assert "ended timed_out" not in result.stderr


def test_a_crash_before_logging_is_pointed_at_even_when_a_check_needs_no_curve(
    project: Path, credo: Credo
) -> None:
    """Beside a baseline, a script that died at once had data-unchanged answered (it reads
    fingerprints, not curves): credo then judged it as a run that trained, and offered
    the next rung with the command that had just crashed."""
    beside_a_baseline(project, credo)
    [trained] = Store.open(project).runs()
    crash = ("--hypothesis", "wider", "--", PY, "-c", "raise SystemExit(2)")
    result = credo(project, "run", *crash)
    assert result.returncode == 2
    crashed = max(Store.open(project).runs(), key=lambda r: r.started)
    said = result.stderr.splitlines()
    ended = said.index(
        next(line for line in said if line.startswith(f"credo: run {said_as(project, crashed)} "))
    )
    assert said[ended + 1 :] == [
        "credo: verdict: the command failed before it logged a metric: what it printed is in "
        f".git/credo/runs/{crashed.id}/output.log",
        "credo:   ✓ data-unchanged: same data as the baseline's run "
        f"{said_as(project, trained)} (1 path)",
    ]


def test_a_saved_summary_names_its_run_as_the_lists_do_once_more_runs_share_its_prefix(
    project: Path, credo: Credo
) -> None:
    """data-unchanged saved `same data as the baseline's run 3wrc (1 path)`, the run's
    short id of that day: once another run's id began with the same characters, `3wrc`
    named two runs, and `credo check` still said it. The summary keeps the whole id, and
    names the run when shown as the lists name it now; one saved short is shown as is."""
    beside_a_baseline(project, credo)
    [trained] = Store.open(project).runs()
    run(credo, project, options=("--hypothesis", "same data"))
    record = evidence(project, "data-unchanged")
    assert f"same data as the baseline's run {trained.id} (1 path)" == record.summary
    store = Store.open(project)
    tail = "y" if trained.id[6] == "x" else "x"
    store.create(store.read(Run, trained.id).model_copy(update={"id": trained.id[:6] + tail * 10}))
    now = said_as(project, trained)
    assert len(now) == 7  # six characters are shared now
    said = credo(project, "check", "data", "--status")
    assert f"same data as the baseline's run {now} (1 path)" in said.stdout
    assert evidence(project, "data-unchanged").summary == record.summary  # kept whole


def test_a_failed_check_holds_the_next_run_at_the_same_code_until_acknowledged(
    project: Path, credo: Credo
) -> None:
    wrong = ("train.py", "--start", "4.61")
    first = credo(project, "run", "--", PY, *wrong)
    assert first.returncode == 0 and "a first run gathers the evidence" in first.stderr
    held = credo(project, "run", "--", PY, *wrong)
    assert held.returncode == 125 and "training-recipe/loss-at-init" in held.stderr
    assert "first train loss 4.61 vs 2.3" in held.stderr and "credo gate --ack" in held.stderr
    assert len(Store.open(project).runs()) == 1
    gate = json.loads(credo(project, "gate", "--json").stdout)
    assert not gate["passed"] and [b["item"] for b in gate["blocking"]] == ["loss-at-init"]
    acked = credo(project, "gate", "--ack", "--note", "wrong on purpose")
    assert acked.returncode == 0 and "acknowledged training-recipe/loss-at-init" in acked.stdout
    record = evidence(project, "loss-at-init")
    assert record.acknowledged_note == "wrong on purpose" and record.acknowledged_by == "Ada Tester"
    again = credo(project, "run", "--", PY, *wrong)
    assert again.returncode == 0, again.stderr
    runs = sorted(Store.open(project).runs(), key=lambda r: r.started)
    assert runs[-1].gate["passed"] is True
    assert credo(project, "run", "--", PY, "train.py").returncode == 0  # fixed: it passes
    assert evidence(project, "loss-at-init").passed
    assert evidence(project, "loss-at-init").id in _evidence_ids_of_next_run(project, credo)


def test_a_failed_check_holds_runs_of_its_own_command_only(project: Path, credo: Credo) -> None:
    """A failure in bad.py held runs of train.py at the same commit: the gate took the
    last run at this code, whatever it ran. It holds the same command's runs only (script
    and arguments, as seed-fixed's twin), and `credo gate` still lists every command's."""
    commit_file(project, "bad.py", "import sys, runpy\nrunpy.run_path('train.py')\n", "bad")
    bad = (PY, "bad.py", "--start", "4.61")
    assert credo(project, "run", "--", PY, "train.py").returncode == 0
    assert credo(project, "run", "--", *bad).returncode == 0  # fails loss-at-init
    train = credo(project, "run", "--", PY, "train.py")
    assert train.returncode == 0, train.stderr
    assert "loss-at-init failed on a run of another command, and holds only that" in train.stderr
    held = credo(project, "run", "--", *bad)
    assert held.returncode == 125 and "training-recipe/loss-at-init" in held.stderr
    shown = credo(project, "gate")  # loss-at-init is verified by train.py's newer run
    assert shown.returncode == 1 and shown.stdout.startswith("1 check holds runs at ")
    assert (
        f"(failed on run {said_as(project, _newest(project, 'bad.py'))} ({PY} bad.py --start "
        "4.61): " in shown.stdout
    )


def test_a_failure_holds_the_script_wherever_it_is_typed_from(project: Path, credo: Credo) -> None:
    """`python ../train.py` run from `sub/` and `python train.py` from the root run the
    same script, yet a failure of one did not hold the other: holds were on the command as
    typed. It is the command as typed at the project's root now (its arguments still its
    own: another `--start` is another command), and the held message names that form."""
    sub = project / "sub"
    sub.mkdir()
    wrong = ("--start", "4.61")
    assert credo(project, "run", "--", PY, "train.py").returncode == 0
    assert credo(sub, "run", "--", PY, "../train.py", *wrong).returncode == 0  # fails init
    held = credo(project, "run", "--", PY, "train.py", *wrong)
    assert held.returncode == 125 and "training-recipe/loss-at-init" in held.stderr
    ack = f"credo gate --ack -- {shlex.join([PY, 'train.py', *wrong])}"
    assert f"then {ack} lets runs go on" in held.stderr
    other = credo(project, "run", "--", PY, "train.py", "--start", "2.3")
    assert other.returncode == 0, other.stderr  # other arguments: not held
    assert credo(sub, "gate", "--", PY, "../train.py", *wrong).returncode == 1
    acked = credo(project, "gate", "--ack", "--", PY, "train.py", *wrong)
    assert acked.returncode == 0 and "acknowledged training-recipe/loss-at-init" in acked.stdout
    again = credo(sub, "run", "--", PY, "../train.py", *wrong)
    assert again.returncode == 0, again.stderr


def test_a_refused_tick_names_the_acknowledgement_that_works_at_the_root(
    project: Path, credo: Credo
) -> None:
    """A tick refused for a failure of a run from `sub/` named its command as typed there
    (`credo gate --ack -- python ../train.py`), which typed at the root acknowledges
    nothing: holds are on the command as typed at the root. It names that form now, as
    the held run does."""
    sub = project / "sub"
    sub.mkdir()
    wrong = ("--start", "4.61")
    assert credo(project, "run", "--", PY, "train.py").returncode == 0
    assert credo(sub, "run", "--", PY, "../train.py", *wrong).returncode == 0  # fails init
    ticked = credo(project, "check", "training-recipe", "--tick", "loss-at-init")
    assert ticked.returncode == 2 and "../train.py" not in ticked.stderr, ticked.stderr
    ack = f"credo gate --ack -- {shlex.join([PY, 'train.py', *wrong])}"
    assert f"or read what failed, then {ack} lets runs go on" in ticked.stderr
    acked = credo(project, *shlex.split(ack)[1:])
    assert "acknowledged training-recipe/loss-at-init" in acked.stdout, acked.stdout


def test_gate_ack_acknowledges_every_failure_the_gate_shows(project: Path, credo: Credo) -> None:
    """Two runs failing different checks: `credo gate --ack` acknowledged only the last
    run's, so the gate it had just shown still held. It acknowledges what the gate shows,
    and says each check, with its run and command."""
    assert credo(project, "run", "--", PY, "train.py").returncode == 0
    assert credo(project, "run", "--", PY, "train.py", "--start", "4.61").returncode == 0
    assert credo(project, "run", "--", PY, "train.py", "--valid-every", "10").returncode == 0
    shown = credo(project, "gate")
    assert shown.returncode == 1 and shown.stdout.startswith("2 checks hold runs at "), shown.stdout
    acked = credo(project, "gate", "--ack")
    assert acked.returncode == 0, acked.stdout
    said = [line for line in acked.stdout.splitlines() if line.startswith("acknowledged ")]
    start, every = _newest(project, "4.61"), _newest(project, "10")
    assert said == [
        f"acknowledged training-recipe/loss-at-init on run {said_as(project, start)} ({PY} train.py"
        " --start 4.61): first train loss 4.61 vs 2.3 = ln 10 ±10%: check the output layer's"
        " initialisation or a missing softmax",
        "acknowledged training-recipe/losses-logged (with log-every-step) on run "
        f"{said_as(project, every)} ({PY} train.py --valid-every 10): "
        + said[1].split("train.py --valid-every 10): ")[1],
    ]
    assert credo(project, "gate").returncode == 0
    for args in (("--start", "4.61"), ("--valid-every", "10")):
        assert credo(project, "run", "--", PY, "train.py", *args).returncode == 0


def test_the_advice_to_run_again_repeats_the_runs_own_timebox_and_hard(
    project: Path, credo: Credo
) -> None:
    """After `credo run --hard -b 5m -- python train.py --start 4.61` failed loss-at-init,
    the verdict said to run it again with `credo run -- python train.py --start 4.61`:
    not the same run, without its timebox and --hard. A timebox that was what was left
    of the experiment's is not the run's own, and is not repeated."""
    climbed_by_hand(project, credo)
    said = run(credo, project, "--start", "4.61", options=("--hard", "-b", "5m"))
    again = f"run it again (credo run -b 5m --hard -- {PY} train.py --start 4.61)"
    assert again in said
    assert again in " ".join(run_verdict(Store.open(project), _newest(project, "4.61")))
    assert credo(project, "exp", "start", "init at ln 10", "-b", "2h").returncode == 0
    said = run(credo, project, "--start", "4.61", options=("--hard",))
    assert f"run it again (credo run --hard -- {PY} train.py --start 4.61)" in said


def test_the_advice_to_run_again_repeats_the_runs_own_grace(project: Path, credo: Credo) -> None:
    """After `credo run --hard -b 5m --grace 30s -- python train.py` failed loss-at-init,
    the verdict's "run it again" said `credo run -b 5m --hard -- ...`: the run's record
    had no `--grace`, so the advice gave --hard its default 10 s. The record keeps it
    (absent: the default, as for older runs), and the advice repeats it."""
    climbed_by_hand(project, credo)
    said = run(credo, project, "--start", "4.61", options=("--hard", "-b", "5m", "--grace", "30s"))
    again = f"run it again (credo run -b 5m --hard --grace 30s -- {PY} train.py --start 4.61)"
    assert again in said
    graced = _newest(project, "4.61")
    assert graced.grace == 30
    assert again in " ".join(run_verdict(Store.open(project), graced))
    said = run(credo, project, "--start", "4.62", options=("--hard", "-b", "5m"))
    assert f"run it again (credo run -b 5m --hard -- {PY} train.py --start 4.62)" in said
    assert _newest(project, "4.62").grace is None  # the default: nothing written


def test_a_committed_fix_is_run_at_once_where_ticks_outlive_commits(
    project: Path, credo: Credo
) -> None:
    """With run_checks_hold_commits = 5, a run failed loss-at-init and its verdict said to
    fix it and run it again; once the fix was committed, the gate held that very command
    (exit 125), the failure counting as at this code for five commits, as a tick does. A
    failure holds only the code it was found at: a commit of code lets the next run try
    the fix; a commit of docs only does not."""
    config = project / ".credo" / "config.toml"
    more = config.read_text().replace("run_checks_hold_commits = 0", "run_checks_hold_commits = 5")
    config.write_text(more)
    commit_file(project, "init.py", BAD_INIT, "an init to try")
    first = credo(project, "run", "--", PY, "init.py")
    assert f"until you fix it and run it again (credo run -- {PY} init.py)" in first.stderr
    commit_file(project, "NOTES.md", "the init is off\n", "docs only")
    assert credo(project, "run", "--", PY, "init.py").returncode == 125
    commit_file(project, "init.py", BAD_INIT.replace("4.61", "2.3"), "fix the init")
    fixed = credo(project, "run", "--", PY, "init.py")
    assert fixed.returncode == 0, fixed.stderr
    assert "✓ loss-at-init: first train loss 2.3" in fixed.stderr


def _newest(project: Path, word: str) -> Run:
    """The newest run whose command holds `word`."""
    runs = [r for r in Store.open(project).runs() if word in " ".join(r.command)]
    return max(runs, key=lambda r: r.started)


def test_a_run_after_an_acknowledgement_records_what_it_went_on_over(
    project: Path, credo: Credo
) -> None:
    """A run that went ahead after `credo gate --ack` recorded `gate: passed`, as if
    nothing had failed: its record now names the failed checks, who read them and why."""
    run(credo, project, "--start", "4.61")
    assert credo(project, "gate", "--ack", "--note", "wrong on purpose").returncode == 0
    assert credo(project, "run", "--", PY, "train.py", "--start", "4.61").returncode == 0
    after = max(Store.open(project).runs(), key=lambda r: r.started)
    [read] = after.gate["acknowledged"]  # type: ignore[misc]
    assert read["check"] == "training-recipe/loss-at-init" and read["by"] == "Ada Tester"
    assert read["note"] == "wrong on purpose" and read["at"]
    shown = credo(project, "show", after.id).stdout
    said = "gate: acknowledged: training-recipe/loss-at-init failed, read by Ada Tester"
    assert f"{said} (wrong on purpose)" in shown
    listed = credo(project, "runs", "ls", "--where", "gate:acknowledged").stdout
    assert after.id[:4] in listed and "acknowledged: 1 failed" in listed
    assert listed.endswith("\n1 run\n")  # not the first run, which nothing held


def test_the_report_marks_a_run_that_went_on_over_acknowledged_checks(
    project: Path, credo: Credo
) -> None:
    """`credo report` marked only a skipped gate: a run that went on over failed checks
    someone had read (`credo gate --ack`) read as one nothing had held. Its row now says
    so in `credo runs ls`'s words, and the JSON names each check, who read it and why."""
    run(credo, project, "--start", "4.61")
    assert credo(project, "gate", "--ack", "--note", "wrong on purpose").returncode == 0
    assert credo(project, "run", "--", PY, "train.py", "--start", "4.61").returncode == 0
    store = Store.open(project)
    first, after = sorted(store.runs(), key=lambda r: r.started)
    shorts = store.short_ids(Run)
    text = credo(project, "report", "--format", "md").stdout
    [row] = [line for line in text.splitlines() if line.startswith(f"| `{shorts[after.id]}` ")]
    assert "succeeded (exit 0), gate **acknowledged: 1 failed**" in row, row
    [row] = [line for line in text.splitlines() if line.startswith(f"| `{shorts[first.id]}` ")]
    assert "acknowledged" not in row  # the first run: nothing held it
    listed = credo(project, "runs", "ls", "--where", "gate:acknowledged").stdout
    assert "acknowledged: 1 failed" in listed  # the same words
    report = json.loads(credo(project, "report", "--format", "json").stdout)
    runs = {line["id"]: line for line in report["adhoc_runs"]}
    [read] = runs[after.id]["gate_acknowledged"]
    assert read["check"] == "training-recipe/loss-at-init" and read["by"] == "Ada Tester"
    assert read["note"] == "wrong on purpose" and read["evidence"] and read["at"]
    assert runs[first.id]["gate_acknowledged"] == []


def test_gate_ack_with_nothing_held_says_so_and_succeeds(project: Path, credo: Credo) -> None:
    """A script running the README's `credo gate --ack` line failed ("error: nothing to
    acknowledge", exit 1) whenever the run was not held: nothing held, nothing to do."""
    first = credo(project, "gate", "--ack")
    assert first.returncode == 0, first.stderr
    assert "nothing to acknowledge: no failed check holds the run" in first.stdout
    run(credo, project, "--start", "4.61")
    assert credo(project, "gate", "--ack", "--note", "wrong on purpose").returncode == 0
    again = credo(project, "gate", "--ack", "--note", "read twice")
    assert again.returncode == 0, again.stderr
    assert "nothing to acknowledge" in again.stdout and "error" not in again.stderr
    assert evidence(project, "loss-at-init").acknowledged_note == "wrong on purpose"
    as_json = credo(project, "gate", "--ack", "--json")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["passed"] is True


def test_an_acknowledged_check_failing_again_at_the_same_code_does_not_hold(
    project: Path, credo: Credo
) -> None:
    per_epoch = ("--", PY, "train.py", "--valid-every", "10")
    assert credo(project, "run", *per_epoch).returncode == 0
    assert credo(project, "run", *per_epoch).returncode != 0  # held: losses-logged failed
    assert credo(project, "gate", "--ack", "--note", "per epoch on purpose").returncode == 0
    assert credo(project, "run", *per_epoch).returncode == 0  # fails losses-logged again
    assert not evidence(project, "losses-logged").acknowledged_by
    again = credo(project, "run", *per_epoch)
    assert again.returncode == 0, again.stderr  # read once at this code: runs go on
    commit_file(project, "model.py", "W = 0\n", "other code")
    assert credo(project, "run", *per_epoch).returncode == 0  # another code's first run here
    held = credo(project, "run", *per_epoch)
    assert held.returncode != 0 and "training-recipe/losses-logged" in held.stderr


def test_an_open_gate_names_a_failed_check_that_does_not_hold_the_run(
    project: Path, credo: Credo
) -> None:
    """The gate said 'nothing in training-recipe says something is wrong' of a check that
    had failed and been acknowledged, and of one that failed before a run that logged
    nothing (one the gate let go, as a new experiment's first; a run that skipped the gate
    reads no failure): both failed, neither holds the run, and the line says which and why."""
    run(credo, project, "--start", "4.61")
    assert credo(project, "gate", "--ack", "--note", "wrong on purpose").returncode == 0
    acked = credo(project, "gate")
    assert acked.returncode == 0, acked.stderr
    assert "says something is wrong" not in acked.stdout
    assert "loss-at-init failed and was acknowledged at this code" in acked.stdout
    commit_file(project, "model.py", "W = 0\n", "other code")
    (project / "more.txt").write_text("")  # more arguments, not code: the same command
    run(credo, project, "--start", "4.61", "@more.txt")
    (project / "more.txt").write_text("--steps=0")
    assert credo(project, "exp", "start", "no loss at all").returncode == 0  # its first run
    run(credo, project, "--start", "4.61", "@more.txt")  # logs no loss: it checks nothing
    assert not _newest(project, "4.61").gate.get("skipped")  # the gate let it go
    earlier = credo(project, "gate")
    assert earlier.returncode == 0, earlier.stderr
    assert "says something is wrong" not in earlier.stdout
    assert "loss-at-init failed on an earlier run, not the last one at this code" in earlier.stdout


def test_status_says_a_failed_check_was_acknowledged(project: Path, credo: Credo) -> None:
    run(credo, project, "--start", "4.61")
    failed = (
        f"failed on run {said_as(project, _newest(project, '4.61'))} ({PY} train.py --start 4.61)"
    )
    before = credo(project, "check", "training-recipe", "--status").stdout
    assert f"✗ loss-at-init: {failed}: first train loss 4.61" in before
    assert "(acknowledged)" not in before
    assert credo(project, "gate", "--ack", "--note", "wrong on purpose").returncode == 0
    status = credo(project, "check", "training-recipe", "--status").stdout
    [line] = [line for line in status.splitlines() if "loss-at-init:" in line]
    assert line.startswith(f"  ✗ loss-at-init: {failed}: first train loss 4.61")
    assert line.endswith(" (acknowledged)")


def test_status_says_acknowledged_of_a_failure_found_again_at_the_same_code(
    project: Path, credo: Credo
) -> None:
    """Read once at this code, a check that failed again let runs go on, and the gate said
    so, but --status showed the newer failure as if nobody had read it."""
    run(credo, project, "--start", "4.61")
    assert credo(project, "gate", "--ack", "--note", "wrong on purpose").returncode == 0
    run(credo, project, "--start", "4.61")  # fails again: not held, not acknowledged itself
    assert not evidence(project, "loss-at-init").acknowledged_by
    status = credo(project, "check", "training-recipe", "--status").stdout
    [line] = [line for line in status.splitlines() if "loss-at-init:" in line]
    assert line.endswith(" (acknowledged)"), line
    commit_file(project, "model.py", "W = 0\n", "other code")
    status = credo(project, "check", "training-recipe", "--status").stdout
    assert "(acknowledged)" not in status  # read at the other code, not at this one


def test_an_acknowledged_failure_is_not_asked_again_nor_counted_to_review(
    project: Path, credo: Credo
) -> None:
    """After `credo gate --ack` the gate still counted the failed check among those "to
    review when you can", and `credo check` offered `c checked` on it: a tick by hand over
    the failure a run recorded. Read once, it is left for the next run to answer."""
    run(credo, project, "--start", "4.61")
    assert credo(project, "gate", "--ack", "--note", "wrong on purpose").returncode == 0
    gate = credo(project, "gate").stdout
    assert "loss-at-init failed and was acknowledged at this code; 1 check to review" in gate
    assert "(acknowledged))" in gate  # the open check named, as read
    walked = credo(project, "check", stdin="s\n" * 20)
    assert walked.returncode == 0, walked.stderr
    said = "failed and acknowledged, left for your next run to answer: loss-at-init"
    assert said in walked.stdout
    assert "The loss at initialisation is what chance predicts" not in walked.stdout
    assert "No augmentation is applied to the validation set" in walked.stdout  # asked


def test_status_says_acknowledged_of_every_item_read_with_the_failure(
    project: Path, credo: Credo
) -> None:
    """--status said "(acknowledged)" of losses-logged but not of the rung acknowledged
    with it (log-every-step, read off the same curves)."""
    run(credo, project, "--valid-every", "10")
    assert credo(project, "gate", "--ack").returncode == 0
    status = credo(project, "check", "training-recipe", "--status").stdout
    for item in ("losses-logged", "log-every-step"):
        [line] = [line for line in status.splitlines() if f" {item}: " in line]
        assert line.startswith(f"  ✗ {item}: ") and line.endswith(" (acknowledged)"), line
    found = json.loads(credo(project, "check", "training-recipe", "--status", "--json").stdout)
    read = {i["item"] for i in found["items"] if i["acknowledged"]}
    assert read == {"losses-logged", "log-every-step"}


def _evidence_ids_of_next_run(project: Path, credo: Credo) -> list[str]:
    """The evidence the gate relied on, as the next run records it."""
    assert credo(project, "run", "--", PY, "train.py").returncode == 0
    newest = max(Store.open(project).runs(), key=lambda r: r.started)
    ids = newest.gate["evidence_ids"]
    assert isinstance(ids, list)
    return [str(i) for i in ids]


def test_credo_check_asks_what_holds_the_run_first_and_k_acknowledges(
    project: Path, credo: Credo
) -> None:
    assert credo(project, "run", "--", PY, "train.py", "--valid-every", "10").returncode == 0
    walked = credo(project, "check", stdin="k\ns\ns\n")
    assert walked.returncode == 0, walked.stderr
    first = walked.stdout.split("answer [")[0]
    assert "This run logs train and valid loss every batch" in first
    sparse = said_as(project, _newest(project, "--valid-every"))
    failed = f"failed on run {sparse} ({shlex.join(SPARSE)})"
    assert f"now: {failed}: valid loss at 4 of 40 steps" in first  # as the gate words it
    assert "k: acknowledge" in first
    assert "Acknowledged 1 failed check at this code:" in walked.stdout  # its rung with it
    assert walked.stdout.index("Acknowledged") < walked.stdout.index("Be obsessed with your data")
    assert credo(project, "gate").returncode == 0


def test_the_walks_header_lists_only_the_keys_its_items_offer(project: Path, credo: Credo) -> None:
    """The walk's header listed "c checked" over a check a run failed, where the item's
    own prompt offers no c (a tick by hand would hide what the run found): on a terminal,
    the header offers only the keys its items take; a pack a person ticks keeps c."""
    from terminal import on_terminal

    assert credo(project, "run", "--", *SPARSE).returncode == 0  # fails losses-logged
    walk = [("answer [k/n/a/s/q]", b"s\n"), ("answer [c/n/a/s/q]", b"q\n")]
    code, screen = on_terminal(project, ["check"], walk)
    assert code == 0, screen
    held, rest = (" ".join(said.split()) for said in screen.split("answer [k/n/a/s/q]", 1))
    assert "1 to review (k acknowledge · n not yet · a n.a. · s skip · q stop)" in held, held
    assert "c checked" not in held
    # then the rest of what the gate asks, which a person ticks: c offered
    assert "to review (c checked · n not yet · a n.a. · s skip · q stop)" in rest, rest


def test_the_walk_counts_the_checks_acknowledged_as_the_gate_counted_them(
    project: Path, credo: Credo
) -> None:
    """The gate said 2 checks held the run, k was answered to both, and the walk said it
    acknowledged 3: it counted the rung acknowledged with losses-logged (the same curves)."""
    wrong = ("--start", "4.61", "--valid-every", "10")
    assert credo(project, "run", "--", PY, "train.py", *wrong).returncode == 0
    held = credo(project, "gate")
    assert held.returncode == 1 and held.stdout.startswith("2 checks hold runs")
    walked = credo(project, "check", stdin="k\nk\nq\n")
    assert walked.returncode == 0, walked.stderr
    assert "2 to review (k acknowledge · n not yet" in walked.stdout  # k explained, no c
    assert "Acknowledged 2 failed checks at this code:" in walked.stdout
    acked = {e.item for e in Store.open(project).evidence() if e.acknowledged_by}
    assert acked == {"loss-at-init", "losses-logged", "log-every-step"}
    assert credo(project, "gate").returncode == 0


def test_a_tick_by_hand_does_not_answer_the_failure_an_na_does(project: Path, credo: Credo) -> None:
    """A tick by hand answered a check the run had just failed, and opened the gate: it
    hid what the run found. It is refused; an n.a. (the check does not fit) answers it."""
    assert credo(project, "run", "--", PY, "train.py", "--start", "4.61").returncode == 0
    assert credo(project, "gate").returncode == 1
    ticked = credo(project, "check", "training-recipe", "--tick", "loss-at-init")
    assert ticked.returncode == 2 and "would hide what the run found" in ticked.stderr
    assert credo(project, "gate").returncode == 1
    na = credo(project, "check", "training-recipe", "--na", "loss-at-init=regression")
    assert na.returncode == 0, na.stderr
    status = credo(project, "check", "training-recipe", "--status").stdout
    assert "✓ loss-at-init: n.a.: regression" in status
    assert credo(project, "gate").returncode == 0


def test_a_failed_check_does_not_hold_a_run_at_other_code(project: Path, credo: Credo) -> None:
    assert credo(project, "run", "--", PY, "train.py", "--start", "4.61").returncode == 0
    commit_file(project, "README.md", "# notes\n", "docs only")
    assert credo(project, "gate").returncode == 1  # the code did not change
    commit_file(project, "model.py", "W = 0\n", "fix the output layer")
    assert credo(project, "gate").returncode == 0


def test_a_new_experiment_is_never_held(project: Path, credo: Credo) -> None:
    wrong = ("--", PY, "train.py", "--start", "9")
    assert credo(project, "run", "--hypothesis", "a", *wrong).returncode == 0
    assert credo(project, "run", *wrong).returncode != 0  # held: the same experiment and code
    assert credo(project, "exp", "stop", "--outcome", "refuted", "-l", "learnt").returncode == 0
    fresh = credo(project, "run", "--hypothesis", "b", "--", PY, "train.py")
    assert fresh.returncode == 0, fresh.stderr
    # not "a first run": the project has runs at this code, which is why it says whose
    assert "this experiment's first run gathers the evidence" in fresh.stderr


def test_the_refusal_s_ack_acknowledges_the_refused_command_only(
    project: Path, credo: Credo
) -> None:
    """`credo run` refused a command and said `credo gate --ack`, which acknowledged every
    command's failures: following it let another command's failed run go on unread. The
    refusal names its own command (`credo gate --ack -- CMD`), and that acknowledges what
    holds that command only; `credo gate -- CMD` asks about it alone."""
    start = (PY, "train.py", "--start", "4.61")
    every = (PY, "train.py", "--valid-every", "10")
    assert credo(project, "run", "--", PY, "train.py").returncode == 0
    assert credo(project, "run", "--", *start).returncode == 0  # fails loss-at-init
    assert credo(project, "run", "--", *every).returncode == 0  # fails losses-logged
    held = credo(project, "run", "--", *start)
    assert held.returncode == 125
    told = f"credo gate --ack -- {shlex.join(start)}"
    assert f"read what failed, then {told} lets runs go on at this code" in held.stderr
    asked = credo(project, "gate", "--", *start)
    assert asked.returncode == 1 and "loss-at-init" in asked.stdout
    assert "losses-logged" not in asked.stdout.split("read what failed")[0]
    acked = credo(project, "gate", "--ack", "--", *start)
    assert acked.returncode == 0, acked.stdout + acked.stderr
    said = [line for line in acked.stdout.splitlines() if line.startswith("acknowledged ")]
    assert [line.split(" on run ")[0] for line in said] == [
        "acknowledged training-recipe/loss-at-init"
    ]
    assert credo(project, "gate", "--", *start).returncode == 0
    assert credo(project, "gate", "--", *every).returncode == 1  # not read: still held
    assert credo(project, "run", "--", *every).returncode == 125
    assert credo(project, "run", "--", *start).returncode == 0


SPARSE = (PY, "train.py", "--valid-every", "10")
"""A command whose runs fail losses-logged (and log-every-step with it)."""
SPARSE_TOO = (*SPARSE, "--classes", "10")
"""Another command, with the same curves: its runs fail the same checks."""


def _both_sparse_commands_failed(project: Path, credo: Credo) -> None:
    """Runs of SPARSE and of SPARSE_TOO in one experiment failed losses-logged alike."""
    assert credo(project, "exp", "start", "valid loss every batch").returncode == 0
    for command in ((PY, "train.py"), SPARSE, SPARSE_TOO):
        assert credo(project, "run", "--skip-gate", "--", *command).returncode == 0
    for command in (SPARSE, SPARSE_TOO):
        assert credo(project, "gate", "--", *command).returncode == 1


def _acknowledged_commands(project: Path) -> set[tuple[str, ...]]:
    return {tuple(e.command) for e in Store.open(project).evidence() if e.acknowledged_by}


def test_k_in_the_walk_before_a_run_acknowledges_that_commands_failures_only(
    project: Path, credo: Credo
) -> None:
    """`credo run -- CMD` on a terminal, held, offered the walk of every command's
    failures, and its `k` acknowledged them all: another command's failed runs went on
    unread, though `credo gate --ack -- CMD` acknowledges that command's only. The walk
    asks about CMD's failures, and `k` says whose it acknowledged."""
    from terminal import on_terminal

    _both_sparse_commands_failed(project, credo)
    code, screen = on_terminal(
        project,
        ["run", "--", *SPARSE],
        [("Review the checklist now?", b"y\n"), ("answer [k/", b"k\n")],
    )
    assert code == 0, screen
    assert _acknowledged_commands(project) == {SPARSE}
    said = " ".join(screen.split("Acknowledged 1 failed check at this code")[1].split())
    assert f"({shlex.join(SPARSE)}): valid loss at 4 of 40 steps" in said
    assert shlex.join(SPARSE_TOO) not in said
    assert credo(project, "gate", "--", *SPARSE_TOO).returncode == 1  # not read: still held


def test_k_in_credo_check_acknowledges_every_commands_failures_naming_each(
    project: Path, credo: Credo
) -> None:
    """`credo check` (no command) walks what holds any command's runs: its `k` goes on
    acknowledging every failure it shows, and now says which command's each was."""
    _both_sparse_commands_failed(project, credo)
    walked = credo(project, "check", stdin="k\nq\n")
    assert walked.returncode == 0, walked.stderr
    assert _acknowledged_commands(project) == {SPARSE, SPARSE_TOO}
    said = walked.stdout.split("Acknowledged 1 failed check at this code")[1]
    for command in (SPARSE, SPARSE_TOO):
        assert f"({shlex.join(command)}): valid loss at 4 of 40 steps" in said
    assert "(with log-every-step)" in said  # the rung read off the same curves


def test_the_walk_before_a_run_ends_saying_other_commands_are_held_and_what_walks_them(
    project: Path, credo: Credo
) -> None:
    """The walk `credo run -- CMD` offers asks about CMD's failures only, and said nothing
    of other commands whose failed checks hold their runs: the person left it thinking
    the gate was clear. It ends with one line counting them, naming `credo check`; with
    no other command held, it says nothing of them."""
    from terminal import on_terminal

    _both_sparse_commands_failed(project, credo)
    assert credo(project, "run", "--skip-gate", "--", *SPARSE, "--start", "4.61").returncode == 0
    walk = [("Review the checklist now?", b"y\n"), ("answer [k/", b"k\n")]
    code, screen = on_terminal(project, ["run", "--", *SPARSE], walk)
    assert code == 0, screen
    said = "2 other commands have failed checks: credo check walks them."
    assert said in screen
    assert screen.index("Acknowledged 1 failed check") < screen.index(said)  # the walk's end
    assert credo(project, "gate", "--", *SPARSE_TOO).returncode == 1  # still held, as said
    commit_file(project, "model.py", "W = 0\n", "other code")  # the others' failures hold not
    assert credo(project, "run", "--", *SPARSE).returncode == 0  # fails losses-logged here
    code, screen = on_terminal(project, ["run", "--", *SPARSE], walk)
    assert code == 0, screen
    assert "Acknowledged 1 failed check" in screen and "other command" not in screen


@pytest.mark.parametrize("read_by", ["credo gate --ack", "k in the run's walk"])
def test_the_rung_a_run_tries_is_no_part_of_the_command_the_gate_holds(
    project: Path, credo: Credo, read_by: str
) -> None:
    """`credo run --rung X -- CMD` is the same command whatever X: the rung marks the run
    for its verifiers and reaches the program in no way, so the same program runs. A rung
    that failed holds the next rung's run of CMD at this code (each step before the next),
    and reading it, by `credo gate --ack -- CMD` or `k` in the walk alike, lets it go on;
    a rung's own check is judged on its rung's runs only, so that reading never covers
    another rung's failure. Here the rungs differ by a file of arguments, not the command.
    A guard: it passes on the code before."""
    from terminal import on_terminal

    assert credo(project, "exp", "start", "climb the ladder").returncode == 0
    rung_args = project / "rung.txt"  # not code: the same command and code for every rung
    rung_args.write_text("")  # train loss 2.3 -> 0.5: one example not memorised
    command = (PY, "train.py", "@rung.txt")
    tried = credo(project, "run", "--rung", "overfit-one", "--", *command)
    assert tried.returncode == 0
    # the verdict's words: the next rung's run is this command's, held
    assert "each step is checked before the next: the gate holds this command's" in tried.stderr
    asked = json.loads(credo(project, "gate", "--json", "--", *command).stdout)
    assert [b["item"] for b in asked["blocking"]] == ["overfit-one"]
    rung_args.write_text("--valid=up\n")  # the whole data, on which valid loss goes up
    more_data = ("run", "--rung", "more-data", "--", *command)
    held = credo(project, *more_data)
    assert held.returncode == 125 and "training-recipe/overfit-one" in held.stderr
    assert f"then credo gate --ack -- {shlex.join(command)} lets" in held.stderr
    if read_by == "credo gate --ack":
        assert credo(project, "gate", "--ack", "--", *command).returncode == 0
        ran = credo(project, *more_data)
        code, screen = ran.returncode, ran.stderr
    else:
        walk = [("Review the checklist now?", b"y\n"), ("answer [k/", b"k\n")]
        code, screen = on_terminal(project, list(more_data), walk)
    assert code == 0, screen
    assert "✗ more-data: valid loss" in screen
    read = {e.id for e in Store.open(project).evidence() if e.acknowledged_by}
    assert read == set(asked["to_acknowledge"])  # the same record, read either way
    after = json.loads(credo(project, "gate", "--json", "--", *command).stdout)
    assert [b["item"] for b in after["blocking"]] == ["more-data"]  # not covered: held


def test_the_walk_asks_about_a_failure_that_holds_its_command_though_another_passed_it(
    project: Path, credo: Credo
) -> None:
    """A run of another command that passed losses-logged after SPARSE's run failed it:
    the gate held SPARSE, the walk `credo run` offered said "Nothing of training-recipe
    to review for this code" (it read the check as the newest run left it, verified) and
    then refused the run, with no `k` to read the failure; `credo check` asked nothing of
    it either. The walk asks about what holds the command, as the gate found it."""
    from terminal import on_terminal

    assert credo(project, "exp", "start", "valid loss every batch").returncode == 0
    assert credo(project, "run", "--", *SPARSE).returncode == 0  # fails losses-logged
    assert credo(project, "run", "--", PY, "train.py").returncode == 0  # passes it
    assert credo(project, "gate", "--", *SPARSE).returncode == 1
    checked = credo(project, "check", stdin="q\n").stdout.split("answer [")[0]
    sparse = said_as(project, _newest(project, "--valid-every"))
    failed = f"failed on run {sparse} ({shlex.join(SPARSE)})"
    assert f"now: {failed}: valid loss at 4 of 40 steps" in checked, checked
    assert "k: acknowledge" in checked
    walk = [("Review the checklist now?", b"y\n"), ("answer [k/n/a/s/q]", b"k\n")]
    code, screen = on_terminal(project, ["run", "--", *SPARSE], walk)
    assert code == 0, screen
    assert "a run failed it: no tick by hand" in screen  # as for any failure a run found
    assert "Acknowledged 1 failed check at this code" in screen
    assert _acknowledged_commands(project) == {SPARSE}


def test_a_skipped_gate_reads_no_rung_failure_the_run_did_not_judge(
    project: Path, credo: Credo
) -> None:
    """overfit-one failed on a run of CMD, and the gate held CMD's next run; `credo run
    --skip-gate --rung more-data -- CMD` went on, and its run, the last of CMD here, which
    judges no overfit-one, let the failure go unread: the gate opened, nobody having read
    it. A skipped gate reads nothing: the failure holds until acknowledged."""
    assert credo(project, "exp", "start", "climb the ladder").returncode == 0
    (project / "rung.txt").write_text("")  # train loss 2.3 -> 0.5: one example not memorised
    command = (PY, "train.py", "@rung.txt")
    assert credo(project, "run", "--rung", "overfit-one", "--", *command).returncode == 0
    skipped = credo(project, "run", "--skip-gate", "--rung", "more-data", "--", *command)
    assert skipped.returncode == 0 and "gate skipped (--skip-gate)" in skipped.stderr
    assert "✓ more-data: valid loss" in skipped.stderr  # it passed its own rung
    held = json.loads(credo(project, "gate", "--json", "--", *command).stdout)
    assert [b["item"] for b in held["blocking"]] == ["overfit-one"], held["message"]
    assert credo(project, "run", "--", *command).returncode == 125
    assert credo(project, "gate", "--ack", "--", *command).returncode == 0
    assert credo(project, "gate", "--", *command).returncode == 0


def test_status_says_a_rung_read_with_its_check_as_the_check_though_another_passed_it(
    project: Path, credo: Credo
) -> None:
    """SPARSE's run failed losses-logged and its rung log-every-step (the same curves), a
    run of another command passed both, and `credo gate --ack` read SPARSE's failure:
    --status then said the check failed "(acknowledged)" and, in the ladder, the rung
    "reached" by the other run, two things of the same curves. The rung says what its
    check says, as the gate words it: one check failed and was acknowledged."""
    assert credo(project, "run", "--", *SPARSE).returncode == 0  # fails both
    assert credo(project, "run", "--", PY, "train.py").returncode == 0  # passes both
    assert credo(project, "gate", "--ack").returncode == 0
    status = credo(project, "check", "training-recipe", "--status").stdout
    for item in ("losses-logged", "log-every-step"):
        [line] = [line for line in status.splitlines() if f" {item}: " in line]
        assert line.startswith(f"  ✗ {item}: ") and "valid loss at 4 of 40 steps" in line, line
        assert line.endswith(" (acknowledged)"), line
    gate = credo(project, "gate").stdout
    assert "open at " in gate and ": losses-logged failed and was acknowledged at this" in gate


def test_a_rung_read_alone_is_said_by_the_gate_and_recorded_by_the_run_it_let_go_on(
    project: Path, credo: Credo
) -> None:
    """overfit-one failed on CMD's run and `credo gate --ack` read it: the gate then said
    "nothing in training-recipe says something is wrong", and CMD's next run, which went
    on over the failure, recorded `gate: passed`: a rung's read failure was kept only
    where a check the gate asks had failed with it. It is said and recorded as a check's."""
    climbed_by_hand(project, credo)
    command = (PY, "train.py", "--end", "1.2", "--rung", "overfit-one")
    assert credo(project, "run", "--", *command).returncode == 0  # fails overfit-one only
    assert credo(project, "gate", "--ack").returncode == 0
    gate = credo(project, "gate").stdout
    assert ": overfit-one failed and was acknowledged at this code" in gate, gate
    assert credo(project, "run", "--", *command).returncode == 0
    after = max(Store.open(project).runs(), key=lambda r: r.started)
    [read] = after.gate["acknowledged"]  # type: ignore[misc]
    assert read["check"] == "training-recipe/overfit-one" and read["by"] == "Ada Tester"
    assert "acknowledged: 1 failed" in credo(project, "runs", "ls").stdout


def test_status_says_the_failure_that_holds_its_command_though_another_passed_it(
    project: Path, credo: Credo
) -> None:
    """After SPARSE's run failed losses-logged and a run of another command passed it,
    the gate held SPARSE, but `credo check --status` said "✓ losses-logged: verified by
    run ...": it read the check as the newest run left it. It says what holds SPARSE, in
    the gate's words (it said "evidence found: ...", the gate "failed on run X (CMD)")."""
    assert credo(project, "exp", "start", "valid loss every batch").returncode == 0
    assert credo(project, "run", "--", *SPARSE).returncode == 0  # fails losses-logged
    assert credo(project, "run", "--", PY, "train.py").returncode == 0  # passes it
    status = credo(project, "check", "training-recipe", "--status").stdout
    sparse = said_as(project, _newest(project, "--valid-every"))
    failed = f"failed on run {sparse} ({shlex.join(SPARSE)})"
    assert f"✗ losses-logged: {failed}: valid loss at 4 of 40 steps" in status, status
    gate = json.loads(credo(project, "gate", "--json").stdout)
    [held] = [b for b in gate["blocking"] if b["item"] == "losses-logged"]
    [line] = [line for line in status.splitlines() if " losses-logged:" in line]
    assert line == f"  ✗ losses-logged: {held['reason']}"  # the same words, said once
    said = json.loads(credo(project, "check", "training-recipe", "--status", "--json").stdout)
    [item] = [i for i in said["items"] if i["item"] == "losses-logged"]
    assert item["reason"] == held["reason"]
    assert (item["how"], item["run"]) == ("", _newest(project, "--valid-every").id)
    assert "losses-logged" in {o["item"] for o in said["open"]}


def test_a_check_a_sweep_failed_is_said_once_with_each_run_under_it(
    project: Path, credo: Credo
) -> None:
    """A sweep's values are commands of their own: after three learning rates failed
    losses-logged, `credo gate` (and an agent's gate_status) said "3 checks hold runs" and
    worded the one check three times, 300 characters each. It is one check, holding the
    runs of three commands: worded once, the other runs named under it."""
    sweep = credo(project, "sweep", "-j", "1", "--", *SPARSE, "--lr", "{1e-3,3e-3,1e-2}")
    assert sweep.returncode == 0, sweep.stderr
    shown = credo(project, "gate")
    assert shown.returncode == 1
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("1 check holds runs of 3 commands at "), shown.stdout
    assert [line.startswith("  - training-recipe/losses-logged: ") for line in lines[1:4]] == [
        True,
        False,
        False,
    ], shown.stdout
    runs = {f"{said_as(project, r)} ({shlex.join(r.command)})" for r in Store.open(project).runs()}
    first = lines[1].split("(failed on run ", 1)[1].split(": ", 1)[0]
    under = [line.removeprefix("    the same on run ") for line in lines[2:4]]
    assert sorted([first, *under]) == sorted(runs), shown.stdout  # each run named, once
    assert lines[4:] == ["read what failed, then credo gate --ack lets runs go on at this code"]


def test_a_check_marked_na_reads_as_na_in_every_verdict(project: Path, credo: Credo) -> None:
    """After `credo check data --na data-unchanged=REASON`, `--status` said `✓ ... n.a.`,
    and the gate let runs go, but every later run's verdict still said `✗ data-unchanged`:
    at the end of `credo run`, in the run view and in the report."""
    from credo.ui.screens.run_view import _verdicts

    beside_a_baseline(project, credo)
    (project / "data" / "train.txt").write_text("a\nb\nc\n")
    first = run(credo, project, options=("--hypothesis", "new data"))
    assert "✗ data-unchanged: data differ from the baseline's run" in first
    why = "the new data is the experiment"
    assert credo(project, "check", "data", "--na", f"data-unchanged={why}").returncode == 0
    said = run(credo, project)
    assert f"✓ data-unchanged: n.a.: {why}" in said and "✗ data-unchanged" not in said
    store = Store.open(project)
    last = max(store.runs(), key=lambda r: r.started)
    assert f"✓ data-unchanged: n.a.: {why}" in run_verdict(store, last)
    shown = _verdicts(store, last, store.short_ids(Run), {})
    assert f"✓[/] data/data-unchanged: n.a.: {why}" in shown
    report = credo(project, "report", "--format", "md").stdout
    assert "✗ data-unchanged" not in report and f"✓ data-unchanged n.a. ({why}) on" in report
