"""Proactive delivery: notifications reach the person once, then are acknowledged."""

from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from api.models import Employee
from api.repositories import notifications
from integrations.app import create_app
from tests.conftest import TODAY
from tests.integrations.conftest import sign_in
from tests.integrations.fakes import FailingAfter

DECISION = (
    "Tom Evans approved your annual leave from Friday 4 December 2026 to Friday 4 December 2026 "
    "(1 day)."
)


def add_notification(api_app: FastAPI, staff_number: str, text: str) -> None:
    """Writes a notification the way the API's services do (arrangement only)."""
    with api_app.state.session_factory() as session:
        employee = session.scalars(
            select(Employee).where(Employee.staff_number == staff_number)
        ).one()
        notifications.add(
            session,
            employee_id=employee.id,
            kind="leave_decision",
            text=text,
            leave_request_id=None,
            at=api_app.state.clock.now(),
        )
        session.commit()


async def test_notifications_are_delivered_once_then_acknowledged(client, api_app, counting_api):
    add_notification(api_app, "100001", DECISION)
    add_notification(api_app, "100001", "Your payslip for November is ready.")
    add_notification(api_app, "100002", "Priya Shah asked for annual leave.")
    priya = await sign_in(client, "100001")

    first = await client.get("/web/notifications", headers=priya)
    second = await client.get("/web/notifications", headers=priya)

    assert first.status_code == 200
    assert first.json() == {
        "messages": [
            {"text": DECISION, "buttons": []},
            {"text": "Your payslip for November is ready.", "buttons": []},
        ]
    }
    assert second.json() == {"messages": []}
    acks = [path for method, path in counting_api.calls if path.endswith("/ack")]
    assert len(acks) == 2

    tom = await sign_in(client, "100002")
    toms = await client.get("/web/notifications", headers=tom)
    assert toms.json() == {
        "messages": [{"text": "Priya Shah asked for annual leave.", "buttons": []}]
    }


async def test_an_api_failure_part_way_delivers_what_was_acknowledged_and_keeps_the_rest(
    gateway_settings, api_app
):
    add_notification(api_app, "100001", "First")
    add_notification(api_app, "100001", "Second")
    flaky = FailingAfter(api_app, "/ack", allowed=1)
    app = create_app(gateway_settings, api_transport=httpx.ASGITransport(app=flaky))

    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            priya = await sign_in(c, "100001")
            first = await c.get("/web/notifications", headers=priya)
            failing = await c.get("/web/notifications", headers=priya)
            flaky.allowed = 1
            recovered = await c.get("/web/notifications", headers=priya)

    assert first.json() == {"messages": [{"text": "First", "buttons": []}]}
    assert failing.status_code == 503
    assert failing.json()["detail"]["code"] == "api_unavailable"
    assert recovered.json() == {"messages": [{"text": "Second", "buttons": []}]}


async def test_notifications_need_a_valid_sign_in(client):
    missing = await client.get("/web/notifications")
    forged = await client.get("/web/notifications", headers={"Authorization": "Bearer nope"})

    assert missing.status_code == forged.status_code == 401
    assert forged.json()["detail"]["message"] == "Your sign-in has expired. Please sign in again."


async def test_a_managers_decision_reaches_the_employee_through_the_gateway(client, counting_api):
    api = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=counting_api), base_url="http://api.test"
    )
    async with api:
        priya = await _api_headers(api, "100001")
        tom = await _api_headers(api, "100002")
        request = await _book_one_day(api, priya)
        decided = await api.post(
            f"/v1/leave/requests/{request['id']}/decision",
            json={"decision": "approve"},
            headers=tom,
        )
        assert decided.status_code == 200

    delivered = await client.get("/web/notifications", headers=await sign_in(client, "100001"))

    [message] = delivered.json()["messages"]
    assert message["text"].startswith("Tom Evans approved your annual leave")
    assert message["buttons"] == []


async def _api_headers(api: httpx.AsyncClient, staff_number: str) -> dict[str, str]:
    response = await api.post("/auth/dev-login", json={"staff_number": staff_number})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _book_one_day(api: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, object]:
    """Books the first day, three weeks or more ahead, that the API accepts."""
    for offset in range(21, 60):
        day = (TODAY + timedelta(days=offset)).isoformat()
        body = {"start_date": day, "end_date": day, "portion": "full", "leave_type": "annual"}
        quote = await api.post("/v1/me/leave/quote", json=body, headers=headers)
        if quote.status_code == 200:
            booked = await api.post(
                "/v1/me/leave/requests", json=body, headers={**headers, "Idempotency-Key": day}
            )
            assert booked.status_code == 201, booked.text
            return dict(booked.json())
    raise AssertionError("the API accepted no day in the next two months")
