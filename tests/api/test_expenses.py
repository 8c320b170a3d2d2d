"""Expense claims: status, outstanding claims, the policy checks and idempotent submission."""

import uuid
from datetime import timedelta
from typing import Any

import httpx

from tests.api.conftest import next_monday, sign_in, working_day_from
from tests.conftest import TODAY

PRIYA, TOM, GARETH = "100001", "100002", "100004"


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


def claim(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "claim_type": "subsistence",
        "spent_on": (TODAY - timedelta(days=1)).isoformat(),
        "amount": "12.40",
        "description": "Lunch at the Cardiff office",
        "receipt_attached": True,
    }
    return body | changes


async def get_json(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_priyas_claims_paid_approved_and_submitted(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)

    claims = await get_json(client, "/v1/me/expenses", headers)

    assert [c["status"] for c in claims] == ["submitted", "approved", "paid"]
    paid = claims[2]
    assert paid["reference"].startswith("EXP-1")
    assert paid["paid_at"] is not None
    assert paid["paid_in_period"] == paid["paid_at"][:7]
    assert paid["amount"] == "86.40"
    assert paid["approver"] == {"staff_number": TOM, "name": "Tom Evans"}
    assert claims[1]["approved_at"] is not None and claims[1]["paid_at"] is None
    assert claims[0]["approved_at"] is None
    assert all(c["receipt_required"] for c in claims)


async def test_filter_by_status_and_nobody_elses(client: httpx.AsyncClient) -> None:
    priya = await sign_in(client, PRIYA)
    tom = await sign_in(client, TOM)

    approved = await get_json(client, "/v1/me/expenses?status=approved", priya)
    toms = await get_json(client, "/v1/me/expenses", tom)
    bad = await client.get("/v1/me/expenses?status=lost", headers=priya)

    assert [c["status"] for c in approved] == ["approved"]
    assert toms == []
    assert bad.status_code == 422


async def test_submitting_a_claim_and_retrying_it(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, GARETH) | key()

    first = await client.post("/v1/me/expenses", json=claim(), headers=headers)
    again = await client.post("/v1/me/expenses", json=claim(), headers=headers)
    other = await client.post("/v1/me/expenses", json=claim(amount="3.00"), headers=headers)
    listed = await get_json(client, "/v1/me/expenses", headers)

    assert first.status_code == 201, first.text
    body = first.json()
    assert body["status"] == "submitted"
    assert body["amount"] == "12.40"
    assert body["approver"] == {"staff_number": TOM, "name": "Tom Evans"}
    assert again.status_code == 200
    assert again.json()["reference"] == body["reference"]
    assert other.status_code == 409
    assert other.json()["detail"]["code"] == "idempotency_key_reused"
    assert [c["reference"] for c in listed] == [body["reference"]]


async def test_a_key_used_for_leave_can_still_submit_a_claim(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, GARETH) | key()
    day = working_day_from("wales", [0, 1, 2, 3, 4], next_monday(TODAY, weeks=3))

    leave = await client.post(
        "/v1/me/leave/requests",
        json={"start_date": str(day), "end_date": str(day)},
        headers=headers,
    )
    first = await client.post("/v1/me/expenses", json=claim(), headers=headers)
    again = await client.post("/v1/me/expenses", json=claim(), headers=headers)

    assert leave.status_code == 201, leave.text
    assert first.status_code == 201, first.text
    assert again.status_code == 200
    assert again.json()["reference"] == first.json()["reference"]


async def test_policy_refusals_change_nothing(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, GARETH)
    today = TODAY
    cases = [
        (claim(amount="25.01"), "over_limit"),
        (claim(claim_type="accommodation", amount="180"), "over_limit"),
        (claim(receipt_attached=False), "receipt_required"),
        (claim(spent_on=(today + timedelta(days=1)).isoformat()), "date_in_future"),
        (claim(spent_on=(today - timedelta(days=100)).isoformat()), "too_old"),
        (claim(amount="-5"), "invalid_request"),
        (claim(amount="1.234"), "invalid_request"),
        (claim(claim_type="gifts"), "invalid_request"),
        (claim(description=""), "invalid_request"),
    ]
    for body, code in cases:
        response = await client.post("/v1/me/expenses", json=body, headers=headers | key())

        assert response.status_code == 422, body
        assert response.json()["detail"]["code"] == code
        assert response.json()["detail"]["message"]
    assert await get_json(client, "/v1/me/expenses", headers) == []


async def test_a_claim_needs_an_idempotency_key(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, GARETH)

    response = await client.post("/v1/me/expenses", json=claim(), headers=headers)

    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "invalid_request"
    assert await get_json(client, "/v1/me/expenses", headers) == []
