"""What a run showed: its verifiers' answers, the ladder they climb, and the next rung.

`check_run` only reads (the run's metrics, its params, its twins and the baseline);
`actions.evidence.verify_run` keeps what it found as evidence. The verdict is the
same few lines at the end of `credo run` and beside the curves in the log view.
"""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from credo.checklists.gate import (
    CodeMatch,
    GateDecision,
    Standing,
    ack_command,
    commands_line,
    marked_na,
    na_words,
)
from credo.checklists.packs import Catalog, load_catalog
from credo.checklists.verifiers import (
    CURVE_FREE,
    RUNG_PARAM,
    RUNG_VERIFIERS,
    TRAIN_LOSS,
    VERIFIERS,
    Curve,
    Params,
    RunFacts,
    Seen,
    train_curve,
)
from credo.domain.current import baseline_experiment
from credo.domain.durations import format_duration
from credo.domain.models import ChecklistItem, ChecklistPack, Experiment, Mark, Run, RunStatus
from credo.errors import BadInputError
from credo.runs.metrics import NO_METRICS, Series, baseline_run, final_values, run_series
from credo.runs.output import OUTPUT_FILE
from credo.store.ids import ShortIds, runs_said_short
from credo.store.paths import from_here
from credo.store.store import Store

CHECKED = "✓"
FAILED = "✗"
UNSURE = "?"


@dataclass(frozen=True)
class Checked:
    """One verifier's answer for one pack item."""

    pack: str
    item: ChecklistItem
    seen: Seen
    said: str
    """What it found as shown: its summary with each run it names by its short id now
    (`runs_said_short`; the evidence keeps the whole id); `n.a.: REASON` when `na`."""
    na: bool = False
    """A person marked the item n.a.: what the check found is not what the verdict says."""

    @property
    def sign(self) -> str:
        return (
            CHECKED if self.na else {True: CHECKED, False: FAILED, None: UNSURE}[self.seen.passed]
        )


class _Twins:
    """Earlier finished runs at the same code, command and params, newest first, with
    their train curve (each read only as far as its first step, and only when asked).
    The same code as the gate counts it: a commit of only `.credo/` (the runs shared
    with the team) or docs between them leaves it the same."""

    def __init__(self, store: Store, runs: list[Run], params: Params) -> None:
        self.store, self.runs, self.params = store, runs, params

    def __call__(self, run: Run) -> Iterator[tuple[Run, Curve]]:
        start = run.git_start
        if start is None:
            return
        same_code = CodeMatch(self.store, start)
        for other in sorted(self.runs, key=lambda r: (r.started, r.id), reverse=True):
            then = other.git_start
            if other.id == run.id or other.started > run.started or then is None:
                continue
            if other.command != run.command or other.params != run.params:
                continue
            if same_code.changed(then, commits=False):
                continue
            series = run_series(self.store, other, self._has_first_step)
            train = train_curve(series, self.params)
            if train:
                yield other, train

    def _has_first_step(self, read: Series) -> bool:
        """Whether a twin's file was read far enough for every train loss of its first
        step (a line of the next step is read): a loss of a distributed training's rank
        above 0 may yet give way to a lower rank's, so until every curve read is rank 0's,
        the read goes on."""
        train = train_curve(read, self.params)
        return bool(train) and train[-1][0] != train[0][0] and not any(read.ranks.values())


