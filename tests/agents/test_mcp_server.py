"""`credo mcp` as an agent meets it: a subprocess in a temporary git repository, spoken
to with the MCP SDK's own stdio client. Every change is checked on disk."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from mcp import MCPError

from credo import actions
from credo.actions.journal import JournalReader, journal_path
from credo.agents.tools import TOOL_NAMES
from credo.domain.models import Experiment, Run
from credo.store import Store
from mcp_client import call, credo_mcp, refused
from processes import a_run_going, alive
from wall_clock import UP_AT

from repos import (
    BAD_INIT,
    commit_file,
    experiment_merged_from_worktree,
    experiment_paused_in_worktree,
    git,
)

Credo = Callable[..., subprocess.CompletedProcess[str]]


def task_path(store: Store, task_id: str) -> Path:
    return store.credo_dir / "tasks" / f"{task_id}.toml"


def task_toml(store: Store, task_id: str) -> dict[str, object]:
    return tomllib.loads(task_path(store, task_id).read_text())


async def test_lists_tools_with_schemas_resources_and_prompts(store: Store) -> None:
    async with credo_mcp(store.project_root) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert list(tools) == list(TOOL_NAMES)
        for tool in tools.values():
            assert tool.description and tool.input_schema["type"] == "object"
            assert tool.output_schema is not None, tool.name  # results are structured
        assert "Delegate" not in tools["add_task"].description  # its own words, not a stub
        bare = [  # a model reads these to fill each argument: none is left to a guess
            f"{tool.name}.{name}"
            for tool in tools.values()
            for name, field in tool.input_schema.get("properties", {}).items()
            if not field.get("description")
        ]
        assert bare == []
        assert "assignee" in tools["add_task"].input_schema["properties"]
        described = json.dumps([tool.model_dump(mode="json") for tool in tools.values()])
        assert "delegated" not in described.lower()  # an assignee has the task; ! ^ its quadrant
        assert tools["close_experiment"].input_schema["required"] == ["outcome", "learning"]
        resources = {str(r.uri) for r in (await client.list_resources()).resources}
        assert resources == {"credo://board", "credo://packs"}
        templates = {
            t.uri_template for t in (await client.list_resource_templates()).resource_templates
        }
        assert templates == {"credo://packs/{name}", "credo://experiments/{experiment_id}"}
        prompts = {p.name for p in (await client.list_prompts()).prompts}
        assert prompts == {"plan_my_day", "before_a_run"}
        assert "Just do it" in (client.instructions or "")


async def test_a_field_the_line_gives_too_is_refused_in_the_tools_words(store: Store) -> None:
    """add_task with `due:friday` in its line and a due field said the clash in the
    shell's words (`--due 2026-12-04`, a flag the agent never typed, and a date it did
    not write): both are named as given, the field as the field. An assignee in both, or
    two in the line, were taken without a word: refused too. Nothing is written."""
    async with credo_mcp(store.project_root) as client:
        due = await refused(client, "add_task", line="Plot the curves due:friday", due="monday")
        assert due.endswith(
            "due: is given twice ('due:friday' in the line and 'monday' in the due field): keep one"
        ), due
        who = await refused(client, "add_task", line="Plot it @ana", assignee="bob")
        assert "'@ana' in the line and 'bob' in the assignee field" in who, who
        two = await refused(client, "add_task", line="Plot it @ana @bob")
        assert "the line gives @name twice ('@ana' and '@bob'): keep one" in two, two
    assert store.tasks() == []


async def test_every_tool_writes_what_it_says(store: Store) -> None:
    repo = store.project_root
    head = git(repo, "rev-parse", "HEAD")
    async with credo_mcp(repo, name="claude-code") as client:
        added = await call(client, "add_task", line="Rerun the baseline ^ #eval @agent:codex")
        task = added["task"]
        assert added["actor"] == "agent:claude"
        on_disk = task_toml(store, task["id"])
        assert on_disk["assignee"] == "agent:codex" and on_disk["tags"] == ["eval"]
        assert task["quadrant"] == "delegate"

        taken = await refused(client, "claim_task", task_id=task["short_id"])
        assert taken.endswith(  # who has it: its assignee, not a "delegated to" (a quadrant)
            f"task {task['short_id']} is agent:codex's (its assignee), not agent:claude's: "
            "ask them, or have a person reassign it"
        )
        actions.edit_task(store, task["id"], assignee="")  # a person takes it back
        await call(client, "edit_task", task_id=task["short_id"], due="2026-12-24")
        assert task_toml(store, task["id"])["due"].isoformat() == "2026-12-24"  # type: ignore[attr-defined]
        assert "assignee" not in task_toml(store, task["id"])
        claimed = await call(client, "claim_task", task_id=task["short_id"])
        assert claimed["task"]["assignee"] == "agent:claude"
        journal = (store.credo_dir / "cache").glob("journal*")
        written = (task_path(store, task["id"]).read_bytes(), [p.read_bytes() for p in journal])
        again = await call(client, "claim_task", task_id=task["short_id"])  # its own already
        assert again["task"]["assignee"] == "agent:claude"
        journal = (store.credo_dir / "cache").glob("journal*")
        assert (task_path(store, task["id"]).read_bytes(), [p.read_bytes() for p in journal]) == (
            written  # nothing written, nothing journalled: no ✦ and no undo step of nothing
        )
        moved = await call(client, "move_task", task_id=task["id"], quadrant="do")
        assert moved["task"]["quadrant"] == "do" and task_toml(store, task["id"])["important"]
        listed = await call(client, "list_tasks", assignee="claude", quadrant="do")
        assert [t["id"] for t in listed["tasks"]] == [task["id"]] and listed["total"] == 1
        done = await call(client, "complete_task", task_id=task["id"])
        assert done["task"]["status"] == "done"
        assert task_toml(store, task["id"])["done_commit"] == head
        assert (await call(client, "list_tasks"))["total"] == 0
        assert (await call(client, "list_tasks", status="done"))["total"] == 1

        started = await call(
            client, "start_experiment", hypothesis="Char 3-grams beat words", timebox="30m"
        )
        exp_id = started["experiment"]["id"]
        assert started["experiment"]["status"] == "running"
        assert (await call(client, "pause_experiment"))["experiment"]["status"] == "paused"
        assert (await call(client, "resume_experiment"))["experiment"]["status"] == "running"
        listed_exps = await call(client, "list_experiments")
        assert [e["id"] for e in listed_exps["experiments"]] == [exp_id]

        gate = await call(client, "gate_status")
        assert gate["passed"] and gate["open"]  # a first run is never held
        first = gate["open"][0]
        assert first["why"] and first["reason"] == "no run has shown it yet"
        assert first["answered_by_runs"] and not first["holds_the_run"]
        by_hand = next(check for check in gate["open"] if not check["answered_by_runs"])
        answer = await call(
            client,
            "record_check",
            pack=by_hand["pack"],
            item=by_hand["item"],
            answer="checked",
            evidence="data.py: the valid split is only resized and normalised",
        )
        review = tomllib.loads(
            (store.credo_dir / "reviews" / f"{answer['review']}.toml").read_text()
        )
        [entry] = review["entries"]
        assert (entry["item"], entry["mark"], entry["note"]) == (
            by_hand["item"],
            "checked",
            "data.py: the valid split is only resized and normalised",
        )
        assert by_hand["item"] not in [c["item"] for c in answer["gate"]["open"]]

        assert await refused(client, "close_experiment", outcome="refuted", learning="  ") == (
            "Error executing tool close_experiment: "
            "closing needs a learning: what did this experiment teach you?"
        )
        assert await refused(client, "close_experiment", outcome="abandoned", learning="") == (
            "Error executing tool close_experiment: abandoning needs a reason: what made you stop?"
        )
        closed = await call(
            client,
            "close_experiment",
            outcome="refuted",
            learning="Words win on short texts",
            next_step="Try subwords",
        )
        exp = tomllib.loads((store.credo_dir / "experiments" / f"{exp_id}.toml").read_text())
        assert (exp["status"], exp["outcome"], exp["learning"]) == (
            "done",
            "refuted",
            "Words win on short texts",
        )
        assert closed["experiment"]["next_step"] == "Try subwords"
        detail = await call(client, "read_experiment", experiment_id=exp_id[:6])
        assert detail["experiment"]["id"] == exp_id and detail["runs"] == []

        report = await call(client, "report", since="yesterday")
        assert [t["title"] for t in report["done"]] == ["Rerun the baseline"]
        assert {c["actor"] for c in report["agent_changes"]} == {"agent:claude"}

        board = (await client.read_resource("credo://board")).contents[0]
        assert "## Do (0)" in board.text  # type: ignore[union-attr]
        pack = (await client.read_resource("credo://packs/data")).contents[0]
        assert "## Be obsessed with your data" in pack.text  # type: ignore[union-attr]
        exp_json = (await client.read_resource(f"credo://experiments/{exp_id}")).contents[0]
        assert json.loads(exp_json.text)["experiment"]["outcome"] == "refuted"  # type: ignore[union-attr]
        plan = await client.get_prompt("plan_my_day")
        assert "Eisenhower" in plan.messages[0].content.text  # type: ignore[union-attr]
        before = await client.get_prompt("before_a_run", {"command": "python train.py"})
        assert "record_check" in before.messages[0].content.text  # type: ignore[union-attr]

    entries = JournalReader(journal_path(store)).read()
    assert {e.actor for e in entries} == {"agent:claude"}
    assert [e.what.split(":")[0] for e in entries][:3] == ["Added", "Edited", "Claimed"]


async def test_an_agent_leaves_a_task_someone_else_has_alone(store: Store) -> None:
    """agent:codex completed Ana's task and rewrote its notes (claim_task alone refused
    it): an agent now changes only a task no one has or its own, and a refusal names who
    has it and what to do. Nothing of Ana's task is written, nothing is journalled; a
    person still edits and completes it from the shell."""
    anas, _ = actions.add_task(store, "Rerun the baseline @ana", notes="Ana's plan")
    codexs, _ = actions.add_task(store, "Plot the curves @agent:codex")
    nobodys, _ = actions.add_task(store, "Read the logs")
    before = {t.id: task_path(store, t.id).read_bytes() for t in (anas, codexs)}
    async with credo_mcp(store.project_root, name="claude-code") as client:
        for task in (anas, codexs):
            short = store.short_id(type(task), task.id)
            said = (
                f"task {short} is {task.assignee}'s (its assignee), not agent:claude's: "
                "ask them, or have a person reassign it"
            )
            for tool, arguments in [
                ("complete_task", {}),
                ("edit_task", {"notes": "mine now"}),
                ("edit_task", {"add_note": "seen"}),
                ("edit_task", {"assignee": ""}),
                ("move_task", {"quadrant": "do", "assignee": "agent:claude"}),
                ("claim_task", {}),
            ]:
                refusal = await refused(client, tool, task_id=short, **arguments)
                assert refusal.endswith(said), (tool, refusal)
        assert {t.id: task_path(store, t.id).read_bytes() for t in (anas, codexs)} == before
        assert JournalReader(journal_path(store)).read() == []
        handed = await call(client, "edit_task", task_id=nobodys.id, assignee="ana")
        assert handed["task"]["assignee"] == "ana"  # one no one had: it may give it away
        moved = await call(client, "move_task", task_id=anas.id, quadrant="do")  # no new hands
        assert moved["task"]["quadrant"] == "do"
    actions.edit_task(store, anas.id, notes="Ana's plan, v2")  # the person: as before
    done, _ = actions.complete_task(store, anas.id)
    assert done.status == "done" and done.assignee == "ana"


async def test_an_agent_leaves_a_task_a_person_has_in_progress_alone(
    store: Store, credo: Credo
) -> None:
    """An unassigned task Ada had in progress (`credo start`) could be claimed by an
    agent, which took it out of her hands: refused now, naming her, and so are completing
    and editing it; nothing is written. A task the agent started in its own shell is its
    own to claim, and one Ada gives the agent (its assignee) is the agent's to take."""
    anas, _ = actions.add_task(store, "Rerun the baseline")
    own, _ = actions.add_task(store, "Plot the curves")
    repo = store.project_root
    assert credo(repo, "start", anas.id).returncode == 0
    assert credo(repo, "start", own.id, env={"CLAUDECODE": "1"}).returncode == 0
    before = task_path(store, anas.id).read_bytes()
    async with credo_mcp(repo, name="claude-code") as client:
        short = store.short_id(type(anas), anas.id)
        said = (
            f"task {short} is in progress by Ada Tester, not by agent:claude: ask them, "
            "or have a person give it to agent:claude (its assignee)"
        )
        for tool, arguments in [
            ("claim_task", {}),
            ("complete_task", {}),
            ("edit_task", {"add_note": "seen"}),
        ]:
            refusal = await refused(client, tool, task_id=short, **arguments)
            assert refusal.endswith(said), (tool, refusal)
        assert task_path(store, anas.id).read_bytes() == before
        claimed = await call(client, "claim_task", task_id=own.id)  # started in its shell
        assert claimed["task"]["assignee"] == "agent:claude"
        actions.edit_task(store, anas.id, assignee="agent:claude")  # Ada hands it over
        taken = await call(client, "claim_task", task_id=anas.id)
        assert taken["task"]["status"] == "in_progress"
    assert task_toml(store, anas.id)["in_progress_by"] == "agent:claude"
    assert [e.what for e in JournalReader(journal_path(store)).read()] == [
        "Claimed: Plot the curves",
        "Claimed: Rerun the baseline",
    ]


