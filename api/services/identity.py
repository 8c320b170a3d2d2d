"""Sign-in, on-behalf-of tokens and who-am-I."""

import hmac

from sqlalchemy.orm import Session

from api.core.config import ApiSettings
from api.core.security import InvalidTokenError, mint_token, verify_token
from api.domain.errors import NotFound, Unauthorised
from api.models import Employee
from api.repositories import employees
from api.schemas import MeOut, OboIn, OboOut, PersonaOut, TokenOut
from api.services.views import person_ref


def _require_dev_login(settings: ApiSettings) -> None:
    if not settings.dev_login_enabled or settings.profile != "embedded":
        raise NotFound()


def dev_personas(session: Session, settings: ApiSettings) -> list[PersonaOut]:
    """Everyone one can sign in as (embedded profile only; otherwise 404)."""
    _require_dev_login(settings)
    return [
        PersonaOut(
            staff_number=e.staff_number,
            name=e.name,
            grade=e.grade,
            job_title=e.job_title,
            roles=employees.roles_of(session, e),
        )
        for e in employees.all_in_order(session)
    ]


def dev_login(session: Session, settings: ApiSettings, staff_number: str) -> TokenOut:
    """An access token for a seeded persona, without a password (embedded profile only).

    Raises:
        NotFound: when dev sign-in is off or nobody has that staff number.
    """
    _require_dev_login(settings)
    employee = employees.by_staff_number(session, staff_number.strip())
    if employee is None:
        raise NotFound(f"There is nobody with staff number {staff_number.strip()}.")
    token, _ = mint_token(
        settings,
        sub=employee.staff_number,
        name=employee.name,
        roles=employees.roles_of(session, employee),
        typ="access",
    )
    return TokenOut(access_token=token)


def obo(session: Session, settings: ApiSettings, gateway_key: str | None, body: OboIn) -> OboOut:
    """Exchange the gateway's proof of who is talking for a short-lived token acting as them.

    Raises:
        Unauthorised: for a wrong gateway key or assertion.
        NotFound: for an unmapped channel user.
    """
    expected = settings.gateway_api_key.get_secret_value().encode()
    if gateway_key is None or not hmac.compare_digest(gateway_key.encode(), expected):
        raise Unauthorised("invalid_gateway_key", "The gateway key is missing or wrong.")
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
    token, lifetime = mint_token(
        settings,
        sub=employee.staff_number,
        name=employee.name,
        roles=employees.roles_of(session, employee),
        typ="obo",
        channel=body.channel,
    )
    return OboOut(
        access_token=token,
        expires_in=lifetime,
        staff_number=employee.staff_number,
        name=employee.name,
    )


def me(session: Session, employee: Employee) -> MeOut:
    """The signed-in employee's profile."""
    return MeOut(
        staff_number=employee.staff_number,
        name=employee.name,
        email=employee.email,
        grade=employee.grade,
        job_title=employee.job_title,
        region=employee.region,
        working_days=sorted(employee.working_days),
        roles=employees.roles_of(session, employee),
        line_manager=person_ref(employee.line_manager),
        start_date=employee.start_date,
    )
