"""The gateway's routes: channel accounts, the notifications outbox with leases, handled
platform events. Only the gateway's key opens them."""

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from api.models import Employee, Notification
from api.repositories import notifications
from tests.api.conftest import sign_in
from tests.conftest import TEST_CLOCK, TEST_GATEWAY_KEY

GATEWAY = {"X-Gateway-Key": TEST_GATEWAY_KEY}
PRIYA_EMAIL = "priya.shah@shared-services.example.gov.uk"


def queue(app: FastAPI, staff_number: str, text: str) -> int:
    """Writes a notification as the API's services do (arrangement only)."""
    with app.state.session_factory() as session:
        employee = session.scalars(
            select(Employee).where(Employee.staff_number == staff_number)
        ).one()
        note = notifications.add(
            session,
            employee_id=employee.id,
            kind="leave_approved",
            text=text,
            leave_request_id=None,
            at=TEST_CLOCK.now(),
        )
        session.commit()
        return note.id


async def used(client: httpx.AsyncClient, staff: str, channel: str, user: str, address=None):
    body = {"staff_number": staff, "channel": channel, "channel_user_id": user, "address": address}
    response = await client.post("/v1/gateway/channel-accounts/used", json=body, headers=GATEWAY)
    assert response.status_code == 204, response.text


async def claim(client: httpx.AsyncClient, web_present=(), lease=30) -> list[dict]:
    body = {"web_present": list(web_present), "lease_seconds": lease}
    response = await client.post("/v1/gateway/outbox/claim", json=body, headers=GATEWAY)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/v1/gateway/channel-accounts/link",
        "/v1/gateway/channel-accounts/used",
        "/v1/gateway/outbox/claim",
        "/v1/gateway/outbox/1/delivered",
        "/v1/gateway/outbox/1/release",
        "/v1/gateway/channel-events",
    ],
)
async def test_every_gateway_route_needs_the_gateway_key(client, path) -> None:
    missing = await client.post(path, json={})
    wrong = await client.post(path, json={}, headers={"X-Gateway-Key": "guess"})

    assert missing.status_code == wrong.status_code == 401
    assert wrong.json()["detail"]["code"] == "invalid_gateway_key"


async def test_a_slack_user_is_linked_by_email_once_then_exchanged(client) -> None:
    body = {"channel": "slack", "channel_user_id": "T1:U100", "email": PRIYA_EMAIL.upper()}
    before = await client.post(
        "/auth/obo", json={"channel": "slack", "channel_user_id": "T1:U100"}, headers=GATEWAY
    )
    linked = await client.post("/v1/gateway/channel-accounts/link", json=body, headers=GATEWAY)
    again = await client.post(
        "/v1/gateway/channel-accounts/link",
        json=body | {"email": "tom.evans@shared-services.example.gov.uk"},
        headers=GATEWAY,
    )
    after = await client.post(
        "/auth/obo", json={"channel": "slack", "channel_user_id": "T1:U100"}, headers=GATEWAY
    )

    assert before.status_code == 404
    assert linked.status_code == 200
    assert linked.json() == {"staff_number": "100001", "name": "Priya Shah"}
    assert again.json() == linked.json(), "a linked account stays with its employee"
    assert after.status_code == 200 and after.json()["staff_number"] == "100001"


async def test_an_email_nobody_has_is_unknown_person(client) -> None:
    body = {"channel": "teams", "channel_user_id": "aad-x", "email": "someone@example.com"}
    response = await client.post("/v1/gateway/channel-accounts/link", json=body, headers=GATEWAY)

    assert response.status_code == 404
    assert response.json()["detail"] == {
        "code": "unknown_person",
        "message": "Nobody in the department has the email someone@example.com.",
    }


async def test_a_notification_goes_to_the_channel_used_last(client, app) -> None:
    await used(client, "100003", "web", "100003")
    await used(client, "100003", "slack", "T1:U3", {"user": "U3", "channel": "D3"})
    first = queue(app, "100003", "Tom Evans approved your annual leave.")
    await used(client, "100001", "slack", "T1:U1", {"user": "U1", "channel": "D1"})
    await used(client, "100001", "teams", "aad-1", {"conversation": {"id": "a:1"}})
    second = queue(app, "100001", "Tom Evans rejected your annual leave.")

    claimed = await claim(client)

    assert claimed == [
        {
            "id": first,
            "staff_number": "100003",
            "kind": "leave_approved",
            "text": "Tom Evans approved your annual leave.",
            "channel": "slack",
            "channel_user_id": "T1:U3",
            "address": {"user": "U3", "channel": "D3"},
        },
        {
            "id": second,
            "staff_number": "100001",
            "kind": "leave_approved",
            "text": "Tom Evans rejected your annual leave.",
            "channel": "teams",
            "channel_user_id": "aad-1",
            "address": {"conversation": {"id": "a:1"}},
        },
    ]


