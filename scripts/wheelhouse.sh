#!/usr/bin/env bash
# Builds the wheels of hatch-pywasm and pywasm-runtime from this checkout into a folder (the
# first argument, default ./wheelhouse), for pip and uv to find until both are on PyPI:
#   export PIP_FIND_LINKS=FOLDER UV_FIND_LINKS=FOLDER
# Needs only Python 3.11+ with pip (pip builds them in isolated environments).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mkdir -p "${1:-wheelhouse}" && cd "${1:-wheelhouse}" && pwd)
python3 -m pip wheel --quiet --no-deps -w "$out" "$repo" "$repo/runtime"
echo "wheelhouse: $out"
ls "$out"
echo "now: export PIP_FIND_LINKS=\"$out\" UV_FIND_LINKS=\"$out\""
