#!/usr/bin/env bash
# Runs every check and test: fmt, clippy, Rust unit + integration tests (each
# database test on SQLite and on PostgreSQL, S3 tests against an in-process
# S3 server), the WASM build, the browser e2e suite and Schemathesis against
# the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

started=$(date +%s)
need_apt chromium pkg-config binaryen
ensure_postgres

log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

log "Rust tests (SQLite and PostgreSQL, S3 on loopback)"
if command -v cargo-nextest >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast
fi

log "WASM frontend build"
scripts/build-frontend.sh

log "browser end-to-end tests (Debian chromium)"
cargo build --locked -p atelier-backend --bin atelier
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
ATELIER_BIN="$target_dir/debug/atelier" scripts/e2e.sh

log "Schemathesis: the real binary against its OpenAPI document"
ATELIER_BIN="$target_dir/debug/atelier" scripts/schemathesis.sh

log "all checks passed in $(( $(date +%s) - started ))s"
