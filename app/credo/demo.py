"""Build a sample project into a real git repository with a lived-in credo board.

A sample is data, never code: `history.toml` lists commits (author, moment, message,
file changes) and credo items; files are copied from the sample folder, commits are
replayed with one `git fast-import`, and items are written through the Store. Moments
are relative to the build day ("-3d 14:05", "-40m") so "due" and "overdue" stay true.

Runs and `credo data` results are recorded, not invented: each run's output, metrics
and params, and each result's text, were produced by the sample's own code at its
commit (`runs/<key>/`, `evidence/<key>.json`; `tests/demo` replays them), so every
number the demo shows is one its code gives. The checks each run answers are read off
its recorded curves by the verifiers, as `credo run` reads them, and the gate is asked
as it stood when the run started. Nothing random happens here.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from credo.domain.config import ProjectConfig
from credo.domain.defaults import empty_dict, empty_list
from credo.domain.models import (
    Evidence,
    EvidenceSource,
    Experiment,
    ExperimentStatus,
    GitState,
    Machine,
    Mark,
    Outcome,
    Review,
    ReviewEntry,
    Run,
    RunStatus,
    Task,
    TaskStatus,
)
from credo.domain.period import local_moment
from credo.errors import BadFileError, CredoError
from credo.store import Store
from credo.store.files import atomic_write, describe_validation, parse_toml_bytes
from credo.store.ids import new_id
from credo.store.store import config_template

DEFAULT_SAMPLE = "ptvid"
HISTORY_FILE = "history.toml"
RUNS_FOLDER = "runs"
"""Recorded runs: `runs/<key>/` holds `output.log`, `metrics.jsonl` (times in seconds
from the start), `params.jsonl` and `result.json` (exit code, seconds, Python)."""
EVIDENCE_FOLDER = "evidence"
"""Recorded `credo data` results: `evidence/<key>.json` (passed, summary, details, files)."""
RESULT_FILE = "result.json"
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
    files: list[str] = Field(default_factory=empty_list)
    """Paths copied from the sample's `files/` to the same path in the repository."""
    write: dict[str, str] = Field(default_factory=empty_dict)
    """Repository path -> sample path (relative to the sample folder), e.g. an old version."""
    append: dict[str, str] = Field(default_factory=empty_dict)
    """Repository path -> text added at its end."""
    remove: list[str] = Field(default_factory=empty_list)
    tasks: list[str] = Field(default_factory=empty_list)
    experiments: list[str] = Field(default_factory=empty_list)


class TaskSpec(_Entry):
    key: str
    title: str
    notes: str = ""
    important: bool = False
    urgent: bool = False
    due_in_days: int | None = None
    tags: list[str] = Field(default_factory=empty_list)
    created: str
    done: str | None = None
    """Key of the commit the task was done at."""
    status: TaskStatus | None = None
    every: str | None = None
    pinned_today: bool = False
    assignee: str | None = None


class ExperimentSpec(_Entry):
    key: str
    hypothesis: str
    timebox: str
    status: ExperimentStatus = ExperimentStatus.PLANNED
    created: str | None = None
    """When it was planned; five minutes before it started when not given."""
    started: str | None = None
    ended: str | None = None
    outcome: Outcome | None = None
    learning: str = ""
    next_step: str = ""
    abandon_reason: str = ""
    baseline: bool = False
    tags: list[str] = Field(default_factory=empty_list)
    task: str | None = None


class MachineSpec(_Entry):
    host: str
    cpus: int = Field(ge=1)


class RunSpec(_Entry):
    key: str
    """Its recorded files are in `runs/<key>/`."""
    experiment: str | None = None
    commit: str
    by: str
    """Whose machine and folder it ran in (a key of [machines])."""
    started: str
    command: list[str] = Field(min_length=1)


