#!/usr/bin/env bash
# The async ABI from a real toolchain: a C component with async exports
# (wit-bindgen's C bindings, clang-19 + wasi-libc) built by `wcomp new`,
# checked against `wasm-tools component new` of the same core module: both
# valid, the same WIT, the same canonical functions (names aside).
# Neither runtime the tests use can call an async-lifted export yet
# (wasmtime-py 50 has no `call_async`; jco on Node 20 needs JSPI's
# `WebAssembly.promising`): the synchronous export is called, and the test
# fails once Wasmtime can call the async ones, so that it is extended then.
#   async_build.sh WCOMP
set -euo pipefail
wcomp=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/tools.sh"
require wit-bindgen clang-19 wasm-ld-19 wasm-tools wasmtime-py
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cat >"$out/tasks.wit" <<'WIT'
package test:tasks;

world worker {
  export double: async func(x: u32) -> u32;
  export label: async func(x: u32) -> string;
  export size: func() -> u64;
}
WIT
cat >"$out/app.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "worker.h"

worker_callback_code_t exports_worker_double(uint32_t x) {
  exports_worker_double_return(x * 2);
  return WORKER_CALLBACK_CODE_EXIT;
}
worker_callback_code_t exports_worker_double_callback(worker_event_t *event) {
  return WORKER_CALLBACK_CODE_EXIT;
}

static char buf[32];
worker_callback_code_t exports_worker_label(uint32_t x) {
  snprintf(buf, sizeof buf, "item-%u", x);
  worker_string_t s = {(uint8_t *)buf, strlen(buf)};
  exports_worker_label_return(s);
  return WORKER_CALLBACK_CODE_EXIT;
}
worker_callback_code_t exports_worker_label_callback(worker_event_t *event) {
  return WORKER_CALLBACK_CODE_EXIT;
}

uint64_t exports_worker_size(void) { return 42; }
C
wit-bindgen c "$out/tasks.wit" --out-dir "$out" >/dev/null
# As examples/polyglot/build.sh: clang finds only the linker on PATH.
clang=$(command -v clang-19)
mkdir -p "$out/ld" && ln -sf "$(command -v wasm-ld-19)" "$out/ld/wasm-ld-19"
PATH=$out/ld "$clang" --target=wasm32-wasi -O2 -mexec-model=reactor -I"$out" "$out/app.c" \
  "$out/worker.c" "$out/worker_component_type.o" -o "$out/worker.core.wasm"
[[ $(wasm-tools print "$out/worker.core.wasm") == *"[async-lift]"* ]]

# snprintf brings Preview 1 imports: both builds take wcomp's reactor adapter.
"$wcomp" adapt --print-adapter reactor -o "$out/adapter.wasm"
"$wcomp" new "$out/worker.core.wasm" --adapt "wasi_snapshot_preview1=$out/adapter.wasm" \
  -o "$out/ours.wasm"
wasm-tools component new "$out/worker.core.wasm" --adapt "wasi_snapshot_preview1=$out/adapter.wasm" \
  -o "$out/theirs.wasm"
wasm-tools validate "$out/ours.wasm"
diff <(wasm-tools component wit "$out/theirs.wasm") <(wasm-tools component wit "$out/ours.wasm")
# Names aside (stripped), index numbers aside.
canon() {
  wasm-tools strip --all "$1" -o "$1.stripped"
  wasm-tools print "$1.stripped" | grep -o "(canon [^;]*" | sed -e 's/[0-9]\+/N/g' | sort
}
diff <(canon "$out/theirs.wasm") <(canon "$out/ours.wasm")
echo "ok: wit-bindgen C async exports: wcomp new builds what wasm-tools component new builds"
canon "$out/ours.wasm" | grep -E "async|task.return"
# Its synchronous export runs; the async ones cannot be called from here.
got=$(python3 "$here/run.py" "$out/ours.wasm" --invoke size)
[[ $got == 42 ]] || { echo "FAIL: size() gave $got under Wasmtime, expected 42"; exit 1; }
echo "ok: instantiated under Wasmtime, size() = 42"
if python3 "$here/run.py" "$out/ours.wasm" --invoke double -- 21 2>"$out/err"; then
  echo "FAIL: wasmtime-py called an async-lifted export: this test should now run it"; exit 1
fi
echo "not run: double(21) under Wasmtime: $(cat "$out/err")"
