"""The OBO broker's cache, against the real API's `/auth/obo`."""

import asyncio

import httpx
import jwt
import pytest

from integrations.api_client import ApiClient
from integrations.errors import ApiUnavailable, SignInRejected
from integrations.identity import OboBroker
from integrations.proof import Proof
from tests.conftest import TEST_GATEWAY_KEY
from tests.integrations.conftest import CLOSED_PORT_URL


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def _access_token(http: httpx.AsyncClient, staff_number: str) -> str:
    response = await http.post(
        "http://api.test/auth/dev-login", json={"staff_number": staff_number}
    )
    assert response.status_code == 200
    return str(response.json()["access_token"])


async def test_the_obo_token_is_cached_until_a_minute_before_it_expires(counting_api, api_settings):
    transport = httpx.ASGITransport(app=counting_api)
    async with httpx.AsyncClient(transport=transport) as http:
        access = await _access_token(http, "100001")
        issued_at = jwt.decode(access, options={"verify_signature": False})["iat"]
        clock = Clock(float(issued_at))
        broker = OboBroker(ApiClient(http, "http://api.test", TEST_GATEWAY_KEY), clock=clock)
        lifetime = api_settings.obo_token_minutes * 60

        first = await broker.caller_for(Proof("web", access))
        clock.now += lifetime - 61
        second = await broker.caller_for(Proof("web", access))
        clock.now += 2
        third = await broker.caller_for(Proof("web", access))

    assert first == second
    assert (first.staff_number, first.name) == ("100001", "Priya Shah")
    assert third.staff_number == "100001"
    assert counting_api.count("POST", "/auth/obo") == 2


async def test_each_access_token_has_its_own_entry(counting_api):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=counting_api)) as http:
        broker = OboBroker(ApiClient(http, "http://api.test", TEST_GATEWAY_KEY))
        priya = await broker.caller_for(Proof("web", await _access_token(http, "100001")))
        tom = await broker.caller_for(Proof("web", await _access_token(http, "100002")))

    assert (priya.staff_number, tom.staff_number) == ("100001", "100002")


async def test_a_wrong_gateway_key_is_refused_by_the_api(counting_api):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=counting_api)) as http:
        broker = OboBroker(ApiClient(http, "http://api.test", "not-the-key"))
        access = await _access_token(http, "100001")
        with pytest.raises(SignInRejected):
            await broker.caller_for(Proof("web", access))


async def test_the_api_down_is_api_unavailable():
    async with httpx.AsyncClient() as http:
        broker = OboBroker(ApiClient(http, CLOSED_PORT_URL, TEST_GATEWAY_KEY))
        with pytest.raises(ApiUnavailable):
            await broker.caller_for(Proof("web", "any-token"))


async def test_turns_arriving_together_share_one_exchange(counting_api):
    """Fifty conversations of one person opening at once make one `POST /auth/obo`, not fifty."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=counting_api)) as http:
        broker = OboBroker(ApiClient(http, "http://api.test", TEST_GATEWAY_KEY))
        priya = await _access_token(http, "100001")
        tom = await _access_token(http, "100002")

        callers = await asyncio.gather(
            *(broker.caller_for(Proof("web", priya)) for _ in range(25)),
            *(broker.caller_for(Proof("web", tom)) for _ in range(25)),
        )

    assert {c.staff_number for c in callers[:25]} == {"100001"}
    assert {c.staff_number for c in callers[25:]} == {"100002"}
    assert counting_api.count("POST", "/auth/obo") == 2


async def test_turns_waiting_on_a_failed_exchange_all_hear_of_it_and_the_next_one_retries():
    async with httpx.AsyncClient() as http:
        broker = OboBroker(ApiClient(http, CLOSED_PORT_URL, TEST_GATEWAY_KEY))
        results = await asyncio.gather(
            *(broker.caller_for(Proof("web", "any-token")) for _ in range(5)),
            return_exceptions=True,
        )
        assert all(isinstance(r, ApiUnavailable) for r in results)
        with pytest.raises(ApiUnavailable):
            await broker.caller_for(Proof("web", "any-token"))


async def test_a_turn_given_up_on_does_not_cancel_the_exchange_others_wait_for(counting_api):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=counting_api)) as http:
        broker = OboBroker(ApiClient(http, "http://api.test", TEST_GATEWAY_KEY))
        access = await _access_token(http, "100001")
        first = asyncio.create_task(broker.caller_for(Proof("web", access)))
        second = asyncio.create_task(broker.caller_for(Proof("web", access)))
        await asyncio.sleep(0)
        first.cancel()

        caller = await second

    assert caller.staff_number == "100001"
    assert counting_api.count("POST", "/auth/obo") == 1
