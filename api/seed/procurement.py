"""Purchase orders, delegated limits and invoices of the synthetic department, relative to today.

Fiona (£25,000, cost centre CC-4100) approves the cost centre's orders; Helen (£100,000) is
next up. Priya raised 4500012345 (awaiting Fiona for 6 working days), 4500012346 (approved and
ordered) and 4500012347 (£38,000, over Fiona's limit, waiting on Helen). Tom and Sam each have
one awaiting Fiona; Tom's 4500012340 has been received. INV-20931 was paid in 21 days and
INV-20932 (received 35 days ago, matched) is late, both against 4500012346; INV-20933 against
Tom's order arrived this week.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from api.core.clock import at_uk_time
from api.domain.calendar import bank_holidays, is_working_day
from api.domain.procurement import Approver, approver_for
from api.models import DelegatedLimit, Employee, Invoice, PurchaseOrder, PurchaseOrderEvent

COST_CENTRE = "CC-4100"
LIMITS = {"100006": (Decimal(25000), COST_CENTRE), "100010": (Decimal(100000), None)}
FIONA, HELEN = "100006", "100010"

# number, requester, supplier, description, value, status, working days ago raised; the
# approver is the first up the chain whose delegated limit covers the value.
ORDERS = (
    ("4500012349", "100005", "Secure Shred Ltd", "Confidential waste collection for 12 months",
     "1900.00", "awaiting_approval", 9),
    ("4500012345", "100001", "Bright Ideas Training Ltd",
     "Facilitation for the policy design sprint", "4800.00", "awaiting_approval", 6),
    ("4500012347", "100001", "Acme Research Ltd", "User research for the benefits review",
     "38000.00", "awaiting_approval", 4),
    ("4500012348", "100002", "Civic Furniture Ltd", "Sit-stand desks for the Cardiff office",
     "6200.00", "awaiting_approval", 2),
    ("4500012346", "100001", "Northern Print Services Ltd",
     "Printing of consultation response packs", "4300.00", "ordered", 45),
    ("4500012340", "100002", "Wales Events Ltd", "Venue for the all-staff conference",
     "9500.00", "received", 30),
)  # fmt: skip
# number, purchase order, amount, status, received (days ago), matched/approved/paid after
INVOICES = (
    ("INV-20931", "4500012346", "2150.00", "paid", 50, (1, 5, 21)),
    ("INV-20932", "4500012346", "2150.00", "matched", 35, (2, None, None)),
)
STEPS = {
    "awaiting_approval": ("awaiting_approval",),
    "ordered": ("awaiting_approval", "approved", "ordered"),
    "received": ("awaiting_approval", "approved", "ordered", "received"),
}


def working_days_before(today: date, count: int) -> date:
    """The working day (England and Wales) `count` working days before `today`."""
    closed = bank_holidays("england", today - timedelta(days=count * 2 + 20), today)
    day, seen = today, 0
    while seen < count:
        day -= timedelta(days=1)
        seen += is_working_day(day, range(5), closed)
    return day


def _at(day: date, hour: int = 10) -> datetime:
    return at_uk_time(day, hour)


def seed_procurement(session: Session, people: dict[str, Employee], today: date) -> None:
    """Add the limits, orders and invoices (the caller commits)."""
    for staff_number, (limit, cost_centre) in LIMITS.items():
        employee_id = people[staff_number].id
        session.add(DelegatedLimit(employee_id=employee_id, limit=limit, cost_centre=cost_centre))
    orders: dict[str, PurchaseOrder] = {}
    chain = [Approver(people[number].id, LIMITS[number][0]) for number in (FIONA, HELEN)]
    by_id = {employee.id: employee for employee in people.values()}
    for number, requester, supplier, description, value, status, ago in ORDERS:
        raised = working_days_before(today, ago)
        found = approver_for(Decimal(value), chain)
        assert found is not None
        approver = by_id[found.employee_id]
        order = PurchaseOrder(
            number=number,
            requester_id=people[requester].id,
            approver_id=approver.id,
            cost_centre=COST_CENTRE,
            supplier=supplier,
            description=description,
            value=Decimal(value),
            status=status,
            created_at=_at(raised, 9),
        )
        for step, reached in enumerate(STEPS[status]):
            by = people[requester] if step == 0 else approver if step == 1 else None
            order.history.append(
                PurchaseOrderEvent(
                    status=reached, at=_at(raised + timedelta(days=2 * step)), by_id=by and by.id
                )
            )
        session.add(order)
        orders[number] = order
    session.flush()
    this_monday = today - timedelta(days=today.weekday())
    rows: list[tuple[str, str, str, str, int | None, tuple[int | None, ...]]] = [
        *INVOICES,
        ("INV-20933", "4500012340", "9500.00", "received", None, (None,) * 3),
    ]
    for number, po_number, amount, status, days_ago, steps in rows:
        received = this_monday if days_ago is None else today - timedelta(days=days_ago)
        matched, approved, paid = (
            None if step is None else received + timedelta(days=step) for step in steps
        )
        session.add(
            Invoice(
                number=number,
                purchase_order_id=orders[po_number].id,
                amount=Decimal(amount),
                status=status,
                received_on=received,
                matched_on=matched,
                approved_on=approved,
                paid_on=paid,
            )
        )
