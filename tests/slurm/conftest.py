"""A real SLURM cluster for these tests: one per xdist worker, started once.

Where SLURM cannot be installed the tests skip with one reason; with
CREDO_REQUIRE_SLURM=1 (set by `.ci/run`) that skip is a failure instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from slurm_cluster import Cluster, missing, start


@pytest.fixture(scope="session")
def slurm_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    reason = missing()
    if reason is not None:
        if os.environ.get("CREDO_REQUIRE_SLURM") == "1":
            pytest.fail(f"CREDO_REQUIRE_SLURM=1, but {reason}", pytrace=False)
        pytest.skip(reason)
    cluster = start(Path(tmp_path_factory.mktemp("slurm")))
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def slurm(slurm_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Cluster:
    """The cluster, reachable by every SLURM command this test (and credo) runs."""
    for name, value in slurm_cluster.env.items():
        monkeypatch.setenv(name, value)
    return slurm_cluster
