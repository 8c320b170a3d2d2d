"""The knowledge base's answers, one Markdown file per topic (`# Title`, then the body).

They are loaded into the `knowledge_articles` table by the seed and by
`python -m api.cli load-knowledge`, so answers can be edited without retraining the assistant.
"""

from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
TOPICS = (
    "laptop",
    "building_pass",
    "pension",
    "mandatory_training",
    "probation",
    "flexible_working",
    "hybrid_working",
    "security_clearance",
    "bank_details",
    "email_on_phone",
    "civil_service_learning",
)


@dataclass(frozen=True)
class Article:
    """One answer."""

    topic: str
    title: str
    body: str


def parse(topic: str, text: str) -> Article:
    """Split a Markdown answer into its `# Title` and its body.

    Raises:
        ValueError: The text doesn't start with a `# ` title.
    """
    first, _, rest = text.strip().partition("\n")
    if not first.startswith("# "):
        raise ValueError(f"{topic}: an answer must start with a '# Title' line")
    return Article(topic=topic, title=first[2:].strip(), body=rest.strip())


def load_all(folder: Path = FOLDER) -> list[Article]:
    """Every `*.md` answer in `folder`, by topic name."""
    return [
        parse(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.md"))
    ]
