#!/usr/bin/env bash
# Composing component-model async (issue 29): componentize-py 0.25 builds a
# Python provider of async functions that take a `stream<u32>` and return a
# `future<string>`, and a Python app with an async export that uses them; a
# C driver (wit-bindgen, `--sync all`) calls the app's async `run` through a
# synchronous lowering. Checks:
#   - the components and every composition validate for wcomp and native
#     wasm-tools, and `wcomp wit` prints what `wasm-tools component wit`
#     does (async functions, streams and futures included);
#   - app + provider by plugging and in WAC (p3/p3.wac) give components of
#     the same type; driver + app + provider compose by plugging;
#   - with --run, the async `run` runs under a Wasmtime command line
#     (WCOMP_WASMTIME, or `wasmtime` on PATH; a missing one is a failure)
#     and prints what tests/e2e/compose_p3.expected says. The test suite
#     does not pass --run: no runtime the bootstrap installs can call an
#     async export, and building wasmtime-cli takes over 30 minutes (the
#     driver's synchronous call does not run either: Wasmtime 40 traps with
#     "cannot block a synchronous task before returning"). pip's
#     wasmtime (50/51) has no asynchronous call API: calling into an
#     async-lifted export traps there ("Instance::start_call called without
#     a running event loop"), and jco needs JSPI, which Node 20 lacks.
#   compose_p3.sh WCOMP [--run]
set -euo pipefail
wcomp=$(realpath "$1")
run=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
src=$here/p3
source "$here/tools.sh"
require componentize-py wit-bindgen clang-19 wasm-tools
source "$here/oracle.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$out"

componentize-py -d "$src/words.wit" -w provider componentize -p "$src" provider \
  -o provider.wasm >/dev/null
componentize-py -d "$src/words.wit" -w app componentize -p "$src" app -o app.wasm >/dev/null
wit-bindgen c --world driver --sync all --out-dir c "$src/driver.wit" >/dev/null
clang=$(command -v clang-19)
mkdir -p ld && ln -sf "$(command -v wasm-ld-19)" ld/wasm-ld-19
PATH=$out/ld "$clang" --target=wasm32-wasi -O2 -mexec-model=reactor -Ic "$src/driver.c" \
  c/driver.c c/driver_component_type.o -o driver.core.wasm
"$wcomp" adapt --wasi reactor driver.core.wasm -o driver.wasm 2>/dev/null
for f in provider app driver; do oracle_check $f.wasm; done

"$wcomp" compose app.wasm provider.wasm -o mix.wasm
oracle_check mix.wasm
# What crosses the instances (the provider's exports) and what the
# composition exports.
for t in "provider upper: async func(s: string) -> string" \
  "provider total: async func(xs: stream<u32>) -> u32" \
  "provider later: async func(s: string) -> future<string>" "mix export run: async func() -> string"; do
  if ! "$wcomp" wit "${t%% *}.wasm" | grep -F "${t#* }" >/dev/null; then
    echo "FAIL: the WIT of ${t%% *}.wasm lacks \`${t#* }\`"
    exit 1
  fi
done
"$wcomp" compose "$src/p3.wac" --dep demo:provider=provider.wasm --dep demo:app=app.wasm \
  -o mix-wac.wasm
oracle_check mix-wac.wasm
if [[ "$("$wcomp" wit mix.wasm)" != "$("$wcomp" wit mix-wac.wasm)" ]]; then
  echo "FAIL: plugging and p3.wac give components of different types"
  exit 1
fi
# A synchronous lowering of the async `run` (the C driver) composes too.
"$wcomp" compose driver.wasm app.wasm provider.wasm -o all.wasm
oracle_check all.wasm
echo "ok: async functions, streams and futures compose (plugging and WAC), valid for wasm-tools"

[[ $run == --run ]] || exit 0
wasmtime=${WCOMP_WASMTIME:-$(command -v wasmtime || true)}
if [[ -z $wasmtime ]]; then
  echo "FAIL: --run needs a Wasmtime command line: cargo install wasmtime-cli --version 40.0.0 (or set WCOMP_WASMTIME)"
  exit 1
fi
"$wasmtime" run -W component-model-async=y --invoke 'run()' mix-wac.wasm >run.out
if ! diff -u "$here/compose_p3.expected" run.out; then
  echo "FAIL: the P3 composition's output differs from tests/e2e/compose_p3.expected"
  exit 1
fi
echo "ok: it runs under $("$wasmtime" --version)"
