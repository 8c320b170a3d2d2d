"""Settings refuse development values outside `embedded`; every error has one shape."""

from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from api.core.config import ApiSettings
from api.domain.errors import Conflict, DomainError, Forbidden, NotFound, RuleBroken, Unauthorised
from api.errors import status_of
from tests.api.conftest import sign_in

STRONG = "a-production-secret-of-more-than-32-bytes"


def settings(**values: object) -> ApiSettings:
    return ApiSettings.model_validate(values | {"_env_file": None})


def test_the_defaults_are_the_embedded_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PROFILE", "DATABASE_URL", "JWT_SECRET", "DEV_LOGIN_ENABLED", "GATEWAY_API_KEY"):
        monkeypatch.delenv(name, raising=False)

    defaults = settings()

    assert defaults.profile == "embedded"
    assert defaults.database_url == "sqlite:///./var/shared_services.db"
    assert (defaults.access_token_minutes, defaults.obo_token_minutes) == (480, 5)
    assert defaults.dev_login_enabled is True


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBO_TOKEN_MINUTES", "3")
    monkeypatch.setenv("DEV_LOGIN_ENABLED", "false")
    monkeypatch.setenv("ACCESS_TOKEN_MINUTES", "")  # empty means "use the default"

    loaded = settings()

    assert loaded.obo_token_minutes == 3
    assert loaded.dev_login_enabled is False
    assert loaded.access_token_minutes == 480


def test_settings_read_a_dotenv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("API_PORT", raising=False)
    (tmp_path / ".env").write_text("API_PORT=18123\nUNRELATED=1\n")
    monkeypatch.chdir(tmp_path)

    assert ApiSettings().api_port == 18123


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"gateway_api_key": STRONG, "dev_login_enabled": False}, "JWT_SECRET"),
        ({"jwt_secret": STRONG, "dev_login_enabled": False}, "GATEWAY_API_KEY"),
        ({"jwt_secret": STRONG, "gateway_api_key": STRONG}, "DEV_LOGIN_ENABLED"),
        ({"jwt_secret": "short", "gateway_api_key": STRONG, "dev_login_enabled": False}, "32"),
        (
            {"jwt_secret": STRONG, "gateway_api_key": STRONG, "dev_login_enabled": False},
            "EVENTS_API_KEY",
        ),
    ],
)
def test_scale_out_refuses_development_values(values: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError) as error:
        settings(profile="scale-out", **values)

    assert problem in str(error.value)


def test_scale_out_with_real_secrets_is_fine() -> None:
    loaded = settings(
        profile="scale-out",
        jwt_secret=STRONG,
        gateway_api_key=STRONG,
        events_api_key=STRONG,
        dev_login_enabled=False,
    )

    assert loaded.profile == "scale-out"


@pytest.mark.parametrize(
    ("kind", "status"),
    [(NotFound, 404), (Conflict, 409), (RuleBroken, 422), (Forbidden, 403), (Unauthorised, 401)],
)
def test_each_kind_of_refusal_has_one_status(kind: type[DomainError], status: int) -> None:
    narrower = type("Narrower", (kind,), {})

    assert status_of(kind(code="some_rule", message="Why.")) == status
    assert status_of(narrower(code="some_rule", message="Why.")) == status


async def test_an_unknown_route_has_the_error_shape(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/nothing-here")

    assert response.status_code == 404
    assert response.json() == {"detail": {"code": "not_found", "message": "We couldn't find that."}}


async def test_a_wrong_method_has_the_error_shape(client: httpx.AsyncClient) -> None:
    response = await client.delete("/v1/me")

    assert response.status_code == 405
    assert response.json()["detail"]["code"] == "method_not_allowed"


async def test_validation_errors_name_the_bad_field(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, "100001")

    response = await client.post(
        "/v1/me/leave/quote",
        headers=headers,
        json={"start_date": "2027-13-01", "end_date": "2027-01-02", "portion": "evening"},
    )

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["code"] == "invalid_request"
    assert "start_date" in detail["message"]
    assert "portion" in detail["message"]


async def test_a_quote_needs_an_end_date_or_a_count(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, "100001")

    response = await client.post(
        "/v1/me/leave/quote", headers=headers, json={"start_date": "2027-01-04"}
    )

    assert response.status_code == 422
    assert "end_date or working_days" in response.json()["detail"]["message"]


async def test_the_openapi_document_lists_every_route(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    assert {
        "/health",
        "/auth/dev-login",
        "/auth/dev-personas",
        "/auth/obo",
        "/v1/me",
        "/v1/me/leave/balance",
        "/v1/me/leave/requests",
        "/v1/me/leave/quote",
        "/v1/me/leave/requests/{request_id}/cancel",
        "/v1/me/approvals",
        "/v1/leave/requests/{request_id}/decision",
        "/v1/me/bank-holidays",
        "/v1/me/notifications",
        "/v1/me/notifications/{notification_id}/ack",
        "/v1/pay/dates",
        "/v1/me/payslips",
        "/v1/me/payslips/{period}",
        "/v1/me/payslips/compare",
        "/v1/me/tax-documents",
        "/v1/me/tax-documents/{kind}/{tax_year}",
        "/v1/me/expenses",
        "/v1/me/purchase-orders",
        "/v1/purchase-orders/{number}",
        "/v1/me/po-approvals",
        "/v1/purchase-orders/{number}/decision",
        "/v1/invoices/{number}",
        "/v1/me/onboarding",
        "/v1/me/onboarding/{code}/complete",
        "/v1/knowledge",
        "/v1/knowledge/{topic}",
    } <= set(paths)
