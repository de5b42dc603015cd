"""A run against a wall clock set while it runs (NTP, by hand): libfaketime, preloaded
into a real `credo run`, moves the wall clock when the run's command says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from credo.domain.models import RunStatus
from credo.store import Store
from processes import CREDO

pytestmark = pytest.mark.skipif(
    shutil.which("faketime") is None, reason="libfaketime is not installed (.ci/run installs it)"
)


def wall_clock_set_by(offset: Path) -> dict[str, str]:
    """An environment whose wall clock is off by what `offset` says, read at each look
    (monotonic and boot-time clocks left alone, as a setting of the clock leaves them)."""
    offset.write_text("+0\n")
    preload = subprocess.run(
        ["faketime", "-f", "+0", "printenv", "LD_PRELOAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return {
        **os.environ,
        "LD_PRELOAD": preload,
        "FAKETIME_TIMESTAMP_FILE": str(offset),
        "FAKETIME_NO_CACHE": "1",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }


@pytest.mark.parametrize("setting", ["+7200", "-7200"], ids=["2h-ahead", "2h-back"])
def test_setting_the_clock_during_a_run_neither_stops_it_nor_changes_its_duration(
    store: Store, tmp_path: Path, setting: str
) -> None:
    offset = tmp_path / "offset"
    env = wall_clock_set_by(offset)
    written = tmp_path / "offset.new"
    set_clock = (  # whole or not at all: libfaketime reads the file at every look
        f"import os; open({str(written)!r}, 'w').write({setting!r}); "
        f"os.replace({str(written)!r}, {str(offset)!r})"
    )
    done = subprocess.run(
        [CREDO, "run", "--skip-gate", "--timebox", "30m", "--hard", "--"]
        + [sys.executable, "-c", set_clock],
        cwd=store.project_root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [run] = store.runs()
    assert run.status == RunStatus.SUCCEEDED and run.ended is not None
    assert timedelta(0) < run.ended - run.started < timedelta(minutes=30)
