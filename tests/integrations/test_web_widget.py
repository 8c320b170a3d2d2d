"""The widget's routes: its files, what sign-in is offered, who is signed in, the history, and
which pages may call the gateway (CORS)."""

import httpx
import pytest
from pydantic import ValidationError

from integrations.app import create_app
from integrations.config import GatewaySettings
from integrations.web import widget as widget_routes
from tests.integrations.conftest import sign_in

YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
INTRANET = "https://intranet.example.gov.uk"


async def test_config_offers_the_dev_sign_in_in_the_embedded_profile(client):
    response = await client.get("/web/config")

    assert response.status_code == 200
    assert response.json() == {"dev_sign_in": True}


async def test_config_says_when_the_dev_sign_in_is_off(gateway_settings):
    app = create_app(gateway_settings.model_copy(update={"dev_login_enabled": False}))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    ) as c:
        response = await c.get("/web/config")

    assert response.json() == {"dev_sign_in": False}


async def test_me_names_the_signed_in_person(client):
    headers = await sign_in(client, "100003")

    response = await client.get("/web/me", headers=headers)

    assert response.status_code == 200
    assert response.json() == {"staff_number": "100003", "name": "Aisha Bello"}


@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        (None, "not_signed_in"),
        ("Bearer not-a-token", "sign_in_expired"),
        ("Basic dXNlcjpwYXNz", "not_signed_in"),
    ],
)
async def test_me_without_a_good_token_is_401_with_words(client, authorization, code):
    headers = {"Authorization": authorization} if authorization else {}

    response = await client.get("/web/me", headers=headers)

    assert response.status_code == 401
    assert response.json()["detail"]["code"] == code
    assert response.json()["detail"]["message"].startswith("Please sign in") or (
        "sign in again" in response.json()["detail"]["message"]
    )


async def test_history_is_the_persons_own_conversation_in_that_session(client, fake_rasa):
    fake_rasa.events["web:100001:tab-1"] = [
        {
            "event": "user",
            "text": "book Friday off",
            "timestamp": 1_800_000_000.0,
            "metadata": {"token": "secret"},
        },
        {
            "event": "bot",
            "text": "Book it?",
            "timestamp": 1_800_000_001.0,
            "data": {"buttons": YES_NO},
        },
        {"event": "user", "text": "/affirm", "timestamp": 1_800_000_002.0},
        {"event": "bot", "text": "Booked.", "timestamp": 1_800_000_003.0},
    ]
    fake_rasa.events["web:100002:tab-1"] = [{"event": "user", "text": "Tom's secret"}]
    headers = await sign_in(client, "100001")

    response = await client.get("/web/history", params={"session": "tab-1"}, headers=headers)

    assert response.status_code == 200
    assert response.json() == {
        "messages": [
            {
                "speaker": "user",
                "text": "book Friday off",
                "buttons": [],
                "at": "2027-01-15T08:00:00Z",
                "answered": False,
            },
            {
                "speaker": "assistant",
                "text": "Book it?",
                "buttons": YES_NO,
                "at": "2027-01-15T08:00:01Z",
                "answered": True,
            },
            {
                "speaker": "user",
                "text": "Yes",
                "buttons": [],
                "at": "2027-01-15T08:00:02Z",
                "answered": False,
            },
            {
                "speaker": "assistant",
                "text": "Booked.",
                "buttons": [],
                "at": "2027-01-15T08:00:03Z",
                "answered": False,
            },
        ]
    }
    [(sender, query)] = fake_rasa.tracker_queries
    assert sender == "web:100001:tab-1"
    assert "token=dev-rasa-token" in query
    assert "include_events=AFTER_RESTART" in query


