"""Fixtures shared by every test folder: the suite's clock, and a migrated, seeded API on a
temporary SQLite file.

Other folders use them with httpx's in-process transport, no server needed:

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                                 base_url="http://api.test") as client: ...

Every test that depends on the date reads it from `TEST_CLOCK` (or `TODAY`): the API apps, the
seed, the actions and the end-to-end stack are all pinned to that one moment. It is noon today,
UK time, read once when the suite starts (so a run across midnight still agrees with itself),
or `TEST_CLOCK_PINNED_AT` when set: `TEST_CLOCK_PINNED_AT=2027-03-31 make test` runs the whole
suite as of 31 March 2027 (`make test-calendar` does so for a list of awkward days).
"""

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import URL, make_url

from api.bootstrap import prepare_database
from api.core.clock import NOON, UK, Clock, parse_moment, system_clock
from api.core.config import ApiSettings
from api.main import create_app

TEST_GATEWAY_KEY = "test-gateway-key"
TEST_JWT_SECRET = "test-jwt-secret-that-is-long-enough-for-hs256"


DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _suite_moment() -> datetime:
    pinned = os.environ.get("TEST_CLOCK_PINNED_AT", "").strip()
    if pinned:
        return parse_moment(pinned)
    return datetime.combine(system_clock().today(), NOON, UK)


TEST_MOMENT = _suite_moment()
TEST_CLOCK = Clock(TEST_MOMENT, frozen=True)
TODAY = TEST_CLOCK.today()


@contextmanager
def postgres_databases(*names: str) -> Iterator[list[URL]]:
    """Create fresh PostgreSQL databases for a test, and drop them afterwards.

    The server is `TEST_POSTGRES_URL` (default 127.0.0.1:5432). When it is unreachable the
    test fails under CI, whose machine has PostgreSQL, and is skipped, with the reason,
    elsewhere.

    Args:
        names: The databases to create.

    Yields:
        Their URLs (with the admin URL's driver).
    """
    admin = make_url(os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=3) as connection:
            for name in names:
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        unreachable = f"PostgreSQL is unreachable at {admin.render_as_string()}: {error}"
        if os.environ.get("CI"):
            # CI has PostgreSQL at 127.0.0.1:5432: its absence there is a failure, not a skip.
            pytest.fail(unreachable)
        pytest.skip(unreachable)
    try:
        yield [admin.set(database=name) for name in names]
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_test_settings(database_url: str, **overrides: object) -> ApiSettings:
    """ApiSettings for tests: no `.env`, test secrets, the given database."""
    values: dict[str, object] = {
        "database_url": database_url,
        "jwt_secret": TEST_JWT_SECRET,
        "gateway_api_key": TEST_GATEWAY_KEY,
        **overrides,
    }
    return ApiSettings.model_validate(values | {"_env_file": None})


@pytest.fixture(scope="session")
def _migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file per test session, migrated by Alembic, empty."""
    path = tmp_path_factory.mktemp("api-template") / "migrated.db"
    prepare_database(make_test_settings(f"sqlite:///{path}"), seed=False)
    return path


def _seeded_copy(template: Path, path: Path, moment: datetime) -> ApiSettings:
    shutil.copyfile(template, path)
    settings = make_test_settings(f"sqlite:///{path}")
    prepare_database(settings, today=moment.astimezone(UK).date())
    return settings


@pytest.fixture(scope="session")
def _seeded_sqlite_template(
    _migrated_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """One SQLite file per test session, migrated by Alembic and seeded for the suite's day."""
    path = tmp_path_factory.mktemp("api-template") / "template.db"
    _seeded_copy(_migrated_sqlite_template, path, TEST_MOMENT)
    return path


@pytest.fixture
def api_settings(_seeded_sqlite_template: Path, tmp_path: Path) -> ApiSettings:
    """Settings pointing at a fresh copy of the seeded SQLite database (one per test)."""
    path = tmp_path / "api.db"
    shutil.copyfile(_seeded_sqlite_template, path)
    return make_test_settings(f"sqlite:///{path}")


@pytest.fixture
def api_app(api_settings: ApiSettings) -> Iterator[FastAPI]:
    """The real API app on its own seeded database; the gateway key is `TEST_GATEWAY_KEY`."""
    app = create_app(api_settings, clock=TEST_CLOCK)
    yield app
    app.state.engine.dispose()


ApiAppAt = Callable[[datetime], FastAPI]


@pytest.fixture
def api_app_at(_migrated_sqlite_template: Path, tmp_path: Path) -> Iterator[ApiAppAt]:
    """Factory: the real API on its own database, seeded and pinned at another moment.

    For tests about a particular kind of day (before payday, 31 March, a Saturday): the seed
    and the app's clock both say it is `moment` (a naive one is UK time).
    """
    apps: list[FastAPI] = []

    def build(moment: datetime) -> FastAPI:
        clock = Clock(moment, frozen=True)
        path = tmp_path / f"api-{len(apps)}.db"
        app = create_app(_seeded_copy(_migrated_sqlite_template, path, clock.now()), clock=clock)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.state.engine.dispose()
