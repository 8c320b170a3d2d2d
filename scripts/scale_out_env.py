"""Write `.env.scale-out`: the settings `PROFILE=scale-out make run` starts from.

`.env.example`'s values, with the scale-out profile on this machine's PostgreSQL (5432),
Redis (6379) and RabbitMQ (5672), no dev sign-in, and freshly generated secrets (the API and
the gateway refuse the development ones outside the embedded profile). Written once; edit it
afterwards like `.env`. A real deployment takes its secrets from its own secret store
(`deploy/`).

    .venv/bin/python -m scripts.scale_out_env [PATH]
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from scripts.stack import ROOT, SCALE_OUT_DEFAULTS

OVERRIDES = {
    "PROFILE": "scale-out",
    "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/shared_services",
    "DEV_LOGIN_ENABLED": "false",
    "CLOCK_PINNED_AT": "",
    "RASA_REPLICAS": "2",
    # An API call gives up after 3 s (5 s embedded), so an outage is told within 5 s.
    "API_TIMEOUT_SECONDS": "3",
}
SECRETS = ("JWT_SECRET", "GATEWAY_API_KEY", "EVENTS_API_KEY")


def scale_out_settings(example: str) -> str:
    """`.env.example`'s text with the scale-out values and new secrets, and the extra keys."""
    values = {**OVERRIDES, **{key: secrets.token_urlsafe(48) for key in SECRETS}}
    lines = []
    for line in example.splitlines():
        key = line.partition("=")[0].strip()
        if not line.lstrip().startswith("#") and "=" in line and key in values:
            lines.append(f"{key}={values.pop(key)}")
        else:
            lines.append(line)
    extra = {**values, **SCALE_OUT_DEFAULTS, "ACTIONS_REPLICAS": "2"}
    lines += ["", "# --- Scale-out profile: the local services (scripts/stack.py) ---"]
    lines += [f"{key}={value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the file unless it exists."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else ROOT / ".env.scale-out"
    if path.exists():
        print(f"{path.name} exists; leaving it as it is")
        return 0
    path.write_text(scale_out_settings((ROOT / ".env.example").read_text(encoding="utf-8")))
    path.chmod(0o600)
    print(f"wrote {path.name} with new secrets (PROFILE=scale-out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
