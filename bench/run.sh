#!/usr/bin/env bash
# Throughput benchmark on large real modules, side by side with WABT.
#   bench/run.sh [FILE...]
# Default inputs: componentize-js's starlingmonkey_embedding.wasm (~10 MB) and
# spidermonkey-embedding-splicer.core.wasm (~5.7 MB), installed from npm
# (pinned, into bench/.cache; never committed). Installs the peers (Debian
# wabt), builds wcomp_bench, and prints times, MB/s and ratios from one run.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/inputs.sh
if (($# == 0)); then
  set -- "$BENCH_STARLING" "$BENCH_SPLICER"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target wcomp wcomp_bench >/dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for file in "$@"; do
  ./build/bench/wcomp_bench --input="$file" --benchmark_min_time=2 \
    --benchmark_format=json --benchmark_out="$out/wcomp.json" >/dev/null
  python3 bench/report.py "$file" "$out/wcomp.json"
  echo
done
