"""Request-scoped dependencies: settings, database session, today, the signed-in employee."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, Header, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from api.core.clock import UK, Clock
from api.core.config import ApiSettings
from api.core.security import InvalidTokenError, TokenClaims, verify_token
from api.domain.errors import Unauthorised
from api.models import Employee
from api.repositories import employees

_bearer = HTTPBearer(auto_error=False, description="An access or on-behalf-of token.")


async def get_settings(request: Request) -> ApiSettings:
    """The settings the app was built with.

    The dependencies that touch no database are `async`: FastAPI runs a plain `def` one in its
    thread pool, a thread hop each, several per request.
    """
    settings: ApiSettings = request.app.state.settings
    return settings


READ_METHODS = frozenset({"GET", "HEAD"})


def get_session(request: Request) -> Iterator[Session]:
    """A session per request, closed afterwards; services commit their own work, once.

    A refusal raised half-way through a write needs no rollback of its own: it leaves through
    here, and closing the session rolls the transaction back (and frees its locks) before the
    error answer is sent.

    GET and HEAD requests never write, so theirs come from the read-only factory (no write
    lock on SQLite: see `api.core.db`).
    """
    read_only = request.method in READ_METHODS
    factory: sessionmaker[Session] = (
        request.app.state.read_session_factory if read_only else request.app.state.session_factory
    )
    with factory() as session:
        yield session


async def get_now(request: Request) -> datetime:
    """Now by the app's clock (`create_app(clock=...)`, or `CLOCK_PINNED_AT`), in UTC: what
    timestamps are stored and sent as.

    Read once per request, so every rule and timestamp of one request sees the same moment.
    """
    clock: Clock = request.app.state.clock
    return clock.now().astimezone(UTC)


async def get_today(now: Annotated[datetime, Depends(get_now)]) -> date:
    """Today's date in the UK at the same moment as `NowDep`: what every rule reads."""
    return now.astimezone(UK).date()


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
NowDep = Annotated[datetime, Depends(get_now)]
TodayDep = Annotated[date, Depends(get_today)]


async def get_claims(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TokenClaims:
    """The verified claims of the bearer token.

    Raises:
        Unauthorised: when the token is missing or can't be trusted.
    """
    if credentials is None:
        raise Unauthorised("not_signed_in", "Please sign in: this needs a bearer token.")
    try:
        return verify_token(settings, credentials.credentials)
    except InvalidTokenError as error:
        raise Unauthorised(
            "invalid_token", "Your sign-in has expired or isn't valid. Please sign in again."
        ) from error


def get_current_employee(
    session: SessionDep, claims: Annotated[TokenClaims, Depends(get_claims)]
) -> Employee:
    """The employee the token speaks for.

    Raises:
        Unauthorised: when no employee has the token's staff number.
    """
    employee = employees.by_staff_number(session, claims.sub)
    if employee is None:
        raise Unauthorised(
            "invalid_token", "Your sign-in doesn't match anyone. Please sign in again."
        )
    return employee


CurrentEmployee = Annotated[Employee, Depends(get_current_employee)]


@dataclass(frozen=True)
class RetriedWrite:
    """A write the client may send again: its `Idempotency-Key`, and how to answer a retry."""

    key: str
    response: Response

    def answer(self, created: bool) -> None:
        """201 for the write that made the row (the route's status), 200 for a retry of it."""
        if not created:
            self.response.status_code = status.HTTP_200_OK


async def get_retried_write(
    response: Response,
    idempotency_key: Annotated[
        str,
        Header(
            min_length=1,
            max_length=200,
            description="A fresh key per write; send the same key and body again to retry it.",
        ),
    ],
) -> RetriedWrite:
    """The retried-write details of a POST that creates something (`api.services.idempotency`)."""
    return RetriedWrite(idempotency_key, response)


RetriedWriteDep = Annotated[RetriedWrite, Depends(get_retried_write)]
