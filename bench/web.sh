#!/usr/bin/env bash
# Web client figures, each beside its goal:
#  - the home page's initial JavaScript + CSS, gzip-compressed (the module
#    script, modulepreload links and stylesheets of web/dist/index.html; then
#    what Chromium really fetched to show the home page): budget 150 KB.
#  - time to first video frame on the watch page over localhost (Playwright +
#    Debian's chromium, cold cache, median of BENCH_WEB_RUNS=5): goal 1 s.
# Needs web/dist (bash scripts/build-web.sh), build/vidiverse, chromium, ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."
export VIDIVERSE_BIN=${VIDIVERSE_BIN:-build/vidiverse}
[ -f web/dist/index.html ] || { echo "bench/web.sh: web/dist is not built (bash scripts/build-web.sh)" >&2; exit 1; }

# The same shell figure without Node: entry files of index.html, gzip -c | wc -c.
total=0
for f in $(grep -oE '(src|href)="/assets/[^"]+\.(js|css)"' web/dist/index.html | sed -E 's/^(src|href)="\/(.*)"$/\2/' | sort -u); do
  n=$(gzip -c "web/dist/$f" | wc -c)
  total=$((total + n))
done
echo "index.html entry JS+CSS, gzip -c | wc -c: $total bytes ($((total / 1024)) KB; budget 150 KB)"

if [ ! -f tests/node_modules/.package-lock.json ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  npm ci --prefix tests --no-audit --no-fund --loglevel=error
fi
node tests/e2e/bench-web.mjs
