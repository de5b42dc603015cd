"""Shell completion: `credo completion SHELL` prints the script (`credo.cli.shells`), and
what TAB offers for each kind of argument (task, experiment and run ids, quadrants, packs
and their items, tags, people, rungs, the runs table's filter words and columns, samples,
repeat rules; file names for files).

A completer runs on every TAB, in a process of its own: it reads titles from the load
cache (`Store.glance`, no validation; where there is none yet, it is built once), and
never prints; anything that goes wrong offers nothing rather than write into the user's
prompt.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

import click
from click.shell_completion import CompletionItem, get_completion_class

from credo.cli.base import COMPLETE_VAR, main

if TYPE_CHECKING:
    from credo.domain.models import Item
    from credo.domain.quadrants import Quadrant
    from credo.store import Store

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]

SHELLS = ("bash", "zsh", "fish")


@main.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the script that makes TAB complete credo's commands and ids in bash, zsh or
    fish. TAB then offers commands, options, task, experiment and run ids (zsh and fish
    show each one's title), quadrants, packs, tags and people. Set it up once:

    \b
    bash:  eval "$(credo completion bash)"  # in ~/.bashrc
    zsh:   eval "$(credo completion zsh)"  # in ~/.zshrc, after compinit
    fish:  credo completion fish > ~/.config/fish/completions/credo.fish
    """
    from credo.cli import shells  # noqa: F401  (credo's bash and fish scripts)

    script = get_completion_class(shell)
    assert script is not None  # every choice is a shell Click completes
    click.echo(script(main, {}, "credo", COMPLETE_VAR).source(), nl=False)


