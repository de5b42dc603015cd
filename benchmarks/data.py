"""`credo data` speed and memory on a 1,000,000-record JSON Lines file (~200 MB).

Generates (seeded, in a temporary folder) train.jsonl: 1M records of text, label, domain
and split, and valid.jsonl: 100k records, 1% copied from train and 1% near-copies.
Prints medians of several runs beside the floor measured in the same run: DuckDB's own
bare scan of the same file (`SELECT count(*) FROM read_json(...)`).
Targets: balance within 3x of the floor; overlap (1M vs 100k) within 5x; look under
0.5 s, reading a small part of the file; cues on 100,000 records under 10 s; peak
memory under 1.5 GB for a 1 GB input (balance and overlap in a fresh process).
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from credo.data.balance import balance
from credo.data.cues import cues
from credo.data.engine import Engine
from credo.data.look import look
from credo.data.overlap import overlap
from credo.data.readers import Dataset

TRAIN, VALID, RUNS = 1_000_000, 100_000, 3
WORDS = (
    "o a de que e do da em um para com não uma os no se na por mais as dos como mas foi ao "
    "ele das tem seu sua ou ser quando muito há nos já está eu também só pelo pela até isso "
    "ela entre era depois sem mesmo aos ter seus quem nas me esse eles estão você tinha"
).split() + [f"w{i}" for i in range(3000)]
DOMAINS = ["journalistic", "literature", "legal", "politics", "web", "social"]


def record(rng: random.Random, i: int, split: str) -> dict[str, object]:
    domain = rng.choice(DOMAINS)
    label = "pt-PT" if rng.random() < (0.98 if domain == "legal" else 0.5) else "pt-BR"
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    if label == "pt-PT" and rng.random() < 0.01:
        words.insert(rng.randrange(len(words)), "Lisboa")  # the Clever Hans cue
    return {"id": i, "text": " ".join(words), "label": label, "domain": domain, "split": split}


def generate(folder: Path) -> tuple[Path, Path]:
    rng = random.Random(17)
    train, valid = folder / "train.jsonl", folder / "valid.jsonl"
    texts = []
    with open(train, "w", encoding="utf-8") as out:
        for i in range(TRAIN):
            row = record(rng, i, "train")
            if i < VALID // 50:
                texts.append(row["text"])
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(valid, "w", encoding="utf-8") as out:
        for i in range(VALID):
            row = record(rng, TRAIN + i, "valid")
            if i % 100 == 0:
                row["text"] = texts[i // 100]  # an exact copy
            elif i % 100 == 1:
                row["text"] = str(texts[i // 100 + 1000]).capitalize() + "."  # a near copy
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return train, valid


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bare_scan(path: Path) -> None:
    with Engine() as engine:
        engine.rows(f"SELECT count(*) FROM read_json('{path}', format = 'newline_delimited')")


def run_balance(path: Path) -> None:
    with Engine() as engine:
        balance(Dataset.open(path, engine), "label", "domain", "split")


def run_overlap(train: Path, valid: Path) -> None:
    with Engine() as engine:
        found = overlap(Dataset.open(train, engine), Dataset.open(valid, engine), "text")
    assert found.exact >= VALID // 100 and found.near >= VALID // 100, found.summary()


def bytes_read() -> int:
    with open("/proc/self/io") as handle:
        return int(next(line for line in handle if line.startswith("rchar:")).split()[1])


def peak_mb(args: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of `credo ARGS` in a fresh process."""
    code = (
        "import resource, sys, time\nfrom credo.cli import main\nt = time.perf_counter()\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    )
    seconds, kb = result.stdout.split()[-2:]
    return float(seconds), int(kb) / 1024


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="credo-bench-data-"))
    try:
        print(f"generating {TRAIN:,} + {VALID:,} records...")
        train, valid = generate(folder)
        size = train.stat().st_size
        mb = valid.stat().st_size / 2**20
        print(f"train.jsonl {size / 2**20:,.0f} MB, valid.jsonl {mb:,.0f} MB")
        floor, bal, over, looks, cue = [], [], [], [], []
        for _ in range(RUNS):
            floor.append(timed(lambda: bare_scan(train)))
            bal.append(timed(lambda: run_balance(train)))
            over.append(timed(lambda: run_overlap(train, valid)))
            before = bytes_read()
            looks.append(timed(lambda: _look(train)))
            read = bytes_read() - before
            cue.append(timed(lambda: _cues(valid)))
        base = statistics.median(floor)
        print(f"median of {RUNS} runs (floor: DuckDB's bare scan of train.jsonl)")
        print(f"  floor: bare scan               {base:7.2f} s")
        for name, samples, target in (("balance", bal, 3), ("overlap 1M vs 100k", over, 5)):
            ratio = statistics.median(samples) / base
            print(
                f"  {name:<30} {statistics.median(samples):7.2f} s   {ratio:.1f}x floor, "
                f"target < {target}x"
            )
        print(
            f"  look --by domain -n 5          {statistics.median(looks):7.2f} s   "
            f"target < 0.5 s; read {read / 2**20:.1f} MB of {size / 2**20:,.0f} MB"
        )
        print(f"  cues on 100,000 records        {statistics.median(cue):7.2f} s   target < 10 s")

        big = folder / "big.jsonl"
        with open(big, "wb") as out:
            while out.tell() < 2**30:
                with open(train, "rb") as part:
                    shutil.copyfileobj(part, out)
        print(
            f"a {big.stat().st_size / 2**30:.2f} GB input (train.jsonl repeated), fresh processes:"
        )
        for args in (
            ["data", "balance", "big.jsonl", "--label", "label", "--by", "domain"],
            ["data", "overlap", "big.jsonl", "valid.jsonl", "--key", "text"],
        ):
            seconds, peak = peak_mb(args, folder)
            print(f"  {args[1]:<30} {seconds:7.2f} s   peak {peak:,.0f} MB, target < 1,536 MB")
        mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this process peaked at {mine:,.0f} MB)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _look(train: Path) -> None:
    with Engine() as engine:
        found = look(Dataset.open(train, engine), ["domain"], 5)
    assert len(found.groups) == len(DOMAINS)


def _cues(valid: Path) -> None:
    with Engine() as engine:
        found = cues(Dataset.open(valid, engine), "label")
    assert found.cues and found.cues[0].value == "Lisboa", found.summary()


if __name__ == "__main__":
    main()
