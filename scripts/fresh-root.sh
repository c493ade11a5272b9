#!/usr/bin/env bash
# Proves the README's two commands on a fresh Debian 12 machine: makes a
# minimal Debian 12 root with debootstrap, gives it only what a new machine
# of this kind has before a session starts (Go, Node 20 with npm, pyenv's
# Python 3.11, Rust by rustup; the registries' CA bundle and client
# settings), clones this repository into it and runs, in a chroot,
#   bash scripts/demo.sh  and  CI=true bash scripts/test.sh
# A green CI on a developer machine proves nothing about a fresh one: that
# machine has packages and tools a new one lacks.
#   scripts/fresh-root.sh DIR [demo|test|both]   (root; needs debootstrap)
# The log of each command is DIR/root/<command>.log; exit status is that of
# the last command run.
set -euo pipefail
dir=${1:?usage: scripts/fresh-root.sh DIR [demo|test|both]}
what=${2:-both}
repo=$(cd "$(dirname "$0")/.." && pwd)
[[ $(id -u) -eq 0 ]] || { echo "fresh-root: must run as root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "fresh-root: apt-get install debootstrap" >&2; exit 1; }

if [[ ! -x "$dir/bin/bash" ]]; then
  debootstrap --variant=minbase bookworm "$dir" http://deb.debian.org/debian
fi

# Copies host paths into the root, keeping their place; what a fresh
# machine of this kind already has (see the env skill's machine page).
give() { tar -C / -cf - "$@" | tar -C "$dir" -xf -; }
give usr/local/go
# Node 20 (nodesource's package) with npm: its files, not the package database.
mapfile -t node_files < <(dpkg -L nodejs | sed 's|^/||' | while read -r f; do [[ -f "/$f" || -L "/$f" ]] && echo "$f"; done)
give "${node_files[@]}"
# npm as the machine has it (newer than the package's own, so not in its list).
give usr/lib/node_modules/npm usr/bin/npm usr/bin/npx
# pyenv with Python 3.11 only (the machine's python3).
give --exclude='root/.pyenv/versions/[!3]*' --exclude='root/.pyenv/versions/3.[!1]*' \
     --exclude='root/.pyenv/versions/3.1[!1]*' root/.pyenv
# rustup's stable toolchain and its proxies.
give root/.cargo/bin root/.rustup/settings.toml root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu
[[ -L /root/.rustup/toolchains/1.95.0-x86_64-unknown-linux-gnu ]] && give root/.rustup/toolchains/1.95.0-x86_64-unknown-linux-gnu
# Registry access: the CA bundle the environment names, client settings, DNS.
# The local CAs go where update-ca-certificates finds them, as apt's
# ca-certificates package rebuilds the bundle when the bootstrap installs it.
give etc/ssl/certs/ca-certificates.crt usr/local/share/ca-certificates etc/pip.conf root/.npmrc etc/resolv.conf
[[ -f etc/hosts ]] && give etc/hosts

rm -rf "$dir/root/wcomp"
git clone -q "$repo" "$dir/root/wcomp"

mounted=()
cleanup() { for m in "${mounted[@]}"; do umount -l "$m" || true; done; }
trap cleanup EXIT
for m in proc sys dev dev/pts; do
  mountpoint -q "$dir/$m" && continue
  case $m in
    proc) mount -t proc proc "$dir/proc" ;;
    *) mount --bind "/$m" "$dir/$m" ;;
  esac
  mounted=("$dir/$m" "${mounted[@]}")
done

run() {
  local name=$1; shift
  echo "fresh-root: $name (log: $dir/root/$name.log)"
  chroot "$dir" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/go/bin:/root/.cargo/bin:/root/.pyenv/shims:/root/.pyenv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PYENV_ROOT=/root/.pyenv PYENV_VERSION=3.11.7 \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt CURL_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
    GIT_SSL_CAINFO=/etc/ssl/certs/ca-certificates.crt "$@" \
    bash -c "cd /root/wcomp && time bash scripts/$name.sh" >"$dir/root/$name.log" 2>&1
}
status=0
if [[ $what == demo || $what == both ]]; then run demo || status=$?; echo "fresh-root: demo exit $status"; fi
if [[ $what == test || $what == both ]]; then status=0; run test CI=true || status=$?; echo "fresh-root: test exit $status"; fi
exit "$status"
