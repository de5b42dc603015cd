"""`credo demo`: a real git history with dated commits and trailers, a lived-in board,
and runs recorded the way `credo run` records them (their truth: test_demo_truth)."""

from __future__ import annotations

import json
import math
import subprocess
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from credo.demo import build_demo, load_history, samples_dir
from credo.domain.models import ExperimentStatus, Outcome, Run, TaskStatus
from credo.domain.quadrants import Quadrant, quadrant_of
from credo.errors import CredoError
from credo.store import Store

from repos import git

Credo = Callable[..., subprocess.CompletedProcess[str]]

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_demo(tmp_path_factory.mktemp("demo") / "ptvid", now=NOW)


def test_history_is_replayed_with_dates_authors_and_trailers(built: Any) -> None:
    repo = built.path
    history = load_history(samples_dir() / "ptvid")
    log = git(repo, "log", "--reverse", "--format=%H|%an|%ae|%aI|%cI|%s").splitlines()
    assert len(log) == len(history.commit) + 1  # plus the commit of .credo/
    first = log[0].split("|")
    assert first[1] == "Ana Ribeiro" and first[2] == "ana.ribeiro@example.org"
    assert first[5] == "Start ptvid: is this European or Brazilian Portuguese?"
    # "-30d 09:40" relative to the build moment, in local time (TZ=UTC in tests)
    assert datetime.fromisoformat(first[3]) == datetime(2026, 10, 26, 9, 40, tzinfo=UTC)
    assert first[3] == first[4]  # committer date replayed too
    moments = [datetime.fromisoformat(line.split("|")[3]) for line in log]
    assert moments == sorted(moments) and moments[-1] < NOW
    authors = {line.split("|")[1] for line in log}
    assert authors == {"Ana Ribeiro", "Bruno Carvalho"}
    assert built.commits["filter"] == log[2].split("|")[0]
    body = git(repo, "log", "-1", "--format=%B", built.commits["mask"])
    assert f"Credo-Task: {built.ids['shortcut']}" in body
    trailers = git(
        repo, "log", "--format=%(trailers:key=Credo-Experiment,valueonly)", "main"
    ).split()
    assert built.ids["clever-hans"] in trailers and built.ids["nb-baseline"] in trailers
    assert git(repo, "status", "--porcelain") == ""
    # the scripts grow commit by commit: the loop first, the fix, then the names
    first_loop = git(repo, "show", f"{built.commits['loop']}:train.py")
    assert "len(train) // args.batch" in first_loop and "--limit" not in first_loop
    assert "math.ceil(len(train) / args.batch)" in git(
        repo, "show", f"{built.commits['batch-fix']}:train.py"
    )
    changed = git(repo, "show", "--stat", "--format=", built.commits["batch-fix"])
    assert changed.startswith("train.py | 2 +-")  # one line
    assert "mask(text)" in (repo / "train.py").read_text()
    assert "mask" not in git(repo, "show", f"{built.commits['probe']}:prepare.py")


def test_board_has_every_quadrant_due_overdue_and_done_at_commits(built: Any) -> None:
    store = Store.open(built.path)
    tasks = {t.id: t for t in store.tasks()}
    by_key = {key: tasks[i] for key, i in built.ids.items() if i in tasks}
    today = NOW.date()
    open_tasks = [t for t in tasks.values() if t.is_open]
    quadrants = {quadrant_of(t, today, store.config.urgency_horizon_days) for t in open_tasks}
    assert quadrants == set(Quadrant)
    assert by_key["results-table"].due == today - timedelta(days=2)  # overdue
    assert by_key["per-variety"].due == today + timedelta(days=1)
    assert by_key["gpu-form"].due == today
    shortcut = by_key["shortcut"]
    assert shortcut.status == TaskStatus.DONE and shortcut.done_commit == built.commits["mask"]
    assert shortcut.done_at == datetime(2026, 11, 8, 16, 5, tzinfo=UTC)
    assert by_key["logo"].status == TaskStatus.DROPPED
    assert by_key["per-variety"].pinned == today
    assert by_key["seeds"].assignee == "agent:codex"
    assert by_key["pt-br-data"].experiments == [built.ids["balanced"]]


