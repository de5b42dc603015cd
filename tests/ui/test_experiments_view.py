"""Pilot and snapshot tests: "just do it" from the board, the countdown, the log view."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from readability import Pair, cells, dim_recorded, is_muted, shipped, terminal
from rich.style import Style
from rich.syntax import Syntax
from test_footer import footer_line
from textual.widgets import DataTable, Input, OptionList, Static, TabbedContent, TextArea

from credo.actions.experiments import pause_experiment, stop_experiment
from credo.domain.filter_words import status_words
from credo.domain.models import Experiment, ExperimentStatus, GitState, Run, RunStatus, Task
from credo.store import Store
from credo.ui.app import CredoApp, toast_seconds
from credo.ui.keys import described_bindings
from credo.ui.screens.board import BoardScreen
from credo.ui.screens.experiments import ExperimentsScreen, matches
from credo.ui.screens.report import ReportScreen
from credo.ui.screens.task_forms import AddTaskScreen
from credo.ui.widgets.ansi_log import AnsiLog
from credo.ui.widgets.countdown import Countdown
from pilots import (
    Held,
    esc_asks_before_it_drops,
    look_in_flight,
    opened,
    reads_while_applying,
    said,
    screen_text,
    settle,
    until,
    workers_done,
)
from processes import CREDO
from wall_clock import UP_AT

from repos import (
    baseline_running_in_worktree,
    experiment_merged_from_worktree,
    experiment_paused_in_worktree,
    extended_after_closing,
    git,
)

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
DAY = timedelta(days=1)


def frozen(app: CredoApp, moment: datetime = NOW) -> CredoApp:
    app.clock = lambda: moment
    return app


def experiments_on_disk(store: Store) -> list[dict[str, Any]]:
    folder = store.credo_dir / "experiments"
    return [tomllib.loads(p.read_text()) for p in sorted(folder.glob("*.toml"))]


def make_exp(store: Store, n: int, hypothesis: str, **fields: Any) -> Experiment:
    exp = Experiment.model_validate(
        {
            "id": f"e{n:03d}aaaabbbbcccc",
            "hypothesis": hypothesis,
            "timebox": "25m",
            "created": NOW - timedelta(days=10 - n),
            "updated": NOW - timedelta(days=10 - n),
            **fields,
        }
    )
    store.create(exp)
    return exp


def make_run(
    store: Store, n: int, exp: Experiment, metrics: dict[str, list[float]], **fields: Any
) -> Run:
    started = (exp.started or NOW) + timedelta(minutes=1)
    run = Run.model_validate(
        {
            "id": f"r{n:03d}aaaabbbbcccc",
            "experiment": exp.id,
            "command": ["python", "train.py", "--lr", "3e-4"],
            "cwd": str(store.project_root),
            "status": "succeeded",
            "started": started,
            "ended": started + timedelta(minutes=4, seconds=12),
            "exit_code": 0,
            "created": started,
            "updated": started,
            "git_start": GitState(
                sha="1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d",
                branch="main",
                dirty=True,
                patch="start.patch",
                patch_status="whole",
                patch_bytes=120,
                untracked=["notes.txt"],
            ),
            "metrics": {k: v[-1] for k, v in metrics.items()},
            "params": {"lr": 0.0003, "batch": 64},
            "machine": {
                "host": "gpu-07",
                "cpus": 16,
                "gpus": [{"name": "NVIDIA A100", "driver": "550.54", "memory": "81920 MiB"}],
                "cuda": "12.4",
            },
            **fields,
        }
    )
    store.create(run)
    folder = store.credo_dir / "runs" / run.id
    lines = []
    for name, values in metrics.items():
        for step, value in enumerate(values):
            lines.append(json.dumps({"step": step, name: value}))
    (folder / "metrics.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "output.log").write_text(
        "\x1b[36mtraining on\x1b[0m gpu-07\n"
        + "".join(f"epoch {i} loss {1 / (i + 1):.3f}\n" for i in range(40))
        + "\x1b[1;32mdone:\x1b[0m best model\n"
    )
    (folder / "start.patch").write_text(
        "diff --git a/train.py b/train.py\n--- a/train.py\n+++ b/train.py\n"
        "@@ -1,2 +1,2 @@\n-lr = 1e-3\n+lr = 3e-4\n"
    )
    return run


@pytest.fixture
def log_store(tmp_path: Path) -> Store:
    """Outside git (stable header): a baseline, a refuted one, and one running now."""
    root = tmp_path / "ptvid"
    root.mkdir()
    store, _ = Store.init(root)
    base = make_exp(
        store,
        1,
        "Logistic regression on char n-grams",
        status="done",
        outcome="confirmed",
        started=NOW - timedelta(days=3),
        ended=NOW - timedelta(days=3) + timedelta(minutes=20),
        baseline=True,
        learning="0.81 accuracy is the number to beat",
    )
    make_run(store, 1, base, {"loss": [0.9, 0.7, 0.6, 0.55, 0.52], "acc": [0.6, 0.7, 0.78, 0.81]})
    make_exp(
        store,
        2,
        "Dropout helps the small model",
        status="done",
        outcome="refuted",
        tags=["regularisation"],
        started=NOW - timedelta(days=2),
        ended=NOW - timedelta(days=2) + timedelta(minutes=25),
        next_step="Look at 50 misclassified samples",
    )
    current = make_exp(
        store,
        3,
        "A small transformer beats n-grams",
        status="running",
        started=NOW - timedelta(minutes=10),
        timebox="30m",
        tags=["model"],
    )
    make_run(
        store, 2, current, {"loss": [0.8, 0.6, 0.45, 0.4, 0.35, 0.33], "acc": [0.7, 0.8, 0.84]}
    )
    return store


@pytest.fixture
def log_app(log_store: Store) -> CredoApp:
    return frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.2))


async def open_log(app: CredoApp, pilot: Any) -> ExperimentsScreen:
    await pilot.press("E")
    await pilot.pause()
    await workers_done(app)
    await pilot.pause()
    assert isinstance(app.screen, ExperimentsScreen)
    return app.screen


async def log_on(app: CredoApp, pilot: Any, exp_id: str) -> tuple[ExperimentsScreen, OptionList]:
    """The log opened with experiment `exp_id` highlighted in its list."""
    screen = await open_log(app, pilot)
    await settle(pilot)
    listing = screen.query_one("#exp-list", OptionList)
    listing.highlighted = listing.get_option_index(exp_id)
    return screen, listing


async def test_just_do_it_from_the_board(board_app: CredoApp, board_store: Store) -> None:
    frozen(board_app)
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        hypothesis = board_app.screen.query_one("#exp-hypothesis")
        assert hypothesis.value == "Check label balance per domain: "  # type: ignore[attr-defined]
        assert board_app.screen.query_one("#exp-timebox").value == "25m"  # type: ignore[attr-defined]
        await pilot.press(*"balance is off in legal", "tab")
        await pilot.press(*"45m", "enter")
        await settle(pilot)
        [stored] = experiments_on_disk(board_store)
        assert stored["hypothesis"] == "Check label balance per domain: balance is off in legal"
        assert stored["timebox"] == "45m" and stored["status"] == "running"
        assert stored["task"] == "t001aaaabbbbcccc" and stored["tags"] == ["data"]
        task = tomllib.loads(
            (board_store.credo_dir / "tasks" / "t001aaaabbbbcccc.toml").read_text()
        )
        assert task["experiments"] == [stored["id"]]


async def test_the_task_s_words_alone_are_no_hypothesis(
    board_app: CredoApp, board_store: Store
) -> None:
    """The form is prefilled with the task's title and a colon; enter on it unchanged
    started an experiment whose hypothesis was only "Check label balance per domain:"."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        form = board_app.screen
        await pilot.press("enter")
        await settle(pilot)
        assert board_app.screen is form  # still open, saying what to write
        error = str(form.query_one("#exp-start-error", Static).render())
        assert "write what you expect to happen" in error
        assert experiments_on_disk(board_store) == []
        await pilot.press(*"it is off in legal", "enter")
        await settle(pilot)
        [stored] = experiments_on_disk(board_store)
        assert stored["hypothesis"] == "Check label balance per domain: it is off in legal"


async def test_a_hypothesis_too_long_is_refused_in_the_form(
    board_app: CredoApp, board_store: Store
) -> None:
    """The form took a hypothesis of any length, where a task's title has a limit."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        form = board_app.screen
        form.query_one("#exp-hypothesis", Input).value = "x" * 400
        await pilot.press("enter")
        await pilot.pause()
        assert board_app.screen is form  # still open, saying what is wrong
        error = str(form.query_one("#exp-start-error", Static).render())
        assert "a hypothesis is at most 300 characters (this one has 400)" in error
        assert experiments_on_disk(board_store) == []


async def test_starting_while_one_runs_asks_to_pause_it(
    board_app: CredoApp, board_store: Store
) -> None:
    from credo.actions.experiments import start_experiment

    first, _ = start_experiment(board_store, "already running")
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", *"more data helps", "enter")
        await settle(pilot)
        await pilot.press("p")  # the choice: pause the running one
        await settle(pilot)
        by_id = {e["id"]: e for e in experiments_on_disk(board_store)}
        assert by_id[first.id]["status"] == "paused"
        assert re.fullmatch(  # as `credo exp start` says it
            rf"Started: .*: more data helps · timebox 25m, up at {UP_AT}", said(board_app)[-1]
        ), said(board_app)
        assert sorted(e["status"] for e in by_id.values()) == ["paused", "running"]


async def test_starting_while_one_runs_can_close_it_with_an_outcome(
    board_app: CredoApp, board_store: Store
) -> None:
    from credo.actions.experiments import start_experiment

    first, _ = start_experiment(board_store, "already running")
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", *"more data helps", "enter")
        await settle(pilot)
        await pilot.press("c")  # close it...
        await settle(pilot)
        await pilot.press("r")  # ...as refuted
        await settle(pilot)
        await pilot.press(*"it was the data", "tab", *"clean the data", "enter")
        await settle(pilot)
        by_id = {e["id"]: e for e in experiments_on_disk(board_store)}
        assert by_id[first.id]["status"] == "done" and by_id[first.id]["outcome"] == "refuted"
        assert by_id[first.id]["learning"] == "it was the data"
        assert by_id[first.id]["next_step"] == "clean the data"
        assert [e["status"] for e in by_id.values()].count("running") == 1


def broken_running(store: Store) -> tuple[Experiment, str]:
    """One experiment paused, a second running whose file is then made invalid TOML (a
    bad merge): the paused one, and the warning the command line says of the file."""
    from credo.actions.experiments import start_experiment

    paused, _ = start_experiment(store, "a first idea", on_running="pause")
    running, _ = start_experiment(store, "a second idea", on_running="pause")
    path = store.credo_dir / "experiments" / f"{running.id}.toml"
    path.write_text(path.read_text() + "hypothesis = = 'x'\n")
    named = f"cannot read .credo/experiments/{running.id}.toml: is not valid TOML"
    return paused, named


def said_of(app: CredoApp, named: str) -> list[str]:
    return [line for line in said(app) if named in line]


async def test_starting_beside_a_broken_running_experiment_names_its_file(
    board_app: CredoApp, board_store: Store
) -> None:
    """With the running experiment's file broken, `s` on the board started a second one
    beside it without a word (two running once the file is mended): it says what
    `credo exp start` says, and starts (one broken old file must not block every start)."""
    _, named = broken_running(board_store)
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", *"more data helps", "enter")
        await settle(pilot)
        [warned] = said_of(board_app, named)
        assert warned.endswith("(the running experiment may be in it)"), warned
    started = [e for e in board_store.experiments() if e.hypothesis.endswith("more data helps")]
    assert [e.status for e in started] == [ExperimentStatus.RUNNING]


async def test_resuming_beside_a_broken_running_experiment_names_its_file(
    log_store: Store,
) -> None:
    """As starting: p on a paused one in the log resumed it beside the broken running
    one without a word."""
    paused, named = broken_running(log_store)
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.2))
    async with app.run_test(size=(120, 40)) as pilot:
        await log_on(app, pilot, paused.id)
        await pilot.press("p")
        await settle(pilot)
        [warned] = said_of(app, named)
        assert warned.endswith("(the running experiment may be in it)"), warned
    assert log_store.read(Experiment, paused.id).status == ExperimentStatus.RUNNING


async def test_log_shows_a_run_ending_in_another_terminal(
    log_app: CredoApp, log_store: Store
) -> None:
    """`credo run` rewrites run.toml inside its own folder: the poll's stat of every
    run file sees it (no folder of the log moves)."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        assert screen.runs["r002aaaabbbbcccc"].exit_code == 0
        elsewhere = Store(log_store.project_root)
        elsewhere.update(Run, "r002aaaabbbbcccc", lambda r: r.model_copy(update={"exit_code": 3}))
        await until(pilot, lambda: screen.runs["r002aaaabbbbcccc"].exit_code == 3, "a poll")


def clocked(store: Store) -> tuple[CredoApp, list[datetime], list[int]]:
    """An app polling every 0.2 s whose clock reads `moment[0]` (NOW to start with), and
    the bells it rang."""
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    moment = [NOW]
    app.clock = lambda: moment[0]
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    return app, moment, bells


