"""Benchmark the offline analyzer against VADER on the shared labelled sentences.

Run standalone: `.venv/bin/python bench/bench_analysis.py`. Prints one JSON
object per line: {"name", "value", "unit", "baseline", "ratio"}. The data lives
outside the repository (../shared/data/sentiment, see SOURCES.txt there) and is
never copied in. The baselines are VADER for English and its French port
vaderSentiment-fr for French, dev-only dependencies run in the same process.
Not collected by pytest (file name does not start with test_).
"""

from __future__ import annotations

import csv
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from _common import ROOT, SHARED_DATA, emit

DATA = SHARED_DATA / "sentiment"
REPEATS = 5

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chalicelib.analysis import analyze_offline  # noqa: E402


def load(pattern: str) -> list[tuple[str, str]]:
    """(text, label) rows from every CSV matching `pattern` in the data folder."""
    rows: list[tuple[str, str]] = []
    for path in sorted(DATA.glob(pattern)):
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend((row["text"], row["label"]) for row in csv.DictReader(handle))
    return rows


def best_rate(texts: Sequence[str], fn: Callable[[str], object]) -> float:
    """Texts per second, best of REPEATS full passes (perf_counter)."""
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best if best > 0 else float("inf")


def metrics(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Negative-class precision/recall/F1 and accuracy (labels compared as is)."""
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == "neg" and p == "neg")
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != "neg" and p == "neg")
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == "neg" and p != "neg")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold) if gold else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy}


_SHORT = {"positive": "pos", "negative": "neg", "neutral": "neu"}


def ours(text: str, language: str) -> str:
    return _SHORT[analyze_offline(text, language).sentiment]


def vader_label(compound: float) -> str:
    return "neg" if compound <= -0.05 else "pos" if compound >= 0.05 else "neu"


def french_vader() -> Any:
    """vaderSentiment-fr's analyzer; its fuzzy-matching dependency warns at import that it runs in pure Python."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def figure(name: str, value: float, unit: str, baseline: float | None = None) -> None:
    """One figure rounded to 4 places, with its ratio to the baseline when there is one."""
    emit(
        name,
        round(value, 4),
        unit,
        None if baseline is None else round(baseline, 4),
        value / baseline if baseline else None,
    )


def main() -> int:
    english = load("en_*.csv")
    french = load("fr_*.csv")
    if not english or not french:
        emit("error", None, f"no data under {DATA}")
        return 1
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    en_texts = [text for text, _ in english]
    fr_texts = [text for text, _ in french]

    # Warm both analyzers (lazy lexicon compilation, caches) before timing.
    for text in en_texts[:50]:
        analyze_offline(text, "en")
        vader.polarity_scores(text)

    ours_rate = best_rate(en_texts, lambda text: analyze_offline(text, "en"))
    vader_rate = best_rate(en_texts, vader.polarity_scores)
    figure("analyzer_throughput_ratio", ours_rate, "texts/s", vader_rate)

    # VADER is binary here: compound <= -0.05 is negative, anything else counts as positive.
    gold_en = [label for _, label in english]
    ours_en = [ours(text, "en") for text in en_texts]
    vader_en = ["neg" if vader.polarity_scores(text)["compound"] <= -0.05 else "pos" for text in en_texts]
    m_ours, m_vader = metrics(gold_en, ours_en), metrics(gold_en, vader_en)
    figure("sentiment_en_negative_f1", m_ours["f1"], "f1", m_vader["f1"])
    figure("sentiment_en_negative_precision", m_ours["precision"], "precision", m_vader["precision"])
    figure("sentiment_en_negative_recall", m_ours["recall"], "recall", m_vader["recall"])
    figure("sentiment_en_accuracy", m_ours["accuracy"], "accuracy", m_vader["accuracy"])

    # The French baseline is vaderSentiment-fr, VADER's French port, with VADER's threshold:
    # compound <= -0.05 is negative, >= 0.05 positive, neutral between (the set has three classes).
    vader_fr = french_vader()
    gold_fr = [label for _, label in french]
    ours_fr = [ours(text, "fr") for text in fr_texts]
    vader_fr_labels = [vader_label(vader_fr.polarity_scores(text)["compound"]) for text in fr_texts]
    m_fr, m_vader_fr = metrics(gold_fr, ours_fr), metrics(gold_fr, vader_fr_labels)
    figure("sentiment_fr_negative_f1", m_fr["f1"], "f1", m_vader_fr["f1"])
    figure("sentiment_fr_negative_precision", m_fr["precision"], "precision", m_vader_fr["precision"])
    figure("sentiment_fr_negative_recall", m_fr["recall"], "recall", m_vader_fr["recall"])
    figure("sentiment_fr_accuracy", m_fr["accuracy"], "accuracy (3 classes)", m_vader_fr["accuracy"])
    # Where the French errors come from: the same predictions with the 3-3.5 star rows left out.
    polar = [(g, p) for g, p in zip(gold_fr, ours_fr, strict=True) if g != "neu"]
    m_polar = metrics([g for g, _ in polar], [p for _, p in polar])
    figure("sentiment_fr_negative_f1_without_neutral_rows", m_polar["f1"], "f1 (rows rated 3-3.5 stars left out)")
    figure(
        "analyzer_fr_texts_per_s",
        best_rate(fr_texts, lambda text: analyze_offline(text, "fr")),
        "texts/s",
        best_rate(fr_texts, vader_fr.polarity_scores),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