class ReviewSpec(_Entry):
    pack: str
    commit: str
    when: str
    experiment: str | None = None
    checked: list[str] = Field(default_factory=empty_list)
    not_yet: list[str] = Field(default_factory=empty_list)
    na: list[str] = Field(default_factory=empty_list)
    notes: dict[str, str] = Field(default_factory=empty_dict)


class EvidenceSpec(_Entry):
    key: str
    """Its recorded result is `evidence/<key>.json`."""
    commit: str
    when: str
    command: str
    """As typed, with `--record PACK/ITEM`."""
    experiment: str | None = None

    @property
    def target(self) -> tuple[str, str]:
        words = shlex.split(self.command)
        pack, _, item = words[words.index("--record") + 1].partition("/")
        return pack, item


class ProjectSpec(_Entry):
    name: str
    summary: str = ""


class History(_Entry):
    """`history.toml`: what a sample project went through."""

    project: ProjectSpec
    authors: dict[str, str]
    machines: dict[str, MachineSpec] = Field(default_factory=empty_dict)
    config: dict[str, Any] = Field(default_factory=empty_dict)
    commit: list[CommitSpec] = Field(min_length=1)
    task: list[TaskSpec] = Field(default_factory=empty_list)
    experiment: list[ExperimentSpec] = Field(default_factory=empty_list)
    run: list[RunSpec] = Field(default_factory=empty_list)
    review: list[ReviewSpec] = Field(default_factory=empty_list)
    evidence: list[EvidenceSpec] = Field(default_factory=empty_list)

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
        if e.started is None and e.created is None:
            problems.append(f"experiment {e.key!r}: never started, so it needs `created`")
    for r in history.run:
        if r.experiment and r.experiment not in experiments:
            problems.append(f"run {r.key!r}: unknown experiment {r.experiment!r}")
        if r.commit not in commits:
            problems.append(f"run {r.key!r}: unknown commit {r.commit!r}")
        if r.by not in history.machines:
            problems.append(f"run {r.key!r}: unknown machine {r.by!r}")
    for v in history.review:
        if v.commit not in commits:
            problems.append(f"review at {v.commit!r}: unknown commit")
        if v.experiment and v.experiment not in experiments:
            problems.append(f"review at {v.commit!r}: unknown experiment {v.experiment!r}")
    for d in history.evidence:
        if d.commit not in commits:
            problems.append(f"evidence {d.key!r}: unknown commit {d.commit!r}")
        if d.experiment and d.experiment not in experiments:
            problems.append(f"evidence {d.key!r}: unknown experiment {d.experiment!r}")
        if "--record" not in shlex.split(d.command):
            problems.append(f"evidence {d.key!r}: the command has no --record PACK/ITEM")
    keys = [t.key for t in history.task] + [e.key for e in history.experiment]
    keys += [r.key for r in history.run] + [d.key for d in history.evidence]
    problems += [f"key {k!r} is used twice" for k in sorted({k for k in keys if keys.count(k) > 1})]
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
            moment = local_moment(day, clock)  # on that day's clock (summer time or not)
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
    """Task / experiment / run / evidence key -> credo id."""


def build_demo(
    destination: Path | None = None, sample: str = DEFAULT_SAMPLE, now: datetime | None = None
) -> DemoBuild:
    """Build `sample` into a new git repository at `destination` (a temporary folder if None)."""
    folder, history, clock, built, replay = _replay_sample(destination, sample, now)
    store, _ = Store.init(built.path)
    store.durable = False  # a crash means building it again
    _write_config(store, {"name": history.project.name, **history.config})
    latest = _write_items(store, folder, history, clock, built.ids, replay)
    _commit_credo_data(built.path, history, clock, latest)
    return built


def replay_history(
    destination: Path | None = None, sample: str = DEFAULT_SAMPLE, now: datetime | None = None
) -> DemoBuild:
    """Only the commits of `sample`, no credo items: what recording its runs needs."""
    return _replay_sample(destination, sample, now)[3]


