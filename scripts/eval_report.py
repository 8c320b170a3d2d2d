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


def plot_threshold(sweep: list[dict[str, float]], current: float | None, out: Path) -> None:
    """In-scope accuracy and off-topic rejection against the fallback threshold.

    Args:
        sweep: Points from `eval_metrics.threshold_sweep`, as dicts.
        current: The threshold in config.yml, drawn as a vertical line.
        out: The PNG to write.
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
    ax.set_title("Held-out sets: what each fallback threshold would give")
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


def _stories_section(stories: dict[str, Any], reports: Path) -> list[str]:
    lines = ["## 3. Conversation stories (`rasa test core`)", ""]
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
    lines = ["## 4. End-to-end journeys", ""]
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


def write(results: dict[str, Any], reports: Path) -> list[Path]:
    """Write the markdown report, the JSON figures and the charts.

    Args:
        results: Everything `scripts/eval.py` measured.
        reports: The folder to write into.

    Returns:
        The files written.
    """
    reports.mkdir(parents=True, exist_ok=True)
    held = results["held_out"]
    threshold = fallback_threshold()
    plot_confusion(
        held["confusion"]["labels"],
        held["confusion"]["matrix"],
        reports / "eval_confusion.png",
        "Held-out + off-topic sets: true vs predicted intent",
    )
    plot_threshold(held["threshold_sweep"], threshold, reports / "eval_threshold.png")
    plot_categories(held["off_topic_by_category"], reports / "eval_oos_categories.png")
    lines = [
        "# NLU and dialogue evaluation",
        "",
        f"Written by `make eval` on {results['date']} at revision `{results['revision']}` "
        f"with `{results['model']}`. How to read it: `docs/performance.md`.",
        "",
        "| in-scope accuracy (held out) | off-topic rejected | CV accuracy | CV macro F1 | "
        "stories passed | e2e journeys passed |",
        "|---|---|---|---|---|---|",
        "| {} | {} | {} | {} | {} | {} |".format(
            _pct(held["in_scope_accuracy"]),
            _pct(held["off_topic_rejection"]),
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
    figures.write_text(json.dumps(slim, indent=2, default=str) + "\n", encoding="utf-8")
    return [markdown, figures, *sorted(reports.glob("eval_*.png"))]