def check_run(
    store: Store,
    run: Run,
    *,
    catalog: Catalog | None = None,
    runs: list[Run] | None = None,
    experiments: list[Experiment] | None = None,
    series: Series | None = None,
) -> list[Checked]:
    """Every verifier named by a pack item, on one run; those with nothing to say left out,
    those marked n.a. said so (as the gate reads them)."""
    catalog = catalog or load_catalog(store)
    runs = store.runs() if runs is None else runs
    experiments = store.experiments() if experiments is None else experiments
    series = run_series(store, run) if series is None else series
    named = functools.partial(store.short_id, Run)
    facts = RunFacts(run, series, baseline=_baseline_run(run, experiments, runs))
    na = marked_na(store.reviews(), catalog)
    found = []
    for name, source in catalog.packs.items():
        for item in source.pack.items:
            verifier = VERIFIERS.get(item.verify)
            if verifier is None:
                continue
            facts.twins = _Twins(store, runs, dict(item.verify_params))
            seen = verifier(facts, item.verify_params)
            if seen is None:
                continue
            if (name, item.id) in na:
                found.append(Checked(name, item, seen, na_words(na[name, item.id]), na=True))
            else:
                found.append(Checked(name, item, seen, runs_said_short(seen.summary, named)))
    return found


def known_rungs(store: Store) -> list[str]:
    """The rungs a pack item judges, each once, in the packs' order (what `--rung` takes)."""
    known = []
    for source in load_catalog(store).packs.values():
        for item in source.pack.items:
            if item.verify in RUNG_VERIFIERS:
                known.append(str(item.verify_params.get("rung", item.verify)))
    return list(dict.fromkeys(known))


def check_rung(store: Store, rung: str) -> None:
    """Refuse a `--rung` no pack item judges (a typo would go unverified, silently)."""
    known = known_rungs(store)
    if rung not in known:
        names = ", ".join(known) or "none"
        raise BadInputError(f"--rung {rung!r} is no rung a pack judges (known: {names})")


def _baseline_run(run: Run, experiments: list[Experiment], runs: list[Run]) -> Run | None:
    """The baseline's run `run` is judged against: the one the report compares it with
    (its latest result that had ended when `run` started), not a later one."""
    base = baseline_experiment(e for e in experiments if e.id != run.experiment)
    if base is None:
        return None
    return baseline_run([r for r in runs if r.experiment == base.id], run.started)


# -- the ladder -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rung:
    """One milestone of a pack's ladder and how far it got."""

    pack: str
    item: ChecklistItem
    state: str
    """`reached`, `failed` or `not tried`."""
    how: str = ""
    """Which run reached or failed it (and what it showed), or "by hand"."""
    out_of_order: str = ""
    """The earlier rungs not reached yet, when this one was."""
    command: str = ""
    """The command its recorded run (or data check) ran, as a shell runs it; with none,
    for a rung not reached, the pack's own `command` for it ("" when neither)."""


def ladder(pack: ChecklistPack, found: list[Standing], short: ShortIds) -> list[Rung]:
    """The pack's milestones (`gate = false` items) in order, each with its standing (the
    run that answered it named as `short` has it)."""
    by_id = {s.item.id: s for s in found}
    rungs: list[Rung] = []
    for item in pack.items:
        if item.gate:
            continue
        standing = by_id.get(item.id)
        if standing is None or (standing.holds is False and standing.evidence is None):
            rungs.append(Rung(pack.name, item, "not tried", command=item.command))
            continue
        record = standing.evidence
        ran = shlex.join(record.command) if record is not None else ""
        if record is not None:
            how = f"run {short[record.run]}: {standing.finding}" if record.run else standing.finding
        elif standing.mark == Mark.NA:
            how = "n.a."
        else:
            how = "by hand"
        if not standing.holds:
            rungs.append(Rung(pack.name, item, "failed", how, command=ran or item.command))
            continue
        skipped = [r.item.id for r in rungs if r.state != "reached"]
        rungs.append(Rung(pack.name, item, "reached", how, ", ".join(skipped), ran))
    return rungs


def next_rung(rungs: list[Rung]) -> Rung | None:
    """The first rung not reached: the recipe checks each step before the next, so a rung
    reached out of order (a run that logged both losses reaches log-every-step) does not
    skip the ones before it."""
    return next((r for r in rungs if r.state != "reached"), None)


