"""`credo report` on the demo repository, for fixed periods: assert on facts."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from credo.actions.report import build_report
from credo.demo import build_demo
from credo.domain.period import parse_period
from credo.store import Store
from credo.text.report import honesty_line, to_json, to_markdown

from repos import git, give_away

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_demo(tmp_path_factory.mktemp("report") / "ptvid", now=NOW)


def month(demo: Any) -> Any:
    store = Store.open(demo.path)
    since, until = parse_period("30 days ago", None, moment=NOW)
    return build_report(store, since, until)


def test_month_report_facts(demo: Any) -> None:
    report = month(demo)
    done = {t.title: t for t in report.done}
    assert len(done) == 6
    shortcut = done["Check whether the model reads names instead of the language"]
    assert shortcut.commit == demo.commits["mask"]
    assert [t.title for t in report.due][:2] == [
        "Results table for the workshop paper",
        "Renew the cluster allocation form",
    ]
    assert report.due[0].days_left == -2
    closed = {e.id: e for e in report.closed}
    assert len(closed) == 8
    loop = closed[demo.ids["logreg-loop"]]
    assert loop.overrun_seconds == timedelta(hours=4, minutes=30).total_seconds()
    assert closed[demo.ids["nb-masked"]].outcome == "refuted"
    assert report.honesty.closed == 8 and report.honesty.kept == 5
    assert report.honesty.median_overrun_seconds == 4500
    assert loop.kind == "recipe" and report.honesty.by_kind["recipe"].over == 2
    assert len(report.commits or []) == 14
    linked = {c.sha: c for c in report.commits or []}[demo.commits["mask"]]
    assert linked.tasks == [demo.ids["shortcut"]]
    assert len(report.reviews) == 7 and report.reviews[-1].checked == 1  # by hand: 1 of 2
    # runs compare with the baseline experiment's latest successful run
    [nb] = [r for r in report.runs if r.command.endswith("nb.py --ngram 4")]
    assert nb.baseline["valid_acc"] == pytest.approx(0.9541, abs=1e-4)
    assert any(r.exit_code == 1 for r in report.runs)
    # closed per week since the project's first task (Monday, October 26), oldest first
    assert [week for week, _ in report.per_week][::4] == [date(2026, 10, 26), date(2026, 11, 23)]
    assert len(report.per_week) == 5 and report.from_first_week
    assert sum(n for _, n in report.per_week) == 8


def young_project(tmp_path: Path, *ages: timedelta) -> Store:
    """A project (no git) whose items were made `ages` before NOW."""
    from credo.domain.models import Task

    store, _ = Store.init(tmp_path)
    for n, age in enumerate(ages):
        made = NOW - age
        task = {"id": f"t{n:03d}aaaabbbbcccc", "title": "t", "created": made, "updated": made}
        store.create(Task.model_validate(task))
    return store


def test_a_project_begun_this_week_reports_one_week_not_six_of_nothing(tmp_path: Path) -> None:
    """A project started today reported six weeks of '0 closed', five of them before it
    existed: the weeks shown start with its first item's, and say so."""
    since, until = parse_period("30 days ago", None, moment=NOW)
    report = build_report(young_project(tmp_path, timedelta(hours=2)), since, until)
    assert report.per_week == [(date(2026, 11, 23), 0)] and report.from_first_week
    assert "**Experiments closed per week:** Nov 23 **0** (the project's first week)" in (
        to_markdown(report)
    )
    assert to_json(report)["per_week"] == [{"week": "2026-11-23", "closed": 0}]


def test_a_project_begun_two_weeks_ago_reports_its_three_weeks(tmp_path: Path) -> None:
    since, until = parse_period("30 days ago", None, moment=NOW)
    report = build_report(
        young_project(tmp_path, timedelta(days=1), timedelta(days=12)), since, until
    )
    assert [week for week, _ in report.per_week] == [
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]
    assert "Nov 23 **0** (since the project's first week)" in to_markdown(report)


def test_an_older_project_reports_six_weeks_and_no_first_week(tmp_path: Path) -> None:
    since, until = parse_period("30 days ago", None, moment=NOW)
    report = build_report(young_project(tmp_path, timedelta(days=60)), since, until)
    assert len(report.per_week) == 6 and not report.from_first_week
    assert "first week" not in to_markdown(report)


def test_yesterday_only(demo: Any) -> None:
    store = Store.open(demo.path)
    since, until = parse_period("yesterday", "yesterday", moment=NOW)
    report = build_report(store, since, until)
    assert report.commits == []
    assert [t.title for t in report.added] == [
        "Answer Bruno about masking surnames",
        "Rerun the baseline with seeds 1 and 2",
    ]
    assert report.done == [] and report.closed == [] and report.honesty.closed == 0


