"""Sentences per variety and domain: check the balance before training."""

from collections import Counter
from pathlib import Path

counts = Counter()
for path in sorted((Path(__file__).parent / "data").glob("*.tsv")):
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        counts[(path.stem, line.split("\t")[0])] += 1
for (domain, variety), n in sorted(counts.items()):
    print(f"{domain:12} {variety:6} {n:5}")
