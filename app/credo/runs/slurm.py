"""SLURM's own commands, as credo uses them: `sbatch` submits, `squeue` tells (and
`sacct`, where accounting keeps ended jobs), `scancel` cancels.

credo keeps no queue of its own: SLURM schedules, runs and accounts. A job's script
(`job_script`) runs `credo run --job RUN` on its node, which records the run where it
runs; a reader asks SLURM about all of a project's jobs in one call (`look`).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from credo.abandoned_reads import waited_on
from credo.errors import BadInputError, CredoError
from credo.wording import counted

JOB_LOG = "slurm.out"
"""In the run's folder: everything its job's script and credo on the node said."""
UNSEEN_EXIT = 66
"""The job script's exit code when its node cannot see the run's folder."""
_TIMEOUT = 60.0
PENDING = frozenset(
    {"PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "SPECIAL_EXIT"}
)
ENDED = frozenset(
    {
        "COMPLETED",
        "FAILED",
        "CANCELLED",
        "TIMEOUT",
        "DEADLINE",
        "PREEMPTED",
        "NODE_FAIL",
        "BOOT_FAIL",
        "OUT_OF_MEMORY",
        "REVOKED",
    }
)
"""States SLURM leaves a job in once it is over; any other (RUNNING, COMPLETING,
SUSPENDED...) means it still holds its node."""
NO_ANSWER = "NO_ANSWER"
"""Not SLURM's: the state of a job whose look SLURM did not answer (a hung controller)."""
_FIELDS = (
    "JobID",
    "ArrayJobID",
    "ArrayTaskID",
    "State",
    "Reason",
    "exit_code",
    "NodeList",
    "Cluster",
    "EndTime",
)
_SQUEUE_FORMAT = ",".join(f"{name}:|" for name in _FIELDS)
_SACCT_FORMAT = "JobID,State,Reason,ExitCode,NodeList,End"
_ESTIMATE = re.compile(r"^(sbatch: )?Job \d+ to start", re.MULTILINE)
"""sbatch --test-only's `sbatch: Job 24 to start at ...`: 24 is no job's id."""
_NO_ANSWER = (
    "Socket timed out",
    "Unable to contact slurm controller",
    "Zero Bytes were transmitted",
)


@dataclass(frozen=True)
class JobView:
    """One job (or array element) as SLURM sees it now."""

    job: str
    """`1234`, or `1234_5` for an array element."""
    state: str
    reason: str = ""
    nodes: str = ""
    exit_code: int | None = None
    exit_signal: int | None = None
    ended: datetime | None = None
    cluster: str = ""
    """SLURM's `ClusterName` (where squeue says it)."""

    @property
    def pending(self) -> bool:
        return self.state in PENDING

    @property
    def over(self) -> bool:
        return self.state in ENDED

    def exit_words(self) -> str:
        """`exit 3`, `signal 15` or empty."""
        if self.exit_signal:
            return f"signal {self.exit_signal}"
        return f"exit {self.exit_code}" if self.exit_code is not None else ""


def installed(environ: Mapping[str, str] | None = None) -> bool:
    """Whether SLURM's commands are here (`sbatch` on PATH)."""
    path = (environ if environ is not None else os.environ).get("PATH", os.defpath)
    return shutil.which("sbatch", path=path) is not None


def require() -> None:
    """Refuse, in one line, where SLURM is not installed."""
    if not installed():
        raise CredoError(
            "SLURM is not installed here (no sbatch on PATH): submit from a login node "
            "of your cluster, or run without --slurm"
        )


_SHORT_FLAGS = frozenset("hHIOQsuvVW")
"""sbatch's short options without a value: another may follow in one word (`-Ho x`)."""
_SHORT = {"a": "--array", "o": "--output", "e": "--error", "i": "--input"}
_REFUSED = {
    "--array": "credo makes the job array itself; to run several, use credo sweep",
    "--wrap": "credo writes the job's script, which records the run; --wrap would run its "
    "own command instead",
}
"""Options that undo credo's job, wherever they come from."""
_NOT_SHARED = {
    name: "a shared config may not name a file for the job to write or read (the job's "
    "output is kept in the run's slurm.out); give it with --sbatch if you mean it"
    for name in ("--output", "--error", "--input")
}
"""Options a teammate's config may not set: they reach files outside the project."""


