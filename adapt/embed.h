//===- adapt/embed.h - Attach a world to a core module -----------*- C++ -*-===//
#pragma once

#include "adapt/metadata.h"

namespace wcomp::adapt {

/// `module` with a `component-type` section describing `world` appended
/// (what `wasm-tools component embed` does).
llvm::Expected<std::vector<uint8_t>> embedWorld(llvm::ArrayRef<uint8_t> module,
                                                const wit::Resolve &r, wit::WorldId world,
                                                StringEncoding enc);

/// How a dummy module's async functions cross the boundary (legacy names
/// only): synchronously, or with the async ABI, exports lifted with a
/// callback or stackful (`embed --async-callback`, `--async-stackful`).
enum class DummyAbi { Sync, AsyncCallback, AsyncStackful };

/// A core module that imports and exports everything `world` needs, with
/// `unreachable` bodies, laid out as `wasm-tools component embed --dummy`
/// lays it out: under BuildTargets.md's `cm32p2` names (`standardNames`,
/// wasm-tools' default) or wit-component's legacy ones, where `abi` may
/// ask for the async ABI (its built-ins, `[task-return]`, the stream and
/// future intrinsics of each function, `[async-lower]`/`[async-lift]`).
std::vector<uint8_t> dummyModule(const wit::Resolve &r, wit::WorldId world,
                                 bool standardNames = true, DummyAbi abi = DummyAbi::Sync);

} // namespace wcomp::adapt
