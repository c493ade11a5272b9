#!/usr/bin/env bash
# Sets up, builds and runs every test: the normal build (g++), then an
# AddressSanitizer + UndefinedBehaviorSanitizer build with clang-19 that also
# builds the libFuzzer target and runs a short bounded fuzz pass.
#   WCOMP_SKIP_SANITIZE=1  skip the sanitizer build
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
jobs=${JOBS:-2}

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

if [[ "${WCOMP_SKIP_SANITIZE:-0}" != 1 ]]; then
  CC=clang-19 CXX=clang++-19 cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DWCOMP_SANITIZE=address,undefined -DWCOMP_FUZZ=ON -DWCOMP_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -j"$jobs"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j"$jobs")
fi
