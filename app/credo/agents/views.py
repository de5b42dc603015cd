"""What the agent tools answer: small pydantic models, so each tool publishes its JSON
schema and returns structured content. Built from credo's own items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from credo.checklists.gate import GateDecision
from credo.checklists.packs import Catalog
from credo.domain.defaults import empty_dict, empty_list
from credo.domain.models import Divergence, Experiment, ParamValue, Run, RunStatus, Task, now
from credo.domain.quadrants import quadrant_of
from credo.domain.timebox import format_countdown, remaining, timebox_words
from credo.runs.metrics import NO_METRICS, final_values
from credo.store.store import LoadProblem


class Unreadable(BaseModel):
    """A file credo could not read: reported, never rewritten."""

    path: str
    message: str

    @classmethod
    def of(cls, problem: LoadProblem) -> Unreadable:
        return cls(path=problem.path, message=problem.message)


class TaskView(BaseModel):
    """A task as an agent sees it."""

    id: str
    short_id: str = Field(description="The shortest unique prefix: what people type.")
    title: str
    quadrant: str = Field(
        description="do, schedule, delegate or eliminate (from the flags and due)."
    )
    status: str = Field(description="open, in_progress, done or dropped.")
    important: bool
    urgent: bool
    due: date | None = None
    tags: list[str] = Field(default_factory=empty_list)
    assignee: str | None = Field(None, description="A teammate's name, or agent:NAME.")
    notes: str = ""
    every: str | None = None
    experiments: list[str] = Field(default_factory=empty_list)
    unreadable: Unreadable | None = Field(
        None,
        description="Set when the task's file cannot be read (a merge left it conflicted): "
        "the task is as this clone's side of the merge has it, and no tool changes it.",
    )

    @classmethod
    def of(
        cls,
        task: Task,
        short_id: str,
        today: date,
        horizon: int,
        problem: LoadProblem | None = None,
    ) -> TaskView:
        """`problem`: its file's, when it cannot be read (`actions.conflicted_tasks`)."""
        fields = task.model_dump(include=_SHARED_TASK_FIELDS)
        quadrant = quadrant_of(task, today, horizon).value
        unreadable = Unreadable.of(problem) if problem else None
        return cls(**fields, short_id=short_id, quadrant=quadrant, unreadable=unreadable)


_SHARED_TASK_FIELDS = set(TaskView.model_fields) - {"short_id", "quadrant", "unreadable"}


class TaskList(BaseModel):
    tasks: list[TaskView]
    total: int = Field(description="How many tasks matched (more than shown when cut by limit).")
    unreadable: list[Unreadable] = Field(default_factory=empty_list)


SAID = (
    "What was stored otherwise than given: a tag of several words is one word joined by - "
    "(\"'data prep' is kept as data-prep (a tag is one word)\")."
)
"""Of a change that takes tags, what it tells an agent of those it kept otherwise
(`joined_tags`)."""


class TaskChange(BaseModel):
    """A task after a change, and who the change is recorded for."""

    task: TaskView
    next_occurrence: TaskView | None = Field(
        None, description="A repeating task's next occurrence, added as this one was done."
    )
    actor: str = Field(description="Recorded as the author of the change; the board can undo it.")
    said: list[str] = Field(default_factory=empty_list, description=SAID)


class ExperimentView(BaseModel):
    id: str
    short_id: str
    hypothesis: str
    status: str = Field(description="planned, running, paused, done or abandoned.")
    timebox: str = Field(description="The budget, e.g. 25m or 2h; 25m +15m once time was added.")
    left: str | None = Field(None, description="Countdown while open here (+M:SS is an overrun).")
    running_in: str | None = Field(
        None,
        description="The other worktree of this host it runs in, as a path from this "
        "project (../exp-b): its record and its clock are there, and it is changed there, "
        "not here; runs made here are not its. None: not running elsewhere.",
    )
    task: str | None = None
    tags: list[str] = Field(default_factory=empty_list)
    started: datetime | None = None
    ended: datetime | None = None
    outcome: str | None = Field(None, description="confirmed, refuted or inconclusive.")
    learning: str = ""
    next_step: str = ""
    abandon_reason: str = ""
    baseline: bool = False

    @classmethod
    def of(cls, exp: Experiment, short_id: str, running_in: str = "") -> ExperimentView:
        """`running_in`: the other worktree it runs in (`actions.experiments.running_in`),
        whose clock it is: no countdown here."""
        fields = exp.model_dump(mode="json", include=_SHARED_EXPERIMENT_FIELDS)
        is_open = exp.status.value in ("running", "paused") and not running_in
        left = format_countdown(remaining(exp, now())) if is_open else None
        if running_in:  # there, whatever this copy says (paused, until a merge)
            fields["status"] = "running"
        return cls(
            **fields,
            short_id=short_id,
            timebox=timebox_words(exp),
            left=left,
            running_in=running_in or None,
        )


_SHARED_EXPERIMENT_FIELDS = set(ExperimentView.model_fields) - {
    "short_id",
    "timebox",
    "left",
    "running_in",
}


