# Sourced by scripts and tests: where scripts/bootstrap.sh puts the pinned
# test tools, and PATH with them first (wasm-tools, componentize-py and the
# venv's python3 with wasmtime; wit-bindgen, wac; Go; cargo).
WCOMP_TOOLS=${WCOMP_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/wcomp-tools}
export WCOMP_TOOLS
export PATH="$WCOMP_TOOLS/bin:$WCOMP_TOOLS/venv/bin:$WCOMP_TOOLS/npm/node_modules/.bin:$PATH:/usr/local/go/bin:$HOME/.cargo/bin"
