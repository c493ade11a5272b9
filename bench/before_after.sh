#!/usr/bin/env bash
# Two builds of wcomp against each other, in one run, on the inputs of
# bench/peers.sh (a refactoring must not cost speed):
#   validate  the 10.5 MB componentize-js core module, and the 12 MB component
#   print     both, to /dev/null
#   wit       the component
#   adapt     the core module with jco's reactor adapter
# Each row: best of 7 for each binary, the runs interleaved (A, B, A, B ...)
# so that drift on the machine falls on both alike.
#   bench/before_after.sh OLD_WCOMP NEW_WCOMP
# Needs bench/peers.sh to have run once (it makes the component).
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?OLD_WCOMP} new=${2:?NEW_WCOMP}
source bench/inputs.sh
star=$BENCH_STARLING
comp=$bench_cache/peers/hello.wasm
adapter=$bench_cache/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.reactor.wasm
for f in "$star" "$comp" "$adapter"; do
  [[ -f $f ]] || { echo "bench/before_after.sh: $f is missing (run bench/peers.sh once)"; exit 1; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

row() { # TASK ARGS... (the wcomp arguments)
  local task=$1
  shift
  python3 - "$old" "$new" "$task" "$@" <<'PY'
import os, subprocess, sys, time
old, new, task, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
best = {old: 1e9, new: 1e9}
with open(os.devnull, "w") as null:
    for _ in range(7):
        for exe in (old, new):
            t = time.perf_counter()
            if subprocess.run([exe] + args, stdout=null, stderr=null).returncode:
                sys.exit(f"failed: {exe} {' '.join(args)}")
            best[exe] = min(best[exe], time.perf_counter() - t)
a, b = best[old] * 1000, best[new] * 1000
print(f"{task:<28} {a:9.1f} ms {b:9.1f} ms   new/old {b / a:5.3f}")
PY
}
echo "task                           old (ms)     new (ms)"
row "validate module (10.5 MB)" validate "$star"
row "validate component (12 MB)" validate "$comp"
row "print module" print "$star"
row "print component" print "$comp"
row "wit component" wit "$comp"
row "adapt module" adapt "$star" --adapter "$adapter" --wasi reactor -o "$out/a.wasm"
