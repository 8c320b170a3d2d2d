"""The Slack channel: a slack-bolt app that hands each message to the core.

Requests arrive at `POST /slack/events` (or over Socket Mode) and bolt checks their signature
first: missing, altered or more than 5 minutes old → 401 and nothing else happens. Every event
is acknowledged at once and its turn runs afterwards (bolt's lazy listeners), because Slack
wants an answer within 3 seconds and retries otherwise; a retried event id is recognised
(through the API) and dropped, so nothing is booked or answered twice.

- A direct message is one conversation per DM channel; replies go to the thread the person
  wrote in, if any.
- An @mention in a channel is answered in a direct message (anything personal stays private),
  and the person alone sees "I've sent you a direct message" in the channel's thread.
- Buttons become Block Kit buttons (a select menu when there are many); a click is sent to the
  assistant as the button's payload, and the message then shows what was chosen instead of the
  buttons, so a second click cannot repeat it.
- The person is the employee whose work email their Slack profile gives (linked on first sight
  through the API); someone nobody is linked to is told so, and nothing else happens.
"""

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.lazy_listener.async_internals import to_runnable_function
from slack_bolt.lazy_listener.async_runner import AsyncLazyListenerRunner
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from integrations.api_client import Claimed
from integrations.core import Core
from integrations.errors import ApiUnavailable, GatewayError, RasaUnavailable, UnknownPerson
from integrations.messages import OutgoingMessage
from integrations.proof import Channel, Proof
from integrations.slack.blocks import (
    BUTTON_ACTION,
    SELECT_ACTION,
    choice_title,
    escape,
    is_choice,
    render,
)
from integrations.wording import (
    API_DOWN,
    RASA_DOWN,
    SENT_YOU_A_DIRECT_MESSAGE,
    UNKNOWN_PERSON,
    YOU_CHOSE,
)

logger = logging.getLogger(__name__)

CHANNEL: Channel = "slack"
MAX_TEXT_CHARACTERS = 2000
PROACTIVE_EVENT = "assistant_notification"
"""The message-metadata event type of what the assistant posts by itself (a decision)."""
_BUTTON_PATTERN = BUTTON_ACTION.format(index=r"\d+")


