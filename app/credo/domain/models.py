"""The items credo keeps: tasks, experiments, runs, checklist packs and reviews.

Each stored item is one TOML file. `extra="allow"` keeps fields written by a newer
credo, so a teammate's data survives a rewrite by an older version. Every model's
validator is built on its first use (`defer_build`): a command pays only for the kinds
it touches (`credo add`, the task alone).

Unlike the rest of credo, no `from __future__ import annotations` here: with it, every
field's annotation is a string that pydantic evaluates as the class is made, 13 M
instructions of each command's start (one `code_mark` annotation stays quoted instead).
"""

import re
import sys
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, field_validator

from credo.domain.dates import add_months
from credo.domain.defaults import empty_dict, empty_list
from credo.domain.durations import Duration
from credo.domain.ids import ID_PATTERN
from credo.domain.recurrence import parse_every
from credo.errors import BadInputError

_EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
_LATEST = datetime(9000, 1, 1, tzinfo=UTC)
Timestamp = Annotated[AwareDatetime, Field(ge=_EARLIEST, le=_LATEST, strict=True)]
"""A timezone-aware moment; credo writes UTC, files may hold any offset. Bounded, so
that showing one in any time zone never overflows. Strict: a TOML date and time, never a
number read as Unix time (JSON, which has no dates, still gives text)."""


Seconds = Annotated[float, Field(ge=0, le=1e10, allow_inf_nan=False)]
"""A span of time in seconds, as a file holds it."""


def now() -> datetime:
    """The current moment as a `Timestamp` (microseconds kept: they order same-second writes)."""
    return datetime.now(UTC)


# Checked by pydantic-core (no Python call per item), so loading thousands stays fast.
ItemId = Annotated[str, Field(pattern=ID_PATTERN.pattern)]


class Item(BaseModel):
    """What every stored item has: an id that is also its file name, and two moments."""

    model_config = ConfigDict(extra="allow", validate_assignment=False, defer_build=True)

    kind: ClassVar[str]
    folder: ClassVar[str]

    id: ItemId
    created: Timestamp = Field(default_factory=now)
    updated: Timestamp = Field(default_factory=now)


class Status(StrEnum):
    """A status: its value is the token files, `--json` and filters (`status:in_progress`)
    use; its `label` the words people read."""

    @property
    def label(self) -> str:
        """`in progress` for `in_progress`, `timed out` for `timed_out`."""
        return self.value.replace("_", " ")


class TaskStatus(Status):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


OPEN_STATUSES = frozenset((TaskStatus.OPEN, TaskStatus.IN_PROGRESS))
"""What `Task.is_open` means; loops over ten thousand tasks test it without the property."""
TASK_OPEN, TASK_IN_PROGRESS = TaskStatus.OPEN, TaskStatus.IN_PROGRESS
"""The members loops over ten thousand tasks compare with: `TaskStatus.OPEN` costs about
1,000 instructions a read (Python 3.11's EnumType.__getattr__ keeps it slow), a name 20."""


