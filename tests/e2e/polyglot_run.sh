#!/usr/bin/env bash
# The polyglot showcase end to end (examples/polyglot): a Python program
# (componentize-py) importing a basket resource from C (wit-bindgen +
# clang-19, `wcomp adapt`), pricing from Go (GOOS=wasip1, `wcomp embed` +
# `wcomp adapt`) and a receipt from JavaScript (componentize-js); records,
# lists, strings, a resource and a result cross the boundaries. Checks:
#   - every component and the composition validate (wcomp and native
#     wasm-tools), and `wcomp wit` prints what `wasm-tools component wit` does;
#   - composing twice gives the same bytes;
#   - the composition runs under Wasmtime and under node (jco) with the
#     same stdout, stderr and exit status, equal to examples/polyglot/expected.txt.
#   polyglot_run.sh WCOMP
set -euo pipefail
wcomp=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
example=$here/../../examples/polyglot
source "$here/tools.sh"
require wit-bindgen clang-19 go componentize-py componentize-js jco wasm-tools wasmtime-py
source "$here/oracle.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

bash "$example/build.sh" "$wcomp" "$out"
for c in cart pricing receipt app shop; do
  oracle_check "$out/$c.wasm"
  echo "ok: $c.wasm ($(stat -c %s "$out/$c.wasm") bytes): valid for wcomp and wasm-tools, same WIT"
done
(cd "$out" && "$wcomp" compose app.wasm cart.wasm pricing.wasm receipt.wasm -o again.wasm)
cmp "$out/shop.wasm" "$out/again.wasm"
echo "ok: composing twice gives the same bytes"

for rt in wasmtime node; do
  set +e
  if [[ $rt == node ]]; then
    # Node 20 needs the flag for extended constant expressions (componentize-py's runtime).
    node --experimental-wasm-extended-const "$here/run.mjs" "$out/shop.wasm" >"$out/$rt.out" 2>"$out/$rt.err" </dev/null
  else
    python3 "$here/run.py" "$out/shop.wasm" >"$out/$rt.out" 2>"$out/$rt.err" </dev/null
  fi
  status=$?
  set -e
  { cat "$out/$rt.out"; echo "-- stderr"; cat "$out/$rt.err"; echo "-- exit $status"; } >"$out/$rt.result"
done
if ! diff -u "$out/wasmtime.result" "$out/node.result"; then
  echo "FAIL: the composition runs differently under node (jco) and Wasmtime"
  exit 1
fi
{ cat "$example/expected.txt"; echo "-- stderr"; echo "-- exit 0"; } >"$out/expected"
if ! diff -u "$out/expected" "$out/wasmtime.result"; then
  echo "FAIL: the composition's output differs from examples/polyglot/expected.txt"
  exit 1
fi
echo "ok: shop.wasm runs under Wasmtime and node (jco) alike, as expected.txt says"
