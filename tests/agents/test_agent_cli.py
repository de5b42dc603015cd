"""What agents do from their own shell: `credo run --skip-gate` needs a reason from them,
and `credo agents setup` writes only what credo owns."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.domain.actors import actor_from_env
from credo.domain.models import Task, TaskStatus
from credo.store.files import STALE_TEMPORARY
from credo.store.store import Store
from full_disk import room_for
from killed_writes import killed_writing

from repos import BAD_INIT, block_on, commit_file, git

Credo = Callable[..., subprocess.CompletedProcess[str]]
PY = sys.executable


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.parametrize(
    ("env", "actor"),
    [
        ({}, None),
        ({"CLAUDECODE": "1"}, "agent:claude"),
        ({"GEMINI_CLI": "1"}, "agent:gemini"),
        ({"CODEX_THREAD_ID": "019d"}, "agent:codex"),
        ({"AGENT": "goose"}, "agent:goose"),
        ({"CLAUDECODE": "1", "CREDO_ACTOR": "agent:Night Shift"}, "agent:night-shift"),
    ],
)
def test_agents_are_known_by_their_shell(env: dict[str, str], actor: str | None) -> None:
    assert actor_from_env(env) == actor


def test_an_agent_skips_the_gate_only_with_a_reason_recorded_and_shown(
    repo: Path, credo: Credo
) -> None:
    ok(credo(repo, "init"))
    block_on(repo, "training-recipe/valid-not-augmented")
    ok(credo(repo, "run", "--hypothesis", "h", "--", PY, "-c", "pass"))  # the first is never held
    run = ["run", "--skip-gate", "--", PY, "-c", "pass"]
    refused = credo(repo, *run, env={"CLAUDECODE": "1"})
    assert refused.returncode == 125  # credo ran nothing
    assert "agent:claude may skip the gate only with a reason" in refused.stderr
    assert len(list((repo / ".credo" / "runs").glob("*/run.toml"))) == 1  # nothing ran
    went = ok(
        credo(
            repo,
            "run",
            "--skip-gate",
            "--reason",
            "smoke test of the data loader only",
            "--",
            PY,
            "-c",
            "pass",
            env={"CLAUDECODE": "1"},
        )
    )
    assert "gate skipped (--skip-gate) by agent:claude because: smoke test" in went.stderr
    [gate] = [
        g
        for g in (
            tomllib.loads(p.read_text())["gate"]
            for p in (repo / ".credo" / "runs").glob("*/run.toml")
        )
        if g.get("skipped")
    ]
    assert gate["skipped_by"] == "agent:claude"
    assert gate["skip_reason"] == "smoke test of the data loader only"
    report = ok(credo(repo, "report", "--format", "md")).stdout
    assert "**gate skipped** by agent:claude: smoke test of the data loader only" in report
    ok(credo(repo, *run))  # a person may still skip without saying why


def test_acknowledging_failed_checks_is_refused_in_an_agent_s_shell(
    repo: Path, credo: Credo
) -> None:
    """Claude Code could run `credo gate --ack` (or answer `k` in `credo check`) in its own
    shell, recorded as acknowledged by agent:claude, where the gate's words say reading a
    failed check is a person's decision: refused, with what the agent does instead (in
    the gate's words: the refusal had its own, naming no command's `--ack`). Its
    walk of `credo check` then still offered `k`, to refuse it after the walk: it offers
    it no `k` now, and says what the agent can do, as the gate says it."""
    ok(credo(repo, "init"))
    block_on(repo, "training-recipe/valid-not-augmented")
    commit_file(repo, "train.py", BAD_INIT, "A training script")
    ok(credo(repo, "run", "--", PY, "train.py"))  # the first run: loss-at-init fails
    claude = {"CLAUDECODE": "1"}
    refused = credo(repo, "gate", "--ack", "--note", "looks fine", env=claude)
    assert refused.returncode == 2  # refused: not held (1)
    # in the gate's words (`ack_advice`), as the walk and the held run say it
    assert (
        "acknowledging is a person's decision, not agent:claude's: tell them what failed "
        "(`credo gate --ack` in a person's shell lets runs go on at this code)"
    ) in " ".join(refused.stderr.split())
    assert "Traceback" not in refused.stderr
    one = credo(repo, "gate", "--ack", "--", PY, "train.py", env=claude)  # one command's
    assert one.returncode == 2
    assert (
        f"(`credo gate --ack -- {PY} train.py` in a person's shell lets runs go on at this code)"
    ) in " ".join(one.stderr.split())
    # the walk offered the agent `k`, then refused it: it offers what the agent can do
    walked = ok(credo(repo, "check", stdin="k\ns\nc\n\nq\n", env=claude))  # k, s, a tick
    assert "2 to review (c checked · n not yet" in walked.stdout
    assert "k acknowledge" not in walked.stdout and "k: acknowledge" not in walked.stdout
    assert (
        "acknowledging is a person's decision, not agent:claude's: tell them what failed "
        f"(`credo gate --ack -- {PY} train.py` in a person's shell lets runs go on"
    ) in " ".join(walked.stdout.split())
    assert "Saved review" in walked.stdout  # the agent's answer is kept
    assert "decision" not in walked.stderr  # nothing refused
    assert not [e for e in Store.open(repo).evidence() if e.acknowledged_by]
    assert credo(repo, "gate").returncode == 1  # still held
    ok(credo(repo, "gate", "--ack"))  # the person's shell
    assert {e.acknowledged_by for e in Store.open(repo).evidence() if e.acknowledged_by} == {
        "Ada Tester"
    }


def test_a_run_held_in_an_agent_s_shell_says_what_the_agent_may_do(
    repo: Path, credo: Credo
) -> None:
    """A run the gate held in Claude Code's shell ended on "(credo check walks them;
    --skip-gate runs anyway)": the walk's answer `k` and a bare `--skip-gate` are both
    refused to an agent, so it tried each to learn so. The held run tells an agent that
    reading a failed check is the person's, and the skip it may take (with a reason); a
    person's shell reads as before. The gate's own line above still said "read what
    failed, then credo gate --ack … lets runs go on", the person's command, to the agent,
    in `credo run`, `credo gate` and the refusal of a tick in `credo check`: each says the
    person's decision now, with the command for the person's shell."""
    ok(credo(repo, "init"))
    commit_file(repo, "train.py", BAD_INIT, "A training script")
    train = ["run", "--", PY, "train.py"]
    ok(credo(repo, *train))  # the first run: loss-at-init fails
    claude = {"CLAUDECODE": "1"}
    told = (
        "acknowledging is a person's decision, not agent:claude's: tell them what failed"
        f" (`credo gate --ack -- {PY} train.py` in a person's shell lets runs go on at this code)"
    )
    held = credo(repo, *train, env=claude)
    assert held.returncode == 125
    assert held.stderr.rstrip().endswith(
        f"{told}\n(--skip-gate --reason 'why' runs anyway, and the run records why)"
    ), held.stderr
    gate = credo(repo, "gate", "--", PY, "train.py", env=claude)
    assert gate.returncode == 1 and gate.stdout.rstrip().endswith(told), gate.stdout
    tick = credo(
        repo,
        "check",
        "training-recipe",
        "--tick",
        "loss-at-init",
        "--note",
        "loss-at-init=x",
        env=claude,
    )
    assert "acknowledging is a person's decision, not agent:claude's" in tick.stderr, tick.stderr
    for said in (held.stderr, gate.stdout, tick.stderr):
        assert "read what failed, then" not in said
    person = credo(repo, *train)
    assert person.returncode == 125
    assert person.stderr.rstrip().endswith("(credo check walks them; --skip-gate runs anyway)")
    assert "read what failed, then credo gate --ack" in person.stderr


def test_a_run_from_an_agent_s_shell_records_the_agent_whatever_the_gate_said(
    repo: Path, credo: Credo
) -> None:
    """A run from Claude Code's shell recorded no agent when the gate passed or a failed
    check had been acknowledged: only a skipped gate said who (`skipped_by`). Each run an
    agent's shell starts now records it, and runs ls, credo show and the report say so."""
    ok(credo(repo, "init"))
    commit_file(repo, "train.py", BAD_INIT, "A training script")
    train = ["run", "--", PY, "train.py"]
    skip = ["run", "--skip-gate", "--reason", "smoke test", "--", PY, "-c", "pass"]
    ok(credo(repo, *train, env={"CLAUDECODE": "1"}))  # the first run: the gate passes
    ok(credo(repo, "gate", "--ack", "--note", "on purpose"))  # a person read loss-at-init
    ok(credo(repo, *train, env={"CODEX_THREAD_ID": "019d"}))
    block_on(repo, "training-recipe/valid-not-augmented")
    ok(credo(repo, *skip, env={"GEMINI_CLI": "1"}))
    ok(credo(repo, *skip))  # a person
    runs = json.loads(ok(credo(repo, "runs", "ls", "--sort", "started", "--json")).stdout)
    assert [(run["actor"], run["gate_words"]) for run in runs] == [
        ("agent:claude", "passed"),
        ("agent:codex", "acknowledged: 1 failed · 2 verified"),
        ("agent:gemini", "skipped: smoke test"),
        (None, "skipped: smoke test"),
    ]
    listed = ok(credo(repo, "runs", "ls", "--sort", "started")).stdout.splitlines()
    by = listed[0].index(" by ") + 1
    assert [line[by:].split(" ", 1)[0] for line in listed[1:5]] == [
        "agent:claude",
        "agent:codex",
        "agent:gemini",
        "",
    ]
    mine = ok(credo(repo, "runs", "ls", "--where", "by=agent:codex", "--json")).stdout
    assert [run["id"] for run in json.loads(mine)] == [runs[1]["id"]]
    shown = ok(credo(repo, "show", runs[1]["id"])).stdout
    assert (
        "    started by: agent:codex\n    gate: acknowledged: training-recipe/loss-at-init" in shown
    )
    report = ok(credo(repo, "report", "--format", "md")).stdout
    assert "succeeded (exit 0), started by agent:claude |" in report
    assert "succeeded (exit 0), started by agent:codex, gate **acknowledged: 1 failed** |" in report
    assert (
        "succeeded (exit 0), started by agent:gemini, **gate skipped** by agent:gemini: smoke test"
        in report
    )
    assert report.count("started by") == 3


