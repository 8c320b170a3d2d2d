"""`make eval`'s report shows the independent set on its own, beside its figures before."""

import json

from scripts import eval_report


def _scores(accuracy: float, rejected: float) -> dict:
    row = {"precision": 0.9, "recall": accuracy, "f1": 0.9, "support": 30}
    return {
        "sources": ["tests/nlu/holdout.yml"],
        "in_scope_count": 30,
        "off_topic_count": 10,
        "in_scope_accuracy": accuracy,
        "false_rejection": 0.05,
        "off_topic_rejection": rejected,
        "off_topic_by_category": {"weather": {"count": 10, "rejected": rejected}},
        "per_intent": {"pay_date": row},
        "macro": row,
        "most_confused": [["pay_date", "payslip", 2]],
        "confusion": {"labels": ["out_of_scope", "pay_date"], "matrix": [[9, 1], [0, 30]]},
        "entities": {
            "messages": 1,
            "overall": row,
            "per_label": {"half": row},
            "value_accuracy": 1.0,
        },
        "threshold_sweep": [
            {
                "threshold": 0.5,
                "in_scope_accuracy": accuracy,
                "false_rejection": 0.05,
                "out_of_scope_rejection": rejected,
            }
        ],
        "misses": [
            {
                "text": "what do I take home",
                "intent": "payslip",
                "predicted": "nlu_fallback",
                "confidence": 0.3,
            }
        ],
        "leaks": [],
        "parse_ms": {"p50": 5.0, "p95": 7.0},
        "model_load_seconds": 3.0,
        "step_seconds": 1.0,
    }


def test_the_report_shows_the_independent_set_before_and_now(tmp_path):
    before = _scores(0.843, 0.834) | {"revision": "c0cc764"}
    (tmp_path / "before.json").write_text(json.dumps(before))
    cost = {
        "date": "2026-12-01 21:00",
        "load_average_before": [1.0, 1.0, 1.0],
        "load_average_after": [1.5, 1.0, 1.0],
        "baseline": {"parse": {"cpu_ms": {"p50": 4.0, "mean": 4.5}}},
        "model": {
            "parse": {"cpu_ms": {"p50": 14.0, "mean": 15.0}},
            "train": {"wall_seconds": 130.0, "cpu_seconds": 120.0},
        },
    }
    (tmp_path / "cost.json").write_text(json.dumps(cost))
    results = {
        "revision": "abc1234",
        "date": "2026-12-01 21:00",
        "model": "bot/models/assistant.tar.gz",
        "cross_validation": {"skipped": True, "step_seconds": 0.0},
        "held_out": _scores(0.97, 0.96),
        "independent": _scores(0.93, 0.925),
        "stories": {"missing": "tests/bot/test_stories.yml", "step_seconds": 0.0},
        "e2e": {"missing": "var/e2e-junit.xml", "step_seconds": 0.0},
    }

    eval_report.write(results, tmp_path, tmp_path / "before.json", tmp_path / "cost.json")

    report = (tmp_path / "eval.md").read_text()
    assert "| 97.0% | 96.0% | 93.0% / 92.5% |" in report
    assert "## 3. The independent set (`tests/nlu/independent.yml`)" in report
    assert "| before (`c0cc764`) | **84.3%** | 5.0% | **83.4%** | 0.900 |" in report
    assert "| now | **93.0%** | 5.0% | **92.5%** | 0.900 |" in report
    assert "| pay_date | 30 | 84.3% | 93.0% | 0.900 | 0.900 |" in report
    assert "| NLU CPU per message, p50 / mean (ms) | 4.0 / 4.5 | 14.0 / 15.0 |" in report
    assert "| full `rasa train`, wall / CPU (s) | n/a / n/a | 130.0 / 120.0 |" in report
    assert (tmp_path / "eval_independent_threshold.png").exists()
    figures = json.loads((tmp_path / "eval.json").read_text())
    assert figures["independent"]["in_scope_accuracy"] == 0.93
