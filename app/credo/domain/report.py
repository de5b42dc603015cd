"""The daily report's lines: plain facts about a period, built by `actions.report`
and written by `text.report` (Markdown, JSON, Rich)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from credo.domain.models import Divergence


@dataclass
class TaskLine:
    id: str
    title: str
    quadrant: str
    status: str = "open"
    """The task's status now (a task added in the period may be done or dropped since)."""
    due: date | None = None
    done_at: datetime | None = None
    commit: str | None = None
    days_left: int | None = None
    commit_in_history: bool | None = None
    """Whether a ref still reaches `commit` (None: no commit, or no git to ask)."""


@dataclass
class ExperimentLine:
    id: str
    hypothesis: str
    status: str
    timebox_seconds: float
    started: datetime | None
    ended: datetime | None = None
    outcome: str | None = None
    learning: str = ""
    next_step: str = ""
    abandon_reason: str = ""
    used_seconds: float | None = None
    """Time used (up to the report's end while open); None when unknown here: never
    started, or running in another worktree (`running_in`), whose record has its clock."""
    overrun_seconds: float | None = None
    """Time used beyond the timebox and its extensions (0 when they were kept)."""
    baseline: bool = False
    kind: str = "untagged"
    """What the work was (`data`, `code`, `model`, else its first tag): overruns are
    told apart by it."""
    extended_seconds: float = 0.0
    """Time added to the timebox on purpose (`credo exp extend`)."""
    added_after_closing_seconds: float = 0.0
    """Of it, the time added after the experiment closed: one clone extended it, another
    closed it, and a merge kept both (`timebox.added_after_closing`)."""
    running_in: str = ""
    """The other worktree of this host it runs in, as a path from here (`../exp-b`);
    "" when it runs here or is not running."""


@dataclass
class RunCheck:
    """What one of the packs' verifiers found in a run, as `credo run` said it."""

    pack: str
    item: str
    passed: bool
    summary: str
    also: list[str] = field(default_factory=list)
    """The items the same reading answered alike (a ladder rung beside its check, off the
    same curves): one check, as the verdict and the gate count it."""
    na: str | None = None
    """The reason given when a person marked the item n.a. (its check's finding is then
    not what the verdict says), as the marks stand now; None when not marked so."""


@dataclass
class RunLine:
    id: str
    experiment: str | None
    """None for an ad-hoc run (attached to no experiment)."""
    experiment_hypothesis: str
    command: str
    status: str
    exit_code: int | None
    signal: int | None
    state: str
    """The status in words: `lost?` or `running on HOST` for a run on another host."""
    started: datetime
    seconds: float | None
    commit: str | None
    metrics: dict[str, float]
    baseline: dict[str, float]
    """The values of the same metrics in `baseline_run`."""
    baseline_run: str | None = None
    """The baseline experiment's latest successful run that had ended when this one
    started, which it is compared with; None when there was none then (or it is the
    baseline's own run, or it has no metrics)."""
    gate_skipped: str | None = None
    """Who skipped the gate and why, when the run went ahead with --skip-gate."""
    actor: str | None = None
    """The coding agent whose shell started it (`agent:NAME`); None for a person."""
    gate_acknowledged: list[dict[str, str]] = field(default_factory=list)
    """The failed checks it went on over because someone had read them (`credo gate
    --ack`): each `check`, `by`, `at`, `note`, `evidence`, as its record keeps them."""
    gate_offered: list[dict[str, str]] = field(default_factory=list)
    """The checks its gate took as held by what credo knew, nobody having ticked them
    (`offer` in the pack): each `check` and the fact's name (`offer`), as its record
    keeps them; none in a record older than that."""
    data_warning: str = ""
    """Set when the run saw other data than the baseline run it is compared with: `used
    data d939…, the baseline 8869…: the comparison may not be fair (…)`."""
    checks: list[RunCheck] = field(default_factory=list)
    """The checks it answered (its verdict's ✓ and ✗), failures first."""
    diverged: dict[str, Divergence] = field(default_factory=dict)
    """The metrics that became NaN or infinite (not in `metrics`), and where."""
    slurm_end: str = ""
    """What SLURM said ended it, as `credo exp show` says it (`TIMEOUT (TimeLimit)`), once
    credo read it; empty for any other run."""


