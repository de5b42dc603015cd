"""The review walk on a real terminal (pty) and through stdin; broken packs from the shell."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from terminal import on_terminal

Credo = Callable[..., CompletedProcess[str]]
PY = sys.executable


def ok(result: CompletedProcess[str]) -> CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def test_run_on_a_terminal_offers_the_review_and_asks_only_what_the_gate_needs(
    repo: Path, credo: Credo
) -> None:
    ok(credo(repo, "init"))
    answers = [("Review the checklist now?", b"y\n")]
    answers += [("answer [c/n/a/s/q]", b"s\n")] * 6  # a first review shows the data checks
    answers += [("answer [c/n/a/s/q]", b"c\n"), ("note (a path", b"\n")] * 3
    answers += [("answer [c/n/a/s/q]", b"a\n"), ("not applicable?", b"regression\n")]
    code, screen = on_terminal(
        repo, ["run", "--hypothesis", "h", "--", PY, "-c", "print('ran on a tty')"], answers
    )
    assert code == 0, screen
    assert "Be obsessed with your data — 6 to review" in screen
    assert "answer with: credo data balance DATA --label LABEL" in screen
    assert "4 to review" in screen  # the four run checks, not the ten ladder rungs
    assert "Start with the simplest" not in screen
    assert "ran on a tty" in screen and "gate: checks of training-recipe hold" in screen
    [review_file] = (repo / ".credo" / "reviews").glob("*.toml")
    review = tomllib.loads(review_file.read_text())
    assert {e["item"]: e["mark"] for e in review["entries"]} == {
        "valid-not-augmented": "checked",
        "seed-fixed": "checked",
        "losses-logged": "checked",
        "loss-at-init": "na",
    }
    [run_file] = (repo / ".credo" / "runs").glob("*/run.toml")
    gate = tomllib.loads(run_file.read_text())["gate"]
    assert gate["passed"] is True and gate["review_ids"] == [review["id"]]


def test_run_on_a_terminal_refused_review_does_not_run(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    code, screen = on_terminal(
        repo,
        ["run", "--hypothesis", "h", "--", PY, "-c", "print('should not run')"],
        [("Review the checklist now?", b"n\n")],
    )
    assert code != 0 and "--skip-gate" in screen
    assert "should not run" not in screen.split("Review the checklist now?")[-1]
    assert not list((repo / ".credo" / "reviews").glob("*.toml"))


def test_input_ending_early_keeps_the_answers_given(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    result = ok(credo(repo, "check", "data", stdin="c\nsamples.md\nn\n\n"))
    assert "input ended" in result.stdout and "Saved review" in result.stdout
    [path] = (repo / ".credo" / "reviews").glob("*.toml")
    entries = {e["item"]: e["mark"] for e in tomllib.loads(path.read_text())["entries"]}
    assert entries == {"raw-samples": "checked", "label-balance": "not_yet"}
    nothing = ok(credo(repo, "check", "data", stdin=""))
    assert "Nothing recorded" in nothing.stdout
    assert len(list((repo / ".credo" / "reviews").glob("*.toml"))) == 1


def test_a_broken_gate_pack_from_the_shell(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    (repo / ".credo" / "checklists" / "training-recipe.toml").write_text(
        'name = "training-recipe"\ntitle = "Ours"\n[[items]]\nid = "Bad Id"\n'
    )
    listed = ok(credo(repo, "check", "--list"))
    [warning] = [line for line in listed.stderr.splitlines() if "warning:" in line]
    assert ".credo/checklists/training-recipe.toml" in warning
    assert "[a-z0-9]" in warning  # the pattern is printed as written, not eaten as markup
    assert "training-recipe" not in listed.stdout  # hidden, not replaced by the built-in
    gate = credo(repo, "gate")
    assert gate.returncode == 1 and "training-recipe/pack" in gate.stdout
    refused = credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "print('x')")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "training-recipe.toml" in refused.stderr
    skipped = ok(credo(repo, "run", "--skip-gate", "--hypothesis", "h", "--", PY, "-c", "pass"))
    assert "gate skipped" in skipped.stderr
    [run_file] = (repo / ".credo" / "runs").glob("*/run.toml")
    gate_record = tomllib.loads(run_file.read_text())["gate"]
    assert gate_record["skipped"] is True
    assert any("training-recipe/pack" in item for item in gate_record["open_items"])
