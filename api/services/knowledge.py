"""The knowledge base: answers stored in the database, loaded from `api/knowledge/*.md`."""

from datetime import date

from sqlalchemy.orm import Session

from api.domain.errors import NotFound
from api.knowledge import Article
from api.models import KnowledgeArticle
from api.repositories import knowledge as articles

NO_ANSWER = "We don't have an answer about that yet."


def topics(session: Session) -> list[KnowledgeArticle]:
    """Every article, by topic."""
    return articles.all_by_topic(session)


def article(session: Session, topic: str) -> KnowledgeArticle:
    """One article.

    Raises:
        NotFound: for an unknown topic.
    """
    found = articles.by_topic(session, topic)
    if found is None:
        raise NotFound(NO_ANSWER)
    return found


def upsert(session: Session, articles: list[Article], today: date) -> int:
    """Add new articles and update changed ones (the caller commits).

    Returns:
        How many were added or changed; unchanged ones keep their `updated_on`.
    """
    existing = {row.topic: row for row in topics(session)}
    changed = 0
    for item in articles:
        row = existing.get(item.topic)
        if row is None:
            session.add(
                KnowledgeArticle(
                    topic=item.topic,
                    title=item.title,
                    body=item.body,
                    yes_no=item.yes_no,
                    updated_on=today,
                )
            )
        elif (row.title, row.body, row.yes_no) != (item.title, item.body, item.yes_no):
            row.title, row.body, row.yes_no, row.updated_on = (
                item.title,
                item.body,
                item.yes_no,
                today,
            )
        else:
            continue
        changed += 1
    return changed
