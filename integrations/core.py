"""The channel-neutral turn path that every channel adapter goes through.

```
channel adapter ──Proof──▶ core.who ──Caller──▶ core.turn ──▶ Rasa ──▶ [OutgoingMessage]
                              │                                          │
       (first sight: link by the platform's email)        the adapter renders them
```

A channel verifies its platform's request and says who is talking (a `Proof`); the core finds
the employee behind it through the API, gets a per-turn on-behalf-of token, sends the turn to
Rasa and hands back neutral messages for the channel to render. It also tells the API which
channel the person used, so proactive messages follow them (`courier.py`).
"""

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from integrations.api_client import ApiClient
from integrations.errors import ApiUnavailable, UnknownPerson
from integrations.identity import Caller, OboBroker
from integrations.messages import OutgoingMessage
from integrations.proof import Proof
from integrations.rasa_gateway import RasaGateway

logger = logging.getLogger(__name__)

EmailLookup = Callable[[], Awaitable[str | None]]
"""Asks the platform for the person's work email (only on first sight)."""

USE_REPORTED_FOR_SECONDS = 60.0
"""How long a report of "this person uses this channel" stands before it is sent again. Reports
are sent at once whenever the person changes channel (as this process saw it)."""


@dataclass(frozen=True)
class _Report:
    channel: str
    user_id: str
    address: Any
    at: float


class Core:
    """Who is talking, and one turn of the conversation, for any channel."""

    def __init__(
        self,
        api: ApiClient,
        identity: OboBroker,
        rasa: RasaGateway,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Builds the core.

        Args:
            api: the API client (channel accounts).
            identity: exchanges proofs for on-behalf-of tokens.
            rasa: sends turns to Rasa.
            clock: seconds, for how long a channel-use report stands (tests pass their own).
        """
        self.api = api
        self.identity = identity
        self.rasa = rasa
        self._clock = clock
        self._reported: dict[str, _Report] = {}

    async def who(self, proof: Proof, email: EmailLookup | None = None) -> Caller:
        """The employee behind a channel's proof, with a fresh on-behalf-of token.

        A Slack or Teams user seen for the first time is linked by the work email their
        platform states (`email`); the link is kept, so this happens once per account.

        Raises:
            SignInRejected: the API refused the web access token.
            UnknownPerson: a channel user nobody in the department is, or could be linked to.
            ApiUnavailable: the API could not be reached.
        """
        try:
            caller = await self.identity.caller_for(proof)
        except UnknownPerson:
            caller = await self.first_sight(proof, email)
        await self._report_use(caller, proof)
        return caller

    async def first_sight(self, proof: Proof, email: EmailLookup | None) -> Caller:
        """Links a channel user to the employee with the email their platform gives, then
        exchanges the proof.

        Raises:
            UnknownPerson: no email, or nobody in the department has it.
        """
        address = await email() if email is not None else None
        if not address:
            raise UnknownPerson(f"this {proof.channel} user has no email we can match")
        await self.api.link(proof, address)
        logger.info("Linked a %s account on first sight", proof.channel)
        return await self.identity.caller_for(proof)

    async def turn(
        self,
        caller: Caller,
        channel: str,
        conversation: str,
        text: str,
        extra: dict[str, Any] | None = None,
    ) -> list[OutgoingMessage]:
        """Sends one message to Rasa as this caller and returns the replies to render.

        Args:
            caller: who is talking (from `who`).
            channel: `web`, `slack` or `teams`: named in the sender id and the metadata.
            conversation: the channel's own conversation id (web session, Slack thread, Teams
                conversation); the sender id is `<channel>:<staff_number>:<conversation>`, so
                one person can never continue another's conversation.
            text: what the person typed, or a button's payload.
            extra: more metadata for the actions (never overrides the token or staff number).

        Raises:
            RasaUnavailable: Rasa did not answer.
        """
        metadata = dict(extra or {})
        metadata.update(
            {"token": caller.obo_token, "channel": channel, "staff_number": caller.staff_number}
        )
        return await self.rasa.send(
            sender=f"{channel}:{caller.staff_number}:{conversation}", text=text, metadata=metadata
        )

    async def _report_use(self, caller: Caller, proof: Proof) -> None:
        user_id = caller.staff_number if proof.is_token else proof.subject
        now = self._clock()
        last = self._reported.get(caller.staff_number)
        if (
            last is not None
            and (last.channel, last.user_id, last.address)
            == (proof.channel, user_id, proof.address)
            and now - last.at < USE_REPORTED_FOR_SECONDS
        ):
            return
        try:
            await self.api.used(caller.staff_number, proof.channel, user_id, proof.address)
        except ApiUnavailable as error:
            logger.warning("Could not record which channel %s used: %s", "a person", error)
            return
        self._reported[caller.staff_number] = _Report(proof.channel, user_id, proof.address, now)
