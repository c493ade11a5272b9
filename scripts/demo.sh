#!/usr/bin/env bash
# Sets up, builds wcomp, and runs the main job on the bundled fixtures:
# validate and dump a real component (and a core module), show its WIT, and
# check a WIT folder with dependencies; adapt a Preview 1 module.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target wcomp
set -x
./build/cli/wcomp validate fixtures/components/app.wasm fixtures/modules/features.wasm
./build/cli/wcomp dump fixtures/components/app.wasm
./build/cli/wcomp wit --deps fixtures/components/app.wasm
./build/cli/wcomp wit fixtures/wit/folder
# A Preview 1 program made a component with the bundled command adapter.
t=$(mktemp -d)
./build/cli/wcomp parse fixtures/adapt/bundled.wat -o "$t/hello.wasm"
./build/cli/wcomp adapt "$t/hello.wasm" -o "$t/hello.component.wasm"
./build/cli/wcomp wit "$t/hello.component.wasm"
rm -rf "$t"
