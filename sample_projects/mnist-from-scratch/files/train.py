"""Softmax regression on 5x7 digits, from scratch in pure Python; logs through credo."""

import json
import math
import os
import random
import sys
import time
from pathlib import Path

try:
    from credo import log_metric, log_params
except ImportError:  # credo is not installed in this Python: write the same lines ourselves

    def log_metric(step=None, **values):
        path = os.environ.get("CREDO_METRICS")
        if path:
            with open(path, "a", encoding="utf-8") as out:
                out.write(json.dumps({"step": step, "time": time.time(), **values}) + "\n")

    def log_params(**params):
        pass


def load():
    lines = (Path(__file__).parent / "data" / "digits.csv").read_text().splitlines()[1:]
    rows = [[int(v) for v in line.split(",")] for line in lines]
    random.Random(0).shuffle(rows)
    cut = len(rows) * 4 // 5
    return rows[:cut], rows[cut:]


def predict(w, pixels):
    scores = [sum(wi * x for wi, x in zip(row, pixels + [1])) for row in w]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def main():
    log_params(num_classes=10, seed=0)
    train, valid = load()
    w = [[0.0] * 36 for _ in range(10)]
    lr, step = 0.1, 0
    for epoch in range(1, 6):
        for label, *pixels in train:
            probs = predict(w, pixels)
            for k in range(10):
                grad = probs[k] - (k == label)
                for i, x in enumerate(pixels + [1]):
                    w[k][i] -= lr * grad * x
            step += 1
            if step % 20 == 0:
                log_metric(step=step, loss=-math.log(max(probs[label], 1e-12)))
        correct = sum(max(range(10), key=lambda k: predict(w, p)[k]) == y for y, *p in valid)
        log_metric(step=step, valid_acc=correct / len(valid))
        print(f"epoch {epoch}: valid accuracy {correct / len(valid):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
