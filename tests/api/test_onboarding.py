"""Gareth's onboarding checklist: due dates, overdue items and ticking items off."""

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.core.clock import Clock
from api.core.config import ApiSettings
from api.main import create_app
from tests.api.conftest import sign_in
from tests.conftest import TEST_MOMENT, TODAY

GARETH, PRIYA = "100004", "100001"


async def get_json(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_gareths_checklist(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, GARETH)
    me = await get_json(client, "/v1/me", headers)

    checklist = await get_json(client, "/v1/me/onboarding", headers)

    start = date.fromisoformat(checklist["start_date"])
    assert checklist["start_date"] == me["start_date"]
    items = checklist["items"]
    assert len(items) == 7
    assert [item["done_on"] is not None for item in items] == [True, True] + [False] * 5
    assert items[0]["code"] == "bpss_check" and items[0]["self_service"] is False
    for item in items:
        due = date.fromisoformat(item["due_on"])
        assert due >= start
        assert item["overdue"] == (item["done_on"] is None and due < TODAY)
        assert item["title"] and item["description"]


async def test_ticking_an_item_off_is_idempotent(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, GARETH)

    first = await client.post("/v1/me/onboarding/bank_details/complete", headers=headers)
    again = await client.post("/v1/me/onboarding/bank_details/complete", headers=headers)
    checklist = await get_json(client, "/v1/me/onboarding", headers)

    assert first.status_code == 200
    assert first.json()["done_on"] == TODAY.isoformat()
    assert first.json()["overdue"] is False
    assert again.json() == first.json()
    done = {item["code"] for item in checklist["items"] if item["done_on"]}
    assert done == {"bpss_check", "collect_laptop", "bank_details"}


async def test_refusals(client: httpx.AsyncClient) -> None:
    gareth = await sign_in(client, GARETH)
    priya = await sign_in(client, PRIYA)

    hr_only = await client.post("/v1/me/onboarding/bpss_check/complete", headers=gareth)
    unknown = await client.post("/v1/me/onboarding/learn_to_fly/complete", headers=gareth)
    none = await client.get("/v1/me/onboarding", headers=priya)
    not_hers = await client.post("/v1/me/onboarding/bank_details/complete", headers=priya)

    assert hr_only.status_code == 409
    assert hr_only.json()["detail"]["code"] == "not_self_service"
    assert unknown.status_code == 404
    assert none.status_code == 404
    assert none.json()["detail"] == {
        "code": "not_found",
        "message": "You don't have an onboarding checklist.",
    }
    assert not_hers.status_code == 404


@pytest.fixture
def later_app(db_settings: ApiSettings) -> Any:
    """The same database a fortnight on."""
    application: FastAPI = create_app(
        db_settings, clock=Clock(TEST_MOMENT + timedelta(days=14), frozen=True)
    )
    yield application
    application.state.engine.dispose()


async def test_a_fortnight_on_the_early_items_are_overdue(later_app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=later_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        headers = await sign_in(client, GARETH)

        checklist = await get_json(client, "/v1/me/onboarding", headers)

    overdue = [item["code"] for item in checklist["items"] if item["overdue"]]
    assert overdue == ["meet_line_manager", "bank_details", "building_pass"]
