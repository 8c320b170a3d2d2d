"""Queries about employees and their channel identities."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import ChannelIdentity, Employee


def by_staff_number(session: Session, staff_number: str) -> Employee | None:
    """The employee with `staff_number`, if any."""
    return session.scalars(select(Employee).where(Employee.staff_number == staff_number)).first()


def by_channel_identity(session: Session, channel: str, channel_user_id: str) -> Employee | None:
    """The employee a Slack or Teams user is mapped to, if any."""
    query = select(ChannelIdentity).where(
        ChannelIdentity.channel == channel, ChannelIdentity.channel_user_id == channel_user_id
    )
    identity = session.scalars(query).first()
    return identity.employee if identity else None


def staff_numbers(session: Session, employee_ids: set[int]) -> dict[int, str]:
    """The staff numbers of these employees, by id."""
    query = select(Employee.id, Employee.staff_number).where(Employee.id.in_(employee_ids))
    return {row.id: row.staff_number for row in session.execute(query)}


def lock(session: Session, employee_id: int) -> None:
    """Lock the employee's row until the transaction ends (PostgreSQL; SQLite locks the file)."""
    session.execute(select(Employee.id).where(Employee.id == employee_id).with_for_update())


def all_in_order(session: Session) -> list[Employee]:
    """Every employee, by staff number."""
    return list(session.scalars(select(Employee).order_by(Employee.staff_number)))


def direct_reports(session: Session, manager_id: int) -> list[Employee]:
    """The manager's direct reports."""
    return list(session.scalars(select(Employee).where(Employee.line_manager_id == manager_id)))


def has_direct_reports(session: Session, employee_id: int) -> bool:
    """Whether anyone reports to the employee."""
    query = select(Employee.id).where(Employee.line_manager_id == employee_id).limit(1)
    return session.scalars(query).first() is not None


def roles_of(session: Session, employee: Employee) -> list[str]:
    """`staff`, `line_manager` when they have reports, then their stored roles."""
    derived = ["staff"]
    if has_direct_reports(session, employee.id):
        derived.append("line_manager")
    return derived + [role for role in employee.roles if role not in derived]
