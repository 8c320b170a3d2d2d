"""The channel-neutral core: who is talking (with first sight by email), one turn, and the
report of which channel the person used."""

import httpx
import jwt
import pytest

from integrations.errors import UnknownPerson
from integrations.proof import Proof
from tests.conftest import TEST_JWT_SECRET
from tests.integrations.conftest import sign_in

PRIYA_EMAIL = "priya.shah@shared-services.example.gov.uk"


def email(address: str | None):
    calls: list[str] = []

    async def lookup() -> str | None:
        calls.append("asked")
        return address

    lookup.calls = calls  # type: ignore[attr-defined]
    return lookup


async def test_a_new_slack_user_is_linked_by_email_on_first_sight_only(
    gateway_app, counting_api, client
):
    core = gateway_app.state.gateway.core
    lookup = email(PRIYA_EMAIL)

    first = await core.who(Proof("slack", "T1:U1", {"user": "U1"}), lookup)
    core.identity.forget(Proof("slack", "T1:U1"))
    second = await core.who(Proof("slack", "T1:U1", {"user": "U1"}), lookup)

    assert (first.staff_number, first.name) == ("100001", "Priya Shah")
    assert second.staff_number == "100001"
    assert lookup.calls == ["asked"], "the platform is asked for the email once"
    assert counting_api.count("POST", "/v1/gateway/channel-accounts/link") == 1
    claims = jwt.decode(first.obo_token, TEST_JWT_SECRET, algorithms=["HS256"])
    assert (claims["sub"], claims["channel"], claims["typ"]) == ("100001", "slack", "obo")


@pytest.mark.parametrize("address", [None, "", "stranger@example.com"])
async def test_someone_the_department_does_not_know_is_unknown(gateway_app, client, address):
    core = gateway_app.state.gateway.core

    with pytest.raises(UnknownPerson):
        await core.who(Proof("teams", "aad-stranger"), email(address))


async def test_a_turn_names_the_channel_and_carries_the_obo_token(gateway_app, client, fake_rasa):
    core = gateway_app.state.gateway.core
    caller = await core.who(Proof("teams", "aad-1"), email(PRIYA_EMAIL))

    messages = await core.turn(caller, "teams", "a:conv-1", "hello", {"token": "forged"})

    assert [m.text for m in messages] == [
        "Do you want to book annual leave on Friday 4 December 2026?"
    ]
    [received] = fake_rasa.received
    assert received["sender"] == "teams:100001:a:conv-1"
    assert received["metadata"]["token"] == caller.obo_token, "extra metadata never overrides"
    assert received["metadata"]["channel"] == "teams"


async def test_the_channel_used_is_reported_once_a_minute_or_when_it_changes(
    gateway_app, counting_api, client
):
    core = gateway_app.state.gateway.core
    headers = await sign_in(client, "100001")
    web = Proof("web", headers["Authorization"].removeprefix("Bearer "))
    slack = Proof("slack", "T1:U1", {"user": "U1", "channel": "D1"})

    await core.who(web)
    await core.who(web)
    await core.who(slack, email(PRIYA_EMAIL))
    await core.who(web)

    assert counting_api.count("POST", "/v1/gateway/channel-accounts/used") == 3


async def test_a_web_turn_still_works_when_the_use_cannot_be_recorded(gateway_settings, api_app):
    # The API answers everything but the report of channel use.
    from integrations.app import create_app
    from tests.integrations.fakes import FailingAfter, FakeRasa

    app = create_app(
        gateway_settings,
        api_transport=httpx.ASGITransport(app=FailingAfter(api_app, "/used", 0)),
        rasa_transport=httpx.ASGITransport(app=FakeRasa()),
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            headers = await sign_in(c, "100001")
            response = await c.post(
                "/web/messages", json={"text": "hello", "session": "s"}, headers=headers
            )

    assert response.status_code == 200