async def test_countdown_shows_and_warns_once_when_the_timebox_ends(log_store: Store) -> None:
    app, moment, bells = clocked(log_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        await pilot.pause()
        countdown = app.screen.query_one(Countdown)
        assert "20:00" in str(countdown.render()) and not countdown.has_class("-overrun")
        moment[0] = NOW + timedelta(minutes=23)
        countdown.show()
        assert "+03:00 over" in str(countdown.render()) and countdown.has_class("-overrun")
        assert bells == [1]
        await pilot.pause()
        assert any("timebox" in m for m in said(app))
        # The toast goes as the app's others do (it covered the view at 80x24 for 30 s);
        # the countdown itself keeps saying "over" in the warning colour.
        toast = next(n for n in app._notifications if n.title == "Timebox over")
        assert toast.timeout == toast_seconds(f"{toast.title} {toast.message}", "warning")
        countdown.show()
        assert bells == [1]  # once, not every second
        on_disk = tomllib.loads(
            (log_store.credo_dir / "experiments" / "e003aaaabbbbcccc.toml").read_text()
        )
        assert on_disk["timebox"] == "30m"  # never silently extended
        screen = await open_log(app, pilot)
        assert "+03:00" in str(screen.query_one(Countdown).render())  # in every view


async def test_a_click_on_the_countdown_opens_the_log_on_its_experiment(log_app: CredoApp) -> None:
    """People click the header's clock to see the experiment it counts for, and the click
    did nothing: it opens the experiment log with that experiment selected, whichever one
    the log had selected before, as the commits view's `o` reveals an experiment there."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen, listing = await log_on(log_app, pilot, "e001aaaabbbbcccc")
        await pilot.press("escape")  # back to the board, the baseline selected in the log
        await settle(pilot)
        assert isinstance(log_app.screen, BoardScreen)
        await pilot.click(Countdown)
        await settle(pilot)
        assert log_app.screen is screen
        assert screen.selected_id == "e003aaaabbbbcccc"
        assert listing.highlighted == listing.get_option_index("e003aaaabbbbcccc")
        assert "A small transformer beats n-grams" in screen_text(log_app)
        listing.highlighted = listing.get_option_index("e002aaaabbbbcccc")
        await settle(pilot)
        await pilot.click(Countdown)  # the log's own header
        await settle(pilot)
        assert screen.selected_id == "e003aaaabbbbcccc"


@pytest.mark.parametrize("at_the_keyboard", [False, True])
async def test_a_timebox_that_ends_while_nobody_looks_is_said_again_at_the_next_key(
    log_store: Store, at_the_keyboard: bool
) -> None:
    """The board left open overnight (or a laptop asleep: the wall clock jumps, the
    monotonic clock does not): the toast went after a few seconds, so the user coming
    back hours later found only `+7:40:00 over`. The next key says, once, when it ran
    out; someone at the keyboard as it ends (a key within AWAY_SECONDS) is told once, by
    the toast."""
    app = CredoApp(log_store, today=TODAY, refresh_seconds=0.2)
    moment = [NOW]  # 20 minutes left: the timebox runs out at 10:20
    app.clock = lambda: moment[0]
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        countdown = app.screen.query_one(Countdown)
        if at_the_keyboard:  # a key as it runs out: the toast is seen
            moment[0] = NOW + timedelta(minutes=20, seconds=30)
            await pilot.press("j")
            await until(pilot, lambda: "+00:30 over" in str(countdown.render()), "one tick")
        moment[0] = NOW + timedelta(hours=8)  # no key since, whatever the monotonic clock says
        await until(pilot, lambda: "+7:40:00 over" in str(countdown.render()), "one tick")
        await pilot.pause(1.2)  # a tick more
        assert bells == [1]
        assert [m for m in said(app) if "timebox" in m] == [
            "The 30m timebox of “A small transformer beats n-grams” is up. Close it with an"
            " outcome or pause it; to go on, add time on purpose (+ in the experiment log, or"
            " credo exp extend)."
        ]
        for _ in range(2):
            await pilot.press("j")
            await pilot.pause()
        back = [m for m in said(app) if "ran out" in m]
        if at_the_keyboard:
            assert back == []
        else:
            assert back == [
                "The 30m timebox of “A small transformer beats n-grams” ran out at 10:20. Close"
                " it with an outcome or pause it; to go on, add time on purpose (+ in the"
                " experiment log, or credo exp extend)."
            ]


async def test_a_timebox_that_ends_while_a_form_is_open_is_said_as_it_closes(
    log_store: Store,
) -> None:
    """A task being added as the timebox ran out: its toast came and went over the form,
    and back on the board only the header's `over` said so. As the form closes, it is
    said once with when it ran out; not at each key typed in the form."""
    app = CredoApp(log_store, today=TODAY, refresh_seconds=0.2)
    moment = [NOW + timedelta(minutes=19)]  # a minute left: it runs out at 10:20
    app.clock = lambda: moment[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        countdown = app.screen.query_one(Countdown)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AddTaskScreen), "the form")
        moment[0] = NOW + timedelta(minutes=20, seconds=30)  # at the keyboard all along
        await until(pilot, lambda: "+00:30 over" in str(countdown.render()), "one tick")
        for key in ("left", "right"):
            await pilot.press(key)
        await pilot.pause()
        assert [m for m in said(app) if "ran out" in m] == []
        await pilot.press("escape")  # nothing typed: the form closes
        await until(pilot, lambda: app.screen is countdown.screen, "the board")
        await until(pilot, lambda: any("ran out" in m for m in said(app)), "the end, said")
        for _ in range(2):
            await pilot.press("j")
            await pilot.pause()
        assert [m for m in said(app) if "ran out" in m] == [
            "The 30m timebox of “A small transformer beats n-grams” ran out at 10:20. Close"
            " it with an outcome or pause it; to go on, add time on purpose (+ in the"
            " experiment log, or credo exp extend)."
        ]


async def test_a_timebox_paused_from_the_shell_meanwhile_is_not_said_at_the_next_key(
    log_store: Store,
) -> None:
    """Paused (or closed, or extended) from another terminal before the user is back:
    what ran out is past news, and the next key says nothing of it."""
    app = CredoApp(log_store, today=TODAY, refresh_seconds=0.2)
    moment = [NOW]
    app.clock = lambda: moment[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        moment[0] = NOW + timedelta(hours=8)  # the timebox ran out at 10:20, nobody at the keys
        countdown = app.screen.query_one(Countdown)
        await until(pilot, lambda: app.told_on_return is not None, "the end, kept for the return")
        pause_experiment(Store(log_store.project_root), at=moment[0])
        await until(pilot, lambda: countdown.has_class("-paused"), "the pause, read")
        await pilot.press("j")
        await pilot.pause()
        assert [m for m in said(app) if "ran out" in m] == []


async def test_an_experiment_of_another_worktree_shows_where_it_runs(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merged from the worktree where it runs, it counted down in this one's header as
    this one's, and its clock ticked in the log: each says where it runs instead."""
    exp_id = experiment_merged_from_worktree(repo, tmp_path / "exp-b", "warmup helps")
    monkeypatch.chdir(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = str(app.screen.query_one(Countdown).render())
        assert header == "running in ../exp-b: warmup helps"
        screen = await open_log(app, pilot)
        await settle(pilot)
        listed = screen.query_one("#exp-list", OptionList).get_option(exp_id).prompt
        assert str(listed).endswith("warmup helps running in ../exp-b")
        details = screen_text(app).rsplit("warmup helps  ", 1)[1].split("\n")[1]  # not the list
        assert details.split("│")[-1].strip() == "running in ../exp-b"  # no clock of its own
        before = experiments_on_disk(store)
        for key in ("c", "A", "plus", "p", "b", "n"):  # no form filled in only to be refused
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, key
            assert said(app)[-1].startswith(
                f"experiment {store.short_id(Experiment, exp_id)} is running in ../exp-b"
            )
        assert experiments_on_disk(store) == before


async def test_a_teammates_experiment_from_their_clone_on_this_host_counts_here(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bob's clone beside this one on a shared server: his experiment, merged here, said
    "running in ../bob" and refused every change, as if his clone were one of this
    person's worktrees. It counts here, as one pulled from his laptop does."""
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "bob@example.com")
    exp_id = experiment_merged_from_worktree(repo, tmp_path / "bob", "warmup helps", clone=True)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "ada@example.com")
    monkeypatch.chdir(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = str(app.screen.query_one(Countdown).render())
        assert "warmup helps" in header and "running in" not in header
        screen = await open_log(app, pilot)
        await settle(pilot)
        listed = str(screen.query_one("#exp-list", OptionList).get_option(exp_id).prompt)
        assert "warmup helps" in listed and "running in" not in listed


async def test_the_log_says_an_extension_came_after_the_close(
    tmp_path: Path, credo: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Extended in one clone, closed in the other: after the merge the details said
    "timebox 1h +30m", with no word that the 30m came after it closed."""
    bob, _ = extended_after_closing(tmp_path, credo)
    monkeypatch.chdir(bob)
    app = CredoApp(Store.open(bob), today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)
        await settle(pilot)
        details = str(screen.query_one("#exp-details").render())
        assert "done · timebox 1h +30m (+30m added after it closed)" in details


async def test_resuming_one_paused_in_another_worktree_says_it_moves_here(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """p on the experiment paused in ../exp-b (its record merged here) said only
    "Resumed", and moved it here while the record there still said paused."""
    there = tmp_path / "exp-b"
    exp_id = experiment_paused_in_worktree(repo, there, "warmup helps")
    monkeypatch.chdir(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_on(app, pilot, exp_id)
        await pilot.press("p")
        await settle(pilot)
        assert re.fullmatch(rf"Resumed: warmup helps · \d+m left, up at {UP_AT}; .*", said(app)[-1])
        assert said(app)[-1].endswith(
            f"; experiment {store.short_id(Experiment, exp_id)} was paused in ../exp-b: "
            "it runs here now, and "
            "its record in ../exp-b says paused until this one is merged there"
        )
        [on_disk] = experiments_on_disk(store)
        assert on_disk["status"] == "running" and on_disk["place"]["project"] == str(repo)


async def test_p_is_refused_on_one_another_worktree_resumed(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paused in ../exp-b, merged here, then resumed in ../exp-b: p here resumed it a
    second time, two worktrees running one experiment. The log says where it runs, and p
    is refused, this copy left paused."""
    from credo.actions.experiments import resume_experiment

    there = tmp_path / "exp-b"
    exp_id = experiment_paused_in_worktree(repo, there, "warmup helps")
    resume_experiment(Store.open(there), exp_id)
    monkeypatch.chdir(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, listing = await log_on(app, pilot, exp_id)
        await settle(pilot)
        assert str(listing.get_option(exp_id).prompt) == "▶ warmup helps running in ../exp-b"
        details = screen_text(app).rsplit("warmup helps  ", 1)[1].split("\n")[1]  # not the list
        assert details.split("│")[-1].strip() == "running in ../exp-b"  # not this copy's paused
        await pilot.press("p")
        await settle(pilot)
        assert said(app)[-1].startswith(
            f"experiment {store.short_id(Experiment, exp_id)} is running in ../exp-b"
        )
        [on_disk] = experiments_on_disk(store)
        assert on_disk["status"] == "paused"


async def polled(pilot: Any, poll: Callable[[], object], times: int = 3) -> None:
    """Call a view's poll `times` times, each with its worker's answer handled (the app
    made with a long `refresh_seconds`: no poll of its own comes meanwhile)."""
    for _ in range(times):
        poll()
        await settle(pilot)


async def test_the_log_sees_a_resume_in_another_worktree_at_its_next_poll(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log open here, the experiment paused here resumed in ../exp-b (credo exp
    resume there): the log went on showing it paused here, with its clock, until a
    change of its own, while p on it was refused "running in ../exp-b"."""
    there = tmp_path / "exp-b"
    exp_id = experiment_paused_in_worktree(repo, there, "warmup helps")
    monkeypatch.chdir(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, listing = await log_on(app, pilot, exp_id)
        assert str(listing.get_option(exp_id).prompt).startswith("⏸ warmup helps 2")  # 25:00
        resumed = subprocess.run(
            [CREDO, "exp", "resume", exp_id], cwd=there, capture_output=True, text=True
        )
        assert resumed.returncode == 0, resumed.stderr
        await polled(pilot, screen.poll)
        assert str(listing.get_option(exp_id).prompt) == "▶ warmup helps running in ../exp-b"
        details = screen_text(app).rsplit("warmup helps  ", 1)[1].split("\n")[1]  # not the list
        assert details.split("│")[-1].strip() == "running in ../exp-b"
        pause_experiment(Store.open(there), exp_id)  # and back: this copy's clock again
        await polled(pilot, screen.poll)
        assert str(listing.get_option(exp_id).prompt).startswith("⏸ warmup helps 2")


async def test_the_header_sees_a_resume_in_another_worktree_at_its_next_tick(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board's countdown said this copy's "⏸ 25:00" for up to ten seconds after the
    experiment was resumed in ../exp-b (it looked again only every tenth tick)."""
    from credo.actions.experiments import resume_experiment

    there = tmp_path / "exp-b"
    exp_id = experiment_paused_in_worktree(repo, there, "warmup helps")
    monkeypatch.chdir(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        countdown = app.screen.query_one(Countdown)
        assert str(countdown.render()).startswith("⏸ 2")  # this copy's 25:00
        assert str(countdown.render()).endswith(" warmup helps")
        resume_experiment(Store.open(there), exp_id)
        await polled(pilot, app.poll)
        assert str(countdown.render()) == "running in ../exp-b: warmup helps"


@pytest.mark.parametrize("other", ["clone", "worktree"])
async def test_a_deleted_clone_where_one_runs_drops_from_the_log_and_header_at_the_next_poll(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: str
) -> None:
    """The clone ../exp-b where the experiment runs (its record merged here) deleted: the
    log and the header went on saying "running in ../exp-b" until a change of their
    own, while this copy was the one that counted. (A linked worktree removed changes
    git's list of them, which the polls read: that one they saw already.)"""
    there = tmp_path / "exp-b"
    exp_id = experiment_merged_from_worktree(repo, there, "warmup helps", clone=other == "clone")
    monkeypatch.chdir(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, listing = await log_on(app, pilot, exp_id)
        countdown = screen.query_one(Countdown)
        assert str(listing.get_option(exp_id).prompt) == "▶ warmup helps running in ../exp-b"
        assert str(countdown.render()) == "running in ../exp-b: warmup helps"
        if other == "clone":
            shutil.rmtree(there)
        else:
            git(repo, "worktree", "remove", "--force", str(there))
        await polled(pilot, screen.poll, times=1)
        await polled(pilot, app.poll, times=1)
        assert str(listing.get_option(exp_id).prompt).startswith("▶ warmup helps 2")  # 24:5x
        assert str(countdown.render()).startswith("⏱ 2")
        assert str(countdown.render()).endswith(" warmup helps")


async def test_b_moving_the_mark_off_one_running_in_another_worktree_says_it_stays_there(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """b on B in the log, the mark on A running in ../exp-b: "Baseline: the one to beat",
    while the record there kept the mark until a merge. The notice says so (and, B
    running with no outcome yet, what later runs are compared with)."""
    from credo.actions.experiments import start_experiment
    from runsets import run

    a_id = baseline_running_in_worktree(repo, tmp_path / "exp-b", "warmup helps")
    b, _ = start_experiment(store, "bigger batch")
    run(store, 1, b, {"batch": 256}, [0.9, 0.5], [0.6, 0.8])
    [ran] = [store.short_id(Run, r.id) for r in store.runs() if r.experiment == b.id]
    monkeypatch.chdir(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_on(app, pilot, b.id)
        await pilot.press("b")
        await settle(pilot)
        assert said(app)[-1] == (
            f"Baseline: the one to beat; experiment {store.short_id(Experiment, a_id)} runs in "
            "../exp-b: the mark "
            "leaves it here, and its record in ../exp-b keeps it until this one is merged there;"
            f" experiment {store.short_id(Experiment, b.id)} has no outcome yet: later runs are"
            f" compared with its latest run that succeeded with metrics (run {ran} now), a newer"
            " one once it records one"
        )
        assert [e.id for e in store.experiments() if e.baseline] == [b.id]
        await pilot.press("u")  # one change to undo, as before
        await settle(pilot)
        assert [e.id for e in store.experiments() if e.baseline] == [a_id]


async def test_b_reads_the_baselines_runs_off_the_interface_thread(
    log_app: CredoApp, log_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """b on an experiment with no outcome yet read every run on the interface thread to
    say what later runs are compared with (`unsettled_baseline`): on a slow disk the log
    froze before it said it. A worker reads them; the notice is the same."""
    import threading

    from credo.actions import experiments as exp_actions

    threads: list[threading.Thread] = []
    unsettled = exp_actions.unsettled_baseline

    def spy(store: Store, exp: Experiment) -> str:
        threads.append(threading.current_thread())
        return unsettled(store, exp)

    monkeypatch.setattr(exp_actions, "unsettled_baseline", spy)
    async with log_app.run_test(size=(120, 40)) as pilot:
        await log_on(log_app, pilot, "e003aaaabbbbcccc")  # running, no outcome yet
        await pilot.press("b")
        await settle(pilot)
        assert said(log_app)[-1] == (
            "Baseline: the one to beat; experiment e003 has no outcome yet: later runs are"
            " compared with its latest run that succeeded with metrics (run "
            f"{log_store.short_id(Run, 'r002aaaabbbbcccc')} now), a newer one once it records one"
        )
    assert [e.id for e in log_store.experiments() if e.baseline] == ["e003aaaabbbbcccc"]
    assert threads and threading.main_thread() not in threads


async def test_the_report_sees_a_resume_in_another_worktree_at_its_next_poll(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R's report, built once when opened, said the experiment was paused after it was
    resumed in ../exp-b, until it was opened again."""
    from credo.actions.experiments import resume_experiment

    there = tmp_path / "exp-b"
    # started minutes ago: the report is of up to its second, and this one may be that one
    started = datetime.now(UTC) - timedelta(minutes=5)
    exp_id = experiment_paused_in_worktree(repo, there, "warmup helps", at=started)
    monkeypatch.chdir(repo)
    app = CredoApp(store, refresh_seconds=3600)  # today: the day it was started
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await opened(pilot, "R", ReportScreen)
        line = f"- warmup helps `{store.short_ids(Experiment)[exp_id]}` — timebox 25m, "
        assert line + "paused\n" in screen.markdown
        resume_experiment(Store.open(there), exp_id)
        await polled(pilot, screen.poll)
        assert line + "running in ../exp-b\n" in screen.markdown


@pytest.mark.parametrize("key", ["E", "C", "D", "R"])
async def test_the_countdown_is_in_every_view(log_store: Store, key: str) -> None:
    """The report (R) had no header: a running experiment's countdown was out of sight."""
    app = CredoApp(log_store, today=TODAY, refresh_seconds=0.2)
    app.clock = lambda: NOW
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        await pilot.press(key)
        await pilot.pause()
        await workers_done(app)
        assert not isinstance(app.screen, BoardScreen)
        assert "20:00" in str(app.screen.query_one(Countdown).render())


async def test_a_countdown_out_of_sight_neither_polls_nor_redraws(log_store: Store) -> None:
    app = CredoApp(log_store, today=TODAY, refresh_seconds=3600)
    moment = [NOW]
    app.clock = lambda: moment[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        await pilot.pause()
        board = app.screen.query_one(Countdown)
        assert "20:00" in str(board.render())
        assert board.feed is not None
        due = board.feed.due
        asked: list[bool] = []
        board.feed.due = lambda: asked.append(True) or due()  # type: ignore[method-assign]
        log = (await open_log(app, pilot)).query_one(Countdown)
        asked.clear()
        moment[0] = NOW + timedelta(minutes=1)
        await until(pilot, lambda: "19:00" in str(log.render()), "the log's countdown ticks")
        await pilot.pause(1.2)  # a tick or more of the board's countdown
        assert asked == [] and "20:00" in str(board.render())

        await pilot.press("escape")
        assert app.screen is board.screen
        await until(pilot, lambda: "19:00" in str(board.render()), "the board's, once in sight")
        # drawn at once from the clock; its look comes in the app's poll worker
        await until(pilot, lambda: asked, "the board's countdown looking again")


async def test_a_view_shown_again_shows_the_clock_of_now_at_once(log_store: Store) -> None:
    """Back on the board from the log, its countdown showed the minute it was left at
    until its next tick (in a demo: 11:58 beside the log's 11:42, for a second)."""
    app = CredoApp(log_store, today=TODAY, refresh_seconds=3600)
    moment = [NOW]
    app.clock = lambda: moment[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        await pilot.pause()
        board = app.screen.query_one(Countdown)
        assert "20:00" in str(board.render())
        await open_log(app, pilot)
        moment[0] = NOW + timedelta(minutes=5)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board.screen
        assert "15:00" in str(board.render())


async def test_a_view_opened_while_the_first_look_is_under_way_shows_its_answer_at_once(
    log_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E pressed while the board's countdown's first look was under way: the log's own
    look was skipped (one at a time), and its header's clock stayed empty until the next
    poll, though the board's look found the running experiment meanwhile."""
    held = Held(Countdown.look)
    monkeypatch.setattr(Countdown, "look", lambda countdown: held(countdown))
    held.hold()
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=3600))
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await until(pilot, lambda: held.started == 1, "the board's first look, held")
            await pilot.press("E")
            await until(pilot, lambda: isinstance(app.screen, ExperimentsScreen), "the log")
            log = app.screen.query_one(Countdown)
            assert str(log.render()) == ""  # nothing known yet
        finally:
            held.release()
        await settle(pilot)
        assert "20:00" in str(log.render())  # no poll meanwhile (every hour)


async def test_close_with_an_outcome_from_the_log(log_app: CredoApp, log_store: Store) -> None:
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        assert screen.selected_id == "e003aaaabbbbcccc"  # newest first
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")  # no outcome, no close
        await pilot.pause()
        assert log_store.read(Experiment, "e003aaaabbbbcccc").status.value == "running"
        await pilot.press("c", "i")
        await pilot.pause()
        await pilot.press(*"too few epochs to tell", "enter")
        await pilot.pause()
        closed = log_store.read(Experiment, "e003aaaabbbbcccc")
        assert closed.status.value == "done" and closed.outcome is not None
        assert (
            closed.outcome.value == "inconclusive" and closed.learning == "too few epochs to tell"
        )
        assert "inconclusive" in str(screen.query_one("#exp-details").render())


async def test_a_close_in_the_log_is_undone_and_redone_there(
    log_app: CredoApp, log_store: Store
) -> None:
    """`u` did nothing in the log, though its changes go on the undo history: a close
    made by mistake could be taken back only from the board."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press("c", "i")
        await pilot.pause()
        await pilot.press(*"too few epochs to tell", "enter")
        await pilot.pause()
        assert log_store.read(Experiment, "e003aaaabbbbcccc").status.value == "done"
        await pilot.press("j", "u")  # another one selected: the undone one is selected again
        await settle(pilot)  # an undo is written in a worker
        assert log_store.read(Experiment, "e003aaaabbbbcccc").status.value == "running"
        assert screen.selected_id == "e003aaaabbbbcccc"
        assert "running" in str(screen.query_one("#exp-details").render())
        assert said(log_app)[-1].startswith("Undid: ")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert log_store.read(Experiment, "e003aaaabbbbcccc").status.value == "done"
        assert said(log_app)[-1].startswith("Redid: ")


async def test_closing_without_a_learning_keeps_the_form_open(
    log_app: CredoApp, log_store: Store
) -> None:
    """Enter on an empty learning closed the experiment with none; now the form says a
    learning is needed and stays, with what was typed in it."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        await open_log(log_app, pilot)
        await pilot.press("c", "r", "tab", *"more epochs", "enter")
        await pilot.pause()
        error = log_app.screen.query_one("#exp-close-error", Static)
        assert "closing needs a learning" in str(error.render())
        assert log_app.screen.query_one("#exp-next", Input).value == "more epochs"
        assert log_store.read(Experiment, "e003aaaabbbbcccc").status.value == "running"
        await pilot.press(*"lr too low", "enter")  # the learning has the focus again
        await pilot.pause()
        closed = log_store.read(Experiment, "e003aaaabbbbcccc")
        assert (closed.status.value, closed.learning, closed.next_step) == (
            "done",
            "lr too low",
            "more epochs",
        )


async def test_next_step_becomes_a_task_in_one_key(log_app: CredoApp, log_store: Store) -> None:
    async with log_app.run_test(size=(120, 40)) as pilot:
        await open_log(log_app, pilot)
        await pilot.press("down", "n")
        await pilot.pause()
        [task] = log_store.tasks()
        assert task.title == "Look at 50 misclassified samples"
        assert task.experiments == ["e002aaaabbbbcccc"]


async def test_filter_search_baseline_and_pause(log_app: CredoApp, log_store: Store) -> None:
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press("slash", *"outcome:refuted", "enter")
        assert [e.id for e in screen.shown] == ["e002aaaabbbbcccc"]
        await pilot.press("slash", *"#model", "enter")  # the old filter is selected: replaced
        assert [e.id for e in screen.shown] == ["e003aaaabbbbcccc"]
        await pilot.press("f", *"epoch 33", "enter")
        await pilot.pause()
        area = screen.query_one("#exp-output", TextArea)
        assert area.selected_text == "epoch 33"
        await pilot.press("escape", "b")
        await pilot.pause()
        assert [e.id for e in log_store.experiments() if e.baseline] == ["e003aaaabbbbcccc"]
        await pilot.press("p")
        await pilot.pause()
        assert log_store.read(Experiment, "e003aaaabbbbcccc").status.value == "paused"


async def test_the_log_view_shows_colours_and_the_runs_facts(log_app: CredoApp) -> None:
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        facts = str(screen.query_one("#run-facts").render())
        assert "params: lr=0.0003 batch=64" in facts
        assert "machine: gpu-07 · 16 CPUs · 1× NVIDIA A100 (driver 550.54, CUDA 12.4)" in facts
        await pilot.press("2")  # the Output tab: its text is loaded once shown
        area = screen.query_one("#exp-output", AnsiLog)
        await until(pilot, lambda: area.document.line_count > 41, "the run's output")
        assert area.document.get_line(41) == "done: best model"  # searchable as read
        line = area.get_line(41)
        assert line.plain == "done: best model"
        [span] = line.spans
        assert (span.start, span.end) == (0, 5) and span.style == Style.parse("bold color(2)")


async def test_an_experiment_with_no_run_says_how_one_comes(log_store: Store) -> None:
    """With no run, the details showed the runs' header over nothing (status run git
    exit took command), and nothing said how a run comes."""
    make_exp(log_store, 4, "Warmup steadies the loss", status="planned")
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=60))
    async with app.run_test(size=(120, 40)) as pilot:
        for exp_id, words in [
            ("e004aaaabbbbcccc", "runs: none yet (p starts its clock, then credo run -- CMD"),
            ("e002aaaabbbbcccc", "runs: none"),
            ("e003aaaabbbbcccc", None),  # it has a run: the table of runs shows it
        ]:
            screen, _ = await log_on(app, pilot, exp_id)
            await pilot.pause()
            table = screen.query_one("#exp-runs", DataTable)
            shown = screen_text(app)
            if words is None:
                assert table.display and "command" in shown and "runs: none" not in shown
            else:
                assert words in shown and not table.display and "command" not in shown
            await pilot.press("escape")
            await pilot.pause()


async def test_a_click_on_a_tab_leaves_the_keys_with_the_list(log_app: CredoApp) -> None:
    """A click on `Metrics 4` took the keys to the tab bar: j, k and the arrows no longer
    moved the list, and + then added time to the experiment still selected, not to the
    one the user thought they had moved to."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen, listing = await log_on(log_app, pilot, "e003aaaabbbbcccc")
        await pilot.click("#--content-tab-tab-metrics")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "tab-metrics"
        assert log_app.focused is listing
        await pilot.press("j")
        await settle(pilot)
        assert screen.selected_id == "e002aaaabbbbcccc"


async def test_a_dead_run_is_marked_lost_by_the_views_poll(
    log_app: CredoApp, log_store: Store
) -> None:
    import subprocess
    import sys

    from credo.runs.liveness import this_runner

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    runner = this_runner(log_store.project_root, None).model_copy(
        update={"pid": dead.pid, "start_ticks": None}
    )
    far = runner.model_copy(update={"host": "gpu-node-09"})
    current = log_store.read(Experiment, "e003aaaabbbbcccc")
    make_run(log_store, 3, current, {}, status="running", ended=None, exit_code=None, runner=runner)
    make_run(log_store, 4, current, {}, status="running", ended=None, exit_code=None, runner=far)
    for name in ("output.log", "metrics.jsonl"):  # its files are on the other host
        (log_store.credo_dir / "runs" / "r004aaaabbbbcccc" / name).unlink()
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        assert log_store.read(Run, "r003aaaabbbbcccc").status.value == "lost"
        table = screen.query_one("#exp-runs", DataTable)
        statuses = [str(table.get_row(key)[0]) for key in ("r003aaaabbbbcccc", "r004aaaabbbbcccc")]
        assert statuses[0] == "lost"
        assert statuses[1] == "lost?"  # the word; the run's facts (the newest's) say the rest
        facts = str(screen.query_one("#run-facts").render())
        assert "status: lost? (no sign from gpu-node-09" in facts  # started days ago
        # its end is its last sign of life (a file written, a heartbeat): it ran that long
        # at least, not "took 0.0s" for a run killed between two heartbeats
        assert str(table.get_row("r003aaaabbbbcccc")[4]).startswith("≥")


async def test_a_double_click_or_enter_on_a_run_in_the_log_opens_it(
    log_app: CredoApp, log_store: Store
) -> None:
    """A double click on a run of the experiment's table (or enter on it) did nothing,
    where the runs view opens the run: it opens the run's view, the run under the
    pointer, and esc comes back to the log."""
    from credo.ui.screens.run_view import RunScreen

    current = log_store.read(Experiment, "e003aaaabbbbcccc")
    make_run(log_store, 3, current, {}, started=NOW - timedelta(minutes=2))
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        table = screen.query_one("#exp-runs", DataTable)
        row = table.get_row_index("r002aaaabbbbcccc")
        assert row != table.cursor_row  # not the run highlighted first
        await pilot.double_click(table, offset=(2, 1 + row))  # under the titles
        await settle(pilot)
        opened = log_app.screen
        assert isinstance(opened, RunScreen) and opened.run_id == "r002aaaabbbbcccc"
        await pilot.press("escape")
        await settle(pilot)
        assert log_app.screen is screen
        table.focus()
        table.move_cursor(row=table.get_row_index("r003aaaabbbbcccc"))
        await pilot.press("enter")
        await settle(pilot)
        opened = log_app.screen
        assert isinstance(opened, RunScreen) and opened.run_id == "r003aaaabbbbcccc"


async def test_a_runs_status_is_shown_in_words(log_app: CredoApp, log_store: Store) -> None:
    """The log's runs table showed `timed_out`, the stored token."""
    current = log_store.read(Experiment, "e003aaaabbbbcccc")
    make_run(log_store, 3, current, {}, status="timed_out", exit_code=None, signal=15)
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        table = screen.query_one("#exp-runs", DataTable)
        assert str(table.get_row("r003aaaabbbbcccc")[0]) == "timed out"


async def test_metrics_compare_with_the_baseline(log_app: CredoApp) -> None:
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press("4")
        await pilot.pause()
        text = str(screen.query_one("#metric-compare").render())
        assert "loss" in text and "this run 0.33" in text and "baseline 0.52" in text
        assert "difference -0.19" in text
        await pilot.press("m")
        assert "acc" in str(screen.query_one("#metric-compare").render())


async def test_metrics_compare_with_the_baseline_result_there_was_when_the_run_started(
    log_app: CredoApp, log_store: Store
) -> None:
    """The Metrics tab compared a run with the baseline's last run of any kind: one that
    crashed, or one made after the run started, where the report and the gate take the
    baseline's latest success that had ended by then (`baseline_run`)."""
    base = log_store.read(Experiment, "e001aaaabbbbcccc")
    crashed = {"status": "failed", "exit_code": 1}
    make_run(
        log_store, 5, base, {"loss": [0.9, 0.1]}, started=NOW - 2 * DAY, ended=NOW - DAY, **crashed
    )
    later = {"started": NOW - timedelta(minutes=5), "ended": NOW - timedelta(minutes=1)}
    make_run(log_store, 6, base, {"loss": [0.9, 0.2]}, **later)  # r002 started at -9 min
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await show_metrics_of(log_app, pilot)  # the running one, its run r002
        assert screen.files is not None and screen.files.run_id == "r002aaaabbbbcccc"
        text = str(screen.query_one("#metric-compare").render())
        assert "this run 0.33" in text and "baseline 0.52" in text  # r001's, 3 days ago
        assert "difference -0.19" in text


async def test_a_link_where_the_baselines_run_folder_should_be_leaves_its_curve_out(
    log_store: Store, tmp_path: Path
) -> None:
    """The Metrics tab of a run read the baseline's run's folder unchecked: a symbolic
    link there (in git, `.git/credo/runs/ID`) raised in the worker and the app stopped.
    The baseline's curve is left out, as the run's own files are for a link there."""
    root = log_store.project_root
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    store = Store.open(root)
    kept = root / ".git" / "credo" / "runs"
    kept.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (kept / "r001aaaabbbbcccc").symlink_to(tmp_path / "elsewhere")
    app = frozen(CredoApp(store, today=TODAY, refresh_seconds=0.2))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_metrics_of(app, pilot)  # the running one, its run r002
        assert screen.files is not None and screen.files.run_id == "r002aaaabbbbcccc"
        text = str(screen.query_one("#metric-compare").render())
        assert "this run 0.33" in text and "baseline" not in text, text
    assert app.return_code in (None, 0)


async def test_the_logs_charts_are_made_when_first_shown_and_m_works_before(
    log_app: CredoApp,
) -> None:
    """The Metrics tab's two charts (plotext's import, the charts' making) held the log's
    opening 50 to 100 ms, for a tab not in sight: they are made when it is first shown,
    by m too, which shows the next metric in them."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await settle(pilot)
        assert not screen.query("#plot-this")  # not made while hidden
        await pilot.press("m")  # the tab never shown: the next metric, acc
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "tab-metrics"
        assert "acc (2/2, m: next)" in str(screen.query_one("#metric-compare").render())
        await until(pilot, lambda: "acc · this run" in screen_text(log_app), "this run's chart")
        await until(pilot, lambda: "acc · baseline" in screen_text(log_app), "the baseline's")


async def test_the_logs_charts_are_drawn_only_in_sight(log_app: CredoApp) -> None:
    """Once made, the Metrics tab's charts were drawn anew for each run selected while
    the Output or Diff tab was shown: they are drawn once, with the run then selected,
    as the tab shows again (by its key or by m)."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await show_metrics_of(log_app, pilot)  # the running one, its run r002
        await until(pilot, lambda: "0.33┤" in screen_text(log_app), "r002's chart")
        drawn: list[str] = []
        for plot in screen.query("#plots > *"):
            draw = plot.draw
            plot.draw = lambda recipe, plot=plot, draw=draw: (drawn.append(plot.id), draw(recipe))
        await pilot.press("2", "j", "j")  # the baseline, its run r001, out of sight
        await until(
            pilot, lambda: screen.files is not None and screen.files.run_id == "r001aaaabbbbcccc"
        )
        await settle(pilot)
        assert drawn == []
        await pilot.press("4")
        await until(pilot, lambda: "0.520┤" in screen_text(log_app), "r001's chart")
        await settle(pilot)
        assert sorted(drawn) == ["plot-base", "plot-this"]  # once each (r001 is the baseline's)
        assert "0.33┤" not in screen_text(log_app)  # r002's scale, and its baseline chart
        await pilot.press("2", "k", "k")  # r002 again, out of sight
        await until(
            pilot, lambda: screen.files is not None and screen.files.run_id == "r002aaaabbbbcccc"
        )
        await settle(pilot)
        drawn.clear()
        await pilot.press("m")  # shows the tab with the next metric: drawn once, not twice
        await until(pilot, lambda: "acc · this run" in screen_text(log_app), "r002's acc")
        await settle(pilot)
        assert sorted(drawn) == ["plot-base", "plot-this"]


async def test_the_logs_diff_is_drawn_only_in_sight(log_app: CredoApp, log_store: Store) -> None:
    """The Diff tab made a `Syntax` (pygments' import with the first) for every run
    selected while it was out of sight: the diff is drawn when the tab is shown, drawn
    again as the run selected changes while it is, and on showing it again after."""
    for n in (1, 2):
        patch = log_store.credo_dir / "runs" / f"r00{n}aaaabbbbcccc" / "start.patch"
        patch.write_text(patch.read_text().replace("+lr = 3e-4", f"+lr = run{n}"))
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        diff = screen.query_one("#exp-diff", Static)
        await pilot.press("j", "j")  # the baseline, its run r001
        await settle(pilot)
        assert screen.files is not None and screen.files.run_id == "r001aaaabbbbcccc"
        assert not isinstance(diff.content, Syntax)  # no run's diff drawn out of sight
        await pilot.press("3")
        await settle(pilot)
        assert "+lr = run1" in screen_text(log_app)
        await pilot.press("k", "k")  # the running one, its run r002: shown as it is read
        await until(pilot, lambda: "+lr = run2" in screen_text(log_app), "r002's diff")
        await pilot.press("1", "j", "j")  # r001 again, the tab out of sight
        await settle(pilot)
        assert "+lr = run1" not in str(getattr(diff.content, "code", diff.content))
        await pilot.press("3")
        await until(pilot, lambda: "+lr = run1" in screen_text(log_app), "r001's diff again")


async def test_a_teammates_run_says_its_diff_is_in_the_clone_that_ran_it(
    log_app: CredoApp, log_store: Store
) -> None:
    """A run shared through git has its record, not its patches: the log said its diff
    was 'saved whole (120 bytes) in start.patch' and the Diff tab 'No diff saved: saved
    whole …', of a file this clone has not."""
    (log_store.credo_dir / "runs" / "r002aaaabbbbcccc" / "start.patch").unlink()
    async with log_app.run_test(size=(160, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await until(
            pilot, lambda: screen.files is not None and screen.files.run_id == "r002aaaabbbbcccc"
        )
        screen.query_one("#details-scroll").scroll_end(animate=False)
        await settle(pilot)
        facts = " ".join(screen_text(log_app).split())
        assert "diff: saved whole (120 bytes) in the clone that ran it, not in this one" in facts
        await pilot.press("3")
        await settle(pilot)
        tab = " ".join(screen_text(log_app).split())
        assert "No diff here: saved whole (120 bytes) in the clone that ran it" in tab
        assert "start.patch" not in facts + tab


async def test_a_loss_that_diverged_is_said_where_with_no_difference(
    log_app: CredoApp, log_store: Store
) -> None:
    """The Metrics tab gave a run whose loss became NaN its last finite loss (0.33) and a
    difference from the baseline's, as if it were a result."""
    metrics = log_store.credo_dir / "runs" / "r002aaaabbbbcccc" / "metrics.jsonl"
    with metrics.open("a") as out:
        out.write('{"step": 6, "loss": NaN}\n')
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await show_metrics_of(log_app, pilot)
        text = str(screen.query_one("#metric-compare").render())
        assert "this run nan@6" in text and "baseline 0.52" in text, text
        assert "0.33" not in text and "difference" not in text


async def show_metrics_of(app: CredoApp, pilot: Any, *keys: str) -> ExperimentsScreen:
    screen = await open_log(app, pilot)
    await pilot.press("4", *keys)
    await workers_done(app)
    await settle(pilot)
    return screen


async def test_a_run_without_metrics_draws_no_empty_charts(
    log_app: CredoApp, log_store: Store
) -> None:
    """Under "No metrics" (no curves, no baseline set yet), two empty chart frames."""
    log_store.update(
        Experiment, "e001aaaabbbbcccc", lambda e: e.model_copy(update={"baseline": False})
    )
    make_run(log_store, 3, log_store.read(Experiment, "e002aaaabbbbcccc"), {})
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await show_metrics_of(log_app, pilot)  # the running one, with curves
        assert screen.query_one("#plots").display
        await pilot.press("j")  # the refuted one: a run with no metrics
        await workers_done(log_app)
        await until(pilot, lambda: screen.run_id == "r003aaaabbbbcccc")
        await settle(pilot)
        assert "No metrics" in str(screen.query_one("#metric-compare").render())
        assert not screen.query_one("#plots").display
        await pilot.press("k")
        await workers_done(log_app)
        await until(pilot, lambda: screen.run_id == "r002aaaabbbbcccc")
        await until(pilot, lambda: screen.query_one("#plots").display)


async def test_the_baselines_own_run_draws_no_empty_baseline_chart(log_app: CredoApp) -> None:
    """The baseline's own run has no baseline to draw: an empty "baseline" chart stood
    beside its curve."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await show_metrics_of(log_app, pilot, "j", "j")
        await until(pilot, lambda: screen.run_id == "r001aaaabbbbcccc")
        await settle(pilot)
        assert "this run 0.52" in str(screen.query_one("#metric-compare").render())
        assert screen.query_one("#plot-this").display
        assert not screen.query_one("#plot-base").display


async def test_a_runs_facts_wrapped_at_80_columns_stay_under_their_value(
    log_app: CredoApp,
) -> None:
    """At 80 columns a run's long facts (`machine: gpu-07 · 16 CPUs · 1× NVIDIA A100 …`)
    went on at the pane's first column, under no label: they go on under the value."""
    from textual.geometry import Offset
    from textual.selection import Selection

    async with log_app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(log_app, pilot)
        screen.query_one("#details-scroll").scroll_end(animate=False)
        await pilot.pause()
        rows = screen_text(log_app).splitlines()
        [machine] = [n for n, row in enumerate(rows) if "machine: gpu-07" in row]
        [diff] = [n for n, row in enumerate(rows) if "diff: saved whole" in row]
        for label, first in [("machine: ", machine), ("diff: ", diff)]:
            value = rows[first].index(label) + len(label)
            more = rows[first + 1]
            assert more[:value].endswith(" " * (value - rows[first].index(label))), more
            assert more[value] != " ", more  # the value goes on right under itself
        facts = screen.query_one("#run-facts")  # a mouse selection copies them as shown
        screen.selections = {facts: Selection(Offset(0, 0), Offset(facts.size.width, 9))}
        copied = screen.get_selected_text() or ""
        assert "machine: gpu-07 · 16 CPUs · 1× NVIDIA A100\n" in copied, copied
        assert "(driver 550.54, CUDA 12.4)" in copied, copied
    # the pane is some 46 cells wide: both facts wrap there
    assert "notes.txt" not in rows[diff]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_runs_facts_name_the_run_they_belong_to(
    log_app: CredoApp, log_store: Store, size: tuple[int, int]
) -> None:
    """The highlighted run's facts were printed right under the runs table's last row
    (the oldest run), so `machine: gpu-09` read as that run's: a line naming the run
    (id, start, command) heads them, a line apart from the table."""
    current = log_store.read(Experiment, "e003aaaabbbbcccc")
    started = NOW - timedelta(minutes=2)  # after the other run: the first row
    newer = make_run(
        log_store,
        3,
        current,
        {},
        command=["python", "eval.py"],
        started=started,
        ended=started + timedelta(seconds=30),
        machine={"host": "gpu-09", "cpus": 8},
    )
    async with log_app.run_test(size=size) as pilot:
        screen = await open_log(log_app, pilot)
        table = screen.query_one("#exp-runs", DataTable)
        for run_id, host in [(newer.id, "gpu-09"), ("r002aaaabbbbcccc", "gpu-07")]:
            table.move_cursor(row=table.get_row_index(run_id))
            await until(pilot, lambda run_id=run_id: screen.run_id == run_id)
            screen.query_one("#details-scroll").scroll_end(animate=False)
            await settle(pilot)
            rows = screen_text(log_app).splitlines()
            named = f"run {log_store.short_id(Run, run_id)} · started"  # as `runs ls` has it
            [head] = [n for n, row in enumerate(rows) if named in row]
            [machine] = [n for n, row in enumerate(rows) if f"machine: {host}" in row]
            assert 0 < machine - head <= 3, rows[head : machine + 1]  # right under it
            assert "python" in rows[head] + rows[head + 1]  # the table may leave out the id
            assert rows[head - 1].strip(" │") == "", rows[head - 1]  # apart from the table
            assert f"machine: {'gpu-07' if host == 'gpu-09' else 'gpu-09'}" not in "".join(rows)


async def test_an_experiments_long_lines_at_80_columns_go_on_under_their_value(
    tmp_path: Path,
) -> None:
    """At 80 columns an experiment's `learning:` and `next step:` went on at the pane's
    first column, under no label, and its hypothesis went on there too, where its end
    read as another line: each goes on under its value, the hypothesis two cells in."""
    store, _ = Store.init(tmp_path)
    make_exp(
        store,
        1,
        "Masking names costs headline accuracy but keeps the model right where names mislead",
        status="done",
        outcome="confirmed",
        learning="Valid accuracy 0.954 instead of 0.964, a point lower: what the names were "
        "worth, and the honest number",
        next_step="Does naive Bayes catch up without the names, on every split we have?",
    )
    app = frozen(CredoApp(store, today=TODAY, refresh_seconds=60))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(app, pilot)
        rows = screen_text(app).splitlines()
    [title] = [n for n, row in enumerate(rows) if "│ Masking names" in row]  # not the list's
    start = rows[title].index("Masking names")
    assert rows[title + 1][start : start + 2] == "  " != rows[title + 1][start + 2 : start + 3]
    for label, value in [("learning: ", "Valid accuracy"), ("next step: ", "Does naive")]:
        [first] = [n for n, row in enumerate(rows) if f"{label}{value}" in row]
        at = rows[first].index(value)
        more = rows[first + 1]
        assert more[start:at].strip() == "" != more[at], more  # right under the value
    assert "the honest number" in "".join(rows)


async def test_metrics_wrapped_at_80_columns_stay_under_their_value(tmp_path: Path) -> None:
    """At 80 columns `  valid_acc: 0.9115  baseline 0.9541  (-0.04262)` went on at the
    pane's first column: it goes on under the value, and the hypothesis above, though it
    holds ": ", wraps as a title does, two cells in."""
    store, _ = Store.init(tmp_path)
    base = make_exp(store, 1, "Logistic regression", status="done", baseline=True)
    make_run(store, 1, base, {"valid_acc": [0.9541]})
    hypothesis = "LR: 3 beats 10 on every split once the warm-up is on"
    exp = make_exp(store, 2, hypothesis, status="running", started=NOW)
    make_run(store, 2, exp, {"valid_acc": [0.8, 0.9115]})
    app = frozen(CredoApp(store, today=TODAY, refresh_seconds=60))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(app, pilot)
        assert screen.selected_id == exp.id
        rows = screen_text(app).splitlines()
    [title] = [n for n, row in enumerate(rows) if "│ LR: 3 beats" in row]  # not the list's
    start = rows[title].index("LR: ")
    assert rows[title + 1][start + 1] == " " != rows[title + 1][start + 2], rows[title + 1]
    [acc] = [n for n, row in enumerate(rows) if "valid_acc: 0.9115" in row]
    assert "(-0.0426)" not in rows[acc], rows[acc]  # the pane is too narrow for it
    assert rows[acc + 1].index("(-0.0426)") == rows[acc].index("0.9115"), rows[acc + 1]


@pytest.mark.parametrize(
    ("tab", "size"),
    [(None, (130, 36)), ("4", (130, 36)), ("3", (130, 36)), ("2", (130, 36)), (None, (80, 24))],
    ids=["details", "plot", "diff", "output", "80x24"],
)
def test_log_view_snapshot(
    snap_compare: Any, log_store: Store, tab: str | None, size: tuple[int, int]
) -> None:
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=60))

    async def run_before(pilot: Any) -> None:
        # the board's first look tells the app what runs; E pressed before it ended has the
        # log's look skipped (one at a time) and its clock empty until the next poll (60 s)
        await settle(pilot)
        await open_log(app, pilot)
        if tab is not None:
            await pilot.press(tab)
            await settle(pilot)  # the metrics tab's charts are built by workers

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_the_log_ticks_the_running_experiments_clock(log_store: Store) -> None:
    """The list and the details count down with the header, not only when a file changes."""
    app = CredoApp(log_store, today=TODAY, refresh_seconds=3600)  # no change from disk
    moment = [NOW]
    app.clock = lambda: moment[0]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)
        options, details = (
            screen.query_one("#exp-list", OptionList),
            screen.query_one("#exp-details", Static),
        )
        running = str(options.get_option_at_index(0).prompt)
        assert "A small transformer" in running and "20:00" in running
        assert "running · 20:00 left of 30m" in str(details.render())
        moment[0] = NOW + timedelta(minutes=21)
        await until(
            pilot, lambda: "+01:00" in str(options.get_option_at_index(0).prompt), "the list ticks"
        )
        assert "running · +01:00 past 30m" in str(details.render())
        assert "confirmed" in str(options.get_option_at_index(2).prompt)  # the others as they were


async def test_the_log_and_the_header_tick_together(log_store: Store) -> None:
    """The list and the header count down on one tick: each second, both read the same,
    never a second apart for part of it."""
    app = CredoApp(log_store, today=TODAY, refresh_seconds=3600)
    moment = [NOW]
    app.clock = lambda: moment[0]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)
        header = screen.query_one(Countdown)
        options = screen.query_one("#exp-list", OptionList)
        for second in range(1, 6):
            moment[0] = NOW + timedelta(seconds=second)
            header.tick()
            await pilot.pause()
            shown = f"19:{60 - second:02d}"
            assert shown in str(header.render())
            assert shown in str(options.get_option_at_index(0).prompt)


async def test_a_view_opened_again_says_nothing_of_a_timebox_closed_while_it_was_hidden(
    log_store: Store,
) -> None:
    """The log opened while an experiment ran, then left for the board; the experiment
    closed in another terminal (`credo exp stop`), and later the log opened again: each
    view's header has its countdown, and the log's, polled only in sight, still held the
    experiment as running. Back in sight it drew it from that, found its timebox spent
    and rang the bell with "Timebox over" for an experiment closed well within it. Every
    view's countdown shows what the newest look found, whichever view looked."""
    app, moment, bells = clocked(log_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        log = await open_log(app, pilot)
        assert "20:00" in str(log.query_one(Countdown).render())
        await pilot.press("escape")
        await pilot.pause()
        board = app.screen.query_one(Countdown)
        elsewhere = Store.open(log_store.project_root)
        stop_experiment(elsewhere, "e003", "confirmed", learning="it does")
        await until(pilot, lambda: board.experiment is None, "the board's look")
        moment[0] = NOW + timedelta(minutes=23)  # the timebox it had would be spent
        log = await open_log(app, pilot)
        assert str(log.query_one(Countdown).render()) == ""
        await pilot.pause()
        assert bells == [] and not [m for m in said(app) if "timebox" in m]


async def test_countdown_redraws_only_when_its_text_changes(log_store: Store) -> None:
    """A same-second tick touches nothing (each update lays out the whole screen)."""
    app = CredoApp(log_store, today=TODAY, refresh_seconds=3600)
    moment = [NOW]
    app.clock = lambda: moment[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_done(app)
        await pilot.pause()
        countdown = app.screen.query_one(Countdown)
        drawn: list[str] = []
        update = countdown.update
        countdown.update = lambda text="", **kw: (drawn.append(str(text)), update(text, **kw))  # type: ignore[method-assign,func-returns-value]
        countdown.show()
        countdown.show()
        assert drawn == []  # same second, same text
        moment[0] = NOW + timedelta(seconds=1)
        countdown.show()
        assert len(drawn) == 1 and "19:59" in drawn[0]
        countdown.experiment = None
        countdown.show()
        countdown.show()
        assert drawn[1:] == [""] and countdown.has_class("-idle")


async def test_a_look_begun_before_a_pause_does_not_show_it_running_again(
    log_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=3600))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)
        assert screen.selected_id == "e003aaaabbbbcccc"
        elsewhere = Store.open(log_store.project_root)
        elsewhere.update(
            Experiment, "e001aaaabbbbcccc", lambda e: e.model_copy(update={"learning": "x"})
        )
        # A look sees the edit made elsewhere, and the running one is paused while it reads.
        async with look_in_flight(pilot, monkeypatch, screen.load_in_background):
            await pilot.press("p")
        assert screen.experiments["e003aaaabbbbcccc"].status.value == "paused"
        screen.load_in_background()  # the next look shows both
        await workers_done(app)
        await pilot.pause()
        assert screen.experiments["e003aaaabbbbcccc"].status.value == "paused"
        assert screen.experiments["e001aaaabbbbcccc"].learning == "x"


async def test_the_boards_poll_marks_a_dead_run_lost(log_store: Store) -> None:
    """The board shows no runs, yet its poll writes a dead one as lost (every few seconds)."""
    import subprocess
    import sys

    from credo.runs.liveness import this_runner

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    runner = this_runner(log_store.project_root, None).model_copy(
        update={"pid": dead.pid, "start_ticks": None}
    )
    current = log_store.read(Experiment, "e003aaaabbbbcccc")
    make_run(log_store, 5, current, {}, status="running", ended=None, exit_code=None, runner=runner)
    app = CredoApp(log_store, today=TODAY, refresh_seconds=0.05)  # the runs' look: 0.25 s
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: log_store.read(Run, "r005aaaabbbbcccc").status == RunStatus.LOST)
        assert app.screen.__class__.__name__ == "BoardScreen"


def header_line(app: CredoApp) -> str:
    return screen_text(app).splitlines()[0].rstrip()


def header_runs(app: CredoApp) -> Static:
    return app.screen.query_one("#header-runs", Static)


async def test_the_header_counts_the_runs_under_way(log_store: Store) -> None:
    """Queued, running and finished runs, on the board and in the log, from the workers'
    looks; nothing said while none waits."""
    from credo.runs.liveness import this_runner

    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.05))
    async with app.run_test(size=(120, 40)) as pilot:
        # A look that finds none waiting makes the runs view's table ready.
        await until(pilot, lambda: app.runs_ready is not None, "a look at the runs")
        await workers_done(app)
        await pilot.pause()
        assert not header_runs(app).display  # nothing waits: nothing said

        current = log_store.read(Experiment, "e003aaaabbbbcccc")
        alive = this_runner(log_store.project_root, None)  # this process: neither run is lost
        queued = {"status": "queued", "ended": None, "exit_code": None, "runner": alive}
        make_run(log_store, 3, current, {}, queued=NOW, started=NOW, machine=None, **queued)
        make_run(log_store, 4, current, {}, status="running", ended=None, runner=alive)
        # A look between the two writes counts the queued one alone: wait for the one after.
        text = "runs: 1 queued · 1 running · 1 finished"
        await until(pilot, lambda: str(header_runs(app).render()) == text, "both counted")
        assert header_runs(app).display

        screen = await open_log(app, pilot)
        assert str(header_runs(app).render()) == text
        details = str(screen.query_one("#exp-details", Static).render())
        assert "runs: 1 queued · 1 running · 1 finished" in details
        log_store.update(
            Run, "r003aaaabbbbcccc", lambda r: r.model_copy(update={"status": RunStatus.CANCELLED})
        )
        log_store.update(
            Run, "r004aaaabbbbcccc", lambda r: r.model_copy(update={"status": RunStatus.SUCCEEDED})
        )
        await until(pilot, lambda: not header_runs(app).display, "nothing said once none waits")


@pytest.mark.parametrize("view", ["E", "C"])
async def test_j_and_k_move_every_list_as_the_arrows_do(log_app: CredoApp, view: str) -> None:
    from textual.widgets import DataTable, OptionList

    def position(widget: Any) -> int:
        return widget.cursor_row if isinstance(widget, DataTable) else widget.highlighted

    async with log_app.run_test(size=(120, 40)) as pilot:
        await pilot.press(view)
        await workers_done(log_app)
        await pilot.pause()
        lists = list(log_app.screen.query(OptionList)) + list(log_app.screen.query(DataTable))
        assert lists
        moved = 0
        for widget in lists:
            bound = widget._bindings.key_to_bindings  # every list, even one too short to move
            actions = {key: [b.action for b in bindings] for key, bindings in bound.items()}
            assert actions["j"] == actions["down"] and actions["k"] == actions["up"], widget
            rows = widget.row_count if isinstance(widget, DataTable) else widget.option_count
            if rows < 2:
                continue
            widget.focus()
            await pilot.pause()
            start = position(widget)
            await pilot.press("j")
            assert position(widget) == start + 1, widget
            await pilot.press("k")
            assert position(widget) == start, widget
            moved += 1
        assert moved


async def test_more_time_on_purpose_from_the_log(log_app: CredoApp, log_store: Store) -> None:
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        assert screen.selected_id == "e003aaaabbbbcccc"  # the running one, newest first
        await pilot.press("plus")
        await pilot.press("tab", *"one more epoch", "enter")
        await workers_done(log_app)
        await pilot.pause()
        [stored] = [e for e in experiments_on_disk(log_store) if e["id"] == "e003aaaabbbbcccc"]
        assert stored["timebox"] == "30m"
        assert [(e["by"], e["reason"]) for e in stored["extensions"]] == [("15m", "one more epoch")]
        countdown = screen.query_one(Countdown)
        await until(pilot, lambda: "35:00 (30m +15m)" in str(countdown.render()), "the header")
        assert "(30m +15m)" in str(screen.query_one("#exp-list").get_option_at_index(0).prompt)


@pytest.mark.parametrize(
    ("key", "verb", "status"), [("c", "Close", "done"), ("A", "Abandon", "abandoned")]
)
async def test_closing_while_a_run_goes_asks_before_the_form_and_can_force(
    log_store: Store, key: str, verb: str, status: str
) -> None:
    """Close and abandon say which run has not ended before asking for the outcome or
    the reason (nothing typed is thrown away), and offer what credo exp stop --force
    does: close it anyway, the run going on."""
    from textual.widgets import Label

    from credo.runs.liveness import this_runner
    from credo.ui.screens.task_forms import ChoiceScreen

    current = log_store.read(Experiment, "e003aaaabbbbcccc")
    alive = this_runner(log_store.project_root, None)  # this process: the run is not lost
    make_run(log_store, 3, current, {}, status="running", ended=None, runner=alive)
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.2))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # no outcome, no reason asked yet
        question = str(app.screen.query_one(Label).render())
        assert f"run r003 running (pid {alive.pid} on {alive.host})" in question
        assert f"{verb} it anyway? the run is not stopped: it goes on" in question
        await pilot.press("enter")  # enter cancels: closing anyway is done on purpose
        await pilot.pause()
        assert app.screen is screen
        assert log_store.read(Experiment, "e003aaaabbbbcccc").status.value == "running"
        await pilot.press(key, "f")
        await pilot.pause()
        if key == "c":
            await pilot.press("r")
            await pilot.pause()
        await pilot.press(*"loss diverged", "enter")
        await pilot.pause()
        closed = log_store.read(Experiment, "e003aaaabbbbcccc")
        assert closed.status.value == status
        assert "loss diverged" in (closed.learning or closed.abandon_reason)
        assert log_store.read(Run, "r003aaaabbbbcccc").status.value == "running"  # untouched


@pytest.mark.parametrize(
    ("keys", "field", "words"),
    [
        (("c", "r"), "#exp-learning", "lr too low"),
        (("A",), "#exp-reason", "no GPU until Monday"),
        (("plus", "tab"), "#exp-extend-reason", "one more epoch"),
    ],
    ids=["close", "abandon", "more-time"],
)
async def test_esc_in_an_experiment_dialog_asks_before_it_drops_what_is_typed(
    log_app: CredoApp, log_store: Store, keys: tuple[str, ...], field: str, words: str
) -> None:
    """esc in the close (learning, next step), abandon and more-time dialogs closed them
    at once and lost what was typed: it asks first now, as the edit form does; with
    nothing typed it still closes at once. The experiment's file is left as it was."""
    path = log_store.credo_dir / "experiments" / "e003aaaabbbbcccc.toml"
    before = path.read_bytes()
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press(*keys, "escape")  # nothing typed: closed at once, no question
        await pilot.pause()
        assert log_app.screen is screen
        await pilot.press(*keys)
        await pilot.pause()
        await esc_asks_before_it_drops(pilot, field, words)
        assert log_app.screen is screen
    assert path.read_bytes() == before


async def test_a_pasted_learning_keeps_every_line(board_app: CredoApp, board_store: Store) -> None:
    """A learning pasted from notes is kept whole, its lines joined by spaces: the one-line
    field kept the first line only and dropped the rest without a word."""
    from textual import events

    from credo.actions.experiments import start_experiment

    first, _ = start_experiment(board_store, "already running")
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", *"more data helps", "enter")
        await settle(pilot)
        await pilot.press("c", "r")  # close the running one as refuted
        await settle(pilot)
        board_app.post_message(events.Paste("valid loss flat after epoch 3;\r\n\nlr too low\n"))
        await settle(pilot)
        await pilot.press("tab")
        board_app.post_message(events.Paste("try 3e-3"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        by_id = {e["id"]: e for e in experiments_on_disk(board_store)}
        assert by_id[first.id]["learning"] == "valid loss flat after epoch 3; lr too low"
        assert by_id[first.id]["next_step"] == "try 3e-3"


async def test_keys_do_nothing_to_an_experiment_the_filter_hides(
    log_app: CredoApp, log_store: Store
) -> None:
    """Typed fast, a filter that ends up matching nothing left the last experiment it had
    shown in the details (a list's late highlight chose it again): b, c, A acted on it,
    unseen."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press("slash")
        box = screen.query_one("#exp-filter", Input)
        for typed in ("s", "st", "sta", "status:bogus"):  # one batch, as typed fast
            box.value = typed
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.shown == [] and screen.selected() is None
        assert "No experiment" in str(screen.query_one("#exp-details", Static).render())
        await pilot.press("b")
        await pilot.pause()
        assert [e.id for e in log_store.experiments() if e.baseline] == ["e001aaaabbbbcccc"]


@pytest.mark.parametrize("typed", ["zzz", "#model"])
async def test_a_filter_given_up_gives_the_cursor_back_to_its_experiment(
    log_app: CredoApp, typed: str
) -> None:
    """As on the board: `/` on the second experiment, a word that hid it, then esc: the
    filter went and the cursor stayed on the first experiment the filter had left shown
    (or on the newest, where it showed none), the experiment one was on lost."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press("down")
        await pilot.pause()
        on = screen.selected_id
        assert on is not None and on != screen.shown[0].id
        await pilot.press("slash", *typed)
        await pilot.pause()
        assert screen.selected_id != on
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.shown) == 3 and screen.selected_id == on
        options = screen.query_one("#exp-list", OptionList)
        assert options.highlighted == [e.id for e in screen.shown].index(on)


async def test_a_status_the_log_does_not_know_is_named(log_app: CredoApp) -> None:
    """`status:finished` showed an empty log and no word why; the board names such a word."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press("slash", *"status:finished", "enter")
        await pilot.pause()
        assert screen.shown == []
        status = str(screen.query_one("#exp-status", Static).render())
        assert "status:finished: use planned, running, paused, done or abandoned" in status


async def test_at_80_columns_the_unknown_status_is_named_whole(log_app: CredoApp) -> None:
    """The status line was one row high: at 80 columns `status:foo` said 'use planned,
    running,' and the other statuses were cut at the screen's edge."""
    async with log_app.run_test(size=(80, 24)) as pilot:
        await open_log(log_app, pilot)
        await pilot.press("slash", *"status:foo", "enter")
        await pilot.pause()
        shown = " ".join(screen_text(log_app).split())
        assert "status:foo: use planned, running, paused, done or abandoned" in shown


@pytest.mark.parametrize("theme", shipped())
async def test_at_80_columns_each_experiment_is_one_line_its_outcome_whole_and_read(
    log_store: Store, theme: str
) -> None:
    """At 80 columns a hypothesis wrapped onto a second or third line, its outcome alone
    on the last, in dim (a muted word, 3:1) and an abandoned one said nothing: each is one
    line now, the hypothesis cut, its clock or end whole at the right, read as text."""
    long = "Label smoothing of 0.1 changes nothing on the news domain"
    make_exp(log_store, 4, long, status="done", outcome="inconclusive", started=NOW - DAY)
    gave_up = "A bigger vocabulary helps the legal domain"
    make_exp(log_store, 5, gave_up, status="abandoned", started=NOW - 1.5 * DAY)
    with dim_recorded() as dimmed, terminal("truecolor"):
        app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=60))
        async with app.run_test(size=(80, 24)) as pilot:
            app.theme = theme
            screen = await open_log(app, pilot)
            width = screen.query_one("#exp-list").region.right
            rows = [row[:width].strip("│ ") for row in screen_text(app).splitlines()[2:8]]
            ends = {
                text.split()[-1]: Pair(fg, bg, muted=is_muted(app, fg, bg, dimmed))
                for fg, bg, text in cells(app)
                if text.split() and text.split()[-1] in ("inconclusive", "abandoned", "refuted")
            }
    assert [row[:2] for row in rows] == ["▶ ", "✓ ", "✗ ", "✓ ", "✓ ", ""], rows
    assert [row.split()[-1] for row in rows[:5]] == [
        "20:00",
        "inconclusive",
        "abandoned",
        "refuted",
        "★",
    ], rows
    assert rows[1].startswith("✓ Label smoo… "), rows
    assert rows[4].endswith(" confirmed ★"), rows
    assert ends.keys() == {"inconclusive", "abandoned", "refuted"}
    low = {w: p.describe() for w, p in ends.items() if p.muted or p.ratio < p.floor(theme)}
    assert not low, low


async def test_the_details_say_when_the_task_served_was_removed(log_store: Store) -> None:
    """After `credo rm` of its task, the log still named the task as if it were there."""
    from credo.actions.tasks import add_task, remove_task

    task, _ = add_task(log_store, "Check label balance")
    make_exp(log_store, 4, "Balance is fine", task=task.id, created=NOW, updated=NOW)
    remove_task(log_store, task.id)
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.2))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)
        assert screen.selected_id == "e004aaaabbbbcccc"
        details = str(screen.query_one("#exp-details", Static).render())
        assert f"task: {log_store.short_id(Task, task.id)} (removed)" in details


async def test_the_details_name_the_task_served_by_its_title(log_store: Store) -> None:
    """The log said `task: c313h7y`, an id where a person needs the title: the title
    stands beside the id (a long one cut), and a task file that cannot be read is said so."""
    from credo.actions.tasks import add_task

    long = "Look at 50 misclassified samples, " * 3
    tasks = [add_task(log_store, t)[0] for t in ("Check label balance", long, "Broken")]
    for n, task in enumerate(tasks, start=4):
        make_exp(log_store, n, f"Experiment {n}", task=task.id, created=NOW, updated=NOW)
    (log_store.credo_dir / "tasks" / f"{task.id}.toml").write_text("title = [\n")
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.2))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)
        shown = {}
        for exp_id in ("e004aaaabbbbcccc", "e005aaaabbbbcccc", "e006aaaabbbbcccc"):
            screen.query_one("#exp-list", OptionList).highlighted = screen.shown.index(
                screen.experiments[exp_id]
            )
            await until(pilot, lambda exp_id=exp_id: screen.selected_id == exp_id)
            details = str(screen.query_one("#exp-details", Static).render())
            [shown[exp_id]] = [line for line in details.splitlines() if "task: " in line]
    assert (
        shown["e004aaaabbbbcccc"]
        == f"task: {log_store.short_id(Task, tasks[0].id)} Check label balance"
    )
    cut_title = shown["e005aaaabbbbcccc"].removeprefix(
        f"task: {log_store.short_id(Task, tasks[1].id)} "
    )
    assert long.startswith(cut_title[:-1]) and cut_title.endswith("…"), cut_title
    assert (
        shown["e006aaaabbbbcccc"]
        == f"task: {log_store.short_id(Task, task.id)} (its file cannot be read)"
    )


async def test_a_running_experiments_task_is_read_again_only_when_its_file_changes(
    tmp_path: Path,
) -> None:
    """While a running experiment was selected, its details read the served task's file
    each second: it is read again only when the file's stamp moves, so a title written
    over in place, the stamp kept, is not seen, and a rename shows at the next poll (the
    poll's worker stats it: see the test after this one)."""
    import os

    from credo.actions.tasks import add_task, edit_task
    from credo.store.stamps import stamp_of

    store, _ = Store.init(tmp_path)
    task, _ = add_task(store, "Check label balance")
    make_exp(store, 1, "Balance is fine", task=task.id, status="running", started=NOW)
    path = store.credo_dir / "tasks" / f"{task.id}.toml"
    app = frozen(CredoApp(store, today=TODAY, refresh_seconds=60))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)

        async def details_after_a_tick() -> str:
            screen.poll()
            await settle(pilot)
            screen.post_message(Countdown.Ticked(NOW))  # as the header's clock does each second
            await pilot.pause()
            return str(screen.query_one("#exp-details", Static).render())

        assert (
            f"task: {store.short_id(Task, task.id)} Check label balance"
            in await details_after_a_tick()
        )
        stamp = stamp_of(str(path))
        assert stamp is not None
        written = path.read_bytes().replace(b"label balance", b"LABEL BALANCE")
        with path.open("r+b") as file:  # the same size, the same file: a read would see it
            file.write(written)
        os.utime(path, ns=(stamp[0], stamp[0]))
        assert stamp_of(str(path)) == stamp
        assert "Check label balance" in await details_after_a_tick()
        edit_task(store, task.id, title="Balance the labels per domain")
        assert (
            f"{store.short_id(Task, task.id)} Balance the labels per domain"
            in await details_after_a_tick()
        )


async def test_the_task_an_experiment_serves_is_read_off_the_interface_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The details stat'ed the served task's file (and read it when it moved) on the
    interface thread, at each draw: each second while a running experiment was selected.
    On a slow or hung mount (NFS, sshfs) the log froze. The workers that read the
    experiments read it; the details draw what they read, a rename at the next poll."""
    import threading

    from credo.actions.tasks import add_task, edit_task

    store, _ = Store.init(tmp_path)
    task, _ = add_task(store, "Check label balance")
    make_exp(store, 1, "Balance is fine", task=task.id, status="running", started=NOW)
    on_ui: list[str] = []
    stamp, read = Store.stamp, Store.read

    def spied(original: Any) -> Any:
        def spy(store: Store, kind: Any, *args: Any, **kwargs: Any) -> Any:
            if kind is Task and threading.current_thread() is threading.main_thread():
                on_ui.append(original.__name__)
            return original(store, kind, *args, **kwargs)

        return spy

    monkeypatch.setattr(Store, "stamp", spied(stamp))
    monkeypatch.setattr(Store, "read", spied(read))
    app = frozen(CredoApp(store, today=TODAY, refresh_seconds=60))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)
        screen.post_message(Countdown.Ticked(NOW))  # as the header's clock does each second
        await pilot.pause()
        details = str(screen.query_one("#exp-details", Static).render())
        assert f"task: {store.short_id(Task, task.id)} Check label balance" in details
        edit_task(store, task.id, title="Balance the labels per domain")
        screen.poll()
        await settle(pilot)
        screen.post_message(Countdown.Ticked(NOW))
        await pilot.pause()
        details = str(screen.query_one("#exp-details", Static).render())
        assert f"{store.short_id(Task, task.id)} Balance the labels per domain" in details
    assert on_ui == []


async def test_what_an_action_wrote_is_shown_without_reading_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After p (and its undo, written by a worker) the log read the experiment just
    written back from its file on the interface thread (`apply_changes`): on a slow or
    hung mount the log froze there. It shows what the change wrote, which it holds."""
    store, _ = Store.init(tmp_path)
    exp = make_exp(store, 1, "Balance is fine", status="running", started=NOW)
    read_back = reads_while_applying(monkeypatch, ExperimentsScreen)
    app = frozen(CredoApp(store, today=TODAY, refresh_seconds=3600))
    async with app.run_test(size=(120, 40)) as pilot:
        screen, _ = await log_on(app, pilot, exp.id)
        await pilot.press("p")
        await settle(pilot)
        assert screen.experiments[exp.id].status == ExperimentStatus.PAUSED
        assert experiments_on_disk(store)[0]["status"] == "paused"
        assert "Balance is fine" in screen_text(app) and "paused" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert screen.experiments[exp.id].status == ExperimentStatus.RUNNING
        assert experiments_on_disk(store)[0]["status"] == "running"
    assert read_back == []


async def test_a_runs_command_reads_as_a_shell_would_run_it_again(log_store: Store) -> None:
    """Joined with spaces, `-c 'import sys; print(1)'` read as another command."""
    exp = make_exp(log_store, 4, "Quoting", status="running", started=NOW - timedelta(minutes=1))
    make_run(log_store, 3, exp, {}, command=["python", "-c", "import sys; print(1)"])
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.2))
    async with app.run_test(size=(160, 40)) as pilot:  # room for the whole command
        screen = await open_log(app, pilot)
        table = screen.query_one("#exp-runs", DataTable)
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert "python -c 'import sys; print(1)'" in cells


def test_the_headers_forms_of_the_runs_are_built_from_their_counts() -> None:
    """Longest to shortest, from the numbers (the finished ones said in full only)."""
    from credo.text.runs import RunCounts
    from credo.ui.widgets.header import runs_forms

    assert runs_forms(RunCounts(queued=2, running=1, finished=4)) == [
        "runs: 2 queued · 1 running · 4 finished",
        "2 queued · 1 running",
        "2▷ 1▶",
    ]
    assert runs_forms(RunCounts(running=12)) == ["runs: 12 running", "12 running", "12▶"]
    assert runs_forms(RunCounts(finished=3)) == []  # nothing waits: nothing said
    assert runs_forms(RunCounts()) == []


async def test_the_header_at_80_columns_keeps_the_countdown_whole_beside_runs(
    log_store: Store,
) -> None:
    """With `runs: 1 running · 3 finished` at 80 columns the countdown was cut at the
    screen's edge: the runs now give way (short, then shortest), the countdown stays whole."""
    from credo.runs.liveness import this_runner
    from credo.ui.widgets.countdown import Countdown

    current = log_store.read(Experiment, "e003aaaabbbbcccc")
    for n in (3, 4):
        make_run(log_store, n, current, {})
    make_run(
        log_store,
        5,
        current,
        {},
        status="running",
        ended=None,
        runner=this_runner(log_store.project_root, None),
    )
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.05))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: header_runs(app).display, "the runs in the header")
        shown = app.screen.query_one(Countdown)
        await until(pilot, lambda: str(shown.render()).startswith("⏱ 20:00 A small"), "countdown")
        countdown = str(shown.render())
        for width, runs in [(80, "1▶"), (100, "1 running"), (120, "runs: 1 running · 3 finished")]:
            await pilot.resize_terminal(width, 24)
            ending = f" {runs}  {countdown}"
            await until(pilot, lambda: header_line(app).endswith(ending), ending)  # noqa: B023
            header = header_line(app)
            assert "· not a git repo" in header  # git keeps its room (and ends in "…")