async def test_web_notifications_wait_for_a_gateway_with_that_chat_open(client, app) -> None:
    await used(client, "100002", "web", "100002")
    note = queue(app, "100002", "Aisha Bello asked for annual leave.")
    queue(app, "100004", "Welcome, Gareth.")  # never used a channel: web, once he opens it

    elsewhere = await claim(client, web_present=["100001"])
    here = await claim(client, web_present=["100002"])

    assert elsewhere == []
    assert [(c["id"], c["channel"], c["address"]) for c in here] == [(note, "web", None)]


async def test_a_lease_keeps_other_gateways_off_until_delivered_or_released(client, app) -> None:
    await used(client, "100003", "slack", "T1:U3", {"channel": "D3"})
    note = queue(app, "100003", "Tom Evans approved your annual leave.")
    aisha = await sign_in(client, "100003")

    first = await claim(client)
    second = await claim(client)
    waiting = (await client.get("/v1/me/notifications", headers=aisha)).json()
    released = await client.post(f"/v1/gateway/outbox/{note}/release", headers=GATEWAY)
    third = await claim(client)
    delivered = await client.post(
        f"/v1/gateway/outbox/{note}/delivered", json={"channel": "slack"}, headers=GATEWAY
    )
    again = await client.post(
        f"/v1/gateway/outbox/{note}/delivered", json={"channel": "teams"}, headers=GATEWAY
    )
    fourth = await claim(client)

    assert [c["id"] for c in first] == [note] and second == []
    assert waiting == [], "the web page does not show what a gateway is delivering"
    assert released.status_code == 204 and [c["id"] for c in third] == [note]
    assert delivered.status_code == again.status_code == 204
    assert fourth == []
    with app.state.session_factory() as session:
        row = session.get(Notification, note)
        assert row is not None
        assert row.delivered_via == "slack" and row.acknowledged_at is not None


async def test_an_expired_lease_is_claimed_again(client, app) -> None:
    await used(client, "100003", "slack", "T1:U3", {"channel": "D3"})
    note = queue(app, "100003", "Tom Evans approved your annual leave.")
    await claim(client, lease=60)
    with app.state.session_factory() as session:  # a minute passes: the lease runs out
        row = session.get(Notification, note)
        assert row is not None and row.claimed_until is not None
        row.claimed_until = row.claimed_until - timedelta(seconds=61)
        session.commit()

    assert [c["id"] for c in await claim(client)] == [note]


async def test_delivered_or_released_of_no_notification_is_404(client) -> None:
    delivered = await client.post(
        "/v1/gateway/outbox/999999/delivered", json={"channel": "web"}, headers=GATEWAY
    )
    released = await client.post("/v1/gateway/outbox/999999/release", headers=GATEWAY)

    assert delivered.status_code == released.status_code == 404


async def test_an_account_of_someone_else_is_refused(client) -> None:
    await used(client, "100001", "slack", "T1:U1")
    body = {"staff_number": "100002", "channel": "slack", "channel_user_id": "T1:U1"}

    response = await client.post("/v1/gateway/channel-accounts/used", json=body, headers=GATEWAY)

    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "account_of_someone_else"


async def test_a_platform_event_is_first_seen_once(client) -> None:
    body = {"channel": "slack", "event_id": "Ev0001"}

    first = await client.post("/v1/gateway/channel-events", json=body, headers=GATEWAY)
    retry = await client.post("/v1/gateway/channel-events", json=body, headers=GATEWAY)
    teams = await client.post(
        "/v1/gateway/channel-events", json=body | {"channel": "teams"}, headers=GATEWAY
    )

    assert (first.status_code, first.json()) == (201, {"first": True})
    assert (retry.status_code, retry.json()) == (200, {"first": False})
    assert teams.json() == {"first": True}


async def test_an_intranet_account_on_the_web_is_linked_by_email_then_exchanged(client) -> None:
    account = {"channel": "web", "channel_user_id": f"oidc:{PRIYA_EMAIL}"}
    before = await client.post("/auth/obo", json=account, headers=GATEWAY)
    linked = await client.post(
        "/v1/gateway/channel-accounts/link", json=account | {"email": PRIYA_EMAIL}, headers=GATEWAY
    )
    after = await client.post("/auth/obo", json=account, headers=GATEWAY)
    without_key = await client.post("/auth/obo", json=account)

    assert before.status_code == 404
    assert linked.json() == {"staff_number": "100001", "name": "Priya Shah"}
    assert after.status_code == 200 and after.json()["staff_number"] == "100001"
    assert without_key.status_code == 401


async def test_a_web_exchange_needs_a_sign_in_token_or_an_intranet_account(client) -> None:
    response = await client.post("/auth/obo", json={"channel": "web"}, headers=GATEWAY)

    assert response.status_code == 422
