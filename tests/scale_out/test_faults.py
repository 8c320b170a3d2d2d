"""Faults on the scale-out profile: each gets an honest answer in time, changes nothing by
halves, and the conversation carries on once the fault is gone.

Every connection the stack makes to PostgreSQL, Redis, RabbitMQ and the API goes through a
breakable proxy (tests/faults.py, set up in conftest.py), so "down" here is the service gone for
this stack only: open connections cut, new ones refused, as when it stops or restarts. The action
server and the Rasa replicas are killed for real (SIGKILL) and started again afterwards.

"In time" is `HONEST_WITHIN` (5 s) from the message to the answer: the API's timeout in the
scale-out profile is 3 s (`API_TIMEOUT_SECONDS`), so a slow API is told of with time to spare.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from integrations.rasa_gateway import NO_ANSWER, RasaGateway
from scripts.stack import Stack
from tests import load
from tests.actions.said import text
from tests.faults import Wires
from tests.scale_out.conftest import Chat
from tests.scale_out.test_load import time_today
from tests.scale_out.test_profile import recorded_events, text_of, tracker_rows

HONEST_WITHIN = 5.0
"""The most an answer may take when something the assistant needs is down or slow."""

API_DOWN = text("utter_api_unavailable")


def gateway_refused_for_the_api(answer: Timed) -> bool:
    """Whether the gateway itself answered "the API isn't answering" (503 `api_unavailable`,
    `integrations.web.problems.API_DOWN`, shown by the page), before Rasa: a gateway that asks
    the API something on every turn (whether a person has the conversation) stops there, and
    nothing reaches Rasa or the actions."""
    return answer.status == 503 and answer.refusal == "api_unavailable"


@pytest.fixture(autouse=True)
def healed(wires: Wires) -> Iterator[None]:
    """Whatever a test breaks is mended afterwards, even when it fails."""
    yield
    wires.heal()


class Timed:
    """One message's answer, whatever its HTTP status, and how long it took."""

    def __init__(self, chat: Chat, message: str) -> None:
        """Send it now."""
        started = time.monotonic()
        response = chat.client.post(
            "/web/messages", headers=chat.headers, json={"text": message, "session": chat.session}
        )
        self.seconds = time.monotonic() - started
        self.status = response.status_code
        body = response.json()
        self.messages: list[dict[str, Any]] = body.get("messages") or []
        self.refusal = (body.get("detail") or {}).get("code") if self.status >= 400 else None
        self.said = [
            (m.get("text") or "", [b["title"] for b in m.get("buttons") or []])
            for m in self.messages
        ]


_days = iter(load.booking_days(time_today(), weeks_from=45, double_bookers=10).values())


def a_free_day() -> tuple[str, dt.date]:
    """A working Tuesday, no bank holiday, nobody else's test books (and whose it is)."""
    return next(_days)


