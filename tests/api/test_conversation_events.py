"""Conversation events recorded for audit (POST/GET /v1/conversation-events)."""

from __future__ import annotations

import httpx

from api.core.config import DEV_EVENTS_API_KEY

KEY = {"X-Events-Key": DEV_EVENTS_API_KEY}


def event(sequence: int, sender: str = "web:100001:s1", **data: object) -> dict[str, object]:
    return {
        "key": f"rasa:{sequence}",
        "sender_id": sender,
        "sequence": sequence,
        "event": {"event": "user", "timestamp": 1000.0 + sequence, **data},
    }


async def test_a_batch_is_recorded_once_and_read_back_in_order(client: httpx.AsyncClient) -> None:
    batch = [
        event(3, text="thanks"),
        event(1, text="hello", parse_data={"intent": {"name": "greet"}}),
        event(2, sender="web:100002:s9", text="other"),
    ]
    first = await client.post("/v1/conversation-events", json={"events": batch}, headers=KEY)
    again = await client.post("/v1/conversation-events", json={"events": batch}, headers=KEY)

    assert first.status_code == 200 and first.json() == {"recorded": 3, "duplicates": 0}
    assert again.json() == {"recorded": 0, "duplicates": 3}
    answer = await client.get(
        "/v1/conversation-events", params={"sender_id": "web:100001:s1"}, headers=KEY
    )
    events = answer.json()["events"]
    assert [e["sequence"] for e in events] == [1, 3]
    assert events[0]["intent"] == "greet" and events[0]["type"] == "user"
    assert events[1]["event"]["text"] == "thanks"
    later = await client.get(
        "/v1/conversation-events", params={"sender_id": "web:100001:s1", "after": 1}, headers=KEY
    )
    assert [e["sequence"] for e in later.json()["events"]] == [3]


async def test_tokens_in_metadata_are_never_stored(client: httpx.AsyncClient) -> None:
    secret = event(7, metadata={"token": "eyJ.secret", "channel": "web"})
    await client.post("/v1/conversation-events", json={"events": [secret]}, headers=KEY)

    answer = await client.get(
        "/v1/conversation-events", params={"sender_id": "web:100001:s1"}, headers=KEY
    )

    assert answer.json()["events"][0]["event"]["metadata"] == {
        "token": "[removed]",
        "channel": "web",
    }
    assert "eyJ.secret" not in answer.text


async def test_only_the_recorder_may_write_or_read(client: httpx.AsyncClient) -> None:
    bad = {"X-Events-Key": "guess"}
    posted = await client.post("/v1/conversation-events", json={"events": [event(1)]}, headers=bad)
    read = await client.get("/v1/conversation-events", params={"sender_id": "x"})

    assert posted.status_code == 401 and read.status_code == 401
    assert posted.json()["detail"]["code"] == "invalid_events_key"


async def test_bad_batches_get_a_clear_answer(client: httpx.AsyncClient) -> None:
    empty = await client.post("/v1/conversation-events", json={"events": []}, headers=KEY)
    broken = await client.post(
        "/v1/conversation-events", json={"events": [{"key": ""}]}, headers=KEY
    )

    assert empty.json() == {"recorded": 0, "duplicates": 0}
    assert broken.status_code == 422
