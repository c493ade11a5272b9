#!/usr/bin/env bash
# The `wit_parser_cases` test: `wcomp wit --json` on every UI test case of
# wit-parser 0.262 (tests/differential/wit_parser_cases.py; the cases come
# from the crate's sources, which scripts/bootstrap.sh fetches): every
# invalid package refused, every valid one accepted with wit-parser's JSON
# byte for byte, but for the known differences of wit-parser-allowlist.txt.
#   wit_parser_cases.sh WCOMP [--list]
set -euo pipefail
wcomp=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../e2e/tools.sh"
require wit-parser-cases
exec python3 "$here/wit_parser_cases.py" --wcomp "$wcomp" --strict \
  --cases "$WCOMP_TOOLS/wit-parser-0.262.0/tests/ui" \
  --allowlist "$here/wit-parser-allowlist.txt" "$@"
