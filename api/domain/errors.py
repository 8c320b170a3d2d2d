"""What the rules and the services refuse, for programs (`code`) and for people (`message`).

    DomainError
    ├── NotFound        nothing there, or nothing the caller may see (never says which)
    ├── Conflict        the thing's state forbids it: already decided, key used for another body
    ├── RuleBroken      the request breaks a rule: a date in the past, over a limit
    ├── Forbidden       it is someone else's to do: over a delegated limit
    └── Unauthorised    who is asking can't be trusted: a wrong key or token

Nothing here knows about HTTP: `api.errors` maps each kind to a status, in one place.
"""

DEFAULT_NOT_FOUND = "We couldn't find that."


class DomainError(Exception):
    """A refusal with a snake_case `code` (stable, for programs) and a plain-English `message`."""

    def __init__(self, code: str, message: str) -> None:
        """Keep the code (for programs) and the message (for people)."""
        super().__init__(message)
        self.code = code
        self.message = message


class NotFound(DomainError):
    """Nothing there, or nothing the caller may see: the two answer alike."""

    def __init__(self, message: str = DEFAULT_NOT_FOUND, code: str = "not_found") -> None:
        """A `not_found` refusal saying what wasn't found."""
        super().__init__(code, message)


class Conflict(DomainError):
    """The thing's current state forbids the change (it has already been decided, say)."""


class RuleBroken(DomainError):
    """The request breaks a rule; nothing was changed."""


class Forbidden(DomainError):
    """The caller may see the thing but it is someone else's to do."""


class Unauthorised(DomainError):
    """The caller's credentials are missing, wrong or no longer valid."""
