"""Delegating on the board: assignees, the Delegate question, and agents' changes
(made by a real `credo mcp` in another process) marked and undone with `U`, never `u`."""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from credo.domain.models import Task
from credo.domain.quadrants import Quadrant
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen
from credo.ui.widgets.task_list import TaskList
from mcp_client import call, credo_mcp
from pilots import Held, reads_while_applying, said, screen_text, settle, until

from repos import commit_file, git, logged_git

TODAY = date(2026, 11, 25)


def rows(app: CredoApp, quadrant: Quadrant) -> list[object]:
    return list(app.screen.query_one(f"#list-{quadrant.value}", TaskList).rows)


def titles(app: CredoApp, quadrant: Quadrant) -> list[str]:
    return [r.task.title for r in rows(app, quadrant) if r.task]  # type: ignore[attr-defined]


def on_disk(store: Store, task_id: str) -> dict[str, object]:
    return tomllib.loads((store.credo_dir / "tasks" / f"{task_id}.toml").read_text())


async def wait_for(pilot: object, condition: object, tries: int = 200) -> None:
    """Let the board poll (0.2 s here) until `condition()` holds, or give up."""
    for _ in range(tries):
        if condition():  # type: ignore[operator]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError("the board never showed it")


async def test_moving_to_delegate_asks_who_and_enter_names_them(
    board_app: CredoApp, board_store: Store
) -> None:
    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "3")  # Schedule's first task to Delegate
        await settle(pilot)
        assert board_app.screen.query_one("#assignee-name", Input).has_focus
        await pilot.press(*"agent:codex", "enter")
        await settle(pilot)
        data = on_disk(board_store, "t003aaaabbbbcccc")
        assert data["assignee"] == "agent:codex" and data["urgent"] and not data["important"]
        assert "Write the related-work section" in titles(board_app, Quadrant.DELEGATE)
        await pilot.press("u")  # one change, one undo: back to Schedule, with no one
        await settle(pilot)  # written in a worker
        assert "assignee" not in on_disk(board_store, "t003aaaabbbbcccc")
        assert "Write the related-work section" in titles(board_app, Quadrant.SCHEDULE)
        await pilot.press("3", "escape")  # skipped: moved all the same, to no one
        await settle(pilot)
        data = on_disk(board_store, "t003aaaabbbbcccc")
        assert data["urgent"] and "assignee" not in data


async def test_a_click_on_a_name_under_the_delegate_question_fills_it_in(
    board_app: CredoApp, board_store: Store
) -> None:
    """`→ completes (…)` under the delegate question listed names a person could not
    click: each is a link now, which fills the field in; enter delegates to it."""
    from textual.widgets import Static

    async with board_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "3")  # Schedule's first task to Delegate
        await settle(pilot)
        question = board_app.screen
        names = question.names  # type: ignore[attr-defined]
        assert len(names) >= 2, names
        line = question.query_one("#assignee-names", Static)
        shown = str(line.render())
        await pilot.click(line, offset=(shown.index(names[1]) + 1, 0))
        await settle(pilot)
        field = question.query_one("#assignee-name", Input)
        assert field.value == names[1] and field.has_focus
        await pilot.press("enter")
        await settle(pilot)
    assert on_disk(board_store, "t003aaaabbbbcccc")["assignee"] == names[1]


async def test_assignees_show_filter_and_complete_in_the_edit_form(tmp_path: Path) -> None:
    root = tmp_path / "lab"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "commit", "-q", "--allow-empty", "-m", "x", "--author", "Bruno Silva <b@x.org>")
    commit_file(root, "README.md", "# lab\n", "Readme")
    store, _ = Store.init(root)
    from credo import actions

    actions.add_task(store, "Answer the reviewer ^ @agent:codex")
    actions.add_task(store, "Rerun the baseline ^")
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.authors)  # read by the git worker
        assert sorted(app.authors) == ["Ada Tester", "Bruno Silva"]
        drawn = [
            app.screen.query_one("#list-delegate", TaskList).row_text(r, 60).plain
            for r in rows(app, Quadrant.DELEGATE)
        ]
        assert any(line.startswith(" Answer the reviewer @agent:codex") for line in drawn)
        assert any(line.startswith(" Rerun the baseline @?") for line in drawn)  # no one yet
        await pilot.press("slash", *"@codex", "enter")
        assert titles(app, Quadrant.DELEGATE) == ["Answer the reviewer"]
        await pilot.press("escape")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.select(next(t.id for t in board.state.tasks.values() if t.title.startswith("Rerun")))
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one("#edit-assignee", Input)
        field.focus()
        await pilot.press(*"bru")
        await settle(pilot)
        await pilot.press("right")  # takes the suggestion
        assert field.value == "Bruno Silva"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [task] = [t for t in store.tasks() if t.title == "Rerun the baseline"]
        assert task.assignee == "Bruno Silva"


