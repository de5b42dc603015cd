"""Tell European (pt-PT) from Brazilian (pt-BR) Portuguese, in pure Python.

Character n-gram logistic regression (or naive Bayes with --model nb), trained with
plain SGD in a few seconds. Every step logs train loss and accuracy through
`credo.log_metric`; every epoch logs validation loss and accuracy and shows one
prediction on a random validation sentence.

    credo run -- python train.py
    python train.py --model nb --features words
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

try:
    from credo import log_metric
except ImportError:  # credo is not installed in this Python: write the same lines ourselves

    def log_metric(step: int | None = None, **values: float) -> None:
        path = os.environ.get("CREDO_METRICS")
        if path:
            with open(path, "a", encoding="utf-8") as out:
                record = {"step": step, "time": time.time(), **{k: float(v) for k, v in values.items()}}
                out.write(json.dumps(record) + "\n")


DATA = Path(__file__).parent / "data"
LABELS = ("pt-PT", "pt-BR")


def load(domains: list[str], split: str) -> tuple[list[tuple[str, int, str]], list[tuple[str, int, str]]]:
    """(text, label, domain) rows; split by template, valid sentences come from unseen ones."""
    train, valid = [], []
    for domain in domains:
        lines = (DATA / f"{domain}.tsv").read_text(encoding="utf-8").splitlines()[1:]
        for line in lines:
            variety, template, text = line.split("\t")
            row = (text, LABELS.index(variety), domain)
            key = template if split == "template" else text
            (valid if zlib.crc32(key.encode()) % 4 == 0 else train).append(row)
    return train, valid


def features(text: str, kind: str, n: int) -> dict[str, float]:
    """Which character n-grams (1..n) or words the text holds, scaled to unit length."""
    text = text.lower()
    if kind == "words":
        grams = set(text.split())
    else:
        padded = f" {text} "
        grams = {
            padded[i : i + size] for size in range(1, n + 1) for i in range(len(padded) - size + 1)
        }
    weight = 1 / math.sqrt(len(grams) or 1)
    return dict.fromkeys(grams, weight)


def sigmoid(z: float) -> float:
    if z < -30:
        return 1e-13
    if z > 30:
        return 1 - 1e-13
    return 1 / (1 + math.exp(-z))


class LogReg:
    def __init__(self) -> None:
        self.w: dict[str, float] = {}
        self.b = 0.0

    def prob(self, x: dict[str, float]) -> float:
        return sigmoid(self.b + sum(self.w.get(f, 0.0) * v for f, v in x.items()))

    def step(self, batch: list[tuple[dict[str, float], int]], lr: float) -> tuple[float, float]:
        loss = correct = 0.0
        grads: dict[str, float] = {}
        grad_b = 0.0
        for x, y in batch:
            p = self.prob(x)
            loss -= math.log(p if y else 1 - p)
            correct += (p >= 0.5) == bool(y)
            error = p - y
            grad_b += error
            for f, v in x.items():
                grads[f] = grads.get(f, 0.0) + error * v
        scale = lr / len(batch)
        for f, g in grads.items():
            self.w[f] = self.w.get(f, 0.0) - scale * g
        self.b -= scale * grad_b
        return loss / len(batch), correct / len(batch)


class NaiveBayes:
    def __init__(self, rows: list[tuple[dict[str, float], int]]) -> None:
        self.counts = [Counter(), Counter()]  # type: list[Counter[str]]
        self.priors = [0, 0]
        for x, y in rows:
            self.counts[y].update(x)
            self.priors[y] += 1
        self.totals = [sum(c.values()) for c in self.counts]
        self.vocab = len(set(self.counts[0]) | set(self.counts[1]))

    def prob(self, x: dict[str, float]) -> float:
        scores = []
        for y in (0, 1):
            score = math.log(self.priors[y] / sum(self.priors))
            for f, v in x.items():
                score += v * math.log((self.counts[y][f] + 1) / (self.totals[y] + self.vocab))
            scores.append(score)
        return sigmoid(scores[1] - scores[0])


def evaluate(model: LogReg | NaiveBayes, rows: list[tuple[dict[str, float], int]]) -> tuple[float, float]:
    loss = correct = 0.0
    for x, y in rows:
        p = model.prob(x)
        loss -= math.log(p if y else 1 - p)
        correct += (p >= 0.5) == bool(y)
    return loss / len(rows), correct / len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["logreg", "nb"], default="logreg")
    parser.add_argument("--features", choices=["chars", "words"], default="chars")
    parser.add_argument("--ngram", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--split",
        choices=["template", "sentence"],
        default="template",
        help="hold out whole templates (honest) or random sentences (leaks templates)",
    )
    parser.add_argument("--domains", default="news,legal,social,literature")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    domains = [d for d in args.domains.split(",") if d]
    missing = [d for d in domains if not (DATA / f"{d}.tsv").exists()]
    if missing:
        print(f"error: no data for {', '.join(missing)} in {DATA}", file=sys.stderr)
        return 2
    train_rows, valid_rows = load(domains, args.split)
    train = [(features(t, args.features, args.ngram), y) for t, y, _ in train_rows]
    valid = [(features(t, args.features, args.ngram), y) for t, y, _ in valid_rows]
    print(f"{len(train)} train / {len(valid)} valid sentences, domains: {', '.join(domains)}")
    started = time.time()

    if args.model == "nb":
        model: LogReg | NaiveBayes = NaiveBayes(train)
        train_loss, train_acc = evaluate(model, train)
        valid_loss, valid_acc = evaluate(model, valid)
        log_metric(step=0, loss=train_loss, acc=train_acc, valid_loss=valid_loss, valid_acc=valid_acc)
    else:
        model = LogReg()
        step = 0
        for epoch in range(1, args.epochs + 1):
            order = list(range(len(train)))
            rng.shuffle(order)
            for start in range(0, len(order), args.batch):
                batch = [train[i] for i in order[start : start + args.batch]]
                loss, acc = model.step(batch, args.lr)
                step += 1
                log_metric(step=step, loss=loss, acc=acc)
            valid_loss, valid_acc = evaluate(model, valid)
            log_metric(step=step, valid_loss=valid_loss, valid_acc=valid_acc)
            text, label, _ = rng.choice(valid_rows)
            guess = LABELS[model.prob(features(text, args.features, args.ngram)) >= 0.5]
            print(
                f"epoch {epoch}: step {step} loss {loss:.3f} valid_loss {valid_loss:.3f} "
                f"valid_acc {valid_acc:.3f} | {text!r} -> {guess} (is {LABELS[label]})"
            )

    per_domain = {}
    for domain in domains:
        rows = [(x, y) for (x, y), (_, _, d) in zip(valid, valid_rows) if d == domain]
        if rows:
            per_domain[domain] = evaluate(model, rows)[1]
    print("valid accuracy by domain: " + ", ".join(f"{d} {a:.2f}" for d, a in per_domain.items()))
    print(f"done in {time.time() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
