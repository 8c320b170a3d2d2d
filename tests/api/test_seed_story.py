"""The seeded department tells the same story on every awkward day of the calendar sweep.

Each day seeds a fresh database with the clock pinned there and reads the story back through
the API, as the assistant would. `make test-calendar` runs every suite at each of these days.
"""

from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

from api.core.clock import UK, parse_moment
from api.domain.leave import leave_year_start
from api.domain.pay import latest_paid_period
from scripts.calendar_sweep import DAYS
from tests.api.conftest import sign_in
from tests.conftest import ApiAppAt

PRIYA, TOM, AISHA, GARETH, SAM, FIONA, HELEN = (
    "100001", "100002", "100003", "100004", "100005", "100006", "100010"
)  # fmt: skip
EVERYONE = (PRIYA, TOM, AISHA, GARETH, SAM, FIONA, HELEN)


class Reader:
    """Reads the API as one signed-in person after another."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.headers: dict[str, dict[str, str]] = {}

    async def get(self, staff_number: str, path: str) -> Any:
        if staff_number not in self.headers:
            self.headers[staff_number] = await sign_in(self.client, staff_number)
        response = await self.client.get(path, headers=self.headers[staff_number])
        assert response.status_code == 200, f"{staff_number} {path}: {response.text}"
        return response.json()


@pytest.mark.parametrize(("moment", "why"), DAYS, ids=[moment for moment, _ in DAYS])
async def test_every_persona_s_story_holds(api_app_at: ApiAppAt, moment: str, why: str) -> None:
    at = parse_moment(moment)
    today = at.astimezone(UK).date()
    app = api_app_at(at)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        api = Reader(client)
        for staff_number in EVERYONE:
            await _leave_story(api, staff_number, today)
            await _pay_story(api, staff_number, today)
        await _approvals_story(api)
        await _gareths_first_week(api, today)
        await _priyas_pay_and_claims(api, today)


async def _leave_story(api: Reader, staff_number: str, today: date) -> None:
    requests = await api.get(staff_number, "/v1/me/leave/requests")
    balance = await api.get(staff_number, "/v1/me/leave/balance")
    starts = [date.fromisoformat(r["start_date"]) for r in requests]
    past = [r for r, start in zip(requests, starts, strict=True) if start < today]
    ahead = [r for r, start in zip(requests, starts, strict=True) if start >= today]

    assert balance["leave_year_start"] == leave_year_start(today).isoformat()
    assert balance["remaining"] > 0
    assert all(r["status"] == "approved" for r in past)
    assert all(date.fromisoformat(r["end_date"]) < today for r in past)
    for request in ahead:
        start = date.fromisoformat(request["start_date"])
        assert today + timedelta(weeks=8) <= start <= today + timedelta(weeks=11)
        assert leave_year_start(start) == leave_year_start(date.fromisoformat(request["end_date"]))
    if staff_number == GARETH:
        assert past == []
        assert [r["status"] for r in ahead] == ["pending"]
    else:
        assert past, f"{staff_number} has leave already taken"
        assert any(r["status"] == "approved" for r in ahead), f"{staff_number} has leave booked"
    if staff_number in (TOM, AISHA):
        assert any(r["status"] == "pending" for r in ahead)


async def _pay_story(api: Reader, staff_number: str, today: date) -> None:
    slips = await api.get(staff_number, "/v1/me/payslips")
    if staff_number == GARETH:
        assert slips == [], "Gareth joined this week, after payroll closed"
        return
    assert len(slips) >= 12
    assert slips[0]["period"] == latest_paid_period(today)
    assert all(date.fromisoformat(s["pay_date"]) <= today for s in slips)
    compared = await api.get(staff_number, "/v1/me/payslips/compare")
    assert "BASIC" not in {c["code"] for c in compared["changes"]}, "the award isn't latest"


async def _approvals_story(api: Reader) -> None:
    toms = await api.get(TOM, "/v1/me/approvals")
    helens = await api.get(HELEN, "/v1/me/approvals")
    assert sorted(r["staff_number"] for r in toms) == [AISHA, GARETH]
    assert [r["staff_number"] for r in helens] == [TOM]
    created = [datetime.fromisoformat(r["created_at"]) for r in toms + helens]
    assert all(c.tzinfo is not None for c in created)


async def _gareths_first_week(api: Reader, today: date) -> None:
    me = await api.get(GARETH, "/v1/me")
    checklist = await api.get(GARETH, "/v1/me/onboarding")
    documents = await api.get(GARETH, "/v1/me/tax-documents")
    assert me["start_date"] == (today - timedelta(days=today.weekday())).isoformat()
    assert [item["done_on"] is not None for item in checklist["items"]][:3] == [True, True, False]
    assert documents == []


async def _priyas_pay_and_claims(api: Reader, today: date) -> None:
    compared = await api.get(PRIYA, "/v1/me/payslips/compare")
    claims = await api.get(PRIYA, "/v1/me/expenses")
    documents = await api.get(PRIYA, "/v1/me/tax-documents")
    order = await api.get(PRIYA, "/v1/purchase-orders/4500012345")
    assert compared["tax_code_change"] == {"from": "1257L", "to": "1185L"}
    assert [c["status"] for c in claims] == ["submitted", "approved", "paid"]
    assert all(date.fromisoformat(c["spent_on"]) < today for c in claims)
    assert {d["kind"] for d in documents} == {"P60", "P11D"}
    assert order["status"] == "awaiting_approval"
    assert order["approver"]["name"] == "Fiona Clark"
