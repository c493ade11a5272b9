#!/usr/bin/env bash
# wcomp against its native peers, whole processes, best of 5, in one run:
#   validate        wcomp validate       vs wasm-tools validate
#   print           wcomp print          vs wasm-tools print           (to /dev/null)
#   component new   wcomp adapt          vs wasm-tools component new --adapt (jco's reactor adapter)
#   component wit   wcomp wit            vs wasm-tools component wit
#   compose         wcomp compose        vs wac plug
#   compose (WAC)   wcomp compose X.wac  vs wac compose X.wac (bench/compose/bench.wac)
# Inputs: starlingmonkey_embedding.wasm (10.5 MB core module, npm
# componentize-js, pinned), the 12 MB componentize-js component of
# fixtures/js/hello.js, and bench/compose's two 12 MB JavaScript components.
# Every output of both tools is checked (wasm-tools validate) before timing.
# Then the agreement with wac on the WAC fixtures (bench/wac_cases.sh).
#   bench/peers.sh [WCOMP]
set -euo pipefail
cd "$(dirname "$0")/.."
wcomp=${1:-build/cli/wcomp}
source bench/inputs.sh
source scripts/tools.sh
for t in wasm-tools wac; do
  command -v $t >/dev/null || { echo "bench/peers.sh: $t is missing (bash scripts/bootstrap.sh --bench)"; exit 1; }
done
cjs=$bench_cache/node_modules/.bin/componentize-js
work=$bench_cache/peers
mkdir -p "$work"
if [[ ! -f $work/hello.wasm ]]; then
  (cd fixtures/js && "$OLDPWD/$cjs" --wit hello.wit --world-name hello -o "$OLDPWD/$work/hello.wasm" \
    hello.js >/dev/null)
fi
for w in provider app; do
  if [[ ! -f $work/$w.wasm || bench/compose/$w.js -nt $work/$w.wasm ]]; then
    "$cjs" --wit bench/compose/bench.wit --world-name "$w" -o "$work/$w.wasm" \
      "bench/compose/$w.js" >/dev/null
  fi
done
adapter=$bench_cache/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.reactor.wasm
star=$BENCH_STARLING
comp=$work/hello.wasm

# Both outputs valid before anything is timed.
"$wcomp" adapt "$star" --adapter "$adapter" -o "$work/new-wcomp.wasm" 2>/dev/null
wasm-tools component new "$star" --adapt "wasi_snapshot_preview1=$adapter" -o "$work/new-wt.wasm"
"$wcomp" compose "$work/app.wasm" "$work/provider.wasm" -o "$work/compose-wcomp.wasm"
wac plug "$work/app.wasm" --plug "$work/provider.wasm" -o "$work/compose-wac.wasm"
wacdeps=(--dep "bench:app=$work/app.wasm" --dep "bench:provider=$work/provider.wasm")
"$wcomp" compose bench/compose/bench.wac "${wacdeps[@]}" -o "$work/wac-wcomp.wasm"
wac compose bench/compose/bench.wac "${wacdeps[@]}" -o "$work/wac-wac.wasm"
for f in new-wcomp new-wt compose-wcomp compose-wac wac-wcomp wac-wac; do
  wasm-tools validate "$work/$f.wasm"
done

row() { # TASK INPUT-SIZE WCOMP-CMD... -- PEER-CMD...
  local task=$1 size=$2
  shift 2
  local ours=() theirs=()
  while [[ $1 != -- ]]; do ours+=("$1"); shift; done
  shift
  theirs=("$@")
  local a b
  a=$(spawn_best 5 "${ours[@]}")
  b=$(spawn_best 5 "${theirs[@]}")
  python3 -c "
a, b, size = $a, $b, $size
print(f'| {\"$task\":<14} | {size / 1e6:6.1f} MB | {a * 1e3:8.1f} ms | {b * 1e3:8.1f} ms | {b / a:6.1f}x |')"
}
mb() { cat "$@" | wc -c; }

echo "| task           | input     | wcomp       | peer        | peer/wcomp |"
echo "|---|---|---|---|---|"
row validate "$(mb "$star")" "$wcomp" validate "$star" -- wasm-tools validate "$star"
row "validate (c)" "$(mb "$comp")" "$wcomp" validate "$comp" -- wasm-tools validate "$comp"
row print "$(mb "$star")" "$wcomp" print "$star" -o /dev/null -- wasm-tools print "$star" -o /dev/null
row "component new" "$(mb "$star")" "$wcomp" adapt "$star" --adapter "$adapter" -o "$work/new-wcomp.wasm" \
  -- wasm-tools component new "$star" --adapt "wasi_snapshot_preview1=$adapter" -o "$work/new-wt.wasm"
row "component wit" "$(mb "$comp")" "$wcomp" wit "$comp" -o /dev/null -- wasm-tools component wit "$comp" -o /dev/null
row "compose/plug" "$(mb "$work/app.wasm" "$work/provider.wasm")" \
  "$wcomp" compose "$work/app.wasm" "$work/provider.wasm" -o "$work/compose-wcomp.wasm" \
  -- wac plug "$work/app.wasm" --plug "$work/provider.wasm" -o "$work/compose-wac.wasm"
row "compose/wac" "$(mb "$work/app.wasm" "$work/provider.wasm")" \
  "$wcomp" compose bench/compose/bench.wac "${wacdeps[@]}" -o "$work/wac-wcomp.wasm" \
  -- wac compose bench/compose/bench.wac "${wacdeps[@]}" -o "$work/wac-wac.wasm"
echo "(best of 5 each, whole processes; peers: $(wasm-tools --version), $(wac --version); $(nproc) cores)"
echo
echo "Agreement with wac on the WAC fixtures (bench/wac_cases.sh):"
bash bench/wac_cases.sh "$wcomp" | tail -3