def _replay_sample(
    destination: Path | None, sample: str, now: datetime | None
) -> tuple[Path, History, Clock, DemoBuild, Replay]:
    folder = samples_dir() / sample
    if not (folder / HISTORY_FILE).is_file():
        known = ", ".join(sample_names()) or "none installed"
        raise CredoError(f"no sample project {sample!r} (known: {known})")
    history = load_history(folder)
    clock = Clock(now)
    target = _prepare(destination, sample)
    keys = [t.key for t in history.task] + [e.key for e in history.experiment]
    keys += [r.key for r in history.run] + [d.key for d in history.evidence]
    ids = {key: new_id() for key in keys}
    replay = _replay_commits(target, folder, history, clock, ids)
    built = DemoBuild(path=target, sample=sample, commits=replay.shas, ids=ids)
    return folder, history, clock, built, replay


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


@dataclass
class Replay:
    """The replayed history: each commit's sha and moment, and its tree."""

    shas: dict[str, str] = field(default_factory=dict)
    moments: dict[str, datetime] = field(default_factory=dict)
    trees: dict[str, dict[str, tuple[bytes, datetime]]] = field(default_factory=dict)
    """Commit key -> path -> (content, when it last changed)."""


def _replay_commits(
    target: Path, folder: Path, history: History, clock: Clock, ids: dict[str, str]
) -> Replay:
    """One `git fast-import` for the whole history."""
    _git(target, "init", "-q", "-b", "main")
    replay = Replay()
    tree: dict[str, tuple[bytes, datetime]] = {}
    stream = bytearray()
    for mark, spec in enumerate(history.commit, start=1):
        author = history.authors[spec.author]
        moment = clock.at(spec.when)
        stamp = _git_date(moment)
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
            current = changes.get(path) or tree.get(path, (b"", moment))[0]
            changes[path] = current + text.encode()
        for path in spec.remove:
            changes[_safe_repo_path(path)] = None
        for path, content in changes.items():
            if content is None:
                tree.pop(path, None)
                stream += f"D {path}\n".encode()
            else:
                tree[path] = (content, moment)
                stream += f"M 100644 inline {path}\ndata {len(content)}\n".encode()
                stream += content + b"\n"
        stream += b"\n"
        replay.moments[spec.key] = moment
        replay.trees[spec.key] = dict(tree)
    _git(target, "fast-import", "--quiet", "--date-format=raw", stdin=bytes(stream))
    _git(target, "reset", "-q", "--hard", "main")
    shas = _git(target, "rev-list", "--reverse", "main").split()
    replay.shas = {spec.key: sha for spec, sha in zip(history.commit, shas, strict=True)}
    return replay


def _write_config(store: Store, values: dict[str, Any]) -> None:
    """The settings `credo init` writes, every one commented, with the sample's values:
    its name among them, the report's title wherever the demo is built."""
    try:
        ProjectConfig.model_validate(values)
    except ValidationError as error:
        raise describe_validation(error, "history.toml [config]") from None
    atomic_write(store.credo_dir / "config.toml", config_template(**values).encode())


def _git_state(sha: str) -> GitState:
    return GitState(sha=sha, branch="main", dirty=False, patch_status="clean")


