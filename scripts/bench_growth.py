"""Does a turn cost more as the work grows? Latency against conversation length and against
the number of events already stored, and the same load on the scale-out profile.

- Length: one web conversation alternates a balance question and "thank you" for `turns`
  turns (500 by default: a Slack or Teams DM is one conversation that never ends); the median
  turn in windows of 20 turns, and the last window's median over the first's (issue 16 asks
  for at most 1.2).
- Stored events: the tracker store is filled with other conversations' events (1k, 10k, 100k
  rows, written straight into its table) and a fresh conversation's 40 turns are timed at
  each size.
- Scale-out (`--scale-out`): two Rasa replicas on PostgreSQL, Redis and RabbitMQ (this
  machine's), the lookup turn at 10 and 50 concurrent conversations: throughput and p95.

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


STORED_SIZES = (1_000, 10_000, 100_000)
FILLER_EVENTS_PER_CONVERSATION = 10


def filler_rows(
    start: int, count: int, now: float
) -> list[tuple[str, str, float, str | None, str | None, str]]:
    """`count` plausible tracker rows for made-up conversations (10 events each)."""
    rows = []
    for n in range(start, start + count):
        sender = f"bench-filler-{n // FILLER_EVENTS_PER_CONVERSATION}"
        at = now - 86_400 + n * 0.001
        if n % 2 == 0:
            data = {
                "event": "user",
                "timestamp": at,
                "text": "how much leave have I got left",
                "parse_data": {"intent": {"name": "leave_balance", "confidence": 0.97}},
            }
            rows.append((sender, "user", at, "leave_balance", None, json.dumps(data)))
        else:
            data = {"event": "action", "timestamp": at, "name": "action_leave_balance"}
            rows.append((sender, "action", at, None, "action_leave_balance", json.dumps(data)))
    return rows


def fill_sqlite_tracker(path: Path, start: int, count: int, now: float) -> None:
    """Append filler rows to a SQLite tracker store (WAL: Rasa keeps serving meanwhile)."""
    import sqlite3

    with sqlite3.connect(path, timeout=30) as connection:
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            filler_rows(start, count, now),
        )


async def measure_stored(
    gateway_url: str, tracker_files: list[Path], sizes: tuple[int, ...] = STORED_SIZES
) -> list[dict[str, Any]]:
    """A fresh conversation's median turn after the tracker store holds each size of events.

    Args:
        gateway_url: The running gateway.
        tracker_files: Each Rasa replica's SQLite tracker file (each gets the same rows).
        sizes: Stored events to reach, in increasing order.

    Returns:
        ``{"stored_events": n, "median_ms": ..., "p95_ms": ...}`` per size.
    """
    from scripts import bench_load

    rows = []
    filled = 0
    async with httpx.AsyncClient(base_url=gateway_url, timeout=60) as client:
        answer = await client.post("/web/sign-in", json={"staff_number": "100001"})
        token = answer.raise_for_status().json()["access_token"]
        for size in sizes:
            for path in tracker_files:
                fill_sqlite_tracker(path, filled, size - filled, time.time())
            filled = size
            latencies = await one_long_conversation(client, token, 40)
            rows.append(
                {
                    "stored_events": size,
                    "median_ms": round(statistics.median(latencies), 1),
                    "p95_ms": round(bench_load.percentile(latencies, 0.95), 1),
                }
            )
    return rows


def tracker_files(stack: Any) -> list[Path]:
    """Each Rasa replica's SQLite tracker file in an embedded stack."""
    return [
        ROOT / {**stack.env, **service.env}["RASA_TRACKER_DB"]
        for service in stack.services
        if service.name.startswith("rasa")
    ]


def report_lines(results: dict[str, Any]) -> list[str]:
    """Markdown for `reports/bench.md`: length windows, stored sizes, the scale-out run."""
    lines = _length_lines(results.get("length"))
    stored = results.get("stored")
    if stored:
        lines += [
            "## Turn latency against stored events",
            "",
            "A fresh conversation's 40 turns after the tracker store was filled with other "
            "conversations' events.",
            "",
            "| stored events | median ms | p95 ms |",
            "|---|---|---|",
            *[f"| {r['stored_events']:,} | {r['median_ms']} | {r['p95_ms']} |" for r in stored],
            "",
        ]
    scale_out = results.get("scale_out")
    if scale_out:
        lines += [
            "## Scale-out profile (2 Rasa replicas, PostgreSQL, Redis, RabbitMQ)",
            "",
            "The lookup turn through the gateway, as above, on this machine's services.",
            "",
            "| concurrent | turns | errors | p50 ms | p95 ms | turns/s |",
            "|---|---|---|---|---|---|",
            *[
                f"| {r['concurrency']} | {r['turns']} | {r['errors']} | {r['p50_ms']} | "
                f"{r['p95_ms']} | {r['throughput']} |"
                for r in scale_out
            ],
            "",
        ]
    return lines


