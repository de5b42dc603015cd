"""The next rung's command: the run's own command, with the argument that named its rung
changed, however the script takes it."""

from __future__ import annotations

import tomllib

import pytest

from credo.checklists.packs import BUILTIN_DIR
from credo.checklists.verdict import try_command
from credo.domain.models import ChecklistItem, ChecklistPack, Run
from credo.store.ids import new_id


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
    assert try_command(_rung("overfit-ten"), run) == expected


def test_a_rung_no_run_can_show_is_ticked_by_hand() -> None:
    run = Run(id=new_id(), command=["python", "train.py"])
    assert try_command(_rung("profile"), run) == (
        "done? credo check training-recipe --tick profile"
    )