def option_name(option: str) -> str | None:
    """Which of the options credo minds an sbatch argument gives: `-a 0-2` and `-Ha 1`
    give --array, `--wr=...` gives --wrap (sbatch reads a unique prefix as the name)."""
    if option.startswith("--"):
        given = option.split("=", 1)[0].split(" ", 1)[0]
        minded = (*_REFUSED, *_NOT_SHARED)
        return next((n for n in minded if n.startswith(given)), None) if len(given) > 3 else None
    for letter in option[1:]:
        if letter not in _SHORT_FLAGS:
            return _SHORT.get(letter)
    return None


def refuse_options(configured: list[str], given: list[str]) -> None:
    """Refuse sbatch options that undo credo's job (an `--array`: a job array around one
    run starts elements that have no run to record; a `--wrap`), and, from the project's
    config, those that name a file the job writes or reads."""
    for source, options in (("--sbatch", given), ("sbatch in .credo/config.toml", configured)):
        for option in options:
            name = option_name(option)
            why = _REFUSED.get(name or "") or (
                _NOT_SHARED.get(name or "") if options is configured else None
            )
            if why:
                raise BadInputError(f"{option.split()[0]!r} ({source}): {why}")


def refuse_array(runs: int) -> None:
    """Refuse a sweep of more runs than this cluster takes in one job array (its
    MaxArraySize: indexes 0 to one less), asked of `scontrol show config` before anything
    is queued; where SLURM does not say, sbatch speaks when it is given the array."""
    done = _call(["scontrol", "show", "config"])
    if done is None or done.returncode != 0:
        return
    size = _settings(done.stdout).get("MaxArraySize", "")
    if size.isdigit() and runs > int(size):
        raise BadInputError(
            f"a sweep of {counted(runs, 'run')} is one SLURM job array, and this cluster's "
            f"MaxArraySize ({size}) takes at most {counted(int(size), 'run')} in one: narrow "
            "the axes (fewer values), or split the sweep into several, each over part of an "
            "axis's values"
        )


def job_script(root: Path, runs: Path, run_ids: list[str], credo_command: str) -> str:
    """The batch script: it starts `credo run --job` for its run (the array element's,
    for a sweep) in the project at `root`, with everything it says kept in the run's
    `slurm.out`, in its folder of files under `runs` (see `Store.run_folder`).

    `credo_command` starts credo by the interpreter's absolute path, with `-E -P`: no
    PYTHONPATH, and no `credo/` in the work tree, can take its place.
    """
    return (
        "#!/bin/bash\n"
        "# Written by credo: records this job's run where it runs (credo run --job).\n"
        f"runs={shlex.quote(str(runs))}\n"
        f"ids=({' '.join(run_ids)})\n"
        'id="${ids[${SLURM_ARRAY_TASK_ID:-0}]}"\n'
        'if [ ! -d "$runs/$id" ]; then\n'
        '    echo "credo: $(hostname) cannot see $runs/$id" >&2\n'
        f"    exit {UNSEEN_EXIT}\n"
        "fi\n"
        f'exec >>"$runs/$id/{JOB_LOG}" 2>&1\n'
        f'exec {credo_command} -C {shlex.quote(str(root))} run --job "$id"\n'
    )


