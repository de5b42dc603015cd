"""The commits view (H): the current branch's history with what credo links to each
commit, the selected commit in full, and the states of a repository it can only name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from boards import TODAY, make_task
from textual.widgets import DataTable, Input, OptionList

from credo.actions import complete_task
from credo.domain.models import Experiment, GitState, Mark, Review, ReviewEntry, Run, short_sha
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.markup import from_rich_markup
from credo.ui.screens.commits import CommitDetailScreen, CommitsScreen
from pilots import said, screen_text, settle, until

from repos import commit_file, git

WHEN = "2026-11-24T10:00:00+00:00"
"""Every commit's date: the day before the tests' today, so each says `1d ago`."""
EXP = "e001aaaabbbbcccc"
TASK = "t001aaaabbbbcccc"


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A project whose history holds a commit of each kind: one with a task's trailer,
    one closing it, one with an experiment's trailer (a run and a review made at it),
    and commits nothing links to. Dates are fixed: the shas are the same each time."""
    for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(name, WHEN)
    root = tmp_path / "ptvid"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit_file(root, "README.md", "# ptvid\n", "Initial commit")
    store, _ = Store.init(root)
    make_task(store, 1, "Check label balance per domain")
    at = datetime(2026, 11, 24, 9, tzinfo=UTC)
    store.create(
        Experiment.model_validate(
            {
                "id": EXP,
                "hypothesis": "A bigger batch trains faster",
                "timebox": "25m",
                "created": at,
                "updated": at,
            }  # fmt: skip
        )
    )
    commit_file(
        root, "count.py", "1\n", "Count labels per domain\n\nBy domain.\n\nCredo-Task: t001"
    )
    closing = commit_file(root, "load.py", "1\n", "Fix the loader, closes t001")
    complete_task(store, TASK, commit=closing)  # as the board would (its note left out)
    sha = commit_file(root, "train.py", "1\n", f"Try a bigger batch\n\nCredo-Experiment: {EXP[:6]}")
    commit_file(root, "config.py", "1\n", "Tidy the config")
    commit_file(root, "imports.py", "1\n", "Sort the imports")
    store.create(
        Run.model_validate(
            {
                "id": "r001aaaabbbbcccc",
                "experiment": EXP,
                "command": ["python", "train.py"],
                "status": "failed",
                "started": at,
                "ended": at,
                "exit_code": 1,
                "created": at,
                "updated": at,
                "git_start": GitState(sha=sha, branch="main"),
            }  # fmt: skip
        )
    )
    entries = [ReviewEntry(item="start-simple", mark=Mark.CHECKED), ReviewEntry(item="overfit")]
    store.create(
        Review(
            id="rev0rev0rev0rev0",
            pack="training-recipe",
            git=GitState(sha=sha),
            experiment=EXP,
            entries=entries,
            created=at,
            updated=at,
        )  # fmt: skip
    )
    return store


async def open_commits(pilot: Any) -> CommitsScreen:
    await settle(pilot)
    await pilot.press("H")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CommitsScreen)
    await until(pilot, lambda: screen.shown is not None, "the history read")
    await settle(pilot)
    return screen