def test_markdown_is_github_friendly(demo: Any) -> None:
    text = to_markdown(month(demo))
    assert text.startswith("# ptvid — report")
    assert (
        "**Timebox honesty:** 5 of 8 experiments closed kept their timebox; median overrun 1h15m. "
        "Went on past the box, by kind: data 1 of 2 (median 15m), recipe 2 of 3 (median 2h52m) "
        "— data work often takes longer than planned: give it a larger box." in text
    )
    assert "## Done (6)" in text and "## Experiments closed (8)" in text
    assert f"at commit `{demo.commits['mask'][:7]}`" in text
    assert "4h30m past the box (recipe work)" in text and "**refuted**" in text
    assert "| run | experiment | outcome | time | metrics (vs baseline when it ran) |" in text
    assert "valid\\_acc 0.8623 (-0.0918)" in text  # naive Bayes 1-4-grams against the baseline
    # the runs before the names were masked ran before the (masked) baseline's run: not
    # compared with it, nor warned of its other data
    assert "⚠" not in text and "loss 0.08849, valid\\_acc 0.9639, valid\\_loss 0.1347 |" in text
    assert "- vs the baseline's run" in text
    assert "**2d overdue**: Results table for the workshop paper" in text
    table = [line for line in text.splitlines() if line.startswith("| `")]
    assert all(line.count(" | ") == 4 for line in table)  # no stray pipes break the table


def test_each_run_shows_the_checks_credo_verified(demo: Any) -> None:
    """The runs table left out what credo itself verified of each run (its verdict): the
    report could not tell that the plain loop logged its valid loss too rarely, or that
    overfit-one was reached. Runs no check answered say nothing."""
    report = month(demo)
    by_command = {r.command: r for r in report.runs if r.exit_code == 0}
    loop = by_command["python train.py --rung plain-loop"]
    one = by_command["python train.py --rung overfit-one --limit 1 --epochs 300"]
    text = to_markdown(report)
    checked = [line for line in text.splitlines() if line.startswith(("- ✓ ", "- ✗ "))]
    named = " ".join(checked)
    assert all(f"`{report.short[r.id]}`" in named for r in report.runs if r.checks)
    assert len([r for r in report.runs if r.checks]) == 10  # naive Bayes at start-simple and
    # the crash answered none; a line a check (failures first), then the runs it said it of
    assert checked[0] == f"- ✗ losses-logged (with log-every-step) on run `{report.short[loop.id]}`"
    ticked = {line.split(" on ")[0]: line for line in checked[1:]}
    assert list(ticked)[:3] == [  # a rung read off the same curves goes with its check
        "- ✓ loss-at-init",
        "- ✓ seed-fixed",
        "- ✓ losses-logged (with log-every-step)",
    ]
    assert f"`{report.short[loop.id]}`" in ticked["- ✓ loss-at-init"]
    assert ticked["- ✓ overfit-one"] == f"- ✓ overfit-one on run `{report.short[one.id]}`"
    assert text.index("| run | experiment |") < text.index(checked[0]) < text.index("## Reviews")
    [loop_json] = [r for r in to_json(report)["runs"] if r["id"] == loop.id]
    assert loop_json["checks"][0] == {
        "pack": "training-recipe",
        "item": "losses-logged",
        "passed": False,
        "summary": "valid loss at 10 of 780 steps (once per 78; the pack asks every step): "
        "run a forward pass on a random valid batch each step",
        "also": ["log-every-step"],
        "na": None,
    }
    assert [c["item"] for c in loop_json["checks"] if c["passed"]] == ["loss-at-init", "seed-fixed"]


def test_a_check_several_runs_failed_is_said_once_with_its_runs(demo: Any) -> None:
    """The report repeated `✗ losses-logged (with log-every-step)` once per run that failed
    it (a sweep's six learning rates: six lines alike): the check is said once, as the gate
    counts it, then the runs."""
    report = month(demo)
    loop = next(r for r in report.runs if r.command == "python train.py --rung plain-loop")
    sweep = [replace(loop, id=f"{loop.id}{n}") for n in range(3)]
    report.short |= {r.id: f"sw{n}" for n, r in enumerate(sweep)}
    report.runs = [*report.runs, *sweep]
    lines = to_markdown(report).splitlines()
    failed = [line for line in lines if "✗ losses-logged" in line]
    short = report.short[loop.id]
    assert failed == [
        f"- ✗ losses-logged (with log-every-step) on runs `{short}`, `sw0`, `sw1`, `sw2`"
    ]
    assert sum("✓ seed-fixed" in line for line in lines) == 1


