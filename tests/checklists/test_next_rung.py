"""The next rung's command: the run's own command, with the argument that named its rung
changed, however the script takes it."""

from __future__ import annotations

import tomllib

import pytest

from credo.actions.checks import code_state, record_review
from credo.checklists.packs import BUILTIN_DIR, get_pack
from credo.checklists.verdict import run_verdict, try_command
from credo.domain.models import (
    ChecklistItem,
    ChecklistPack,
    Divergence,
    Mark,
    Run,
    RunStatus,
    SlurmJob,
)
from credo.store import Store
from credo.store.ids import new_id

from repos import commit_file


def _rung(name: str) -> ChecklistItem:
    pack = ChecklistPack.model_validate(
        tomllib.loads((BUILTIN_DIR / "training-recipe.toml").read_text())
    )
    return next(item for item in pack.items if item.id == name)


@pytest.mark.parametrize(
    ("command", "params", "expected"),
    [
        (
            ["python", "train.py", "--rung", "overfit-one"],
            {"rung": "overfit-one"},
            "credo run -- python train.py --rung overfit-ten",
        ),
        (
            ["python", "train.py", "--rung=overfit-one"],
            {},
            "credo run -- python train.py --rung=overfit-ten",
        ),
        (
            ["python", "train.py", "rung=overfit-one", "lr=0.1"],
            {"rung": "overfit-one"},
            "credo run -- python train.py rung=overfit-ten lr=0.1",
        ),
        (
            ["python", "train.py", "overfit-one"],
            {"rung": "overfit-one"},
            "credo run -- python train.py overfit-ten",
        ),
        (
            ["python", "train.py"],
            {"rung": "overfit-one"},
            "credo run --rung overfit-ten -- python train.py",
        ),
        (
            ["python", "train.py", "--rung"],
            {},
            "credo run --rung overfit-ten -- python train.py --rung",
        ),
    ],
)
def test_the_argument_that_named_the_rung_is_changed(
    command: list[str], params: dict[str, str], expected: str
) -> None:
    run = Run(id=new_id(), command=command, params=params)
    assert try_command(_rung("overfit-ten"), run, "training-recipe") == expected


def test_the_next_rung_of_a_run_slurm_ran_is_submitted_to_slurm_again(store: Store) -> None:
    """It said `credo run -- ...`: pasted on the login node, the next rung trained there."""
    config = store.credo_dir / "config.toml"
    config.write_text(config.read_text().replace("sbatch = []", 'sbatch = ["--partition=gpu"]'))
    fresh = Store.open(store.project_root)
    climbed = ["start-simple", "plain-loop", "log-every-step", "overfit-one"]
    state = code_state(fresh)
    record_review(fresh, "training-recipe", {i: (Mark.CHECKED, "") for i in climbed}, state, None)
    given = ["--partition=gpu", "--gpus=1", "--time=2:00:00"]  # the project's, then --sbatch
    run = Run(
        id=new_id(),
        command=["python", "train.py", "--rung", "overfit-one"],
        params={"rung": "overfit-one"},
        git_start=state,
        slurm=SlurmJob(job="812", sbatch=given),
    )
    (next_rung,) = [line for line in run_verdict(fresh, run, []) if "next rung" in line]
    assert next_rung.endswith(
        "credo run --slurm --sbatch '--gpus=1 --time=2:00:00' -- python train.py --rung overfit-ten"
    )
    alone = run.model_copy(update={"slurm": SlurmJob(job="813")})  # no --sbatch, no defaults
    assert try_command(_rung("overfit-ten"), alone, "training-recipe") == (
        "credo run --slurm -- python train.py --rung overfit-ten"
    )


def test_a_rung_no_run_can_show_is_ticked_by_hand_in_its_own_pack() -> None:
    run = Run(id=new_id(), command=["python", "train.py"])
    assert try_command(_rung("profile"), run, "training-recipe") == (
        "done? credo check training-recipe --tick profile"
    )
    assert try_command(_rung("profile"), run, "serving") == (
        "done? credo check serving --tick profile"
    )


def test_the_verdicts_ladder_climbs_every_gate_pack_at_the_runs_code(store: Store) -> None:
    """Each gate pack's rungs, judged at the code the run started from, not the code now."""
    (store.credo_dir / "checklists" / "serving.toml").write_text(
        'name = "serving"\ntitle = "Serving"\n[[items]]\nid = "latency"\nprinciple = "p"\n'
        'text = "Latency under 50 ms"\nscope = "run"\ngate = false\n'
    )
    config = store.credo_dir / "config.toml"
    config.write_text(
        config.read_text().replace('"training-recipe",', '"training-recipe", "serving",')
    )
    before = code_state(store)
    ladder = [item.id for item in get_pack(store, "training-recipe").items if not item.gate]
    record_review(store, "training-recipe", {i: (Mark.CHECKED, "") for i in ladder}, before, None)
    record_review(store, "serving", {"latency": (Mark.CHECKED, "")}, before, None)
    commit_file(store.project_root, "train.py", "print('new loop')\n", "a new loop")
    fresh = Store.open(store.project_root)
    then = Run(id=new_id(), command=["python", "train.py"], git_start=before)
    now = Run(id=new_id(), command=["python", "train.py"], git_start=code_state(fresh))
    assert "every rung of the ladder is reached" in run_verdict(fresh, then, [])
    (next_rung,) = [line for line in run_verdict(fresh, now, []) if "next rung" in line]
    assert next_rung.startswith("next rung: Latency under 50 ms")
    assert next_rung.endswith("done? credo check serving --tick latency")  # its own pack


@pytest.mark.parametrize(
    ("status", "ended"),
    [
        (RunStatus.FAILED, "failed"),
        (RunStatus.INTERRUPTED, "was interrupted"),
        (RunStatus.KILLED, "was killed"),
        (RunStatus.TIMED_OUT, "ran out of time"),
    ],
)
def test_a_run_ended_before_it_logged_is_pointed_at_its_output_not_the_ladder(
    store: Store, status: RunStatus, ended: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ctrl-c'd run that logged nothing was told how to log metrics and the next rung,
    though it proves nothing about any rung: only what it printed is worth a look."""
    monkeypatch.chdir(store.project_root)  # its output is named from there
    run = Run(id=new_id(), command=["python", "train.py"], status=status)
    run = run.model_copy(update={"git_start": code_state(store)})
    assert run_verdict(store, run, []) == [
        f"the command {ended} before it logged a metric: what it printed is in "
        f".git/credo/runs/{run.id}/output.log"
    ]
    diverged = run.model_copy(update={"diverged": {"loss": Divergence(step=40, value="nan")}})
    said = run_verdict(store, diverged, [])  # it logged a loss, until it became NaN
    assert not any("before it logged a metric" in line for line in said), said
