"""`make eval`: how well the assistant understands people, written up under `reports/`.

Runs with the rasa environment from the repository root (PYTHONPATH = the root)::

    .venv-rasa/bin/python -m scripts.eval [--folds 3] [--skip-cv]

Steps, each behind a progress bar:

1. ``rasa test nlu`` cross-validation over ``nlu_data/`` (``--folds``, default 3).
2. The trained model (``bot/models/assistant.tar.gz``, loaded once, parsed in-process) on the
   held-out sets: ``tests/nlu/holdout.yml`` (in scope) and ``tests/nlu/out_of_scope.yml``
   (off-topic): intent and entity precision / recall / F1,
   in-scope accuracy and false rejections, off-topic rejection per category, and what other
   fallback thresholds would have given. Then, on its own, the independent set
   ``tests/nlu/independent.yml`` (written by someone who never read ``nlu_data/``), next to
   the figures of the model before the sentence embeddings
   (``reports/eval_independent_before.json``) when that file is there.
3. ``rasa test core`` on ``tests/bot/test_stories.yml``.
4. The end-to-end journeys, from the JUnit XML that ``make test`` writes (``var/e2e-junit.xml``).
5. ``reports/eval.md``, ``reports/eval.json`` and PNGs.

Work files go to ``var/eval/``. Nothing here changes the model or the data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from tqdm import tqdm

from scripts import eval_metrics as metrics
from scripts import eval_report

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
MODEL = ROOT / "bot" / "models" / "assistant.tar.gz"
HOLDOUTS = [ROOT / "tests" / "nlu" / "holdout.yml"]
ENTITY_ANNOTATED = ROOT / "tests" / "nlu" / "holdout.yml"
OFF_TOPIC = ROOT / "tests" / "nlu" / "out_of_scope.yml"
INDEPENDENT = ROOT / "tests" / "nlu" / "independent.yml"
STORIES = ROOT / "tests" / "bot" / "test_stories.yml"
JUNIT = ROOT / "var" / "e2e-junit.xml"
DIMENSIONS = frozenset({"leave_type", "half", "request_ref"})
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(13)]


@dataclass
class Example:
    """One labelled message from a held-out file."""

    text: str
    intent: str
    source: str
    entities: list[metrics.Entity] = field(default_factory=list)
    category: str = ""


@dataclass
class Parsed:
    """What the model said about one message."""

    intent: str
    confidence: float
    ranking: list[tuple[str, float]]
    entities: list[metrics.Entity]
    seconds: float


def rasa_env() -> dict[str, str]:
    """The environment for rasa subprocesses: quiet, no telemetry, our components importable."""
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
    )
    return env


def run_logged(argv: list[str], log: Path, on_line: Any = None) -> int:
    """Run a command with its output in `log`; call `on_line(line)` for each line it prints.

    Args:
        argv: The command.
        log: Where its output goes.
        on_line: Optional callback, for progress bars.

    Returns:
        The exit code.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=rasa_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        assert process.stdout is not None
        for line in process.stdout:
            out.write(line)
            if on_line is not None:
                on_line(line)
        return process.wait()


# --- step 1: cross-validation -------------------------------------------------------------

_COMPONENT_STARTED = re.compile(r"Starting to train component '?(\w+)")
"""Each fold trains the whole pipeline: the first component's start marks a new fold."""


def cross_validate(folds: int, work: Path) -> dict[str, Any]:
    """`rasa test nlu --cross-validation` over nlu_data, summarised.

    Args:
        folds: How many folds.
        work: Where rasa writes its reports.

    Returns:
        Accuracy, macro and weighted averages, per-intent scores, the most confused pairs
        and the path of rasa's confusion-matrix PNG; ``error`` if rasa failed.
    """
    out = work / "cv"
    shutil.rmtree(out, ignore_errors=True)
    bar = tqdm(total=folds, desc="  cross-validation folds", unit="fold", leave=False)
    seen = 0

    first_component = ""

    def on_line(line: str) -> None:
        nonlocal seen, first_component
        started = _COMPONENT_STARTED.search(line)
        if not started:
            return
        first_component = first_component or started.group(1)
        if started.group(1) == first_component and seen < folds:
            seen += 1
            bar.update(1)

    started = time.monotonic()
    code = run_logged(
        [
            str(RASA),
            "test",
            "nlu",
            "--nlu",
            "nlu_data",
            "--config",
            "config.yml",
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(out),
        ],
        work / "cv.log",
        on_line,
    )
    bar.close()
    seconds = time.monotonic() - started
    report_file = out / "intent_report.json"
    if code != 0 or not report_file.exists():
        return {"error": f"rasa test nlu exited with {code}; see {work / 'cv.log'}"}
    report = json.loads(report_file.read_text())
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    truths = [e["intent"] for e in errors]
    predicted = [e["intent_prediction"]["name"] for e in errors]
    per_intent = {
        name: {k: row[k] for k in ("precision", "recall", "f1-score", "support")}
        for name, row in report.items()
        if isinstance(row, dict)
        and "support" in row
        and name not in ("macro avg", "weighted avg", "micro avg")
    }
    return {
        "folds": folds,
        "seconds": round(seconds, 1),
        "accuracy": report.get("accuracy"),
        "macro": report.get("macro avg"),
        "weighted": report.get("weighted avg"),
        "per_intent": per_intent,
        "most_confused": metrics.most_confused(truths, predicted, limit=10),
        "confusion_png": str(out / "intent_confusion_matrix.png"),
    }


