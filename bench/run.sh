#!/usr/bin/env bash
# Read-throughput benchmark on a large real module, side by side with WABT.
#   bench/run.sh [FILE]   (default: componentize-js's starlingmonkey_embedding.wasm, ~10 MB)
# Installs the peers (Debian wabt) and the module (npm, pinned, into bench/.cache;
# never committed), builds wcomp_bench, and prints MB/s and ratios from one run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --bench

cache=bench/.cache
pkg=@bytecodealliance/componentize-js@0.23.0
default=$cache/node_modules/@bytecodealliance/componentize-js/lib/starlingmonkey_embedding.wasm
file=${1:-$default}
if [[ -z "${1:-}" && ! -f "$default" ]]; then
  mkdir -p "$cache"
  (cd "$cache" && npm install --no-audit --no-fund --silent "$pkg")
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target wcomp wcomp_bench >/dev/null

out=$(mktemp -d)
./build/bench/wcomp_bench --input="$file" --benchmark_min_time=2 \
  --benchmark_format=json --benchmark_out="$out/wcomp.json" >/dev/null

python3 - "$file" "$out/wcomp.json" <<'PY'
import json, os, subprocess, sys, time
path, results = sys.argv[1], sys.argv[2]
size = os.path.getsize(path)
mb = size / 1e6

def best(cmd, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return min(times)

rows = []
for b in json.load(open(results))["benchmarks"]:
    secs = b["real_time"] / 1e3  # reported in ms
    rows.append(("wcomp " + b["name"].split("/")[0] + " (in-process, 1 thread)", secs))
rows.append(("wcomp validate (whole process)", best(["./build/cli/wcomp", "validate", path], 5)))
rows.append(("wcomp dump (whole process)", best(["./build/cli/wcomp", "dump", path], 5)))
peers = [("wasm-objdump -d (WABT)", ["wasm-objdump", "-d", path]),
         ("wasm2wat --enable-all (WABT)", ["wasm2wat", "--enable-all", path])]
for name, cmd in peers:
    try:
        rows.append((name, best(cmd)))
    except (OSError, subprocess.CalledProcessError) as e:
        rows.append((name + " [failed: %s]" % e.__class__.__name__, float("nan")))

scan = rows[0][1]
print("input: %s (%.2f MB)" % (path, mb))
print("%-52s %10s %10s %12s" % ("what", "ms", "MB/s", "vs scan"))
for name, secs in rows:
    print("%-52s %10.1f %10.1f %11.1fx" % (name, secs * 1e3, mb / secs, secs / scan))
PY
rm -rf "$out"
