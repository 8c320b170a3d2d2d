#!/usr/bin/env bash
# Print the path of a Python interpreter of the given minor version (3.10 or 3.12), or explain
# how to get one and fail. Looks on PATH first, then in pyenv's versions (whose shims refuse to
# run a version that is not selected).
set -euo pipefail
want="${1:?usage: find_python.sh 3.10|3.12}"

works() { "$1" -c "import sys; sys.exit(0 if sys.version.startswith('$want.') else 1)" >/dev/null 2>&1; }

for candidate in "python$want" "python3"; do
  path="$(command -v "$candidate" 2>/dev/null || true)"
  if [[ -n "$path" ]] && works "$path"; then echo "$path"; exit 0; fi
done
roots=()
if command -v pyenv >/dev/null 2>&1; then roots+=("$(pyenv root)"); fi
roots+=("${PYENV_ROOT:-$HOME/.pyenv}")
for root in "${roots[@]}"; do
  for path in $(ls -d "$root"/versions/"$want".*/bin/python"$want" 2>/dev/null | sort -V -r); do
    if works "$path"; then echo "$path"; exit 0; fi
  done
done
for path in /usr/bin/python"$want" /usr/local/bin/python"$want"; do
  if [[ -x "$path" ]] && works "$path"; then echo "$path"; exit 0; fi
done
cat >&2 <<MSG
error: Python $want was not found.
  Ask Shared Services needs Python 3.12 (API, actions, gateway, tests) and Python 3.10 (Rasa 3.6).
  Install it with your package manager or with pyenv (for example: pyenv install $want),
  or point the Makefile at it: make PYTHON$(echo "$want" | tr -d .)=/path/to/python$want ...
MSG
exit 1
