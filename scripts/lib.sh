# Shared helpers for the project's scripts: install what is missing, from
# Debian's packages and the npm registry only.

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

APT_UPDATED=""
# need_apt PKG...: installs the Debian packages that are not installed yet.
need_apt() {
  local missing=()
  for p in "$@"; do
    # A removed package can linger as "deinstall ok config-files": only
    # "install ok installed" counts.
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_postgres: PostgreSQL on 127.0.0.1:5432 answers, starting the local
# cluster when it is installed but down. Fails loudly otherwise.
ensure_postgres() {
  local url="${ATELIER_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
  if [ -z "${ATELIER_TEST_POSTGRES_URL:-}" ]; then
    need_apt postgresql-client
    if ! pg_isready -q -h 127.0.0.1 -p 5432; then
      if [ -d /etc/postgresql ]; then
        log "PostgreSQL is down; starting it"
        $SUDO pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
      fi
      for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
  fi
  if ! psql "$url/postgres" -Atqc 'select 1' >/dev/null 2>&1; then
    echo "error: PostgreSQL is not reachable at $url; the PostgreSQL tests need it." >&2
    echo "       install and start it, or set ATELIER_TEST_POSTGRES_URL." >&2
    return 1
  fi
  # Databases left by earlier (killed) test runs. Without FORCE a database that a
  # running test still uses is left alone (the drop fails and is ignored).
  psql "$url/postgres" -Atqc "select datname from pg_database where datname like 'atelier_test_%'" |
    while read -r db; do psql "$url/postgres" -qc "drop database if exists \"$db\"" >/dev/null 2>&1 || true; done
}
