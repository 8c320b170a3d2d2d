"""Settings of the gateway: the one place it reads the environment."""

import re
from datetime import datetime
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from integrations.clock import Clock, parse_moment
from integrations.oidc import ASYMMETRIC_ALGORITHMS

_PLACEHOLDER_GATEWAY_KEY = "dev-gateway-key"
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class GatewaySettings(BaseSettings):
    """Typed settings of the gateway, read from the environment and `.env`.

    Tests build it explicitly, e.g. `GatewaySettings(_env_file=None, api_url=...)`.
    """

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    profile: Literal["embedded", "scale-out"] = "embedded"
    api_url: str = "http://127.0.0.1:8000"
    rasa_url: str = Field(
        default="http://127.0.0.1:5005",
        description="Where Rasa is; in scale-out a comma-separated list of replicas.",
    )
    rasa_token: SecretStr = Field(
        default=SecretStr("dev-rasa-token"),
        description="Token of Rasa's HTTP API (the REST webhook itself needs none).",
    )
    gateway_api_key: SecretStr = SecretStr(_PLACEHOLDER_GATEWAY_KEY)
    rasa_timeout_seconds: float = Field(default=20.0, gt=0)
    api_timeout_seconds: float = Field(default=5.0, gt=0)
    gateway_port: int = Field(default=8080, ge=1, le=65535)
    dev_login_enabled: bool = True
    public_base_url: str | None = Field(
        default=None,
        description="The gateway's address as people's browsers reach it; links in the chat "
        "point here. Empty: http://localhost:<GATEWAY_PORT>.",
    )
    courier_enabled: bool = Field(
        default=True, description="Deliver proactive messages from the API's outbox."
    )
    courier_interval_seconds: float = Field(default=1.0, gt=0)
    courier_lease_seconds: int = Field(default=30, ge=1, le=600)
    web_events_max_seconds: float = Field(
        default=300.0, gt=0, description="How long one web event stream stays open."
    )
    log_format: Literal["text", "json"] = "text"
    clock_pinned_at: datetime | None = Field(
        default=None, description="Pin the clock to this moment (embedded profile only)."
    )
    oidc_issuer: str | None = Field(
        default=None,
        description="The intranet's OpenID Connect issuer; set it and OIDC_AUDIENCE to let the "
        "widget sign people in with the intranet's token.",
    )
    oidc_audience: str | None = Field(
        default=None, description="This service's client id at the intranet's provider."
    )
    oidc_jwks_url: str | None = Field(
        default=None, description="The provider's key set; empty: discovered from the issuer."
    )
    oidc_identity_claim: str = Field(
        default="email", description="The token's claim holding the person's work email."
    )
    oidc_algorithms: str = Field(
        default="RS256", description="Comma-separated signing algorithms accepted (asymmetric)."
    )
    widget_allowed_origins: str = Field(
        default="",
        description="Comma-separated origins of the pages that may embed the web widget, e.g. "
        "https://intranet.example.gov.uk (scheme, host and port only).",
    )
    slack_bot_token: SecretStr | None = Field(
        default=None, description="The Slack app's bot token (xoxb-...); empty: no Slack."
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, description="The Slack app's signing secret: every request is checked."
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/", description="Slack's Web API (a fake in tests)."
    )
    slack_socket_mode: bool = Field(
        default=False, description="Receive events over Socket Mode instead of /slack/events."
    )
    slack_app_token: SecretStr | None = Field(
        default=None, description="The app-level token (xapp-...) Socket Mode needs."
    )

    @field_validator("clock_pinned_at", mode="before")
    @classmethod
    def _read_moment(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_moment(value) if value.strip() else None
        return value

    @field_validator("widget_allowed_origins")
    @classmethod
    def _check_origins(cls, value: str) -> str:
        for origin in _split(value):
            if origin == "*":
                raise ValueError(
                    "WIDGET_ALLOWED_ORIGINS must name each origin; '*' would let any site "
                    "use the assistant as its visitors"
                )
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"WIDGET_ALLOWED_ORIGINS: {origin!r} is not an origin like "
                    "https://intranet.example.gov.uk (scheme, host and optional port, no path)"
                )
        return value

    @model_validator(mode="after")
    def _oidc_needs_issuer_and_audience(self) -> Self:
        if bool(self.oidc_issuer) != bool(self.oidc_audience):
            raise ValueError("OIDC_ISSUER and OIDC_AUDIENCE must be set together (or neither)")
        refused = set(_split(self.oidc_algorithms)) - ASYMMETRIC_ALGORITHMS
        if refused or not _split(self.oidc_algorithms):
            raise ValueError(
                f"OIDC_ALGORITHMS must list asymmetric algorithms such as RS256, not "
                f"{', '.join(sorted(refused)) or 'nothing'}"
            )
        return self

    @model_validator(mode="after")
    def _refuse_dev_defaults_outside_embedded(self) -> Self:
        if self.profile == "embedded":
            return self
        if self.gateway_api_key.get_secret_value() == _PLACEHOLDER_GATEWAY_KEY:
            raise ValueError(
                "GATEWAY_API_KEY must be set to a real secret outside the embedded profile"
            )
        if self.dev_login_enabled:
            raise ValueError("DEV_LOGIN_ENABLED must be false outside the embedded profile")
        if self.clock_pinned_at is not None:
            raise ValueError("CLOCK_PINNED_AT must be empty outside the embedded profile")
        return self

    teams_app_id: str | None = Field(
        default=None, description="The Teams bot's Microsoft app id; empty: no Teams."
    )
    teams_app_password: SecretStr | None = Field(
        default=None,
        description="The app's client secret, for the tokens replies carry (embedded: may be "
        "empty, for the local fake).",
    )
    teams_tenant_id: str | None = Field(default=None, description="Its Entra tenant id.")
    teams_openid_metadata_url: str = Field(
        default="https://login.botframework.com/v1/.well-known/openidconfiguration",
        description="Where the Bot Framework's signing keys are found (a fake in tests).",
    )

    @model_validator(mode="after")
    def _teams_needs_a_secret_outside_embedded(self) -> Self:
        if self.teams_app_id and not self.teams_app_password and self.profile != "embedded":
            raise ValueError("TEAMS_APP_PASSWORD must be set outside the embedded profile")
        return self

    @model_validator(mode="after")
    def _slack_needs_both_secrets(self) -> Self:
        if bool(self.slack_bot_token) != bool(self.slack_signing_secret):
            raise ValueError("Slack needs both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET")
        if self.slack_socket_mode and not self.slack_app_token:
            raise ValueError("SLACK_SOCKET_MODE needs SLACK_APP_TOKEN (xapp-...)")
        return self

    @property
    def slack_enabled(self) -> bool:
        """Whether the Slack channel is configured."""
        return self.slack_bot_token is not None and self.slack_signing_secret is not None

    def clock(self) -> Clock:
        """The clock these settings ask for: pinned at `CLOCK_PINNED_AT`, else the system's."""
        return Clock(self.clock_pinned_at)

    @property
    def rasa_urls(self) -> list[str]:
        """The Rasa replicas, without trailing slashes (one in the embedded profile)."""
        urls = [url.strip().rstrip("/") for url in self.rasa_url.split(",")]
        return [url for url in urls if url]

    @property
    def public_url(self) -> str:
        """The public base URL, without a trailing slash."""
        return (self.public_base_url or f"http://localhost:{self.gateway_port}").rstrip("/")

    @property
    def oidc_enabled(self) -> bool:
        """Whether the intranet's OpenID Connect tokens are accepted."""
        return bool(self.oidc_issuer and self.oidc_audience)

    @property
    def oidc_algorithm_names(self) -> list[str]:
        """The signing algorithms accepted for the intranet's tokens."""
        return _split(self.oidc_algorithms)

    @property
    def widget_origins(self) -> list[str]:
        """The origins allowed to embed the widget, without trailing slashes."""
        return [origin.rstrip("/") for origin in _split(self.widget_allowed_origins)]

    @property
    def dev_sign_in(self) -> bool:
        """Whether the persona picker and `/web/sign-in` are offered."""
        return self.profile == "embedded" and self.dev_login_enabled
