"""`credo check` (review a pack) and `credo gate` (is this code reviewed?)."""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from credo.actions.checks import (
    PackFacts,
    checked_experiment_id,
    code_state,
    gate_now,
    pack_facts,
    record_review,
    unread_answers,
)
from credo.cli import completers
from credo.cli.base import (
    Context,
    in_notebook,
    main,
    pass_context,
    print_json,
    stdout_console,
    warn,
    warn_if_running_unread,
    warn_unreadable,
)
from credo.display import escape, visible
from credo.domain.actors import actor_from_env
from credo.domain.models import ChecklistPack, Evidence, Mark, Run, checked_text, short_sha
from credo.errors import BadInputError, CredoError
from credo.store import Store
from credo.store.ids import ShortIds
from credo.store.paths import data_paths_from_here
from credo.text.words import item_guidance, rung_command
from credo.wording import agrees, counted

if TYPE_CHECKING:
    from pathlib import Path

    from credo.checklists.gate import Standing
    from credo.checklists.packs import Catalog


def _pairs(values: tuple[str, ...], option: str, form: str) -> dict[str, str]:
    """`--na seed-fixed=REASON`: item -> text (`form`: what the text is, as --help says)."""
    pairs = {}
    for value in values:
        item, sep, text = value.partition("=")
        if not sep or not item.strip():
            shown = f"{option} {item.strip() or 'ID'}={form}"
            raise BadInputError(f"{option} takes ID={form} ({shown}), got {value!r}")
        pairs[item.strip()] = text
    return pairs


def _open_json(items: list[Any]) -> list[dict[str, str]]:
    return [{"pack": i.pack, "item": i.item, "text": i.text, "reason": i.reason} for i in items]


