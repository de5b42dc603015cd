"""`credo check` (review a pack) and `credo gate` (is this code reviewed?)."""

from __future__ import annotations

import sys
from typing import Any

import click

from credo.actions.checks import code_state as _state
from credo.actions.checks import running_experiment_id as _experiment_id
from credo.cli.base import Context, main, pass_context, print_json, stdout_console, warn
from credo.display import escape, visible
from credo.domain.models import Mark
from credo.errors import BadInputError
from credo.store import Store


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        item, sep, text = value.partition("=")
        if not sep or not item.strip():
            raise BadInputError(f"{option} takes ID=TEXT, got {value!r}")
        pairs[item.strip()] = text
    return pairs


def _open_json(items: list[Any]) -> list[dict[str, str]]:
    return [{"pack": i.pack, "item": i.item, "text": i.text, "reason": i.reason} for i in items]


@main.command("check")
@click.argument("pack", required=False)
@click.option("--list", "list_packs", is_flag=True, help="List the packs and where they come from.")
@click.option(
    "--status",
    is_flag=True,
    help="Say whether this code is covered by PACK, or by every pack the gate uses "
    "(exit 1 if not).",
)
@click.option("--tick", multiple=True, metavar="ID", help="Mark an item checked (repeatable).")
@click.option("--na", multiple=True, metavar="ID=REASON", help="Mark an item not applicable.")
@click.option("--not-yet", "not_yet", multiple=True, metavar="ID", help="Mark an item not yet.")
@click.option("--note", multiple=True, metavar="ID=TEXT", help="Evidence for an item.")
@click.option("--all", "walk_all", is_flag=True, help="Walk every item, not only the open ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def check(
    context: Context,
    pack: str | None,
    list_packs: bool,
    status: bool,
    tick: tuple[str, ...],
    na: tuple[str, ...],
    not_yet: tuple[str, ...],
    note: tuple[str, ...],
    walk_all: bool,
    as_json: bool,
) -> None:
    """Review a checklist pack: interactively, or with --tick/--na for scripts.

    With no pack: the default review, the data checks first, then the gate's packs."""
    store = context.store
    if list_packs:
        _list(store, as_json)
        return
    if status:
        _status(store, [pack] if pack else store.config.gate_packs, as_json, named=bool(pack))
        return
    if not pack:
        if tick or na or not_yet or as_json:
            raise click.UsageError("name a pack (see credo check --list)")
        for name in default_review(store):
            walk_pack(store, name, walk_all=walk_all)
        return
    if tick or na or not_yet:
        notes = _pairs(note, "--note")
        marks: dict[str, tuple[Mark, str]] = {i: (Mark.CHECKED, notes.get(i, "")) for i in tick}
        marks.update({i: (Mark.NOT_YET, notes.get(i, "")) for i in not_yet})
        marks.update({i: (Mark.NA, reason) for i, reason in _pairs(na, "--na").items()})
        _save(store, pack, marks, as_json)
        return
    walk_pack(store, pack, walk_all=walk_all)


def _list(store: Store, as_json: bool) -> None:
    from credo.checklists.packs import load_packs

    packs, problems = load_packs(store)
    for problem in problems:
        warn(problem)
    if as_json:
        print_json(
            [
                {"name": n, "title": s.pack.title, "items": len(s.pack.items), "origin": s.origin}
                for n, s in sorted(packs.items())
            ]
        )
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="dim")
    for column in ("pack", "title", "items", "from"):
        table.add_column(column)
    for name, source in sorted(packs.items()):
        table.add_row(name, escape(source.pack.title), str(len(source.pack.items)), source.origin)
    stdout_console().print(table)


def _status(store: Store, packs: list[str], as_json: bool, *, named: bool) -> None:
    """Whether this code is covered by each pack (the gate's packs when none is named)."""
    from credo.checklists.gate import evaluate_pack
    from credo.checklists.packs import get_pack

    state = _state(store)
    experiment = _experiment_id(store)
    where = state.sha[:7] if state.sha else "this code"
    results = []
    if not named and not as_json:
        click.echo(f"The gate before runs uses: {', '.join(packs) or 'no packs'}.")
    for pack in packs:
        needed, _ = evaluate_pack(store, pack, state, experiment, all_items=False)
        every, _ = evaluate_pack(store, pack, state, experiment, all_items=True)
        total = len(get_pack(store, pack).items)
        results.append(
            {
                "pack": pack,
                "sha": state.sha,
                "dirty": state.dirty,
                "covered": not needed,
                "open": _open_json(needed),
                "done": total - len(every),
                "total": total,
            }
        )
        if as_json:
            continue
        click.echo(f"{pack}: {total - len(every)}/{total} done")
        if not needed:
            click.echo(f"{where} is covered: every check the gate needs holds.")
        else:
            click.echo(f"{where} is not covered; open:")
            for item in needed:
                click.echo(visible(f"  - {item}"))
    if as_json:
        print_json(results[0] if named else results)  # a named pack: one object, as before
    if not all(r["covered"] for r in results):
        sys.exit(1)


