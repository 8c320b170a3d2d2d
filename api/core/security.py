"""Minting and verifying the API's HS256 JSON Web Tokens."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import jwt

from api.core.clock import real_now
from api.core.config import ApiSettings

TokenType = Literal["access", "obo"]


class InvalidTokenError(Exception):
    """The token is missing, expired, badly signed or malformed."""


@dataclass(frozen=True)
class TokenClaims:
    """The claims the API relies on."""

    sub: str
    name: str
    roles: list[str]
    typ: TokenType
    channel: str | None = None


def mint_token(
    settings: ApiSettings,
    *,
    sub: str,
    name: str,
    roles: list[str],
    typ: TokenType,
    channel: str | None = None,
    now: datetime | None = None,
) -> tuple[str, int]:
    """Sign a token for one employee.

    Args:
        settings: Gives the secret and the lifetimes.
        sub: The staff number.
        name: The employee's name.
        roles: Their roles.
        typ: `access` (sign-in) or `obo` (per-turn, on behalf of).
        channel: For OBO tokens, `web`, `slack` or `teams`.
        now: The issue time (defaults to the real instant: token lifetimes never follow a
            pinned clock, see `api.core.clock`).

    Returns:
        The encoded token and its lifetime in seconds.
    """
    issued = now or real_now()
    minutes = settings.access_token_minutes if typ == "access" else settings.obo_token_minutes
    lifetime = int(timedelta(minutes=minutes).total_seconds())
    claims: dict[str, object] = {
        "sub": sub,
        "name": name,
        "roles": roles,
        "typ": typ,
        "iat": issued,
        "exp": issued + timedelta(seconds=lifetime),
        "jti": uuid.uuid4().hex,
    }
    if channel is not None:
        claims["channel"] = channel
    token = jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")
    return token, lifetime


def verify_token(settings: ApiSettings, token: str) -> TokenClaims:
    """Check the signature and expiry of `token` and return its claims.

    Raises:
        InvalidTokenError: The token cannot be trusted.
    """
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=["HS256"],
            options={"require": ["sub", "typ", "exp", "iat"]},
        )
    except jwt.PyJWTError as error:
        raise InvalidTokenError(str(error)) from error
    if claims["typ"] not in ("access", "obo") or not isinstance(claims["sub"], str):
        raise InvalidTokenError("unknown token type")
    return TokenClaims(
        sub=claims["sub"],
        name=str(claims.get("name", "")),
        roles=list(claims.get("roles", [])),
        typ=claims["typ"],
        channel=claims.get("channel"),
    )
