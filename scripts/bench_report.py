"""Write `make bench`'s results: `reports/bench.md`, `bench.json`, PNG charts, history line."""

from __future__ import annotations

import json
import math
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROOT = Path(__file__).resolve().parent.parent
HISTORY_HEADER = [
    "# Benchmark history",
    "",
    "One line per `make bench` run (newest last), so a change can be judged before and after.",
    "Lookup = leave balance through the gateway; ratios are against the stock starter's REST",
    "hello at the same concurrency.",
    "",
    "| date | revision | mode | note | lookup p50 @1 | lookup p95 @10 | lookup/starter p50 @10 "
    "| max lookup turns/s | Rasa ready | training |",
    "|---|---|---|---|---|---|---|---|---|---|",
]

TARGETS = {
    "lookup_p95_at_10_ms": 250.0,
    "lookup_vs_starter_p50": 0.8,
    "turns_per_second": 50.0,
    "rasa_ready_seconds": 30.0,
    "training_seconds": 180.0,
}


def git_revision() -> str:
    """The short commit of the checkout, with ``+dirty`` when tracked files differ from it."""
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


def top_frames(path: Path, limit: int = 12) -> list[tuple[str, float]]:
    """The functions where a py-spy raw profile spent most samples (self time).

    Args:
        path: A ``py-spy record --format raw`` file: ``frame;frame;frame count`` lines.
        limit: How many to return.

    Returns:
        ``(function (file:line), share of samples)``, largest first; empty if no file.
    """
    if not path.exists():
        return []
    leaves: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        leaf = stack.split(";")[-1]
        leaves[leaf] += int(count)
        total += int(count)
    return [(name, round(n / total, 3)) for name, n in leaves.most_common(limit)] if total else []


def sample_count(path: Path) -> int:
    """How many samples a py-spy raw profile holds (0 if there is no file)."""
    if not path.exists():
        return 0
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        count = line.rpartition(" ")[2]
        total += int(count) if count.isdigit() else 0
    return total


def hot_paths(path: Path, limit: int = 12, ceiling: float = 0.6) -> list[tuple[str, float]]:
    """Functions by inclusive share of a py-spy raw profile (time in them or below them).

    Frames on nearly every stack (the server loop, above `ceiling`) are left out, so what
    remains says which part of a turn the process spends its time in.

    Args:
        path: A ``py-spy record --format raw`` file.
        limit: How many to return.
        ceiling: Leave out functions on more than this share of samples.

    Returns:
        ``(function (file), share of samples)``, largest first; empty if no file.
    """
    if not path.exists():
        return []
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        total += int(count)
        names = {re.sub(r":\d+\)$", ")", frame) for frame in stack.split(";")}
        for name in names:
            inclusive[name] += int(count)
    if not total:
        return []
    ranked = [(n, round(c / total, 3)) for n, c in inclusive.most_common() if c / total <= ceiling]
    return ranked[:limit]


def _loads(results: dict[str, Any], key: str) -> str:
    values = results.get(key)
    return " / ".join(f"{v:g}" for v in values) if values else "n/a"


def _by_level(rows: list[dict[str, Any]], level: int) -> dict[str, Any]:
    return next((row for row in rows if row["concurrency"] == level), {})


def _fmt(value: Any, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:g}{unit}" if isinstance(value, float | int) else str(value)


def headline(results: dict[str, Any]) -> dict[str, Any]:
    """The figures the targets are about."""
    lookup = results["ours"]["lookup"]
    starter = (results.get("starter") or {}).get("hello") or []
    at10 = _by_level(lookup, 10)
    starter10 = _by_level(starter, 10)
    ratio = (
        at10.get("p50_ms") / starter10["p50_ms"]
        if starter10.get("p50_ms") and at10.get("p50_ms")
        else None
    )
    training = results.get("training") or {}
    return {
        "lookup_p50_at_1_ms": _by_level(lookup, 1).get("p50_ms"),
        "lookup_p95_at_10_ms": at10.get("p95_ms"),
        "lookup_vs_starter_p50": round(ratio, 2) if ratio else None,
        "turns_per_second": max((row["throughput"] for row in lookup), default=None),
        "rasa_ready_seconds": (results.get("cold_start") or {}).get("rasa"),
        "training_seconds": training.get("seconds"),
    }