def submit(script: str, options: list[str], cwd: Path) -> tuple[str, str]:
    """`sbatch` the script (on its stdin); returns the job id and the cluster's name.

    A refusal (a bad partition, a limit) raises one line with SLURM's words; so does
    `--test-only`, where sbatch estimates when the job would start and queues none.
    """
    config = _start(["scontrol", "show", "config"])  # the cluster's name, meanwhile
    try:
        done = subprocess.run(
            ["sbatch", "--parsable", *options],
            input=script,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise CredoError(f"sbatch did not answer in {_TIMEOUT:g} s: is SLURM up?") from None
    except OSError as error:
        raise CredoError(f"cannot start sbatch: {error.strerror or error}") from None
    job = done.stdout.strip().split(";")[0]
    if done.returncode == 0 and not job:  # --test-only: an estimate, and no job
        estimate = _ESTIMATE.sub("the job would start", done.stderr.strip())
        raise CredoError(
            f"sbatch --test-only queued nothing: {estimate}. No run is recorded; leave out "
            "--test-only to submit it"
        )
    if done.returncode != 0 or not job.isdigit():
        words = error_words(done.stderr) or done.stdout.strip() or f"exit {done.returncode}"
        if _unanswered(words):
            raise CredoError(
                f"SLURM did not answer sbatch ({words}): is it up? Nothing is recorded; "
                "a job it queues anyway finds no run and ends at once"
            )
        raise CredoError(f"SLURM refused the job: {words}")
    return job, _settings(_finish(config)).get("ClusterName", "")


def error_words(stderr: str) -> str:
    """SLURM's complaint in one line: its error messages, without the `sbatch: error:`."""
    said: list[str] = []
    for line in stderr.splitlines():
        _, marker, message = line.partition("error: ")
        message = (message if marker else line).strip()
        if message and message not in said:
            said.append(message)
    return "; ".join(said)


def _unanswered(words: str) -> bool:
    """SLURM's words for a controller that did not answer (the request may still act)."""
    return any(sign in words for sign in _NO_ANSWER)


def look(jobs: Iterable[str]) -> dict[str, JobView] | None:
    """What SLURM knows now of these jobs (array ids cover their elements), by job name
    (`1234`, `1234_5`), from ONE `squeue` call; None when SLURM did not answer.

    SLURM forgets an ended job after `MinJobAge` (5 minutes by default); see `accounted`.
    """
    command = squeue_command(jobs)
    if command is None:
        return {}
    done = _call(command)
    if done is None:
        return None
    if done.returncode != 0:
        # asked for one job it no longer has, squeue fails rather than list nothing
        return {} if "Invalid job id" in done.stderr else None
    return parse_squeue(done.stdout)


def squeue_command(jobs: Iterable[str]) -> list[str] | None:
    """The one `squeue` call for these jobs (None for none): an array's id covers its
    elements, and `--states=all` keeps the ended ones SLURM still holds."""
    wanted = sorted({job.split("_")[0] for job in jobs})
    if not wanted:
        return None
    return [
        "squeue",
        "--noheader",
        "--states=all",
        f"--jobs={','.join(wanted)}",
        f"--Format={_SQUEUE_FORMAT}",
    ]


def parse_squeue(text: str) -> dict[str, JobView]:
    """`squeue --Format` lines, `|` after each field (see `_SQUEUE_FORMAT`)."""
    found: dict[str, JobView] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) < len(_FIELDS):
            continue
        job, array_job, tasks, state, reason, status, nodes, cluster, end = cells[: len(_FIELDS)]
        code, sig = _wait_status(status)
        for name in _element_names(job, array_job, tasks):
            found[name] = JobView(
                job=name,
                state=state.split()[0] if state else "",
                reason="" if reason == "None" else reason,
                nodes=nodes,
                exit_code=code,
                exit_signal=sig,
                ended=_moment(end),
                cluster=cluster,
            )
    return found


def accounted(jobs: Iterable[str]) -> dict[str, JobView] | None:
    """What SLURM's accounting (`sacct`) kept of these jobs, in one call; None where
    accounting is off (or did not answer)."""
    wanted = sorted(set(jobs))
    if not wanted:
        return {}
    done = _call(
        [
            "sacct",
            "--noheader",
            "--parsable2",
            "--allocations",
            f"--jobs={','.join(wanted)}",
            f"--format={_SACCT_FORMAT}",
        ]
    )
    if done is None or done.returncode != 0:
        return None
    return parse_sacct(done.stdout)


def parse_sacct(text: str) -> dict[str, JobView]:
    """`sacct --parsable2` lines of `_SACCT_FORMAT`."""
    found: dict[str, JobView] = {}
    for line in text.splitlines():
        cells = line.split("|")
        if len(cells) != 6:
            continue
        name, state, reason, exit_pair, nodes, end = cells
        code, _, sig = exit_pair.partition(":")
        array_job, _, tasks = name.partition("_")
        tasks = tasks.strip("[]")
        for element in _element_names(array_job, array_job, tasks or "N/A"):
            found[element] = JobView(
                job=element,
                state=state.split()[0] if state else "",  # `CANCELLED by 1000`
                reason="" if reason == "None" else reason,
                nodes="" if nodes == "None assigned" else nodes,
                exit_code=int(code) if code.isdigit() else None,
                exit_signal=int(sig) if sig.isdigit() and int(sig) else None,
                ended=_moment(end),
            )
    return found


