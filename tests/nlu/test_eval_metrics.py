"""The plain-Python metrics behind `make eval` (scripts/eval_metrics.py)."""

import pytest

from scripts.eval_metrics import (
    Scores,
    accuracy,
    confusion_counts,
    entity_scores,
    macro_average,
    most_confused,
    per_label_scores,
    rejection_rate,
    threshold_sweep,
)

TRUTHS = ["greet", "greet", "leave_balance", "leave_balance", "request_leave"]
PREDICTIONS = ["greet", "leave_balance", "leave_balance", "nlu_fallback", "request_leave"]


def test_per_label_scores_count_hits_against_what_was_predicted_and_what_was_true():
    scores = per_label_scores(TRUTHS, PREDICTIONS)

    assert scores["greet"] == Scores(precision=1.0, recall=0.5, f1=pytest.approx(2 / 3), support=2)
    assert scores["leave_balance"].precision == 0.5
    assert scores["leave_balance"].recall == 0.5
    assert scores["request_leave"].f1 == 1.0
    assert "nlu_fallback" not in scores


def test_per_label_scores_refuse_sequences_of_different_lengths():
    with pytest.raises(ValueError, match="same length"):
        per_label_scores(["greet"], [])


def test_macro_average_is_the_unweighted_mean_and_sums_support():
    average = macro_average(per_label_scores(TRUTHS, PREDICTIONS))

    assert average.recall == pytest.approx((0.5 + 0.5 + 1.0) / 3)
    assert average.support == 5
    assert macro_average({}) == Scores(0.0, 0.0, 0.0, 0)


def test_accuracy_and_rejection_rate():
    assert accuracy(TRUTHS, PREDICTIONS) == pytest.approx(3 / 5)
    assert rejection_rate(PREDICTIONS) == pytest.approx(1 / 5)
    assert rejection_rate(["out_of_scope", "nlu_fallback", "greet", "help"]) == 0.5
    assert accuracy([], []) == 0.0
    assert rejection_rate([]) == 0.0


def test_confusion_counts_put_truths_on_rows_and_predictions_on_columns():
    labels, matrix = confusion_counts(TRUTHS, PREDICTIONS)

    assert labels == ["greet", "leave_balance", "nlu_fallback", "request_leave"]
    assert matrix[labels.index("greet")][labels.index("leave_balance")] == 1
    assert matrix[labels.index("leave_balance")][labels.index("nlu_fallback")] == 1
    assert sum(map(sum, matrix)) == len(TRUTHS)


def test_most_confused_ranks_mistakes_by_count_then_name():
    truths = ["a", "a", "a", "b", "c"]
    predictions = ["b", "b", "a", "c", "a"]

    assert most_confused(truths, predictions) == [("a", "b", 2), ("b", "c", 1), ("c", "a", 1)]
    assert most_confused(truths, predictions, limit=1) == [("a", "b", 2)]


def test_entity_scores_need_the_same_label_and_span_and_check_the_value_separately():
    gold = [
        [("leave_type", 10, 13, "annual")],
        [("half", 0, 9, "pm"), ("request_ref", 20, 29, "LR-000001")],
        [],
    ]
    found = [
        [("leave_type", 10, 13, "flexi")],  # right span, wrong value
        [("half", 0, 9, "pm")],  # request_ref missed
        [("leave_type", 3, 10, "annual")],  # nothing was there
    ]

    scores = entity_scores(gold, found)

    assert scores.overall.precision == pytest.approx(2 / 3)
    assert scores.overall.recall == pytest.approx(2 / 3)
    assert scores.per_label["request_ref"].recall == 0.0
    assert scores.per_label["leave_type"].precision == 0.5
    assert scores.value_accuracy == 0.5


def test_threshold_sweep_replays_the_fallback_decision_from_rankings():
    in_scope = [
        ("greet", [("greet", 0.9), ("thank", 0.1)]),
        ("leave_balance", [("leave_balance", 0.6), ("leave_status", 0.4)]),
        ("help", [("nlu_fallback", 0.7), ("stop", 0.55), ("help", 0.45)]),
    ]
    off_topic = [[("out_of_scope", 0.95)], [("leave_status", 0.65), ("out_of_scope", 0.35)]]

    low, high = threshold_sweep(in_scope, off_topic, [0.5, 0.7])

    assert low.threshold == 0.5
    assert low.in_scope_accuracy == pytest.approx(2 / 3)  # "help" text went to "stop"
    assert low.false_rejection == 0.0
    assert low.out_of_scope_rejection == 0.5
    assert high.in_scope_accuracy == pytest.approx(1 / 3)
    assert high.false_rejection == pytest.approx(2 / 3)
    assert high.out_of_scope_rejection == 1.0