def _target_rows(figures: dict[str, Any]) -> list[str]:
    rows = [
        ("lookup turn p95 at 10 concurrent", "lookup_p95_at_10_ms", " ms", "≤ 250 ms", True),
        (
            "lookup p50 ÷ starter hello p50 (10 concurrent)",
            "lookup_vs_starter_p50",
            "×",
            "≤ 0.8×",
            True,
        ),
        ("lookup throughput (best level)", "turns_per_second", " turns/s", "≥ 50 turns/s", False),
        ("Rasa cold start until /status", "rasa_ready_seconds", " s", "≤ 30 s", True),
        ("full training (cold cache)", "training_seconds", " s", "≤ 180 s", True),
    ]
    lines = ["| target | measured | goal | met |", "|---|---|---|---|"]
    for title, key, unit, goal, lower_is_better in rows:
        value = figures.get(key)
        if value is None:
            met = "not measured"
        elif lower_is_better:
            met = "yes" if value <= TARGETS[key] else "**no**"
        else:
            met = "yes" if value >= TARGETS[key] else "**no**"
        lines.append(f"| {title} | {_fmt(value, unit)} | {goal} | {met} |")
    return lines


def _latency_table(results: dict[str, Any]) -> list[str]:
    starter = (results.get("starter") or {}).get("hello") or []
    lines = [
        "| turn | concurrent | turns | errors | p50 ms | p95 ms | p99 ms | turns/s "
        "| p50 ÷ starter |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    kinds = [(k, results["ours"][k]) for k in ("chit-chat", "lookup", "form")]
    if starter:
        kinds.append(("starter hello (REST)", starter))
    for kind, rows in kinds:
        for row in rows:
            base = _by_level(starter, row["concurrency"]).get("p50_ms")
            ratio = (
                f"{row['p50_ms'] / base:.2f}×" if base and not kind.startswith("starter") else ""
            )
            lines.append(
                f"| {kind} | {row['concurrency']} | {row['turns']} | {row['errors']} | "
                f"{_fmt(row['p50_ms'])} | {_fmt(row['p95_ms'])} | {_fmt(row['p99_ms'])} | "
                f"{_fmt(row['throughput'])} | {ratio} |"
            )
    return lines


def _cpu_table(results: dict[str, Any]) -> list[str]:
    names = ("gateway", "rasa", "actions", "api")
    lines = [
        "| turn | concurrent | " + " | ".join(names) + " | total | load generator |",
        "|---|---|" + "---|" * (len(names) + 2),
    ]
    for kind in ("chit-chat", "lookup", "form"):
        for row in results["ours"][kind]:
            cpu = row.get("cpu_ms_per_turn")
            if not cpu:
                continue
            by_name = dict.fromkeys(names, 0.0)
            for process, ms in cpu.items():  # rasa, rasa-2, ...: every replica counts as rasa
                name = "rasa" if process.startswith("rasa") else process
                by_name[name] = by_name.get(name, 0.0) + ms
            cells = " | ".join(_fmt(round(by_name[name], 1)) for name in names)
            total = round(sum(cpu.values()), 1)
            client = _fmt(row.get("client_cpu_ms_per_turn"))
            lines.append(f"| {kind} | {row['concurrency']} | {cells} | {total} | {client} |")
    return lines


def plot_latency(results: dict[str, Any], out: Path) -> None:
    """p50 and p95 against concurrency for each turn kind and the starter."""
    series = {k: results["ours"][k] for k in ("chit-chat", "lookup", "form")}
    if (results.get("starter") or {}).get("hello"):
        series["starter hello"] = results["starter"]["hello"]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    for ax, key, title in ((axes[0], "p50_ms", "median (p50)"), (axes[1], "p95_ms", "p95")):
        for name, rows in series.items():
            ax.plot(
                [r["concurrency"] for r in rows],
                [r[key] for r in rows],
                marker="o",
                linestyle="--" if name.startswith("starter") else "-",
                label=name,
            )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks([1, 10, 50])
        ax.set_xticklabels(["1", "10", "50"])
        ax.set_xlabel("concurrent conversations")
        ax.set_title(f"turn latency, {title}")
        ax.grid(alpha=0.3, which="both")
    axes[0].set_ylabel("milliseconds (log scale)")
    axes[0].axhline(250, color="grey", linestyle=":", linewidth=1)
    axes[1].axhline(250, color="grey", linestyle=":", linewidth=1, label="250 ms")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)


