#!/usr/bin/env bash
# Fuzzes the running `atelier` binary against its own OpenAPI document with
# Schemathesis: every answer must be declared (status code, content type and
# body schema) and none may be a 5xx. Runs anonymously, with a member's and
# with a staff token, on a fresh SQLite database with demo data. Exits non-zero on any
# failure.
#
# Schemathesis comes from PyPI only, at the versions pinned in
# scripts/schemathesis-requirements.txt, into a virtualenv under the target
# directory. Settings: ATELIER_BIN (default: build and use
# $CARGO_TARGET_DIR/debug/atelier), SCHEMATHESIS_MAX_EXAMPLES (default 25),
# SCHEMATHESIS_SEED (default 1, so a failure reproduces; set another to explore).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac

if [ -z "${ATELIER_BIN:-}" ]; then
  cargo build --locked -p atelier-backend --bin atelier
  ATELIER_BIN="$target_dir/debug/atelier"
fi
[ -x "$ATELIER_BIN" ] || { echo "error: no atelier binary at $ATELIER_BIN" >&2; exit 1; }

# The virtualenv, (re)installed when the pinned requirements change.
venv="$target_dir/schemathesis-venv"
requirements="scripts/schemathesis-requirements.txt"
if [ ! -x "$venv/bin/schemathesis" ] || [ "$requirements" -nt "$venv/.installed" ]; then
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    need_apt python3-venv
  fi
  log "installing Schemathesis into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$requirements"
  touch "$venv/.installed"
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

log "starting $ATELIER_BIN with demo data"
(
  cd "$work"
  exec env -u ATELIER_DATABASE_URL \
    ATELIER_HTTP__HOST=127.0.0.1 \
    ATELIER_HTTP__PORT=0 \
    ATELIER_DATA_DIR="$work/data" \
    ATELIER_STORAGE__KIND=file \
    ATELIER_STORAGE__ROOT="$work/data/objects" \
    ATELIER_FRONTEND_DIR="$work/no-frontend" \
    ATELIER_AUTH__RATE_LIMIT_ATTEMPTS=100000 \
    ATELIER_VOTING__RATE_LIMIT_PER_MINUTE=100000 \
    ATELIER_MEDIA__SWEEP_INTERVAL_SECS=0 \
    ATELIER_LOG__FILTER=error \
    "$ATELIER_BIN" serve --demo >"$work/server.out" 2>"$work/server.err"
) &
server_pid=$!

url=""
for _ in $(seq 1 120); do
  url="$(sed -n 's/^Atelier is running at \(http[^ ]*\).*/\1/p' "$work/server.out" | head -n1)"
  [ -n "$url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "error: the server exited before it was ready:" >&2
    cat "$work/server.err" >&2
    exit 1
  fi
  sleep 0.5
done
[ -n "$url" ] || { echo "error: the server did not start within 60 s" >&2; cat "$work/server.err" >&2; exit 1; }
url="${url%/}"
log "server at $url"

login() {
  "$venv/bin/python" - "$url" "$1" <<'EOF'
import json, sys, urllib.request
req = urllib.request.Request(
    sys.argv[1] + "/api/v1/auth/login",
    data=json.dumps({"email": sys.argv[2], "password": "atelier-demo-2026"}).encode(),
    headers={"Content-Type": "application/json"},
)
with urllib.request.urlopen(req, timeout=30) as res:
    print(json.load(res)["access_token"])
EOF
}
member_token="$(login yuting@demo.atelier.test)"
staff_token="$(login lin@demo.atelier.test)"

run() {
  local name="$1"
  shift
  log "schemathesis: $name"
  # --generation-database=none: nothing is written outside $work.
  (cd "$work" && "$venv/bin/schemathesis" run "$url/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}" \
    --seed "${SCHEMATHESIS_SEED:-1}" \
    --generation-database none \
    --workers 2 \
    --request-timeout 30 \
    --no-color \
    "$@")
}

status=0
run "anonymous" || status=1
run "as a member (yuting)" --header "Authorization: Bearer $member_token" || status=1
run "as staff (lin)" --header "Authorization: Bearer $staff_token" || status=1

if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "error: the server died during the run:" >&2
  cat "$work/server.err" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "the server's errors during the run:" >&2
  grep -a -i -E 'error|panic' "$work/server.err" | tail -n 20 >&2 || true
  echo "schemathesis: failures (see above)" >&2
  exit 1
fi
log "schemathesis: no failures"
