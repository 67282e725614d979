#!/usr/bin/env bash
# Node modules for the JS glue and its tests (jco, the WASI shim) from the committed lockfile,
# and Debian's Chromium for the browser tests. Called by setup.sh; quick when all is there.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

if ! command -v npm >/dev/null; then
  echo "setup_js: Node.js 20+ with npm is required (Debian: apt-get install -y nodejs npm)" >&2
  exit 1
fi
# npm ci wipes and reinstalls node_modules, so only when the lockfile differs from the one the
# last install used (a copy kept inside node_modules, which is git-ignored).
stamp=node_modules/.installed-package-lock.json
if ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

if ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup_js: Chromium is missing; run as root or: sudo apt-get install -y chromium" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