def test_setup_prints_each_client(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    claude = ok(credo(repo, "agents", "setup", "claude")).stdout
    assert "claude mcp add credo -- credo mcp" in claude and "CLAUDE.md" in claude
    assert "## Working with credo" in claude
    codex = ok(credo(repo, "agents", "setup", "codex")).stdout
    assert "[mcp_servers.credo]" in codex and "AGENTS.md" in codex
    assert "credo mcp" in ok(credo(repo, "agents", "setup", "generic")).stdout
    assert credo(repo, "agents", "setup", "vim").returncode == 2


def test_setup_says_where_each_client_s_one_line_registers_credo(repo: Path, credo: Credo) -> None:
    """The setup said every client's one line registers credo "in this repository", but
    `codex mcp add` writes ~/.codex/config.toml (every project) and `claude mcp add` keeps
    it for you alone: each line now says what that client's command does."""
    said = {
        client: ok(credo(repo, "agents", "setup", client)).stdout.split("\n\n")[1:3]
        for client in ("claude", "codex", "gemini")
    }
    assert said == {
        "claude": [
            "Register the server with one line (Claude Code keeps it for you, in this "
            "repository only; --scope project writes .mcp.json instead, for everyone who "
            "clones it):",
            "    claude mcp add credo -- credo mcp",
        ],
        "codex": [
            "Register the server with one line (Codex writes it to ~/.codex/config.toml: "
            "every project you open in Codex):",
            "    codex mcp add credo -- credo mcp",
        ],
        "gemini": [
            "Register the server with one line (Gemini CLI writes it to .gemini/settings.json"
            " in the folder you run it in, so run it at the repository's root; with --scope "
            "user, every project):",
            "    gemini mcp add credo credo mcp",
        ],
    }
    codex = ok(credo(repo, "agents", "setup", "codex")).stdout
    assert "\n\nOr by hand, for this repository only, in .codex/config.toml:\n\n" in codex
    cursor = ok(credo(repo, "agents", "setup", "cursor")).stdout  # no one line: no "Or"
    assert cursor.startswith(
        "# credo for Cursor\n\nBy hand, for this repository only, in .cursor/mcp.json:\n\n"
    )


def test_setup_killed_mid_write_leaves_nothing_git_shows(repo: Path, credo: Credo) -> None:
    """`credo agents setup claude --write` killed (-9) as it wrote CLAUDE.md left its
    temporary `.CLAUDE.md.<hex>.tmp` in the project's root, in `git status` for good: no
    credo writes there again. It is made in `.credo/cache/` now, which git ignores and
    the next credo clears once no write can still be under way."""
    ok(credo(repo, "init"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "credo")
    main = "from credo.cli import main\nmain(prog_name='credo')"
    killed_writing("CLAUDE.md", main, "agents", "setup", "claude", "--write", cwd=repo)
    assert not (repo / "CLAUDE.md").exists()
    assert git(repo, "status", "--porcelain") == "?? .mcp.json"  # written whole, before
    [left] = (repo / ".credo" / "cache").glob(".CLAUDE.md.*.tmp")
    long_ago = time.time() - 2 * STALE_TEMPORARY
    os.utime(left, (long_ago, long_ago))
    ok(credo(repo, "agents", "setup", "claude", "--write"))
    assert "## Working with credo" in (repo / "CLAUDE.md").read_text()
    assert not left.exists()
    assert git(repo, "status", "--porcelain").splitlines() == ["?? .mcp.json", "?? CLAUDE.md"]


def test_setup_writes_through_a_folder_linked_to_another_file_system(
    repo: Path, credo: Credo
) -> None:
    """`.cursor` linked to a dotfiles folder on another file system: the temporary file,
    made in `.credo/cache/`, cannot be renamed there, so it is made beside the file."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == repo.stat().st_dev:
        pytest.skip("needs /dev/shm on another file system than the tests' temporary folder")
    ok(credo(repo, "init"))
    dotfiles = Path(tempfile.mkdtemp(dir=shm))
    try:
        (repo / ".cursor").symlink_to(dotfiles)
        said = ok(credo(repo, "agents", "setup", "cursor", "--write")).stdout
        assert ".cursor/mcp.json: mcpServers.credo written" in said
        config = json.loads((dotfiles / "mcp.json").read_text())
        assert config == {"mcpServers": {"credo": {"command": "credo", "args": ["mcp"]}}}
        assert os.listdir(dotfiles) == ["mcp.json"]
        assert not list((repo / ".credo" / "cache").glob("*.tmp"))
    finally:
        shutil.rmtree(dotfiles)


def test_a_write_the_disk_refuses_is_named_and_leaves_the_file_as_it_was(
    repo: Path, credo: Credo
) -> None:
    """A full disk (here: a file size limit of 0) under `agents setup --write`: the file
    named with why and what to do, no traceback, CLAUDE.md as it was, no temporary left."""
    ok(credo(repo, "init"))
    (repo / "CLAUDE.md").write_text("# My notes\n")
    (repo / ".mcp.json").write_text(
        '{"mcpServers": {"credo": {"command": "credo", "args": ["mcp"]}}}'
    )
    script = str(Path(sys.executable).parent / "credo")
    result = subprocess.run(
        room_for(0, script, "agents", "setup", "claude", "--write"),
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (
        1,
        "error: cannot write CLAUDE.md: File too large (left as it was); the file size limit "
        "(ulimit -f) is too low for it: raise it, then try again\n",
    )
    assert (repo / "CLAUDE.md").read_text() == "# My notes\n"
    assert not list(repo.glob(".*.tmp")) and not list((repo / ".credo").rglob("*.tmp"))


def test_setup_writes_only_its_own_section(repo: Path, credo: Credo) -> None:
    ok(credo(repo, "init"))
    (repo / "CLAUDE.md").write_text("# My notes\n\nKeep tabs.\n")
    (repo / ".mcp.json").write_text('{"mcpServers": {"other": {"command": "x"}}, "k": 1}\n')
    ok(credo(repo, "agents", "setup", "claude", "--write"))
    text = (repo / "CLAUDE.md").read_text()
    assert text.startswith("# My notes\n\nKeep tabs.\n\n<!-- credo:begin -->")
    assert text.count("## Working with credo") == 1
    config = json.loads((repo / ".mcp.json").read_text())
    assert config == {
        "mcpServers": {"other": {"command": "x"}, "credo": {"command": "credo", "args": ["mcp"]}},
        "k": 1,
    }
    (repo / "CLAUDE.md").write_text(text.replace("Keep tabs.", "Keep spaces.") + "\nMore.\n")
    again = ok(credo(repo, "agents", "setup", "claude", "--write")).stdout
    assert "up to date" in again
    after = (repo / "CLAUDE.md").read_text()
    assert "Keep spaces." in after and after.endswith("\nMore.\n")
    assert after.count("credo:begin") == 1

    (repo / ".codex").mkdir()
    (repo / ".codex" / "config.toml").write_text('model = "o4"\n')
    ok(credo(repo, "agents", "setup", "codex", "--write"))
    codex = tomllib.loads((repo / ".codex" / "config.toml").read_text())
    assert codex == {"model": "o4", "mcp_servers": {"credo": {"command": "credo", "args": ["mcp"]}}}
    assert "## Working with credo" in (repo / "AGENTS.md").read_text()

    (repo / ".cursor").mkdir()
    commented = '{\n  // mine\n  "mcpServers": {}\n}\n'
    (repo / ".cursor" / "mcp.json").write_text(commented)
    refused = credo(repo, "agents", "setup", "cursor", "--write")
    assert refused.returncode == 1 and "left as it is" in refused.stderr
    assert (repo / ".cursor" / "mcp.json").read_text() == commented


def test_setup_of_a_new_json_config_claims_no_other_keys(repo: Path, credo: Credo) -> None:
    """A .cursor/mcp.json that did not exist was 'written (other keys kept)': there were
    none to keep. Only a config that had keys says it kept them."""
    ok(credo(repo, "init"))
    fresh = ok(credo(repo, "agents", "setup", "cursor", "--write")).stdout
    assert "mcpServers.credo written\n" in fresh and "other keys" not in fresh
    (repo / ".mcp.json").write_text('{"mcpServers": {"other": {"command": "x"}}}\n')
    kept = ok(credo(repo, "agents", "setup", "claude", "--write")).stdout
    assert "mcpServers.credo added (other keys kept)" in kept


def test_setup_names_the_files_it_wrote_the_same_way(
    repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """With -C from elsewhere, `--write` named .cursor/mcp.json by its absolute path and
    AGENTS.md by its bare name, as if it were in the current folder: both are named from
    where the user is (absolute from outside the project, relative inside it)."""
    ok(credo(repo, "init"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    written = ok(credo(elsewhere, "-C", str(repo), "agents", "setup", "cursor", "--write"))
    assert written.stdout.splitlines() == [
        f"{repo / '.cursor' / 'mcp.json'}: mcpServers.credo written",
        f"{repo / 'AGENTS.md'}: credo's section added",
    ]
    (repo / "src").mkdir()
    again = ok(credo(repo / "src", "agents", "setup", "cursor", "--write"))
    assert again.stdout.splitlines() == [
        "../.cursor/mcp.json: credo's server is up to date",
        "../AGENTS.md: credo's section is up to date",
    ]


def test_an_agent_s_shell_leaves_a_person_s_task_alone(repo: Path, credo: Credo) -> None:
    """`credo start` in Claude Code's shell took over a task a person had in progress
    (and one assigned to a person), and its `credo done` and `credo edit` changed them:
    the agents' rule held for the MCP tools only. The shell's commands keep it now, and a
    person's shell is as it was."""
    ok(credo(repo, "init"))
    claude = {"CLAUDECODE": "1"}
    ids = []
    for title in ("Write the loader", "Plot the curves", "Rerun the baseline"):
        added = json.loads(ok(credo(repo, "add", title, "--json")).stdout)
        ids.append(added["id"])
    busy, given, free = ids
    ok(credo(repo, "start", busy))  # the person's, in progress
    ok(credo(repo, "edit", given, "--assignee", "Ada Tester"))
    for command in (["start", busy], ["done", busy], ["edit", busy, "--title", "x"]):
        refused = credo(repo, *command, env=claude)
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert "is in progress by Ada Tester, not by agent:claude" in refused.stderr
    for command in (["start", given], ["done", free, given], ["edit", given, "--title", "x"]):
        refused = credo(repo, *command, env=claude)
        assert "is Ada Tester's (its assignee), not agent:claude's" in refused.stderr
    tasks = {t.id: t for t in Store.open(repo).tasks()}
    assert (
        tasks[busy].in_progress_by == "ada@example.com" and tasks[busy].title == "Write the loader"
    )
    assert tasks[given].status == TaskStatus.OPEN and tasks[given].title == "Plot the curves"
    assert tasks[free].status == TaskStatus.OPEN  # one refused: none done
    ok(credo(repo, "start", free, env=claude))  # no one's: the agent's
    ok(credo(repo, "done", env=claude))
    ok(credo(repo, "start", given))  # a person's shell: as before
    ok(credo(repo, "done", busy))
    assert Store.open(repo).read(Task, busy).status == TaskStatus.DONE


def test_an_agent_s_shell_drops_moves_and_reopens_only_what_is_not_a_person_s(
    repo: Path, credo: Credo
) -> None:
    """`credo drop`, `credo mv --assignee` and `credo undone` in Claude Code's shell still
    changed a task a person had in progress or was assigned, where `start`, `done` and
    `edit` refused it. They keep the agents' rule now, refusing every id given before
    writing any; a person's shell is as it was."""
    ok(credo(repo, "init"))
    claude = {"CLAUDECODE": "1"}
    ids = []
    for title in ("Write the loader", "Plot", "Rerun the baseline", "Read logs", "Tidy"):
        ids.append(json.loads(ok(credo(repo, "add", title, "--json")).stdout)["id"])
    busy, given, free, finished, tidied = ids
    ok(credo(repo, "start", busy))  # the person's, in progress
    ok(credo(repo, "edit", given, "--assignee", "Ada Tester"))
    ok(credo(repo, "edit", finished, "--assignee", "Ada Tester"))
    ok(credo(repo, "done", finished, tidied))  # no one has the second: done, it is free
    busy_said = "is in progress by Ada Tester, not by agent:claude"
    given_said = "is Ada Tester's (its assignee), not agent:claude's"
    for command, said in (
        (["drop", busy], busy_said),
        (["drop", free, given], given_said),
        (["mv", given, "delegate", "--assignee", "agent:claude"], given_said),
        (["mv", busy, "do", "--assignee", "agent:claude"], busy_said),
        (["undone", tidied, finished], given_said),
    ):
        refused = credo(repo, *command, env=claude)
        assert refused.returncode != 0 and "Traceback" not in refused.stderr, command
        assert said in refused.stderr, (command, refused.stderr)
    tasks = {t.id: t for t in Store.open(repo).tasks()}
    assert tasks[busy].status == TaskStatus.IN_PROGRESS and tasks[busy].assignee is None
    assert tasks[given].status == TaskStatus.OPEN and tasks[given].assignee == "Ada Tester"
    assert tasks[free].status == TaskStatus.OPEN  # one refused: none dropped
    assert tasks[tidied].status == TaskStatus.DONE  # one refused: none reopened
    ok(credo(repo, "mv", given, "do", env=claude))  # a move alone, as the agents' move_task
    ok(credo(repo, "mv", free, "delegate", "--assignee", "agent:claude", env=claude))
    ok(credo(repo, "drop", free, env=claude))  # its own now
    ok(credo(repo, "undone", free, tidied, env=claude))
    ok(credo(repo, "drop", busy))  # a person's shell: as before
    ok(credo(repo, "undone", finished))
    tasks = {t.id: t for t in Store.open(repo).tasks()}
    assert tasks[busy].status == TaskStatus.DROPPED
    assert tasks[finished].status == TaskStatus.OPEN


def test_a_refusal_names_who_has_the_task_as_the_board_names_people(
    repo: Path, credo: Credo
) -> None:
    """An agent refused a task a person had in progress was told "in progress by
    ada@example.com", the e-mail credo records, where the board names people ("Ada
    Tester"). It names them as git knows them: this clone's git user, a teammate by the
    name of their commits (any case of the e-mail, mailmap applied); an e-mail no commit
    here has stays as recorded."""
    ok(credo(repo, "init"))
    bob = "Bob <Bob.Chen@Lab.org>"
    git(repo, "commit", "-q", "--allow-empty", "--author", bob, "-m", "Bob's first")
    (repo / ".mailmap").write_text("Bob Chen <bob.chen@lab.org>\n")
    ids = []
    for title in ("Write the loader", "Plot the curves", "Rerun the baseline"):
        ids.append(json.loads(ok(credo(repo, "add", title, "--json")).stdout)["id"])
    for task_id, email in zip(
        ids, ("ada@example.com", "bob.chen@lab.org", "carol@lab.org"), strict=True
    ):
        ok(credo(repo, "start", task_id, env={"GIT_AUTHOR_EMAIL": email}))
    claude = {"CLAUDECODE": "1"}
    for task_id, named in zip(ids, ("Ada Tester", "Bob Chen", "carol@lab.org"), strict=True):
        refused = credo(repo, "done", task_id, env=claude)
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert f"is in progress by {named}, not by agent:claude: ask them" in refused.stderr