async def test_the_header_gives_the_hypothesis_the_width_it_has(log_store: Store) -> None:
    """The header cut the countdown's hypothesis at 32 characters, even at 120 columns
    with room to spare; it now shows it whole where it fits, and at 80 columns cuts it
    with "…" (never mid-word without a sign) only at the room left beside git and the
    runs' shortest form."""
    from credo.runs.liveness import this_runner

    hypothesis = "A small transformer beats n-grams on every variety, with half the data"
    log_store.update(
        Experiment, "e003aaaabbbbcccc", lambda e: e.model_copy(update={"hypothesis": hypothesis})
    )
    current = log_store.read(Experiment, "e003aaaabbbbcccc")
    make_run(
        log_store,
        3,
        current,
        {},
        status="running",
        ended=None,
        runner=this_runner(log_store.project_root, None),
    )
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.05))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: header_runs(app).display, "the runs in the header")
        await open_log(app, pilot)

        def header() -> str:
            return screen_text(app).splitlines()[0].rstrip()

        await until(pilot, lambda: header().endswith(f"⏱ 20:00 {hypothesis}"), "the whole line")
        assert "· not a git repo" in header() and " 1▶  ⏱" in header()
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: len(header()) <= 80 and header().endswith("…"), "a cut")
        assert " 1▶  ⏱ 20:00 A small transformer beats" in header()
        assert "· not a git repo" in header()


