"""An experiment runs in the worktree it was started (or resumed) in.

A merge brings its running record to the other worktrees of the clone: there it is a
copy, shown as `running in PATH`, which neither counts down as theirs, nor takes their
runs, nor keeps them from starting their own, and is changed only where it runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.actions.experiments import (
    mark_baseline,
    pause_experiment,
    resume_experiment,
    running_experiment,
    start_experiment,
    stop_experiment,
)
from credo.domain.models import Experiment, ExperimentStatus, Task
from credo.errors import CredoError
from credo.store import Store
from credo.store.worktrees import other_worktrees

from repos import (
    baseline_running_in_worktree,
    experiment_merged_from_worktree,
    experiment_paused_in_worktree,
    git,
)

Credo = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def merged(store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The id of an experiment running in `../exp-b`, merged into `repo` (the cwd)."""
    exp_id = experiment_merged_from_worktree(repo, tmp_path / "exp-b", "warmup helps")
    monkeypatch.chdir(repo)
    return exp_id


def named(project: Path, exp_id: str) -> str:
    """The experiment's id as `credo exp ls` in `project` lists it (what credo says)."""
    return Store.open(project).short_id(Experiment, exp_id)


def test_an_experiment_merged_from_another_worktree_runs_there_not_here(
    store: Store, repo: Path, tmp_path: Path, merged: str
) -> None:
    """It showed as running here, kept `exp start` from starting one here and wrote a
    pause into this copy, which the worktree where it runs never saw."""
    copy_file = store.credo_dir / "experiments" / f"{merged}.toml"
    as_merged = copy_file.read_bytes()
    assert running_experiment(store) is None
    with pytest.raises(CredoError, match=r"is running in \.\./exp-b: change it there"):
        pause_experiment(store, merged[:7])
    with pytest.raises(CredoError, match=r"is running in \.\./exp-b"):
        stop_experiment(store, merged[:7], "confirmed", learning="y")
    mine, _ = start_experiment(store, "bigger batch")  # one of this worktree's own
    assert running_experiment(store) == mine
    assert copy_file.read_bytes() == as_merged  # the copy is left as it came
    there = Store.open(tmp_path / "exp-b")
    running = running_experiment(there)
    assert running is not None and running.id == merged  # there, it is the running one


def test_a_run_here_is_not_taken_by_the_experiment_of_another_worktree(
    repo: Path, merged: str, credo: Credo
) -> None:
    """`credo run --hypothesis` here was refused ('experiment ... is running, so
    --hypothesis cannot start another'), and without it the run joined the other
    worktree's experiment."""
    ran = credo(repo, "run", "--hypothesis", "bigger batch", "--", sys.executable, "-c", "pass")
    assert ran.returncode == 0, ran.stderr
    store = Store.open(repo)
    [run] = store.runs()
    [mine] = [e for e in store.experiments() if e.id != merged]
    assert run.experiment == mine.id and mine.hypothesis == "bigger batch"


def test_the_log_and_show_say_where_it_runs(repo: Path, merged: str, credo: Credo) -> None:
    listed = credo(repo, "exp", "ls")
    row = next(line for line in listed.stdout.splitlines() if "warmup helps" in line)
    assert "running in ../exp-b" in row
    shown = credo(repo, "exp", "show", merged[:7])
    assert "running in ../exp-b" in shown.stdout
    nothing = credo(repo, "exp", "show")  # none runs here: it says where one does
    assert nothing.returncode == 1
    assert f"experiment {named(repo, merged)} is running in ../exp-b" in nothing.stderr
    started = credo(repo, "exp", "start", "bigger batch")
    assert started.returncode == 0, started.stderr


def test_once_its_worktree_is_removed_the_copy_is_the_one(
    store: Store, repo: Path, tmp_path: Path, merged: str
) -> None:
    """Nobody else will stop it: `git worktree remove` took the record there."""
    git(repo, "worktree", "remove", "--force", str(tmp_path / "exp-b"))
    running = running_experiment(store)
    assert running is not None and running.id == merged
    stopped, _ = stop_experiment(store, None, "confirmed", learning="it helps")
    assert stopped.status == ExperimentStatus.DONE


