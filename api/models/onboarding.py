"""New joiners' checklists and the knowledge base's answers."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base


class OnboardingItem(Base):
    """One item of a new joiner's checklist."""

    __tablename__ = "onboarding_items"
    __table_args__ = (UniqueConstraint("employee_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    self_service: Mapped[bool] = mapped_column(Boolean)


class KnowledgeArticle(Base):
    """An answer people can read, editable without retraining the assistant."""

    __tablename__ = "knowledge_articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # The direct answer to the topic's usual yes/no question ("Yes. You can carry ..."), if any.
    yes_no: Mapped[str | None] = mapped_column(Text)
    updated_on: Mapped[date] = mapped_column(Date)
