"""The Microsoft Teams channel, on the Microsoft 365 Agents SDK.

Every request's bearer token is checked before anything else (by the SDK's validator, with the
signing keys of `TEAMS_OPENID_METADATA_URL`): RS256 signature, issuer (the Bot Framework),
audience (our app id), expiry, the key's endorsement of the channel, and that the token's
`serviceurl` is the activity's `serviceUrl`. Anything else is 401 and reaches nothing.

- Personal chat: a message is one turn, as the employee whose Entra object id it comes from
  (linked on first sight by the email Teams gives for the member).
- Buttons become an Adaptive Card; pressing one submits its payload, which is answered like a
  typed message, and the card is redrawn with the choice and no buttons.
- Proactive messages go to the stored conversation reference (`continue_conversation`).
"""

import logging
from typing import Any

import httpx
import jwt
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from microsoft_agents.activity import (
    Activity,
    Attachment,
    ConversationReference,
)
from microsoft_agents.hosting.core import (
    ActivityHandler,
    AgentAuthConfiguration,
    TurnContext,
)
from microsoft_agents.hosting.core.authorization import (
    AccessTokenProviderBase,
    AnonymousTokenProvider,
    ClaimsIdentity,
    Connections,
)
from microsoft_agents.hosting.core.authorization.jwt import JwtTokenValidator
from microsoft_agents.hosting.fastapi import CloudAdapter

from integrations.api_client import Claimed
from integrations.core import Core
from integrations.errors import ApiUnavailable, GatewayError, RasaUnavailable, UnknownPerson
from integrations.messages import OutgoingMessage
from integrations.proof import Channel, Proof
from integrations.teams.cards import CARD_TYPE, answered, render
from integrations.teams.keys import OpenIdKeys
from integrations.wording import API_DOWN, NOT_UNDERSTOOD_ATTACHMENT, RASA_DOWN, UNKNOWN_PERSON

logger = logging.getLogger(__name__)

CHANNEL: Channel = "teams"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
MAX_TEXT_CHARACTERS = 2000
PERSONAL_ONLY = (
    "I only help in a personal chat, so that what you ask about stays private. "
    "Please message me directly."
)
UNAUTHORISED = {"error": "The request's token is missing or isn't valid."}


