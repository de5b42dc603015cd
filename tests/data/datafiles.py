"""Real data files in tmp_path, in every format `credo data` reads."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from credo.data.engine import Engine
from credo.data.readers import Dataset

CITIES = ["Lisboa", "Porto", "Braga", "Coimbra"]
WORDS = "o a de que e do da em um para com uma os no se na por mais as dos como mas foi".split()


def records(n: int, seed: int = 1, planted: str | None = None) -> list[dict[str, object]]:
    """Texts labelled pt-PT / pt-BR across domains; `planted` (a city) appears only in pt-PT."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        label = rng.choice(["pt-PT", "pt-BR"])
        words = [rng.choice(WORDS) + str(rng.randrange(300)) for _ in range(12)]
        if planted and label == "pt-PT" and rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), planted)
        out.append(
            {
                "id": i,
                "text": " ".join(words),
                "label": label,
                "domain": rng.choice(["news", "web", "law"]),
                "split": "train",
            }
        )
    return out


def write_jsonl(
    path: Path, rows: list[dict[str, object]], extra_lines: dict[int, str] | None = None
) -> Path:
    """One JSON object a line; `extra_lines` puts raw text at those (1-based) lines."""
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    for number, text in sorted((extra_lines or {}).items()):
        lines.insert(number - 1, text)
    data = "".join(line + "\n" for line in lines).encode()
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def copy_to(path: Path, rows: list[dict[str, object]], options: str) -> Path:
    """Write `rows` with DuckDB's COPY (Parquet, zstd-compressed JSON Lines)."""
    import duckdb

    source = path.with_suffix(".source.jsonl")
    write_jsonl(source, rows)
    duckdb.sql(f"COPY (SELECT * FROM read_json('{source}')) TO '{path}' ({options})")
    source.unlink()
    return path


def open_data(path: Path, engine: Engine) -> Dataset:
    return Dataset.open(path, engine, name=path.name)
