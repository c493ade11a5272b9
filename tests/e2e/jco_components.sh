#!/usr/bin/env bash
# Real components from the JavaScript toolchain validate with wcomp and
# native wasm-tools, and `wcomp wit` prints the same world for them as
# `wasm-tools component wit`:
#   - componentize-js (the engine behind `jco componentize`) on a JS module
#     (called directly: `jco componentize` 1.35.0 fails here before it gets
#     to componentize-js, in its own WIT metadata probe: "failed to get path
#     metadata" from the wasm-tools it bundles),
#   - `jco new` on C programs built with clang-19 + wasi-libc (command and
#     reactor, with jco's bundled Preview 1 adapters).
# The pinned npm packages come from scripts/bootstrap.sh (tests/e2e/tools.sh:
# a missing one skips the test, or fails it when CI=true).
#   jco_components.sh WCOMP C_WASM_DIR
set -euo pipefail
wcomp=$1
cwasm=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/tools.sh"
require jco componentize-js wasm-tools
source "$here/oracle.sh"
bin=$here/node_modules/.bin
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

check() { # FILE: a component valid for wcomp and wasm-tools, with the same WIT
  local f=$1
  if ! is_component "$f"; then
    echo "FAIL: $f is not a component"
    exit 1
  fi
  oracle_check "$f"
  echo "ok: $(basename "$f") ($(stat -c %s "$f") bytes) is valid (wcomp, wasm-tools) and prints the same WIT"
}

"$bin/componentize-js" --wit "$here/../../fixtures/js/hello.wit" --world-name hello \
  -o "$out/hello-js.wasm" "$here/../../fixtures/js/hello.js" >/dev/null
check "$out/hello-js.wasm"

for prog in hello args files numbers; do
  "$bin/jco" new "$cwasm/$prog.canonical.wasm" --wasi-command -o "$out/$prog.wasm" >/dev/null
  check "$out/$prog.wasm"
done
"$bin/jco" new "$cwasm/reactor.canonical.wasm" --wasi-reactor -o "$out/reactor.wasm" >/dev/null
check "$out/reactor.wasm"
