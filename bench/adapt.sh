#!/usr/bin/env bash
# `wcomp adapt` against `jco new --wasi-reactor` (wasm-tools' component new,
# compiled to JS), in one run, both with jco's own Preview 1 reactor adapter
# and both validating what they build:
#   - starlingmonkey_embedding.wasm (~10 MB, npm componentize-js, pinned),
#   - a generated C program of ~100 KB (225 functions formatting numbers,
#     clang-19 + wasi-libc, a reactor).
# Whole processes (best of N) and in-process (bench/adapt_bench.cpp, Google
# Benchmark, for wcomp; jco's componentNew API timed in node for jco).
#   bench/adapt.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/inputs.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target wcomp wcomp_adapt_bench >/dev/null

adapter=$bench_cache/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.reactor.wasm
c_src=$bench_cache/adapt100k.c
c_wasm=$bench_cache/adapt100k.wasm
python3 - "$c_src" <<'PY'
import sys
n = 225
out = ["#include <stdio.h>", "#include <stdlib.h>", "#include <string.h>"]
for i in range(n):
    out.append(f"""__attribute__((noinline)) int f{i}(int x, const char *s) {{
  char buf[64];
  int n = snprintf(buf, sizeof buf, "f{i} %d %s %.3f", x * {i + 3}, s, x / {i + 1}.0);
  for (int k = 0; k < n; ++k) x = x * 31 + buf[k] + {i};
  if (x % {i + 2} == 0) fprintf(stderr, "hit {i} %s\\n", s);
  return x ^ {i * 7};
}}""")
out.append("static int (*const table[])(int, const char *) = {" +
           ", ".join(f"f{i}" for i in range(n)) + "};")
out.append("""__attribute__((export_name("run"))) int run(int x) {
  for (size_t i = 0; i < sizeof table / sizeof *table; ++i) x = table[i](x, "arg");
  return x;
}""")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
clang-19 --target=wasm32-wasi -O2 -mexec-model=reactor -Wl,--strip-debug "$c_src" -o "$c_wasm"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# jco's componentNew in-process: best of N after a warm-up call.
cat >"$out/jco_new.mjs" <<'JS'
import { readFile } from "node:fs/promises";
import { componentNew } from "@bytecodealliance/jco";
const [mod, adapter, n] = process.argv.slice(2);
const bytes = await readFile(mod), a = await readFile(adapter);
await componentNew(bytes, [["wasi_snapshot_preview1", a]]);
let best = Infinity;
for (let i = 0; i < Number(n); ++i) {
  const t = performance.now();
  await componentNew(bytes, [["wasi_snapshot_preview1", a]]);
  best = Math.min(best, performance.now() - t);
}
console.log(best / 1000);
JS
cp "$out/jco_new.mjs" "$bench_cache/jco_new.mjs"

report=()
for input in "$c_wasm" "$BENCH_STARLING"; do
  n=20; [[ $(stat -c %s "$input") -gt 1000000 ]] && n=5
  w=$(spawn_best $n ./build/cli/wcomp adapt "$input" --adapter "$adapter" --wasi reactor -o "$out/w.wasm")
  j=$(spawn_best 3 "$jco" new "$input" --wasi-reactor -o "$out/j.wasm")
  ji=$(node "$bench_cache/jco_new.mjs" "$input" "$adapter" $n)
  ./build/bench/wcomp_adapt_bench --adapter="$adapter" --module="$input" \
    --benchmark_format=json 2>/dev/null >"$out/wi.json"
  wi=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['benchmarks'][0]['real_time'] / 1000)" "$out/wi.json")
  # Both outputs are components with the same imports and exports.
  ./build/cli/wcomp validate "$out/w.wasm"
  if ! diff <(./build/cli/wcomp wit "$out/w.wasm" | sort) <(./build/cli/wcomp wit "$out/j.wasm" | sort) >/dev/null; then
    echo "note: $(basename "$input"): the two components' WIT differ beyond import order"
  fi
  report+=("$input" "$w" "$j" "$wi" "$ji" "$(stat -c %s "$out/w.wasm")" "$(stat -c %s "$out/j.wasm")")
done
python3 - "${report[@]}" <<'PY'
import os, sys
a = sys.argv[1:]
ms = lambda t: f"{float(t) * 1000:8.2f} ms"
for i in range(0, len(a), 7):
    f, w, j, wi, ji, ws, js = a[i:i + 7]
    print(f"{os.path.basename(f)} ({os.path.getsize(f) / 1e6:.2f} MB), adapted as a reactor:")
    print(f"  whole process: wcomp {ms(w)}   jco new {ms(j)}   jco/wcomp {float(j) / float(w):6.1f}x")
    print(f"  in-process:    wcomp {ms(wi)}   jco new {ms(ji)}   jco/wcomp {float(ji) / float(wi):6.1f}x")
    print(f"  output: wcomp {int(ws) / 1e6:.3f} MB, jco {int(js) / 1e6:.3f} MB")
PY
