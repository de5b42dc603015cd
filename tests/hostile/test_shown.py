"""Markup and terminal escapes in every field, through every view and command: shown, never obeyed.

One string holds markup that crashes a renderer (`[/]`), makes live links or actions
(`[link=…]`, `[ @click=…]`, which Textual reads even after Rich's escape), and the
escapes a terminal obeys (an OSC 52 clipboard write, a title change, a screen clear,
C1's CSI). Alice puts it in every field credo shows and commits it; Bob looks at
everything: nothing crashes, no escape reaches the terminal raw, no link is live.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import tomli_w
from teammates import Team

from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.experiments import ExperimentsScreen
from mcp_client import credo_mcp
from pilots import settle

EVIL = (
    "[/] [link=https://evil.example]l[/link] [ @click=app.quit]q[/] [ link=https://e.x]y"
    " [$accent]v [b \x1b]52;c;cHduZWQ=\x07 \x1b]0;pwned\x07 \x1b[2J \x9b2J\x1b\\ end\\"
)
RAW = ("\x1b", "\x07", "\x9b")
"""What must never reach the terminal from a file."""
NOW = datetime.now(UTC).replace(microsecond=0)
TASK, EXP, BASE, RUN, REVIEW = (
    "t000aaaabbbbcccc",
    "e000aaaabbbbcccc",
    "e001aaaabbbbcccc",
    "r000aaaabbbbcccc",
    "v000aaaabbbbcccc",
)


def toml(data: dict[str, Any]) -> str:
    return tomli_w.dumps(data)


def hostile_files() -> dict[str, str]:
    task = {
        "id": TASK,
        "title": EVIL,
        "notes": EVIL,
        "tags": [EVIL],
        "every": "week",  # a rule credo cannot follow makes the file unreadable (below)
        "assignee": EVIL,
        "important": True,
        "urgent": True,
        "status": "in_progress",
        "in_progress_by": EVIL,
        "done_commit": EVIL,
        "closed_by": EVIL,
        "experiments": [EVIL, EXP],
        "due": NOW.date(),
        "created": NOW,
        "updated": NOW,
    }
    done = {**task, "id": "t001aaaabbbbcccc", "status": "done", "done_at": NOW}
    exp = {
        "id": EXP,
        "hypothesis": EVIL,
        "timebox": "25m",
        "status": "running",
        "task": EVIL,
        "tags": [EVIL],
        "learning": EVIL,
        "next_step": EVIL,
        "abandon_reason": EVIL,
        "started": NOW,
        "created": NOW,
    }
    base = {
        "id": BASE,
        "hypothesis": EVIL,
        "timebox": "25m",
        "status": "done",
        "outcome": "confirmed",
        "baseline": True,
        "started": NOW,
        "ended": NOW,
        "created": NOW,
    }
    git = {
        "sha": EVIL,
        "branch": EVIL,
        "untracked": [EVIL],
        "patch": "start.patch",
        "patch_status": "whole",
        "dirty": True,
        "remote": EVIL,
    }
    run = {
        "id": RUN,
        "experiment": EXP,
        "command": [EVIL],
        "cwd": EVIL,
        "note": EVIL,
        "output": EVIL,
        "status": "failed",
        "started": NOW,
        "ended": NOW,
        "exit_code": 1,
        "data": {EVIL: EVIL},
        "env": {EVIL: EVIL},
        "metrics": {EVIL: 1.0},
        "gate": {"passed": True, "review_ids": [EVIL]},
        "git_start": git,
        "git_end": git,
    }
    base_run = {**run, "id": "r001aaaabbbbcccc", "experiment": BASE, "exit_code": 0}
    review = {
        "id": REVIEW,
        "pack": "hostile",
        "created": NOW,
        "experiment": EVIL,
        "git": {"sha": EVIL, "dirty": True},
        "entries": [{"item": "a", "mark": "checked", "note": EVIL}],
    }
    pack = {
        "name": "hostile",
        "title": EVIL,
        "description": EVIL,
        "items": [
            {"id": "a", "principle": EVIL, "text": EVIL, "why": EVIL, "how": EVIL},
            {"id": "b", "principle": EVIL, "text": EVIL, "scope": "once"},
        ],
    }
    metrics = json.dumps({"step": 0, EVIL: 1.0}) + "\n" + json.dumps({"step": 1, EVIL: 0.5})
    journal = {  # an agent's change, as `credo mcp` journals it (git add -f can commit it)
        "id": "j000aaaabbbbcccc",
        "at": NOW.isoformat(),
        "actor": EVIL,
        "what": EVIL,
        "changes": [["task", TASK, None, base64.b64encode(toml(task).encode()).decode()]],
    }
    return {
        ".credo/cache/journal.jsonl": json.dumps(journal) + "\n",
        f".credo/tasks/{TASK}.toml": toml(task),
        ".credo/tasks/t001aaaabbbbcccc.toml": toml(done),
        f".credo/tasks/{EVIL.replace('/', '|')[:60]}.toml": "not a task\n",
        ".credo/tasks/t003aaaabbbbcccc.toml": toml(
            {**task, "id": "t003aaaabbbbcccc", "every": EVIL}
        ),
        f".credo/experiments/{EXP}.toml": toml(exp),
        f".credo/experiments/{BASE}.toml": toml(base),
        f".credo/runs/{RUN}/run.toml": toml(run),
        f".credo/runs/{RUN}/output.log": EVIL + "\n",
        f".credo/runs/{RUN}/start.patch": f"diff --git a/x b/x\n+{EVIL}\n",
        f".credo/runs/{RUN}/metrics.jsonl": metrics,
        ".credo/runs/r001aaaabbbbcccc/run.toml": toml(base_run),
        f".credo/reviews/{REVIEW}.toml": toml(review),
        ".credo/checklists/hostile.toml": toml(pack),
        ".credo/config.toml": toml({"gate_packs": ["hostile", EVIL]}),
    }


def pushed(team: Team) -> None:
    team.commit(hostile_files(), "Hostile strings everywhere")
    team.commit({"x.py": "x = 1\n"}, f"{EVIL}\n\ncloses t001aaaa\n\nCredo-Task: {TASK}")
    team.pull()


def assert_no_hidden_action(text: str, style: Any) -> None:
    """No markup-made link or action: the one click allowed is on a URL shown as itself
    (Markdown notes and the report link bare URLs, as a terminal would)."""
    if style is None:
        return
    assert not style.link, f"a live link behind {text!r}: {style.link}"
    action = (style.meta or {}).get("@click")
    if action is not None:
        assert action.startswith("link(") and text.strip() and text.strip() in action, action


def assert_shown_not_obeyed(text: str) -> None:
    for raw in RAW:
        assert raw not in text, f"{raw!r} reached the terminal: {text[:300]!r}"


def screen_text(app: CredoApp) -> str:
    """What the screen would send to the terminal, segment by segment: checked for raw
    escapes and hidden links or actions."""
    update = app.screen._compositor.render_full_update()
    text = ""
    for line in update.strips:
        for strip in line:
            for segment in strip:
                assert_no_hidden_action(segment.text, segment.style)
                text += segment.text
        text += "\n"
    assert_shown_not_obeyed(text)
    return text


def test_every_command_shows_hostile_text_without_obeying_it(team: Team) -> None:
    pushed(team)
    commands = [
        ("ls",),
        ("ls", "--all"),
        ("show", "t000"),
        ("show", "e000"),
        ("log", "t000"),
        ("exp", "ls"),
        ("exp", "show", "e000"),
        ("exp", "show", "e000", "--json"),
        ("check", "--list"),
        ("check", "hostile", "--status"),
        ("gate",),
        ("report", "--format", "md"),
        ("report", "--format", "rich"),
        ("report", "--format", "json"),
        ("ls", "--all", "--json"),
    ]
    results = [team.credo(*args) for args in commands]
    for args, result in zip(commands, results, strict=True):
        assert "Traceback" not in result.stderr, (args, result.stderr)
        assert_shown_not_obeyed(result.stdout + result.stderr)
    shown = {args: r.stdout for args, r in zip(commands, results, strict=True)}
    assert "␛]52;c;cHduZWQ=␇" in shown[("show", "t000")]  # made visible, not dropped
    assert "[/] [link=https://evil.example]l[/link]" in shown[("show", "t000")]  # literal
    assert "[/] [link=" in shown[("exp", "show", "e000")]
    assert "[/] [link=" in shown[("check", "--list")]
    assert "␛" in shown[("ls",)] and "␛" in shown[("log", "t000")]
    assert "## Changes by agents (1)" in shown[("report", "--format", "md")]
    team.check(*results)


async def test_every_view_shows_hostile_text_without_obeying_it(team: Team) -> None:
    pushed(team)
    app = CredoApp(Store.open(team.bob), refresh_seconds=60)
    looks: list[str] = []

    def look() -> None:
        looks.append(screen_text(app))

    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        look()  # the board, the task's details, the unreadable file's row
        views = ("exclamation_mark", "escape", "E", "2", "3", "4", "1", "C", "H", "R")
        for keys in views:
            await pilot.press(keys)
            await settle(pilot)
            look()
        await pilot.press("escape")
        await pilot.press("q")
    assert not app._exception, app._exception
    seen = "\n".join(looks)
    commits = looks[views.index("H") + 1]  # the hostile commit, selected: its message
    assert "closes t001aaaa" in commits and "␛]52;c;cHduZWQ=␇" in commits
    assert "␛]52;c;cHduZWQ=␇" in seen and "[/] [link=https://evil.example]" in seen
    assert "✦ last changed by" in seen, looks[0]
    team.check()


async def test_agents_read_hostile_text_as_one_line_without_control_characters(
    team: Team,
) -> None:
    """An agent reads the board, the packs and the prompts as Markdown: a teammate's title
    with a line break makes no heading or task of its own, and no control character
    reaches the agent raw (the tools' JSON escapes them itself)."""
    forged = {
        "id": "t002aaaabbbbcccc",
        "title": "a title\n## Do (0)\n- `aaaa` forged task \x1b[2J",
        "created": NOW,
        "updated": NOW,
    }
    team.commit({".credo/tasks/t002aaaabbbbcccc.toml": toml(forged)}, "A forged board")
    pushed(team)
    async with credo_mcp(team.bob) as client:
        texts = [
            (await client.read_resource(uri)).contents[0].text  # type: ignore[union-attr]
            for uri in ("credo://board", "credo://packs", "credo://packs/hostile")
        ]
        for prompt, arguments in (("plan_my_day", None), ("before_a_run", {"command": EVIL})):
            said = await client.get_prompt(prompt, arguments)
            texts.append(said.messages[0].content.text)  # type: ignore[union-attr]
    for text in texts:
        assert_shown_not_obeyed(text)
        assert "\n- `aaaa` forged" not in text and text.count("\n## Do (") <= 1, text
    assert "a title ## Do (0) - `aaaa` forged task ␛[2J" in texts[0]
    team.check()


async def test_the_data_screen_shows_hostile_file_names_without_obeying_them(team: Team) -> None:
    """A data file's name is markup and escapes (and a line break): listed, looked at."""
    name = f"data/{EVIL.replace('/', '|')}\nforged.jsonl"
    team.commit({name: '{"text": "a", "label": "x"}\n', "data/train.jsonl": '{"a": 1}\n'})
    team.pull()
    app = CredoApp(Store.open(team.bob), refresh_seconds=60)
    looks: list[str] = []
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        looks.append(screen_text(app))
        await pilot.press("l")  # look at the first file: the hostile one
        await settle(pilot)
        looks.append(screen_text(app))
    assert not app._exception, app._exception
    assert "[|] [link=https:||evil.example]" in looks[0]
    assert "␛]0;pwned␇" in looks[1] and "\\x1b]0;pwned\\x07" in looks[1]  # command, title
    assert '{"text": "a", "label": "x"}' in looks[1]  # the record
    team.check()


async def test_the_experiment_dialogs_show_a_hostile_hypothesis_without_obeying_it(
    team: Team,
) -> None:
    pushed(team)
    app = CredoApp(Store.open(team.bob), refresh_seconds=60)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExperimentsScreen)
        while screen.selected_id != EXP:
            await pilot.press("j")
        for key in ("plus", "c", "A"):  # more time, close, abandon: each names it
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is not screen, key
            assert "[/] [link=https://evil.example]" in screen_text(app), key
            await pilot.press("escape")
            await settle(pilot)
    assert not app._exception, app._exception
    team.check()


async def test_a_link_in_notes_shows_where_it_goes(team: Team) -> None:
    """Notes are Markdown: a teammate's `[the dataset card](https://evil.example/phish)`
    would show its words and open the address behind them on a click. A link stays as
    typed, address and all; a bare address is still one to click."""
    notes = (
        "See [the dataset card](https://evil.example/phish), [x](javascript:alert(1)),"
        " ![img](https://evil.example/pixel.png) and https://example.org/card"
    )
    task = {"id": "t009aaaabbbbcccc", "title": "Read the card", "notes": notes, "created": NOW}
    team.commit({".credo/tasks/t009aaaabbbbcccc.toml": toml(task)})
    team.pull()
    app = CredoApp(Store.open(team.bob), refresh_seconds=60)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
    assert not app._exception, app._exception
    assert "[the dataset card](https://evil.example/phish)" in shown
    assert "![img](https://evil.example/pixel.png)" in shown
    assert "https://example.org/card" in shown
    team.check()
