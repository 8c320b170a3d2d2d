"""The rule violations the API explains to people."""


class LeaveRuleError(Exception):
    """A request breaks a rule. Carries a snake_case `code` and a plain-English `message`."""

    def __init__(self, code: str, message: str) -> None:
        """Keep the code (for programs) and the message (for people)."""
        super().__init__(message)
        self.code = code
        self.message = message


class PolicyError(LeaveRuleError):
    """A request breaks a rule of pay, expenses, procurement or onboarding (same answer shape)."""
