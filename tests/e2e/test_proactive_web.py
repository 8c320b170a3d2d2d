"""A manager's decision reaches an open web chat by itself (server-sent events), through the
real stack: API outbox → the gateway's courier → /web/events."""

from __future__ import annotations

import datetime as dt
import json
import threading

import httpx

from api.domain.calendar import format_date, format_days
from tests.api.conftest import working_day_from
from tests.conftest import TODAY
from tests.e2e.conftest import buttons_of, text_of


class OpenChat:
    """A web chat left open: reads /web/events in a thread until the first message."""

    def __init__(self, gateway: httpx.Client, headers: dict[str, str]) -> None:
        self.messages: list[dict] = []
        self.opened = threading.Event()
        self.arrived = threading.Event()
        self._thread = threading.Thread(
            target=self._read, args=(str(gateway.base_url), headers), daemon=True
        )
        self._thread.start()
        assert self.opened.wait(30), "the event stream did not open"

    def _read(self, base_url: str, headers: dict[str, str]) -> None:
        with (
            httpx.Client(base_url=base_url, timeout=60) as client,
            client.stream("GET", "/web/events", headers=headers) as response,
        ):
            assert response.status_code == 200
            self.opened.set()
            event = None
            for line in response.iter_lines():
                if line.startswith("event:"):
                    event = line.removeprefix("event:").strip()
                elif line.startswith("data:") and event == "message":
                    self.messages.append(json.loads(line.removeprefix("data:")))
                    self.arrived.set()
                    return


def test_a_decision_appears_in_the_open_web_chat_without_asking(person, gateway):
    tom = person("100002")
    priya = person("100001")
    priya.say("hello")  # the web chat is the channel she used last
    me = priya.get("/v1/me")
    day = working_day_from("england", me["working_days"], TODAY + dt.timedelta(weeks=16))
    booked = priya.api.post(
        "/v1/me/leave/requests",
        json={"start_date": day.isoformat(), "end_date": day.isoformat()},
        headers=priya.headers | {"Idempotency-Key": f"e2e-{priya.session}"},
    )
    assert booked.status_code == 201, booked.text
    target = booked.json()
    chat = OpenChat(gateway, priya.headers)

    reply = tom.say("anything waiting for my approval?")
    [approve] = [
        b
        for b in buttons_of(reply)
        if "approve" in b["payload"] and str(target["id"]) in b["payload"]
    ]
    tom.say(approve["payload"])

    assert chat.arrived.wait(30), "no message arrived on the open chat"
    start, end = (dt.date.fromisoformat(target[k]) for k in ("start_date", "end_date"))
    assert chat.messages == [
        {
            "text": f"Tom Evans approved your {target['leave_type']} leave from "
            f"{format_date(start)} to {format_date(end)} ({format_days(target['days'])}).",
            "buttons": [],
        }
    ]
    assert priya.notifications() == [], "delivered once, not again on the next poll"
    assert "Priya" in text_of(reply)
    priya.api.post(f"/v1/me/leave/requests/{target['id']}/cancel", headers=priya.headers)
