"""Build a sample project into a real git repository with a lived-in credo board.

A sample is data, never code: `history.toml` lists commits (author, moment, message,
file changes) and credo items; files are copied from the sample folder, commits are
replayed with one `git fast-import`, and items are written through the Store. Moments
are relative to the build day ("-3d 14:05", "-40m") so "due" and "overdue" stay true.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import subprocess
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from credo.domain.config import ProjectConfig
from credo.domain.models import (
    Experiment,
    ExperimentStatus,
    GitState,
    Mark,
    Outcome,
    Review,
    ReviewEntry,
    Run,
    RunStatus,
    Task,
    TaskStatus,
)
from credo.errors import BadFileError, CredoError
from credo.store import Store
from credo.store.files import atomic_write, describe_validation, dump_model, parse_toml_bytes
from credo.store.ids import new_id

DEFAULT_SAMPLE = "ptvid"
HISTORY_FILE = "history.toml"
TRAILER_TASK = "Credo-Task"
TRAILER_EXPERIMENT = "Credo-Experiment"

_WHEN = re.compile(r"^-(?:(\d+)d(?:\s+(\d{1,2}):(\d{2}))?|(\d+)([mh]))$")


# -- the history file ------------------------------------------------------------


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommitSpec(_Entry):
    key: str
    when: str
    author: str
    message: str = Field(min_length=1)
    files: list[str] = Field(default_factory=list)
    """Paths copied from the sample's `files/` to the same path in the repository."""
    write: dict[str, str] = Field(default_factory=dict)
    """Repository path -> sample path (relative to the sample folder), e.g. an old version."""
    append: dict[str, str] = Field(default_factory=dict)
    """Repository path -> text added at its end."""
    remove: list[str] = Field(default_factory=list)
    tasks: list[str] = Field(default_factory=list)
    experiments: list[str] = Field(default_factory=list)


class TaskSpec(_Entry):
    key: str
    title: str
    notes: str = ""
    important: bool = False
    urgent: bool = False
    due_in_days: int | None = None
    tags: list[str] = Field(default_factory=list)
    created: str
    done: str | None = None
    """Key of the commit the task was done at."""
    status: TaskStatus | None = None
    every: str | None = None
    pinned_today: bool = False


class ExperimentSpec(_Entry):
    key: str
    hypothesis: str
    timebox: str
    status: ExperimentStatus = ExperimentStatus.PLANNED
    started: str | None = None
    ended: str | None = None
    outcome: Outcome | None = None
    learning: str = ""
    next_step: str = ""
    abandon_reason: str = ""
    baseline: bool = False
    tags: list[str] = Field(default_factory=list)
    task: str | None = None


class RunSpec(_Entry):
    experiment: str
    commit: str
    started: str
    seconds: float = Field(gt=0)
    command: list[str] = Field(min_length=1)
    status: RunStatus = RunStatus.SUCCEEDED
    exit_code: int = 0
    final: dict[str, float] = Field(default_factory=dict)
    """Last value of each metric; the curve in metrics.jsonl is drawn towards it."""
    steps: int = Field(default=1, ge=1)
    output: str = ""


class ReviewSpec(_Entry):
    pack: str
    commit: str
    when: str
    experiment: str | None = None
    checked: list[str] = Field(default_factory=list)
    not_yet: list[str] = Field(default_factory=list)
    na: list[str] = Field(default_factory=list)
    notes: dict[str, str] = Field(default_factory=dict)


class ProjectSpec(_Entry):
    name: str
    summary: str = ""


