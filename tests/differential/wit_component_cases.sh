#!/usr/bin/env bash
# The `wit_component_cases` test: `wcomp embed` + `wcomp new` on every case
# of wit-component 0.262's own test suite that is not a `component link`
# case (tests/differential/wit_component_cases.py; the cases come from the
# crate's sources, which scripts/bootstrap.sh fetches). Every case must agree
# with wit-component: error cases refused, the others built, valid for
# native wasm-tools, with the WIT wit-component expects.
#   wit_component_cases.sh WCOMP [--list]
set -euo pipefail
wcomp=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../e2e/tools.sh"
require wasm-tools wit-component-cases
exec python3 "$here/wit_component_cases.py" --wcomp "$wcomp" --strict \
  --cases "$WCOMP_TOOLS/wit-component-0.262.0/tests/components" "$@"
