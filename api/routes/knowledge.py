"""Answers for new joiners and everyone, from the knowledge base."""

from fastapi import APIRouter

from api.deps import CurrentEmployee, SessionDep
from api.schemas import ErrorBody
from api.schemas.onboarding import KnowledgeArticleOut, KnowledgeTopicOut
from api.services import knowledge

router = APIRouter(
    prefix="/v1/knowledge", tags=["knowledge"], responses={401: {"model": ErrorBody}}
)


@router.get("")
def list_topics(_employee: CurrentEmployee, session: SessionDep) -> list[KnowledgeTopicOut]:
    """Every topic with an answer, by topic name."""
    return [
        KnowledgeTopicOut(topic=row.topic, title=row.title) for row in knowledge.topics(session)
    ]


@router.get("/{topic}", responses={404: {"model": ErrorBody}})
def answer(topic: str, _employee: CurrentEmployee, session: SessionDep) -> KnowledgeArticleOut:
    """The answer about `topic`: plain English in Markdown paragraphs and lists."""
    row = knowledge.article(session, topic)
    return KnowledgeArticleOut(
        topic=row.topic, title=row.title, body=row.body, updated_on=row.updated_on
    )
