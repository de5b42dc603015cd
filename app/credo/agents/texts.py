"""What agents read: the board, the packs and the two prompts, as Markdown.

Plain text built from credo's items (no MCP here): `server.py` serves it as resources
and prompts. What a teammate wrote goes in on one line, control characters shown: it
makes no heading or list item of its own, and sends the agent no escape.
"""

from __future__ import annotations

from credo.agents.tools import Tools
from credo.agents.views import GateView
from credo.checklists.packs import get_pack, load_catalog
from credo.display import one_line, visible
from credo.domain.dates import due_words
from credo.domain.models import TaskStatus
from credo.domain.quadrants import QUADRANTS
from credo.wording import counted

UNREADABLE_BELOW = "cannot be read: its file is listed below"
"""What the board's text says of a task whose file a merge left conflicted."""


def board_text(tools: Tools) -> str:
    """The open tasks by quadrant, in board order, with ids, dues (against today, which
    the heading says: a model may not know it), tags and assignees."""
    listing = tools.list_tasks(limit=500)
    today = tools.today()
    lines = [f"# Board of {one_line(tools.store.name)}, {today:%A} {today}", ""]
    for quadrant in QUADRANTS:
        column = [t for t in listing.tasks if t.quadrant == quadrant.value]
        lines.append(f"## {quadrant.label} ({len(column)}) — {quadrant.hint}")
        for task in column:
            extras = [due_words(task.due, today)] if task.due else []
            extras += [f"#{one_line(tag)}" for tag in task.tags]
            if task.assignee:
                extras.append(f"@{one_line(task.assignee)}")
            elif quadrant.value == "delegate":
                extras.append("no assignee yet")
            in_progress = task.status == TaskStatus.IN_PROGRESS
            status = f" ({TaskStatus.IN_PROGRESS.label})" if in_progress else ""
            mark = ""
            if task.unreadable:  # a conflicted merge's: as `credo ls` lists it
                mark, status = "⚠ ", f" [{UNREADABLE_BELOW}]"
            tail = f" — {', '.join(extras)}" if extras else ""
            lines.append(f"- {mark}`{task.short_id}` {one_line(task.title)}{status}{tail}")
        lines.append("")
    if listing.total > len(listing.tasks):
        lines.append(f"(first {len(listing.tasks)} of {listing.total}; list_tasks filters)")
    for problem in listing.unreadable:
        lines.append(
            f"- unreadable, left as it is: {one_line(problem.path)}: {one_line(problem.message)}"
        )
    return "\n".join(lines).rstrip() + "\n"


def packs_text(tools: Tools) -> str:
    catalog = load_catalog(tools.store)
    lines = ["# Checklist packs", ""]
    for name, source in sorted(catalog.packs.items()):
        checks = counted(len(source.pack.items), "check")
        lines.append(
            f"- `credo://packs/{name}` {one_line(source.pack.title)} ({checks}, {source.origin})"
        )
    lines += [f"- unreadable pack: {one_line(problem)}" for problem in catalog.problems]
    return "\n".join(lines) + "\n"


def pack_text(tools: Tools, name: str) -> str:
    """A pack's principles and checks, with why each matters and how to answer it."""
    pack = get_pack(tools.store, name)
    lines = [f"# {one_line(pack.title)} (`{pack.name}`)", ""]
    if pack.description:
        lines += [visible(pack.description.strip()), ""]
    for principle, items in pack.by_principle().items():
        lines += [f"## {one_line(principle)}", ""]
        for item in items:
            gate = "" if item.gate else ", a milestone (not needed by the gate)"
            lines.append(
                f"- **{one_line(item.text)}** (`{item.id}`, holds per {item.scope.value}{gate})"
            )
            if item.why:
                lines.append(f"  - why: {one_line(item.why)}")
            if item.how:
                lines.append(f"  - how: {one_line(item.how)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def plan_my_day(tools: Tools) -> str:
    return (
        "Help me plan today with the Eisenhower matrix, using credo's board below.\n\n"
        "1. Do (urgent and important): pick at most three to finish today, most "
        "important first; say why.\n"
        "2. Schedule (important, not urgent): name the one that deserves a timeboxed "
        "experiment this week, with a hypothesis and a timebox.\n"
        "3. Delegate (urgent, not important): who takes each one? Suggest a teammate "
        "or an agent for tasks with no assignee (move_task or edit_task with an "
        "assignee), and claim_task the ones you will do yourself.\n"
        "4. Eliminate (neither): propose what to drop, and ask before dropping.\n"
        "Overdue tasks come first. Change nothing without asking me; every change you "
        "make shows on my board and I can undo it.\n\n" + board_text(tools)
    )


def before_a_run(tools: Tools, command: str = "") -> str:
    gate = tools.gate_status()
    what = f"`{one_line(command)}`" if command else "the next training run"
    head = (
        f"Before {what}: credo's gate says {'it may start' if gate.passed else 'not yet'}."
        f"\n\n{visible(gate.message)}\n"
    )
    return head + "\n" + _questions(gate)


def _questions(gate: GateView) -> str:
    lines = []
    if gate.open:
        lines.append(
            "Answer each open check for this code with evidence you can show (a path, "
            "numbers, a command and its output) using record_check; mark `not_yet` what "
            "does not hold yet, and `na` only with the reason it does not apply. Do not "
            "tick what you have not seen, nor what a run answers (its verifier reads the "
            "curves): run it instead. A failed check that holds the run is read and fixed, "
            "or acknowledged by a person (`credo gate --ack`)."
        )
        for check in gate.open:
            sign = " (holds the run)" if check.holds_the_run else ""
            sign += " (answered by runs)" if check.answered_by_runs else ""
            lines.append(
                f"\n- **{one_line(check.text)}** (`{one_line(check.pack)}` / "
                f"`{one_line(check.item)}`){sign}: {one_line(check.reason)}"
            )
            if check.why:
                lines.append(f"  - why: {one_line(check.why)}")
            if check.how:
                lines.append(f"  - how: {one_line(check.how)}")
    lines.append(
        "\nThen state the hypothesis and the timebox (start_experiment if none runs), and "
        "launch with `credo run -- CMD` in your shell. If you must skip the gate, say why: "
        "`credo run --skip-gate --reason '...' -- CMD` (the reason is recorded and shown). "
        "Close the experiment afterwards with its outcome and what you learned."
    )
    return "\n".join(lines) + "\n"
