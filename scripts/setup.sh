#!/usr/bin/env bash
# Installs what the demo or the tests need, on a fresh machine or an existing checkout: a
# virtual environment in .venv with the plugin and the runtime (editable), and with the test
# tools, the Node tools and Chromium unless the first argument is "demo" (the demo needs only
# hatch and uv besides). Sourced by demo.sh and test.sh; safe to run again (it only adds what
# is missing).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
if [ "${1:-}" = demo ]; then
  python -m pip install --quiet -e runtime -e ".[demo]"
  return 0 2>/dev/null || exit 0  # sourced or run
fi
python -m pip install --quiet -e runtime -e ".[test,bench]"

# Node modules (jco, the WASI shim) from the committed lockfile, and Chromium for browser tests.
bash scripts/setup_js.sh
