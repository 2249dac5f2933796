#!/usr/bin/env bash
# Playwright against the real `atelier` binary in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_apt chromium
cd e2e
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci (e2e)"
  npm ci --no-audit --no-fund
fi
export ATELIER_BIN="${ATELIER_BIN:-$PWD/../target/debug/atelier}"
npx playwright test "$@"
