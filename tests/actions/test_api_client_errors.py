"""How the API client turns answers and transport failures into its exception hierarchy."""

from __future__ import annotations

import json

import httpx
import pytest

from actions.api_client import (
    ApiClient,
    ApiError,
    ApiRefusal,
    ApiUnavailable,
    LeaveRequestIn,
    NotAuthorised,
    NotFound,
)
from actions.config import DEFAULT_SERVICE_DESK_CONTACT, ActionSettings
from tests.actions.conftest import API_BASE


def answering(status: int, body: object) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=json.dumps(body).encode())

    return httpx.MockTransport(handler)


def raising(error: type[httpx.TransportError]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("no answer", request=request)

    return httpx.MockTransport(handler)


def refusal(code: str, message: str) -> dict[str, object]:
    return {"detail": {"code": code, "message": message}}


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (422, ApiRefusal),
        (409, ApiRefusal),
        (404, NotFound),
        (401, NotAuthorised),
        (403, NotAuthorised),
    ],
)
async def test_4xx_answers_carry_the_apis_code_and_message(status: int, kind: type) -> None:
    client = ApiClient(API_BASE, transport=answering(status, refusal("some_code", "Because.")))

    with pytest.raises(kind) as caught:
        await client.leave_balance("token")

    assert isinstance(caught.value, ApiRefusal)
    assert (caught.value.status_code, caught.value.code, caught.value.message) == (
        status,
        "some_code",
        "Because.",
    )
    await client.aclose()


@pytest.mark.parametrize(
    "transport",
    [
        answering(500, {"detail": "boom"}),
        answering(200, {"not": "a balance"}),
        raising(httpx.ReadTimeout),
        raising(httpx.ConnectError),
    ],
    ids=["500", "unreadable", "timeout", "refused"],
)
async def test_failures_to_answer_are_api_unavailable(transport: httpx.MockTransport) -> None:
    client = ApiClient(API_BASE, transport=transport)

    with pytest.raises(ApiUnavailable):
        await client.leave_balance("token")

    assert issubclass(ApiUnavailable, ApiError) and not issubclass(ApiUnavailable, ApiRefusal)
    await client.aclose()


async def test_every_call_sends_the_token_and_bookings_the_idempotency_key() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(503)

    client = ApiClient(API_BASE, transport=httpx.MockTransport(handler))
    request = LeaveRequestIn(start_date="2026-12-14", end_date="2026-12-14")
    with pytest.raises(ApiUnavailable):
        await client.book_leave("tok-1", request, idempotency_key="key-1")
    with pytest.raises(ApiUnavailable):
        await client.me("tok-2")

    assert [r.headers["Authorization"] for r in seen] == ["Bearer tok-1", "Bearer tok-2"]
    assert seen[0].headers["Idempotency-Key"] == "key-1"
    assert json.loads(seen[0].content) == {
        "start_date": "2026-12-14",
        "end_date": "2026-12-14",
        "portion": "full",
        "leave_type": "annual",
    }
    await client.aclose()


def test_settings_read_the_environment_and_default_to_the_design(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("API_URL", "API_TIMEOUT_SECONDS", "SERVICE_DESK_CONTACT"):
        monkeypatch.delenv(name, raising=False)
    defaults = ActionSettings(_env_file=None)
    monkeypatch.setenv("API_URL", "http://api.internal:9000")
    monkeypatch.setenv("API_TIMEOUT_SECONDS", "2.5")

    configured = ActionSettings(_env_file=None)

    assert (defaults.api_url, defaults.api_timeout_seconds) == ("http://127.0.0.1:8000", 5.0)
    assert defaults.service_desk_contact == DEFAULT_SERVICE_DESK_CONTACT
    assert (configured.api_url, configured.api_timeout_seconds) == ("http://api.internal:9000", 2.5)
