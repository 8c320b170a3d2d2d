"""Bodies of the gateway's own routes: channel accounts, the notifications outbox, and
platform events already handled. Every one needs the gateway's key (`X-Gateway-Key`)."""

from typing import Any

from pydantic import BaseModel, Field

from api.schemas.identity import Channel


class LinkIn(BaseModel):
    """First sight of a Slack or Teams user: link them to the employee with this work email."""

    channel: Channel
    channel_user_id: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320, description="As the platform states it.")


class AccountOut(BaseModel):
    """Who a channel account belongs to."""

    staff_number: str
    name: str


class UsedIn(BaseModel):
    """The person just used this channel: proactive messages go here from now on."""

    staff_number: str = Field(min_length=1, max_length=16)
    channel: Channel
    channel_user_id: str = Field(min_length=1, max_length=200)
    address: dict[str, Any] | None = Field(
        default=None,
        description="How to reach them on this channel (Slack: user and DM channel; Teams: the "
        "conversation reference). Web needs none.",
    )


class ClaimIn(BaseModel):
    """A gateway asks for notifications to deliver."""

    web_present: list[str] = Field(
        default_factory=list,
        max_length=10_000,
        description="Staff numbers with a web chat open on this gateway process.",
    )
    limit: int = Field(default=50, ge=1, le=500)
    lease_seconds: int = Field(default=30, ge=1, le=600)


class ClaimedOut(BaseModel):
    """A notification this gateway now holds, and where to deliver it."""

    id: int
    staff_number: str
    kind: str
    text: str
    channel: Channel
    channel_user_id: str
    address: dict[str, Any] | None


class DeliveredIn(BaseModel):
    """A claimed notification reached the person."""

    channel: Channel


class EventIn(BaseModel):
    """A platform event about to be handled."""

    channel: Channel
    event_id: str = Field(min_length=1, max_length=200)


class EventOut(BaseModel):
    """Whether the event is new (handle it) or a redelivery (ignore it)."""

    first: bool
