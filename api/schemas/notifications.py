"""Bodies of the notifications answers."""

from datetime import datetime

from pydantic import BaseModel


class NotificationOut(BaseModel):
    """A message waiting for the employee."""

    id: int
    kind: str
    text: str
    created_at: datetime