def _write_items(
    store: Store,
    folder: Path,
    history: History,
    clock: Clock,
    ids: dict[str, str],
    replay: Replay,
) -> datetime:
    """Write every item; returns the latest moment any of them holds."""
    moments: list[datetime] = []
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
            "assignee": spec.assignee,
        }
        if spec.due_in_days is not None:
            fields["due"] = clock.today + timedelta(days=spec.due_in_days)
        if spec.pinned_today:
            fields["pinned"] = clock.today
        if spec.done:
            fields |= {
                "status": TaskStatus.DONE,
                "done_at": replay.moments[spec.done],
                "done_commit": replay.shas[spec.done],
                "updated": replay.moments[spec.done],
            }
        if spec.status is not None:
            fields["status"] = spec.status
        linked = [ids[e.key] for e in history.experiment if e.task == spec.key]
        fields["experiments"] = linked
        task = Task.model_validate(fields)
        store.create(task)
        moments.append(task.updated)

    for exp in history.experiment:
        started = clock.at(exp.started) if exp.started else None
        ended = clock.at(exp.ended) if exp.ended else None
        if exp.created:
            created = clock.at(exp.created)
        else:
            assert started is not None  # checked when the history was loaded
            created = started - timedelta(minutes=5)
        experiment = Experiment.model_validate(
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
        store.create(experiment)
        moments.append(experiment.updated)

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
                git=_git_state(replay.shas[review.commit]),
                experiment=ids[review.experiment] if review.experiment else None,
                entries=entries,
                created=moment,
                updated=moment,
            )
        )
        moments.append(moment)

    if history.run:  # the runs folder's ignore file, as `credo run` writes it
        from credo.runs.launch import artifact_ignores

        ignores = artifact_ignores(store.config.share_run_artifacts)
        atomic_write(
            store.folder("runs", create=True) / ".gitignore", ignores.encode(), sync=store.durable
        )
    with tempfile.TemporaryDirectory(prefix="credo-demo-data-") as scratch:
        data = _DataAt(replay, Path(scratch))
        for evidence in history.evidence:
            moments.append(_write_evidence(store, folder, evidence, clock, ids, replay, data))
        for run_spec in history.run:
            moments.append(_write_run(store, folder, history, run_spec, clock, ids, replay, data))
    return max(moments, default=clock.now)


class _DataAt:
    """Fingerprints of files as they were at a commit (written out once, with the moment
    they last changed as their mtime, and read the way `credo run` reads data)."""

    def __init__(self, replay: Replay, scratch: Path) -> None:
        self.replay = replay
        self.scratch = scratch
        self.found: dict[tuple[str, tuple[tuple[str, datetime, bytes], ...]], str] = {}

    def fingerprint(self, commit: str, path: str) -> str:
        from credo.runs.fingerprint import fingerprint_path

        tree = self.replay.trees[commit]
        inside = {p: v for p, v in tree.items() if p == path or p.startswith(path + "/")}
        # The same files with the same mtimes fingerprint the same: written out once.
        key = (path, tuple(sorted((p, moment, content) for p, (content, moment) in inside.items())))
        if key not in self.found:
            root = self.scratch / str(len(self.found))
            for relative, (content, moment) in inside.items():
                file = root / relative
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(content)
                os.utime(file, (moment.timestamp(), moment.timestamp()))
            if inside and (root / path).is_dir():  # a folder changed when its files did
                latest = max(moment for _, moment in inside.values()).timestamp()
                os.utime(root / path, (latest, latest))
            self.found[key] = fingerprint_path(root / path)
        return self.found[key]


def _recorded(folder: Path, relative: str) -> dict[str, Any]:
    raw = _sample_file(folder, relative)
    try:
        found = json.loads(raw)
    except ValueError as error:
        raise CredoError(f"sample file {relative!r} is not JSON: {error}") from None
    if not isinstance(found, dict):
        raise CredoError(f"sample file {relative!r} should hold a JSON object")
    return found


def _write_evidence(
    store: Store,
    folder: Path,
    spec: EvidenceSpec,
    clock: Clock,
    ids: dict[str, str],
    replay: Replay,
    data: _DataAt,
) -> datetime:
    result = _recorded(folder, f"{EVIDENCE_FOLDER}/{spec.key}.json")
    pack, item = spec.target
    moment = clock.at(spec.when)
    store.create(
        Evidence(
            id=ids[spec.key],
            pack=pack,
            item=item,
            source=EvidenceSource.DATA,
            command=shlex.split(spec.command),
            fingerprints={p: data.fingerprint(spec.commit, p) for p in result["files"]},
            git=_git_state(replay.shas[spec.commit]),
            experiment=ids[spec.experiment] if spec.experiment else None,
            passed=result["passed"],
            summary=result["summary"],
            details=result["details"],
            created=moment,
            updated=moment,
        )
    )
    return moment


