"""Bodies of sign-in, on-behalf-of tokens and who-am-I."""

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, Field, model_validator

from api.schemas.common import PersonRef

Channel = Literal["web", "slack", "teams"]


class DevLoginIn(BaseModel):
    """Sign in as a seeded persona (embedded profile only)."""

    staff_number: str = Field(min_length=1, max_length=16, examples=["100001"])


class TokenOut(BaseModel):
    """A bearer token."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"


class PersonaOut(BaseModel):
    """Someone you can sign in as in the embedded profile."""

    staff_number: str
    name: str
    grade: str
    job_title: str
    roles: list[str]


class OboIn(BaseModel):
    """The gateway's request for a per-turn token on behalf of one person."""

    channel: Channel
    assertion: str | None = Field(default=None, description="The person's access token (web).")
    channel_user_id: str | None = Field(
        default=None,
        description="Slack or Teams user id; on the web, the intranet account the gateway "
        "verified itself (`oidc:<email>`, from the intranet's OpenID Connect token).",
    )

    @model_validator(mode="after")
    def _one_identity(self) -> Self:
        if self.channel == "web" and not (self.assertion or self.channel_user_id):
            raise ValueError(
                "a web request needs the person's access token as assertion, or the intranet "
                "account as channel_user_id"
            )
        if self.channel != "web" and not self.channel_user_id:
            raise ValueError(f"a {self.channel} request needs channel_user_id")
        return self


class OboOut(TokenOut):
    """A short-lived token acting as one employee."""

    expires_in: int
    staff_number: str
    name: str


class MeOut(BaseModel):
    """The signed-in employee."""

    staff_number: str
    name: str
    email: str
    grade: str
    job_title: str
    region: str
    working_days: list[int] = Field(description="0 = Monday … 6 = Sunday.")
    roles: list[str]
    line_manager: PersonRef | None
    start_date: date
