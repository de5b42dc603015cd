"""A run that goes on while the log view is open: its Output and Metrics tabs follow it
until it ends, also after leaving the view and coming back."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from test_experiments_view import log_app, log_store, open_log  # noqa: F401 (fixtures)

from credo.domain.models import Run, RunStatus
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.widgets.ansi_log import AnsiLog
from credo.ui.widgets.run_follow import RunFollower
from pilots import settle, until

RUN = "r002aaaabbbbcccc"


def append(store: Store, name: str, text: str) -> None:
    with (store.credo_dir / "runs" / RUN / name).open("a") as out:
        out.write(text)


async def within(pilot: Any, condition: Callable[[], bool], tries: int) -> bool:
    """Whether `condition` comes within a few of the view's polls (for what must not)."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def test_output_and_metrics_follow_a_running_run_until_it_ends(
    log_app: CredoApp,  # noqa: F811 (the fixture)
    log_store: Store,  # noqa: F811
) -> None:
    log_store.update(
        Run, RUN, lambda r: r.model_copy(update={"status": RunStatus.RUNNING, "ended": None})
    )
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        assert screen.run_id == RUN
        await pilot.press("2")  # the Output tab
        output = screen.query_one("#exp-output", AnsiLog)
        await until(pilot, lambda: "epoch 39" in output.text)
        await pilot.press("4")  # the Metrics tab
        assert screen.files is not None and len(screen.following.curves["loss"]) == 6

        append(log_store, "output.log", "epoch 40 loss 0.020\n")
        append(log_store, "metrics.jsonl", json.dumps({"step": 6, "loss": 0.3}) + "\n")
        await until(pilot, lambda: len(screen.following.curves["loss"]) == 7)
        await until(
            pilot, lambda: "this run 0.3 " in str(screen.query_one("#metric-compare").render())
        )
        assert "epoch 40" not in output.text  # read before the metrics: held, out of sight
        await pilot.press("2")
        await until(pilot, lambda: "epoch 40 loss 0.020" in output.text)
        assert "epoch 39" in output.text  # added to, not replaced

        await pilot.press("escape")  # to the board and back: it still follows
        await pilot.pause()
        append(log_store, "output.log", "epoch 41 loss 0.010\n")
        append(log_store, "metrics.jsonl", json.dumps({"step": 7, "loss": 0.29}) + "\n")
        await pilot.press("E")
        await until(pilot, lambda: "epoch 41 loss 0.010" in output.text)
        await until(pilot, lambda: len(screen.following.curves["loss"]) == 8)
        await pilot.press("4")
        await until(pilot, lambda: "0.29" in str(screen.query_one("#metric-compare").render()))
        await pilot.press("2")

        append(log_store, "output.log", "saved the model")  # its last line, no newline
        assert not await within(pilot, lambda: "saved the model" in output.text, tries=4)
        log_store.update(Run, RUN, lambda r: r.model_copy(update={"status": RunStatus.SUCCEEDED}))
        await until(pilot, lambda: "saved the model" in output.text)
        assert output.text.count("epoch 41") == 1


def running_with_steps(store: Store) -> None:
    """The log's run put back to running, with a hundred lines of output."""
    store.update(
        Run, RUN, lambda r: r.model_copy(update={"status": RunStatus.RUNNING, "ended": None})
    )
    append(store, "output.log", "".join(f"step {i}\n" for i in range(100)))


