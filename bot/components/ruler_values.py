"""Entity values from the spaCy EntityRuler's matches (spaCy only, no Rasa import).

Each pattern's ``id`` holds the normalised value (``scripts/build_spacy_pipeline.py``);
reference numbers are written in one canonical form ("lr 123" -> ``LR-000123``).
Kept apart from the Rasa component so it can be exercised with spaCy alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens.doc import Doc

_DIGITS = re.compile(r"\d+")


def _request_ref(text: str) -> str:
    """Canonical leave request reference, e.g. ``LR-000123``."""
    return f"LR-{int(_DIGITS.findall(text)[-1]):06d}"


def _po_number(text: str) -> str:
    """Canonical purchase order number: the ten digits."""
    return _DIGITS.findall(text)[-1]


def _invoice_number(text: str) -> str:
    """Canonical invoice number, e.g. ``INV-12345``."""
    return f"INV-{_DIGITS.findall(text)[-1]}"


_CANONICAL: dict[str, Callable[[str], str]] = {
    "request_ref": _request_ref,
    "po_number": _po_number,
    "invoice_number": _invoice_number,
}


def normalise(label: str, ent_id: str, text: str) -> str:
    """The value to report for one ruler match.

    Args:
        label: The entity label.
        ent_id: The matching pattern's id ("" when it has none).
        text: The matched text.

    Returns:
        The canonical form for reference numbers, else the pattern id, else the text.
    """
    if label in _CANONICAL:
        return _CANONICAL[label](text)
    return ent_id or text


def entities_from_doc(doc: Doc) -> list[dict[str, Any]]:
    """Rasa-shaped entities for every ruler match in ``doc``.

    Args:
        doc: A document processed by the pipeline with the EntityRuler.

    Returns:
        Dicts with ``entity``, ``value``, ``start``, ``end`` and ``confidence`` (None). A bare
        "half day" is dropped when the message also says which half ("half day on Thursday
        afternoon" -> ``pm`` only).
    """
    entities = [
        {
            "entity": ent.label_,
            "value": normalise(ent.label_, ent.ent_id_, ent.text),
            "start": ent.start_char,
            "confidence": None,
            "end": ent.end_char,
        }
        for ent in doc.ents
    ]
    if any(e["entity"] == "half" and e["value"] != "half" for e in entities):
        entities = [e for e in entities if not (e["entity"] == "half" and e["value"] == "half")]
    return entities