async def test_a_done_task_of_delegate_asks_for_no_one(board_store: Store) -> None:
    """`status:done` showed a done task of Delegate with `@?` (no one has it yet), where
    no one is needed any more."""
    from credo import actions

    done, _ = actions.add_task(board_store, "Send the slides ^")
    actions.complete_task(board_store, done.id)
    app = CredoApp(board_store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"status:done", "enter")
        await until(pilot, lambda: titles(app, Quadrant.DELEGATE) == ["Send the slides"])
        delegate = app.screen.query_one("#list-delegate", TaskList)
        [row] = rows(app, Quadrant.DELEGATE)
        assert delegate.row_text(row, 60).plain.rstrip() == " ✓ Send the slides"


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_a_long_title_gives_way_to_the_assignee(board_store: Store, width: int) -> None:
    """Delegate shows who has each task: a long title is cut, never the name."""
    from credo import actions

    long = "Rewrite the whole evaluation harness so that every benchmark runs in one place"
    actions.add_task(board_store, f"{long} ^ #eval", assignee="Bruno Silva")
    actions.add_task(board_store, f"{long} again, for the other cluster ^")
    app = CredoApp(board_store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        delegate = app.screen.query_one("#list-delegate", TaskList)
        drawn = [
            delegate.row_text(r, delegate.size.width).plain for r in rows(app, Quadrant.DELEGATE)
        ]
        assert any("Rewrite the whole" in line and "@Bruno Silva" in line for line in drawn)
        assert any("Rewrite the whole" in line and "@?" in line for line in drawn)
        assert "@Bruno Silva" in shown and "@?" in shown
        assert long not in shown  # the title gave way


@pytest.mark.parametrize("width", [100, 120])
async def test_a_long_name_gives_way_before_the_title_is_cut_to_nothing(
    board_store: Store, width: int
) -> None:
    """Between 100 and 139 columns the quadrants are narrow beside the detail pane, and a
    whole name cut the title to a letter or two (`⎇ F… @Bruno Carvalho in 6d`). Where the
    title would keep less than half the row, the name shortens: a person to the first
    name, an agent to `a:` and its name (without it, `@codex` read as a person named
    codex); the detail pane names them whole."""
    from credo import actions

    title = "Find pt-BR legal and social-media text"
    actions.add_task(board_store, f"{title} ^ due:2026-12-01", assignee="Bruno Carvalho")
    actions.add_task(
        board_store, "Rerun the baseline with seeds 1 and 2 ^ @agent:codex due:2026-12-01"
    )
    app = CredoApp(board_store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        delegate = app.screen.query_one("#list-delegate", TaskList)
        drawn = {
            r.task.title: delegate.row_text(r, delegate.size.width).plain  # type: ignore[attr-defined]
            for r in rows(app, Quadrant.DELEGATE)
        }
        half = (delegate.size.width - len(" in 6d ") - 1) // 2
        assert "@Bruno " in drawn[title] and "Carvalho" not in drawn[title]
        agent = drawn["Rerun the baseline with seeds 1 and 2"]
        if width == 100:  # at 120, `@agent:codex` leaves the title its half
            assert "@a:codex " in agent and "agent:" not in agent, agent
        for row in (drawn[title], agent):  # the title keeps half the row, its … included
            assert len(row.split(" @")[0].removeprefix(" ")) >= half
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.select(next(t.id for t in board.state.tasks.values() if t.title == title))
        await settle(pilot)
        assert "Bruno Carvalho" in screen_text(app)


async def test_an_agents_change_shows_marked_u_leaves_it_and_U_undoes_it(
    board_app: CredoApp, board_store: Store
) -> None:
    """u right after an agent's change undid the agent's change, which the person never
    made, instead of their own: u takes back only what the person did; U an agent's."""
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")  # the person's own change: Do's first task done
        await settle(pilot)
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "done"
        async with credo_mcp(board_store.project_root, name="codex") as client:
            moved = await call(client, "move_task", task_id="t005", quadrant="do")
            assert moved["actor"] == "agent:codex"
            added = await call(client, "add_task", line="Plot the loss curves [/b] ! ^")
        added_file = board_store.credo_dir / "tasks" / f"{added['task']['id']}.toml"
        await wait_for(pilot, lambda: "Plot the loss curves [/b]" in titles(board_app, Quadrant.DO))
        await wait_for(
            pilot,
            lambda: (
                all(
                    r.actor == "agent:codex"  # type: ignore[attr-defined]
                    for r in rows(board_app, Quadrant.DO)
                    if r.task.id in ("t005aaaabbbbcccc", added["task"]["id"])  # type: ignore[attr-defined]
                )
                and len(board_app.history.theirs) == 2
            ),
        )
        assert "agent:codex: Added: Plot the loss curves [/b] · U undoes" in said(board_app)
        drawn = board_app.screen.query_one("#list-do", TaskList)
        assert any("✦" in drawn.row_text(r, 60).plain for r in drawn.rows)
        await pilot.press("u")  # the person's own done, not the agent's changes
        await settle(pilot)
        assert said(board_app)[-1] == "Undid: done 'Check label balance per domain'"
        assert on_disk(board_store, "t001aaaabbbbcccc")["status"] == "open"
        assert added_file.exists() and on_disk(board_store, "t005aaaabbbbcccc")["important"]
        await pilot.press("u")  # nothing of the person's is left to take back
        await settle(pilot)
        assert said(board_app)[-1] == "nothing to undo"
        assert added_file.exists()
        await pilot.press("U")  # the agent's last change: its new task goes
        await settle(pilot)
        assert (
            said(board_app)[-1]
            == "Undid: Added: Plot the loss curves [/b] (by agent:codex) · u puts it back"
        )
        assert not added_file.exists()
        assert "Plot the loss curves" not in titles(board_app, Quadrant.DO)
        await pilot.press("U")  # and its move: back to Delegate, as the file was
        await settle(pilot)
        data = on_disk(board_store, "t005aaaabbbbcccc")
        assert data["urgent"] and not data.get("important", False)
        assert "Answer reviewer email" in titles(board_app, Quadrant.DELEGATE)
        row = next(
            r for r in rows(board_app, Quadrant.DELEGATE) if r.task.title == "Answer reviewer email"
        )  # type: ignore[attr-defined]
        assert row.actor is None  # type: ignore[attr-defined]  # as the person left it: no marker
        await pilot.press("u")  # U was the person's doing: u puts the agent's move back
        await settle(pilot)
        assert on_disk(board_store, "t005aaaabbbbcccc")["important"]
        assert said(board_app)[-1].startswith("Undid: undo of Moved")


async def test_what_a_change_wrote_is_shown_on_the_board_without_reading_it_back(
    board_app: CredoApp, board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After x, after its undo, and after an agent's change the journal brought, the
    board read each task just written back from its file on the interface thread
    (`apply_changes`): on a slow or hung mount it froze there. It shows what the change
    wrote, which it holds, as the experiment log does."""
    from credo import actions
    from credo.actions.journal import record

    read_back = reads_while_applying(monkeypatch, BoardScreen)
    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")  # Do's first task done
        await settle(pilot)
        assert "Check label balance per domain" not in titles(board_app, Quadrant.DO)
        await pilot.press("u")
        await settle(pilot)
        assert "Check label balance per domain" in titles(board_app, Quadrant.DO)
        _, changes = actions.move_task(board_store, "t005", Quadrant.DO)
        record(board_store, "agent:codex", "Moved: Answer reviewer email", changes)
        await until(
            pilot, lambda: "Answer reviewer email" in titles(board_app, Quadrant.DO), "the move"
        )
    assert read_back == []


async def test_U_pressed_by_mistake_says_u_puts_it_back_and_u_does(
    board_app: CredoApp, board_store: Store
) -> None:
    """U has no redo of its own (ctrl+r: nothing to redo): u puts back what it took, yet
    neither its notice nor ? said so, and a person who pressed U by mistake was left to
    guess."""
    from credo.agents.tools import Tools

    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        added = Tools(board_store, actor="codex").add_task(line="Rerun the ablation ! ^")
        path = board_store.credo_dir / "tasks" / f"{added.task.id}.toml"
        written = path.read_bytes()
        await until(pilot, lambda: len(board_app.history.theirs) == 1, "the agent's add, for U")
        await pilot.press("U")
        await settle(pilot)
        assert not path.exists()
        assert said(board_app)[-1] == (
            "Undid: Added: Rerun the ablation (by agent:codex) · u puts it back"
        )
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert said(board_app)[-1] == "nothing to redo"
        await pilot.press("u")
        await settle(pilot)
        assert path.read_bytes() == written
        assert "Rerun the ablation" in titles(board_app, Quadrant.DO)
        await pilot.press("question_mark")
        await settle(pilot)
        [line] = [line for line in screen_text(board_app).splitlines() if "Undo agent's" in line]
        assert "An agent's last change while open; u puts it back" in line


async def test_an_agents_experiment_shows_marked_in_the_log_and_U_undoes_it(
    board_app: CredoApp, board_store: Store
) -> None:
    """An experiment an agent started or paused got only a notice in the experiment log,
    while its tasks get ✦ on the board: the log marks it too, until a person changes it."""
    from textual.widgets import OptionList

    from credo.ui.screens.experiments import ExperimentsScreen

    def label(exp_id: str) -> str:
        """Its line in the log's list ("" until the log has read it)."""
        options = board_app.screen.query_one("#exp-list", OptionList).options
        return next((str(o.prompt) for o in options if o.id == exp_id), "")

    async with board_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(board_app.screen, ExperimentsScreen), "the log")
        async with credo_mcp(board_store.project_root, name="codex") as client:
            started = await call(client, "start_experiment", hypothesis="Subwords beat words")
            exp_id = started["experiment"]["id"]
            await until(pilot, lambda: "✦" in label(exp_id), "the log marks the agent's start")
            # the detail is drawn from the log's next read (a worker): it may come later
            await until(
                pilot,
                lambda: "✦ last changed by agent:codex" in screen_text(board_app),
                "the detail names the agent",
            )
            await call(client, "pause_experiment")
        await until(pilot, lambda: len(board_app.history.theirs) == 2, "both kept for U")
        await until(pilot, lambda: "⏸" in label(exp_id) and "✦" in label(exp_id), "its pause")
        await pilot.press("U")  # the agent's pause: running again, as the agent started it
        await settle(pilot)
        assert (
            said(board_app)[-1]
            == "Undid: Paused: Subwords beat words (by agent:codex) · u puts it back"
        )
        assert "▶" in label(exp_id) and "✦" in label(exp_id)
        await pilot.press("p")  # the person pauses it: theirs now, no marker
        await until(pilot, lambda: "⏸" in label(exp_id), "the person's pause")
        assert "✦" not in label(exp_id)
        assert "last changed by" not in screen_text(board_app)


def test_snapshot_assignees_and_an_agents_marker(snap_compare: Any, board_store: Store) -> None:
    from credo.agents.tools import Tools

    agent = Tools(board_store, actor="codex")
    agent.edit_task("t005", assignee="Bruno Silva")
    agent.move_task("t001", "delegate", assignee="agent:codex")  # marked ✦, selected below
    # No poll while the picture is taken: on a loaded machine one landed mid-snapshot.
    app = CredoApp(board_store, today=TODAY, refresh_seconds=60)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("j")  # Delegate's first row, the agent's move

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_the_delegate_question(snap_compare: Any, board_app: CredoApp) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("l", "3")
        await settle(pilot)

    assert snap_compare(board_app, terminal_size=(100, 30), run_before=run_before)


async def test_a_teammate_named_on_a_task_before_a_first_commit_is_known_on_the_board(
    store: Store,
) -> None:
    """`@jane` typed on the board was kept as `jane`, a second person beside Jane Doe,
    whom a task names but who has no commit yet: the board knew git authors only. It now
    matches names as `credo add` does (the assignees on tasks, then the git authors)."""
    from credo import actions

    actions.add_task(store, "Read the related work", assignee="Jane Doe")
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"Review the draft @jane", "enter")
        await settle(pilot)
        [added] = [t for t in store.tasks() if t.title == "Review the draft"]
        assert added.assignee == "Jane Doe"
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.select(added.id)
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one("#edit-assignee", Input)
        field.value = "JANE"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert on_disk(store, added.id)["assignee"] == "Jane Doe"


def lab_of_two(tmp_path: Path) -> Store:
    """A real repository with commits by Ana Ribeiro and Alex Silva."""
    root = tmp_path / "lab"
    root.mkdir()
    git(root, "init", "-q")
    for author in ("Ana Ribeiro <ana@x.org>", "Alex Silva <alex@x.org>"):
        git(root, "commit", "-q", "--allow-empty", "-m", "x", "--author", author)
    store, _ = Store.init(root)
    return store


def authors_held(monkeypatch: pytest.MonkeyPatch) -> Held:
    """The git worker's read of the authors (and their names) held until `release()`."""
    from credo.gitlink import authors

    held = Held(authors.read_authors)
    monkeypatch.setattr(authors, "read_authors", held)
    held.hold()
    return held


def preview(app: CredoApp) -> str:
    return str(app.screen.query_one("#add-preview").render())


async def test_the_add_box_shows_who_the_task_goes_to_as_it_is_saved(tmp_path: Path) -> None:
    """`Fix loader @ana`: the preview showed `@ana` and the task was saved for Ana Ribeiro
    (matched on submit); an unknown or ambiguous name was kept as typed without a word,
    where `credo add` says it. The box now matches the name as it is typed, with the
    people the board adds with, and says a name kept as typed, in the preview and on
    submit."""
    store = lab_of_two(tmp_path)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.authors, "the git authors")
        kept = {
            "Tidy @zed": "@zed (neither a git author here nor on a task: kept as typed)",
            "Plot @a": "@a (Ana Ribeiro or Alex Silva: kept as typed)",
        }
        for line, who in {"Fix loader @ana": "@Ana Ribeiro", **kept}.items():
            await pilot.press("a", *line)
            await settle(pilot)
            assert who in preview(app), preview(app)
            await pilot.press("enter")
            await settle(pilot)
        saved = {t.title: t.assignee for t in store.tasks()}
        assert saved == {"Fix loader": "Ana Ribeiro", "Tidy": "zed", "Plot": "a"}
        assert [s for s in said(app) if "kept as typed" in s] == [
            f"Added 'Tidy' for {kept['Tidy @zed']}",
            f"Added 'Plot' for {kept['Plot @a']}",
        ]


