"""The gateway's own routes: channel accounts, the notifications outbox, handled events.

Only the gateway calls these, with its key in `X-Gateway-Key`; people never do.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response, status

from api.deps import NowDep, SessionDep, SettingsDep
from api.presenters.channels import account_out, claimed_out
from api.schemas.channels import (
    AccountOut,
    ClaimedOut,
    ClaimIn,
    DeliveredIn,
    EventIn,
    EventOut,
    LinkIn,
    UsedIn,
)
from api.schemas.common import ErrorBody
from api.services import channels, identity


async def _gateway_only(
    settings: SettingsDep, x_gateway_key: Annotated[str | None, Header()] = None
) -> None:
    identity.require_gateway(settings, x_gateway_key)


router = APIRouter(
    prefix="/v1/gateway",
    tags=["gateway"],
    dependencies=[Depends(_gateway_only)],
    responses={401: {"model": ErrorBody}},
)


@router.post("/channel-accounts/link", responses={404: {"model": ErrorBody}})
def link(body: LinkIn, session: SessionDep) -> AccountOut:
    """First sight of a Slack or Teams user: link them to the employee with the work email the
    platform states. 404 `unknown_person` when nobody has it."""
    return account_out(channels.link(session, body))


@router.post(
    "/channel-accounts/used",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def used(body: UsedIn, session: SessionDep, now: NowDep) -> Response:
    """The person just used this account: their proactive messages go to it from now on."""
    channels.used(session, body, now)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/outbox/claim")
def claim(body: ClaimIn, session: SessionDep, now: NowDep) -> list[ClaimedOut]:
    """Lease undelivered notifications for `lease_seconds`, each with the channel the person
    used last; another gateway process gets none of them until the lease ends."""
    return [claimed_out(claimed) for claimed in channels.claim(session, body, now)]


@router.post(
    "/outbox/{notification_id}/delivered",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"model": ErrorBody}},
)
def delivered(
    notification_id: int, body: DeliveredIn, session: SessionDep, now: NowDep
) -> Response:
    """The notification reached the person (idempotent)."""
    channels.delivered(session, notification_id, body.channel, now)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/outbox/{notification_id}/release",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"model": ErrorBody}},
)
def release(notification_id: int, session: SessionDep) -> Response:
    """Delivery failed: the notification is free for the next claim."""
    channels.release(session, notification_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/channel-events")
def event(body: EventIn, session: SessionDep, now: NowDep, response: Response) -> EventOut:
    """Record a platform event id: `first` is false for a retry or redelivery (201 / 200)."""
    first = channels.first_sight(session, body, now)
    response.status_code = status.HTTP_201_CREATED if first else status.HTTP_200_OK
    return EventOut(first=first)