def rows(screen: CommitsScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def detail(screen: CommitsScreen) -> str:
    """The selected commit's detail as shown (plain words, spaces as one)."""
    return " ".join(from_rich_markup(screen.detail_text).plain.split())


async def test_the_branchs_commits_newest_first_each_with_what_links_to_it(
    history: Store,
) -> None:
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        shown = rows(screen)
        assert [row[4] for row in shown] == [
            "Sort the imports",
            "Tidy the config",
            "Try a bigger batch",
            "Fix the loader, closes t001",
            "Count labels per domain",
            "Initial commit",
        ]
        assert {row[1] for row in shown} == {"1d ago"}
        assert [row[3] for row in shown] == [  # each item's title where its ids leave room
            "",
            "",
            "e001 A bigger… · 1 run · 1 review",
            "closes t001 Check label balance…",
            "t001 Check label balance per domain",
            "",
        ]
        assert shown[0][2] == "Ada Tester" and len(shown[0][0]) == 7
        table = screen.query_one(DataTable)
        quiet, linked = table.get_row_at(0)[4], table.get_row_at(2)[4]
        assert "dim" in str(quiet.style) + str(quiet.spans)  # the history, quieter
        assert "dim" not in str(linked.style) + str(linked.spans)
        assert "main · 6 commits" in screen_text(app)


async def test_the_commits_view_left_open_past_midnight_counts_from_the_new_day(
    history: Store,
) -> None:
    """Each row's day (`1d ago`) was counted from the day the list was read: open across
    midnight, with no commit since, yesterday's commits still read `1d ago` the next day."""
    app = CredoApp(history, today=TODAY, refresh_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        assert {row[1] for row in rows(screen)} == {"1d ago"}
        app.fixed_today = TODAY + timedelta(days=1)  # the clock passes midnight; nothing else
        await until(pilot, lambda: {row[1] for row in rows(screen)} == {"2d ago"}, "2d ago")


async def test_the_detail_says_the_message_and_everything_linked(history: Store) -> None:
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_commits(pilot)
        assert "Nothing in credo links to this commit" in detail(screen)
        await pilot.press("j", "j")  # the experiment's commit
        await settle(pilot)
        said = detail(screen)
        assert f"Try a bigger batch Credo-Experiment: {EXP[:6]}" in said  # the whole message
        assert "experiment e001: A bigger batch trains faster (trailer)" in said
        assert "run r001: failed · exp e001 A bigger batch trains faster · python train.py" in said
        assert "review: training-recipe · 1 of 2 items checked · exp e001" in said
        await pilot.press("j")  # the closing commit
        await settle(pilot)
        said = detail(screen)
        assert "task t001: Check label balance per domain (closes, done at this commit)" in said
        assert "Try a bigger batch" in screen_text(app)  # the pane beside the list


async def test_a_look_reads_each_experiment_once(
    history: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look loaded every experiment, then read each one a commit names again by id."""
    read: list[str] = []
    read_by_id = Store.read

    def counted(self: Store, kind: type[Any], item_id: str) -> Any:
        read.append(kind.kind)
        return read_by_id(self, kind, item_id)

    monkeypatch.setattr(Store, "read", counted)
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_commits(pilot)
        await pilot.press("j", "j")  # the experiment's commit
        await settle(pilot)
        assert "experiment e001: A bigger batch trains faster (trailer)" in detail(screen)
    assert "experiment" not in read and "task" in read  # a task named is read by its id


@pytest.mark.parametrize(
    ("width", "author"), [(140, "AT"), (100, "Ada"), (200, "Ada Tester")], ids=str
)
async def test_the_subject_has_most_of_the_list_and_the_author_what_is_left(
    history: Store, width: int, author: str
) -> None:
    """Beside the pane (140) the initials, alone (100) the first name, 200 the whole name."""
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(width, 40)) as pilot:
        screen = await open_commits(pilot)
        await pilot.press("j", "j")  # the experiment's commit: the widest links
        await settle(pilot)
        widths = {c.key.value: c.width for c in screen.query_one(DataTable).columns.values()}
        assert widths["subject"] >= 40 and widths["subject"] > widths["author"] + widths["links"]
        assert rows(screen)[2][2] == author
        assert "author: Ada Tester" in detail(screen)  # whole there


@pytest.mark.parametrize("width", [140, 80])
async def test_a_history_nothing_links_to_fits_the_list_labels_whole(
    store: Store, width: int
) -> None:
    app = CredoApp(store, today=TODAY)
    async with app.run_test(size=(width, 24)) as pilot:
        screen = await open_commits(pilot)
        table = screen.query_one(DataTable)
        assert table.max_scroll_x == 0  # no column pushed past the edge
        header = screen_text(app).splitlines()[1]
        assert "links" in header and "subject" in header


async def test_a_revert_quoting_a_closing_is_not_listed_as_closing(history: Store) -> None:
    git(history.project_root, "revert", "--no-edit", "HEAD~3")  # Fix the loader: closes t001
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        assert rows(screen)[0][3:] == [
            "t001 Check label balance per domain",
            'Revert "Fix the loader, closes t001"',
        ]
        assert "task t001: Check label balance per domain (named: a revert closes nothing)" in (
            detail(screen)
        )


async def test_a_closing_word_naming_an_experiment_says_it_closes_tasks_only(
    history: Store,
) -> None:
    commit_file(history.project_root, "wins.py", "1\n", f"The bigger batch wins, closes {EXP[:4]}")
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_commits(pilot)
        assert rows(screen)[0][3] == "e001 A bigger…"  # it closes nothing
        said = detail(screen)
        assert "experiment e001: A bigger batch trains faster (named: closing words close" in said
        assert "close tasks only)" in said


async def test_a_commit_naming_the_start_of_two_ids_says_it_links_to_neither(
    history: Store,
) -> None:
    """`closes t001a`, where two tasks' ids start so, links to neither: `credo log`,
    `show`, `ls` and the board say so, the commits view listed it as a commit nothing
    links to and its detail said nothing. It lists `t001a?`, and the detail says it in
    the shell's and the board's words (`unsure_line`)."""
    make_task(history, 2, "Plot the curves", id="t001aaaazzzz0000")
    sha = commit_file(history.project_root, "plot.py", "1\n", "Plot them, closes t001a")
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_commits(pilot)
        assert rows(screen)[0][3:] == ["t001a?", "Plot them, closes t001a"]
        assert (
            f"commit {short_sha(sha)} names t001a, the start of 2 ids here: credo cannot tell"
            " which it meant and links it to none (nor closes any: credo done ID closes the"
            " one it meant)"
        ) in detail(screen)
        assert "Nothing in credo links to this commit" not in detail(screen)


async def test_L_lists_only_the_linked_commits_and_again_every_one(history: Store) -> None:
    """The footer said `L Linked only` with only the linked commits listed, where L lists
    every commit again: it says what L does now."""
    from credo.ui.keys import binding_commands

    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert " L Linked only " in footer and "Every commit" not in footer
        await pilot.press("L")
        await settle(pilot)
        assert [row[4] for row in rows(screen)] == [
            "Try a bigger batch",
            "Fix the loader, closes t001",
            "Count labels per domain",
        ]
        assert "3 linked commits shown" in screen_text(app)
        footer = screen_text(app).splitlines()[-1]
        assert " L Every commit " in footer and "Linked only" not in footer
        titles = {title for title, *_ in binding_commands(screen)}
        assert "Every commit" in titles and "Linked only" not in titles  # the palette's too
        await pilot.press("L")
        await settle(pilot)
        assert len(rows(screen)) == 6
        assert " L Linked only " in screen_text(app).splitlines()[-1]


async def test_one_keymap_id_moves_L_in_both_of_its_states(history: Store) -> None:
    """L was two bindings with two ids (`commits.linked`, `commits.every`): a keymap that
    moved `commits.linked` left `Every commit` on L. One id names it in both states."""
    from credo.store.userconfig import save_user_config

    save_user_config(keymap={"commits.linked": "x"})
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        assert " x Linked only " in screen_text(app).splitlines()[-1]
        await pilot.press("x")
        await settle(pilot)
        assert len(rows(screen)) == 3
        footer = screen_text(app).splitlines()[-1]
        assert " x Every commit " in footer and " L " not in footer
        await pilot.press("x")
        await settle(pilot)
        assert len(rows(screen)) == 6
        assert " x Linked only " in screen_text(app).splitlines()[-1]
        assert not [m for m in said(app) if "[keymap]" in m]  # a known id


async def test_under_140_columns_i_shows_the_commit_over_the_list(history: Store) -> None:
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_commits(pilot)
        assert not screen.query_one("#commit-pane").display
        await pilot.press("j", "j", "i")
        await settle(pilot)
        assert isinstance(app.screen, CommitDetailScreen)
        assert "experiment e001: A bigger batch trains faster" in " ".join(
            screen_text(app).replace("│", " ").split()
        )
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("enter")  # as on the board's rows
        await settle(pilot)
        assert isinstance(app.screen, CommitDetailScreen)


async def test_a_commit_made_in_another_terminal_shows_within_the_poll(history: Store) -> None:
    app = CredoApp(history, today=TODAY, refresh_seconds=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        commit_file(history.project_root, "more.py", "1\n", "Plot the loss, closes t001")
        await until(pilot, lambda: rows(screen)[0][4] == "Plot the loss, closes t001", "the commit")
        assert rows(screen)[0][3] == "closes t001 Check label balance…"


@pytest.fixture
def four_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commits view reads the history's 6 commits 4 at a time."""
    import credo.ui.screens.commits as commits_view

    monkeypatch.setattr(commits_view, "HISTORY_PAGE", 4)


@pytest.mark.usefixtures("four_a_page")
async def test_a_long_history_lists_its_newest_and_m_reads_more(history: Store) -> None:
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        assert len(rows(screen)) == 4
        assert "the 4 newest commits · m 4 more" in screen_text(app)
        await pilot.press("m")
        await until(pilot, lambda: len(rows(screen)) == 6, "the older commits")
        await settle(pilot)
        assert "main · 6 commits" in screen_text(app)
        assert "m More" not in screen_text(app)  # nothing more to read


async def test_the_list_measures_none_of_its_cells(
    history: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every column has its width, yet the table measured each cell of the rows it was
    given (1,000 for 200 commits: 48 to 72 ms holding the interface as the view opened)."""
    from rich.text import Text

    measured: list[str] = []
    own = Text.__rich_measure__

    def counted(text: Text, console: Any, options: Any) -> Any:
        measured.append(text.plain)
        return own(text, console, options)

    monkeypatch.setattr(Text, "__rich_measure__", counted)
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        subjects = {row[4] for row in rows(screen)}
        await pilot.press("L")  # drawn anew
        await settle(pilot)
        assert len(subjects) == 6 and not subjects & set(measured)
        assert "Fix the loader, closes t001" in screen_text(app)


@pytest.mark.usefixtures("four_a_page")
async def test_m_adds_the_older_rows_below_and_leaves_the_drawn_ones_alone(history: Store) -> None:
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 7)) as pilot:
        screen = await open_commits(pilot)
        table = screen.query_one(DataTable)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        drawn = dict(table.rows)
        cells = {key: table.get_row(key) for key in drawn}
        scrolled = table.scroll_y
        assert scrolled > 0  # a short terminal: the third row down scrolled the list
        await pilot.press("m")
        await until(pilot, lambda: table.row_count == 6, "the older commits")
        await settle(pilot)
        # not drawn anew: the same rows, the same cells, the cursor and scroll unmoved
        assert all(table.rows[key] is row for key, row in drawn.items())
        assert all(
            a is b for key in drawn for a, b in zip(table.get_row(key), cells[key], strict=True)
        )
        assert table.cursor_row == 3 and table.scroll_y == scrolled
        assert detail(screen).startswith(str(list(drawn)[3].value))


async def test_m_fits_the_columns_to_the_rows_it_adds_without_drawing_the_list_anew(
    history: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows `m` added kept the widths fitted to the first page: the experiment's
    links, wider than any the first page had, read `e001…` until a redraw."""
    import credo.ui.screens.commits as commits_view

    monkeypatch.setattr(commits_view, "HISTORY_PAGE", 2)  # two commits nothing links to
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        table = screen.query_one(DataTable)
        drawn = dict(table.rows)
        await pilot.press("m")
        await until(pilot, lambda: table.row_count == 4, "the older commits")
        await settle(pilot)
        assert "e001 A bigger… · 1 run · 1 review" in screen_text(app)
        assert all(table.rows[key] is row for key, row in drawn.items())  # not drawn anew


async def test_a_poll_redraws_only_the_cells_that_changed(history: Store) -> None:
    app = CredoApp(history, today=TODAY, refresh_seconds=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        table = screen.query_one(DataTable)
        drawn = dict(table.rows)
        cells = {key: table.get_row(key) for key in drawn}
        run = history.read(Run, "r001aaaabbbbcccc")
        history.create(run.model_copy(update={"id": "r002aaaabbbbcccc"}))
        await until(
            pilot, lambda: rows(screen)[2][3] == "e001 A bigger… · 2 runs · 1 review", "the run"
        )
        assert all(table.rows[key] is row for key, row in drawn.items())
        changed = [
            (row, column)
            for row, key in enumerate(drawn)
            for column, (a, b) in enumerate(zip(table.get_row(key), cells[key], strict=True))
            if a is not b
        ]
        assert changed == [(2, 3)]  # the links of the experiment's commit alone


async def test_o_opens_the_commits_task_on_the_board_under_the_filter_that_shows_it(
    history: Store,
) -> None:
    from credo.ui.screens.board import BoardScreen

    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        await pilot.press("o")  # the newest commit names nothing
        await settle(pilot)
        assert app.screen is screen and said(app)[-1] == "This commit names no task or experiment"
        await pilot.press("j", "j", "j", "o")  # closes t001: done, so under status:done
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        task = board.selected_task()
        assert task is not None and task.id == TASK
        assert board.query_one("#filter", Input).value == "status:done"
        assert "Check label balance per domain" in screen_text(app)  # its detail beside
        await pilot.press("escape")  # the filter, as one typed
        await settle(pilot)
        assert board.state.filter_words == []


async def test_o_opens_an_experiment_in_the_log_its_filter_giving_way(history: Store) -> None:
    from credo.ui.screens.experiments import ExperimentsScreen

    newer = datetime(2026, 11, 24, 11, tzinfo=UTC)  # first in the log
    fields = {"hypothesis": "Warm up", "timebox": "25m", "created": newer, "updated": newer}
    history.create(Experiment.model_validate({"id": "e002aaaabbbbcccc", **fields}))
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("E", "slash", *"bigger", "enter", "H")  # a filter it passes
        screen = await open_commits(pilot)
        await pilot.press("j", "j")  # the experiment's commit: no task
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert " o Open " in footer and "Open task" not in footer, footer  # said a task
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, ExperimentsScreen), "the log")
        log = app.screen
        assert isinstance(log, ExperimentsScreen)
        assert log.selected_id == EXP and log.filter_words == ["bigger"]
        await pilot.press("escape", "slash", *"warm", "enter", "H")  # one that hides it
        await settle(pilot)
        assert app.screen is screen and rows(screen)[2][4] == "Try a bigger batch"
        await pilot.press("o")  # the commits view is where it was
        await until(pilot, lambda: app.screen is log, "the log")
        await until(pilot, lambda: log.selected_id == EXP and not log.filter_words, "it selected")
        await settle(pilot)
        assert log.query_one("#exp-list", OptionList).highlighted == 1  # below e002


async def test_o_leaves_the_experiment_in_sight_as_the_running_ones_clock_ticks(
    history: Store,
) -> None:
    """`o` opening the log for the first time scrolled to the experiment, its list
    measured before its scrollbar came: the running experiment's first tick wrapped the
    labels anew, a line or two longer, and the experiment went below sight. The list
    keeps it in sight as its labels wrap anew, on a tick or a resize."""
    from credo.ui.screens.experiments import ExperimentsScreen
    from credo.ui.widgets.countdown import Countdown

    at = datetime(2026, 11, 24, 10, tzinfo=UTC)  # newer than the commit's experiment
    words = "warm up the learning rate over the first epoch before the decay " * 2
    for n in range(2, 30):  # labels of every length: some fit only without a scrollbar
        when = {"created": at + timedelta(minutes=n), "updated": at + timedelta(minutes=n)}
        fields = {"hypothesis": words[: 26 + n].strip(), "timebox": "25m", **when}
        history.create(Experiment.model_validate({"id": f"e{n:03d}aaaabbbbcccc", **fields}))
    moment = [datetime(2026, 11, 25, 9, tzinfo=UTC)]
    running = {"status": "running", "started": moment[0], "created": at, "updated": at}
    fields = {"hypothesis": "Bigger warm-up", "timebox": "25m", **running}
    history.create(Experiment.model_validate({"id": "e099aaaabbbbcccc", **fields}))
    app = CredoApp(history, today=TODAY, refresh_seconds=3600)
    app.clock = lambda: moment[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_commits(pilot)
        await pilot.press("j", "j", "o")  # Credo-Experiment: the oldest, at the list's end
        await until(pilot, lambda: isinstance(app.screen, ExperimentsScreen), "the log")
        await settle(pilot)
        log = app.screen
        options = log.query_one("#exp-list", OptionList)
        assert options.highlighted == 29

        def in_sight() -> bool:
            drawn = [options.render_line(y).text for y in range(options.size.height)]
            return any("A bigger batch trains faster" in line for line in drawn)

        moment[0] += timedelta(seconds=1)
        log.query_one(Countdown).tick()
        await settle(pilot)
        assert in_sight()
        await pilot.resize_terminal(100, 40)  # narrower: every label wraps anew
        await settle(pilot)
        assert in_sight()


async def test_o_under_100_columns_shows_the_task_over_the_board(history: Store) -> None:
    from credo.ui.screens.detail import DetailScreen

    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_commits(pilot)
        await pilot.press("j", "j", "j", "j", "o")  # Credo-Task: t001
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "Check label balance per domain" in screen_text(app)


def detached(root: Path) -> None:
    git(root, "checkout", "-q", "--detach", "HEAD~1")


def unborn(root: Path) -> None:
    git(root, "checkout", "-q", "--orphan", "fresh")


def shallow(root: Path) -> Path:
    clone = root.parent / "clone"
    git(root.parent, "clone", "-q", "--depth", "2", f"file://{root}", str(clone))
    return clone


def not_a_repository(root: Path) -> Path:
    plain = root.parent / "plain"
    plain.mkdir()
    Store.init(plain)
    return plain


@pytest.mark.parametrize(
    ("make", "says", "commits"),
    [
        (detached, "detached HEAD at", 5),
        (unborn, "no commits yet: the history starts with your first commit", 0),
        (shallow, "shallow clone: the history stops where the clone's does", 2),
        (not_a_repository, "not a git repository: git linkage is off", 0),
    ],
)
async def test_a_repository_the_view_cannot_show_whole_says_so(
    history: Store, make: Any, says: str, commits: int
) -> None:
    root = make(history.project_root) or history.project_root
    if not (root / ".credo").exists():
        Store.init(root)
    app = CredoApp(Store(root), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_commits(pilot)
        assert says in " ".join(screen_text(app).split())
        assert len(rows(screen)) == commits


async def test_H_from_every_view_and_esc_back_to_the_board(history: Store) -> None:
    from credo.ui.keys import binding_commands

    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        for view in ("E", "C", "r"):
            await settle(pilot)
            await pilot.press(*view)
            await settle(pilot)
            await pilot.press("H")
            await settle(pilot)
            assert isinstance(app.screen, CommitsScreen), view
            await pilot.press("escape")
            await settle(pilot)
            assert app.current_mode == "board"
        await pilot.press("question_mark")
        await settle(pilot)
        assert ("H", "Commits") in [row[:2] for row in app.screen.rows]  # type: ignore[attr-defined]
        await pilot.press("escape", "H")
        await settle(pilot)
        titles = {title for title, *_ in binding_commands(app.screen)}
        assert "Linked only" in titles and "Commits" not in titles  # not the view it is in


@pytest.mark.parametrize(
    "size", [(140, 40), (100, 30), (80, 24)], ids=lambda s: "x".join(map(str, s))
)
def test_commits_view_snapshot(history: Store, snap_compare: Any, size: tuple[int, int]) -> None:
    """Beside the detail from 140 columns; narrower, the list has the width."""

    async def linked(pilot: Any) -> None:
        await open_commits(pilot)
        await pilot.press("j", "j")
        await settle(pilot)

    app = CredoApp(history, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=linked)


async def test_the_view_is_grey_under_no_color(
    history: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_no_color import hues

    monkeypatch.setenv("NO_COLOR", "1")
    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_commits(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        assert hues(app.export_screenshot()) == set()


async def test_a_views_poll_as_the_app_closes_does_nothing(history: Store) -> None:
    """A poll timer can fire once the app has emptied its screens on the way out: asking
    which screen shows raised there, and the traceback ended the app."""
    from credo.ui.screens.runs import RunsScreen

    app = CredoApp(history, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        runs = app.screen
        assert isinstance(runs, RunsScreen)
        await pilot.press("escape")
        commits = await open_commits(pilot)
    with app._context():  # as a timer's callback runs: the app active, its stack empty
        commits.poll()
        runs.poll()
