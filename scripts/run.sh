#!/usr/bin/env bash
# Runs Atelier on the embedded default: SQLite and files under ./data, demo
# data on first start. Prints the URL and the demo log-ins.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_apt pkg-config
scripts/build-frontend.sh
log "building the server (release)"
cargo build --release --locked -p atelier-backend --bin atelier
exec "${CARGO_TARGET_DIR:-target}/release/atelier" serve "$@"
