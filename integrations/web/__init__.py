"""The web channel: the accessible chat page and its JSON routes under `/web/`."""

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"
