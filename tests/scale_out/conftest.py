"""The scale-out profile, started once for these tests: PostgreSQL, Redis, RabbitMQ for real.

Two Rasa replicas and two action servers on `bot/endpoints.scale-out.yml`, the recorder, the
API on PostgreSQL and the gateway, on ports 28010 + E2E_PORT_OFFSET and up, with databases,
a lock-key prefix, a RabbitMQ exchange and queue of their own (dropped afterwards). The
services are this machine's (CI runs them on 127.0.0.1): when one is unreachable the tests
fail under CI and are skipped, with the reason, elsewhere.

The profile refuses a pinned clock and dev sign-in, so these tests read the real clock and
sign in with tokens the API's own `mint_token` signs (as an identity provider would).

Every connection to PostgreSQL, Redis, RabbitMQ and the API goes through a TCP proxy of
tests/faults.py (transparent while it is up), so the fault tests can take one of them away, or
slow it down, without touching the machine's services or anyone else's tests.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api.core.config import ApiSettings
from api.core.db import make_engine
from api.core.security import mint_token
from api.models import Employee
from api.repositories import employees
from scripts.stack import ROOT, Ports, Stack, StackError, read_env_file
from tests.conftest import DEFAULT_POSTGRES_URL

_OFFSET = int(os.environ.get("E2E_PORT_OFFSET", "0"))
# Beside the end-to-end stack of the same offset (28000 + offset, 28080 + offset ...): within
# 28700-28899 for offset 700.
SCALE_OUT_PORTS = Ports(
    api=28010 + _OFFSET, gateway=28090 + _OFFSET, rasa=28020 + _OFFSET, actions=28030 + _OFFSET
)
RECORDER_METRICS_PORT = 28040 + _OFFSET
SECRET = "scale-out-test-secret-" + "x" * 32
RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def require_services() -> dict[str, Any]:
    """Where PostgreSQL, Redis and RabbitMQ are; fail under CI, skip elsewhere, if absent."""
    postgres = make_url(os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    redis = make_url(REDIS_URL)
    rabbit = make_url(RABBITMQ_URL.replace("amqp://", "amqp+x://"))
    wanted = {
        "PostgreSQL": (postgres.host or "127.0.0.1", postgres.port or 5432),
        "Redis": (redis.host or "127.0.0.1", redis.port or 6379),
        "RabbitMQ": (rabbit.host or "127.0.0.1", rabbit.port or 5672),
    }
    missing = [f"{name} at {h}:{p}" for name, (h, p) in wanted.items() if not _reachable(h, p)]
    if missing:
        reason = "the scale-out profile needs " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI runs all three on 127.0.0.1
        pytest.skip(reason)
    return {"postgres": postgres, "redis": redis, "rabbit": rabbit}


def _drop_databases(admin: str, names: list[str]) -> None:
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _delete_broker_objects(exchange: str, queue: str) -> None:
    import aio_pika

    connection = await aio_pika.connect(RABBITMQ_URL, timeout=5)
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(queue)
        await channel.exchange_delete(exchange)


def scale_out_settings(
    var_dir: Path, suffix: str, services: dict[str, Any], wires: Any
) -> dict[str, str]:
    """`.env.example` with the scale-out profile on this run's own databases and names, every
    service reached through its proxy in `wires`."""
    postgres = services["postgres"]
    server = postgres.set(database=None, host="127.0.0.1", port=wires.postgres.port)
    settings = read_env_file(ROOT / ".env.example")
    settings.update(
        {
            "PROFILE": "scale-out",
            "CLOCK_PINNED_AT": "",
            "DEV_LOGIN_ENABLED": "false",
            "JWT_SECRET": SECRET,
            "GATEWAY_API_KEY": SECRET + "-gateway",
            "EVENTS_API_KEY": SECRET + "-events",
            "DATABASE_URL": server.set(
                drivername="postgresql+psycopg", database=f"ask_api_{suffix}"
            ).render_as_string(hide_password=False),
            "RASA_TRACKER_URL": server.set(
                drivername="postgresql", database=f"ask_tracker_{suffix}"
            ).render_as_string(hide_password=False),
            "RASA_REPLICAS": "2",
            "ACTIONS_REPLICAS": "2",
            "REDIS_HOST": services["redis"].host or "127.0.0.1",
            "REDIS_PORT": str(services["redis"].port or 6379),
            "REDIS_DB": services["redis"].database or "1",
            "RASA_LOCK_PREFIX": f"ask{suffix}",
            "RABBITMQ_HOST": services["rabbit"].host or "127.0.0.1",
            "RABBITMQ_PORT": str(services["rabbit"].port or 5672),
            "RABBITMQ_USER": services["rabbit"].username or "guest",
            "RABBITMQ_PASSWORD": services["rabbit"].password or "guest",
            "RABBITMQ_EXCHANGE": f"ask-events-{suffix}",
            "EVENTS_QUEUE": f"conversation_events_{suffix}",
            "RASA_TOKEN": "scale-out-rasa-token",
            "API_TIMEOUT_SECONDS": "3",
            "EVENTS_METRICS_PORT": str(RECORDER_METRICS_PORT),
        }
    )
    settings.update(  # Redis and RabbitMQ through their proxies (PostgreSQL's is in the URLs)
        {
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(wires.redis.port),
            "RABBITMQ_HOST": "127.0.0.1",
            "RABBITMQ_PORT": str(wires.rabbitmq.port),
        }
    )
    return settings


@pytest.fixture(scope="session")
def services() -> dict[str, Any]:
    """Where this machine's PostgreSQL, Redis and RabbitMQ are (or skip / fail)."""
    return require_services()


