"""A run's saved diffs as the views show them (`runs.follow.run_diff`)."""

from __future__ import annotations

from pathlib import Path

from credo.domain.models import GitState, Run, RunStatus, now
from credo.runs.follow import SHOWN_BYTES, run_diff
from credo.store import Store


def a_run(store: Store, start: str | None, end: str | None) -> tuple[Run, Path]:
    moment = now()
    run = Run(
        id="r001aaaabbbbcccc",
        command=["python", "train.py"],
        cwd=str(store.project_root),
        status=RunStatus.SUCCEEDED,
        started=moment,
        git_start=GitState(sha="a" * 40, dirty=True, patch=start or ""),
        git_end=GitState(sha="a" * 40, dirty=True, patch=end or ""),
        created=moment,
        updated=moment,
    )
    store.create(run)
    return run, store.run_folder(run.id, create=True)


def test_the_start_and_end_diffs_once_each_coloured_codes_dropped_controls_shown(
    store: Store,
) -> None:
    run, folder = a_run(store, "start.patch", "end.patch")
    (folder / "start.patch").write_bytes(b"+lr = \x1b[32m0.01\x1b[0m\r\n+bell\x07\n")
    (folder / "end.patch").write_bytes(b"+seed = 7\n")
    shown = run_diff(store, run, folder)
    assert "+lr = 0.01\n" in shown and "\x1b" not in shown and "\r" not in shown
    assert "\x07" not in shown and "bell" in shown
    assert shown.endswith("+seed = 7\n")

    same = run.model_copy(update={"git_end": run.git_start})
    assert run_diff(store, same, folder).count("+lr = 0.01") == 1


def test_a_missing_diff_is_nothing_a_linked_one_says_why_a_long_one_says_it_is_cut(
    store: Store, tmp_path: Path
) -> None:
    run, folder = a_run(store, "start.patch", "end.patch")
    assert run_diff(store, run, folder) == "\n"  # neither was saved
    secret = tmp_path / "secret"
    secret.write_text("password\n")
    (folder / "start.patch").symlink_to(secret)
    (folder / "end.patch").write_text("+x\n" * (SHOWN_BYTES // 3 + 10))
    start, end = run_diff(store, run, folder).split("\n", 1)
    assert start.startswith("[") and "password" not in start
    assert end.endswith(f"[… shown up to {SHOWN_BYTES} bytes; the file holds more]\n")
