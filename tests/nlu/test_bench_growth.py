"""The conversation-length figures of `make bench` (scripts/bench_growth.py)."""

from __future__ import annotations

from scripts.bench_growth import growth, report_lines, windows


def test_windows_take_the_median_of_each_run_of_turns():
    latencies = [10.0] * 19 + [1000.0] + [12.0] * 20 + [30.0, 40.0]
    rows = windows(latencies, width=20)
    assert rows == [
        {"from": 1, "to": 20, "median_ms": 10.0},
        {"from": 21, "to": 40, "median_ms": 12.0},
        {"from": 41, "to": 42, "median_ms": 35.0},
    ]
    assert growth(rows) == 3.5


def test_growth_needs_two_windows():
    assert growth(windows([5.0] * 20)) is None


def test_the_report_shows_each_window_and_the_growth():
    rows = windows([100.0] * 20 + [110.0] * 20)
    lines = report_lines({"length": {"turns": 40, "windows": rows, "growth": growth(rows)}})
    assert "**1.1×** (target ≤ 1.2×)" in "\n".join(lines)
    assert "| 21–40 | 110.0 |" in lines
    assert report_lines({}) == []


def test_filler_rows_look_like_tracker_rows_of_ten_event_conversations():
    from scripts.bench_growth import filler_rows

    rows = filler_rows(0, 20, now=1000.0)
    assert len(rows) == 20 and len({row[0] for row in rows}) == 2
    assert [row[1] for row in rows[:2]] == ["user", "action"]
    assert '"event": "user"' in rows[0][5]


def test_stored_and_scale_out_figures_are_reported():
    stored = [{"stored_events": 100_000, "median_ms": 50.0, "p95_ms": 70.0}]
    scale_out = [
        {
            "concurrency": 10,
            "turns": 300,
            "errors": 0,
            "p50_ms": 90.0,
            "p95_ms": 150.0,
            "throughput": 60.0,
        }
    ]
    text = "\n".join(report_lines({"stored": stored, "scale_out": scale_out}))
    assert "| 100,000 | 50.0 | 70.0 |" in text
    assert "| 10 | 300 | 0 | 90.0 | 150.0 | 60.0 |" in text
