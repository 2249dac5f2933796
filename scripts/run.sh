#!/usr/bin/env bash
# Runs Atelier on the embedded default: SQLite and files under ./data, with the
# demo data seeded on first start (`--demo`). Prints the URL and the demo log-ins.
# Builds the dev profile (hot crates optimised, see Cargo.toml), the same build
# `make test` uses, so a newcomer compiles the server once.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_apt pkg-config binaryen
# The CJK font statement PDFs embed (ledger.statement_font).
need_apt fonts-noto-cjk
# The server and the WASM frontend build side by side: each has serial phases
# (linking, LTO) that leave a core idle.
log "building the server (dev profile) and the frontend"
cargo build --locked -p atelier-backend --bin atelier &
server_build=$!
scripts/build-frontend.sh
wait "$server_build"
exec "${CARGO_TARGET_DIR:-target}/debug/atelier" serve --demo "$@"