class History(_Entry):
    """`history.toml`: what a sample project went through."""

    project: ProjectSpec
    authors: dict[str, str]
    config: dict[str, Any] = Field(default_factory=dict)
    commit: list[CommitSpec] = Field(min_length=1)
    task: list[TaskSpec] = Field(default_factory=list)
    experiment: list[ExperimentSpec] = Field(default_factory=list)
    run: list[RunSpec] = Field(default_factory=list)
    review: list[ReviewSpec] = Field(default_factory=list)

    @field_validator("authors")
    @classmethod
    def _authors_have_email(cls, authors: dict[str, str]) -> dict[str, str]:
        for key, value in authors.items():
            if not re.fullmatch(r"[^<>]+ <[^<>\s]+>", value):
                raise ValueError(f"author {key!r} must read 'Name <email>', not {value!r}")
        return authors


# -- finding samples -------------------------------------------------------------


def samples_dir() -> Path:
    """`credo/sample_projects` in an installed wheel, or the repository's `sample_projects/`."""
    package = Path(__file__).resolve().parent
    installed = package / "sample_projects"
    if installed.is_dir():
        return installed
    return package.parents[1] / "sample_projects"


def sample_names() -> list[str]:
    folder = samples_dir()
    if not folder.is_dir():
        return []
    return sorted(p.parent.name for p in folder.glob(f"*/{HISTORY_FILE}"))


def load_history(sample: Path) -> History:
    path = sample / HISTORY_FILE
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BadFileError(str(path), f"cannot be read ({error.strerror})") from None
    data = parse_toml_bytes(raw, str(path))
    try:
        history = History.model_validate(data)
    except ValidationError as error:
        raise describe_validation(error, str(path), raw.decode("utf-8", "replace")) from None
    _check_references(history, str(path))
    return history


def _check_references(history: History, label: str) -> None:
    """Every key a history uses is defined, so a typo is caught before anything is built."""
    commits = {c.key for c in history.commit}
    tasks = {t.key for t in history.task}
    experiments = {e.key for e in history.experiment}
    problems = []
    for c in history.commit:
        if c.author not in history.authors:
            problems.append(f"commit {c.key!r}: unknown author {c.author!r}")
        problems += [f"commit {c.key!r}: unknown task {k!r}" for k in c.tasks if k not in tasks]
        problems += [
            f"commit {c.key!r}: unknown experiment {k!r}"
            for k in c.experiments
            if k not in experiments
        ]
    for t in history.task:
        if t.done and t.done not in commits:
            problems.append(f"task {t.key!r}: unknown commit {t.done!r}")
    for e in history.experiment:
        if e.task and e.task not in tasks:
            problems.append(f"experiment {e.key!r}: unknown task {e.task!r}")
    for r in history.run:
        if r.experiment not in experiments:
            problems.append(f"run of {r.experiment!r}: unknown experiment")
        if r.commit not in commits:
            problems.append(f"run of {r.experiment!r}: unknown commit {r.commit!r}")
    for v in history.review:
        if v.commit not in commits:
            problems.append(f"review at {v.commit!r}: unknown commit")
        if v.experiment and v.experiment not in experiments:
            problems.append(f"review at {v.commit!r}: unknown experiment {v.experiment!r}")
    if problems:
        raise BadFileError(label, "; ".join(problems))


# -- moments ---------------------------------------------------------------------


