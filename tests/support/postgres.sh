#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the tests.
#   tests/support/postgres.sh start DIR PORT   -- initdb (once) + start, wait until ready
#   tests/support/postgres.sh stop  DIR [PORT] -- fast shutdown
# DIR must sit where the postgres user can read its parents (/tmp is fine, /root is not).
# PostgreSQL refuses to run as root, so as root everything runs as the postgres user.
# Connect with: psql -h 127.0.0.1 -p PORT -U postgres   (trust auth, no password)
set -euo pipefail

cmd=${1:?usage: postgres.sh start|stop DIR PORT}
dir=${2:?usage: postgres.sh start|stop DIR PORT}
port=${3:-}

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/pg_ctl" ]; then
  echo "postgres.sh: $PGBIN/pg_ctl not found (apt-get install postgresql-15)" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    [ -n "$port" ] || { echo "postgres.sh start: PORT missing" >&2; exit 1; }
    mkdir -p "$dir/sock"
    if [ "$(id -u)" -eq 0 ]; then
      chmod 755 "$dir"
      chown -R postgres: "$dir"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
      }
    fi
    # Durability is not wanted in tests: fsync off makes migrations and commits fast.
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || {
      cat "$dir/postgres.log" >&2
      exit 1
    }
    for _ in $(seq 1 50); do
      if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
        exit 0
      fi
      sleep 0.2
    done
    echo "postgres.sh: server on port $port not ready" >&2
    cat "$dir/postgres.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null || true
    fi
    ;;
  *)
    echo "usage: postgres.sh start|stop DIR PORT" >&2
    exit 2
    ;;
esac
