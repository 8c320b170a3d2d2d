"""People, sign-in tokens and who-am-I, as the API shows them."""

from api.models import Employee
from api.presenters import fill
from api.schemas.common import PersonRef
from api.schemas.identity import MeOut, OboOut, PersonaOut, TokenOut
from api.services.identity import Exchange, Person


def person_ref(employee: Employee | None) -> PersonRef | None:
    """A short reference to someone, or None."""
    return None if employee is None else fill(PersonRef, employee)


def persona_out(person: Person) -> PersonaOut:
    """Someone one can sign in as in the embedded profile."""
    return fill(PersonaOut, person.employee, roles=person.roles)


def token_out(token: str) -> TokenOut:
    """A bearer token."""
    return TokenOut(access_token=token)


def obo_out(exchange: Exchange) -> OboOut:
    """A short-lived token acting as one employee, and who that is."""
    return fill(
        OboOut, exchange.employee, access_token=exchange.token, expires_in=exchange.lifetime
    )


def me_out(person: Person) -> MeOut:
    """The signed-in employee's profile."""
    employee = person.employee
    return fill(MeOut, employee, roles=person.roles, working_days=sorted(employee.working_days))
