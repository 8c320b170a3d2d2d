"""Who is talking: a channel's proof exchanged for a cached on-behalf-of token."""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt

from integrations.api_client import ApiClient
from integrations.proof import Proof

REFRESH_MARGIN_SECONDS = 60.0
MAX_CACHED_CALLERS = 10_000


@dataclass(frozen=True)
class Caller:
    """One employee talking through a channel, with a token to act as them for this turn."""

    staff_number: str
    name: str
    obo_token: str


@dataclass(frozen=True)
class _Entry:
    caller: Caller
    fresh_until: float


class OboBroker:
    """Exchanges channels' proofs for on-behalf-of tokens and caches them.

    The cache key is a hash of the proof itself (the web access token, or the channel and its
    user id), never a claim read from a token: the gateway does not hold the signing key, so
    only the API's answer says whose token it is. An entry is used until a minute before the
    OBO token expires, and never past a web access token's own `exp` (read without
    verification, only ever to shorten the cache).

    Exchanges are single-flighted per proof: when many turns of one person arrive together
    with nothing cached (50 conversations opening at once), one `POST /auth/obo` is made and
    the others wait for its answer (or its error) instead of each making their own.
    """

    def __init__(
        self,
        api: ApiClient,
        *,
        clock: Callable[[], float] = time.time,
        max_entries: int = MAX_CACHED_CALLERS,
    ) -> None:
        """Builds the broker.

        Args:
            api: the API client used for `POST /auth/obo`.
            clock: seconds since the epoch (tests pass their own).
            max_entries: how many callers to remember at most.
        """
        self._api = api
        self._clock = clock
        self._max_entries = max_entries
        self._entries: dict[str, _Entry] = {}
        self._in_flight: dict[str, asyncio.Task[Caller]] = {}

    async def caller_for(self, proof: Proof) -> Caller:
        """Returns the caller behind a proof, exchanging it only when needed.

        Raises:
            SignInRejected: the API did not accept the web access token.
            UnknownPerson: the Slack or Teams user is linked to nobody.
            ApiUnavailable: the API could not be reached.
        """
        key = proof.key
        now = self._clock()
        entry = self._entries.get(key)
        if entry is not None and entry.fresh_until > now:
            return entry.caller
        self._entries.pop(key, None)
        exchange = self._in_flight.get(key)
        if exchange is None:
            exchange = asyncio.create_task(self._exchange(proof, now))
            self._in_flight[key] = exchange
            exchange.add_done_callback(lambda done: self._landed(key, done))
        # shielded: a turn given up on (its client gone) does not cancel the others' exchange
        return await asyncio.shield(exchange)

    def _landed(self, key: str, exchange: asyncio.Task[Caller]) -> None:
        if self._in_flight.get(key) is exchange:
            del self._in_flight[key]
        if not exchange.cancelled():
            exchange.exception()  # read, so an error nobody waited for is not logged as lost

    async def _exchange(self, proof: Proof, now: float) -> Caller:
        grant = await self._api.obo(proof)
        caller = Caller(grant.staff_number, grant.name, grant.access_token)
        fresh_until = now + grant.expires_in - REFRESH_MARGIN_SECONDS
        if proof.is_token:
            fresh_until = min(fresh_until, _expiry(proof.subject))
        if fresh_until > now:
            self._remember(proof.key, _Entry(caller, fresh_until), now)
        return caller

    def forget(self, proof: Proof) -> None:
        """Drops a cached exchange, e.g. after the API refused its OBO token."""
        self._entries.pop(proof.key, None)

    def _remember(self, key: str, entry: _Entry, now: float) -> None:
        if len(self._entries) >= self._max_entries:
            self._entries = {k: e for k, e in self._entries.items() if e.fresh_until > now}
        while len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]
        self._entries[key] = entry


def _expiry(access_token: str) -> float:
    try:
        claims = jwt.decode(access_token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return float("inf")
    exp = claims.get("exp")
    return float(exp) if isinstance(exp, int | float) else float("inf")
