"""One real stack for all end-to-end tests: API, action server, Rasa with the model, gateway.

It runs on its own ports and its own SQLite files, so a `make run` on the same machine does not
interfere. Starting Rasa takes minutes (TensorFlow), which is why the stack is session-scoped.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from scripts.fake_platforms import FakeBotFramework, FakeSlack, Served, serve
from scripts.fake_platforms.slack import TEAM, button_click, message_event, signed_headers
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


SLACK_SECRET = "e2e-slack-signing-secret"
CHANNELS = ("web", "slack", "teams")


@dataclass
class Platforms:
    """The local fakes of Slack's Web API and the Bot Framework the stack's gateway talks to."""

    slack: FakeSlack
    teams: FakeBotFramework
    served: tuple[Served, ...]


@pytest.fixture(scope="session")
def platforms() -> Iterator[Platforms]:
    """Fake Slack and Bot Framework servers, for the whole session."""
    slack = FakeSlack()
    teams = FakeBotFramework()
    slack_served = serve(slack.app())
    teams_served = serve(teams.app())
    teams.url = teams_served.url
    yield Platforms(slack, teams, (slack_served, teams_served))
    for served in (slack_served, teams_served):
        served.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, platforms: Platforms) -> Iterator[Stack]:
    """The whole assistant, started once for the session from the embedded defaults, with its
    clock pinned to the suite's moment (so the seed, the API and the actions agree with the
    tests on what today is, and expected answers are exact), and Slack and Teams pointed at
    the local fakes."""
    var_dir = tmp_path_factory.mktemp("e2e-var")
    settings = read_env_file(ROOT / ".env.example")
    settings["CLOCK_PINNED_AT"] = TEST_MOMENT.isoformat()
    settings["SLACK_BOT_TOKEN"] = "xoxb-e2e"
    settings["SLACK_SIGNING_SECRET"] = SLACK_SECRET
    settings["SLACK_API_URL"] = platforms.served[0].url + "/api/"
    settings["TEAMS_APP_ID"] = platforms.teams.app_id
    settings["TEAMS_OPENID_METADATA_URL"] = platforms.teams.metadata_url
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
        self.booked_before: set[int] = set()

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


class SlackPerson(Person):
    """The same persona writing to the assistant in Slack: a direct message per `say`, or a
    click when the text is the payload of a button the bot just offered. Each one is a new
    Slack account of that employee (linked on first sight by email), so its DM is a fresh
    conversation."""

    def __init__(
        self, api: httpx.Client, gateway: httpx.Client, platforms: Platforms, staff_number: str
    ) -> None:
        """Sign in (for API reads), and appear in the fake Slack with the employee's email."""
        super().__init__(api, gateway, staff_number)
        self.fake = platforms.slack
        self.user = f"U{staff_number}X{next(_sessions)}"
        self.fake.users[self.user] = self.get("/v1/me")["email"]
        self.channel = f"D{self.user}"
        self.seen = {False: 0, True: 0}
        self.last: list[Any] = []

    @property
    def sender(self) -> str:
        """The conversation's id in Rasa, as the Slack channel names it."""
        return f"slack:{self.staff_number}:{TEAM}:{self.channel}"

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send a DM (or click the offered button with this payload); return the replies (not
        what the courier posted meanwhile, e.g. a report's request to approve)."""
        offered = [p for p in self.last if any(b["payload"] == text for b in p.buttons)]
        if offered:
            body = urlencode_payload(button_click(self.user, offered[-1], text))
            content_type = "application/x-www-form-urlencoded"
        else:
            event = message_event(self.user, text, event_id=f"Ev{uuid.uuid4().hex}")
            body, content_type = json.dumps(event), "application/json"
        headers = signed_headers(SLACK_SECRET, body) | {"Content-Type": content_type}
        response = self.gateway.post("/slack/events", content=body, headers=headers)
        assert response.status_code == 200, response.text
        wait_for_turns(self.gateway)
        new = self._new_posts(proactive=False)
        self.last = new or self.last
        return _as_said(new)

    def notifications(self, wait: float = 4.0) -> list[dict[str, Any]]:
        """What the assistant posted to the DM by itself, waiting for the courier."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and len(self._posts(proactive=True)) == self.seen[True]:
            time.sleep(0.1)
        return _as_said(self._new_posts(proactive=True))

    def _posts(self, *, proactive: bool) -> list[Any]:
        return [
            p
            for p in self.fake.to(self.channel)
            if p.method == "chat.postMessage" and p.proactive == proactive
        ]

    def _new_posts(self, *, proactive: bool) -> list[Any]:
        posts = self._posts(proactive=proactive)
        new, self.seen[proactive] = posts[self.seen[proactive] :], len(posts)
        return new


def _as_said(posts: list[Any]) -> list[dict[str, Any]]:
    return [{"text": html.unescape(p.text), "buttons": p.buttons} for p in posts]


class TeamsPerson(Person):
    """The same persona in a Teams personal chat: a message per `say`, or a card submit when
    the text is the payload of a choice the bot just offered. Each is a new Entra account of
    that employee (linked on first sight by the email Teams gives), in a fresh chat."""

    def __init__(
        self, api: httpx.Client, gateway: httpx.Client, platforms: Platforms, staff_number: str
    ) -> None:
        """Sign in (for API reads), and appear in the fake Teams with the employee's email."""
        super().__init__(api, gateway, staff_number)
        self.fake = platforms.teams
        self.aad = f"aad-{staff_number}-{next(_sessions)}"
        self.fake.members[self.aad] = self.get("/v1/me")["email"]
        self.conversation = f"a:{self.aad}"
        self.activities: set[str] = set()
        self.seen = {False: 0, True: 0}
        self.last: list[Any] = []

    @property
    def sender(self) -> str:
        """The conversation's id in Rasa, as the Teams channel names it."""
        return f"teams:{self.staff_number}:{self.conversation}"

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send a message (or submit the card's choice with this payload); return the replies
        (not what the courier sent meanwhile, e.g. a report's request to approve)."""
        choices = [b for sent in self.last for b in sent.buttons if b["payload"] == text]
        if choices:
            activity = self.fake.activity(self.aad, value=choices[-1]["value"])
        else:
            activity = self.fake.activity(self.aad, text)
        response = self.gateway.post(
            "/teams/messages",
            json=activity,
            headers={"Authorization": f"Bearer {self.fake.token()}"},
        )
        assert response.status_code in (200, 202), response.text
        self.activities.add(activity["id"])
        new = self._new(proactive=False)
        self.last = new or self.last
        return _as_sent(new)

    def notifications(self, wait: float = 4.0) -> list[dict[str, Any]]:
        """What the assistant sent to the chat by itself, waiting for the courier."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and len(self._sent(proactive=True)) == self.seen[True]:
            time.sleep(0.1)
        return _as_sent(self._new(proactive=True))

    def _sent(self, *, proactive: bool) -> list[Any]:
        # A reply answers one of the person's activities; a proactive message answers none
        # (the SDK's continuation activity has an id of its own).
        return [
            s
            for s in self.fake.to(self.conversation)
            if s.method == "send" and (s.reply_to not in self.activities) == proactive
        ]

    def _new(self, *, proactive: bool) -> list[Any]:
        sent = self._sent(proactive=proactive)
        new, self.seen[proactive] = sent[self.seen[proactive] :], len(sent)
        return new


def _as_sent(sent: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "text": s.text,
            "buttons": [{"title": b["title"], "payload": b["payload"]} for b in s.buttons],
        }
        for s in sent
    ]


def urlencode_payload(payload: dict[str, Any]) -> str:
    """A Slack interactivity body: `payload=<json>`, form-encoded."""
    return urlencode({"payload": json.dumps(payload)})


def wait_for_turns(gateway: httpx.Client, timeout: float = 60.0) -> None:
    """Waits until the gateway has no Slack turn running (they run after the acknowledgement)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if gateway.get("/health").json().get("turns_in_flight", {}).get("slack", 0) == 0:
            return
        time.sleep(0.05)
    raise AssertionError("a Slack turn was still running after a minute")


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


def _people(request: pytest.FixtureRequest, rasa: httpx.Client, people: list[Person]) -> None:
    """After a test: any fallback it didn't ask for fails it; leave it booked is cancelled."""
    for someone in people:
        for booked in someone.get("/v1/me/leave/requests"):
            if booked["id"] not in someone.booked_before and booked["status"] in (
                "pending",
                "approved",
            ):
                someone.api.post(
                    f"/v1/me/leave/requests/{booked['id']}/cancel", headers=someone.headers
                )
    if request.node.get_closest_marker("allows_fallback") is not None:
        return
    fallbacks = [f"{p.sender}: {f}" for p in people for f in unasked_fallbacks(rasa, p.sender)]
    assert not fallbacks, "Rasa fell back where the test didn't ask it to:\n" + "\n".join(fallbacks)


@pytest.fixture
def person(api: httpx.Client, gateway: httpx.Client, rasa: httpx.Client, request):  # type: ignore[no-untyped-def]
    """Factory: `person("100001")` signs in as that persona with a fresh chat session.

    After the test, every conversation it had is read back from Rasa's tracker: any
    `action_default_fallback` or `nlu_fallback` fails the test, unless the test is marked
    `allows_fallback` (it means to be misunderstood). Leave the test booked is cancelled.
    """
    people: list[Person] = []

    def make(staff_number: str) -> Person:
        people.append(Person(api, gateway, staff_number))
        people[-1].booked_before = {r["id"] for r in people[-1].get("/v1/me/leave/requests")}
        return people[-1]

    yield make
    _people(request, rasa, people)


@pytest.fixture(params=CHANNELS)
def person_on_each_channel(  # type: ignore[no-untyped-def]
    request: pytest.FixtureRequest,
    api: httpx.Client,
    gateway: httpx.Client,
    platforms: Platforms,
    rasa: httpx.Client,
):
    """Factory like `person`, once per channel: the web chat, Slack and Teams. Leave the test
    booked is cancelled afterwards, so the same journey can run again in the next channel."""
    people: list[Person] = []

    def make(staff_number: str) -> Person:
        if request.param == "slack":
            someone: Person = SlackPerson(api, gateway, platforms, staff_number)
        elif request.param == "teams":
            someone = TeamsPerson(api, gateway, platforms, staff_number)
        else:
            someone = Person(api, gateway, staff_number)
        someone.booked_before = {r["id"] for r in someone.get("/v1/me/leave/requests")}
        people.append(someone)
        return someone

    yield make
    _people(request, rasa, people)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as `e2e` (`pytest -m "not e2e"` runs the fast ones)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
