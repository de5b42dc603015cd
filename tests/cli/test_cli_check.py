"""`credo check`, `credo gate` and the gate inside `credo run`, through the console script."""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest
from click.testing import CliRunner

from credo.store import Store

from repos import block_on, git

Credo = Callable[..., CompletedProcess[str]]
PY = sys.executable
RUN_ITEMS = ["valid-not-augmented", "seed-fixed", "losses-logged"]


def ok(result: CompletedProcess[str]) -> CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def test_gate_ack_json_names_what_it_acknowledged(repo: Path, credo: Credo) -> None:
    """`credo gate --ack --json` printed the gate as it stood after, with no word of what
    it had acknowledged (the text said it): a script could not tell it from a gate that
    held nothing. Then it listed the rung read off the same curves as its check as a
    check of its own, where the text (and the gate's count) has one: it goes with it."""
    ok(credo(repo, "init"))
    logs = "from credo import log_metric, log_params\n"
    logs += "log_params(num_classes=10)\nlog_metric(step=0, loss=9.0)\n"
    ok(credo(repo, "run", "--hypothesis", "h", "--", sys.executable, "-c", logs))
    held = json.loads(credo(repo, "gate", "--json").stdout)
    assert "acknowledged" not in held and held["passed"] is False
    acked = json.loads(ok(credo(repo, "gate", "--ack", "--json")).stdout)
    records = {r["item"]: r for r in acked["acknowledged"]}
    # every record it marked, a rung's with its check's (`also`), as the text says it:
    # `acknowledged training-recipe/losses-logged (with log-every-step)`
    ids = {i for r in records.values() for i in [r["evidence"], *r["also_evidence"]]}
    assert ids == set(held["to_acknowledge"])
    assert records.keys() == {"loss-at-init", "losses-logged"}
    assert records["losses-logged"]["also"] == ["log-every-step"]
    assert records["loss-at-init"]["also"] == records["loss-at-init"]["also_evidence"] == []
    assert records["loss-at-init"]["pack"] == "training-recipe"
    assert records["loss-at-init"]["summary"].startswith("first train loss 9 vs 2.3")
    assert json.loads(ok(credo(repo, "gate", "--ack", "--json")).stdout)["acknowledged"] == []


def test_list_shows_origin(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    (repo / ".credo" / "checklists" / "eval.toml").write_text(
        'name = "eval"\ntitle = "Eval rules"\n'
        '[[items]]\nid = "held-out"\nprinciple = "p"\ntext = "t"\n'
    )
    listed = {p["name"]: p for p in json.loads(ok(credo(repo, "check", "--list", "--json")).stdout)}
    assert listed["eval"]["origin"] == "project"
    assert listed["training-recipe"]["origin"] == "built-in"
    listed_text = ok(credo(repo, "check", "--list"))
    assert "Eval rules" in listed_text.stdout and "not known" not in listed_text.stderr


def test_list_with_a_pack_lists_its_items(repo: Path, credo: Credo) -> None:
    """`credo check training-recipe --list` listed every pack, as if the name were not
    there: it now lists that pack's items, with the ids --tick takes."""
    ok(credo(repo, "init"))
    items = json.loads(ok(credo(repo, "check", "training-recipe", "--list", "--json")).stdout)
    by_id = {item["item"]: item for item in items}
    assert by_id["loss-at-init"]["asked"] == "before runs"
    assert by_id["loss-at-init"]["answered_by"] == "runs"
    assert by_id["overfit-one"]["asked"] == "ladder"
    assert by_id["profile"]["answered_by"] == "you"
    shown = ok(credo(repo, "check", "training-recipe", "--list")).stdout
    assert "overfit-one" in shown and "pack" not in shown.split()
    unknown = credo(repo, "check", "nope", "--list")
    assert unknown.returncode == 2 and "no checklist pack 'nope'" in unknown.stderr


def test_list_names_the_fields_of_a_pack_this_version_does_not_know(
    repo: Path, credo: Credo
) -> None:
    """Kept loading (a newer credo's pack still works here), but a typo is said plainly,
    with its line (in the item's own entry, the second here)."""
    ok(credo(repo, "init"))
    (repo / ".credo" / "checklists" / "eval.toml").write_text(
        'name = "eval"\ntitle = "Eval rules"\nreviewer = "ada"\n'
        '[[items]]\nid = "seen"\nprinciple = "p"\ntext = "t"\n'
        '[[items]]\nid = "held-out"\nprinciple = "p"\ntext = "t"\ncomand = "make eval"\n'
    )
    listed = ok(credo(repo, "check", "--list", "--json"))
    assert "eval" in {p["name"] for p in json.loads(listed.stdout)}
    said = " ".join(listed.stderr.split())
    assert (
        ".credo/checklists/eval.toml: item 'held-out': field 'comand' (line 12) is not known to "
        "this version of credo (ignored; did you mean 'command'?)"
    ) in said
    assert "eval.toml: field 'reviewer' (line 3) is not known" in said


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("check", "eval"),
        ("check", "eval", "--tick", "held-out"),
        ("check", "serving", "--tick", "3"),  # the error names it: no warning first
        ("check", "--status"),
    ],
)
def test_every_form_of_check_names_a_broken_pack_or_an_unknown_field(
    repo: Path, credo: Credo, args: tuple[str, ...]
) -> None:
    """Only `check --list` said them: `credo check` skipped a broken pack of the project
    without a word, and took `comand = ...` as no command at all."""
    ok(credo(repo, "init"))
    packs = repo / ".credo" / "checklists"
    (packs / "eval.toml").write_text(
        'name = "eval"\ntitle = "Eval rules"\n'
        '[[items]]\nid = "held-out"\nprinciple = "p"\ntext = "t"\ncomand = "make eval"\n'
    )
    (packs / "serving.toml").write_text('name = "serving"\ntitle = "Serving"\n[[items]]\nid = 3\n')
    result = credo(repo, *args, stdin="")
    said = " ".join(result.stderr.split())
    assert "eval.toml: item 'held-out': field 'comand' (line 7) is not known" in said, said
    assert ".credo/checklists/serving.toml: field 'items.0.id'" in said
    assert said.count("serving.toml") == 1  # once, whatever walks the packs after


