"""Exceptions raised by the API client.

The hierarchy::

    ApiError                 anything that stopped a call from giving a usable answer
    ├── ApiRefusal           a 4xx answer: the API's `code` and plain-English `message`
    │   ├── NotAuthorised    401 / 403: the token is missing, expired or not allowed
    │   └── NotFound         404: no such thing (or not one the caller may see)
    └── ApiUnavailable       5xx, timeout, connection refused, or an unreadable answer
        └── ApiTimedOut      the request went out but no answer came in time

Nothing was changed at the API when `ApiUnavailable` is raised for a refused connection; for a
timeout the API may have acted, which is why bookings carry an idempotency key.
"""

from __future__ import annotations


class ApiError(Exception):
    """Base class of every error the API client raises."""


class ApiRefusal(ApiError):
    """The API refused the request (4xx) and said why.

    Attributes:
        status_code: The HTTP status code.
        code: The API's snake_case error code, e.g. `insufficient_balance`.
        message: The API's plain-English explanation, fit to show a civil servant.
    """

    def __init__(self, status_code: int, code: str, message: str) -> None:
        super().__init__(f"{status_code} {code}: {message}")
        self.status_code = status_code
        self.code = code
        self.message = message


class NotAuthorised(ApiRefusal):
    """The token was refused (401) or does not allow this (403)."""


class NotFound(ApiRefusal):
    """The thing asked for does not exist or is not the caller's to see (404)."""


class ApiUnavailable(ApiError):
    """The API did not answer usefully: a 5xx, a timeout or no connection."""


class ApiTimedOut(ApiUnavailable):
    """The request was sent but its answer did not come in time: the API may have acted on it."""