@dataclass
class ReviewLine:
    id: str
    pack: str
    created: datetime
    commit: str | None
    checked: int
    total: int
    experiment: str | None
    na: int = 0
    """Items answered as not applying (with a reason): answered, not checked."""


@dataclass
class DataCheckLine:
    """A `credo data` result kept as the evidence of a checklist item (`--record`)."""

    id: str
    pack: str
    item: str
    command: str
    passed: bool
    """Whether it found nothing wrong."""
    summary: str
    created: datetime
    commit: str | None
    experiment: str | None


@dataclass
class CommitLine:
    sha: str
    author: str
    date: datetime
    subject: str
    tasks: list[str]
    experiments: list[str]


@dataclass
class AgentChangeLine:
    """One change an agent made (from the local journal of `credo mcp`)."""

    at: datetime
    actor: str
    what: str
    items: list[str]
    """The items it changed, its own first (a claimed task before the one it put back)."""
    undone: bool = False
    """Its files are back as they were before it: a person undid it since."""
    back_to_open: list[str] = field(default_factory=list)
    """The tasks it put back to open: the agent's task in progress before the one it
    claimed (`start_task`), among `items` too."""


@dataclass
class Overruns:
    """The experiments of one kind that went beyond their timebox."""

    closed: int
    over: int
    median_seconds: float | None


@dataclass
class Honesty:
    closed: int
    """Closed after they started: those a timebox was kept or not by."""
    kept: int
    """Closed within their first timebox."""
    median_overrun_seconds: float | None
    """Median time beyond the timebox in force (an extension counts from when it was
    made), over the experiments that overran."""
    extended: int = 0
    """Went past their first timebox but within the time added on purpose: not overruns,
    not kept either."""
    by_kind: dict[str, Overruns] = field(default_factory=dict)
    """Per kind of work, so data work that takes longer reads as what it is."""
    never_started: int = 0
    """Closed (abandoned) before they started: no timebox to keep or overrun."""


KINDS = ("data", "code", "model")


def kind_of_work(tags: list[str]) -> str:
    """`data`, `code` or `model` when a tag says so, else the first tag, else `untagged`."""
    lowered = [t.lower() for t in tags]
    return next((k for k in KINDS if k in lowered), lowered[0] if lowered else "untagged")


@dataclass
class Report:
    project: str
    since: datetime
    until: datetime
    done: list[TaskLine] = field(default_factory=list)
    added: list[TaskLine] = field(default_factory=list)
    due: list[TaskLine] = field(default_factory=list)
    started: list[ExperimentLine] = field(default_factory=list)
    under_way: list[ExperimentLine] = field(default_factory=list)
    """Experiments running or paused that started before the period: still the work."""
    closed: list[ExperimentLine] = field(default_factory=list)
    runs: list[RunLine] = field(default_factory=list)
    adhoc_runs: list[RunLine] = field(default_factory=list)
    """Runs attached to no experiment (`credo run` with none running, from a script)."""
    reviews: list[ReviewLine] = field(default_factory=list)
    data_checks: list[DataCheckLine] = field(default_factory=list)
    commits: list[CommitLine] | None = None
    """None when git linkage is off (`linkage_off` says why)."""
    linkage_off: str = ""
    """Why git linkage is off (not a git repository, no git, git refuses it), if it is."""
    unshared: int = 0
    """Files of `.credo/` with changes not committed, which teammates do not see."""
    agent_changes: list[AgentChangeLine] = field(default_factory=list)
    honesty: Honesty = field(default_factory=lambda: Honesty(0, 0, None))
    per_week: list[tuple[date, int]] = field(default_factory=list)
    """(Monday of the week, experiments closed that week), oldest first: the last six
    weeks, or those since the project's first item."""
    from_first_week: bool = False
    """`per_week` starts with the project's first week (it is younger than six weeks)."""
    short: dict[str, str] = field(default_factory=dict)
    """Item id -> shortest unique prefix, for display (`Store.short_ids`, which also
    names an item deleted since by a prefix no listed id shares)."""