async def test_an_add_box_opened_before_git_is_read_matches_names_once_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The authors come from the board's git worker: a box opened before they are read
    matches the name typed with them when they come, and saves what it then shows."""
    store = lab_of_two(tmp_path)
    held = authors_held(monkeypatch)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: held.started, "the git read")
        await pilot.press("a", *"Fix loader @ana")
        await until(pilot, lambda: "@ana" in preview(app), "the line read")  # git still held
        assert "@ana (neither a git author here nor on a task: kept as typed)" in preview(app)
        held.release()
        await until(pilot, lambda: "@Ana Ribeiro" in preview(app), "the name matched")
        await pilot.press("enter")
        await settle(pilot)
        [task] = store.tasks()
        assert task.assignee == "Ana Ribeiro"


def test_authors_read_before_the_add_box_is_drawn_are_kept_quietly() -> None:
    """Git's authors read in the instant an add box was pushed but not yet drawn (or
    while it closed) crashed the board: the box looked for its line before it had one
    (seen under load as `No nodes match '#add-line' on AddTaskScreen()`). They are kept
    for its first read."""
    from credo.ui.screens.task_forms import AddTaskScreen

    box = AddTaskScreen("Fix loader @ana")
    box.know(["Ana Ribeiro"])
    assert box.people == ["Ana Ribeiro"]


def who_line(app: CredoApp, name: str) -> str:
    line = app.screen.query_one(name)
    return str(line.render()) if line.display else ""


async def test_the_edit_form_and_the_delegate_question_show_who_before_saving(
    tmp_path: Path,
) -> None:
    """The edit form's Who and the delegate question matched a name only when saved
    (`ana` saved as Ana Ribeiro) and said nothing of a name kept as typed. Both now say
    who the task goes to as it is typed, in the add box's words, and save that."""
    from credo import actions

    store = lab_of_two(tmp_path)
    actions.add_task(store, "Fix loader ! ^")
    actions.add_task(store, "Plot curves !")
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.authors, "the git authors")
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.select(next(t.id for t in board.state.tasks.values() if t.title == "Fix loader"))
        await pilot.press("e")
        await settle(pilot)
        assert who_line(app, "#edit-who") == ""
        app.screen.query_one("#edit-assignee", Input).focus()
        for typed, who in {
            "zed": "for @zed (neither a git author here nor on a task: kept as typed)",
            "a": f"for @a ({' or '.join(app.authors)}: kept as typed)",  # Alex and Ana
            "ana": "for @Ana Ribeiro",
        }.items():
            app.screen.query_one("#edit-assignee", Input).value = typed
            await settle(pilot)
            assert who_line(app, "#edit-who") == who
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {t.title: t.assignee for t in store.tasks()}["Fix loader"] == "Ana Ribeiro"

        board.select(next(t.id for t in board.state.tasks.values() if t.title == "Plot curves"))
        await pilot.press("3")  # to Delegate: who takes it?
        await settle(pilot)
        assert who_line(app, "#assignee-who") == ""
        await pilot.press(*"al")
        await settle(pilot)
        assert who_line(app, "#assignee-who") == "for @Alex Silva"
        field = app.screen.query_one("#assignee-name", Input)
        for typed, who in {
            "agent:Codex": "for @agent:codex",
            "agent:!x": "'agent:!x' is not an agent name",
            "zed": "for @zed (neither a git author here nor on a task: kept as typed)",
        }.items():
            field.value = typed
            await settle(pilot)
            assert who_line(app, "#assignee-who").startswith(who)
        await pilot.press("enter")
        await settle(pilot)
        assert {t.title: t.assignee for t in store.tasks()}["Plot curves"] == "zed"