def test_json_round_trips(demo: Any) -> None:
    data = json.loads(json.dumps(to_json(month(demo))))
    honesty = data["honesty"]
    assert (honesty["closed"], honesty["kept"], honesty["median_overrun_seconds"]) == (8, 5, 4500)
    assert honesty["extended"] == 0
    assert honesty["by_kind"]["data"] == {"closed": 2, "over": 1, "median_seconds": 900.0}
    assert honesty["by_kind"]["recipe"] == {"closed": 3, "over": 2, "median_seconds": 10350.0}
    assert data["per_week"][-1] == {"week": "2026-11-23", "closed": 0}


def test_cli_formats(credo: Any, demo: Any) -> None:
    md = credo(demo.path, "report", "--since", "30 days ago")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# ptvid — report")  # piped: Markdown
    js = credo(demo.path, "report", "--since", "30 days ago", "--format", "json")
    assert json.loads(js.stdout)["project"] == "ptvid"
    rich = credo(demo.path, "report", "--since", "30 days ago", "--format", "rich")
    assert rich.returncode == 0 and "Timebox honesty" in rich.stdout and "## " not in rich.stdout
    # piped, rich wraps at 80 columns: every learning is there whole (it was cut at 80)
    learnings = [
        line.split("Learning: ", 1)[1] for line in md.stdout.splitlines() if "Learning: " in line
    ]
    assert learnings and max(map(len, learnings)) > 80
    words = " ".join(rich.stdout.split())
    assert all(" ".join(learning.split()) in words for learning in learnings)
    bad = credo(demo.path, "report", "--since", "blorp")
    assert bad.returncode == 1 and "report period" in bad.stderr and "Traceback" not in bad.stderr


def test_a_file_the_report_cannot_read_is_named(credo: Any, repo: Path) -> None:
    """A broken task or run file was left out of the report without a word."""
    assert credo(repo, "init").returncode == 0
    (repo / ".credo" / "tasks" / "brokn000.toml").write_text("title = \n")
    said = credo(repo, "report")
    assert said.returncode == 0 and said.stdout.startswith("# ")
    assert "warning: .credo/tasks/brokn000.toml: is not valid TOML" in said.stderr


def test_outside_git_commits_are_off(tmp_path: Path) -> None:
    store, _ = Store.init(tmp_path)
    since, until = parse_period("yesterday", None, moment=NOW)
    report = build_report(store, since, until)
    assert report.commits is None
    assert "not a git repository: git linkage is off" in to_markdown(report)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder away needs root")
def test_in_a_clone_git_refuses_the_commits_say_why_not_none(store: Store) -> None:
    """In a clone another user owns, git refuses `git log`: the report said "no commits"."""
    give_away(store.project_root)
    since, until = parse_period("yesterday", None, moment=NOW)
    report = build_report(store, since, until)
    assert report.commits is None
    assert "git refuses the repository at" in to_markdown(report)


def test_honesty_counts_extended_experiments_apart_from_overruns(tmp_path: Path) -> None:
    from credo.actions.experiments import extend_experiment, start_experiment, stop_experiment

    store, _ = Store.init(tmp_path)
    start = NOW - timedelta(hours=5)

    def closed_after(hypothesis: str, minutes: int, extension: int = 0) -> None:
        at = start + timedelta(minutes=len(store.experiments()) * 60)
        exp, _ = start_experiment(store, hypothesis, timebox=timedelta(minutes=30), at=at)
        if extension:
            extend_experiment(
                store, exp.id, timedelta(minutes=extension), reason="one more epoch", at=at
            )
        stop_experiment(
            store, exp.id, "confirmed", learning="x", at=at + timedelta(minutes=minutes)
        )

    closed_after("kept", 20)
    closed_after("kept though extended", 25, extension=15)
    closed_after("went on, on purpose", 40, extension=15)
    closed_after("overran its extension", 60, extension=15)
    closed_after("overran", 50)
    since, until = parse_period("yesterday", None, moment=NOW)
    report = build_report(store, since, until)
    assert report.honesty.closed == 5
    assert report.honesty.kept == 2 and report.honesty.extended == 1
    assert report.honesty.median_overrun_seconds == 17.5 * 60  # 15m past 45m, 20m past 30m
    text = to_markdown(report)
    assert (
        "2 of 5 experiments closed kept their timebox; 1 took time added on purpose; "
        "median overrun 18m." in text
    )
    assert "(timebox 30m +15m, used 40m, within the time added on purpose)" in text
    assert "(timebox 30m +15m, used 1h, 15m past the box (untagged work))" in text
    started = text.split("## Experiments started")[1].split("##")[0]
    assert started.count("— timebox 30m +15m, done") == 3  # the started list says it too