async def test_an_agent_reopens_a_done_task_it_may_change(store: Store) -> None:
    """claim_task of a done task said "reopen it first", and no tool reopened one: the
    agent could only give up. reopen_task opens it again (recorded, so U undoes it), with
    the same rule as the other tools: Ana's done task stays done. The refusal to claim
    names the tool."""
    mine, _ = actions.add_task(store, "Rerun the baseline")
    anas, _ = actions.add_task(store, "Plot the curves @ana")
    for task in (mine, anas):
        actions.complete_task(store, task.id)
    before = task_path(store, anas.id).read_bytes()
    async with credo_mcp(store.project_root, name="claude-code") as client:
        short = store.short_id(type(mine), mine.id)
        claim = await refused(client, "claim_task", task_id=short)
        assert claim.endswith(f"task {short} is done; reopen it first (reopen_task)"), claim
        reopened = await call(client, "reopen_task", task_id=short)
        assert reopened["task"]["status"] == "open"
        again = await refused(client, "reopen_task", task_id=short)
        assert again.endswith(f"task {short} is open: nothing to reopen"), again
        await call(client, "claim_task", task_id=short)
        theirs = await refused(client, "reopen_task", task_id=anas.id)
        assert "is ana's (its assignee), not agent:claude's" in theirs, theirs
    assert task_path(store, anas.id).read_bytes() == before
    assert task_toml(store, mine.id)["status"] == "in_progress"
    assert [e.what for e in JournalReader(journal_path(store)).read()] == [
        "Reopened: Rerun the baseline",
        "Claimed: Rerun the baseline",
    ]


async def test_an_agent_claims_a_task_in_progress_and_adds_notes_under_a_teammate_s(
    store: Store,
) -> None:
    """An agent had no way to mark a task in progress (the board's p, `credo start`), and
    edit_task's notes replaced the old: to add a line it read and rewrote them, losing a
    teammate's edit made between. claim_task now starts the task as its own (its task in
    progress before goes back to open, as `credo start` does), and edit_task's add_note
    adds under the notes as they are when written."""
    first, _ = actions.add_task(store, "Rerun the baseline")
    second, _ = actions.add_task(store, "Plot the curves", notes="From Ana:\n- the loss")
    async with credo_mcp(store.project_root, name="claude-code") as client:
        claimed = await call(client, "claim_task", task_id=first.id)
        assert claimed["task"]["status"] == "in_progress"
        on_disk = task_toml(store, first.id)
        assert (on_disk["status"], on_disk["assignee"], on_disk["in_progress_by"]) == (
            "in_progress",
            "agent:claude",
            "agent:claude",
        )
        await call(client, "claim_task", task_id=second.id)  # one at a time, as a person
        assert task_toml(store, first.id)["status"] == "open"
        assert task_toml(store, second.id)["status"] == "in_progress"
        actions.edit_task(store, second.id, notes="From Ana:\n- the loss\n- the accuracy")
        added = await call(client, "edit_task", task_id=second.id, add_note="Plotted: see fig/")
        both = await refused(client, "edit_task", task_id=second.id, notes="x", add_note="y")
        assert both.endswith("give new notes or a note to add under them, not both"), both
    kept = "From Ana:\n- the loss\n- the accuracy\n\nPlotted: see fig/"
    assert task_toml(store, second.id)["notes"] == kept
    assert added["task"]["notes"] == kept
    whats = [e.what for e in JournalReader(journal_path(store)).read()]
    assert whats == [
        "Claimed: Rerun the baseline",
        "Claimed: Plot the curves",
        "Edited: Plot the curves",
    ]


