# Sourced by the e2e and differential tests: the pinned tools on PATH
# (scripts/tools.sh), the npm packages reachable from tests/e2e (run.mjs
# imports jco and the shim), and `require`, which turns a missing tool into a
# skip (exit 77) on a developer's machine and into a failure in CI (CI=true),
# naming the install step either way.
e2e_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../scripts/tools.sh
source "$e2e_here/../../scripts/tools.sh"
if [[ -d $WCOMP_TOOLS/npm/node_modules && ! -e $e2e_here/node_modules ]]; then
  ln -sfn "$WCOMP_TOOLS/npm/node_modules" "$e2e_here/node_modules" 2>/dev/null || true
fi

# require TOOL...: each a command on PATH, or one of the names below.
require() {
  local t ok
  for t in "$@"; do
    case $t in
      jco | componentize-js) [[ -x $e2e_here/node_modules/.bin/$t ]] && ok=1 || ok=0 ;;
      wasmtime-py) python3 -c 'import wasmtime' 2>/dev/null && ok=1 || ok=0 ;;
      wit-component-cases) [[ -d $WCOMP_TOOLS/wit-component-0.262.0/tests/components ]] && ok=1 || ok=0 ;;
      wit-parser-cases) [[ -d $WCOMP_TOOLS/wit-parser-0.262.0/tests/ui ]] && ok=1 || ok=0 ;;
      *) command -v "$t" >/dev/null && ok=1 || ok=0 ;;
    esac
    if ((!ok)); then
      if [[ ${CI:-} == true ]]; then
        echo "FAIL: $t is missing; install it with: bash scripts/bootstrap.sh (it goes to $WCOMP_TOOLS)"
        exit 1
      fi
      echo "SKIP: $t is missing; install it with: bash scripts/bootstrap.sh"
      exit 77
    fi
  done
}