def test_experiments_runs_reviews_and_data_results(built: Any) -> None:
    store = Store.open(built.path)
    experiments = {e.id: e for e in store.experiments()}
    by_key = {key: experiments[i] for key, i in built.ids.items() if i in experiments}
    assert by_key["nb-masked"].outcome == Outcome.REFUTED
    assert [e for e in experiments.values() if e.baseline] == [by_key["mask-names"]]
    logreg = by_key["logreg-loop"]
    assert logreg.ended and logreg.started and logreg.ended - logreg.started > logreg.timebox
    assert by_key["lr-sweep"].status == ExperimentStatus.RUNNING
    assert by_key["transformer"].status == ExperimentStatus.ABANDONED
    runs = {r.id: r for r in store.runs()}
    assert len(runs) == 12
    rungs = [r.params.get("rung") for r in sorted(runs.values(), key=lambda r: r.started)]
    assert [r for r in rungs if r] == [
        "start-simple",
        "plain-loop",
        "log-every-step",
        "overfit-one",
        "overfit-one",
        "overfit-ten",
        "more-data",
    ]
    for run in runs.values():
        assert run.experiment in experiments
        assert run.git_start and run.git_start.sha in built.commits.values()
        assert run.params["num_classes"] == 2 and run.params["seed"] == 0
        assert run.machine and run.machine.host in ("ana-thinkpad", "lab-ws02")
        assert run.data["data"].startswith("blake2b:") and run.python
        assert run.gate["passed"]  # no run needed --skip-gate
        assert (store.run_folder(run.id) / "output.log").stat().st_size > 0
    loop = runs[built.ids["plain-loop"]]
    first = json.loads((store.run_folder(loop.id) / "metrics.jsonl").read_text().splitlines()[0])
    assert first["loss"] == pytest.approx(math.log(2))  # zero weights: ln 2
    assert loop.started.timestamp() <= first["time"] <= loop.ended.timestamp()  # type: ignore[union-attr]
    reviews = store.reviews()
    assert len(reviews) == 7 and {r.git.sha for r in reviews} <= set(built.commits.values())
    # by hand only what no run can show: the runs answer the rest
    by_hand = {e.item for r in reviews for e in r.entries}
    assert by_hand == {
        "start-simple",
        "plain-loop",
        "valid-not-augmented",
        "beat-the-baseline",
        "tune-hyperparameters",
        "clever-hans",  # what cues found after masking, read by a person
    }
    assert store.load(type(reviews[0])).problems == {}
    evidence = {e.item: e for e in sorted(store.evidence(), key=lambda e: e.created)}
    assert evidence["raw-samples"].passed and evidence["filter-output-read"].passed
    assert not evidence["label-balance"].passed and "legal" in evidence["label-balance"].summary
    config = tomllib.loads((store.credo_dir / "config.toml").read_text())
    assert config["data_paths"] == ["data"]


def test_credo_data_is_committed(built: Any) -> None:
    tracked = git(built.path, "ls-files", ".credo").splitlines()
    assert any(p.startswith(".credo/tasks/") for p in tracked)
    assert not any(p.startswith(".credo/cache/") for p in tracked)
    # the team shares runs' curves and logs (share_run_artifacts), as the ignore file says
    assert sum(p.endswith("/metrics.jsonl") for p in tracked) == 12
    assert (
        "share_run_artifacts = true" in (built.path / ".credo" / "runs" / ".gitignore").read_text()
    )


def test_credo_demo_no_open_prints_the_path(credo: Any, tmp_path: Path) -> None:
    target = tmp_path / "here"
    result = credo(tmp_path, "demo", "--path", str(target), "--no-open")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target.resolve())
    assert (target / ".credo" / "tasks").is_dir()
    listed = credo(target, "ls", "--json")
    assert listed.returncode == 0 and "Results table for the workshop paper" in listed.stdout


