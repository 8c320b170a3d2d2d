"""API test fixtures: the real app on SQLite and on PostgreSQL, through httpx's ASGI transport."""

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from api.bootstrap import prepare_database
from api.core.config import ApiSettings
from api.core.db import make_engine, make_session_factory
from api.domain.calendar import bank_holidays, is_working_day
from api.main import create_app
from api.models import Base
from api.seed import seed_department
from tests.conftest import TEST_CLOCK, TODAY, make_test_settings, postgres_databases


@pytest.fixture(scope="session")
def _postgres_database() -> Iterator[str]:
    """A uniquely named PostgreSQL database, migrated once per session and dropped afterwards."""
    with postgres_databases(f"ask_shared_services_test_{uuid.uuid4().hex[:10]}") as (url,):
        rendered = url.render_as_string(hide_password=False)
        prepare_database(make_test_settings(rendered), seed=False)
        yield rendered


def _fresh_postgres(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        with make_session_factory(engine)() as session:
            seed_department(session, TODAY)
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_settings(request: pytest.FixtureRequest) -> ApiSettings:
    """Settings for a freshly seeded database: a copied SQLite file, or a reset PostgreSQL one."""
    if request.param == "sqlite":
        settings: ApiSettings = request.getfixturevalue("api_settings")
        return settings
    url: str = request.getfixturevalue("_postgres_database")
    _fresh_postgres(url)
    return make_test_settings(url)


@pytest.fixture
def app(db_settings: ApiSettings) -> Iterator[FastAPI]:
    """The real app on the parametrised database."""
    application = create_app(db_settings, clock=TEST_CLOCK)
    yield application
    application.state.engine.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to the app in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as http:
        yield http


async def sign_in(client: httpx.AsyncClient, staff_number: str) -> dict[str, str]:
    """Dev sign-in; returns the Authorization header."""
    response = await client.post("/auth/dev-login", json={"staff_number": staff_number})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def working_day_from(region: str, pattern: list[int], day: date) -> date:
    """The first working day on or after `day` for that region and weekly pattern."""
    closed = bank_holidays(region, day, day + timedelta(days=60))
    while not is_working_day(day, pattern, closed):
        day += timedelta(days=1)
    return day


def next_monday(today: date, weeks: int = 1) -> date:
    """The Monday `weeks` weeks after this week's Monday."""
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)
