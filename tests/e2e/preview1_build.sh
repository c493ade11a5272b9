#!/usr/bin/env bash
# The bundled Preview 1 adapters rebuild from adapt/preview1 to the very
# bytes committed there (the build is deterministic), and each passes
# `wcomp validate` and the adapter contract (`wcomp new` with a module
# importing every Preview 1 function). Skipped without clang-19/wasm-ld-19.
#   preview1_build.sh WCOMP
set -euo pipefail
wcomp=$1
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../adapt/preview1
source "$here/tools.sh"
require clang-19 wasm-ld-19
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bash "$src/build.sh" clang-19 wasm-ld-19 "$wcomp" "$out"
# Twice, and both times the committed bytes.
bash "$src/build.sh" clang-19 wasm-ld-19 "$wcomp" "$out/again"
for kind in command reactor proxy; do
  f=wasi_snapshot_preview1.$kind.wasm
  cmp "$out/$f" "$out/again/$f"
  if ! cmp "$out/$f" "$src/$f"; then
    echo "FAIL: adapt/preview1/$f differs from a fresh build (run adapt/preview1/build.sh" \
         "clang-19 wasm-ld-19 build/cli/wcomp adapt/preview1 and commit the result)"
    exit 1
  fi
  "$wcomp" validate "$src/$f"
  echo "ok: $kind adapter rebuilds to the committed $(stat -c %s "$src/$f") bytes, valid"
done

# A module importing all 46 Preview 1 functions (45 and proc_exit) (the signatures of the
# witx), adapted with each adapter: every function is there, with its type.
sig() {
  case $1 in
    args_get|args_sizes_get|environ_get|environ_sizes_get|fd_prestat_get|fd_fdstat_get|fd_filestat_get|fd_tell|fd_renumber|random_get) echo "i32 i32" ;;
    clock_res_get) echo "i32 i32" ;;
    clock_time_get) echo "i32 i64 i32" ;;
    fd_advise) echo "i32 i64 i64 i32" ;;
    fd_allocate) echo "i32 i64 i64" ;;
    fd_close|fd_datasync|fd_sync|proc_raise) echo "i32" ;;
    fd_fdstat_set_flags|sock_shutdown) echo "i32 i32" ;;
    fd_fdstat_set_rights) echo "i32 i64 i64" ;;
    fd_filestat_set_size) echo "i32 i64" ;;
    fd_filestat_set_times) echo "i32 i64 i64 i32" ;;
    fd_pread|fd_pwrite) echo "i32 i32 i32 i64 i32" ;;
    fd_prestat_dir_name|path_create_directory|path_remove_directory|path_unlink_file) echo "i32 i32 i32" ;;
    fd_read|fd_write) echo "i32 i32 i32 i32" ;;
    sock_accept) echo "i32 i32 i32" ;;
    fd_readdir) echo "i32 i32 i32 i64 i32" ;;
    fd_seek) echo "i32 i64 i32 i32" ;;
    path_filestat_get) echo "i32 i32 i32 i32 i32" ;;
    path_filestat_set_times) echo "i32 i32 i32 i32 i64 i64 i32" ;;
    path_link) echo "i32 i32 i32 i32 i32 i32 i32" ;;
    path_open) echo "i32 i32 i32 i32 i32 i64 i64 i32 i32" ;;
    path_readlink) echo "i32 i32 i32 i32 i32 i32" ;;
    path_rename) echo "i32 i32 i32 i32 i32 i32" ;;
    path_symlink) echo "i32 i32 i32 i32 i32" ;;
    poll_oneoff) echo "i32 i32 i32 i32" ;;
    sched_yield) echo "" ;;
    sock_recv) echo "i32 i32 i32 i32 i32 i32" ;;
    sock_send) echo "i32 i32 i32 i32 i32" ;;
  esac
}
funcs="args_get args_sizes_get environ_get environ_sizes_get clock_res_get clock_time_get
  fd_advise fd_allocate fd_close fd_datasync fd_fdstat_get fd_fdstat_set_flags
  fd_fdstat_set_rights fd_filestat_get fd_filestat_set_size fd_filestat_set_times fd_pread
  fd_prestat_get fd_prestat_dir_name fd_pwrite fd_read fd_readdir fd_renumber fd_seek fd_sync
  fd_tell fd_write path_create_directory path_filestat_get path_filestat_set_times path_link
  path_open path_readlink path_remove_directory path_rename path_symlink path_unlink_file
  poll_oneoff proc_raise random_get sched_yield sock_accept sock_recv sock_send sock_shutdown"
{
  echo '(module'
  n=0
  for f in $funcs; do
    echo "  (import \"wasi_snapshot_preview1\" \"$f\" (func \$$f (param $(sig $f)) (result i32)))"
    n=$((n + 1))
  done
  echo '  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))'
  echo '  (memory (export "memory") 1)'
  echo '  (func (export "_start")'
  for f in $funcs; do
    echo "    (drop (call \$$f $(for p in $(sig $f); do printf '(%s.const 0) ' $p; done)))"
  done
  echo '    (call $proc_exit (i32.const 0)))'
  echo '  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0)))'
} >"$out/all.wat"
[[ $n == 45 ]] || { echo "FAIL: $n functions listed besides proc_exit, not 45"; exit 1; }
"$wcomp" parse "$out/all.wat" -o "$out/all.wasm"
for kind in command reactor proxy; do
  "$wcomp" adapt "$out/all.wasm" --wasi $kind -o "$out/all.$kind.wasm"
  "$wcomp" validate "$out/all.$kind.wasm"
  echo "ok: $kind adapter provides all 46 Preview 1 functions: $(stat -c %s "$out/all.$kind.wasm") bytes adapted"
done