async def test_the_logs_output_tab_shown_later_follows_a_running_run(
    log_app: CredoApp,  # noqa: F811 (the fixture)
    log_store: Store,  # noqa: F811
) -> None:
    """The log reads a running run's output while its Details tab is shown: the Output
    tab, shown then, started at the top and stayed there as lines came, since a hidden
    log cannot be scrolled to its end. The output read meanwhile is loaded into the tab
    once it is shown (200 KB of it held the log's opening 80 to 180 ms), what came after
    the first read too, once and in order; the log itself is made then (Textual's text
    area, its import with it, held the log's opening 20 to 25 ms)."""
    running_with_steps(log_store)
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        follower = screen.query_one(RunFollower)
        await until(pilot, lambda: follower.run_id == RUN, "the run followed")
        await settle(pilot)
        assert not screen.query("#exp-output")  # read, not loaded: the tab never shown
        append(log_store, "output.log", "step 100\n")
        tail = follower._tail
        assert tail is not None
        size = tail.output.path.stat().st_size
        await until(pilot, lambda: tail.output.offset == size, "step 100 read")
        await settle(pilot)
        assert not screen.query("#exp-output")
        await pilot.press("2")  # the Output tab
        output = screen.query_one("#exp-output", AnsiLog)
        await until(pilot, lambda: "step 100" in output.text)
        assert output.text.splitlines()[-3:] == ["step 98", "step 99", "step 100"]
        append(log_store, "output.log", "step 101\n")
        await until(pilot, lambda: "step 101" in output.text)
        await pilot.pause()
        assert output.text.count("step 100") == 1
        assert output.max_scroll_y > 0 and output.scroll_y == output.max_scroll_y


async def test_up_in_a_followed_output_goes_up_from_its_end(
    log_app: CredoApp,  # noqa: F811 (the fixture)
    log_store: Store,  # noqa: F811
) -> None:
    """A running run's output is shown from its end: its cursor is there too, so ↑ (or k)
    goes to the last line, and does not jump to the log's first."""
    running_with_steps(log_store)
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        await pilot.press("2")  # the Output tab
        output = screen.query_one("#exp-output", AnsiLog)
        await until(pilot, lambda: "step 99" in output.text)
        output.focus()
        await pilot.pause()
        assert output.max_scroll_y > 0 and output.scroll_y == output.max_scroll_y
        await pilot.press("up")
        await pilot.pause()
        assert output.scroll_y > 0
        row, _ = output.cursor_location
        assert output.document.get_line(row) == "step 99"


async def test_a_long_runs_output_held_out_of_sight_keeps_only_its_end(
    log_app: CredoApp,  # noqa: F811 (the fixture)
    log_store: Store,  # noqa: F811
) -> None:
    """A run that prints for hours while its Output tab is never shown: what the view holds
    for the tab (`HeldOutput`) stays within what the log shows (`SHOWN_OUTPUT_BYTES`, as
    the tail starts again from the file's last lines), and the tab, shown then, has the
    latest lines."""
    from credo.runs.follow import SHOWN_OUTPUT_BYTES

    running_with_steps(log_store)
    async with log_app.run_test(size=(120, 40)) as pilot:
        screen = await open_log(log_app, pilot)
        follower = screen.query_one(RunFollower)
        await until(pilot, lambda: follower.run_id == RUN, "the run followed")
        tail = follower._tail
        assert tail is not None
        held_most = 0
        for chunk in range(6):  # 6 x 100 KB, three times the bound
            append(log_store, "output.log", "".join(f"step {chunk}-{i:05}\n" for i in range(7000)))
            size = tail.output.path.stat().st_size
            await until(pilot, lambda: tail.output.offset == size, "the chunk read")  # noqa: B023
            await settle(pilot)
            held_most = max(held_most, sum(len(text) for text, _, _ in screen.output.parts))
        assert not screen.query("#exp-output")  # the tab never shown
        assert 0 < held_most <= SHOWN_OUTPUT_BYTES
        await pilot.press("2")  # the Output tab
        output = screen.query_one("#exp-output", AnsiLog)
        await until(pilot, lambda: "step 5-06999" in output.text)
        lines = output.text.splitlines()
        assert lines[0].startswith("[… the first ") and lines[-1] == "step 5-06999"
        assert len(output.text) <= SHOWN_OUTPUT_BYTES and not screen.output.parts
