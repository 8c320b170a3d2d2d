"""Signing in with the intranet's OpenID Connect token, for the web widget in production.

The intranet page hands the widget the person's token (an ID token or a JWT access token from
the department's identity provider); the gateway checks it before anything else sees it:

- the signature, with a key from the provider's JSON Web Key Set (`OIDC_JWKS_URL`, or the
  `jwks_uri` of `OIDC_ISSUER`'s discovery document), asymmetric algorithms only;
- `iss` equal to `OIDC_ISSUER`, `aud` containing `OIDC_AUDIENCE`, `exp` in the future and
  `nbf`/`iat` not in it (a minute's leeway for clock skew), all of them required;
- the claim named by `OIDC_IDENTITY_CLAIM` (default `email`): the person's work email, by which
  the API finds the employee.

Keys are cached for `JWKS_CACHE_SECONDS`; a token signed with a key not yet seen fetches the set
again (at most once every `JWKS_REFETCH_SECONDS`), so the provider can rotate keys. Token
lifetimes are real time, never the pinnable business clock.
"""

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from integrations.errors import IdentityProviderUnavailable, SignInRejected

logger = logging.getLogger(__name__)

ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
JWKS_CACHE_SECONDS = 600.0
JWKS_REFETCH_SECONDS = 30.0
LEEWAY_SECONDS = 60
DISCOVERY_PATH = "/.well-known/openid-configuration"


@dataclass(frozen=True)
class IntranetIdentity:
    """Who the intranet's token says is talking."""

    subject: str
    """The identity claim's value (the work email by default)."""
    issuer: str
    name: str | None = None


def unverified_issuer(token: str) -> str | None:
    """The `iss` a token claims, unverified: only to choose which verifier to ask."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    issuer = claims.get("iss")
    return issuer if isinstance(issuer, str) else None


class OidcVerifier:
    """Verifies the intranet's tokens against its provider's published keys."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None = None,
        identity_claim: str = "email",
        algorithms: frozenset[str] = frozenset({"RS256"}),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Builds the verifier; nothing is fetched until the first token arrives.

        Args:
            http: a shared HTTP client (tests pass one with a local provider's transport).
            issuer: the provider's issuer identifier, exactly as in its tokens.
            audience: this service's client id at the provider.
            jwks_url: the key set's address; None: discovered from the issuer.
            identity_claim: the claim holding the person's work email.
            algorithms: the signing algorithms accepted; only asymmetric ones are allowed.
            clock: seconds, for the key cache (tests pass their own).

        Raises:
            ValueError: an algorithm that is not asymmetric (`none`, HS256 and so on).
        """
        refused = set(algorithms) - ASYMMETRIC_ALGORITHMS
        if refused or not algorithms:
            raise ValueError(f"OIDC algorithms must be asymmetric, not {sorted(refused)}")
        self.issuer = issuer
        self._http = http
        self._audience = audience
        self._jwks_url = jwks_url
        self._identity_claim = identity_claim
        self._algorithms = sorted(algorithms)
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    def issued(self, token: str) -> bool:
        """Whether the token says this verifier's provider issued it (not yet verified)."""
        return unverified_issuer(token) == self.issuer

    async def verify(self, token: str) -> IntranetIdentity:
        """Checks the token and says who it names.

        Raises:
            SignInRejected: a bad signature, algorithm, issuer, audience or lifetime, or no
                identity claim.
            IdentityProviderUnavailable: the provider's keys could not be fetched.
        """
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise SignInRejected("the intranet token is not a JWT") from error
        algorithm = header.get("alg")
        if algorithm not in self._algorithms:
            raise SignInRejected(f"the intranet token is signed with {algorithm!r}")
        key = await self._key(header.get("kid"))
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=[algorithm],
                audience=self._audience,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise SignInRejected(f"the intranet token was refused: {error}") from error
        subject = claims.get(self._identity_claim)
        if not isinstance(subject, str) or not subject.strip():
            raise SignInRejected(f"the intranet token has no {self._identity_claim!r} claim")
        name = claims.get("name")
        return IntranetIdentity(
            subject=subject.strip(),
            issuer=self.issuer,
            name=name if isinstance(name, str) else None,
        )

    async def _key(self, kid: Any) -> jwt.PyJWK:
        async with self._lock:
            now = self._clock()
            stale = self._fetched_at is None or now - self._fetched_at > JWKS_CACHE_SECONDS
            unknown = kid not in self._keys if kid is not None else not self._keys
            may_refetch = self._fetched_at is None or now - self._fetched_at > JWKS_REFETCH_SECONDS
            if stale or (unknown and may_refetch):
                await self._fetch_keys()
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))
        key = self._keys.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise SignInRejected("the intranet token's key is not among the provider's keys")
        return key

    async def _fetch_keys(self) -> None:
        url = self._jwks_url or await self._discover()
        document = await self._get_json(url)
        keys: dict[str, jwt.PyJWK] = {}
        for item in document.get("keys", []) if isinstance(document, dict) else []:
            if not isinstance(item, dict) or item.get("use", "sig") != "sig":
                continue
            try:
                key = jwt.PyJWK(item)
            except jwt.PyJWTError:
                logger.warning("Skipped a key the provider published that PyJWT cannot use")
                continue
            keys[str(item.get("kid", ""))] = key
        if not keys:
            raise IdentityProviderUnavailable("the provider's key set has no signing keys")
        self._keys = keys
        self._fetched_at = self._clock()

    async def _discover(self) -> str:
        document = await self._get_json(self.issuer.rstrip("/") + DISCOVERY_PATH)
        jwks_uri = document.get("jwks_uri") if isinstance(document, dict) else None
        if not isinstance(jwks_uri, str) or not jwks_uri.startswith(("https://", "http://")):
            raise IdentityProviderUnavailable("the provider's discovery document has no jwks_uri")
        self._jwks_url = jwks_uri
        return jwks_uri

    async def _get_json(self, url: str) -> Any:
        try:
            response = await self._http.get(url)
        except httpx.HTTPError as error:
            logger.warning("The identity provider could not be reached: %s", type(error).__name__)
            raise IdentityProviderUnavailable(f"GET {url} failed") from error
        if response.status_code != httpx.codes.OK:
            logger.error("The identity provider answered HTTP %s", response.status_code)
            raise IdentityProviderUnavailable(f"GET {url} answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise IdentityProviderUnavailable(f"GET {url} answered something not JSON") from error
