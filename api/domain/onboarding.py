"""A new joiner's checklist: what to do, by when, and who can tick it off."""

from dataclasses import dataclass
from datetime import date, timedelta

from api.domain.errors import Conflict


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a new joiner (or HR) must do, due `due_days` after the start date."""

    code: str
    title: str
    description: str
    due_days: int
    self_service: bool = True


CHECKLIST = (
    ChecklistItem(
        "bpss_check",
        "BPSS security check",
        "HR checks your identity, right to work, employment history and any unspent criminal "
        "records. HR ticks this off when the check is complete.",
        0,
        self_service=False,
    ),
    ChecklistItem(
        "collect_laptop",
        "Collect your laptop",
        "Collect your laptop and security token from the IT service desk and sign in for the "
        "first time.",
        0,
    ),
    ChecklistItem(
        "meet_line_manager",
        "Meet your line manager",
        "Have a first conversation with your line manager about your role, your working pattern "
        "and your probation objectives.",
        2,
    ),
    ChecklistItem(
        "bank_details",
        "Give your bank details for payroll",
        "Enter your bank or building society details in the HR system so that you're paid on time.",
        2,
    ),
    ChecklistItem(
        "building_pass",
        "Get your building pass",
        "Book a photo and collect your building pass from reception or the security team.",
        4,
    ),
    ChecklistItem(
        "mandatory_learning",
        "Complete mandatory learning",
        "Complete the mandatory courses on Civil Service Learning, including security, data "
        "protection and health and safety.",
        28,
    ),
    ChecklistItem(
        "pension_choice",
        "Choose your pension",
        "You're enrolled in the alpha pension scheme. If you'd rather have the partnership "
        "pension account, tell HR within 3 months of joining.",
        90,
    ),
)
BY_CODE = {item.code: item for item in CHECKLIST}


def due_on(item: ChecklistItem, start: date) -> date:
    """When the item is due for someone starting on `start`."""
    return start + timedelta(days=item.due_days)


def is_overdue(due: date, done_on: date | None, today: date) -> bool:
    """Not done and past its due date."""
    return done_on is None and due < today


def check_can_complete(self_service: bool, title: str) -> None:
    """Refuse to let a new joiner tick off something only HR can.

    Raises:
        Conflict: `not_self_service`.
    """
    if not self_service:
        raise Conflict(
            "not_self_service",
            f"{title} is ticked off by HR when it's complete, so you can't mark it done yourself.",
        )
