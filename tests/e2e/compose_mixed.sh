#!/usr/bin/env bash
# Composing components from different toolchains (issue 29): a JavaScript
# root (componentize-js with its default features: it imports wasi:http
# 0.2.10, whose types use wasi:io 0.2.12's streams) plugged with a C
# component (wit-bindgen + clang-19) whose Preview 1 imports were adapted
# three ways: jco's reactor adapter with `wasm-tools component new`, jco's
# with `wcomp new`, and wcomp's own with `wcomp adapt`. The importers bring
# different subsets of the same WASI interfaces (the adapter only the
# functions it uses); the composition imports their union. Checks, for each:
#   - every component and the composition validate (wcomp, native
#     wasm-tools), and `wcomp wit` prints what `wasm-tools component wit` does;
#   - the composition runs under Wasmtime and under node (jco), with the
#     same stdout and stderr, as tests/e2e/compose_mixed.expected says;
#   - the same composition written in WAC (mixed/mix.wac, packages given
#     with --dep) validates and runs alike (agreement with wac itself is
#     measured by bench/wac_cases.sh: wac is a benchmark peer).
#   compose_mixed.sh WCOMP
set -euo pipefail
wcomp=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
src=$here/mixed
source "$here/tools.sh"
require wit-bindgen clang-19 componentize-js jco wasm-tools wasmtime-py
source "$here/oracle.sh"
jco_adapter=$here/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.reactor.wasm
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$out"

wit-bindgen c --world pricing-provider --out-dir c "$src/mixed.wit" >/dev/null
clang=$(command -v clang-19)
mkdir -p ld && ln -sf "$(command -v wasm-ld-19)" ld/wasm-ld-19
PATH=$out/ld "$clang" --target=wasm32-wasi -O2 -mexec-model=reactor -Ic "$src/pricing.c" \
  c/pricing_provider.c c/pricing_provider_component_type.o -o pricing.core.wasm
wasm-tools component new pricing.core.wasm --adapt "wasi_snapshot_preview1=$jco_adapter" \
  -o pricing-wasmtools.wasm
"$wcomp" new pricing.core.wasm --adapt "wasi_snapshot_preview1=$jco_adapter" -o pricing-jco.wasm
"$wcomp" adapt --wasi reactor pricing.core.wasm -o pricing-wcomp.wasm
"$here/node_modules/.bin/componentize-js" --wit "$src/mixed.wit" --world-name app \
  -o app.wasm "$src/app.js" >/dev/null
oracle_check app.wasm

{
  for plug in wasmtools jco wcomp; do
    oracle_check "pricing-$plug.wasm"
    "$wcomp" compose app.wasm "pricing-$plug.wasm" -o "mix-$plug.wasm"
    oracle_check "mix-$plug.wasm"
    echo "== JavaScript + C (pricing-$plug.wasm): composed, valid for wcomp and wasm-tools"
    for rt in wasmtime node; do
      set +e
      if [[ $rt == node ]]; then
        node "$here/run.mjs" "mix-$plug.wasm" \
          --eval 'return root["demo:mix/front@0.1.0"].quote(12, 150)' >"$rt.out" 2>"$rt.err"
      else
        python3 "$here/run.py" "mix-$plug.wasm" --invoke 'demo:mix/front@0.1.0#quote' \
          -- 12 150 >"$rt.out" 2>"$rt.err"
      fi
      status=$?
      set -e
      { cat "$rt.out"; echo "-- stderr"; cat "$rt.err"; echo "-- exit $status"; } >"run.$rt"
    done
    if ! diff -u run.node run.wasmtime; then
      echo "FAIL: mix-$plug.wasm runs differently under node (jco) and Wasmtime"
      exit 1
    fi
    cat run.wasmtime
  done
  # The same composition written in WAC: the packages given with --dep.
  "$wcomp" compose "$src/mix.wac" --dep demo:app=app.wasm --dep demo:pricing=pricing-wcomp.wasm \
    -o mix-wac.wasm
  oracle_check mix-wac.wasm
  echo "== the same in WAC (tests/e2e/mixed/mix.wac): composed, valid for wcomp and wasm-tools"
  python3 "$here/run.py" mix-wac.wasm --invoke 'demo:mix/front@0.1.0#quote' -- 12 150 >wac.out 2>wac.err
  node "$here/run.mjs" mix-wac.wasm --eval 'return root["demo:mix/front@0.1.0"].quote(12, 150)' \
    >wac-node.out 2>wac-node.err
  if ! cmp -s wac.out wac-node.out || ! cmp -s wac.err wac-node.err; then
    echo "FAIL: mix-wac.wasm runs differently under node (jco) and Wasmtime"
    exit 1
  fi
  { cat wac.out; echo "-- stderr"; cat wac.err; }
} >result.txt
if [[ ${WCOMP_BLESS:-} == 1 ]]; then
  cp result.txt "$here/compose_mixed.expected"
fi
if ! diff -u "$here/compose_mixed.expected" result.txt; then
  echo "FAIL: the output differs from tests/e2e/compose_mixed.expected"
  exit 1
fi
cat result.txt
echo "ok: JavaScript + C compositions (jco's adapter via wasm-tools and wcomp, wcomp's adapter) run alike"