async def test_a_title_of_two_lines_is_refused_not_joined(store: Store) -> None:
    """edit_task(title="a\\nb") saved "a b" without a word, as `credo add` and `credo
    edit` did: a title is one line, and the second line was meant for the notes."""
    task, _ = actions.add_task(store, "Plot the curves")
    said = "a title is one line (this one has a line break): put the rest in the task's notes"
    async with credo_mcp(store.project_root) as client:
        edit = await refused(client, "edit_task", task_id=task.id, title="Plot\nthe loss")
        add = await refused(client, "add_task", line="Plot the loss\r\nand the accuracy")
        fine = await call(client, "add_task", line="Plot the accuracy\n")  # an end: dropped
    assert edit.endswith(said) and add.endswith(said), (edit, add)
    assert fine["task"]["title"] == "Plot the accuracy"
    assert sorted(t.title for t in store.tasks()) == ["Plot the accuracy", "Plot the curves"]


async def test_an_agent_is_told_a_tag_of_several_words_was_joined(store: Store) -> None:
    """edit_task (and add_task) with tags ["data prep"] stored `data-prep` without a
    word to the agent, which would then look for a tag it never gave. The result says
    it, and says nothing of a tag kept as given (a `#` dropped is what the tools ask)."""
    task, _ = actions.add_task(store, "Plot the curves")
    async with credo_mcp(store.project_root) as client:
        edit = await call(client, "edit_task", task_id=task.id, tags=["data prep", "#eval"])
        add = await call(client, "add_task", line="Plot the loss", tags=[" a  b ", "ok"])
        plain = await call(client, "add_task", line="Plot the accuracy", tags=["eval"])
    assert edit["said"] == ["'data prep' is kept as data-prep (a tag is one word)"]
    assert add["said"] == ["'a  b' is kept as a-b (a tag is one word)"]
    assert plain["said"] == []
    assert task_toml(store, task.id)["tags"] == ["data-prep", "eval"]


async def test_an_agent_is_told_an_experiment_s_tag_of_several_words_was_joined(
    store: Store,
) -> None:
    """start_experiment with tags ["data prep"] stored `data-prep` and said nothing,
    where add_task says it: it says it as add_task does."""
    async with credo_mcp(store.project_root) as client:
        started = await call(
            client, "start_experiment", hypothesis="Cleaner data helps", tags=["data prep", "eval"]
        )
    assert started["said"] == ["'data prep' is kept as data-prep (a tag is one word)"]
    assert started["experiment"]["tags"] == ["data-prep", "eval"]


async def test_actor_from_the_client_or_the_command_line(store: Store) -> None:
    async with credo_mcp(store.project_root, "-C", str(store.project_root), cwd=Path("/")) as c:
        added = await call(c, "add_task", line="Plot the curves")
    assert added["actor"] == "agent:test-agent"  # -C: the server works on that repository
    async with credo_mcp(store.project_root, actor="Codex Night Shift") as client:
        added = await call(client, "add_task", line="Read the logs")
    assert added["actor"] == "agent:codex-night-shift"
    assert {e.actor for e in JournalReader(journal_path(store)).read()} == {
        "agent:test-agent",
        "agent:codex-night-shift",
    }


async def test_a_known_agent_claims_what_was_delegated_to_it_by_the_board_s_name(
    store: Store,
) -> None:
    """Codex's MCP client calls itself `codex-mcp-client`: its changes were recorded as
    agent:codex-mcp-client, and a task delegated to @agent:codex (the name the board
    offers, and the one its shell gives `credo run`) was refused to it as someone else's."""
    from credo.domain.actors import actor_from_env

    for client, shell in [
        ("codex-mcp-client", {"CODEX_THREAD_ID": "t1"}),
        ("claude-code", {"CLAUDECODE": "1"}),
        ("gemini-cli-mcp-client-credo", {"GEMINI_CLI": "1"}),
    ]:
        name = actor_from_env(shell)
        task, _ = actions.add_task(store, f"Rerun the baseline @{name}")
        async with credo_mcp(store.project_root, name=client) as agent:
            mine = await call(agent, "list_tasks", assignee=name)
            claimed = await call(agent, "claim_task", task_id=task.id)  # its own: no change
            done = await call(agent, "complete_task", task_id=task.id)
        assert [t["id"] for t in mine["tasks"]] == [task.id], client
        assert claimed["actor"] == claimed["task"]["assignee"] == name, client
        assert done["actor"] == name, client
    actors = [e.actor for e in JournalReader(journal_path(store)).read()]
    assert actors == ["agent:codex"] * 2 + ["agent:claude"] * 2 + ["agent:gemini"] * 2


async def test_the_board_an_agent_reads_says_today_and_what_is_overdue(store: Store) -> None:
    """plan_my_day says "overdue tasks come first", but the board it quotes gave only each
    due date, and nothing said what day it is (a model may not know): the board said
    `due 2026-12-03` where `credo ls` says `2d overdue`."""
    from datetime import date, timedelta

    before = date.today()
    late = before - timedelta(days=2)
    actions.add_task(store, f"Results table for the paper ! ^ due:{late.isoformat()}")
    async with credo_mcp(store.project_root) as client:
        board = (await client.read_resource("credo://board")).contents[0].text  # type: ignore[union-attr]
        plan = (await client.get_prompt("plan_my_day")).messages[0].content.text  # type: ignore[union-attr]
    days = []
    for text in (board, plan):  # each as the server read the day then (midnight may pass)
        found = re.search(r", (\w+) (\d{4}-\d\d-\d\d)\n", text)
        assert found is not None, text
        day = date.fromisoformat(found[2])
        assert before <= day <= date.today() and found[1] == f"{day:%A}", text
        overdue = (day - late).days
        assert f"Results table for the paper — due {late.isoformat()} ({overdue}d overdue)" in text
        days.append(day)
    assert board in plan or days[0] != days[1]


async def test_a_task_a_merge_left_conflicted_is_listed_in_its_quadrant(store: Store) -> None:
    """`credo ls` lists a task whose file a merge left conflicted in its quadrant, as this
    clone's side has it, marked unreadable; list_tasks and the board an agent reads left
    it out (its file only named at the end). Both list it as `ls` does, after the
    readable tasks of its quadrant, with its file and what is wrong, whether the server
    read the board before the merge or after it."""
    import asyncio

    from repos import conflicted_merge

    actions.add_task(store, "Plot the loss ! ^")
    actions.add_task(store, "Check the labels ! ^")
    path = next(p for p in task_path(store, "x").parent.glob("*.toml") if "Plot" in p.read_text())
    async with credo_mcp(store.project_root) as client:
        before = await call(client, "list_tasks")
        assert [t["title"] for t in before["tasks"]] == ["Plot the loss", "Check the labels"]
        conflicted_merge(store.project_root, path, "Plot the loss")
        await asyncio.sleep(2.1)  # RECHECK_SECONDS: the folder is looked at again
        after = await call(client, "list_tasks")
    async with credo_mcp(store.project_root) as client:  # a server started after the merge
        fresh = await call(client, "list_tasks")
        board = (await client.read_resource("credo://board")).contents[0].text  # type: ignore[union-attr]
    for listed in (after, fresh):
        assert [(t["title"], t["quadrant"]) for t in listed["tasks"]] == [
            ("Check the labels", "do"),
            ("Mine", "do"),
        ]
        readable, mine = listed["tasks"]
        assert readable["unreadable"] is None
        assert mine["unreadable"]["path"] == f".credo/tasks/{path.name}"
        assert mine["unreadable"]["message"].startswith("has git conflict markers")
        assert listed["total"] == 2
    short = fresh["tasks"][1]["short_id"]
    assert "## Do (2)" in board
    assert f"- `{fresh['tasks'][0]['short_id']}` Check the labels\n" in board
    assert f"- ⚠ `{short}` Mine [cannot be read: its file is listed below]\n" in board
    assert f"- unreadable, left as it is: .credo/tasks/{path.name}: has git conflict" in board
    assert path.read_text().count("<<<<<<<") == 1  # read, never rewritten


async def test_a_fresh_clone_of_a_board_with_no_task_yet_is_read(
    store: Store, tmp_path: Path
) -> None:
    """git keeps no empty folder: a clone of a board shared before its first task has no
    `.credo/tasks/`, and list_tasks, the board and plan_my_day, an agent's first reads,
    failed with a bare 'Error executing tool list_tasks'."""
    repo = store.project_root
    git(repo, "add", ".credo")
    git(repo, "commit", "-q", "-m", "credo board")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    assert not (clone / ".credo" / "tasks").exists()
    async with credo_mcp(clone) as client:
        assert (await call(client, "list_tasks"))["total"] == 0
        board = (await client.read_resource("credo://board")).contents[0]
        assert "## Do (0)" in board.text  # type: ignore[union-attr]
        plan = await client.get_prompt("plan_my_day")
        assert "Eisenhower" in plan.messages[0].content.text  # type: ignore[union-attr]
        await call(client, "add_task", line="Read the logs")
        assert [t["title"] for t in (await call(client, "list_tasks"))["tasks"]] == [
            "Read the logs"
        ]


