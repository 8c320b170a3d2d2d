"""Sign-in, on-behalf-of tokens and who-am-I."""

import hmac
from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.core.config import ApiSettings
from api.core.security import InvalidTokenError, TokenType, mint_token, verify_token
from api.domain.errors import NotFound, Unauthorised
from api.models import Employee
from api.repositories import employees
from api.schemas.identity import OboIn


@dataclass(frozen=True)
class Person:
    """An employee and their roles (`line_manager` is derived from having reports)."""

    employee: Employee
    roles: list[str]


@dataclass(frozen=True)
class Exchange:
    """A short-lived token acting as `employee`, valid for `lifetime` seconds."""

    token: str
    lifetime: int
    employee: Employee


def person(session: Session, employee: Employee) -> Person:
    """The employee with their roles."""
    return Person(employee, employees.roles_of(session, employee))


def _require_dev_login(settings: ApiSettings) -> None:
    if not settings.dev_login_enabled or settings.profile != "embedded":
        raise NotFound()


def dev_personas(session: Session, settings: ApiSettings) -> list[Person]:
    """Everyone one can sign in as (embedded profile only; otherwise 404)."""
    _require_dev_login(settings)
    return [person(session, employee) for employee in employees.all_in_order(session)]


def dev_login(session: Session, settings: ApiSettings, staff_number: str) -> str:
    """An access token for a seeded persona, without a password (embedded profile only).

    Raises:
        NotFound: when dev sign-in is off or nobody has that staff number.
    """
    _require_dev_login(settings)
    employee = employees.by_staff_number(session, staff_number.strip())
    if employee is None:
        raise NotFound(f"There is nobody with staff number {staff_number.strip()}.")
    token, _ = _token(session, settings, employee, "access")
    return token


def _token(
    session: Session,
    settings: ApiSettings,
    employee: Employee,
    typ: TokenType,
    channel: str | None = None,
) -> tuple[str, int]:
    """A signed token of type `typ` speaking for `employee` with their roles, and its lifetime."""
    return mint_token(
        settings,
        sub=employee.staff_number,
        name=employee.name,
        roles=employees.roles_of(session, employee),
        typ=typ,
        channel=channel,
    )


def require_gateway(settings: ApiSettings, gateway_key: str | None) -> None:
    """Refuse any caller but the gateway.

    Raises:
        Unauthorised: `invalid_gateway_key` unless `gateway_key` is the gateway's key.
    """
    expected = settings.gateway_api_key.get_secret_value().encode()
    if gateway_key is None or not hmac.compare_digest(gateway_key.encode(), expected):
        raise Unauthorised("invalid_gateway_key", "The gateway key is missing or wrong.")


def obo(session: Session, settings: ApiSettings, gateway_key: str | None, body: OboIn) -> Exchange:
    """Exchange the gateway's proof of who is talking for a short-lived token acting as them.

    Raises:
        Unauthorised: for a wrong gateway key or assertion.
        NotFound: for an unmapped channel user.
    """
    require_gateway(settings, gateway_key)
    employee: Employee | None
    if body.channel == "web" and body.assertion:
        try:
            claims = verify_token(settings, body.assertion or "")
        except InvalidTokenError as error:
            raise Unauthorised(
                "invalid_assertion", "The sign-in token has expired or isn't valid."
            ) from error
        if claims.typ != "access":
            raise Unauthorised("invalid_assertion", "Only a sign-in token can be exchanged.")
        employee = employees.by_staff_number(session, claims.sub)
        if employee is None:
            raise Unauthorised("invalid_assertion", "The sign-in token doesn't match anyone.")
    else:
        employee = employees.by_channel_identity(session, body.channel, body.channel_user_id or "")
        if employee is None:
            raise NotFound(f"This {body.channel} user isn't linked to anyone in the department.")
    token, lifetime = _token(session, settings, employee, "obo", body.channel)
    return Exchange(token, lifetime, employee)