async def test_the_runs_table_is_never_cut_at_the_edge_without_a_sign(
    log_app: CredoApp,
) -> None:
    """At 80 columns the Details tab's runs table ran off the right edge, its command
    cut to "py" with nothing to say so."""
    async with log_app.run_test(size=(80, 30)) as pilot:
        screen = await open_log(log_app, pilot)
        table = screen.query_one("#exp-runs", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        shown = screen_text(log_app)
        row = next(line for line in shown.splitlines() if "r002" in line)
        assert row.rstrip(" │").endswith("r002  1a2b3c4*  python tr… --lr 3e-4")  # 4-char ids
        assert "not shown at this width: exit, took" in shown
        await pilot.resize_terminal(100, 30)  # room for more columns, the command cut
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width
        shown = screen_text(log_app)
        row = next(line for line in shown.splitlines() if "r002" in line)
        assert row.rstrip(" │").endswith("4m12s  python train.… --lr 3e-4")
        assert "not shown at this width: exit" in shown
        await pilot.resize_terminal(130, 30)  # the whole command
        await pilot.pause()
        assert "4m12s  python train.py --lr 3e-4" in screen_text(log_app)


def test_columns_fit_by_cutting_the_widest_then_leaving_out_those_that_give_way() -> None:
    from credo.ui.widgets.lists import fitted_widths

    give_way = [3, 4, 2, 1, 0]  # status, run, git, exit, took give way; the command stays
    all_fit = [6, 3, 3, 4, 4, 7]
    assert fitted_widths(all_fit, 46, 2, give_way) == dict(enumerate(all_fit))
    widths = [44, 7, 8, 6, 6, 25]  # a long status is cut further than the command
    assert fitted_widths(widths, 70, 2, give_way) == dict(enumerate([13, 7, 8, 6, 6, 20]))
    # the command is cut to no fewer than 20 cells while a column can give way instead
    assert fitted_widths([9, 7, 8, 6, 5, 25], 44, 2, give_way) == {0: 9, 1: 7, 5: 24}
    assert fitted_widths([9, 7, 8, 6, 5, 12], 44, 2, give_way) == {0: 9, 1: 7, 2: 8, 5: 12}
    assert fitted_widths([9, 7, 8, 6, 5, 25], 15, 2, give_way) == {5: 15}  # alone: to the room
    assert fitted_widths([30], 10, 2) == {0: 10}


async def test_a_table_resized_before_its_rows_come_waits_for_them() -> None:
    """Columns that give way are named: a table resized before it had any columns looked
    for those names among none, and the app stopped."""
    from textual.app import App, ComposeResult

    from credo.ui.widgets.lists import FitTable

    class Table(App[None]):
        def compose(self) -> ComposeResult:
            yield FitTable(("exit",))

    app = Table()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        table = app.query_one(FitTable)
        assert table.fitted_width == table.size.width and not table.columns
        table.show_rows(("run", "exit"), {"r1": ["r1", "exit 0"]})
        assert [str(column.label) for column in table.columns.values()] == ["run", "exit"]


TRAIN = ["python", "train.py", "--config", "configs/base.yaml", "--lr"]


@pytest.mark.parametrize(
    ("commands", "shown_as"),
    [
        (
            [
                ["python", "nb.py", "--ngram", "4", "--alpha", "1"],
                ["python", "train.py", "--rung", "overfit-one"],
            ],
            ["python nb.py --n… --alpha 1 ", "python … --rung overfit-one "],
        ),
        (
            [[*TRAIN, "0.1"], [*TRAIN, "0.3"]],
            ["python train.py -… --lr 0.1 ", "python train.py -… --lr 0.3 "],
        ),
    ],
    ids=["each-command", "same-start"],
)
async def test_at_80_columns_the_runs_table_tells_the_commands_apart(
    log_store: Store, commands: list[list[str]], shown_as: list[str]
) -> None:
    """At 80 columns the Details tab left the command out to keep exit, took and git, so
    the runs of an experiment could not be told apart by what they ran; then, cut at its
    end, `... --lr 0.1` and its `--lr 0.3` twin read alike (`python train.py --config…`).
    The command stays, cut in the middle; the exit code, the time and the commit give
    way, and are named."""
    exp = make_exp(log_store, 4, "Learning rate", status="running", started=NOW)
    for n, command in enumerate(commands, start=3):
        make_run(log_store, n, exp, {}, command=command)
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.2))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(app, pilot)
        shown = screen_text(app)
    for n, words in enumerate(shown_as, start=3):
        assert f"succeeded  r00{n}  {words}" in shown, shown
    assert "not shown at this width: git, exit, took" in " ".join(shown.split())