@pytest.mark.parametrize(
    ("keys", "field", "line"),
    [("e", "#edit-assignee", "#edit-who"), ("3", "#assignee-name", "#assignee-who")],
    ids=["edit form", "delegate question"],
)
async def test_a_who_field_opened_before_git_is_read_matches_names_once_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys: str, field: str, line: str
) -> None:
    """The add box was told git's authors read after it opened; the edit form's Who and
    the delegate question were not: `ana` stayed `kept as typed` under a real author,
    and was saved so. Both match with the authors when they come, and save that. They
    offer them then too: `an` completes (→) to Ana Ribeiro, and the question lists her
    among the names to click (before, the names it opened with)."""
    from credo import actions

    store = lab_of_two(tmp_path)
    task, _ = actions.add_task(store, "Fix loader !")
    held = authors_held(monkeypatch)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    kept = "for @ana (neither a git author here nor on a task: kept as typed)"
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: held.started, "the git read")
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.select(task.id)
        await pilot.press(keys)
        await until(pilot, lambda: app.screen.query(line), "the form")
        name = app.screen.query_one(field, Input)
        name.value = "ana"
        await until(pilot, lambda: who_line(app, line) == kept, "the name read")
        listed = app.screen.query("#assignee-names")  # the question's names to click
        assert not any("Ana Ribeiro" in str(names.render()) for names in listed)
        held.release()
        await until(pilot, lambda: who_line(app, line) == "for @Ana Ribeiro", "the name matched")
        assert all("Ana Ribeiro" in str(names.render()) for names in listed)
        name.focus()
        name.value = ""
        await pilot.press("a", "n")
        await settle(pilot)
        await pilot.press("right")  # takes the completion shown
        assert name.value == "Ana Ribeiro"
        await pilot.press("ctrl+s" if keys == "e" else "enter")
        await until(pilot, lambda: store.read(Task, task.id).assignee, "the task saved")
        assert store.read(Task, task.id).assignee == "Ana Ribeiro"


