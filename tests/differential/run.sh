#!/usr/bin/env bash
# The `differential` test: tests/differential/differential.py against native
# wasm-tools with fixed seeds (about two minutes). The long mode runs more
# cases from another seed each time it is given one:
#   run.sh WCOMP                       the ctest run (150 cases per generator)
#   run.sh WCOMP --cases 3000 --seed 7 the long mode
set -euo pipefail
wcomp=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../e2e/tools.sh"
require wasm-tools
exec python3 "$here/differential.py" --wcomp "$wcomp" --fixtures "$here/../../fixtures" \
  --allowlist "$here/allowlist.txt" "$@"