TAG_LIMIT = 50
"""Characters in a tag as typed: a word or two, never a sentence."""


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags typed in, as stored: no `#`, no blanks, no repeats, in the order given; a tag
    of several words is one word joined by `-` (`data prep` is `#data-prep`, as a filter
    or a quick-add line can name it). Refused over `TAG_LIMIT` or holding a control
    character. Files are not checked: a tag edited by hand loads."""
    seen: list[str] = []
    for tag in map(_one_word, tags):
        refuse_controls(tag, "a tag")
        if len(tag) > TAG_LIMIT:
            raise BadInputError(
                f"a tag is at most {TAG_LIMIT} characters (this one has {len(tag):,}): "
                "a word or two says it"
            )
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def _one_word(tag: str) -> str:
    return "-".join(tag.strip().lstrip("#").split())


def joined_tags(tags: Iterable[str]) -> list[str]:
    """What `clean_tags` changed in `tags` beyond their `#` and outer blanks, said to
    whoever gave them where nothing shows it (an agent's tools): `'data prep' is kept as
    data-prep (a tag is one word)`."""
    return [
        f"{typed.strip()!r} is kept as {kept} (a tag is one word)"
        for typed in dict.fromkeys(tags)
        if (kept := _one_word(typed)) != typed.strip().lstrip("#")
    ]


TITLE_LIMIT = 300
"""Characters in a task's title (or an experiment's hypothesis) as typed: one line."""

_TITLE_WORDS = {
    "title": ("a task needs a title: give some words", "put the rest in the task's notes"),
    "hypothesis": (
        "an experiment needs a hypothesis: what do you expect to happen?",
        "say in one line what you expect to happen",
    ),
}


def refuse_controls(text: str, what: str, kept: str = "") -> None:
    """Refuse typed-in text (`what` names it) holding a control character other than
    those `kept`: a terminal showing it would obey it (clear the screen, ring, retitle);
    or a byte that was not text in the locale's encoding (`caf\\xe9` typed where it is
    UTF-8: Python keeps it as a lone surrogate, which no file can hold)."""
    undecoded = next((c for c in text if unicodedata.category(c) == "Cs"), None)
    if undecoded is not None:
        byte = f"byte 0x{ord(undecoded) - 0xDC00:02X}" if ord(undecoded) >= 0xDC80 else "part"
        raise BadInputError(
            f"{what} holds a {byte} that is not {sys.getfilesystemencoding()} text: type it "
            "in the encoding your locale says (LANG, LC_ALL), or set a UTF-8 locale"
        )
    control = next((c for c in text if c not in kept and unicodedata.category(c) == "Cc"), None)
    if control is not None:
        hint = "type plain text"
        encoding = sys.getfilesystemencoding()
        if 0x80 <= ord(control) < 0xA0 and encoding != "utf-8":  # UTF-8 read as latin-1
            hint = (
                f"is your terminal UTF-8 where the locale says {encoding}? set LANG to a UTF-8 one"
            )
        raise BadInputError(f"{what} cannot hold control characters (U+{ord(control):04X}): {hint}")


def checked_text(text: str, what: str) -> str:
    """Text of several lines typed in (notes, a learning, a check's note), as kept: tabs
    and line breaks (a Windows one is a line break), no other control character."""
    text = text.replace("\r\n", "\n")
    refuse_controls(text, what, kept="\t\n")
    return text


def with_note(notes: str, note: str) -> str:
    """`notes` with `note` added under them, after a blank line."""
    return f"{notes.rstrip()}\n\n{note}".lstrip("\n")


def refuse_line_breaks(title: str, field: Literal["title", "hypothesis"] = "title") -> None:
    """Refuse a title (`field`) of several lines: joined, its second line would be read as
    words of the title, where it was meant for the notes (one at either end is dropped)."""
    if len(title.strip().splitlines()) > 1:
        raise BadInputError(
            f"a {field} is one line (this one has a line break): {_TITLE_WORDS[field][1]}"
        )


def checked_title(title: str, field: Literal["title", "hypothesis"] = "title") -> str:
    """A title typed in (the shell, the app's forms, an agent), as kept: one line, single
    spaces; `field` names it (an experiment's title is its hypothesis). Refused when
    empty, of several lines, over `TITLE_LIMIT` or holding a control character, which a
    terminal showing it would obey. Files are not checked: a title edited by hand loads."""
    missing, rest = _TITLE_WORDS[field]
    refuse_line_breaks(title, field)
    cleaned = " ".join(title.split())
    if not cleaned:
        raise BadInputError(missing)
    refuse_controls(cleaned, f"a {field}")
    if len(cleaned) > TITLE_LIMIT:
        raise BadInputError(
            f"a {field} is at most {TITLE_LIMIT} characters (this one has {len(cleaned):,}): "
            + rest
        )
    return cleaned


DUE_YEARS = 100
"""How far from today a due date typed in may fall, either way."""


def checked_due(due: date | None, today: date) -> date | None:
    """A due date typed in (the shell, the app's forms, an agent), refused when more than
    `DUE_YEARS` from `today` either way (0001-01-01 is a typing slip, not a deadline).
    Files are not checked: a date edited by hand loads."""
    if due is None:
        return None
    earliest, latest = (add_months(today, 12 * years) for years in (-DUE_YEARS, DUE_YEARS))
    if not earliest <= due <= latest:
        raise BadInputError(
            f"a due date is at most {DUE_YEARS} years from today ({due} is not): "
            f"give a day from {earliest} to {latest}"
        )
    return due


class Task(Item):
    """A to-do on the Eisenhower board."""

    kind: ClassVar[str] = "task"
    folder: ClassVar[str] = "tasks"

    title: str = Field(pattern=r"\S")
    notes: str = ""
    important: StrictBool = False
    urgent: StrictBool = False
    due: date | None = None
    tags: list[str] = Field(default_factory=empty_list)
    status: TaskStatus = TaskStatus.OPEN
    order: float = 0.0
    """Manual position inside its quadrant; smaller comes first."""
    pinned: date | None = None
    """The day the task was pinned to "Today"."""
    every: str | None = None
    """Recurrence rule for repeating tasks (`day`, `weekday`, `week`, `month`, `3 days`)."""
    month_day: int | None = Field(default=None, ge=1, le=31)
    """The day of the month a monthly series falls on, kept only while `due` falls short
    of it (the 31st's series due Feb 28): the next occurrence is Mar 31, not Mar 28."""
    done_at: Timestamp | None = None
    done_commit: str | None = None
    closed_by: str | None = None
    """The commit whose message closed this task (`closes <id>`); kept when reopened,
    so reopening by hand is not undone by the same commit again."""
    reopened: Timestamp | None = None
    """When it was last opened again by hand: a commit written before that does not close
    it again, in this clone or any other (the file travels through git, unlike the cache
    of closings applied)."""
    in_progress_by: str | None = None
    """Who has it in progress (their git e-mail): "in progress" is per person, so a
    teammate's task in progress is neither reset by your `credo start` nor named in
    your commits."""
    experiments: list[str] = Field(default_factory=empty_list)
    assignee: str | None = None
    """Who has the task: a teammate's name, or `agent:NAME` for a coding agent. It does not
    move the task: `important` and `urgent` say its quadrant."""

    @field_validator("every")
    @classmethod
    def _followable_rule(cls, every: str | None) -> str | None:
        """A rule `parse_every` reads, as it writes it: `every = "zzz"` typed into a file
        is refused like any other bad field, not found out when the task is done."""
        if every is None:
            return None
        try:
            return parse_every(every)
        except BadInputError as error:
            raise ValueError(error.message) from None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ExperimentStatus(Status):
    PLANNED = "planned"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    ABANDONED = "abandoned"

    @property
    def closed(self) -> bool:
        """Done or abandoned: the experiment has its ending and takes no more runs."""
        return self in (ExperimentStatus.DONE, ExperimentStatus.ABANDONED)


class Outcome(StrEnum):
    CONFIRMED = "confirmed"
    REFUTED = "refuted"
    INCONCLUSIVE = "inconclusive"


class Extension(BaseModel):
    """Time added to an experiment's timebox on purpose: how much, when, and why."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    by: Duration
    at: Timestamp
    reason: str = ""
    spent_seconds: Seconds | None = None
    """Working time spent on the experiment when the time was added, so that an overrun
    before it still counts (None in older records: counted as added in time)."""


class Place(BaseModel):
    """Where an experiment runs: the host, and the project (the worktree's root) whose
    record of it counts; a copy a commit took to another worktree is not that one."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    host: str = ""
    project: str = ""
    by: str | None = None
    """Who started or resumed it there, as `in_progress_by` names a person (their git
    e-mail): another person's clone on this host is theirs, not one of my worktrees (None:
    recorded by a credo that did not say, or could not tell, read as mine)."""


class Experiment(Item):
    """A timeboxed attempt: hypothesis, budget, runs and an honest outcome."""

    kind: ClassVar[str] = "experiment"
    folder: ClassVar[str] = "experiments"

    hypothesis: str = Field(min_length=1)
    timebox: Duration
    status: ExperimentStatus = ExperimentStatus.PLANNED
    task: str | None = None
    tags: list[str] = Field(default_factory=empty_list)
    started: Timestamp | None = None
    ended: Timestamp | None = None
    paused_at: Timestamp | None = None
    paused_seconds: Seconds = 0.0
    """Time spent paused so far; the countdown stops while paused."""
    outcome: Outcome | None = None
    learning: str = ""
    next_step: str = ""
    abandon_reason: str = ""
    baseline: StrictBool = False
    """This experiment holds the best result so far: the one to beat."""
    extensions: list[Extension] = Field(default_factory=empty_list)
    """Time added on purpose (`credo exp extend`); `timebox` stays the first budget."""
    place: Place | None = None
    """Where it was last started or resumed (None: a planned one, or recorded by a credo
    that did not say, which runs wherever its record is read)."""

    @property
    def extended_by(self) -> timedelta:
        """All the time added on purpose."""
        return sum((e.by for e in self.extensions), timedelta(0))

    @property
    def budget(self) -> timedelta:
        """The time the experiment may take: its timebox and every extension."""
        return self.timebox + self.extended_by


class SubmoduleState(BaseModel):
    """A submodule whose code is not the commit the superproject records: moved to another
    commit, edited, or not checked out at all."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    sha: Annotated[str, Field(pattern=r"^[0-9a-f]+$")] | None = None
    """The commit checked out in it; None when it is not checked out."""
    moved: StrictBool = False
    """Checked out at another commit than the one the superproject records."""
    dirty: StrictBool = False
    changed: list[str] = Field(default_factory=empty_list)
    """Its files with uncommitted changes, untracked ones included (relative to it)."""
    diff_hash: str | None = None

    def words(self) -> str:
        """`at 1a2b3c4, not the commit recorded · dirty: f.py, g.py`, for people."""
        if self.sha is None:
            return "not checked out (git submodule update --init fetches it)"
        said = f"at {short_sha(self.sha)}" + (", not the commit recorded" if self.moved else "")
        if self.dirty:
            names = ", ".join(self.changed[:5]) + (", ..." if len(self.changed) > 5 else "")
            said += f" · dirty: {names}"
        return said


class GitState(BaseModel):
    """Where the code stood: the commit, the branch and whether the tree was dirty."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    sha: Annotated[str, Field(pattern=r"^[0-9a-f]+$")] | None = None
    """None in a repository with no commits yet, or with linkage off. Hex digits only:
    credo hands it to git (what changed since), where `--output=FILE` would be an option."""
    branch: str | None = None
    """None on a detached HEAD."""
    dirty: StrictBool = False
    patch: Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")] | None = None
    """File name of the saved uncommitted diff, in the run folder (a name, never a path)."""
    patch_status: str = "clean"
    """`clean` (nothing to save), `whole`, `cut` or `off` (not a git repository)."""
    patch_bytes: int = 0
    diff_hash: str | None = None
    changed: list[str] = Field(default_factory=empty_list)
    """Tracked files with uncommitted changes (what the diff touches)."""
    untracked: list[str] = Field(default_factory=empty_list)
    """Untracked files whose text is in the diff."""
    left_out: dict[str, str] = Field(default_factory=empty_dict)
    """What changed but is not in the diff, and why: a data path (fingerprinted with the
    run), or an untracked file (binary, too big, no room left in the patch, not a plain
    file, written by the run and not code)."""
    remote: str | None = None
    operation: str | None = None
    """What git was in the middle of (`rebasing feat`, `bisecting from main`), if anything."""
    submodules: dict[str, SubmoduleState] = Field(default_factory=empty_dict)
    """The submodules (nested ones too, by path in the work tree) not at the commit the
    superproject records, or edited, or not checked out."""

    def summary(self) -> str:
        """One line for people: `main @ 1a2b3c4 · dirty`."""
        if self.patch_status == "off":
            return "git linkage is off"
        return code_place(self.branch, self.sha, self.dirty, self.operation)


def short_sha(sha: str) -> str:
    """A commit as people read it: its first 7 characters, as `git log --oneline`."""
    return sha[:7]


def code_place(
    branch: str | None,
    sha: str | None,
    dirty: bool,
    operation: str | None = None,
    *,
    short: bool = False,
) -> str:
    """`main @ 1a2b3c4 · dirty`: where the code stood, in one line, with what git was in
    the middle of (`detached HEAD @ 1a2b3c4 · dirty · rebasing feat`); `short`, its dirty
    tree marked as a commit cell marks it (`main @ 1a2b3c4*`, see `code_mark`), and only
    the operation's first word (`(rebasing)`)."""
    at = short_sha(sha) if sha else "no commits yet"
    mark = ("*" if short else " · dirty") if dirty else ""
    doing = ""
    if operation:
        doing = f" ({operation.split()[0]})" if short else f" · {operation}"
    return f"{branch or 'detached HEAD'} @ {at}{mark}{doing}"


def code_mark(run: "Run") -> str:
    """`1a2b3c4*` (dirty), `no commit` (a repository with none yet), `no git`, or empty
    (no git state recorded): where a run's code stood, in a table cell."""
    git = run.git_start
    if git is None:
        return ""
    if git.sha:
        return f"{short_sha(git.sha)}{'*' if git.dirty else ''}"
    return "no git" if git.patch_status.startswith("off") else "no commit"


class RunStatus(Status):
    QUEUED = "queued"
    """Waiting for its turn: a SLURM job not started yet, or a local sweep's next run."""
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    KILLED = "killed"
    INTERRUPTED = "interrupted"
    TIMED_OUT = "timed_out"
    LOST = "lost"
    """Its `credo run` process died without writing the end (kill -9, reboot, a node
    failure); a reader on the same host, or SLURM, found it gone."""
    CANCELLED = "cancelled"
    """Cancelled through SLURM (`credo runs cancel`, `scancel`), before or while it ran."""
    DID_NOT_START = "did_not_start"
    """Its command could not start (not found, not a program), or SLURM ended its job
    before credo on the node started it (not by a cancel): nothing ran, so nothing is
    judged of it, and its gate relied on no checks."""

    def said(self, state: str | None = None) -> str:
        """A run in this status as people read it: `state` where it says more (where it
        runs, SLURM's word; see `lost_runs.run_state`), else the `label`."""
        return state if state and state != self.value else self.label

    def word(self, state: str | None = None) -> str:
        """`said` in one word, where a table's cell has room for no more: `running` of
        `running on gpu-07 · SLURM job 812_3`, `lost?` of `lost? (no sign ...)`; the
        run's facts say the rest."""
        return state.split(" ", 1)[0] if state and state != self.value else self.label


WAITING = (RunStatus.QUEUED, RunStatus.RUNNING)
"""A run in these has not ended yet."""


ParamValue = bool | int | float | str
"""A hyperparameter as recorded: TOML's own scalars."""

TOML_INTEGERS = range(-(2**63), 2**63)
"""What a TOML integer holds (64 bits): a wider one is written as its digits."""
INT_DIGITS = 4300
"""The most digits `int()` reads (Python's limit): a longer number stays text."""
_WIDE = re.compile(rf"-?[1-9][0-9]{{18,{INT_DIGITS - 1}}}")  # 19 digits and more


def _wide_integer(value: ParamValue) -> ParamValue:
    """A param written as its digits because no TOML integer holds it: the integer again."""
    if isinstance(value, str) and _WIDE.fullmatch(value):
        number = int(value)
        if number not in TOML_INTEGERS:
            return number
    return value


class Divergence(BaseModel):
    """Where a metric first stopped being a finite number: its last finite value before
    is no result, so the run's final value of it is this."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    step: int | float
    """A whole step as an integer (`120`, in `--json` too), though read as `120.0`."""
    value: str
    """As logged: `nan`, `inf` or `-inf`."""

    @field_validator("step", mode="after")
    @classmethod
    def _whole(cls, step: int | float) -> int | float:
        return int(step) if isinstance(step, float) and step.is_integer() else step


class Gpu(BaseModel):
    """One GPU as `nvidia-smi` names it."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    name: str
    driver: str = ""
    memory: str = ""
    """Total memory as nvidia-smi writes it, e.g. `81920 MiB`."""


class Machine(BaseModel):
    """Where a run ran: the host, what it had, and the SLURM job it was part of."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    host: str = ""
    cpus: int | None = None
    """CPUs this process may use (its affinity), else the machine's count."""
    gpus: list[Gpu] = Field(default_factory=empty_list)
    cuda: str = ""
    """The CUDA version the driver supports (nvidia-smi's header)."""
    slurm_job: str = ""
    """`SLURM_JOB_ID` (for an array task, the array's own job id is `slurm_array_job`)."""
    slurm_array_job: str = ""
    slurm_array_task: str = ""
    slurm_nodes: str = ""
    """`SLURM_JOB_NODELIST`, as SLURM writes it (`node[01-04]`)."""


class Runner(BaseModel):
    """The `credo run` process that supervises a run: enough to tell, later, that it is gone.

    `boot_id` and `start_ticks` (Linux) tell a process from a later one that got the same
    pid, or from the same pid after a reboot.
    """

    model_config = ConfigDict(extra="allow", defer_build=True)

    host: str
    pid: int
    boot_id: str = ""
    start_ticks: int | None = None
    """When the process started, in clock ticks since boot (`/proc/PID/stat`, field 22)."""
    project: str = ""
    """The project (the worktree's root) whose record of the run the process writes: a
    copy of the record in another worktree or clone, where a commit took it, is not the
    one it settles ("": recorded by a credo that did not say)."""
    by: str | None = None
    """Who ran it, as an experiment's `Place.by` names them (their git e-mail): a run in
    another person's clone on this host is theirs, its process theirs to judge, as one on
    another host is (None: recorded by a credo that did not say, or could not tell, read
    as mine)."""


class SlurmJob(BaseModel):
    """The SLURM job a run was submitted as (`credo run --slurm`, `credo sweep --slurm`)."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    job: str = ""
    """SLURM's name for the job: `1234`, or `1234_5` for element 5 of job array 1234;
    empty for the moment between the run's record and `sbatch`'s answer."""
    cluster: str = ""
    """SLURM's `ClusterName` where it was submitted (a clone elsewhere asks no other)."""
    sbatch: list[str] = Field(default_factory=empty_list)
    """The options it was submitted with (the project's defaults, then `--sbatch`)."""
    state: str = ""
    """SLURM's end state (`COMPLETED`, `TIMEOUT`, `CANCELLED`...), once credo read it."""
    reason: str = ""
    """SLURM's reason for that state (`TimeLimit`, `NonZeroExitCode`...)."""
    exit: str = ""
    """SLURM's `code:signal` for the job, when it ended without credo's record."""


class Run(Item):
    """One execution of a command, for an experiment or ad hoc (`experiment` unset).

    Lives in `runs/<id>/run.toml`.
    """

    kind: ClassVar[str] = "run"
    folder: ClassVar[str] = "runs"

    experiment: str | None = None
    command: list[str]
    cwd: str = ""
    status: RunStatus = RunStatus.RUNNING
    started: Timestamp = Field(default_factory=now)
    """When it started; for a run not started yet (or never), when it was queued."""
    queued: Timestamp | None = None
    """When it was queued, for a run that started later (a SLURM job, a sweep's run)."""
    ended: Timestamp | None = None
    exit_code: int | None = None
    signal: int | None = None
    git_start: GitState | None = None
    git_end: GitState | None = None
    git_queued: GitState | None = None
    """Where the code stood when the run was queued, kept when it had changed by the
    start (a cluster job waits; the work tree on a shared file system moves on)."""
    python: str = ""
    packages: dict[str, str] = Field(default_factory=empty_dict)
    data: dict[str, str] = Field(default_factory=empty_dict)
    """Data fingerprint: path -> digest of size, mtime and content sample."""
    env: dict[str, str] = Field(default_factory=empty_dict)
    params: dict[str, ParamValue] = Field(default_factory=empty_dict)
    """Hyperparameters: the command's `--name value` arguments, overridden by what the
    script logged with `credo.log_params(...)`."""
    machine: Machine | None = None
    runner: Runner | None = None
    """Who supervises it: the `credo run` process, or for a queued local run the sweep
    that will start it."""
    slurm: SlurmJob | None = None
    gate: dict[str, object] = Field(default_factory=empty_dict)
    metrics: dict[str, float] = Field(default_factory=empty_dict)
    """Last value of each scalar metric the run logged (not those in `diverged`)."""
    diverged: dict[str, Divergence] = Field(default_factory=empty_dict)
    """The metrics that became NaN or infinite: their final value is that, said where."""
    best: dict[str, float] = Field(default_factory=empty_dict)
    """Best value of each: the lowest for losses and errors, else the highest."""
    note: str = ""
    actor: str | None = None
    """The coding agent whose shell started it (`agent:NAME`, told by its environment as
    for the gate it skips); None for a person. Whatever the gate said, passed or not."""
    timebox: Duration | None = None
    """The run's own time limit (`--timebox`, or what was left of the experiment's)."""
    own_timebox: StrictBool = False
    """Whether `timebox` was the run's own (`--timebox`), not what was left of the
    experiment's: running it again gives it again."""
    hard: StrictBool = False
    """Whether the child was to be stopped when the timebox ran out (`--hard`)."""
    grace: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    """Seconds `--hard` waited after SIGTERM before SIGKILL, where `--grace` gave other
    than the default; None: the default (10), as for every run recorded before this was."""
    output: str = ""
    """How `output.log` was saved: whole, cut (how much) or what stopped it."""

    @field_validator("params")
    @classmethod
    def _wide_integers(cls, params: dict[str, ParamValue]) -> dict[str, ParamValue]:
        return {name: _wide_integer(value) for name, value in params.items()}

    @property
    def never_started(self) -> bool:
        """Still waiting in its queue, or ended there (cancelled): it ran no time at all,
        and `started` is when it was queued."""
        return (
            self.queued is not None
            and self.started == self.queued
            and self.status != RunStatus.RUNNING
        )


class Scope(StrEnum):
    ONCE = "once"
    EXPERIMENT = "experiment"
    RUN = "run"


class ChecklistItem(BaseModel):
    """One check; its scope says how long a tick holds."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    principle: str
    text: str
    why: str = ""
    how: str = ""
    scope: Scope = Scope.RUN
    gate: StrictBool = True
    """Whether the gate before runs asks for it; ladder milestones (`false`) are reached
    by running, so they show progress and are never asked for. A rung the last run
    failed still holds the next run, as any failed run check does, until it is answered
    (a newer tick or n.a.)."""
    command: str = ""
    """A command whose result answers the item (`credo data balance ... --record ...`)."""
    verify: str = ""
    """A verifier that answers the item from each recorded run (`loss-at-init`,
    `losses-logged`, `overfit-one`, ...); empty: a person answers it."""
    verify_params: dict[str, ParamValue] = Field(default_factory=empty_dict)
    """The verifier's parameters (`tolerance = 0.1`, `every = 1`, `train = "loss"`...)."""
    about: Literal["code", "data"] = "code"
    """What makes a `run`-scoped answer stale: a change to code files, or to data files."""
    offer: str = ""
    """A fact credo knows that answers the item until a person says otherwise
    (`timebox-started`: the experiment's timebox started, and it runs or is paused); see
    `checklists.offers`."""

    def answered_by_data(self, kind: str) -> bool:
        """Whether a `credo data KIND` result answers the item (its command is one)."""
        return self.command.startswith(f"credo data {kind} ")

    def digest(self) -> str:
        """Changes when the item's meaning does: an n.a. answer holds until then."""
        import hashlib
        import json

        fields = self.model_dump(mode="json", exclude={"why", "how", "command"})
        if not self.offer:  # an item written before offers keeps the n.a. answers it had
            del fields["offer"]
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:12]


class ChecklistPack(BaseModel):
    """A named list of checks grouped by principle."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: str
    description: str = ""
    items: list[ChecklistItem] = Field(min_length=1)

    @field_validator("items")
    @classmethod
    def _unique_ids(cls, items: list[ChecklistItem]) -> list[ChecklistItem]:
        ids = [item.id for item in items]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"item ids must be unique; repeated: {', '.join(repeated)}")
        return items

    def by_principle(self) -> dict[str, list[ChecklistItem]]:
        """Items grouped by principle, in the order they first appear."""
        groups: dict[str, list[ChecklistItem]] = {}
        for item in self.items:
            groups.setdefault(item.principle, []).append(item)
        return groups


class Mark(StrEnum):
    CHECKED = "checked"
    NOT_YET = "not_yet"
    NA = "na"


class ReviewEntry(BaseModel):
    model_config = ConfigDict(extra="allow", defer_build=True)

    item: str
    mark: Mark = Mark.NOT_YET
    note: str = ""
    item_digest: str = ""
    """The item's `digest()` when answered: an n.a. holds while it is the same."""


class Review(Item):
    """One pass through a pack, at a commit."""

    kind: ClassVar[str] = "review"
    folder: ClassVar[str] = "reviews"

    pack: str
    git: GitState = Field(default_factory=GitState)
    experiment: str | None = None
    entries: list[ReviewEntry] = Field(default_factory=empty_list)


class EvidenceSource(StrEnum):
    DATA = "data"
    """A `credo data` command's result on some files."""
    RUN = "run"
    """What a recorded run showed (its curves, its numbers)."""


class Evidence(Item):
    """What answers a checklist item without a person ticking it: a result and what it
    rests on. It holds while the files it read are unchanged (and, for a `run`-scoped
    item, while the code is the same); then the item counts as verified, or as open
    when the result says something is wrong."""

    kind: ClassVar[str] = "evidence"
    folder: ClassVar[str] = "evidence"

    pack: str
    item: str
    source: EvidenceSource
    command: list[str]
    """How it was found, as typed (`credo data balance data/train.jsonl --label y`)."""
    fingerprints: dict[str, str] = Field(default_factory=empty_dict)
    """Path -> fingerprint of every file the result was read from."""
    run: str | None = None
    """The run it was read from (source `run`)."""
    git: GitState = Field(default_factory=GitState)
    experiment: str | None = None
    passed: StrictBool
    """Whether the result found nothing wrong."""
    summary: str
    """One line: what was found."""
    details: str = ""
    """The whole result as printed (80 columns)."""
    acknowledged_by: str = ""
    """Who read a failed result and let runs go on at this code (`credo gate --ack`)."""
    acknowledged_at: Timestamp | None = None
    acknowledged_note: str = ""


STORED_KINDS: tuple[type[Item], ...] = (Task, Experiment, Review, Run, Evidence)
