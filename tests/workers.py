"""How many pytest-xdist workers `-n auto` starts: one per CPU the tests may use."""

from __future__ import annotations

import os
from pathlib import Path


def cpu_quota(cgroup: Path = Path("/sys/fs/cgroup")) -> int | None:
    """The CPUs a cgroup's quota allows (v2's cpu.max, else v1's cfs files), rounded up;
    None without a quota or a cgroup to read."""
    try:
        if (cgroup / "cpu.max").exists():  # v2: "max 100000", or "200000 100000" for 2
            quota, period = (cgroup / "cpu.max").read_text().split()
        else:  # v1: a quota of -1 is none
            quota = (cgroup / "cpu" / "cpu.cfs_quota_us").read_text().strip()
            period = (cgroup / "cpu" / "cpu.cfs_period_us").read_text().strip()
        if quota in ("max", "-1"):
            return None
        return max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError):
        return None


def auto_workers(cgroup: Path = Path("/sys/fs/cgroup")) -> int | None:
    """xdist counts the CPUs this process may be scheduled on: a container held to 2 CPUs
    on a bigger host got a worker per host CPU, and at that load the UI tests' polls fell
    behind. A quota caps the count; None leaves it to xdist."""
    quota = cpu_quota(cgroup)
    return None if quota is None else min(quota, len(os.sched_getaffinity(0)))
