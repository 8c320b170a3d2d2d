"""Migrations, bootstrap, the CLI, SQLite settings and the health check."""

import sqlite3
from pathlib import Path

import httpx
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from api import cli
from api.bootstrap import alembic_config, prepare_database
from api.core.config import ApiSettings
from api.core.db import make_engine, make_read_session_factory, make_session_factory
from api.main import create_app
from api.models import Base, Employee, LeaveRequest
from api.seed import most_recent_monday
from tests.conftest import TODAY, make_test_settings

TABLES = {
    "employees",
    "channel_identities",
    "leave_years",
    "leave_requests",
    "idempotency_keys",
    "notifications",
    "payslips",
    "payslip_lines",
    "taxable_benefits",
    "expense_claims",
    "delegated_limits",
    "purchase_orders",
    "purchase_order_events",
    "invoices",
    "onboarding_items",
    "knowledge_articles",
}


def test_the_migrations_match_the_models(db_settings: ApiSettings) -> None:
    engine = make_engine(db_settings.database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()

    assert differences == []


def test_the_migrations_go_down_and_up_again(db_settings: ApiSettings) -> None:
    config = alembic_config(db_settings)
    engine = make_engine(db_settings.database_url)

    command.downgrade(config, "base")
    after_down = set(inspect(engine).get_table_names())
    command.upgrade(config, "head")
    after_up = set(inspect(engine).get_table_names())
    engine.dispose()

    assert after_down & TABLES == set()
    assert TABLES <= after_up


def test_keys_of_both_kinds_of_write_move_into_the_one_table_and_back(
    db_settings: ApiSettings,
) -> None:
    config = alembic_config(db_settings)
    engine = make_engine(db_settings.database_url)
    command.downgrade(config, "0007")
    with engine.begin() as connection:
        ids = connection.execute(text("SELECT MIN(id), MAX(id) FROM employees")).one()
        request = connection.execute(text("SELECT MIN(id) FROM leave_requests")).scalar()
        claim = connection.execute(text("SELECT MIN(id) FROM expense_claims")).scalar()
        stamp = {"at": "2026-12-01 10:00:00+00:00"}
        connection.execute(
            text(
                "INSERT INTO idempotency_keys (employee_id, key, body_hash, leave_request_id, "
                "created_at) VALUES (:who, 'same-key', 'leave-hash', :made, :at)"
            ),
            {"who": ids[0], "made": request} | stamp,
        )
        connection.execute(
            text(
                "INSERT INTO expense_idempotency_keys (employee_id, key, body_hash, "
                "expense_claim_id, created_at) VALUES (:who, 'same-key', 'claim-hash', :made, :at)"
            ),
            {"who": ids[0], "made": claim} | stamp,
        )

    command.upgrade(config, "head")
    with engine.connect() as connection:
        moved = connection.execute(
            text("SELECT scope, key, body_hash, resource_id FROM idempotency_keys ORDER BY scope")
        ).all()
    command.downgrade(config, "0007")
    with engine.connect() as connection:
        leave_back = connection.execute(
            text("SELECT key, leave_request_id FROM idempotency_keys")
        ).all()
        claims_back = connection.execute(
            text("SELECT key, expense_claim_id FROM expense_idempotency_keys")
        ).all()
    command.upgrade(config, "head")
    engine.dispose()

    assert [tuple(row) for row in moved] == [
        ("expense_claim", "same-key", "claim-hash", claim),
        ("leave_request", "same-key", "leave-hash", request),
    ]
    assert [tuple(row) for row in leave_back] == [("same-key", request)]
    assert [tuple(row) for row in claims_back] == [("same-key", claim)]


def _counts(settings: ApiSettings) -> tuple[int, int]:
    engine = make_engine(settings.database_url)
    with make_session_factory(engine)() as session:
        employees = session.scalar(select(func.count()).select_from(Employee)) or 0
        requests = session.scalar(select(func.count()).select_from(LeaveRequest)) or 0
    engine.dispose()
    return employees, requests


def test_prepare_database_seeds_only_an_empty_database(tmp_path: Path) -> None:
    settings = make_test_settings(f"sqlite:///{tmp_path / 'fresh' / 'api.db'}")

    prepare_database(settings)
    first = _counts(settings)
    prepare_database(settings)

    assert first[0] == 7
    assert first[1] > 7
    assert _counts(settings) == first


def test_prepare_database_without_seed_leaves_it_empty(tmp_path: Path) -> None:
    settings = make_test_settings(f"sqlite:///{tmp_path / 'api.db'}")

    prepare_database(settings, seed=False)

    assert _counts(settings) == (0, 0)


def test_the_cli_initialises_and_resets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_test_settings(f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert cli.main(["init-db"]) == 0
    engine = make_engine(settings.database_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE employees SET name = 'Changed' WHERE staff_number = '100001'")
        )
    engine.dispose()

    assert cli.main(["init-db"]) == 0
    names_before_reset = _names(settings)
    assert cli.main(["init-db", "--reset"]) == 0

    assert "Changed" in names_before_reset
    assert "Changed" not in _names(settings)
    assert "Priya Shah" in _names(settings)


def _names(settings: ApiSettings) -> set[str]:
    engine = make_engine(settings.database_url)
    with engine.connect() as connection:
        names = set(connection.execute(text("SELECT name FROM employees")).scalars())
    engine.dispose()
    return names


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(
    api_settings: ApiSettings,
) -> None:
    engine = make_engine(api_settings.database_url)
    with engine.connect() as connection:
        journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        busy = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    engine.dispose()

    assert (journal, foreign_keys, busy) == ("wal", 1, 5000)


def test_the_seed_follows_the_personas_table(api_settings: ApiSettings) -> None:
    engine = make_engine(api_settings.database_url)
    with make_session_factory(engine)() as session:
        people = {e.staff_number: e for e in session.scalars(select(Employee))}
        managers = {
            n: e.line_manager.staff_number if e.line_manager else None for n, e in people.items()
        }
        gareth_started = people["100004"].start_date
    engine.dispose()

    assert people["100003"].working_days == [0, 1, 2]
    assert people["100003"].region == "scotland"
    assert gareth_started == most_recent_monday(TODAY)
    assert people["100006"].region == "northern_ireland"
    assert people["100005"].roles == ["service_desk"]
    assert people["100006"].roles == ["procurement_approver"]
    managers = {
        n: e.line_manager.staff_number if e.line_manager else None for n, e in people.items()
    }
    assert managers == {
        "100001": "100002",
        "100002": "100010",
        "100003": "100002",
        "100004": "100002",
        "100005": "100010",
        "100006": "100010",
        "100010": None,
    }
    assert len({e.start_date for e in people.values()}) == 7


async def test_health_is_503_when_the_database_is_down(tmp_path: Path) -> None:
    settings = make_test_settings("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        response = await client.get("/health")
    app.state.engine.dispose()

    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "unavailable"}


async def test_lookups_read_while_a_booking_holds_the_sqlite_write_lock(
    api_settings: ApiSettings,
) -> None:
    app = create_app(api_settings)
    transport = httpx.ASGITransport(app=app)
    booking = sqlite3.connect(api_settings.database_url.removeprefix("sqlite:///"), timeout=0)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
            login = await client.post("/auth/dev-login", json={"staff_number": "100001"})
            headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
            booking.execute("BEGIN IMMEDIATE")  # another writer, mid-transaction
            balance = await client.get("/v1/me/leave/balance", headers=headers)
            booking.rollback()
    finally:
        booking.close()
        app.state.engine.dispose()

    assert balance.status_code == 200, balance.text
    assert balance.json()["remaining"] > 0


def test_transactions_that_may_write_still_take_the_sqlite_write_lock_first(
    api_settings: ApiSettings,
) -> None:
    engine = make_engine(api_settings.database_url)
    other = sqlite3.connect(api_settings.database_url.removeprefix("sqlite:///"), timeout=0)
    try:
        with make_session_factory(engine)() as session:
            session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the lock is held from here
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with make_read_session_factory(engine)() as session:
            session.execute(text("SELECT 1"))  # deferred: no lock taken
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
    finally:
        other.close()
        engine.dispose()