def test_an_extension_made_after_the_box_ran_out_keeps_the_overrun_before_it(
    tmp_path: Path,
) -> None:
    """A 30m box extended by 30m at minute 45 ran 15m past the box in force then."""
    from credo.actions.experiments import (
        extend_experiment,
        pause_experiment,
        resume_experiment,
        start_experiment,
        stop_experiment,
    )

    store, _ = Store.init(tmp_path)
    start = NOW - timedelta(hours=12)

    def closed_after(hypothesis: str, minutes: int, pause: timedelta = timedelta(0)) -> None:
        at = start + timedelta(hours=len(store.experiments()) * 3)
        exp, _ = start_experiment(store, hypothesis, timebox=timedelta(minutes=30), at=at)
        extend_experiment(store, exp.id, timedelta(minutes=30), at=at + timedelta(minutes=45))
        if pause:  # after the extension: it does not move when the box ran out
            pause_experiment(store, exp.id, at=at + timedelta(minutes=46))
            resume_experiment(store, exp.id, at=at + timedelta(minutes=46) + pause)
        at_end = at + timedelta(minutes=minutes) + pause
        stop_experiment(store, exp.id, "confirmed", learning="x", at=at_end)

    closed_after("ended within the extension", 50)
    closed_after("ran past the extension too", 70)
    closed_after("paused after the extension", 50, pause=timedelta(hours=2))
    since, until = parse_period("yesterday", None, moment=NOW)
    report = build_report(store, since, until)
    overruns = {line.hypothesis: line.overrun_seconds for line in report.closed}
    assert overruns == {
        "ended within the extension": 15 * 60,
        "ran past the extension too": (15 + 10) * 60,
        "paused after the extension": 15 * 60,
    }
    assert report.honesty.extended == 0 and report.honesty.median_overrun_seconds == 15 * 60
    assert "(timebox 30m +30m, used 50m, 15m past the box (untagged work))" in to_markdown(report)


def test_a_run_cancelled_in_its_queue_took_no_time(tmp_path: Path) -> None:
    """The report's run table gave a run cancelled before it started the time it waited,
    and a run with no time at all `0s`."""
    from credo.domain.models import Run

    store, _ = Store.init(tmp_path)
    queued = NOW - timedelta(hours=3)
    store.create(
        Run.model_validate(
            {
                "id": "r001aaaabbbbcccc",
                "command": ["python", "train.py"],
                "status": "cancelled",
                "started": queued,
                "queued": queued,
                "ended": NOW - timedelta(minutes=1),
                "created": queued,
                "updated": queued,
            }
        )
    )
    since, until = parse_period("yesterday", None, moment=NOW)
    report = build_report(store, since, until)
    assert report.adhoc_runs[0].seconds is None
    assert "| `r001` `python train.py` | cancelled | — | — |" in to_markdown(report)


@pytest.mark.parametrize(
    ("box", "used", "said", "median"),
    [
        # 3s used 20s read `timebox 0m, used 0m, 0m past the box`
        (3, 20, "(timebox 3s, used 20s, 17s past the box (untagged work))", "17s"),
        # `used` rounded to the minute and the overrun not: `used 1m, 29s past the box`
        (60, 89, "(timebox 1m, used 1m29s, 29s past the box (untagged work))", "29s"),
    ],
)
def test_a_short_timebox_and_its_overrun_are_said_to_the_second(
    tmp_path: Path, box: int, used: int, said: str, median: str
) -> None:
    from credo.actions.experiments import start_experiment, stop_experiment

    store, _ = Store.init(tmp_path)
    at = NOW - timedelta(hours=1)
    exp, _ = start_experiment(store, "quick", timebox=timedelta(seconds=box), at=at)
    stop_experiment(store, exp.id, "confirmed", learning="x", at=at + timedelta(seconds=used))
    since, until = parse_period("yesterday", None, moment=NOW)
    text = to_markdown(build_report(store, since, until))
    assert said in text
    assert f"median overrun {median}." in text