async def test_a_task_a_commit_closed_is_not_listed_as_open(store: Store) -> None:
    """An agent asking for the board after "closes X" was committed got X as open (and
    could start work on it), until a person's `credo show` or the board applied it."""
    repo = store.project_root
    async with credo_mcp(repo) as client:
        task = (await call(client, "add_task", line="Fix leakage"))["task"]
        await call(client, "add_task", line="Tune warmup")
        assert (await call(client, "list_tasks"))["total"] == 2  # read before the commit
        sha = commit_file(repo, "l.py", "l\n", f"Dedup across splits, closes {task['short_id']}")
        listed = await call(client, "list_tasks")
        assert [t["title"] for t in listed["tasks"]] == ["Tune warmup"]
        [done] = (await call(client, "list_tasks", status="done"))["tasks"]
        assert done["id"] == task["id"]
    on_disk = task_toml(store, task["id"])
    assert on_disk["status"] == "done" and on_disk["closed_by"] == sha


async def test_completing_a_repeating_task_returns_its_next_occurrence(store: Store) -> None:
    """complete_task on a weekly task added its next occurrence to the board without a
    word (as `credo done` says it): the agent saw only the task it closed."""
    async with credo_mcp(store.project_root) as client:
        weekly = await call(client, "add_task", line="Weekly sync every:week due:2026-12-07")
        done = await call(client, "complete_task", task_id=weekly["task"]["id"])
        once = (await call(client, "add_task", line="Read the logs"))["task"]
        plain = await call(client, "complete_task", task_id=once["id"])
        [listed] = (await call(client, "list_tasks"))["tasks"]
    following = done["next_occurrence"]
    assert done["task"]["status"] == "done" and following["id"] != weekly["task"]["id"]
    assert (following["title"], following["due"], following["every"]) == (
        "Weekly sync",
        "2026-12-14",
        "week",
    )
    assert following["status"] == "open" and listed["id"] == following["id"]
    assert listed["short_id"] == following["short_id"]
    assert plain["next_occurrence"] is None


async def test_settings_edited_while_the_server_runs_count_from_the_next_call(
    store: Store,
) -> None:
    """The server read .credo/config.toml once, at its start: with the urgency horizon
    raised, `credo ls` put a task in Delegate and the agent still saw it in Eliminate (and
    gate_status kept the gate's old packs and blocking checks)."""
    config = store.credo_dir / "config.toml"
    async with credo_mcp(store.project_root) as client:
        task = (await call(client, "add_task", line="Book the room due:'in 5 days'"))["task"]
        assert task["quadrant"] == "eliminate"  # outside the default 2 days
        config.write_text(
            config.read_text().replace("urgency_horizon_days = 2", "urgency_horizon_days = 7")
        )
        [listed] = (await call(client, "list_tasks"))["tasks"]
        assert listed["quadrant"] == "delegate"
        config.write_text(config.read_text().replace('"training-recipe",', ""))
        assert (await call(client, "gate_status"))["open"] == []


async def test_the_gate_is_not_open_to_an_agent_while_the_settings_are_broken(
    store: Store,
) -> None:
    """With .credo/config.toml broken, `credo gate` and `credo run` refuse (the gate's
    packs and blocking checks come from it), but gate_status said `passed` on default
    settings, and the problem went to the server's stderr, which an agent never sees."""
    config = store.credo_dir / "config.toml"
    text = config.read_text()
    config.write_text(text.replace("urgency_horizon_days = 2", 'urgency_horizon_days = "two"'))
    async with credo_mcp(store.project_root) as client:
        said = await refused(client, "gate_status")
        answered = await refused(
            client, "record_check", pack="data", item="raw-samples", answer="checked", evidence="x"
        )
    assert said.startswith(
        "Error executing tool gate_status: no run starts while .credo/config.toml is broken"
        " (the gate's packs and checks, and SLURM's options, come from it): field"
        " 'urgency_horizon_days' (line "
    )
    assert said.endswith(") should be a whole number, not 'two'; fix or remove it")
    assert answered == said.replace("gate_status", "record_check")
    assert list(store.credo_dir.glob("reviews/*.toml")) == []


async def test_a_typo_of_a_gate_setting_is_said_to_an_agent_with_its_line(
    store: Store,
) -> None:
    """`gate_bloking` in .credo/config.toml left the gate without the team's blocking
    check: gate_status answered on the defaults and said nothing of it (the warning went
    to the server's stderr). It refuses, naming the file, the line and what to do."""
    config = store.credo_dir / "config.toml"
    typo = 'gate_bloking = ["training-recipe/seed-fixed"]'
    config.write_text(config.read_text().replace("gate_blocking = []", typo))
    line = config.read_text().splitlines().index(typo)
    async with credo_mcp(store.project_root) as client:
        said = await refused(client, "gate_status")
    assert said == (
        "Error executing tool gate_status: no run starts while .credo/config.toml is broken"
        " (the gate's packs and checks, and SLURM's options, come from it): field"
        f" 'gate_bloking' (line {line + 1}) is not known to this version of credo; did you"
        " mean 'gate_blocking', which is not set? rename it, or remove it"
    )


async def test_starting_while_one_runs_names_the_tools_that_close_or_pause_it(
    store: Store,
) -> None:
    """start_experiment, and resume_experiment, refused with the shell's words, `credo exp
    stop ID --outcome ... --learning ...`, to an agent that has close_experiment and
    pause_experiment. Then, refused while its user's experiment ran, an agent did as told,
    paused it and started its own, and the user's next SLURM job went to the agent's: the
    refusal says to ask the user first, where the agent did not start it."""
    async with credo_mcp(store.project_root) as client:
        first = await call(client, "start_experiment", hypothesis="Words beat 3-grams")
        short = first["experiment"]["short_id"]
        said = await refused(client, "start_experiment", hypothesis="Subwords beat both")
        await call(client, "pause_experiment")
        second = await call(client, "start_experiment", hypothesis="Subwords beat both")
        again = await refused(client, "resume_experiment", experiment_id=short)
    assert said == (
        f"Error executing tool start_experiment: experiment {short} is running ('Words beat "
        "3-grams'): close it (close_experiment) or pause it (pause_experiment) first; if you"
        " did not start it, ask the user before you do: their runs go to the running experiment"
    )
    assert again == (
        f"Error executing tool resume_experiment: experiment {second['experiment']['short_id']}"
        " is running ('Subwords beat both'): close it (close_experiment) or pause it"
        " (pause_experiment) first; if you did not start it, ask the user before you do: their"
        " runs go to the running experiment"
    )


async def test_starting_beside_a_broken_running_experiment_names_its_file(
    store: Store,
) -> None:
    """With the running experiment's file broken, start_experiment and resume_experiment
    set a second one running beside it without a word (two running once the file is
    mended): each says what `credo exp start` says, and goes on."""
    async with credo_mcp(store.project_root) as client:
        first = (await call(client, "start_experiment", hypothesis="Words"))["experiment"]
        await call(client, "pause_experiment")
        running = (await call(client, "start_experiment", hypothesis="Subwords"))["experiment"]
        path = store.credo_dir / "experiments" / f"{running['id']}.toml"
        path.write_text(path.read_text() + "hypothesis = = 'x'\n")
        started = await call(client, "start_experiment", hypothesis="Char 3-grams")
        await call(client, "pause_experiment")
        resumed = await call(client, "resume_experiment", experiment_id=first["id"])
    warned = f"cannot read .credo/experiments/{running['id']}.toml: is not valid TOML"
    for change in (started, resumed):
        assert change["experiment"]["status"] == "running"
        [said] = change["warnings"]
        assert said.startswith(warned) and said.endswith("(the running experiment may be in it)")


