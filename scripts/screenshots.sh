#!/usr/bin/env bash
# Retakes docs/screenshots/*.png: the home, challenge, entry, poll and staff pages at
# phone size (390x844) in zh-TW, against the real binary with demo data. Run it after
# a change to how those pages look and commit the pictures with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_apt chromium fonts-noto-cjk

cargo build --locked -p atelier-backend --bin atelier
scripts/build-frontend.sh
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac

mkdir -p docs/screenshots
cd e2e
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci (e2e)"
  npm ci --no-audit --no-fund
fi
ATELIER_BIN="$target_dir/debug/atelier" npx playwright test -c screenshots.config.ts
log "screenshots written to docs/screenshots/: $(cd ../docs/screenshots && ls -1 *.png | tr '\n' ' ')"