# --- step 2: held-out sets ------------------------------------------------------------------


def load_examples(path: Path) -> list[Example]:
    """Read a Rasa NLU yml file into examples (entities limited to the extractor's dimensions).

    Args:
        path: The file.

    Returns:
        Its examples; the intent-level ``metadata.category`` becomes each example's category.
    """
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().read(str(path))
    examples = []
    for message in data.intent_examples:
        metadata = message.get("metadata") or {}
        category = (metadata.get("intent") or {}).get("category", "")
        entities = [
            (e["entity"], e["start"], e["end"], str(e.get("value", "")))
            for e in message.get("entities") or []
            if e["entity"] in DIMENSIONS
        ]
        examples.append(
            Example(
                text=message.get("text"),
                intent=message.get("intent"),
                source=str(path.relative_to(ROOT)),
                entities=entities,
                category=category,
            )
        )
    return examples


def load_held_out(paths: list[Path] | None = None) -> tuple[list[Example], list[Example]]:
    """The in-scope and off-topic examples of some files, each text once.

    Args:
        paths: The files; the held-out sets (`HOLDOUTS` and `OFF_TOPIC`) when omitted.

    Returns:
        In-scope examples, and off-topic ones (``out_of_scope`` lines without a category
        take their file's name as one).
    """
    seen: set[str] = set()
    in_scope: list[Example] = []
    off_topic: list[Example] = []
    for path in paths if paths is not None else [*HOLDOUTS, OFF_TOPIC]:
        if not path.exists():
            continue
        for example in load_examples(path):
            key = example.text.strip().lower()
            if key in seen:
                continue
            seen.add(key)
            if example.intent == "out_of_scope":
                example.category = example.category or path.stem
                off_topic.append(example)
            else:
                in_scope.append(example)
    return in_scope, off_topic


async def parse_all(model: Path, texts: list[str]) -> tuple[list[Parsed], float]:
    """Load the model once and parse every text in-process.

    Args:
        model: The trained model archive.
        texts: The messages.

    Returns:
        One result per text, and the seconds the model took to load.
    """
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    started = time.monotonic()
    agent = Agent.load(str(model))
    load_seconds = time.monotonic() - started
    results = []
    for text in tqdm(texts, desc="  parsing held-out messages", unit="msg", leave=False):
        began = time.perf_counter()
        answer = await agent.parse_message(text)
        seconds = time.perf_counter() - began
        intent = answer.get("intent") or {}
        results.append(
            Parsed(
                intent=intent.get("name") or "",
                confidence=float(intent.get("confidence") or 0.0),
                ranking=[
                    (r["name"], float(r["confidence"])) for r in answer.get("intent_ranking") or []
                ],
                entities=[
                    (e["entity"], e["start"], e["end"], str(e.get("value", "")))
                    for e in answer.get("entities") or []
                    if e["entity"] in DIMENSIONS
                ],
                seconds=seconds,
            )
        )
    return results, load_seconds


def _scores_dict(scores: metrics.Scores) -> dict[str, float]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(scores).items()}


def evaluate_held_out(model: Path) -> dict[str, Any]:
    """Parse the held-out sets and the independent set with the trained model; score both.

    Args:
        model: The trained model archive.

    Returns:
        Every figure the report shows about the held-out sets, with the independent set's
        under ``independent``.
    """
    in_scope, off_topic = load_held_out()
    independent_in, independent_out = load_held_out([INDEPENDENT])
    texts = [e.text for e in in_scope + off_topic + independent_in + independent_out]
    parsed, load_seconds = asyncio.run(parse_all(model, texts))
    held = score_sets(in_scope, off_topic, parsed[: len(in_scope) + len(off_topic)])
    held["independent"] = score_sets(
        independent_in, independent_out, parsed[len(in_scope) + len(off_topic) :]
    )
    held["independent"].pop("entities")
    held["model_load_seconds"] = round(load_seconds, 1)
    return held


