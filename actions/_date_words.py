"""The words of British English dates: a message cleaned up and cut into date tokens.

`tokens("from the 21st to the 23rd of Decmber")` gives a day 21, a range joiner, a day 23 and
the month 12: the grammar that joins them is `actions._dates`. Misspelt weekdays and months
("wensday", "Janaury") are corrected when they are close to exactly one of them; words that are
also ordinary English ("may", "sun", "mar") are dates only beside a day number (the grammar's
`Expr.ambiguous`).
"""

from __future__ import annotations

import calendar
import difflib
import functools
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "day",  # a day of the month: value = 1..31
    "month",  # value = 1..12
    "year",  # value = e.g. 2027
    "weekday",  # value = 0 (Monday)..6
    "numeric",  # a whole date in figures: value = (day, month, year or None)
    "relative",  # today, tomorrow...: value = days from today
    "modifier",  # next, this, last: value = the word
    "week",  # "week" (after a modifier it is a whole week)
    "week_of",  # "w/c", "week commencing", "the week of"
    "plus_week",  # "Friday week", "a week on Friday"
    "range",  # to, until, -, through
    "list",  # and, ",", &
    "between",
    "portion",  # value = am, pm or half
    "filler",  # the, of, on, from: ignored
    "word",  # anything else: it separates dates
]


@dataclass(frozen=True)
class Token:
    """One word of a message, as the date grammar sees it.

    Attributes:
        kind: What the word is to a date.
        value: Its value (see `Kind`), or None.
        strong: For a day: written as an ordinal ("21st") or after "the", so it is a date alone.
        text: The word as written (after corrections).
    """

    kind: Kind
    value: object = None
    strong: bool = False
    text: str = ""


WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)} | {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
MONTHS: dict[str, int] = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if i}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if i}
    | {"sept": 9}
)
# Words that are also ordinary English: a date only beside a day number.
AMBIGUOUS = frozenset({"may", "mar", "sun", "sat", "wed"})
_RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1, "dayaftertomorrow": 2}
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_RANGE = {"to", "too", "until", "till", "til", "through", "thru", "-", "–", "—"}
_LIST = {"and", ",", "&", "+", "plus"}
_FILLERS = {"the", "of", "on", "from", "for", "in", "at", "off", "is", "'s", "s"}
_MODIFIERS = {"next": "next", "nxt": "next", "this": "this", "coming": "this", "last": "last"}
_PORTIONS = {
    "morning": "am", "am": "am", "afternoon": "pm", "pm": "pm", "lunchtime": "pm",
    "lunch": "pm", "half": "half",
}  # fmt: skip
# Typos are corrected only towards these words, and only when one is clearly nearest.
_CORRECTABLE = [
    *(name.lower() for name in calendar.day_name),
    *(name.lower() for name in calendar.month_name[1:] if len(name) > 4),
    "tomorrow",
]
_PHRASES = [
    (r"\ba\.m\.?", " morning "),
    (r"\bp\.m\.?", " afternoon "),
    (r"\bhalf-day\b", "half day"),
    (r"\bw/[cb]\b|\bwc\b|\bw/c\b", " weekof "),
    (r"\bweek\s+(?:commencing|beginning|starting|of)\b", " weekof "),
    (r"\bweek\s+after\s+next\b", " weekafternext "),
    (r"\b(?:the\s+)?day\s+after\s+tomorrow\b", " dayaftertomorrow "),
    (r"\ba\s+week\s+on\s+(\w+)", r" \1 plusweek "),
    (r"\bthrough\s+to\b", " to "),
    (r"\b(?:xmas|christmas)\s+eve\b", " 24/12 "),
    (r"\b(?:xmas|christmas)\s+day\b", " 25/12 "),
    (r"\bboxing\s+day\b", " 26/12 "),
    (r"\bnew\s+year'?s?\s+eve\b", " 31/12 "),
    (r"\bnew\s+year'?s?\s+day\b", " 1/1 "),
    (
        r"\b(twenty|thirty)[\s-]+(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b",
        None,
    ),
]
_DATE_KINDS = frozenset({"day", "month", "year", "weekday", "numeric", "relative"})
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?")
_DMY_DASHED = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
_TIME = re.compile(r"\d{1,2}(?::\d{2})?(am|pm)")


