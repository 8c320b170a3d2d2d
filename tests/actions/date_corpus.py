"""The corpus of British leave-date phrasings (`data/date_corpus.tsv`) and how a reading is scored.

Plain Python with no project imports, so `scripts/experiments/date_readers.py` can score other
libraries on it from a throwaway environment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "date_corpus.tsv"
HOLDOUT = Path(__file__).parent / "data" / "date_holdout.tsv"
TODAY = dt.date(2026, 11, 25)  # the corpus is written as of this Wednesday


@dataclass(frozen=True)
class Phrase:
    """One phrasing and what the person means by it.

    Attributes:
        text: What they wrote.
        start: The first day meant, None when the text has no dates.
        end: The last day meant.
        portion: `full`, `am`, `pm`, or `half` (a half day, morning or afternoon not said).
        context: The month of the dates read in the previous turn, for corrections.
        group: The kind of phrasing (single, range, list, week, half, typo, context, past, none).
    """

    text: str
    start: dt.date | None
    end: dt.date | None
    portion: str
    context: tuple[int, int] | None
    group: str


def load(path: Path = CORPUS) -> list[Phrase]:
    """Every phrasing of the corpus (or of the held-out set)."""
    phrases = []
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    for line in lines[1:]:
        text, start, end, portion, context, group = (line.split("\t") + [""] * 6)[:6]
        year, _, month = context.partition("-")
        phrases.append(
            Phrase(
                text=text,
                start=None if start == "-" else dt.date.fromisoformat(start),
                end=None if start == "-" else dt.date.fromisoformat(end),
                portion=portion or "full",
                context=(int(year), int(month)) if context else None,
                group=group,
            )
        )
    return phrases


Reading = tuple[dt.date, dt.date, str] | None


def is_right(phrase: Phrase, reading: Reading) -> bool:
    """Whether a reading (start, end, portion; None for no dates) is what the person meant."""
    if phrase.start is None:
        return reading is None
    if reading is None:
        return False
    start, end, portion = reading
    return (start, end) == (phrase.start, phrase.end) and (
        portion == phrase.portion or phrase.start != phrase.end
    )