def test_the_timebox_honesty_line_agrees_with_its_numbers(tmp_path: Path) -> None:
    """One experiment closed read '1 of 1 experiments closed kept their timebox'."""
    from credo.actions.experiments import start_experiment, stop_experiment

    store, _ = Store.init(tmp_path)
    since, until = parse_period("yesterday", None, moment=NOW)
    said = []
    for minutes in (20, 50, 10):
        at = NOW - timedelta(hours=len(store.experiments()) + 1)
        exp, _ = start_experiment(store, "quick", timebox=timedelta(minutes=30), at=at)
        stop_experiment(
            store, exp.id, "confirmed", learning="x", at=at + timedelta(minutes=minutes)
        )
        said.append(honesty_line(build_report(store, since, until)).partition(";")[0])
    assert said == [
        "1 of 1 experiment closed kept its timebox.",
        "1 of 2 experiments closed kept its timebox",
        "2 of 3 experiments closed kept their timebox",
    ]


def test_a_commit_links_the_items_it_names_by_prefix_or_closing_word(store: Store) -> None:
    from credo import actions
    from credo.actions.experiments import start_experiment

    from repos import commit_file

    task, _ = actions.add_task(store, "Clean the labels")
    exp, _ = start_experiment(store, "clean labels lift accuracy")
    closing = commit_file(
        store.project_root, "a.py", "a\n", f"Labels cleaned, closes {task.id[:6]}"
    )
    trailer = commit_file(
        store.project_root, "b.py", "b\n", f"Rerun\n\nCredo-Experiment: {exp.id[:5]}\n"
    )
    since, until = parse_period("today", None)
    commits = {c.sha: c for c in build_report(store, since, until).commits or []}
    assert (commits[closing].tasks, commits[closing].experiments) == ([task.id], [])
    assert (commits[trailer].tasks, commits[trailer].experiments) == ([], [exp.id])
    text = to_markdown(build_report(store, since, until))
    assert f"Labels cleaned, closes {task.id[:6]} — Ada Tester" in text
    assert f"→ `{task.id[:4]}`" in text and f"→ `{exp.id[:4]}`" in text


def test_added_tasks_are_listed_in_the_order_they_were_added(tmp_path: Path) -> None:
    """The Added list was sorted as the Done list is, by when each task was done: a task
    added on Monday and done on Thursday came after one added on Tuesday."""
    from credo.domain.models import Task

    store, _ = Store.init(tmp_path)
    monday, tuesday = NOW - timedelta(days=2), NOW - timedelta(days=1)
    for item_id, title, created, done_at in [
        ("t001aaaabbbbcccc", "Added Monday, done today", monday, NOW),
        ("t002aaaabbbbcccc", "Added Tuesday, open", tuesday, None),
    ]:
        fields = {"id": item_id, "title": title, "created": created, "updated": created}
        if done_at:
            fields |= {"status": "done", "done_at": done_at}
        store.create(Task.model_validate(fields))
    since, until = parse_period("week", None, moment=NOW + timedelta(minutes=1))
    report = build_report(store, since, until)
    assert [t.title for t in report.added] == ["Added Monday, done today", "Added Tuesday, open"]
    assert [t.title for t in report.done] == ["Added Monday, done today"]


def test_added_tasks_dropped_or_done_since_are_marked(repo: Path, credo: Any) -> None:
    """The report's Added list showed a task dropped since as if it stood: the week's
    report counted work no one would do. Each task added is marked as `credo ls --all`
    marks a closed one, [dropped] or [done]; JSON says every task's status."""
    assert credo(repo, "init").returncode == 0
    ids = {}
    for title in ("Kept open", "Dropped since", "Done since"):
        ids[title] = credo(repo, "add", title).stdout.strip()
    assert credo(repo, "drop", ids["Dropped since"]).returncode == 0
    assert credo(repo, "done", ids["Done since"]).returncode == 0
    text = credo(repo, "report", "--format", "md").stdout
    added = text.split("## Added (3)")[1].split("##")[0]
    assert f"- Kept open `{ids['Kept open']}` (eliminate)\n" in added
    assert f"- Dropped since `{ids['Dropped since']}` (eliminate) [dropped]\n" in added
    assert f"- Done since `{ids['Done since']}` (eliminate) [done]\n" in added
    data = json.loads(credo(repo, "report", "--format", "json").stdout)
    assert [t["status"] for t in data["added"]] == ["open", "dropped", "done"]


