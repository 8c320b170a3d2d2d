#!/usr/bin/env bash
# make browser: Debian's chromium for the widget's browser tests (Playwright drives it through
# executable_path; no browser is ever downloaded). Installs it with apt when run as root;
# otherwise says what the tests will do without it.
set -euo pipefail

for candidate in "${CHROMIUM_PATH:-}" chromium chromium-headless-shell; do
  if [[ -n "$candidate" ]] && command -v "$candidate" >/dev/null 2>&1; then
    exit 0
  fi
done

if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the widget's browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi

echo "no chromium here: the widget's browser tests will be skipped (under CI they fail)." >&2
echo "install it with: sudo apt-get install chromium (or set CHROMIUM_PATH)" >&2
