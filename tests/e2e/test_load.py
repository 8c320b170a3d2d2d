"""Nothing lost, nothing doubled: many conversations at once on one Rasa process (embedded).

See tests/load.py for the run and its two sizes (`make test` runs the small one, `make
test-load` the issue's 50 x 20); the same run on two replicas is tests/scale_out/test_load.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from scripts.stack import Stack
from tests import load
from tests.conftest import TODAY
from tests.e2e.conftest import text_of


def rasa_events(stack: Stack, sender: str) -> list[dict[str, Any]]:
    url = f"http://127.0.0.1:{stack.ports.rasa}/conversations/{sender}/tracker"
    params = {"token": stack.env["RASA_TOKEN"], "include_events": "ALL"}
    answer = httpx.get(url, params=params, timeout=30)
    answer.raise_for_status()
    events: list[dict[str, Any]] = answer.json()["events"]
    return events


def sign_in_everyone(api: httpx.Client) -> dict[str, str]:
    tokens = {}
    for staff in load.EVERYONE:
        answer = api.post("/auth/dev-login", json={"staff_number": staff})
        answer.raise_for_status()
        tokens[staff] = answer.json()["access_token"]
    return tokens


async def run_through_gateway(
    stack: Stack, tokens: dict[str, str], conversations: list[load.Conversation], seconds: float
) -> None:
    """The run, every message through the gateway's `/web/messages`."""
    limits = httpx.Limits(max_connections=120, max_keepalive_connections=120)
    base = f"http://127.0.0.1:{stack.ports.gateway}"
    async with httpx.AsyncClient(base_url=base, timeout=90, limits=limits) as client:
        await load.run_all(conversations, load.web_sender(client, tokens), seconds)


def check_nothing_lost_or_doubled(
    conversations: list[load.Conversation],
    requests_of: Any,
    balance_of: Any,
    events_of: Any,
) -> None:
    """The run's verdict, the same on one Rasa and on two replicas."""
    lost = [c.session for c in conversations if c.failures or len(c.answers) != len(c.script)]
    assert lost == [], [c.failures for c in conversations if c.failures]
    silent = [(c.session, i) for c in conversations for i, a in enumerate(c.answers) if not a]
    assert silent == []
    for conversation in conversations:
        if conversation.day is None:
            continue
        day = conversation.day.isoformat()
        booked = [
            r
            for r in requests_of(conversation.staff)
            if r["start_date"] == day and r["status"] in ("pending", "approved")
        ]
        dialogue = "\n".join(
            f"> {sent}\n< {text_of(answer)}"
            for sent, answer in zip(conversation.sent, conversation.answers, strict=False)
        )
        assert len(booked) == 1, f"{conversation.staff} {day}: {booked}\n{dialogue}"
        yes = conversation.double_at
        assert yes is not None
        summary = text_of(conversation.answers[yes - 1])
        assert str(conversation.day.day) in summary
        both = text_of(conversation.answers[yes]) + text_of(conversation.answers[yes + 1])
        assert booked[0]["reference"] in both
        assert balance_of(conversation.staff, day)["remaining"] >= 0
    for conversation in conversations:
        events = events_of(conversation)
        assert load.user_texts_in_order(events) == conversation.sent, conversation.session
        assert load.answered_before_next(events), conversation.session


def test_conversations_at_once_lose_nothing_and_book_nothing_twice(stack, api):
    tokens = sign_in_everyone(api)
    run = load.size()
    conversations = load.plan(TODAY, weeks_from=20, run=run)

    asyncio.run(run_through_gateway(stack, tokens, conversations, run.run_seconds))

    def requests_of(staff: str) -> list[dict[str, Any]]:
        headers = {"Authorization": f"Bearer {tokens[staff]}"}
        return api.get("/v1/me/leave/requests", headers=headers).raise_for_status().json()

    def balance_of(staff: str, day: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {tokens[staff]}"}
        answer = api.get("/v1/me/leave/balance", params={"on": day}, headers=headers)
        return answer.raise_for_status().json()

    check_nothing_lost_or_doubled(
        conversations,
        requests_of,
        balance_of,
        lambda c: rasa_events(stack, f"web:{c.staff}:{c.session}"),
    )


def test_five_quick_messages_from_one_person_are_answered_in_order(stack, api, person):
    priya = person("100001")
    remaining = f"{priya.get('/v1/me/leave/balance')['remaining']:g}"
    priya.say("hello")  # signed in and the conversation open: now five within a second
    texts = [
        "how much leave have I got left?",
        "thank you",
        "when's the next bank holiday?",
        "what can you do?",
        "thank you",
    ]

    async def quick() -> list[list[dict[str, Any]]]:
        base = f"http://127.0.0.1:{stack.ports.gateway}"
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            tasks = []
            for text in texts:
                tasks.append(
                    asyncio.create_task(
                        client.post(
                            "/web/messages",
                            headers=priya.headers,
                            json={"text": text, "session": priya.session},
                        )
                    )
                )
                await asyncio.sleep(0.15)
            return [(await task).raise_for_status().json()["messages"] for task in tasks]

    answers = asyncio.run(quick())

    assert remaining in text_of(answers[0])
    assert text_of(answers[1]) == "You're welcome."
    assert "bank holiday" in text_of(answers[2]).lower()
    assert "leave" in text_of(answers[3]).lower()
    assert text_of(answers[4]) == "You're welcome."
    events = rasa_events(stack, f"web:100001:{priya.session}")
    assert load.user_texts_in_order(events) == ["hello", *texts]
    assert load.answered_before_next(events)
