#!/usr/bin/env bash
# Text-format throughput: `wcomp print` / `wcomp parse` against WABT's
# wasm2wat / wat2wasm on the same inputs, in one run (best of 3 each).
#   bench/text.sh [FILE.wasm...]
# Default input: componentize-js's starlingmonkey_embedding.wasm (~10 MB),
# installed from npm (pinned) into bench/.cache by bench/run.sh's recipe.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/inputs.sh
if (($# == 0)); then
  set -- "$BENCH_STARLING"
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target wcomp >/dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for file in "$@"; do
  size=$(stat -c %s "$file")
  ./build/cli/wcomp print "$file" -o "$out/w.wat"
  tsize=$(stat -c %s "$out/w.wat")
  wp=$(best ./build/cli/wcomp print "$file" -o "$out/w.wat")
  wq=$(best ./build/cli/wcomp parse "$out/w.wat" -o "$out/w.wasm")
  xp=$(best wasm2wat --enable-all "$file" -o "$out/x.wat")
  xq=$(best wat2wasm --enable-all "$out/x.wat" -o "$out/x.wasm")
  python3 - "$file" "$size" "$tsize" "$wp" "$wq" "$xp" "$xq" <<'PY'
import sys
f, size, tsize, wp, wq, xp, xq = sys.argv[1], *map(float, sys.argv[2:])
mb = lambda n, t: n / t / 1e6
print(f"{f}: {size/1e6:.2f} MB binary, {tsize/1e6:.1f} MB text")
print(f"  print  wcomp {wp*1000:7.1f} ms ({mb(size, wp):6.1f} MB/s of binary)   wasm2wat {xp*1000:7.1f} ms   ratio {xp/wp:5.1f}x")
print(f"  parse  wcomp {wq*1000:7.1f} ms ({mb(tsize, wq):6.1f} MB/s of text)     wat2wasm {xq*1000:7.1f} ms   ratio {xq/wq:5.1f}x")
PY
done