async def test_the_board_names_who_has_a_task_in_progress_as_it_names_people(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The detail said `in progress · ana@x.org` and `p` on it "Taken over from
    ana@x.org, who had it in progress": the e-mail credo records, where the board names
    people by name. Both name her as her commits do, and the person at the keyboard by
    their git user name, with the names the board's git worker read: git is not asked on
    the interface thread (`email_names` is called from the worker only)."""
    import threading

    from credo import actions
    from credo.gitlink import authors

    store = lab_of_two(tmp_path)
    task, _ = actions.add_task(store, "Clean the labels !")
    actions.start_task(store, task.id, "ana@x.org")
    asked_on: list[str] = []
    named = authors.email_names

    def email_names(*args: Any, **kwargs: Any) -> dict[str, str]:
        asked_on.append(threading.current_thread().name)
        return named(*args, **kwargs)

    monkeypatch.setattr(authors, "email_names", email_names)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.select(task.id)
        shown = "in progress · Ana Ribeiro"
        await until(pilot, lambda: shown in screen_text(app), "her name in the detail")
        assert "ana@x.org" not in screen_text(app)
        await pilot.press("p")
        taken = "Taken over from Ana Ribeiro, who had it in progress"
        await until(pilot, lambda: taken in said(app), "the notice")
        assert store.read(Task, task.id).in_progress_by == "ada@example.com"
        mine = "in progress · Ada Tester"
        await until(pilot, lambda: mine in screen_text(app), "the keyboard's name")
    assert asked_on and threading.main_thread().name not in asked_on


async def test_who_has_a_task_in_progress_is_not_said_by_e_mail_before_git_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until the board's git worker first answered, the detail said `in progress ·
    ana@x.org` and `p` "Taken over from ana@x.org, …", then the detail changed to her
    name under the reader. Until then the detail says who has it in progress by no
    one, and `p`'s notice waits for the name: the e-mail is never shown then replaced."""
    from credo import actions

    store = lab_of_two(tmp_path)
    task, _ = actions.add_task(store, "Clean the labels !")
    actions.start_task(store, task.id, "ana@x.org")
    held = authors_held(monkeypatch)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: held.started, "the git read")
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.select(task.id)
        await until(pilot, lambda: "status    in progress" in screen_text(app), "the detail")
        assert "ana@x.org" not in screen_text(app)
        await pilot.press("p")
        mine = "ada@example.com"
        await until(pilot, lambda: board.state.tasks[task.id].in_progress_by == mine, "p")
        await pilot.pause()
        assert "status    in progress" in screen_text(app) and mine not in screen_text(app)
        assert not [line for line in said(app) if "ana@x.org" in line]
        held.release()
        taken = "Taken over from Ana Ribeiro, who had it in progress"
        await until(pilot, lambda: taken in said(app), "the notice")
        assert said(app)[-2:] == ["In progress: Clean the labels", taken]
        await until(pilot, lambda: "in progress · Ada Tester" in screen_text(app), "my name")


