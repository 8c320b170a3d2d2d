"""Answers to common questions (`faq/<topic>`), fetched from the API's knowledge base.

The ResponseSelector picks the topic; the answer itself is held by the API so it can be edited
without retraining. The domain's `utter_faq/<topic>` line is only a fallback title.

The answer is one message in plain text (the API's `text`: no Markdown left to show raw). A
yes/no question ("Can I carry over unused leave?") gets the article's yes or no first.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import ApiDeps, latest_text, token_of
from actions._words import send_one
from actions.api_client import ApiError, KnowledgeArticle, NotAuthorised

RETRIEVAL_INTENT = "faq"
SIGN_IN_AGAIN = "sign_in_again"
COULD_NOT_FETCH = "unavailable"


def faq_topic(tracker: Tracker) -> str | None:
    """The topic of the latest message: "laptop" for `faq/laptop`.

    Rasa 3.6 puts the ResponseSelector's choice in
    `latest_message["response_selector"]["faq"]["response"]["intent_response_key"]`; a button
    payload such as `/faq/laptop` skips the selector and names the full intent instead.

    Args:
        tracker: The conversation.

    Returns:
        The topic, or None when neither says one.
    """
    message = tracker.latest_message or {}
    selector = (message.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    key = (selector.get("response") or {}).get("intent_response_key")
    if not isinstance(key, str) or "/" not in key:
        intent = message.get("intent") or {}
        key = intent.get("name") if isinstance(intent, dict) else None
    if isinstance(key, str) and key.startswith(f"{RETRIEVAL_INTENT}/"):
        topic = key.split("/", 1)[1].strip()
        return topic or None
    return None


_OPENERS = r"(?:(?:hi|hello|hey|ok|okay|so|and|but|quick question|sorry|please)[,.!:\s]+)*"
_AUXILIARY = (
    r"(?:can|could|may|might|am|is|isn't|are|aren't|was|were|do|don't|does|doesn't|did|will|"
    r"won't|would|should|shall|have|has|must|any chance)"
)
_YES_NO_START = re.compile(rf"^\s*{_OPENERS}{_AUXILIARY}\b", re.IGNORECASE)
_YES_NO_INSIDE = re.compile(
    r"\b(?:wondering|know|tell me|check|wanted to ask|not sure)\s+(?:if|whether)\b", re.IGNORECASE
)


def is_yes_no_question(text: str) -> bool:
    """Whether the message asks something answered yes or no.

    "Can I carry over unused leave?", "is St Andrew's Day a bank holiday?", "I was wondering if
    I can work part time" are; "how many days can I carry over?", "what is alpha?" and a choice
    ("should I choose alpha or partnership?") are not.
    """
    if re.search(r"\bor\b", text, re.IGNORECASE):
        return False
    return bool(_YES_NO_START.match(text) or _YES_NO_INSIDE.search(text))


def answer_paragraphs(article: KnowledgeArticle, question: str) -> list[str]:
    """The article as paragraphs of one message, its yes or no first for a yes/no question."""
    lead = [article.yes_no] if article.yes_no and is_yes_no_question(question) else []
    return [*lead, article.title, article.text or article.body]


def fallback_title(domain: DomainDict, topic: str) -> str | None:
    """The domain's one-line answer for a topic (`utter_faq/<topic>`), if it has one."""
    responses = (domain or {}).get("responses") or {}
    variants = responses.get(f"utter_{RETRIEVAL_INTENT}/{topic}") or []
    for variant in variants:
        if isinstance(variant, dict) and variant.get("text"):
            return str(variant["text"])
    return None


class ActionFaq(ApiDeps, Action):
    """Answer a common question from the knowledge base."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Reply with the knowledge base's answer; if the API can't give it, the domain's line.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; the latest message carries the token and the topic.
            domain: The bot's domain, holding the fallback lines.

        Returns:
            No events.
        """
        topic = faq_topic(tracker)
        if topic is None:
            dispatcher.utter_message(response="utter_faq_no_topic")
            return []
        fallback = fallback_title(domain, topic)
        token = token_of(tracker)
        if token is None:
            self._fall_back(dispatcher, fallback, SIGN_IN_AGAIN)
            return []
        try:
            article = await self.client.knowledge_article(token, topic)
        except NotAuthorised as error:
            reason = SIGN_IN_AGAIN if error.status_code == 401 else COULD_NOT_FETCH
            self._fall_back(dispatcher, fallback, reason)
            return []
        except ApiError:
            self._fall_back(dispatcher, fallback, COULD_NOT_FETCH)
            return []
        send_one(dispatcher, answer_paragraphs(article, latest_text(tracker)))
        return []

    @staticmethod
    def _fall_back(dispatcher: CollectingDispatcher, fallback: str | None, reason: str) -> None:
        """The domain's one line, if any, and why the full answer isn't here (`reason`)."""
        if fallback:
            dispatcher.utter_message(response=f"utter_faq_fallback_{reason}", fallback=fallback)
        else:
            dispatcher.utter_message(response=f"utter_faq_{reason}")