def plot_throughput(results: dict[str, Any], out: Path) -> None:
    """Turns per second against concurrency."""
    series = {k: results["ours"][k] for k in ("chit-chat", "lookup", "form")}
    if (results.get("starter") or {}).get("hello"):
        series["starter hello"] = results["starter"]["hello"]
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for name, rows in series.items():
        ax.plot(
            [r["concurrency"] for r in rows],
            [r["throughput"] for r in rows],
            marker="o",
            linestyle="--" if name.startswith("starter") else "-",
            label=name,
        )
    ax.axhline(50, color="grey", linestyle=":", linewidth=1, label="50 turns/s")
    ax.set_xscale("log")
    ax.set_xticks([1, 10, 50])
    ax.set_xticklabels(["1", "10", "50"])
    ax.set_xlabel("concurrent conversations")
    ax.set_ylabel("turns per second")
    ax.set_title("throughput")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)


def plot_memory(results: dict[str, Any], out: Path) -> None:
    """Peak resident memory of each process."""
    memory = dict(results.get("memory_mib") or {})
    if (results.get("starter") or {}).get("memory_mib"):
        memory["starter rasa"] = results["starter"]["memory_mib"]
    if (results.get("training") or {}).get("peak_mib"):
        memory["rasa train"] = results["training"]["peak_mib"]
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    names = list(memory)
    ax.barh(names, [memory[n] for n in names], color="#1d70b8")
    for i, name in enumerate(names):
        ax.text(memory[name], i, f" {memory[name]:.0f}", va="center", fontsize=8)
    ax.set_xlabel("peak resident memory (MiB, VmHWM)")
    ax.set_title("memory")
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)


def _history_line(results: dict[str, Any], figures: dict[str, Any], note: str) -> str:
    return (
        f"| {results['date']} | `{results['revision']}` | {results['mode']} | {note} | "
        f"{_fmt(figures['lookup_p50_at_1_ms'], ' ms')} | "
        f"{_fmt(figures['lookup_p95_at_10_ms'], ' ms')} | "
        f"{_fmt(figures['lookup_vs_starter_p50'], '×')} | {_fmt(figures['turns_per_second'])} | "
        f"{_fmt(figures['rasa_ready_seconds'], ' s')} | {_fmt(figures['training_seconds'], ' s')} |"
    )


def _profile_section(profile: dict[str, Any]) -> list[str]:
    load = profile["load"]
    lines = [
        "## Profile of a lookup load",
        "",
        f"py-spy sampled every process for 20 s while 10 conversations asked for their leave "
        f"balance ({load['turns']} turns, p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms). "
        "Where each process spent its samples (py-spy leaves out idle threads; a process at "
        "one full core shows about 4,000 samples):",
        "",
    ]
    for name, frames in profile["top"].items():
        samples = profile.get("samples", {}).get(name, 0)
        lines += [f"**{name}**: {samples} samples (self time)", ""]
        lines += [f"- {share:.0%} {frame}" for frame, share in frames[:6]] or ["- no samples"]
        lines.append("")
        hot = profile.get("hot", {}).get(name) or []
        if hot:
            lines += [f"**{name}** (inclusive: in the function or what it calls)", ""]
            lines += [f"- {share:.0%} {frame}" for frame, share in hot[:12]]
            lines.append("")
    return lines


