"""A run's output as a view follows it: its end, never more than a bounded tail."""

from __future__ import annotations

from pathlib import Path

from credo.runs.follow import OutputTail


def test_a_followed_log_that_outgrows_the_tail_starts_again_from_its_last_lines(
    tmp_path: Path,
) -> None:
    log = tmp_path / "output.log"
    log.write_text("".join(f"line {i:02d}\n" for i in range(5)))  # 8 bytes a line
    tail = OutputTail(log, "output.log", limit=64)
    first = tail.read()
    assert first is not None and first.reset and first.text == log.read_text()
    with log.open("a") as handle:
        handle.write("line 05\nline 06\n")
    more = tail.read()
    assert more is not None and not more.reset and more.text == "line 05\nline 06\n"
    with log.open("a") as handle:  # past 64 bytes shown: the last 32 bytes' whole lines
        handle.write("".join(f"line {i:02d}\n" for i in range(7, 12)))
    again = tail.read()
    assert again is not None and again.reset
    assert again.text == (
        "[… the first 64 bytes not shown: the file holds them]\n"
        "line 08\nline 09\nline 10\nline 11\n"
    )
    assert tail.read() is None


def test_a_jump_into_a_line_starts_at_the_next_one(tmp_path: Path) -> None:
    log = tmp_path / "output.log"
    log.write_text("a" * 50 + "\nlast\n")
    chunk = OutputTail(log, "output.log", limit=20).read()
    assert chunk is not None and chunk.reset
    assert chunk.text == "[… the first 51 bytes not shown: the file holds them]\nlast\n"
