"""`make test-calendar`: the domain, API, action and gateway suites as of awkward days.

Each day runs pytest in its own process with `TEST_CLOCK_PINNED_AT` set, which pins every clock
the suite uses (the seed, the API, the actions) to that moment: no faketime needed, so it runs
anywhere. `--faketime` runs the same suites under Debian's `faketime` instead (the process's
real clock moved, nothing pinned), where that is installed.

    .venv/bin/python -m scripts.calendar_sweep                    # every day below
    .venv/bin/python -m scripts.calendar_sweep 2027-03-31 2028-02-29T23:30
    .venv/bin/python -m scripts.calendar_sweep --faketime --pytest-args "tests/api -x"

`make test` checks the seeded department's story at every one of these days in process
(`tests/api/test_seed_story.py`); this runs the whole of each suite at each.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path

from api.core.clock import parse_moment

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
SUITES = "tests/domain tests/api tests/actions tests/integrations -m 'not postgres' -q"

# (moment in UK time, why it is awkward). A date alone means noon.
DAYS: tuple[tuple[str, str], ...] = (
    ("2026-11-30", "a Monday a new joiner starts; November payday; St Andrew's Day (Scotland)"),
    ("2026-12-01", "the 1st of a month, the day after payday"),
    ("2026-12-18", "the December pay date (20 December is a Sunday)"),
    ("2026-12-24", "24 December, after December's payday"),
    ("2026-12-31", "the last working day of the year, a bank holiday tomorrow"),
    ("2027-01-04", "2 January's substitute day in Scotland only; first Monday of the year"),
    ("2027-01-30", "a Saturday"),
    ("2027-03-28T00:30", "BST starts at 01:00 today (GMT until then)"),
    ("2027-03-31", "the last day of the leave year; March payday"),
    ("2027-04-01T00:30", "the first day of the leave year, still 31 March in UTC"),
    ("2027-04-01", "the first day of the leave year"),
    ("2027-04-30", "the last working day of a month and its payday, a Friday"),
    ("2027-06-30", "the end of a quarter; June payday"),
    ("2027-07-12", "Battle of the Boyne (Northern Ireland only), a Monday"),
    ("2027-10-31T01:30", "BST ends: 01:30 happens twice today"),
    ("2027-11-30", "St Andrew's Day (Scotland only) and November payday, a Tuesday"),
    ("2027-12-20", "the December pay date, a Monday"),
    ("2028-02-29", "29 February, a leap day, in the last quarter of the leave year"),
)


def run_day(moment: str, pytest_args: str, faketime: bool) -> tuple[bool, float, str]:
    """Run the suites as of `moment`; return whether they passed, how long, pytest's last line."""
    command = [str(PYTHON), "-m", "pytest", *shlex.split(pytest_args), "-p", "no:cacheprovider"]
    env = dict(os.environ)
    env.pop("TEST_CLOCK_PINNED_AT", None)
    if faketime:
        # The machine's clock in UTC, as CI's is: a UK date read as the machine's would show.
        at = parse_moment(moment).astimezone(UTC)
        command = ["faketime", f"{at:%Y-%m-%d %H:%M:%S}", *command]
        env["TZ"] = "UTC"
    else:
        env["TEST_CLOCK_PINNED_AT"] = moment
    started = time.monotonic()
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [line for line in finished.stdout.splitlines() if line.strip()]
    if finished.returncode != 0:
        sys.stdout.write(finished.stdout[-6000:])
    return finished.returncode == 0, time.monotonic() - started, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    """Run the sweep; the exit status is 1 if any day failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("days", nargs="*", help="moments to run at (default: the whole list)")
    parser.add_argument("--faketime", action="store_true", help="move the real clock instead")
    parser.add_argument("--pytest-args", default=SUITES, help=f"default: {SUITES}")
    args = parser.parse_args(argv)
    if args.faketime and shutil.which("faketime") is None:
        parser.error("faketime is not installed (Debian: apt-get install faketime)")
    known = dict(DAYS)
    days = [(day, known.get(day, "")) for day in args.days] or list(DAYS)
    results = []
    for moment, why in days:
        print(f"{moment:17} {why}", flush=True)
        passed, seconds, summary = run_day(moment, args.pytest_args, args.faketime)
        print(f"{'':17} {'ok' if passed else 'FAILED'} in {seconds:.0f} s: {summary}", flush=True)
        results.append((moment, passed))
    failed = [moment for moment, passed in results if not passed]
    print(
        f"{len(results) - len(failed)} of {len(results)} days passed"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
