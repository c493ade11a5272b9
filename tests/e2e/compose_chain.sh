#!/usr/bin/env bash
# A chain of three toolchains composed in WAC (issue 29): a JavaScript front
# (componentize-js) imports pricing from a Python tax step
# (componentize-py), which imports pricing from a Go leaf (GOOS=wasip1,
# `wcomp embed`, then adapted by `wcomp adapt` with wcomp's adapter or by
# `jco new` with jco's). The tax step imports and exports one interface, so
# chain/chain.wac says which instance supplies which. Checks, for each leaf:
#   - every component and composition validates (wcomp, native wasm-tools),
#     and `wcomp wit` prints what `wasm-tools component wit` does;
#   - the composition runs under Wasmtime and node (jco) alike, as
#     tests/e2e/compose_chain.expected says;
#   - plugging the same components is refused as ambiguous (two plugs export
#     pricing), naming both;
#   (Agreement with wac itself is measured by bench/wac_cases.sh.)
#   compose_chain.sh WCOMP
set -euo pipefail
wcomp=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
src=$here/chain
source "$here/tools.sh"
require componentize-js componentize-py go jco wasm-tools wasmtime-py
source "$here/oracle.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$out"

(cd "$src/leaf" && GOTOOLCHAIN=local GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared \
  -o "$out/leaf.core.wasm" .)
"$wcomp" embed "$src/chain.wit" --world leaf leaf.core.wasm -o leaf.embed.wasm
"$wcomp" adapt --wasi reactor leaf.embed.wasm -o leaf-wcomp.wasm
"$here/node_modules/.bin/jco" new leaf.embed.wasm --wasi-reactor -o leaf-jco.wasm >/dev/null
componentize-py -d "$src/chain.wit" -w tax componentize -p "$src" tax -o tax.wasm >/dev/null
"$here/node_modules/.bin/componentize-js" --wit "$src/chain.wit" --world-name app -o app.wasm \
  "$src/app.js" >/dev/null
for f in leaf-wcomp leaf-jco tax app; do oracle_check $f.wasm; done

quote() { # RUNTIME FILE: the front's quote of 12 x 150, with stderr and status
  set +e
  if [[ $1 == node ]]; then
    # componentize-py's CPython uses extended constant expressions, which
    # Node 20 enables behind a flag.
    node --experimental-wasm-extended-const "$here/run.mjs" "$2" --eval 'return root["demo:chain/front@0.1.0"].quote(12, 150)' \
      >q.out 2>q.err
  else
    python3 "$here/run.py" "$2" --invoke 'demo:chain/front@0.1.0#quote' -- 12 150 >q.out 2>q.err
  fi
  local status=$?
  set -e
  cat q.out; echo "-- stderr"; cat q.err; echo "-- exit $status"
}
{
  for leaf in wcomp jco; do
    "$wcomp" compose "$src/chain.wac" --dep demo:leaf=leaf-$leaf.wasm --dep demo:tax=tax.wasm \
      --dep demo:app=app.wasm -o chain-$leaf.wasm
    oracle_check chain-$leaf.wasm
    echo "== JavaScript > Python > Go (leaf-$leaf.wasm): composed, valid for wcomp and wasm-tools"
    quote wasmtime chain-$leaf.wasm >run.wasmtime
    quote node chain-$leaf.wasm >run.node
    if ! diff -u run.node run.wasmtime; then
      echo "FAIL: chain-$leaf.wasm runs differently under node (jco) and Wasmtime"
      exit 1
    fi
    cat run.wasmtime
  done
  if "$wcomp" compose app.wasm tax.wasm leaf-wcomp.wasm -o plugged.wasm 2>plug.err; then
    echo "FAIL: plugging a root with two plugs exporting pricing was not refused"
    exit 1
  fi
  echo "== plugging the same components: refused"
  grep -o 'error: instance .*ambiguous.*' plug.err | head -1
} >result.txt
if [[ ${WCOMP_BLESS:-} == 1 ]]; then
  cp result.txt "$here/compose_chain.expected"
fi
if ! diff -u "$here/compose_chain.expected" result.txt; then
  echo "FAIL: the output differs from tests/e2e/compose_chain.expected"
  exit 1
fi
cat result.txt
echo "ok: a JavaScript > Python > Go chain (wcomp's and jco's adapters) composes in WAC and runs alike"
