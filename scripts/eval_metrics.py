"""Classification metrics for `make eval`, in plain Python.

Standard library only, so the same code runs in the rasa environment (where `scripts/eval.py`
uses it) and in the main environment (where `tests/nlu/` checks it).

Vocabulary: a *prediction* is what the model said for one message (after the
FallbackClassifier); *rejected* means `out_of_scope` or `nlu_fallback`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

REJECTIONS = frozenset({"out_of_scope", "nlu_fallback"})


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one label, with how many true examples it had."""

    precision: float
    recall: float
    f1: float
    support: int


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)


def per_label_scores(truths: Sequence[str], predictions: Sequence[str]) -> dict[str, Scores]:
    """Precision, recall and F1 of every true label.

    Args:
        truths: The true label of each example.
        predictions: The predicted label of each example, in the same order.

    Returns:
        Scores keyed by each label that occurs among the truths, sorted by name.

    Raises:
        ValueError: if the two sequences differ in length.
    """
    if len(truths) != len(predictions):
        raise ValueError("truths and predictions must have the same length")
    true_positive: Counter[str] = Counter()
    predicted: Counter[str] = Counter(predictions)
    actual: Counter[str] = Counter(truths)
    for truth, prediction in zip(truths, predictions, strict=True):
        if truth == prediction:
            true_positive[truth] += 1
    scores = {}
    for label in sorted(actual):
        precision = _ratio(true_positive[label], predicted[label])
        recall = _ratio(true_positive[label], actual[label])
        scores[label] = Scores(precision, recall, _f1(precision, recall), actual[label])
    return scores


def macro_average(scores: Mapping[str, Scores]) -> Scores:
    """The unweighted mean of precision, recall and F1 over labels.

    Args:
        scores: Per-label scores, as from `per_label_scores`.

    Returns:
        The means; support is the total number of examples.
    """
    if not scores:
        return Scores(0.0, 0.0, 0.0, 0)
    count = len(scores)
    return Scores(
        sum(s.precision for s in scores.values()) / count,
        sum(s.recall for s in scores.values()) / count,
        sum(s.f1 for s in scores.values()) / count,
        sum(s.support for s in scores.values()),
    )


def accuracy(truths: Sequence[str], predictions: Sequence[str]) -> float:
    """Share of examples whose prediction equals the truth (0.0 for none)."""
    return _ratio(sum(t == p for t, p in zip(truths, predictions, strict=True)), len(truths))


def rejection_rate(predictions: Iterable[str]) -> float:
    """Share of predictions that are `out_of_scope` or `nlu_fallback` (0.0 for none)."""
    items = list(predictions)
    return _ratio(sum(p in REJECTIONS for p in items), len(items))


def confusion_counts(
    truths: Sequence[str], predictions: Sequence[str]
) -> tuple[list[str], list[list[int]]]:
    """A confusion matrix: rows are true labels, columns predicted labels.

    Args:
        truths: The true label of each example.
        predictions: The predicted label of each example.

    Returns:
        The sorted labels seen on either side, and the matrix of counts in that order.
    """
    labels = sorted(set(truths) | set(predictions))
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for truth, prediction in zip(truths, predictions, strict=True):
        matrix[index[truth]][index[prediction]] += 1
    return labels, matrix


def most_confused(
    truths: Sequence[str], predictions: Sequence[str], limit: int = 10
) -> list[tuple[str, str, int]]:
    """The most frequent (true, predicted) mistakes.

    Args:
        truths: The true label of each example.
        predictions: The predicted label of each example.
        limit: How many pairs to return.

    Returns:
        `(true, predicted, count)`, most frequent first, ties by name.
    """
    pairs = Counter((t, p) for t, p in zip(truths, predictions, strict=True) if t != p)
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    return [(t, p, n) for (t, p), n in ranked[:limit]]


Entity = tuple[str, int, int, str]
"""An entity occurrence: (label, start, end, value)."""


@dataclass(frozen=True)
class EntityScores:
    """Span-level entity scores: a hit needs the same label and character span."""

    per_label: dict[str, Scores]
    overall: Scores
    value_accuracy: float
    """Of the span hits, the share whose normalised value is also right."""


def entity_scores(
    truths: Sequence[Iterable[Entity]], predictions: Sequence[Iterable[Entity]]
) -> EntityScores:
    """Entity precision, recall and F1 over messages (micro-averaged overall).

    Args:
        truths: For each message, the annotated entities.
        predictions: For each message, the extracted entities.

    Returns:
        Per-label and overall scores, and how often a matched span also had the right value.
    """
    true_positive: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    actual: Counter[str] = Counter()
    right_values = 0
    for gold, found in zip(truths, predictions, strict=True):
        gold_spans = {(label, start, end): value for label, start, end, value in gold}
        found_spans = {(label, start, end): value for label, start, end, value in found}
        actual.update(label for label, _, _ in gold_spans)
        predicted.update(label for label, _, _ in found_spans)
        for span, value in found_spans.items():
            if span in gold_spans:
                true_positive[span[0]] += 1
                right_values += value == gold_spans[span]
    per_label = {}
    for label in sorted(set(actual) | set(predicted)):
        precision = _ratio(true_positive[label], predicted[label])
        recall = _ratio(true_positive[label], actual[label])
        per_label[label] = Scores(precision, recall, _f1(precision, recall), actual[label])
    hits = sum(true_positive.values())
    precision = _ratio(hits, sum(predicted.values()))
    recall = _ratio(hits, sum(actual.values()))
    overall = Scores(precision, recall, _f1(precision, recall), sum(actual.values()))
    return EntityScores(per_label, overall, _ratio(right_values, hits))


@dataclass(frozen=True)
class ThresholdPoint:
    """In-scope accuracy and off-topic rejection if the fallback threshold were `threshold`."""

    threshold: float
    in_scope_accuracy: float
    false_rejection: float
    out_of_scope_rejection: float


def _decide(ranking: Sequence[tuple[str, float]], threshold: float) -> str:
    """The intent the FallbackClassifier would leave, ignoring its ambiguity rule."""
    ranked = [(name, confidence) for name, confidence in ranking if name != "nlu_fallback"]
    if not ranked:
        return "nlu_fallback"
    name, confidence = max(ranked, key=lambda item: item[1])
    return "nlu_fallback" if confidence < threshold else name


def threshold_sweep(
    in_scope: Sequence[tuple[str, Sequence[tuple[str, float]]]],
    out_of_scope: Sequence[Sequence[tuple[str, float]]],
    thresholds: Iterable[float],
) -> list[ThresholdPoint]:
    """Replay the fallback decision at other thresholds, from the classifier's rankings.

    Args:
        in_scope: For each in-scope message, its true intent and the intent ranking.
        out_of_scope: For each off-topic message, the intent ranking.
        thresholds: The thresholds to try.

    Returns:
        One point per threshold.
    """
    points = []
    for threshold in thresholds:
        decided = [_decide(ranking, threshold) for _, ranking in in_scope]
        truths = [truth for truth, _ in in_scope]
        points.append(
            ThresholdPoint(
                threshold=threshold,
                in_scope_accuracy=accuracy(truths, decided),
                false_rejection=rejection_rate(decided),
                out_of_scope_rejection=rejection_rate(
                    _decide(ranking, threshold) for ranking in out_of_scope
                ),
            )
        )
    return points
