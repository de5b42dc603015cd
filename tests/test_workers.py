"""`-n auto` starts no more workers than the machine's CPU quota (tests/workers.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workers import auto_workers, cpu_quota


@pytest.mark.parametrize(
    ("files", "cpus"),
    [
        ({"cpu.max": "200000 100000\n"}, 2),
        ({"cpu.max": "150000 100000\n"}, 2),  # a part of a CPU counts as one
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "400000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 4),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({"cpu.max": "a quota\n"}, None),
        ({}, None),
    ],
)
def test_the_cpu_quota_of_cgroup_v2_and_v1(
    tmp_path: Path, files: dict[str, str], cpus: int | None
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert cpu_quota(tmp_path) == cpus


def test_auto_workers_are_the_quota_at_most_the_cpus_to_run_on(tmp_path: Path) -> None:
    """A container held to 2 CPUs on a 64-CPU host got 64 workers from xdist."""
    (tmp_path / "cpu.max").write_text("200000 100000\n")
    assert auto_workers(tmp_path) == min(2, len(os.sched_getaffinity(0)))
    (tmp_path / "cpu.max").write_text(f"{1000 * 100000} 100000\n")
    assert auto_workers(tmp_path) == len(os.sched_getaffinity(0))
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert auto_workers(tmp_path) is None  # xdist counts