def requests_on(stack: Stack, token: str, day: dt.date) -> list[dict[str, Any]]:
    """The person's live leave requests starting on `day`, read from the API directly."""
    api = f"http://127.0.0.1:{stack.ports.api}"
    answer = httpx.get(
        f"{api}/v1/me/leave/requests", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    return [
        r
        for r in answer.raise_for_status().json()
        if r["start_date"] == day.isoformat() and r["status"] in ("pending", "approved")
    ]


def summary_shown(chat: Chat, day: dt.date) -> None:
    """Ask to book `day` off and check the bot asks to confirm it."""
    summary = chat.say(f"book {load.spoken(day)} off")
    assert str(day.day) in text_of(summary)
    assert [b["title"] for m in summary for b in m.get("buttons") or []] == ["Yes, send it", "No"]


def booked_once(chat: Chat, stack: Stack, token: str, day: dt.date) -> None:
    """Say yes to the summary on screen: the leave is booked, once."""
    reply = text_of(chat.say("yes"))
    found = requests_on(stack, token, day)
    assert len(found) == 1
    assert found[0]["reference"] in reply


def test_the_api_down_is_told_at_once_and_the_booking_goes_through_once_it_is_back(
    scale_out: Stack, gateway: httpx.Client, tokens: dict[str, str], wires: Wires
) -> None:
    staff, day = a_free_day()
    chat = Chat(gateway, tokens[staff])
    summary_shown(chat, day)

    wires.api.down()
    answer = Timed(chat, "yes")
    wires.api.up()

    assert answer.seconds <= HONEST_WITHIN
    assert requests_on(scale_out, tokens[staff], day) == []
    if gateway_refused_for_the_api(answer):  # "yes" never reached Rasa: the summary waits
        booked_once(chat, scale_out, tokens[staff], day)
        return
    assert answer.status == 200
    assert answer.said == [(API_DOWN, []), (text("utter_leave_not_submitted"), [])]
    summary_shown(chat, day)
    booked_once(chat, scale_out, tokens[staff], day)


def test_a_slow_api_is_told_within_five_seconds_and_answers_again_once_it_is_quick(
    scale_out: Stack, gateway: httpx.Client, tokens: dict[str, str], wires: Wires
) -> None:
    chat = Chat(gateway, tokens["100004"])
    before = text_of(chat.say("how much leave have I got left?"))

    wires.api.slow(8)  # longer than the actions wait for one call (3 s)
    answer = Timed(chat, "how much leave have I got left?")
    wires.api.slow(0)

    assert answer.seconds <= HONEST_WITHIN
    if not gateway_refused_for_the_api(answer):
        assert answer.status == 200
        assert answer.said == [(API_DOWN, [])]
    assert text_of(chat.say("how much leave have I got left?")) == before


def test_a_booking_whose_answer_comes_too_late_is_told_it_may_have_gone_through(
    scale_out: Stack, gateway: httpx.Client, tokens: dict[str, str], wires: Wires
) -> None:
    staff, day = a_free_day()
    chat = Chat(gateway, tokens[staff])
    summary_shown(chat, day)

    wires.api.slow_answers(6)  # the API books at once; its answer comes after the 3 s wait
    answer = Timed(chat, "yes")
    wires.api.slow_answers(0)

    assert answer.seconds <= HONEST_WITHIN
    if gateway_refused_for_the_api(answer):  # "yes" never reached Rasa: nothing was sent
        assert requests_on(scale_out, tokens[staff], day) == []
        return
    assert answer.status == 200
    assert answer.said == [(text("utter_request_unsure"), [])]
    assert len(requests_on(scale_out, tokens[staff], day)) == 1  # it did go through, once


def test_a_postgresql_restart_loses_no_turn_and_the_form_carries_on(
    scale_out: Stack, gateway: httpx.Client, tokens: dict[str, str], wires: Wires
) -> None:
    staff, day = a_free_day()
    chat = Chat(gateway, tokens[staff])
    summary_shown(chat, day)

    wires.postgres.down()
    answer = Timed(chat, "yes")
    wires.postgres.up()

    assert answer.seconds <= HONEST_WITHIN
    if not gateway_refused_for_the_api(answer):  # (the API is on PostgreSQL too)
        assert answer.said == [(NO_ANSWER, [])]
    assert requests_on(scale_out, tokens[staff], day) == []
    booked_once(chat, scale_out, tokens[staff], day)  # the summary still waits for its yes


def test_redis_down_is_told_at_once_and_the_form_carries_on_once_it_is_back(
    scale_out: Stack, gateway: httpx.Client, tokens: dict[str, str], wires: Wires
) -> None:
    staff, day = a_free_day()
    chat = Chat(gateway, tokens[staff])
    summary_shown(chat, day)

    wires.redis.down()
    answer = Timed(chat, "yes")
    wires.redis.up()

    assert answer.said == [(NO_ANSWER, [])]
    assert answer.seconds <= HONEST_WITHIN
    assert requests_on(scale_out, tokens[staff], day) == []
    booked_once(chat, scale_out, tokens[staff], day)


def test_rabbitmq_down_the_assistant_keeps_answering_and_every_event_is_recorded_after(
    scale_out: Stack, gateway: httpx.Client, tokens: dict[str, str], wires: Wires
) -> None:
    chat = Chat(gateway, tokens["100002"])
    remaining = text_of(chat.say("how much leave have I got left?"))

    wires.rabbitmq.down()
    answers = [Timed(chat, "how much leave have I got left?"), Timed(chat, "thank you")]
    wires.rabbitmq.up()

    assert [a.status for a in answers] == [200, 200]
    assert text_of(answers[0].messages) == remaining
    assert answers[1].said == [("You're welcome.", [])]
    sender = f"web:100002:{chat.session}"
    stored = [row_id for row_id, _ in tracker_rows(scale_out, sender)]
    recorded = recorded_events(scale_out, sender, at_least=len(stored), within=60)
    assert [e["sequence"] for e in recorded] == stored


def replica_of(stack: Stack, sender: str) -> str:
    """The name of the Rasa service the gateway pins a conversation to (`rasa`, `rasa-2`)."""
    urls = stack.env["RASA_URL"].split(",")
    index = urls.index(
        RasaGateway(httpx.AsyncClient(), urls, timeout_seconds=1).replica_for(sender)
    )
    return "rasa" if index == 0 else f"rasa-{index + 1}"


def chat_on(stack: Stack, gateway: httpx.Client, staff: str, token: str, replica: str) -> Chat:
    """A new conversation the gateway pins to `replica`."""
    while True:
        chat = Chat(gateway, token)
        if replica_of(stack, f"web:{staff}:{chat.session}") == replica:
            return chat


def test_the_action_server_killed_is_told_and_the_form_carries_on_once_it_is_back(
    scale_out: Stack, gateway: httpx.Client, tokens: dict[str, str]
) -> None:
    staff, day = a_free_day()
    chat = chat_on(scale_out, gateway, staff, tokens[staff], "rasa")  # calls `actions`
    summary_shown(chat, day)

    scale_out.kill("actions")
    try:
        answer = Timed(chat, "yes")
    finally:
        scale_out.restart("actions")

    assert answer.said == [(NO_ANSWER, [])]
    assert answer.seconds <= HONEST_WITHIN
    assert requests_on(scale_out, tokens[staff], day) == []
    booked_once(chat, scale_out, tokens[staff], day)


def test_a_replica_killed_mid_form_the_other_one_finishes_the_booking(
    scale_out: Stack, gateway: httpx.Client, tokens: dict[str, str]
) -> None:
    staff, day = a_free_day()
    chat = chat_on(scale_out, gateway, staff, tokens[staff], "rasa-2")
    summary_shown(chat, day)

    scale_out.kill("rasa-2")
    try:
        answer = Timed(chat, "yes")
        assert answer.status == 200
        assert answer.seconds <= HONEST_WITHIN
        found = requests_on(scale_out, tokens[staff], day)
        assert len(found) == 1
        assert found[0]["reference"] in text_of(answer.messages)
    finally:
        scale_out.restart("rasa-2")