async def test_bad_input_is_an_error_message_never_a_crash(store: Store) -> None:
    tasks = store.credo_dir / "tasks"
    for suffix in ("0000000000aa", "1111111111bb"):
        (tasks / f"abcd{suffix}.toml").write_text(
            f'id = "abcd{suffix}"\ntitle = "twin {suffix[0]}"\n'
        )
    broken = tasks / "zzzz00000000zzzz.toml"
    broken.write_bytes(b'id = "zzzz00000000zzzz"\ntitle = \n')
    before = broken.read_bytes()
    async with credo_mcp(store.project_root) as client:
        assert "no task has an id starting with 'nope'" in await refused(
            client, "complete_task", task_id="nope"
        )
        assert "matches 2 tasks" in await refused(client, "complete_task", task_id="abcd")
        assert "date" in (await refused(client, "add_task", line="x", due="the 35th of never"))
        # an agent has parameters, not the command line's options
        backwards = await refused(client, "report", since="yesterday", until="3 days ago")
        assert "until must come after since" in backwards and "--" not in backwards
        assert "not a valid credo id" in await refused(
            client, "read_experiment", experiment_id="../../etc/passwd"
        )
        assert "unknown quadrant" in await refused(
            client, "move_task", task_id="abcd0", quadrant="up"
        )
        assert "unknown outcome" not in await refused(
            client, "close_experiment", outcome="refuted", learning="x"
        )  # no experiment open: said plainly
        with pytest.raises(MCPError, match="Unknown resource"):  # the SDK refuses traversal
            await client.read_resource("credo://experiments/..%2F..%2Fetc%2Fpasswd")
        with pytest.raises(MCPError, match="no checklist pack 'nope' \\(known: data"):
            await client.read_resource("credo://packs/nope")
        listed = await call(client, "list_tasks")
        assert [u["path"] for u in listed["unreadable"]] == [".credo/tasks/zzzz00000000zzzz.toml"]
        edited = await refused(client, "edit_task", task_id="zzzz", title="fixed")
        assert ".credo/tasks/zzzz00000000zzzz.toml" in edited
        assert "a task needs a title" in await refused(client, "add_task", line="  ")
        assert "a title is at most 300 characters (this one has 200,000)" in await refused(
            client, "add_task", line="x" * 200_000
        )
        assert "a title cannot hold control characters (U+0000)" in await refused(
            client, "add_task", line="nul\x00here"
        )
        assert "a hypothesis cannot hold control characters (U+001B)" in await refused(
            client, "start_experiment", hypothesis="\x1b[2J wiped"
        )
        assert "a title is at most 300 characters" in await refused(
            client, "edit_task", task_id="abcd0", title="x" * 301
        )
        assert "over credo's 1 MB cap for an item file: nothing was written" in await refused(
            client, "add_task", line="Summarise the logs", notes="n" * 1_100_000
        )  # written, it would have left the board as unreadable
        assert (await call(client, "list_tasks"))["total"] == 2  # still answering
    assert broken.read_bytes() == before  # reported, never rewritten


async def test_an_id_not_found_names_the_tool_that_lists_the_ids(store: Store) -> None:
    """A wrong id told the agent to see `credo ls --all` or `credo exp ls`, and a wrong
    pack `credo check --list`: the shell's commands, where it has list_tasks,
    list_experiments and credo://packs."""
    async with credo_mcp(store.project_root) as client:
        said = [
            await refused(client, "claim_task", task_id="zzzz"),
            await refused(client, "read_experiment", experiment_id=""),
            await refused(
                client, "close_experiment", outcome="refuted", learning="x", experiment_id="zz"
            ),
            await refused(client, "record_check", pack="nope", item="x", answer="na", evidence="x"),
        ]
        with pytest.raises(MCPError) as resource:
            await client.read_resource("credo://experiments/zzzz")
    assert [text.split(": ", 1)[1] for text in said] + [str(resource.value)] == [
        "no task has an id starting with 'zzzz' (see `list_tasks(status='all')`)",
        "give the id of an experiment (or its first few characters; see "
        "`list_experiments(status='all')`)",
        "no experiment has an id starting with 'zz' (see `list_experiments(status='all')`)",
        "no checklist pack 'nope' (known: data, principles, training-recipe; see credo://packs)",
        "no experiment has an id starting with 'zzzz' (see `list_experiments(status='all')`)",
    ]


async def test_nothing_a_tool_says_names_a_shell_command(store: Store, credo: Credo) -> None:
    """pause_experiment with nothing running told the agent to run `credo exp resume`, and
    closing a closed experiment said only "is already done": every refusal a tool or a
    resource gives names the agent's tool or resource, and a next step. (What no tool does,
    `credo run` and `credo runs cancel`, is said as a command for the agent's shell.) The
    gate's answer, from gate_status and record_check, named `(credo check)` and `credo
    gate --ack` too: it names record_check, and acknowledging as a person's decision."""
    from credo.cli.base import COMMAND_MODULES

    task = actions.add_task(store, "Rerun the baseline @agent:codex")[0].id
    said: list[str] = []
    async with credo_mcp(store.project_root) as client:

        async def no(tool: str, **arguments: object) -> str:
            said.append(await refused(client, tool, **arguments))
            return said[-1]

        open_gate = (await call(client, "gate_status"))["message"]
        said.append(open_gate)
        await no("list_tasks", quadrant="up")
        await no("add_task", line="  ")
        await no("edit_task", task_id=task)
        await no("move_task", task_id="zzzz", quadrant="do")
        await no("complete_task", task_id="zzzz")
        await no("claim_task", task_id=task)
        await no("list_experiments", status="closed")
        await no("read_experiment", experiment_id="")
        await no("start_experiment", hypothesis="h", task_id="zzzz")
        for tool in ("pause_experiment", "resume_experiment"):
            await no(tool)  # none at all
        await no("close_experiment", outcome="refuted", learning="x")
        first = (await call(client, "start_experiment", hypothesis="Words"))["experiment"]
        await no("start_experiment", hypothesis="Subwords")
        await no("resume_experiment", experiment_id=first["id"])
        await call(client, "pause_experiment")
        one_paused = await no("pause_experiment")
        await no("close_experiment", outcome="refuted", learning="x")
        second = (await call(client, "start_experiment", hypothesis="Subwords"))["experiment"]
        await call(client, "pause_experiment")
        two_paused = await no("pause_experiment")
        await no("resume_experiment")
        await call(client, "resume_experiment", experiment_id=first["id"])
        await call(client, "close_experiment", outcome="refuted", learning="Words lose")
        closed = await no(
            "close_experiment", outcome="refuted", learning="again", experiment_id=first["id"]
        )
        await no("close_experiment", outcome="abandoned", learning="x", experiment_id=first["id"])
        await no("pause_experiment", experiment_id=first["id"])
        await no("resume_experiment", experiment_id=first["id"])
        await call(client, "resume_experiment", experiment_id=second["id"])
        with a_run_going(store):
            going = await no("close_experiment", outcome="confirmed", learning="x")
        commit_file(store.project_root, "train.py", BAD_INIT, "A training script")
        bad = credo(store.project_root, "run", "--skip-gate", "--", sys.executable, "train.py")
        assert bad.returncode == 0, bad.stderr
        held = (await call(client, "gate_status"))["message"]
        answered = await call(
            client, "record_check", pack="data", item="raw-samples", answer="na", evidence="x"
        )
        said += [held, answered["gate"]["message"]]
        await no("record_check", pack="nope", item="x", answer="na", evidence="x")
        await no("record_check", pack="data", item="nope", answer="na", evidence="x")
        await no("record_check", pack="data", item="raw-samples", answer="na", evidence=" ")
        await no(
            "record_check",
            pack="training-recipe",
            item="seed-fixed",
            answer="checked",
            evidence="x",
        )
        await no("report", since="tomorrow")
        for uri in ("credo://packs/nope", "credo://experiments/zzzz"):
            with pytest.raises(MCPError) as resource:
                await client.read_resource(uri)
            said.append(str(resource.value))
        config = store.credo_dir / "config.toml"
        config.write_text(config.read_text().replace("horizon_days = 2", 'horizon_days = "two"'))
        await no("gate_status")
        await no("record_check", pack="data", item="raw-samples", answer="na", evidence="x")
    shell = re.compile(rf"\bcredo (?:{'|'.join(map(re.escape, COMMAND_MODULES))})\b")
    in_its_shell = re.compile(r"`credo [^`]*` in (?:your|a person's) shell")  # no tool does it
    assert [text for text in said if shell.search(in_its_shell.sub("", text))] == []
    assert "; 1 check to review when you can (record_check); " in open_gate
    assert held.startswith("1 check holds runs at ") and held == answered["gate"]["message"]
    assert held.endswith(
        "\nacknowledging is a person's decision, not agent:test-agent's: tell them what failed"
        " (`credo gate --ack` in a person's shell lets runs go on at this code)"
    )
    assert "Stop it first (ctrl-c where it runs)" in going  # a run here: no command
    assert one_paused.endswith(
        f"{first['short_id']} is paused (resume_experiment), or give an experiment id"
    )
    assert "paused (resume_experiment with its experiment_id), or give" in two_paused
    assert closed.endswith(
        f"experiment {first['short_id']} is already done: a closed experiment keeps its outcome;"
        " test the next idea in a new one (start_experiment)"
    )


async def test_a_check_runs_answer_is_not_ticked_by_an_agent(store: Store) -> None:
    """record_check took `checked` for training-recipe/loss-at-init, which a run's
    verifier answers from the curves (before_a_run tells the agent not to tick it): the
    gate then held it as ticked by hand, at that code, with no run having shown it."""
    async with credo_mcp(store.project_root) as client:
        said = await refused(
            client,
            "record_check",
            pack="training-recipe",
            item="loss-at-init",
            answer="checked",
            evidence="looks right",
        )
        ladder = await refused(
            client,
            "record_check",
            pack="training-recipe",
            item="overfit-one",
            answer="checked",
            evidence="it did",
        )
        assert list(store.credo_dir.glob("reviews/*.toml")) == []
        for answer in ("na", "not_yet"):  # no run can say those
            await call(
                client,
                "record_check",
                pack="training-recipe",
                item="seed-fixed",
                answer=answer,
                evidence="the script is deterministic",
            )
    assert said == (
        "Error executing tool record_check: training-recipe/loss-at-init is answered by runs "
        "(its verifier reads what a run logs), not ticked: run it, `credo run -- CMD` in your "
        "shell, or answer na with why it does not apply here"
    )
    assert "training-recipe/overfit-one is answered by runs" in ladder


