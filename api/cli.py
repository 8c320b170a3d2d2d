"""Command line: `python -m api.cli init-db [--reset]`."""

import argparse
import sys

from api.bootstrap import prepare_database, reset_database
from api.core.config import ApiSettings


def main(argv: list[str] | None = None) -> int:
    """Run the command in `argv`; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m api.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    init_db = commands.add_parser("init-db", help="migrate the database and seed it if empty")
    init_db.add_argument("--reset", action="store_true", help="drop all data and seed again")
    args = parser.parse_args(argv)
    settings = ApiSettings()
    if args.reset:
        reset_database(settings)
    prepare_database(settings)
    sys.stderr.write(f"Database ready: {settings.database_url}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