def try_command(rung: ChecklistItem, run: Run, pack: str) -> str:
    """The command that would try a rung of `pack`: the run's own command, marked as that
    rung (the argument that named the run's rung changed: `--rung X`, `--rung=X`,
    `rung=X` or `X`); a rung no run can show is ticked by hand in its own pack."""
    command = run.command
    launch = _launcher(run)
    if rung.verify not in RUNG_VERIFIERS:
        if rung.verify:
            return f"{launch} -- " + shlex.join(command)
        return f"done? credo check {shlex.quote(pack)} --tick {rung.id}"
    changed = _with_rung(run, rung.id)
    if changed is not None:
        return f"{launch} -- " + shlex.join(changed)
    return f"{launch} --rung {rung.id} -- " + shlex.join(command)


def _with_rung(run: Run, rung: str) -> list[str] | None:
    """`run`'s command marked as `rung`, where the command itself names the run's rung (the
    script's own `--rung X`, `--rung=X`, `rung=X` or `X`: each rung is then a command of
    its own, which the gate judges apart); None where it does not (`credo run --rung`)."""
    flag = f"--{RUNG_PARAM}"
    current = str(run.params.get(RUNG_PARAM, ""))
    changed = list(run.command)
    for index, arg in enumerate(changed[1:], 1):
        if arg == flag and index + 1 < len(changed):
            changed[index + 1] = rung
        elif arg.startswith(flag + "="):
            changed[index] = f"{flag}={rung}"
        elif current and (arg == current or arg.endswith("=" + current)):
            changed[index] = arg[: len(arg) - len(current)] + rung
        else:
            continue
        return changed
    return None


def _launcher(run: Run) -> str:
    """`credo run` as `run` was started: on SLURM, with the `--sbatch` options it was
    given (`_pasteable` leaves out the project's defaults, which come again), and with
    its own timebox (not what was left of its experiment's), `--hard` and its `--grace`."""
    words = ["credo", "run"]
    if run.slurm is not None:
        words.append("--slurm")
        if run.slurm.sbatch:
            words += ["--sbatch", shlex.join(run.slurm.sbatch)]
    if run.own_timebox and run.timebox is not None:
        words += ["-b", format_duration(run.timebox)]
    if run.hard:
        words.append("--hard")
        if run.grace is not None:
            words += ["--grace", f"{run.grace:g}s"]
    return shlex.join(words)


def check_lines(checked: list[Checked]) -> list[str]:
    """Each check this run answered (✓ ✗, ? when it could not tell), failures first."""
    said: dict[tuple[str, str], list[str]] = {}  # a rung and a run check may read the same
    failed_first = sorted(checked, key=lambda c: (c.sign != FAILED, c.item.gate is False))
    for entry in failed_first:
        said.setdefault((entry.sign, entry.said), []).append(entry.item.id)
    return [f"{sign} {', '.join(ids)}: {summary}" for (sign, summary), ids in said.items()]


def check_head(line: str) -> str | None:
    """The sign and the checks of a line `check_lines` made ("✗ losses-logged,
    log-every-step"); None for another line of a verdict."""
    head, colon, _ = line.partition(": ")
    return head if colon and head[:2] in (f"{CHECKED} ", f"{FAILED} ", f"{UNSURE} ") else None


def nothing_to_verify(who: str, metrics: bool) -> list[str]:
    """What is said of runs that logged no train loss (`who`: `this run`, a sweep's), and,
    where one logged no metric at all (not `metrics`), how to log them."""
    looked_for = ", ".join(TRAIN_LOSS)
    said = f"nothing to verify: {who} logged no train loss (looked for {looked_for})"
    return [said] if metrics else [said, f"({NO_METRICS})"]


def _unverified(checked: list[Checked]) -> bool:
    """Whether no check read a curve of the run: it logged no train loss."""
    return all(c.item.verify in CURVE_FREE for c in checked)


