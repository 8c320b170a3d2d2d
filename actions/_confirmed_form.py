"""One way to write a confirmed form: ask, show a summary, send on yes, say what happened.

A confirmed form (`<name>_form` in the domain) asks its questions, then:

1. `action_ask_<name>_confirmed` shows the summary with Yes and No buttons;
2. on yes, its validation sends the request (`ConfirmedForm.send_on_yes`), with an idempotency
   key so a retried call never sends twice; an API refusal is explained and the answers it is
   about are emptied, so the form asks them again while it is still open;
3. when the form ends, `action_submit_<name>` says what was sent (or that nothing was) and
   empties the form; `stop`, `no` or `goodbye` inside it run its stop action.

A new form is one `ConfirmedForm` subclass (its slots, how to read the request from them,
how to send it, the responses that word it) and three one-line actions::

    class Travel(ConfirmedForm[TravelIn]):
        name = "travel"
        ...

    class ActionAskTravelConfirmed(AskConfirmation):
        form = Travel()

    class ActionSubmitTravel(SubmitConfirmed):
        form = Travel()

    class ActionStopTravel(StopConfirmed):
        form = Travel()
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import ApiDeps, ask_api
from actions.api_client import ApiClient, ApiRefusal, ApiTimedOut

CONFIRM_BUTTONS = [
    {"title": "Yes, send it", "payload": "/affirm"},
    {"title": "No", "payload": "/deny"},
]


@dataclass(frozen=True)
class Reply:
    """A domain response and the values of its `{variables}`."""

    response: str
    values: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)

    def say(self, dispatcher: CollectingDispatcher) -> None:
        """Send it."""
        dispatcher.utter_message(response=self.response, buttons=self.buttons, **self.values)


UNSURE = "unsure"
"""`<name>_sent` when the request was sent but its answer did not come in time."""


def idempotency_key(tracker: Tracker, kind: str, request: BaseModel) -> str:
    """A key that is the same when the same confirmation is sent again, and only then.

    It joins the kind of request, the conversation, the user message that confirmed, and the
    exact request, so a retried action call doesn't send twice, while sending the same request
    again later does.
    """
    confirming: dict[str, Any] = next(
        (e for e in reversed(tracker.events) if e.get("event") == "user"), {}
    )
    message = confirming.get("message_id") or confirming.get("timestamp") or ""
    body = json.dumps(request.model_dump(mode="json"), sort_keys=True)
    material = f"{kind}\n{tracker.sender_id}\n{message}\n{body}"
    return hashlib.sha256(material.encode()).hexdigest()


class ConfirmedForm[Request: BaseModel](ABC):
    """What one confirmed form is: its slots, its request, how it is sent and worded.

    Attributes:
        name: `leave` for `leave_form`, `leave_confirmed`, `action_ask_leave_confirmed`,
            `action_submit_leave`; the API's answer is kept in `<name>_sent`.
        slots: The form's slots, emptied when it ends (the confirmation and `<name>_sent` too).
        refused: The response that words the API's refusal (`{message}`).
        ask_again: For each refusal code, the slots to empty so the form asks them again.
        ask_again_otherwise: The slots to empty for any other refusal.
        not_sent: The response when the person said no, or the request could not be sent.
        stopped: The response when the person stops the form.
        lost: The response when the summary can't be made; `lost_slots` are then emptied.
    """

    name: ClassVar[str]
    slots: ClassVar[tuple[str, ...]]
    refused: ClassVar[str]
    ask_again: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    ask_again_otherwise: ClassVar[tuple[str, ...]]
    not_sent: ClassVar[str]
    stopped: ClassVar[str]
    lost: ClassVar[str]
    lost_slots: ClassVar[tuple[str, ...]]

    @property
    def confirm_slot(self) -> str:
        """The yes-or-no slot the summary asks."""
        return f"{self.name}_confirmed"

    @property
    def sent_slot(self) -> str:
        """The slot holding the API's answer once the request was sent."""
        return f"{self.name}_sent"

    @abstractmethod
    def request(self, tracker: Tracker) -> Request | None:
        """The request the form's slots describe, or None while something is missing."""

    @abstractmethod
    def summary(self, request: Request, tracker: Tracker) -> Reply:
        """The summary the person confirms (the Yes and No buttons are added)."""

    @abstractmethod
    async def send(self, client: ApiClient, token: str, request: Request, key: str) -> BaseModel:
        """Send the request to the API with this idempotency key; return its answer."""

    @abstractmethod
    def sent_reply(self, sent: dict[str, Any], tracker: Tracker) -> Reply:
        """What to say once the API accepted the request (its answer as JSON)."""

    def reset(self) -> list[dict[str, Any]]:
        """Events that empty every slot of the form."""
        names = dict.fromkeys((*self.slots, self.confirm_slot, self.sent_slot))
        return [SlotSet(slot, None) for slot in names]

    async def send_on_yes(
        self, deps: ApiDeps, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """Send the confirmed request; return the slots to set.

        Returns:
            The API's answer in `<name>_sent` when it was accepted; after a refusal the
            confirmation and the answers it is about emptied (asked again); when it could not be
            sent at all (signed out, API not answering, both already explained) the confirmation
            as no and no further question, so the form ends having changed nothing; when it was
            sent but no answer came in time, the same, with `UNSURE` in `<name>_sent` (the
            person is told it may have gone through, and to check before sending it again).
        """
        if tracker.get_slot(self.sent_slot) is not None:
            return {}  # already sent this turn
        request = self.request(tracker)
        if request is None:
            return {self.confirm_slot: None}
        key = idempotency_key(tracker, self.name, request)
        timed_out = False

        async def send(token: str) -> BaseModel | None:
            nonlocal timed_out
            try:
                return await self.send(deps.client, token, request, key)
            except ApiTimedOut:  # sent, but no answer in time: it may have gone through
                timed_out = True
                return None

        answer = await ask_api(dispatcher, tracker, send, refusals=True)
        if timed_out:
            dispatcher.utter_message(response="utter_request_unsure")
            return {self.confirm_slot: False, "requested_slot": None, self.sent_slot: UNSURE}
        if isinstance(answer, ApiRefusal):
            dispatcher.utter_message(response=self.refused, message=answer.message)
            again = self.ask_again.get(answer.code, self.ask_again_otherwise)
            return {self.confirm_slot: None, **dict.fromkeys(again)}
        if answer is None:
            return {self.confirm_slot: False, "requested_slot": None}
        return {self.confirm_slot: True, self.sent_slot: answer.model_dump(mode="json")}


class AskConfirmation(ApiDeps, Action, ABC):
    """The form's question for `<name>_confirmed`: the summary, with Yes and No buttons."""

    @property
    @abstractmethod
    def form(self) -> ConfirmedForm[Any]:
        """The form (a subclass sets it: `form = LEAVE`); abstract, so the action server
        registers only the subclasses."""

    def name(self) -> str:
        """The action's name in the domain: `action_ask_<name>_confirmed`."""
        return f"action_ask_{self.form.name}_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Show the summary; if the request can't be read, say so and ask again.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; the form's slots hold the request.
            domain: The bot's domain.

        Returns:
            No events; when there is no request, events that empty `lost_slots`.
        """
        request = self.form.request(tracker)
        if request is None:
            dispatcher.utter_message(response=self.form.lost)
            return [SlotSet(slot, None) for slot in self.form.lost_slots]
        summary = self.form.summary(request, tracker)
        dispatcher.utter_message(
            response=summary.response, buttons=[*summary.buttons, *CONFIRM_BUTTONS],
            **summary.values,
        )  # fmt: skip
        return []


class SubmitConfirmed(Action, ABC):
    """Ends the form: says what was sent (by the form's validation) or that nothing was."""

    @property
    @abstractmethod
    def form(self) -> ConfirmedForm[Any]:
        """The form (a subclass sets it: `form = LEAVE`); abstract, so the action server
        registers only the subclasses."""

    def name(self) -> str:
        """The action's name in the domain: `action_submit_<name>`."""
        return f"action_submit_{self.form.name}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Confirm what the API accepted, or say that nothing was sent; empty the form.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; `<name>_sent` holds the API's answer.
            domain: The bot's domain.

        Returns:
            Events that empty the form's slots.
        """
        sent = tracker.get_slot(self.form.sent_slot)
        if tracker.get_slot(self.form.confirm_slot) is True and isinstance(sent, dict):
            self.form.sent_reply(sent, tracker).say(dispatcher)
        elif sent != UNSURE:  # (UNSURE: the person was told it may have gone through)
            dispatcher.utter_message(response=self.form.not_sent)
        return self.form.reset()


class StopConfirmed(Action, ABC):
    """Stops the form when asked, and forgets what was said so far."""

    @property
    @abstractmethod
    def form(self) -> ConfirmedForm[Any]:
        """The form (a subclass sets it: `form = LEAVE`); abstract, so the action server
        registers only the subclasses."""

    def name(self) -> str:
        """The action's name in the domain: `action_stop_<name>`."""
        return f"action_stop_{self.form.name}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """End the form, empty it, and say that nothing was sent.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation.
            domain: The bot's domain.

        Returns:
            Events that end the form and empty its slots.
        """
        dispatcher.utter_message(response=self.form.stopped)
        return [ActiveLoop(None), SlotSet("requested_slot", None), *self.form.reset()]
