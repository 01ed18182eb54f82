#!/usr/bin/env bash
# Runs the integration suite against the real server binary.
#   tests/integration/run.sh sqlite|postgres [test files...]
# Env: VIDIVERSE_BIN (default build/vidiverse), VIDIVERSE_TEST_CONCURRENCY
# (test files run in parallel; default 1), VIDIVERSE_KEEP_TMP=1 keeps the
# temporary storage roots. Server logs are copied to tests/artifacts/integration/.
# Exits with the test runner's code.
set -uo pipefail

db=${1:-sqlite}
shift || true
case "$db" in
  sqlite|postgres) ;;
  *) echo "usage: $0 sqlite|postgres [test files...]" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"

export VIDIVERSE_DB=$db
export VIDIVERSE_BIN=${VIDIVERSE_BIN:-$repo/build/vidiverse}
if [ ! -x "$VIDIVERSE_BIN" ]; then
  echo "run.sh: server binary $VIDIVERSE_BIN not found; build first (make build)" >&2
  exit 1
fi

# Node dependencies (ajv, ajv-formats, js-yaml), installed from the lock file.
if [ ! -f tests/node_modules/.package-lock.json ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  npm ci --prefix tests --no-audit --no-fund --loglevel=error || { echo "run.sh: npm ci failed" >&2; exit 1; }
fi

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

pgdir=""
cleanup() {
  if [ -n "$pgdir" ]; then
    bash "$repo/tests/support/postgres.sh" stop "$pgdir" || true
    rm -rf "$pgdir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$db" = postgres ]; then
  pgdir=$(mktemp -d /tmp/vidiverse-pg.XXXXXX)
  pgport=$(free_port)
  if ! bash "$repo/tests/support/postgres.sh" start "$pgdir" "$pgport"; then
    echo "run.sh: cannot start PostgreSQL" >&2
    exit 1
  fi
  export VIDIVERSE_PG_PORT=$pgport VIDIVERSE_PG_HOST=127.0.0.1
  echo "run.sh: PostgreSQL on 127.0.0.1:$pgport ($pgdir)"
fi

if [ $# -gt 0 ]; then
  files=("$@")
else
  files=(tests/integration/*.test.mjs)
fi

mkdir -p tests/artifacts/integration
rm -f tests/artifacts/integration/"$db"-*.log
echo "run.sh: $db, $VIDIVERSE_BIN, ${#files[@]} test files"
node --test \
  --test-reporter=spec \
  --test-concurrency="${VIDIVERSE_TEST_CONCURRENCY:-1}" \
  --test-timeout=120000 \
  "${files[@]}"
rc=$?
echo "run.sh: node --test exited with $rc ($db)"
exit $rc