async def test_a_sweeps_runs_are_told_apart_where_their_commands_differ(
    log_store: Store,
) -> None:
    """A sweep's three runs (`--lr '{1e-3,3e-3,1e-2}' --steps 15`) read alike in the
    Details tab at 120 columns: `python train.py … --steps 15`, the learning rate,
    all that tells them apart, cut out of each. The words from where they differ on
    stay in sight."""
    exp = make_exp(log_store, 4, "Learning rate", status="running", started=NOW)
    rates = ["1e-3", "3e-3", "1e-2"]
    for n, lr in enumerate(rates, start=3):
        make_run(log_store, n, exp, {}, command=["python", "train.py", "--lr", lr, "--steps", "15"])
    app = frozen(CredoApp(log_store, today=TODAY, refresh_seconds=0.2))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_log(app, pilot)
        rows = [line for line in screen_text(app).splitlines() if "succeeded  r00" in line]
    assert len(rows) == 3, rows
    for row, lr in zip(rows, reversed(rates), strict=True):  # the newest on top
        assert f"… --lr {lr} --steps 15 " in row, rows


async def test_an_unreadable_experiment_file_is_named_not_silently_left_out(
    log_app: CredoApp, log_store: Store
) -> None:
    """An experiment file broken by hand vanished from the log without a word (the
    board names its unreadable task files, `credo exp ls` warns): the status line counts
    it, `!` shows why in full, and the file fixed comes back."""
    from credo.ui.screens.problems import ProblemsScreen

    bad = log_store.credo_dir / "experiments" / "e002aaaabbbbcccc.toml"
    text = bad.read_text()
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        assert "e002aaaabbbbcccc" in screen.experiments
        bad.write_text(text.replace('timebox = "25m"', 'timebox = "25m'))
        status = screen.query_one("#exp-status", Static)
        await until(pilot, lambda: "1 unreadable file left out · ! why" in str(status.render()))
        assert "e002aaaabbbbcccc" not in screen.experiments
        await pilot.press("exclamation_mark")
        assert isinstance(log_app.screen, ProblemsScreen)
        shown = " ".join(str(s.content) for s in log_app.screen.query(".problem").results(Static))
        assert "e002aaaabbbbcccc.toml" in shown and "not valid TOML" in shown
        assert "the experiment log picks them up" in str(
            log_app.screen.query_one("#problems-hint", Static).content
        )
        await pilot.press("escape")
        assert log_app.screen is screen
        bad.write_text(text)
        await until(pilot, lambda: "e002aaaabbbbcccc" in screen.experiments)
        assert "unreadable" not in str(status.render())
        await pilot.press("exclamation_mark")
        assert log_app.screen is screen
        assert any("reads fine" in m for m in said(log_app))


