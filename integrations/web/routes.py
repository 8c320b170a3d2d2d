"""Routes of the web channel: the chat page, sign-in, messages and proactive notifications.

The web channel's proof of who is talking is the access token the person signed in with; the
core (`integrations/core.py`) does the rest of each turn.
"""

import logging
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from integrations.core import EmailLookup
from integrations.errors import ApiUnavailable, SignInRejected, UnknownPerson
from integrations.identity import Caller
from integrations.messages import MessagesOut, OutgoingMessage
from integrations.proof import Channel, Proof
from integrations.state import Gateway, get_gateway
from integrations.web import TEMPLATES_DIR
from integrations.web.problems import DEV_SIGN_IN_OFF, NOT_SIGNED_IN

logger = logging.getLogger(__name__)

MAX_TEXT_CHARACTERS = 2000
SESSION_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
STAFF_NUMBER_PATTERN = re.compile(r"[A-Za-z0-9]{1,32}")
CHANNEL: Channel = "web"

router = APIRouter()
templates = Jinja2Templates(directory=TEMPLATES_DIR)
GatewayDep = Annotated[Gateway, Depends(get_gateway)]

_PAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_PAGE_POLICY = (
    "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)


class WebMessageIn(BaseModel):
    """A message typed into the chat (or a button's payload)."""

    text: str | None = None
    session: str | None = None


class SignInIn(BaseModel):
    """The persona the person picked on the chat page."""

    staff_number: str | None = None


async def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str:
    """FastAPI dependency: the access token from `Authorization: Bearer <token>`.

    Async, like `get_gateway`: FastAPI runs a plain `def` dependency in its thread pool, a
    thread hop per request for a few string operations.
    """
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _error(401, "not_signed_in", NOT_SIGNED_IN)
    return token.strip()


TokenDep = Annotated[str, Depends(bearer_token)]


@dataclass(frozen=True)
class WebIdentity:
    """Who is talking on the web, and (for an intranet account) their email for first sight."""

    proof: Proof
    email: EmailLookup | None = None


async def web_identity(token: TokenDep, gateway: GatewayDep) -> WebIdentity:
    """FastAPI dependency: the web channel's proof of who is talking.

    A token from the intranet's OpenID Connect provider (`OIDC_ISSUER`) is checked here, and
    names the intranet account `oidc:<email>`, linked to the employee with that work email the
    first time it is seen. Any other bearer token is an access token of the API's sign-in,
    which the API checks when the core exchanges it.

    Raises:
        SignInRejected: the intranet's token failed its checks.
        IdentityProviderUnavailable: the provider's keys could not be fetched.
    """
    verifier = gateway.oidc
    if verifier is None or not verifier.issued(token):
        return WebIdentity(Proof(CHANNEL, token))
    identity = await verifier.verify(token)

    async def email() -> str:
        return identity.subject

    account = f"oidc:{identity.subject.lower()}"
    return WebIdentity(Proof(CHANNEL, account, verified=True), email)


WhoDep = Annotated[WebIdentity, Depends(web_identity)]


async def present(gateway: Gateway, who: WebIdentity) -> Caller:
    """The caller, without reporting a use of the channel (an intranet account seen for the
    first time is linked by its email).

    Raises:
        SignInRejected, UnknownPerson, ApiUnavailable: as `Core.who`.
    """
    try:
        return await gateway.identity.caller_for(who.proof)
    except UnknownPerson:
        if who.email is None:
            raise
        return await gateway.core.first_sight(who.proof, who.email)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def demo_page(request: Request, gateway: GatewayDep) -> HTMLResponse:
    """Serves the demonstration page: an intranet-like page that includes the widget with its
    one script tag (the widget offers the persona picker in the embedded profile)."""
    ancestors = " ".join(gateway.settings.widget_origins) or "'none'"
    return templates.TemplateResponse(
        request,
        "index.html",
        {
            "dev_sign_in": gateway.settings.dev_sign_in,
            "widget_tag_url": str(request.url_for("widget_asset", asset="widget.js")),
        },
        headers={
            **_PAGE_HEADERS,
            "Content-Security-Policy": _PAGE_POLICY.format(ancestors=ancestors),
        },
    )


@router.get("/web/personas")
async def personas(gateway: GatewayDep) -> JSONResponse:
    """Relays the API's seeded personas (embedded profile only)."""
    _require_dev_sign_in(gateway)
    relayed = await gateway.api.dev_personas()
    return JSONResponse(status_code=relayed.status_code, content=relayed.body)


@router.post("/web/sign-in")
async def sign_in(body: SignInIn, gateway: GatewayDep) -> JSONResponse:
    """Signs in as a seeded persona (embedded profile only) and relays the API's answer."""
    _require_dev_sign_in(gateway)
    staff_number = (body.staff_number or "").strip()
    if not STAFF_NUMBER_PATTERN.fullmatch(staff_number):
        raise _error(422, "invalid_request", "Please choose who to sign in as.")
    relayed = await gateway.api.dev_login(staff_number)
    return JSONResponse(status_code=relayed.status_code, content=relayed.body)


@router.post("/web/messages")
async def post_message(body: WebMessageIn, who: WhoDep, gateway: GatewayDep) -> MessagesOut:
    """Sends one turn to the assistant and returns its replies.

    The conversation is `web:<staff_number>:<session>`, so one person's session id can never
    continue someone else's conversation. Rasa receives a fresh on-behalf-of token in metadata.
    """
    text, session = _validate_message(body)
    caller = await gateway.core.who(who.proof, who.email)
    messages = await gateway.core.turn(caller, CHANNEL, session, text)
    return MessagesOut(messages=messages)


@router.get("/web/events", response_class=StreamingResponse)
async def events(who: WhoDep, gateway: GatewayDep) -> StreamingResponse:
    """Proactive messages as server-sent events (`event: message`, data a JSON message).

    Needs `Authorization: Bearer <token>` (read it with `fetch`, not `EventSource`, which
    cannot send headers). The stream ends after `WEB_EVENTS_MAX_SECONDS`; reconnect then. A
    message is pushed here when the person's last-used channel is the web chat.
    """
    caller = await present(gateway, who)
    stream = gateway.web_hub.stream(caller.staff_number, gateway.settings.web_events_max_seconds)
    return StreamingResponse(
        stream,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/web/notifications")
async def notifications(who: WhoDep, gateway: GatewayDep) -> MessagesOut:
    """Delivers proactive messages once: each one returned is acknowledged at the API.

    Only acknowledged messages are returned; if the API fails part-way, those already
    acknowledged are delivered now and the rest wait for the next poll.
    """
    proof = who.proof
    caller = await present(gateway, who)
    delivered: list[OutgoingMessage] = []
    try:
        pending = await gateway.api.notifications(caller.obo_token)
        for notification in pending:
            await gateway.api.acknowledge(caller.obo_token, notification.id)
            delivered.append(OutgoingMessage(text=notification.text))
    except SignInRejected:
        gateway.identity.forget(proof)
        raise
    except ApiUnavailable:
        if not delivered:
            raise
        logger.warning(
            "Delivered %s notifications; the rest wait for the next poll", len(delivered)
        )
    return MessagesOut(messages=delivered)


def describe_invalid(error: RequestValidationError) -> str:
    """Words a request FastAPI could not parse as one plain sentence."""
    for item in error.errors():
        location = [part for part in item.get("loc", ()) if part != "body"]
        if location and location[0] == "text":
            return "The message must be text."
        if location and location[0] == "session":
            return "The chat session id must be text."
        if location and location[0] == "staff_number":
            return "Please choose who to sign in as."
    return 'The request must be JSON like {"text": "Hello", "session": "abc123"}.'


def _validate_message(body: WebMessageIn) -> tuple[str, str]:
    text = (body.text or "").strip()
    if not text:
        raise _error(422, "invalid_request", "Please type a message before sending.")
    if len(text) > MAX_TEXT_CHARACTERS:
        raise _error(
            422,
            "invalid_request",
            f"Your message is {len(text):,} characters long. "
            f"Please keep it to {MAX_TEXT_CHARACTERS:,} characters or fewer.",
        )
    return text, validate_session(body.session)


def validate_session(session: str | None) -> str:
    """The chat session id, or a 422 saying what is wrong with it."""
    if not session:
        raise _error(422, "invalid_request", "The chat session is missing. Please reload the page.")
    if not SESSION_PATTERN.fullmatch(session):
        raise _error(
            422,
            "invalid_request",
            "The chat session id must be 1 to 64 letters, digits, hyphens or underscores.",
        )
    return session


def _require_dev_sign_in(gateway: Gateway) -> None:
    if not gateway.settings.dev_sign_in:
        raise _error(404, "not_found", DEV_SIGN_IN_OFF)


def _error(status_code: int, code: str, message: str) -> HTTPException:
    return HTTPException(status_code=status_code, detail={"code": code, "message": message})
