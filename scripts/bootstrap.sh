#!/usr/bin/env bash
# Installs what wcomp needs from Debian 12 packages; does nothing when all is present.
#   scripts/bootstrap.sh          build + test dependencies
#   scripts/bootstrap.sh --bench  also the benchmark peers (wabt)
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config git python3
  llvm-19-dev libzstd-dev libcli11-dev libxxhash-dev nlohmann-json3-dev
  libgtest-dev libbenchmark-dev
  # End-to-end: real Preview 1 programs built from C.
  clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(wabt nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# node/npm may come from another source (nodesource): accept any working npm.
if command -v npm >/dev/null; then
  kept=()
  for p in ${missing[@]+"${missing[@]}"}; do
    [[ "$p" == npm || "$p" == nodejs ]] || kept+=("$p")
  done
  missing=(${kept[@]+"${kept[@]}"})
fi
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "bootstrap: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
