#!/usr/bin/env bash
# Installs everything the demo and the tests need, on a fresh machine or an existing checkout:
# a virtual environment in .venv with the plugin and the runtime (editable) and the test tools.
# Sourced by demo.sh and test.sh; safe to run again (it only adds what is missing).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e runtime -e ".[test,bench]"

# Node modules (jco, the WASI shim) from the committed lockfile, and Chromium for browser tests.
if [ -f scripts/setup_js.sh ]; then
  bash scripts/setup_js.sh
fi
