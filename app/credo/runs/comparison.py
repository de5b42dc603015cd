"""Several runs side by side: the params that differ, the metrics with their deltas
against the first run, and whether they ran the same code and saw the same data."""

from __future__ import annotations

from dataclasses import dataclass, field

from credo.domain.models import ParamValue, Run
from credo.runs.fingerprint import digest_of
from credo.runs.report import data_digest, where


@dataclass
class Comparison:
    runs: list[Run]
    labels: list[str]
    """Each run's short name (its short id)."""
    params: list[tuple[str, list[ParamValue | None]]] = field(default_factory=list)
    """The params whose values differ (or that some runs lack), one value per run."""
    same_params: list[str] = field(default_factory=list)
    metrics: list[tuple[str, list[float | None], list[float | None]]] = field(default_factory=list)
    """(name, final values, delta of each against the first run)."""
    commits: list[str] = field(default_factory=list)
    """Each run's commit (`1a2b3c4*` when the tree was dirty)."""
    same_code: bool = True
    """Same commit and the same uncommitted diff."""
    data: list[str] = field(default_factory=list)
    """Each run's data fingerprint in short."""
    data_paths: list[str] = field(default_factory=list)
    """The data paths whose fingerprints differ between the runs."""


def compare_runs(runs: list[Run], labels: list[str]) -> Comparison:
    found = Comparison(runs, labels)
    names = list(dict.fromkeys(name for run in runs for name in run.params))
    for name in names:
        values = [run.params.get(name) for run in runs]
        if len({repr(v) for v in values}) > 1:
            found.params.append((name, values))
        else:
            found.same_params.append(name)
    metric_names = list(dict.fromkeys(name for run in runs for name in run.metrics))
    for name in metric_names:
        finals = [run.metrics.get(name) for run in runs]
        first = finals[0]
        deltas = [
            None if value is None or first is None or index == 0 else value - first
            for index, value in enumerate(finals)
        ]
        found.metrics.append((name, finals, deltas))
    found.commits = [where(run) or "—" for run in runs]
    code = {
        (
            run.git_start.sha if run.git_start else None,
            run.git_start.diff_hash if run.git_start and run.git_start.dirty else None,
        )
        for run in runs
    }
    found.same_code = len(code) == 1
    found.data = [data_digest(run.data) if run.data else "—" for run in runs]
    paths = sorted({path for run in runs for path in run.data})
    found.data_paths = [
        path for path in paths if len({digest_of(run.data.get(path, "")) for run in runs}) > 1
    ]
    return found