def _logged_nothing_to_verify(run: Run, check: Callable[[Run], list[Checked]]) -> bool:
    """Whether `run` ran to its end (or was cut short after it logged a metric) with no
    train loss for a check to read (`check`: `check_run` of it). One still under way may
    log it yet."""
    judged = run.status in (RunStatus.SUCCEEDED, *ENDED_EARLY) and not _cut_short(run)
    return judged and _unverified(check(run))


def unverified_lines(store: Store, run: Run) -> list[str]:
    """`nothing_to_verify` of a run that logged no train loss, as its end said it (a SLURM
    job's only in its `slurm.out`): for `credo show RUN` and the run view's verdicts."""
    if not _logged_nothing_to_verify(run, functools.partial(check_run, store)):
        return []
    return nothing_to_verify("this run", bool(final_values(run)))


def verdict_lines(
    checked: list[Checked],
    rungs: list[Rung],
    run: Run,
    held: GateDecision | None = None,
    ahead: GateDecision | None = None,
    *,
    alone: bool = True,
) -> list[str]:
    """The verdict: each check this run answered, then the next rung and the command
    that would try it (what to do first when the gate `held` the next run, or, `ahead`,
    the next rung's own command). A run not `alone` (a local sweep's) leaves out that it
    logged no train loss: its sweep says it once for its runs (`sweep_verdict_lines`)."""
    lines = check_lines(checked)
    reached_now = {c.item.id for c in checked if c.seen.passed}
    for rung in rungs:
        if rung.out_of_order and rung.item.id in reached_now and rung.item.verify in RUNG_VERIFIERS:
            lines.append(f"{rung.item.id} is reached out of order: {rung.out_of_order} not yet")
    if alone and _unverified(checked):
        lines += nothing_to_verify("this run", bool(final_values(run)))
    lines += ladder_lines(rungs, run, held, ahead)
    if run.status not in (RunStatus.SUCCEEDED, RunStatus.RUNNING):
        ended = ENDED_EARLY.get(run.status) or f"was {run.status.label}"  # lost, cancelled
        lines.append(f"(the run {ended}: judged on what it logged)")
    return lines


def ladder_lines(
    rungs: list[Rung], run: Run, held: GateDecision | None = None, ahead: GateDecision | None = None
) -> list[str]:
    """The next rung and the command that would try it (from `run`'s), that every rung is
    reached, or nothing (no ladder). When the gate `held` the next run at this code, or
    holds the next rung's own command (`ahead`: the script names its rung), what to do
    first, and no run command it would refuse as is."""
    upcoming = next_rung(rungs)
    first = _first(rungs, run, held, ahead is not None) if held is not None and rungs else []
    if upcoming is None:
        return [*first, "every rung of the ladder is reached"] if rungs else []
    state = "" if upcoming.state == "not tried" else f" ({upcoming.state})"
    command = try_command(upcoming.item, run, upcoming.pack)
    if held is not None and any(f.item == upcoming.item.id for f in held.failures):
        return first  # the rung to run again is the one that failed
    if ahead is not None:
        first.append(_first_ahead(upcoming, run, ahead, command, "also" if first else "first"))
        if any(f.item == upcoming.item.id for f in ahead.failures):
            return first  # the next rung is the one that failed: run it again, said
    if not first:
        return [f"next rung: {upcoming.item.text}{state}: {command}"]
    if command.startswith("done? "):  # a tick: the gate does not refuse it
        return [*first, f"next rung: {upcoming.item.text}{state}: {command}"]
    return [*first, f"then the next rung: {upcoming.item.text}{state}"]


def _holds(whose: str, this: str, again: str, commands: list[list[str]]) -> str:
    """Until when the gate holds `whose` runs at this code: a fix and `this` run `again`,
    or the failure read and acknowledged for each of `commands`, in one line to paste."""
    return (
        f"the gate holds {whose} at this code until you fix it and run {this} again ({again}),"
        f" or read what failed and {commands_line([ack_command(c) for c in commands])}"
    )