@pytest.mark.parametrize("sample", ["ptvid", "mnist-from-scratch"])
def test_the_demo_carries_its_name_wherever_it_is_built(
    credo: Credo, tmp_path: Path, sample: str
) -> None:
    """`credo demo --path /tmp/x` titled its report "x": its settings had no `name`, nor
    the commented ones `credo init` writes."""
    target = tmp_path / "x"
    built = credo(tmp_path, "demo", "--sample", sample, "--path", str(target), "--no-open")
    assert built.returncode == 0, built.stderr
    report = credo(target, "report", "--since", "30 days ago")
    assert report.stdout.startswith(f"# {sample} — report "), report.stdout[:200]
    settings = (target / ".credo" / "config.toml").read_text()
    assert f'name = "{sample}"' in settings.splitlines()
    assert "# A task due within this many days counts as urgent." in settings  # as init's
    history = tomllib.loads((samples_dir() / sample / "history.toml").read_text())
    config = tomllib.loads(settings)
    assert {k: config[k] for k in history["config"]} == history["config"]


def test_credo_demo_without_path_builds_in_a_temporary_folder(credo: Any, tmp_path: Path) -> None:
    result = credo(tmp_path, "demo", "--no-open")
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    try:
        assert (path / ".credo").is_dir() and (path / ".git").is_dir()
    finally:
        import shutil

        shutil.rmtree(path.parent)


def test_credo_demo_without_a_terminal_says_so_before_building(
    tmp_path: Path, credo: Credo
) -> None:
    """`credo demo` in a script opened the interface on no terminal: it never ended."""
    target = tmp_path / "demo"
    result = credo(tmp_path, "demo", "--path", str(target), stdin="")  # no terminal
    assert result.returncode == 1
    assert result.stderr.startswith("error: the interface needs a terminal"), result.stderr
    assert "credo demo --no-open" in result.stderr
    assert not target.exists()


def test_refuses_a_folder_that_is_not_empty(credo: Any, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    result = credo(tmp_path, "demo", "--path", str(tmp_path / "full"), "--no-open")
    assert result.returncode == 1
    assert "not empty" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_unknown_sample_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CredoError, match="no sample project 'nope'"):
        build_demo(tmp_path / "x", sample="nope")


def test_due_dates_follow_the_build_day(tmp_path: Path) -> None:
    later = build_demo(tmp_path / "later", now=NOW + timedelta(days=40))
    store = Store.open(later.path)
    [table] = [t for t in store.tasks() if t.id == later.ids["results-table"]]
    assert table.due == date(2027, 1, 2)  # still two days overdue, 40 days later


def test_demo_says_where_it_is_before_the_app_opens_and_inside_it(tmp_path: Path) -> None:
    """The app's screen covers the terminal: the path is said before it opens (and
    after it closes it shows again), and once more inside the app."""
    from terminal import on_terminal

    target = tmp_path / "shown"
    code, screen = on_terminal(tmp_path, ["demo", "--path", str(target)], [("lives in", b"q")])
    assert code == 0, screen
    said = f"credo -C {target}"  # credo as it was started: the test after this one
    assert said in screen and screen.index(said) < screen.index("lives in"), screen
    assert f"at {target}" in screen.split(said)[0]


