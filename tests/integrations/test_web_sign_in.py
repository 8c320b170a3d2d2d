"""Sign-in, personas, the chat page and health: the web channel's other routes."""

import re

import httpx
import jwt

from integrations.app import create_app
from tests.conftest import TEST_JWT_SECRET
from tests.integrations.conftest import CLOSED_PORT_URL


async def test_personas_are_the_apis_seeded_people(client):
    response = await client.get("/web/personas")

    assert response.status_code == 200
    personas = {p["staff_number"]: p for p in response.json()}
    assert personas["100001"]["name"] == "Priya Shah"
    assert personas["100002"]["name"] == "Tom Evans"
    assert all(set(p) >= {"staff_number", "name", "job_title"} for p in personas.values())


async def test_sign_in_relays_the_apis_token(client):
    response = await client.post("/web/sign-in", json={"staff_number": "100003"})

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    claims = jwt.decode(body["access_token"], TEST_JWT_SECRET, algorithms=["HS256"])
    assert (claims["sub"], claims["typ"]) == ("100003", "access")


async def test_signing_in_as_someone_unknown_relays_the_apis_404(client):
    response = await client.post("/web/sign-in", json={"staff_number": "999999"})

    assert response.status_code == 404
    assert response.json()["detail"]["code"] == "not_found"
    assert response.json()["detail"]["message"]


async def test_signing_in_without_a_staff_number_is_422_and_asks_nothing_of_the_api(
    client, counting_api
):
    for body in ({}, {"staff_number": ""}, {"staff_number": "100001; drop"}):
        response = await client.post("/web/sign-in", json=body)

        assert response.status_code == 422
        assert response.json() == {
            "detail": {"code": "invalid_request", "message": "Please choose who to sign in as."}
        }
    assert counting_api.calls == []


async def test_dev_sign_in_turned_off_is_404_without_asking_the_api(gateway_settings, counting_api):
    settings = gateway_settings.model_copy(update={"dev_login_enabled": False})
    app = create_app(settings, api_transport=httpx.ASGITransport(app=counting_api))

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    ) as c:
        personas = await c.get("/web/personas")
        signed_in = await c.post("/web/sign-in", json={"staff_number": "100001"})
        page = await c.get("/")

    assert personas.status_code == signed_in.status_code == 404
    assert signed_in.json()["detail"]["code"] == "not_found"
    assert counting_api.calls == []
    assert "signing in as a test persona is turned\n        off" in page.text


async def test_the_api_down_during_sign_in_is_503_with_an_honest_message(gateway_settings):
    settings = gateway_settings.model_copy(update={"api_url": CLOSED_PORT_URL})
    app = create_app(settings)

    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
        ) as c:
            response = await c.post("/web/sign-in", json={"staff_number": "100001"})

    assert response.status_code == 503
    assert response.json()["detail"]["code"] == "api_unavailable"
    assert "Please try again in a minute." in response.json()["detail"]["message"]


async def test_the_demo_page_hosts_the_widget_with_one_script_tag(client):
    response = await client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<html lang="en-GB">' in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="widget/v1/widget.js" defer>']
    assert '&lt;script src="http://gateway.test/widget/v1/widget.js" defer&gt;' in page
    assert "choose a\n        made-up civil servant" in page
    assert not re.search(r'<[^>]+(src|href)="(https?:)?//', page)
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


async def test_the_demo_page_may_be_framed_only_by_allowed_origins(gateway_settings):
    settings = gateway_settings.model_copy(
        update={"widget_allowed_origins": "https://intranet.example.gov.uk"}
    )
    app = create_app(settings)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    ) as c:
        response = await c.get("/")

    policy = response.headers["content-security-policy"]
    assert "frame-ancestors https://intranet.example.gov.uk" in policy


async def test_the_demo_page_style_is_served(client):
    style = await client.get("/web/static/demo.css")

    assert style.status_code == 200
    assert style.headers["content-type"].startswith("text/css")
