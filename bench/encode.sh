#!/usr/bin/env bash
# Component encoding, before and after a change, in one run: the same
# commands timed with two wcomp binaries (best of $BEST_OF whole processes):
#   - `adapt` of starlingmonkey_embedding.wasm (~10 MB, componentize-js) and
#     of a generated ~100 KB C reactor (clang-19 + wasi-libc),
#   - `new` of a module made by `embed --dummy` from a generated world that
#     imports and exports 300 interfaces of records, variants and resources,
#   - `wit --wasm` of that package (600 interfaces and the world).
#   bench/encode.sh BEFORE_WCOMP [AFTER_WCOMP]   (after: build/cli/wcomp)
# Build BEFORE from the revision to compare with, e.g.
#   git worktree add /tmp/before REV && cmake -S /tmp/before -B /tmp/before/build
#   -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/before/build --target wcomp
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/encode.sh BEFORE_WCOMP [AFTER_WCOMP]}
after=${2:-build/cli/wcomp}
BEST_OF=${BEST_OF:-5}
source bench/inputs.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/gen.wit" <<'PY'
import sys
n = 300
out = ["package bench:enc@1.0.0;", ""]
for side in ("im", "ex"):
    for i in range(n):
        out.append(f"interface {side}{i} {{")
        out.append(f"  record r {{ a: u32, b: string, c: list<u64>, d: option<s8> }}")
        out.append(f"  variant v {{ none, some(r), many(list<r>) }}")
        out.append(f"  resource h {{ constructor(x: u32); get: func() -> v; }}")
        out.append(f"  f: func(x: r, y: borrow<h>) -> result<v, string>;")
        out.append(f"  g: func(a: u8, b: u16, c: list<string>) -> tuple<u32, r>;")
        out.append("}")
out.append("world w {")
out += [f"  import im{i};" for i in range(n)]
out += [f"  export ex{i};" for i in range(n)]
out.append("}")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
"$after" embed --dummy "$work/gen.wit" -o "$work/gen.core.wasm"

c_src=$work/c100k.c
python3 - "$c_src" <<'PY'
import sys
n = 225
out = ["#include <stdio.h>"]
for i in range(n):
    out.append(f"""__attribute__((noinline)) int f{i}(int x, const char *s) {{
  char buf[64];
  int n = snprintf(buf, sizeof buf, "f{i} %d %s %.3f", x * {i + 3}, s, x / {i + 1}.0);
  for (int k = 0; k < n; ++k) x = x * 31 + buf[k] + {i};
  return x ^ {i * 7};
}}""")
out.append("static int (*const table[])(int, const char *) = {" + ", ".join(f"f{i}" for i in range(n)) + "};")
out.append("""__attribute__((export_name("run"))) int run(int x) {
  for (unsigned i = 0; i < sizeof table / sizeof *table; ++i) x = table[i](x, "arg");
  return x;
}""")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
clang-19 --target=wasm32-wasi -O2 -mexec-model=reactor -Wl,--strip-debug "$c_src" -o "$work/c100k.wasm"

row() { # NAME ARGS...: one line, both binaries
  local name=$1
  shift
  local b a
  b=$(best "$before" "$@" -o "$work/out.before")
  a=$(best "$after" "$@" -o "$work/out.after")
  python3 -c "print(f'{\"$name\":<34} before {$b*1000:8.1f} ms   after {$a*1000:8.1f} ms   after/before {$a/$b:5.2f}')"
}
echo "wcomp before: $before"
echo "wcomp after:  $after"
row "adapt starlingmonkey (10 MB)" adapt "$BENCH_STARLING" --wasi reactor
row "adapt C reactor (100 KB)" adapt "$work/c100k.wasm" --wasi reactor
row "new (300+300 interfaces)" new "$work/gen.core.wasm"
row "wit --wasm (600 interfaces)" wit --wasm "$work/gen.wit"
