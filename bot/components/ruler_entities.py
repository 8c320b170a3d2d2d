"""An entity extractor that emits the spaCy EntityRuler's normalised values.

Rasa's ``SpacyEntityExtractor`` reports each entity's text as its value. Our ruler
(``scripts/build_spacy_pipeline.py``) stores the normalised value in each pattern's ``id``,
so this subclass reports that id instead ("A/L" -> ``annual``, "Thursday afternoon" ->
``pm``) and writes reference numbers in one canonical form ("lr 123" -> ``LR-000123``); see
``ruler_values.py``. The text as typed stays available through the entity's ``start`` and
``end``. Labels outside the configured ``dimensions`` (claims such as "bank holiday") are
dropped by the parent class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor

from bot.components.ruler_values import entities_from_doc

if TYPE_CHECKING:
    from spacy.tokens.doc import Doc


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    is_trainable=False,
    model_from="SpacyNLP",
)
class RulerEntityExtractor(SpacyEntityExtractor):
    """``SpacyEntityExtractor`` whose values are the EntityRuler pattern ids."""

    @staticmethod
    def _extract_entities(doc: Doc) -> list[dict[str, Any]]:
        return entities_from_doc(doc)
