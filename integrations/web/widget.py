"""The embeddable widget: its built script and stylesheet, and the JSON routes it reads besides
`/web/messages` (what sign-in this gateway offers, who is signed in, the conversation so far).

The widget is built by `make widget` from `integrations/web/widget/` into its `dist/` folder;
pages include it with one tag: `<script src="<gateway>/widget/v1/widget.js" defer></script>`.
"""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel

from integrations.transcript import HistoryOut, from_events
from integrations.web.problems import WIDGET_NOT_BUILT, problem
from integrations.web.routes import CHANNEL, GatewayDep, WhoDep, present, validate_session

WIDGET_DIST = Path(__file__).parent / "widget" / "dist"
ASSETS = {"widget.js": "text/javascript; charset=utf-8", "widget.css": "text/css; charset=utf-8"}

router = APIRouter()


class WidgetConfig(BaseModel):
    """What the widget needs to know before anyone signs in."""

    dev_sign_in: bool


class Me(BaseModel):
    """Who the bearer token says is talking."""

    staff_number: str
    name: str


@router.get("/widget/v1/{asset}", include_in_schema=False, response_model=None)
async def widget_asset(asset: str) -> Response:
    """Serves the built widget (`widget.js`, `widget.css`) to any page.

    Whether a page may *use* the assistant is decided by CORS on the `/web/` routes
    (`WIDGET_ALLOWED_ORIGINS`), not here: the files hold no secrets.
    """
    media_type = ASSETS.get(asset)
    path = WIDGET_DIST / asset
    if media_type is None:
        return problem(404, "not_found", "There is no such widget file.")
    if not path.is_file():
        return problem(503, "widget_not_built", WIDGET_NOT_BUILT)
    return FileResponse(
        path,
        media_type=media_type,
        headers={
            "Cache-Control": "public, max-age=300",
            "X-Content-Type-Options": "nosniff",
            "Cross-Origin-Resource-Policy": "cross-origin",
            "Access-Control-Allow-Origin": "*",
        },
    )


@router.get("/web/config")
async def widget_config(gateway: GatewayDep) -> WidgetConfig:
    """Whether this gateway offers the demonstration sign-in (embedded profile)."""
    return WidgetConfig(dev_sign_in=gateway.settings.dev_sign_in)


@router.get("/web/me")
async def me(who: WhoDep, gateway: GatewayDep) -> Me:
    """Who is signed in: 401 when the token is missing, expired or not accepted, 403 for an
    intranet account nobody in the department has.

    Opening the widget counts as using the web chat: proactive messages come here from now on.
    """
    caller = await gateway.core.who(who.proof, who.email)
    return Me(staff_number=caller.staff_number, name=caller.name)


@router.get("/web/history")
async def history(
    who: WhoDep,
    gateway: GatewayDep,
    session: Annotated[str | None, Query(max_length=200)] = None,
) -> HistoryOut:
    """The conversation so far in this chat session, so a reload or another page loses nothing.

    Only the signed-in person's own conversation can be read: the session id is combined with
    their staff number, as `/web/messages` does.
    """
    chat_session = validate_session(session)
    caller = await present(gateway, who)
    events = await gateway.rasa.events(f"{CHANNEL}:{caller.staff_number}:{chat_session}")
    return HistoryOut(messages=from_events(events))