async def test_control_characters_in_any_text_an_agent_sends_are_refused(store: Store) -> None:
    """Titles were checked, but an agent's notes, tags, assignee, learning, next step and
    evidence were written with escape sequences, NUL or a bell in them."""
    async with credo_mcp(store.project_root) as client:
        for tool, arguments, says in [
            ("add_task", dict(line="x", notes="\x1b[2J"), "notes cannot hold"),
            ("add_task", dict(line="x", tags=["a\x1b[31m"]), "a tag cannot hold"),
            ("add_task", dict(line="x", assignee="b\x07"), "an assignee cannot hold"),
            ("start_experiment", dict(hypothesis="h", tags=["\x00t"]), "a tag cannot hold"),
        ]:
            assert says in await refused(client, tool, **arguments), (tool, arguments)
        task = await call(client, "add_task", line="x", notes="a\tb\nc")
        task_id = task["task"]["id"]
        assert "notes cannot hold control characters (U+001B)" in await refused(
            client, "edit_task", task_id=task_id, notes="\x1bc"
        )
        assert "a tag cannot hold" in await refused(
            client, "edit_task", task_id=task_id, tags=["\x1b"]
        )
        await call(client, "start_experiment", hypothesis="h")
        assert "the learning cannot hold control characters (U+0007)" in await refused(
            client, "close_experiment", outcome="refuted", learning="\x07"
        )
        assert "the next step cannot hold control characters (U+001B)" in await refused(
            client, "close_experiment", outcome="refuted", learning="l", next_step="\x1b[2J"
        )
        assert "the reason cannot hold control characters (U+001B)" in await refused(
            client, "close_experiment", outcome="abandoned", learning="\x1b[2J"
        )
        assert "raw-samples: a note cannot hold control characters (U+001B)" in await refused(
            client,
            "record_check",
            pack="data",
            item="raw-samples",
            answer="checked",
            evidence="\x1b[2J",
        )
    assert list(store.credo_dir.glob("reviews/*.toml")) == []
    [written] = store.credo_dir.glob("tasks/*.toml")
    assert tomllib.loads(written.read_text())["notes"] == "a\tb\nc"
    [running] = store.credo_dir.glob("experiments/*.toml")
    assert 'status = "running"' in running.read_text()


async def test_a_due_date_out_of_range_or_a_tag_too_long_from_an_agent_is_refused(
    store: Store,
) -> None:
    """An agent's task due 9999-12-31 or tagged with a sentence was written."""
    async with credo_mcp(store.project_root) as client:
        for tool, arguments, says in [
            ("add_task", dict(line="x", due="0001-01-01"), "a due date is at most 100 years"),
            ("add_task", dict(line="x due:9999-12-31"), "a due date is at most 100 years"),
            ("add_task", dict(line="x", tags=["t" * 51]), "a tag is at most 50 characters"),
            ("start_experiment", dict(hypothesis="h", tags=["t" * 51]), "a tag is at most 50"),
        ]:
            assert says in await refused(client, tool, **arguments), (tool, arguments)
        task_id = (await call(client, "add_task", line="x"))["task"]["id"]
        assert "a due date is at most 100 years" in await refused(
            client, "edit_task", task_id=task_id, due="9999-12-31"
        )
        assert "a tag is at most 50 characters" in await refused(
            client, "edit_task", task_id=task_id, tags=["t" * 51]
        )
    [written] = store.credo_dir.glob("tasks/*.toml")
    assert "due" not in tomllib.loads(written.read_text())
    assert list(store.credo_dir.glob("experiments/*.toml")) == []


async def test_an_experiment_s_timebox_counts_the_time_added(store: Store) -> None:
    """Extended by 15m, an experiment read `timebox: 25m` with 39 minutes left: the
    time added (`credo exp ls` says `25m +15m`) was left out of the agent's answer."""
    from datetime import timedelta

    from credo.actions.experiments import extend_experiment

    async with credo_mcp(store.project_root) as client:
        started = await call(client, "start_experiment", hypothesis="h", timebox="25m")
        assert started["experiment"]["timebox"] == "25m"
        extend_experiment(store, None, timedelta(minutes=15))
        read = await call(client, "read_experiment", experiment_id=started["experiment"]["id"])
        assert read["experiment"]["timebox"] == "25m +15m"
        [listed] = (await call(client, "list_experiments"))["experiments"]
        assert listed["timebox"] == "25m +15m"


async def test_starting_and_resuming_say_the_clock_as_the_shell_does(store: Store) -> None:
    """start_experiment and resume_experiment said nothing of the clock they started, where
    `credo exp start` says `timebox 30m, up at 10:47` and `credo exp resume` `12m left,
    up at 11:02`: each answer's `clock` says it in those words."""
    async with credo_mcp(store.project_root) as client:
        started = await call(client, "start_experiment", hypothesis="h", timebox="30m")
        assert re.fullmatch(rf"timebox 30m, up at {UP_AT}", started["clock"]), started
        await call(client, "pause_experiment")
        resumed = await call(client, "resume_experiment")
        assert re.fullmatch(rf"30m left, up at {UP_AT}", resumed["clock"]), resumed
        assert (await call(client, "pause_experiment"))["clock"] == ""


async def test_read_experiment_gives_each_run_s_params_and_who_started_it(
    store: Store, credo: Credo
) -> None:
    """`credo exp show` lists each run's params (lr=3), but read_experiment left them out:
    an agent comparing the runs of a sweep had to read them back out of the commands. Nor
    did it say who started each run (`credo show RUN` and `runs ls` do): an agent or a person."""
    async with credo_mcp(store.project_root) as client:
        started = await call(client, "start_experiment", hypothesis="A lower lr is steadier")
        for env in ({"CREDO_ACTOR": "agent:test-agent"}, {}):
            ran = credo(
                store.project_root,
                *("run", "--", sys.executable, "-c", "pass", "--lr", "3", "--seed", "1"),
                env=env,
            )
            assert ran.returncode == 0, ran.stderr
        read = await call(client, "read_experiment", experiment_id=started["experiment"]["id"])
    runs = sorted(read["runs"], key=lambda run: run["started"])
    assert [(run["params"], run["actor"]) for run in runs] == [
        ({"lr": 3, "seed": 1}, "agent:test-agent"),
        ({"lr": 3, "seed": 1}, None),
    ]


async def test_read_experiment_says_printed_lines_are_not_metrics(
    store: Store, credo: Credo
) -> None:
    """A run whose script printed `step=1 loss=0.5` was read with `metrics: {}` and no
    word more: an agent took it for a run that logged nothing, or for a bug of credo's,
    where the shell's verdict says printed lines are not read and how to log metrics. Such
    a run's `no_metrics` says it now, in the same words; a run that logged one says none."""
    printed = "print('step=1 loss=0.5')"
    logged = "from credo import log_metric; log_metric(step=1, loss=0.5)"
    async with credo_mcp(store.project_root) as client:
        started = await call(client, "start_experiment", hypothesis="A lower lr is steadier")
        for script in (printed, logged):
            ran = credo(store.project_root, "run", "--", sys.executable, "-c", script)
            assert ran.returncode == 0, ran.stderr
        read = await call(client, "read_experiment", experiment_id=started["experiment"]["id"])
    runs = sorted(read["runs"], key=lambda run: run["started"])
    assert [(run["metrics"], run["no_metrics"]) for run in runs] == [
        (
            {},
            "printed lines are not read: log metrics with `from credo import log_metric`, or as "
            "JSON lines in the file $CREDO_METRICS names; see the README, Recording from a script",
        ),
        ({"loss": 0.5}, ""),
    ]


async def test_a_wrong_typed_argument_is_named_in_credo_s_words(store: Store) -> None:
    """The MCP library checks arguments before credo's code runs, and said pydantic's
    report: "1 validation error for complete_taskArguments ... [type=string_type,
    input_value=5, input_type=int] For further information visit https://errors..."."""
    async with credo_mcp(store.project_root) as client:
        said = {
            await refused(client, "complete_task", task_id=5),
            await refused(client, "complete_task"),
            await refused(client, "add_task", line="x", important="maybe"),
            await refused(client, "list_tasks", limit="many"),
        }
    assert said == {
        "Error executing tool complete_task: argument 'task_id' should be text in quotes, not 5",
        "Error executing tool complete_task: argument 'task_id' is missing",
        "Error executing tool add_task: argument 'important' should be true or false, not 'maybe'",
        "Error executing tool list_tasks: argument 'limit' should be a whole number, not 'many'",
    }
    assert store.tasks() == []


