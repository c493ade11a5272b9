#!/usr/bin/env bash
# Sets up (scripts/bootstrap.sh), builds and runs every test twice: the
# normal build (g++, build/), then an AddressSanitizer + UndefinedBehavior-
# Sanitizer build with clang-19 (build-asan/) that also builds the libFuzzer
# targets and runs a short bounded fuzz pass. Both halves always run; both
# ctest summaries are printed at the end, and the script fails if either
# half failed.
#   WCOMP_SKIP_SANITIZE=1  skip the sanitizer build
#   JOBS=N                 build and test parallelism (default 2)
set -uo pipefail
cd "$(dirname "$0")/.."
if [[ ${CI:-} == true && ${WCOMP_SKIP_SANITIZE:-0} == 1 ]]; then
  echo "test.sh: WCOMP_SKIP_SANITIZE=1 is for local runs; CI runs both builds"
  exit 1
fi
bash scripts/bootstrap.sh || { echo "test.sh: scripts/bootstrap.sh failed"; exit 1; }
source scripts/tools.sh
jobs=${JOBS:-2}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# half NAME DIR CMAKE-ARGS...: configure, build, ctest; the summary to $logs/NAME.
half() {
  local name=$1 dir=$2
  shift 2
  echo "== $name: configure and build in $dir"
  if ! cmake -S . -B "$dir" -G Ninja "$@" >"$logs/$name.configure" 2>&1; then
    cat "$logs/$name.configure"
    echo "$name: configuring failed" >"$logs/$name"
    return 1
  fi
  if ! cmake --build "$dir" -j"$jobs"; then
    echo "$name: the build failed" >"$logs/$name"
    return 1
  fi
  echo "== $name: ctest"
  (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j"$jobs") | tee "$logs/$name.ctest"
  local status=${PIPESTATUS[0]}
  grep -E '^[0-9]+% tests passed' "$logs/$name.ctest" >"$logs/$name" ||
    echo "$name: ctest printed no summary (exit $status)" >"$logs/$name"
  return "$status"
}

failed=0
half normal build -DCMAKE_BUILD_TYPE=Release || failed=1
if [[ "${WCOMP_SKIP_SANITIZE:-0}" != 1 ]]; then
  CC=clang-19 CXX=clang++-19 half sanitizer build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DWCOMP_SANITIZE=address,undefined -DWCOMP_FUZZ=ON -DWCOMP_BUILD_BENCH=OFF || failed=1
fi

echo
echo "== summary of the normal build (g++, build/):"
cat "$logs/normal"
if [[ "${WCOMP_SKIP_SANITIZE:-0}" != 1 ]]; then
  echo "== summary of the sanitizer build (clang-19 ASan+UBSan, build-asan/):"
  cat "$logs/sanitizer"
fi
exit "$failed"
