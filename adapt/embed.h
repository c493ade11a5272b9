//===- adapt/embed.h - Attach a world to a core module -----------*- C++ -*-===//
#pragma once

#include "adapt/metadata.h"

namespace wcomp::adapt {

/// `module` with a `component-type` section describing `world` appended
/// (what `wasm-tools component embed` does).
llvm::Expected<std::vector<uint8_t>> embedWorld(llvm::ArrayRef<uint8_t> module,
                                                const wit::Resolve &r, wit::WorldId world,
                                                StringEncoding enc);

/// A core module that imports and exports everything `world` needs under
/// the legacy names, with `unreachable` bodies (for tests of `new`, like
/// `wasm-tools component embed --dummy`).
std::vector<uint8_t> dummyModule(const wit::Resolve &r, wit::WorldId world);

} // namespace wcomp::adapt
