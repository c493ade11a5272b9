#!/usr/bin/env bash
# `wcomp adapt` end to end: C programs built with clang-19 + wasi-libc are
# adapted with jco's Preview 1 adapters and run with `jco run`; stdout and
# the exit code must equal those of the same program built by `jco new`.
# Each component validates with wcomp and with jco (wasm-tools), prints the
# same WIT as jco's, and adapting twice gives identical bytes. (jco 1.35's
# `jco run` passes no preopens, so the file program is compared by WIT and
# its refusal message only.)
#   adapt_run.sh WCOMP C_WASM_DIR
set -euo pipefail
wcomp=$1
cwasm=$2
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/node_modules/.bin
if [[ ! -x $bin/jco ]]; then
  echo "SKIP: jco is not installed (the e2e.jco_components test installs it)"
  exit 77
fi
lib=$here/node_modules/@bytecodealliance/jco/lib
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/w" "$out/j"
for prog in hello args numbers files reactor; do
  kind=command
  [[ $prog == reactor ]] && kind=reactor
  "$wcomp" adapt "$cwasm/$prog.canonical.wasm" --adapter "$lib/wasi_snapshot_preview1.$kind.wasm" \
    -o "$out/w/$prog.wasm" 2>/dev/null
  "$wcomp" adapt "$cwasm/$prog.canonical.wasm" --adapter "$lib/wasi_snapshot_preview1.$kind.wasm" \
    -o "$out/again.wasm" 2>/dev/null
  cmp "$out/w/$prog.wasm" "$out/again.wasm"
  "$bin/jco" new "$cwasm/$prog.canonical.wasm" --wasi-$kind -o "$out/j/$prog.wasm" >/dev/null
  "$wcomp" validate "$out/w/$prog.wasm"
  "$bin/jco" print "$out/w/$prog.wasm" >/dev/null
  if ! diff -u <("$wcomp" wit "$out/j/$prog.wasm") <("$wcomp" wit "$out/w/$prog.wasm"); then
    echo "FAIL: $prog: the WIT differs from jco new's"
    exit 1
  fi
  "$bin/jco" wit "$out/w/$prog.wasm" >/dev/null
  echo "ok: $prog: valid, deterministic, same WIT as jco new ($(stat -c %s "$out/w/$prog.wasm") vs $(stat -c %s "$out/j/$prog.wasm") bytes)"
  [[ $kind == command ]] || continue
  for side in w j; do
    set +e
    (cd "$out/$side" && "$bin/jco" run "$prog.wasm" one two >"$prog.out" 2>"$prog.err")
    echo "exit $?" >>"$out/$side/$prog.out"
    set -e
  done
  if ! diff -u "$out/j/$prog.out" "$out/w/$prog.out"; then
    echo "FAIL: $prog: the output differs from jco new's"
    exit 1
  fi
  echo "ok: $prog: runs like jco new's ($(head -c 60 "$out/w/$prog.out" | tr '\n' ' ')...)"
done
