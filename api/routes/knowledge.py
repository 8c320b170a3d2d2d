"""Answers for new joiners and everyone, from the knowledge base."""

from fastapi import APIRouter

from api.deps import CurrentEmployee, SessionDep
from api.presenters.knowledge import article_out, topic_out
from api.schemas.common import ErrorBody
from api.schemas.onboarding import KnowledgeArticleOut, KnowledgeTopicOut
from api.services import knowledge

router = APIRouter(
    prefix="/v1/knowledge", tags=["knowledge"], responses={401: {"model": ErrorBody}}
)


@router.get("")
def list_topics(_employee: CurrentEmployee, session: SessionDep) -> list[KnowledgeTopicOut]:
    """Every topic with an answer, by topic name."""
    return [topic_out(article) for article in knowledge.topics(session)]


@router.get("/{topic}", responses={404: {"model": ErrorBody}})
def answer(topic: str, _employee: CurrentEmployee, session: SessionDep) -> KnowledgeArticleOut:
    """The answer about `topic`: plain English in Markdown paragraphs and lists (`body`), the
    same as plain text (`text`), and the direct yes/no answer (`yes_no`) where there is one."""
    return article_out(knowledge.article(session, topic))
