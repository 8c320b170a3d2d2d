"""Typed async client of the Shared Services API, with its models and exceptions."""

from actions.api_client._client import ApiClient
from actions.api_client._errors import (
    ApiError,
    ApiRefusal,
    ApiUnavailable,
    NotAuthorised,
    NotFound,
)
from actions.api_client._models import (
    BankHoliday,
    BankHolidays,
    Decision,
    LeaveBalance,
    LeaveQuote,
    LeaveRequest,
    LeaveRequestIn,
    LeaveStatus,
    LeaveType,
    Me,
    Portion,
    StaffRef,
)

__all__ = [
    "ApiClient",
    "ApiError",
    "ApiRefusal",
    "ApiUnavailable",
    "BankHoliday",
    "BankHolidays",
    "Decision",
    "LeaveBalance",
    "LeaveQuote",
    "LeaveRequest",
    "LeaveRequestIn",
    "LeaveStatus",
    "LeaveType",
    "Me",
    "NotAuthorised",
    "NotFound",
    "Portion",
    "StaffRef",
]
