#!/usr/bin/env bash
# Installs the Debian packages Vidiverse needs, only when some are missing, so a
# second run costs a dpkg query and nothing else.
#   scripts/install-deps.sh build   -- what `make build` / `make run` need
#   scripts/install-deps.sh test    -- plus the real servers the tests start
set -euo pipefail
profile=${1:-build}

build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-context1.81-dev
  libsoci-dev libsqlite3-dev libpq-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev
  libssl-dev libcurl4-openssl-dev libvips-dev libmagic-dev libhiredis-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  ffmpeg nodejs npm
)
test_pkgs=(postgresql redis-server nginx-light wrk curl procps chromium)

pkgs=("${build_pkgs[@]}")
[ "$profile" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  # nodejs/npm may come from elsewhere than Debian: a working binary is enough.
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
