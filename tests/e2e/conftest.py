"""One real stack for all end-to-end tests: API, action server, Rasa with the model, gateway.

It runs on its own ports and its own SQLite files, so a `make run` on the same machine does not
interfere. Starting Rasa takes minutes (TensorFlow), which is why the stack is session-scoped.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.stack import ROOT, Ports, Stack, StackError, read_env_file
from tests.conftest import TEST_MOMENT

# E2E_PORT_OFFSET moves all four ports, so two checkouts can run the suite side by side.
_OFFSET = int(os.environ.get("E2E_PORT_OFFSET", "0"))
E2E_PORTS = Ports(
    api=28000 + _OFFSET, gateway=28080 + _OFFSET, rasa=25005 + _OFFSET, actions=25055 + _OFFSET
)
HOST_PAGE_PORT = 28070 + _OFFSET
"""The widget tests' intranet pages (`tests/e2e/widget/`), an origin the gateway allows."""
IDENTITY_PROVIDER_PORT = 28071 + _OFFSET
"""The widget tests' intranet OpenID Connect provider (its discovery document and keys)."""
INTRANET_AUDIENCE = "ask-shared-services-widget"


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole assistant, started once for the session from the embedded defaults, with its
    clock pinned to the suite's moment (so the seed, the API and the actions agree with the
    tests on what today is, and expected answers are exact)."""
    var_dir = tmp_path_factory.mktemp("e2e-var")
    settings = read_env_file(ROOT / ".env.example")
    settings["CLOCK_PINNED_AT"] = TEST_MOMENT.isoformat()
    settings["DATABASE_URL"] = f"sqlite:///{var_dir / 'shared_services.db'}"
    settings["RASA_TRACKER_DB"] = str(var_dir / "rasa_tracker.db")
    settings["WIDGET_ALLOWED_ORIGINS"] = f"http://127.0.0.1:{HOST_PAGE_PORT}"
    settings["OIDC_ISSUER"] = f"http://127.0.0.1:{IDENTITY_PROVIDER_PORT}"
    settings["OIDC_AUDIENCE"] = INTRANET_AUDIENCE
    running = Stack(
        ports=E2E_PORTS,
        var_dir=var_dir,
        settings=settings,
        log_dir=var_dir / "logs",
        echo=lambda line: None,
    )
    try:
        running.start()
    except StackError as error:
        running.stop()
        pytest.fail(f"the stack did not start: {error}")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def api(stack: Stack) -> Iterator[httpx.Client]:
    """An HTTP client for the real API."""
    with httpx.Client(base_url=f"http://127.0.0.1:{stack.ports.api}", timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def gateway(stack: Stack) -> Iterator[httpx.Client]:
    """An HTTP client for the real gateway."""
    with httpx.Client(base_url=f"http://127.0.0.1:{stack.ports.gateway}", timeout=60) as client:
        yield client


_sessions = itertools.count()


class Person:
    """A signed-in persona chatting through `/web/messages`, as the widget does."""

    def __init__(self, api: httpx.Client, gateway: httpx.Client, staff_number: str) -> None:
        """Sign in with the dev sign-in and open a fresh chat session."""
        self.api = api
        self.gateway = gateway
        self.staff_number = staff_number
        response = api.post("/auth/dev-login", json={"staff_number": staff_number})
        response.raise_for_status()
        self.token = response.json()["access_token"]
        self.headers = {"Authorization": f"Bearer {self.token}"}
        self.session = f"e2e-{next(_sessions)}-{uuid.uuid4().hex[:8]}"

    @property
    def sender(self) -> str:
        """The conversation's id in Rasa, as the web gateway names it."""
        return f"web:{self.staff_number}:{self.session}"

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send one message; return the bot's messages."""
        response = self.gateway.post(
            "/web/messages", headers=self.headers, json={"text": text, "session": self.session}
        )
        assert response.status_code == 200, response.text
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages

    def get(self, path: str) -> Any:
        """GET an API path as this person."""
        response = self.api.get(path, headers=self.headers)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        """POST to an API path as this person (a quote, to know what the bot should say)."""
        return self.api.post(path, headers=self.headers, json=body)

    def notifications(self) -> list[dict[str, Any]]:
        """Proactive messages waiting in the web chat."""
        response = self.gateway.get("/web/notifications", headers=self.headers)
        assert response.status_code == 200, response.text
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages


def text_of(messages: list[dict[str, Any]]) -> str:
    """All the bot's message texts, joined, for assertions on wording."""
    return "\n".join(m.get("text") or "" for m in messages)


def buttons_of(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    """All buttons the bot offered in these messages."""
    return [b for m in messages for b in (m.get("buttons") or [])]


def said(messages: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """What the person reads, message by message: its text and its buttons' titles.

    Journeys assert the whole sequence, so an extra "Sorry, I didn't understand that." or a
    missing button fails the test.
    """
    return [(m.get("text") or "", [b["title"] for b in m.get("buttons") or []]) for m in messages]


@pytest.fixture(scope="session")
def rasa(stack: Stack) -> Iterator[httpx.Client]:
    """An HTTP client for Rasa's own API (trackers), with its token."""
    with httpx.Client(
        base_url=f"http://127.0.0.1:{stack.ports.rasa}",
        params={"token": read_env_file(ROOT / ".env.example")["RASA_TOKEN"]},
        timeout=30,
    ) as client:
        yield client


UNASKED = ("action_default_fallback", "nlu_fallback")


def unasked_fallbacks(rasa: httpx.Client, sender: str) -> list[str]:
    """Where Rasa fell back in a conversation: each `action_default_fallback` it ran and each
    message it read as `nlu_fallback`, with the message that led to it."""
    response = rasa.get(f"/conversations/{sender}/tracker", params={"include_events": "ALL"})
    response.raise_for_status()
    found, last_text = [], ""
    for event in response.json().get("events") or []:
        if event.get("event") == "user":
            last_text = event.get("text") or ""
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == "nlu_fallback":
                found.append(f"nlu_fallback on {last_text!r}")
        elif event.get("event") == "action" and event.get("name") == "action_default_fallback":
            found.append(f"action_default_fallback after {last_text!r}")
    return found


@pytest.fixture
def person(api: httpx.Client, gateway: httpx.Client, rasa: httpx.Client, request):  # type: ignore[no-untyped-def]
    """Factory: `person("100001")` signs in as that persona with a fresh chat session.

    After the test, every conversation it had is read back from Rasa's tracker: any
    `action_default_fallback` or `nlu_fallback` fails the test, unless the test is marked
    `allows_fallback` (it means to be misunderstood).
    """
    people: list[Person] = []

    def make(staff_number: str) -> Person:
        people.append(Person(api, gateway, staff_number))
        return people[-1]

    yield make
    if request.node.get_closest_marker("allows_fallback") is not None:
        return
    fallbacks = [f"{p.sender}: {f}" for p in people for f in unasked_fallbacks(rasa, p.sender)]
    assert not fallbacks, "Rasa fell back where the test didn't ask it to:\n" + "\n".join(fallbacks)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as `e2e` (`pytest -m "not e2e"` runs the fast ones)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
