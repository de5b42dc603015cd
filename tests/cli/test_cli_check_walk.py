"""The review walk on a real terminal (pty) and through stdin; broken packs from the shell."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from credo.store import Store
from terminal import Answer, ctrl_c_a_moment_later, on_terminal

from repos import block_on

Credo = Callable[..., CompletedProcess[str]]
PY = sys.executable


def ok(result: CompletedProcess[str]) -> CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def test_run_on_a_terminal_offers_the_review_of_what_holds_the_run(
    repo: Path, credo: Credo
) -> None:
    ok(credo(repo, "init"))
    block_on(repo, "training-recipe/valid-not-augmented")
    first = ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "print('first')"))
    assert "a first run gathers the evidence" in first.stderr
    answers = [("Review the checklist now?", b"y\n")]
    answers += [("answer [c/n/a/s/q]", b"c\n"), ("note (a path", b"train.py:40\n")]
    code, screen = on_terminal(repo, ["run", "--", PY, "-c", "print('ran on a tty')"], answers)
    assert code == 0, screen
    assert "blocking: never ticked" in screen and "1 to review" in screen
    assert "No augmentation is applied to the validation set" in screen
    assert "A small model trains" not in screen and "Be obsessed with your data" not in screen
    assert "ran on a tty" in screen
    assert "enter for none): train.py:40" in screen  # no empty default shown as "()"
    [review_file] = (repo / ".credo" / "reviews").glob("*.toml")
    review = tomllib.loads(review_file.read_text())
    assert {e["item"]: e["mark"] for e in review["entries"]} == {"valid-not-augmented": "checked"}
    runs = [tomllib.loads(p.read_text()) for p in (repo / ".credo" / "runs").glob("*/run.toml")]
    [second] = [r for r in runs if "ran on a tty" in " ".join(r["command"])]
    assert second["gate"]["passed"] is True and second["gate"]["review_ids"] == [review["id"]]


@pytest.mark.parametrize(
    ("answer", "said", "exit_code"),
    [(b"n\n", "--skip-gate", 125), (ctrl_c_a_moment_later, "credo: interrupted", 130)],
    ids=["no", "ctrl-c"],
)
def test_a_review_refused_on_a_terminal_does_not_run(
    repo: Path, credo: Credo, answer: Answer, said: str, exit_code: int
) -> None:
    """No, or ctrl-c (it printed Click's "Aborted!" and exited 1), at the offer of a
    review: the run does not start and nothing is recorded; the gate's words, said above
    the question, are not said again under the answer."""
    ok(credo(repo, "init"))
    block_on(repo, "training-recipe/seed-fixed")
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    code, screen = on_terminal(
        repo,
        ["run", "--", PY, "-c", "print('should not run')"],
        [("Review the checklist now?", answer)],
    )
    assert code == exit_code, screen
    assert said in screen and "Aborted!" not in screen
    after = screen.split("Review the checklist now?")[-1]
    assert "should not run" not in after
    assert "seed-fixed" not in after  # the gate's words, said once, above the question
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
    # a script (`< /dev/null`) learns how to answer without prompts
    assert "--tick ID, --na ID=REASON or --not-yet ID" in nothing.stdout
    assert len(list((repo / ".credo" / "reviews").glob("*.toml"))) == 1


def test_a_note_with_control_characters_is_asked_again_not_the_walk_lost(
    repo: Path, credo: Credo
) -> None:
    """A note holding an escape (pasted) was refused when the walk saved, at its end:
    every answer given was lost."""
    ok(credo(repo, "init"))
    typed = "c\nread 20 \x1b[2J\nread 20\na\n\x07\nno domains\n"
    result = ok(credo(repo, "check", "data", stdin=typed))
    assert "raw-samples: a note cannot hold control characters (U+001B)" in result.stdout
    assert "label-balance: a note cannot hold control characters (U+0007)" in result.stdout
    [path] = (repo / ".credo" / "reviews").glob("*.toml")
    entries = {
        e["item"]: (e["mark"], e["note"]) for e in tomllib.loads(path.read_text())["entries"]
    }
    assert entries == {"raw-samples": ("checked", "read 20"), "label-balance": ("na", "no domains")}


def test_a_walk_of_two_packs_says_which_one_recorded_nothing(repo: Path, credo: Credo) -> None:
    """`credo check` saved the gate's review, then said "Nothing recorded." for the data
    pack stopped at once: read as the whole walk, the review just saved seemed lost."""
    ok(credo(repo, "init"))
    result = ok(credo(repo, "check", stdin="c\nread data.py\nq\n"))
    assert "Saved review" in result.stdout and "of training-recipe (1 item)" in result.stdout
    assert "Nothing recorded for data." in result.stdout
    assert len(list((repo / ".credo" / "reviews").glob("*.toml"))) == 1


def test_ctrl_c_in_a_review_keeps_the_answers_given(repo: Path, credo: Credo) -> None:
    """ctrl-c at the second question dropped the first answer and its note, silently."""
    ok(credo(repo, "init"))
    answers: list[tuple[str, Answer]] = [
        ("answer [c/n/a/s/q]", b"c\n"),
        ("note (a path", b"samples.md\n"),
    ]
    answers += [("answer [c/n/a/s/q]", ctrl_c_a_moment_later)]
    code, screen = on_terminal(repo, ["check", "data"], answers)
    assert code == 130, screen
    assert "interrupted" in screen and "Saved review" in screen
    [path] = (repo / ".credo" / "reviews").glob("*.toml")
    [entry] = tomllib.loads(path.read_text())["entries"]
    assert (entry["item"], entry["mark"], entry["note"]) == ("raw-samples", "checked", "samples.md")


def test_ctrl_c_in_the_review_before_a_run_keeps_the_answers_and_does_not_run(
    repo: Path, credo: Credo
) -> None:
    ok(credo(repo, "init"))
    block_on(repo, "training-recipe/valid-not-augmented", "training-recipe/seed-fixed")
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    answers: list[tuple[str, Answer]] = [
        ("Review the checklist now?", b"y\n"),
        ("answer [c/n/a/s/q]", b"c\n"),
    ]
    answers += [("note (a path", b"\n"), ("answer [c/n/a/s/q]", ctrl_c_a_moment_later)]
    code, screen = on_terminal(repo, ["run", "--", PY, "-c", "print('should not run')"], answers)
    assert code == 130, screen
    assert "should not run" not in screen.split("Review the checklist now?")[-1]
    [path] = (repo / ".credo" / "reviews").glob("*.toml")
    assert len(tomllib.loads(path.read_text())["entries"]) == 1


def test_a_broken_gate_pack_from_the_shell(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    (repo / ".credo" / "checklists" / "training-recipe.toml").write_text(
        'name = "training-recipe"\ntitle = "Ours"\n[[items]]\nid = "Bad [b]Id[/b]"\n'
    )
    listed = ok(credo(repo, "check", "--list"))
    [warning] = [line for line in listed.stderr.splitlines() if "warning:" in line]
    assert ".credo/checklists/training-recipe.toml" in warning
    assert "not 'Bad [b]Id[/b]'" in warning  # the value is printed as written, not as markup
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


def test_a_dirty_tree_holding_the_run_is_said_not_offered_as_a_review(
    repo: Path, credo: Credo
) -> None:
    """No review answers a dirty tree: `credo run` on a terminal does not ask to review
    the checklist for it, and `credo check` says what holds the run instead of looking
    for a checklist pack named 'gate'."""
    ok(credo(repo, "init"))
    config = repo / ".credo" / "config.toml"
    config.write_text(
        config.read_text().replace("gate_require_clean = false", "gate_require_clean = true")
    )
    (repo / "README.md").write_text("# edited, not committed\n")
    code, screen = on_terminal(
        repo,
        ["run", "--hypothesis", "h", "--", PY, "-c", "print('should not run')"],
        [("Review the checklist now?", b"y\n")],  # were it asked
    )
    assert code != 0 and "gate/clean-tree" in screen and "--skip-gate" in screen
    assert "Review the checklist now?" not in screen and "should not run" not in screen
    checked = credo(repo, "check", stdin="q\n")
    assert "the run is held by gate/clean-tree: Commit or stash" in checked.stderr
    assert "no checklist pack" not in checked.stderr


def test_a_runs_review_for_another_experiment_is_that_experiments(repo: Path, credo: Credo) -> None:
    """`credo run --exp B` while A ran: the gate judged B's checklist, but the review it
    offered walked A's and saved the ticks for A, so B's run was held all the same. The
    walk is of the experiment the run goes to, and its ticks are kept for it."""
    ok(credo(repo, "init"))
    block_on(repo, "principles/simple-first")
    ok(credo(repo, "run", "--hypothesis", "b", "--", PY, "-c", "pass"))
    ok(credo(repo, "exp", "pause"))
    ok(credo(repo, "run", "--hypothesis", "a", "--", PY, "-c", "pass"))
    store = Store.open(repo)
    by = {e.hypothesis: e.id for e in store.experiments()}
    answers: list[tuple[str, Answer]] = [("Review the checklist now?", b"y\n")]
    answers += [("answer [c/n/a/s/q]", b"c\n"), ("note (a path", b"\n")]
    args = ["run", "--exp", by["b"], "--", PY, "-c", "print('ran in b')"]
    code, screen = on_terminal(repo, args, answers)
    assert code == 0, screen
    assert "ran in b" in screen
    [review] = Store.open(repo).reviews()
    assert review.experiment == by["b"]
    assert [(e.item, e.mark.value) for e in review.entries] == [("simple-first", "checked")]