def test_data_checks_are_reported_as_the_reviews_are(demo: Any) -> None:
    """The report listed each checklist review (ticks by hand) but not one `credo data ...
    --record` result: a month of looking at the data, its balance, its filter and its
    Clever Hans cues read as if the data had never been looked at."""
    report = month(demo)
    assert [(c.item, c.passed) for c in report.data_checks] == [
        ("raw-samples", True),
        ("provenance", True),
        ("label-balance", False),
        ("filter-output-read", True),
        ("filter-output-read", True),
        ("clever-hans", False),
        ("filter-output-read", True),
        ("clever-hans", False),
    ]
    text = to_markdown(report)
    assert "## Data checks (8)" in text
    balance = next(line for line in text.splitlines() if "data/label-balance" in line)
    assert balance.startswith(
        "- ✗ data/label-balance: data/raw.jsonl: variety by domain: 3 of 6 groups flagged"
    )
    assert balance.endswith(
        " — `credo data balance data/raw.jsonl --label variety --by domain --record "
        f"data/label-balance` at commit `{demo.commits['collect'][:7]}`, "
        f"{report.data_checks[2].created.astimezone():%Y-%m-%d %H:%M}"
    )
    assert "- ✓ data/raw-samples: looked at 120 raw records" in text
    [masked] = [c for c in report.data_checks[-2:] if c.item == "clever-hans"]
    assert masked.experiment == demo.ids["mask-names"]
    assert to_json(report)["data_checks"][0]["command"].startswith("credo data look")


def test_a_data_warning_stays_under_the_table_of_its_run(tmp_path: Path) -> None:
    """The runs' data warnings came after the ad-hoc runs' table, under its heading, and
    an ad-hoc run's own warning was left out: an ad-hoc run on other data than the
    baseline's read as a fair comparison."""
    from credo.domain.report import Report, RunLine

    def run(run_id: str, experiment: str | None) -> RunLine:
        return RunLine(
            id=run_id,
            experiment=experiment,
            experiment_hypothesis="h" if experiment else "",
            command="python train.py",
            status="succeeded",
            exit_code=0,
            signal=None,
            state="succeeded",
            started=NOW,
            seconds=3.0,
            commit=None,
            metrics={"acc": 0.8},
            baseline={"acc": 0.9},
            data_warning=f"used data {run_id}…, the baseline aaaa…: not fair",
        )

    report = Report(project="p", since=NOW - timedelta(days=1), until=NOW)
    report.runs, report.adhoc_runs = [run("exp1", "e1")], [run("adh1", None)]
    text = to_markdown(report)
    adhoc = text.index("## Ad-hoc runs (1)")
    assert text.index("- ⚠ run `exp1` used data exp1…, the baseline aaaa…") < adhoc
    assert text.index("- ⚠ run `adh1` used data adh1…, the baseline aaaa…") > adhoc


def test_a_title_that_looks_like_markdown_stays_one_line_of_text(store: Store) -> None:
    """A task titled `1. Read the paper` (or `- x`, `+ y`) was a list inside its list
    item on GitHub, its number gone, and `~~` struck the words through."""
    from markdown_it import MarkdownIt

    from credo import actions

    titles = ["1. Read the paper", "2) Rerun", "- dash first", "+ plus first", "a ~~b~~ c"]
    for title in titles:
        actions.add_task(store, title)
    since, until = parse_period("yesterday", None)
    text = to_markdown(build_report(store, since, until))
    html = MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(text)
    added = html.split("<h2>Added (5)</h2>")[1].split("</ul>")[0]
    items = [item.split(" <code>")[0] for item in added.split("<li>")[1:]]
    assert items == titles
    assert "<ol>" not in html and "<s>" not in html


def test_a_review_says_the_items_it_answered_as_not_applying(store: Store) -> None:
    """A review answering every item n.a. (with its reason) read `0/2 checked`, as if
    nothing had been answered."""
    from credo.actions.checks import code_state, record_review
    from credo.domain.models import Mark

    marks = {
        "raw-samples": (Mark.NA, "no raw data: the corpus comes tokenised"),
        "provenance": (Mark.NA, "one source"),
        "no-leakage": (Mark.CHECKED, "hashes of train and valid do not meet"),
    }
    record_review(store, "data", marks, code_state(store), None)
    since, until = parse_period("yesterday", None)
    report = build_report(store, since, until)
    assert "- data: 1/3 checked, 2 n.a. at commit `" in to_markdown(report)
    assert to_json(report)["reviews"][0]["na"] == 2


