#!/usr/bin/env bash
# Builds the polyglot showcase into OUT_DIR and composes it with wcomp:
#   cart.wasm     C: wit-bindgen bindings, clang-19 + wasi-libc, `wcomp new`
#   pricing.wasm  Go: GOOS=wasip1 reactor, `wcomp embed` + `wcomp adapt`
#   receipt.wasm  JavaScript: componentize-js
#   app.wasm      Python: componentize-py (the root: imports the three)
#   shop.wasm     `wcomp compose app.wasm cart.wasm pricing.wasm receipt.wasm`
# The tools are those scripts/bootstrap.sh installs (scripts/tools.sh).
#   build.sh WCOMP OUT_DIR
set -euo pipefail
wcomp=$(realpath "$1")
out=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/tools.sh"
npm_bin=$WCOMP_TOOLS/npm/node_modules/.bin
wit=$here/wit
step() { echo "-- $*"; }

step "C: wit-bindgen c + clang-19, then wcomp new"
wit-bindgen c --world cart-provider --out-dir "$out/c" "$wit" >/dev/null
# clang runs any wasm-opt on PATH after linking: only the linker it looks
# for there, so the module is the same on every machine.
clang=$(command -v clang-19)
mkdir -p "$out/ld" && ln -sf "$(command -v wasm-ld-19)" "$out/ld/wasm-ld-19"
PATH=$out/ld "$clang" --target=wasm32-wasi -O2 -mexec-model=reactor -I"$out/c" "$here/cart.c" \
  "$out/c/cart_provider.c" "$out/c/cart_provider_component_type.o" -o "$out/cart.core.wasm"
"$wcomp" new "$out/cart.core.wasm" -o "$out/cart.wasm"

step "Go: GOOS=wasip1 go build, then wcomp embed + wcomp adapt"
(cd "$here" && GOOS=wasip1 GOARCH=wasm GOFLAGS=-trimpath go build -buildmode=c-shared \
  -o "$out/pricing.core.wasm" pricing.go)
"$wcomp" embed "$wit" -w pricing-provider "$out/pricing.core.wasm" -o "$out/pricing.embed.wasm"
"$wcomp" adapt --wasi reactor "$out/pricing.embed.wasm" -o "$out/pricing.wasm"

step "JavaScript: componentize-js"
# With its default features: it imports wasi:http 0.2.10 beside wasi:io
# 0.2.12, while the Python program imports WASI 0.2.9 and the Go one 0.2.0.
"$npm_bin/componentize-js" --wit "$wit" --world-name receipt-provider \
  -o "$out/receipt.wasm" "$here/receipt.js" >/dev/null

step "Python: componentize-py"
(cd "$out" && componentize-py -d "$wit" -w app componentize -p "$here" app -o app.wasm >/dev/null)

step "wcomp compose app.wasm cart.wasm pricing.wasm receipt.wasm -o shop.wasm"
(cd "$out" && "$wcomp" compose app.wasm cart.wasm pricing.wasm receipt.wasm -o shop.wasm)
