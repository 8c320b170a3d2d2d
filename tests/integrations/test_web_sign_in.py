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
    assert 'data-dev-sign-in="false"' in page.text
    assert "turned off" in page.text


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


async def test_the_chat_page_has_its_labels_and_only_local_assets(client):
    response = await client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<html lang="en-GB">' in page
    assert '<label for="message" class="label">Your message</label>' in page
    assert re.search(r'<div id="transcript"[^>]*role="log"[^>]*aria-live="polite"', page)
    assert re.search(r'<button type="submit"[^>]*>Send</button>', page)
    assert ">Sign out</button>" in page
    assert 'data-dev-sign-in="true"' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "default-src 'self'" in response.headers["content-security-policy"]


async def test_the_page_script_and_style_are_served(client):
    script = await client.get("/web/static/chat.js")
    style = await client.get("/web/static/chat.css")

    assert script.status_code == style.status_code == 200
    assert "You said: " in script.text
    assert "Assistant said: " in script.text
    assert "Sign in as " in script.text
    assert "sessionStorage" in script.text
    assert ".visually-hidden" in style.text
    assert ":focus" in style.text


async def test_health(client):
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
