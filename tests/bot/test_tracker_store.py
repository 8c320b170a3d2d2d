"""Our tracker store keeps Rasa's SQL store's rows and answers (bot/tracker_store.py).

Runs `probes/tracker_store_probe.py` in the Rasa environment, never importing Rasa here: it
plays one story into Rasa's own `SQLTrackerStore` and into `CachedSQLTrackerStore`, on SQLite
and on PostgreSQL (the scale-out profile's database).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.bot.rasa_probe import PROBES, ROOT, run_probe
from tests.conftest import postgres_databases


@pytest.fixture(scope="module")
def postgres_databases_for_probe() -> Iterator[list[str]]:
    """Two fresh PostgreSQL databases (Rasa's store and ours); the probe's arguments for them."""
    names = [f"rasa_tracker_probe_{which}_{uuid.uuid4().hex[:8]}" for which in ("plain", "cached")]
    with postgres_databases(*names) as (plain, _cached):
        server = [plain.host or "127.0.0.1", str(plain.port or 5432), plain.username or "postgres"]
        yield [*server, *names]


def _run(*database: str) -> dict[str, Any]:
    return run_probe(
        str(PROBES / "tracker_store_probe.py"), str(ROOT / "bot" / "domain"), *database
    )


@pytest.fixture(scope="module")
def sqlite_probe() -> dict[str, Any]:
    return _run("sqlite")


@pytest.fixture(scope="module")
def postgres_probe(postgres_databases_for_probe: list[str]) -> dict[str, Any]:
    return _run("postgresql", *postgres_databases_for_probe)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def probe(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The probe's findings on SQLite, then on PostgreSQL."""
    result: dict[str, Any] = request.getfixturevalue(f"{request.param}_probe")
    return result


def test_every_retrieve_returns_what_rasas_own_store_returns(probe):
    assert probe["cached"] == probe["plain"]
    assert len(probe["cached"]["after_second_turn"]) > len(probe["cached"]["after_first_turn"])
    assert probe["cached"]["nobody"] == []


def test_a_new_session_is_read_from_its_start_and_the_full_tracker_keeps_every_session(probe):
    new_session = probe["cached"]["new_session"]
    assert new_session[0]["event"] == "session_started"
    assert [e.get("text") for e in new_session if e["event"] == "user"] == ["thanks"]
    assert len(probe["cached"]["all_sessions"]) > len(new_session)


def test_the_database_holds_the_same_rows_as_with_rasas_store(probe):
    assert probe["rows_equal"] is True
    assert probe["row_count"] > 10
    assert probe["remembered"] == ["alice", "bob"]


def test_a_write_from_elsewhere_is_seen_and_never_overwritten(probe):
    assert probe["sees_outside_write"] == 1
    assert probe["bob_after_both"][-2:] == [["user", None], ["action", "utter_greet"]]


def test_the_memory_is_bounded_and_can_be_turned_off(probe):
    assert probe["small_remembers"] == ["bob"]
    assert probe["small_reads_alice"] is True
    assert probe["off_reads_alice"] is True
    assert probe["off_remembers"] == []


def test_sqlite_is_in_wal_mode_without_a_sync_per_commit(sqlite_probe):
    assert sqlite_probe["dialect"] == "sqlite"
    assert sqlite_probe["journal_mode"] == "wal"
    assert sqlite_probe["synchronous"] == 1  # NORMAL


def test_two_replicas_taking_turns_each_read_what_rasa_reads(probe):
    replicas = probe["two_replicas"]
    assert replicas["turns"] == 24
    assert replicas["mismatches"] == []


def test_a_turn_that_fails_before_its_save_leaves_no_trace(probe):
    assert probe["two_replicas"]["failed_turn_left_no_trace"] is True
    assert probe["two_replicas"]["failed_turn_matches_rasa"] is True


def test_a_long_conversation_is_not_replayed_turn_after_turn(probe):
    """The flat cost: 300 turns on one replica rebuild no tracker from stored events."""
    replicas = probe["two_replicas"]
    assert replicas["rebuilt_during_long_run"] <= 1
    assert replicas["events_replayed_by_last_retrieve"] == 0
    assert replicas["last_retrieve_events"] > 1000
    assert replicas["long_run_matches_rasa"] is True
