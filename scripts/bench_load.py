"""Bounded closed-loop load and the numbers `make bench` reports about it.

A *level* is N concurrent conversations, each sending one turn, waiting for the answer, then
sending the next, until a turn budget or a time budget runs out, whichever comes first. Only
loopback addresses are ever targeted (`scripts/bench.py` builds every URL from 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import math
import os
import resource
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

Turn = Callable[[int, int], Awaitable[bool]]
"""Send one turn for conversation `worker`, turn number `index`; True when it succeeded."""


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1) of the values; NaN for none.

    Args:
        values: The measurements.
        share: 0.5 for the median, 0.95 for p95 ...

    Returns:
        The smallest value with at least `share` of the values at or below it.
    """
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class LevelResult:
    """What one level of load measured."""

    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def turns(self) -> int:
        """Turns answered successfully."""
        return len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        """Successful turns per second of wall-clock time."""
        return self.turns / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, float | int]:
        """p50 / p95 / p99 in milliseconds, throughput, counts."""
        return {
            "concurrency": self.concurrency,
            "turns": self.turns,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "p50_ms": round(percentile(self.latencies_ms, 0.50), 1),
            "p95_ms": round(percentile(self.latencies_ms, 0.95), 1),
            "p99_ms": round(percentile(self.latencies_ms, 0.99), 1),
            "throughput": round(self.throughput, 1),
        }


async def run_level(
    turn: Turn, *, concurrency: int, max_turns: int, max_seconds: float
) -> LevelResult:
    """Run `concurrency` conversations until `max_turns` turns are sent or time is up.

    Args:
        turn: Sends one turn; returns whether the answer was a success.
        concurrency: How many conversations at once.
        max_turns: Total turn budget across all conversations.
        max_seconds: Time budget; no new turn starts after it.

    Returns:
        Latencies of the successful turns, the error count and the elapsed time.
    """
    result = LevelResult(concurrency)
    issued = 0
    started = time.perf_counter()
    deadline = started + max_seconds

    async def conversation(worker: int) -> None:
        nonlocal issued
        index = 0
        while issued < max_turns and time.perf_counter() < deadline:
            issued += 1
            began = time.perf_counter()
            try:
                ok = await turn(worker, index)
            except (httpx.HTTPError, OSError, ValueError):  # a failed turn is a measurement
                ok = False
            elapsed = (time.perf_counter() - began) * 1000
            if ok:
                result.latencies_ms.append(elapsed)
            else:
                result.errors += 1
            index += 1

    await asyncio.gather(*(conversation(worker) for worker in range(concurrency)))
    result.seconds = time.perf_counter() - started
    return result


def _status_kib(pid: int, key: str) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def group_members(pgid: int) -> list[int]:
    """Every live process whose process group is `pgid` (a service and its children)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:
            members.append(int(entry))
    return members


def peak_memory_mib(pgid: int) -> float:
    """Peak resident memory (VmHWM) of a process group, summed over its members, in MiB.

    Args:
        pgid: The group id; `scripts.stack` starts each service in its own session, so
            its pid is the group id.

    Returns:
        The sum of each member's high-water mark (an upper bound of the group's peak).
    """
    return round(sum(_status_kib(pid, "VmHWM") for pid in group_members(pgid)) / 1024, 1)


def cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by the live members of a process group.

    Unlike latency, this hardly moves when other work shares the machine, so CPU per turn
    is the figure to compare when judging a change on a busy machine.

    Args:
        pgid: The group id (a service's pid, as `scripts.stack` starts them).

    Returns:
        Seconds of CPU.
    """
    ticks = 0
    for pid in group_members(pgid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU time (user + system) this process (the load generator) has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