async def test_an_unknown_argument_is_refused_naming_what_the_tool_takes(store: Store) -> None:
    """The MCP library dropped arguments a tool does not take: edit_task(titel="x")
    answered "Edited" and changed nothing, and the agent believed it had."""
    async with credo_mcp(store.project_root) as client:
        task_id = (await call(client, "add_task", line="Check the loader"))["task"]["id"]
        typo = await refused(client, "edit_task", task_id=task_id, titel="Check the loaders")
        two = await refused(client, "list_tasks", limt=3, quadrnt="do")
    assert typo == (
        "Error executing tool edit_task: argument 'titel' is not one edit_task takes (a typo?);"
        " it takes task_id, title, notes, add_note, due, important, urgent, tags, assignee"
    )
    assert "arguments 'limt', 'quadrnt' are not ones list_tasks takes" in two
    assert [task.title for task in store.tasks()] == ["Check the loader"]


async def test_the_gate_names_a_review_file_it_cannot_read(store: Store) -> None:
    """gate_status left a broken review out in silence: its ticks read as never made."""
    reviews = store.credo_dir / "reviews"
    reviews.mkdir(exist_ok=True)
    (reviews / "r0000000000000ab.toml").write_text('id = "r0000000000000ab"\npack = \n')
    async with credo_mcp(store.project_root) as client:
        gate = await call(client, "gate_status")
    [unreadable] = gate["unreadable"]
    assert unreadable["path"] == ".credo/reviews/r0000000000000ab.toml"
    assert "is not valid TOML" in unreadable["message"]


async def test_an_experiment_file_it_cannot_read_is_named_not_left_out(store: Store) -> None:
    """list_experiments, read_experiment and report left a broken experiment or run file
    out in silence (the shell's warning goes to the server's stderr, which an agent never
    sees): a log with an experiment or a run missing read as complete."""
    experiments = store.credo_dir / "experiments"
    broken = experiments / "e0000000000000ab.toml"
    broken.write_text('id = "e0000000000000ab"\nhypothesis = \n')
    before = broken.read_bytes()
    run = store.credo_dir / "runs" / "r0000000000000ab"
    run.mkdir(parents=True)
    (run / "run.toml").write_text('id = "r0000000000000ab"\ncommand = \n')
    async with credo_mcp(store.project_root) as client:
        started = await call(client, "start_experiment", hypothesis="Char 3-grams beat words")
        listed = await call(client, "list_experiments", status="all")
        report = await call(client, "report")
        read = await call(client, "read_experiment", experiment_id=started["experiment"]["id"])
    assert [e["hypothesis"] for e in listed["experiments"]] == ["Char 3-grams beat words"]
    assert [u["path"] for u in listed["unreadable"]] == [".credo/experiments/e0000000000000ab.toml"]
    assert "is not valid TOML" in listed["unreadable"][0]["message"]
    assert [u["path"] for u in read["unreadable"]] == [".credo/runs/r0000000000000ab/run.toml"]
    assert [u["path"] for u in report["unreadable"]] == [
        ".credo/experiments/e0000000000000ab.toml",
        ".credo/runs/r0000000000000ab/run.toml",
    ]
    assert broken.read_bytes() == before


async def test_closing_while_a_run_goes_is_refused_unless_forced(store: Store) -> None:
    """As credo exp stop --force: the refusal names the run and how to force, in the
    tool's own words; force closes the experiment and leaves the run going."""
    from credo.domain.models import Experiment

    repo = store.project_root
    async with credo_mcp(repo) as client:
        started = await call(client, "start_experiment", hypothesis="patience")
        exp_id = started["experiment"]["id"]
        schema = (await client.list_tools()).tools
        force = next(t for t in schema if t.name == "close_experiment").input_schema
        assert force["properties"]["force"]["description"] == (
            "Close it even while one of its runs has not ended (the run is not stopped: it "
            "goes on, and its result comes in after the outcome)."
        )
        with a_run_going(store) as run:
            assert run.runner is not None
            for outcome in ("confirmed", "abandoned"):
                assert await refused(client, "close_experiment", outcome=outcome, learning="x") == (
                    "Error executing tool close_experiment: "
                    f"experiment {store.short_id(Experiment, exp_id)} has 1 run that has not "
                    f"ended: run {store.short_id(Run, run.id)} "
                    f"running (pid {run.runner.pid} on {run.runner.host}). Stop it first "
                    "(ctrl-c where it runs), or close it "
                    "anyway with force=true"
                )
            assert store.read(Experiment, exp_id).status.value == "running"
            await call(
                client, "close_experiment", outcome="confirmed", learning="waited", force=True
            )
            assert store.read(Experiment, exp_id).status.value == "done"
            assert alive(run.runner.pid)  # the run goes on


async def test_agents_and_a_person_writing_at_once_lose_nothing(store: Store) -> None:
    """An agent adds tasks over MCP while another process adds and edits tasks."""
    repo = store.project_root
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from credo.store import Store\n"
            "from credo import actions\n"
            "store = Store.open(sys.argv[1])\n"
            "for n in range(40):\n"
            "    task, _ = actions.add_task(store, f'person {n}')\n"
            "    actions.edit_task(store, task.id, notes='edited')\n",
            str(repo),
        ]
    )
    try:
        async with credo_mcp(repo) as client:
            for n in range(40):
                await call(client, "add_task", line=f"agent {n} @agent:codex")
                if n % 10 == 0:
                    await call(client, "list_tasks", limit=5)
    finally:
        assert writer.wait(timeout=120) == 0
    tasks = store.tasks()
    titles = sorted(t.title for t in tasks)
    assert titles == sorted([f"person {n}" for n in range(40)] + [f"agent {n}" for n in range(40)])
    assert all(t.notes == "edited" for t in tasks if t.title.startswith("person"))
    entries = JournalReader(journal_path(store)).read()
    assert sorted(e.what for e in entries) == sorted(f"Added: agent {n}" for n in range(40))


def test_without_the_sdk_one_clear_line(store: Store, tmp_path: Path, credo: Credo) -> None:
    blocker = tmp_path / "no-mcp"
    blocker.mkdir()
    (blocker / "mcp.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'mcp'\", name='mcp')\n"
    )
    result = credo(store.project_root, "mcp", env={"PYTHONPATH": str(blocker)})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: credo mcp needs the MCP SDK, an optional extra: pip install 'credo[mcp]'"
    )


async def test_where_no_project_is_yet_each_call_says_so_until_one_is_made(
    repo: Path, credo: Credo
) -> None:
    """`codex mcp add credo -- credo mcp` starts the server in every project Codex opens;
    in a repository with no board the server exited before the handshake, and the agent
    (and the person) read only "connection closed". It serves: each tool, resource and
    prompt says there is no project and how to start one, nothing is written, and once
    `credo init` has run there, the same session works on the new board."""
    async with credo_mcp(repo) as client:
        assert [t.name for t in (await client.list_tools()).tools] == list(TOOL_NAMES)
        for tool, arguments in [("list_tasks", {}), ("add_task", {"line": "Plot it"})]:
            said = await refused(client, tool, **arguments)
            assert said.endswith(f"no credo project in {repo}: run `credo init` to start one")
        with pytest.raises(MCPError, match="no credo project in"):
            await client.read_resource("credo://board")
        assert not (repo / ".credo").exists()
        assert credo(repo, "init").returncode == 0
        added = await call(client, "add_task", line="Plot the curves")
        assert task_toml(Store.open(repo), added["task"]["id"])["title"] == "Plot the curves"
        assert [t["title"] for t in (await call(client, "list_tasks"))["tasks"]] == [
            "Plot the curves"
        ]


