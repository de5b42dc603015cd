"""The report screen: `R` opens it, periods switch, `c` copies the Markdown."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from boards import TODAY, make_task
from textual.containers import VerticalScroll

from credo.domain.models import Task
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen
from credo.ui.screens.report import ReportScreen
from pilots import opened, said, screen_text, settle, until

from repos import commit_file, shared_board

EVERY = 10
"""`StoreFeed`'s polls between two looks for edits in place (no folder's mtime moved)."""


async def test_report_key_periods_and_copy(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot, "R", ReportScreen)
        # the board's tasks were all created five days before "today": not in a day's report
        assert "## Added" not in screen.markdown
        assert "**3d overdue**: Fix leakage between train and valid" in screen.markdown
        await pilot.press("w")
        await settle(pilot)
        assert "## Added (7)" in screen.markdown
        # `w` is `--since week`, the last 7 days (not `this week`, from Monday): its key,
        # tooltip and title say so, where the key said "Week"
        shown = screen_text(board_app)
        assert "Report · last 7 days" in shown and "w 7 days" in shown and "m 30 days" in shown
        assert "Check label balance per domain" in screen.markdown
        await pilot.press("c")
        assert board_app.clipboard == screen.markdown
        assert board_app.clipboard.startswith("# ptvid — report")
        # No terminal answers an OSC 52 copy: the words say it was sent, and what always works.
        [sent] = [m for m in said(board_app) if "clipboard" in m]
        assert sent.startswith("Sent as Markdown to the terminal's clipboard")
        assert "credo report --since week > report.md always works" in sent
        await pilot.press("escape")
        assert isinstance(board_app.screen, BoardScreen)


async def test_the_report_left_open_past_midnight_is_of_the_new_day(
    board_app: CredoApp,
) -> None:
    """The report was built once, when opened: left open across midnight, it still said
    the overdue days and the period of the day before."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot, "R", ReportScreen)
        assert "**3d overdue**: Fix leakage between train and valid" in screen.markdown
        assert board_app.fixed_today is not None
        board_app.fixed_today += timedelta(days=1)  # the clock passes midnight; no key
        await until(pilot, lambda: "**4d overdue**: Fix leakage" in screen.markdown, "4d overdue")


async def test_the_report_left_open_says_a_change_made_in_another_terminal(
    board_app: CredoApp, board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report was built once, when opened: a task dropped meanwhile (credo drop in
    another terminal) was still overdue in it. A poll with nothing changed builds none."""
    import credo.actions.report as report_actions
    from credo.actions.tasks import drop_task

    built = []
    build_report = report_actions.build_report
    monkeypatch.setattr(
        report_actions, "build_report", lambda *a, **k: built.append(1) or build_report(*a, **k)
    )
    board_app.refresh_seconds = 3600  # only the polls below
    async with board_app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot, "R", ReportScreen)
        assert "**3d overdue**: Fix leakage between train and valid" in screen.markdown
        for _ in range(EVERY):  # a look for edits in place among them
            screen.poll()
            await settle(pilot)
        assert built == [1]  # the opening's
        drop_task(Store(board_store.project_root), "t002")  # another process's store
        screen.poll()
        await settle(pilot)
        assert "Fix leakage" not in screen.markdown
        assert built == [1, 1]


async def test_report_is_in_the_palette(board_app: CredoApp) -> None:
    async with board_app.run_test(size=(120, 40)):
        titles = [c.title for c in board_app.get_system_commands(board_app.screen)]
        assert "Report" in titles


async def open_week(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("R")
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)


def test_report_screen_snapshot(snap_compare: Any, board_app: CredoApp) -> None:
    assert snap_compare(board_app, terminal_size=(110, 40), run_before=open_week)


@pytest.mark.parametrize("view", ["R", "question_mark"])
async def test_the_report_and_the_help_scroll_with_j_and_k(board_app: CredoApp, view: str) -> None:
    """As every other list and view does: j down, k up."""
    async with board_app.run_test(size=(80, 14)) as pilot:
        await open_week(pilot) if view == "R" else await pilot.press(view)
        await settle(pilot)
        [pane] = [s for s in board_app.screen.query(VerticalScroll) if s.max_scroll_y > 0]
        await pilot.press("j", "j")
        await settle(pilot)
        assert pane.scroll_y > 0
        await pilot.press("k", "k")
        await settle(pilot)
        assert pane.scroll_y == 0


async def test_another_period_shows_its_report_from_the_top(board_app: CredoApp) -> None:
    """d, w and m kept the place scrolled to in the report before: w after End showed the
    week's report from the middle, its title and first sections above the pane."""
    async with board_app.run_test(size=(80, 14)) as pilot:
        await open_week(pilot)
        [pane] = [s for s in board_app.screen.query(VerticalScroll) if s.max_scroll_y > 0]
        await pilot.press("end")
        await settle(pilot)
        assert pane.scroll_y > 0
        await pilot.press("m")
        await settle(pilot)
        assert pane.scroll_y == 0
        assert "ptvid — report" in screen_text(board_app)


async def test_the_report_has_what_was_made_in_the_second_it_was_made(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The view's report ended at "now" cut to the whole second: a task added, an
    experiment started or a commit made in the second R was pressed was not in it until
    the next change or day turn. It ends where `credo report`'s does, and says the same."""
    from credo.actions.report import build_report
    from credo.domain.models import Experiment, Task
    from credo.domain.period import parse_period
    from credo.text.report import to_markdown

    second = datetime(2020, 6, 1, 10, 0, tzinfo=UTC)  # the app's clock, not the machine's
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):  # git keeps whole seconds
        monkeypatch.setenv(name, second.isoformat())
    commit_file(repo, "train.py", "print(1)\n", "Warm the learning rate up")
    store, _ = Store.init(repo)
    made = second + timedelta(milliseconds=300)
    store.create(
        Task.model_validate(
            {"id": "t001aaaabbbbcccc", "title": "Log the seeds", "created": made, "updated": made}
        )
    )
    store.create(
        Experiment.model_validate(
            {
                "id": "e001aaaabbbbcccc",
                "hypothesis": "Warmup helps",
                "timebox": "25m",
                "status": "running",
                "started": made,
                "created": made,
                "updated": made,
            }
        )
    )
    moment = second + timedelta(milliseconds=600)
    app = CredoApp(store, refresh_seconds=3600)
    app.clock = lambda: moment
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot, "R", ReportScreen)
        assert "Log the seeds" in screen.markdown
        assert "Warmup helps" in screen.markdown
        assert "Warm the learning rate up" in screen.markdown
        cli = build_report(store, *parse_period("yesterday", None, moment))
        assert screen.markdown == to_markdown(cli)  # `credo report`'s, at the same moment


