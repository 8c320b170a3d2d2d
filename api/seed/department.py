"""The personas of the synthetic department, their carry-overs and their leave.

It tells the same story on any day of the year. Everyone has a carry-over into this leave year.
Everyone but Gareth has leave already taken: this leave year when there is room before today,
else at the end of the last one (early in April). Future approved leave and pending requests sit
8 to 11 weeks ahead, each inside one leave year, so tests and demos can book the next few weeks
freely. Aisha and Gareth each have a request waiting for Tom; Tom has one waiting for Helen.
Gareth started on the most recent Monday (today, on a Monday). A story that can't be told on
some day is an error, never a quietly thinner department.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from api.core.clock import at_uk_time
from api.domain.calendar import bank_holidays, end_after_working_days, is_working_day
from api.domain.leave import leave_year_start, requested_days
from api.models import Employee, LeaveRequest, LeaveYear

FULL_TIME = (0, 1, 2, 3, 4)
EMAIL_DOMAIN = "shared-services.example.gov.uk"


@dataclass(frozen=True)
class Persona:
    """One seeded employee and their leave."""

    staff_number: str
    name: str
    grade: str
    job_title: str
    region: str
    years_of_service: float
    manager: str | None
    carried_over: float
    taken: int
    booked: int
    pending: int = 0
    pattern: tuple[int, ...] = FULL_TIME
    roles: tuple[str, ...] = ()


# Managers come before their reports.
PERSONAS = (
    Persona("100010", "Helen Ward", "SCS1", "Director", "england", 21.3, None, 10, 10, 5),
    Persona("100002", "Tom Evans", "G7", "Team leader", "wales", 12.2, "100010", 5, 8, 3, 1),
    Persona("100001", "Priya Shah", "HEO", "Policy adviser", "england", 4.4, "100002", 3, 5, 2),
    Persona(
        "100003", "Aisha Bello", "EO", "Caseworker", "scotland", 2.7, "100002", 2, 3, 2, 1,
        pattern=(0, 1, 2),
    ),
    Persona(
        "100004", "Gareth Jones", "AO", "Administrative officer", "wales", 0, "100002", 0, 0, 0, 2
    ),
    Persona(
        "100005", "Sam Patel", "EO", "Service desk agent", "england", 1.6, "100010", 4.5, 4, 1,
        roles=("service_desk",),
    ),
    Persona(
        "100006", "Fiona Clark", "SEO", "Procurement manager and budget holder",
        "northern_ireland", 7.1, "100010", 1, 6, 4, roles=("procurement_approver",),
    ),
)  # fmt: skip


def most_recent_monday(today: date) -> date:
    """The Monday on or before `today`."""
    return today - timedelta(days=today.weekday())


def _start_date(persona: Persona, today: date) -> date:
    if persona.years_of_service == 0:
        return most_recent_monday(today)
    return today - timedelta(days=round(persona.years_of_service * 365.25))


class _Planner:
    """Finds free blocks of working days for one employee."""

    def __init__(self, employee: Employee, today: date) -> None:
        self.employee = employee
        self.today = today
        self.closed = bank_holidays(
            employee.region, today - timedelta(days=400), today + timedelta(days=800)
        )
        self.busy: list[tuple[date, date]] = []

    def block(self, lo: date, hi: date, count: int) -> tuple[date, date] | None:
        pattern = self.employee.working_days
        day = lo
        while day <= hi:
            if is_working_day(day, pattern, self.closed):
                end = end_after_working_days(day, count, pattern, self.closed)
                if end is not None and end <= hi and self._free(day, end):
                    self.busy.append((day, end))
                    return day, end
            day += timedelta(days=1)
        return None

    def _free(self, start: date, end: date) -> bool:
        if leave_year_start(start) != leave_year_start(end):
            return False
        return all(end < lo or start > hi for lo, hi in self.busy)


def _request(
    planner: _Planner, span: tuple[date, date], status: str, decider: Employee | None
) -> LeaveRequest:
    start, end = span
    employee = planner.employee
    asked_on = max(min(start, planner.today) - timedelta(days=14), planner.employee.start_date)
    created = at_uk_time(asked_on, 9, 30)
    return LeaveRequest(
        employee_id=employee.id,
        start_date=start,
        end_date=end,
        portion="full",
        leave_type="annual",
        days=requested_days(start, end, "full", employee.working_days, planner.closed),
        status=status,
        created_at=created,
        decided_at=created + timedelta(days=1) if status == "approved" else None,
        decided_by_id=decider.id if decider and status == "approved" else None,
    )


class SeedStoryError(RuntimeError):
    """The seed could not tell a persona's story on this day (a bug in the seed, not data)."""


def _seed_leave(
    session: Session, planner: _Planner, persona: Persona, index: int, manager: Employee | None
) -> None:
    """Add a persona's taken, booked and pending leave.

    Taken leave is staggered through this leave year (so the team isn't all off together),
    else anywhere in it before today, else at the end of the last leave year (early in April
    there is no room yet): everyone who has taken leave has a request in the past.
    """
    today, employee = planner.today, planner.employee
    year_start = leave_year_start(today)
    first_day = max(year_start, employee.start_date)
    yesterday = today - timedelta(days=1)
    last_year = max(year_start - timedelta(weeks=12), employee.start_date)
    ahead = (today + timedelta(weeks=8), today + timedelta(weeks=11))
    plans = [
        (
            persona.taken,
            "approved",
            [
                (first_day + timedelta(weeks=4 + 3 * index), yesterday),
                (first_day, yesterday),
                (last_year, year_start - timedelta(days=1)),
            ],
        ),
        (persona.booked, "approved", [ahead]),
        (persona.pending, "pending", [ahead]),
    ]
    for count, status, windows in plans:
        if count == 0:
            continue
        span = next(
            (found for lo, hi in windows if (found := planner.block(lo, hi, count)) is not None),
            None,
        )
        if span is None:
            raise SeedStoryError(
                f"no room for {persona.name}'s {count} days of {status} leave on {today}"
            )
        session.add(_request(planner, span, status, manager))


def seed_people(session: Session, today: date) -> dict[str, Employee]:
    """Add the personas, their carry-overs and their leave (the caller commits).

    Returns:
        Everyone by staff number, managers before their reports.
    """
    by_number: dict[str, Employee] = {}
    year_start = leave_year_start(today)
    for index, persona in enumerate(PERSONAS):
        first, last = persona.name.lower().split()
        manager = by_number.get(persona.manager) if persona.manager else None
        employee = Employee(
            staff_number=persona.staff_number,
            name=persona.name,
            email=f"{first}.{last}@{EMAIL_DOMAIN}",
            grade=persona.grade,
            job_title=persona.job_title,
            region=persona.region,
            working_days=list(persona.pattern),
            roles=list(persona.roles),
            line_manager_id=manager.id if manager else None,
            start_date=_start_date(persona, today),
            fte=len(persona.pattern) / 5,
        )
        session.add(employee)
        session.flush()
        by_number[persona.staff_number] = employee
        session.add(
            LeaveYear(
                employee_id=employee.id, start_date=year_start, carried_over=persona.carried_over
            )
        )
        _seed_leave(session, _Planner(employee, today), persona, index, manager)
    return by_number
