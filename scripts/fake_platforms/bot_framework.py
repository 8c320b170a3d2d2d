"""A fake of the Microsoft Bot Framework, as a Teams bot meets it: the OpenID metadata document
and signing keys its tokens are checked against, the connector at `serviceUrl` that replies
are posted to, and a signer of the tokens Teams would send (a test RSA key).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ISSUER = "https://api.botframework.com"
KEY_ID = "fake-bot-framework-key"
TENANT = "11111111-2222-3333-4444-555555555555"
BOT_ID = "28:assistant"
CARD = "application/vnd.microsoft.card.adaptive"


@dataclass
class Sent:
    """One call the bot made to the connector: `send` (a new activity) or `update`."""

    method: str
    conversation: str
    activity: dict[str, Any]
    reply_to: str | None
    authorization: str | None

    @property
    def text(self) -> str:
        """The plain text, or the card's text blocks joined."""
        if self.activity.get("text"):
            return str(self.activity["text"])
        card = self.card or {}
        return "\n".join(
            b.get("text", "") for b in card.get("body", []) if b["type"] == "TextBlock"
        )

    @property
    def card(self) -> dict[str, Any] | None:
        """The Adaptive Card, if the activity carries one."""
        for attachment in self.activity.get("attachments") or []:
            if attachment.get("contentType") == CARD:
                return dict(attachment["content"])
        return None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The card's choices: `{"title", "payload", "value"}`, value being what a submit sends."""
        card = self.card or {}
        found = []
        for action in card.get("actions", []):
            data = action.get("data") or {}
            if "payload" in data:
                found.append({"title": action["title"], "payload": data["payload"], "value": data})
        for block in card.get("body", []):
            if block.get("type") == "Input.ChoiceSet":
                data = dict((card.get("actions") or [{}])[0].get("data") or {})
                for choice in block["choices"]:
                    value = data | {block["id"]: choice["value"]}
                    found.append(
                        {"title": choice["title"], "payload": choice["value"], "value": value}
                    )
        return found


@dataclass
class FakeBotFramework:
    """The fake. `members` maps Entra object ids to the email the connector gives for them.
    Set `url` to where it is served (the metadata and `serviceUrl` name it)."""

    app_id: str = "00000000-0000-0000-0000-0000000000a9"
    members: dict[str, str] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    url: str = ""
    _key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> Starlette:
        """The ASGI app: metadata, keys, the connector's v3 API, and helpers for trying it."""
        conversation = "/teams/v3/conversations/{conversation}"
        return Starlette(
            routes=[
                Route("/v1/.well-known/openidconfiguration", self._metadata),
                Route("/v1/.well-known/keys", self._keys),
                Route(conversation + "/activities", self._activity, methods=["POST"]),
                Route(
                    conversation + "/activities/{activity}",
                    self._activity,
                    methods=["POST", "PUT"],
                ),
                Route(conversation + "/members/{member}", self._member),
                Route("/_recorded", self._recorded),
                Route("/_activity", self._new_activity),
                Route("/_token", self._token),
            ]
        )

    @property
    def metadata_url(self) -> str:
        """Where the OpenID metadata document is (`TEAMS_OPENID_METADATA_URL`)."""
        return f"{self.url}/v1/.well-known/openidconfiguration"

    @property
    def service_url(self) -> str:
        """The connector's address, as Teams puts it in every activity."""
        return f"{self.url}/teams/"

    def token(self, **overrides: Any) -> str:
        """A token as the Bot Framework signs it for our bot. `overrides` change claims (None
        removes one), `key=` signs with another RSA key and `kid=` names another key."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": self.app_id,
            "iat": now,
            "nbf": now - 5,
            "exp": now + 3600,
            "serviceurl": self.service_url,
        }
        key = overrides.pop("key", self._key)
        kid = overrides.pop("kid", KEY_ID)
        claims.update(overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})

    def activity(
        self,
        aad: str,
        text: str = "",
        *,
        conversation: str | None = None,
        value: dict[str, Any] | None = None,
        reply_to: str | None = None,
        conversation_type: str = "personal",
        activity_id: str | None = None,
    ) -> dict[str, Any]:
        """A message activity from the person with Entra object id `aad`."""
        body: dict[str, Any] = {
            "type": "message",
            "id": activity_id or f"act-{uuid.uuid4().hex[:12]}",
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": {"id": f"29:{aad}", "aadObjectId": aad, "name": aad},
            "recipient": {"id": BOT_ID, "name": "Ask Shared Services"},
            "conversation": {
                "id": conversation or f"a:{aad}",
                "conversationType": conversation_type,
                "tenantId": TENANT,
            },
            "channelData": {"tenant": {"id": TENANT}},
            "locale": "en-GB",
            "text": text,
        }
        if value is not None:
            body["value"] = value
        if reply_to is not None:
            body["replyToId"] = reply_to
        return body

    def to(self, conversation: str) -> list[Sent]:
        """What the bot sent into one conversation, in order."""
        with self._lock:
            return [s for s in self.sent if s.conversation == conversation]

    def clear(self) -> None:
        """Forgets what was sent (between tests)."""
        with self._lock:
            self.sent.clear()

    async def _metadata(self, request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "issuer": ISSUER,
                "jwks_uri": f"{self.url}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _keys(self, request: Request) -> JSONResponse:
        public = json.loads(RSAAlgorithm.to_jwk(self._key.public_key()))
        public.update({"kid": KEY_ID, "use": "sig", "endorsements": ["msteams"]})
        return JSONResponse({"keys": [public]})

    async def _activity(self, request: Request) -> JSONResponse:
        sent = Sent(
            method="update" if request.method == "PUT" else "send",
            conversation=request.path_params["conversation"],
            activity=json.loads(await request.body()),
            reply_to=request.path_params.get("activity") if request.method == "POST" else None,
            authorization=request.headers.get("authorization"),
        )
        with self._lock:
            self.sent.append(sent)
            new_id = request.path_params.get("activity") if request.method == "PUT" else None
            new_id = new_id or f"bot-{next(self._ids)}"
        return JSONResponse({"id": new_id})

    async def _member(self, request: Request) -> JSONResponse:
        member = request.path_params["member"]
        aad = member.removeprefix("29:")
        email = self.members.get(aad)
        if email is None:
            return JSONResponse({"error": {"code": "MemberNotFound"}}, status_code=404)
        return JSONResponse(
            {
                "id": member,
                "aadObjectId": aad,
                "name": email.split("@")[0],
                "email": email,
                "userPrincipalName": email,
                "tenantId": TENANT,
            }
        )

    async def _recorded(self, request: Request) -> JSONResponse:
        sent = self.to(request.query_params.get("conversation", ""))
        return JSONResponse(
            [
                {
                    "text": s.text,
                    "buttons": [{k: b[k] for k in ("title", "payload")} for b in s.buttons],
                }
                for s in sent
                if s.method == "send"
            ]
        )

    async def _new_activity(self, request: Request) -> JSONResponse:
        query = request.query_params
        return JSONResponse(self.activity(query["aad"], query.get("text", "")))

    async def _token(self, request: Request) -> JSONResponse:
        return JSONResponse({"token": self.token()})
