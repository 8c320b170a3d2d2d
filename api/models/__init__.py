"""Database tables, as typed SQLAlchemy 2 models, one module per skill. The schema itself comes
from Alembic.

Importing this package registers every table on `Base.metadata` (Alembic compares against it).
A model module imports its neighbours directly (`api.models.base`, `api.models.employees`),
never through this package.
"""

from api.models.base import Base, Money, UtcDateTime
from api.models.channels import ChannelEvent, ChannelIdentity
from api.models.conversation_events import ConversationEvent
from api.models.employees import Employee
from api.models.expenses import ExpenseClaim
from api.models.idempotency import IdempotencyKey
from api.models.leave import LeaveRequest, LeaveYear
from api.models.notifications import Notification
from api.models.onboarding import KnowledgeArticle, OnboardingItem
from api.models.pay import Payslip, PayslipLine, TaxableBenefit
from api.models.procurement import DelegatedLimit, Invoice, PurchaseOrder, PurchaseOrderEvent

__all__ = [
    "Base",
    "ChannelEvent",
    "ChannelIdentity",
    "ConversationEvent",
    "DelegatedLimit",
    "Employee",
    "ExpenseClaim",
    "IdempotencyKey",
    "Invoice",
    "KnowledgeArticle",
    "LeaveRequest",
    "LeaveYear",
    "Money",
    "Notification",
    "OnboardingItem",
    "Payslip",
    "PayslipLine",
    "PurchaseOrder",
    "PurchaseOrderEvent",
    "TaxableBenefit",
    "UtcDateTime",
]
