#!/usr/bin/env bash
# The `differential.wac_cases` test: every WAC fixture (fixtures/compose/wac)
# composed by `wcomp compose` and by `wac compose` (wac-cli 0.10.1), the
# outputs validated and compared by native wasm-tools
# (tests/differential/wac_cases.py; known differences in wac-allowlist.txt).
# wac is a benchmark peer, installed by `scripts/bootstrap.sh --bench`: the
# test reports itself skipped (ctest's "Skipped") where wac is not installed.
#   wac_cases.sh WCOMP [--list]
set -euo pipefail
wcomp=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../e2e/tools.sh"
require wasm-tools
if ! command -v wac >/dev/null; then
  echo "SKIP: wac is missing; install it with: bash scripts/bootstrap.sh --bench"
  exit 77
fi
exec python3 "$here/wac_cases.py" --wcomp "$wcomp" --fixtures "$here/../../fixtures/compose/wac" \
  --allowlist "$here/wac-allowlist.txt" "$@"
