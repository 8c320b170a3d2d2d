"""Command line: `python -m api.cli init-db [--reset]` and `python -m api.cli load-knowledge`."""

import argparse
import sys

from api.bootstrap import load_knowledge, prepare_database, reset_database
from api.core.config import ApiSettings


def main(argv: list[str] | None = None) -> int:
    """Run the command in `argv`; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m api.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    init_db = commands.add_parser("init-db", help="migrate the database and seed it if empty")
    init_db.add_argument("--reset", action="store_true", help="drop all data and seed again")
    commands.add_parser("load-knowledge", help="add or update the answers from api/knowledge/*.md")
    args = parser.parse_args(argv)
    settings = ApiSettings()
    if args.command == "load-knowledge":
        changed = load_knowledge(settings)
        sys.stderr.write(f"Knowledge base: {changed} answers added or updated.\n")
        return 0
    if args.reset:
        reset_database(settings)
    prepare_database(settings)
    sys.stderr.write(f"Database ready: {settings.database_url}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
