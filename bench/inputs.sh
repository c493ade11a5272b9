# Sourced by the benchmark scripts: installs the peers and, when no inputs are
# given, the pinned npm package holding the large real modules (into
# bench/.cache, never committed). Sets BENCH_STARLING and BENCH_SPLICER.
bash scripts/bootstrap.sh --bench
bench_cache=bench/.cache
bench_pkg=@bytecodealliance/componentize-js@0.23.0
bench_lib=$bench_cache/node_modules/@bytecodealliance/componentize-js/lib
if [[ ! -f $bench_lib/starlingmonkey_embedding.wasm ]]; then
  mkdir -p "$bench_cache"
  (cd "$bench_cache" && npm install --no-audit --no-fund --silent "$bench_pkg")
fi
BENCH_STARLING=$bench_lib/starlingmonkey_embedding.wasm
BENCH_SPLICER=$bench_lib/spidermonkey-embedding-splicer.core.wasm