@pytest.fixture(scope="session")
def wires(services: dict[str, Any]) -> Iterator[Any]:
    """The proxies every connection of the scale-out stack goes through (`tests.faults.Wires`)."""
    from tests.faults import Wires

    proxies = Wires(services, SCALE_OUT_PORTS.api)
    proxies.start()
    yield proxies
    proxies.stop()


@pytest.fixture(scope="session")
def scale_out(
    tmp_path_factory: pytest.TempPathFactory, services: dict[str, Any], wires: Any
) -> Iterator[Stack]:
    """The scale-out stack, started once; everything it created is removed afterwards."""
    suffix = uuid.uuid4().hex[:8]
    var_dir = tmp_path_factory.mktemp("scale-out-var")
    settings = scale_out_settings(var_dir, suffix, services, wires)
    admin = services["postgres"].set(drivername="postgresql", database="postgres")
    admin_conninfo = admin.render_as_string(hide_password=False)
    running = Stack(
        ports=SCALE_OUT_PORTS,
        var_dir=var_dir,
        settings=settings,
        log_dir=var_dir / "logs",
        echo=lambda line: None,
        routes={"API_URL": f"http://127.0.0.1:{wires.api.port}"},
    )
    try:
        running.start()
    except StackError as error:
        running.stop()
        _drop_databases(admin_conninfo, [f"ask_api_{suffix}", f"ask_tracker_{suffix}"])
        pytest.fail(f"the scale-out stack did not start: {error}")
    yield running
    running.stop()
    _drop_databases(admin_conninfo, [f"ask_api_{suffix}", f"ask_tracker_{suffix}"])
    asyncio.run(_delete_broker_objects(settings["RABBITMQ_EXCHANGE"], settings["EVENTS_QUEUE"]))


def api_settings_of(stack: Stack) -> ApiSettings:
    """The API's settings as the stack started it."""
    values = {
        "profile": "scale-out",
        "database_url": stack.env["DATABASE_URL"],
        "jwt_secret": stack.env["JWT_SECRET"],
        "gateway_api_key": stack.env["GATEWAY_API_KEY"],
        "events_api_key": stack.env["EVENTS_API_KEY"],
        "dev_login_enabled": False,
    }
    return ApiSettings.model_validate(values | {"_env_file": None})


@pytest.fixture(scope="session")
def tokens(scale_out: Stack) -> dict[str, str]:
    """An access token per staff number, signed with the stack's secret."""
    settings = api_settings_of(scale_out)
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            found = {}
            for employee in session.scalars(select(Employee)):
                token, _ = mint_token(
                    settings,
                    sub=employee.staff_number,
                    name=employee.name,
                    roles=employees.roles_of(session, employee),
                    typ="access",
                )
                found[employee.staff_number] = token
    finally:
        engine.dispose()
    return found


class Chat:
    """One conversation through the scale-out gateway's `/web/messages`."""

    def __init__(self, client: httpx.Client, token: str, session: str | None = None) -> None:
        """A fresh session unless one is given."""
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}
        self.session = session or f"so-{uuid.uuid4().hex[:10]}"

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send one message; the bot's messages."""
        answer = self.client.post(
            "/web/messages", headers=self.headers, json={"text": text, "session": self.session}
        )
        assert answer.status_code == 200, answer.text
        messages: list[dict[str, Any]] = answer.json()["messages"]
        return messages


@pytest.fixture(scope="session")
def gateway(scale_out: Stack) -> Iterator[httpx.Client]:
    """An HTTP client for the scale-out gateway."""
    url = f"http://127.0.0.1:{scale_out.ports.gateway}"
    with httpx.Client(base_url=url, timeout=60) as client:
        yield client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here `e2e` and `scale_out`."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.scale_out)
