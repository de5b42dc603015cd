"""The machine a run ran on: host, CPUs, GPUs (when `nvidia-smi` is there) and SLURM job.

GPUs are asked of `nvidia-smi` in two processes started at once (the GPU list, and the
header naming the CUDA version), read when the run's first record is written; on a
machine without it nothing is started and nothing is said.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping

from credo.domain.models import Gpu, Machine
from credo.runs.environment import end_query
from credo.store.paths import host_name

GPU_FIELDS = "name,driver_version,memory.total"
_CUDA = re.compile(r"CUDA Version:\s*([0-9][0-9.]*)")
_TIMEOUT = 10.0


def cpu_count() -> int | None:
    """The CPUs this process may run on (a SLURM allocation, taskset), else all of them."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count()


class GpuQuery:
    """`nvidia-smi` asked for the GPUs and the CUDA version, beside credo's own start-up."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._procs: list[subprocess.Popen[bytes]] = []
        program = shutil.which("nvidia-smi", path=environ.get("PATH", os.defpath))
        if program is None:
            return
        for args in (
            [program, f"--query-gpu={GPU_FIELDS}", "--format=csv,noheader"],
            [program],
        ):
            try:
                self._procs.append(
                    subprocess.Popen(
                        args,
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL,
                        env=dict(environ),
                    )
                )
            except OSError:
                self.cancel()
                return

    def result(self) -> tuple[list[Gpu], str]:
        """The GPUs and the CUDA version; empty when nvidia-smi is absent or fails."""
        outputs = []
        for proc in self._procs:
            try:
                out, _ = proc.communicate(timeout=_TIMEOUT)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                self.cancel()
                return [], ""
            outputs.append(out.decode("utf-8", "replace") if proc.returncode == 0 else "")
        if len(outputs) != 2:
            return [], ""
        listing, header = outputs
        cuda = _CUDA.search(header)
        return parse_gpus(listing), cuda.group(1) if cuda else ""

    def cancel(self) -> None:
        for proc in self._procs:
            end_query(proc)


def parse_gpus(listing: str) -> list[Gpu]:
    """`nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader` lines."""
    gpus = []
    for line in listing.splitlines():
        parts = [part.strip() for part in line.split(",")]
        if len(parts) == 3 and parts[0]:
            gpus.append(Gpu(name=parts[0], driver=parts[1], memory=parts[2]))
    return gpus


def capture_machine(environ: Mapping[str, str], gpus: GpuQuery | None = None) -> Machine:
    """This machine as a run records it."""
    found, cuda = gpus.result() if gpus is not None else ([], "")
    return Machine(
        host=host_name(),
        cpus=cpu_count(),
        gpus=found,
        cuda=cuda,
        slurm_job=environ.get("SLURM_JOB_ID", ""),
        slurm_array_job=environ.get("SLURM_ARRAY_JOB_ID", ""),
        slurm_array_task=environ.get("SLURM_ARRAY_TASK_ID", ""),
        slurm_nodes=environ.get("SLURM_JOB_NODELIST", environ.get("SLURM_NODELIST", "")),
    )
