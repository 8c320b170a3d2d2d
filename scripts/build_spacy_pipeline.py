"""Build the blank English spaCy pipeline that Rasa's ``SpacyNLP`` loads by path.

The pipeline is ``spacy.blank("en")`` (spaCy's English tokenizer, no trained weights, so
nothing is downloaded) plus an ``EntityRuler`` for the entities the dialogue uses:
``leave_type``, ``half``, ``request_ref``, ``po_number``, ``invoice_number`` and
``onboarding_item`` (its id is the API's checklist item code).

The patterns are data, in ``nlu_data/entity_patterns.yml``; this script only compiles them.
Every pattern carries an ``id`` holding the normalised value ("a/l" -> ``annual``,
"afternoon" -> ``pm``); ``bot/components/ruler_entities.py`` emits that id as the entity
value. The file's ``claims`` exist only to *claim* text that would otherwise be misread
("bank holiday" is not annual leave, "good morning" is not a half day); their labels are
not in the extractor's ``dimensions``, so they never reach the dialogue.

Run with the Rasa environment, from the repository root::

    .venv-rasa/bin/python scripts/build_spacy_pipeline.py [--out bot/spacy_pipeline] [--force]

The build is deterministic. It writes a fingerprint of its inputs (the patterns file, this
script, the spaCy version) next to the pipeline and does nothing when the fingerprint matches.
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
DEFAULT_PATTERNS = Path(__file__).resolve().parent.parent / "nlu_data" / "entity_patterns.yml"
FINGERPRINT_FILE = "build_fingerprint.txt"

Pattern = dict[str, Any]


def load_patterns(path: Path = DEFAULT_PATTERNS) -> list[Pattern]:
    """All EntityRuler patterns from the data file, in its order.

    Args:
        path: The YAML file (``nlu_data/entity_patterns.yml``).

    Returns:
        Phrase patterns (``phrases``, then ``claims``, whose label is their value), then the
        token patterns (``tokens``); each with ``label``, ``id`` and ``pattern``.

    Raises:
        ValueError: if the file does not have that shape.
    """
    import yaml  # the Rasa environment has PyYAML

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not {"phrases", "claims", "tokens"} <= data.keys():
        raise ValueError(f"{path}: expected the keys phrases, claims and tokens")
    patterns: list[Pattern] = []
    for label, values in data["phrases"].items():
        for value, phrases in values.items():
            patterns.extend(_phrase_patterns(path, label, value, phrases))
    for value, phrases in data["claims"].items():
        patterns.extend(_phrase_patterns(path, value, value, phrases))
    for pattern in data["tokens"]:
        if set(pattern) != {"label", "id", "pattern"} or not isinstance(pattern["pattern"], list):
            raise ValueError(f"{path}: a token pattern needs label, id and a list of tokens")
        patterns.append(pattern)
    return patterns


def _phrase_patterns(path: Path, label: str, value: str, phrases: Any) -> list[Pattern]:
    """Phrase patterns of one value; the ruler tokenizes each phrase and matches lower case.

    Args:
        path: The data file, for error messages.
        label: The entity label.
        value: The normalised value, stored as the pattern id.
        phrases: The phrases, as people type them.

    Returns:
        One EntityRuler pattern per phrase.

    Raises:
        ValueError: unless ``phrases`` is a list of strings (YAML reads a bare ``no`` as false).
    """
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        raise ValueError(f"{path}: {label}/{value} must be a list of strings (quote yes/no/on/off)")
    return [{"label": label, "id": value, "pattern": phrase} for phrase in phrases]


def fingerprint(patterns_file: Path = DEFAULT_PATTERNS) -> str:
    """Hash of everything the built pipeline depends on.

    Args:
        patterns_file: The patterns' data file.

    Returns:
        A hex SHA-256 of the patterns file, this script's source and the installed spaCy version.
    """
    digest = hashlib.sha256()
    digest.update(patterns_file.read_bytes())
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
    parser.add_argument(
        "--patterns", type=Path, default=DEFAULT_PATTERNS, help="the entity patterns (YAML)"
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)

    stamp = fingerprint(args.patterns)
    recorded = args.out / FINGERPRINT_FILE
    if not args.force and recorded.exists() and recorded.read_text().strip() == stamp:
        print(f"{args.out} is up to date")
        return 0
    patterns = load_patterns(args.patterns)
    build(args.out, patterns, stamp)
    print(f"built {args.out} ({len(patterns)} patterns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