def test_an_experiment_abandoned_before_it_started_kept_no_timebox(tmp_path: Path) -> None:
    """A planned experiment abandoned before it started read `(timebox 1h, used ?)`, and
    the honesty line `0 of 1 experiment closed kept their timebox`: an overrun nobody
    made."""
    from credo.actions.experiments import abandon_experiment, start_experiment, stop_experiment
    from credo.domain.models import Experiment

    store, _ = Store.init(tmp_path)
    at = NOW - timedelta(hours=2)
    planned = Experiment.model_validate(
        {"id": "p001aaaabbbbcccc", "hypothesis": "later", "timebox": "1h", "created": at}
    )
    store.create(planned)
    abandon_experiment(store, planned.id, "no data for it", at=at)
    since, until = parse_period("yesterday", None, moment=NOW)
    alone = build_report(store, since, until)
    assert honesty_line(alone) == "1 experiment closed before it started: no timebox to keep."
    assert "`p001` (timebox 1h, never started)" in to_markdown(alone)
    exp, _ = start_experiment(store, "quick", timebox=timedelta(minutes=30), at=at)
    stop_experiment(store, exp.id, "confirmed", learning="x", at=at + timedelta(minutes=20))
    both = build_report(store, since, until)
    assert honesty_line(both) == (
        "1 of 1 experiment closed kept its timebox (and 1 experiment closed before it started)."
    )
    assert to_json(both)["honesty"]["never_started"] == 1


def test_an_experiment_under_way_since_before_the_period_is_reported(tmp_path: Path) -> None:
    """A report since yesterday left out the experiment started two days ago and still
    running (or paused): a stand-up report without the work in hand."""
    from credo.actions.experiments import pause_experiment, start_experiment

    store, _ = Store.init(tmp_path)
    at = NOW - timedelta(days=2)
    paused, _ = start_experiment(store, "smaller batch", timebox=timedelta(hours=1), at=at)
    pause_experiment(store, paused.id, at=at + timedelta(minutes=20))
    at += timedelta(minutes=30)
    running, _ = start_experiment(store, "longer context", timebox=timedelta(hours=4), at=at)
    since, until = parse_period("yesterday", None, moment=NOW)
    report = build_report(store, since, until)
    assert [e.id for e in report.under_way] == [paused.id, running.id]
    assert report.started == [] and report.closed == [] and report.honesty.closed == 0
    text = to_markdown(report)
    short = report.short
    assert "## Experiments under way, started before this period (2)" in text
    assert (
        f"- longer context `{short[running.id]}` — timebox 4h, running, "
        "started 2026-11-23 15:30, used 1d23h30m so far" in text
    )
    assert (
        f"- smaller batch `{short[paused.id]}` — timebox 1h, paused, "
        "started 2026-11-23 15:00, used 20m so far" in text
    )
    data = json.loads(json.dumps(to_json(report)))
    assert [(e["id"], e["status"]) for e in data["under_way"]] == [
        (paused.id, "paused"),
        (running.id, "running"),
    ]


def test_a_run_whose_loss_diverged_reports_where_not_its_last_finite_value(
    tmp_path: Path,
) -> None:
    """The runs table gave a run whose loss became NaN its last finite loss (0.2), beside
    the baseline's as if it were a result: it says `nan@3` now, with no difference."""
    from runsets import NOW as SWEPT
    from runsets import diverged_run, sweep

    store = sweep(tmp_path / "ptvid")
    diverged = diverged_run(store)
    since, until = parse_period("3 days ago", None, moment=SWEPT)
    report = build_report(store, since, until)
    [line] = [r for r in report.runs if r.id == diverged.id]
    assert line.metrics == {"acc": 0.8}
    text = to_markdown(report)
    [row] = [row for row in text.splitlines() if row.startswith(f"| `{report.short[line.id]}`")]
    assert row.endswith("| acc 0.8 (+0.06), loss nan@3 |")
    data = json.loads(json.dumps(to_json(report)))
    [listed] = [r for r in data["runs"] if r["id"] == diverged.id]
    assert listed["metrics"] == {"acc": 0.8}
    assert listed["diverged"] == {"loss": {"step": 3.0, "value": "nan"}}


