"""Tell European (pt-PT) from Brazilian (pt-BR) Portuguese: logistic regression on
character n-grams, trained with a plain SGD loop in pure Python.

Every step logs the batch's train loss, and the loss and accuracy on a random batch of
the validation set (the first and last points: the whole validation set). Every
epoch prints the model's guess on a random validation sentence. At the end: accuracy
on the validation sentences that name places, people or clubs, with every name swapped
for one of the other country (right answers there come from the language), and how
many neutral probe sentences change their answer when only the city changes.

    credo run -- python train.py
    credo run -- python train.py --rung overfit-one --limit 1 --epochs 300
"""

from __future__ import annotations

import argparse
import math
import random
import sys

from credo_log import log_metric, log_params
from dataset import LABELS, load
from entities import names_in, swap

VALID_BATCH = 32
# Sentences the same in both varieties: only the city changes.
PROBE = [
    "A chuva forte causou inundações em {}.",
    "O museu de {} abre amanhã às dez horas.",
    "Houve um acidente grave perto de {} esta manhã.",
]
PROBE_CITIES = [
    ("Lisboa", "São Paulo"),
    ("Coimbra", "Curitiba"),
    ("Braga", "Salvador"),
    ("Faro", "Manaus"),
]
Example = tuple[dict[str, float], int]


def features(text: str) -> dict[str, float]:
    """The character 1- to 4-grams of the text, scaled to unit length."""
    padded = f" {text.lower()} "
    grams = dict.fromkeys(
        padded[i : i + n] for n in range(1, 5) for i in range(len(padded) - n + 1)
    )
    return dict.fromkeys(grams, 1 / math.sqrt(len(grams)))


def example(doc: dict[str, str]) -> Example:
    return features(doc["text"]), LABELS.index(doc["variety"])


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    return math.exp(z) / (1 + math.exp(z))


def log_loss(p: float, y: int) -> float:
    return -math.log(max(p if y else 1 - p, 1e-12))


class Model:
    """P(pt-BR) = sigmoid(b + w . x)."""

    def __init__(self) -> None:
        self.w: dict[str, float] = {}
        self.b = 0.0

    def prob(self, x: dict[str, float]) -> float:
        return sigmoid(self.b + sum(self.w.get(f, 0.0) * v for f, v in x.items()))

    def step(self, batch: list[Example], lr: float) -> float:
        """One SGD step on the batch's mean log loss; returns that loss (before the step)."""
        loss, grad_b, grads = 0.0, 0.0, {}
        for x, y in batch:
            p = self.prob(x)
            loss += log_loss(p, y)
            grad_b += p - y
            for f, v in x.items():
                grads[f] = grads.get(f, 0.0) + (p - y) * v
        for f, g in grads.items():
            self.w[f] = self.w.get(f, 0.0) - lr * g / len(batch)
        self.b -= lr * grad_b / len(batch)
        return loss / len(batch)


def evaluate(model: Model, rows: list[Example]) -> tuple[float, float]:
    """Mean log loss and accuracy."""
    loss = right = 0.0
    for x, y in rows:
        p = model.prob(x)
        loss += log_loss(p, y)
        right += (p > 0.5) == bool(y)
    return loss / len(rows), right / len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--limit", type=int, help="train on this many sentences, half of each variety"
    )
    parser.add_argument("--rung", help="the rung of the training recipe this run tries")
    args = parser.parse_args()
    log_params(num_classes=len(LABELS), seed=args.seed)
    if args.rung:
        log_params(rung=args.rung)

    rng = random.Random(args.seed)
    train_docs, valid_docs = load()
    if args.limit:  # half of each variety: the input must decide, not the label's share
        pools = [[doc for doc in train_docs if doc["variety"] == label] for label in LABELS]
        halves = ((args.limit + 1) // 2, args.limit // 2)
        picked = [rng.sample(pool, n) for pool, n in zip(pools, halves, strict=True)]
        train_docs = [doc for docs in picked for doc in docs]
    train = [example(d) for d in train_docs]
    valid = [example(d) for d in valid_docs]
    print(f"{len(train)} train / {len(valid)} valid sentences")

    model, step = Model(), 0
    valid_loss, valid_acc = evaluate(model, valid)
    log_metric(step=step, valid_loss=valid_loss, valid_acc=valid_acc)
    for epoch in range(1, args.epochs + 1):
        rng.shuffle(train)
        batches = math.ceil(len(train) / args.batch)  # the last, partial batch counts too
        total = 0.0
        for b in range(batches):
            loss = model.step(train[b * args.batch : (b + 1) * args.batch], args.lr)
            step += 1
            total += loss
            valid_loss, valid_acc = evaluate(model, rng.sample(valid, min(VALID_BATCH, len(valid))))
            log_metric(step=step, loss=loss, valid_loss=valid_loss, valid_acc=valid_acc)
        doc = rng.choice(valid_docs)
        guess = LABELS[model.prob(features(doc["text"])) > 0.5]
        shown = f"{doc['text']!r} -> {guess} ({doc['variety']})"
        print(f"epoch {epoch}: train loss {total / batches:.4f} | {shown}")
    valid_loss, valid_acc = evaluate(model, valid)
    named = [d for d in valid_docs if names_in(d["text"])]
    swapped = evaluate(model, [example({**d, "text": swap(d["text"])}) for d in named])[1]
    flips = sum(
        (model.prob(features(probe.format(pt))) > 0.5)
        != (model.prob(features(probe.format(br))) > 0.5)
        for probe in PROBE
        for pt, br in PROBE_CITIES
    )
    log_metric(
        step=step,
        valid_loss=valid_loss,
        valid_acc=valid_acc,
        valid_acc_swapped=swapped,
        city_flips=flips,
    )
    print(f"valid: loss {valid_loss:.4f}, accuracy {valid_acc:.3f}")
    print(f"{len(named)} valid sentences with their names swapped: accuracy {swapped:.3f}")
    probes = len(PROBE) * len(PROBE_CITIES)
    print(f"city probe: {flips} of {probes} answers change with the city alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