def test_an_older_record_without_a_place_runs_wherever_it_is_read(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A record an older credo (or a hand) wrote says nothing of where it runs: it loads
    and runs here as before, and reading it rewrites nothing."""
    path = store.credo_dir / "experiments" / "e001aaaabbbbcccc.toml"
    text = (
        'id = "e001aaaabbbbcccc"\ncreated = 2026-11-25T10:00:00Z\nupdated = 2026-11-25T10:00:00Z\n'
        'hypothesis = "old one"\ntimebox = "25m"\nstatus = "running"\n'
        "started = 2026-11-25T10:00:00Z\n"
    )
    path.write_text(text)
    running = running_experiment(store)
    assert running is not None and running.place is None and running.id == "e001aaaabbbbcccc"
    listed = credo(repo, "exp", "ls")
    row = next(line for line in listed.stdout.splitlines() if "old one" in line)
    assert "running" in row and "running in" not in row
    assert path.read_text() == text


def test_start_and_resume_record_where(store: Store, repo: Path) -> None:
    exp, _ = start_experiment(store, "here")
    assert exp.place is not None and exp.place.project == str(store.project_root)
    store.update(Experiment, exp.id, lambda e: e.model_copy(update={"place": None}))
    pause_experiment(store, exp.id)
    resumed, _ = resume_experiment(store, exp.id)
    assert resumed.place is not None and resumed.place.project == str(store.project_root)


def test_the_report_says_where_an_experiment_under_way_runs(
    repo: Path, tmp_path: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    """`credo report` listed the experiment running in ../exp-b as `running`, under way
    here, in every format."""
    from datetime import timedelta

    from credo.domain.models import now

    at = now() - timedelta(days=2)
    exp_id = experiment_merged_from_worktree(repo, tmp_path / "exp-b", "warmup helps", at=at)
    monkeypatch.chdir(repo)
    markdown = credo(repo, "report", "--format", "md").stdout
    [line] = [line for line in markdown.splitlines() if "warmup helps" in line]
    assert "timebox 25m, running in ../exp-b, started" in line
    assert "used" not in line  # this copy's clock is stale: its pauses there are not here
    assert "## Experiments under way, started before this period (1)" in markdown
    rich = credo(repo, "report", "--format", "rich").stdout
    assert "running in ../exp-b" in " ".join(rich.split())
    [under_way] = json.loads(credo(repo, "report", "--format", "json").stdout)["under_way"]
    assert (under_way["id"], under_way["running_in"]) == (exp_id, "../exp-b")
    assert under_way["used_seconds"] is None
    started = credo(repo, "report", "--since", "3 days ago", "--format", "md").stdout
    assert "## Experiments started (1)" in started
    assert "timebox 25m, running in ../exp-b" in started
    there = json.loads(credo(tmp_path / "exp-b", "report", "--format", "json").stdout)
    assert there["under_way"][0]["running_in"] == ""  # there, it runs here, its clock too
    assert there["under_way"][0]["used_seconds"] > 2 * 86400 - 60


def test_resuming_here_one_paused_in_another_worktree_says_it_moves_here(
    store: Store, repo: Path, tmp_path: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo exp resume` of the experiment paused in ../exp-b (its record merged here)
    moved it here without a word, and the record there still said paused: two copies
    that disagree until a merge. Resuming says so; a resume where it was paused does not."""
    there = tmp_path / "exp-b"
    exp_id = experiment_paused_in_worktree(repo, there, "warmup helps")
    monkeypatch.chdir(repo)
    resumed = credo(repo, "exp", "resume", "--json")
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["place"]["project"] == str(repo)
    assert (
        f"experiment {named(repo, exp_id)} was paused in ../exp-b: it runs here now, and its "
        "record "
        "in ../exp-b says paused until this one is merged there"
    ) in " ".join(resumed.stderr.split())
    paused_there = Store.open(there).get(Experiment, exp_id)
    assert paused_there.status == ExperimentStatus.PAUSED  # the two disagree, as said
    credo(repo, "exp", "pause")
    again = credo(repo, "exp", "resume")  # paused here, resumed here: nothing moves
    assert again.returncode == 0 and again.stderr == "", again.stderr


def test_a_run_is_not_added_here_to_the_experiment_of_another_worktree(
    repo: Path, merged: str, credo: Credo
) -> None:
    """`credo run --exp ID` here, with ID running in ../exp-b, made the run and joined it
    to this copy, which the worktree where it runs never sees: refused, saying where."""
    ran = credo(repo, "run", "--exp", merged[:7], "--", sys.executable, "-c", "pass")
    assert ran.returncode == 125, ran.stderr  # credo ran nothing
    assert (
        f"experiment {named(repo, merged)} is running in ../exp-b: add runs to it there "
        "(cd ../exp-b)"
    ) in " ".join(ran.stderr.split())
    assert Store.open(repo).runs() == []


def test_the_baseline_mark_and_the_next_step_are_refused_here(
    store: Store, repo: Path, merged: str, credo: Credo
) -> None:
    """`credo exp baseline` and `credo exp next` of the experiment running in ../exp-b
    wrote this copy (or said to close it here, which is refused): both say where it runs."""
    copy_file = store.credo_dir / "experiments" / f"{merged}.toml"
    as_merged = copy_file.read_bytes()
    for args, what in (("baseline", "mark it"), ("next", "change it")):
        refused = credo(repo, "exp", args, merged[:7])
        assert refused.returncode == 1
        assert (
            f"experiment {named(repo, merged)} is running in ../exp-b: {what} there (cd ../exp-b)"
        ) in " ".join(refused.stderr.split()), args
    with pytest.raises(CredoError, match=r"is running in \.\./exp-b: mark it there"):
        mark_baseline(store, merged)
    assert copy_file.read_bytes() == as_merged
    assert store.load(Task).items == {}


def test_moving_the_mark_off_one_running_in_another_worktree_says_it_stays_there(
    store: Store, repo: Path, tmp_path: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`credo exp baseline B` here, the mark on A running in ../exp-b (its record merged
    here): the mark left this copy of A without a word, while the record there kept it
    (runs there compared with A) until a merge. It says so; a move here alone does not."""
    from runsets import run

    there = tmp_path / "exp-b"
    a_id = baseline_running_in_worktree(repo, there, "warmup helps")
    monkeypatch.chdir(repo)
    b, _ = start_experiment(store, "bigger batch")
    run(store, 1, b, {"batch": 256}, [0.9, 0.5], [0.6, 0.8])
    marked = credo(repo, "exp", "baseline", b.id[:7])
    assert marked.returncode == 0, marked.stderr
    assert (
        f"experiment {named(repo, a_id)} runs in ../exp-b: the mark leaves it here, and its "
        "record in "
        "../exp-b keeps it until this one is merged there"
    ) in " ".join(marked.stderr.split())
    assert [e.id for e in store.experiments() if e.baseline] == [b.id]
    assert Store.open(there).get(Experiment, a_id).baseline  # the two disagree, as said
    c, _ = start_experiment(store, "smaller batch", on_running="pause")
    run(store, 2, c, {"batch": 32}, [0.9, 0.6], [0.6, 0.7])
    again = credo(repo, "exp", "baseline", c.id[:7])  # from one here to another: no word
    assert again.returncode == 0, again.stderr  # of worktrees (c has no outcome: said so)
    assert again.stderr.startswith(f"credo: experiment {named(repo, c.id)} has no outcome yet")
    assert "../exp-b" not in again.stderr and "the mark leaves" not in again.stderr


@pytest.mark.parametrize("first", ["here", "there"])
def test_a_paused_experiment_resumed_in_one_worktree_is_not_resumed_in_another(
    store: Store,
    repo: Path,
    tmp_path: Path,
    credo: Credo,
    monkeypatch: pytest.MonkeyPatch,
    first: str,
) -> None:
    """Paused in ../exp-b and merged here, `credo exp resume` in both worktrees ran it in
    both (a merge conflict later, and runs in each): the second resume is refused while
    the first worktree runs it, and its copy says where it runs."""
    there = tmp_path / "exp-b"
    exp_id = experiment_paused_in_worktree(repo, there, "warmup helps")
    monkeypatch.chdir(repo)
    resumer, other, where = (
        (repo, there, "../project") if first == "here" else (there, repo, "../exp-b")
    )
    assert credo(resumer, "exp", "resume").returncode == 0
    copy_file = other / ".credo" / "experiments" / f"{exp_id}.toml"
    paused_copy = copy_file.read_bytes()
    refused = credo(other, "exp", "resume", exp_id[:7])
    assert refused.returncode == 1
    assert (
        f"experiment {named(other, exp_id)} is running in {where}: change it there (cd {where})"
    ) in " ".join(refused.stderr.split())
    assert credo(other, "exp", "resume").returncode == 1  # the paused one, by default
    assert copy_file.read_bytes() == paused_copy
    row = next(line for line in credo(other, "exp", "ls").stdout.splitlines() if "warmup" in line)
    assert f"running in {where}" in row
    shown = credo(other, "exp", "show", exp_id[:7]).stdout
    assert f"running in {where}" in shown and "paused" not in shown
    assert running_experiment(Store.open(other)) is None
    mine = credo(other, "exp", "start", "bigger batch")  # one of its own, as before
    assert mine.returncode == 0, mine.stderr


def test_a_planned_experiment_started_in_one_worktree_is_not_started_in_another(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planned on main before `git worktree add`, each worktree's copy says planned: the
    first to start it (`exp resume`) has it, the other is refused."""
    planned, _ = start_experiment(store, "warmup helps", start=False)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A plan")
    there = tmp_path / "exp-b"
    git(repo, "worktree", "add", "-q", str(there), "-b", "try")
    monkeypatch.chdir(repo)
    started, _ = resume_experiment(Store.open(there), planned.id)
    assert started.status == ExperimentStatus.RUNNING
    with pytest.raises(CredoError, match=r"is running in \.\./exp-b: change it there"):
        resume_experiment(store, planned.id)
    assert store.get(Experiment, planned.id).status == ExperimentStatus.PLANNED


def test_the_worktrees_kept_between_asks_follow_git_and_the_disk(
    repo: Path, tmp_path: Path
) -> None:
    """`other_worktrees` keeps its answer between asks (one per paused experiment): a
    worktree added, one whose folder went (unmounted) and came back, and one removed are
    each seen at the next ask, in the same process, as a board left open would ask."""
    git(repo, "commit", "-q", "--allow-empty", "-m", "A start")
    first, second = tmp_path / "exp-b", tmp_path / "exp-c"
    assert other_worktrees(repo) == []
    git(repo, "worktree", "add", "-q", str(first), "-b", "b")
    assert other_worktrees(repo) == [first.resolve()]
    git(repo, "worktree", "add", "-q", str(second), "-b", "c")
    assert other_worktrees(repo) == [first.resolve(), second.resolve()]
    away = tmp_path / "unmounted"
    first.rename(away)
    assert other_worktrees(repo) == [second.resolve()]
    away.rename(first)
    assert other_worktrees(repo) == [first.resolve(), second.resolve()]
    git(repo, "worktree", "remove", str(second))
    assert other_worktrees(repo) == [first.resolve()]
    assert other_worktrees(first) == [repo.resolve()]


def test_every_json_says_where_an_experiment_runs_beside_its_records_status(
    store: Store, repo: Path, tmp_path: Path, credo: Credo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resumed in ../exp-b, its copy here paused: `exp ls --json` and `exp show --json`
    said status paused and running_elsewhere true, with a `place` naming this worktree
    (where it was paused), and no word of where it runs; the report said `running_in`.
    Each says `running_in` now, as the report does: `status` stays the record's."""
    there = tmp_path / "exp-b"
    exp_id = experiment_paused_in_worktree(repo, there, "warmup helps")
    resume_experiment(Store.open(there), exp_id)
    monkeypatch.chdir(repo)
    [listed] = json.loads(credo(repo, "exp", "ls", "--json").stdout)
    shown = json.loads(credo(repo, "exp", "show", exp_id[:6], "--json").stdout)
    [started] = json.loads(credo(repo, "report", "--format", "json").stdout)["started"]
    for said in (listed, shown, started):
        assert (said["id"], said["status"], said["running_in"]) == (exp_id, "paused", "../exp-b")
    assert listed["running_elsewhere"] and shown["running_elsewhere"]  # kept as it was
    [mine] = json.loads(credo(there, "exp", "ls", "--json").stdout)
    assert (mine["status"], mine["running_in"], mine["running_elsewhere"]) == ("running", "", False)


def test_the_report_asks_git_who_i_am_once_for_all_the_copies(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    """Each experiment whose record says it runs in another worktree asked git who is at
    the keyboard again (one `git var` per experiment) while the report was built."""
    from datetime import UTC, datetime, timedelta

    from credo.actions.report import build_report

    from repos import logged_git

    exp_id = experiment_merged_from_worktree(repo, tmp_path / "exp-b", "warmup helps")
    record = store.credo_dir / "experiments" / f"{exp_id}.toml"
    twin = exp_id[:-4] + "beef"  # a second copy, as a second merge would bring
    (record.parent / f"{twin}.toml").write_text(record.read_text().replace(exp_id, twin))
    git(repo, "config", "user.email", "ada@example.com")  # as at a keyboard: git says who
    monkeypatch.delenv("GIT_AUTHOR_EMAIL")
    log = tmp_path / "git.log"
    monkeypatch.setenv("PATH", f"{logged_git(tmp_path / 'shim', log)}:{os.environ['PATH']}")
    monkeypatch.chdir(repo)
    until = datetime.now(UTC)
    report = build_report(Store.open(repo), until - timedelta(days=1), until)
    assert {line.running_in for line in report.started} == {"../exp-b"}
    assert len(report.started) == 2
    asked = [line for line in log.read_text().splitlines() if "var GIT_AUTHOR_IDENT" in line]
    assert len(asked) == 1