def _length_lines(length: dict[str, Any] | None) -> list[str]:
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


def scale_out_settings(suffix: str) -> dict[str, str]:
    """`.env.example` with the scale-out profile on this machine's services, own names."""
    import secrets

    from scripts.stack import read_env_file

    settings = read_env_file(ROOT / ".env.example")
    settings.update(
        {
            "PROFILE": "scale-out",
            "CLOCK_PINNED_AT": "",
            "DEV_LOGIN_ENABLED": "false",
            "JWT_SECRET": secrets.token_urlsafe(48),
            "GATEWAY_API_KEY": secrets.token_urlsafe(32),
            "EVENTS_API_KEY": secrets.token_urlsafe(32),
            "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/bench_api_{suffix}",
            "RASA_TRACKER_URL": f"postgresql://postgres@127.0.0.1:5432/bench_tracker_{suffix}",
            "RASA_REPLICAS": "2",
            "ACTIONS_REPLICAS": "2",
            "RASA_LOCK_PREFIX": f"bench{suffix}",
            "RABBITMQ_EXCHANGE": f"bench-events-{suffix}",
            "EVENTS_QUEUE": f"bench_events_{suffix}",
        }
    )
    return settings


def tokens_for(stack: Any, staff_numbers: list[str]) -> list[str]:
    """Access tokens signed with the stack's secret (`python -m api.cli token`)."""
    import subprocess

    from scripts.stack import VENV_PY

    return [
        subprocess.run(
            [str(VENV_PY), "-m", "api.cli", "token", staff],
            cwd=ROOT,
            env=stack.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for staff in staff_numbers
    ]


async def measure_scale_out(
    port_offset: int, max_turns: dict[int, int], seconds: float
) -> list[dict[str, Any]]:
    """Start the scale-out profile, load it with lookups at 10 and 50 conversations, stop it."""
    from scripts import bench, bench_load
    from scripts.stack import Stack, create_postgres_databases

    suffix = uuid.uuid4().hex[:8]
    settings = scale_out_settings(suffix)
    ports = Ports(*(port + port_offset for port in dataclasses.astuple(bench.BENCH_PORTS)))
    var_dir = Path(tempfile.mkdtemp(prefix="scale-out-", dir=bench.WORK))
    stack = Stack(
        ports=ports,
        var_dir=var_dir,
        settings=settings,
        log_dir=var_dir / "logs",
        echo=lambda line: None,
    )
    create_postgres_databases(settings["DATABASE_URL"], settings["RASA_TRACKER_URL"])
    rows = []
    try:
        stack.start()
        tokens = tokens_for(stack, ["100001", "100002", "100003", "100005", "100006", "100010"])
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        gateway = f"http://127.0.0.1:{ports.gateway}"
        async with httpx.AsyncClient(base_url=gateway, timeout=60, limits=limits) as client:
            for level in (10, 50):

                async def turn(worker: int, index: int, level: int = level) -> bool:
                    answer = await client.post(
                        "/web/messages",
                        headers={"Authorization": f"Bearer {tokens[worker % len(tokens)]}"},
                        json={
                            "text": bench.TURNS["lookup"],
                            "session": f"so-{suffix}-{level}-{worker}-{index // 10}",
                        },
                    )
                    return answer.status_code == 200 and bool(answer.json().get("messages"))

                result = await bench_load.run_level(
                    turn, concurrency=level, max_turns=max_turns[level], max_seconds=seconds
                )
                rows.append(result.summary())
    finally:
        stack.stop()
        shutil.rmtree(var_dir, ignore_errors=True)
        _drop_postgres(settings["DATABASE_URL"], settings["RASA_TRACKER_URL"])
    return rows


def _drop_postgres(*urls: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    for url in urls:
        parsed = make_url(url)
        admin = parsed.set(drivername="postgresql", database="postgres")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    """Measure, print JSON, and write `var/bench/growth.json`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--gateway", help="a running gateway's URL (default: start the stack)")
    parser.add_argument("--rasa-replicas", type=int, default=1)
    parser.add_argument(
        "--port-offset", type=int, default=0, help="move the bench's ports (beside other stacks)"
    )
    parser.add_argument("--stored", action="store_true", help="also time 1k/10k/100k stored")
    parser.add_argument("--scale-out", action="store_true", help="also load the scale-out profile")
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
            if args.stored:
                files = tracker_files(stack)
                results["stored"] = asyncio.run(measure_stored(gateway, files))
        except StackError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        finally:
            stack.stop()
            shutil.rmtree(var_dir, ignore_errors=True)
    if args.scale_out:
        results["scale_out"] = asyncio.run(
            measure_scale_out(args.port_offset + 200, {10: 300, 50: 600}, 20.0)
        )
    out = ROOT / "var" / "bench" / "growth.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print("\n".join(report_lines(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