async def test_the_tabs_fit_a_narrow_terminal_whole(log_app: CredoApp) -> None:
    """Under 66 columns the log's tab bar was cut without a sign (`Metr` at 56x16), and
    at 40 columns the Metrics tab was out of sight, so it could not be clicked. The tabs
    drop their keys (? lists them), then cut every word alike with a `…`."""
    from textual.widgets import TabbedContent

    async with log_app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(log_app, pilot)
        tabs = screen.query_one(TabbedContent)
        for size, shown in [
            ((56, 16), " Details  Output  Diff  Metrics "),
            ((40, 12), " Det…  Out…  Diff  Met… "),
            ((80, 24), " Details 1  Output 2  Diff 3  Metrics 4 "),
        ]:
            await pilot.resize_terminal(*size)
            await until(pilot, lambda shown=shown: shown in screen_text(log_app), str(size))
            tabs.active = "tab-details"
            await pilot.click("#--content-tab-tab-metrics")
            assert tabs.active == "tab-metrics", size


async def test_an_ended_run_opens_at_the_end_of_its_output_where_its_error_is(
    log_app: CredoApp, log_store: Store
) -> None:
    """The Output tab showed a failed run from its first of hundreds of lines: its
    error, the reason to look, was past the last screen, with the list holding the keys.
    An ended run's output now opens at its end, as `tail` (a running one already did)."""
    current = log_store.read(Experiment, "e003aaaabbbbcccc")
    run = make_run(log_store, 3, current, {"loss": [0.7]}, status="failed", exit_code=1)
    lines = [f"epoch {i} loss 0.5\n" for i in range(300)]
    lines.append("RuntimeError: CUDA out of memory at epoch 300\n")
    (log_store.credo_dir / "runs" / run.id / "output.log").write_text("".join(lines))
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await until(pilot, lambda: screen.run_id == run.id, "the newest run shown")
        await pilot.press("2")
        output = screen.query_one("#exp-output", AnsiLog)
        await until(pilot, lambda: "CUDA out of memory" in output.text, "the output")
        await until(pilot, lambda: output.scroll_y == output.max_scroll_y > 0, "at the end")
        await pilot.pause()
        assert "RuntimeError: CUDA out of memory at epoch 300" in screen_text(log_app)
        assert "epoch 0 loss" not in screen_text(log_app)


