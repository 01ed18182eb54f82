#!/usr/bin/env bash
# Builds the web client (web/ -> web/dist), installing its npm packages from
# the lock file when they are missing or older than the lock.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run build --silent
