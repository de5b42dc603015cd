"""Replay a sample's recorded runs and `credo data` results at their commits.

The demo shows runs and data results recorded from the sample's own code; the tests
replay each one in a built demo and compare. The same code records them again after
a change to a sample (data, scripts or history):

    .venv/bin/python tests/demo/replay.py ptvid      # or mnist-from-scratch

which makes each commit's `data/clean.jsonl` with that commit's `prepare.py` (when the
sample has one), then replays every run and result and writes `runs/<key>/` and
`evidence/<key>.json` in the sample folder.
"""

from __future__ import annotations

import io
import json
import os
import shlex
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from credo.demo import (
    EVIDENCE_FOLDER,
    RESULT_FILE,
    RUNS_FOLDER,
    History,
    RunSpec,
    load_history,
    replay_history,
    samples_dir,
)

CLEAN = "data/clean.jsonl"


def checkout(repo: Path, sha: str, destination: Path) -> Path:
    """The files of commit `sha` (no `.git`), as a fresh clone would have them."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", sha], cwd=repo, capture_output=True, check=True
    ).stdout
    destination.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def home(history: History, spec: RunSpec) -> str:
    """Where the run's author ran it: the path its output shows."""
    return f"/home/{spec.by}/{history.project.name}"


@dataclass
class Replayed:
    exit_code: int
    output: str
    metrics: list[dict[str, Any]]
    """As logged, with `time` in seconds from the start."""
    params: str
    seconds: float


def run_command(folder: Path, command: list[str], shown_as: str) -> Replayed:
    """Run `command` in `folder` the way `credo run` runs it: output through one pipe,
    metrics and params through `CREDO_METRICS` / `CREDO_PARAMS`."""
    metrics, params = folder.parent / "metrics.jsonl", folder.parent / "params.jsonl"
    for path in (metrics, params):
        path.unlink(missing_ok=True)
    program = [sys.executable] + command[1:] if command[0] == "python" else command
    env = {
        **os.environ,
        "CREDO_METRICS": str(metrics),
        "CREDO_PARAMS": str(params),
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    began = time.time()
    done = subprocess.run(
        program,
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=300,
        check=False,
    )
    seconds = time.time() - began
    records = []
    if metrics.exists():
        for line in metrics.read_text().splitlines():
            record = json.loads(line)
            record["time"] = round(record["time"] - began, 3)
            records.append(record)
    output = done.stdout.decode("utf-8", "replace").replace(str(folder), shown_as)
    return Replayed(
        exit_code=done.returncode,
        output=output,
        metrics=records,
        params=params.read_text() if params.exists() else "",
        seconds=round(seconds, 2),
    )


def data_result(folder: Path, command: str) -> dict[str, Any]:
    """Run a recorded `credo data ... --record PACK/ITEM` command in `folder` (made a
    credo project for it) and read the evidence it kept."""
    credo = [sys.executable, "-m", "credo"]
    subprocess.run([*credo, "init"], cwd=folder, capture_output=True, check=True)
    words = shlex.split(command)
    done = subprocess.run(
        [*credo, *words[1:]], cwd=folder, capture_output=True, text=True, check=False
    )
    if done.returncode > 1:  # 1: it found something, as a recorded result can
        raise AssertionError(f"{command} failed: {done.stderr}")
    [record] = (folder / ".credo" / "evidence").glob("*.toml")
    evidence = tomllib.loads(record.read_text())
    return {
        "passed": evidence["passed"],
        "summary": evidence["summary"],
        "details": evidence["details"],
        "files": sorted(evidence["fingerprints"]),
    }


def record(sample: str) -> None:
    """Record the sample's data versions, runs and results again (see the module's doc)."""
    folder = samples_dir() / sample
    history = load_history(folder)
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        _remake_clean_data(folder, history, base / "data")
        built = replay_history(base / "demo", sample=sample)
        for spec in history.run:
            code = checkout(built.path, built.commits[spec.commit], base / spec.key / "repo")
            replayed = run_command(code, spec.command, home(history, spec))
            target = folder / RUNS_FOLDER / spec.key
            target.mkdir(parents=True, exist_ok=True)
            (target / "output.log").write_text(replayed.output)
            lines = [json.dumps(r) + "\n" for r in replayed.metrics]
            (target / "metrics.jsonl").write_text("".join(lines))
            (target / "params.jsonl").write_text(replayed.params)
            python = ".".join(map(str, sys.version_info[:3]))
            result = {"exit_code": replayed.exit_code, "seconds": replayed.seconds}
            (target / RESULT_FILE).write_text(json.dumps(result | {"python": python}) + "\n")
            print(f"run {spec.key}: exit {replayed.exit_code}, {replayed.seconds}s")
        for evidence in history.evidence:
            code = checkout(built.path, built.commits[evidence.commit], base / evidence.key)
            found = data_result(code, evidence.command)
            (folder / EVIDENCE_FOLDER).mkdir(exist_ok=True)
            path = folder / EVIDENCE_FOLDER / f"{evidence.key}.json"
            path.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n")
            print(f"evidence {evidence.key}: {found['summary']}")


def _remake_clean_data(folder: Path, history: History, scratch: Path) -> None:
    """Each commit that writes `data/clean.jsonl` gets what its own `prepare.py` makes."""
    files: dict[str, str] = {}
    for spec in history.commit:
        files |= {path: f"files/{path}" for path in spec.files} | spec.write
        if CLEAN not in spec.files and CLEAN not in spec.write:
            continue
        work = scratch / spec.key
        for path, source in files.items():
            if path != CLEAN and source.endswith((".py", ".jsonl")):
                (work / path).parent.mkdir(parents=True, exist_ok=True)
                (work / path).write_bytes((folder / source).read_bytes())
        subprocess.run([sys.executable, "prepare.py"], cwd=work, check=True, capture_output=True)
        (folder / files[CLEAN]).write_bytes((work / CLEAN).read_bytes())


if __name__ == "__main__":
    record(sys.argv[1] if len(sys.argv) > 1 else "ptvid")
