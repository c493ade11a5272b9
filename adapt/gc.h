//===- adapt/gc.h - Adapter modules: contract check and GC -------*- C++ -*-===//
//
// An adapter (encoding.rs in wit-component describes the contract) is a
// core module implementing imports of the main module (for example
// `wasi_snapshot_preview1`) on top of component imports. It imports its
// memory (`env` `memory`), defines no memory and no data or element
// segments, imports functions only from its world and `__main_module__`,
// and gets its shadow stack (`__stack_pointer`) allocated by an injected
// start function.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "binary/module.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace wcomp::adapt {

/// What garbage collection of an adapter keeps and how it is fixed up.
struct AdapterGcOptions {
  /// The exports to keep (what the main module imports, and the adapter's
  /// world exports).
  std::vector<std::string> exports;
  /// The main module exports `cabi_realloc`: the adapter's import of it is
  /// linked to it. Otherwise a `memory.grow`-based one is put in its place.
  bool mainHasRealloc = false;
};

/// Checks the adapter contract; `name` is used in messages.
llvm::Error checkAdapter(const binary::Module &m, llvm::StringRef name);

/// Returns the adapter with only what the kept exports reach: unused
/// functions and imports removed, functions renumbered, the name section
/// and `component-type` sections dropped, `allocate_stack` injected as the
/// start function when the adapter has a `__stack_pointer` global.
/// `m` must have been read with decoded bodies.
llvm::Expected<std::vector<uint8_t>> gcAdapter(binary::Module m, llvm::StringRef name,
                                               const AdapterGcOptions &opts);

} // namespace wcomp::adapt
