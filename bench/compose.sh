#!/usr/bin/env bash
# Times `wcomp compose` and measures its peak memory, in one run, on:
#   - two ~12 MB components made from JavaScript with componentize-js
#     (pinned; bench/compose/*.js, built into bench/.cache once): an app
#     importing a store, and the store;
#   - a chain of 50 small components (generated WAT: each imports the next
#     one's interface) under a root.
# The reference is copying the input bytes to one output file (`cat`), the
# issue's target: compose within 2x of it in time, peak memory within 2x of
# the input size. Each composition is validated (wcomp) and, for the
# JavaScript pair, run under node to check it works.
#   bench/compose.sh [WCOMP]
set -euo pipefail
cd "$(dirname "$0")/.."
wcomp=${1:-build/cli/wcomp}
source bench/inputs.sh
cjs=$bench_cache/node_modules/.bin/componentize-js
work=$bench_cache/compose
mkdir -p "$work"
for w in provider app; do
  if [[ ! -f $work/$w.wasm || bench/compose/$w.js -nt $work/$w.wasm ]]; then
    "$cjs" --wit bench/compose/bench.wit --world-name "$w" -o "$work/$w.wasm" \
      "bench/compose/$w.js" >/dev/null
  fi
done

# The chain: root -> c0 -> c1 -> ... -> c49 (which imports a host function).
if [[ ! -f $work/chain/c49.wasm ]]; then
  mkdir -p "$work/chain"
  f='(instance (export "f" (func (param "x" u32) (result u32))))'
  for i in $(seq 0 49); do
    if (( i == 49 )); then imp="test:host/f@0.1.0"; else imp="test:chain/c$((i + 1))@0.1.0"; fi
    echo "(component (import \"$imp\" (instance \$i (export \"f\" (func (param \"x\" u32) (result u32))))) (export \"test:chain/c$i@0.1.0\" (instance \$i)))" \
      >"$work/chain/c$i.wat"
    "$wcomp" parse "$work/chain/c$i.wat" -o "$work/chain/c$i.wasm"
  done
  echo "(component (import \"test:chain/c0@0.1.0\" (instance \$i (export \"f\" (func (param \"x\" u32) (result u32))))) (export \"test:app/f@0.1.0\" (instance \$i)))" \
    >"$work/chain/root.wat"
  "$wcomp" parse "$work/chain/root.wat" -o "$work/chain/root.wasm"
fi
chain=("$work/chain/root.wasm")
for i in $(seq 0 49); do chain+=("$work/chain/c$i.wasm"); done

peak_kb() { # COMMAND...: the peak resident memory of one run, in KB
  python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}

report() { # NAME OUTPUT INPUT...
  local name=$1 out=$2
  shift 2
  local size
  size=$(cat "$@" | wc -c)
  "$wcomp" compose "$@" -o "$out"
  "$wcomp" validate "$out"
  local t c m
  t=$(BEST_OF=5 spawn_best 5 "$wcomp" compose "$@" -o "$out")
  c=$(spawn_best 5 sh -c 'cat "$@" > "$0"' "$out.copy" "$@")
  m=$(peak_kb "$wcomp" compose "$@" -o "$out")
  base=$(peak_kb "$wcomp" validate "$work/chain/root.wasm")
  python3 - "$name" "$size" "$(stat -c %s "$out")" "$t" "$c" "$m" "$base" <<'PY'
import sys
name, size, out, t, c, m, base = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *map(float, sys.argv[4:])
print(f"{name}: inputs {size/1e6:.2f} MB, output {out/1e6:.2f} MB")
print(f"  wcomp compose {t*1e3:.1f} ms; cat of the inputs {c*1e3:.1f} ms; ratio {t/c:.2f}x (target <= 2x)")
print(f"  peak memory {m/1024:.1f} MB = {m*1024/size:.2f}x the inputs (target <= 2x); "
      f"a process validating a tiny component peaks at {base/1024:.1f} MB")
PY
  rm -f "$out.copy"
}

report "two JavaScript components (componentize-js)" "$work/js-app.wasm" \
  "$work/app.wasm" "$work/provider.wasm"
node tests/e2e/run.mjs "$work/js-app.wasm" --invoke run 2>/dev/null | sed 's/^/  run: /'
report "chain of 50 small components" "$work/chain-app.wasm" "${chain[@]}"
