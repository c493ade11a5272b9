#!/usr/bin/env bash
# The installed CMake package, used as a build system would: `cmake
# --install` of this build into a fresh prefix, then
#   - examples/cmake-polyglot (a C command adapted, a WAT component checked
#     with wcomp_targets, the two composed and validated) configured and
#     built with Ninja through find_package(wcomp); touching an input
#     rebuilds exactly the steps that read it — a WIT file included, known
#     only from wcomp's depfiles; a component that stops fitting its world
#     fails the build at wcomp_targets;
#   - a project made here with wcomp_embed + wcomp_new (ADAPT name=file):
#     the same bytes as wcomp_adapt, and the adapter file is an input;
#   - examples/api (C++ against wcomp::validate, ::text, ::wit, ::compose)
#     built and run;
#   - the composed components valid for wasm-tools and run with jco and Wasmtime.
#   cmake_install.sh BUILD_DIR CXX_COMPILER "SANITIZE_FLAGS"
set -euo pipefail
build=$1
cxx=$2
sanitize=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/tools.sh"
require clang-19 jco wasm-tools wasmtime-py
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

cmake --install "$build" --prefix "$t/prefix" >/dev/null
for f in bin/wcomp lib/cmake/wcomp/wcompConfig.cmake lib/cmake/wcomp/wcompFunctions.cmake \
         lib/libwcomp_binary.a include/wcomp/binary/io.h include/wcomp/compose/targets.h; do
  [[ -e $t/prefix/$f ]] || { echo "FAIL: $f not installed"; exit 1; }
