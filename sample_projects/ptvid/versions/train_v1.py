"""First baseline: character-trigram naive Bayes, European vs Brazilian Portuguese."""

import math
import random
import sys
from collections import Counter
from pathlib import Path

from credo import log_metric

DATA = Path(__file__).parent / "data"
LABELS = ("pt-PT", "pt-BR")


def trigrams(text):
    padded = f"  {text.lower()}  "
    return Counter(padded[i : i + 3] for i in range(len(padded) - 2))


def main():
    rows = []
    for path in sorted(DATA.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            variety, _, text = line.split("\t")
            rows.append((trigrams(text), LABELS.index(variety)))
    random.Random(0).shuffle(rows)
    cut = len(rows) * 4 // 5
    train, valid = rows[:cut], rows[cut:]
    counts, priors = [Counter(), Counter()], [0, 0]
    for x, y in train:
        counts[y].update(x)
        priors[y] += 1
    vocab = len(set(counts[0]) | set(counts[1]))
    totals = [sum(c.values()) for c in counts]
    correct = 0
    for x, y in valid:
        scores = [
            math.log(priors[k]) + sum(v * math.log((counts[k][f] + 1) / (totals[k] + vocab)) for f, v in x.items())
            for k in (0, 1)
        ]
        correct += scores.index(max(scores)) == y
    log_metric(step=0, valid_acc=correct / len(valid))
    print(f"valid accuracy {correct / len(valid):.3f} on {len(valid)} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
