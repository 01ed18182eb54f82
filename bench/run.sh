#!/usr/bin/env bash
# Runs every benchmark and rewrites bench/RESULTS.md. `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
bash bench/foundation_http.sh | tee "$out/foundation_http.txt"
bash bench/videos.sh | tee "$out/videos.txt"
{
  echo "# Benchmark results"
  echo
  echo "Produced by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)."
  echo "Each figure is measured beside its baseline in the same run; the ratio is ours / baseline."
  echo
  echo "## Foundation: HTTP core (bench/foundation_http.sh)"
  echo
  echo '```'
  cat "$out/foundation_http.txt"
  echo '```'
  echo
  echo "## Videos: lists with 10,000 videos, uploads (bench/videos.sh)"
  echo
  echo '```'
  cat "$out/videos.txt"
  echo '```'
} > bench/RESULTS.md
echo "wrote bench/RESULTS.md"
