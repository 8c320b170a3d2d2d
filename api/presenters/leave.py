"""Leave balances, quotes, requests and bank holidays, as the API shows them."""

from datetime import date

from api.domain.leave import Balance, Quote, can_cancel
from api.models import Employee, LeaveRequest
from api.presenters import fill
from api.schemas.leave import BalanceOut, BankHolidayOut, BankHolidaysOut, LeaveRequestOut, QuoteOut


def balance_out(balance: Balance) -> BalanceOut:
    """Annual leave of one leave year, in days."""
    return fill(BalanceOut, balance)


def quote_out(quote: Quote, approver: Employee | None) -> QuoteOut:
    """What a request would cost and leave, and who would decide it."""
    return fill(QuoteOut, quote, approver=approver)


def request_out(request: LeaveRequest, today: date) -> LeaveRequestOut:
    """A leave request and where it has got to, as of `today` (for whether it can be cancelled)."""
    owner = request.employee
    return fill(
        LeaveRequestOut,
        request,
        staff_number=owner.staff_number,
        employee_name=owner.name,
        cancellable=can_cancel(request.status, request.start_date, today),
    )


def bank_holidays_out(region: str, holidays: list[tuple[date, str]]) -> BankHolidaysOut:
    """The next bank holidays where someone works."""
    return BankHolidaysOut(
        region=region, holidays=[BankHolidayOut(date=day, name=name) for day, name in holidays]
    )