def normalise(text: str) -> str:
    """Lower case, British quotes, phrases made single words, dashes and commas spaced out."""
    lowered = " " + text.lower().replace("’", "'") + " "
    # Only ASCII figures are dates: "¹" or "٣" is not a day of the month.
    lowered = re.sub(r"[^\x00-\x7f–—]", " ", lowered)
    for pattern, replacement in _PHRASES:
        if replacement is None:
            lowered = re.sub(pattern, _tens_and_units, lowered)
        else:
            lowered = re.sub(pattern, replacement, lowered)
    lowered = re.sub(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", r"\3/\2/\1", lowered)
    lowered = re.sub(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b", r"\1/\2/\3", lowered)
    lowered = re.sub(r"(?<=\d)(st|nd|rd|th)?\s*([-–—])\s*(?=\d)", r"\1 \2 ", lowered)
    lowered = re.sub(r"(?<=[a-z])\s*([-–—])\s*(?=[a-z\d])", r" \1 ", lowered)
    lowered = re.sub(r"(?<=[a-z\d])([-–—])(?=[a-z])", r" \1 ", lowered)
    lowered = re.sub(r"([,&+!?;:()])", r" \1 ", lowered)
    lowered = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", lowered)
    lowered = re.sub(r"[^\w/\-–—.,&+' ]", " ", lowered)
    return " ".join(lowered.split())


def _tens_and_units(match: re.Match[str]) -> str:
    tens = 20 if match[1] == "twenty" else 30
    return f" {tens + _ORDINAL_WORDS[match[2]]}th "


def tokens(text: str) -> list[Token]:
    """The message as date tokens, in order."""
    words = normalise(text).split()
    result: list[Token] = []
    for i, word in enumerate(words):
        after_the = i > 0 and words[i - 1] == "the"
        token = _token(word.strip("'"), after_the)
        if word == "am" and not (result and result[-1].kind in _DATE_KINDS):
            token = Token("word")  # "I am off", not "4 Dec am"
        result.append(token)
    return result


def _token(word: str, after_the: bool) -> Token:
    if word in WEEKDAYS:
        return Token("weekday", WEEKDAYS[word], text=word)
    if word in MONTHS:
        return Token("month", MONTHS[word], text=word)
    if word in _RELATIVE:
        return Token("relative", _RELATIVE[word])
    if word in _MODIFIERS:
        return Token("modifier", _MODIFIERS[word])
    if word in _PORTIONS:
        return Token("portion", _PORTIONS[word])
    if word in _RANGE:
        return Token("range")
    if word in _LIST:
        return Token("list")
    if word in _FILLERS:
        return Token("filler")
    if word == "between":
        return Token("between")
    if word == "week":
        return Token("week")
    if word == "weekof":
        return Token("week_of")
    if word == "weekafternext":
        return Token("modifier", "after next")
    if word == "plusweek":
        return Token("plus_week")
    if word in _ORDINAL_WORDS:
        return Token("day", _ORDINAL_WORDS[word])
    figures = _figures(word, after_the)
    if figures is not None:
        return figures
    corrected = _corrected(word)
    return _token(corrected, after_the) if corrected else Token("word")


def _figures(word: str, after_the: bool) -> Token | None:
    if match := _ISO.fullmatch(word):
        return Token("numeric", (int(match[3]), int(match[2]), int(match[1])))
    if (match := _DMY_DASHED.fullmatch(word)) or (match := _DMY.fullmatch(word)):
        year = match[3]
        full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
        return Token("numeric", (int(match[1]), int(match[2]), full_year))
    if match := _ORDINAL.fullmatch(word):
        return Token("day", int(match[1]), strong=True) if 1 <= int(match[1]) <= 31 else None
    if match := _TIME.fullmatch(word):
        return Token("portion", match[1])
    if word.isdecimal() and len(word) == 4 and 1900 < int(word) < 2200:
        return Token("year", int(word))
    if word.isdecimal() and len(word) <= 2 and 1 <= int(word) <= 31:
        return Token("day", int(word), strong=after_the)
    return None


@functools.lru_cache(maxsize=4096)
def _corrected(word: str) -> str | None:
    """The weekday, month or "tomorrow" a misspelt word is closest to, if clearly one."""
    if len(word) < 5 or not word.isalpha():
        return None
    close = difflib.get_close_matches(word, _CORRECTABLE, n=2, cutoff=0.75)
    if not close or close[0][0] != word[0]:
        return None
    if len(close) == 2 and _similarity(word, close[1]) == _similarity(word, close[0]):
        return None
    return close[0]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