class Clock:
    """Turns "-3d 14:05" / "-40m" into aware moments, relative to one build moment."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = (now or datetime.now(UTC)).astimezone().replace(microsecond=0)
        self.today: date = self.now.date()

    def at(self, text: str) -> datetime:
        found = _WHEN.match(text.strip())
        if not found:
            raise CredoError(f"moment {text!r} should read like '-3d 14:05', '-3d' or '-40m'")
        days, hour, minute, amount, unit = found.groups()
        if days is not None:
            clock = time(int(hour or 12), int(minute or 0))
            day = self.today - timedelta(days=int(days))
            moment = datetime.combine(day, clock, tzinfo=self.now.tzinfo)
        else:
            moment = self.now - timedelta(**{"minutes" if unit == "m" else "hours": int(amount)})
        # A time later today than now would put it in the future: keep it in the past.
        return min(moment, self.now - timedelta(minutes=1))


# -- building --------------------------------------------------------------------


class DemoBuild(BaseModel):
    """What `build_demo` made: the folder and the ids it gave each key."""

    path: Path
    sample: str
    commits: dict[str, str]
    """Commit key -> sha."""
    ids: dict[str, str]
    """Task / experiment key -> credo id."""


def build_demo(
    destination: Path | None = None, sample: str = DEFAULT_SAMPLE, now: datetime | None = None
) -> DemoBuild:
    """Build `sample` into a new git repository at `destination` (a temporary folder if None)."""
    folder = samples_dir() / sample
    if not (folder / HISTORY_FILE).is_file():
        known = ", ".join(sample_names()) or "none installed"
        raise CredoError(f"no sample project {sample!r} (known: {known})")
    history = load_history(folder)
    clock = Clock(now)
    target = _prepare(destination, sample)
    ids = {t.key: new_id() for t in history.task} | {e.key: new_id() for e in history.experiment}
    shas = _replay_commits(target, folder, history, clock, ids)
    store, _ = Store.init(target)
    if history.config:
        _write_config(store, history.config)
    _write_items(store, history, clock, ids, shas)
    _commit_credo_data(target, history, clock)
    return DemoBuild(path=target, sample=sample, commits=shas, ids=ids)


def _prepare(destination: Path | None, sample: str) -> Path:
    if destination is None:
        parent = Path(tempfile.mkdtemp(prefix="credo-demo-"))
        target = parent / sample
        target.mkdir()
        return target
    destination = destination.expanduser().resolve()
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise CredoError(f"{destination} already exists and is not empty; pick a new folder")
    destination.mkdir(parents=True, exist_ok=True)
    return destination


def _git(
    cwd: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> str:
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env={**os.environ, "LC_ALL": "C", **(env or {})},
            check=False,
        )
    except FileNotFoundError:
        raise CredoError("git is not installed; the demo needs it") from None
    if result.returncode != 0:
        words = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CredoError(f"git {args[0]} failed: {words[-1] if words else result.returncode}")
    return result.stdout.decode("utf-8", "replace")


def _git_date(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{int(moment.timestamp())} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _safe_repo_path(path: str) -> str:
    """A path inside the repository: no absolute paths, no `..`, nothing in `.git`."""
    parts = Path(path).parts
    if not parts or Path(path).is_absolute() or ".." in parts or parts[0] in (".git", ".credo"):
        raise CredoError(f"sample path {path!r} must stay inside the repository")
    return Path(path).as_posix()


def _sample_file(folder: Path, relative: str) -> bytes:
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise CredoError(f"sample file {relative!r} is outside the sample folder")
    try:
        return path.read_bytes()
    except OSError as error:
        raise CredoError(f"sample file {relative!r}: {error.strerror}") from None


def commit_message(spec: CommitSpec, ids: dict[str, str]) -> str:
    """The message with one trailer per linked task and experiment."""
    trailers = [f"{TRAILER_TASK}: {ids[k]}" for k in spec.tasks]
    trailers += [f"{TRAILER_EXPERIMENT}: {ids[k]}" for k in spec.experiments]
    message = spec.message.strip()
    return message + ("\n\n" + "\n".join(trailers) if trailers else "") + "\n"


def _replay_commits(
    target: Path, folder: Path, history: History, clock: Clock, ids: dict[str, str]
) -> dict[str, str]:
    """One `git fast-import` for the whole history; returns commit key -> sha."""
    _git(target, "init", "-q", "-b", "main")
    tree: dict[str, bytes] = {}
    stream = bytearray()
    for mark, spec in enumerate(history.commit, start=1):
        author = history.authors[spec.author]
        stamp = _git_date(clock.at(spec.when))
        message = commit_message(spec, ids).encode()
        stream += f"commit refs/heads/main\nmark :{mark}\n".encode()
        stream += f"author {author} {stamp}\ncommitter {author} {stamp}\n".encode()
        stream += f"data {len(message)}\n".encode() + message + b"\n"
        if mark > 1:
            stream += f"from :{mark - 1}\n".encode()
        changes: dict[str, bytes | None] = {}
        for path in spec.files:
            changes[_safe_repo_path(path)] = _sample_file(folder, f"files/{path}")
        for path, source in spec.write.items():
            changes[_safe_repo_path(path)] = _sample_file(folder, source)
        for path, text in spec.append.items():
            path = _safe_repo_path(path)
            current = changes.get(path) or tree.get(path, b"")
            changes[path] = current + text.encode()
        for path in spec.remove:
            changes[_safe_repo_path(path)] = None
        for path, content in changes.items():
            if content is None:
                tree.pop(path, None)
                stream += f"D {path}\n".encode()
            else:
                tree[path] = content
                stream += f"M 100644 inline {path}\ndata {len(content)}\n".encode()
                stream += content + b"\n"
        stream += b"\n"
    _git(target, "fast-import", "--quiet", "--date-format=raw", stdin=bytes(stream))
    _git(target, "reset", "-q", "--hard", "main")
    shas = _git(target, "rev-list", "--reverse", "main").split()
    return {spec.key: sha for spec, sha in zip(history.commit, shas, strict=True)}


def _write_config(store: Store, overrides: dict[str, Any]) -> None:
    path = store.credo_dir / "config.toml"
    try:
        config = ProjectConfig.model_validate(overrides)
    except ValidationError as error:
        raise describe_validation(error, "history.toml [config]") from None
    atomic_write(path, dump_model(config))


def _git_state(sha: str) -> GitState:
    return GitState(sha=sha, branch="main", dirty=False, patch_status="clean")


def _write_items(
    store: Store, history: History, clock: Clock, ids: dict[str, str], shas: dict[str, str]
) -> None:
    commit_moments = {c.key: clock.at(c.when) for c in history.commit}
    for order, spec in enumerate(history.task):
        created = clock.at(spec.created)
        fields: dict[str, Any] = {
            "id": ids[spec.key],
            "title": spec.title,
            "notes": spec.notes,
            "important": spec.important,
            "urgent": spec.urgent,
            "tags": spec.tags,
            "created": created,
            "updated": created,
            "every": spec.every,
            "order": float(order),
        }
        if spec.due_in_days is not None:
            fields["due"] = clock.today + timedelta(days=spec.due_in_days)
        if spec.pinned_today:
            fields["pinned"] = clock.today
        if spec.done:
            fields |= {
                "status": TaskStatus.DONE,
                "done_at": commit_moments[spec.done],
                "done_commit": shas[spec.done],
                "updated": commit_moments[spec.done],
            }
        if spec.status is not None:
            fields["status"] = spec.status
        linked = [ids[e.key] for e in history.experiment if e.task == spec.key]
        fields["experiments"] = linked
        store.create(Task.model_validate(fields))

    for exp in history.experiment:
        started = clock.at(exp.started) if exp.started else None
        ended = clock.at(exp.ended) if exp.ended else None
        created = clock.at(exp.started) - timedelta(minutes=5) if exp.started else clock.now
        store.create(
            Experiment.model_validate(
                {
                    "id": ids[exp.key],
                    "hypothesis": exp.hypothesis,
                    "timebox": exp.timebox,
                    "status": exp.status,
                    "started": started,
                    "ended": ended,
                    "outcome": exp.outcome,
                    "learning": exp.learning,
                    "next_step": exp.next_step,
                    "abandon_reason": exp.abandon_reason,
                    "baseline": exp.baseline,
                    "tags": exp.tags,
                    "task": ids[exp.task] if exp.task else None,
                    "created": created,
                    "updated": ended or started or created,
                }
            )
        )

    for index, run_spec in enumerate(history.run):
        _write_run(store, run_spec, clock, ids, shas, seed=index)

    for review in history.review:
        entries = [ReviewEntry(item=i, mark=Mark.CHECKED) for i in review.checked]
        entries += [ReviewEntry(item=i, mark=Mark.NOT_YET) for i in review.not_yet]
        entries += [ReviewEntry(item=i, mark=Mark.NA) for i in review.na]
        entries = [e.model_copy(update={"note": review.notes.get(e.item, "")}) for e in entries]
        moment = clock.at(review.when)
        store.create(
            Review(
                id=new_id(),
                pack=review.pack,
                git=_git_state(shas[review.commit]),
                experiment=ids[review.experiment] if review.experiment else None,
                entries=entries,
                created=moment,
                updated=moment,
            )
        )


def _write_run(
    store: Store,
    spec: RunSpec,
    clock: Clock,
    ids: dict[str, str],
    shas: dict[str, str],
    seed: int,
) -> None:
    started = clock.at(spec.started)
    ended = min(started + timedelta(seconds=spec.seconds), clock.now)
    run_id = new_id()
    run = Run(
        id=run_id,
        experiment=ids[spec.experiment],
        command=spec.command,
        cwd=".",
        status=spec.status,
        started=started,
        ended=ended,
        exit_code=spec.exit_code,
        git_start=_git_state(shas[spec.commit]),
        git_end=_git_state(shas[spec.commit]),
        python="3.11",
        metrics=spec.final,
        created=started,
        updated=ended,
    )
    store.create(run)
    folder = store.credo_dir / "runs" / run_id
    lines = metric_curve(spec.final, spec.steps, started, ended, random.Random(seed))
    atomic_write(folder / "metrics.jsonl", "".join(json.dumps(r) + "\n" for r in lines).encode())
    output = spec.output or _default_output(spec, lines)
    atomic_write(folder / "output.log", output.encode())


def metric_curve(
    final: dict[str, float],
    steps: int,
    started: datetime,
    ended: datetime,
    rng: random.Random,
) -> list[dict[str, float]]:
    """Plausible per-step metrics ending exactly at `final`: losses fall, accuracies rise.

    Train metrics (`loss`, `acc`) get a line per step; the others one per "epoch"
    (every steps/12, at least one).
    """
    if not final:
        return []
    span = (ended - started).total_seconds()
    every = max(steps // 12, 1)
    records: list[dict[str, float]] = []
    for step in range(1, steps + 1):
        progress = step / steps
        decay = math.exp(-4 * progress)
        record: dict[str, float] = {"step": step, "time": started.timestamp() + span * progress}
        epoch_end = step % every == 0 or step == steps
        for name, value in final.items():
            per_step = name in ("loss", "acc")
            if not per_step and not epoch_end:
                continue
            start = 0.69 if "loss" in name else 0.5
            noise = 0.0 if step == steps else rng.uniform(-0.03, 0.03) * (1 - progress)
            drawn = value + (start - value) * decay + noise
            record[name] = value if step == steps else round(drawn, 4)
        if len(record) > 2:
            records.append(record)
    return records


def _default_output(spec: RunSpec, lines: list[dict[str, float]]) -> str:
    out = [f"$ {' '.join(spec.command)}"]
    for record in lines:
        if "valid_acc" in record:
            out.append(
                f"step {int(record['step'])}: "
                + " ".join(f"{k} {v:.3f}" for k, v in record.items() if k not in ("step", "time"))
            )
    out.append(f"done in {spec.seconds:.0f}s")
    return "\n".join(out) + "\n"


def _commit_credo_data(target: Path, history: History, clock: Clock) -> None:
    """Commit `.credo/` as the team would, just after the last replayed commit."""
    last = history.commit[-1]
    moment = min(clock.at(last.when) + timedelta(minutes=20), clock.now - timedelta(minutes=1))
    author = history.authors[last.author]
    name, email = author[:-1].split(" <")
    stamp = "@" + _git_date(moment)
    env = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    _git(target, "add", ".credo")
    _git(
        target,
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "Track the credo board, experiments and reviews",
        env=env,
    )
