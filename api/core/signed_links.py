"""Short-lived signed links to an employee's documents.

A browser opening a P60 from a chat message can't send a bearer token, so the API hands out
links that carry their own proof instead, as pre-signed storage URLs do: the staff number,
the document, an expiry time and an HMAC-SHA256 signature over all of them with a key derived
from `JWT_SECRET`. The link works for `LINK_MINUTES` and for nothing else.
"""

import hashlib
import hmac
from datetime import datetime, timedelta
from urllib.parse import urlencode

from api.core.config import ApiSettings

LINK_MINUTES = 10
_PURPOSE = b"ask-shared-services:document-link:v1:"


def _key(settings: ApiSettings) -> bytes:
    return hashlib.sha256(_PURPOSE + settings.jwt_secret.get_secret_value().encode()).digest()


def _signature(settings: ApiSettings, staff: str, kind: str, tax_year: str, expires: int) -> str:
    message = f"{staff}|{kind}|{tax_year}|{expires}".encode()
    return hmac.new(_key(settings), message, hashlib.sha256).hexdigest()


def sign_tax_document(
    settings: ApiSettings, *, staff: str, kind: str, tax_year: str, now: datetime
) -> tuple[str, datetime]:
    """A path (with query) that opens one tax document without a token, and when it expires."""
    expires_at = now + timedelta(minutes=LINK_MINUTES)
    expires = int(expires_at.timestamp())
    query = urlencode(
        {
            "staff": staff,
            "expires": expires,
            "signature": _signature(settings, staff, kind, tax_year, expires),
        }
    )
    return f"/v1/documents/tax/{kind}/{tax_year}?{query}", expires_at


def verify_tax_document(
    settings: ApiSettings,
    *,
    staff: str,
    kind: str,
    tax_year: str,
    expires: int,
    signature: str,
    now: datetime,
) -> bool:
    """Whether a signed link is genuine and still in date."""
    if now.timestamp() > expires:
        return False
    expected = _signature(settings, staff, kind, tax_year, expires)
    return hmac.compare_digest(expected, signature)
