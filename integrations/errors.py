"""Errors the gateway raises when an upstream lets it down.

```
GatewayError
├── RasaUnavailable      Rasa refused the connection, timed out or answered nonsense
├── ApiUnavailable       the Shared Services API is down or answered 5xx
├── SignInRejected       the API refused the caller's access token, or the intranet's
│                        OpenID Connect token failed its checks
├── UnknownPerson        a Slack, Teams or intranet user nobody in the department is linked to
└── IdentityProviderUnavailable   the intranet's identity provider's keys could not be fetched
```

Routes turn these into honest HTTP answers (503 or 401); nothing is changed when they happen.
"""


class GatewayError(Exception):
    """Base class of the gateway's upstream errors."""


class RasaUnavailable(GatewayError):
    """Rasa did not answer a turn in time or answered something unusable."""


class ApiUnavailable(GatewayError):
    """The Shared Services API could not be reached or failed."""


class SignInRejected(GatewayError):
    """The API did not accept the caller's access token (expired, forged or unknown)."""


class UnknownPerson(GatewayError):
    """A channel user who is not linked to an employee and could not be linked by email."""


class IdentityProviderUnavailable(GatewayError):
    """The intranet's OpenID Connect provider (its discovery document or keys) did not answer."""
