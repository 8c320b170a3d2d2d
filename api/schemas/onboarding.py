"""Bodies of the onboarding and knowledge base answers."""

from datetime import date

from pydantic import BaseModel


class OnboardingItemOut(BaseModel):
    """One item of a new joiner's checklist."""

    code: str
    title: str
    description: str
    due_on: date
    done_on: date | None
    overdue: bool
    self_service: bool


class OnboardingOut(BaseModel):
    """A new joiner's checklist, in order."""

    start_date: date
    items: list[OnboardingItemOut]


class KnowledgeTopicOut(BaseModel):
    """A topic of the knowledge base."""

    topic: str
    title: str


class KnowledgeArticleOut(KnowledgeTopicOut):
    """An answer in plain English (Markdown paragraphs and lists)."""

    body: str
    updated_on: date
