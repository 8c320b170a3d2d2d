"""Answers for new joiners and everyone, from the knowledge base."""

from fastapi import APIRouter

from api.deps import CurrentEmployee, SessionDep
from api.knowledge import plain_text
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
    """The answer about `topic`: plain English in Markdown paragraphs and lists (`body`), the
    same as plain text (`text`), and the direct yes/no answer (`yes_no`) where there is one."""
    row = knowledge.article(session, topic)
    return KnowledgeArticleOut(
        topic=row.topic,
        title=row.title,
        body=row.body,
        text=plain_text(row.body),
        yes_no=row.yes_no,
        updated_on=row.updated_on,
    )
