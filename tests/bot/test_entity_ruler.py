"""The spaCy EntityRuler pipeline and the values the bot's entity extractor reports.

The pipeline lives in the Rasa environment (spaCy 3.4), so these tests build it and read
messages through it with `.venv-rasa/bin/python`, never importing spaCy or Rasa here.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
BUILD = ROOT / "scripts" / "build_spacy_pipeline.py"
# The extractor's `dimensions` in config.yml.
EMITTED = {"leave_type", "half", "request_ref", "po_number", "invoice_number", "onboarding_item"}

PROBE = """
import json, sys
import spacy
from bot.components.ruler_values import entities_from_doc
nlp = spacy.load(sys.argv[1])
texts = json.load(sys.stdin)
print(json.dumps([entities_from_doc(nlp(t)) for t in texts]))
"""

CASES: dict[str, list[tuple[str, str]]] = {
    "Can I book A/L next Friday?": [("leave_type", "annual")],
    "a/l balance": [("leave_type", "annual")],
    "book 3 days holiday from the 14th": [("leave_type", "annual")],
    "I need Flexi-Time on Tuesday": [("leave_type", "flexi")],
    "flexi time tomorrow morning": [("leave_type", "flexi"), ("half", "am")],
    "compassionate leave for a funeral": [("leave_type", "special")],
    "I'm off sick today": [("leave_type", "sick")],
    "unpaid leave in August": [("leave_type", "unpaid")],
    "half day on Thursday afternoon": [("half", "pm")],
    "half a day on Monday": [("half", "half")],
    "Friday am please": [("half", "am")],
    "whole day": [("half", "full")],
    "I am off on Friday": [],
    "good morning, can I book leave": [],
    "when is the next bank holiday": [],
    "can I have the whole of half term off": [],
    "is my unpaid invoice paid": [],
    "cancel LR-000123.": [("request_ref", "LR-000123")],
    "what about lr 45?": [("request_ref", "LR-000045")],
    "status of PO 4500012345?": [("po_number", "4500012345")],
    "has INV-12345 been paid": [("invoice_number", "INV-12345")],
    "what's happening with po#4500012345": [("po_number", "4500012345")],
    "is 4500012346 approved": [("po_number", "4500012346")],
    "has invoice 20931 been paid?": [("invoice_number", "INV-20931")],
    "invoice no. 20932": [("invoice_number", "INV-20932")],
    "inv 20933 status": [("invoice_number", "INV-20933")],
    "invoices from 2025": [],
    "I've collected my laptop": [("onboarding_item", "collect_laptop")],
    "done my mandatory training": [("onboarding_item", "mandatory_learning")],
    "picked up my building pass today": [("onboarding_item", "building_pass")],
    "I've added my bank details": [("onboarding_item", "bank_details")],
    "2nd to 6th March": [],
}


def _rasa_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}


def _build(out: Path, *extra: str) -> str:
    done = subprocess.run(
        [str(RASA_PYTHON), str(BUILD), "--out", str(out), *extra],
        cwd=ROOT,
        env=_rasa_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout


def _tree_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(file.relative_to(path)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly built pipeline in a temporary directory."""
    out = tmp_path_factory.mktemp("spacy") / "pipeline"
    _build(out)
    return out


@pytest.fixture(scope="module")
def extracted(pipeline: Path) -> dict[str, list[tuple[str, str]]]:
    """(entity, value) pairs the bot would see for each case, in one spaCy process."""
    texts = list(CASES)
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", PROBE, str(pipeline)],
        cwd=ROOT,
        env=_rasa_env(),
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    results = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        text: [(e["entity"], e["value"]) for e in ents if e["entity"] in EMITTED]
        for text, ents in zip(texts, results, strict=True)
    }


@pytest.mark.parametrize("text", list(CASES))
def test_entity_values_are_normalised(text: str, extracted: dict[str, list[tuple[str, str]]]):
    assert extracted[text] == CASES[text]


def test_second_build_is_skipped_and_rebuild_is_identical(pipeline: Path, tmp_path: Path):
    assert "up to date" in _build(pipeline)

    again = tmp_path / "again"
    _build(again, "--force")
    assert _tree_digest(again) == _tree_digest(pipeline)


def test_the_patterns_are_data_and_a_change_to_them_rebuilds(tmp_path: Path):
    pipeline = tmp_path / "pipeline"
    _build(pipeline)
    patterns = tmp_path / "entity_patterns.yml"
    data = (ROOT / "nlu_data" / "entity_patterns.yml").read_text(encoding="utf-8")
    patterns.write_text(data.replace("vacation, ", "vacation, staycation, "), encoding="utf-8")

    assert "built" in _build(pipeline, "--patterns", str(patterns))
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", PROBE, str(pipeline)],
        cwd=ROOT,
        env=_rasa_env(),
        input=json.dumps(["a staycation next week"]),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])[0]
    assert [(e["entity"], e["value"]) for e in found] == [("leave_type", "annual")]


def test_a_phrase_yaml_reads_as_no_string_is_refused(tmp_path: Path):
    patterns = tmp_path / "entity_patterns.yml"
    data = (ROOT / "nlu_data" / "entity_patterns.yml").read_text(encoding="utf-8")
    patterns.write_text(data.replace("hols, ", "no, "), encoding="utf-8")

    done = subprocess.run(
        [str(RASA_PYTHON), str(BUILD), "--out", str(tmp_path / "out"), "--patterns", str(patterns)],
        cwd=ROOT,
        env=_rasa_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "leave_type/annual must be a list of strings (quote yes/no/on/off)" in done.stderr
