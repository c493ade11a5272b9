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

run_both "$out/shop" "$out/shop.wasm"
{ cat "$example/expected.txt"; echo "-- stderr"; echo "-- exit 0"; } >"$out/expected"
if ! diff -u "$out/expected" "$out/shop.wasmtime"; then
  echo "FAIL: the composition's output differs from examples/polyglot/expected.txt"
  exit 1
fi
echo "ok: shop.wasm runs under Wasmtime and node (jco) alike, as expected.txt says"