class SlackChannel:
    """The Slack app, its turns and its deliveries of proactive messages."""

    def __init__(self, core: Core, client: AsyncWebClient, signing_secret: str) -> None:
        """Builds the bolt app and registers its listeners.

        Args:
            core: the channel-neutral core.
            client: Slack's Web API client (tests point its `base_url` at a fake).
            signing_secret: the app's signing secret (checks every request).
        """
        self.core = core
        self.client = client
        self.app = AsyncApp(
            client=client,
            signing_secret=signing_secret,
            process_before_response=False,
            request_verification_enabled=True,
            ignoring_self_events_enabled=True,
        )
        self._turns = _TrackedTurns(self.app.logger)
        self.app.listener_runner.lazy_listener_runner = self._turns
        self._register()

    @property
    def turns_in_flight(self) -> int:
        """Acknowledged events whose turn is still running."""
        return len(self._turns.tasks)

    async def settled(self) -> None:
        """Waits until every acknowledged event's turn has finished (tests, shutdown)."""
        while self._turns.tasks:
            await asyncio.gather(*self._turns.tasks, return_exceptions=True)

    async def deliver(self, note: Claimed) -> bool:
        """Posts a proactive message to the person's direct-message channel."""
        address = note.address or {}
        channel = address.get("channel") or address.get("user")
        if not channel:
            return False
        text, blocks = render(OutgoingMessage(text=note.text))
        try:
            await self.client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                # Slack's message metadata: says it came by itself, not as a reply to a turn.
                metadata={"event_type": PROACTIVE_EVENT, "event_payload": {"kind": note.kind}},
            )
        except SlackApiError as error:
            logger.warning("Slack refused a proactive message: %s", error.response.get("error"))
            return False
        return True

    # --- listeners ------------------------------------------------------------------

    def _register(self) -> None:
        self.app.event("message")(ack=self._ack, lazy=[self._lazy(self._on_message)])
        self.app.event("app_mention")(ack=self._ack, lazy=[self._lazy(self._on_mention)])
        for action in (re.compile(_BUTTON_PATTERN), SELECT_ACTION):
            self.app.action(action)(ack=self._ack, lazy=[self._lazy(self._on_choice)])

    async def _ack(self, ack: Callable[[], Awaitable[None]]) -> None:
        await ack()

    def _lazy(
        self, handler: Callable[[dict[str, Any]], Awaitable[None]]
    ) -> Callable[..., Awaitable[None]]:
        async def run(body: dict[str, Any]) -> None:
            try:
                if await self._first_time(body):
                    await handler(body)
            except Exception:
                logger.exception("A Slack turn failed")

        run.__name__ = handler.__name__  # bolt names lazy functions in its logs
        return run

    async def _first_time(self, body: dict[str, Any]) -> bool:
        event_id = body.get("event_id")
        if body.get("type") == "block_actions":
            actions = body.get("actions") or [{}]
            event_id = f"action:{actions[0].get('action_ts', '')}:{body.get('trigger_id', '')}"
        if not event_id:
            return True
        try:
            return await self.core.api.first_sight_of_event(CHANNEL, str(event_id))
        except ApiUnavailable:
            logger.warning("Could not check Slack event %s for a retry; handling it", event_id)
            return True

    async def _on_message(self, body: dict[str, Any]) -> None:
        event = body.get("event") or {}
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return  # only people's own new direct messages
        team = body.get("team_id") or event.get("team") or ""
        user, channel = event.get("user"), event.get("channel")
        if not user or not channel:
            return
        thread = event.get("thread_ts")
        await self._turn(team, user, channel, event.get("text") or "", thread_ts=thread)

    async def _on_mention(self, body: dict[str, Any]) -> None:
        event = body.get("event") or {}
        team = body.get("team_id") or event.get("team") or ""
        user, channel = event.get("user"), event.get("channel")
        if not user or not channel or event.get("bot_id"):
            return
        text = _without_mentions(event.get("text") or "")
        thread = event.get("thread_ts") or event.get("ts")
        opened = await self.client.conversations_open(users=user)
        dm = opened["channel"]["id"]
        if await self._turn(team, user, dm, text, thread_ts=None):
            await self.client.chat_postEphemeral(
                channel=channel, user=user, thread_ts=thread, text=SENT_YOU_A_DIRECT_MESSAGE
            )

    async def _on_choice(self, body: dict[str, Any]) -> None:
        team = (body.get("team") or {}).get("id", "")
        user = (body.get("user") or {}).get("id")
        channel = (body.get("channel") or {}).get("id")
        message = body.get("message") or {}
        [action] = (body.get("actions") or [{}])[:1]
        if action.get("type") == "static_select":
            chosen = action.get("selected_option") or {}
            title, payload = chosen.get("text", {}).get("text", ""), chosen.get("value")
        else:
            title, payload = action.get("text", {}).get("text", ""), action.get("value")
            title = choice_title(message.get("blocks") or [], action.get("block_id")) or title
        if not user or not channel or not payload:
            return
        if message.get("ts"):
            await self._show_choice(channel, message, title)
        await self._turn(team, user, channel, payload, thread_ts=message.get("thread_ts"))

    # --- a turn -----------------------------------------------------------------------

    async def _turn(
        self, team: str, user: str, channel: str, text: str, *, thread_ts: str | None
    ) -> bool:
        """Runs one turn and posts the replies; False when nothing reached the assistant."""
        text = text.strip()[:MAX_TEXT_CHARACTERS]
        if not text:
            return False
        proof = Proof(CHANNEL, f"{team}:{user}", {"team": team, "user": user, "channel": channel})
        try:
            caller = await self.core.who(proof, lambda: self._email_of(user))
            replies = await self.core.turn(caller, CHANNEL, f"{team}:{channel}", text)
        except UnknownPerson:
            await self._post(channel, thread_ts, OutgoingMessage(text=UNKNOWN_PERSON))
            return False
        except RasaUnavailable:
            await self._post(channel, thread_ts, OutgoingMessage(text=RASA_DOWN))
            return False
        except GatewayError:
            await self._post(channel, thread_ts, OutgoingMessage(text=API_DOWN))
            return False
        for reply in replies:
            await self._post(channel, thread_ts, reply)
        return True

    async def _post(self, channel: str, thread_ts: str | None, message: OutgoingMessage) -> None:
        text, blocks = render(message)
        await self.client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=text, blocks=blocks
        )

    async def _show_choice(self, channel: str, message: dict[str, Any], title: str) -> None:
        kept = [block for block in message.get("blocks") or [] if not is_choice(block)]
        chosen = {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": escape(YOU_CHOSE.format(title=title))}],
        }
        try:
            await self.client.chat_update(
                channel=channel,
                ts=message["ts"],
                text=message.get("text", ""),
                blocks=[*kept, chosen],
            )
        except SlackApiError as error:
            logger.warning("Slack refused to update a message: %s", error.response.get("error"))

    async def _email_of(self, user: str) -> str | None:
        try:
            answer = await self.client.users_info(user=user)
        except SlackApiError as error:
            logger.warning("Slack did not give a profile: %s", error.response.get("error"))
            return None
        profile = (answer.get("user") or {}).get("profile") or {}
        email = profile.get("email")
        return email if isinstance(email, str) else None


def _without_mentions(text: str) -> str:
    return re.sub(r"<@[A-Z0-9]+(?:\|[^>]*)?>", "", text).strip()


class _TrackedTurns(AsyncLazyListenerRunner):
    """Runs bolt's lazy listeners (the turns) as tasks it keeps until they end, so the gateway
    can wait for them (shutdown, tests) and count them (`/health`)."""

    def __init__(self, bolt_logger: logging.Logger) -> None:
        self.logger = bolt_logger
        self.tasks: set[asyncio.Task[None]] = set()

    def start(self, function: Callable[..., Awaitable[None]], request: AsyncBoltRequest) -> None:
        """Starts a turn after the acknowledgement."""
        task = asyncio.ensure_future(
            to_runnable_function(internal_func=function, logger=self.logger, request=request)
        )
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
