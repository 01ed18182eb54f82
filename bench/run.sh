#!/usr/bin/env bash
# Runs every benchmark and rewrites bench/RESULTS.md. `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
# `bench/run.sh videos transcoding` reruns only those; RESULTS.md is always
# rebuilt from the latest bench/out/*.txt of each.
only=" $* "
want() { [ "$only" = "  " ] || [[ "$only" == *" $1 "* ]]; }
if want foundation_http; then bash bench/foundation_http.sh | tee "$out/foundation_http.txt"; fi
if want videos; then bash bench/videos.sh | tee "$out/videos.txt"; fi
if want transcoding; then bash bench/transcoding.sh 2>&1 | grep -v '^\[' | tee "$out/transcoding.txt"; fi
if want web; then bash bench/web.sh | tee "$out/web.txt"; fi
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
  echo
  echo "## Pipeline: transcoding and the job queue (bench/transcoding.sh)"
  echo
  echo '```'
  cat "$out/transcoding.txt"
  echo '```'
  if [ -f "$out/web.txt" ]; then
    echo
    echo "## Web client: bundle sizes and first frame (bench/web.sh)"
    echo
    echo '```'
    cat "$out/web.txt"
    echo '```'
  fi
} > bench/RESULTS.md
echo "wrote bench/RESULTS.md"