async def test_a_commit_made_while_the_report_is_open_is_in_it_after_a_poll(
    repo: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R's report followed credo's files, not git: a commit made in another terminal (and
    the task its "closes" marked done) showed only when R was pressed again. A look at
    git that finds HEAD where it was builds nothing."""
    import credo.actions.report as report_actions
    from credo import actions
    from credo.ui.widgets.header import GIT_EVERY

    built = []
    build_report = report_actions.build_report
    monkeypatch.setattr(
        report_actions, "build_report", lambda *a, **k: built.append(1) or build_report(*a, **k)
    )
    task, _ = actions.add_task(store, "Fix leakage between train and valid")
    app = CredoApp(store, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        # The report keeps the HEAD the app's header read; opened before that first read
        # (a loaded machine), it rightly builds again when its own header reads HEAD.
        await until(pilot, lambda: app.head_sha is not None, "the board's first read of HEAD")
        screen = await opened(pilot, "R", ReportScreen)
        for _ in range(GIT_EVERY):  # a read of git among them
            app.poll()
            await settle(pilot)
        assert built == [1] and "## Commits (1)" in screen.markdown
        short = store.short_ids(Task)[task.id]
        sha = commit_file(repo, "split.py", "1\n", f"Dedupe the splits, closes {short}")
        app.poll()  # its look at git's files
        await settle(pilot)
        assert built == [1, 1]
        assert f"- `{sha[:7]}` Dedupe the splits, closes {short} — " in screen.markdown
        assert "## Commits (2)" in screen.markdown
        board.poll_git()  # the board marks the task done
        await settle(pilot)
        screen.poll()
        await settle(pilot)
        done = f"- [x] Fix leakage between train and valid `{short}` — at commit `{sha[:7]}`"
        assert done in screen.markdown.split("## Done (1)", 1)[1]


async def test_the_reports_overdue_days_are_by_the_apps_clock(tmp_path: Path) -> None:
    """The view counted a task's overdue days from the machine's date, its period from the
    app's clock: under a frozen clock a task due two days before it was `2381d overdue`
    (to December 2026), where `credo report` at that moment, whose today is its period's
    end, said 2d. Both read the app's clock now, and say the same."""
    from credo.actions.report import build_report
    from credo.domain.period import parse_period
    from credo.text.report import to_markdown

    moment = datetime(2020, 6, 1, 10, 0, tzinfo=UTC)
    store, _ = Store.init(tmp_path)
    due = moment.astimezone().date() - timedelta(days=2)
    make_task(store, 1, "Fix leakage between train and valid", important=True, due=due)
    app = CredoApp(store, refresh_seconds=3600)
    app.clock = lambda: moment
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot, "R", ReportScreen)
        assert "**2d overdue**: Fix leakage between train and valid" in screen.markdown
        cli = build_report(store, *parse_period("yesterday", None, moment))
        assert screen.markdown == to_markdown(cli)  # `credo report`'s, at the same moment


