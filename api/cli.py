"""Command line: `python -m api.cli init-db [--reset]`, `load-knowledge`, `token STAFF_NUMBER`.

`token` prints an access token for one employee, signed with this API's `JWT_SECRET`: what an
identity provider issues in production, for operators' checks and load tests of the scale-out
profile, which has no dev sign-in.
"""

import argparse
import sys

from sqlalchemy.orm import Session

from api.bootstrap import load_knowledge, prepare_database, reset_database
from api.core.config import ApiSettings
from api.core.db import make_engine
from api.core.security import mint_token
from api.repositories import employees


def main(argv: list[str] | None = None) -> int:
    """Run the command in `argv`; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m api.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    init_db = commands.add_parser("init-db", help="migrate the database and seed it if empty")
    init_db.add_argument("--reset", action="store_true", help="drop all data and seed again")
    init_db.add_argument(
        "--no-seed", action="store_true", help="only migrate (a real department's database)"
    )
    commands.add_parser("load-knowledge", help="add or update the answers from api/knowledge/*.md")
    token = commands.add_parser("token", help="print an access token for one employee")
    token.add_argument("staff_number")
    args = parser.parse_args(argv)
    settings = ApiSettings()
    if args.command == "token":
        return _print_token(settings, args.staff_number)
    if args.command == "load-knowledge":
        changed = load_knowledge(settings)
        sys.stderr.write(f"Knowledge base: {changed} answers added or updated.\n")
        return 0
    if args.reset:
        reset_database(settings)
    prepare_database(settings, seed=not args.no_seed)
    sys.stderr.write(f"Database ready: {settings.database_url}\n")
    return 0


def _print_token(settings: ApiSettings, staff_number: str) -> int:
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            employee = employees.by_staff_number(session, staff_number.strip())
            if employee is None:
                sys.stderr.write(f"There is nobody with staff number {staff_number.strip()}.\n")
                return 1
            token, _ = mint_token(
                settings,
                sub=employee.staff_number,
                name=employee.name,
                roles=employees.roles_of(session, employee),
                typ="access",
            )
    finally:
        engine.dispose()
    sys.stdout.write(token + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
