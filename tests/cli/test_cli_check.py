"""`credo check`, `credo gate` and the gate inside `credo run`, through the console script."""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

Credo = Callable[..., CompletedProcess[str]]
PY = sys.executable
RUN_ITEMS = ["valid-not-augmented", "seed-fixed", "losses-logged"]


def ok(result: CompletedProcess[str]) -> CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def test_list_shows_origin(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    (repo / ".credo" / "checklists" / "eval.toml").write_text(
        'name = "eval"\ntitle = "Eval rules"\n'
        '[[items]]\nid = "held-out"\nprinciple = "p"\ntext = "t"\n'
    )
    listed = {p["name"]: p for p in json.loads(ok(credo(repo, "check", "--list", "--json")).stdout)}
    assert listed["eval"]["origin"] == "project"
    assert listed["training-recipe"]["origin"] == "built-in"
    assert "Eval rules" in ok(credo(repo, "check", "--list")).stdout


def test_tick_status_and_gate(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    closed = credo(repo, "gate", "--json")
    assert closed.returncode == 1
    assert len(json.loads(closed.stdout)["open"]) == 4
    saved = json.loads(
        ok(
            credo(
                repo,
                "check",
                "training-recipe",
                *[f"--tick={i}" for i in RUN_ITEMS],
                "--na",
                "loss-at-init=regression, no classes",
                "--note",
                "seed-fixed=train.py:12",
                "--json",
            )
        ).stdout
    )
    assert saved["open"] == []
    review = tomllib.loads((repo / ".credo" / "reviews" / f"{saved['review']}.toml").read_text())
    marks = {e["item"]: (e["mark"], e.get("note", "")) for e in review["entries"]}
    assert marks["loss-at-init"] == ("na", "regression, no classes")
    assert marks["seed-fixed"] == ("checked", "train.py:12")
    assert review["git"]["sha"] == saved["sha"]
    status = json.loads(ok(credo(repo, "check", "training-recipe", "--status", "--json")).stdout)
    assert status["covered"] is True and status["total"] == 14
    assert "hold at" in ok(credo(repo, "gate")).stdout


def test_bad_review_input_is_one_line(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    result = credo(repo, "check", "training-recipe", "--na", "seed-fixed")
    assert result.returncode == 1 and "ID=TEXT" in result.stderr
    result = credo(repo, "check", "training-recipe", "--tick", "nope")
    assert result.returncode == 1 and "has no item nope" in result.stderr
    result = credo(repo, "check", "nopack", "--tick", "x")
    assert result.returncode == 1 and "no checklist pack 'nopack'" in result.stderr


def test_interactive_walk_through_stdin(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    answers = "c\nplots/loss.png\nn\n\na\nno validation set\ns\nq\n"
    result = ok(credo(repo, "check", "training-recipe", stdin=answers))
    assert "Saved review" in result.stdout and "why:" in result.stdout
    [path] = (repo / ".credo" / "reviews").glob("*.toml")
    entries = {e["item"]: e for e in tomllib.loads(path.read_text())["entries"]}
    assert entries["start-simple"]["mark"] == "checked"
    assert entries["start-simple"]["note"] == "plots/loss.png"
    assert entries["plain-loop"]["mark"] == "not_yet"
    assert entries["log-every-step"] == {
        "item": "log-every-step",
        "mark": "na",
        "note": "no validation set",
    }
    again = ok(credo(repo, "check", "training-recipe", stdin="q\n")).stdout
    # start-simple (checked) and log-every-step (n.a.) hold: only the rest is asked again
    assert "12 to review" in again and "Start with the simplest" not in again


def test_run_refuses_when_not_interactive_then_passes_after_review(
    repo: Path, credo: Credo
) -> None:
    ok(credo(repo, "init"))
    refused = credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "print('ran')")
    assert refused.returncode != 0 and "ran" not in refused.stdout
    assert "training-recipe/seed-fixed" in refused.stderr and "--skip-gate" in refused.stderr
    ok(
        credo(
            repo, "check", "training-recipe", *[f"--tick={i}" for i in [*RUN_ITEMS, "loss-at-init"]]
        )
    )
    passed = ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "print('ran')"))
    assert passed.stdout == "ran\n" and "gate: checks of training-recipe hold" in passed.stderr
    runs = [tomllib.loads(p.read_text()) for p in (repo / ".credo" / "runs").glob("*/run.toml")]
    assert runs[0]["gate"]["passed"] is True and len(runs[0]["gate"]["review_ids"]) == 1


def test_skip_gate_records_what_was_open(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    result = ok(credo(repo, "run", "--skip-gate", "--hypothesis", "h", "--", PY, "-c", "pass"))
    assert "gate skipped" in result.stderr
    [path] = (repo / ".credo" / "runs").glob("*/run.toml")
    gate = tomllib.loads(path.read_text())["gate"]
    assert gate["skipped"] is True and gate["passed"] is False
    assert any("seed-fixed" in item for item in gate["open_items"])


def test_experiment_shows_the_review_a_run_was_launched_under(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    ticks = [f"--tick={i}" for i in [*RUN_ITEMS, "loss-at-init"]]
    review = json.loads(ok(credo(repo, "check", "training-recipe", *ticks, "--json")).stdout)
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    shown = ok(credo(repo, "exp", "show")).stdout
    assert f"gate: passed, under review {review['review'][:7]}" in shown


def test_status_without_a_pack_reports_the_packs_the_gate_uses(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    (repo / ".credo" / "checklists" / "eval.toml").write_text(
        'name = "eval"\ntitle = "Eval rules"\n'
        '[[items]]\nid = "held-out"\nprinciple = "p"\ntext = "Test set held out"\n'
    )
    config = repo / ".credo" / "config.toml"
    config.write_text(
        config.read_text().replace('"training-recipe",', '"training-recipe", "eval",')
    )
    ok(credo(repo, "check", "eval", "--tick", "held-out"))
    result = credo(repo, "check", "--status")
    assert result.returncode == 1, result.stderr  # training-recipe has open checks
    assert "The gate before runs uses: training-recipe, eval." in result.stdout
    assert "training-recipe: 0/14 done" in result.stdout and "eval: 1/1 done" in result.stdout
    assert "training-recipe/seed-fixed" in result.stdout
    listed = json.loads(credo(repo, "check", "--status", "--json").stdout)
    assert [(p["pack"], p["covered"]) for p in listed] == [
        ("training-recipe", False),
        ("eval", True),
    ]
