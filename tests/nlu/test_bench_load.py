"""The bounded load loop and the measurements behind `make bench` (scripts/bench_load.py)."""

import asyncio
import math
import os

import httpx

from scripts.bench_load import (
    cpu_seconds,
    group_members,
    own_cpu_seconds,
    peak_memory_mib,
    percentile,
    run_level,
)
from scripts.bench_report import _cpu_table, hot_paths, sample_count, top_frames


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]

    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0
    assert math.isnan(percentile([], 0.5))


async def test_run_level_stops_at_the_turn_budget_and_counts_failures():
    seen: list[tuple[int, int]] = []

    async def turn(worker: int, index: int) -> bool:
        seen.append((worker, index))
        await asyncio.sleep(0)
        if index == 1:
            raise httpx.ConnectError("refused")
        return index != 2

    result = await run_level(turn, concurrency=3, max_turns=12, max_seconds=30)

    assert len(seen) == 12
    assert {worker for worker, _ in seen} == {0, 1, 2}
    assert result.errors == 6  # each worker's turns 1 and 2
    assert result.turns == 6
    summary = result.summary()
    assert summary["concurrency"] == 3
    assert summary["turns"] == 6
    assert summary["throughput"] > 0


async def test_run_level_stops_at_the_time_budget():
    async def turn(worker: int, index: int) -> bool:
        await asyncio.sleep(0.02)
        return True

    result = await run_level(turn, concurrency=2, max_turns=10_000, max_seconds=0.2)

    assert 2 <= result.turns < 100
    assert result.seconds < 1.0


def test_peak_memory_sums_the_process_group():
    group = os.getpgid(0)

    assert os.getpid() in group_members(group)
    assert peak_memory_mib(group) > 1.0


def test_top_frames_ranks_leaf_functions_by_share(tmp_path):
    raw = tmp_path / "profile.txt"
    raw.write_text(
        "main (a.py:1);handle (b.py:2);parse (c.py:3) 6\n"
        "main (a.py:1);handle (b.py:2);query (d.py:4) 3\n"
        "main (a.py:1);idle (e.py:5) 1\n"
    )

    assert top_frames(raw) == [
        ("parse (c.py:3)", 0.6),
        ("query (d.py:4)", 0.3),
        ("idle (e.py:5)", 0.1),
    ]
    assert top_frames(tmp_path / "missing.txt") == []


def test_hot_paths_give_inclusive_shares_without_the_server_loop(tmp_path):
    raw = tmp_path / "profile.txt"
    raw.write_text(
        "main (a.py:1);handle (b.py:2);parse (c.py:3) 6\n"
        "main (a.py:1);handle (b.py:9);query (d.py:4) 3\n"
        "main (a.py:1);idle (e.py:5) 1\n"
    )

    hot = dict(hot_paths(raw, ceiling=0.95))

    assert hot["handle (b.py)"] == 0.9  # both lines of handle counted as one function
    assert hot["parse (c.py)"] == 0.6
    assert "main (a.py)" not in hot  # on every stack
    assert sample_count(raw) == 10
    assert sample_count(tmp_path / "missing.txt") == 0


def test_cpu_seconds_grow_with_work_done_in_the_group():
    group = os.getpgid(0)
    before = cpu_seconds(group)
    total = 0
    for value in range(3_000_000):
        total += value * value

    assert total > 0
    assert cpu_seconds(group) > before


def test_own_cpu_seconds_grow_with_the_load_generators_own_work():
    before = own_cpu_seconds()
    total = sum(value * value for value in range(2_000_000))

    assert total > 0
    assert own_cpu_seconds() > before


def test_the_cpu_table_sums_rasa_replicas_and_shows_the_load_generator_apart():
    row = {
        "concurrency": 10,
        "cpu_ms_per_turn": {"gateway": 2.0, "rasa": 8.0, "rasa-2": 9.5, "actions": 3.0, "api": 3.5},
        "client_cpu_ms_per_turn": 2.6,
    }
    results = {"ours": {"chit-chat": [], "lookup": [row], "form": []}}

    lines = _cpu_table(results)

    assert (
        lines[0]
        == "| turn | concurrent | gateway | rasa | actions | api | total | load generator |"
    )
    assert lines[2] == "| lookup | 10 | 2 | 17.5 | 3 | 3.5 | 26.0 | 2.6 |"
