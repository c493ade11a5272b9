# Sourced by the benchmark scripts: installs the peers and, when no inputs are
# given, the pinned npm package holding the large real modules (into
# bench/.cache, never committed). Sets BENCH_STARLING and BENCH_SPLICER and
# defines best and spawn_best, the timing helpers.
bash scripts/bootstrap.sh --bench
bench_cache=bench/.cache
bench_pkg=@bytecodealliance/componentize-js@0.23.0
bench_lib=$bench_cache/node_modules/@bytecodealliance/componentize-js/lib
if [[ ! -f $bench_lib/starlingmonkey_embedding.wasm ]]; then
  mkdir -p "$bench_cache"
  (cd "$bench_cache" && npm install --no-audit --no-fund --silent "$bench_pkg")
fi
# jco (wasm-tools compiled to JS), the peer the benchmarks compare with.
jco_pkg=@bytecodealliance/jco@1.35.0
jco=$bench_cache/node_modules/.bin/jco
if [[ ! -x $jco ]]; then
  (cd "$bench_cache" && npm install --no-audit --no-fund --silent "$jco_pkg" "$bench_pkg")
fi
BENCH_STARLING=$bench_lib/starlingmonkey_embedding.wasm
BENCH_SPLICER=$bench_lib/spidermonkey-embedding-splicer.core.wasm

best() { # best wall time in seconds of ${BEST_OF:-3} runs of "$@"
  local b=999
  for _ in $(seq "${BEST_OF:-3}"); do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    b=$(python3 -c "print(min($b, $e - $s))")
  done
  echo "$b"
}

# Millisecond processes need a finer clock than `best` (which starts `date`
# around each run): spawn directly and keep the fastest of N runs.
spawn_best() { # N COMMAND...: the best wall time in seconds
  python3 - "$@" <<'PY'
import os, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
best = 1e9
with open(os.devnull, "w") as null:
    for _ in range(n):
        t = time.perf_counter()
        if subprocess.run(cmd, stdout=null, stderr=null).returncode:
            sys.exit(f"failed: {' '.join(cmd)}")
        best = min(best, time.perf_counter() - t)
print(best)
PY
}
