"""Who is talking: the caller's access token exchanged for a cached on-behalf-of token."""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt

from integrations.api_client import ApiClient

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
    """Exchanges access tokens for on-behalf-of tokens and caches them.

    The cache key is a hash of the access token itself, never a claim read from it: the gateway
    does not hold the signing key, so only the API's answer says whose token it is. An entry is
    used until a minute before the OBO token expires, and never past the access token's own
    `exp` (read without verification, only ever to shorten the cache).
    """

    def __init__(
        self,
        api: ApiClient,
        *,
        channel: str = "web",
        clock: Callable[[], float] = time.time,
        max_entries: int = MAX_CACHED_CALLERS,
    ) -> None:
        """Builds the broker.

        Args:
            api: the API client used for `POST /auth/obo`.
            channel: the channel named in the exchange.
            clock: seconds since the epoch (tests pass their own).
            max_entries: how many callers to remember at most.
        """
        self._api = api
        self._channel = channel
        self._clock = clock
        self._max_entries = max_entries
        self._entries: dict[str, _Entry] = {}

    async def caller_for(self, access_token: str) -> Caller:
        """Returns the caller behind an access token, exchanging it only when needed.

        Raises:
            SignInRejected: the API did not accept the access token.
            ApiUnavailable: the API could not be reached.
        """
        key = hashlib.sha256(access_token.encode()).hexdigest()
        now = self._clock()
        entry = self._entries.get(key)
        if entry is not None and entry.fresh_until > now:
            return entry.caller
        self._entries.pop(key, None)
        grant = await self._api.obo(access_token, channel=self._channel)
        caller = Caller(grant.staff_number, grant.name, grant.access_token)
        fresh_until = min(now + grant.expires_in - REFRESH_MARGIN_SECONDS, _expiry(access_token))
        if fresh_until > now:
            self._remember(key, _Entry(caller, fresh_until), now)
        return caller

    def forget(self, access_token: str) -> None:
        """Drops a cached exchange, e.g. after the API refused its OBO token."""
        self._entries.pop(hashlib.sha256(access_token.encode()).hexdigest(), None)

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
