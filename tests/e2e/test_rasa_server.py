"""What the running Rasa server itself does with our components (NLU and tracker store).

These go to Rasa's HTTP API on the end-to-end stack directly, not through the gateway.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from scripts.stack import Stack


@pytest.fixture(scope="module")
def rasa(stack: Stack):  # type: ignore[no-untyped-def]
    with httpx.Client(
        base_url=f"http://127.0.0.1:{stack.ports.rasa}",
        params={"token": stack.env["RASA_TOKEN"]},
        timeout=30,
    ) as client:
        yield client


def test_a_question_gets_a_knowledge_base_topic(rasa: httpx.Client):
    parsed = rasa.post("/model/parse", json={"text": "how does the alpha pension work"}).json()

    assert parsed["intent"]["name"] == "faq"
    selected = parsed["response_selector"]["faq"]["response"]
    assert selected["intent_response_key"] == "faq/pension"


def test_other_messages_skip_the_response_selector(rasa: httpx.Client):
    parsed = rasa.post(
        "/model/parse", json={"text": "how much annual leave have I got left"}
    ).json()

    assert parsed["intent"]["name"] == "leave_balance"
    assert "faq" not in parsed.get("response_selector", {})


def test_conversations_are_stored_in_rasas_sql_tables(stack: Stack, person):  # type: ignore[no-untyped-def]
    sam = person("100001")
    sam.say("how much annual leave have I got left")

    with sqlite3.connect(Path(stack.env["RASA_TRACKER_DB"])) as connection:
        rows = connection.execute(
            "SELECT type_name, intent_name FROM events WHERE sender_id LIKE 'web:100001:%' "
            "AND type_name = 'user' ORDER BY id DESC LIMIT 1"
        ).fetchall()
    assert rows == [("user", "leave_balance")]
