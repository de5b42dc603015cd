"""What `credo run` does to stay quick, checked for keeping every byte and every fact.

Output is read in blocks (a short pause lets single lines gather), yet each block is
shown as it comes: a child that waits for its own line to be seen is not kept waiting.
The version query answers as `importlib.metadata` does, without importing it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from credo.domain.models import RunStatus
from credo.runs.environment import PROBE, VersionQuery, packages_to_ask
from credo.runs.launch import RunRequest, execute
from credo.store import Store

PY = sys.executable


class Watcher:
    """A terminal that, on seeing `ready`, creates the file the child is waiting for."""

    def __init__(self, flag: Path) -> None:
        self.flag = flag
        self.data = b""

    def write(self, data: bytes) -> int:
        self.data += data
        if b"ready\n" in self.data:
            self.flag.touch()
        return len(data)

    def flush(self) -> None:
        pass


def test_each_chunk_reaches_the_terminal_while_the_child_still_runs(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    flag = tmp_path / "seen"
    child = (
        "import os, time\n"
        "print('ready')\n"
        "for _ in range(3000):\n"  # gives up after 30 s: the line was never shown
        f"    if os.path.exists({str(flag)!r}):\n"
        "        print('seen live'); break\n"
        "    time.sleep(0.01)\n"
        "else:\n"
        "    print('never shown')\n"
    )
    terminal = Watcher(flag)
    outcome = execute(store, RunRequest(command=[PY, "-c", child], cwd=repo), out=terminal)  # type: ignore[arg-type]
    assert terminal.data == b"ready\nseen live\n"
    assert outcome.run.status == RunStatus.SUCCEEDED


def test_many_small_writes_arrive_whole_and_in_order(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    child = "for i in range(20000): print(i, 'training log text')"
    sink = tmp_path / "terminal"
    with sink.open("wb") as out:
        outcome = execute(store, RunRequest(command=[PY, "-c", child], cwd=repo), out=out)
    expected = "".join(f"{i} training log text\n" for i in range(20000))
    assert sink.read_text() == expected
    log = store.run_folder(outcome.run.id) / "output.log"
    assert log.read_text() == expected
    assert outcome.run.output == f"whole: {len(expected)} bytes"


def test_version_query_agrees_with_importlib_metadata(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n'
        'dependencies = ["Pydantic>=2", "click", "typing_extensions", "no-such-dist-credo"]\n'
    )
    query = VersionQuery([PY, "train.py"], os.environ)
    query.ask(tmp_path)
    python, packages = query.result()
    assert python == sys.version.split()[0]
    expected = {}
    for name in packages_to_ask(tmp_path):
        try:
            expected[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    assert packages == expected
    assert list(packages)[:3] == ["pydantic", "click", "typing_extensions"]  # declared first


def test_version_query_leaves_egg_info_and_odd_entries_to_importlib(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "fastpkg-3.4.5.dist-info").mkdir(parents=True)
    (site / "fastpkg-3.4.5.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fastpkg\nVersion: 3.4.5\n"
    )
    (site / "Legacy_Pkg.egg-info").mkdir()  # a develop install: no version in the name
    (site / "Legacy_Pkg.egg-info" / "PKG-INFO").write_text(
        "Metadata-Version: 1.1\nName: Legacy-Pkg\nVersion: 0.7\n"
    )
    for version in ("1.0", "2.0"):  # a botched upgrade left two: importlib.metadata decides
        twice = site / f"twice-{version}.dist-info"
        twice.mkdir()
        (twice / "METADATA").write_text(f"Metadata-Version: 2.1\nName: twice\nVersion: {version}\n")
    names = ["fastpkg", "legacy-pkg", "absent", "twice"]
    answer = subprocess.run(
        [PY, str(PROBE)],
        input=json.dumps(names),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
        check=True,
    )
    packages = json.loads(answer.stdout)["packages"]
    same = subprocess.run(
        [PY, "-c", "from importlib import metadata; print(metadata.version('twice'))"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
        check=True,
    )
    assert packages == {"fastpkg": "3.4.5", "legacy-pkg": "0.7", "twice": same.stdout.strip()}


def test_a_query_never_asked_ends_quietly(tmp_path: Path) -> None:
    query = VersionQuery([PY, "train.py"], os.environ)
    query.cancel()
    assert query.result() == ("", {})
    unasked = subprocess.run(
        [PY, "-I", str(PROBE)], input="", capture_output=True, text=True, check=False
    )
    assert unasked.returncode == 0 and unasked.stderr == "" and unasked.stdout == ""


def test_a_gigabyte_of_output_runs_in_bounded_memory(store: Store, repo: Path) -> None:
    """The log keeps its head on disk and a capped tail in memory; the readable view
    holds a few lines: credo's memory does not grow with the output."""
    writer = (
        "import sys\n"
        "block = (b'x' * 99 + b'\\n') * 10000\n"
        "for _ in range(1000):\n"  # 1 GB
        "    sys.stdout.buffer.write(block)\n"
    )
    measure = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "assert done.returncode == 0, done.stderr\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"  # KiB, the largest
    )
    credo = str(Path(PY).parent / "credo")
    result = subprocess.run(
        [PY, "-c", measure, credo, "run", "--skip-gate", "--", PY, "-c", writer],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(result.stdout) < 80_000  # KiB; credo alone starts at about 36 MB
    [run] = store.runs()
    assert run.output == "cut: 1000000000 bytes, middle 990000000 bytes dropped"
    log = store.run_folder(run.id) / "output.log"
    assert 10_000_000 <= log.stat().st_size < 10_001_000
