# Sourced by the e2e tests (after tools.sh, with $wcomp set): native
# wasm-tools as the oracle for what wcomp writes.
#   oracle_wit FILE    `wcomp wit` prints the world `wasm-tools component wit` prints
#   oracle_check FILE  valid for wcomp and wasm-tools; a component's WIT agrees
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
  if [[ $(head -c 8 "$f" | od -An -tx1 | tr -d ' \n') == 0061736d0d000100 ]]; then
    oracle_wit "$f"
  fi
}