def quietly(offer: Completer) -> Completer:
    """`offer`, silenced: completion prints into the user's prompt, so a missing project,
    a broken file or a bug there offers nothing instead of a traceback."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
        try:
            return offer(ctx, param, incomplete)
        except Exception:  # whatever it is: nothing may reach the prompt
            return []

    return complete


def _typed() -> list[str]:
    """The words of the command line being completed, as each shell's script hands them
    over (bash: the line up to the cursor; zsh and fish: the words)."""
    from click.shell_completion import split_arg_string

    return split_arg_string(os.environ.get("COMP_LINE") or os.environ.get("COMP_WORDS", ""))


def _store(ctx: click.Context) -> Store:
    """The project the command line names (`-C PATH`, else the current folder). The
    shell hands the words over as typed: `-C ~/thesis` has its `~` still."""
    from pathlib import Path

    from credo.store import Store

    return Store.open(Path(ctx.find_root().params.get("path") or ".").expanduser())


class Kind(NamedTuple):
    """How one kind of item is offered: the items in `only` statuses (None: all), those in
    `first` before the rest, the newest first within each; beside each id, `text` and its
    status (unless it is `quiet`, the usual one). `here`: only those changed here, not an
    experiment running in another worktree (refused a change here)."""

    model: type[Item]
    text: Callable[[dict[str, Any]], str]
    first: tuple[str, ...] = ()
    only: tuple[str, ...] | None = None
    quiet: str = ""
    here: bool = False


def _moment(raw: dict[str, Any]) -> float:
    """When an item was made, in seconds, to sort by: a string in the cache's JSON
    (`…Z`), a datetime in TOML, at any offset. Compared as their text, a run made at
    `10:00:00Z` came after one made later at `09:30:00-02:00` (11:30 UTC), and an older
    run was offered above the newer one. One that cannot be read comes last."""
    value = raw.get("created")
    try:
        made = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return made.timestamp()
    except (ValueError, OverflowError, OSError):
        return float("-inf")


def _task(only: tuple[str, ...] | None) -> Kind:
    from credo.domain.models import Task

    def title(raw: dict[str, Any]) -> str:
        return str(raw.get("title", ""))

    return Kind(Task, title, ("in_progress", "open"), only, quiet="open")


def open_tasks() -> Kind:
    """Tasks still to do (open or in progress), the ones in progress first."""
    return _task(("in_progress", "open"))


def tasks_in_progress() -> Kind:
    """Tasks in progress (what `credo stop` puts back to open)."""
    return _task(("in_progress",))


def closed_tasks() -> Kind:
    """Tasks done or dropped (what `credo undone` opens again)."""
    return _task(("done", "dropped"))


def every_task() -> Kind:
    """Every task, the ones still to do first."""
    return _task(None)


def _experiment(only: tuple[str, ...] | None, here: bool = False) -> Kind:
    from credo.domain.models import Experiment

    def hypothesis(raw: dict[str, Any]) -> str:
        return str(raw.get("hypothesis", ""))

    return Kind(Experiment, hypothesis, ("running", "paused", "planned"), only, here=here)


def experiments() -> Kind:
    """Every experiment, the running, paused and planned ones first."""
    return _experiment(None)


def experiments_here() -> Kind:
    """Every experiment but one running in another worktree (what `exp baseline` and
    `exp next` change, refused there)."""
    return _experiment(None, here=True)


def open_experiments() -> Kind:
    """The experiments not closed yet (what `exp stop`, `abandon` and `run --exp` take),
    but one running in another worktree."""
    return _experiment(("running", "paused", "planned"), here=True)


def running_experiments() -> Kind:
    """The running experiment (what `exp pause` takes), not one of another worktree."""
    return _experiment(("running",), here=True)


def waiting_experiments() -> Kind:
    """The paused and planned experiments (what `exp resume` starts), but one another
    worktree has resumed."""
    return _experiment(("paused", "planned"), here=True)


def timed_experiments() -> Kind:
    """The experiments whose timebox runs or waits (what `exp extend` adds time to), but
    one running in another worktree."""
    return _experiment(("running", "paused"), here=True)


def _elsewhere(store: Store, item_id: str, raw: dict[str, Any], status: str) -> bool:
    """Whether an experiment as stored runs in another worktree of this host (the rule
    of `actions.experiments.running_there`, read from its raw fields here: no
    validation on a TAB; a paused or planned copy asks the other worktrees' records)."""
    from credo.domain.models import Place
    from credo.gitlink.authors import me_when_asked
    from credo.store.paths import elsewhere

    if status in ("paused", "planned") and store.git_root is not None:
        from credo.store.worktrees import resumed_elsewhere

        return bool(resumed_elsewhere(store.project_root, store.git_root, item_id))
    place = raw.get("place")
    if status != "running" or not isinstance(place, dict):
        return False
    host, project = str(place.get("host", "")), str(place.get("project", ""))
    by = place.get("by") if isinstance(place.get("by"), str) else None
    said = Place.model_construct(host=host, project=project, by=by)
    return bool(elsewhere(store.project_root, said, me_when_asked(store.git_root)))


def runs() -> Kind:
    """Every run, the newest first, with its command."""
    from credo.domain.models import Run

    def command(raw: dict[str, Any]) -> str:
        words = raw.get("command", [])
        return " ".join(map(str, words)) if isinstance(words, list) else str(words)

    return Kind(Run, command)


def ids_of(*kinds: Callable[[], Kind]) -> Completer:
    """The completer of an argument naming an item of one of `kinds`: each item's short
    id (the shortest prefix no other item of those kinds shares: of one kind, the one
    `credo ls` shows),
    the ones the command line already names left out, with its title and status as the
    help that zsh and fish show."""

    @quietly
    def offer(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
        from credo.display import one_line
        from credo.store.ids import short_ids

        store = _store(ctx)
        given = ctx.params.get(param.name or "")
        named = tuple(w.lower() for w in given if w) if isinstance(given, tuple) else ()
        key = incomplete.strip().lower()
        found = [(kind, store.glance(kind.model)) for kind in (make() for make in kinds)]
        short = short_ids(item_id for _, items in found for item_id in items)
        offered: list[CompletionItem] = []
        for kind, items in found:
            default = str(kind.model.model_fields["status"].default)
            shown = []
            for item_id, raw in items.items():
                if not item_id.startswith(key) or (named and item_id.startswith(named)):
                    continue
                status = str(raw.get("status", default))
                if kind.here and _elsewhere(store, item_id, raw, status):
                    continue
                if kind.only is None or status in kind.only:
                    shown.append((item_id, raw, status))
            shown.sort(key=lambda entry: _moment(entry[1]), reverse=True)
            rank = {status: n for n, status in enumerate(kind.first)}
            shown.sort(key=lambda entry: rank.get(entry[2], len(rank)))
            for item_id, raw, status in shown:
                value = short[item_id] if short[item_id].startswith(key) else item_id
                said = "" if status == kind.quiet else f" ({status.replace('_', ' ')})"
                offered.append(CompletionItem(value, help=one_line(kind.text(raw) + said)))
        return offered

    return offer


OPEN_TASK = ids_of(open_tasks)
TASK_IN_PROGRESS = ids_of(tasks_in_progress)
CLOSED_TASK = ids_of(closed_tasks)
TASK = ids_of(every_task)
EXPERIMENT = ids_of(experiments)
EXPERIMENT_HERE = ids_of(experiments_here)
OPEN_EXPERIMENT = ids_of(open_experiments)
RUNNING_EXPERIMENT = ids_of(running_experiments)
WAITING_EXPERIMENT = ids_of(waiting_experiments)
TIMED_EXPERIMENT = ids_of(timed_experiments)
RUN = ids_of(runs)
TASK_OR_EXPERIMENT = ids_of(every_task, experiments)
ANY_ITEM = ids_of(every_task, experiments, runs)


def extend_words(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """`exp extend [ID] DURATION`: its first word may be the id of an experiment whose
    timebox runs or waits; after it, only the duration is left to type."""
    return [] if ctx.params.get(param.name or "") else TIMED_EXPERIMENT(ctx, param, incomplete)


@quietly
def quadrants(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """The four quadrants, with what each holds; after a task's id (`credo mv ID`), all
    but the one the task is in."""
    from credo.domain.quadrants import QUADRANTS

    key = incomplete.lower()
    now = _quadrant_now(ctx)
    return [
        CompletionItem(q.value, help=q.hint)
        for q in QUADRANTS
        if q.value.startswith(key) and q != now
    ]


def _quadrant_now(ctx: click.Context) -> Quadrant | None:
    """The quadrant of the task the command line names (`task_id`), if it names one."""
    from credo.domain.models import Task
    from credo.domain.quadrants import quadrant_of
    from credo.errors import CredoError

    task_id = ctx.params.get("task_id")
    if not isinstance(task_id, str):
        return None
    store = _store(ctx)
    try:
        task = store.get(Task, task_id)
    except CredoError:  # no such task, or several: every quadrant is offered
        return None
    return quadrant_of(task, date.today(), store.config.urgency_horizon_days)


@quietly
def packs(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """The checklist packs (built-in and the project's), with their titles."""
    from credo.checklists.packs import load_catalog
    from credo.display import one_line

    catalog = load_catalog(_store(ctx))
    return [
        CompletionItem(name, help=one_line(source.pack.title))
        for name, source in sorted(catalog.packs.items())
        if name.startswith(incomplete)
    ]


def _tags(ctx: click.Context, kind: Callable[[], Kind]) -> list[str]:
    """The tags on the items of `kind` (tasks, experiments), the most used first."""
    counts: Counter[str] = Counter()
    for raw in _store(ctx).glance(kind().model).values():
        tags = raw.get("tags")
        if isinstance(tags, list):
            counts.update(tag for tag in tags if isinstance(tag, str))
    return [tag for tag, _ in counts.most_common()]


def tags_of(kind: Callable[[], Kind]) -> Completer:
    """The completer of a tag of `kind`'s items: those already on them, the most used first."""

    @quietly
    def offer(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
        key = incomplete.lstrip("#")
        return [CompletionItem(tag) for tag in _tags(ctx, kind) if tag.startswith(key)]

    return offer


TASK_TAG = tags_of(every_task)
EXPERIMENT_TAG = tags_of(experiments)


def _task_tags(ctx: click.Context) -> list[str]:
    return _tags(ctx, every_task)


def _people(ctx: click.Context) -> list[str]:
    from credo.gitlink.authors import project_people

    return project_people(_store(ctx))


@quietly
def people(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """The assignees already on tasks and the git authors, whatever the case typed (`bru`
    finds Bruno, as `credo ls --assignee bru` does)."""
    key = incomplete.lower()
    return [CompletionItem(name) for name in _people(ctx) if name.lower().startswith(key)]


@quietly
def title_words(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """In a quick-add line: a `#tag` or an `@name` once its sign is typed, also as the last
    word of a title in quotes (`"Fix the split #da`: fish and bash read a word starting
    with `#` as a comment, but not inside quotes). A word of the title holds no space (the
    line is split at spaces): `@Bruno_Carvalho`, which the line reads as Bruno Carvalho,
    and `#data-prep`, as a tag typed `data prep` is kept."""
    signs = {"#": (_task_tags, "-"), "@": (_people, "_")}
    head, space, last = incomplete.rpartition(" ")
    sign = last[:1]
    if sign not in signs:
        return []
    names, joiner = signs[sign]
    found = (sign + joiner.join(name.split()) for name in names(ctx))
    key = last.lower()  # `@bru` finds Bruno, as `add` reads it
    return [
        CompletionItem(head + space + word)
        for word in dict.fromkeys(found)
        if word.lower().startswith(key)
    ]


@quietly
def rungs(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """The ladder rungs a pack judges (what `run --rung` takes)."""
    from credo.checklists.verdict import known_rungs

    return [
        CompletionItem(rung) for rung in known_rungs(_store(ctx)) if rung.startswith(incomplete)
    ]


@quietly
def pack_items(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """The items of the pack the command line names (`check PACK --tick`), with their text.
    An option taking `ID=REASON` (`--na`, `--note`) is offered `ID=`, which the shells
    complete with no space after it: the reason follows."""
    from credo.checklists.packs import load_catalog
    from credo.display import one_line

    catalog = load_catalog(_store(ctx)).packs
    # Click reads no argument after an option still waiting for its value (`check PACK
    # --tick ` is such a line): the pack is the typed word that names one.
    named = ctx.params.get("pack") or next((w for w in _typed() if w in catalog), "")
    source = catalog.get(named)
    items = source.pack.items if source is not None else []
    then = "=" if "=" in (getattr(param, "metavar", None) or "") else ""
    return [
        CompletionItem(item.id + then, help=one_line(item.text))
        for item in items
        if (item.id + then).startswith(incomplete)
    ]


@quietly
def record_targets(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """`PACK/ITEM` of each item this `credo data KIND` command's result answers."""
    from credo.checklists.packs import load_catalog
    from credo.display import one_line

    kind = ctx.command.name or ""
    found = [
        CompletionItem(f"{name}/{item.id}", help=one_line(item.text))
        for name, source in sorted(load_catalog(_store(ctx)).packs.items())
        for item in source.pack.items
        if item.answered_by_data(kind)
    ]
    return [item for item in found if item.value.startswith(incomplete)]


def _run_names(ctx: click.Context) -> list[str]:
    """The runs table's columns, read from the run records as they are (a run still
    running has its metrics in its folder only, and they are left out)."""
    from credo.domain.models import Run
    from credo.runs.table import column_names

    found = list(_store(ctx).glance(Run).values())

    def names(raw: dict[str, Any], *fields: str) -> list[str]:
        return [name for f in fields if isinstance(raw.get(f), dict) for name in raw[f]]

    return column_names(
        [names(raw, "params") for raw in found],
        [names(raw, "metrics", "diverged") for raw in found],
        any(raw.get("actor") for raw in found),
    )


@quietly
def run_columns(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """The columns `runs ls --sort` takes, `dashed`: `-NAME` sorts by one descending (see
    `credo.cli.shells.DashValues`)."""
    return [
        CompletionItem(name, dashed=True) for name in _run_names(ctx) if name.startswith(incomplete)
    ]


@quietly
def run_filters(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """The words `runs ls --where` reads, for the last one typed in its value: each
    `status:` and `gate:`, `exp:` with each experiment's id, `#` with each tag of the
    experiments, and each param and metric (to compare: `lr>=1e-3`)."""
    from credo.runs.table import FIXED, GATES, STATES

    head, space, last = incomplete.rpartition(" ")
    words: list[tuple[str, str | None]] = [(f"status:{state}", None) for state in STATES]
    words += [(f"gate:{gate}", None) for gate in GATES]
    found = EXPERIMENT(ctx, param, last.removeprefix("exp:") if last.startswith("exp:") else "")
    words += [(f"exp:{item.value}", item.help) for item in found]
    words += [(f"#{tag}", None) for tag in _tags(ctx, experiments)]
    words += [(name, None) for name in _run_names(ctx) if name not in FIXED]
    return [
        CompletionItem(head + space + word, help=said)
        for word, said in words
        if word.startswith(last)
    ]


@quietly
def samples(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """The sample projects `credo demo` builds."""
    from credo.demo import sample_names

    return [CompletionItem(name) for name in sample_names() if name.startswith(incomplete)]


@quietly
def repeat_rules(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """The repeat rules named by a word (a count, `3 days`, is typed)."""
    from credo.domain.recurrence import RULES

    return [CompletionItem(rule) for rule in RULES if rule.startswith(incomplete)]


def files(ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
    """The shell's own completion of file names (the command `credo run` runs)."""
    return [CompletionItem(incomplete, type="file")]
