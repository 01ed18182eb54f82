#!/usr/bin/env bash
# End-to-end suite: the built web client served by the real server, driven in
# headless Chromium (Debian's /usr/bin/chromium) through playwright-core.
#   tests/e2e/run.sh [test files...]
# Needs web/dist (bash scripts/build-web.sh) and the server binary.
# Env: VIDIVERSE_BIN (default build/vidiverse), VIDIVERSE_CHROMIUM (default
# /usr/bin/chromium), VIDIVERSE_KEEP_TMP=1 keeps the server's storage.
# Screenshots, the server log and summary.txt go to tests/artifacts/e2e/.
# Exits with the test runner's code.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"

export VIDIVERSE_DB=sqlite
export VIDIVERSE_BIN=${VIDIVERSE_BIN:-$repo/build/vidiverse}
chromium=${VIDIVERSE_CHROMIUM:-/usr/bin/chromium}
dist=${VIDIVERSE_WEB_DIST:-$repo/web/dist}

fail() { echo "e2e/run.sh: $*" >&2; exit 1; }
[ -x "$VIDIVERSE_BIN" ] || fail "server binary $VIDIVERSE_BIN not found; build first (make build)"
[ -x "$chromium" ] || fail "Chromium not found at $chromium (apt-get install chromium, or scripts/install-deps.sh test)"
command -v ffmpeg >/dev/null || fail "ffmpeg is needed to make the test clip"
if [ ! -f "$dist/index.html" ] || [ ! -f "$dist/embed.html" ]; then
  fail "the web client is not built ($dist/index.html or embed.html missing): run bash scripts/build-web.sh first"
fi
newer=$(find "$repo/web/src" "$repo/web/index.html" "$repo/web/embed.html" -newer "$dist/index.html" -type f 2>/dev/null | head -3)
[ -n "$newer" ] && echo "e2e/run.sh: warning: web/dist is older than $(echo "$newer" | tr '\n' ' ')— rebuild it to test the current client" >&2

# Node dependencies (playwright-core, axe-core, @peertube/embed-api, ...) from the lock file.
if [ ! -f tests/node_modules/.package-lock.json ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  npm ci --prefix tests --no-audit --no-fund --loglevel=error || fail "npm ci failed"
fi

if [ $# -gt 0 ]; then files=("$@"); else files=(tests/e2e/*.test.mjs); fi

mkdir -p tests/artifacts/e2e
rm -f tests/artifacts/e2e/*.png tests/artifacts/e2e/*.log tests/artifacts/e2e/summary.txt
echo "e2e/run.sh: $VIDIVERSE_BIN, $chromium ($("$chromium" --version 2>/dev/null | head -1)), ${#files[@]} test file(s)"
start=$(date +%s)
node --test \
  --test-reporter=spec \
  --test-concurrency=1 \
  --test-timeout=300000 \
  "${files[@]}"
rc=$?
echo "e2e/run.sh: node --test exited with $rc after $(( $(date +%s) - start )) s; screenshots and server log in tests/artifacts/e2e/"
exit $rc