def _first(rungs: list[Rung], run: Run, held: GateDecision, ahead: bool = False) -> list[str]:
    """What to do before the next run, which the gate holds at this code: a check this
    run failed is fixed and run again, or read and acknowledged. The gate holds runs of
    this command: where the command names its rung (the script's own argument), another
    rung's runs are another command, which it does not hold (unless `ahead`: their own
    failure holds them, said apart), and the words say so."""
    if not held.failures:
        return ["first: the gate holds the next run at this code (credo gate says what)"]
    named = ", ".join(dict.fromkeys(f.item for f in held.failures))  # a sweep's runs: once
    tried = str(run.params.get(RUNG_PARAM, ""))
    rung = next((r for r in rungs if r.item.id == tried and r.item.verify in RUNG_VERIFIERS), None)
    commands = held.held_commands or [run.command]  # a sweep's: each one's, in one line
    again = (
        try_command(rung.item, run, rung.pack)
        if rung is not None
        else commands_line([f"{_launcher(run)} -- {shlex.join(c)}" for c in commands])
    )
    this = "this rung" if rung is not None else "it" if len(commands) == 1 else "each"
    whose = (
        f"the next runs of these {len(commands)} commands"
        if len(commands) > 1
        else "this command's next run"
    )
    holds = _holds(whose, this, again, commands)
    if not tried or _with_rung(run, tried) is None:  # every rung's runs: this command's
        return [f"first: {named} failed, and each step is checked before the next: {holds}"]
    if ahead:
        return [f"first: {named} failed: {holds}"]
    return [
        f"first: {named} failed: {holds}; each step is checked before the next, though the"
        f" gate does not hold the next rung's runs: the rung is the script's own argument,"
        f" so each rung's runs are a command of their own"
    ]


def _first_ahead(upcoming: Rung, run: Run, ahead: GateDecision, command: str, lead: str) -> str:
    """What to do before the next rung's run, whose own command (the script names its
    rung) the gate holds at this code: its last run here failed a check (`lead`: `first`,
    or `also` after what this run's own failure asks)."""
    named = ", ".join(f.item for f in ahead.failures)
    runs = ", ".join(dict.fromkeys(ahead.run_ids[e.run or ""] for e in ahead.held))
    changed = _with_rung(run, upcoming.item.id)
    assert changed is not None  # `ahead` is asked only of a command that names its rung
    holds = _holds("the next rung's runs", "that rung", command, [changed])
    return f"{lead}: {named} failed on run {runs}, the next rung's last here: {holds}"


ENDED_EARLY = {
    RunStatus.FAILED: "failed",
    RunStatus.INTERRUPTED: "was interrupted",
    RunStatus.KILLED: "was killed",
    RunStatus.TIMED_OUT: "ran out of time",
}
"""How a command that ran ended short of success, in words."""


def _cut_short(run: Run) -> str:
    """How a run ended short of success before it logged a metric (failed, ctrl-c...), in
    words; "" for any other run."""
    ended = ENDED_EARLY.get(run.status)
    return ended if ended and not final_values(run) else ""


def run_verdict(
    store: Store, run: Run, checked: list[Checked] | None = None, *, alone: bool = True
) -> list[str]:
    """The verdict of one run (its checks read again when not given), with the ladder of
    the gate's packs as it stands now (unless not `alone`: a local sweep's run, whose
    sweep says it once, with what no run logged, `sweep_verdict_lines`); a run cut short
    before it logged anything gets its output pointed at instead: it proves no rung."""
    run = _pasteable(store, run)
    catalog = load_catalog(store)
    if checked is None:
        checked = check_run(store, run, catalog=catalog)
    ended = _cut_short(run)
    if ended:
        # the ladder is for a command that ran: this one ended before it logged (a check
        # that reads no curve, data-unchanged, may still have answered)
        log = from_here(store.run_folder(run.id) / OUTPUT_FILE, store.project_root)
        pointer = f"the command {ended} before it logged a metric: what it printed is in {log}"
        return [pointer, *check_lines(checked)]
    if not alone:
        return verdict_lines(checked, [], run, alone=False)
    rungs, held, ahead = _climb(store, run, catalog)
    return verdict_lines(checked, rungs, run, held, ahead)


