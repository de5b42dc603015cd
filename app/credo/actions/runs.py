"""`credo run` as one action: which experiment, the timebox left, the gate, the run.

The face passes how to talk to the person: `say` (one line), `ask` (one line of text,
with a default; None when nobody is there to answer) and `review` (offer the checklist
review now; None likewise). Nothing here prints or prompts by itself.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

from credo.domain.models import Experiment, ExperimentStatus, now
from credo.errors import CredoError
from credo.runs.background import Background
from credo.runs.command import command_to_run
from credo.runs.launch import DEFAULT_GRACE, RunOutcome, RunRequest, execute
from credo.runs.startable import refuse_unstartable
from credo.store.store import Store

if TYPE_CHECKING:
    from credo.gitlink.state import RepoState

Say = Callable[[str], None]
Ask = Callable[[str, str], str]
"""`ask(question, default)`: the line typed, or the default on Enter."""
Review = Callable[[str, list[list[str]], str | None], bool]
"""`review(why, commands, experiment)`: walk what holds runs of `commands` in `experiment`
(None: an ad-hoc run) now, its answers kept for it; True when a review was made."""


@dataclass
class RunOptions:
    """What the person asked for (`credo run` options)."""

    command: list[str]
    cwd: Path
    exp_id: str | None = None
    hypothesis: str | None = None
    timebox: timedelta | None = None
    hard: bool = False
    grace: float = DEFAULT_GRACE
    skip_gate: bool = False
    skip_reason: str | None = None
    """Why the gate is skipped: recorded; a coding agent must give one."""
    rung: str | None = None
    """The ladder rung the run tries (`--rung overfit-one`)."""


def run_command(
    store: Store,
    options: RunOptions,
    *,
    say: Say,
    ask: Ask | None = None,
    review: Review | None = None,
    out: IO[bytes] | None = None,
    err: IO[bytes] | None = None,
) -> RunOutcome:
    """The gate, then the recorded run; returns its record and exit code. The command's
    output is copied to `out`, and through a pipe its stderr to `err` (else `out`)."""
    from credo.domain.actors import actor_from_env
    from credo.runs.environment import VersionQuery
    from credo.runs.machine import GpuQuery

    # before any question or write: else a hypothesis asked, an experiment started, and
    # a run that did not start, for `credo run train.py` (python left out)
    refuse_unstartable(options.command[0], options.cwd, os.environ)
    # Started at once, so they work beside credo's own start-up (loading the experiment
    # and the reviews) rather than after it: the run's Python telling its versions,
    # nvidia-smi its GPUs, and git reading the tree for the gate and the record.
    versions = VersionQuery(options.command, os.environ)
    gpus = GpuQuery(os.environ)
    try:
        versions.ask(store.project_root)
        experiment, state = prepare(store, options, say=say, ask=ask)
        timebox, left = run_timebox(store, experiment, options.timebox, options.hard, say)
        gate = check_gate(store, experiment, options, state, say, review)
        outcome = execute(
            store,
            RunRequest(
                command=options.command,
                cwd=options.cwd,
                experiment=experiment.id if experiment else None,
                timebox=timebox,
                hard=options.hard,
                grace=options.grace,
                gate=gate,
                repo_state=state,
                versions=versions,
                gpus=gpus,
                rung=options.rung,
                terminal=True,
                actor=actor_from_env(os.environ),
                left_of_experiment=left,
            ),
            out=out,
            err=err,
            say=say,
        )
        outcome.verdict = judge(store, outcome, say)
        return outcome
    finally:
        versions.cancel()  # no-ops once answered; credo may leave before (gate, error)
        gpus.cancel()


def judge(store: Store, outcome: RunOutcome, say: Say, *, alone: bool = True) -> list[str]:
    """Read the finished run's curves with the packs' verifiers, keep what they found as
    evidence, and return the verdict (nothing lost if that fails: the run is saved); a
    run not `alone` (a local sweep's) leaves to its sweep what it says once for its runs.
    A command that could not start has none: it logged nothing, not even a bad curve."""
    from credo.actions.evidence import verify_run
    from credo.checklists.verdict import run_verdict

    if not outcome.started:
        return []
    try:
        checked, _, _ = verify_run(store, outcome.run, outcome.series)
        return run_verdict(store, outcome.run, checked, alone=alone)
    except Exception as error:  # the run is saved and its exit code must still come back
        words = error.message if isinstance(error, CredoError) else repr(error)
        say(f"the run's checks were not read: {words}")
        return []


def prepare(
    store: Store, options: RunOptions, *, say: Say, ask: Ask | None = None
) -> tuple[Experiment | None, RepoState]:
    """The experiment a run (or a sweep) belongs to, and the code as it stands, for the
    gate (`check_gate`) and the record; a `--rung` no pack judges is refused first."""
    from credo.actions.lost_runs import settled_runs

    require_settings(store)
    if options.rung:
        from credo.checklists.verdict import check_rung

        check_rung(store, options.rung)
    tree = _read_tree(store)
    settled_runs(store)  # an earlier run whose credo died is marked lost, not running
    experiment, asked = choose_experiment(store, options, say, ask)
    if asked:
        tree = _read_tree(store)  # the tree may have changed while they answered
    return experiment, tree.result()


def require_settings(store: Store) -> None:
    """Runs never start on default settings in place of a broken project config: the
    gate's packs and blocking checks, and SLURM's options, come from it. The refusal
    names each problem, with its line and what to do (and nothing of the defaults, which
    no run uses)."""
    from credo.store.paths import CONFIG_FILE, CREDO_DIR

    store.config  # noqa: B018  (reads it: a broken file or setting leaves its problem)
    problems = store.config_problems
    if problems:
        here = f"{CREDO_DIR}/{CONFIG_FILE}"
        said = [p.said if p.file == here else f"{p.file}: {p.said}" for p in problems]
        each = f" {said[0]}" if len(said) == 1 else "".join(f"\n  - {s}" for s in said)
        raise CredoError(
            f"no run starts while {here} is broken (the gate's packs and "
            f"checks, and SLURM's options, come from it):{each}"
        )


SAID_ONCE = "CREDO_SWEEP_SAID"
"""The file a local sweep names to its runs (`credo run --job`): the first of them to
say the experiment's box is spent makes it, and the rest say nothing (`say_once`);
beside it, a file for each check line one of them said (`said_once_each`)."""


def say_once(marker: str, say: Say, message: str) -> None:
    """`say` the message, unless another process made `marker` first (it said it)."""
    try:
        with open(marker, "x"):
            pass
    except FileExistsError:
        return
    except OSError:  # cannot tell: better twice than never
        pass
    say(message)


def said_once_each(marker: str, run: str, verdict: list[str]) -> list[str]:
    """A local sweep's run's `verdict` (`run`: its short id) with each check line another
    of its runs said first left out, and named in one line instead ("same as run m98y:
    ✗ losses-logged; ? seed-fixed"): a check that fails alike on every run was said in
    full under each. The first to say a line makes a file for it beside `marker`, which
    holds its id (made whole, then linked: a run at once reads it whole or not at all)."""
    import hashlib

    from credo.checklists.verdict import check_head

    kept: list[str] = []
    others: dict[str, list[str]] = {}
    for line in verdict:
        head = check_head(line)
        if head is None:
            kept.append(line)
            continue
        name = hashlib.sha256(line.encode()).hexdigest()[:32]
        said = os.path.join(os.path.dirname(marker), f"check-{name}")
        mine = f"{said}.{os.getpid()}"
        first = None
        try:
            with open(mine, "x") as handle:
                handle.write(run)
            os.link(mine, said)
        except FileExistsError:
            with contextlib.suppress(OSError), open(said) as handle:
                first = handle.read()
        except OSError:  # cannot tell: better twice than never
            pass
        with contextlib.suppress(OSError):
            os.unlink(mine)
        if first:
            others.setdefault(first, []).append(head)
        else:
            kept.append(line)
    kept += [f"same as run {who}: {'; '.join(heads)}" for who, heads in others.items()]
    return kept


def run_job(store: Store, run_id: str, *, say: Say) -> RunOutcome:
    """`credo run --job RUN`: start a queued run here, as its SLURM job's script (on the
    node) or a local sweep does; its output goes to the run's log only."""
    from credo.domain.models import Run, RunStatus

    queued: Run = store.get(Run, run_id)
    if queued.status != RunStatus.QUEUED:  # said before anything starts (`execute` checks again)
        raise CredoError(
            f"run {store.short_id(Run, queued.id)} is {queued.status.label}, not queued: "
            "not started again"
        )
    # without its own --timebox, what is left of its experiment's as it starts, as for
    # `credo run` (a sweep's later runs start later; `exp extend` moves their end too)
    experiment: Experiment | None = None
    if queued.timebox is None and queued.experiment is not None:
        try:
            experiment = store.read(Experiment, queued.experiment)
        except (CredoError, OSError):  # unreadable now: the run goes on, with no timebox
            pass
    marker = os.environ.pop(SAID_ONCE, None)  # not the command's: `run_here`'s
    told = say if marker is None else functools.partial(say_once, marker, say)
    timebox, left = run_timebox(store, experiment, queued.timebox, queued.hard, told)
    outcome = execute(
        store,
        RunRequest(
            command=command_to_run(store, queued),
            cwd=Path(queued.cwd),
            experiment=queued.experiment,
            timebox=timebox,
            hard=queued.hard,
            grace=DEFAULT_GRACE if queued.grace is None else queued.grace,
            gate=queued.gate,
            run_id=queued.id,
            queued=queued,
            rung=str(queued.params["rung"]) if "rung" in queued.params else None,
            left_of_experiment=left,
        ),
        say=say,
    )
    # a local sweep's run: its sweep says the next rung once, at its end (and that runs
    # logged no train loss)
    outcome.verdict = judge(store, outcome, say, alone=queued.slurm is not None)
    if marker is not None:
        short = store.short_id(Run, queued.id)
        outcome.verdict = said_once_each(marker, short, outcome.verdict)
    return outcome


def _read_tree(store: Store) -> Background[RepoState]:
    """The repository state (with its patch), read by git in a thread meanwhile."""
    from credo.gitlink.state import capture_project  # imported here, not raced in the thread

    root, config = store.project_root, store.config
    return Background(lambda: capture_project(root, config))


def choose_experiment(
    store: Store, options: RunOptions, say: Say, ask: Ask | None
) -> tuple[Experiment | None, bool]:
    """The experiment the run belongs to: the one given, the running one, a new one, or
    none (an ad-hoc run). Also says whether the person was asked (time passed)."""
    from credo.actions.experiments import (
        changeable,
        here,
        start_experiment,
        unreadable_experiments,
    )
    from credo.domain.current import running_experiment
    from credo.domain.timebox import start_words

    if options.exp_id:
        if options.hypothesis:  # else dropped without a word
            raise CredoError(
                "--exp adds the run to an experiment and --hypothesis starts a new one: "
                "give one of them"
            )
        found = changeable(store, store.get(Experiment, options.exp_id), "add runs to it")
        if found.status.closed:
            raise CredoError(
                f"experiment {store.short_id(Experiment, found.id)} is {found.status.label}: "
                "start a new one "
                "(credo exp start, or --hypothesis)"
            )
        if found.status != ExperimentStatus.RUNNING:
            short = store.short_id(Experiment, found.id)
            say(f"run attached to experiment {short}, which is {found.status.label}")
        return found, False
    loaded = store.load(Experiment)
    mine = here(store, loaded.items.values())
    current = running_experiment(mine)
    if current is not None:
        if options.hypothesis and " ".join(options.hypothesis.split()) != current.hypothesis:
            # the run would be its evidence, under another hypothesis
            short = store.short_id(Experiment, current.id)
            raise CredoError(
                f"experiment {short} is running ('{current.hypothesis}'), so --hypothesis "
                f"cannot start another: leave --hypothesis out to add this run to {short}, "
                f"or close it first (credo exp stop {short}, or credo exp pause {short})"
            )
        return current, False
    for unread in unreadable_experiments(loaded.problems.values()):
        say(unread)
    paused = [e for e in mine if e.status == ExperimentStatus.PAUSED]
    if paused:
        named = store.short_ids(Experiment)
        for short in (named[e.id] for e in paused):
            say(f"experiment {short} is paused: credo exp resume, or --exp {short}, attaches runs")
    hypothesis, asked = options.hypothesis, False
    if not hypothesis and ask is not None:
        hypothesis = ask(
            "No experiment is running. Hypothesis (Enter accepts)",
            f"try: {shlex.join(options.command)}",
        )
        asked = True
    if not hypothesis or not hypothesis.strip():
        say(
            "no experiment is running: recording an ad-hoc run "
            "(--hypothesis TEXT or credo exp start gives the next runs one)"
        )
        return None, asked
    started, _ = start_experiment(store, hypothesis)
    short = store.short_id(Experiment, started.id)
    say(f"started experiment {short}: {started.hypothesis} · {start_words(started, now())}")
    return started, asked


HARD_WITHOUT_TIMEBOX = (
    "--hard goes with a timebox: it stops the command when the timebox is up; give"
    " --timebox (30m, 2h...)"
)


def run_timebox(
    store: Store, experiment: Experiment | None, timebox: timedelta | None, hard: bool, say: Say
) -> tuple[timedelta | None, Callable[[], timedelta | None] | None]:
    """The run's timebox, for `credo run` and a queued run alike: its own --timebox, else
    what is left of its running experiment's, then with how to ask what is left later
    (`RunRequest.left_of_experiment`); `hard` with neither is refused (it would stop
    nothing). A spent box is said (`_spent_box`), or refused with `hard`."""
    if timebox is not None:
        return timebox, None
    if experiment is None or experiment.status != ExperimentStatus.RUNNING:
        if hard:
            raise CredoError(f"{HARD_WITHOUT_TIMEBOX}, or run in a running experiment")
        return None, None
    from credo.domain.timebox import format_countdown, remaining

    left = remaining(experiment, now())
    if left.total_seconds() > 0:
        return left, functools.partial(experiment_left, store, experiment.id)
    if hard:
        raise CredoError(
            f"the experiment's timebox is spent ({format_countdown(left)} over): "
            "close it (credo exp stop) or give this run its own --timebox"
        )
    say(_spent_box(store, experiment.id, left))
    return None, None


def _spent_box(store: Store, experiment_id: str, left: timedelta) -> str:
    """What to say of a running experiment whose timebox is spent (`left` is not above 0)."""
    from credo.domain.timebox import format_countdown

    short = store.short_id(Experiment, experiment_id)
    return (
        f"the experiment's timebox is spent ({format_countdown(left)} over): close it "
        f"(credo exp stop {short} --outcome ... --learning ...) or add time on purpose "
        f"(credo exp extend {short} 15m --reason ...)"
    )


def experiment_left(store: Store, experiment_id: str) -> timedelta | None:
    """What is left of a running experiment's timebox now, read from its file (None once
    it is paused or closed, or cannot be read: the run's end stays where it was)."""
    from credo.domain.timebox import remaining

    try:
        experiment = store.read(Experiment, experiment_id)
    except (CredoError, OSError):
        return None
    if experiment.status != ExperimentStatus.RUNNING:
        return None
    return remaining(experiment, now())


def check_gate(
    store: Store,
    experiment: Experiment | None,
    options: RunOptions,
    state: RepoState,
    say: Say,
    review: Review | None,
    commands: list[list[str]] | None = None,
) -> dict[str, object]:
    """Ask the checklist gate about the code in `state` and the commands to run (a
    sweep's, else the run's own); returns what the run records.

    A closed gate is offered as a review (when someone can answer, and a review can
    open it), skipped with `--skip-gate` (recording what was open, who skipped it and
    why), or refused with the open checks named.
    """
    from credo.actions.checks import checked_experiment_id, unread_answers
    from credo.checklists.gate import evaluate_gate

    experiment_id = experiment.id if experiment else None
    if not state.linkage:
        say(f"the run is recorded without its code's git state: {state.reason}")
    asked = commands or [options.command]
    from credo.domain.actors import actor_from_env

    actor = actor_from_env(os.environ)  # said as to the agent, in an agent's shell
    where = options.cwd
    judge = functools.partial(  # asked again after a review
        evaluate_gate,
        store,
        state.to_git_state(),
        experiment_id,
        commands=asked,
        cwd=where,
        actor=actor,
        paused=functools.partial(checked_experiment_id, store),  # an ad-hoc run's words
    )
    decision = judge()
    for problem in unread_answers(store):  # its answers are left out: say which file
        say(f"gate: cannot read {problem.path}: {problem.message}")
    record = decision.record()
    if decision.passed:
        say(f"gate: {decision.message}")
        if options.skip_gate and options.skip_reason:  # said, not dropped without a word
            say("--reason not recorded: the gate is open, so --skip-gate skipped nothing")
        return record
    record["open_items"] = [str(item) for item in decision.open_items]
    if options.skip_gate:
        from credo.actions.actor import skipped_gate

        record.update(skipped_gate(options.skip_reason, os.environ))
        who = f" by {record['skipped_by']}" if "skipped_by" in record else ""
        why = f" because: {record['skip_reason']}" if "skip_reason" in record else ""
        say(f"gate skipped (--skip-gate){who}{why}: {decision.message}")
        return record
    after = (
        "(--skip-gate --reason 'why' runs anyway, and the run records why)"
        if actor
        else "(credo check walks them; --skip-gate runs anyway)"
    )
    if review is not None and decision.reviewable:
        if not review(decision.message, asked, experiment_id):  # it said the gate's words
            raise CredoError(f"nothing started: the gate is closed {after}")
        decision = judge()
        if decision.passed:
            say(f"gate: {decision.message}")
            return decision.record()
    raise CredoError(f"{decision.message}\n{after}")