def score_sets(
    in_scope: list[Example], off_topic: list[Example], parsed: list[Parsed]
) -> dict[str, Any]:
    """Score the model's answers to one evaluation set.

    Args:
        in_scope: The set's in-scope examples.
        off_topic: Its off-topic examples.
        parsed: The model's answers, in-scope ones first, in the same order.

    Returns:
        Accuracy, rejection, per-intent and per-category figures, the threshold sweep, the
        mistakes, entity scores (for the entity-annotated file) and parse latencies.
    """
    inside, outside = parsed[: len(in_scope)], parsed[len(in_scope) :]

    truths = [e.intent for e in in_scope]
    predictions = [p.intent for p in inside]
    per_intent = metrics.per_label_scores(truths, predictions)

    all_truths = truths + ["out_of_scope"] * len(off_topic)
    all_predictions = predictions + [p.intent for p in outside]
    labels, matrix = metrics.confusion_counts(all_truths, all_predictions)

    categories: dict[str, list[str]] = {}
    for example, answer in zip(off_topic, outside, strict=True):
        categories.setdefault(example.category, []).append(answer.intent)
    leaks = [
        {
            "text": e.text,
            "category": e.category,
            "predicted": p.intent,
            "confidence": round(p.confidence, 3),
        }
        for e, p in zip(off_topic, outside, strict=True)
        if p.intent not in metrics.REJECTIONS
    ]
    misses = [
        {
            "text": e.text,
            "intent": e.intent,
            "predicted": p.intent,
            "confidence": round(p.confidence, 3),
        }
        for e, p in zip(in_scope, inside, strict=True)
        if p.intent != e.intent
    ]

    annotated = [
        (e, p)
        for e, p in zip(in_scope, inside, strict=True)
        if e.source == str(ENTITY_ANNOTATED.relative_to(ROOT))
    ]
    entities = metrics.entity_scores(
        [e.entities for e, _ in annotated], [p.entities for _, p in annotated]
    )
    sweep = metrics.threshold_sweep(
        [(e.intent, p.ranking) for e, p in zip(in_scope, inside, strict=True)],
        [p.ranking for p in outside],
        THRESHOLDS,
    )
    latencies = sorted(p.seconds * 1000 for p in parsed) or [0.0]
    return {
        "sources": sorted({e.source for e in in_scope + off_topic}),
        "in_scope_count": len(in_scope),
        "off_topic_count": len(off_topic),
        "in_scope_accuracy": round(metrics.accuracy(truths, predictions), 4),
        "false_rejection": round(metrics.rejection_rate(predictions), 4),
        "off_topic_rejection": round(metrics.rejection_rate(p.intent for p in outside), 4),
        "off_topic_by_category": {
            name: {"count": len(got), "rejected": round(metrics.rejection_rate(got), 4)}
            for name, got in categories.items()
        },
        "per_intent": {name: _scores_dict(s) for name, s in per_intent.items()},
        "macro": _scores_dict(metrics.macro_average(per_intent)),
        "most_confused": [
            pair
            for pair in metrics.most_confused(all_truths, all_predictions, limit=20)
            if not (pair[0] == "out_of_scope" and pair[1] in metrics.REJECTIONS)
        ][:12],
        "confusion": {"labels": labels, "matrix": matrix},
        "entities": {
            "messages": len(annotated),
            "overall": _scores_dict(entities.overall),
            "per_label": {k: _scores_dict(v) for k, v in entities.per_label.items()},
            "value_accuracy": round(entities.value_accuracy, 4),
        },
        "threshold_sweep": [asdict(point) for point in sweep],
        "misses": misses,
        "leaks": leaks,
        "parse_ms": {
            "p50": round(latencies[len(latencies) // 2], 1),
            "p95": round(latencies[int(len(latencies) * 0.95)], 1),
        },
    }


# --- step 3: conversation stories ------------------------------------------------------------


def test_stories(model: Path, work: Path) -> dict[str, Any]:
    """`rasa test core` on the bot's test stories, summarised.

    Args:
        model: The trained model archive.
        work: Where rasa writes its results.

    Returns:
        Story and action-level figures, or ``missing`` / ``error``.
    """
    if not STORIES.exists():
        return {"missing": str(STORIES.relative_to(ROOT))}
    out = work / "core"
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    code = run_logged(
        [
            str(RASA),
            "test",
            "core",
            "--model",
            str(model),
            "--stories",
            str(STORIES),
            "--out",
            str(out),
        ],
        work / "core.log",
    )
    seconds = time.monotonic() - started
    report_file = out / "story_report.json"
    if not report_file.exists():
        return {"error": f"rasa test core exited with {code}; see {work / 'core.log'}"}
    report = json.loads(report_file.read_text())
    total = _count_stories(STORIES)
    failed_file = out / "failed_test_stories.yml"
    failed = _count_stories(failed_file) if failed_file.exists() else 0
    failed_names = _story_names(failed_file) if failed_file.exists() else []
    return {
        "seconds": round(seconds, 1),
        "stories": total,
        "failed": failed,
        "failed_names": failed_names,
        "action_accuracy": report.get("accuracy"),
        "action_weighted": report.get("weighted avg"),
        "confusion_png": str(out / "story_confusion_matrix.png"),
    }


def _story_names(path: Path) -> list[str]:
    return re.findall(r"^\s*- story: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)


def _count_stories(path: Path) -> int:
    return len(_story_names(path))


# --- step 4: end-to-end journeys -------------------------------------------------------------


def _shown(path: Path) -> str:
    """A path as the report shows it: relative to the repository when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def summarise_junit(path: Path) -> dict[str, Any]:
    """The end-to-end tests' outcome from a pytest JUnit XML file.

    Args:
        path: The XML file.

    Returns:
        Counts and one row per e2e test case, or ``missing``.
    """
    if not path.exists():
        return {"missing": _shown(path)}
    tree = ElementTree.parse(path)
    cases = []
    for case in tree.iter("testcase"):
        classname = case.get("classname", "")
        if "e2e" not in classname:
            continue
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped":
                outcome = "skipped"
        cases.append(
            {
                "name": case.get("name", ""),
                "module": classname,
                "seconds": round(float(case.get("time", 0) or 0), 2),
                "outcome": outcome,
            }
        )
    written = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
    return {
        "file": _shown(path),
        "written": written,
        "total": len(cases),
        "passed": sum(c["outcome"] == "passed" for c in cases),
        "failed": sum(c["outcome"] == "failed" for c in cases),
        "skipped": sum(c["outcome"] == "skipped" for c in cases),
        "cases": cases,
    }


# --- main -------------------------------------------------------------------------------------


def git_revision() -> str:
    """The short commit of the checkout, with ``+dirty`` when files differ from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            text=True,
            capture_output=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            text=True,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+dirty" if dirty.strip() else "")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and write the report.

    Args:
        argv: Command-line arguments (defaults to ``sys.argv[1:]``).

    Returns:
        0 when the report was written, 1 when the model is missing.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3, help="cross-validation folds (3)")
    parser.add_argument("--skip-cv", action="store_true", help="skip cross-validation")
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--junit", type=Path, default=JUNIT)
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "eval")
    parser.add_argument(
        "--independent-before",
        type=Path,
        default=eval_report.INDEPENDENT_BEFORE,
        help="the independent set's figures before a change, shown beside today's",
    )
    parser.add_argument(
        "--save-independent",
        type=Path,
        help="also write the independent set's figures here (to compare a later change with)",
    )
    args = parser.parse_args(argv)
    if args.folds < 2:
        parser.error("--folds must be 2 or more")
    if not args.model.exists():
        print(f"No trained model at {args.model}: run `make train` first.", file=sys.stderr)
        return 1
    args.work.mkdir(parents=True, exist_ok=True)

    results: dict[str, Any] = {
        "revision": git_revision(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "model": _shown(args.model),
    }
    steps = [
        (
            "cross_validation",
            "cross-validation over nlu_data",
            lambda: {"skipped": True} if args.skip_cv else cross_validate(args.folds, args.work),
        ),
        ("held_out", "held-out and off-topic sets", lambda: evaluate_held_out(args.model)),
        ("stories", "rasa test core stories", lambda: test_stories(args.model, args.work)),
        ("e2e", "end-to-end journeys", lambda: summarise_junit(args.junit)),
    ]
    with tqdm(total=len(steps) + 1, desc="make eval", unit="step") as bar:
        for key, title, step in steps:
            bar.set_postfix_str(title)
            started = time.monotonic()
            results[key] = step()
            results[key]["step_seconds"] = round(time.monotonic() - started, 1)
            bar.update(1)
        results["independent"] = results["held_out"].pop("independent")
        if args.save_independent:
            args.save_independent.write_text(
                json.dumps(
                    {k: v for k, v in results["independent"].items() if k != "confusion"}
                    | {"revision": results["revision"], "date": results["date"]},
                    indent=2,
                )
                + "\n",
                encoding="utf-8",
            )
        bar.set_postfix_str("report")
        written = eval_report.write(results, args.reports, args.independent_before)
        bar.update(1)
    for path in written:
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    for name, key in (("held-out sets", "held_out"), ("independent set", "independent")):
        figures = results[key]
        print(
            f"{name + ':':<15} in-scope accuracy {figures['in_scope_accuracy']:.1%} · "
            f"false rejection {figures['false_rejection']:.1%} · "
            f"off-topic rejected {figures['off_topic_rejection']:.1%} "
            f"({figures['in_scope_count']} in scope, {figures['off_topic_count']} off-topic)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
