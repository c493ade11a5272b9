//===- compose/shared_modules.h - Core modules defined once -----*- C++ -*-===//
//
// Components made by the same tools embed the same core modules (every
// component adapted from Preview 1 carries its own copy of the adapter).
// A composition defines each such module once, at its top level, and each
// component that had a copy aliases it instead (`(alias outer 1 m (core
// module))` where its module section was: the component's index spaces stay
// as they were). Nested components at a component's top level are shared
// the same way (`(alias outer 1 c (component))`) when they are
// self-contained: one that refers to its parent's definitions (an outer
// alias) would refer to the composition's instead, so only a nested
// component that validates on its own is moved. Deeper levels are not
// looked into.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"

#include <deque>
#include <vector>

namespace wcomp::compose {

/// The core modules shared by the components of a composition.
class SharedModules {
public:
  /// Counts the top-level core modules of `component` (each distinct
  /// component once).
  llvm::Error count(llvm::ArrayRef<uint8_t> component);
  /// The modules seen more than once, in the order first seen; the
  /// composition defines them at core module indices `first`, `first`+1...
  std::vector<llvm::ArrayRef<uint8_t>> shared(uint32_t first);
  /// The same for self-contained nested components, defined at component
  /// indices `first`, `first`+1...
  std::vector<llvm::ArrayRef<uint8_t>> sharedComponents(uint32_t first);
  /// `component` with each shared module replaced by an outer alias of the
  /// composition's definition, as pieces to write one after the other: the
  /// component's own bytes (not copied) and the new alias sections (kept in
  /// `store`). One piece when nothing is shared.
  llvm::Expected<std::vector<llvm::ArrayRef<uint8_t>>>
  rewrite(llvm::ArrayRef<uint8_t> component, std::deque<std::vector<uint8_t>> &store);

private:
  struct Seen {
    llvm::ArrayRef<uint8_t> bytes;
    unsigned uses = 0;
    uint32_t index = ~0u;
  };
  /// Modules and nested components, each kind apart (their own index spaces).
  struct Kind {
    /// By size: items are compared byte for byte only when sizes agree
    /// (hashing every module would read every byte of every input).
    llvm::DenseMap<uint64_t, std::vector<size_t>> bySize;
    std::vector<Seen> seen;
    Seen *find(llvm::ArrayRef<uint8_t> bytes, bool add);
  };
  Kind modules, components;
};

} // namespace wcomp::compose
