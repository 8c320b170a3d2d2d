"""The API's clock: pinned by CLOCK_PINNED_AT in the embedded profile only, read by every rule,
timestamp and the seed, while sign-in tokens keep real time."""

import uuid
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from api import cli
from api.core.clock import UK
from api.core.config import ApiSettings
from api.core.db import make_engine, make_session_factory
from api.main import create_app
from api.models import Employee
from tests.api.conftest import sign_in
from tests.conftest import ApiAppAt, make_test_settings

STRONG = "a-production-secret-of-more-than-32-bytes"


def test_clock_pinned_at_is_read_as_uk_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOCK_PINNED_AT", "2027-03-31")

    settings = ApiSettings.model_validate({"_env_file": None})

    assert settings.clock_pinned_at == datetime(2027, 3, 31, 12, 0, tzinfo=UK)
    assert settings.clock().today() == date(2027, 3, 31)


def test_an_empty_clock_pinned_at_means_the_system_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOCK_PINNED_AT", "")

    assert ApiSettings.model_validate({"_env_file": None}).clock().pinned_at is None


def test_only_the_embedded_profile_may_pin_the_clock() -> None:
    with pytest.raises(ValidationError) as error:
        ApiSettings.model_validate(
            {
                "_env_file": None,
                "profile": "scale-out",
                "jwt_secret": STRONG,
                "gateway_api_key": STRONG,
                "dev_login_enabled": False,
                "clock_pinned_at": "2027-03-31T12:00",
            }
        )

    assert "CLOCK_PINNED_AT must be empty (only embedded pins the clock)" in str(error.value)


def test_a_moment_that_is_not_a_date_is_refused_at_start_up() -> None:
    with pytest.raises(ValidationError, match="clock_pinned_at"):
        ApiSettings.model_validate({"_env_file": None, "clock_pinned_at": "next tuesday"})


@pytest.mark.parametrize("pinned", ["2020-02-03T09:00", "2035-06-14T16:45"])
async def test_a_pinned_app_answers_as_of_that_day_and_its_tokens_still_work(
    api_settings: ApiSettings, pinned: str
) -> None:
    settings = api_settings.model_copy(update={"clock_pinned_at": datetime.fromisoformat(pinned)})
    app = create_app(settings)  # no clock given: the settings' one
    moment = datetime.fromisoformat(pinned)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
            headers = await sign_in(client, "100001")
            me = await client.get("/v1/me", headers=headers)
            dates = await client.get("/v1/pay/dates", headers=headers)
            holidays = await client.get("/v1/me/bank-holidays", headers=headers)
    finally:
        app.state.engine.dispose()

    assert me.status_code == 200, me.text  # the token's iat and exp are real time
    assert dates.json()["dates"][0]["period"] == f"{moment:%Y-%m}"
    assert holidays.json()["holidays"][0]["date"] >= f"{moment:%Y-%m-%d}"


async def test_what_is_written_is_stamped_by_the_clock(api_app_at: ApiAppAt) -> None:
    # 00:30 on 1 April in the UK is still 31 March in UTC.
    app = api_app_at(datetime(2027, 4, 1, 0, 30))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        priya, tom = await sign_in(client, "100001"), await sign_in(client, "100002")
        day = "2027-04-14"
        booked = await client.post(
            "/v1/me/leave/requests",
            headers=priya | {"Idempotency-Key": uuid.uuid4().hex},
            json={"start_date": day, "end_date": day},
        )
        decided = await client.post(
            f"/v1/leave/requests/{booked.json()['id']}/decision",
            headers=tom,
            json={"decision": "approve"},
        )
        waiting = (await client.get("/v1/me/notifications", headers=priya)).json()
        balance = (await client.get("/v1/me/leave/balance", headers=priya)).json()

    assert booked.status_code == 201, booked.text
    assert booked.json()["created_at"] == "2027-03-31T23:30:00Z"
    assert decided.json()["decided_at"] == "2027-03-31T23:30:00Z"
    assert [n["created_at"] for n in waiting] == ["2027-03-31T23:30:00Z"]
    assert balance["leave_year_start"] == "2027-04-01"  # the UK date decides the leave year


def test_init_db_seeds_the_department_as_of_the_pinned_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_test_settings(f"sqlite:///{tmp_path / 'pinned.db'}")
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CLOCK_PINNED_AT", "2027-07-14T10:00")  # a Wednesday

    assert cli.main(["init-db"]) == 0

    engine = make_engine(settings.database_url)
    with make_session_factory(engine)() as session:
        gareth = session.query(Employee).filter_by(staff_number="100004").one()
        started = gareth.start_date
    engine.dispose()
    assert started == date(2027, 7, 12)
