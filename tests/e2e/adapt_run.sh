#!/usr/bin/env bash
# `wcomp adapt` / `wcomp new` end to end. C programs built with clang-19 +
# wasi-libc (tests/c) are turned into components with jco's Preview 1
# adapters, once by wcomp and once by `jco new`. For each program:
#   - both components pass `wcomp validate` and jco's (wasm-tools') print,
#   - both print the same WIT with `wcomp wit`,
#   - building twice with wcomp gives identical bytes.
# Then each case runs both components under node (run.mjs: jco's transpiler
# and the Preview 2 shim, with the environment, preopened directory and
# stdin the case gives) and compares stdout, stderr and exit status: between
# the two builds, and with tests/e2e/adapt_run.expected (WCOMP_BLESS=1
# rewrites it).
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

# Programs: NAME KIND (a `lib` program has a world in tests/c/NAME.wit and is
# embedded first, then built with `new`).
programs=(hello:command args:command envexit:command stdin:command clockrand:command
          numbers:command files:command reactor:reactor lib:lib)
for entry in "${programs[@]}"; do
  prog=${entry%%:*} kind=${entry#*:}
  core=$cwasm/$prog.canonical.wasm
  if [[ $kind == lib ]]; then
    "$wcomp" embed "$here/../c/$prog.wit" "$core" -o "$out/$prog.embed.wasm"
    core=$out/$prog.embed.wasm
    kind=reactor
    build() { "$wcomp" new "$core" --adapt "$lib/wasi_snapshot_preview1.reactor.wasm" -o "$1" 2>/dev/null; }
  else
    build() { "$wcomp" adapt "$core" --adapter "$lib/wasi_snapshot_preview1.$kind.wasm" -o "$1" 2>/dev/null; }
  fi
  build "$out/w/$prog.wasm"
  build "$out/again.wasm"
  cmp "$out/w/$prog.wasm" "$out/again.wasm"
  "$bin/jco" new "$core" --wasi-$kind -o "$out/j/$prog.wasm" >/dev/null
  for side in w j; do
    "$wcomp" validate "$out/$side/$prog.wasm"
    "$bin/jco" print "$out/$side/$prog.wasm" >/dev/null
  done
  if ! diff -u <("$wcomp" wit "$out/j/$prog.wasm") <("$wcomp" wit "$out/w/$prog.wasm"); then
    echo "FAIL: $prog: the WIT differs from jco new's"
    exit 1
  fi
  echo "ok: $prog: both builds valid (wcomp, jco), same WIT, deterministic" \
       "($(stat -c %s "$out/w/$prog.wasm") vs $(stat -c %s "$out/j/$prog.wasm") bytes)"
done

# Cases: NAME PROGRAM STDIN-TEXT DRIVER-ARGS... (the preopen, when a case has
# one, is a fresh host directory per build: @ROOT@ in the arguments).
printf 'first line\nsecond line\nthird\n' >"$out/stdin.txt"
run_case() {
  local name=$1 prog=$2 input=$3
  shift 3
  for side in w j; do
    local root=$out/$side/root-$name
    mkdir -p "$root"
    local args=("${@//@ROOT@/$root}")
    set +e
    (cd "$out/$side" && node "$here/run.mjs" "$prog.wasm" "${args[@]}" \
       <"$input" >"$name.out" 2>"$name.err")
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
  cat "$out/w/$name.result" >>"$out/all.result"
  echo "ok: $name: runs like jco new's build"
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
run_case reactor reactor /dev/null
run_case lib-add lib /dev/null --invoke add -- 2 40
run_case lib-shout lib /dev/null --invoke shout -- '"hi there, wcomp"'
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
