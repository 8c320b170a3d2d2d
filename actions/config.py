"""Settings of the action server: the one place the environment is read."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal, Self

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from actions._clock import Clock, parse_moment

DEFAULT_SERVICE_DESK_CONTACT = (
    "the IT and HR service desk on 0300 123 4567 or servicedesk@shared-services.example.gov.uk"
)


class ActionSettings(BaseSettings):
    """Settings of the action server, read from the environment and `.env`.

    Attributes:
        api_url: Base URL of the Shared Services API (`API_URL`).
        public_base_url: The gateway's address as people's browsers reach it
            (`PUBLIC_BASE_URL`); links the assistant gives point there, never at the API.
        gateway_port: The gateway's port (`GATEWAY_PORT`), for the default public address.
        api_timeout_seconds: Time limit of one API call (`API_TIMEOUT_SECONDS`).
        service_desk_contact: How to reach a person, as a phrase (`SERVICE_DESK_CONTACT`).
        profile: `embedded` or `scale-out` (`PROFILE`).
        clock_pinned_at: Read dates as of this moment (`CLOCK_PINNED_AT`; embedded only).
    """

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    api_url: str = "http://127.0.0.1:8000"
    public_base_url: str | None = None
    gateway_port: int = 8080
    api_timeout_seconds: float = 5.0
    service_desk_contact: str = DEFAULT_SERVICE_DESK_CONTACT
    profile: Literal["embedded", "scale-out"] = "embedded"
    clock_pinned_at: dt.datetime | None = None

    @field_validator("clock_pinned_at", mode="before")
    @classmethod
    def _read_moment(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_moment(value) if value.strip() else None
        return value

    @property
    def public_url(self) -> str:
        """Where links for people point: `PUBLIC_BASE_URL`, else http://localhost:<gateway>."""
        return (self.public_base_url or f"http://localhost:{self.gateway_port}").rstrip("/")

    @model_validator(mode="after")
    def _pin_the_clock_only_when_embedded(self) -> Self:
        if self.clock_pinned_at is not None and self.profile != "embedded":
            raise ValueError("CLOCK_PINNED_AT must be empty outside the embedded profile")
        return self


@functools.cache
def get_settings() -> ActionSettings:
    """Return the process's settings, read on first use (never at import).

    Returns:
        The cached `ActionSettings`.
    """
    return ActionSettings()


@functools.cache
def get_clock() -> Clock:
    """Return the process's clock: pinned at `CLOCK_PINNED_AT`, else the system clock."""
    return Clock(get_settings().clock_pinned_at)
