"""The date reader on the corpus of British phrasings (`data/date_corpus.tsv`, reports/dates.md).

The corpus was written before any reader was measured on it, the held-out set after the reader
was built; the reader must read at least 97% of every kind of phrasing in each as the person
meant it, and never find dates where there are none.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from actions._dates import DateContext, DateRequest, parse_date_request
from tests.actions.date_corpus import HOLDOUT, TODAY, Phrase, Reading, is_right, load

PASS_MARK = 0.97


def reading_of(phrase: Phrase) -> Reading:
    context = DateContext(*phrase.context) if phrase.context else None
    request = parse_date_request(phrase.text, TODAY, context)
    if request is None or request.end is None:
        return None
    return request.start, request.end, request.portion or "half"


def test_the_corpus_is_big_enough_and_covers_every_kind_of_phrasing() -> None:
    phrases = load()
    groups = {p.group for p in phrases}

    assert len(phrases) >= 200
    assert groups >= {"single", "range", "list", "week", "half", "typo", "context", "none"}


@pytest.mark.parametrize("which", ["corpus", "held-out set"])
def test_the_reader_reads_the_corpus_as_people_mean_it(which: str) -> None:
    right: dict[str, list[bool]] = defaultdict(list)
    wrong = []
    for phrase in load() if which == "corpus" else load(HOLDOUT):
        reading = reading_of(phrase)
        ok = is_right(phrase, reading)
        right[phrase.group].append(ok)
        if not ok:
            wrong.append(f"{phrase.text!r}: {reading}, meant {phrase.start} to {phrase.end}")

    scores = {group: sum(oks) / len(oks) for group, oks in right.items()}
    assert all(score >= PASS_MARK for score in scores.values()), (scores, wrong)
    assert scores["none"] == 1.0, wrong


def test_a_reading_is_a_date_request() -> None:
    assert parse_date_request("21st to 23rd December", TODAY) == DateRequest(
        start=TODAY.replace(month=12, day=21), end=TODAY.replace(month=12, day=23)
    )
