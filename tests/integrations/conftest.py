"""Fixtures of the gateway tests: the real API in process, a fake Rasa, the gateway app.

Only Rasa is faked. The API is the real app on a seeded temporary SQLite database, wrapped in
`CountingApp` so tests can count the calls it served.
"""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from integrations.app import create_app
from integrations.config import GatewaySettings
from tests.conftest import TEST_GATEWAY_KEY
from tests.integrations.fakes import CountingApp, FakeRasa

GATEWAY_ENV_NAMES = (
    "PROFILE",
    "API_URL",
    "RASA_URL",
    "RASA_TOKEN",
    "GATEWAY_API_KEY",
    "RASA_TIMEOUT_SECONDS",
    "API_TIMEOUT_SECONDS",
    "GATEWAY_PORT",
    "CLOCK_PINNED_AT",
    "DEV_LOGIN_ENABLED",
    "PUBLIC_BASE_URL",
    "COURIER_ENABLED",
    "COURIER_INTERVAL_SECONDS",
    "COURIER_LEASE_SECONDS",
    "WEB_EVENTS_MAX_SECONDS",
    "WIDGET_ALLOWED_ORIGINS",
    "OIDC_ISSUER",
    "OIDC_AUDIENCE",
    "OIDC_JWKS_URL",
    "OIDC_IDENTITY_CLAIM",
    "OIDC_ALGORITHMS",
)
CLOSED_PORT_URL = "http://127.0.0.1:18899"  # nothing listens here during the tests


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeps the developer's environment out of the gateway's settings."""
    for name in GATEWAY_ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def gateway_settings() -> GatewaySettings:
    """Settings pointing at hosts that only the injected transports can reach."""
    return GatewaySettings(
        _env_file=None,
        api_url="http://api.test",
        rasa_url="http://rasa.test",
        gateway_api_key=TEST_GATEWAY_KEY,
        rasa_timeout_seconds=0.5,
        public_base_url="https://chat.example",
        courier_enabled=False,  # tests deliver with `courier.run_once()`, step by step
        web_events_max_seconds=0.3,
    )


@pytest.fixture
def fake_rasa() -> FakeRasa:
    """Rasa's REST channel, answering one message with Yes / No buttons."""
    return FakeRasa()


@pytest.fixture
def counting_api(api_app: FastAPI) -> CountingApp:
    """The real API, counting the requests it serves."""
    return CountingApp(api_app)


@pytest.fixture
def gateway_app(
    gateway_settings: GatewaySettings, counting_api: CountingApp, fake_rasa: FakeRasa
) -> FastAPI:
    """The gateway wired to the real API and the fake Rasa."""
    return create_app(
        gateway_settings,
        api_transport=httpx.ASGITransport(app=counting_api),
        rasa_transport=httpx.ASGITransport(app=fake_rasa),
    )


@pytest.fixture
async def client(gateway_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A browser's view of the gateway; runs the app's lifespan so its clients get closed."""
    async with gateway_app.router.lifespan_context(gateway_app):
        transport = httpx.ASGITransport(app=gateway_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            yield c


async def sign_in(client: httpx.AsyncClient, staff_number: str = "100001") -> dict[str, str]:
    """Signs in through the gateway and returns the headers of that person's later requests."""
    response = await client.post("/web/sign-in", json={"staff_number": staff_number})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
