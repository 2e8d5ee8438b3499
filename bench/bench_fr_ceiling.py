"""How hard is the French set? An in-domain model, cross-validated, as a yardstick.

Run standalone: `.venv/bin/python bench/bench_fr_ceiling.py`. Prints one JSON
object per line, like every bench script.

The French target (negative F1 >= 0.70 on the book-review dev set) is far from
what the offline rules reach. To tell "the rules are weak" from "the labels are
hard", this script trains the classic supervised baseline ON the dev rows
themselves: a TF-IDF bag of words and word pairs with a class-balanced logistic
regression, negative against the rest, scored by 5-fold cross-validation (each
row is predicted by a model that never saw it). Such a model has the unfair
advantage of learning this data set's vocabulary, so it is a generous yardstick.

Nothing trained here is saved or shipped; the analyzer in chalicelib never sees
these rows. Pure Python, so it needs no dev dependency; seeded, so it prints the
same figures on every run.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence

from bench_analysis import figure, load, metrics, ours

FOLDS = 5
EPOCHS = 12
LEARNING_RATE = 0.5
L2 = 1e-4
SEED = 20261126

_WORD = re.compile(r"\w+")

Features = dict[int, float]


def ngrams(text: str) -> list[str]:
    """Lower-cased words and adjacent word pairs."""
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


class TfIdf:
    """Sublinear TF-IDF, L2-normalised, over n-grams seen in at least two training texts."""

    def __init__(self, texts: Sequence[str]) -> None:
        document_frequency: Counter[str] = Counter()
        for text in texts:
            document_frequency.update(set(ngrams(text)))
        kept = sorted(gram for gram, count in document_frequency.items() if count >= 2)
        self.index = {gram: position for position, gram in enumerate(kept)}
        total = len(texts)
        self.idf = [math.log((1 + total) / (1 + document_frequency[gram])) + 1 for gram in kept]

    def __call__(self, text: str) -> Features:
        counts = Counter(gram for gram in ngrams(text) if gram in self.index)
        vector = {self.index[g]: (1 + math.log(n)) * self.idf[self.index[g]] for g, n in counts.items()}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        return {key: value / norm for key, value in vector.items()}


def train(vectors: Sequence[Features], positive: Sequence[bool], rng: random.Random) -> tuple[dict[int, float], float]:
    """Class-balanced logistic regression by plain SGD; returns (weights, bias)."""
    n_pos = sum(positive) or 1
    n_neg = (len(positive) - n_pos) or 1
    class_weight = {True: len(positive) / (2 * n_pos), False: len(positive) / (2 * n_neg)}
    weights: dict[int, float] = {}
    bias = 0.0
    order = list(range(len(vectors)))
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = LEARNING_RATE / (1 + epoch)
        for i in order:
            vector, label = vectors[i], positive[i]
            z = bias + sum(weights.get(key, 0.0) * value for key, value in vector.items())
            probability = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            gradient = (probability - (1.0 if label else 0.0)) * class_weight[label]
            for key, value in vector.items():
                current = weights.get(key, 0.0)
                weights[key] = current - rate * (gradient * value + L2 * current)
            bias -= rate * gradient
    return weights, bias


def predict(weights: dict[int, float], bias: float, vector: Features) -> bool:
    return bias + sum(weights.get(key, 0.0) * value for key, value in vector.items()) > 0


def stratified_folds(labels: Sequence[str], rng: random.Random) -> list[int]:
    """Fold number per row, each label spread evenly over the folds."""
    fold_of = [0] * len(labels)
    for label in sorted(set(labels)):
        rows = [i for i, value in enumerate(labels) if value == label]
        rng.shuffle(rows)
        for position, row in enumerate(rows):
            fold_of[row] = position % FOLDS
    return fold_of


def cross_validated(texts: Sequence[str], labels: Sequence[str]) -> list[str]:
    """Each row's prediction ("neg" or "rest") from a model trained on the other folds."""
    rng = random.Random(SEED)
    fold_of = stratified_folds(labels, rng)
    predicted = [""] * len(texts)
    for fold in range(FOLDS):
        train_rows = [i for i in range(len(texts)) if fold_of[i] != fold]
        vectorize = TfIdf([texts[i] for i in train_rows])
        weights, bias = train([vectorize(texts[i]) for i in train_rows], [labels[i] == "neg" for i in train_rows], rng)
        for i in range(len(texts)):
            if fold_of[i] == fold:
                predicted[i] = "neg" if predict(weights, bias, vectorize(texts[i])) else "rest"
    return predicted


def main() -> int:
    french = load("fr_*.csv")
    if not french:
        figure("error", 0, "no French data found")
        return 1
    texts = [text for text, _ in french]
    gold = [label for _, label in french]
    model = metrics(gold, cross_validated(texts, gold))
    rules = metrics(gold, [ours(text, "fr") for text in texts])
    figure("fr_in_domain_model_negative_f1", model["f1"], "f1, 5-fold CV on the dev rows")
    figure("fr_in_domain_model_negative_precision", model["precision"], "precision")
    figure("fr_in_domain_model_negative_recall", model["recall"], "recall")
    figure("sentiment_fr_negative_f1_vs_in_domain_model", rules["f1"], "f1", model["f1"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
