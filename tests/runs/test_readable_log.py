"""`output.log` keeps what a person saw: redraws applied, colour kept, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from credo.runs.output import CappedLog
from credo.runs.params import command_shape, params_from_args, shared_command, typed
from credo.runs.readable import Readable


def readable(tmp_path: Path, *chunks: bytes, limit: int = 10_000_000) -> bytes:
    log = CappedLog(tmp_path / "output.log", limit)
    view = Readable(log)
    for chunk in chunks:
        view.feed(chunk)
    view.close()
    log.close()
    return (tmp_path / "output.log").read_bytes()


def test_carriage_return_updates_collapse_to_their_last_state(tmp_path: Path) -> None:
    bar = b"".join(b"\r%3d%% |%-10s|" % (i * 10, b"#" * i) for i in range(11))
    assert readable(tmp_path, b"epoch 1\r\n", bar, b"\r\n", b"done\n") == (
        b"epoch 1\n100% |##########|\ndone\n"
    )


def test_a_shorter_redraw_leaves_the_tail_as_the_terminal_does(tmp_path: Path) -> None:
    assert readable(tmp_path, b"loading data\rok\n") == b"okading data\n"
    assert readable(tmp_path, b"loading data\r\x1b[Kok\n") == b"ok\n"  # erased first


def test_a_multi_line_display_redrawn_with_cursor_up_is_shown_once(tmp_path: Path) -> None:
    frames = [b"header\n"]
    for step in range(50):  # rich.progress / tqdm with two bars: up, erase, redraw
        if step:
            frames.append(b"\r\x1b[2K\x1b[1A\x1b[2K")
        frames.append(b"train %d/49\nvalid %d/49" % (step, step))
    frames.append(b"\nafter\n")
    assert readable(tmp_path, *frames) == b"header\ntrain 49/49\nvalid 49/49\nafter\n"


def test_colour_is_kept_and_other_controls_dropped(tmp_path: Path) -> None:
    shown = readable(
        tmp_path,
        b"\x1b]0;window title\x07\x1b[?25l\x1b[1;31mred\x1b[0m plain\x07\r\n",
        b"\x1b[3",  # a sequence cut between two reads
        b"2mgreen\x1b[0m\n",
    )
    assert shown == b"\x1b[1;31mred\x1b[0m plain\n\x1b[32mgreen\x1b[0m\n"


def test_a_coloured_bar_redrawn_a_thousand_times_ends_in_one_reset(tmp_path: Path) -> None:
    """Each redraw's closing reset stayed after the line's end: 1,000 redraws of a green
    bar left 4,000 bytes of `ESC[0m` on its one line, and a long training many MB."""
    frames = [b"\r\x1b[32mstep %4d\x1b[0m" % i for i in range(1000)]
    assert readable(tmp_path, *frames, b"\n") == b"\x1b[32mstep  999\x1b[0m\n"
    bold_red = [b"\r\x1b[31mx\x1b[1m", b"\r\x1b[31mx\x1b[1m", b"\n"]  # no reset: kept once
    assert readable(tmp_path, *bold_red) == b"\x1b[31mx\x1b[1m\n"


def test_backspace_and_utf8_split_across_reads(tmp_path: Path) -> None:
    text = "écrit ✓\n".encode()
    assert readable(tmp_path, b"abc\x08\x08X\n", text[:1], text[1:3], text[3:]) == (b"aXc\n" + text)


def test_a_line_with_no_end_is_written_in_bounded_pieces(tmp_path: Path) -> None:
    shown = readable(tmp_path, *([b"x" * 65536] * 40))
    assert shown == b"x" * (65536 * 40)


def test_redraws_after_the_log_was_cut_still_collapse(tmp_path: Path) -> None:
    lines = b"".join(b"line %d\n" % i for i in range(2000))
    frames = [lines] + [b"\r\x1b[1A\x1b[2Kstep %d\n" % i for i in range(200)]
    shown = readable(tmp_path, *frames, limit=2000)
    assert shown.endswith(b"line 1998\nstep 199\n") and b"bytes of output cut here" in shown


@given(st.lists(st.binary(max_size=64), max_size=20))
@example([b"\xc2", b"\n"])  # a character cut by a read, then a newline
def test_any_bytes_pass_without_error(chunks: list[bytes]) -> None:
    class Sink:
        def __init__(self) -> None:
            self.data = b""

        def write(self, data: bytes) -> None:
            self.data += data

        def retract(self, size: int) -> int:
            self.data = self.data[: len(self.data) - size]
            return size

    sink = Sink()
    view = Readable(sink)
    for chunk in chunks:
        view.feed(chunk)
    view.close()
    plain = b"".join(chunks)
    if not any(mark in plain for mark in (b"\r", b"\x1b", b"\x08")) and not any(
        byte < 32 and byte not in (9, 10) for byte in plain
    ):
        assert sink.data == plain  # plain output goes through untouched


@pytest.mark.parametrize(
    ("args", "params"),
    [
        (["train.py", "--lr", "3e-4", "--batch=64"], {"lr": 0.0003, "batch": 64}),
        (
            ["train.py", "--amp", "--no-ema", "--name", "base"],
            {"amp": True, "no_ema": True, "name": "base"},
        ),
        (["train.py", "--shift", "-1", "--", "--not", "this"], {"shift": -1}),
        (["train.py", "--token", "ghp_0123456789abcdefABCDEF0123456789abcd"], {}),
        (["train.py", "--password=hunter2", "--ok", "true"], {"ok": True}),
        (["train.py", "-v", "3", "data/"], {}),
        (["train.py", "--env", "WANDB_API_KEY=0123abcd", "--db", "pg://a:b@c/d"], {}),
    ],
)
def test_command_line_params(args: list[str], params: dict[str, object]) -> None:
    assert params_from_args(["python", *args]) == params


@pytest.mark.parametrize(
    "command",
    [
        "python -u train.py",
        "python -W ignore train.py",
        "python3.11 -uWignore train.py",
        "python -m pkg.train",
        "bash --norc script.sh",
        "bash -euo pipefail --rcfile x.rc script.sh",
        "torchrun --nproc_per_node 2 train.py",
        "torchrun --standalone -m pkg.train",
        "python -m torch.distributed.run --nnodes 1 train.py",
        "accelerate launch --multi_gpu --num_processes 2 train.py",
        "uv run --frozen --with torch python -u train.py",
        "conda run --no-capture-output -n myenv python train.py",
        "poetry run bash --norc script.sh",
        "poetry -C dir run python train.py",  # poetry's own options before `run`
        "poetry --directory dir -q run python -u train.py",
        "uv --project x run python train.py",
        "deepspeed --num_gpus 2 train.py",
        "srun --ntasks=2 --gpus-per-task=1 python train.py",
        "srun -N1 -n4 --pty python -u train.py",
        "mpirun -np 4 --bind-to core python train.py",
        "env -u HOME CUDA_VISIBLE_DEVICES=0 torchrun --nproc_per_node 2 train.py",
        "./train",
    ],
)
def test_what_runs_the_script_has_options_that_are_not_its_params(command: str) -> None:
    """`bash --norc script.sh --epochs 3` recorded the param `norc=script.sh`, and
    `torchrun --nproc_per_node 2 train.py` the param `nproc_per_node`: options an
    interpreter or launcher reads before the script are its own, kept in the command."""
    words = [*command.split(), "data/", "--lr", "0.1", "--epochs=3", "--amp"]
    assert params_from_args(words) == {"lr": 0.1, "epochs": 3, "amp": True}
    assert command_shape(words) == [*command.split(), "data/"]


@pytest.mark.parametrize(
    "command",
    [
        ["env", "-S", "python -m pkg.train"],
        ["env", "-S", "python -u", "train.py"],
        ["env", "-S", "python -u train.py"],
        ["env", "--split-string=-i CUDA_VISIBLE_DEVICES=0 python -W ignore", "train.py"],
        ["env", "-S", "torchrun --nproc_per_node 2", "-v", "train.py"],
    ],
)
def test_env_s_runs_the_words_it_holds(command: list[str]) -> None:
    """`env -S "python -m pkg.train" --lr 0.1` (a shebang line's form) recorded no params:
    the quoted words were taken for env's option's value and `--lr` for env's own. They
    are read as env reads them, in the option's place."""
    words = [*command, "--lr", "0.1", "--epochs=3", "--amp"]
    assert params_from_args(words) == {"lr": 0.1, "epochs": 3, "amp": True}
    assert command_shape(words) == command


@pytest.mark.parametrize(
    ("arg", "shared"),
    [
        ("https://ada:hunter2@lab.example/x?page=2", "<redacted>"),  # its '=' is no NAME=
        ("WANDB_API_KEY=0123abcd", "WANDB_API_KEY=<redacted>"),
        ("--db=pg://a:b@c/d", "--db=<redacted>"),
        ("--out=runs/x", "--out=runs/x"),
        ("data/train.jsonl", "data/train.jsonl"),
    ],
)
def test_a_commands_secret_is_redacted_whatever_its_shape(arg: str, shared: str) -> None:
    """A URL with a password and a query kept the password: it was cut at its `=`."""
    assert shared_command(["python", "train.py", arg]) == ["python", "train.py", shared]


def test_values_keep_their_type() -> None:
    assert [typed(v) for v in ("3", "-2", "0.5", "1e-3", "inf", "True", "adamw")] == [
        3,
        -2,
        0.5,
        0.001,
        "inf",
        True,
        "adamw",
    ]
