"""Queries on the knowledge base's articles."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import KnowledgeArticle


def all_by_topic(session: Session) -> list[KnowledgeArticle]:
    """Every article, by topic."""
    return list(session.scalars(select(KnowledgeArticle).order_by(KnowledgeArticle.topic)))


def by_topic(session: Session, topic: str) -> KnowledgeArticle | None:
    """The article on `topic`, if there is one."""
    return session.scalar(select(KnowledgeArticle).where(KnowledgeArticle.topic == topic))