async def test_history_of_a_new_session_is_empty(client):
    headers = await sign_in(client, "100001")

    response = await client.get("/web/history", params={"session": "never-used"}, headers=headers)

    assert response.json() == {"messages": []}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "The chat session is missing. Please reload the page."),
        (
            {"session": "../../100002:tab"},
            "The chat session id must be 1 to 64 letters, digits, hyphens or underscores.",
        ),
    ],
)
async def test_history_needs_a_well_formed_session(client, fake_rasa, params, message):
    headers = await sign_in(client, "100001")

    response = await client.get("/web/history", params=params, headers=headers)

    assert response.status_code == 422
    assert response.json()["detail"] == {"code": "invalid_request", "message": message}
    assert fake_rasa.tracker_queries == []


async def test_history_needs_a_sign_in(client, fake_rasa):
    response = await client.get("/web/history", params={"session": "tab-1"})

    assert response.status_code == 401
    assert fake_rasa.tracker_queries == []


async def test_history_when_rasa_refuses_is_503_in_words(client, fake_rasa):
    fake_rasa.status_code = 401
    headers = await sign_in(client, "100001")

    response = await client.get("/web/history", params={"session": "tab-1"}, headers=headers)

    assert response.status_code == 503
    assert "Please try again in a minute." in response.text


async def test_the_built_widget_is_served_to_any_page(client, tmp_path, monkeypatch):
    (tmp_path / "widget.js").write_text("/* the widget */")
    (tmp_path / "widget.css").write_text(":host{}")
    monkeypatch.setattr(widget_routes, "WIDGET_DIST", tmp_path)

    script = await client.get("/widget/v1/widget.js")
    style = await client.get("/widget/v1/widget.css")

    assert script.status_code == style.status_code == 200
    assert script.text == "/* the widget */"
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert style.headers["content-type"] == "text/css; charset=utf-8"
    assert script.headers["x-content-type-options"] == "nosniff"
    assert script.headers["cross-origin-resource-policy"] == "cross-origin"


async def test_an_unbuilt_widget_says_how_to_build_it(client, tmp_path, monkeypatch):
    monkeypatch.setattr(widget_routes, "WIDGET_DIST", tmp_path)

    response = await client.get("/widget/v1/widget.js")

    assert response.status_code == 503
    assert "make widget" in response.json()["detail"]["message"]


@pytest.mark.parametrize("asset", ["index.html", "..%2F..%2Fconfig.py", "widget.js.map"])
async def test_only_the_widgets_own_files_are_served(client, asset):
    response = await client.get(f"/widget/v1/{asset}")

    assert response.status_code == 404


def _cors_app(gateway_settings: GatewaySettings) -> httpx.AsyncClient:
    settings = gateway_settings.model_copy(
        update={"widget_allowed_origins": f"{INTRANET}, http://localhost:28870"}
    )
    app = create_app(settings)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test")


async def test_an_allowed_page_may_call_the_gateway_with_a_bearer_token(gateway_settings):
    async with _cors_app(gateway_settings) as c:
        response = await c.options(
            "/web/messages",
            headers={
                "Origin": INTRANET,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == INTRANET
    assert "authorization" in response.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in response.headers


async def test_any_other_page_is_refused(gateway_settings):
    async with _cors_app(gateway_settings) as c:
        preflight = await c.options(
            "/web/messages",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        simple = await c.get("/web/config", headers={"Origin": "https://evil.example"})

    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in simple.headers


@pytest.mark.parametrize(
    "origins", ["*", "https://intranet.example.gov.uk/path", "intranet.example.gov.uk", "ftp://a"]
)
def test_allowed_origins_must_be_origins(origins):
    with pytest.raises(ValidationError, match="WIDGET_ALLOWED_ORIGINS"):
        GatewaySettings(_env_file=None, widget_allowed_origins=origins)


def test_allowed_origins_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("WIDGET_ALLOWED_ORIGINS", "https://a.gov.uk/, http://b.test:8443")

    settings = GatewaySettings(_env_file=None)

    assert settings.widget_origins == ["https://a.gov.uk", "http://b.test:8443"]
