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
    """An answer in plain English: `body` in Markdown (paragraphs, `##` subheadings, lists),
    `text` the same with the Markdown removed, for chats that show plain text; `yes_no` the
    direct answer to the topic's usual yes/no question, if it has one."""

    body: str
    text: str
    yes_no: str | None
    updated_on: date
