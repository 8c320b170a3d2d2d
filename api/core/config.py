"""Settings of the API, read once from the environment and `.env`."""

from datetime import datetime
from typing import Literal, Self

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.core.clock import Clock, parse_moment

DEV_JWT_SECRET = "dev-only-not-a-secret-change-me-before-use"
DEV_GATEWAY_API_KEY = "dev-gateway-key"
DEV_EVENTS_API_KEY = "dev-events-key"
MIN_SECRET_BYTES = 32  # RFC 7518 section 3.2: an HS256 key of at least 256 bits


class ApiSettings(BaseSettings):
    """Settings of the Shared Services API (names and defaults as in docs/design.md)."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    profile: Literal["embedded", "scale-out"] = "embedded"
    database_url: str = "sqlite:///./var/shared_services.db"
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    access_token_minutes: int = 480
    obo_token_minutes: int = 5
    dev_login_enabled: bool = True
    gateway_api_key: SecretStr = SecretStr(DEV_GATEWAY_API_KEY)
    events_api_key: SecretStr = SecretStr(DEV_EVENTS_API_KEY)
    """The conversation-event recorder's credential (`X-Events-Key`)."""
    api_port: int = 8000
    clock_pinned_at: datetime | None = None
    log_format: Literal["text", "json"] = "text"

    @field_validator("clock_pinned_at", mode="before")
    @classmethod
    def _read_moment(cls, value: object) -> object:
        # "2027-03-31" is noon that day; a time without an offset is UK time (GMT or BST).
        if isinstance(value, str):
            return parse_moment(value) if value.strip() else None
        return value

    def clock(self) -> Clock:
        """The clock these settings ask for: pinned at `CLOCK_PINNED_AT`, else the system's."""
        return Clock(self.clock_pinned_at)

    @model_validator(mode="after")
    def _refuse_dev_values_outside_embedded(self) -> Self:
        if self.profile == "embedded":
            return self
        problems = []
        if self.jwt_secret.get_secret_value() == DEV_JWT_SECRET:
            problems.append("JWT_SECRET is still the development value")
        elif len(self.jwt_secret.get_secret_value().encode()) < MIN_SECRET_BYTES:
            problems.append(f"JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes long")
        if self.gateway_api_key.get_secret_value() == DEV_GATEWAY_API_KEY:
            problems.append("GATEWAY_API_KEY is still the development value")
        if self.events_api_key.get_secret_value() == DEV_EVENTS_API_KEY:
            problems.append("EVENTS_API_KEY is still the development value")
        if self.dev_login_enabled:
            problems.append("DEV_LOGIN_ENABLED must be false")
        if self.clock_pinned_at is not None:
            problems.append("CLOCK_PINNED_AT must be empty (only embedded pins the clock)")
        if problems:
            raise ValueError(f"PROFILE is {self.profile!r} but " + "; ".join(problems) + ".")
        return self