done
echo "ok: installed"
# The public API only: no header marked internal is installed, and every
# installed header compiles from the install tree alone (one translation
# unit holding them all, so a public header that needs an internal one fails).
# (A header is internal when its first line says so, as cmake/install.cmake reads it.)
internal=$(cd "$root" && for h in {binary,validate,text,wit,adapt,compose}/*.h; do
  head -n 1 "$h" | grep -q "(internal)" && echo "$h"; done || true)
for h in $internal; do
  [[ ! -e $t/prefix/include/wcomp/$h ]] || { echo "FAIL: internal header $h installed"; exit 1; }
done
(cd "$t/prefix/include/wcomp" && find . -name '*.h' | sort | sed 's|^\./|#include "|; s|$|"|') > "$t/all.cpp"
"$cxx" -std=c++20 -fsyntax-only -I"$t/prefix/include/wcomp" -I/usr/lib/llvm-19/include "$t/all.cpp" ||
  { echo "FAIL: the installed headers do not compile alone"; exit 1; }
echo "ok: $(wc -l < "$t/all.cpp") public headers installed and compiling, $(wc -w <<< "$internal") internal ones not installed"

cp -r "$root/examples/cmake-polyglot" "$t/src"
cmake -S "$t/src" -B "$t/b" -G Ninja -DCMAKE_PREFIX_PATH="$t/prefix" >/dev/null
steps() { # the build's step names, sorted
  cmake --build "$t/b" 2>&1 | sed -n 's/^\[[0-9]*\/[0-9]*\] //p' | sort | tr '\n' ',' ; echo
}
expect() { # expect WHAT STEPS
  local got
  got=$(steps)
  if [[ "$got" != "$2" ]]; then
    echo "FAIL: $1: ran [$got], expected [$2]"
    exit 1
  fi
  echo "ok: $1"
}
all="clang-19 app.c,wcomp adapt app,wcomp compose polyglot,wcomp compose polyglot_config,wcomp embed app_embed,wcomp parse numbers,wcomp targets numbers_targets,wcomp validate polyglot_valid,"
expect "first build runs every step" "$all"
"$t/prefix/bin/wcomp" validate "$t/b/polyglot.wasm" "$t/b/polyglot_config.wasm"
expect "a second build does nothing" ""
sleep 1
touch "$t/src/numbers.wat"
expect "numbers.wat touched: parse, targets, compose, validate" \
  "wcomp compose polyglot,wcomp compose polyglot_config,wcomp parse numbers,wcomp targets numbers_targets,wcomp validate polyglot_valid,"
touch "$t/src/wit/polyglot.wit"
expect "the WIT file touched (known from depfiles): embed, adapt, targets, compose, validate" \
  "wcomp adapt app,wcomp compose polyglot,wcomp compose polyglot_config,wcomp embed app_embed,wcomp targets numbers_targets,wcomp validate polyglot_valid,"
touch "$t/src/app.c"
expect "app.c touched: clang, embed, adapt, compose, validate" \
  "clang-19 app.c,wcomp adapt app,wcomp compose polyglot,wcomp compose polyglot_config,wcomp embed app_embed,wcomp validate polyglot_valid,"
echo >> "$t/src/polyglot.json"
expect "the configuration edited: CMake re-reads it, that composition reruns" \
  "Re-running CMake...,wcomp compose polyglot_config,"

# wcomp_embed and wcomp_new by hand (an adapter given as NAME=FILE) make
# the component wcomp_adapt made; the adapter file is an input too.
mkdir "$t/p2"
"$t/prefix/bin/wcomp" adapt --print-adapter command -o "$t/p2/adapter.wasm"
cp "$t/b/app.core.wasm" "$t/p2/core.wasm"
cp -r "$t/src/wit" "$t/p2/wit"
cat > "$t/p2/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(p2 LANGUAGES NONE)
find_package(wcomp REQUIRED COMPONENTS tool)
wcomp_embed(TARGET embedded INPUT core.wasm WIT wit WORLD app)
wcomp_new(TARGET app INPUT embedded ADAPT wasi_snapshot_preview1=adapter.wasm)
wcomp_validate(TARGET app_valid FILES app)
CMAKE
cmake -S "$t/p2" -B "$t/b2" -G Ninja -DCMAKE_PREFIX_PATH="$t/prefix" >/dev/null
cmake --build "$t/b2" >/dev/null
cmp "$t/b2/app.wasm" "$t/b/app.wasm" || { echo "FAIL: embed + new differ from adapt"; exit 1; }
sleep 1
touch "$t/p2/adapter.wasm"
got=$(cmake --build "$t/b2" 2>&1 | sed -n 's/^\[[0-9]*\/[0-9]*\] //p' | sort | tr '\n' ',')
[[ $got == "wcomp new app,wcomp validate app_valid," ]] || { echo "FAIL: adapter touched: ran [$got]"; exit 1; }
echo "ok: wcomp_embed + wcomp_new (ADAPT name=file) match wcomp_adapt; the adapter is an input"

{
  want=$'1 squared is 1\n2 squared is 4\n3 squared is 9'
  for app in polyglot polyglot_config; do
    got=$(node "$here/run.mjs" "$t/b/$app.wasm")
    [[ "$got" == "$want" ]] || { echo "FAIL: $app.wasm printed under node: $got"; exit 1; }
    got=$(python3 "$here/run.py" "$t/b/$app.wasm")
    [[ "$got" == "$want" ]] || { echo "FAIL: $app.wasm printed under Wasmtime: $got"; exit 1; }
    wasm-tools validate "$t/b/$app.wasm"
  done
  echo "ok: the composed programs are valid for wasm-tools and run (jco, Wasmtime)"
}

# A component that no longer implements its world stops the build.
sed -i 's/(param "x" u32) (result u32)/(param "y" u32) (result u32)/' \
  "$t/src/numbers.wat"
if cmake --build "$t/b" -- -k 0 >"$t/log" 2>&1; then
  echo "FAIL: a component that does not fit its world built"
  exit 1
fi
grep -q 'does not target world `example:polyglot/numbers-provider@0.1.0`' "$t/log" || { cat "$t/log"; exit 1; }
grep -q 'expected parameter named `x`, found `y`' "$t/log" || { cat "$t/log"; exit 1; }
echo "ok: a mismatched component fails the build at wcomp targets"

flags=()
if [[ -n $sanitize ]]; then
  flags=(-DCMAKE_EXE_LINKER_FLAGS="-fsanitize=$sanitize" -DCMAKE_CXX_FLAGS="-fsanitize=$sanitize")
fi
cmake -S "$root/examples/api" -B "$t/api" -G Ninja -DCMAKE_PREFIX_PATH="$t/prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release "${flags[@]}" >/dev/null
cmake --build "$t/api" >/dev/null
"$t/prefix/bin/wcomp" parse "$root/examples/cmake-polyglot/numbers.wat" -o "$t/n.wasm"
out=$("$t/api/inspect" "$t/n.wasm" "$root/examples/cmake-polyglot/wit" numbers-provider)
grep -q '^targets example:polyglot/numbers-provider@0.1.0$' <<<"$out" || { echo "$out"; exit 1; }
grep -q 'export example:polyglot/numbers@0.1.0;' <<<"$out" || { echo "$out"; exit 1; }
echo "ok: a C++ program built against the installed libraries"
