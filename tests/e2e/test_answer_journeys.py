"""Answers that answer, through the real stack: each reply read whole, as the person sees it.

Every question here was quoted in issue 10 (or is one of its kind in words the training data
doesn't have). A knowledge-base answer is one message in plain text: the yes or no first for a
yes/no question, then the article.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Person

PRIYA, TOM, AISHA, HELEN = "100001", "100002", "100003", "100010"


def article_reply(person: Person, topic: str, *, yes_no: bool) -> list[dict[str, Any]]:
    """The one message a knowledge-base answer on `topic` should be, from the API's article."""
    article = person.get(f"/v1/knowledge/{topic}")
    paragraphs = [article["yes_no"]] if yes_no else []
    paragraphs += [article["title"], article["text"]]
    return [{"text": "\n\n".join(paragraphs), "buttons": []}]


@pytest.mark.parametrize(
    ("text", "topic", "yes_no"),
    [
        ("Can I carry over unused annual leave into next year?", "carry_over", True),
        ("I need to raise a PO for some training, how do I do that?", "raising_a_po", False),
        ("I want to raise a grievance against my manager", "grievance", False),
        ("what happens if I'm poorly while I'm on holiday?", "sickness_during_leave", False),
        ("do part-timers get fewer days off?", "part_time_leave", True),
        ("what mandatory training do I have to do?", "mandatory_training", False),
    ],
)
def test_policy_questions_get_the_policy_in_one_message(person, text, topic, yes_no):
    priya = person(PRIYA)

    assert priya.say(text) == article_reply(priya, topic, yes_no=yes_no)


def test_no_answer_shows_markdown(person):
    priya = person(PRIYA)

    [message] = priya.say("how does flexi-time work?")

    assert "#" not in message["text"] and "**" not in message["text"]
    assert "\nFlexi-time\n" in message["text"]