def test_tick_status_and_gate(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    first = json.loads(ok(credo(repo, "gate", "--json")).stdout)
    assert first["passed"] and first["first_run"] and len(first["open"]) == 4
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
    assert "open at" in ok(credo(repo, "gate")).stdout


def test_a_broken_review_or_evidence_file_is_named_not_read_as_never_ticked(
    repo: Path, credo: Credo
) -> None:
    """A review file that could not be read was left out in silence: its ticks read as
    "never ticked", and nothing said which file to mend."""
    ok(credo(repo, "init"))
    saved = json.loads(
        ok(credo(repo, "check", "training-recipe", "--tick=seed-fixed", "--json")).stdout
    )
    review = repo / ".credo" / "reviews" / f"{saved['review']}.toml"
    review.write_text(review.read_text().replace('pack = "training-recipe"', "pack = 3"))
    evidence = repo / ".credo" / "evidence" / "e0000000000000ab.toml"
    evidence.parent.mkdir(exist_ok=True)
    evidence.write_text('id = "e0000000000000ab"\npack = \n')
    runs = ["run", "--hypothesis", "h", "--", PY, "-c", "pass"]
    for args in (["gate"], ["gate", "--json"], ["check", "--status"], runs):
        result = credo(repo, *args)
        assert f".credo/reviews/{review.name}: field 'pack' (line 4)" in result.stderr, args
        assert ".credo/evidence/e0000000000000ab.toml: " in result.stderr, args
        assert "Traceback" not in result.stderr
    assert json.loads(credo(repo, "gate", "--json").stdout)["passed"]  # stdout stays JSON


def test_bad_review_input_is_one_line(repo: Path, credo: Credo) -> None:
    """`--na seed-fixed` said "--na takes ID=TEXT", where its help says ID=REASON: it
    says the form with the item given."""
    ok(credo(repo, "init"))
    result = credo(repo, "check", "training-recipe", "--na", "seed-fixed")
    said = "error: --na takes ID=REASON (--na seed-fixed=REASON), got 'seed-fixed'\n"
    assert result.returncode == 2 and result.stderr == said, result.stderr
    note = credo(repo, "check", "training-recipe", "--tick", "seed-fixed", "--note", "=x")
    assert "--note takes ID=TEXT (--note ID=TEXT), got '=x'" in note.stderr, note.stderr
    result = credo(repo, "check", "training-recipe", "--tick", "nope")
    assert (
        result.returncode == 2 and "has no item 'nope'; its items: start-simple," in result.stderr
    )
    empty = credo(repo, "check", "training-recipe", "--tick", "")  # read 'has no item ;'
    assert empty.returncode == 2 and "has no item ''; its items: start-simple," in empty.stderr
    empty = credo(repo, "check", "", "--tick", "seed-fixed")  # was taken for no pack
    assert empty.returncode == 2 and "no checklist pack '' (known: data," in empty.stderr
    result = credo(repo, "check", "nopack", "--tick", "x")
    assert result.returncode == 2 and "no checklist pack 'nopack'" in result.stderr


def test_interactive_walk_through_stdin(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    answers = "c\nplots/loss.png\nn\n\na\nno validation set\ns\nq\n"
    result = ok(credo(repo, "check", "training-recipe", stdin=answers))
    assert "Saved review" in result.stdout and "why:" in result.stdout
    assert "left for your runs to answer: loss-at-init, seed-fixed" in result.stdout
    # what the gate asks comes first, then the rungs no run can show
    assert result.stdout.index("No augmentation") < result.stdout.index("Start simple")
    again = ok(credo(repo, "check", "training-recipe", stdin="q\n")).stdout
    # valid-not-augmented (checked) and plain-loop (n.a.) hold: only the rest is asked again
    assert "5 to review" in again and "No augmentation" not in again


def test_a_blocking_item_holds_the_second_run_until_answered(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    block_on(repo, "training-recipe/seed-fixed")
    first = ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "print('ran')"))
    assert first.stdout == "ran\n" and "a first run gathers the evidence" in first.stderr
    refused = credo(repo, "run", "--", PY, "-c", "print('ran')")
    assert refused.returncode != 0 and "ran" not in refused.stdout
    assert "training-recipe/seed-fixed" in refused.stderr and "--skip-gate" in refused.stderr
    skipped = ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "pass"))
    assert "gate skipped" in skipped.stderr
    ok(credo(repo, "check", "training-recipe", "--tick=seed-fixed"))
    passed = ok(credo(repo, "run", "--", PY, "-c", "print('ran')"))
    assert passed.stdout == "ran\n" and "gate: open at" in passed.stderr
    runs = sorted(
        (tomllib.loads(p.read_text()) for p in (repo / ".credo" / "runs").glob("*/run.toml")),
        key=lambda r: r["started"],
    )
    assert [r["gate"]["passed"] for r in runs] == [True, False, True]
    assert runs[1]["gate"]["skipped"] is True
    assert any("seed-fixed" in item for item in runs[1]["gate"]["open_items"])
    assert len(runs[2]["gate"]["review_ids"]) == 1