def sweep_verdict_lines(store: Store, runs: list[Run]) -> list[str]:
    """What a local sweep says once for its runs, whose own verdicts leave it out: those
    that logged no train loss, then the ladder's next rung, tried from its last run that
    worked (none: nothing, each run's verdict says why)."""
    catalog = load_catalog(store)
    every, experiments = store.runs(), store.experiments()
    check = functools.partial(
        check_run, store, catalog=catalog, runs=every, experiments=experiments
    )
    unverified = [run for run in runs if _logged_nothing_to_verify(run, check)]
    lines = []
    if unverified:
        short = store.short_ids(Run)
        named = ", ".join(short[run.id] for run in unverified)
        who = (
            "the sweep's runs"
            if len(unverified) == len(runs)
            else f"{'runs' if len(unverified) > 1 else 'run'} {named}"
        )
        lines = nothing_to_verify(who, all(final_values(run) for run in unverified))
    worked = [run for run in runs if run.status == RunStatus.SUCCEEDED]
    if not worked:
        return lines
    run = _pasteable(store, worked[-1])
    commands = [_pasteable(store, r).command for r in runs]  # what holds any of them is said
    rungs, held, ahead = _climb(store, run, catalog, commands)
    return lines + ladder_lines(rungs, run, held, ahead)


def _pasteable(store: Store, run: Run) -> Run:
    """`run` with its command as it can be pasted here, and on SLURM the options it was
    given beyond the project's defaults (the next rung's command)."""
    from credo.runs.command import local_command

    update: dict[str, Any] = {}
    whole = local_command(store, run)
    if whole is not None and whole != run.command:
        update["command"] = whole
    defaults = store.config.sbatch
    if run.slurm is not None and defaults and run.slurm.sbatch[: len(defaults)] == defaults:
        update["slurm"] = run.slurm.model_copy(update={"sbatch": run.slurm.sbatch[len(defaults) :]})
    return run.model_copy(update=update) if update else run


def _climb(
    store: Store, run: Run, catalog: Catalog, commands: list[list[str]] | None = None
) -> tuple[list[Rung], GateDecision | None, GateDecision | None]:
    """The ladder of the gate's packs as it stands now at `run`'s code, the gate's
    decision there when it would hold the next run (of `commands`, a sweep's: else of
    `run`'s own command; read once: the ladder is read off the
    standings the gate judged), and its decision on the next rung's own command when the
    script names its rung and a failure holds that command (the command the verdict
    offers: never one the gate refuses as is)."""
    from credo.checklists.gate import Grounds, evaluate_gate

    state = run.git_start or run.git_end
    packs = [catalog.packs[n].pack for n in store.config.gate_packs if n in catalog.packs]
    if state is None or not packs:
        return [], None, None
    grounds = Grounds.read(store, state, catalog=catalog)  # read once for both commands
    asked = functools.partial(evaluate_gate, store, state, run.experiment, cwd=run.cwd)
    decision = asked(commands=commands or [run.command], grounds=grounds)
    rungs: list[Rung] = []
    short = store.short_ids(Run)
    for pack in packs:
        rungs += ladder(pack, decision.standings.get(pack.name, []), short)
    upcoming = next_rung(rungs)
    ahead = None
    if upcoming is not None and upcoming.item.verify in RUNG_VERIFIERS:
        changed = _with_rung(run, upcoming.item.id)
        if changed is not None and changed != run.command:  # another command: its own gate
            next_gate = asked(commands=[changed], grounds=grounds)
            ahead = next_gate if next_gate.failures else None  # else what holds every command
    return rungs, None if decision.passed else decision, ahead
