"""Dev sign-in, on-behalf-of tokens and /v1/me."""

from datetime import timedelta

import httpx
import jwt
import pytest
from fastapi import FastAPI

from api.core.clock import real_now
from api.core.config import ApiSettings
from api.core.security import mint_token
from api.main import create_app
from api.models import ChannelIdentity
from api.repositories import employees
from tests.api.conftest import sign_in
from tests.conftest import TEST_GATEWAY_KEY, TEST_JWT_SECRET

GATEWAY = {"X-Gateway-Key": TEST_GATEWAY_KEY}


async def test_dev_login_gives_a_token_for_the_persona(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/dev-login", json={"staff_number": "100001"})

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    claims = jwt.decode(body["access_token"], TEST_JWT_SECRET, algorithms=["HS256"])
    assert claims["sub"] == "100001"
    assert claims["typ"] == "access"
    assert claims["name"] == "Priya Shah"
    assert claims["roles"] == ["staff"]
    assert claims["exp"] - claims["iat"] == 480 * 60
    assert claims["jti"]


async def test_dev_login_of_an_unknown_staff_number_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/dev-login", json={"staff_number": "999999"})

    assert response.status_code == 404
    assert response.json()["detail"]["code"] == "not_found"
    assert "999999" in response.json()["detail"]["message"]


async def test_dev_personas_lists_everyone(client: httpx.AsyncClient) -> None:
    response = await client.get("/auth/dev-personas")

    assert response.status_code == 200
    numbers = [p["staff_number"] for p in response.json()]
    assert numbers == ["100001", "100002", "100003", "100004", "100005", "100006", "100010"]
    assert response.json()[1] == {
        "staff_number": "100002",
        "name": "Tom Evans",
        "grade": "G7",
        "job_title": "Team leader",
        "roles": ["staff", "line_manager"],
    }


async def test_dev_login_and_personas_are_404_when_disabled(api_settings: ApiSettings) -> None:
    settings = api_settings.model_copy(update={"dev_login_enabled": False})
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        login = await client.post("/auth/dev-login", json={"staff_number": "100001"})
        personas = await client.get("/auth/dev-personas")
    app.state.engine.dispose()

    assert login.status_code == 404
    assert personas.status_code == 404
    assert login.json()["detail"]["code"] == "not_found"


async def test_me_describes_the_signed_in_employee(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, "100003")

    response = await client.get("/v1/me", headers=headers)

    assert response.status_code == 200
    me = response.json()
    assert me["staff_number"] == "100003"
    assert me["name"] == "Aisha Bello"
    assert me["region"] == "scotland"
    assert me["working_days"] == [0, 1, 2]
    assert me["roles"] == ["staff"]
    assert me["line_manager"] == {"staff_number": "100002", "name": "Tom Evans"}
    assert me["email"] == "aisha.bello@shared-services.example.gov.uk"


async def test_a_manager_has_the_derived_line_manager_role(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, "100002")

    me = (await client.get("/v1/me", headers=headers)).json()

    assert me["roles"] == ["staff", "line_manager"]
    assert me["line_manager"]["name"] == "Helen Ward"


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer not-a-jwt", "Basic abc"],
)
async def test_me_without_a_valid_token_is_401(
    client: httpx.AsyncClient, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = await client.get("/v1/me", headers=headers)

    assert response.status_code == 401
    assert response.json()["detail"]["code"] in {"not_signed_in", "invalid_token"}


async def test_an_expired_token_is_401(client: httpx.AsyncClient, db_settings: ApiSettings) -> None:
    long_ago = real_now() - timedelta(days=2)
    token, _ = mint_token(
        db_settings, sub="100001", name="Priya Shah", roles=["staff"], typ="access", now=long_ago
    )

    response = await client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert response.json()["detail"]["code"] == "invalid_token"


async def test_obo_exchanges_an_access_token_for_a_short_one(client: httpx.AsyncClient) -> None:
    access = (await sign_in(client, "100001"))["Authorization"].removeprefix("Bearer ")

    response = await client.post(
        "/auth/obo", json={"channel": "web", "assertion": access}, headers=GATEWAY
    )

    assert response.status_code == 200
    body = response.json()
    assert body["expires_in"] == 300
    assert body["staff_number"] == "100001"
    assert body["name"] == "Priya Shah"
    claims = jwt.decode(body["access_token"], TEST_JWT_SECRET, algorithms=["HS256"])
    assert claims["typ"] == "obo"
    assert claims["channel"] == "web"
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["staff_number"] == "100001"


@pytest.mark.parametrize("key", [None, "wrong-key", TEST_GATEWAY_KEY + "x"])
async def test_obo_refuses_a_wrong_gateway_key(client: httpx.AsyncClient, key: str | None) -> None:
    access = (await sign_in(client, "100001"))["Authorization"].removeprefix("Bearer ")
    headers = {"X-Gateway-Key": key} if key else {}

    response = await client.post(
        "/auth/obo", json={"channel": "web", "assertion": access}, headers=headers
    )

    assert response.status_code == 401
    assert response.json()["detail"]["code"] == "invalid_gateway_key"


async def test_obo_refuses_a_bad_assertion(client: httpx.AsyncClient) -> None:
    forged = jwt.encode(
        {"sub": "100010", "typ": "access"},
        "a-different-secret-of-at-least-32-bytes",
        algorithm="HS256",
    )

    response = await client.post(
        "/auth/obo", json={"channel": "web", "assertion": forged}, headers=GATEWAY
    )

    assert response.status_code == 401
    assert response.json()["detail"]["code"] == "invalid_assertion"


async def test_obo_refuses_an_obo_token_as_assertion(client: httpx.AsyncClient) -> None:
    access = (await sign_in(client, "100001"))["Authorization"].removeprefix("Bearer ")
    first = await client.post(
        "/auth/obo", json={"channel": "web", "assertion": access}, headers=GATEWAY
    )

    response = await client.post(
        "/auth/obo",
        json={"channel": "web", "assertion": first.json()["access_token"]},
        headers=GATEWAY,
    )

    assert response.status_code == 401


async def test_obo_for_an_unmapped_slack_user_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/obo", json={"channel": "slack", "channel_user_id": "U0NOBODY"}, headers=GATEWAY
    )

    assert response.status_code == 404
    assert response.json()["detail"]["code"] == "not_found"


async def test_obo_for_a_mapped_teams_user(client: httpx.AsyncClient, app: FastAPI) -> None:
    with app.state.session_factory() as session:
        fiona = employees.by_staff_number(session, "100006")
        assert fiona is not None
        session.add(
            ChannelIdentity(channel="teams", channel_user_id="aad-123", employee_id=fiona.id)
        )
        session.commit()

    response = await client.post(
        "/auth/obo", json={"channel": "teams", "channel_user_id": "aad-123"}, headers=GATEWAY
    )
    slack = await client.post(
        "/auth/obo", json={"channel": "slack", "channel_user_id": "aad-123"}, headers=GATEWAY
    )

    assert response.status_code == 200
    assert response.json()["staff_number"] == "100006"
    claims = jwt.decode(response.json()["access_token"], TEST_JWT_SECRET, algorithms=["HS256"])
    assert claims["channel"] == "teams"
    assert claims["roles"] == ["staff", "procurement_approver"]
    assert slack.status_code == 404


async def test_obo_without_the_identity_for_its_channel_is_invalid_request(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/auth/obo", json={"channel": "web"}, headers=GATEWAY)

    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "invalid_request"
    assert "assertion" in response.json()["detail"]["message"]


async def test_health(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
