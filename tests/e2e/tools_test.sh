#!/usr/bin/env bash
# tests/e2e/tools.sh's `require` itself: a missing tool fails with its
# install step when CI=true, skips (77) otherwise, and a present one passes.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
try() { # CI-VALUE TOOL: prints "status|output"
  local out
  out=$(CI=$1 bash -c "source '$here/tools.sh'; require $2; echo present" 2>&1)
  echo "$?|$out"
}
check() { # WHAT GOT WANT-STATUS WANT-TEXT
  if [[ ${2%%|*} != "$3" || $2 != *"$4"* ]]; then
    echo "FAIL: $1: got [$2], want status $3 and \"$4\""
    exit 1
  fi
  echo "ok: $1"
}
check "missing tool in CI" "$(try true wcomp-no-such-tool)" 1 \
  "FAIL: wcomp-no-such-tool is missing; install it with: bash scripts/bootstrap.sh"
check "missing tool elsewhere" "$(try "" wcomp-no-such-tool)" 77 \
  "SKIP: wcomp-no-such-tool is missing; install it with: bash scripts/bootstrap.sh"
check "present tool in CI" "$(try true bash)" 0 "present"
