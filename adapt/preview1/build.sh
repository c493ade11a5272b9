#!/usr/bin/env bash
# Builds the three Preview 1 adapters from this folder's C sources:
#   build.sh CLANG WASM_LD WCOMP OUT_DIR
# writes OUT_DIR/wasi_snapshot_preview1.{command,reactor,proxy}.wasm. Each is
# compiled freestanding (no libc) for wasm32, linked with the main module's
# memory imported, and given its world (wit/adapter.wit) with `wcomp embed`.
# The output depends only on these sources and the tools' versions: no
# paths, no dates, no producers section (-fno-ident) end up in the bytes.
set -euo pipefail
clang=$1 ld=$2 wcomp=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
for kind in command reactor proxy; do
  def=-DWCOMP_$(tr a-z A-Z <<<"$kind")
  objs=()
  for src in core fs path; do
    # Sources are compiled from this folder with relative names, so nothing
    # of the build machine's layout can reach the object files.
    (cd "$here" && "$clang" --target=wasm32 -std=c11 -Os -nostdlib -ffreestanding -fno-ident \
      -mbulk-memory -fno-jump-tables -Wall -Wextra -Werror "$def" -c "$src.c" -o "$tmp/$kind-$src.o")
    objs+=("$tmp/$kind-$src.o")
  done
  "$ld" --no-entry --import-memory -z stack-size=8192 "${objs[@]}" -o "$tmp/$kind.wasm"
  # No data: the main module's memory has no room for the adapter's (a
  # switch the compiler turns into a lookup table would be one, hence
  # -fno-jump-tables, which also turns those off).
  if "$wcomp" dump "$tmp/$kind.wasm" | grep -q '^  data '; then
    echo "build.sh: the $kind adapter has a data section (constants in memory)" >&2
    exit 1
  fi
  "$wcomp" embed "$here/wit" "$tmp/$kind.wasm" --world "$kind" \
    -o "$out/wasi_snapshot_preview1.$kind.wasm"
done
