"""Write `make eval`'s results as `reports/eval.md`, `reports/eval.json` and PNG charts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import yaml

ROOT = Path(__file__).resolve().parent.parent
INDEPENDENT_BEFORE = ROOT / "reports" / "eval_independent_before.json"
NLU_COST = ROOT / "reports" / "nlu_cost.json"
"""What the NLU costs against the model before the embeddings (`scripts/nlu_cost.py`)."""
"""The independent set's figures before the sentence embeddings (`make eval --save-independent`)."""


def fallback_threshold(config: Path = ROOT / "config.yml") -> float | None:
    """The FallbackClassifier threshold in the pipeline, if there is one."""
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    for component in data.get("pipeline") or []:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return None


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def plot_confusion(labels: list[str], matrix: list[list[int]], out: Path, title: str) -> None:
    """A confusion-matrix heat map with counts in the cells.

    Args:
        labels: Row and column labels (true on rows, predicted on columns).
        matrix: The counts.
        out: The PNG to write.
        title: The chart's title.
    """
    size = max(6.0, 0.45 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size, size))
    # Colour by share of the true label's row, so a large class does not wash out the rest.
    shares = [[count / (sum(row) or 1) for count in row] for row in matrix]
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)))
    ax.set_yticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=90, fontsize=8)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true (colour: share of the row)")
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            if count:
                ax.text(
                    j,
                    i,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if shares[i][j] > 0.5 else "black",
                )
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)


def plot_threshold(
    sweep: list[dict[str, float]],
    current: float | None,
    out: Path,
    title: str = "Held-out sets: what each fallback threshold would give",
) -> None:
    """In-scope accuracy and off-topic rejection against the fallback threshold.

    Args:
        sweep: Points from `eval_metrics.threshold_sweep`, as dicts.
        current: The threshold in config.yml, drawn as a vertical line.
        out: The PNG to write.
        title: The chart's title.
    """
    xs = [p["threshold"] for p in sweep]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(xs, [p["in_scope_accuracy"] for p in sweep], marker="o", label="in-scope accuracy")
    ax.plot(
        xs, [p["out_of_scope_rejection"] for p in sweep], marker="s", label="off-topic rejected"
    )
    ax.plot(
        xs,
        [p["false_rejection"] for p in sweep],
        marker="^",
        linestyle="--",
        label="in-scope falsely rejected",
    )
    if current is not None:
        ax.axvline(current, color="grey", linestyle=":", label=f"config.yml ({current})")
    ax.set_xlabel("FallbackClassifier threshold")
    ax.set_ylabel("share of messages")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)


def plot_categories(categories: dict[str, dict[str, float]], out: Path) -> None:
    """Off-topic rejection per category as horizontal bars.

    Args:
        categories: ``{name: {"count", "rejected"}}``.
        out: The PNG to write.
    """
    names = sorted(categories)
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(names) + 1.5))
    ax.barh(names, [categories[n]["rejected"] for n in names], color="#1d70b8")
    ax.set_xlim(0, 1)
    ax.set_xlabel("share answered out_of_scope or nlu_fallback")
    for i, name in enumerate(names):
        ax.text(
            min(categories[name]["rejected"] + 0.01, 0.9),
            i,
            f"{categories[name]['rejected']:.0%} of {categories[name]['count']}",
            va="center",
            fontsize=8,
        )
    ax.set_title("Off-topic utterances rejected, by category")
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)


def _copy_png(source: str | None, target: Path) -> bool:
    if source and Path(source).exists():
        shutil.copyfile(source, target)
        return True
    return False


