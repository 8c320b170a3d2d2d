"""The words of every reply live in the bot's domain, not in the actions' code."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.actions.said import responses

ACTIONS = Path(__file__).resolve().parents[2] / "actions"


def _utter_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(ACTIONS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "utter_message"
            ):
                calls.append((f"{path.name}:{node.lineno}", node))
    return calls


def test_no_action_passes_its_words_as_text() -> None:
    literal = [
        where
        for where, call in _utter_calls()
        if call.args or any(keyword.arg in ("text", "template") for keyword in call.keywords)
    ]

    assert _utter_calls(), "no utter_message call found: is the scan looking in actions/?"
    assert literal == [], f"words passed as text=, not a domain response: {literal}"


def test_every_response_an_action_names_is_in_the_domain() -> None:
    named = {
        (where, keyword.value.value)
        for where, call in _utter_calls()
        for keyword in call.keywords
        if keyword.arg == "response"
        and isinstance(keyword.value, ast.Constant)
        and isinstance(keyword.value.value, str)
    }

    assert named
    assert [(where, name) for where, name in sorted(named) if name not in responses()] == []