def write(results: dict[str, Any], reports: Path, note: str = "") -> list[Path]:
    """Write the markdown, JSON, charts and the history line.

    Args:
        results: Everything `scripts/bench.py` measured.
        reports: The folder to write into.
        note: A word for the history line ("before", "after sanic workers" ...).

    Returns:
        The files written.
    """
    reports.mkdir(parents=True, exist_ok=True)
    figures = headline(results)
    results["headline"] = figures
    plot_latency(results, reports / "bench_latency.png")
    plot_throughput(results, reports / "bench_throughput.png")
    plot_memory(results, reports / "bench_memory.png")
    ours = results["ours"]
    starter = results.get("starter") or {}
    training = results.get("training") or {}
    cold = results.get("cold_start") or {}
    memory = results.get("memory_mib") or {}
    budget = results["budget"]
    lines = [
        "# Performance benchmark",
        "",
        f"Written by `make bench` ({results['mode']} run) on {results['date']} at revision "
        f"`{results['revision']}`, on {results['machine']['cpus']} CPUs and "
        f"{results['machine']['memory_gib']} GiB, with {results['rasa_replicas']} Rasa "
        "replica(s). How to reproduce and read it: `docs/performance.md`. Earlier runs: "
        "`bench_history.md`.",
        "",
        f"Load average (1/5/15 min) at the start {_loads(results, 'load_average_at_start')} and "
        f"at the end {_loads(results, 'load_average_at_end')}: anything well above 0 at the start "
        "means other work shared the machine, and latencies suffer; CPU per turn does not.",
        "",
        "## Targets",
        "",
        *_target_rows(figures),
        "",
        "## Turn latency and throughput",
        "",
        "Through the gateway's `POST /web/messages`, signed in as the dev personas: "
        + "; ".join(f'{kind} = "{text}"' for kind, text in results["turn_texts"].items())
        + ". Each level runs that many conversations at once, each sending its next turn as "
        f"soon as the last was answered, for at most {budget['max_seconds']:g} s or "
        f"{', '.join(f'{budget["max_turns"][k]} turns at {k}' for k in budget['levels'])}. "
        'The starter is `rasa init`\'s project answering "hello" on its REST channel (no '
        "gateway, no action server, in-memory tracker store).",
        "",
        *_latency_table(results),
        "",
        "![latency](bench_latency.png) ![throughput](bench_throughput.png)",
        "",
        "### CPU per turn (ms, user + system, by process)",
        "",
        "What each turn cost each process, from `/proc` before and after the level. Unlike "
        "latency it hardly moves when other work shares the machine, so compare this when "
        "judging a change. Two cores give at most 2,000 ms of CPU per second: a turn costing "
        "40 ms in total caps the stack near 50 turns/s. *rasa* sums every Rasa replica (each "
        "runs on one core); *total* is the assistant's processes; the load generator (this "
        "benchmark's own client, on the same two cores) is shown apart: what it uses is taken "
        "from the assistant under load.",
        "",
        *_cpu_table(results),
        "",
        "## NLU alone, start-up, training",
        "",
        "| measure | ours | stock starter |",
        "|---|---|---|",
        f"| `/model/parse` p50 / p95 (sequential, {ours['parse']['turns']} calls) | "
        f"{ours['parse']['p50_ms']} / {ours['parse']['p95_ms']} ms | "
        + (
            f"{starter['parse']['p50_ms']} / {starter['parse']['p95_ms']} ms |"
            if starter.get("parse")
            else "n/a |"
        ),
        f"| Rasa cold start (spawn → `/status`) | {_fmt(cold.get('rasa'), ' s')} | "
        f"{_fmt(starter.get('cold_start'), ' s')} |",
        f"| training (cold cache) | {_fmt(training.get('seconds'), ' s')} | "
        f"{_fmt(starter.get('train_seconds'), ' s') if starter.get('trained_now') else 'kept'} |",
        "",
        f"Other processes, spawn → ready: API {_fmt(cold.get('api'), ' s')}, action server "
        f"{_fmt(cold.get('actions'), ' s')}, gateway {_fmt(cold.get('gateway'), ' s')}. All four "
        "start together (they compete for the two cores) and are checked in order, so the "
        "gateway's figure is only an upper bound: it is first checked once Rasa is ready.",
        "",
        "## Peak memory (VmHWM, MiB)",
        "",
        "| process | MiB |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in memory.items()],
        f"| stock starter's rasa | {_fmt(starter.get('memory_mib'))} |",
        f"| `rasa train` | {_fmt(training.get('peak_mib'))} |",
        "",
        "![memory](bench_memory.png)",
        "",
    ]
    if results.get("growth"):
        from scripts.bench_growth import report_lines as growth_lines

        lines += growth_lines(results["growth"])
    if results.get("profile"):
        lines += _profile_section(results["profile"])
    markdown = reports / "bench.md"
    markdown.write_text("\n".join(lines), encoding="utf-8")
    data = reports / "bench.json"
    data.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    history = reports / "bench_history.md"
    existing = (
        history.read_text(encoding="utf-8").splitlines() if history.exists() else HISTORY_HEADER
    )
    history.write_text(
        "\n".join([*existing, _history_line(results, figures, note)]) + "\n", encoding="utf-8"
    )
    return [markdown, data, history, *sorted(reports.glob("bench_*.png"))]
