#!/usr/bin/env bash
# Two builds of wcomp against each other, in one run, on the inputs of
# bench/peers.sh (a refactoring must not cost speed):
#   validate  the 10.5 MB componentize-js core module, and the 12 MB component
#   print     both, to /dev/null
#   wit       the component
#   adapt     the core module with jco's reactor adapter
#   validate  a generated GC module (structs, arrays, casts, calls through
#             references: the reference/GC steps of the validator), and
#             the 10.5 MB module on one thread
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
# 3,000 functions of GC instructions, made as text and parsed by NEW.
python3 - "$out/gc.wat" <<'PY'
import sys
locals = """
    (local $s (ref null $pt)) (local $a (ref null $arr)) (local $i i32)"""
body = """
    (local.set $s (struct.new $pt (i32.const 1) (i64.const 2)))
    (local.set $a (array.new $arr (i32.const 0) (i32.const 16)))
    (array.set $arr (local.get $a) (i32.const 3) (struct.get $pt 0 (local.get $s)))
    (local.set $i (array.get $arr (local.get $a) (i32.const 3)))
    (drop (ref.test (ref $pt) (local.get $s)))
    (drop (ref.cast (ref null $pt) (local.get $s)))
    (struct.set $pt 1 (local.get $s) (i64.extend_i32_u (array.len (local.get $a))))
    (drop (call_ref $f (local.get $i) (ref.func $id)))
    (drop (br_on_null 0 (local.get $s)))
"""
funcs = []
for n in range(3000):
    funcs.append(f"  (func (export \"f{n}\") (param i32)" + locals + body * 8 + "  )")
wat = """(module
  (type $pt (struct (field (mut i32)) (field (mut i64))))
  (type $arr (array (mut i32)))
  (type $f (func (param i32) (result i32)))
  (func $id (type $f) (local.get 0))
  (elem declare func $id)
""" + "\n".join(funcs) + "\n)\n"
open(sys.argv[1], "w").write(wat)
PY
"$new" parse "$out/gc.wat" -o "$out/gc.wasm"

echo "task                           old (ms)     new (ms)"
row "validate module (10.5 MB)" validate "$star"
row "validate module, 1 thread" validate -j 1 "$star"
row "validate GC module" validate "$out/gc.wasm"
row "validate component (12 MB)" validate "$comp"
row "print module" print "$star"
row "print component" print "$comp"
row "wit component" wit "$comp"
row "adapt module" adapt "$star" --adapter "$adapter" --wasi reactor -o "$out/a.wasm"
