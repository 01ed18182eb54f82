#!/usr/bin/env bash
# `make run`: a single-node instance (SQLite, local disk) on
# http://127.0.0.1:9000 with its data in ./data. An optional argument is a
# YAML file merged over config/default.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
args=(serve)
[ $# -gt 0 ] && [ -n "$1" ] && args+=(--config "$1")
if [ -z "${PT_INITIAL_ROOT_PASSWORD:-}" ] && [ ! -f data/vidiverse.db ]; then
  echo "First start: the administrator's password is printed below (user: root)."
fi
echo "Open http://127.0.0.1:9000 — stop with Ctrl-C."
exec ./build/vidiverse "${args[@]}"
