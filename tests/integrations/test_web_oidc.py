"""The web channel with the intranet's OpenID Connect sign-in: tokens from a local provider's
test key, the real API in process, Rasa faked."""

import httpx
import pytest
from fastapi import FastAPI

from integrations.app import create_app
from tests.integrations.conftest import sign_in
from tests.integrations.oidc_provider import AUDIENCE, ISSUER, TestProvider

PRIYA_EMAIL = "priya.shah@shared-services.example.gov.uk"


@pytest.fixture
def provider() -> TestProvider:
    return TestProvider()


@pytest.fixture
def oidc_app(gateway_settings, counting_api, fake_rasa, provider) -> FastAPI:
    settings = gateway_settings.model_copy(
        update={"oidc_issuer": ISSUER, "oidc_audience": AUDIENCE}
    )
    return create_app(
        settings,
        api_transport=httpx.ASGITransport(app=counting_api),
        rasa_transport=httpx.ASGITransport(app=fake_rasa),
        identity_provider_transport=httpx.ASGITransport(app=provider),
    )


@pytest.fixture
async def oidc_client(oidc_app):
    async with oidc_app.router.lifespan_context(oidc_app):
        transport = httpx.ASGITransport(app=oidc_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_the_intranets_token_signs_the_person_in_by_their_work_email(
    oidc_client, provider, counting_api
):
    token = provider.token()

    first = await oidc_client.get("/web/me", headers=bearer(token))
    again = await oidc_client.get("/web/me", headers=bearer(token))

    assert first.status_code == again.status_code == 200
    assert first.json() == {"staff_number": "100001", "name": "Priya Shah"}
    assert counting_api.count("POST", "/v1/gateway/channel-accounts/link") == 1
    assert counting_api.count("POST", "/auth/obo") == 2, "once unlinked, once linked"


async def test_a_turn_as_the_intranet_user_reaches_rasa_as_that_employee(
    oidc_client, provider, fake_rasa
):
    response = await oidc_client.post(
        "/web/messages",
        json={"text": "how much leave have I got?", "session": "tab-1"},
        headers=bearer(provider.token()),
    )

    assert response.status_code == 200
    [received] = fake_rasa.received
    assert received["sender"] == "web:100001:tab-1"
    assert received["metadata"]["staff_number"] == "100001"
    assert provider.token() not in str(received), "the intranet's token never reaches Rasa"


async def test_history_reads_the_intranet_users_own_conversation(oidc_client, provider, fake_rasa):
    fake_rasa.events["web:100001:tab-1"] = [{"event": "user", "text": "hello"}]

    response = await oidc_client.get(
        "/web/history", params={"session": "tab-1"}, headers=bearer(provider.token())
    )

    assert response.status_code == 200
    assert [m["text"] for m in response.json()["messages"]] == ["hello"]


async def test_someone_the_department_does_not_have_is_told_to_ask_the_service_desk(
    oidc_client, provider, fake_rasa
):
    token = provider.token({"email": "visitor@elsewhere.example.com"})

    me = await oidc_client.get("/web/me", headers=bearer(token))
    turn = await oidc_client.post(
        "/web/messages", json={"text": "hello", "session": "s"}, headers=bearer(token)
    )

    assert me.status_code == turn.status_code == 403
    assert me.json()["detail"] == {
        "code": "unknown_person",
        "message": "We can't find you in the department's records, so the assistant can't act "
        "for you. Please contact the service desk.",
    }
    assert fake_rasa.received == []


@pytest.mark.parametrize(
    "forge",
    [
        lambda p: p.token(minutes=-5),
        lambda p: p.token({"aud": "another-app"}),
        lambda p: TestProvider().token(),
        lambda p: p.token({"email": None}),
    ],
    ids=["expired", "another audience", "another key", "no email"],
)
async def test_a_bad_intranet_token_is_401_and_nothing_reaches_the_api_or_rasa(
    oidc_client, provider, counting_api, fake_rasa, forge
):
    response = await oidc_client.post(
        "/web/messages", json={"text": "hello", "session": "s"}, headers=bearer(forge(provider))
    )

    assert response.status_code == 401
    assert response.json()["detail"]["code"] == "sign_in_expired"
    assert counting_api.calls == [] and fake_rasa.received == []


async def test_the_provider_down_is_503_in_words(oidc_client, provider):
    provider.status_code = 503

    response = await oidc_client.get("/web/me", headers=bearer(provider.token()))

    assert response.status_code == 503
    assert response.json()["detail"] == {
        "code": "identity_provider_unavailable",
        "message": "Sorry, we can't check your intranet sign-in right now. Nothing has been "
        "changed. Please try again in a minute.",
    }


async def test_a_token_from_another_issuer_is_not_trusted_as_the_intranets(
    oidc_client, counting_api
):
    stranger = TestProvider("https://login.elsewhere.test").token()

    response = await oidc_client.get("/web/me", headers=bearer(stranger))

    assert response.status_code == 401
    assert counting_api.calls == [("POST", "/auth/obo")], "the API refused it as a sign-in token"


async def test_the_dev_sign_in_still_works_beside_it(oidc_client):
    headers = await sign_in(oidc_client, "100003")

    response = await oidc_client.get("/web/me", headers=headers)

    assert response.json() == {"staff_number": "100003", "name": "Aisha Bello"}
