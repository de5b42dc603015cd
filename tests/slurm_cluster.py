"""A real single-node SLURM cluster, for the tests and `benchmarks/slurm.py`.

Debian's `slurm-wlm` and `munge` (`.ci/run` installs them as root): `munged`,
`slurmctld` and `slurmd` run in the foreground as this process's children, from a
`slurm.conf` whose ports, state, spool, logs, munge key and socket all live in one
folder, so several clusters (one per xdist worker, another engineer's) never meet.
Accounting is off; the scheduler is tuned to start a job within a second.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROGRAMS = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "scontrol", "sinfo")
NODE = "credonode"
PARTITION = "debug"
CPUS = 16
"""Job slots on the one node (more than the machine's cores: jobs here mostly sleep)."""
MAX_ARRAY = 10
"""SLURM's MaxArraySize here (1001 by default): a sweep past it is affordable to try. No
test submits a larger array."""
_SBIN = "/usr/sbin"


def missing() -> str | None:
    """Why a cluster cannot start here, or None."""
    path = f"{os.environ.get('PATH', os.defpath)}:{_SBIN}"
    absent = [name for name in PROGRAMS if shutil.which(name, path=path) is None]
    if absent:
        return (
            f"SLURM is not installed ({', '.join(absent)} missing): "
            "apt-get install -y slurm-wlm munge, as root (.ci/run does)"
        )
    if os.geteuid() != 0:
        return "a test SLURM cluster needs root (slurmd starts jobs as their user)"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    conf: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        """What a client needs to reach this cluster."""
        return {"SLURM_CONF": str(self.conf)}

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args),
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def stop(self) -> None:
        """Stop every daemon by its pid (jobs still running go with slurmd's end)."""
        if self.procs:
            self.command("scancel", "--full", f"--partition={PARTITION}")  # none left behind
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self.procs.clear()

    def node_state(self) -> str:
        """The node's state as `sinfo` says it (`idle`, `down`...)."""
        told = self.command("sinfo", "--noheader", "--format=%T", f"--nodes={NODE}")
        return told.stdout.strip()

    def log(self) -> str:
        """The daemons' logs, for a failing test's message."""
        parts = []
        for name in ("slurmctld.log", "slurmd.log", "munged.log"):
            path = self.folder / name
            if path.exists():
                parts.append(f"--- {name}\n" + path.read_text(errors="replace")[-4000:])
        return "\n".join(parts)


def start(folder: Path, *, attempts: int = 3) -> Cluster:
    """Start a cluster in `folder` (made if missing); ready to take jobs on return."""
    error: Exception | None = None
    for attempt in range(attempts):
        where = folder / f"cluster{attempt}"
        cluster = Cluster(where, where / "slurm.conf")
        try:
            _start(cluster)
            return cluster
        except Exception as failed:  # a port taken between the probe and the bind
            cluster.stop()
            error = failed
    raise RuntimeError(f"the test SLURM cluster did not start: {error}")


def _start(cluster: Cluster) -> None:
    folder = cluster.folder
    for name in ("munge", "state", "spool"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    os.chmod(folder / "munge", 0o700)
    key = folder / "munge" / "munge.key"
    key.write_bytes(os.urandom(1024))
    key.chmod(0o600)
    socket_path = folder / "munge" / "munge.socket"
    host = socket.gethostname()
    cluster.conf.write_text(
        "\n".join(
            [
                "ClusterName=credotest",
                f"SlurmctldHost={host}(127.0.0.1)",
                f"SlurmctldPort={_free_port()}",
                f"SlurmdPort={_free_port()}",
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "CredType=cred/munge",
                f"AuthInfo=socket={socket_path}",
                f"StateSaveLocation={folder / 'state'}",
                f"SlurmdSpoolDir={folder / 'spool'}",
                f"SlurmctldPidFile={folder / 'slurmctld.pid'}",
                f"SlurmdPidFile={folder / 'slurmd.pid'}",
                f"SlurmctldLogFile={folder / 'slurmctld.log'}",
                f"SlurmdLogFile={folder / 'slurmd.log'}",
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "JobCompType=jobcomp/none",
                "SwitchType=switch/none",
                "MpiDefault=none",
                "SchedulerType=sched/builtin",
                "SchedulerParameters=sched_interval=1",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "SlurmdParameters=config_overrides",
                "ReturnToService=2",
                "MessageTimeout=5",
                # SIGTERM to SIGKILL: time for credo on the node to record its end on a
                # loaded machine (with 5 s, a CI run beside two suites was killed first)
                "KillWait=60",
                "MinJobAge=600",
                f"MaxArraySize={MAX_ARRAY}",
                "InactiveLimit=0",
                "SlurmctldTimeout=10",
                "SlurmdTimeout=30",
                f"NodeName={NODE} NodeHostname={host} NodeAddr=127.0.0.1 CPUs={CPUS} "
                "RealMemory=1000 State=UNKNOWN",
                f"PartitionName={PARTITION} Nodes={NODE} Default=YES MaxTime=INFINITE State=UP",
                "",
            ]
        )
    )
    env = {**os.environ, **cluster.env}
    env["PATH"] = f"{env.get('PATH', os.defpath)}:{_SBIN}"

    def daemon(*args: str) -> None:
        cluster.procs.append(
            subprocess.Popen(
                list(args),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a ctrl-c to the tests is not theirs
            )
        )

    daemon(
        "munged",
        "--foreground",
        "--force",
        f"--socket={socket_path}",
        f"--key-file={key}",
        f"--pid-file={folder / 'munge' / 'munged.pid'}",
        f"--log-file={folder / 'munged.log'}",
        f"--seed-file={folder / 'munge' / 'munged.seed'}",
    )
    _wait(lambda: socket_path.exists(), 10, "munged made no socket", cluster)
    daemon("slurmctld", "-D", "-i", "-f", str(cluster.conf))
    daemon("slurmd", "-D", "-N", NODE, "-f", str(cluster.conf))
    _wait(lambda: _idle(cluster), 30, "the node never became idle", cluster)


def _idle(cluster: Cluster) -> bool:
    for proc in cluster.procs:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited ({proc.returncode})\n{cluster.log()}")
    return cluster.node_state() == "idle"


def _wait(ready: Callable[[], bool], seconds: float, what: str, cluster: Cluster) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} within {seconds:g} s\n{cluster.log()}")
        time.sleep(0.1)
