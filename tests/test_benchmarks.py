"""The benchmarks still run, and say each figure beside its floor and target.

A quick run of each (CREDO_BENCH_QUICK=1: a few hundred tasks, one run of each): its
figures mean nothing on a test machine, so only the shape of what it prints is checked.
Taskwarrior is compared when `task` is installed (CI installs it), else skipped, saying so.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
VERDICT = re.compile(r"target [^:]+: (met|MISSED)\b")


def quick(name: str, tmp_path: Path, *args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / name), *args],
        cwd=tmp_path,
        env={**os.environ, "CREDO_BENCH_QUICK": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for line in lines:
        if "target" in line:
            assert VERDICT.search(line), line
    return lines


def figure(lines: list[str], start: str) -> str:
    found = [line for line in lines if line.strip().startswith(start)]
    assert len(found) == 1, (start, lines)
    return found[0]


def test_cli_prints_each_command_beside_its_floor(tmp_path: Path) -> None:
    lines = quick("cli.py", tmp_path)
    for name in ("credo ls, to a pipe", "credo ls, to a terminal"):
        assert "ms   load alone" in figure(lines, name)
    if shutil.which("task") is None:
        assert any("skipped: Taskwarrior (`task`) is not installed" in line for line in lines)
    else:
        for command in ("add", "done", "mv", "start"):
            assert "ms   task " in figure(lines, f"credo {command} ")
    for flag in ("--version", "--help"):
        assert "python+click" in figure(lines, f"credo {flag}")
    assert "ms   done --help" in figure(lines, "TAB after `credo done `")


def test_commit_hook_prints_each_commit_beside_no_hook(tmp_path: Path) -> None:
    lines = quick("commit_hook.py", tmp_path)
    figure(lines, "git commit, no hook (floor)")
    assert "ms" in figure(lines, "git commit, credo's hook  ")
    assert VERDICT.search(figure(lines, "credo's hook adds"))


def test_board_prints_each_target(tmp_path: Path) -> None:
    # Written to a file, as a long run is: each line arrives as it is printed, not at the end.
    output, errors = tmp_path / "board.txt", tmp_path / "board.err"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with output.open("w") as sink, errors.open("w") as error_sink:
        child = subprocess.Popen(
            [sys.executable, str(BENCHMARKS / "board.py")],
            cwd=tmp_path,
            env={**env, "CREDO_BENCH_QUICK": "1"},
            stdout=sink,
            stderr=error_sink,
        )
        while "filling stores" not in output.read_text() and child.poll() is None:
            time.sleep(0.05)
        assert child.poll() is None, "nothing was written to the file before the end"
        assert child.wait(timeout=600) == 0, output.read_text() + errors.read_text()
    lines = output.read_text().splitlines()
    for line in lines:
        if "target" in line:
            assert VERDICT.search(line), line
    figure(lines, "bare Textual app")
    assert sum("credo board," in line and "target" in line for line in lines) == 3
    assert "target < 30 ms" in figure(lines, "20 cursor moves")
    assert "target < 120 MB" in figure(lines, "peak RSS")


def test_board_keys_alone_prints_both_latencies_and_nothing_else(tmp_path: Path) -> None:
    lines = quick("board.py", tmp_path, "--keys")
    assert "target < 30 ms" in figure(lines, "20 cursor moves")
    assert "target < 30 ms" in figure(lines, "6 quadrant moves")
    assert not any("credo board," in line or "peak RSS" in line for line in lines)


def test_freezes_prints_each_views_worst_wait_beside_a_bare_app(tmp_path: Path) -> None:
    lines = quick("freezes.py", tmp_path)
    views = ("board", "experiment log", "runs view", "a run and curves", "commits view")
    for view in (*views, "data view", "checklists"):
        line = figure(lines, view)
        assert "bare app" in line and "target < 100 ms" in line


def test_polls_prints_git_status_a_minute_and_cpu_per_poll_beside_a_floor(
    tmp_path: Path,
) -> None:
    lines = quick("polls.py", tmp_path)
    assert re.search(r"\d\.\d$", figure(lines, "git status per idle minute"))
    assert "above the floor:" in figure(lines, "interface CPU per poll")


def test_board_says_when_dooit_draws_nothing_in_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A peer that draws nothing within the timeout (dooit at 10,000 todos under load) gets
    a line saying so, and the run goes on to its end."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    board = importlib.import_module("board")
    peer = tmp_path / "peer"
    peer.mkdir()
    for name, body in (("python", "exit 0"), ("dooit", "sleep 60")):  # fills; draws nothing
        (peer / name).write_text(f"#!/bin/sh\n{body}\n")
        (peer / name).chmod(0o755)
    monkeypatch.setattr(board, "QUICK", False)
    monkeypatch.setattr(board, "RUNS", 1)
    monkeypatch.setattr(board, "FRAME_TIMEOUT", 2.0)
    monkeypatch.setattr(board, "dooit", lambda base: (peer, {}))
    board.compare_dooit(tmp_path)
    said = capsys.readouterr().out.splitlines()
    assert said[-1].startswith("  dooit,      0 todos            no frame within 2 s (load ")
    assert said[-1].endswith("): not measured, nor larger counts")
