//===- compose/unbundle.h - Core modules out of a component ------*- C++ -*-===//
//
// `wcomp unbundle` (wasm-tools' `component unbundle`): the core modules of a
// component, at any depth, that are larger than a threshold are taken out
// and imported instead, so a build can ship, cache or compile them apart.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace wcomp::compose {

/// A component with its large core modules taken out.
struct Unbundled {
  /// The component that imports them, as `unbundled-module0`, `...1`, ...
  std::vector<uint8_t> component;
  /// The modules taken out, byte for byte as they were embedded, in the
  /// order of their import names (the order they appear in the input,
  /// nested components' modules where those components are).
  std::vector<llvm::ArrayRef<uint8_t>> modules;
};

/// Takes every core module of `component` whose size in bytes exceeds
/// `threshold` out of it. The result imports each one, at the front of the
/// outer component, typed by a module type that lists its imports and
/// exports; where a module was, an outer alias of that import stands, so
/// the other items' indices in nested components do not move (the outer
/// component's core modules and core types shift by the imports and types
/// added, and its references and `component-name` section follow).
/// A module (not a component) comes back unchanged with nothing taken.
/// The `modules` point into `component`'s bytes.
llvm::Expected<Unbundled> unbundle(llvm::ArrayRef<uint8_t> component, uint64_t threshold);

} // namespace wcomp::compose
