#!/usr/bin/env bash
# Sets up (scripts/bootstrap.sh), builds wcomp and runs the main job: the
# polyglot showcase (examples/polyglot) — components written in Python, C,
# Go and JavaScript, built with their own toolchains, composed by
# `wcomp compose app.wasm cart.wasm pricing.wasm receipt.wasm -o shop.wasm`,
# checked by native wasm-tools and run under Wasmtime and jco. Then the
# inspection commands on what it built: validate, dump, WIT, targets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source tests/e2e/tools.sh # the pinned tools on PATH; run.mjs finds jco
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"${JOBS:-2}" --target wcomp
wcomp=$PWD/build/cli/wcomp
out=${DEMO_OUT:-$(mktemp -d)}
echo "== building the four components and composing them into $out/shop.wasm"
bash examples/polyglot/build.sh "$wcomp" "$out"

echo "== checking shop.wasm"
set -x
"$wcomp" validate "$out/shop.wasm"
wasm-tools validate "$out/shop.wasm"
(cd "$out" && "$wcomp" compose app.wasm cart.wasm pricing.wasm receipt.wasm --explain -o /dev/null \
  2>&1 | grep -v ' wasi:' || true)
"$wcomp" wit --no-deps "$out/shop.wasm"
"$wcomp" targets "$out/cart.wasm" examples/polyglot/wit --world cart-provider
{ set +x; } 2>/dev/null

echo "== running shop.wasm under Wasmtime"
python3 tests/e2e/run.py "$out/shop.wasm" | tee "$out/wasmtime.out"
echo "== running shop.wasm under node (jco)"
node --experimental-wasm-extended-const tests/e2e/run.mjs "$out/shop.wasm" | tee "$out/node.out"
diff -u examples/polyglot/expected.txt "$out/wasmtime.out"
diff -u examples/polyglot/expected.txt "$out/node.out"
echo "== the same output from both runtimes, as examples/polyglot/expected.txt says"
[[ -n ${DEMO_OUT:-} ]] || rm -rf "$out"
