"""Does a turn cost more as the work grows? Latency against conversation length.

One web conversation alternates a balance question and "thank you" for `turns` turns (500 by
default: a Slack or Teams DM is one conversation that never ends) and reports the median turn
in windows of 20 turns, and the last window's median over the first's (issue 16 asks for at
most 1.2).

`make bench` runs it beside its other figures (`scripts/bench.py`); alone, against the bench's
own stack or one already running::

    .venv/bin/python -m scripts.bench_growth [--turns 500] [--gateway http://127.0.0.1:8080]

Every request goes to 127.0.0.1. Nothing here asserts a time: it measures and reports.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from scripts.stack import ROOT, Ports, StackError

TEXTS = ("how much annual leave have I got left", "thank you")
WINDOW = 20


def windows(latencies_ms: list[float], width: int = WINDOW) -> list[dict[str, Any]]:
    """The median latency of each run of `width` turns (the last one may be shorter).

    Args:
        latencies_ms: One latency per turn, in order.
        width: Turns per window.

    Returns:
        ``{"from": first turn (1-based), "to": last turn, "median_ms": ...}`` per window.
    """
    rows = []
    for start in range(0, len(latencies_ms), width):
        chunk = latencies_ms[start : start + width]
        rows.append(
            {
                "from": start + 1,
                "to": start + len(chunk),
                "median_ms": round(statistics.median(chunk), 1),
            }
        )
    return rows


def growth(rows: list[dict[str, Any]]) -> float | None:
    """The last window's median over the first's; None with fewer than two windows."""
    if len(rows) < 2 or not rows[0]["median_ms"]:
        return None
    return round(rows[-1]["median_ms"] / rows[0]["median_ms"], 2)


async def one_long_conversation(
    client: httpx.AsyncClient, token: str, turns: int, session: str | None = None
) -> list[float]:
    """Send `turns` turns of one conversation through the gateway; each turn's latency (ms).

    A turn that fails or has no answer raises: a growth figure over lost turns means nothing.
    """
    session = session or f"growth-{uuid.uuid4().hex[:8]}"
    latencies = []
    for index in range(turns):
        started = time.perf_counter()
        answer = await client.post(
            "/web/messages",
            headers={"Authorization": f"Bearer {token}"},
            json={"text": TEXTS[index % len(TEXTS)], "session": session},
        )
        latencies.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200 or not answer.json().get("messages"):
            raise StackError(f"turn {index + 1} of the long conversation got {answer.text[:200]}")
    return latencies


async def measure_length(gateway_url: str, turns: int) -> dict[str, Any]:
    """The conversation-length figures against a running gateway."""
    async with httpx.AsyncClient(base_url=gateway_url, timeout=60) as client:
        answer = await client.post("/web/sign-in", json={"staff_number": "100001"})
        token = answer.raise_for_status().json()["access_token"]
        latencies = await one_long_conversation(client, token, turns)
    rows = windows(latencies)
    return {"turns": turns, "windows": rows, "growth": growth(rows)}


def report_lines(results: dict[str, Any]) -> list[str]:
    """Markdown for `reports/bench.md`: the windows as a table and the growth."""
    length = results.get("length")
    if not length:
        return []
    lines = [
        "## Turn latency against conversation length",
        "",
        f"One web conversation, {length['turns']} turns alternating a balance question and "
        '"thank you"; median per 20 turns. Growth (last window over first): '
        f"**{length['growth']}×** (target ≤ 1.2×).",
        "",
        "| turns | median ms |",
        "|---|---|",
    ]
    lines += [f"| {row['from']}–{row['to']} | {row['median_ms']} |" for row in length["windows"]]
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    """Measure, print JSON, and write `var/bench/growth.json`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--gateway", help="a running gateway's URL (default: start the stack)")
    parser.add_argument("--rasa-replicas", type=int, default=1)
    parser.add_argument(
        "--port-offset", type=int, default=0, help="move the bench's ports (beside other stacks)"
    )
    args = parser.parse_args(argv)
    from scripts import bench  # the bench's stack, ports and work folder

    results: dict[str, Any] = {}
    if args.gateway:
        results["length"] = asyncio.run(measure_length(args.gateway, args.turns))
    else:
        bench.WORK.mkdir(parents=True, exist_ok=True)
        var_dir = Path(tempfile.mkdtemp(prefix="growth-", dir=bench.WORK))
        ports = Ports(*(port + args.port_offset for port in dataclasses.astuple(bench.BENCH_PORTS)))
        stack, _ = bench.start_stack(var_dir, args.rasa_replicas, ports)
        try:
            stack.start()
            gateway = f"http://127.0.0.1:{stack.ports.gateway}"
            results["length"] = asyncio.run(measure_length(gateway, args.turns))
        except StackError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        finally:
            stack.stop()
            shutil.rmtree(var_dir, ignore_errors=True)
    out = ROOT / "var" / "bench" / "growth.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print("\n".join(report_lines(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
