#!/usr/bin/env bash
# Installs everything and runs the whole test suite (lint included). CI runs exactly this.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/setup.sh
. "$repo/scripts/setup.sh"
cd "$repo"
ruff check .
ruff format --check .
pytest "$@"