class TeamsChannel:
    """The Teams bot: request checks, turns and proactive messages."""

    def __init__(
        self,
        core: Core,
        *,
        app_id: str,
        app_password: str | None,
        tenant_id: str | None,
        keys: OpenIdKeys,
    ) -> None:
        """Builds the adapter and the bot.

        Args:
            core: the channel-neutral core.
            app_id: the bot's Microsoft app id (the tokens' audience).
            app_password: its client secret, for the tokens our replies carry; None sends
                replies without one (the embedded profile, against the local fake).
            tenant_id: the Entra tenant of a single-tenant app.
            keys: the Bot Framework's signing keys.
        """
        self.core = core
        self.app_id = app_id
        self.keys = keys
        self.auth = AgentAuthConfiguration(
            client_id=app_id,
            tenant_id=tenant_id,
            client_secret=app_password,
            connection_name="SERVICE_CONNECTION",
            issuers=[BOT_FRAMEWORK_ISSUER],
            validate_issuer=True,
        )
        self.adapter = CloudAdapter(connection_manager=_connections(self.auth, app_password))
        self.adapter.on_turn_error = self._on_turn_error
        self.bot = _Bot(self)

    async def handle(self, request: Request) -> Response:
        """Checks the request's token, then lets the SDK run the turn."""
        claims = await self._verified(request)
        if claims is None:
            return JSONResponse(UNAUTHORISED, status_code=401)
        request.state.claims_identity = claims
        response = await self.adapter.process(request, self.bot)
        return response or Response(status_code=202)

    async def deliver(self, note: Claimed) -> bool:
        """Posts a proactive message into the person's stored personal conversation."""
        if not note.address:
            return False
        reference = ConversationReference.model_validate(note.address)

        async def send(context: TurnContext) -> None:
            await context.send_activity(render(OutgoingMessage(text=note.text)))

        await self.adapter.continue_conversation(
            self.app_id, reference.get_continuation_activity(), send
        )
        return True

    # --- checks -----------------------------------------------------------------------

    async def _verified(self, request: Request) -> ClaimsIdentity | None:
        scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        validator = JwtTokenValidator(self.auth)
        validator._jwk_client_manager = self.keys  # type: ignore[assignment]  # keys from our metadata URL
        try:
            claims = await validator.validate_token(token)
            kid = jwt.get_unverified_header(token).get("kid")
            body = await request.json()
        except (jwt.PyJWTError, ValueError) as error:
            logger.warning("Refused a Teams request: %s", type(error).__name__)
            return None
        if not isinstance(body, dict):
            return None
        if claims.get_claim_value("serviceurl") != body.get("serviceUrl"):
            logger.warning("Refused a Teams request: its serviceUrl is not the token's")
            return None
        if not self.keys.endorses(kid, body.get("channelId")):
            logger.warning("Refused a Teams request: the key is not endorsed for its channel")
            return None
        return claims

    # --- a turn -----------------------------------------------------------------------

    async def on_message(self, context: TurnContext) -> None:
        """Answers one message (typed, or a card's submitted choice)."""
        activity = context.activity
        if activity.id and not await self._first_time(activity.id):
            return
        text = (activity.text or "").strip()
        value = activity.value if isinstance(activity.value, dict) else None
        if value is not None:
            choice = answered(value)
            if choice is None:
                return
            text, redrawn = choice
            await self._redraw(context, redrawn)
        elif activity.recipient and activity.recipient.id:
            text = _without_mention(activity)
        if not text:
            await context.send_activity(render(OutgoingMessage(text=NOT_UNDERSTOOD_ATTACHMENT)))
            return
        if (activity.conversation.conversation_type or "personal") != "personal":
            await context.send_activity(render(OutgoingMessage(text=PERSONAL_ONLY)))
            return
        for reply in await self._turn(context, text[:MAX_TEXT_CHARACTERS]):
            await context.send_activity(render(reply))

    async def _turn(self, context: TurnContext, text: str) -> list[OutgoingMessage]:
        activity = context.activity
        person = activity.from_property
        if person is None or not person.aad_object_id:
            return [OutgoingMessage(text=UNKNOWN_PERSON)]
        reference = activity.get_conversation_reference().model_dump(
            mode="json", by_alias=True, exclude_none=True
        )
        proof = Proof(CHANNEL, person.aad_object_id, reference)
        try:
            caller = await self.core.who(proof, lambda: self._email_of(context))
            return await self.core.turn(caller, CHANNEL, activity.conversation.id, text)
        except UnknownPerson:
            return [OutgoingMessage(text=UNKNOWN_PERSON)]
        except RasaUnavailable:
            return [OutgoingMessage(text=RASA_DOWN)]
        except GatewayError:
            return [OutgoingMessage(text=API_DOWN)]

    async def _first_time(self, activity_id: str) -> bool:
        try:
            return await self.core.api.first_sight_of_event(CHANNEL, activity_id)
        except ApiUnavailable:
            logger.warning("Could not check Teams activity %s for a redelivery", activity_id)
            return True

    async def _redraw(self, context: TurnContext, content: dict[str, Any]) -> None:
        activity = context.activity
        if not activity.reply_to_id:
            return
        update = Activity(
            type="message",
            id=activity.reply_to_id,
            attachments=[Attachment(content_type=CARD_TYPE, content=content)],
        )
        try:
            await context.update_activity(update)
        except Exception as error:  # an old card that cannot be redrawn is no reason to stop
            logger.warning("Teams refused to update a card: %s", error)

    async def _email_of(self, context: TurnContext) -> str | None:
        activity = context.activity
        client = context.turn_state.get("ConnectorClient")
        getter = getattr(client, "get_conversation_member", None)
        if getter is None or activity.from_property is None:
            return None
        try:
            member = await getter(activity.conversation.id, activity.from_property.id)
        except Exception as error:  # the connector's errors are aiohttp's and the SDK's
            logger.warning("Teams did not give the member's details: %s", error)
            return None
        email = getattr(member, "email", None) or getattr(member, "user_principal_name", None)
        return email if isinstance(email, str) else None

    async def _on_turn_error(self, context: TurnContext, error: Exception) -> None:
        logger.error("A Teams turn failed", exc_info=error)
        await context.send_activity(render(OutgoingMessage(text=API_DOWN)))


class _Bot(ActivityHandler):
    def __init__(self, channel: TeamsChannel) -> None:
        self._channel = channel

    async def on_message_activity(  # type: ignore[override]  # the adapter's TurnContext
        self, turn_context: TurnContext
    ) -> None:
        await self._channel.on_message(turn_context)


class _PlaceholderToken(AnonymousTokenProvider):
    """A token no real service accepts: the SDK insists on a non-empty one."""

    async def get_access_token(
        self, resource_url: str, scopes: list[str], force_refresh: bool = False
    ) -> str:
        return "embedded-profile-no-secret"


class _WithoutSecret(Connections):
    """Replies carry a placeholder token: the embedded profile only, against the local fake
    connector (a real connector refuses them; set TEAMS_APP_PASSWORD)."""

    def __init__(self, auth: AgentAuthConfiguration) -> None:
        self._auth = auth
        self._provider = _PlaceholderToken()

    def get_connection(self, connection_name: str) -> AccessTokenProviderBase:
        return self._provider

    def get_default_connection(self) -> AccessTokenProviderBase:
        return self._provider

    def get_token_provider(
        self, claims_identity: ClaimsIdentity, service_url: str
    ) -> AccessTokenProviderBase:
        return self._provider

    def get_token_provider_from_activity(
        self, claims_identity: ClaimsIdentity, activity: Activity
    ) -> AccessTokenProviderBase:
        return self._provider

    def get_default_connection_configuration(self) -> AgentAuthConfiguration:
        return self._auth


def _connections(auth: AgentAuthConfiguration, app_password: str | None) -> Connections:
    if not app_password:
        return _WithoutSecret(auth)
    from microsoft_agents.authentication.msal import MsalConnectionManager

    return MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": auth})


def _without_mention(activity: Activity) -> str:
    """The message's text without the @mention of the bot (Teams includes it in channels)."""
    return (activity.remove_recipient_mention() or activity.text or "").strip()


def build_keys(http: httpx.AsyncClient, metadata_url: str) -> OpenIdKeys:
    """The signing-key cache for `TEAMS_OPENID_METADATA_URL`."""
    return OpenIdKeys(http, metadata_url)
