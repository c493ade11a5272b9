#!/usr/bin/env bash
# WIT speed: `wcomp wit` against `jco wit` (wasm-tools compiled to JS), in
# one run, as whole processes (best of $BEST_OF) and in-process
# (bench/wit_bench.cpp, Google Benchmark):
#   - the WIT of a small adapted component: tests/c/files.c built with
#     clang-19 + wasi-libc, made a component by `jco new --wasi-command`,
#   - the WASI 0.2 WIT set that component uses (fixtures/wit/wasi-0.2, as
#     `wcomp wit --out-dir` wrote it), parsed, resolved and printed,
#   - a generated package of 10,000 interfaces (records, variants, resources
#     with methods, `use`s of the previous interface) and one world.
#   bench/wit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/inputs.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target wcomp wcomp_wit_bench >/dev/null

core=$bench_cache/files.wasm
comp=$bench_cache/files.component.wasm
clang-19 --target=wasm32-wasi -O2 -Wl,--strip-debug tests/c/files.c -o "$core"
"$jco" new "$core" --wasi-command -o "$comp" >/dev/null

big=$bench_cache/big.wit
python3 - "$big" <<'PY'
import sys
n = 10000
out = ["package bench:big@1.0.0;", ""]
for i in range(n):
    out.append(f"interface i{i} {{")
    if i:
        out.append(f"  use i{i-1}.{{point as prev, handle as prev-handle}};")
    out += [
        "  record point { x: s32, y: s32, label: option<string> }",
        "  variant shape { circle(u32), rect(tuple<u32, u32>), none }",
        "  resource handle {",
        "    constructor(name: string);",
        "    get: func(at: point) -> result<shape, string>;",
        "  }",
        f"  fn-{i}: func(p: list<point>) -> option<handle>;",
    ]
    if i:
        out.append("  g: func(p: prev, h: borrow<prev-handle>) -> point;")
    out += ["}", ""]
out.append("world all {")
out += [f"  import i{i};" for i in range(0, n, 100)]
out.append("}")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY

w_comp=$(spawn_best 50 ./build/cli/wcomp wit "$comp")
w_wasi=$(spawn_best 50 ./build/cli/wcomp wit --deps fixtures/wit/wasi-0.2)
w_big=$(spawn_best 5 ./build/cli/wcomp wit "$big")
w_start=$(spawn_best 50 ./build/cli/wcomp --version)
t_start=$(spawn_best 50 /bin/true)
j_comp=$(spawn_best 5 "$jco" wit "$comp")
./build/bench/wcomp_wit_bench --component="$comp" --wit=fixtures/wit/wasi-0.2 --wit="$big" \
  --benchmark_format=json 2>/dev/null > "$bench_cache/wit_bench.json"
python3 - "$comp" "$w_comp" "$w_wasi" "$w_big" "$w_start" "$j_comp" "$t_start" "$bench_cache/wit_bench.json" "$big" <<'PY'
import json, os, sys
comp, w_comp, w_wasi, w_big, w_start, j_comp, t_start, js, big = sys.argv[1], *map(float, sys.argv[2:8]), sys.argv[8], sys.argv[9]
inproc = {b["name"].split("/")[0] + ("-big" if b["name"].endswith("big.wit") else ""): b["real_time"]
          for b in json.load(open(js))["benchmarks"]}
ms = lambda t: f"{t*1000:8.2f} ms"
print(f"adapted C component ({os.path.getsize(comp)/1e3:.0f} KB), whole process:")
print(f"  wcomp wit {ms(w_comp)}   jco wit {ms(j_comp)}   jco/wcomp {j_comp/w_comp:6.0f}x")
print(f"  (start-up: `wcomp --version` {ms(w_start)}, `/bin/true` {ms(t_start)})")
print(f"  in-process: wcomp {inproc['wit_of_component']:.2f} ms (validate + decode + print)")
print(f"WASI 0.2 set (fixtures/wit/wasi-0.2): whole process {ms(w_wasi)}, "
      f"in-process {inproc['wit_sources']:.2f} ms (parse + resolve + print)")
print(f"10,000 interfaces ({os.path.getsize(big)/1e6:.1f} MB of WIT): whole process {ms(w_big)}, "
      f"in-process {inproc['wit_sources-big']:.1f} ms")
PY
