# Sourced by the e2e tests (after tools.sh, with $wcomp set): native
# wasm-tools as the oracle for what wcomp writes.
#   oracle_wit FILE    `wcomp wit` prints the world `wasm-tools component wit` prints
#   oracle_check FILE  valid for wcomp and wasm-tools; a component's WIT agrees
#   run_both PREFIX FILE  the same run under node (jco) and Wasmtime
# The root package (the component's world) is compared; the dependency
# packages wasm-tools prints after it are not yet printed the same way
# (named tuple/list aliases, `use` grouping, package order: issue 28).
root_package() { # reads all its input: an early exit would SIGPIPE the writer
  awk '/^package .* \{$/ { stop = 1 } !stop' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' | sed -e '${/^\/\/\//d;}'
}
oracle_wit() {
  local f=$1 theirs ours
  theirs=$(wasm-tools component wit "$f" | root_package)
  ours=$("$wcomp" wit "$f" | root_package)
  if [[ "$theirs" != "$ours" ]]; then
    echo "FAIL: the WIT of $(basename "$f") differs from wasm-tools component wit's:"
    diff -u <(echo "$theirs") <(echo "$ours") || true
    exit 1
  fi
}
oracle_check() {
  local f=$1
  "$wcomp" validate "$f"
  if ! wasm-tools validate "$f"; then
    echo "FAIL: wasm-tools refuses $(basename "$f"), which wcomp wrote or accepted"
    exit 1
  fi
  if is_component "$f"; then
    oracle_wit "$f"
  fi
}

# is_component FILE: the component preamble (version 0x0d, layer 1).
is_component() { [[ $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 0061736d0d000100 ]]; }

# run_both PREFIX FILE: runs a command component under node (jco, run.mjs)
# and Wasmtime (run.py) with no stdin; each run's stdout, stderr and exit
# status go to PREFIX.node and PREFIX.wasmtime, which must be equal. Node 20
# needs the flag for extended constant expressions (componentize-py's runtime).
run_both() {
  local prefix=$1 file=$2 rt status
  for rt in node wasmtime; do
    set +e
    if [[ $rt == node ]]; then
      node --experimental-wasm-extended-const "$e2e_here/run.mjs" "$file" \
        >"$prefix.out" 2>"$prefix.err" </dev/null
    else
      python3 "$e2e_here/run.py" "$file" >"$prefix.out" 2>"$prefix.err" </dev/null
    fi
    status=$?
    set -e
    { cat "$prefix.out"; echo "-- stderr"; cat "$prefix.err"; echo "-- exit $status"; } >"$prefix.$rt"
  done
  if ! diff -u "$prefix.node" "$prefix.wasmtime"; then
    echo "FAIL: $(basename "$file") runs differently under node (jco) and Wasmtime"
    exit 1
  fi
}
