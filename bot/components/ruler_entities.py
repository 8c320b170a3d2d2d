"""An entity extractor that emits the spaCy EntityRuler's normalised values.

Rasa's ``SpacyEntityExtractor`` reports each entity's text as its value. Our ruler
(``scripts/build_spacy_pipeline.py``) stores the normalised value in each pattern's ``id``,
so this subclass reports that id instead ("A/L" -> ``annual``, "Thursday afternoon" ->
``pm``) and writes reference numbers in one canonical form ("lr 123" -> ``LR-000123``).
The text as typed stays available through the entity's ``start`` and ``end``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor

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


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    is_trainable=False,
    model_from="SpacyNLP",
)
class RulerEntityExtractor(SpacyEntityExtractor):
    """``SpacyEntityExtractor`` whose values are the EntityRuler pattern ids."""

    @staticmethod
    def _extract_entities(doc: Doc) -> list[dict[str, Any]]:
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
        # "half day on Thursday afternoon": the afternoon says which half.
        if any(e["entity"] == "half" and e["value"] != "half" for e in entities):
            entities = [e for e in entities if not (e["entity"] == "half" and e["value"] == "half")]
        return entities
