#!/usr/bin/env bash
# `wcomp compose` end to end. Five C components (tests/c, built with
# clang-19 + wasi-libc, made components by wcomp with jco's Preview 1
# adapters): a root command (kvapp) importing test:kv/store@0.1.0,
# test:kv/cache@0.1.0 and test:fmt/text at 1.0.0 and 2.0.0; the cache
# (middle) importing the store; the store (leaf) exporting it at 0.1.1; two
# text components. Records, variants, lists, strings and a resource borrowed
# across two components cross the boundaries. Checks:
#   - plugging composes them (three levels, semver-compatible versions, two
#     versions of one interface, merged WASI imports); the explanation is as
#     expected; composing twice gives identical bytes;
#   - every component and the result validate (wcomp, native wasm-tools)
#     and `wasm-tools component wit` prints the same WIT as `wcomp wit`;
#   - it runs under node (jco's transpiler + Preview 2 shim) and under
#     Wasmtime (run.py) alike, with the expected output; so does the same
#     graph written as a configuration;
#   - --import-dependencies imports the four plugs as components instead,
#     named with the external-id attribute (valid for wcomp and wasm-tools;
#     --legacy-dependency-names' `unlocked-dep=` names, which wasm-tools
#     1.262 refuses, valid for wcomp);
#   - a configuration with two store instances, the cache wired to the other
#     one, is refused: the bucket the root passes is not the cache's.
# Output is compared with tests/e2e/compose_run.expected (WCOMP_BLESS=1
# rewrites it).
#   compose_run.sh WCOMP C_WASM_DIR
set -euo pipefail
wcomp=$1
cwasm=$2
here=$(cd "$(dirname "$0")" && pwd)
csrc=$here/../c
source "$here/tools.sh"
require jco wasm-tools wasmtime-py
bin=$here/node_modules/.bin
source "$here/oracle.sh"
lib=$here/node_modules/@bytecodealliance/jco/lib
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$out"

# Components: NAME WIT WORLD ADAPTER
build() {
  "$wcomp" embed "$csrc/$2" -w "$3" "$cwasm/$1.canonical.wasm" -o "$1.core.wasm"
  "$wcomp" new "$1.core.wasm" --adapt "$lib/wasi_snapshot_preview1.$4.wasm" -o "$1.wasm" 2>/dev/null
  oracle_check "$1.wasm"
}
build kvapp compose.wit kvapp command
build kvcache compose.wit test:kv/kvcache@0.1.0 reactor
build kvstore kvstore.wit kvstore reactor
build fmt1 compose.wit test:fmt/fmt1@1.0.0 reactor
build fmt2 compose.wit test:fmt/fmt2@2.0.0 reactor
echo "ok: five components built"

{
  echo "== explanation"
  "$wcomp" compose kvapp.wasm fmt2.wasm kvstore.wasm kvcache.wasm fmt1.wasm --explain \
    -o app.wasm 2>&1
} >>all.result
"$wcomp" compose kvapp.wasm fmt2.wasm kvstore.wasm kvcache.wasm fmt1.wasm -o again.wasm
cmp app.wasm again.wasm
echo "ok: composed ($(stat -c %s app.wasm) bytes), twice with identical bytes"
oracle_check app.wasm
echo "ok: valid (wcomp, wasm-tools), same WIT as wasm-tools component wit"

"$wcomp" compose kvapp.wasm fmt2.wasm kvstore.wasm kvcache.wasm fmt1.wasm --import-dependencies \
  -o deps.wasm
# The dependencies are named `plug-NAME` with the external-id attribute
# `unlocked-dep=<plug:NAME>` (the specification's form since 2026-07-08).
oracle_check deps.wasm
{
  echo "== --import-dependencies: component imports"
  "$wcomp" print deps.wasm | grep -o '^  (import "[^"]*" (external-id "[^"]*") (component' | sort
} >>all.result
# The legacy form (`unlocked-dep=<...>` names) is still written on request,
# valid for wcomp; wasm-tools 1.262 refuses those names.
"$wcomp" compose kvapp.wasm fmt2.wasm kvstore.wasm kvcache.wasm fmt1.wasm --import-dependencies \
  --legacy-dependency-names -o legacy.wasm
"$wcomp" validate legacy.wasm
if wasm-tools validate legacy.wasm 2>legacy.err || ! grep -q 'unlocked-dep=<plug:.*is not a valid extern name' legacy.err; then
  echo "FAIL: wasm-tools' verdict on --legacy-dependency-names output changed:"; cat legacy.err
  exit 1
fi
echo "ok: --import-dependencies: valid for wcomp and wasm-tools (external-id); the legacy names valid for wcomp"

run() { # NAME FILE: under node (jco) and Wasmtime alike
  run_both "$1" "$2"
  { echo "== run $1"; cat "$1.node"; } >>all.result
}
run plugged app.wasm
echo "ok: the composition runs, alike under node (jco) and Wasmtime"

cat >app.json <<'JSON'
{
  "components": {"app": "kvapp.wasm", "cache": "kvcache.wasm", "store": "kvstore.wasm",
                 "text1": "fmt1.wasm", "text2": "fmt2.wasm"},
  "instances": [
    {"name": "store", "component": "store"},
    {"name": "cache", "component": "cache", "with": {"test:kv/store@0.1.0": "store"}},
    {"name": "text1", "component": "text1"},
    {"name": "text2", "component": "text2"},
    {"name": "main", "component": "app", "with": {
      "test:kv/store@0.1.0": "store",
      "test:kv/cache@0.1.0": {"instance": "cache", "export": "test:kv/cache@0.1.0"},
      "test:fmt/text@1.0.0": "text1",
      "test:fmt/text@2.0.0": "text2"}}
  ],
  "exports": [{"instance": "main"}]
}
JSON
"$wcomp" compose --config app.json -o configured.wasm
oracle_check configured.wasm
run configured configured.wasm
echo "ok: the configured composition runs"

sed -e 's/{"name": "store", "component": "store"},/{"name": "store", "component": "store"}, {"name": "other", "component": "store"},/' \
    -e 's/"cache", "with": {"test:kv\/store@0.1.0": "store"}/"cache", "with": {"test:kv\/store@0.1.0": "other"}/' \
    app.json >two-stores.json
{
  echo "== two stores"
  set +e
  "$wcomp" compose --config two-stores.json -o refused.wasm 2>&1 | grep '^error'
  echo "-- exit ${PIPESTATUS[0]}"
  set -e
  [[ ! -e refused.wasm ]] && echo "-- no output written"
} >>all.result
echo "ok: two stores refused"

expected=$here/compose_run.expected
if [[ ${WCOMP_BLESS:-} == 1 ]]; then
  cp all.result "$expected"
  echo "blessed $expected"
elif ! diff -u "$expected" all.result; then
  echo "FAIL: the results differ from $expected (WCOMP_BLESS=1 rewrites it)"
  exit 1
fi
echo "ok: every result matches $expected"
