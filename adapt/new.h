//===- adapt/new.h - Core module + world (+ adapters) -> component -*- C++ -*-===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace wcomp::adapt {

/// An adapter given to componentNew: its core module bytes and the import
/// module name of the main module it implements (empty: inferred from the
/// adapter's exports).
struct AdapterInput {
  std::string name;
  llvm::ArrayRef<uint8_t> bytes;
  std::string path; ///< for messages
};

/// Options of componentNew.
struct NewOptions {
  std::vector<AdapterInput> adapters;
  /// Validate the component built (wasm-tools does; it is most of the time).
  bool validate = true;
  /// Merge imports of one interface at semver-compatible versions into one
  /// import at the highest version.
  bool mergeImports = true;
  /// Adapters allocate with `memory.grow` even when the main module
  /// exports `cabi_realloc` (wasm-tools' `--realloc-via-memory-grow`).
  bool reallocViaMemoryGrow = false;
  /// Match the main module's imports and exports by BuildTargets.md's
  /// `cm32p2` names only, ignoring wit-component's legacy ones
  /// (wasm-tools' `--reject-legacy-names`).
  bool rejectLegacyNames = false;
  /// Shims call through typed globals with `return_call_ref` instead of a
  /// funcref table (wasm-tools' `--return-call-ref`).
  bool returnCallRef = false;
  /// Debug names: a `component-name` section naming the component's
  /// modules, instances and functions, and `name` sections in the modules
  /// new writes (wasm-tools' `--debug-names`, on by default as there).
  bool debugNames = true;
  /// Record `processed-by: wcomp <version>` in a producers section.
  bool processedBy = true;
};

/// What componentNew built.
struct NewResult {
  std::vector<uint8_t> component;
  std::vector<std::string> warnings;
};

/// Builds a component from a core module (`wasm-tools component new`):
/// reads the worlds of its `component-type` sections (and of each
/// adapter's), maps its imports and exports to world items by their names
/// (the legacy `iface#f`, `[method]r.f`, `[resource-drop]r`, `cabi_post_*`,
/// `cabi_realloc`, `_initialize`, `memory` names and the `cm32p2|...`
/// names of BuildTargets.md) and writes the component that instantiates it:
/// imports lowered, exports lifted, adapters wired in through a shim and a
/// fixup module. The main module's bytes are embedded unchanged (bar its
/// `component-type` sections), so its code and DWARF stay valid.
llvm::Expected<NewResult> componentNew(llvm::ArrayRef<uint8_t> module, const NewOptions &opts);

} // namespace wcomp::adapt
