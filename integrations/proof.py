"""A channel's claim of who is talking, the one thing each channel brings to a turn."""

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Channel = Literal["web", "slack", "teams"]


@dataclass(frozen=True)
class Proof:
    """Who is talking, as the channel has verified it.

    Attributes:
        channel: `web`, `slack` or `teams`.
        subject: web: the person's access token (the API verifies it), or with `verified`
            the intranet account `oidc:<email>` (the gateway checked the intranet's OpenID
            Connect token, `integrations/oidc.py`); Slack: `team:user` (the request's signature
            proved it); Teams: the Entra object id (the Bot Framework token proved it).
        address: how to reach this person on this channel later, for proactive messages
            (Slack: the user and DM channel; Teams: the conversation reference; web: none).
        verified: the gateway itself verified who this is (an intranet account on the web).
    """

    channel: Channel
    subject: str
    address: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    verified: bool = False

    @property
    def key(self) -> str:
        """A cache key that names the proof without storing it (a hash of the token)."""
        kind = "account" if self.verified else "proof"
        return hashlib.sha256(f"{self.channel}|{kind}|{self.subject}".encode()).hexdigest()

    @property
    def is_token(self) -> bool:
        """Whether `subject` is an access token to verify (web) rather than a platform id."""
        return self.channel == "web" and not self.verified