def test_tab_labels_are_cut_by_the_cells_they_take() -> None:
    """A label in wide characters (日本語: two cells each) was cut by its characters, so
    it came out wider than its cut and the ASCII labels beside it were cut shorter than
    needed (`Metri…` where `Metrics` fitted)."""
    from rich.cells import cell_len

    from credo.ui.widgets.tabs import fitted

    labels = ("日本語のラベル 1", "Output 2", "Metrics 3")
    assert fitted(labels, 30) == ("日本語のラ…", "Output", "Metrics")
    for width in range(12, 40):  # down to each word cut to two cells (`O…`)
        shown = fitted(labels, width)
        assert sum(map(cell_len, shown)) <= width - 2 * len(labels), (width, shown)


async def test_the_output_is_searched_the_first_time_its_tab_shows(log_app: CredoApp) -> None:
    """The Output tab's log is made when the tab is first shown (Textual's text area held
    the log's opening, for a tab out of sight): f, the first key to show it, searches the
    run's output read meanwhile, enter finds the next match, esc closes the box."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        assert screen.run_id == "r002aaaabbbbcccc"
        assert not screen.query("#exp-output")  # not made: its tab never shown
        await pilot.press("f", *"epoch 3", "enter")
        output = screen.query_one("#exp-output", AnsiLog)
        assert screen.query_one(TabbedContent).active == "tab-output"
        assert output.selected_text == "epoch 3"
        assert output.document.get_line(output.selection.start[0]) == "epoch 3 loss 0.250"
        await pilot.press("enter")
        assert output.document.get_line(output.selection.start[0]) == "epoch 30 loss 0.032"
        await pilot.press("escape")
        assert not screen.query_one("#output-search", Input).has_class("-open")
        assert log_app.focused is screen.query_one("#exp-list", OptionList)


async def test_the_run_shown_stays_as_it_was_when_a_new_run_arrives(
    log_app: CredoApp, log_store: Store
) -> None:
    """A run file that appeared while the log was open refilled the runs table, whose
    cursor went to its first row, the new run, and back: the new run was shown for a
    moment, and the run being read came back from the top of its output, its search
    match lost. The cursor now stays on its run, as the board's stays on its task."""
    current = log_store.read(Experiment, "e003aaaabbbbcccc")
    make_run(log_store, 3, current, {"loss": [0.7]})
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        table = screen.query_one("#exp-runs", DataTable)
        table.focus()
        await pilot.press("j")  # from the newest run (r003) to the one before
        await until(pilot, lambda: screen.run_id == "r002aaaabbbbcccc", "r002 shown")
        await pilot.press("f", *"epoch 30", "enter")
        output = screen.query_one("#exp-output", AnsiLog)
        await until(pilot, lambda: output.selected_text == "epoch 30", "the match")

        make_run(log_store, 4, current, {"loss": [0.6]})
        await until(pilot, lambda: table.row_count == 3, "the new run in the table")
        await settle(pilot)
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert row_key == screen.run_id == "r002aaaabbbbcccc"
        assert output.selected_text == "epoch 30"
        assert "epoch 30 loss 0.032" in screen_text(log_app)


async def test_a_run_added_while_the_log_is_open_shows_under_its_experiment(
    log_app: CredoApp, log_store: Store
) -> None:
    """The runs are grouped by experiment as the worker reads them, no longer looked for
    among all at each highlight: a run that arrives while the log is open, for an
    experiment not selected that had none, is under it after the next poll, and only
    there."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        table = screen.query_one("#exp-runs", DataTable)
        assert screen.selected_id == "e003aaaabbbbcccc" and table.row_count == 1
        dropout = log_store.read(Experiment, "e002aaaabbbbcccc")
        make_run(log_store, 5, dropout, {"loss": [0.5]}, command=["python", "drop.py"])
        await until(pilot, lambda: "r005aaaabbbbcccc" in screen.runs, "the poll's look")
        await settle(pilot)
        assert table.row_count == 1  # the selected experiment's runs, as they were
        assert "drop.py" not in screen_text(log_app)
        await pilot.press("j")
        await until(pilot, lambda: "python drop.py" in screen_text(log_app), "the new run")
        assert screen.selected_id == "e002aaaabbbbcccc" and table.row_count == 1
        assert [r.id for r in screen.runs_of("e002aaaabbbbcccc")] == ["r005aaaabbbbcccc"]
        assert screen.runs_of("e001aaaabbbbcccc") == [screen.runs["r001aaaabbbbcccc"]]


LOG_KEYS = "s Start  c Close  p Pause  / Filter  f Search  b Baseline  n To task  A Abandon"


async def test_the_logs_footer_shows_every_key_at_120_columns_and_the_first_at_80(
    log_app: CredoApp,
) -> None:
    """At 120 columns the log's footer left out f (search) and m (next metric), past
    its edge: its keys now fit at 120, a filter kept or not (m is named on the Metrics
    tab, where it acts); at 80 the first five stay, and ? lists the rest."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        await open_log(log_app, pilot)
        assert f" {LOG_KEYS}  esc Board  ? Help " in footer_line(log_app)
        await pilot.press("slash", *"transformer", "enter")
        await until(pilot, lambda: "esc Clear filter" in footer_line(log_app), "the filter kept")
        assert f" {LOG_KEYS}  esc Clear filter  ? Help " in footer_line(log_app)
        assert "1 of 3 experiments · filter: transformer" in screen_text(log_app)
        await pilot.press("4")
        await until(pilot, lambda: "m: next" in screen_text(log_app), "the Metrics tab")

        await pilot.resize_terminal(80, 24)
        first = "s Start  c Close  p Pause  / Filter"
        await until(pilot, lambda: f" {first}  esc Clear filter  ? Help " in footer_line(log_app))
        await pilot.press("escape")
        await until(pilot, lambda: "esc Board" in footer_line(log_app), "the filter cleared")
        assert footer_line(log_app).startswith(f" {first}  f Search  esc Board  ? Help ")


async def one_at_a_time_asked(pilot: Any, app: CredoApp) -> None:
    """Wait for the question about the running experiment (close it or pause it), drawn."""
    from credo.ui.screens.task_forms import ChoiceScreen

    asked = "“A small transformer beats n-grams” is running. One at a time:"
    await until(
        pilot,
        lambda: isinstance(app.screen, ChoiceScreen) and asked in screen_text(app),
        "the question drawn",
    )


@pytest.mark.parametrize("status", ["planned", "paused"])
async def test_p_on_an_experiment_waiting_while_another_runs_asks_to_pause_that_one(
    log_app: CredoApp, log_store: Store, status: str
) -> None:
    """p on a planned or paused experiment while another ran only said, in red, the shell
    commands that close or pause that one (credo exp stop …); it now asks, as s does,
    whether to close or pause it, and starts the clock of the one chosen."""

    paused = {"started": NOW - timedelta(hours=1), "paused_at": NOW - timedelta(minutes=30)}
    make_exp(
        log_store, 4, "Label smoothing helps", status=status, **paused if status == "paused" else {}
    )
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press("slash", *f"status:{status}", "enter")
        await until(pilot, lambda: screen.selected_id == "e004aaaabbbbcccc", "e004 selected")
        await pilot.press("p")
        await one_at_a_time_asked(pilot, log_app)
        await pilot.press("p")  # pause the running one
        await until(pilot, lambda: log_app.screen is screen, "the choice answered")
        by_id = {e["id"]: e for e in experiments_on_disk(log_store)}
        assert by_id["e003aaaabbbbcccc"]["status"] == "paused"
        assert by_id["e004aaaabbbbcccc"]["status"] == "running"
        assert re.fullmatch(  # the words of `credo exp resume` and `credo exp start`
            "Resumed: Label smoothing helps · 5m past its timebox 25m"
            if status == "paused"
            else rf"Started: Label smoothing helps · timebox 25m, up at {UP_AT}",
            said(log_app)[-1],
        ), said(log_app)


