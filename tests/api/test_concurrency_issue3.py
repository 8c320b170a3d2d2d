"""Two requests at once: a retried expense claim is stored once, a PO gets one decision."""

import asyncio
import threading
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI

from tests.api.conftest import sign_in
from tests.api.test_expenses import claim

GARETH, FIONA = "100004", "100006"


def at_once(app: FastAPI, calls: list[Callable[[httpx.AsyncClient], Any]]) -> list[httpx.Response]:
    """Run each call on its own thread and event loop, released together."""
    barrier = threading.Barrier(len(calls))
    results: list[httpx.Response] = []

    def run(call: Callable[[httpx.AsyncClient], Any]) -> None:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as c:
                barrier.wait()
                response: httpx.Response = await call(c)
                return response

        results.append(asyncio.run(go()))

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


async def test_a_claim_sent_twice_at_once_is_stored_once(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    headers = await sign_in(client, GARETH) | {"Idempotency-Key": uuid.uuid4().hex}

    def post(c: httpx.AsyncClient) -> Any:
        return c.post("/v1/me/expenses", json=claim(), headers=headers)

    results = at_once(app, [post, post])

    assert sorted(r.status_code for r in results) == [200, 201]
    assert results[0].json()["reference"] == results[1].json()["reference"]
    listed = (await client.get("/v1/me/expenses", headers=headers)).json()
    assert len(listed) == 1


async def test_approve_and_reject_at_once_get_one_decision(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    headers = await sign_in(client, FIONA)
    url = "/v1/purchase-orders/4500012348/decision"

    def decide(decision: str) -> Callable[[httpx.AsyncClient], Any]:
        return lambda c: c.post(url, json={"decision": decision}, headers=headers)

    results = at_once(app, [decide("approve"), decide("reject")])

    assert sorted(r.status_code for r in results) == [200, 409]
    winner = next(r for r in results if r.status_code == 200).json()
    po = (await client.get("/v1/purchase-orders/4500012348", headers=headers)).json()
    assert po["status"] == winner["status"]
    assert len(po["history"]) == 2
