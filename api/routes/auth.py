"""Sign-in routes: dev sign-in (embedded only) and on-behalf-of tokens for the gateway."""

from typing import Annotated

from fastapi import APIRouter, Header

from api.deps import SessionDep, SettingsDep
from api.presenters.identity import obo_out, persona_out, token_out
from api.schemas.common import ErrorBody
from api.schemas.identity import DevLoginIn, OboIn, OboOut, PersonaOut, TokenOut
from api.services import identity

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/dev-login", responses={404: {"model": ErrorBody}})
def dev_login(body: DevLoginIn, session: SessionDep, settings: SettingsDep) -> TokenOut:
    """Sign in as a seeded persona without a password (embedded profile only; else 404)."""
    return token_out(identity.dev_login(session, settings, body.staff_number))


@router.get("/dev-personas", responses={404: {"model": ErrorBody}})
def dev_personas(session: SessionDep, settings: SettingsDep) -> list[PersonaOut]:
    """The personas one can sign in as (embedded profile only; else 404)."""
    return [persona_out(person) for person in identity.dev_personas(session, settings)]


@router.post("/obo", responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}})
def obo(
    body: OboIn,
    session: SessionDep,
    settings: SettingsDep,
    x_gateway_key: Annotated[str | None, Header()] = None,
) -> OboOut:
    """Mint a short-lived token acting as the person the gateway vouches for.

    Web: `assertion` is their access token. Slack / Teams: `channel_user_id` is looked up.
    """
    return obo_out(identity.obo(session, settings, x_gateway_key, body))
