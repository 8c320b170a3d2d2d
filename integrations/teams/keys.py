"""The Bot Framework's signing keys, found through its OpenID metadata document.

The SDK's token validator checks signature, issuer, audience and expiry; this supplies the key
it checks the signature with, from `TEAMS_OPENID_METADATA_URL` (Microsoft's by default, a fake
in tests), and remembers which channels each key is endorsed for.
"""

import logging
import time
from typing import Any

import httpx
import jwt
from jwt import PyJWK

logger = logging.getLogger(__name__)

REFRESH_SECONDS = 24 * 3600.0
"""Keys are read again after a day, or at once (at most every minute) for an unknown key id."""
UNKNOWN_KEY_RETRY_SECONDS = 60.0


class OpenIdKeys:
    """Signing keys from an OpenID metadata document's `jwks_uri`, cached."""

    def __init__(self, http: httpx.AsyncClient, metadata_url: str) -> None:
        """Builds the cache (nothing is fetched until a token arrives)."""
        self._http = http
        self._metadata_url = metadata_url
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at = float("-inf")

    async def get_signing_key(self, jwks_uri: str, header: dict[str, Any]) -> PyJWK:
        """The key a token's header names (the SDK's own `jwks_uri` guess is ignored).

        Raises:
            jwt.InvalidTokenError: no such key, or the keys could not be read.
        """
        kid = header.get("kid")
        now = time.monotonic()
        if now - self._fetched_at > REFRESH_SECONDS or (
            kid not in self._keys and now - self._fetched_at > UNKNOWN_KEY_RETRY_SECONDS
        ):
            await self._refresh(now)
        key = self._keys.get(str(kid))
        if key is None:
            raise jwt.InvalidTokenError("the token is signed with an unknown key")
        return PyJWK(key)

    def endorses(self, kid: str | None, channel_id: str | None) -> bool:
        """Whether the key is endorsed for the activity's channel (keys without endorsements
        are not restricted)."""
        key = self._keys.get(str(kid))
        if key is None:
            return False
        endorsements = key.get("endorsements")
        return not endorsements or channel_id in endorsements

    async def _refresh(self, now: float) -> None:
        try:
            metadata = (await self._http.get(self._metadata_url)).raise_for_status().json()
            jwks = (await self._http.get(metadata["jwks_uri"])).raise_for_status().json()
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
            logger.warning("The Bot Framework's signing keys could not be read: %s", error)
            raise jwt.InvalidTokenError("the signing keys could not be read") from error
        self._keys = {str(k["kid"]): k for k in jwks.get("keys", []) if "kid" in k}
        self._fetched_at = now
