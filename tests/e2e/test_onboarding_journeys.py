"""A new joiner's checklist and answers for everyone, through the real stack.

The checklist and the answers are read from the API as the same person and compared with what
the assistant says.
"""

from __future__ import annotations

from typing import Any

import pytest

from scripts.stack import ROOT, read_env_file
from tests.actions.said import text
from tests.e2e.conftest import Person, buttons_of, said, text_of

PRIYA, GARETH = "100001", "100004"


def items_of(person: Person) -> dict[str, dict[str, Any]]:
    """The person's checklist items by code, from the API."""
    return {i["code"]: i for i in person.get("/v1/me/onboarding")["items"]}


def test_gareth_sees_what_is_left_and_ticks_items_off(person):
    gareth = person(GARETH)
    before = items_of(gareth)
    to_do = [i for i in before.values() if i["done_on"] is None]

    reply = gareth.say("what do I still need to do?")

    for item in to_do:
        assert item["title"] in text_of(reply)
    tickable = {i["code"] for i in to_do if i["self_service"]}
    payloads = [b["payload"] for b in buttons_of(reply)]
    assert {p.split('"')[3] for p in payloads} == tickable

    gareth.say("I've picked up my building pass")
    assert items_of(gareth)["building_pass"]["done_on"] is not None

    [line_manager] = [p for p in payloads if "meet_line_manager" in p]
    gareth.say(line_manager)
    assert items_of(gareth)["meet_line_manager"]["done_on"] is not None


def test_hr_only_items_cannot_be_ticked_by_chat(person):
    gareth = person(GARETH)
    before = items_of(gareth)["bpss_check"]

    reply = text_of(gareth.say("my BPSS check is done"))

    assert "BPSS" in reply
    assert items_of(gareth)["bpss_check"] == before


def test_someone_without_a_checklist_is_told_so(person):
    priya = person(PRIYA)

    assert "don't have an onboarding checklist" in text_of(
        priya.say("what's on my onboarding checklist?")
    )


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("should I choose alpha or the partnership pension?", "pension"),
        ("when will I get my work laptop?", "laptop"),
        ("how many days a week do I have to be in the office?", "hybrid_working"),
        ("what is a BPSS check?", "security_clearance"),
        ("how do I get outlook on my phone", "email_on_phone"),
        ("how long is probation", "probation"),
    ],
)
def test_questions_are_answered_from_the_knowledge_base(person, text, topic):
    gareth = person(GARETH)
    article = gareth.get(f"/v1/knowledge/{topic}")

    reply = gareth.say(text)

    assert reply == [{"text": f"{article['title']}\n\n{article['text']}", "buttons": []}]


def test_asking_for_a_person_gives_the_service_desk(person):
    gareth = person(GARETH)

    reply = text_of(gareth.say("can I speak to a real person please"))

    assert "0300 123 4567" in reply


@pytest.mark.parametrize("asked", ["what's the weather like today", "how do I renew my passport"])
def test_off_topic_questions_stay_off_topic_and_say_where_to_go(person, asked):
    gareth = person(GARETH)
    contact = read_env_file(ROOT / ".env.example")["SERVICE_DESK_CONTACT"]

    assert said(gareth.say(asked)) == [(text("utter_out_of_scope", contact=contact), [])]
