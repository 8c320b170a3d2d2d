"""Signed document links open through the gateway's public address, never the API's."""

import httpx

from tests.integrations.conftest import sign_in


async def test_a_signed_p60_link_opens_through_the_gateway_and_a_tampered_one_does_not(
    client, api_app
):
    headers = await sign_in(client, "100001")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=api_app), base_url="http://api.test"
    ) as api:
        documents = (await api.get("/v1/me/tax-documents", headers=headers)).json()
    [link] = [d["link"] for d in documents if d["kind"] == "P60"][:1]

    opened = await client.get(link)  # a browser: no bearer token
    tampered = await client.get(link.replace("staff=100001", "staff=100002"))

    assert opened.status_code == 200
    assert "P60" in opened.text and "Priya Shah" in opened.text
    assert opened.headers["cache-control"] == "no-store"
    assert opened.headers["referrer-policy"] == "no-referrer"
    assert tampered.status_code == 404
    assert "This link has expired or isn't valid" in tampered.text
