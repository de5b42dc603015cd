"""Start simple: naive Bayes on character n-grams, counted in one pass (no training loop).

Logs the loss and accuracy on the validation set.

    credo run -- python nb.py
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter

from credo_log import log_metric, log_params
from dataset import LABELS, load


def grams(text: str, n: int) -> list[str]:
    """Every character 1- to n-gram of the text, with repeats."""
    padded = f" {text.lower()} "
    return [padded[i : i + k] for k in range(1, n + 1) for i in range(len(padded) - k + 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ngram", type=int, default=3)
    parser.add_argument("--rung", help="the rung of the training recipe this run tries")
    args = parser.parse_args()
    log_params(num_classes=len(LABELS), seed=0)
    if args.rung:
        log_params(rung=args.rung)

    train, valid = load()
    counts: list[Counter[str]] = [Counter(), Counter()]
    priors = [0, 0]
    for doc in train:
        y = LABELS.index(doc["variety"])
        counts[y].update(grams(doc["text"], args.ngram))
        priors[y] += 1
    vocabulary = len(set(counts[0]) | set(counts[1]))
    totals = [sum(c.values()) for c in counts]

    loss = right = 0.0
    for doc in valid:
        y = LABELS.index(doc["variety"])
        scores = [
            math.log(priors[k] / len(train))
            + sum(
                math.log((counts[k][g] + 1) / (totals[k] + vocabulary))
                for g in grams(doc["text"], args.ngram)
            )
            for k in (0, 1)
        ]
        top = max(scores)
        loss -= scores[y] - top - math.log(sum(math.exp(s - top) for s in scores))
        right += scores[y] == top
    log_metric(step=0, valid_loss=loss / len(valid), valid_acc=right / len(valid))
    print(f"{len(train)} train / {len(valid)} valid sentences")
    print(f"valid: loss {loss / len(valid):.4f}, accuracy {right / len(valid):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