class ExperimentChange(BaseModel):
    experiment: ExperimentView
    actor: str
    said: list[str] = Field(default_factory=empty_list, description=SAID)
    clock: str = Field(
        "",
        description="Said when its clock starts or runs again, as the shell says it: "
        "'timebox 25m, up at 10:47' (local time), '12m left, up at 11:02', '4m past its "
        "timebox 30m'.",
    )
    moved: str = Field(
        "",
        description="Said when a resume moved it here from the other worktree it was paused "
        "in, whose record of it still says paused until this one is merged there.",
    )
    warnings: list[str] = Field(
        default_factory=empty_list,
        description="Experiment files credo cannot read, said when none of those it reads "
        "was running: the running experiment may be in one, and this one now runs beside it.",
    )


class ExperimentList(BaseModel):
    experiments: list[ExperimentView]
    unreadable: list[Unreadable] = Field(
        default_factory=empty_list,
        description="Experiment files credo could not read: left out of the list.",
    )


class RunView(BaseModel):
    id: str
    command: list[str]
    status: str
    exit_code: int | None = None
    started: datetime
    ended: datetime | None = None
    commit: str | None = None
    dirty: bool = False
    params: dict[str, ParamValue] = Field(
        default_factory=empty_dict,
        description="Hyperparameters: the command's --name value arguments, and what the "
        "script logged with credo.log_params.",
    )
    metrics: dict[str, float] = Field(default_factory=empty_dict, description="Last value of each.")
    diverged: dict[str, Divergence] = Field(
        default_factory=empty_dict,
        description="The metrics that became NaN or infinite (not in metrics), and where.",
    )
    gate: dict[str, Any] = Field(default_factory=empty_dict, description="What the gate said.")
    actor: str | None = Field(
        None, description="The agent whose shell started it (agent:NAME); none for a person."
    )
    note: str = ""
    no_metrics: str = Field(
        "",
        description="Said when the run logged no metric: printed lines (step=1 loss=0.5) "
        "are not read, and how to log them.",
    )

    @classmethod
    def of(cls, run: Run) -> RunView:
        git = run.git_start
        logged = final_values(run) or run.status is RunStatus.DID_NOT_START  # nothing ran
        return cls(
            id=run.id,
            command=list(run.command),
            status=run.status.value,
            exit_code=run.exit_code,
            started=run.started,
            ended=run.ended,
            commit=git.sha if git else None,
            dirty=bool(git and git.dirty),
            params=dict(run.params),
            metrics=dict(run.metrics),
            diverged=dict(run.diverged),
            gate=dict(run.gate),
            actor=run.actor,
            note=run.note,
            no_metrics="" if logged else NO_METRICS,
        )


class ExperimentDetail(BaseModel):
    experiment: ExperimentView
    runs: list[RunView]
    unreadable: list[Unreadable] = Field(
        default_factory=empty_list,
        description="Run files credo could not read: a run of this experiment may be one.",
    )


class OpenCheck(BaseModel):
    """A check the gate still needs, with why it matters and how to answer it."""

    pack: str
    item: str
    text: str
    reason: str = Field(description="Why it does not hold now (never ticked, stale...).")
    why: str = ""
    how: str = ""
    holds_the_run: bool = Field(
        False, description="It holds the run (a failed check, an unanswered blocking item)."
    )
    answered_by_runs: bool = Field(
        False, description="A verifier answers it from each run's curves; do not tick it."
    )


class GateView(BaseModel):
    passed: bool = Field(description="Whether `credo run` would start without --skip-gate.")
    message: str
    commit: str | None = None
    dirty: bool = False
    experiment: str | None = Field(None, description="The running experiment, if any.")
    open: list[OpenCheck] = Field(default_factory=empty_list)
    unreadable: list[Unreadable] = Field(
        default_factory=empty_list,
        description="Review and evidence files credo could not read: their answers are left out.",
    )

    @classmethod
    def of(
        cls,
        decision: GateDecision,
        catalog: Catalog,
        commit: str | None,
        dirty: bool,
        experiment: str | None,
    ) -> GateView:
        checks = []
        for item in decision.open_items:
            source = catalog.packs.get(item.pack)
            found = (
                next((i for i in source.pack.items if i.id == item.item), None) if source else None
            )
            checks.append(
                OpenCheck(
                    pack=item.pack,
                    item=item.item,
                    text=item.text,
                    reason=item.reason,
                    why=found.why if found else "",
                    how=found.how if found else "",
                    holds_the_run=item in decision.blockers,
                    answered_by_runs=bool(found and found.verify),
                )
            )
        return cls(
            passed=decision.passed,
            message=decision.message,
            commit=commit,
            dirty=dirty,
            experiment=experiment,
            open=checks,
        )


class CheckRecorded(BaseModel):
    review: str
    pack: str
    item: str
    answer: str
    evidence: str
    commit: str | None = None
    actor: str
    gate: GateView = Field(description="The gate after this answer.")
