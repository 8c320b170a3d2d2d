"""The knowledge base's answers, one Markdown file per topic.

A file is an optional front matter, a `# Title` line, then the body in short paragraphs, `##`
subheadings and `-` lists:

    ---
    yes_no: Yes. You can carry up to {{carry_over_cap}} days into the next leave year.
    ---
    # Carrying over annual leave
    ...

`yes_no` is the direct answer to the yes/no question people usually ask about the topic; the
assistant puts it first when the question was one. `{{name}}` is a figure from the rules in
`api/domain/` (`FIGURES`), so an answer never restates a number the rules hold.

They are loaded into the `knowledge_articles` table by the seed and by
`python -m api.cli load-knowledge`, so answers can be edited without retraining the assistant.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from api.domain import expenses, leave

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
    "annual_leave",
    "carry_over",
    "bank_holiday_rules",
    "part_time_leave",
    "half_days",
    "sickness_during_leave",
    "special_leave",
    "grievance",
    "raising_a_po",
    "expenses_policy",
)


def _day_month(day: date) -> str:
    return f"{day.day} {day:%B}"


def _amount(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


_ANY_DAY = date(2001, 6, 1)
FIGURES: dict[str, str] = {
    "leave_year_start": _day_month(leave.leave_year_start(_ANY_DAY)),
    "leave_year_end": _day_month(leave.leave_year_end(_ANY_DAY)),
    "base_entitlement": str(leave.BASE_ENTITLEMENT),
    "max_entitlement": str(leave.MAX_ENTITLEMENT),
    "years_to_max": str(leave.MAX_ENTITLEMENT - leave.BASE_ENTITLEMENT),
    "full_week": str(leave.FULL_WEEK),
    "carry_over_cap": str(leave.CARRY_OVER_CAP),
    "part_time_example": f"{leave.pro_rata(leave.BASE_ENTITLEMENT, 3):g}",
    "limit_subsistence": _amount(expenses.LIMITS["subsistence"]),
    "limit_accommodation": _amount(expenses.LIMITS["accommodation"]),
    "limit_other": _amount(expenses.LIMITS["other"]),
    "receipt_threshold": _amount(expenses.RECEIPT_THRESHOLD),
    "max_age_months": str(expenses.MAX_AGE_MONTHS),
}
_FIGURE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


@dataclass(frozen=True)
class Article:
    """One answer."""

    topic: str
    title: str
    body: str
    yes_no: str | None = None


def fill_figures(topic: str, text: str) -> str:
    """Replace each `{{name}}` with the rules' figure.

    Raises:
        ValueError: A name that isn't in `FIGURES`.
    """

    def figure(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in FIGURES:
            raise ValueError(f"{topic}: no figure called {name!r}")
        return FIGURES[name]

    return _FIGURE.sub(figure, text)


def parse(topic: str, text: str) -> Article:
    """Split a Markdown answer into its front matter, `# Title` and body, figures filled in.

    Raises:
        ValueError: No `# ` title line, an unknown front-matter key or an unknown figure.
    """
    text = fill_figures(topic, text.strip())
    fields: dict[str, str] = {}
    front = _FRONT_MATTER.match(text + "\n")
    if front:
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            if key.strip() != "yes_no" or not value.strip():
                raise ValueError(f"{topic}: unknown front matter line {line!r}")
            fields[key.strip()] = value.strip()
        text = text[front.end() :].strip()
    first, _, rest = text.partition("\n")
    if not first.startswith("# "):
        raise ValueError(f"{topic}: an answer must start with a '# Title' line")
    return Article(
        topic=topic, title=first[2:].strip(), body=rest.strip(), yes_no=fields.get("yes_no")
    )


def load_all(folder: Path = FOLDER) -> list[Article]:
    """Every `*.md` answer in `folder`, by topic name."""
    return [
        parse(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.md"))
    ]


_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")


def plain_text(markdown: str) -> str:
    """Markdown as plain text any chat can show: no `#`, `*` or link syntax left.

    Headings become lines of their own, list items start with "• ", links read "words
    (address)", emphasis is dropped; paragraphs stay apart by a blank line.
    """
    lines: list[str] = []
    for raw in markdown.strip().splitlines():
        line = raw.rstrip()
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if heading:
            line = heading.group(1).strip()
        elif bullet:
            line = "• " + bullet.group(1).strip()
        line = _LINK.sub(r"\1 (\2)", line)
        line = _EMPHASIS.sub(r"\2", line)
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
