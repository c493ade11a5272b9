#!/usr/bin/env bash
# Component validation throughput: `wcomp validate` (all cores) on a real
# ~12 MB component, against jco (wasm-tools compiled to JS; `jco print` is
# the stand-in, as jco exposes no validate command: it parses the whole
# component), in one run, best of 5 each.
#   bench/component.sh [COMPONENT.wasm...]
# Default input: fixtures/js/hello.js made into a component with
# componentize-js (pinned, installed into bench/.cache with jco).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/inputs.sh
if (($# == 0)); then
  hello=$bench_cache/hello.component.wasm
  if [[ ! -f $hello ]]; then
    "$bench_cache/node_modules/.bin/componentize-js" --wit "$PWD/fixtures/js/hello.wit" \
      --world-name hello -o "$PWD/$hello" "$PWD/fixtures/js/hello.js" >/dev/null
  fi
  set -- "$hello"
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target wcomp >/dev/null

BEST_OF=5
for file in "$@"; do
  ./build/cli/wcomp validate "$file"
  size=$(stat -c %s "$file")
  w=$(best ./build/cli/wcomp validate "$file")
  w1=$(best ./build/cli/wcomp validate -j 1 "$file")
  j=$(best "$jco" print "$file")
  python3 - "$file" "$size" "$w" "$w1" "$j" <<'PY'
import sys
f, size, w, w1, j = sys.argv[1], *map(float, sys.argv[2:])
mb = lambda t: size / t / 1e6
print(f"{f}: {size/1e6:.2f} MB component")
print(f"  wcomp validate (all cores) {w*1000:7.1f} ms  {mb(w):6.1f} MB/s")
print(f"  wcomp validate -j 1        {w1*1000:7.1f} ms  {mb(w1):6.1f} MB/s")
print(f"  jco print                  {j*1000:7.1f} ms  {mb(j):6.1f} MB/s   ratio {j/w:5.1f}x")
PY
done