def _scores_table(rows: dict[str, dict[str, Any]], f1_key: str = "f1") -> list[str]:
    lines = ["| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for name, row in sorted(rows.items()):
        lines.append(
            f"| {name} | {_num(row['precision'])} | {_num(row['recall'])} | "
            f"{_num(row[f1_key])} | {row['support']} |"
        )
    return lines


def _cross_validation_section(cv: dict[str, Any], reports: Path) -> list[str]:
    lines = ["## 1. Cross-validation over `nlu_data/`", ""]
    if cv.get("skipped"):
        return [*lines, "Skipped (`--skip-cv`).", ""]
    if "error" in cv:
        return [*lines, f"**Failed:** {cv['error']}", ""]
    macro, weighted = cv.get("macro") or {}, cv.get("weighted") or {}
    lines += [
        f"`rasa test nlu --cross-validation --folds {cv['folds']}` "
        f"({cv['seconds']:.0f} s): each fold trains on the rest of `nlu_data/` and is tested "
        "on its own part; the figures add up the test parts.",
        "",
        "| accuracy | macro precision | macro recall | macro F1 | weighted F1 |",
        "|---|---|---|---|---|",
        f"| {_pct(cv.get('accuracy'))} | {_num(macro.get('precision'))} | "
        f"{_num(macro.get('recall'))} | {_num(macro.get('f1-score'))} | "
        f"{_num(weighted.get('f1-score'))} |",
        "",
        "<details><summary>Per intent</summary>",
        "",
        *_scores_table(cv["per_intent"], f1_key="f1-score"),
        "",
        "</details>",
        "",
        "Most confused (true → predicted, count): "
        + (", ".join(f"{t} → {p} ({n})" for t, p, n in cv["most_confused"]) or "none"),
        "",
    ]
    if _copy_png(cv.get("confusion_png"), reports / "eval_cv_confusion.png"):
        lines += ["![cross-validation confusion matrix](eval_cv_confusion.png)", ""]
    return lines


def _held_out_section(held: dict[str, Any], threshold: float | None) -> list[str]:
    macro = held["macro"]
    entities = held["entities"]
    lines = [
        "## 2. Held-out and off-topic sets (the trained model)",
        "",
        f"Sources: {', '.join(f'`{s}`' for s in held['sources'])}. "
        f"{held['in_scope_count']} in-scope messages and {held['off_topic_count']} off-topic "
        "ones, none of them in the training data; parsed in-process with the trained model "
        f"(loaded in {held['model_load_seconds']} s; parse p50 {held['parse_ms']['p50']} ms, "
        f"p95 {held['parse_ms']['p95']} ms).",
        "",
        "| in-scope accuracy | in-scope falsely rejected | off-topic rejected | "
        "macro precision | macro recall | macro F1 |",
        "|---|---|---|---|---|---|",
        f"| **{_pct(held['in_scope_accuracy'])}** | {_pct(held['false_rejection'])} | "
        f"**{_pct(held['off_topic_rejection'])}** | {_num(macro['precision'])} | "
        f"{_num(macro['recall'])} | {_num(macro['f1'])} |",
        "",
        "*Rejected* means the model answered `out_of_scope` or `nlu_fallback` "
        f"(FallbackClassifier threshold in `config.yml`: {threshold}).",
        "",
        "### Per intent",
        "",
        *_scores_table(held["per_intent"]),
        "",
        "### Most confused pairs (true → predicted)",
        "",
        "| true | predicted | count |",
        "|---|---|---|",
        *[f"| {t} | {p} | {n} |" for t, p, n in held["most_confused"]],
        "",
        "![held-out confusion matrix](eval_confusion.png)",
        "",
        "### Off-topic rejection by category",
        "",
        "| category | messages | rejected |",
        "|---|---|---|",
        *[
            f"| {name} | {row['count']} | {_pct(row['rejected'])} |"
            for name, row in sorted(held["off_topic_by_category"].items())
        ],
        "",
        "![off-topic by category](eval_oos_categories.png)",
        "",
        "### The fallback threshold",
        "",
        "Replaying the FallbackClassifier's decision on the same rankings at other thresholds "
        "(its ambiguity rule left out) shows the trade-off: raise the threshold and more "
        "off-topic messages are caught, but more in-scope ones are turned away.",
        "",
        "| threshold | in-scope accuracy | falsely rejected | off-topic rejected |",
        "|---|---|---|---|",
        *[
            f"| {p['threshold']:.2f} | {_pct(p['in_scope_accuracy'])} | "
            f"{_pct(p['false_rejection'])} | {_pct(p['out_of_scope_rejection'])} |"
            for p in held["threshold_sweep"]
        ],
        "",
        "![threshold sweep](eval_threshold.png)",
        "",
        "### Entities (`tests/nlu/holdout.yml`, spaCy EntityRuler)",
        "",
        f"{entities['messages']} messages; a hit needs the same label and character span. "
        f"Overall precision {_num(entities['overall']['precision'])}, recall "
        f"{_num(entities['overall']['recall'])}, F1 {_num(entities['overall']['f1'])}; "
        f"normalised value right on {_pct(entities['value_accuracy'])} of the hits.",
        "",
        *_scores_table(entities["per_label"]),
        "",
    ]
    if held["misses"]:
        lines += [
            "<details><summary>In-scope messages the model got wrong "
            f"({len(held['misses'])})</summary>",
            "",
            "| message | true | predicted | confidence |",
            "|---|---|---|---|",
            *[
                f"| {m['text']} | {m['intent']} | {m['predicted']} | {m['confidence']} |"
                for m in held["misses"]
            ],
            "",
            "</details>",
            "",
        ]
    if held["leaks"]:
        lines += [
            "<details><summary>Off-topic messages taken as in-scope "
            f"({len(held['leaks'])})</summary>",
            "",
            "| message | category | predicted | confidence |",
            "|---|---|---|---|",
            *[
                f"| {m['text']} | {m['category']} | {m['predicted']} | {m['confidence']} |"
                for m in held["leaks"]
            ],
            "",
            "</details>",
            "",
        ]
    return lines


def _independent_section(
    ind: dict[str, Any],
    before: dict[str, Any] | None,
    threshold: float | None,
    cost: dict[str, Any] | None = None,
) -> list[str]:
    """The independent set, beside its figures before the change when there are some."""
    lines = [
        "## 3. The independent set (`tests/nlu/independent.yml`)",
        "",
        f"{ind['in_scope_count']} in-scope messages (30 or more per intent) and "
        f"{ind['off_topic_count']} off-topic ones, many of them near misses that share our "
        "words, written from a one-line description of each intent by someone who never read "
        "`nlu_data/`, and frozen before any model change. Never trained on, never tuned on "
        "message by message. Rejected means `out_of_scope` or `nlu_fallback`, as above.",
        "",
    ]
    head = ["| | in-scope accuracy | in-scope falsely rejected | off-topic rejected | macro F1 |"]
    head.append("|---|---|---|---|---|")
    rows = [("now", ind)] if before is None else [("before", before), ("now", ind)]
    for name, figures in rows:
        revision = f" (`{figures['revision']}`)" if "revision" in figures else ""
        head.append(
            f"| {name}{revision} | **{_pct(figures['in_scope_accuracy'])}** | "
            f"{_pct(figures['false_rejection'])} | **{_pct(figures['off_topic_rejection'])}** | "
            f"{_num(figures['macro']['f1'])} |"
        )
    lines += [*head, ""]
    per_before = (before or {}).get("per_intent", {})
    lines += [
        "### Per intent (recall is the share of the intent's messages answered right)",
        "",
        "| intent | messages | recall before | recall now | precision now | F1 now |",
        "|---|---|---|---|---|---|",
        *[
            f"| {name} | {row['support']} | "
            f"{_pct(per_before[name]['recall']) if name in per_before else 'n/a'} | "
            f"{_pct(row['recall'])} | {_num(row['precision'])} | {_num(row['f1'])} |"
            for name, row in sorted(ind["per_intent"].items())
        ],
        "",
        "### The fallback threshold on the independent set",
        "",
        f"The threshold in `config.yml` is {threshold}; other thresholds replayed on the same "
        "rankings (ambiguity rule left out).",
        "",
        "| threshold | in-scope accuracy | falsely rejected | off-topic rejected |"
        + (" before: in-scope / off-topic |" if before else ""),
        "|---|---|---|---|" + ("---|" if before else ""),
    ]
    before_sweep = {p["threshold"]: p for p in (before or {}).get("threshold_sweep", [])}
    for point in ind["threshold_sweep"]:
        old = before_sweep.get(point["threshold"])
        extra = ""
        if before:
            extra = (
                f" {_pct(old['in_scope_accuracy'])} / {_pct(old['out_of_scope_rejection'])} |"
                if old
                else " n/a |"
            )
        lines.append(
            f"| {point['threshold']:.2f} | {_pct(point['in_scope_accuracy'])} | "
            f"{_pct(point['false_rejection'])} | {_pct(point['out_of_scope_rejection'])} |" + extra
        )
    lines += [
        "",
        "![threshold sweep, independent set](eval_independent_threshold.png)",
        "",
        "Most confused (true → predicted, count): "
        + (", ".join(f"{t} → {p} ({n})" for t, p, n in ind["most_confused"]) or "none"),
        "",
        *_cost_section(cost),
    ]
    for title, rows_, columns in (
        ("In-scope messages the model got wrong", ind["misses"], ("intent", "predicted")),
        ("Off-topic messages taken as in-scope", ind["leaks"], ("category", "predicted")),
    ):
        if rows_:
            lines += [
                f"<details><summary>{title} ({len(rows_)})</summary>",
                "",
                f"| message | {columns[0]} | {columns[1]} | confidence |",
                "|---|---|---|---|",
                *[
                    f"| {m['text']} | {m[columns[0]]} | {m[columns[1]]} | {m['confidence']} |"
                    for m in rows_
                ],
                "",
                "</details>",
                "",
            ]
    return lines


def _cost_section(cost: dict[str, Any] | None) -> list[str]:
    """What the model costs beside the one before it, from `scripts/nlu_cost.py`."""
    lines = ["### What it costs", ""]
    if cost is None:
        return [*lines, "No `reports/nlu_cost.json`: run `scripts/nlu_cost.py`.", ""]
    sides = [("before", cost.get("baseline")), ("now", cost.get("model"))]
    sides = [(name, figures) for name, figures in sides if figures]

    def cell(figures: dict[str, Any], *keys: str) -> str:
        value: Any = figures
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return "n/a"
            value = value[key]
        return str(value)

    rows = [
        (
            "NLU CPU per message, p50 / mean (ms)",
            ("parse", "cpu_ms", "p50"),
            ("parse", "cpu_ms", "mean"),
        ),
        (
            "NLU wall per message, p50 / p95 (ms)",
            ("parse", "wall_ms", "p50"),
            ("parse", "wall_ms", "p95"),
        ),
        ("model load in process (s)", ("parse", "load_seconds"), None),
        (
            "memory after loading and parsing, VmRSS (MiB)",
            ("parse", "rss_after_parsing_mib", "VmRSS"),
            None,
        ),
        ("`rasa run` until ready (s)", ("serve", "ready_seconds"), None),
        ("`rasa run` memory when ready, VmRSS (MiB)", ("serve", "rss_mib"), None),
        ("full `rasa train`, wall / CPU (s)", ("train", "wall_seconds"), ("train", "cpu_seconds")),
    ]
    lines += [
        f"Measured by `scripts/nlu_cost.py` on {cost.get('date', '?')} (load average "
        f"{', '.join(f'{x:.1f}' for x in cost.get('load_average_before', []))} before, "
        f"{', '.join(f'{x:.1f}' for x in cost.get('load_average_after', []))} after): each "
        "model in a fresh process, every held-out message parsed once to warm up and once "
        "to measure. The lookup turn's CPU in `make bench` rises by about the NLU CPU "
        "difference.",
        "",
        "| | " + " | ".join(name for name, _ in sides) + " |",
        "|---|" + "---|" * len(sides),
    ]
    for title, first, second in rows:
        values = []
        for _, figures in sides:
            value = cell(figures, *first)
            if second is not None:
                value += " / " + cell(figures, *second)
            values.append(value)
        if any(v.replace("n/a", "").strip(" /") for v in values):
            lines.append(f"| {title} | " + " | ".join(values) + " |")
    return [*lines, ""]


def _stories_section(stories: dict[str, Any], reports: Path) -> list[str]:
    lines = ["## 4. Conversation stories (`rasa test core`)", ""]
    if "missing" in stories:
        return [*lines, f"No stories file at `{stories['missing']}`.", ""]
    if "error" in stories:
        return [*lines, f"**Failed:** {stories['error']}", ""]
    weighted = stories.get("action_weighted") or {}
    lines += [
        f"{stories['stories'] - stories['failed']} of {stories['stories']} stories passed "
        f"end to end ({stories['seconds']:.0f} s). Action-level accuracy "
        f"{_pct(stories.get('action_accuracy'))}, weighted F1 "
        f"{_num(weighted.get('f1-score'))}.",
        "",
    ]
    if stories["failed_names"]:
        lines += [
            "Failed stories (see `var/eval/core/failed_test_stories.yml`):",
            "",
            *[f"- {name}" for name in stories["failed_names"]],
            "",
        ]
    if _copy_png(stories.get("confusion_png"), reports / "eval_stories_confusion.png"):
        lines += ["![story action confusion matrix](eval_stories_confusion.png)", ""]
    return lines


def _e2e_section(e2e: dict[str, Any]) -> list[str]:
    lines = ["## 5. End-to-end journeys", ""]
    if "missing" in e2e:
        return [
            *lines,
            f"No JUnit XML at `{e2e['missing']}`: run `make test` first (it writes "
            "one), then `make eval` again.",
            "",
        ]
    lines += [
        f"From `{e2e['file']}` (written {e2e['written']}): {e2e['passed']} passed, "
        f"{e2e['failed']} failed, {e2e['skipped']} skipped of {e2e['total']}.",
        "",
        "| journey | outcome | seconds |",
        "|---|---|---|",
        *[f"| {c['name']} | {c['outcome']} | {c['seconds']} |" for c in e2e["cases"]],
        "",
    ]
    return lines


def write(
    results: dict[str, Any],
    reports: Path,
    independent_before: Path | None = INDEPENDENT_BEFORE,
    nlu_cost: Path | None = NLU_COST,
) -> list[Path]:
    """Write the markdown report, the JSON figures and the charts.

    Args:
        results: Everything `scripts/eval.py` measured.
        reports: The folder to write into.
        independent_before: The independent set's earlier figures, when the file exists.
        nlu_cost: What the model costs against the one before, when the file exists.

    Returns:
        The files written.
    """
    reports.mkdir(parents=True, exist_ok=True)
    held = results["held_out"]
    independent = results["independent"]
    before = None
    if independent_before is not None and independent_before.exists():
        before = json.loads(independent_before.read_text(encoding="utf-8"))
    cost = None
    if nlu_cost is not None and nlu_cost.exists():
        cost = json.loads(nlu_cost.read_text(encoding="utf-8"))
    threshold = fallback_threshold()
    plot_confusion(
        held["confusion"]["labels"],
        held["confusion"]["matrix"],
        reports / "eval_confusion.png",
        "Held-out + off-topic sets: true vs predicted intent",
    )
    plot_threshold(held["threshold_sweep"], threshold, reports / "eval_threshold.png")
    plot_categories(held["off_topic_by_category"], reports / "eval_oos_categories.png")
    plot_threshold(
        independent["threshold_sweep"],
        threshold,
        reports / "eval_independent_threshold.png",
        "Independent set: what each fallback threshold would give",
    )
    lines = [
        "# NLU and dialogue evaluation",
        "",
        f"Written by `make eval` on {results['date']} at revision `{results['revision']}` "
        f"with `{results['model']}`. How to read it: `docs/performance.md`.",
        "",
        "| in-scope accuracy (held out) | off-topic rejected | independent set: in scope / "
        "off-topic rejected | CV accuracy | CV macro F1 | stories passed | e2e journeys passed |",
        "|---|---|---|---|---|---|---|",
        "| {} | {} | {} / {} | {} | {} | {} | {} |".format(
            _pct(held["in_scope_accuracy"]),
            _pct(held["off_topic_rejection"]),
            _pct(independent["in_scope_accuracy"]),
            _pct(independent["off_topic_rejection"]),
            _pct(results["cross_validation"].get("accuracy")),
            _num((results["cross_validation"].get("macro") or {}).get("f1-score")),
            "n/a"
            if "stories" not in results["stories"]
            else f"{results['stories']['stories'] - results['stories']['failed']}"
            f"/{results['stories']['stories']}",
            "n/a"
            if "total" not in results["e2e"]
            else f"{results['e2e']['passed']}/{results['e2e']['total']}",
        ),
        "",
        *_cross_validation_section(results["cross_validation"], reports),
        *_held_out_section(held, threshold),
        *_independent_section(independent, before, threshold, cost),
        *_stories_section(results["stories"], reports),
        *_e2e_section(results["e2e"]),
        "## Time taken",
        "",
        *[
            f"- {key.replace('_', ' ')}: {results[key]['step_seconds']:.0f} s"
            for key in ("cross_validation", "held_out", "stories", "e2e")
        ],
        "",
    ]
    markdown = reports / "eval.md"
    markdown.write_text("\n".join(lines), encoding="utf-8")
    figures = reports / "eval.json"
    slim = dict(results.items())
    slim["held_out"] = {k: v for k, v in held.items() if k not in ("confusion",)}
    slim["independent"] = {k: v for k, v in independent.items() if k not in ("confusion",)}
    figures.write_text(json.dumps(slim, indent=2, default=str) + "\n", encoding="utf-8")
    return [markdown, figures, *sorted(reports.glob("eval_*.png"))]