async def test_a_fixed_days_report_holds_all_of_that_day(board_store: Store) -> None:
    """With its day fixed (the tests' mode) the view's report ended at 23:59: a task added
    in the day's last minute was not in it, as if made the day after."""
    from credo.domain.period import local_moment

    made = local_moment(TODAY, time(23, 59, 30))
    make_task(board_store, 9, "Log the seeds", created=made, updated=made)
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot, "R", ReportScreen)
        assert "## Added (1)" in screen.markdown and "Log the seeds" in screen.markdown


async def test_a_commit_with_the_report_open_is_read_by_one_git_status(
    repo: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With R open over the board, a commit made in another terminal had both headers
    run `git status` (the board's, out of sight under R, and R's), and opening R ran one
    more with nothing changed. The header in sight reads git for all: R's, whose read
    puts the commit in the report, and the board's shows it once back, reading nothing."""
    from credo.gitlink import state
    from credo.ui.widgets.header import HeaderLine

    captures = []
    capture = state.capture

    def counting(*args: Any, **kwargs: Any) -> state.RepoState:
        captures.append(1)
        return capture(*args, **kwargs)

    monkeypatch.setattr(state, "capture", counting)
    app = CredoApp(store, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        await until(pilot, lambda: app.head_sha is not None, "the board's first read of HEAD")
        await settle(pilot)
        board_header = board.query_one(HeaderLine)
        captures.clear()
        screen = await opened(pilot, "R", ReportScreen)
        header = screen.query_one(HeaderLine)
        assert captures == []  # git as the board's header last read it
        assert header.shown == board_header.shown
        sha = commit_file(repo, "split.py", "1\n", "Dedupe the splits")
        app.poll()  # the app's timer, R's header on top
        await settle(pilot)
        assert captures == [1]
        assert f"- `{sha[:7]}` Dedupe the splits — " in screen.markdown
        assert app.head_sha == sha and header.shown[2] == sha
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is board
        app.poll()
        await settle(pilot)
        assert captures == [1]
        assert board_header.shown == header.shown  # the new commit, with no read of its own


async def test_a_poll_between_the_headers_read_and_the_app_keeps_the_new_sha(
    repo: Path, store: Store
) -> None:
    """A header's read reached the app after the header, bubbling on as a message: the
    header's timer polling in between took the app's older read for another header's,
    showed it and handed it on, and the app (and R, at its next build) went back to
    the sha before the commit. The app alone keeps what git answered, as it comes: a
    header showing an older read (posted by a poll before the answer) changes nothing
    the app keeps, and its next poll shows the new sha."""
    from credo.gitlink.state import capture
    from credo.ui.widgets.header import HeaderLine

    app = CredoApp(store, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.head_sha is not None, "the board's first read of HEAD")
        await settle(pilot)
        header = app.screen.query_one(HeaderLine)
        before = header.shown
        sha = commit_file(repo, "split.py", "1\n", "Dedupe the splits")
        read = capture(repo, with_patch=False)
        app.on_credo_app_git_looked(
            CredoApp.GitLooked(HeaderLine.GitRead(read.summary(), read.summary(short=True), sha))
        )  # git's answer, kept by the app...
        header.on_header_line_git_read(HeaderLine.GitRead(*before))  # ...an older one shown
        assert app.head_sha == sha
        app.poll()  # ...and the app's timer in between
        await settle(pilot)
        assert header.shown[2] == sha
        assert app.head_sha == sha


async def test_the_report_view_is_titled_alike_in_every_clone(
    tmp_path: Path, credo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R in Bob's clone (folder `bob`) titled the report "bob", in Alice's "alice": the
    title is the origin remote's repository in both (`remote.git`: "remote")."""
    alice, bob = shared_board(tmp_path, credo)
    for clone in (alice, bob):
        monkeypatch.chdir(clone)
        app = CredoApp(Store.open(clone), today=TODAY)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await opened(pilot, "R", ReportScreen)
            assert screen.markdown.startswith("# remote — report")