@main.command("check")
@click.argument("pack", required=False, shell_complete=completers.packs)
@click.option(
    "--list",
    "list_packs",
    is_flag=True,
    help="List the packs, where they come from, and any field of theirs this credo does not "
    "know; with PACK, its items (their ids for --tick).",
)
@click.option(
    "--status",
    is_flag=True,
    help="Say whether this code is covered by PACK, or by every pack the gate uses "
    "(exit 1 if not).",
)
@click.option(
    "--tick",
    multiple=True,
    metavar="ID",
    shell_complete=completers.pack_items,
    help="Mark an item checked (repeatable).",
)
@click.option(
    "--na",
    multiple=True,
    metavar="ID=REASON",
    shell_complete=completers.pack_items,
    help="Mark an item not applicable.",
)
@click.option(
    "--not-yet",
    "not_yet",
    multiple=True,
    metavar="ID",
    shell_complete=completers.pack_items,
    help="Mark an item not yet.",
)
@click.option(
    "--note",
    multiple=True,
    metavar="ID=TEXT",
    shell_complete=completers.pack_items,
    help="Evidence for an item.",
)
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

    With no pack: what the gate asks first, then the data checks, then the ladders."""
    from credo.checklists.packs import get_pack, load_catalog

    store = context.store
    catalog = load_catalog(store)
    if pack == "":  # not "no pack", which walks every pack: no pack has that name
        get_pack(store, pack, catalog)
    # a broken pack named is said once, by the error that using it raises
    named = None if list_packs and not pack else catalog.broken.get(pack or "")
    said = [*catalog.problems, *catalog.unknown]  # a pack left out is said, whatever the form
    for problem in said:
        if named is None or problem != named.message:
            warn(problem)
    warn_unreadable(unread_answers(store))
    if list_packs:
        if pack:
            _list_items(get_pack(store, pack, catalog), as_json)
        else:
            _list(catalog, as_json)
        return
    warn_if_running_unread(store)  # its ticks are taken for the running experiment
    if status:
        names = [pack] if pack else list(store.config.gate_packs)
        if not pack and not as_json:
            click.echo(f"The gate before runs uses: {', '.join(names) or 'no packs'}.")
        git, experiment = code_state(store), checked_experiment_id(store)  # once for all packs
        covered = [
            _status(
                store,
                pack_facts(store, name, git, experiment, all_items=True, held=True),
                as_json,
            )
            for name in names
        ]
        if as_json:
            print_json(covered[0] if pack else covered)  # a named pack: one object
        if not all(c["covered"] for c in covered):
            sys.exit(1)
        return
    if not pack:
        if tick or na or not_yet or note or as_json:
            raise click.UsageError("name a pack (see credo check --list)")
        _can_walk()
        walk_default(store, checked_experiment_id(store), walk_all=walk_all, said=set(said))
        return
    if tick or na or not_yet:
        _save(
            store,
            pack,
            _marks(tick, not_yet, _pairs(na, "--na", "REASON"), _pairs(note, "--note", "TEXT")),
            as_json,
        )
        return
    if note or as_json:
        raise click.UsageError(
            "--note and --json go with --tick, --na or --not-yet (the marks they describe)"
        )
    _can_walk()
    walk_pack(store, pack, checked_experiment_id(store), walk_all=walk_all)


def _can_walk() -> None:
    """Refuse the walk where no one can answer its questions: it would wait for ever."""
    if in_notebook():
        raise CredoError(
            "a notebook cell cannot answer the review's questions: mark items with --tick ID, "
            "--na ID=REASON or --not-yet ID (credo check --list PACK lists them), "
            "or review in a terminal"
        )


def _marks(
    tick: tuple[str, ...], not_yet: tuple[str, ...], na: dict[str, str], notes: dict[str, str]
) -> dict[str, tuple[Mark, str]]:
    """The marks the flags give, each item once; a note only on an item marked."""
    given = [*tick, *not_yet, *na]
    twice = sorted({item for item in given if given.count(item) > 1})
    if twice:
        raise click.UsageError(f"{', '.join(twice)}: marked more than once; give one mark each")
    stray = sorted(set(notes) - set(given))
    if stray:
        raise click.UsageError(f"--note {', '.join(stray)}: not marked here (--tick, --not-yet)")
    marks: dict[str, tuple[Mark, str]] = {i: (Mark.CHECKED, notes.get(i, "")) for i in tick}
    marks.update({i: (Mark.NOT_YET, notes.get(i, "")) for i in not_yet})
    marks.update({i: (Mark.NA, reason) for i, reason in na.items()})
    return marks


def _list(catalog: Catalog, as_json: bool) -> None:
    packs = catalog.packs
    if as_json:
        print_json(
            [
                {"name": n, "title": s.pack.title, "items": len(s.pack.items), "origin": s.origin}
                for n, s in sorted(packs.items())
            ]
        )
        return
    _print_table(
        ("pack", "title", "items", "from"),
        [
            (name, source.pack.title, str(len(source.pack.items)), source.origin)
            for name, source in sorted(packs.items())
        ],
    )


def _list_items(pack: ChecklistPack, as_json: bool) -> None:
    """A pack's items: each id, who answers it (a person, or runs through a verifier),
    whether the gate asks it before runs or it is a rung of the ladder, and its text."""
    rows = [
        {
            "item": item.id,
            "asked": "before runs" if item.gate else "ladder",
            "answered_by": "runs" if item.verify else "you",
            "text": item.text,
        }
        for item in pack.items
    ]
    if as_json:
        print_json(rows)
        return
    columns = ("item", "asked", "answered by", "text")
    _print_table(columns, [tuple(row.values()) for row in rows])


def _print_table(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """A plain table to stdout, headers dim, the last column wrapping on a terminal:
    `--list`'s packs, or a pack's items."""
    from credo.cli.rows import Cell, print_table

    cells: list[list[Cell]] = [[visible(value, lines=False) for value in row] for row in rows]
    print_table(stdout_console(), columns, cells, flex=len(columns) - 1)


def _status(store: Store, facts: PackFacts, as_json: bool) -> dict[str, Any]:
    """How a pack stands for this code: what the gate asks, and which run proved what
    (said unless `as_json`; its words name runs as `credo runs ls` does, its `run` fields
    in full)."""
    from credo.checklists.gate import why_open
    from credo.checklists.verdict import ladder

    pack, state, found = facts.pack.name, facts.git, facts.standings
    short = store.short_ids(Run)

    def why(standing: Standing) -> str:
        return why_open(standing, short)

    needed = [s for s in found if s.item.gate and not s.holds]
    rungs = ladder(facts.pack, found, short)
    done = sum(1 for s in found if s.holds)
    result: dict[str, Any] = {
        "pack": pack,
        "sha": state.sha,
        "dirty": state.dirty,
        "covered": not needed,
        "open": [
            {"pack": pack, "item": s.item.id, "text": s.item.text, "reason": why(s)} for s in needed
        ],
        "items": [
            {
                "item": s.item.id,
                "how": s.how,
                "offered": s.offered or None,
                "reason": why(s),
                "run": s.evidence.run if s.evidence else None,
                "evidence": s.evidence.summary if s.evidence else None,
                "acknowledged": s.acknowledged,
            }
            for s in found
        ],
        "ladder": [
            {
                "item": r.item.id,
                "state": r.state,
                "how": r.how,
                "out_of_order": r.out_of_order,
                "command": r.command,
            }
            for r in rungs
        ],
        "done": done,
        "total": len(found),
    }
    if as_json:
        return result
    where = short_sha(state.sha) if state.sha else "this code"
    click.echo(f"{pack}: {done}/{len(found)} hold at {where}")
    checks = [s for s in found if s.item.gate]
    for standing in checks:
        if standing.holds:
            proof = standing.how
            if standing.evidence is not None:
                run = standing.evidence.run
                proof = f"verified by run {short[run]}: " if run else "verified: "
                proof += standing.evidence.summary
            elif standing.offered:  # credo's, not a person's: they may answer otherwise
                proof += f": {standing.offered} (--not-yet {standing.item.id} if it is not so)"
            elif standing.review is not None:  # why n.a., or what the tick rests on
                entry = (e for e in standing.review.entries if e.item == standing.item.id)
                if note := next(entry).note:
                    proof += f": {note}"
        else:
            proof = why(standing)
        sign = "✓" if standing.holds else ("✗" if standing.failed else "○")
        click.echo(visible(f"  {sign} {standing.item.id}: {proof}"))
    if rungs:
        click.echo("the ladder:")
        width = stdout_console().width  # piped: whole
        for rung in rungs:
            sign = {"reached": "✓", "failed": "✗"}.get(rung.state, "○")
            words = rung.state + (f": {rung.how}" if rung.how else "")
            if rung.out_of_order:
                words += f" (out of order: before {rung.out_of_order})"
            click.echo(visible(f"  {sign} {rung.item.id}: {words}"))
            # what its run ran (run it again), or what the pack says to run
            if command := rung_command(rung, width - len("      ran: ")):
                click.echo("      {}: {}".format(*command))
    return result


def _save(store: Store, pack: str, marks: dict[str, tuple[Mark, str]], as_json: bool) -> None:
    state = code_state(store)
    experiment = checked_experiment_id(store)
    review, _ = record_review(store, pack, marks, state, experiment)
    still_open = pack_facts(store, pack, state, experiment, all_items=False).open_items
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
    from credo.domain.models import Review

    short = store.short_id(Review, review.id)
    click.echo(f"Saved review {short} of {pack} ({counted(len(review.entries), 'item')}).")
    for item in still_open:
        click.echo(visible(f"  still open: {item}"))


@dataclass
class Sitting:
    """One review across packs: what was put to the person already, and whether they
    stopped (q, or the input ended)."""

    asked: set[str] = field(default_factory=set)
    """`pack/item`, asked or left to the runs: not asked again in the same sitting."""
    said: set[str] = field(default_factory=set)
    """Warnings given already (a broken pack file): not given again."""
    stopped: bool = False


def walk_pack(
    store: Store,
    pack_name: str,
    experiment: str | None,
    *,
    walk_all: bool = False,
    only: set[str] | None = None,
    gate_only: bool = False,
    to_acknowledge: dict[str, list[Evidence]] | None = None,
    sitting: Sitting | None = None,
) -> None:
    """Ask about each item that does not hold now in `experiment` (None: an ad-hoc run's
    walk); save the answers as one review, for that experiment.

    Items a verifier answers are left to the runs unless a run found something wrong;
    `only` asks just those items, `gate_only` just what the gate asks; `to_acknowledge`
    (item -> the failures that hold runs: its own, and a rung's read off the same curves)
    offers `k`, which lets runs go on at this code, and asks about the item as its own
    failure left it. When the input ends early, the answers given so far are saved.
    """
    sitting = sitting or Sitting()
    if sitting.stopped:
        return
    from rich.prompt import Prompt

    from credo.checklists.gate import ack_advice, as_held, unanswered, why_open

    console = stdout_console(highlight=False)
    facts = pack_facts(store, pack_name, code_state(store), experiment, all_items=True)
    pack = facts.pack
    to_acknowledge = to_acknowledge or {}
    holding = [e for records in to_acknowledge.values() for e in records]
    # as the gate found it: the newest run may be another command's
    found = {s.item.id: s for s in as_held(pack_name, facts.standings, holding)}
    items, by_runs, read, offered = [], [], [], []
    for item in pack.items:
        standing = found[item.id]
        key = f"{pack_name}/{item.id}"
        if only is not None and item.id not in only or gate_only and not item.gate:
            continue
        if not walk_all and standing.holds or key in sitting.asked:
            if standing.offered and key not in sitting.asked:
                offered.append(f"{item.id} ({standing.offered})")
            continue
        sitting.asked.add(key)
        if standing.acknowledged:  # read already: a tick by hand would hide what failed
            read.append(item.id)
            continue
        if standing.for_runs and not walk_all and only is None:
            by_runs.append(item.id)
            continue
        items.append(item)
    items.sort(key=lambda i: not i.gate)  # what the gate asks first, then the ladder
    if by_runs:
        console.print(f"[dim]left for your runs to answer:[/] {escape(', '.join(by_runs))}")
    if read:
        console.print(
            f"[dim]failed and acknowledged, left for your next run to answer:[/] "
            f"{escape(', '.join(read))}"
        )
    if offered:  # held by what credo knows: said, so a person can answer otherwise
        console.print(
            f"[dim]offered as ticked:[/] {escape(', '.join(offered))}"
            f" [dim](--not-yet ID if it is not so)[/]"
        )
    if not items:
        if not gate_only:
            console.print(f"[green]Nothing of {pack_name} to review for this code.[/]")
        return
    asks = "what the gate asks: " if gate_only else ""
    agent = actor_from_env(os.environ)  # acknowledging is a person's: no `k` offered to it
    acks = {} if agent is None else _ack_commands(store, to_acknowledge)
    # the letters the items offer: no tick where a run or data check failed the item
    offer_k = agent is None and any(item.id in to_acknowledge for item in items)
    answers = ["k acknowledge"] if offer_k else []
    answers += ["c checked"] if any(not found[item.id].failed_by for item in items) else []
    answers += ["n not yet", "a n.a.", "s skip", "q stop"]
    keys = " · ".join(answers)
    console.print(f"[b]{escape(pack.title)}[/] — {asks}{len(items)} to review ({keys})")
    marks: dict[str, tuple[Mark, str]] = {}
    acknowledged: dict[str, list[Evidence]] = {}
    """Each item answered `k`, and the failed evidence that acknowledges (its rung's too)."""
    interrupted = False
    run_ids = store.short_ids(Run)
    data = data_paths_from_here(store.project_root, store.config.data_paths)
    for number, item in enumerate(items, 1):
        reason = why_open(found[item.id], run_ids)
        console.print(f"\n[dim]{number}/{len(items)} · {escape(item.principle)} · {item.scope}[/]")
        console.print(f"[b]{escape(item.text)}[/]")
        if reason and reason != unanswered(item):
            console.print(f"[dim]now:[/] {escape(reason)}")
        if found[item.id].offered:
            console.print(f"[dim]now:[/] offered: {escape(found[item.id].offered)}")
        for label, words in item_guidance(item, data):
            console.print(f"[dim]{label}:[/] {words}")
        choices = ["c", "n", "a", "s", "q"]
        if found[item.id].failed_by:  # a tick would hide what was found
            said = f"{found[item.id].failed_by} failed it: no tick by hand"
            console.print(f"[dim]{said}; {escape(found[item.id].answered_again)}[/]")
            choices.remove("c")
        if item.id in acks:  # an agent's walk: what it can do instead
            console.print(f"[dim]{escape(ack_advice(acks[item.id], agent))}[/]")
        elif item.id in to_acknowledge:
            console.print(
                "[dim]k: acknowledge what the run found, and let runs go on at this code[/]"
            )
            choices.insert(0, "k")
        try:
            answer = Prompt.ask("answer", choices=choices, default="s")
            if answer == "q":
                sitting.stopped = True
                break
            if answer == "s":
                continue
            if answer == "k":
                acknowledged[item.id] = to_acknowledge[item.id]
                continue
            if answer == "a":
                why_na = _asked_note(console, "why is it not applicable?", item.id, needed=True)
                marks[item.id] = (Mark.NA, why_na)
                continue
            evidence = _asked_note(
                console, "note (a path, a plot, a link; enter for none)", item.id
            )
        except (EOFError, KeyboardInterrupt) as error:
            interrupted = isinstance(error, KeyboardInterrupt)
            stop = "interrupted: stopping here"
            if not interrupted:  # a script: say how it answers without prompts
                stop = (
                    "input ended: stopping here "
                    "(without prompts: --tick ID, --na ID=REASON or --not-yet ID)"
                )
            console.print(f"\n[dim]{stop}[/]")
            sitting.stopped = True
            break
        marks[item.id] = (Mark.CHECKED if answer == "c" else Mark.NOT_YET, evidence)
    if marks:
        review, _ = record_review(store, pack_name, marks, facts.git, facts.experiment)
        from credo.domain.models import Review

        short = store.short_id(Review, review.id)
        saved = f"Saved review {short} of {pack_name} ({counted(len(marks), 'item')})."
        console.print(f"\n{saved}")
    if acknowledged:  # after the review, saved first
        from credo.actions.evidence import acknowledge, who_acknowledges
        from credo.checklists.evidence import as_shown

        evidence_ids = [e.id for records in acknowledged.values() for e in records]
        done = as_shown(store, acknowledge(store, evidence_ids, "", who_acknowledges(store))[0])
        # counted as asked (the gate counts them so), not by record: a rung goes with its check
        console.print(f"\nAcknowledged {counted(len(acknowledged), 'failed check')} at this code:")
        for check, rest in _by_check(done):  # whose: it holds runs of its command only
            console.print(f"  {escape(_acknowledged_words(check, rest, run_ids))}")
    elif not marks:
        console.print(f"Nothing recorded for {escape(pack_name)}.")
    if interrupted:  # the answers are kept; whatever asked for them (a run) stops
        raise KeyboardInterrupt


def _ack_commands(store: Store, to_acknowledge: dict[str, list[Evidence]]) -> dict[str, list[str]]:
    """Each item's failures as the commands that acknowledge them (`ack_command`, the
    run's command as typed at the root, as the held run names it)."""
    from credo.checklists.gate import RootCommands, ack_command

    typed = RootCommands(store)
    return {
        item: list(dict.fromkeys(ack_command(typed.of(e)) for e in records))
        for item, records in to_acknowledge.items()
    }


def _by_check(done: list[Evidence]) -> list[tuple[Evidence, list[Evidence]]]:
    """Failures acknowledged, one check a run failed, each with the rungs that run failed
    in the same words (read off the same curves)."""
    read: dict[tuple[str | None, str], list[Evidence]] = {}
    for record in done:
        read.setdefault((record.run, record.summary), []).append(record)
    return [(check, rest) for check, *rest in read.values()]


def _acknowledged_words(check: Evidence, rest: list[Evidence], short: ShortIds) -> str:
    """One acknowledged check in words: which run (as `short` names it), of which command,
    found what."""
    also = f" (with {', '.join(r.item for r in rest)})" if rest else ""
    on = f"run {short[check.run or '']} ({shlex.join(check.command)})"
    return f"{check.pack}/{check.item}{also} on {on}: {check.summary}"


def _asked_note(console: Any, question: str, item_id: str, needed: bool = False) -> str:
    """A note typed in the walk, asked again while it cannot be kept (blank when
    `needed`, or holding a control character): refused on saving, at the walk's end,
    it would lose every answer given."""
    from rich.prompt import Prompt

    while True:
        note = Prompt.ask(question, default="", show_default=False)
        try:
            note = checked_text(note, f"{item_id}: a note")
        except BadInputError as error:
            console.print(f"[red]{escape(error.message)}[/]")
            continue
        if note.strip() or not needed:
            return note


def default_review(store: Store) -> list[str]:
    """The packs `credo check` walks with no pack named: data first, then the gate's."""
    from credo.checklists.packs import DATA_PACK, load_packs

    packs, _ = load_packs(store)
    first = [DATA_PACK] if DATA_PACK in packs else []
    return first + [n for n in store.config.gate_packs if n not in first]


def walk_default(
    store: Store, experiment: str | None, *, walk_all: bool = False, said: set[str] | None = None
) -> None:
    """`credo check` with no pack, for `experiment`: what holds its runs, then the rest of
    what the gate asks, then the data checks (data is the first principle), then the
    gate's ladders.

    `q` stops the whole sitting; nothing is asked twice."""
    sitting = Sitting(said=said or set())
    walk_blockers(store, experiment, sitting)
    for name in store.config.gate_packs:
        walk_pack(store, name, experiment, walk_all=walk_all, gate_only=True, sitting=sitting)
    for name in default_review(store):
        walk_pack(store, name, experiment, walk_all=walk_all, sitting=sitting)


def walk_blockers(
    store: Store,
    experiment: str | None,
    sitting: Sitting | None = None,
    commands: list[list[str]] | None = None,
    cwd: Path | None = None,
) -> None:
    """Ask about what holds runs (of `commands`, typed in `cwd`, else of any command) in
    `experiment` (None: ad hoc) now (failed checks, blocking items), pack by pack: `k`
    acknowledges only those commands' failures, and the walk ends saying how many other
    commands are held."""
    decision = gate_now(store, commands, cwd or "", experiment)
    for held in decision.blockers:
        if held not in decision.reviewable:
            warn(f"the run is held by {held}: no review answers it")
    for name in dict.fromkeys(b.pack for b in decision.reviewable):
        ids = {b.item for b in decision.reviewable if b.pack == name}
        # the failures the gate holds, in its order (its packs', run checks first), as
        # `credo gate --ack` names them, each with its rung read off the same curves
        acks = {item: decision.holding(name, item) for item in ids}
        acks = {item: found for item, found in acks.items() if found}
        try:
            walk_pack(store, name, experiment, only=ids, to_acknowledge=acks, sitting=sitting)
        except CredoError as error:  # a broken pack: the gate's message already names it
            if sitting is None or error.message not in sitting.said:
                warn(error.message)
    if commands is not None:
        _others_held(store, experiment, commands, cwd or "")


def _others_held(
    store: Store, experiment: str | None, commands: list[list[str]], cwd: Path | str
) -> None:
    """The end of a run's walk, which asked about its own commands' failures only: how
    many other commands' failed checks hold their runs, and what walks them (said only
    when some do). Read after the walk: an n.a. given in it answers theirs too."""
    from credo.checklists.gate import REVIEW_COMMAND, RootCommands
    from credo.runs.params import shared_command

    typed = RootCommands(store)
    own = {typed(shared_command(command), cwd) for command in commands}  # as runs record them
    others = len({tuple(c) for c in gate_now(store, experiment=experiment).held_commands} - own)
    if others:
        held = f"{counted(others, 'other command')} {agrees(others, 'has', 'have')} failed checks"
        stdout_console(highlight=False).print(f"\n{held}: {REVIEW_COMMAND} walks them.")


@main.command("gate", context_settings={"allow_interspersed_args": False})
@click.option(
    "--ack",
    "ack",
    is_flag=True,
    help="Acknowledge the failed checks that hold the run (of CMD, else of every command): "
    "its runs go on at this code (a person's decision: refused in a coding agent's shell).",
)
@click.option("--note", default="", help="With --ack: what you read, or why runs may go on.")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
@click.argument("command", nargs=-1, type=click.UNPROCESSED, shell_complete=completers.files)
@pass_context
def gate(context: Context, command: tuple[str, ...], ack: bool, note: str, as_json: bool) -> None:
    """Would `credo run [-- CMD]` start now? Says what holds it (exit 1), and what is open.

    With no CMD, what holds any command's runs: credo gate --ack -- python train.py
    acknowledges what holds that command's only."""
    if note and not ack:
        raise click.UsageError("--note goes with --ack (why the failed check is fine)")
    from credo.actions.runs import require_settings
    from credo.runs.params import shared_command

    store = context.store_for_runs()
    require_settings(store)  # a script asking the gate hears what a run would say
    warn_unreadable(unread_answers(store))
    warn_if_running_unread(store)
    asked = shared_command(list(command)) if command else None  # as its runs record it
    commands = [asked] if asked else None
    decision = gate_now(store, commands, context.path.resolve())
    acknowledged: dict[str, Any] = {}
    if ack:
        from credo.actions.evidence import acknowledge, who_acknowledges
        from credo.checklists.evidence import as_shown
        from credo.checklists.gate import ack_command

        who = who_acknowledges(store, [ack_command(asked)])
        done = as_shown(store, acknowledge(store, decision.to_acknowledge, note, who)[0])
        read = _by_check(done)
        acknowledged["acknowledged"] = [  # `also`: as the report's checks say the rung
            {
                "pack": check.pack,
                "item": check.item,
                "evidence": check.id,
                "run": check.run,
                "command": check.command,
                "summary": check.summary,
                "also": [r.item for r in rest],
                "also_evidence": [r.id for r in rest],
            }
            for check, rest in read
        ]
        if not as_json:
            short = store.short_ids(Run)
            for check, rest in read:
                click.echo(visible(f"acknowledged {_acknowledged_words(check, rest, short)}"))
            if not done:  # nothing held: nothing to do, and scripts go on
                click.echo("nothing to acknowledge: no failed check holds the run")
        decision = gate_now(store, commands, context.path.resolve())
    if as_json:
        print_json(
            {
                "passed": decision.passed,
                "first_run": decision.first_run,
                "command": asked,
                "blocking": _open_json(decision.blockers),
                "open": _open_json(decision.open_items),
                "to_acknowledge": decision.to_acknowledge,
                "review_ids": decision.review_ids,
                "evidence_ids": decision.evidence_ids,
                "message": decision.message,
            }
            | acknowledged  # with --ack: what it acknowledged (none when nothing held)
        )
    else:
        click.echo(visible(decision.message))
        advice = [i for i in decision.open_items if i not in decision.blockers]
        if advice and decision.passed:
            click.echo("open, not holding the run:")
            for item in advice:
                click.echo(visible(f"  - {item}"))
    if not decision.passed:
        sys.exit(1)