def _save(store: Store, pack: str, marks: dict[str, tuple[Mark, str]], as_json: bool) -> None:
    from credo.actions.checks import record_review
    from credo.checklists.gate import evaluate_pack

    state = _state(store)
    experiment = _experiment_id(store)
    review, _ = record_review(store, pack, marks, state, experiment)
    still_open, _ = evaluate_pack(store, pack, state, experiment, all_items=False)
    if as_json:
        print_json(
            {
                "review": review.id,
                "pack": pack,
                "sha": state.sha,
                "experiment": experiment,
                "entries": [e.model_dump(mode="json") for e in review.entries],
                "open": _open_json(still_open),
            }
        )
        return
    click.echo(f"Saved review {review.id[:7]} of {pack} ({len(review.entries)} item(s)).")
    for item in still_open:
        click.echo(visible(f"  still open: {item}"))


def walk_pack(
    store: Store, pack_name: str, *, walk_all: bool = False, gate_only: bool = False
) -> bool:
    """Ask about each item that does not hold now; save the answers as one review.

    `gate_only` asks only what the gate needs (the review `credo run` offers). When the
    input ends early, the answers given so far are saved. Returns whether anything was
    recorded.
    """
    from rich.prompt import Prompt

    from credo.actions.checks import record_review
    from credo.checklists.gate import evaluate_pack
    from credo.checklists.packs import get_pack

    console = stdout_console(highlight=False)
    pack = get_pack(store, pack_name)
    state = _state(store)
    experiment = _experiment_id(store)
    open_ids = {
        i.item: i.reason
        for i in evaluate_pack(store, pack_name, state, experiment, all_items=not gate_only)[0]
    }
    items = [i for i in pack.items if walk_all or i.id in open_ids]
    if not items:
        console.print(f"[green]Every check of {pack_name} holds for this code.[/]")
        return False
    console.print(
        f"[b]{escape(pack.title)}[/] — {len(items)} to review "
        "(c checked · n not yet · a n.a. · s skip · q stop)"
    )
    marks: dict[str, tuple[Mark, str]] = {}
    for number, item in enumerate(items, 1):
        console.print(f"\n[dim]{number}/{len(items)} · {escape(item.principle)} · {item.scope}[/]")
        console.print(f"[b]{escape(item.text)}[/]")
        if item.id in open_ids and open_ids[item.id] != "never ticked":
            console.print(f"[dim]now:[/] {escape(open_ids[item.id])}")
        if item.why:
            console.print(f"[dim]why:[/] {escape(item.why)}")
        if item.how:
            console.print(f"[dim]how:[/] {escape(item.how)}")
        if item.command:
            console.print(f"[dim]answer with:[/] [cyan]{escape(item.command)}[/]")
        try:
            answer = Prompt.ask("answer", choices=["c", "n", "a", "s", "q"], default="s")
            if answer == "q":
                break
            if answer == "s":
                continue
            if answer == "a":
                reason = ""
                while not reason.strip():
                    reason = Prompt.ask("why is it not applicable?")
                marks[item.id] = (Mark.NA, reason)
                continue
            evidence = Prompt.ask("note (a path, a plot, a link; enter for none)", default="")
        except EOFError:
            console.print("\n[dim]input ended: stopping here[/]")
            break
        marks[item.id] = (Mark.CHECKED if answer == "c" else Mark.NOT_YET, evidence)
    if not marks:
        console.print("Nothing recorded.")
        return False
    review, _ = record_review(store, pack_name, marks, state, experiment)
    console.print(f"\nSaved review {review.id[:7]} of {pack_name} ({len(marks)} item(s)).")
    return True


def default_review(store: Store) -> list[str]:
    """The packs `credo check` walks with no pack named: data first, then the gate's."""
    from credo.checklists.packs import DATA_PACK, load_packs

    packs, _ = load_packs(store)
    first = [DATA_PACK] if DATA_PACK in packs else []
    return first + [n for n in store.config.gate_packs if n not in first]


def walk(store: Store) -> None:
    """The review `credo run` offers when the gate is closed: each required pack in turn,
    after the data checks on a project's first review (they do not hold the run)."""
    from credo.errors import CredoError

    first = not store.reviews()
    for name in default_review(store) if first else store.config.gate_packs:
        try:
            walk_pack(store, name, gate_only=name in store.config.gate_packs)
        except CredoError as error:  # a broken pack: the gate's message already names it
            warn(error.message)


@main.command("gate")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
@pass_context
def gate(context: Context, as_json: bool) -> None:
    """Would `credo run` start now? Lists exactly which checks are open (exit 1 if any)."""
    from credo.checklists.gate import evaluate_gate

    store = context.store
    decision = evaluate_gate(store, _state(store), _experiment_id(store))
    if as_json:
        print_json(
            {
                "passed": decision.passed,
                "open": _open_json(decision.open_items),
                "review_ids": decision.review_ids,
                "message": decision.message,
            }
        )
    else:
        click.echo(visible(decision.message))
    if not decision.passed:
        sys.exit(1)
