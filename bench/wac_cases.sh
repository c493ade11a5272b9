#!/usr/bin/env bash
# Agreement with wac: every WAC fixture (fixtures/compose/wac) composed by
# `wcomp compose` and by `wac compose` (wac-cli 0.10.1), the outputs validated
# and compared by native wasm-tools (tests/differential/wac_cases.py; known
# differences in tests/differential/wac-allowlist.txt). wac is a benchmark
# peer (`scripts/bootstrap.sh --bench`, a 10-minute compile), so this lives
# beside the benchmarks, not in the test suite; bench/peers.sh runs it.
# A missing wac is a failure.
#   bench/wac_cases.sh [WCOMP] [--list]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
wcomp=$(realpath "${1:-$root/build/cli/wcomp}")
shift || true
source "$root/scripts/tools.sh"
for t in wasm-tools wac; do
  command -v $t >/dev/null || { echo "bench/wac_cases.sh: $t is missing (bash scripts/bootstrap.sh --bench)"; exit 1; }
done
exec python3 "$root/tests/differential/wac_cases.py" --wcomp "$wcomp" \
  --fixtures "$root/fixtures/compose/wac" --allowlist "$root/tests/differential/wac-allowlist.txt" "$@"
