"""What "today" means to the API: the date in the UK."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk_today() -> date:
    """Today's date in the UK."""
    return datetime.now(UK).date()
