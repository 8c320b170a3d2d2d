"""Send every realistic first message to a running assistant and keep the transcripts to grade.

    make run                                   # in one terminal (or any running stack)
    .venv/bin/python -m scripts.first_messages [--api URL] [--gateway URL]

Each entry of reports/first_messages.yml is sent as a new conversation in the web channel, signed
in as its persona, followed by its `then` messages. The transcripts go to
reports/first_messages.md beside the grades a person gave them after reading
(reports/first_messages_grades.yml: success / partial / fail and why); an entry whose transcript
changed since it was graded is shown as "to grade again", so a stale grade never passes silently.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ROOT / "reports" / "first_messages.yml"
GRADES = ROOT / "reports" / "first_messages_grades.yml"
REPORT = ROOT / "reports" / "first_messages.md"


def _post(url: str, body: dict[str, Any], token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def converse(api: str, gateway: str, persona: str, texts: list[str]) -> list[str]:
    """One new conversation; the lines a person reads, as talk.py prints them."""
    status, body = _post(f"{api}/auth/dev-login", {"staff_number": persona})
    if status != 200:
        return [f"sign-in failed: HTTP {status}"]
    token, session = body["access_token"], f"first-{uuid.uuid4().hex[:8]}"
    lines: list[str] = []
    for text in texts:
        lines.append(f"you: {text}")
        status, body = _post(f"{gateway}/web/messages", {"text": text, "session": session}, token)
        if status != 200:
            lines.append(f"  [HTTP {status}]")
        messages = body.get("messages", []) if isinstance(body, dict) else []
        if not messages:
            lines.append("  bot: (nothing)")
        for message in messages:
            lines.append("  bot: " + (message.get("text") or "").replace("\n", "\n       "))
            lines.extend(
                f"       [{button.get('title')}] -> {button.get('payload')}"
                for button in message.get("buttons") or []
            )
    return lines


def fingerprint(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]


def render(entries: list[dict[str, Any]], grades: dict[int, dict[str, str]]) -> str:
    counts = {"success": 0, "partial": 0, "fail": 0, "to grade": 0}
    body: list[str] = []
    for number, entry in enumerate(entries, start=1):
        grade = grades.get(number, {})
        verdict = grade.get("grade", "to grade")
        if grade and grade.get("transcript") != entry["fingerprint"]:
            verdict = "to grade"
        counts[verdict if verdict in counts else "to grade"] += 1
        body.append(f"### {number}. {entry['persona']}: {entry['text']}\n")
        body.append(f"**{verdict}**" + (f": {grade['why']}" if grade.get("why") else "") + "\n")
        body.append("```\n" + "\n".join(entry["lines"]) + "\n```\n")
    total = len(entries)
    graded = total - counts["to grade"]
    share = f"{counts['success'] / graded:.0%}" if graded else "n/a"
    head = [
        "# Realistic first messages, graded by reading the transcript\n",
        "Sent by `scripts/first_messages.py`, each as a new web conversation of its persona on the",
        "seeded department; graded by a person reading what the persona read (issue 10's target:",
        "at least 90 % succeed at the first try, none fail).\n",
        f"- messages: {total}",
        f"- success: {counts['success']} ({share} of graded)",
        f"- partial: {counts['partial']}",
        f"- fail: {counts['fail']}",
        f"- to grade: {counts['to grade']}\n",
    ]
    return "\n".join(head + body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", default="http://127.0.0.1:8000")
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    args = parser.parse_args()
    entries = yaml.safe_load(MESSAGES.read_text())["messages"]
    grades_doc = yaml.safe_load(GRADES.read_text()) if GRADES.exists() else None
    grades = {int(k): v for k, v in ((grades_doc or {}).get("grades") or {}).items()}
    for entry in entries:
        texts = [entry["text"], *entry.get("then", [])]
        entry["lines"] = converse(args.api, args.gateway, str(entry["persona"]), texts)
        entry["fingerprint"] = fingerprint(entry["lines"])
    REPORT.write_text(render(entries, grades))
    fingerprints = {n: e["fingerprint"] for n, e in enumerate(entries, start=1)}
    print(json.dumps(fingerprints))
    print(f"wrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