def test_a_runs_gate_names_the_pack_it_was_reviewed_under(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    ticks = [f"--tick={i}" for i in [*RUN_ITEMS, "loss-at-init"]]
    review = json.loads(ok(credo(repo, "check", "training-recipe", *ticks, "--json")).stdout)
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    shown = ok(credo(repo, "exp", "show")).stdout
    from credo.domain.models import Review, Run

    store = Store.open(repo)
    # named by its pack (`credo check training-recipe`): no command takes a review's id
    [gate] = [line.strip() for line in shown.splitlines() if line.strip().startswith("gate:")]
    assert gate.startswith("gate: passed, on 1 review of training-recipe")
    assert store.short_id(Review, review["review"]) not in gate
    [run] = store.runs()
    shown = ok(credo(repo, "show", store.short_id(Run, run.id))).stdout  # the run alone
    assert "gate: passed, on 1 review of training-recipe" in shown


def test_a_runs_gate_names_a_review_file_it_cannot_read(repo: Path, credo: Credo) -> None:
    """With the review a run's gate relied on broken since (a bad merge, an edit by hand),
    `credo exp show` and `credo show RUN` said "gate: passed, on 1 review no longer here",
    as of a review removed: the file, there to mend, went unnamed."""
    ok(credo(repo, "init"))
    ticks = [f"--tick={i}" for i in [*RUN_ITEMS, "loss-at-init"]]
    review = json.loads(ok(credo(repo, "check", "training-recipe", *ticks, "--json")).stdout)
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    path = repo / ".credo" / "reviews" / f"{review['review']}.toml"
    path.write_text(path.read_text() + "pack = = 'x'\n")
    [run] = Store.open(repo).runs()
    named = f".credo/reviews/{review['review']}.toml"
    for shown in (
        ok(credo(repo, "exp", "show")).stdout,
        ok(credo(repo, "show", run.id)).stdout,
    ):
        [gate] = [line.strip() for line in shown.splitlines() if line.strip().startswith("gate:")]
        assert gate.startswith(
            f"gate: passed, on 1 review not read (review file {named} cannot be read: is not "
            "valid TOML"
        ), gate
        assert "no longer here" not in gate


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
    assert "training-recipe: 0/14 hold at" in result.stdout and "eval: 1/1 hold at" in result.stdout
    assert (
        "○ seed-fixed: no run has shown it yet" in result.stdout
        and "✓ held-out: by hand" in result.stdout
    )
    listed = json.loads(credo(repo, "check", "--status", "--json").stdout)
    assert [(p["pack"], p["covered"]) for p in listed] == [
        ("training-recipe", False),
        ("eval", True),
    ]


def test_status_says_why_an_item_is_na_and_the_note_of_a_tick(repo: Path, credo: Credo) -> None:
    """--status showed `✓ seed-fixed: n.a.` with the reason given to --na left out, where
    a run's proof is shown with its numbers: why it does not apply was nowhere."""
    ok(credo(repo, "init"))
    ok(
        credo(
            repo,
            *("check", "training-recipe", "--na", "seed-fixed=deterministic kernels"),
            *("--tick", "valid-not-augmented", "--note", "valid-not-augmented=data.py:40"),
        )
    )
    shown = credo(repo, "check", "--status").stdout
    assert "✓ seed-fixed: n.a.: deterministic kernels" in shown
    assert "✓ valid-not-augmented: by hand: data.py:40" in shown


def test_check_without_a_pack_asks_what_the_gate_wants_then_data_then_rungs(
    repo: Path, credo: Credo
) -> None:
    ok(credo(repo, "init"))
    walked = ok(credo(repo, "check", stdin="c\n\n" + "s\n" * 6 + "q\n")).stdout
    out = walked.split("answer [")
    assert "what the gate asks: 1 to review" in out[0] and "No augmentation" in out[0]
    assert "Look at raw samples" in out[1]  # data first of the rest: the first principle
    assert "Start simple" in out[-2]  # then the ladder, where q stops the whole sitting
    assert walked.count("No augmentation") == 1 and "Beat" not in walked
    assert len(out) == 1 + 1 + 6 + 1
    [path] = (repo / ".credo" / "reviews").glob("*.toml")
    review = tomllib.loads(path.read_text())
    assert review["pack"] == "training-recipe"
    assert [(e["item"], e["mark"]) for e in review["entries"]] == [
        ("valid-not-augmented", "checked")
    ]
    stopped = ok(credo(repo, "check", stdin="q\n")).stdout
    assert stopped.count("answer [") == 1 and "Look at raw samples" in stopped  # it holds now
    assert "Start simple" not in stopped


def test_status_of_every_gate_pack_reads_the_code_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each pack is judged at the same code: git is asked once, not once per pack."""
    import credo.gitlink.state as git_state
    from credo.cli import main

    config = store.credo_dir / "config.toml"
    config.write_text(
        config.read_text().replace('"training-recipe",', '"training-recipe", "data",')
    )
    captured: list[Path] = []
    real = git_state.capture

    def counted(root: Path, **options: Any) -> Any:
        captured.append(root)
        return real(root, **options)

    monkeypatch.setattr(git_state, "capture", counted)
    result = CliRunner().invoke(main, ["-C", str(store.project_root), "check", "--status"])
    assert "uses: training-recipe, data." in result.output, result.output
    assert "training-recipe: 0/14 hold" in result.output and "data: 0/7 hold" in result.output
    assert captured == [store.project_root]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("check", "training-recipe", "--note", "seed-fixed=fixed at 0"),
            "--note and --json go with",
        ),
        (("check", "training-recipe", "--json"), "--note and --json go with"),
        (
            ("check", "training-recipe", "--tick", "seed-fixed", "--note", "losses-logged=x"),
            "--note losses-logged: not marked here",
        ),
        (
            ("check", "training-recipe", "--tick", "seed-fixed", "--na", "seed-fixed=why"),
            "seed-fixed: marked more than once",
        ),
        (("gate", "--note", "hi"), "--note goes with --ack"),
    ],
)
def test_a_flag_that_would_be_lost_is_refused(
    repo: Path, credo: Credo, args: tuple[str, ...], message: str
) -> None:
    """Nothing typed is silently dropped, and nothing is saved."""
    ok(credo(repo, "init"))
    result = credo(repo, *args)
    assert result.returncode == 2 and message in result.stderr
    assert Store.open(repo).reviews() == []


def test_the_gate_names_a_first_commit_to_come_and_a_dirty_tree_in_one_aside(
    tmp_path: Path, credo: Credo
) -> None:
    """'open at this code (no commits yet) (dirty tree)': two asides in a row."""
    git(tmp_path, "init", "-q")
    ok(credo(tmp_path, "init"))
    (tmp_path / "train.py").write_text("print('hi')\n")
    git(tmp_path, "add", "train.py")
    said = ok(credo(tmp_path, "gate")).stdout
    assert said.startswith("open at this code (no commits yet, dirty tree): "), said


def test_a_check_a_run_failed_is_not_ticked_by_hand(repo: Path, credo: Credo) -> None:
    """`credo check training-recipe --tick loss-at-init` after a run failed it opened the
    gate ("nothing ... says something is wrong"): the tick hid what the run found. It is
    refused, with what to do, acknowledged or not, in the walk too; n.a. still goes."""
    from repos import BAD_INIT, commit_file

    ok(credo(repo, "init"))
    commit_file(repo, "train.py", BAD_INIT, "a training script")
    ok(credo(repo, "run", "--", PY, "train.py"))
    reviews = repo / ".credo" / "reviews"
    for acknowledged in (False, True):
        refused = credo(repo, "check", "training-recipe", "--tick", "loss-at-init")
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert "training-recipe/loss-at-init failed on run " in refused.stderr
        assert "a tick by hand would hide what the run found" in refused.stderr
        assert "--na loss-at-init=REASON" in refused.stderr
        assert ("credo gate --ack" in refused.stderr) is not acknowledged
        assert not list(reviews.glob("*.toml"))  # nothing written
        walked = ok(credo(repo, "check", stdin="c\n"))  # `c` is no answer it takes
        said = "left for your next run" if acknowledged else "a run failed it: no tick by hand"
        assert said in walked.stdout, walked.stdout
        assert not list(reviews.glob("*.toml"))
        if not acknowledged:
            assert credo(repo, "gate").returncode == 1  # still held
            ok(credo(repo, "gate", "--ack"))
    ok(credo(repo, "check", "training-recipe", "--na", "loss-at-init=a regression"))
    assert len(list(reviews.glob("*.toml"))) == 1


def test_a_check_another_commands_newer_run_passed_is_not_ticked_by_hand(
    repo: Path, credo: Credo
) -> None:
    """`python bad.py` failed loss-at-init, then `python good.py` passed it: `credo check
    --status` showed the check failed (it still held bad.py's runs), yet `credo check
    training-recipe --tick loss-at-init` was saved, and the tick hid the failure from the
    gate, which then let `credo run -- python bad.py` go on. The tick is refused as it is
    where the newest run failed it, nothing is written, and bad.py's runs stay held."""
    from repos import BAD_INIT, commit_file

    ok(credo(repo, "init"))
    commit_file(repo, "bad.py", BAD_INIT, "a script starting at twice chance's loss")
    good = BAD_INIT.replace("4.61", "2.30")
    commit_file(repo, "good.py", good, "a script starting at chance's loss")
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "bad.py"))
    ok(credo(repo, "run", "--", PY, "good.py"))
    status = credo(repo, "check", "--status").stdout
    assert "✗ loss-at-init" in status, status  # as the gate finds it
    refused = credo(repo, "check", "training-recipe", "--tick", "loss-at-init")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "training-recipe/loss-at-init failed on run " in refused.stderr, refused.stderr
    assert "credo gate --ack -- " in refused.stderr and "bad.py" in refused.stderr
    assert not list((repo / ".credo" / "reviews").glob("*.toml"))  # nothing written
    assert credo(repo, "gate", "--", PY, "bad.py").returncode == 1  # still held


def test_the_timebox_item_is_offered_and_a_person_may_answer_otherwise(
    repo: Path, credo: Credo
) -> None:
    """`credo run --hypothesis` starts the experiment's timebox, yet the principles pack's
    timebox item stayed "never ticked", and a project that made it blocking had its
    second run held on it. Now it holds as offered (the gate counts it as a tick), said
    so by `credo check`, and `--not-yet` unticks it."""
    ok(credo(repo, "init"))
    block_on(repo, "principles/just-timeboxed")
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    second = ok(credo(repo, "run", "--", PY, "-c", "print('second run')"))
    assert "second run" in second.stdout
    status = credo(repo, "check", "principles", "--status").stdout  # 1: others are open
    [line] = [line for line in status.splitlines() if "just-timeboxed" in line]
    assert line.startswith("  ✓ just-timeboxed: offered: the timebox started ")
    assert line.endswith(" (--not-yet just-timeboxed if it is not so)")
    data = json.loads(credo(repo, "check", "principles", "--status", "--json").stdout)
    [item] = [i for i in data["items"] if i["item"] == "just-timeboxed"]
    assert item["how"] == "offered" and item["offered"].startswith("the timebox started ")
    walk = ok(credo(repo, "check", "principles", stdin="q\n")).stdout
    assert "offered as ticked: just-timeboxed (the timebox started " in walk
    ok(credo(repo, "check", "principles", "--not-yet", "just-timeboxed"))
    status = credo(repo, "check", "principles", "--status").stdout
    assert "○ just-timeboxed: marked not yet" in status
    held = credo(repo, "run", "--", PY, "-c", "print('third run')")
    assert held.returncode != 0 and "third run" not in held.stdout
    assert "principles/just-timeboxed" in held.stderr + held.stdout


def test_the_report_says_which_checks_the_gate_took_as_offered(repo: Path, credo: Credo) -> None:
    """A run whose gate passed on the principles pack's timebox item, offered by credo
    (the timebox started) and ticked by nobody, read in `credo report` as if nothing had
    answered it: the report counted only marks a person saved. The run's gate record now
    keeps what was offered, and the report says it under the runs table (offered, not
    ticked) and in its JSON; a run whose record has none (the item marked not yet, or a
    record from before) lists none."""
    ok(credo(repo, "init"))
    block_on(repo, "principles/just-timeboxed")
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    ok(credo(repo, "run", "--", PY, "-c", "pass"))
    ok(credo(repo, "check", "principles", "--not-yet", "just-timeboxed"))
    ok(credo(repo, "run", "--skip-gate", "--", PY, "-c", "pass"))
    store = Store.open(repo)
    first, second, third = sorted(store.runs(), key=lambda r: r.started)
    offered = [{"check": "principles/just-timeboxed", "offer": "timebox-started"}]
    assert first.gate["offered"] == second.gate["offered"] == offered
    assert "offered" not in third.gate  # not yet: nothing offered it
    short = store.short_ids(type(first))
    text = ok(credo(repo, "report", "--format", "md")).stdout
    [line] = [line for line in text.splitlines() if "just-timeboxed" in line]
    assert line == (
        "- ✓ just-timeboxed offered, not ticked (the experiment's timebox started)"
        f" on runs `{short[first.id]}`, `{short[second.id]}`"
    )
    data = json.loads(ok(credo(repo, "report", "--format", "json")).stdout)
    runs = {line["id"]: line for line in data["runs"]}
    assert runs[first.id]["gate_offered"] == runs[second.id]["gate_offered"] == offered
    assert runs[third.id]["gate_offered"] == []


def test_a_paused_experiment_keeps_the_timebox_offer_in_check_and_its_runs_gate(
    repo: Path, credo: Credo
) -> None:
    """Paused, an experiment's timebox has still started, yet `credo check` read no
    experiment (none ran) and said the timebox item was never ticked, and `credo run --exp`
    on it was held on that item made blocking. Now both read the paused experiment: the
    item is offered, the run goes, and a "not yet" given while it is paused is its
    answer (the next run on it is held)."""
    ok(credo(repo, "init"))
    block_on(repo, "principles/just-timeboxed")
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    ok(credo(repo, "exp", "pause"))
    [exp] = Store.open(repo).experiments()
    status = credo(repo, "check", "principles", "--status").stdout
    [line] = [line for line in status.splitlines() if "just-timeboxed" in line]
    assert line.startswith("  ✓ just-timeboxed: offered: the timebox started "), line
    second = ok(credo(repo, "run", "--exp", exp.id, "--", PY, "-c", "print('second run')"))
    assert "second run" in second.stdout
    ok(credo(repo, "check", "principles", "--not-yet", "just-timeboxed"))
    [review] = Store.open(repo).reviews()
    assert review.experiment == exp.id
    held = credo(repo, "run", "--exp", exp.id, "--", PY, "-c", "print('third run')")
    assert held.returncode == 125 and "third run" not in held.stdout
    assert "principles/just-timeboxed" in held.stderr and "marked not yet" in held.stderr


def test_a_runs_offered_checks_show_where_its_gate_does(repo: Path, credo: Credo) -> None:
    """Only the report said which checks a run's gate took as offered: `credo show RUN`,
    `credo exp show` and `credo runs ls` (its table and its JSON's words) said `passed`,
    as of a run whose checks someone had ticked. They say it in the report's words."""
    from credo.domain.models import Run

    ok(credo(repo, "init"))
    block_on(repo, "principles/just-timeboxed")
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    store = Store.open(repo)
    [run] = store.runs()
    said = "gate: passed; just-timeboxed offered, not ticked (the experiment's timebox started)"
    for shown in ("show", store.short_id(Run, run.id)), ("exp", "show"):
        assert said in ok(credo(repo, *shown)).stdout, shown
    [row] = json.loads(ok(credo(repo, "runs", "ls", "--json")).stdout)
    assert row["gate_words"] == "passed · 1 offered"
    assert row["gate"]["offered"] == [
        {"check": "principles/just-timeboxed", "offer": "timebox-started"}
    ]
    [line] = [
        line for line in ok(credo(repo, "runs", "ls")).stdout.splitlines() if run.id[:4] in line
    ]
    assert line.rstrip().endswith("passed · 1 offered"), line


def test_an_ad_hoc_run_held_on_what_a_paused_experiment_is_offered_says_why(
    repo: Path, credo: Credo
) -> None:
    """With the experiment paused and the timebox item blocking, `credo check` said the
    item offered (the paused experiment's timebox started) while `credo gate` and a plain
    `credo run` (ad hoc: none runs) were held on it as "never ticked". Decision: the offer
    is the paused experiment's, not an ad-hoc run's (its record keeps none); the refusal
    says so, and what answers it: resuming the experiment, or a tick."""
    from credo.domain.models import Experiment

    ok(credo(repo, "init"))
    block_on(repo, "principles/just-timeboxed")
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))
    ok(credo(repo, "exp", "pause"))
    store = Store.open(repo)
    [exp] = store.experiments()
    short = store.short_id(Experiment, exp.id)
    said = (
        f"(blocking: no experiment is running: this is an ad-hoc run, which paused experiment"
        f" {short}'s offer (the timebox started "
    )
    then = (
        f") does not answer; resume {short} (credo exp resume {short}) or tick it"
        " (credo check principles --tick just-timeboxed))"
    )
    gate = credo(repo, "gate")
    held = credo(repo, "run", "--", PY, "-c", "print('ad hoc')")
    assert gate.returncode == 1 and held.returncode == 125 and "ad hoc" not in held.stdout
    for words in gate.stdout, held.stderr:
        [line] = [line for line in words.splitlines() if "just-timeboxed:" in line]
        assert said in line and line.endswith(then), line
    ok(credo(repo, "exp", "resume"))
    ok(credo(repo, "gate"))  # in the experiment, the offer answers it
    ok(credo(repo, "exp", "pause"))
    ok(credo(repo, "check", "principles", "--tick", "just-timeboxed"))
    ran = ok(credo(repo, "run", "--", PY, "-c", "print('ad hoc')"))
    assert "ad hoc" in ran.stdout
    [ad_hoc] = [run for run in Store.open(repo).runs() if run.experiment is None]
    assert "offered" not in ad_hoc.gate