@pytest.mark.parametrize("on_path", [False, True], ids=["as-make-demo-leaves-it", "on-path"])
def test_the_command_to_open_the_demo_again_works_as_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_path: bool
) -> None:
    """`make demo` leaves credo in `.venv/bin/`, not on the PATH: the line it printed to
    open the demo again, `credo -C PATH`, was "command not found". It names credo as it
    was started, unless `credo` on the PATH is this one."""
    from terminal import CREDO, on_terminal
    from toolpath import bare_path

    path = bare_path(tmp_path / "bin", "git")
    if on_path:
        path = f"{Path(CREDO).parent}:{path}"
    monkeypatch.setenv("PATH", path)
    target = tmp_path / "demo"
    code, screen = on_terminal(tmp_path, ["demo", "--path", str(target)], [("lives in", b"q")])
    assert code == 0, screen
    [said] = [line for line in screen.splitlines() if line.startswith("Open it again later")]
    command = said.removeprefix("Open it again later with: ")
    assert command.startswith("credo -C " if on_path else f"{CREDO} -C "), command
    listed = subprocess.run(  # as typed at a shell, with `ls` for the interface
        f"{command} ls", shell=True, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert listed.returncode == 0, listed.stderr
    assert "Results table for the workshop paper" in listed.stdout


def test_each_rung_is_reached_by_a_run_that_verifies_it(built: Any) -> None:
    """The recipe climbed in the talk's order; credo read each rung off a run's curves."""
    store = Store.open(built.path)
    runs = {r.id: r for r in store.runs()}
    key_of = {i: key for key, i in built.ids.items()}
    found = sorted((e for e in store.evidence() if e.run), key=lambda e: e.created)
    first_reached: dict[str, str] = {}
    for record in found:
        assert record.created == runs[record.run].ended  # kept when the run ended
        assert record.git.sha == runs[record.run].git_start.sha  # type: ignore[union-attr]
        if record.passed:
            first_reached.setdefault(record.item, key_of[record.run])
    ladder = ["log-every-step", "overfit-one", "overfit-ten", "more-data"]
    assert [item for item in first_reached if item in ladder] == ladder
    assert [first_reached[item] for item in ladder] == ladder  # each by the run named so
    assert first_reached["loss-at-init"] == "plain-loop"  # ln 2 from the first loop on
    failed = {(key_of[e.run], e.item): e.summary for e in found if not e.passed}
    assert set(failed) == {("plain-loop", "losses-logged"), ("plain-loop", "log-every-step")}
    assert "valid loss at 10 of 780 steps (once per 78" in failed["plain-loop", "losses-logged"]
    assert not any(e.run == built.ids["overfit-one-crash"] for e in found)  # logged no loss
    # the baseline's data: the runs after masking saw it, the ones before did not reach it
    same = [key_of[e.run] for e in found if e.item == "data-unchanged" and e.passed]
    assert same == ["nb-masked-3", "nb-masked-4", "sweep-lr3"]

    from credo.checklists.gate import standings
    from credo.checklists.packs import load_catalog
    from credo.checklists.verdict import ladder as climb

    pack = load_catalog(store).packs["training-recipe"].pack
    state = next(r for r in runs.values() if key_of[r.id] == "sweep-lr3").git_start
    assert state
    rungs = {
        r.item.id: r.state
        for r in climb(
            pack, standings(store, pack.name, state, None, all_items=True), store.short_ids(Run)
        )
    }
    reached = [item for item, state in rungs.items() if state == "reached"]
    assert reached[:6] == ["start-simple", "plain-loop", *ladder]


@pytest.mark.parametrize("days", range(7), ids=["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
def test_the_week_report_holds_a_done_task_and_a_closed_experiment(
    days: int, tmp_path: Path
) -> None:
    """A newcomer's first R, w in the demo shows work done, whatever day (and hour: just
    after midnight is the shortest week) it was built on."""
    from credo.actions.report import build_report
    from credo.domain.period import parse_period

    now = datetime(2026, 11, 23, 0, 5, tzinfo=UTC) + timedelta(days=days)  # a Monday on
    store = Store.open(build_demo(tmp_path / "ptvid", now=now).path)
    report = build_report(store, *parse_period("week", None, moment=now))
    assert [line.title for line in report.done] == ["Write down what the names taught us"]
    assert [line.hypothesis for line in report.closed] == [
        "A two-layer character transformer beats logistic regression"
    ]