async def test_p_reads_which_experiment_runs_off_the_interface_thread(
    log_app: CredoApp, log_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """p on a paused experiment read every experiment on the interface thread to find the
    one running (and again, none running, for the warning of files it cannot read): on a
    slow disk the view froze before it asked. A worker reads them; the question is the
    same."""
    import threading

    paused = {"started": NOW - timedelta(hours=1), "paused_at": NOW - timedelta(minutes=30)}
    make_exp(log_store, 4, "Label smoothing helps", status="paused", **paused)
    read_on_ui: list[str] = []
    load = Store.load

    def spy(store: Store, kind: Any, *args: Any, **kwargs: Any) -> Any:
        if kind is Experiment and threading.current_thread() is threading.main_thread():
            read_on_ui.append(kind.folder)
        return load(store, kind, *args, **kwargs)

    async with log_app.run_test(size=(120, 40)) as pilot:
        screen, _ = await log_on(log_app, pilot, "e004aaaabbbbcccc")
        monkeypatch.setattr(Store, "load", spy)
        await pilot.press("p")
        await one_at_a_time_asked(pilot, log_app)
        assert read_on_ui == []
        await pilot.press("p")  # pause the running one
        await until(
            pilot,
            lambda: "".join(said(log_app)[-1:]).startswith("Resumed: Label smoothing"),
            "resumed",
        )
    by_id = {e["id"]: e for e in experiments_on_disk(log_store)}
    assert by_id["e003aaaabbbbcccc"]["status"] == "paused"
    assert by_id["e004aaaabbbbcccc"]["status"] == "running"


async def test_a_key_typed_with_p_answers_the_question_p_asks(
    log_app: CredoApp, log_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The running experiment is read in a worker: a key typed in the same instant as p
    waits for the question. With the read slower than the typing (a loaded machine, a
    slow disk), p's way ended before the read did, and the second p went to the log: it
    read again, and the question it asked stayed open, unanswered."""
    import threading

    from textual.worker import get_current_worker

    from credo.ui import typed_ahead

    monkeypatch.setattr(typed_ahead, "WAIT_AT_MOST", 60.0)  # a slow read, not a stuck one
    make_exp(log_store, 4, "Label smoothing helps")  # planned
    reading, go = threading.Event(), threading.Event()
    load = Store.load

    def held(store: Store, kind: Any, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            if get_current_worker().name == "Reading which experiment runs":
                reading.set()
                go.wait(5)
        return load(store, kind, *args, **kwargs)

    async with log_app.run_test(size=(120, 40)) as pilot:
        screen, _ = await log_on(log_app, pilot, "e004aaaabbbbcccc")
        monkeypatch.setattr(Store, "load", held)
        try:
            await pilot.press("p", "p")  # start its clock; pause the running one
            await until(pilot, reading.is_set, "the read begun, after both p")
        finally:
            go.set()
        await until(
            pilot,
            lambda: "".join(said(log_app)[-1:]).startswith("Started: Label smoothing"),
            "started",
        )
        assert log_app.screen is screen
    by_id = {e["id"]: e for e in experiments_on_disk(log_store)}
    assert by_id["e003aaaabbbbcccc"]["status"] == "paused"
    assert by_id["e004aaaabbbbcccc"]["status"] == "running"


async def test_p_says_in_the_footer_what_it_does_to_the_selected_experiment(
    log_app: CredoApp, log_store: Store
) -> None:
    """The footer said `p Pause` on every experiment: on a paused one p resumes it, on a
    planned one it starts the clock (the details said `p starts its clock` beside `p
    Pause`). It now says Pause, Resume or Start clock; pressed, it does that, and the
    label turns to Pause."""
    make_exp(log_store, 4, "Label smoothing helps")  # planned
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen, listing = await log_on(log_app, pilot, "e003aaaabbbbcccc")  # running
        await until(pilot, lambda: " p Pause " in footer_line(log_app), "p Pause")
        listing.highlighted = listing.get_option_index("e004aaaabbbbcccc")
        await until(pilot, lambda: " p Start clock " in footer_line(log_app), "Start clock")
        assert "Pause" not in footer_line(log_app)
        await pilot.press("p")  # the clock starts: the running one is asked about
        await pilot.press("p")  # pause that one
        await until(pilot, lambda: "".join(said(log_app)[-1:]).startswith("Started: "), "started")
        await until(pilot, lambda: " p Pause " in footer_line(log_app), "p Pause again")
        listing.highlighted = listing.get_option_index("e003aaaabbbbcccc")  # paused now
        await until(pilot, lambda: " p Resume " in footer_line(log_app), "p Resume")
        assert any("Resume" in row[1] for row in described_bindings(screen))  # ? says so too


async def test_the_output_of_an_experiment_with_no_run_says_so(
    log_app: CredoApp, log_store: Store
) -> None:
    """The Output tab of an experiment with no run was an empty box, where the Diff and
    Metrics tabs said why; it now says there is no run yet and how one is recorded, in
    lines short enough for the pane, which does not wrap (at 80 columns they were cut)."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press("slash", *"Dropout", "enter", "2")
        await until(pilot, lambda: screen.selected_id == "e002aaaabbbbcccc", "e002 selected")
        await until(
            pilot,
            lambda: (
                "credo run -- CMD" in screen_text(log_app) and "No run yet" in screen_text(log_app)
            ),
            "the Output tab saying there is no run",
        )
        await pilot.resize_terminal(80, 24)  # the pane does not wrap: the words fit it
        await until(pilot, lambda: "shows here." in screen_text(log_app), "the words whole")
        await pilot.resize_terminal(120, 40)
        await pilot.press("escape", "k")  # the filter cleared, up to the newest: it has runs
        await until(pilot, lambda: screen.selected_id == "e003aaaabbbbcccc", "e003 selected")
        await until(pilot, lambda: "done: best model" in screen_text(log_app), "its output")


def test_the_log_s_filter_finds_an_accent_typed_either_way() -> None:
    """As the board's filter: `café` in one character (NFC) or two (NFD), in any case."""
    exp = Experiment(id="e001aaaabbbbcccc", hypothesis="Caf\u00e9 reviews help", timebox="25m")
    for word in ("cafe\u0301", "CAF\u00c9"):
        assert matches(exp, status_words([word], tuple(ExperimentStatus))), word


async def test_the_logs_help_says_what_each_mark_of_its_list_means(board_app: CredoApp) -> None:
    """The log's help said what ✦ means, but not ▶ ⏸ ○ ✓ ✗ nor the baseline's ★, which
    its list draws as well: each has its line, in the words the list's marks are kept with."""
    from credo.ui.screens.help import HelpScreen

    async with board_app.run_test(size=(120, 60)) as pilot:
        await open_log(board_app, pilot)
        await pilot.press("question_mark")
        assert isinstance(board_app.screen, HelpScreen)
        shown = screen_text(board_app)
    for line in (
        "▶  running: the time left of its timebox beside it",
        "⏸  paused: its clock stopped (p goes on)",
        "○  planned, not started yet (p starts it)",
        "✓  done, its outcome beside it (c closes one)",
        "✗  abandoned (A gives one up)",
        "★  the baseline, the one to beat (b)",
    ):
        assert line in shown, line


async def test_the_logs_help_says_what_an_agents_mark_means(board_app: CredoApp) -> None:
    """The log marks an experiment an agent changed with ✦, as the board marks a task,
    but only the board's help said what ✦ means: the log's says it in the same words."""
    from credo.ui.screens.help import HelpScreen

    async with board_app.run_test(size=(120, 60)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(board_app.screen, HelpScreen)
        meaning = dict(board_app.screen.legend)["✦"]
        await pilot.press("escape")
        await open_log(board_app, pilot)
        await pilot.press("question_mark")
        assert isinstance(board_app.screen, HelpScreen)
        assert board_app.screen.title_text == "Experiments"
        assert f"✦  {meaning}" in screen_text(board_app)


async def test_the_log_lists_the_experiments_while_their_runs_are_read(
    log_app: CredoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20,000 runs read before the log's first frame froze the interface for seconds:
    they are read in a worker. While that read is held, the list is drawn and takes keys,
    and the runs (with the selected one's output) come once it is in."""
    async with log_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        async with look_in_flight(
            pilot, monkeypatch, lambda: log_app.switch_mode("experiments"), kinds=(Run,)
        ):
            screen = log_app.screen
            assert isinstance(screen, ExperimentsScreen) and not screen.runs
            await until(
                pilot,
                lambda: "A small transformer beats n-grams" in screen_text(log_app),
                "the experiments listed, by a read of their own",
            )
            assert "runs: none" not in screen_text(log_app)  # it has one, not read yet
            await pilot.press("j")  # a key is handled meanwhile
            assert screen.selected_id == "e002aaaabbbbcccc"
            await pilot.press("2")
            assert "Reading the runs…" in screen_text(log_app)
        await pilot.press("k")
        area = screen.query_one("#exp-output", AnsiLog)
        await until(pilot, lambda: "done: best model" in area.text, "the run's output")
        assert set(screen.runs) == {"r001aaaabbbbcccc", "r002aaaabbbbcccc"}


async def test_a_long_output_shows_its_end_and_no_more_than_a_tail(
    log_app: CredoApp, log_store: Store
) -> None:
    """A 100 MB log's first 2 MB (33,000 lines) went into the text area on the interface's
    thread, seconds of freeze, and showed its start: the log shows its last lines, at most
    SHOWN_OUTPUT_BYTES of them, and says the rest is in the file."""
    from credo.runs.follow import SHOWN_OUTPUT_BYTES

    lines = [f"step {i:07d} loss {1 / (i + 1):.6f}\n" for i in range(150_000)]  # 4.5 MB
    output = log_store.credo_dir / "runs" / "r002aaaabbbbcccc" / "output.log"
    output.write_text("".join(lines))
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press("2")
        area = screen.query_one("#exp-output", AnsiLog)
        await until(pilot, lambda: "step" in area.text, "the run's output")
        shown = area.text.splitlines()
        assert shown[-1] == lines[-1].rstrip("\n")
        assert len(area.text.encode()) <= SHOWN_OUTPUT_BYTES
        assert shown[0].startswith("[… the first ") and shown[0].endswith(
            " bytes not shown: the file holds them]"
        )
        assert shown[1] in {line.rstrip("\n") for line in lines}  # from a whole line


async def test_a_long_log_is_listed_a_chunk_after_each_frame(tmp_path: Path) -> None:
    """1,000 experiments' options, made and measured at once, held the interface 0.3 to
    0.6 s as the log opened and at each key typed in its filter: the first LIST_CHUNK are
    listed at once (the one selected among them), the rest a chunk after each frame."""
    from credo.ui.screens.experiments import LIST_CHUNK

    store, _ = Store.init(tmp_path)
    count = 2 * LIST_CHUNK + 1
    for n in range(count):
        make_exp(store, n, f"Hypothesis number {n}", status="done", outcome="refuted")
    app = CredoApp(store, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)
        options = screen.query_one("#exp-list", OptionList)
        await until(pilot, lambda: options.option_count == count, "every experiment listed")
        await pilot.press("end")
        oldest = screen.selected()
        assert oldest is not None and oldest.hypothesis == "Hypothesis number 0"
        screen.reveal(screen.shown[LIST_CHUNK + 9].id)  # as the commits view's `o` does
        assert options.option_count == LIST_CHUNK + 10  # up to the one selected, for now
        assert options.highlighted == LIST_CHUNK + 9
        await until(pilot, lambda: options.option_count == count, "the rest listed after")
        assert [o.id for o in options.options] == [e.id for e in screen.shown]
        await pilot.press("home")
        screen.redraw()  # as a key typed in the filter does
        assert options.option_count == LIST_CHUNK
        await until(pilot, lambda: options.option_count == count, "the rest listed again")
        await pilot.press("end")
        assert screen.selected() == oldest


async def test_a_long_log_is_listed_with_the_interface_answering_between_chunks(
    tmp_path: Path,
) -> None:
    """The chunks came one after another in one go, with no frame drawn and no key
    answered between them (0.7 to 1.3 s on the big project while its 20,000 runs loaded):
    the next chunk waited for a refresh the screen did not know of yet. Between chunks,
    the event loop now runs: a task of its own sees the list at each chunk's length."""
    from credo.ui.screens.experiments import LIST_CHUNK

    store, _ = Store.init(tmp_path)
    count = 3 * LIST_CHUNK + 1
    for n in range(count):
        make_exp(store, n, f"Hypothesis number {n}", status="done", outcome="refuted")
    app = CredoApp(store, refresh_seconds=3600)
    seen: set[int] = set()

    async def watch() -> None:
        while True:
            for options in app.screen.query("#exp-list").results(OptionList):
                seen.add(options.option_count)
            await asyncio.sleep(0)  # each turn of the loop

    async with app.run_test(size=(120, 40)) as pilot:
        watcher = asyncio.create_task(watch())
        screen = await open_log(app, pilot)
        options = screen.query_one("#exp-list", OptionList)
        await until(pilot, lambda: options.option_count == count, "every experiment listed")
        watcher.cancel()
    assert {LIST_CHUNK, 2 * LIST_CHUNK, 3 * LIST_CHUNK, count} <= seen


async def test_the_logs_list_keeps_its_width_when_its_scrollbar_comes(tmp_path: Path) -> None:
    """The log's list lost two columns to its scrollbar once it had more experiments than
    rows: every label wrapped anew, its lines shifting. The scrollbar's gutter is kept (a
    label, now one line, is cut at the same cell either way)."""

    async def list_lines(count: int) -> list[str]:
        root = tmp_path / f"log{count}"
        root.mkdir()
        store, _ = Store.init(root)
        long = "Balanced batches help the legal domain more than the news domain"
        for n in range(count):
            make_exp(store, n, long if n == count - 1 else f"Experiment {n}", status="done")
        app = frozen(CredoApp(store, today=TODAY, refresh_seconds=60))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_log(app, pilot)
            items = screen.query_one("#exp-list", OptionList)
            width = items.scrollable_content_region.width
            shown = [row[: width + 2] for row in screen_text(app).splitlines()[2:3]]
        assert items.show_vertical_scrollbar == (count > 20)
        return shown

    assert await list_lines(3) == await list_lines(40)  # the newest on top, cut alike


async def test_the_runs_table_is_fitted_beside_its_scrollbar(tmp_path: Path) -> None:
    """An experiment with more runs than the table's rows: its columns were fitted to the
    whole width, under the scrollbar too, so a long command cut in the middle showed
    `…smoothing=0.0` for `label_smoothing=0.05` (its end hidden), over a horizontal bar."""
    root = tmp_path / "ptvid"
    root.mkdir()
    store, _ = Store.init(root)
    exp = make_exp(store, 1, "Warm-up length matters", status="done")
    end = "--label_smoothing=0.05"
    for n in range(15):
        command = ["python", "train.py", f"--warmup_steps={1000 * n}", "--dropout=0.1", end]
        make_run(store, n, exp, {"acc": [0.5]}, command=command)
    app = frozen(CredoApp(store, today=TODAY, refresh_seconds=60))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(app, pilot)
        table = screen.query_one("#exp-runs", DataTable)
        assert table.show_vertical_scrollbar and not table.show_horizontal_scrollbar
        rows = [row for row in screen_text(app).splitlines() if "succeeded" in row]
        assert len(rows) == 11  # the rest below, the scrollbar says
        assert all("… --label_smoothing=0.05 " in row for row in rows), rows  # its end, whole


async def test_the_logs_runs_are_kept_out_of_the_collectors_walks(tmp_path: Path) -> None:
    """The runs the log loads (20,000 on a big project) were built young: the next full
    collection walked them all, 170 to 200 ms holding the interpreter, and the interface
    with it (at the first 4, or a j). Once loaded, they are frozen out of its walks, as
    the runs view's rows are."""
    import gc

    store, _ = Store.init(tmp_path)
    exp = make_exp(store, 1, "Char 3-grams beat words", status="done", outcome="refuted")
    make_run(store, 1, exp, {"loss": [0.9, 0.5]})
    app = CredoApp(store, refresh_seconds=3600)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_log(app, pilot)
            await until(pilot, lambda: screen.runs_read, "the runs read")
            run = screen.runs["r001aaaabbbbcccc"]
            assert not any(walked is run for walked in gc.get_objects())
    finally:
        gc.unfreeze()  # the other tests' objects are walked as before


async def test_a_runs_facts_say_which_checks_its_gate_took_as_offered(
    log_app: CredoApp, log_store: Store
) -> None:
    """The log's run details said `gate: passed` of a run whose gate took the timebox
    check as offered by credo, nobody having ticked it (only the report said so)."""
    offered = [{"check": "principles/just-timeboxed", "offer": "timebox-started"}]
    gate = {"passed": True, "review_ids": [], "evidence_ids": [], "offered": offered}
    log_store.update(Run, "r002aaaabbbbcccc", lambda r: r.model_copy(update={"gate": gate}))
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        facts = " ".join(str(screen.query_one("#run-facts").render()).split())
        said = "gate: passed; just-timeboxed offered, not ticked (the experiment's timebox started)"
        assert said in facts