def cancel(jobs: Iterable[str]) -> None:
    """`scancel` these jobs in one call; SLURM then ends them as CANCELLED."""
    wanted = sorted(set(jobs))
    if not wanted:
        return
    done = _call(["scancel", *wanted])
    if done is None:
        raise CredoError("scancel did not answer: is SLURM up?")
    if done.returncode != 0:
        words = [
            line
            for line in error_words(done.stderr).split("; ")
            if line and "already completing or completed" not in line
        ]
        said = "; ".join(words)
        if said and _unanswered(said):
            raise CredoError(
                f"SLURM did not answer scancel ({said}): is it up? "
                "credo runs ls shows whether it cancelled"
            )
        if said:
            raise CredoError(f"SLURM did not cancel: {said}")


_CLUSTERS: dict[str | None, tuple[str, bool]] = {}
"""`cluster()`'s answers, by SLURM_CONF."""


def cluster() -> tuple[str, bool]:
    """This cluster's name and whether its accounting keeps ended jobs: asked once, or
    until SLURM answers (`("", False)` meanwhile)."""
    conf = os.environ.get("SLURM_CONF")
    if conf not in _CLUSTERS:
        config = _call(["scontrol", "show", "config"])
        if config is None or config.returncode != 0:
            return "", False
        settings = _settings(config.stdout)
        storage = settings.get("AccountingStorageType", "accounting_storage/none")
        _CLUSTERS[conf] = settings.get("ClusterName", ""), storage != "accounting_storage/none"
    return _CLUSTERS[conf]


def _settings(text: str) -> dict[str, str]:
    """`scontrol show config` lines, `Name = value`."""
    return {
        key.strip(): value.strip()
        for key, sep, value in (line.partition("=") for line in text.splitlines())
        if sep
    }


def _element_names(job: str, array_job: str, tasks: str) -> list[str]:
    """A squeue line's jobs: itself, an array element `A_T`, or a pending array's
    remaining elements (`2-5%2`, `1,3-7:2`)."""
    if tasks in ("", "N/A") or not array_job.isdigit():
        return [job]
    if tasks.isdigit():
        return [f"{array_job}_{tasks}"]
    names: list[str] = []
    for part in tasks.split("%")[0].split(","):
        span, _, step = part.partition(":")
        first, _, last = span.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            continue
        stride = int(step) if step.isdigit() and int(step) > 0 else 1
        names += [f"{array_job}_{n}" for n in range(int(first), int(last or first) + 1, stride)]
    return names


def _wait_status(text: str) -> tuple[int | None, int | None]:
    """squeue's `exit_code`, a wait status (`768`: exit 3, `15`: SIGTERM)."""
    if not text.isdigit():
        return None, None
    status = int(text)
    if status & 0x7F:
        return None, status & 0x7F
    return status >> 8, None


def _moment(text: str) -> datetime | None:
    """SLURM's `2026-12-02T05:01:39`, in UTC (`_call` asks so), as an aware moment; None
    for N/A, Unknown..."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        return None


_IN_UTC = {"TZ": "UTC0", "SLURM_TIME_FORMAT": "standard"}
"""SLURM prints times on the local clock, with no offset, in the form SLURM_TIME_FORMAT
asks: in UTC and ISO, each is one moment (a local time in the hour clocks go back is
two, and `relative`, set in many a shell, is no moment at all)."""


def _call(args: list[str]) -> subprocess.CompletedProcess[str] | None:
    """SLURM's answer, None when it gave none in `_TIMEOUT`; ReadCut when an app quitting
    ended it (`abandoned_reads`): a cut `sacct` is no word that SLURM forgot a job."""
    pipe = subprocess.PIPE
    try:
        process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=pipe,
            stderr=pipe,
            text=True,
            env={**os.environ, **_IN_UTC},
        )
    except OSError:
        return None
    with process, waited_on(process, args[0]):
        try:
            out, errors = process.communicate(timeout=_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return None
        except BaseException:
            process.kill()  # as subprocess.run does
            raise
    return subprocess.CompletedProcess(args, process.returncode, out, errors)


def _start(args: list[str]) -> subprocess.Popen[str] | None:
    try:
        return subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
    except OSError:
        return None


def _finish(proc: subprocess.Popen[str] | None) -> str:
    if proc is None:
        return ""
    try:
        out, _ = proc.communicate(timeout=_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return ""
    return out if proc.returncode == 0 else ""