def test_runs_compare_with_the_baseline_of_their_time_and_a_data_change_is_said_once(
    store: Store,
) -> None:
    """Every run in the month was compared with the baseline's latest run, one made after
    it too (its differences from a result nobody had when it ran), and each said the same
    data change on a line of its own (the demo's: eight times)."""
    from credo.domain.models import Experiment, Run, RunStatus

    day = timedelta(days=1)
    base = Experiment(id="e001aaaabbbbcccc", hypothesis="base", timebox=day, baseline=True)
    other = Experiment(id="e002aaaabbbbcccc", hypothesis="other", timebox=day)

    def run(run_id: str, exp: Experiment, at: datetime, data: str, acc: float) -> Run:
        return Run(
            id=run_id,
            experiment=exp.id,
            command=["python", "train.py"],
            status=RunStatus.SUCCEEDED,
            started=at,
            ended=at + timedelta(minutes=5),
            exit_code=0,
            data={"data/train.jsonl": f"blake2b:{data * 16}"},
            metrics={"acc": acc},
        )

    for item in (
        base,
        other,
        run("r001aaaabbbbcccc", other, NOW - 4 * day, "a", 0.70),  # before the baseline's
        run("r002aaaabbbbcccc", base, NOW - 3 * day, "b", 0.80),
        run("r003aaaabbbbcccc", other, NOW - 2 * day, "a", 0.75),
        run("r004aaaabbbbcccc", other, NOW - day, "a", 0.85),
    ):
        store.create(item)
    report = build_report(store, NOW - 30 * day, NOW)
    lines = {line.id[:4]: line for line in report.runs}
    assert (lines["r001"].baseline, lines["r001"].data_warning) == ({}, "")
    assert lines["r002"].baseline == {}  # nor with itself
    assert lines["r001"].baseline_run is None
    assert lines["r004"].baseline == {"acc": 0.80}
    assert lines["r004"].baseline_run == "r002aaaabbbbcccc"
    text = to_markdown(report)
    assert "| acc 0.7 |" in text and "| acc 0.85 (+0.05) |" in text
    assert [line for line in text.splitlines() if "⚠" in line] == [
        "- ⚠ runs `r003`, `r004` used data "
        + data_digest_of("a")
        + "…, the baseline "
        + data_digest_of("b")
        + "…: the comparison may not be fair (data/train.jsonl differs)"
    ]
    assert "- vs the baseline's run `r002`: runs `r003`, `r004`" in text


def data_digest_of(letter: str) -> str:
    from credo.runs.fingerprint import data_digest

    return data_digest({"data/train.jsonl": f"blake2b:{letter * 16}"})


def test_the_report_says_what_of_credo_teammates_do_not_see(repo: Path, store: Store) -> None:
    """Teammates see tasks, experiments and runs once `.credo/` is committed: a user who
    never committed it was never reminded after `credo init`. The report, which is shared
    at the stand-up, says so at its end, and nothing once all is committed."""
    from credo.actions.tasks import add_task

    add_task(store, "Plot the loss")
    moment = datetime.now(UTC)
    text = to_markdown(build_report(store, *parse_period("week", None, moment)))
    unshared = len(git(repo, "status", "--porcelain", "--untracked-files=all").splitlines())
    assert text.endswith(
        f"_Not shared: {unshared} files of `.credo/` not committed, which teammates do not "
        "see until they are (`git add .credo`, then commit)._\n"
    )
    git(repo, "add", ".credo")
    git(repo, "commit", "-q", "-m", "Share the board")
    report = build_report(store, *parse_period("week", None, moment))
    assert report.unshared == 0 and "Not shared" not in to_markdown(report)


def test_teammates_clones_in_other_folders_title_the_report_alike(
    tmp_path: Path, credo: Any
) -> None:
    """Alice's clone in `alice-proj` and Bob's in `proj` titled their reports by their
    folders, as if of two projects: both say the origin remote's repository, or the
    `name` the project's committed config gives; a clone with no remote, its folder."""
    remote = tmp_path / "remotes" / "lm-pretraining.git"
    alice, bob = tmp_path / "alice-proj", tmp_path / "proj"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(tmp_path, "clone", "-q", str(remote), str(alice))
    assert credo(alice, "init").returncode == 0
    git(alice, "add", "-A")
    git(alice, "commit", "-q", "-m", "Start the board")
    git(alice, "push", "-q", "origin", "HEAD")
    git(tmp_path, "clone", "-q", str(remote), str(bob))

    def titles() -> list[str]:
        said = [credo(clone, "report").stdout.splitlines()[0] for clone in (alice, bob)]
        json_said = [
            json.loads(credo(clone, "report", "--format", "json").stdout)["project"]
            for clone in (alice, bob)
        ]
        return [line.split(" — ")[0] for line in said] + json_said

    assert titles() == ["# lm-pretraining"] * 2 + ["lm-pretraining"] * 2
    config = alice / ".credo" / "config.toml"
    config.write_text(config.read_text().replace('# name = "lm-pretraining"', 'name = "LM *pre*"'))
    git(alice, "commit", "-q", "-am", "Name the project")
    git(alice, "push", "-q", "origin", "HEAD")
    git(bob, "pull", "-q", "origin", "main")
    assert titles() == ["# LM \\*pre\\*"] * 2 + ["LM *pre*"] * 2
    git(bob, "remote", "remove", "origin")
    config.write_text(config.read_text().replace('name = "LM *pre*"', "# name"))
    git(alice, "remote", "remove", "origin")
    assert titles() == ["# alice-proj", "# LM \\*pre\\*", "alice-proj", "LM *pre*"]