def asked_who(log: Path) -> list[str]:
    """The git commands of `log` that ask who is at the keyboard."""
    lines = log.read_text().splitlines() if log.exists() else []
    return [line for line in lines if line.endswith(" var GIT_AUTHOR_IDENT")]


async def test_the_app_asks_git_who_you_are_once_and_again_when_its_config_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board's git worker ran `git var` for the names it shows, and `p` ran it again
    to record who starts the task (and the runs' and countdowns' reads a third time when
    a record wanted it): one answer serves them all now, asked again only once git's
    config changed."""
    from credo import actions

    store = lab_of_two(tmp_path)
    task, _ = actions.add_task(store, "Clean the labels !")
    actions.start_task(store, task.id, "ana@x.org")
    git(store.project_root, "config", "user.name", "Ada Tester")
    git(store.project_root, "config", "user.email", "ada@example.com")
    for given in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL"):  # as git's config says, not its env
        monkeypatch.delenv(given)
    log = tmp_path / "git.log"
    monkeypatch.setenv(
        "PATH", f"{logged_git(tmp_path / 'shim', log)}{os.pathsep}{os.environ['PATH']}"
    )
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.names is not None, "the git worker's read")
        await pilot.press("p")  # on the only task
        mine = "ada@example.com"
        await until(pilot, lambda: store.read(Task, task.id).in_progress_by == mine, "p")
        assert app.me_for_reads() == "ada@example.com"  # a run's or a countdown's read
        assert len(asked_who(log)) == 1, asked_who(log)
        git(store.project_root, "config", "user.email", "ada@lab.org")
        asked = len(asked_who(log))
        assert app.me_for_reads() == "ada@lab.org"
        assert len(asked_who(log)) == asked + 1
        assert app.me_for_reads() == "ada@lab.org"
        assert len(asked_who(log)) == asked + 1


async def test_outside_git_who_has_a_task_in_progress_is_named_as_recorded(
    tmp_path: Path,
) -> None:
    """Outside git there is no name to wait for: the detail says the login name credo
    recorded once the board's git worker has looked, as it did before it waited."""
    from credo import actions

    store, _ = Store.init(tmp_path)
    task, _ = actions.add_task(store, "Clean the labels !")
    actions.start_task(store, task.id, "bruno")
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.select(task.id)
        await until(pilot, lambda: "in progress · bruno" in screen_text(app), "the name")


