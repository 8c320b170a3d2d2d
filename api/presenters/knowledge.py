"""The knowledge base's topics and answers, as the API shows them."""

from api.knowledge import plain_text
from api.models import KnowledgeArticle
from api.presenters import fill
from api.schemas.onboarding import KnowledgeArticleOut, KnowledgeTopicOut


def topic_out(article: KnowledgeArticle) -> KnowledgeTopicOut:
    """A topic with an answer."""
    return fill(KnowledgeTopicOut, article)


def article_out(article: KnowledgeArticle) -> KnowledgeArticleOut:
    """The answer about one topic, its body also as plain text."""
    return fill(KnowledgeArticleOut, article, text=plain_text(article.body))
