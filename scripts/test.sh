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
# Statement PDFs: the CJK font they embed, and the tools their tests read them with.
need_apt fonts-noto-cjk
need_apt poppler-utils qpdf
ensure_postgres

log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

# Each stage's output is kept so the last line can count what ran.
outputs=$(mktemp -d)
trap 'rm -rf "$outputs"' EXIT

log "Rust tests (SQLite and PostgreSQL, S3 on loopback)"
if command -v cargo-nextest >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast 2>&1 | tee "$outputs/rust"
  rust_passed=$(sed -n 's/.* tests run: \([0-9]*\) passed.*/\1/p' "$outputs/rust" | tail -n1)
else
  cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$outputs/rust"
  rust_passed=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$outputs/rust" | awk '{n += $1} END {print n + 0}')
fi

log "WASM frontend build"
scripts/build-frontend.sh

log "browser end-to-end tests (Debian chromium)"
cargo build --locked -p atelier-backend --bin atelier
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
ATELIER_BIN="$target_dir/debug/atelier" scripts/e2e.sh 2>&1 | tee "$outputs/e2e"
e2e_passed=$(sed -n 's/^ *\([0-9]*\) passed (.*/\1/p' "$outputs/e2e" | tail -n1)

log "Schemathesis: the real binary against its OpenAPI document"
ATELIER_BIN="$target_dir/debug/atelier" scripts/schemathesis.sh

log "all checks passed in $(( $(date +%s) - started ))s (Rust ${rust_passed:-?}, browser ${e2e_passed:-?}, Schemathesis: no failures)"
echo "$(( ${rust_passed:-0} + ${e2e_passed:-0} )) passed, 0 failed"
