"""Build the blank English spaCy pipeline that Rasa's ``SpacyNLP`` loads by path.

The pipeline is ``spacy.blank("en")`` (spaCy's English tokenizer, no trained weights, so
nothing is downloaded) plus an ``EntityRuler`` for the entities the dialogue uses:
``leave_type``, ``half``, ``request_ref``, ``po_number``, ``invoice_number`` and
``onboarding_item`` (its id is the API's checklist item code).

Every pattern carries an ``id`` holding the normalised value ("a/l" -> ``annual``,
"afternoon" -> ``pm``); ``bot/components/ruler_entities.py`` emits that id as the entity
value. A few patterns exist only to *claim* text that would otherwise be misread
("bank holiday" is not annual leave, "good morning" is not a half day); their labels are
not in the extractor's ``dimensions``, so they never reach the dialogue.

Run with the Rasa environment, from the repository root::

    .venv-rasa/bin/python scripts/build_spacy_pipeline.py [--out bot/spacy_pipeline] [--force]

The build is deterministic. It writes a fingerprint of its inputs (patterns, this script,
the spaCy version) next to the pipeline and does nothing when the fingerprint matches.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path("bot/spacy_pipeline")
FINGERPRINT_FILE = "build_fingerprint.txt"

Pattern = dict[str, Any]

# Phrases are matched on lower-cased tokens (``phrase_matcher_attr: LOWER``), so "A/L",
# "a/l" and "Flexi-Time" all match; the ruler tokenizes each phrase as it tokenizes messages.
_PHRASES: dict[str, dict[str, list[str]]] = {
    "leave_type": {
        "annual": [
            "annual leave",
            "annual",
            "a/l",
            "a / l",
            "annual holiday",
            "annual holidays",
            "holiday",
            "holidays",
            "hols",
            "holiday leave",
            "vacation",
            "paid leave",
            "privilege leave",
        ],
        "special": [
            "special leave",
            "special",
            "compassionate leave",
            "bereavement leave",
            "carer's leave",
            "carers leave",
            "carers' leave",
            "dependant leave",
            "dependants leave",
            "emergency leave",
            "jury service",
            "volunteering leave",
            "volunteer leave",
        ],
        "flexi": [
            "flexi",
            "flexi leave",
            "flexi-leave",
            "flexi time",
            "flexi-time",
            "flexitime",
            "flexi day",
            "flexi-day",
            "flexi days",
            "flexi-days",
            "flexi hours",
            "flexi time off",
        ],
        "unpaid": [
            "unpaid leave",
            "unpaid",
            "unpaid time off",
            "leave without pay",
            "unpaid holiday",
        ],
        "sick": [
            "sick leave",
            "sick",
            "off sick",
            "sick day",
            "sick days",
            "sickness",
            "sickness absence",
            "sickness leave",
            "ill health",
        ],
    },
    "half": {
        "am": [
            "morning",
            "mornings",
            "a.m.",
            "a.m",
            "first half of the day",
            "morning only",
            "half day morning",
            "half-day morning",
            "morning half day",
            "morning half-day",
        ],
        "pm": [
            "afternoon",
            "afternoons",
            "p.m.",
            "p.m",
            "pm",
            "second half of the day",
            "afternoon only",
            "half day afternoon",
            "half-day afternoon",
            "afternoon half day",
            "afternoon half-day",
        ],
        "full": [
            "whole day",
            "the whole day",
            "full day",
            "full-day",
            "all day",
            "the full day",
        ],
        # A half day without saying which half: the form then asks for the portion.
        "half": [
            "half day",
            "half-day",
            "half a day",
            "half days",
            "half-days",
            "1/2 day",
            "0.5 day",
            "0.5 days",
            "half",
        ],
    },
    # A new joiner's checklist items; the id is the item's code at the API.
    "onboarding_item": {
        "bpss_check": [
            "bpss",
            "bpss check",
            "bpss security check",
            "baseline check",
            "baseline personnel security standard",
            "security check",
            "security vetting",
            "vetting",
        ],
        "collect_laptop": [
            "laptop",
            "my laptop",
            "work laptop",
            "laptop and token",
            "computer",
            "security token",
        ],
        "meet_line_manager": ["line manager", "my manager", "manager"],
        "bank_details": [
            "bank details",
            "bank account details",
            "bank account",
            "bank info",
            "bank information",
            "account details",
            "sort code",
        ],
        "building_pass": [
            "building pass",
            "security pass",
            "office pass",
            "id pass",
            "photo pass",
            "door pass",
            "id badge",
            "badge",
            "building badge",
        ],
        "mandatory_learning": [
            "mandatory learning",
            "mandatory training",
            "mandatory courses",
            "mandatory course",
            "mandatory modules",
            "mandatory e-learning",
            "compulsory training",
            "compulsory courses",
            "e-learning",
            "elearning",
        ],
        "pension_choice": [
            "pension",
            "pension choice",
            "pension scheme",
            "pension option",
            "pension options",
        ],
    },
    # Claims only: never emitted (not in the extractor's dimensions).
    "not_leave_type": {
        "bank_holiday": [
            "bank holiday",
            "bank holidays",
            "bank hols",
            "public holiday",
            "public holidays",
            "holiday pay",
            "holiday allowance",
            "holiday entitlement",
            "annual leave allowance",
            "annual leave entitlement",
        ],
        "greeting": [
            "good morning",
            "good afternoon",
            "morning all",
            "afternoon all",
            "morning team",
            "hi, morning",
            "hi morning",
            "hello, morning",
        ],
        "sick_pay": ["sick pay", "statutory sick pay"],
        "school_holiday": ["half term", "half-term", "half terms", "school holidays"],
        "invoice": ["unpaid invoice", "unpaid invoices", "special offer"],
    },
}

_WEEKDAYS = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "today",
    "tomorrow",
]


def _phrase_pattern(label: str, value: str, phrase: str) -> Pattern:
    """A phrase pattern; the ruler tokenizes it and matches on lower-cased text.

    Args:
        label: The entity label.
        value: The normalised value, stored as the pattern id.
        phrase: The phrase, written as people type it.

    Returns:
        An EntityRuler pattern.
    """
    return {"label": label, "id": value, "pattern": phrase}


def _am_pm_patterns() -> list[Pattern]:
    """Patterns for a bare "am"/"pm" that cannot be the verb "am".

    "am" counts only after a day word ("Friday am"), after "the" ("in the am") or before
    "only" ("am only"); "I am off" must not become a morning.

    Returns:
        EntityRuler patterns labelled ``half``.
    """
    patterns: list[Pattern] = []
    for half in ("am", "pm"):
        patterns.append(
            {
                "label": "half",
                "id": half,
                "pattern": [{"LOWER": {"IN": _WEEKDAYS}}, {"LOWER": half}],
            }
        )
        patterns.append(
            {"label": "half", "id": half, "pattern": [{"LOWER": "the"}, {"LOWER": half}]}
        )
        patterns.append(
            {"label": "half", "id": half, "pattern": [{"LOWER": half}, {"LOWER": "only"}]}
        )
        patterns.append(
            {
                "label": "half",
                "id": half,
                "pattern": [{"LOWER": {"IN": ["half", "½"]}}, {"LOWER": "day"}, {"LOWER": half}],
            }
        )
        patterns.append(
            {
                "label": "half",
                "id": half,
                "pattern": [{"LOWER": "half"}, {"LOWER": "-"}, {"LOWER": "day"}, {"LOWER": half}],
            }
        )
    return patterns


def _reference_patterns() -> list[Pattern]:
    """Patterns for reference numbers; the extractor canonicalises their text.

    Returns:
        EntityRuler patterns for ``request_ref``, ``po_number`` and ``invoice_number``.
    """
    return [
        # LR-000123, lr123, LR 123, LR-123
        {
            "label": "request_ref",
            "id": "request_ref",
            "pattern": [{"LOWER": {"REGEX": r"^lr-?\d{1,6}$"}}],
        },
        {
            "label": "request_ref",
            "id": "request_ref",
            "pattern": [
                {"LOWER": "lr"},
                {"LOWER": "-", "OP": "?"},
                {"TEXT": {"REGEX": r"^\d{1,6}$"}},
            ],
        },
        # 45 followed by 8 digits, optionally prefixed "PO", "PO-" or "po#"
        {
            "label": "po_number",
            "id": "po_number",
            "pattern": [{"LOWER": {"REGEX": r"^(po[-#]?)?45\d{8}$"}}],
        },
        # INV-12345, inv12345, INV/12345, INV 12345, invoice 12345, invoice no. 12345
        {
            "label": "invoice_number",
            "id": "invoice_number",
            "pattern": [{"LOWER": {"REGEX": r"^inv[-/]?\d{4,8}$"}}],
        },
        {
            "label": "invoice_number",
            "id": "invoice_number",
            "pattern": [
                {"LOWER": "invoice"},
                {"LOWER": {"IN": ["number", "no", "ref", "reference", "#"]}, "OP": "?"},
                {"LOWER": ".", "OP": "?"},
                {"TEXT": {"REGEX": r"^\d{4,8}$"}},
            ],
        },
        {
            "label": "invoice_number",
            "id": "invoice_number",
            "pattern": [
                {"LOWER": "inv"},
                {"LOWER": "-", "OP": "?"},
                {"TEXT": {"REGEX": r"^\d{4,8}$"}},
            ],
        },
    ]


def build_patterns() -> list[Pattern]:
    """All EntityRuler patterns, in a stable order.

    Returns:
        The patterns, each with ``label``, ``id`` and a token ``pattern``.
    """
    patterns: list[Pattern] = []
    for group, values in _PHRASES.items():
        for value, phrases in values.items():
            label = value if group == "not_leave_type" else group
            patterns.extend(_phrase_pattern(label, value, p) for p in phrases)
    patterns.extend(_am_pm_patterns())
    patterns.extend(_reference_patterns())
    return patterns


def fingerprint() -> str:
    """Hash of everything the built pipeline depends on.

    The patterns are data in this script, so its source stands for them.

    Returns:
        A hex SHA-256 of this script's source and the installed spaCy version.
    """
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    digest.update(metadata.version("spacy").encode())
    return digest.hexdigest()


def build(out: Path, patterns: list[Pattern], stamp: str) -> None:
    """Write the pipeline to ``out`` (replaced atomically from a sibling temp directory).

    Args:
        out: The pipeline directory.
        patterns: The EntityRuler patterns.
        stamp: The fingerprint to record.
    """
    import spacy  # imported late: an up-to-date check should not pay for it

    nlp = spacy.blank("en")
    nlp.meta["name"] = "ask_shared_services_ruler"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "Blank English tokenizer plus an EntityRuler (built, not trained)."
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        nlp.to_disk(tmp)
        (tmp / FINGERPRINT_FILE).write_text(stamp + "\n")
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def main(argv: list[str] | None = None) -> int:
    """Build the pipeline unless it is up to date.

    Args:
        argv: Command-line arguments (defaults to ``sys.argv[1:]``).

    Returns:
        The process exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)

    stamp = fingerprint()
    recorded = args.out / FINGERPRINT_FILE
    if not args.force and recorded.exists() and recorded.read_text().strip() == stamp:
        print(f"{args.out} is up to date")
        return 0
    patterns = build_patterns()
    build(args.out, patterns, stamp)
    print(f"built {args.out} ({len(patterns)} patterns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
