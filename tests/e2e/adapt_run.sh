#!/usr/bin/env bash
# `wcomp adapt` / `wcomp new` end to end. C programs built with clang-19 +
# wasi-libc (tests/c) are turned into components three ways: by wcomp with
# jco's Preview 1 adapter (w), by wcomp with its own bundled adapter (b), and
# by `jco new` (j, wasm-tools with jco's adapter). For each program:
#   - all three pass `wcomp validate` and jco's (wasm-tools') print,
#   - w prints the same WIT as j with `wcomp wit`; b exports the same,
#   - building twice with wcomp gives identical bytes.
# Then each case runs the components under node (run.mjs: jco's transpiler
# and the Preview 2 shim, with the environment, preopened directory and
# stdin the case gives) and compares stdout, stderr, exit status and the
# files left: w and b each against j, and with tests/e2e/adapt_run.expected
# (WCOMP_BLESS=1 rewrites it). The proxy adapter builds the library without
# filesystem or environment imports, and it runs the same.
#   adapt_run.sh WCOMP C_WASM_DIR
set -euo pipefail
wcomp=$1
cwasm=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/tools.sh"
require jco wasm-tools wasmtime-py
bin=$here/node_modules/.bin
source "$here/oracle.sh"
lib=$here/node_modules/@bytecodealliance/jco/lib
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/w" "$out/b" "$out/j" "$out/t"
for kind in command reactor proxy; do
  "$wcomp" adapt --print-adapter $kind -o "$out/bundled.$kind.wasm"
  "$wcomp" validate "$out/bundled.$kind.wasm"
  theirs=$lib/wasi_snapshot_preview1.$kind.wasm
  echo "ok: bundled $kind adapter: $(stat -c %s "$out/bundled.$kind.wasm") bytes" \
       "$([[ -f $theirs ]] && echo "(jco's: $(stat -c %s "$theirs"))")"
done

# Programs: NAME KIND (a `lib` program has a world in tests/c/NAME.wit and is
# embedded first, then built with `new`).
programs=(hello:command args:command envexit:command stdin:command clockrand:command
          numbers:command files:command fsmore:command poll:command bigio:command
          reactor:reactor lib:lib)
for entry in "${programs[@]}"; do
  prog=${entry%%:*} kind=${entry#*:}
  core=$cwasm/$prog.canonical.wasm
  if [[ $kind == lib ]]; then
    "$wcomp" embed "$here/../c/$prog.wit" "$core" -o "$out/$prog.embed.wasm"
    core=$out/$prog.embed.wasm
    kind=reactor
    build() { "$wcomp" new "$core" --adapt "$lib/wasi_snapshot_preview1.reactor.wasm" -o "$1" 2>/dev/null; }
    bundled() { "$wcomp" new "$core" --adapt "wasi_snapshot_preview1=$out/bundled.reactor.wasm" -o "$1" 2>/dev/null; }
  else
    build() { "$wcomp" adapt "$core" --adapter "$lib/wasi_snapshot_preview1.$kind.wasm" -o "$1" 2>/dev/null; }
    bundled() { "$wcomp" adapt "$core" -o "$1" 2>/dev/null; }
  fi
  build "$out/w/$prog.wasm"
  build "$out/again.wasm"
  cmp "$out/w/$prog.wasm" "$out/again.wasm"
  bundled "$out/b/$prog.wasm"
  bundled "$out/again.wasm"
  cmp "$out/b/$prog.wasm" "$out/again.wasm"
  "$bin/jco" new "$core" --wasi-$kind -o "$out/j/$prog.wasm" >/dev/null
  for side in w b j; do
    "$wcomp" validate "$out/$side/$prog.wasm"
    wasm-tools validate "$out/$side/$prog.wasm"
    oracle_wit "$out/$side/$prog.wasm"
  done
  if ! diff -u <("$wcomp" wit --no-deps "$out/j/$prog.wasm") <("$wcomp" wit --no-deps "$out/w/$prog.wasm"); then
    echo "FAIL: $prog: the WIT differs from jco new's"
    exit 1
  fi
  # (the bundled adapter's WASI is 0.2.0, jco's a later 0.2 release)
  exports() { "$wcomp" wit --no-deps "$1" | grep '^  export' | sed 's/@0\.2\.[0-9]*//'; }
  if ! diff -u <(exports "$out/j/$prog.wasm") <(exports "$out/b/$prog.wasm"); then
    echo "FAIL: $prog: with the bundled adapter, the exports differ from jco new's"
    exit 1
  fi
  echo "ok: $prog: three builds valid (wcomp, jco), same WIT/exports, deterministic" \
       "($(stat -c %s "$out/w/$prog.wasm"), bundled $(stat -c %s "$out/b/$prog.wasm")," \
       "jco $(stat -c %s "$out/j/$prog.wasm") bytes)"
done

# The library with the proxy adapter: stdio, clocks, random; nothing else.
"$wcomp" new "$out/lib.embed.wasm" --adapt "wasi_snapshot_preview1=$out/bundled.proxy.wasm" \
  -o "$out/b/lib-proxy.wasm"
"$wcomp" validate "$out/b/lib-proxy.wasm"
if "$wcomp" wit --no-deps "$out/b/lib-proxy.wasm" | grep -E 'wasi:(filesystem|cli/environment|cli/exit)'; then
  echo "FAIL: the proxy adapter imports more than stdio, clocks and random"
  exit 1
fi
echo "ok: lib with the proxy adapter imports $("$wcomp" wit --no-deps "$out/b/lib-proxy.wasm" | grep -c '^  import') interfaces, none of the filesystem"
# Its runs are compared with the reactor builds of w and j.
cp "$out/w/lib.wasm" "$out/w/lib-proxy.wasm"
cp "$out/j/lib.wasm" "$out/j/lib-proxy.wasm"


# Cases: NAME PROGRAM STDIN-TEXT DRIVER-ARGS... (the preopen, when a case has
# one, is a fresh host directory per build: @ROOT@ in the arguments).
printf 'first line\nsecond line\nthird\n' >"$out/stdin.txt"
run_case() {
  local name=$1 prog=$2 input=$3
  shift 3
  # t: wcomp's build (w) under Wasmtime; --eval is JavaScript, jco only.
  local sides=(w b j t)
  [[ " $* " == *" --eval "* ]] && sides=(w b j)
  for side in "${sides[@]}"; do
    local root=$out/$side/root-$name
    mkdir -p "$root"
    local args=("${@//@ROOT@/$root}")
    set +e
    if [[ $side == t ]]; then
      (cd "$out/t" && python3 "$here/run.py" "$out/w/$prog.wasm" "${args[@]}" \
         <"$input" >"$name.out" 2>"$name.err")
    else
      (cd "$out/$side" && node "$here/run.mjs" "$prog.wasm" "${args[@]}" \
         <"$input" >"$name.out" 2>"$name.err")
    fi
    local status=$?
    set -e
    {
      echo "== $name"
      cat "$out/$side/$name.out"
      echo "-- stderr"
      cat "$out/$side/$name.err"
      echo "-- exit $status"
      if [[ -n $(ls -A "$root") ]]; then
        echo "-- left in the preopened directory"
        (cd "$root" && find . -type f | sort | while read -r f; do echo "$f: $(cat "$f")"; done)
      fi
    } >"$out/$side/$name.result"
  done
  if ! diff -u "$out/j/$name.result" "$out/w/$name.result"; then
    echo "FAIL: $name: the run differs from jco new's build"
    exit 1
  fi
  if ! diff -u "$out/j/$name.result" "$out/b/$name.result"; then
    echo "FAIL: $name: with the bundled adapter, the run differs from jco new's build"
    exit 1
  fi
  # Two host differences, not wcomp's: jco's shim keeps file times to the
  # microsecond and calls a redirected stdout a terminal; Wasmtime does not.
  hostless() { sed -e 's/^\(mtime [0-9]*\.[0-9]\{6\}\)[0-9]\{3\}/\1/' -e '/^isatty(stdout): /d' "$1"; }
  if [[ -f $out/t/$name.result ]] &&
     ! diff -u <(hostless "$out/j/$name.result") <(hostless "$out/t/$name.result"); then
    echo "FAIL: $name: under Wasmtime, wcomp's build runs differently from jco new's under node"
    exit 1
  fi
  cat "$out/w/$name.result" >>"$out/all.result"
  echo "ok: $name: runs like jco new's build$([[ -f $out/t/$name.result ]] && echo ", under node and Wasmtime")"
}
: >"$out/all.result"
run_case hello hello /dev/null
run_case args args /dev/null --env HOME=/home/guest -- one two
run_case exit-status args /dev/null -- one two three
run_case environment envexit /dev/null --env WCOMP_A=1 --env "WCOMP_B=x y" --env OTHER=z -- 5
run_case stdin stdin "$out/stdin.txt"
run_case clocks-random clockrand /dev/null
run_case numbers numbers /dev/null
run_case files files /dev/null --dir /=@ROOT@
run_case files-no-preopen files /dev/null
run_case fsmore fsmore /dev/null --dir /=@ROOT@
run_case poll poll /dev/null --dir /=@ROOT@
run_case bigio bigio "$out/stdin.txt" --dir /=@ROOT@
run_case reactor reactor /dev/null
run_case lib-add lib /dev/null --invoke add -- 2 40
run_case lib-shout lib /dev/null --invoke shout -- '"hi there, wcomp"'
run_case lib-proxy-shout lib-proxy /dev/null --invoke shout -- '"through the proxy adapter"'
run_case lib-resource lib /dev/null --eval 'const m = root.counters; const c = new m.Counter(5);
  const r = [c.next(), c.next(), Array.from(m.countTo(c, 4)), c.next()];
  c[Symbol.dispose](); return r;'

expected=$here/adapt_run.expected
if [[ ${WCOMP_BLESS:-} == 1 ]]; then
  cp "$out/all.result" "$expected"
  echo "blessed $expected"
elif ! diff -u "$expected" "$out/all.result"; then
  echo "FAIL: the runs differ from $expected (WCOMP_BLESS=1 rewrites it)"
  exit 1
fi
echo "ok: every run matches $expected"