def _write_run(
    store: Store,
    folder: Path,
    history: History,
    spec: RunSpec,
    clock: Clock,
    ids: dict[str, str],
    replay: Replay,
    data: _DataAt,
) -> datetime:
    """The run as `credo run` recorded it, from its recorded files."""
    from credo.actions.evidence import verify_run
    from credo.runs.metrics import METRICS_FILE, read_metrics
    from credo.runs.output import OUTPUT_FILE
    from credo.runs.params import PARAMS_FILE, merge, params_from_args, read_logged_params

    recorded = f"{RUNS_FOLDER}/{spec.key}"
    result = _recorded(folder, f"{recorded}/{RESULT_FILE}")
    started = clock.at(spec.started)
    ended = started + timedelta(seconds=float(result["seconds"]))
    run_id = ids[spec.key]
    run_dir = store.run_folder(run_id, create=True)
    lines = []
    for line in _sample_file(folder, f"{recorded}/{METRICS_FILE}").decode().splitlines():
        record = json.loads(line)
        record["time"] = started.timestamp() + record["time"]
        lines.append(json.dumps(record) + "\n")
    atomic_write(run_dir / METRICS_FILE, "".join(lines).encode(), sync=store.durable)
    for name in (PARAMS_FILE, OUTPUT_FILE):
        atomic_write(run_dir / name, _sample_file(folder, f"{recorded}/{name}"), sync=store.durable)
    experiment = ids[spec.experiment] if spec.experiment else None
    sha = replay.shas[spec.commit]
    machine = history.machines[spec.by]
    code = int(result["exit_code"])
    series = read_metrics(run_dir / METRICS_FILE)
    run = Run(
        id=run_id,
        experiment=experiment,
        command=spec.command,
        cwd=f"/home/{spec.by}/{history.project.name}",
        status=RunStatus.SUCCEEDED if code == 0 else RunStatus.FAILED,
        started=started,
        ended=ended,
        exit_code=code,
        git_start=_git_state(sha),
        git_end=_git_state(sha),
        python=str(result["python"]),
        data={p: data.fingerprint(spec.commit, p) for p in store.config.data_paths},
        params=merge(params_from_args(spec.command), read_logged_params(run_dir / PARAMS_FILE)),
        machine=Machine(host=machine.host, cpus=machine.cpus),
        gate=_gate_record(store, spec, sha, experiment, started),
        metrics=series.last(),
        output="whole",
        created=started,
        updated=ended,
    )
    store.create(run)
    verify_run(store, run, series, at=ended)  # what its curves showed, as `credo run` keeps it
    return ended


def _gate_record(
    store: Store, spec: RunSpec, sha: str, experiment: str | None, started: datetime
) -> dict[str, object]:
    """What the gate said when the run started, from the reviews, evidence and runs made
    by then (a run it would have held has no place in a sample's history)."""
    from credo.checklists.gate import evaluate_gate

    decision = evaluate_gate(
        store, _git_state(sha), experiment, commands=[spec.command], before=started
    )
    if not decision.passed:
        raise CredoError(f"run {spec.key!r} would not pass the gate: {decision.message}")
    return decision.record()


def _commit_credo_data(target: Path, history: History, clock: Clock, latest: datetime) -> None:
    """Commit `.credo/` as the team would, a little after the last thing it holds."""
    moment = latest + timedelta(minutes=2)
    if moment > clock.now:
        raise CredoError(f"the sample's last moment ({latest:%H:%M}) leaves no time to commit it")
    last = history.commit[-1]
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
        "Track the credo board, experiments, runs and reviews",
        env=env,
    )
