"""Score date readers on the corpus of British leave-date phrasings (reports/dates.md).

Not part of the project's environment: the libraries measured are installed in a throwaway one,

    python3.11 -m venv /tmp/datelibs
    /tmp/datelibs/bin/pip install dateparser timefhuman ctparse recognizers-text-date-time "emoji<1"
    git show c0cc764:actions/_dates.py > /tmp/old_dates.py   # the dateparser-based reader
    /tmp/datelibs/bin/python -m scripts.experiments.date_readers --old-reader /tmp/old_dates.py

Every library is scored generously, so the table measures what it understands, not how its
answer is shaped: all the dates it finds in a message are joined into one period (a list of days
becomes first to last); a range's end counts as inclusive or exclusive, whichever is right; a
week given as Monday to the next Monday counts as Monday to Friday; of alternative readings the
first on or after today is taken. A half day counts when the library gives a time in the morning
or the afternoon. Corrections ("actually make it the 3rd to the 6th") are given to libraries
without the previous turn's month, which only our reader can take.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import sys
import warnings
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from tests.actions.date_corpus import HOLDOUT, TODAY, Phrase, load

NOON = dt.datetime.combine(TODAY, dt.time(12))
Span = tuple[dt.date, dt.date, str]  # start, end, portion
Found = list[Span]  # every candidate reading (end inclusive and exclusive...) of one message


def portion_of(hour_start: int | None, hour_end: int | None) -> str:
    if hour_start is None:
        return "full"
    if hour_start >= 12:
        return "pm"
    if hour_end is not None and hour_end <= 13:
        return "am"
    return "full"


def joined(spans: list[Span]) -> Found:
    """One period from all the dates found, with the end read both ways."""
    if not spans:
        return []
    start = min(s[0] for s in spans)
    end = max(s[1] for s in spans)
    portion = spans[0][2] if len(spans) == 1 else "full"
    readings = [(start, end, portion)]
    if end > start:
        readings.append((start, end - dt.timedelta(days=1), portion))
        if start.weekday() == 0 and (end - start).days == 7:
            readings.append((start, start + dt.timedelta(days=4), portion))
    return readings


def ours(phrase: Phrase) -> Found:
    from actions._dates import DateContext, parse_date_request

    context = DateContext(*phrase.context) if phrase.context else None
    request = parse_date_request(phrase.text, TODAY, context)
    if request is None or request.end is None:
        return []
    return [(request.start, request.end, request.portion or "half")]


def old_reader(path: str) -> Callable[[Phrase], Found]:
    spec = importlib.util.spec_from_file_location("old_dates", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_dates"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)

    def read(phrase: Phrase) -> Found:
        request = module.parse_date_request(phrase.text, TODAY)
        if request is None or request.end is None:
            return []
        return [(request.start, request.end, request.portion or "half")]

    return read


def dateparser_search(phrase: Phrase) -> Found:
    from dateparser.search import search_dates

    settings: Any = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": NOON,
    }
    found = search_dates(phrase.text, languages=["en"], settings=settings) or []
    spans = []
    for _, moment in found:
        hour = moment.hour if moment.time() != NOON.time() else None
        spans.append((moment.date(), moment.date(), portion_of(hour, None)))
    return joined(spans)


def timefhuman_reader(phrase: Phrase) -> Found:
    from timefhuman import timefhuman
    from timefhuman.utils import tfhConfig

    found = timefhuman(phrase.text, config=tfhConfig(now=NOON))
    spans: list[Span] = []

    def add(value: Any) -> None:
        if isinstance(value, tuple) and len(value) == 2:
            first, last = value
            if isinstance(first, dt.datetime) and isinstance(last, dt.datetime):
                spans.append((first.date(), last.date(), portion_of(first.hour or None, last.hour)))
                return
        if isinstance(value, list | tuple):
            for item in value:
                add(item)
        elif isinstance(value, dt.datetime):
            hour = value.hour if value.time() != dt.time(0) else None
            spans.append((value.date(), value.date(), portion_of(hour, None)))
        elif isinstance(value, dt.date):
            spans.append((value, value, "full"))

    add(found)
    return joined(spans)


def ctparse_reader(phrase: Phrase) -> Found:
    from ctparse import ctparse
    from ctparse.types import Interval, Time

    parsed = ctparse(phrase.text, ts=NOON)
    if parsed is None:
        return []
    resolution = parsed.resolution

    def day(time: Time) -> dt.date | None:
        if time.year is None or time.month is None or time.day is None:
            return None
        return dt.date(time.year, time.month, time.day)

    def part(time: Time) -> str:
        pod = getattr(time, "POD", None) or ""
        return "am" if "morning" in pod else "pm" if "afternoon" in pod else "full"

    if isinstance(resolution, Interval):
        start = day(resolution.t_from) if resolution.t_from else None
        end = day(resolution.t_to) if resolution.t_to else None
        if start is None or end is None:
            return []
        return joined([(start, end, "full")])
    if isinstance(resolution, Time):
        found = day(resolution)
        return [] if found is None else joined([(found, found, part(resolution))])
    return []


def microsoft_reader(phrase: Phrase) -> Found:
    from recognizers_date_time import Culture, recognize_datetime

    spans = []
    for result in recognize_datetime(phrase.text, Culture.English, reference=NOON):
        values = (result.resolution or {}).get("values") or []
        chosen = next((v for v in values if _ms_start(v) and _ms_start(v) >= TODAY), None)
        chosen = chosen or (values[-1] if values else None)
        if chosen is None or _ms_start(chosen) is None:
            continue
        kind = chosen.get("type", "")
        if kind in ("date", "datetime"):
            day = dt.date.fromisoformat(chosen["value"][:10])
            spans.append((day, day, "full"))
        elif kind in ("daterange", "datetimerange"):
            start = dt.datetime.fromisoformat(chosen["start"])
            end = dt.datetime.fromisoformat(chosen.get("end") or chosen["start"])
            timed = kind == "datetimerange"
            portion = portion_of(start.hour, end.hour) if timed else "full"
            spans.append((start.date(), end.date(), portion))
    return joined(spans)


def _ms_start(value: dict[str, str]) -> dt.date | None:
    text = value.get("value") or value.get("start")
    return dt.date.fromisoformat(text[:10]) if text else None


def score(reader: Callable[[Phrase], Found], phrases: list[Phrase]) -> dict[str, Any]:
    """Share right per group: dates alone, and dates with the half day."""
    by_group: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    wrong: list[str] = []
    for phrase in phrases:
        try:
            found = reader(phrase)
        except Exception as error:  # a library that crashes reads nothing
            found = [(TODAY, TODAY, f"error {type(error).__name__}")]
        if phrase.start is None:
            dates_ok = whole_ok = not found
        else:
            matching = [f for f in found if (f[0], f[1]) == (phrase.start, phrase.end)]
            dates_ok = bool(matching)
            whole_ok = any(f[2] == phrase.portion or phrase.start != phrase.end for f in matching)
        by_group[phrase.group].append((dates_ok, whole_ok))
        if not whole_ok:
            wrong.append(f"{phrase.text!r} -> {found[:1]}")
    return {"groups": by_group, "wrong": wrong}


def main() -> None:
    """Print the table of reports/dates.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--old-reader", help="path of the dateparser-based _dates.py")
    parser.add_argument("--only", help="score only this reader, and list what it got wrong")
    parser.add_argument("--holdout", action="store_true", help="the held-out set instead")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    readers: dict[str, Callable[[Phrase], Found]] = {"ours (actions/_dates.py)": ours}
    if args.old_reader:
        readers["previous reader (dateparser per expression)"] = old_reader(args.old_reader)
    readers |= {
        "dateparser search_dates": dateparser_search,
        "timefhuman": timefhuman_reader,
        "ctparse": ctparse_reader,
        "recognizers-text-date-time (en-us)": microsoft_reader,
    }
    phrases = load(HOLDOUT) if args.holdout else load()
    groups = sorted({p.group for p in phrases}, key=[p.group for p in phrases].index)
    print("| reader | all (dates) | all (with half day) | " + " | ".join(groups) + " |")
    print("|---" * (len(groups) + 3) + "|")
    for name, reader in readers.items():
        if args.only and args.only not in name:
            continue
        result = score(reader, phrases)
        cells = []
        flat = [r for rows in result["groups"].values() for r in rows]
        cells.append(_pct([d for d, _ in flat]))
        cells.append(_pct([w for _, w in flat]))
        cells += [_pct([w for _, w in result["groups"][g]]) for g in groups]
        print(f"| {name} | " + " | ".join(cells) + " |")
        if args.only:
            print("\n".join(result["wrong"]))


def _pct(oks: list[bool]) -> str:
    return f"{100 * sum(oks) / len(oks):.0f}% ({sum(oks)}/{len(oks)})"


if __name__ == "__main__":
    main()
