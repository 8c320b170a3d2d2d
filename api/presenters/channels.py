"""Channel accounts and leased notifications, as the gateway's routes show them."""

from api.models import Employee
from api.presenters import fill
from api.schemas.channels import AccountOut, ClaimedOut
from api.services.channels import Claimed


def account_out(employee: Employee) -> AccountOut:
    """Who a channel account belongs to."""
    return fill(AccountOut, employee)


def claimed_out(claimed: Claimed) -> ClaimedOut:
    """A notification the gateway now holds, and where to deliver it."""
    notification = claimed.notification
    return fill(
        ClaimedOut, claimed, id=notification.id, kind=notification.kind, text=notification.text
    )