def test_the_sdk_stays_off_the_core_path(store: Store) -> None:
    commit_file(store.project_root, "train.py", "print(1)\n", "Add train")
    code = (
        "import sys\n"
        "from credo.cli import main\n"
        "try:\n"
        f"    main(['-C', {str(store.project_root)!r}, 'ls'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "import credo.agents.tools, credo.agents.setup, credo.agents.texts\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mcp', 'mcp_types')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


async def test_list_tasks_finds_an_accent_typed_either_way(store: Store) -> None:
    """An agent searching `café` (NFC) finds the task a person typed as `cafe` plus a
    combining accent (NFD), and the tag too, as the board's filter does."""
    actions.add_task(store, "Order cafe\u0301 beans #cafe\u0301")
    async with credo_mcp(store.project_root) as client:
        for asked in ({"text": "CAF\u00c9"}, {"tag": "caf\u00e9"}):
            assert (await call(client, "list_tasks", **asked))["total"] == 1, asked


def test_a_slurm_job_going_is_said_to_an_agent_as_a_command_for_its_shell() -> None:
    """No tool cancels a SLURM job: the refusal to close names `credo runs cancel --exp
    ID` whole, as a command for the agent's shell (it read "`credo runs cancel` in your
    shell --exp ID" when only the command's first words were known)."""
    from credo.actions.experiments import RunsGoingError
    from credo.agents.tools import said_to_agents

    going = RunsGoingError(
        "run abc1234 queued. Stop it first (credo runs cancel --exp e123456)",
        "credo runs cancel --exp e123456",
    )
    assert said_to_agents(going.message, going.command) == (
        "run abc1234 queued. Stop it first (`credo runs cancel --exp e123456` in your shell), "
        "or close the experiment anyway with --force"
    )


async def test_an_experiment_running_in_another_worktree_is_said_to_run_there(
    store: Store, tmp_path: Path
) -> None:
    """An agent asking for the running experiment was told of the one a merge brought
    from `../exp-b` as if it ran here, with its countdown, and its changes were refused."""
    exp_id = experiment_merged_from_worktree(store.project_root, tmp_path / "exp-b", "warmup")
    async with credo_mcp(store.project_root) as client:
        [listed] = (await call(client, "list_experiments", status="running"))["experiments"]
        assert listed["id"] == exp_id and listed["status"] == "running"
        assert listed["running_in"] == "../exp-b" and listed["left"] is None  # its clock is there
        read = await call(client, "read_experiment", experiment_id=exp_id[:7])
        assert read["experiment"]["running_in"] == "../exp-b"
        assert (await call(client, "gate_status"))["experiment"] is None
        refusal = await refused(client, "pause_experiment", experiment_id=exp_id[:7])
        there = tmp_path / "exp-b"  # an MCP server cannot cd: which server can change it
        assert refusal.endswith(
            f"experiment {store.short_id(Experiment, exp_id)} is running in another worktree, "
            f"{there}, where its "
            f"record counts: change it there, through a credo MCP server started in that "
            f"folder (credo -C {there} mcp), or a shell there"
        )
        assert "cd " not in refusal
        mine = await call(client, "start_experiment", hypothesis="bigger batch")
        assert mine["experiment"]["running_in"] is None and mine["experiment"]["left"]
    async with credo_mcp(store.project_root, "-C", str(tmp_path / "exp-b")) as there:
        [running] = (await call(there, "list_experiments", status="running"))["experiments"]
        assert running["id"] == exp_id and running["running_in"] is None and running["left"]
        paused = await call(there, "pause_experiment", experiment_id=exp_id[:7])  # as told
        assert paused["experiment"]["status"] == "paused"


async def test_a_teammate_named_on_a_task_before_a_first_commit_is_known_to_agents(
    store: Store, credo: Credo
) -> None:
    """An agent's `@jane` was kept as `jane`, a second person beside Jane Doe, whom a
    task names but who has no commit yet: the tools knew git authors only. They match
    names as `credo add` does, with a task named by a person meanwhile counted at once."""
    async with credo_mcp(store.project_root) as client:
        await call(client, "list_tasks")  # the authors are read, and kept a minute
        named = credo(store.project_root, "add", "Read the related work", "--assignee", "Jane Doe")
        assert named.returncode == 0, named.stderr
        added = await call(client, "add_task", line="Review the draft @jane")
        assert added["task"]["assignee"] == "Jane Doe"
        task_id = (await call(client, "add_task", line="Check the split"))["task"]["id"]
        edited = await call(client, "edit_task", task_id=task_id, assignee="JANE")
        assert task_toml(store, task_id)["assignee"] == "Jane Doe" == edited["task"]["assignee"]
        task_id = (await call(client, "add_task", line="Plot the loss"))["task"]["id"]
        moved = await call(
            client, "move_task", task_id=task_id, quadrant="delegate", assignee="ada"
        )
        assert moved["task"]["assignee"] == "Ada Tester"  # a git author, as before


async def test_resuming_one_paused_in_another_worktree_tells_the_agent_it_moved(
    store: Store, tmp_path: Path
) -> None:
    """An agent's resume_experiment of the experiment paused in ../exp-b moved it here
    without a word, while the record there still said paused."""
    from credo.actions.experiments import pause_experiment

    there = tmp_path / "exp-b"
    exp_id = experiment_merged_from_worktree(store.project_root, there, "warmup")
    pause_experiment(Store.open(there), exp_id)
    git(there, "commit", "-q", "-am", "Paused there")
    git(store.project_root, "merge", "-q", "try")
    async with credo_mcp(store.project_root) as client:
        resumed = await call(client, "resume_experiment")
        assert resumed["experiment"]["status"] == "running"
        assert resumed["moved"].startswith(
            f"experiment {store.short_id(Experiment, exp_id)} was paused in ../exp-b: it runs "
            "here now"
        )
        await call(client, "pause_experiment")
        assert (await call(client, "resume_experiment"))["moved"] == ""  # paused here


async def test_an_agent_does_not_resume_one_another_worktree_resumed(
    store: Store, tmp_path: Path
) -> None:
    """Paused in ../exp-b, merged here, then resumed in ../exp-b: an agent here was shown
    it paused and resumed it a second time. It is shown running there, and its resume
    is refused, naming the server to use."""
    from credo.actions.experiments import resume_experiment

    there = tmp_path / "exp-b"
    exp_id = experiment_paused_in_worktree(store.project_root, there, "warmup")
    resume_experiment(Store.open(there), exp_id)
    async with credo_mcp(store.project_root) as client:
        [listed] = (await call(client, "list_experiments"))["experiments"]
        assert (listed["status"], listed["running_in"], listed["left"]) == (
            "running",
            "../exp-b",
            None,
        )
        refusal = await refused(client, "resume_experiment")
        assert f"is running in another worktree, {there}, where its record counts" in refusal
    assert Store.open(store.project_root).get(Experiment, exp_id).status == "paused"


async def test_an_agents_answer_while_the_experiment_is_paused_is_for_that_experiment(
    store: Store,
) -> None:
    """While the experiment was paused, an agent's record_check was kept for no experiment
    (none ran), where `credo check` and the checklists view answer for the paused one:
    an answer "per experiment" then held for none. It is the paused experiment's now."""
    from datetime import UTC, datetime

    from credo.domain.models import ExperimentStatus
    from credo.store.ids import new_id

    began = Experiment(id=new_id(), hypothesis="h", timebox="25m", started=datetime.now(UTC))
    store.create(began.model_copy(update={"status": ExperimentStatus.PAUSED}))
    async with credo_mcp(store.project_root) as client:
        answer = dict(pack="principles", item="just-timeboxed", answer="not_yet", evidence="x")
        await call(client, "record_check", **answer)
    [review] = store.reviews()
    assert review.experiment == began.id


async def test_an_agent_listing_a_teammates_tasks_by_name_finds_those_given_to_their_handle(
    store: Store,
) -> None:
    """A task given `@bruno` before Bruno Carvalho's first commit is kept as `bruno`;
    once he had commits, `list_tasks` with `Bruno Carvalho` missed it, where the shell's
    `ls --assignee bruno` read it as his. His handle answers to his name now."""
    early, _ = actions.add_task(store, "Review the draft ^ @bruno")
    actions.add_task(store, "Answer the reviewer ^ @zed")
    root = store.project_root
    git(root, "commit", "-q", "--allow-empty", "-m", "x", "--author", "Bruno Carvalho <b@x.org>")
    async with credo_mcp(root) as agent:
        his = await call(agent, "list_tasks", assignee="Bruno Carvalho")
    assert [t["id"] for t in his["tasks"]] == [early.id]
    assert task_toml(store, early.id)["assignee"] == "bruno"


async def test_a_conflicted_task_given_to_a_handle_is_found_by_the_persons_name(
    store: Store,
) -> None:
    """A task given `@bruno` whose file a merge left conflicted is listed by
    `list_tasks` as this clone's side has it, but with `assignee="Bruno Carvalho"` it was
    left out: the handles were worked out from the readable tasks alone."""
    from repos import conflicted_merge

    actions.add_task(store, "Review the draft ^ @bruno")
    root = store.project_root
    git(root, "commit", "-q", "--allow-empty", "-m", "x", "--author", "Bruno Carvalho <b@x.org>")
    path = next(task_path(store, "x").parent.glob("*.toml"))
    conflicted_merge(root, path, "Review the draft")
    async with credo_mcp(root) as agent:
        his = await call(agent, "list_tasks", assignee="Bruno Carvalho")
    assert [(t["title"], t["assignee"]) for t in his["tasks"]] == [("Mine", "bruno")]
    assert his["tasks"][0]["unreadable"]["path"] == f".credo/tasks/{path.name}"
