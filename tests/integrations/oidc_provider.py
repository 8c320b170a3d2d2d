"""A local OpenID Connect provider for tests: a test RSA key, its JSON Web Key Set and discovery
document served by a tiny ASGI app (or any HTTP server), and tokens signed with it."""

import json
from datetime import timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.types import Receive, Scope, Send

from integrations.clock import real_now

ISSUER = "https://login.intranet.test/tenant"
AUDIENCE = "ask-shared-services-widget"


class TestProvider:
    """The intranet's identity provider: keys it publishes, tokens it signs, requests it served."""

    __test__ = False

    def __init__(self, issuer: str = ISSUER, *, kid: str = "key-1") -> None:
        self.issuer = issuer
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.kid = kid
        self.rotate(kid)
        self.requests: list[str] = []
        self.status_code = 200
        self.audience = AUDIENCE

    def rotate(self, kid: str) -> None:
        """Publishes a new signing key and signs with it from now on."""
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = kid

    def jwks(self) -> dict[str, Any]:
        """The published key set."""
        keys = []
        for kid, key in self.keys.items():
            jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
        return {"keys": keys}

    def token(
        self, claims: dict[str, Any] | None = None, *, minutes: int = 10, **header: Any
    ) -> str:
        """A token as the intranet would issue it for Priya (claims override or add)."""
        now = real_now()
        body: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": "a1b2c3-priya",
            "email": "priya.shah@shared-services.example.gov.uk",
            "name": "Priya Shah",
            "iat": now,
            "nbf": now,
            "exp": now + timedelta(minutes=minutes),
        }
        body.update(claims or {})
        body = {k: v for k, v in body.items() if v is not None}
        headers = {"kid": self.kid, **header}
        return jwt.encode(body, self.keys[self.kid], algorithm="RS256", headers=headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        self.requests.append(scope["path"])
        if scope["path"].endswith("/.well-known/openid-configuration"):
            body: Any = {"issuer": self.issuer, "jwks_uri": f"{self.issuer}/keys"}
        else:
            body = self.jwks()
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": payload})