async def test_a_teammates_handle_shows_and_filters_by_their_name(tmp_path: Path) -> None:
    """A task given `@bruno` before Bruno Carvalho's first commit is kept as `bruno`;
    once he had commits, its row still said `@bruno` and the filter `@carvalho` did not
    find it, where `credo ls --assignee bruno` already read it as his. The row names
    him and the filter finds it by his name, a task an agent gives `bruno` later too;
    the files still say `bruno`."""
    from credo import actions

    root = tmp_path / "lab"
    root.mkdir()
    git(root, "init", "-q")
    store, _ = Store.init(root)
    early, _ = actions.add_task(store, "Review the draft ^ @bruno")
    actions.add_task(store, "Answer the reviewer ^ @zed")
    git(root, "commit", "-q", "--allow-empty", "-m", "x", "--author", "Bruno Carvalho <b@x.org>")
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.authors, "the git authors")
        delegate = app.screen.query_one("#list-delegate", TaskList)

        def drawn() -> list[str]:
            return [delegate.row_text(r, 60).plain.rstrip() for r in delegate.rows]

        await until(pilot, lambda: " Review the draft @Bruno Carvalho" in drawn(), "his name")
        later, _ = actions.add_task(store, "Plot the curves ^ @bruno")  # as an agent gives it
        await until(pilot, lambda: " Plot the curves @Bruno Carvalho" in drawn(), "the new one")
        await pilot.press("slash", *"@carvalho", "enter")
        await settle(pilot)
        assert sorted(titles(app, Quadrant.DELEGATE)) == ["Plot the curves", "Review the draft"]
        assert (
            on_disk(store, early.id)["assignee"] == on_disk(store, later.id)["assignee"] == "bruno"
        )


async def test_a_teammates_handle_is_named_in_the_detail(tmp_path: Path) -> None:
    """Once Bruno Carvalho had commits, the row of a task given `@bruno` before them
    named him, but its detail (the pane and `i`) still said `assignee  bruno`. It names
    him there too, with the name it was given by."""
    from credo import actions

    root = tmp_path / "lab"
    root.mkdir()
    git(root, "init", "-q")
    store, _ = Store.init(root)
    early, _ = actions.add_task(store, "Review the draft ^ @bruno")
    git(root, "commit", "-q", "--allow-empty", "-m", "x", "--author", "Bruno Carvalho <b@x.org>")
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    said = "assignee  Bruno Carvalho (given as bruno)"
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.select(early.id)
        await until(pilot, lambda: said in screen_text(app), "his name in the pane")
        await pilot.resize_terminal(80, 24)  # no pane: `i` opens the detail
        await settle(pilot)
        await pilot.press("i")
        await until(pilot, lambda: app.screen is not board, "the detail")
        assert said in screen_text(app)
